import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smallestCountWithin } from '../../src/plan/hot-shards.js';
import { smallestShare } from '../../src/plan/key-skew.js';

/** The plain bisection the searches replace: the smallest count in [lo, hi] within the limit (hi is). */
function bisectCount(levelAt: (s: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = Math.floor((a + b) / 2);
    if (levelAt(mid) <= 1 + 1e-12) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** The plain bisection on shares: to 1e-12, at most 64 steps. */
function bisectShare(f: (h: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 64 && hi - lo > 1e-12; i += 1) {
    const mid = (lo + hi) / 2;
    if (f(mid) <= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** A level that never falls as shards are removed: a skew's a/s + b/s^e, constant over runs of `stair` counts. */
const levels = fc.record({
  a: fc.double({ min: 0, max: 100, noNaN: true }),
  b: fc.double({ min: 0.01, max: 100, noNaN: true }),
  e: fc.double({ min: 0.02, max: 1, noNaN: true }),
  r: fc.double({ min: 0.1, max: 1, noNaN: true }),
  stair: fc.integer({ min: 1, max: 500 }),
});

describe('smallestCountWithin', () => {
  it('finds the count the plain bisection finds, for levels that never rise with the count', () => {
    fc.assert(
      fc.property(levels, fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 10_000 }), ({ a, b, e, r, stair }, lo, extra) => {
        const hi = lo + extra;
        const raw = (s: number) => {
          const x = stair * Math.ceil(s / stair);
          return a / x + b / x ** e;
        };
        const atHi = raw(hi);
        // Within the limit at hi (r ≤ 1 there).
        const levelAt = (s: number) => (raw(s) / atHi) * r;
        let evaluations = 0;
        const counted = (s: number) => {
          evaluations += 1;
          return levelAt(s);
        };
        expect(smallestCountWithin(counted, lo, hi)).toBe(bisectCount(levelAt, lo, hi));
        // Never much worse than the bisection: the bracket halves at least every three counts, after the two ends.
        expect(evaluations).toBeLessThanOrEqual(3 * Math.ceil(Math.log2(extra + 1)) + 2);
      }),
      { numRuns: 500 },
    );
  });

  it('finds the count for a level that drops from over to within at any count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 0, max: 7000 }), fc.double({ min: 0, max: 1, noNaN: true }), (lo, extra, at) => {
        const hi = lo + extra;
        const threshold = lo + Math.round(at * extra);
        const levelAt = (s: number) => (s >= threshold ? 0.5 + 0.5 * (threshold / s) : 2 + 1 / s);
        expect(smallestCountWithin(levelAt, lo, hi)).toBe(threshold);
      }),
      { numRuns: 500 },
    );
  });
});

describe('smallestShare', () => {
  it('returns the plain bisection’s share, for functions that never rise', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.integer({ min: 0, max: 3 }),
        (span, at, steep, kind) => {
          const root = at * span;
          // A smooth tail, a steep one, a step function on a grid, and one that is zero above the root.
          const f = [
            (h: number) => Math.exp(-steep * (h - root) / span) / 100,
            (h: number) => Math.exp(-steep * 1e3 * (h - root) / span) / 100,
            (h: number) => Math.exp(-steep * Math.floor((h - root) / (span / 64))) / 100,
            (h: number) => (h < root ? 1 : 0),
          ][kind]!;
          expect(smallestShare(f, 0.01, 0, span)).toBe(bisectShare(f, 0.01, 0, span));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
