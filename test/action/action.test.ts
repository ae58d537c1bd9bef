import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from '../helpers/action-runner.js';
import { ROOT } from '../helpers/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/github-api.js';

/*
 * The action end to end: its own steps (action.yml) run by bash in a fixture repository made with real git — a base
 * commit on main and a pull request's head commit on a branch, checked out one commit deep as actions/checkout does,
 * so the action has to fetch the base — with the GITHUB_* environment of a pull_request event, and GitHub's REST API
 * played by a local server. The action is this repository, built (its install step sees dist/ and skips `npm ci`).
 */

const REPO = 'acme/pipelines';
const TOKEN = 'ghs_test_token';
const F = join(ROOT, 'test/fixtures/check');
const MARKER = '<!-- kinesis-plan:check -->';

let root: string;
let workspace: string;
let baseSha: string;
let headSha: string;
let api: FakeGitHub;

/** Git with a fixed identity and clock, so that the commits (and the comment that names one) are the same each run. */
function git(cwd: string, ...args: string[]): string {
  const r = spawnSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_DATE: '2026-11-30T12:00:00Z',
        GIT_COMMITTER_DATE: '2026-11-30T12:00:00Z',
      },
    },
  );
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kp-action-'));
  const origin = join(root, 'origin');
  mkdirSync(join(origin, 'pipelines'), { recursive: true });
  git(origin, 'init', '-q', '-b', 'main');
  // GitHub serves any commit of the repository by SHA: the action fetches the base commit that way.
  git(origin, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  const put = (from: string, to: string) => copyFileSync(from, join(origin, to));
  put(join(F, 'within-budget.yaml'), 'pipelines/orders.yaml');
  put(join(ROOT, 'examples/clickstream.yaml'), 'pipelines/clicks.yaml');
  put(join(ROOT, 'examples/iot-telemetry.yaml'), 'pipelines/legacy.yaml');
  put(join(F, 'does-not-plan.yaml'), 'pipelines/broken.yaml');
  writeFileSync(join(origin, 'docker-compose.yaml'), 'services: {}\n');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'base');
  baseSha = git(origin, 'rev-parse', 'HEAD');
  // The pull request: orders doubles its traffic, clicks quiets down (on-demand is now cheaper), legacy is deleted,
  // broken is fixed, and hot-key is added.
  git(origin, 'checkout', '-q', '-b', 'feature');
  put(join(F, 'grown.yaml'), 'pipelines/orders.yaml');
  put(join(F, 'on-demand-cheaper.yaml'), 'pipelines/clicks.yaml');
  rmSync(join(origin, 'pipelines/legacy.yaml'));
  put(join(F, 'within-budget.yaml'), 'pipelines/broken.yaml');
  put(join(ROOT, 'examples/hot-key.yaml'), 'pipelines/hot-key.yaml');
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'head');
  headSha = git(origin, 'rev-parse', 'HEAD');
  workspace = join(root, 'workspace');
  git(root, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, workspace);
  api = await startFakeGitHub({ repo: REPO, token: TOKEN });
});

afterAll(async () => {
  await api.close();
});

function event(headRepo = REPO) {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      base: { ref: 'main', sha: baseSha, repo: { full_name: REPO } },
      head: { ref: 'feature', sha: headSha, repo: { full_name: headRepo } },
    },
    repository: { full_name: REPO },
  };
}

