import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchGlobs, parseGlobs } from './glob.js';
import { annotate, input, pullRequestOfEvent, setOutput } from './workflow.js';

/*
 * The action's check step: find the workload files by the `workloads` globs in the checked-out tree and in the base
 * commit, lay the base commit's copies out in a folder, and run one `kinesis-plan check` that writes the annotations
 * (standard output), the job summary and the Markdown comment body in one pass. It never fails the step itself: the
 * exit code is an output, and the action's last step fails the job after the comment is posted.
 */

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(PACKAGE_ROOT, 'bin', 'kinesis-plan.js');
const FAIL_ON = ['error', 'warning', 'none'];

function git(args: readonly string[], options: { encoding?: 'utf8' | 'buffer' } = {}) {
  const r = spawnSync('git', args, {
    encoding: options.encoding === 'buffer' ? 'buffer' : 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return {
    ok: r.status === 0,
    stdout: r.stdout,
    stderr: typeof r.stderr === 'string' ? r.stderr : r.stderr.toString('utf8'),
  };
}

const splitZ = (text: string) => text.split('\0').filter((p) => p !== '');

/** Files of the checked-out tree (tracked, and new files not ignored) that the globs match. */
function headFiles(globs: readonly string[]): string[] {
  const r = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  if (!r.ok)
    throw new Error(
      `git ls-files failed: ${r.stderr.trim()} (check out the repository first, e.g. with actions/checkout)`,
    );
  return matchGlobs(splitZ(r.stdout as string), globs).filter((f) => existsSync(f));
}

/** The base commit, fetched (one commit deep) when the checkout does not have it. */
function resolveBase(ref: string): string | undefined {
  const local = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (local.ok) return (local.stdout as string).trim();
  const fetched = git(['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', ref]);
  if (!fetched.ok) return undefined;
  const head = git(['rev-parse', '--verify', '--quiet', 'FETCH_HEAD^{commit}']);
  return head.ok ? (head.stdout as string).trim() : undefined;
}

/** How the comment names the base version: the pull request's base branch when it is its base commit. */
function baseLabel(ref: string, commit: string): string {
  const pr = pullRequestOfEvent();
  if (pr?.baseRef && (pr.baseSha === commit || pr.baseSha === ref)) return pr.baseRef;
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}

/** Writes the base commit's copies of the workload files under `dir`, at their paths in the tree. */
function extractBase(commit: string, globs: readonly string[], dir: string): string[] {
  const listed = git(['ls-tree', '-r', '-z', '--name-only', commit]);
  if (!listed.ok) throw new Error(`git ls-tree ${commit} failed: ${listed.stderr.trim()}`);
  const files = matchGlobs(splitZ(listed.stdout as string), globs);
  for (const file of files) {
    const blob = git(['cat-file', 'blob', `${commit}:${file}`], { encoding: 'buffer' });
    if (!blob.ok) throw new Error(`git cat-file ${commit}:${file} failed: ${blob.stderr.trim()}`);
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), blob.stdout);
  }
  return files;
}

/** Runs kinesis-plan: standard output goes to the runner (annotations), standard error is kept for a bad input. */
function runKinesisPlan(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 2, stderr }));
  });
}

/** A check that could not run (a workload that does not parse, a bad option): annotated, and said in the comment. */
function reportBadInput(stderr: string, markdownFile: string): void {
  const message = stderr.split('\n').find((l) => l.startsWith('kinesis-plan: ')) ?? stderr.trim();
  const located = /^kinesis-plan: (.+?):(\d+):(\d+) /.exec(message);
  const text = message.replace(/^kinesis-plan: /, '');
  annotate('error', text, {
    title: 'kinesis-plan: could not check',
    ...(located ? { file: located[1], line: Number(located[2]), col: Number(located[3]) } : {}),
  });
  const body = `## kinesis-plan check: ⚠️ could not run\n\n\`\`\`text\n${text}\n\`\`\`\n`;
  writeFileSync(markdownFile, body);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, body);
}

async function main(): Promise<void> {
  const globs = parseGlobs(input('workloads'));
  const failOn = input('fail-on', 'error') || 'error';
  const ref = input('base-ref');
  const extra = input('args')
    .split(/\s+/)
    .filter((a) => a !== '');
  const out = mkdtempSync(path.join(process.env.RUNNER_TEMP || tmpdir(), 'kinesis-plan-'));
  const markdownFile = path.join(out, 'comment.md');
  const jsonFile = path.join(out, 'check.json');
  const finish = (code: number, result: string) => {
    setOutput('exit-code', String(code));
    setOutput('result', result);
    setOutput('report', existsSync(markdownFile) ? markdownFile : '');
    setOutput('json', existsSync(jsonFile) ? jsonFile : '');
  };
  if (globs.length === 0) {
    annotate(
      'error',
      'the workloads input is empty: give the workload files to check, e.g. pipelines/*.yaml',
      { title: 'kinesis-plan: nothing to check' },
    );
    return finish(2, 'error');
  }
  if (!FAIL_ON.includes(failOn)) {
    annotate('error', `fail-on must be one of ${FAIL_ON.join(', ')}, got "${failOn}"`, {
      title: 'kinesis-plan: bad input',
    });
    return finish(2, 'error');
  }
  const files = headFiles(globs);
  const base: string[] = [];
  let baseFiles: string[] = [];
  if (ref !== '') {
    const commit = resolveBase(ref);
    if (commit === undefined) {
      annotate(
        'warning',
        `cannot find the base ref "${ref}", even after fetching it from origin: the workloads are checked without a comparison`,
        { title: 'kinesis-plan: no base' },
      );
    } else {
      const dir = path.join(out, 'base');
      mkdirSync(dir);
      baseFiles = extractBase(commit, globs, dir);
      base.push('--base-dir', dir, '--base-label', baseLabel(ref, commit));
    }
  }
  if (files.length === 0 && baseFiles.length === 0) {
    annotate('error', `no workload file matches ${globs.join(' ')}`, {
      title: 'kinesis-plan: nothing to check',
    });
    return finish(2, 'error');
  }
  const args = [
    'check',
    ...files,
    ...base,
    '--format',
    'github',
    '--output-markdown',
    markdownFile,
    '--output-json',
    jsonFile,
    '--fail-on',
    failOn,
    ...extra,
  ];
  const { code, stderr } = await runKinesisPlan(args);
  if (code !== 0 && code !== 1) reportBadInput(stderr, markdownFile);
  finish(code, code === 0 ? 'pass' : code === 1 ? 'fail' : 'error');
}

await main();
