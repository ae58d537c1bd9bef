import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnCli } from '../helpers/cli.js';

/*
 * The command line is built twice (scripts/build.js): the ES module bundle that the in-process tests, `--help` and
 * `--debug` run (dist/cli/program.js), and the CommonJS script that a plan runs from the bin (dist/cli/cli-HASH.js:
 * minified, its names not kept, chalk's colour detection left out, its non-ASCII characters escaped, lazy built-in
 * modules). The two must print the same thing, byte for byte: every example planned in each format, in a process
 * (through the bin, so the CommonJS script) and in-process (the ES module bundle).
 */

const EXAMPLES = readdirSync(`${ROOT}examples`)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('the CommonJS script and the ES module bundle print the same', () => {
  for (const format of ['text', 'markdown', 'json'])
    it(`plan of every example, --format ${format}`, () => {
      for (const example of EXAMPLES) {
        const args = ['plan', `examples/${example}`, '--format', format];
        const spawned = spawnCli(args);
        expect(spawned.stdout.length, example).toBeGreaterThan(0);
        expect(runCli(args), example).toEqual(spawned);
      }
    });

  it('every bad workload of test/fixtures/bad: the same located messages and exit code', () => {
    for (const file of readdirSync(`${ROOT}test/fixtures/bad`).sort()) {
      const args = ['plan', `test/fixtures/bad/${file}`];
      const spawned = spawnCli(args);
      expect(spawned.stderr, file).not.toBe('');
      expect(runCli(args), file).toEqual(spawned);
    }
  });
});
