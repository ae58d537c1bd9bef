import { PUT_RECORDS_MAX_BYTES, PUT_RECORDS_MAX_RECORDS } from '../limits.js';
import type { Stream } from '../workload/schema.js';
import {
  KPL_COLLECTOR_BUFFER_MAX_SEC,
  KPL_COLLECTOR_BUFFER_RATIO,
  recordsPerAggregateDistribution,
  type AggregationPlan,
} from './aggregation.js';

/**
 * PutRecords batching by the KPL's collector: Kinesis records (aggregates or single user records) are gathered per
 * producer instance into PutRecords calls of at most CollectionMaxCount records and CollectionMaxSize bytes (and the
 * API's 500 records / 10 MiB, limits.ts). The collector also flushes as soon as one shard has 256 KiB buffered
 * (collector.h `should_flush`), and at the earliest deadline of the records it holds.
 */

/** The collector flushes when one shard's buffered data reaches 256 KiB (awslabs/amazon-kinesis-producer collector.h). */
export const KPL_COLLECTOR_SHARD_FLUSH_BYTES = 256 * 1024;

export interface PutRecordsInput {
  /** Kinesis records per second written by the whole producer fleet (after aggregation when it is on). */
  kinesisRecordsPerSec: number;
  /** Mean bytes of one Kinesis record in the request: data blob plus partition key. */
  bytesPerKinesisRecord: number;
  producerInstances: number;
  /** Shards the records spread over. */
  shards: number;
  collectionMaxCount: number;
  collectionMaxSize: number;
  /** RecordMaxBufferedTime in seconds. */
  recordMaxBufferedTime: number;
  isAggregationOn: boolean;
}

export type PutRecordsBinding = 'count' | 'size' | 'shard-flush' | 'time';

export interface PutRecordsPlan {
  /** Most Kinesis records one call can carry, and what bounds it. */
  maxRecordsPerCall: number;
  binding: PutRecordsBinding;
  /** Mean Kinesis records per call, given how many arrive within the collector's window. */
  recordsPerCall: number;
  bytesPerCall: number;
  /** How long the collector holds a record before the call goes out (seconds). */
  windowSec: number;
  callsPerSecPerInstance: number;
  /** PutRecords calls per second across all producer instances. */
  callsPerSec: number;
}

/**
 * PutRecords calls per second for the producer fleet. Each instance's collector sees 1/instances of the Kinesis
 * records; a call closes when its window ends (RecordMaxBufferedTime without aggregation, min(50 ms, 0.2 ×
 * RecordMaxBufferedTime) after an aggregate is done with it, pipeline.h) or when it is full, so a call carries
 * min(1 + Poisson(rate × window), max) records (the renewal model of aggregation.ts).
 */
export function planPutRecords(input: PutRecordsInput): PutRecordsPlan {
  const b = input.bytesPerKinesisRecord;
  const byCount = Math.min(input.collectionMaxCount, PUT_RECORDS_MAX_RECORDS);
  const bySize = Math.max(1, Math.floor(Math.min(input.collectionMaxSize, PUT_RECORDS_MAX_BYTES) / b));
  // Spread evenly, every shard reaches 256 KiB together: the record that takes one shard there is included.
  const byShardFlush = Math.max(1, input.shards * Math.ceil(KPL_COLLECTOR_SHARD_FLUSH_BYTES / b));
  const bounds: [PutRecordsBinding, number][] = [
    ['count', byCount],
    ['size', bySize],
    ['shard-flush', byShardFlush],
  ];
  const [binding, maxRecordsPerCall] = bounds.reduce((a, x) => (x[1] < a[1] ? x : a));
  const windowSec = input.isAggregationOn
    ? Math.min(KPL_COLLECTOR_BUFFER_MAX_SEC, KPL_COLLECTOR_BUFFER_RATIO * input.recordMaxBufferedTime)
    : input.recordMaxBufferedTime;
  const perInstance = input.kinesisRecordsPerSec / input.producerInstances;
  const dist = recordsPerAggregateDistribution(perInstance * windowSec, maxRecordsPerCall);
  const recordsPerCall = dist.reduce((a, [r, p]) => a + r * p, 0);
  const fullShare = dist.find(([r]) => r === maxRecordsPerCall)?.[1] ?? 0;
  const callsPerSecPerInstance = perInstance > 0 ? perInstance / recordsPerCall : 0;
  return {
    maxRecordsPerCall,
    binding: fullShare >= 0.5 ? binding : 'time',
    recordsPerCall,
    bytesPerCall: recordsPerCall * b,
    windowSec,
    callsPerSecPerInstance,
    callsPerSec: callsPerSecPerInstance * input.producerInstances,
  };
}

/** PutRecords batching at the stream's peak, with and without aggregation, from its aggregation plan. */
export function planStreamPutRecords(
  stream: Stream,
  aggregation: AggregationPlan,
): { with: PutRecordsPlan; without: PutRecordsPlan } {
  const p = stream.producer;
  const common = {
    producerInstances: p.instances,
    collectionMaxCount: p.collectionMaxCount,
    collectionMaxSize: p.collectionMaxSize,
    recordMaxBufferedTime: p.recordMaxBufferedTime,
  };
  const a = aggregation;
  return {
    with: planPutRecords({
      ...common,
      kinesisRecordsPerSec: a.peakKinesisRecordsPerSecond,
      bytesPerKinesisRecord: a.peakKinesisBytesPerSecond / a.peakKinesisRecordsPerSecond,
      shards: a.shardsWith,
      isAggregationOn: a.maxUserRecordsPerAggregate > 1,
    }),
    without: planPutRecords({
      ...common,
      kinesisRecordsPerSec: a.peakRecordsPerSecondWithout,
      bytesPerKinesisRecord: a.peakBytesPerSecondWithout / a.peakRecordsPerSecondWithout,
      shards: a.shardsWithout,
      isAggregationOn: false,
    }),
  };
}
