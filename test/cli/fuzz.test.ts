import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SIM_MEMORY_BYTES } from '../../src/sim/index.js';
import { ROOT } from '../helpers/cli.js';
import { fuzzCase, Rng, type FuzzCase } from '../helpers/fuzz/cases.js';
import { judge } from '../helpers/fuzz/oracle.js';
import { InProcessRunner, materialise, runSpawned, type Run } from '../helpers/fuzz/runner.js';

// A seeded fuzzer of the whole CLI (issue 13). Each case is a workload (mutated example, generated, YAML edge case),
// a trace or a pricing file, and a command line with random flags; each run must keep the exit-code contract
// (test/helpers/fuzz/oracle.ts). Most cases run in-process through main(); a few as real processes. A failure prints
// the case as JSON: save it in test/fixtures/fuzz-corpus/ and it runs on every test run from then on.
// FUZZ_SEED and FUZZ_CASES change the seed and the number of cases (e.g. for a long local run).

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const CASES = Number(process.env.FUZZ_CASES ?? 250);
const SPAWNED = 12;
/** Far above any case's time (a few hundred ms at most): only a hang reaches it. */
const TIMEOUT_MS = 15_000;
/**
 * Typed arrays live outside the capped heap: more than the simulator's memory bound (src/sim/work.ts) in use after a
 * run is a blow-up. A simulation of 10,000 shards with readers holds about 300 MiB by design (an hour of iterator ages
 * per shard), and garbage from a run's earlier streams may not be collected yet when it ends.
 */
const ARRAY_BUFFERS_MB = MAX_SIM_MEMORY_BYTES / 1024 ** 2;

const tmp = mkdtempSync(join(tmpdir(), 'kp-fuzz-'));
const runner = new InProcessRunner();
afterAll(() => runner.close());

interface Finding {
  case: FuzzCase;
  problems: string[];
}

function check(c: FuzzCase, argv: string[], r: Run): Finding | undefined {
  const problems = r.failure ? [r.failure] : judge(argv, r);
  if (r.arrayBuffersMb !== undefined && r.arrayBuffersMb > ARRAY_BUFFERS_MB) problems.push(`${Math.round(r.arrayBuffersMb)} MiB of array buffers in use`);
  return problems.length > 0 ? { case: c, problems } : undefined;
}

function report(findings: Finding[]): string[] {
  return findings.map((f) => `${f.problems.join('; ')}\n${JSON.stringify(f.case)}`);
}

const CORPUS_DIR = join(ROOT, 'test/fixtures/fuzz-corpus');
const corpus: FuzzCase[] = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ ...(JSON.parse(readFileSync(join(CORPUS_DIR, f), 'utf8')) as FuzzCase), name: f }));

describe(`fuzz (seed ${SEED})`, () => {
  it('the corpus of past failures keeps the contract', { timeout: 120_000 }, async () => {
    expect(corpus.length).toBeGreaterThan(0);
    const findings: Finding[] = [];
    for (const c of corpus) {
      const argv = materialise(c, join(tmp, 'corpus', c.name));
      const f = check(c, argv, c.isSpawned ? runSpawned(argv, TIMEOUT_MS) : await runner.run(argv, TIMEOUT_MS));
      if (f) findings.push(f);
    }
    expect(report(findings)).toEqual([]);
  });

  it(`${CASES} generated cases in-process keep the contract`, { timeout: 300_000 }, async () => {
    const rng = new Rng(SEED);
    const findings: Finding[] = [];
    const codes = new Map<number | null, number>();
    const times: [number, string][] = [];
    for (let i = 0; i < CASES; i += 1) {
      const c = fuzzCase(rng, i);
      const argv = materialise(c, join(tmp, 'cases', String(i)));
      const r = await runner.run(argv, TIMEOUT_MS);
      codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      times.push([r.ms, c.name]);
      const f = check(c, argv, r);
      if (f) findings.push(f);
    }
    times.sort((a, b) => b[0] - a[0]);
    console.log(
      `fuzz: ${CASES} cases, exit codes ${JSON.stringify(Object.fromEntries(codes))}, ` +
        `${Math.round(times.reduce((a, [ms]) => a + ms, 0))} ms in all; slowest ${times.slice(0, 3).map(([ms, n]) => `${n} ${Math.round(ms)} ms`).join(', ')}`,
    );
    expect(report(findings)).toEqual([]);
    // The cases reach past validation: some plan or simulate, some are refused.
    expect(codes.get(0) ?? 0).toBeGreaterThan(CASES / 10);
    expect(codes.get(2) ?? 0).toBeGreaterThan(CASES / 10);
  });

  it(`${SPAWNED} generated cases as real processes keep the contract`, { timeout: 300_000 }, () => {
    const rng = new Rng(SEED + 1);
    const findings: Finding[] = [];
    for (let i = 0; i < SPAWNED; i += 1) {
      const c = { ...fuzzCase(rng, i), isSpawned: true };
      const argv = materialise(c, join(tmp, 'spawned', String(i)));
      const f = check(c, argv, runSpawned(argv, TIMEOUT_MS));
      if (f) findings.push(f);
    }
    expect(report(findings)).toEqual([]);
  });
});
