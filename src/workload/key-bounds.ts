import { PARTITION_KEY_MAX_CHARS } from '../limits.js';
import { DEFAULT_ZIPF_KEYS, MAX_COUNT, MAX_EXACT_KEYS, MAX_KEY_PATTERN_RANGES, MAX_PLACED_KEYS } from './bounds.js';

/**
 * Bounds of partition keys: a key pattern such as `device-{1..20000}` has a few ranges, numbers and a key count that
 * are exact, and keys that Kinesis accepts (at most 256 characters once expanded); and the keys a stream's key model
 * places one by one, which a workload bounds in total (each placed key is hashed and kept in memory).
 */

const RANGE = /\{(\d+)\.\.(\d+)\}/g;

/** What is wrong with a key pattern, or undefined when it is within bounds. */
export function checkKeyPattern(pattern: string): { message: string; hint: string } | undefined {
  const ranges = [...pattern.matchAll(RANGE)];
  if (ranges.length > MAX_KEY_PATTERN_RANGES) {
    return {
      message: `a key pattern may have at most ${MAX_KEY_PATTERN_RANGES} numeric ranges, got ${ranges.length}`,
      hint: 'keep the ranges that matter, e.g. device-{1..20000}',
    };
  }
  let keys = 1;
  let longest = pattern.replace(RANGE, '').length;
  for (const m of ranges) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (!(a <= MAX_COUNT && b <= MAX_COUNT)) {
      return { message: `the range ${m[0]} has a number above ${MAX_COUNT}`, hint: 'use smaller numbers, e.g. {1..20000}' };
    }
    keys *= Math.abs(b - a) + 1;
    // The planner writes each number without leading zeros (src/plan/key-shares.ts).
    longest += String(Math.max(a, b)).length;
  }
  if (keys > MAX_COUNT) {
    return { message: `the pattern names more than ${MAX_COUNT} keys`, hint: 'narrow the ranges, or give partitionKeys.distinct instead' };
  }
  if (longest > PARTITION_KEY_MAX_CHARS) {
    return {
      message: `the pattern makes keys of up to ${longest} characters; a partition key has at most ${PARTITION_KEY_MAX_CHARS}`,
      hint: 'shorten the text around the ranges',
    };
  }
  return undefined;
}

/** How many keys a pattern names: the product of its ranges' lengths. */
export function keyPatternSize(pattern: string): number {
  let n = 1;
  for (const m of pattern.matchAll(RANGE)) n *= Math.abs(Number(m[2]) - Number(m[1])) + 1;
  return n;
}

/** The partition-key settings placedKeyCount reads (a stream's `partitionKeys`, defaults applied). */
export interface PartitionKeysView {
  distinct?: number | undefined;
  distribution: 'uniform' | 'zipf' | 'hot-keys';
  hotKeys?: readonly { share: number }[] | undefined;
  keys?: readonly string[] | undefined;
  pattern?: string | undefined;
}

/**
 * Keys the planner's key model places one by one for these settings (src/plan/key-shares.ts builds the model; a test
 * holds the two to the same count): a keys list's distinct keys, a pattern's keys up to MAX_EXACT_KEYS, Zipf ranks and
 * equally loaded keys up to MAX_PLACED_KEYS (more are spread evenly), named hot keys and the keys beside them.
 */
export function placedKeyCount(pk: PartitionKeysView): number {
  if (pk.keys !== undefined) return new Set(pk.keys).size;
  if (pk.pattern !== undefined) return Math.min(keyPatternSize(pk.pattern), MAX_EXACT_KEYS);
  if (pk.distribution === 'zipf') return Math.min(pk.distinct ?? DEFAULT_ZIPF_KEYS, MAX_PLACED_KEYS);
  if (pk.distribution === 'hot-keys' && pk.hotKeys && pk.hotKeys.length > 0) {
    const rest = 1 - pk.hotKeys.reduce((a, k) => a + k.share, 0);
    if (pk.distinct === undefined || !(rest > 0)) return pk.hotKeys.length;
    const others = Math.max(1, pk.distinct - pk.hotKeys.length);
    return pk.hotKeys.length + (others <= MAX_PLACED_KEYS ? others : 0);
  }
  if (pk.distinct === undefined) return 0;
  return pk.distinct <= MAX_PLACED_KEYS ? pk.distinct : 0;
}
