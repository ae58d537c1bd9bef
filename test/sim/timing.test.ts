import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import { Random } from '../../src/sim/random.js';
import { buildRateModel, stepOf } from '../../src/sim/traffic.js';
import { trafficSchema } from '../../src/workload/traffic-schema.js';
import { oneStream } from './helpers.js';

// Exact event timing: an instant (a pulse), an edge (a spike's start or end, an on/off switch) and a trace period
// belong to the steps that hold them, whatever the step. Step k covers [k/n, (k+1)/n) with n steps a second, each
// boundary computed once, so a pulse is delivered exactly once and the steps' records add up to the integral of the
// rate. Each expected count below is the traffic model's own definition, worked out by hand.

/** Every step size the engine accepts that these tests try: 1/n s for n from 1 to 1,000. */
const STEPS = [1, 0.5, 0.25, 0.2, 0.125, 0.1, 0.05, 0.04, 0.025, 0.02, 0.01, 0.005, 0.002, 0.001] as const;

const run = (w: ReturnType<typeof oneStream>, stepSec: number, durationSec: number, shards = 1) =>
  simulate(w, planWorkload(w), { seed: 1, durationSec, shardsByStream: [shards], stepSec }).streams[0]!;

describe('pulses', () => {
  test.each(STEPS)('step %s s: one pulse of 3,000 at 30 s is offered once: 1,000 accepted, 2,000 throttled, no retries', (stepSec) => {
    // The case of issue 11: a rate of 10⁻⁶ records/s (about 6·10⁻⁵ records in the minute, so none) and one pulse of
    // 3,000 records at 30 s into one shard, with no client retries. At the pulse's instant the records bucket holds its
    // depth, 1,000 tokens (1 s of refill): 1,000 accepted, 3,000 − 1,000 = 2,000 throttled and dropped.
    const w = oneStream({
      records: { size: 100, rate: 10 },
      traffic: { rate: 0.000001, pulses: [{ at: 30, records: 3000 }], client: { model: 'none' } },
    });
    const s = run(w, stepSec, 60);
    expect(s.records.offered).toBe(3000);
    expect(s.records.accepted).toBe(1000);
    expect(s.records.throttledAttempts).toBe(2000);
    expect(s.records.retries).toBe(0);
    expect(s.records.droppedByCause['not-retried']).toBe(2000);
  });

  test('pulses at 600 ms and 4.1 s are offered once each, at every step', () => {
    // 600 ms and 4.1 s are not whole multiples of most steps in binary floating point (4.1 × 10 = 41.000000000000004).
    const w = oneStream({
      records: { size: 100, rate: 10 },
      traffic: { rate: 0.000001, pulses: [{ at: 0.6, records: 7 }, { at: 4.1, records: 11 }], client: { model: 'none' } },
    });
    for (const stepSec of STEPS) expect(run(w, stepSec, 10).records.offered).toBe(18);
  });

  test.each([
    ['every whole second of the first hour', 3600, 1],
    ['every tenth of a second of the first minute', 600, 0.1],
  ])('a one-record pulse at %s is offered exactly once', (_, count, every) => {
    // count pulses of one record each at i × every (i = 0 … count − 1): at most 10 records a second into a 1,000-record
    // bucket, so none is throttled, and offered = accepted = count at every step.
    const pulses = Array.from({ length: count }, (_, i) => ({ at: i * every, records: 1 }));
    const w = oneStream({ records: { size: 100, rate: 10 }, traffic: { rate: 0.000001, pulses, client: { model: 'none' } } });
    const plan = planWorkload(w);
    for (const stepSec of [1, 0.1, 0.05, 0.01]) {
      const s = simulate(w, plan, { seed: 1, durationSec: count * every, shardsByStream: [1], stepSec }).streams[0]!;
      expect(s.records.offered).toBe(count);
      expect(s.records.accepted).toBe(count);
    }
  });

  test('property: the records offered are the pulses inside the run, for random pulse times and steps', () => {
    // Pulses at random instants in [0, 20 s), some on a millisecond grid (as "600ms" reads), some anywhere; only those
    // before the end of the run (15 s) arrive. 100 shards: nothing is throttled, so offered = accepted.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.oneof(
              fc.integer({ min: 0, max: 19_999 }).map((ms) => ms / 1000),
              fc.double({ min: 0, max: 20, noNaN: true, maxExcluded: true }),
            ),
            records: fc.integer({ min: 1, max: 50 }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.constantFrom(...STEPS),
        (pulses, stepSec) => {
          const w = oneStream({ records: { size: 100, rate: 10 }, traffic: { rate: 0.000001, pulses, client: { model: 'none' } } });
          const s = simulate(w, planWorkload(w), { seed: 3, durationSec: 15, shardsByStream: [100], stepSec }).streams[0]!;
          const expected = pulses.filter((p) => p.at < 15).reduce((a, p) => a + p.records, 0);
          expect(s.records.offered).toBe(expected);
          expect(s.records.accepted).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('stepOf: an instant within float noise of a boundary belongs to the step that starts there', () => {
    expect(stepOf(4.1, 10)).toBe(41);
    expect(stepOf(4.0999999999999996, 10)).toBe(41);
    expect(stepOf(0.6, 10)).toBe(6);
    expect(stepOf(0.3, 1000)).toBe(300);
    expect(stepOf(30, 10)).toBe(300);
    expect(stepOf(0.0999, 10)).toBe(0);
    expect(stepOf(7 * 86_400 - 0.001, 1000)).toBe(7 * 86_400_000 - 1);
  });
});

describe('rate edges', () => {
  test('property: a spike adds (factor − 1) × rate × (length + ramp) records, whatever the step', () => {
    // Uniform arrivals at rate R with one spike at a random instant: the rate is R outside, f·R on [at, at + L), and
    // ramps linearly over `ramp` seconds either side, so the records offered over a run T that holds the spike are
    // R·T + (f − 1)·R·L + 2 · ½·(f − 1)·R·ramp = R·(T + (f − 1)(L + ramp)). One shard (each shard carries its own fraction); uniform arrivals carry each step's
    // fraction to the next, so the count is that, rounded down (within one record of float noise).
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.double({ min: 1, max: 200, noNaN: true }),
          at: fc.oneof(fc.integer({ min: 5_000, max: 25_000 }).map((ms) => ms / 1000), fc.double({ min: 5, max: 25, noNaN: true })),
          length: fc.double({ min: 0.001, max: 10, noNaN: true }),
          factor: fc.double({ min: 0.1, max: 8, noNaN: true }),
          ramp: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
          stepSec: fc.constantFrom(...STEPS),
        }),
        (p) => {
          const w = oneStream({
            records: { size: 100, rate: 10 },
            traffic: {
              rate: p.rate,
              arrivals: 'uniform',
              spikes: [{ at: p.at, length: p.length, factor: p.factor, ramp: p.ramp }],
              client: { model: 'none' },
            },
          });
          const T = 40;
          const expected = p.rate * (T + (p.factor - 1) * (p.length + p.ramp));
          const s = simulate(w, planWorkload(w), { seed: 1, durationSec: T, shardsByStream: [1], stepSec: p.stepSec }).streams[0]!;
          expect(Math.abs(s.records.offered - Math.floor(expected))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('property: on/off bursts offer onFactor × rate for exactly their on-time', () => {
    // On/off from `offset`: on for `on` seconds, off for `off`, repeated; before the offset the rate is offFactor·R.
    // Over T seconds the on-time is the sum of the on-windows inside [0, T), counted by hand below.
    fc.assert(
      fc.property(
        fc.record({
          rate: fc.double({ min: 1, max: 200, noNaN: true }),
          on: fc.double({ min: 0.01, max: 5, noNaN: true }),
          off: fc.double({ min: 0, max: 5, noNaN: true }),
          offset: fc.double({ min: 0, max: 5, noNaN: true }),
          onFactor: fc.double({ min: 0, max: 5, noNaN: true }),
          offFactor: fc.double({ min: 0, max: 2, noNaN: true }),
          stepSec: fc.constantFrom(...STEPS),
        }),
        (p) => {
          const T = 30;
          let onTime = 0;
          for (let start = p.offset; start < T; start += p.on + p.off) onTime += Math.min(p.on, T - start);
          const expected = p.rate * (p.onFactor * onTime + p.offFactor * (T - onTime));
          const w = oneStream({
            records: { size: 100, rate: 10 },
            traffic: {
              rate: p.rate,
              arrivals: 'uniform',
              onOff: { on: p.on, off: p.off, offset: p.offset, onFactor: p.onFactor, offFactor: p.offFactor },
              client: { model: 'none' },
            },
          });
          const s = simulate(w, planWorkload(w), { seed: 1, durationSec: T, shardsByStream: [1], stepSec: p.stepSec }).streams[0]!;
          expect(Math.abs(s.records.offered - Math.floor(expected))).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('the steps of a daily cycle add up to its integral', () => {
    // ∫₀ᵀ R·(1 + A·cos(2π(t − p)/D)) dt = R·(T + A·D/(2π)·(sin(2π(T − p)/D) − sin(−2πp/D))), D = 86,400 s.
    const traffic = trafficSchema.parse({ daily: { amplitude: 0.5, peakAt: 14 * 3600 } });
    const D = 86_400;
    const T = 3 * 3600 + 17.3;
    const w = (2 * Math.PI) / D;
    const expected = 1000 * (T + ((0.5 * D) / (2 * Math.PI)) * (Math.sin(w * (T - 14 * 3600)) - Math.sin(-w * 14 * 3600)));
    for (const n of [1, 10, 1000]) {
      const model = buildRateModel(traffic, 1000, new Random(1));
      let sum = 0;
      const steps = Math.ceil(T * n);
      for (let k = 0; k < steps; k++) sum += model.recordsIn(k / n, Math.min(T, (k + 1) / n));
      expect(Math.abs(sum - expected) / expected).toBeLessThan(1e-10);
    }
  });

  test('a trace period is spread over exactly its own steps', () => {
    // A 7-second period holding 700 records at period index 2 ([14 s, 21 s)): every step inside it gets 100 records a
    // second; the steps add up to 700 for any step, and nothing lands outside [14, 21).
    const trace = {
      fileName: 't.csv',
      format: 'csv' as const,
      startIso: '2026-05-01T00:00:00.000Z',
      periodSec: 7,
      points: [{ offsetSec: 14, records: 700 }],
      hasRecords: true,
      hasBytes: false,
      durationSec: 21,
    };
    for (const n of [1, 3, 10, 1000]) {
      const model = buildRateModel(undefined, 1, new Random(1), trace);
      let inside = 0;
      let outside = 0;
      for (let k = 0; k < 21 * n; k++) {
        const r = model.recordsIn(k / n, (k + 1) / n);
        if ((k + 1) / n <= 14) outside += r;
        else inside += r;
      }
      expect(outside).toBe(0);
      expect(inside).toBeCloseTo(700, 9);
    }
  });
});
