import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, runCli, spawnCli } from '../helpers/cli.js';

/*
 * `kinesis-plan` with no arguments is a first contact, not a usage error: it prints what the tool does, the three ways
 * to start and every command, one line each, in an 80 × 24 terminal, and exits 0. `kinesis-plan FILE` still plans.
 */

/** The top-level commands `--help` lists (commander's own `help` aside). */
function helpCommands(): string[] {
  const help = runCli(['--help']).stdout;
  const section = help.slice(help.indexOf('\nCommands:\n'));
  return [...section.matchAll(/^ {2}(\w[\w-]*)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

describe('kinesis-plan with no arguments', () => {
  const r = runCli([]);

  it('prints the welcome on standard output and exits 0', () => {
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('missing required argument');
    expect(r.stdout).toMatch(/^kinesis-plan \d+\.\d+\.\d+\n/);
  });

  it('fits an 80 × 24 terminal', () => {
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(lines.length).toBeLessThanOrEqual(24);
  });

  it('gives the three ways to start: an example, the wizard, and what you run', () => {
    for (const command of [
      'kinesis-plan examples/clickstream.yaml',
      'kinesis-plan init\n',
      'kinesis-plan init --from-iac main.tf',
      'kinesis-plan rightsize metrics.json',
    ])
      expect(r.stdout).toContain(command);
  });

  it('lists every command of the program, one line each', () => {
    const commands = helpCommands();
    expect(commands).toEqual(
      expect.arrayContaining(['plan', 'simulate', 'check', 'diff', 'init', 'rightsize', 'pricing', 'schema']),
    );
    const section = r.stdout.slice(r.stdout.indexOf('\nCommands:\n'));
    const listed = [...section.matchAll(/^ {2}(?:FILE, )?(\w[\w-]*)\b/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...commands].sort());
  });

  it('is the same with --debug alone', () => {
    expect(runCli(['--debug'])).toEqual(r);
  });

  it('starts what it suggests: the example plans', () => {
    const plan = runCli(['examples/clickstream.yaml']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toBe(runCli(['plan', 'examples/clickstream.yaml']).stdout);
  });

  it('`plan` without its file is still a usage error (exit 2)', () => {
    const missing = runCli(['plan']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing required argument 'file'");
  });
});

describe('kinesis-plan --version', () => {
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

  it('prints the package version as the command line does, in a process of its own (answered before the CLI loads)', () => {
    for (const flag of ['--version', '-V']) {
      const spawned = spawnCli([flag]);
      expect(spawned).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
      // The same flag given to the program itself (commander's version option), as when another flag comes with it.
      expect(runCli([flag, '--no-color'])).toEqual(spawned);
    }
  });

  it('ends quietly when the reader has closed the pipe', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --version | true`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
