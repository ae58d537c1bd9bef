import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../helpers/action-runner.js';
import { ROOT } from '../helpers/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/github-api.js';

/*
 * The GitHub Actions workflow of docs/ci.md and this repository's action.yml: valid against SchemaStore's published schemas
 * for workflow and action files (test/fixtures/github-schemas, with their source), on current action majors and
 * Node 24, and the workflow's kinesis-plan step run as docs/ci.md has it on a scratch repository: green, and a
 * second run edits the same comment.
 */

const ciPage = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
const block =
  /<!-- workflow:start -->\s*```yaml\n([\s\S]*?)```\s*<!-- workflow:end -->/.exec(ciPage)?.[1] ?? '';
const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string | number>;
}

function schema(name: string): ValidateFunction {
  // The schemas are draft-07 with formats and keywords Ajv's strict mode does not know: validate, do not lint them.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(
    JSON.parse(readFileSync(join(ROOT, 'test/fixtures/github-schemas', name), 'utf8')) as object,
  );
}

function errorsOf(validate: ValidateFunction, data: unknown): string[] {
  return validate(data)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

const workflow = parse(block) as {
  on: unknown;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const kinesisPlanStep = steps.find((s) => s.uses?.includes('/kinesis-plan@'));
const action = parse(actionYml) as { inputs: Record<string, { required?: boolean }> };

describe('docs/ci.md GitHub Actions workflow and action.yml', () => {
  it('are valid against the published JSON Schemas for workflow and action files', () => {
    expect(block.length).toBeGreaterThan(0);
    expect(errorsOf(schema('github-workflow.json'), workflow)).toEqual([]);
    expect(errorsOf(schema('github-action.json'), parse(actionYml))).toEqual([]);
  });

  it('the schemas do reject what is wrong (the check can fail)', () => {
    expect(
      errorsOf(schema('github-workflow.json'), {
        on: 'pull_request',
        jobs: { a: { steps: [{ uses: 'x@v1', run: 'echo' }] } },
      }),
    ).not.toEqual([]);
    expect(
      errorsOf(schema('github-action.json'), {
        name: 'x',
        runs: { using: 'composite', steps: [{ run: 'echo' }] },
      }),
    ).not.toEqual([]);
  });

  it('uses current action majors on Node 24, this repository as the action, and no package from the registry', () => {
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(steps.map((s) => s.uses?.replace(/@.*/, ''))).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'your-org/kinesis-plan',
    ]);
    expect(steps[0]!.uses).toBe('actions/checkout@v7');
    expect(steps[1]!.uses).toBe('actions/setup-node@v7');
    expect(steps[1]!.with).toEqual({ 'node-version': 24 });
    expect(steps.some((s) => /npm (install|i)\b|npx /.test(s.run ?? ''))).toBe(false);
    expect(actionYml).not.toMatch(/npm (install|i) [a-z@]/);
    // every input the workflow gives exists, and every required input is given
    const given = Object.keys(kinesisPlanStep?.with ?? {});
    expect(given.filter((k) => !(k in action.inputs))).toEqual([]);
    expect(
      Object.entries(action.inputs).filter(([k, v]) => v.required === true && !given.includes(k)),
    ).toEqual([]);
  });
});

describe("docs/ci.md's workflow, run on a scratch repository", () => {
  const REPO = 'acme/streams';
  const TOKEN = 'ghs_readme';
  let api: FakeGitHub;
  let workspace: string;
  let event: unknown;
  let eventPath: string;

  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync(
      'git',
      ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
      { cwd, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    // main has the clickstream workload; the pull request adds a consumer-free orders stream within its budget
    workspace = mkdtempSync(join(tmpdir(), 'kp-readme-ci-'));
    mkdirSync(join(workspace, 'pipelines'));
    git(workspace, 'init', '-q', '-b', 'main');
    copyFileSync(join(ROOT, 'examples/clickstream.yaml'), join(workspace, 'pipelines/clickstream.yaml'));
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-q', '-m', 'base');
    const baseSha = git(workspace, 'rev-parse', 'HEAD');
    git(workspace, 'checkout', '-q', '-b', 'orders');
    copyFileSync(
      join(ROOT, 'test/fixtures/check/within-budget.yaml'),
      join(workspace, 'pipelines/orders.yaml'),
    );
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-q', '-m', 'orders');
    const headSha = git(workspace, 'rev-parse', 'HEAD');
    event = {
      pull_request: {
        number: 3,
        base: { ref: 'main', sha: baseSha, repo: { full_name: REPO } },
        head: { ref: 'orders', sha: headSha, repo: { full_name: REPO } },
      },
    };
    eventPath = join(workspace, '..', `${REPO.replace('/', '-')}-event.json`);
    writeFileSync(eventPath, JSON.stringify(event));
    api = await startFakeGitHub({ repo: REPO, token: TOKEN });
  });

  afterAll(async () => {
    await api.close();
  });

  const runStep = (): Promise<ActionRun> =>
    runAction({
      actionPath: ROOT,
      workspace,
      inputs: Object.fromEntries(Object.entries(kinesisPlanStep!.with ?? {}).map(([k, v]) => [k, String(v)])),
      github: { event, event_name: 'pull_request', repository: REPO, token: TOKEN },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: REPO,
        GITHUB_API_URL: api.url,
      },
    });

  it('runs green, and a second run edits the same comment', async () => {
    const first = await runStep();
    expect(first.steps.map((s) => s.code)).toEqual([0, 0, 0, 0]);
    expect(first.outputs.result).toBe('pass');
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain('## kinesis-plan check: ✅ all 2 workloads pass');
    expect(api.comments[0]!.body).toContain(
      '| ✅ | `orders` | `pipelines/orders.yaml` | $40.30 | new workload |',
    );
    const second = await runStep();
    expect(second.code).toBe(0);
    expect(api.comments).toHaveLength(1);
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
  });
});
