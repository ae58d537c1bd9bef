import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, recordsPerAggregateDistribution, type AggregateInput } from '../../src/plan/aggregation.js';

/** ln(n!) and the records-per-aggregate distribution as they were before ln(n!) came from a table. */
function lnFactorialBefore(n: number): number {
  if (n < 256) {
    let s = 0;
    for (let i = 2; i <= n; i += 1) s += Math.log(i);
    return s;
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

function distributionBefore(arrivalsInWindow: number, maxRecords: number): [number, number][] {
  const mu = arrivalsInWindow;
  if (maxRecords <= 1 || mu <= 0) return [[1, 1]];
  const sd = Math.sqrt(mu);
  const jLo = Math.max(0, Math.floor(mu - 40 * sd - 50));
  const jHi = Math.min(maxRecords - 2, Math.ceil(mu + 40 * sd + 50));
  const out: [number, number][] = [];
  let below = 0;
  for (let j = jLo; j <= jHi; j += 1) {
    const p = Math.exp(-mu + j * Math.log(mu) - lnFactorialBefore(j));
    below += p;
    if (p > 1e-15) out.push([j + 1, p]);
  }
  const full = Math.max(0, 1 - below);
  if (full > 1e-15) out.push([maxRecords, full]);
  const sum = out.reduce((a, [, p]) => a + p, 0);
  return out.map(([r, p]) => [r, p / sum]);
}

describe('aggregation, made faster, equals what it was', () => {
  it('recordsPerAggregateDistribution (ln n! from a table of the same running sum)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5_000, noNaN: true }), fc.integer({ min: 1, max: 100_000 }), (mu, max) => {
        expect(recordsPerAggregateDistribution(mu, max)).toEqual(distributionBefore(mu, max));
      }),
      { numRuns: 300 },
    );
  });

  it('aggregate gives the same figures when its sizes are remembered from an earlier call', () => {
    const kpl = { aggregationMaxSize: 51_200, aggregationMaxCount: 4_294_967_295, recordMaxBufferedTime: 0.1 };
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 20_000, noNaN: true }),
        fc.integer({ min: 1, max: 256 }),
        fc.array(fc.double({ min: 1, max: 50_000, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (dataBytes, keyBytes, rates) => {
          const input = (r: number): AggregateInput => ({ dataBytes, keyBytes, userRecordsPerSecPerShard: r, kpl, putPayloadUnitBytes: 25_600 });
          const first = rates.map((r) => aggregate(input(r)));
          expect([...rates].reverse().map((r) => aggregate(input(r)))).toEqual([...first].reverse());
        },
      ),
      { numRuns: 100 },
    );
  });
});
