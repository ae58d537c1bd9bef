import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expandKeyPattern,
  generalizedHarmonic,
  HottestShardScanner,
  keyModelOf,
  keyPatternSize,
  MAX_PLACED_KEYS,
  placeKeyModel,
  shardLoadShares,
} from '../../src/plan/key-shares.js';
import { placedKeyCount } from '../../src/workload/key-bounds.js';
import type { Stream } from '../../src/workload/schema.js';

type PartitionKeys = Stream['partitionKeys'];
const pk = (over: Partial<PartitionKeys>): PartitionKeys => ({
  length: 36,
  distribution: 'uniform',
  ...over,
});

/** Independent placement: MD5 → big-endian integer h → shard ⌊h·N/2¹²⁸⌋, corrected to the range [⌊i·2¹²⁸/N⌋, …). */
function shardOf(key: string, n: number): number {
  const h = BigInt(`0x${createHash('md5').update(key, 'utf8').digest('hex')}`);
  let i = Number((h * BigInt(n)) >> 128n);
  while (i + 1 < n && (BigInt(i + 1) << 128n) / BigInt(n) <= h) i += 1;
  return i;
}

function sharesByHand(keys: readonly string[], n: number): number[] {
  const out = Array<number>(n).fill(0);
  for (const k of keys) out[shardOf(k, n)] = (out[shardOf(k, n)] ?? 0) + 1 / keys.length;
  return out;
}

describe('expandKeyPattern', () => {
  it('expands numeric ranges in order, several ranges as a product', () => {
    expect(expandKeyPattern('device-{1..3}')).toEqual(['device-1', 'device-2', 'device-3']);
    expect(expandKeyPattern('r{1..2}/s{7..8}x')).toEqual(['r1/s7x', 'r1/s8x', 'r2/s7x', 'r2/s8x']);
    expect(keyPatternSize('device-{1..20000}')).toBe(20_000);
    expect(expandKeyPattern('k{1..2000000}')).toBeUndefined();
  });
});

describe('shardLoadShares', () => {
  it('places a list of keys exactly by MD5: each key carries 1/n of the records', () => {
    const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'tenant-42', 'ü-nicode'];
    for (const n of [1, 2, 3, 4, 8, 10]) {
      const got = [...shardLoadShares(pk({ keys }), n)];
      sharesByHand(keys, n).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    }
  });

  it('places a pattern device-{1..20000} exactly, key by key', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `device-${i + 1}`);
    for (const n of [7, 16]) {
      const got = [...shardLoadShares(pk({ pattern: 'device-{1..20000}' }), n)];
      sharesByHand(keys, n).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    }
  });

  it('counts a key listed twice twice', () => {
    const got = shardLoadShares(pk({ keys: ['a', 'a', 'b'] }), 64);
    expect(got[shardOf('a', 64)]).toBeCloseTo(shardOf('a', 64) === shardOf('b', 64) ? 1 : 2 / 3, 12);
  });

  it('spreads perfectly evenly when keys are uniform and unbounded (no distinct count)', () => {
    expect([...shardLoadShares(pk({}), 4)]).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('places a named hot key on its MD5 shard with its share; the rest spreads evenly without a distinct count', () => {
    // 40 % on "tenant-1", 60 % spread evenly over 5 shards: tenant-1's shard gets 0.4 + 0.6/5 = 0.52, others 0.12.
    const shares = shardLoadShares(
      pk({ distribution: 'hot-keys', hotKeys: [{ key: 'tenant-1', share: 0.4 }] }),
      5,
    );
    const hot = shardOf('tenant-1', 5);
    shares.forEach((v, i) => expect(v).toBeCloseTo(i === hot ? 0.52 : 0.12, 12));
  });

  it('gives Zipf rank 1 the share 1/H(N, s), and its shard at least that (N = 1,000, s = 1)', () => {
    let h = 0;
    for (let r = 1; r <= 1000; r += 1) h += 1 / r; // H(1000) = 7.4854708606…
    const model = keyModelOf(pk({ distribution: 'zipf', zipfExponent: 1, distinct: 1000 }), 3);
    expect(model.keys[0]?.share).toBeCloseTo(1 / h, 12);
    expect(model.evenShare).toBeCloseTo(0, 12);
    expect(
      Math.max(...shardLoadShares(pk({ distribution: 'zipf', zipfExponent: 1, distinct: 1000 }), 10, 3)),
    ).toBeGreaterThanOrEqual(1 / h);
  });

  it('places at most MAX_PLACED_KEYS synthetic keys and spreads the lighter rest evenly', () => {
    const m = keyModelOf(pk({ distribution: 'zipf', zipfExponent: 0.8, distinct: 1_000_000 }));
    expect(m.keys.length).toBe(MAX_PLACED_KEYS);
    expect(m.evenShare).toBeGreaterThan(0);
    expect(m.keys.reduce((a, k) => a + k.share, 0) + m.evenShare).toBeCloseTo(1, 9);
  });

  it('sums to 1, is deterministic for a seed, and differs between seeds for sampled keys (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom<PartitionKeys['distribution']>('uniform', 'zipf'),
        fc.integer({ min: 1, max: 1000 }),
        (shards, distinct, distribution, seed) => {
          const keys = pk({ distinct, distribution, zipfExponent: 1.1 });
          const a = shardLoadShares(keys, shards, seed);
          expect(a.reduce((x, v) => x + v, 0)).toBeCloseTo(1, 9);
          expect([...shardLoadShares(keys, shards, seed)]).toEqual([...a]);
        },
      ),
      { numRuns: 60 },
    );
    const a = [...shardLoadShares(pk({ distinct: 100 }), 8, 1)];
    const b = [...shardLoadShares(pk({ distinct: 100 }), 8, 2)];
    expect(a).not.toEqual(b);
  });
});

