import {
  ON_DEMAND_INITIAL_SHARDS,
  ON_DEMAND_PEAK_MULTIPLIER,
  SHARD_WRITE_BYTES_PER_SEC,
  SHARD_WRITE_RECORDS_PER_SEC,
} from '../limits.js';

/**
 * On-demand scaling model (throttling-model.md §2, §7.6). The stream accommodates twice its previous peak: it starts
 * with max(4, ⌈2 · previousPeak / 1 MiB/s⌉) evenly split shards (4 shards = the 4 MiB/s of a new stream). When a
 * minute's offered write rate exceeds the split threshold on the average shard, every shard is split evenly after the
 * split delay, into the smallest power of two of children that brings the average shard under the threshold (so a
 * jump of more than twice the previous peak throttles for about one split delay, as AWS describes).
 */

/** Shards an on-demand stream starts with, given its previous 30-day peak write rate (undefined: a new stream). */
export function onDemandInitialShards(previousPeakBytesPerSec: number | undefined): number {
  if (previousPeakBytesPerSec === undefined) return ON_DEMAND_INITIAL_SHARDS;
  return Math.max(ON_DEMAND_INITIAL_SHARDS, Math.ceil((ON_DEMAND_PEAK_MULTIPLIER * previousPeakBytesPerSec) / SHARD_WRITE_BYTES_PER_SEC - 1e-9));
}

/**
 * The shard count after the next split, or `shards` when none is due: the demand is a minute's average offered write
 * rate; records split at half the records limit, as bytes at `splitBytesPerSec` (500 KB/s).
 */
export function onDemandTargetShards(
  shards: number,
  demandBytesPerSec: number,
  demandRecordsPerSec: number,
  splitBytesPerSec: number,
  maxShards: number,
): number {
  const splitRecordsPerSec = SHARD_WRITE_RECORDS_PER_SEC / 2;
  let target = shards;
  while (
    target * 2 <= maxShards &&
    (demandBytesPerSec / target > splitBytesPerSec || demandRecordsPerSec / target > splitRecordsPerSec)
  ) {
    target *= 2;
  }
  return target;
}
