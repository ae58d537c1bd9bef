/** What keeps Firehose objects below the size target. */
export type ObjectSizeLimit = 'max-buffer-size' | 'latency-target' | 'traffic';

/** What the tiny-objects advice leads to (src/plan/firehose.ts, tinyObjectsAfter). */
export type TinyObjectsAfter = {
  /**
   * At the longest buffer the destination accepts (`longestIntervalSec`, `longestSizeMiB`), the same partitions, by
   * the planner's evaluateBuffer: object size, objects an hour, S3 PUTs a month and delivery latency.
   */
  longestIntervalSec: number;
  longestSizeMiB: number;
  objectSizeBytesAtLongest: number;
  objectsPerHourAtLongest: number;
  s3PutsPerMonthAtLongest: number;
  latencySecAtLongest: number;
  /**
   * With more than one partition: the most partitions (fewer than now) whose objects reach `thresholdBytes` at the
   * longest buffer, else 1; and the objects, PUTs and latency then. Absent with one partition.
   */
  fewerPartitions?: number;
  objectSizeBytesWithFewerPartitions?: number;
  s3PutsPerMonthWithFewerPartitions?: number;
  latencySecWithFewerPartitions?: number;
};

/** The Firehose and Flink stage findings (src/plan/firehose.ts, src/plan/flink.ts), by code. */
export interface DeliveryFindingArgs {
  FIREHOSE_RECORD_TOO_LARGE: { recordBytes: number; maxBytes: number; stream: string };
  FIREHOSE_LATENCY_TARGET_MISSED: {
    maxLatencySec: number;
    latencySec: number;
    lambdaBufferSec: number;
    isUserSet: boolean;
    recommendedIntervalSec: number;
    /** With buffer.interval at `recommendedIntervalSec` (the user's size kept), by the planner's evaluateBuffer; absent when no setting meets the target. */
    latencySecAfter?: number;
    objectSizeBytesAfter?: number;
    objectsPerHourAfter?: number;
  };
  FIREHOSE_OBJECT_SIZE_TARGET_MISSED: { targetBytes: number; objectSizeBytes: number; limitedBy: ObjectSizeLimit; maxSizeMiB: number };
  FIREHOSE_TINY_OBJECTS: {
    objectSizeBytes: number;
    thresholdBytes: number;
    objectsPerHour: number;
    s3PutsPerMonth: number;
    partitions: number;
    /** Today's delivery latency. */
    latencySec: number;
  } & TinyObjectsAfter;
  /** `…After`: with buffer.size raised to `sizeMiBAfter` (the recommended minimum in whole MiB, within the destination's range), the interval kept, by evaluateBuffer. */
  FIREHOSE_BUFFER_BELOW_RECOMMENDED: {
    sizeMiB: number;
    recommendedMinMiB: number;
    fillSeconds: number;
    objectsPerHour: number;
    latencySec: number;
    sizeMiBAfter: number;
    objectSizeBytesAfter: number;
    objectsPerHourAfter: number;
    /** Absent for a destination that writes no S3 objects. */
    s3PutsPerMonth?: number;
    s3PutsPerMonthAfter?: number;
    latencySecAfter: number;
  };
  FIREHOSE_SMALL_RECORDS: {
    recordBytes: number;
    billedBytes: number;
    billedMultiple: number;
    recordsPerBatch: number;
    /** Absent without pricing. */
    savingUsdPerMonth?: number;
    /**
     * How the records can share a rounding from this source (src/plan/firehose.ts firehoseBilling): concatenate
     * (Direct PUT), kpl-aggregation or producer-concatenation (a stream source, by settings.firehoseKplBilling), or
     * none; `recordBytes` is then the record Firehose rounds (the aggregate when billed per aggregate).
     */
    method?: 'concatenate' | 'kpl-aggregation' | 'producer-concatenation' | 'none';
    kplBilling?: 'per-user-record' | 'per-aggregate';
    isBilledPerAggregate?: boolean;
    /** The source stream, for a stream source. */
    stream?: string;
  };
  FIREHOSE_PARTITIONS_ABOVE_DEFAULT: { partitions: number; defaultMax: number; max: number };
  /** `firehoseStreamsNeeded`: the fewest Firehose streams over which the partitions, split evenly, are each within `max`. */
  FIREHOSE_PARTITIONS_ABOVE_MAX: { partitions: number; max: number; firehoseStreamsNeeded?: number };
  /** `partitionsNeeded`: the fewest active partitions that carry the same peak within `maxBytesPerSec` each. */
  FIREHOSE_PARTITION_THROUGHPUT_EXCEEDED: { bytesPerSecPerPartition: number; maxBytesPerSec: number; partitionsNeeded: number };
  FIREHOSE_LAMBDA_PAYLOAD_TOO_LARGE: { requestBytes: number; responseBytes: number; maxBytes: number; maxBufferMiB: number };
  /**
   * After the advice: the longest duration that keeps `limit` in flight; the shards that do (absent when the buffer
   * interval cuts the batches, so no count does); the lambda.bufferSize that does (absent beyond its range, the
   * interval or the payload limit).
   */
  FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED: {
    outstandingPerShard: number;
    limit: number;
    shards: number;
    isShardCountGiven: boolean;
    maxDurationSec: number;
    shardsNeeded?: number;
    bufferMiBNeeded?: number;
  };
  FLINK_UNDERSIZED: { kpus: number; neededKpus: number; sourceBytesPerSec: number; capacityBytesPerSec: number };
  FLINK_KPU_LIMIT: { kpus: number; limit: number };
  FLINK_SOURCE_GET_RECORDS_EXCEEDED: {
    stream: string;
    callsPerSecPerShard: number;
    limit: number;
    readers: number;
    flinkCallsPerSec: number;
    /** The other readers' calls once this application reads by enhanced fan-out. */
    callsPerSecPerShardWithEfo: number;
    /** The application's pollInterval that keeps all the calls within `limit`; absent when the others alone exceed it. */
    pollIntervalSecToFit?: number;
  };
  FLINK_SOURCE_SHARED_READ_EXCEEDED: {
    stream: string;
    readers: number;
    readBytesPerSecPerShard: number;
    limitBytesPerSec: number;
    shards: number;
    /** The other polling readers' bytes per shard once this application reads by enhanced fan-out. */
    readBytesPerSecPerShardWithEfo: number;
    /** The shards the shared reads need as they are (no headroom). */
    shardsNeeded: number;
  };
  FLINK_SOURCE_READ_NEEDS_SHARDS: { stream: string; readers: number; writeShards: number; readShards: number };
  FLINK_EFO_CONSUMERS_EXCEEDED: { stream: string; consumers: number; limit: number };
}
