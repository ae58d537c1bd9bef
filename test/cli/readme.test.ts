import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnCli } from '../helpers/cli.js';

/**
 * The README and the pages of docs/ cannot drift from the tool: every `kinesis-plan …` (or `npx kinesis-plan …`)
 * command line in a code block of README.md or docs/*.md is run against the built CLI and must exit 0, or the code a
 * trailing `# exit N` comment documents. Only commands whose file arguments are all in examples/ or test/fixtures/ are
 * run (commands with no file argument, such as `pricing list`, too); `init` needs a terminal and is skipped. Output
 * redirections and pipes are dropped. Blocks fenced as ```text quote the tool's output: each of their lines must
 * appear in the output of a command of the same page, so a page shows the command whose output it quotes.
 * Run `npm run build` first.
 */

interface ReadmeCommand {
  line: number;
  text: string;
  args: string[];
  exitCode: number;
}

const RUNNABLE_DIRS = ['examples/', 'test/fixtures/'];

/** Expands a `*` in the last segment of a repository-relative path (sorted, as a shell does). */
function expandGlob(arg: string): string[] {
  if (!arg.includes('*')) return [arg];
  const slash = arg.lastIndexOf('/');
  const dir = arg.slice(0, slash);
  const pattern = new RegExp(`^${arg.slice(slash + 1).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const matches = readdirSync(join(ROOT, dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => `${dir}/${f}`);
  return matches.length > 0 ? matches : [arg];
}

const isPathArg = (a: string) => a.includes('/') || /\.(ya?ml|json)$/.test(a);

/** Lines of the code blocks fenced as ```text (quoted tool output), with their line numbers. */
function quotedOutputLines(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((raw, i) => {
    const m = /^\s*```(\w*)/.exec(raw);
    if (m) {
      fence = fence === undefined ? m[1] : undefined;
      return;
    }
    if (fence === 'text' && raw.trim() !== '') out.push({ line: i + 1, text: raw.trimEnd() });
  });
  return out;
}

/** Command lines in fenced code blocks, with their line numbers, documented exit codes and whether to run them. */
function readmeCommands(markdown: string): { run: ReadmeCommand[]; skipped: string[] } {
  const run: ReadmeCommand[] = [];
  const skipped: string[] = [];
  let inBlock = false;
  markdown.split('\n').forEach((raw, i) => {
    if (/^\s*```/.test(raw)) {
      inBlock = !inBlock;
      return;
    }
    if (!inBlock) return;
    const m = /^\s*(?:\$\s+)?(?:npx\s+)?kinesis-plan(\s.*)?$/.exec(raw);
    if (!m) return;
    const comment = /\s#\s*(.*)$/.exec(m[1] ?? '');
    const exitCode = Number(/^exit (\d+)/.exec(comment?.[1] ?? '')?.[1] ?? 0);
    const command = (m[1] ?? '').replace(/\s#.*$/, '').split(/\s[|>]/)[0]!.trim();
    const words = command.split(/\s+/).filter(Boolean);
    const files = words.filter(isPathArg);
    if (words[0] === 'init' || !files.every((f) => RUNNABLE_DIRS.some((d) => f.startsWith(d)))) {
      skipped.push(raw.trim());
      return;
    }
    run.push({ line: i + 1, text: raw.trim(), args: words.flatMap(expandGlob), exitCode });
  });
  return { run, skipped };
}

describe('readmeCommands', () => {
  it('finds commands in code blocks only, reads `# exit N`, drops redirections, skips init and other files', () => {
    const md = [
      'kinesis-plan examples/a.yaml (prose, not a command)',
      '```sh',
      'kinesis-plan examples/a.yaml --format json > out.json',
      'npx kinesis-plan plan test/fixtures/bad/zero-rate.yaml   # exit 2: bad input',
      'kinesis-plan init examples/new.yaml',
      'kinesis-plan examples/a.yaml --pricing my-prices.json',
      'kinesis-plan pricing list',
      'kinesis-plan: workload.yaml:8:5 streams[0].retension: unknown key',
      '```',
    ].join('\n');
    const { run, skipped } = readmeCommands(md);
    expect(run.map((c) => [c.line, c.args, c.exitCode])).toEqual([
      [3, ['examples/a.yaml', '--format', 'json'], 0],
      [4, ['plan', 'test/fixtures/bad/zero-rate.yaml'], 2],
      [7, ['pricing', 'list'], 0],
    ]);
    expect(skipped).toEqual(['kinesis-plan init examples/new.yaml', 'kinesis-plan examples/a.yaml --pricing my-prices.json']);
  });
});

/** README.md, then the pages of docs/, by name. */
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const pages = PAGES.map((page) => ({ page, markdown: readFileSync(join(ROOT, page), 'utf8') }));
const commands = pages.map(({ page, markdown }) => ({ page, ...readmeCommands(markdown) }));

describe('README and docs commands', () => {
  it('shows commands on every example with costs, aggregation and delivery stages', () => {
    const files = new Set(commands.flatMap(({ run }) => run.flatMap((c) => c.args.filter((a) => a.startsWith('examples/')))));
    for (const f of ['examples/clickstream.yaml', 'examples/hot-key.yaml', 'examples/clickstream-pipeline.yaml']) {
      expect(files).toContain(f);
    }
    expect(commands.some(({ run }) => run.some((c) => c.args[0] === 'pricing' && c.args[1] === 'import'))).toBe(true);
  });

  it('quote the output of the tool on at least ten lines', () => {
    expect(pages.flatMap(({ markdown }) => quotedOutputLines(markdown)).length).toBeGreaterThanOrEqual(10);
  });
});

describe.each(commands.map((c, i) => [c.page, c, pages[i]!.markdown] as const))('%s', (page, { run }, markdown) => {
  const outputs: string[] = [];

  it.each(run.map((c) => [`${page}:${c.line}: ${c.text}`, c] as const))('%s', (_name, c) => {
    const r = spawnCli(c.args);
    outputs.push(r.stdout);
    expect(r.code, r.stderr).toBe(c.exitCode);
    // 0 and 1 (a check failed) print a report; 2 (bad input) prints one message on standard error.
    if (c.exitCode === 2) expect(r.stderr).toMatch(/^kinesis-plan: /);
    else expect(r.stdout.length).toBeGreaterThan(0);
  });

  it("quotes only what the tool prints: every line of a ```text block is in the output of a command of the page", () => {
    const quoted = quotedOutputLines(markdown);
    const printed = (outputs.length === run.length ? outputs : run.map((c) => runCli(c.args).stdout)).join('\n');
    const missing = quoted.filter((q) => !printed.includes(q.text)).map((q) => `${page}:${q.line}: ${q.text}`);
    expect(missing).toEqual([]);
  });
});