function run(
  inputs: Record<string, string>,
  options: { headRepo?: string; token?: string } = {},
): Promise<ActionRun> {
  const payload = event(options.headRepo);
  const eventPath = join(mkdtempSync(join(tmpdir(), 'kp-event-')), 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  return runAction({
    actionPath: ROOT,
    workspace,
    inputs,
    github: {
      event: payload,
      event_name: 'pull_request',
      repository: REPO,
      token: options.token ?? TOKEN,
      base_ref: 'main',
      head_ref: 'feature',
    },
    env: {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.example',
      GITHUB_RUN_ID: '4242',
      GITHUB_BASE_REF: 'main',
      GITHUB_HEAD_REF: 'feature',
      GITHUB_SHA: headSha,
    },
  });
}

describe('the GitHub Action on a pull request', () => {
  let first: ActionRun;
  beforeAll(async () => {
    // Comments already on the pull request: a person's, and another bot's; neither carries the marker.
    api.comments.push({ id: 1, issue: 7, body: 'LGTM once kinesis-plan is happy', user: 'octocat' });
    api.comments.push({ id: 2, issue: 7, body: '<!-- other-bot -->\nCoverage 81%', user: 'other-bot[bot]' });
    // checked out one commit deep, as actions/checkout does: the base commit is not there until the action fetches it
    expect(spawnSync('git', ['cat-file', '-e', `${baseSha}^{commit}`], { cwd: workspace }).status).not.toBe(
      0,
    );
    first = await run({ workloads: 'pipelines/**/*.yaml' });
  });

  it('installs nothing from a registry, checks once, comments, then fails the job because a check fails', () => {
    expect(first.steps.map((s) => [s.name, s.code])).toEqual([
      ["Install kinesis-plan from the action's own checkout", 0],
      ['Check the workloads', 0],
      ['Comment on the pull request', 0],
      ['Fail when a check fails', 1],
    ]);
    expect(first.steps[0]!.stdout).toMatch(/^kinesis-plan \d+\.\d+\.\d+ is built$/m);
    expect(first.code).toBe(1);
    expect(first.outputs).toMatchObject({
      result: 'fail',
      'exit-code': '1',
      'comment-url': expect.stringContaining('#issuecomment-') as string,
    });
  });

  it('annotates the workload lines: the hot key, the increase limits, the unplannable base, the deleted workload', () => {
    const where = first.annotations.map(
      (a) => `${a.level} ${a.properties.file ?? '-'}:${a.properties.line ?? '-'} ${a.properties.title}`,
    );
    expect(where).toEqual([
      'warning pipelines/broken.yaml:1 kinesis-plan: base version does not plan',
      'notice pipelines/broken.yaml:1 kinesis-plan',
      'notice pipelines/clicks.yaml:1 kinesis-plan',
      'error pipelines/hot-key.yaml:13 kinesis-plan: error HOT_KEY_OVER_SHARD_LIMIT',
      'error pipelines/orders.yaml:16 kinesis-plan: monthly increase over budget',
      'error pipelines/orders.yaml:17 kinesis-plan: monthly increase (%) over budget',
      'notice -:- kinesis-plan: workload deleted',
    ]);
    expect(first.annotations[3]!.message).toContain(
      'Partition key "gateway-eu-1" alone writes 4,000 records/s',
    );
  });

  it('posts one comment, marked, with the report the job summary has, and names the commit and the run', async () => {
    expect(api.comments).toHaveLength(3);
    const comment = api.comments[2]!;
    expect(comment.body.startsWith(`${MARKER}\n## kinesis-plan check: ❌ 2 of 4 workloads fail\n`)).toBe(
      true,
    );
    expect(comment.body).toContain(first.summary.trimEnd());
    expect(comment.body).toContain(
      `<sub>for commit ${headSha.slice(0, 7)} · [workflow run](https://github.example/${REPO}/actions/runs/4242)</sub>`,
    );
    await expect(comment.body.replaceAll(headSha.slice(0, 7), 'HEADSHA')).toMatchFileSnapshot(
      '__snapshots__/comment.md',
    );
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/acme/pipelines/issues/7/comments?per_page=100',
      'POST /repos/acme/pipelines/issues/7/comments',
    ]);
    expect(api.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('a second run updates the same comment instead of adding one', async () => {
    const id = api.comments[2]!.id;
    api.requests.length = 0;
    // Only clicks this time: it passes, and the comment says so.
    const second = await run({ workloads: 'pipelines/clicks.yaml' });
    expect(second.code).toBe(0);
    expect(second.outputs.result).toBe('pass');
    expect(api.comments).toHaveLength(3);
    expect(api.comments[2]!.id).toBe(id);
    expect(api.comments[2]!.body).toContain('## kinesis-plan check: ✅ the workload passes');
    expect(api.requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(api.comments[0]!.body).toBe('LGTM once kinesis-plan is happy');
  });

  it('comment: new adds a comment each run; off posts none', async () => {
    api.requests.length = 0;
    await run({ workloads: 'pipelines/clicks.yaml', comment: 'new' });
    expect(api.requests.map((r) => r.method)).toEqual(['POST']);
    expect(api.comments).toHaveLength(4);
    api.requests.length = 0;
    const off = await run({ workloads: 'pipelines/clicks.yaml', comment: 'off' });
    expect(api.requests).toEqual([]);
    expect(off.summary).toContain('## kinesis-plan check: ✅ the workload passes');
  });
});

describe('the GitHub Action without permission to comment', () => {
  it('on a pull request from a fork: no API call, a notice, and the summary and annotations all the same', async () => {
    api.requests.length = 0;
    const r = await run({ workloads: 'pipelines/**/*.yaml' }, { headRepo: 'someone/pipelines' });
    expect(api.requests).toEqual([]);
    expect(r.annotations.find((a) => a.properties.title === 'kinesis-plan: no comment')?.message).toBe(
      'pull request #7 comes from a fork (someone/pipelines), whose token cannot comment; the report is in the job summary.',
    );
    expect(r.summary).toContain('## kinesis-plan check: ❌ 2 of 4 workloads fail');
    expect(
      r.annotations.some((a) => a.level === 'error' && a.properties.file === 'pipelines/hot-key.yaml'),
    ).toBe(true);
    // the job's result is the check's, not the comment's
    expect(r.code).toBe(1);
    expect(r.steps[2]!.code).toBe(0);
  });

  it('with a read-only token: GitHub answers 403, the step says so and goes on', async () => {
    api.requests.length = 0;
    api.access = 'read-only';
    try {
      const r = await run({ workloads: 'pipelines/clicks.yaml' });
      expect(r.code).toBe(0);
      expect(r.steps[2]!.outputs.comment).toBe('skipped');
      expect(r.annotations.find((a) => a.properties.title === 'kinesis-plan: no comment')?.message).toMatch(
        /^no permission to comment on pull request #7 \(PATCH \/repos\/acme\/pipelines\/issues\/comments\/\d+: HTTP 403 Resource not accessible by integration\); give the job `permissions: pull-requests: write`; the report is in the job summary\.$/,
      );
    } finally {
      api.access = 'ok';
    }
  });
});

describe('the GitHub Action on bad input', () => {
  it('a workload that does not parse on the head branch: exit 2, located in an annotation and in the comment', async () => {
    api.requests.length = 0;
    // the latest comment with the marker is the one kept up to date
    const id = api.comments.filter((c) => c.body.startsWith(MARKER)).at(-1)!.id;
    const r = await run({ workloads: 'pipelines/clicks.yaml docker-compose.yaml' });
    expect(r.code).toBe(2);
    expect(r.outputs.result).toBe('error');
    const error = r.annotations.find((a) => a.properties.title === 'kinesis-plan: could not check')!;
    expect(error.properties).toMatchObject({ file: 'docker-compose.yaml', line: '1', col: '1' });
    expect(api.comments.find((c) => c.id === id)!.body).toContain('## kinesis-plan check: ⚠️ could not run');
  });

  it('globs that match nothing, in the tree or the base: exit 2 with an error', async () => {
    const r = await run({ workloads: 'nowhere/*.yaml' });
    expect(r.code).toBe(2);
    expect(r.annotations.map((a) => a.message)).toContain('no workload file matches nowhere/*.yaml');
  });
});
