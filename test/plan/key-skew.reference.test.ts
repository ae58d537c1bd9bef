import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialUpperTail,
  hotKeysHottestShare,
  keySkewOf,
  NORMAL_TAIL_ONE,
  NORMAL_TAIL_ZERO,
  normalUpperTail,
  uniformHottestShare,
  zipfHottestShare,
} from '../../src/plan/key-skew.js';
import { generalizedHarmonic } from '../../src/plan/key-shares.js';
import { shardIndexOf } from '../../src/plan/placement.js';
import * as before from './reference/key-skew-before.js';

/**
 * The skew functions were made faster (remembered sums and tables, typed arrays, a grid convolution that reads each
 * point once, no exp where Φ̄ is exactly 0 or 1): each must still give exactly, bit for bit, what the functions before
 * gave (test/plan/reference/key-skew-before.ts), since the plan prints these shares in full.
 */
describe('the faster skew functions equal the ones before', () => {
  it('normalUpperTail is exactly 0 from NORMAL_TAIL_ZERO up and exactly 1 from −NORMAL_TAIL_ONE down', () => {
    for (let z = NORMAL_TAIL_ZERO; z < 200; z += 0.001) expect(normalUpperTail(z)).toBe(0);
    for (let z = -NORMAL_TAIL_ONE; z > -200; z -= 0.001) expect(normalUpperTail(z)).toBe(1);
    for (const z of [1e3, 1e10, 1e300, Number.MAX_VALUE, Infinity]) {
      expect(normalUpperTail(z)).toBe(0);
      expect(normalUpperTail(-z)).toBe(1);
    }
    // The bounds keep a margin: Φ̄ is already exactly 0 at 38.5 and exactly 1 at −8.3.
    expect(normalUpperTail(38.5)).toBe(0);
    expect(normalUpperTail(-8.3)).toBe(1);
  });

  it('generalizedHarmonic (remembered)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.double({ min: 0.1, max: 3, noNaN: true }), (n, s) => {
        expect(generalizedHarmonic(n, s)).toBe(before.generalizedHarmonic(n, s));
        expect(generalizedHarmonic(n, s)).toBe(before.generalizedHarmonic(n, s));
      }),
      { numRuns: 100 },
    );
  });

  it('binomialUpperTail at every count, asked once or again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 10_000 }), (n, shards) => {
        const p = 1 / shards;
        const mean = n * p;
        const sd = Math.sqrt(mean * (1 - p));
        const cs = [-1, 0, 1, Math.floor(mean), n - 1, n, n + 1];
        for (let k = -12; k <= 12; k += 0.5) cs.push(Math.floor(mean + k * sd), mean + k * sd);
        for (const tail of [binomialUpperTail(n, p), binomialUpperTail(n, p)]) {
          const ref = before.binomialUpperTail(n, p);
          for (const c of cs) expect(tail(c)).toBe(ref(c));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('uniformHottestShare', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 1, max: 10_000 }), (keys, shards) => {
        expect(uniformHottestShare(keys, shards)).toBe(before.uniformHottestShare(keys, shards));
      }),
      { numRuns: 200 },
    );
  });

  it('hotKeysHottestShare', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000 }),
        fc.array(fc.double({ min: 0, max: 0.3, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.nat(),
        (shards, named, others, seed) => {
          const known = new Float64Array(shards);
          named.forEach((share, i) => {
            const at = (seed + i * 7919) % shards;
            known[at] = (known[at] ?? 0) + share;
          });
          const rest = Math.max(0, 1 - named.reduce((a, x) => a + x, 0));
          if (rest === 0) return;
          expect(hotKeysHottestShare(known, others, rest / others)).toBe(before.hotKeysHottestShare(known, others, rest / others));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('zipfHottestShare, salted or not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0.2, max: 2, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 60 }),
        (keys, exponent, shards, salts) => {
          const sorted = [...salts].sort((a, b) => b - a);
          expect(zipfHottestShare(keys, exponent, shards, sorted)).toBe(before.zipfHottestShare(keys, exponent, shards, sorted));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('zipfHottestShare salted as the finer salting salts (where a first span is given up part way)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 20_000 }),
        fc.double({ min: 0.4, max: 1.2, noNaN: true }),
        fc.double({ min: 2, max: 80, noNaN: true }),
        fc.integer({ min: 100, max: 10_000 }),
        (keys, exponent, heaviestSalts, shards) => {
          // Each rank split into ⌈heaviestSalts · rank^−s⌉ sub-keys while that is at least 2: the plan's salting shape.
          const salts: number[] = [];
          for (let r = 1; Math.ceil(heaviestSalts * r ** -exponent) >= 2 && r <= keys; r += 1) salts.push(Math.ceil(heaviestSalts * r ** -exponent));
          expect(zipfHottestShare(keys, exponent, shards, salts)).toBe(before.zipfHottestShare(keys, exponent, shards, salts));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('named hot keys beside others: the shares by count, and a count passed over only when its share is above', () => {
    let passed = 0;
    let kept = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ key: fc.string({ minLength: 1, maxLength: 12 }), share: fc.double({ min: 0.001, max: 0.2, noNaN: true }) }), {
          minLength: 1,
          maxLength: 12,
          selector: (k) => k.key,
        }),
        fc.integer({ min: 20, max: 50_000 }),
        fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (hotKeys, distinct, counts, stopAbove) => {
          // As key-skew.ts takes them: heaviest first, the rest what they leave.
          const named = [...hotKeys].sort((a, b) => b.share - a.share);
          const rest = 1 - named.reduce((a, k) => a + k.share, 0);
          if (rest <= 0) return;
          const skew = keySkewOf({ length: 16, distribution: 'hot-keys', distinct, hotKeys });
          const passedOver = keySkewOf({ length: 16, distribution: 'hot-keys', distinct, hotKeys: hotKeys.map((k) => ({ ...k })) });
          const others = Math.max(1, distinct - hotKeys.length);
          for (const n of counts) {
            const known = new Float64Array(n);
            for (const k of named) known[shardIndexOf(k.key, n)]! += k.share;
            const share = before.hotKeysHottestShare(known, others, rest / others);
            const fast = passedOver.hottestShareAt(n, stopAbove);
            if (fast === undefined) {
              passed += 1;
              expect(share).toBeGreaterThan(stopAbove);
            } else {
              kept += 1;
              expect(fast).toBe(share);
            }
            expect(skew.hottestShareAt(n)).toBe(share);
            expect(skew.hottestAt(n).share).toBe(share);
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(passed).toBeGreaterThan(50);
    expect(kept).toBeGreaterThan(50);
  });
});
