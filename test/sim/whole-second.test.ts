import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { resolveSimParams, simulateStream, type StreamRunInput } from '../../src/sim/engine.js';
import { simulate } from '../../src/sim/index.js';
import { Random, logFactorial } from '../../src/sim/random.js';
import type { SimParams } from '../../src/sim/types.js';
import { oneStream } from './helpers.js';

// Whole seconds (engine.ts, quietSecond): a shard's second is done as one step when the rule proves that stepping
// would admit every record. The draws differ from stepping (the second's total, then binomial splits), so the two
// agree in law, not draw for draw; these tests pin what must be equal exactly and compare the rest statistically.

type Workload = ReturnType<typeof oneStream>;

function run(
  w: Workload,
  opts: { seed: number; durationSec: number; shards: number; whole: boolean; params?: Partial<SimParams>; mode?: 'provisioned' | 'on-demand' },
) {
  const input: StreamRunInput = {
    workload: w,
    index: 0,
    seed: opts.seed,
    durationSec: opts.durationSec,
    params: resolveSimParams(opts.params ?? {}),
    mode: opts.mode ?? 'provisioned',
    shards: opts.shards,
    trace: undefined,
    wholeSeconds: opts.whole,
  };
  return simulateStream(input);
}

/** χ² of `draws` samples against the probabilities `pmf` (cells pooled until each expects ≥ 20). */
function chiSquare(counts: Float64Array, pmf: (k: number) => number, draws: number): { chi: number; df: number } {
  let chi = 0;
  let df = 0;
  let seen = 0;
  let expected = 0;
  for (let k = 0; k < counts.length; k++) {
    seen += counts[k] ?? 0;
    expected += draws * pmf(k);
    if (expected >= 20) {
      chi += (seen - expected) ** 2 / expected;
      df++;
      seen = 0;
      expected = 0;
    }
  }
  return { chi, df: df - 1 };
}

