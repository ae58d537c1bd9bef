import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, TEST_SOURCE_DATE_EPOCH } from '../helpers/cli.js';

/*
 * The built CLI in a real pseudo-terminal of a given size (util-linux `script`; `stty` sets the size), as a person runs
 * it: standard output is a terminal, so the report takes the terminal's width and colour. No line may be wider than
 * the terminal once the colour codes and carriage returns are taken out. Run `npm run build` first.
 */

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** Runs the CLI in a pseudo-terminal `cols` wide; COLUMNS is set to something else to show the terminal wins. */
function runInTerminal(cols: number, args: string[]): { code: number | null; lines: string[] } {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = `stty cols ${cols} rows 24; exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', COLUMNS: '200', SOURCE_DATE_EPOCH: TEST_SOURCE_DATE_EPOCH },
    encoding: 'utf8',
    timeout: 60_000,
  });
  // What the terminal shows: control sequences (colour, erase line) take no room, and a carriage return starts the
  // line over (the simulator's progress bar on standard error, which is the terminal too, redraws itself that way).
  // eslint-disable-next-line no-control-regex
  const text = r.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  const lines = text.split('\n').map((l) => l.split('\r').filter((part) => part !== '').at(-1) ?? '');
  return { code: r.status, lines };
}

const widest = (lines: readonly string[]) => Math.max(...lines.map((l) => [...l].length));

describe.skipIf(!hasScript)('in a real terminal (util-linux script)', () => {
  it('an 80-column terminal: no line of the plan is wider than 80, and it is in colour', () => {
    const { code, lines } = runInTerminal(80, ['examples/clickstream-pipeline.yaml']);
    expect(code).toBe(0);
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    expect(widest(lines)).toBe(80);
    expect(lines.join('\n')).toContain('Quantity × unit price');
  });

  it('an 80-column terminal: simulate, check and pricing show fit too', () => {
    for (const args of [
      ['simulate', 'examples/hot-key.yaml', '--duration', '2m'],
      ['check', 'examples/app-logs.yaml', '--sim-duration', '60'],
      ['pricing', 'show', 'us-east-1'],
    ]) {
      const { lines } = runInTerminal(80, args);
      expect(lines.filter((l) => [...l].length > 80), args.join(' ')).toEqual([]);
    }
  });

  it('a 120-column terminal: the report uses the room; a 60-column one gets the 80-column layout', () => {
    expect(widest(runInTerminal(120, ['examples/clickstream-pipeline.yaml']).lines)).toBe(120);
    expect(widest(runInTerminal(60, ['examples/clickstream-pipeline.yaml']).lines)).toBe(80);
  });
});

describe.skipIf(hasScript)('in a real terminal', () => {
  it.skip('needs util-linux `script` to run the CLI in a pseudo-terminal; not found on this machine', () => undefined);
});
