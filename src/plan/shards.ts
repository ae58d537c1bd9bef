import {
  EFO_READ_BYTES_PER_SEC,
  SHARD_GET_RECORDS_CALLS_PER_SEC,
  SHARD_READ_BYTES_PER_SEC,
  SHARD_WRITE_BYTES_PER_SEC,
  SHARD_WRITE_RECORDS_PER_SEC,
} from '../limits.js';
import { SHARD_LIMITS, type ShardLimit } from '../vocab/shard-limits.js';

/** What one moment of traffic asks of the stream, in Kinesis records (after aggregation, when it is on). */
export interface ShardDemand {
  /** Kinesis records per second written (user records, or aggregates with KPL aggregation). */
  kinesisRecordsPerSec: number;
  /** Bytes per second counted against the write limit: data plus partition keys. */
  writeBytesPerSec: number;
  /** Bytes per second each reader receives (one full copy of the stream). */
  readBytesPerSecPerReader: number;
  /** Readers sharing the 2 MiB/s per shard: polling consumers (KCL, Lambda, Firehose, polling Flink). */
  sharedReaders: number;
}

/** What one limit needs: demand ÷ capacity per shard × (1 + headroom) = shards (fractional). */
export interface LimitNeed {
  demandPerSec: number;
  capacityPerShard: number;
  headroomFactor: number;
  shards: number;
}

export type ShardsByLimit = Record<ShardLimit, LimitNeed>;

/** Per-shard capacity of each limit (kinesis-facts.md §1.1, via src/limits.ts). */
export const CAPACITY_PER_SHARD: Record<ShardLimit, number> = {
  writeBytes: SHARD_WRITE_BYTES_PER_SEC,
  writeRecords: SHARD_WRITE_RECORDS_PER_SEC,
  readBytes: SHARD_READ_BYTES_PER_SEC,
};

function need(demandPerSec: number, capacityPerShard: number, headroom: number): LimitNeed {
  const headroomFactor = 1 + headroom;
  return { demandPerSec, capacityPerShard, headroomFactor, shards: (demandPerSec / capacityPerShard) * headroomFactor };
}

/** Fractional shards each limit needs at this demand, headroom included. */
export function shardsByLimit(demand: ShardDemand, headroom: number): ShardsByLimit {
  return {
    writeBytes: need(demand.writeBytesPerSec, CAPACITY_PER_SHARD.writeBytes, headroom),
    writeRecords: need(demand.kinesisRecordsPerSec, CAPACITY_PER_SHARD.writeRecords, headroom),
    readBytes: need(demand.readBytesPerSecPerReader * demand.sharedReaders, CAPACITY_PER_SHARD.readBytes, headroom),
  };
}

/** Rounds a shard need up to whole shards, forgiving float noise (10.000000000001 → 10). */
export function wholeShards(fractional: number): number {
  return Math.max(1, Math.ceil(fractional - 1e-9));
}

/** The whole shards the binding limit needs, and which limit binds (ties go to the first in SHARD_LIMITS). */
export function requiredShards(byLimit: ShardsByLimit): { required: number; binding: ShardLimit } {
  let binding: ShardLimit = 'writeBytes';
  for (const limit of SHARD_LIMITS) if (byLimit[limit].shards > byLimit[binding].shards) binding = limit;
  return { required: wholeShards(byLimit[binding].shards), binding };
}

/** Utilisation of each per-shard limit with `shardCount` shards, traffic spread evenly (1 = at the limit). */
export interface Utilisation {
  writeBytes: number;
  writeRecords: number;
  readBytes: number;
  /** GetRecords calls per shard per second ÷ 5. */
  readCalls: number;
  /** Each enhanced fan-out consumer's pipe: bytes per shard ÷ 2 MiB/s (0 without EFO consumers). */
  efo: number;
}

/** Utilisation of every limit at a given shard count and demand. */
export function utilisation(
  demand: ShardDemand,
  shardCount: number,
  readCallsPerShardPerSec: number,
  efoConsumers: number,
): Utilisation {
  return {
    writeBytes: demand.writeBytesPerSec / (shardCount * SHARD_WRITE_BYTES_PER_SEC),
    writeRecords: demand.kinesisRecordsPerSec / (shardCount * SHARD_WRITE_RECORDS_PER_SEC),
    readBytes: (demand.readBytesPerSecPerReader * demand.sharedReaders) / (shardCount * SHARD_READ_BYTES_PER_SEC),
    readCalls: readCallsPerShardPerSec / SHARD_GET_RECORDS_CALLS_PER_SEC,
    efo: efoConsumers > 0 ? demand.readBytesPerSecPerReader / (shardCount * EFO_READ_BYTES_PER_SEC) : 0,
  };
}

/** GetRecords calls each shard receives per second: every polling reader calls every shard once per poll interval. */
export function readCallsPerShardPerSec(pollIntervalsSec: readonly number[]): number {
  return pollIntervalsSec.reduce((sum, interval) => sum + 1 / interval, 0);
}