describe('samplers for whole seconds', () => {
  test.each([
    [20, 0.3],
    [60, 0.2],
    [375, 0.5],
    [750, 0.1],
    [1000, 0.9],
    [5000, 0.02],
  ])('Binomial(%d, %d) matches its probabilities (χ² test)', (n, p) => {
    // Both branches (inversion below a mean of 10, BTRS above). With 200,000 draws a correct sampler gives χ² ≈ df
    // (σ = √(2·df)); a hat that does not cover the law, or a wrong squeeze, shifts whole cells and fails by far.
    const r = new Random(5);
    const draws = 200_000;
    const counts = new Float64Array(n + 1);
    let valid = true;
    for (let i = 0; i < draws; i++) {
      const k = r.binomial(n, p);
      if (!(Number.isInteger(k) && k >= 0 && k <= n)) valid = false;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(valid).toBe(true);
    const lf = (k: number) => logFactorial(k);
    const pmf = (k: number) => Math.exp(lf(n) - lf(k) - lf(n - k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
    const { chi, df } = chiSquare(counts, pmf, draws);
    expect(chi).toBeLessThan(df + 6 * Math.sqrt(2 * df));
  });

  test('Binomial edge cases: no trials, p = 0, p = 1', () => {
    const r = new Random(1);
    expect(r.binomial(0, 0.5)).toBe(0);
    expect(r.binomial(10, 0)).toBe(0);
    expect(r.binomial(10, 1)).toBe(10);
  });

  test.each([4, 37.5, 480, 990])('poissonFast(%d) matches the Poisson probabilities (χ² test)', (mean) => {
    const r = new Random(9);
    const draws = 200_000;
    const counts = new Float64Array(Math.ceil(mean + 12 * Math.sqrt(mean) + 20));
    for (let i = 0; i < draws; i++) {
      const k = r.poissonFast(mean);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const pmf = (k: number) => Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
    const { chi, df } = chiSquare(counts, pmf, draws);
    expect(chi).toBeLessThan(df + 6 * Math.sqrt(2 * df));
  });
});

describe('whole seconds against stepping', () => {
  test('below the limit both accept every record, and the whole-second run never draws per step', () => {
    // V9's case: 7,500 records/s over 11 shards = 682/s per shard. A second passes the rule when the deficit left by
    // the previous one plus this second's count fits C + r = 1,100 records; stepping never throttles here either.
    const w = oneStream({ records: { size: 200, rate: 7500 } });
    const stepped = run(w, { seed: 9, durationSec: 600, shards: 11, whole: false });
    const spy = vi.spyOn(Random.prototype, 'poisson');
    const whole = run(w, { seed: 9, durationSec: 600, shards: 11, whole: true });
    const perStepDraws = spy.mock.calls.length;
    spy.mockRestore();
    for (const s of [stepped, whole]) {
      expect(s.records.throttledAttempts).toBe(0);
      expect(s.records.accepted).toBe(s.records.offered);
      expect(s.latencyMs.max).toBe(0);
    }
    // Offered: Poisson with mean 7,500 × 600 = 4,500,000 in both (σ = 2,121); their difference has σ = 3,000.
    expect(Math.abs(whole.records.offered - stepped.records.offered)).toBeLessThan(5 * 3000);
    // 600 s × 11 shards, all whole: not one of stepping's 66,000 per-step draws.
    expect(perStepDraws).toBe(0);
  });

  test('near the limit the throttled counts agree in law', () => {
    // One shard, 2 s at 1,800 records/s then 3 s at 600/s. The bucket (1,000, +1,000/s) empties 1.25 s into each burst
    // and throttles about 0.75 × 800 = 600 records; burst seconds (mean above the 990 cut-off) are stepped, the quiet
    // seconds after a burst start in deficit, so the rule fails and they are stepped with counts split from the
    // second's total, and later quiet seconds pass and are done whole. No retries: each throttle is a dropped record.
    // Over 24 seeds of 300 s, the mean throttled counts of the two engines must agree within 5 standard errors.
    const w = oneStream({
      records: { size: 100, rate: 1000 },
      traffic: { onOff: { on: 2, off: 3, onFactor: 1.8, offFactor: 0.6 }, client: { model: 'none' } },
    });
    const sample = (whole: boolean) =>
      Array.from({ length: 24 }, (_, seed) => run(w, { seed, durationSec: 300, shards: 1, whole }).records.throttledAttempts);
    const stats = (xs: number[]) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
      return { m, se2: v / xs.length };
    };
    const a = stats(sample(false));
    const splits = vi.spyOn(Random.prototype, 'binomial');
    const totals = vi.spyOn(Random.prototype, 'poissonFast');
    const b = stats(sample(true));
    // All three lanes were used: whole-second totals, and binomial splits for the seconds that failed the rule.
    expect(totals.mock.calls.length).toBeGreaterThan(0);
    expect(splits.mock.calls.length).toBeGreaterThan(0);
    splits.mockRestore();
    totals.mockRestore();
    // 60 bursts × about 600 throttled each.
    expect(a.m).toBeGreaterThan(60 * 400);
    expect(Math.abs(a.m - b.m)).toBeLessThan(5 * Math.sqrt(a.se2 + b.se2));
  });

  test('property: the rule never admits a second that stepping would throttle', () => {
    // The engine replays each held second step by step with stepping's arithmetic and throws if a step would not
    // admit all its records (resolveHeld), so any hole in the proof fails this run. Rates around the limit, depths,
    // steps and on-demand splits vary; conservation and the per-minute sums must hold as for stepping.
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.double({ min: 100, max: 5000, noNaN: true }),
          size: fc.integer({ min: 50, max: 3000 }),
          burstSeconds: fc.constantFrom(0.25, 0.5, 1, 2),
          stepSec: fc.constantFrom(0.1, 0.05, 0.25, 0.5, 1),
          client: fc.constantFrom('put-records' as const, 'none' as const),
          onFactor: fc.double({ min: 1, max: 2.5, noNaN: true }),
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
          mode: fc.constantFrom('provisioned' as const, 'on-demand' as const),
        }),
        (p) => {
          const w = oneStream({
            records: { size: p.size, rate: p.rate },
            traffic: { onOff: { on: 3, off: 4, onFactor: p.onFactor, offFactor: 0.6 }, client: { model: p.client } },
          });
          // On-demand starts at 4 shards and splits after a delay (60 s here, so splits land inside the run).
          const params = { burstSeconds: p.burstSeconds, stepSec: p.stepSec, onDemandSplitDelaySec: 60 };
          const s = run(w, { seed: p.seed, durationSec: 240, shards: 2, whole: true, params, mode: p.mode });
          const rec = s.records;
          expect(rec.offered).toBe(rec.accepted + rec.dropped + rec.pending);
          expect(s.perMinute.reduce((a, m) => a + m.incomingRecords, 0)).toBe(rec.accepted);
          expect(s.perMinute.reduce((a, m) => a + m.offeredRecords, 0)).toBe(rec.offered);
          expect(s.attempts).toBe(rec.accepted + rec.throttledAttempts);
        },
      ),
      { numRuns: 80 },
    );
  });

  test('the same seed gives byte-identical JSON with whole seconds in use', () => {
    const w = oneStream({
      records: { size: 800, rate: 4000 },
      traffic: { daily: { amplitude: 0.5, peakAt: 60 }, spikes: [{ at: 100, length: 20, factor: 1.6 }] },
    });
    const go = (seed: number) => JSON.stringify(simulate(w, { seed, durationSec: 240, shardsByStream: [5] }));
    expect(go(3)).toBe(go(3));
    expect(go(3)).not.toBe(go(4));
  });
});
