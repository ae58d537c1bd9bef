import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hashFractionOf,
  hashKeyOf,
  shardIndexOf,
  shardIndexOfHashKey,
  shardStartingHashKey,
} from '../../src/plan/placement.js';

const TWO_128 = 2n ** 128n;

/** MD5 of the key's UTF-8 bytes as a big-endian unsigned integer, computed here from the hex digest. */
function md5Int(key: string): bigint {
  return BigInt(`0x${createHash('md5').update(Buffer.from(key, 'utf8')).digest('hex')}`);
}

/** The owning shard found by walking the ranges [⌊i·2¹²⁸/N⌋, ⌊(i+1)·2¹²⁸/N⌋) one by one. */
function ownerByScan(h: bigint, n: number): number {
  for (let i = 0; i < n; i += 1) {
    const end = (BigInt(i + 1) * TWO_128) / BigInt(n);
    if (h < end) return i;
  }
  throw new Error('hash key outside the key space');
}

const SHARD_COUNTS = [1, 2, 3, 4, 5, 7, 8, 16, 64, 100, 256, 1000, 1024];

describe('shard boundaries', () => {
  it('start at ⌊i·2¹²⁸/N⌋ for several N, powers of two included', () => {
    for (const n of SHARD_COUNTS) {
      for (let i = 0; i < Math.min(n, 50); i += 1) {
        expect(shardStartingHashKey(i, n)).toBe((BigInt(i) * TWO_128) / BigInt(n));
      }
    }
  });

  it('split powers of two exactly: shard i of 2^k starts at i·2^(128−k)', () => {
    for (const k of [0, 1, 2, 3, 4, 8, 10]) {
      for (let i = 0; i < 2 ** k && i < 40; i += 1)
        expect(shardStartingHashKey(i, 2 ** k)).toBe(BigInt(i) << BigInt(128 - k));
    }
    // 2 shards: the second starts at 2^127 = 170141183460469231731687303715884105728.
    expect(shardStartingHashKey(1, 2)).toBe(170141183460469231731687303715884105728n);
  });

  it('round down where 2¹²⁸ does not divide: 3 shards start at 0, ⌊2¹²⁸/3⌋, ⌊2·2¹²⁸/3⌋', () => {
    // 2¹²⁸ = 340282366920938463463374607431768211456; / 3 = 113427455640312821154458202477256070485.33…
    expect(shardStartingHashKey(1, 3)).toBe(113427455640312821154458202477256070485n);
    expect(shardStartingHashKey(2, 3)).toBe(226854911280625642308916404954512140970n);
  });

  it('own their first hash key, and the key below it belongs to the shard before (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), fc.nat(), (n, raw) => {
        const i = 1 + (raw % (n - 1));
        const start = shardStartingHashKey(i, n);
        expect(shardIndexOfHashKey(start, n)).toBe(i);
        expect(shardIndexOfHashKey(start - 1n, n)).toBe(i - 1);
      }),
    );
  });
});

describe('MD5 placement', () => {
  it('hashKeyOf is the MD5 digest read as a big-endian 128-bit integer', () => {
    // RFC 1321 test vector: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72.
    expect(hashKeyOf('abc')).toBe(0x900150983cd24fb0d6963f7d28e17f72n);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 256, unit: 'grapheme' }), (k) => {
        expect(hashKeyOf(k)).toBe(md5Int(k));
      }),
    );
  });

  it('places given keys where an independent MD5 and range scan put them, for several shard counts (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.constantFrom(...SHARD_COUNTS), (key, n) => {
        expect(shardIndexOf(key, n)).toBe(ownerByScan(md5Int(key), n));
      }),
      { numRuns: 500 },
    );
  });

  it('hashFractionOf is h / 2¹²⁸ to double precision', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (key) => {
        const exact = Number(md5Int(key) >> 64n) / 2 ** 64;
        expect(Math.abs(hashFractionOf(key) - exact)).toBeLessThan(2 ** -52);
      }),
    );
  });
});
