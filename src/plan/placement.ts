import { HASH_KEY_SPACE } from '../limits.js';
import { md5Words } from './md5.js';

/**
 * Kinesis places a record by the MD5 digest of its partition key (UTF-8), read as a big-endian unsigned 128-bit
 * integer (botocore PutRecord doc; KPL user_record.cc). A stream of N evenly split shards gives shard i the range
 * starting at ⌊i·2¹²⁸/N⌋.
 */

/** The 128-bit hash key of a partition key. */
export function hashKeyOf(partitionKey: string): bigint {
  const [w0, w1, w2, w3] = md5Words(partitionKey);
  return (BigInt(w0) << 96n) | (BigInt(w1) << 64n) | (BigInt(w2) << 32n) | BigInt(w3);
}

/** First hash key of shard `index` among `shardCount` evenly split shards. */
export function shardStartingHashKey(index: number, shardCount: number): bigint {
  return (BigInt(index) * HASH_KEY_SPACE) / BigInt(shardCount);
}

/** Index of the evenly split shard (of `shardCount`) that owns `hashKey`. */
export function shardIndexOfHashKey(hashKey: bigint, shardCount: number): number {
  const n = BigInt(shardCount);
  let index = Number((hashKey * n) / HASH_KEY_SPACE);
  // ⌊h·N/2¹²⁸⌋ can sit one below the owner where a boundary was rounded down: step up while the next start ≤ h.
  while (index + 1 < shardCount && shardStartingHashKey(index + 1, shardCount) <= hashKey) index += 1;
  return index;
}

/** Index of the shard a partition key lands on. */
export function shardIndexOf(partitionKey: string, shardCount: number): number {
  return shardIndexOfHashKey(hashKeyOf(partitionKey), shardCount);
}

/** The hash key as a fraction of the key space in [0, 1): for sampling and fast placement of many keys. */
export function hashFractionOf(partitionKey: string): number {
  const [w0, w1] = md5Words(partitionKey);
  return w0 / 2 ** 32 + w1 / 2 ** 64;
}
