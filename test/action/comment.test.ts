import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/github-api.js';

/*
 * The action's comment script (dist/action/comment.js) against a local stand-in for GitHub's REST API: the comment is
 * found by its hidden marker across pages, created when there is none, edited in place when there is one, and a
 * refusal (a read-only token, a fork) never fails the step.
 */

const SCRIPT = join(ROOT, 'dist/action/comment.js');
const REPO = 'acme/pipelines';
const TOKEN = 'ghs_comment_token';
const MARKER = '<!-- kinesis-plan:check -->';

let api: FakeGitHub;
let dir: string;

beforeEach(async () => {
  api = await startFakeGitHub({ repo: REPO, token: TOKEN, prefix: '/api/v3', maxPerPage: 2 });
  dir = mkdtempSync(join(tmpdir(), 'kp-comment-'));
});

afterEach(async () => {
  await api.close();
});

interface ScriptRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
}

function runScript(
  options: { report?: string; mode?: string; event?: unknown; eventName?: string; token?: string } = {},
): Promise<ScriptRun> {
  const report = join(dir, 'comment.md');
  writeFileSync(report, options.report ?? '## kinesis-plan check: ✅ the workload passes\n');
  const eventPath = join(dir, 'event.json');
  const event = options.event ?? {
    pull_request: {
      number: 7,
      base: { ref: 'main', sha: 'a'.repeat(40), repo: { full_name: REPO } },
      head: { sha: 'b'.repeat(40), repo: { full_name: REPO } },
    },
  };
  writeFileSync(eventPath, JSON.stringify(event));
  const outputFile = join(dir, 'output');
  writeFileSync(outputFile, '');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], {
      env: {
        PATH: process.env.PATH ?? '',
        GITHUB_API_URL: api.url,
        GITHUB_REPOSITORY: REPO,
        GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_OUTPUT: outputFile,
        GITHUB_TOKEN: options.token ?? TOKEN,
        INPUT_COMMENT: options.mode ?? 'update',
        KINESIS_PLAN_REPORT: report,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      resolve({ code, stdout, outputs });
    });
  });
}

const others = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, issue: 7, body: `comment ${i + 1}`, user: 'octocat' }));
const calls = () => api.requests.map((r) => `${r.method} ${r.path}`);

describe('the comment script', () => {
  it('creates the comment when none carries the marker, reading every page first', async () => {
    api.comments.push(...others(3));
    const r = await runScript();
    expect(r.code).toBe(0);
    // two comments a page: pages 1 and 2, then the new comment, all under the API's base path
    expect(calls()).toEqual([
      'GET /api/v3/repos/acme/pipelines/issues/7/comments?per_page=100',
      'GET /api/v3/repos/acme/pipelines/issues/7/comments?per_page=2&page=2',
      'POST /api/v3/repos/acme/pipelines/issues/7/comments',
    ]);
    expect(api.comments.at(-1)!.body).toBe(
      `${MARKER}\n## kinesis-plan check: ✅ the workload passes\n\n<sub>for commit bbbbbbb</sub>\n`,
    );
    expect(r.outputs).toEqual({
      comment: 'created',
      'comment-url': `https://github.example/${REPO}/pull/7#issuecomment-${api.comments.at(-1)!.id}`,
    });
  });

  it('finds the marked comment on a later page and edits it in place', async () => {
    api.comments.push(
      ...others(4),
      { id: 50, issue: 7, body: `${MARKER}\nold report`, user: 'github-actions[bot]' },
      ...others(1).map((c) => ({ ...c, id: 60 })),
    );
    const r = await runScript({ report: 'new report\n' });
    expect(r.code).toBe(0);
    expect(calls().at(-1)).toBe('PATCH /api/v3/repos/acme/pipelines/issues/comments/50');
    expect(api.comments.find((c) => c.id === 50)!.body).toBe(
      `${MARKER}\nnew report\n\n<sub>for commit bbbbbbb</sub>\n`,
    );
    expect(api.comments).toHaveLength(6);
    expect(r.outputs.comment).toBe('updated');
    expect(r.stdout).toContain('kinesis-plan: updated the comment on pull request #7');
  });

  it('new: posts a comment even when a marked one exists; off: calls nothing', async () => {
    api.comments.push({ id: 50, issue: 7, body: `${MARKER}\nold report`, user: 'github-actions[bot]' });
    await runScript({ mode: 'new' });
    expect(calls()).toEqual(['POST /api/v3/repos/acme/pipelines/issues/7/comments']);
    api.requests.length = 0;
    const off = await runScript({ mode: 'off' });
    expect(calls()).toEqual([]);
    expect(off.outputs.comment).toBe('off');
  });

  it('permission denied (403 on the write): a notice, no failure', async () => {
    api.access = 'read-only';
    const r = await runScript();
    expect(r.code).toBe(0);
    expect(r.outputs.comment).toBe('skipped');
    expect(r.stdout).toBe(
      '::notice title=kinesis-plan%3A no comment::no permission to comment on pull request #7 (POST /api/v3/repos/acme/pipelines/issues/7/comments: HTTP 403 Resource not accessible by integration); give the job `permissions: pull-requests: write`; the report is in the job summary.\n',
    );
  });

  it('a bad token (401) is a refusal too; a fork and a push event are skipped before any call', async () => {
    const bad = await runScript({ token: 'wrong' });
    expect(bad.code).toBe(0);
    expect(bad.stdout).toContain('HTTP 401 Bad credentials');
    api.requests.length = 0;
    const fork = await runScript({
      event: {
        pull_request: {
          number: 7,
          base: { repo: { full_name: REPO } },
          head: { repo: { full_name: 'someone/pipelines' } },
        },
      },
    });
    expect(fork.stdout).toContain(
      'pull request #7 comes from a fork (someone/pipelines), whose token cannot comment',
    );
    const push = await runScript({ event: { ref: 'refs/heads/main' }, eventName: 'push' });
    expect(push.stdout).toContain(
      'the push event is not about a pull request; the report is in the job summary.',
    );
    expect(calls()).toEqual([]);
  });

  it("a report over GitHub's 65,536-character limit is cut at a line, and says where the rest is", async () => {
    const long = Array.from({ length: 3000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n');
    await runScript({ report: long });
    const body = api.comments.at(-1)!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('\n\n… cut here: the full report is in the job summary of the workflow run.\n');
    expect(body).toMatch(/\| row \d+ \| x{20} \|\n\n… cut here/);
  });
});
