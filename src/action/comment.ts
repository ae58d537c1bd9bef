import { existsSync, readFileSync } from 'node:fs';
import { annotate, input, pullRequestOfEvent, setOutput } from './workflow.js';

/*
 * The action's comment step: one pull-request comment, found again by a hidden marker and edited in place, through
 * GitHub's REST API at $GITHUB_API_URL (so GitHub Enterprise Server works too). Whatever happens here, the job's
 * result is the check's: a fork's read-only token, a missing permission or an API failure is a notice or a warning,
 * and the report is in the job summary anyway.
 */

/** The hidden line that marks the comment kinesis-plan owns on a pull request. */
const MARKER = '<!-- kinesis-plan:check -->';

/** GitHub refuses comment bodies over 65,536 characters; the cut leaves room for the note that says so. */
const MAX_BODY_CHARS = 65_000;

interface Comment {
  id: number;
  body?: string | null;
  html_url?: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Api {
  base: string;
  token: string;
}

async function request(
  api: Api,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ data: unknown; next: string | undefined }> {
  const response = await fetch(url.startsWith('http') ? url : `${api.base}${url}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${api.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'kinesis-plan-action',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(
      response.status,
      `${method} ${new URL(response.url || url, api.base).pathname}: HTTP ${response.status} ${message}`.trim(),
    );
  }
  const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  return { data: text === '' ? null : (JSON.parse(text) as unknown), next };
}

/** The latest comment on the pull request that carries the marker, following every page. */
async function findMarked(api: Api, repo: string, issue: number): Promise<Comment | undefined> {
  let url: string | undefined = `/repos/${repo}/issues/${issue}/comments?per_page=100`;
  let found: Comment | undefined;
  for (let page = 0; url !== undefined && page < 100; page += 1) {
    const { data, next }: { data: unknown; next: string | undefined } = await request(api, 'GET', url);
    for (const c of data as Comment[]) if (c.body?.includes(MARKER)) found = c;
    url = next;
  }
  return found;
}

/** The comment body: the marker, the report (cut to GitHub's limit), and the commit and run it is for. */
function commentBody(report: string, headSha: string | undefined): string {
  const server = process.env.GITHUB_SERVER_URL;
  const run =
    server && process.env.GITHUB_REPOSITORY && process.env.GITHUB_RUN_ID
      ? `[workflow run](${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID})`
      : undefined;
  const footer = [headSha ? `for commit ${headSha.slice(0, 7)}` : undefined, run]
    .filter((s) => s !== undefined)
    .join(' · ');
  let text = report.trimEnd();
  if (text.length > MAX_BODY_CHARS) {
    text = `${text.slice(0, text.lastIndexOf('\n', MAX_BODY_CHARS))}\n\n… cut here: the full report is in the job summary of the workflow run.`;
  }
  return `${MARKER}\n${text}\n${footer ? `\n<sub>${footer}</sub>\n` : ''}`;
}

function skip(message: string): void {
  annotate('notice', `${message}; the report is in the job summary.`, { title: 'kinesis-plan: no comment' });
  setOutput('comment', 'skipped');
}

async function main(): Promise<void> {
  const mode = input('comment', 'update') || 'update';
  if (!['update', 'new', 'off'].includes(mode)) {
    annotate('warning', `comment must be update, new or off, got "${mode}": no comment`, {
      title: 'kinesis-plan: no comment',
    });
    return setOutput('comment', 'skipped');
  }
  if (mode === 'off') return setOutput('comment', 'off');
  const reportFile = process.env.KINESIS_PLAN_REPORT ?? '';
  if (reportFile === '' || !existsSync(reportFile)) return skip('the check wrote no report');
  const pr = pullRequestOfEvent();
  if (!pr) return skip(`the ${process.env.GITHUB_EVENT_NAME ?? 'unknown'} event is not about a pull request`);
  const repo = pr.baseRepo ?? process.env.GITHUB_REPOSITORY;
  if (!repo) return skip('the repository is unknown (GITHUB_REPOSITORY is not set)');
  if (process.env.GITHUB_EVENT_NAME === 'pull_request' && pr.headRepo !== repo) {
    return skip(
      `pull request #${pr.number} comes from a fork (${pr.headRepo ?? 'a deleted repository'}), whose token cannot comment`,
    );
  }
  const token = process.env.GITHUB_TOKEN ?? '';
  if (token === '') return skip('no token (the github-token input is empty)');
  const api: Api = {
    base: (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    token,
  };
  const body = commentBody(readFileSync(reportFile, 'utf8'), pr.headSha);
  try {
    const existing = mode === 'update' ? await findMarked(api, repo, pr.number) : undefined;
    const { data } = existing
      ? await request(api, 'PATCH', `/repos/${repo}/issues/comments/${existing.id}`, { body })
      : await request(api, 'POST', `/repos/${repo}/issues/${pr.number}/comments`, { body });
    const url = (data as Comment | null)?.html_url ?? '';
    setOutput('comment', existing ? 'updated' : 'created');
    setOutput('comment-url', url);
    process.stdout.write(
      `kinesis-plan: ${existing ? 'updated' : 'posted'} the comment on pull request #${pr.number}${url ? `: ${url}` : ''}\n`,
    );
  } catch (e) {
    if (e instanceof ApiError && [401, 403, 404].includes(e.status)) {
      return skip(
        `no permission to comment on pull request #${pr.number} (${e.message}); give the job \`permissions: pull-requests: write\``,
      );
    }
    annotate(
      'warning',
      `could not comment on pull request #${pr.number}: ${e instanceof Error ? e.message : String(e)}; the report is in the job summary.`,
      {
        title: 'kinesis-plan: no comment',
      },
    );
    setOutput('comment', 'failed');
  }
}

await main();