describe('generalizedHarmonic', () => {
  it('matches the direct sum past the exact prefix (N = 300,000; s = 1 and 1.3)', () => {
    for (const s of [1, 1.3]) {
      let direct = 0;
      for (let r = 300_000; r >= 1; r -= 1) direct += r ** -s;
      expect(Math.abs(generalizedHarmonic(300_000, s) - direct) / direct).toBeLessThan(1e-10);
    }
  });
});

describe('the bounds of the key model', () => {
  const settings = fc.oneof(
    fc.record({ distribution: fc.constant('uniform' as const), distinct: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined }) }),
    fc.record({ distribution: fc.constant('zipf' as const), distinct: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }), zipfExponent: fc.constant(1) }),
    fc.record({
      distribution: fc.constant('hot-keys' as const),
      distinct: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
      hotKeys: fc.array(fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }), share: fc.double({ min: 0.001, max: 0.2, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ distribution: fc.constant('uniform' as const), keys: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 20 }) }),
    fc.record({ distribution: fc.constant('uniform' as const), pattern: fc.integer({ min: 1, max: 300_000 }).map((n) => `k-{1..${n}}`) }),
  );

  it('the workload counts exactly the keys the model places (placedKeyCount bounds what keyModelOf hashes)', () => {
    fc.assert(
      fc.property(settings, (s) => {
        const model = keyModelOf(pk(s));
        expect(placedKeyCount(s)).toBe(model.keys.length);
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it('the hottest-shard scanner gives placeKeyModel’s maximum bit for bit, and stops early only above its limit', () => {
    const models = [
      keyModelOf(pk({ distinct: 5000 })),
      keyModelOf(pk({ distribution: 'zipf', distinct: 3000, zipfExponent: 1.1 })),
      keyModelOf(pk({ distribution: 'hot-keys', distinct: 2000, hotKeys: [{ key: 'tenant-1', share: 0.3 }] })),
      keyModelOf(pk({ keys: ['a', 'b', 'b', 'c'] })),
    ];
    for (const model of models) {
      const scanner = new HottestShardScanner(model);
      for (const n of [1, 2, 3, 7, 64, 1000, 4099]) {
        const expected = Math.max(...placeKeyModel(model, n));
        expect(scanner.hottestShare(n)).toBe(expected);
        expect(scanner.hottestShare(n, expected)).toBe(expected);
        expect(scanner.hottestShare(n, expected / 2)).toBeUndefined();
      }
    }
  });
});
