/**
 * AWS limits used by the planner and the simulator. Each number exists here once, with its source; the sources are
 * summarised in the README. Units are in the names: bytes are bytes (MiB = 1,048,576), rates are per second.
 */

const MiB = 1024 * 1024;

/**
 * Per-shard write limit: 1 MB/s "including partition keys" and 1,000 records/s, in both capacity modes.
 * AWS's "MB" here is MiB: the API model says 1 MiB and the KPL's limiter hard-codes 1,048,576 B/s
 * (kinesis-facts.md §1.1; docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html;
 * awslabs/amazon-kinesis-producer aws/kinesis/core/limiter.h).
 */
export const SHARD_WRITE_BYTES_PER_SEC = 1 * MiB;
export const SHARD_WRITE_RECORDS_PER_SEC = 1000;

/** Per-shard shared read limit: 2 MiB/s shared by every polling consumer (kinesis-facts.md §1.1; botocore GetRecords). */
export const SHARD_READ_BYTES_PER_SEC = 2 * MiB;

/** GetRecords: 5 calls/s per shard, at most 10,000 records and 10 MiB per call (kinesis-facts.md §1.1; botocore). */
export const SHARD_GET_RECORDS_CALLS_PER_SEC = 5;
export const GET_RECORDS_MAX_RECORDS = 10_000;
export const GET_RECORDS_MAX_BYTES = 10 * MiB;
/** After a call returns 10 MiB, calls in the next 5 s are throttled (botocore GetRecords doc). */
export const GET_RECORDS_LARGE_READ_PENALTY_SEC = 5;

/** Enhanced fan-out: a dedicated 2 MiB/s per consumer per shard (kinesis-facts.md §1.4; botocore RegisterStreamConsumer). */
export const EFO_READ_BYTES_PER_SEC = 2 * MiB;
/** Registered EFO consumers per stream: 20, or 50 on On-demand Advantage streams (botocore, 2025-11-20). */
export const EFO_MAX_CONSUMERS = 20;
export const EFO_MAX_CONSUMERS_ADVANTAGE = 50;

/**
 * Largest record (data + partition key): 1 MiB by default; a stream may raise it to 10 MiB with
 * `MaxRecordSizeInKiB` (1,024–10,240 KiB) since 2025-10-27 (kinesis-facts.md §1.2; botocore MaxRecordSizeInKiB).
 */
export const MAX_RECORD_BYTES_DEFAULT = 1 * MiB;
export const MAX_RECORD_BYTES_LARGE = 10 * MiB;

/** Partition keys are 1–256 Unicode characters (botocore PartitionKey shape). */
export const PARTITION_KEY_MAX_CHARS = 256;

/** PutRecords: at most 500 records and 10 MiB per request, partition keys included (2025-10-27; botocore). */
export const PUT_RECORDS_MAX_RECORDS = 500;
export const PUT_RECORDS_MAX_BYTES = 10 * MiB;

/** Retention: 24 h minimum and default, 8,760 h (365 days) maximum (kinesis-facts.md §1.5). */
export const RETENTION_MIN_HOURS = 24;
export const RETENTION_MAX_HOURS = 8760;
/** Extended retention runs from 24 h to 7 days; long-term retention beyond 7 days (kinesis-facts.md §3.2). */
export const RETENTION_EXTENDED_MAX_HOURS = 168;

/** UpdateShardCount cannot take a stream above 10,000 shards (botocore, 2021-11-30). */
export const MAX_SHARDS_PER_STREAM = 10_000;

/**
 * On-demand: a new stream starts with 4 MiB/s write (it "defaults to 4 shards", so 4,000 records/s is derived);
 * it accommodates up to double the previous 30-day peak; traffic more than doubling the previous peak within
 * 15 minutes can throttle; a shard above 500 KB/s is split within 15 minutes (kinesis-facts.md §2.1).
 */
export const ON_DEMAND_INITIAL_WRITE_BYTES_PER_SEC = 4 * MiB;
export const ON_DEMAND_INITIAL_SHARDS = 4;
export const ON_DEMAND_PEAK_MULTIPLIER = 2;
export const ON_DEMAND_DOUBLING_WINDOW_SEC = 15 * 60;
export const ON_DEMAND_SPLIT_BYTES_PER_SEC_PER_SHARD = 500 * 1000;
export const ON_DEMAND_SPLIT_DELAY_SEC = 15 * 60;

/**
 * On-demand maximum write throughput: 200 MB/s in most Regions; 10 GB/s is listed for us-east-1, us-west-2 and
 * eu-west-1, but whether that is a default or needs a support ticket is unclear (kinesis-facts.md §2.1, open point).
 * We take the conservative reading (200 MB/s everywhere unless the workload sets `onDemandMaxWriteBytesPerSec`).
 */
export const ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT = 200 * 1000 * 1000;
export const ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_LARGE_REGIONS = 10 * 1000 * 1000 * 1000;
export const ON_DEMAND_LARGE_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1'];

/** On-demand Advantage: warm throughput up to 10 GiB/s per stream; a single partition key still caps at 1 MiB/s (blog 2025-11-03). */
export const ON_DEMAND_ADVANTAGE_MAX_WRITE_BYTES_PER_SEC = 10 * 1024 * MiB;
/** On-demand Advantage account commitment: 25 MiB/s ingest and 25 MiB/s retrieval (blog 2025-11-03). */
export const ON_DEMAND_ADVANTAGE_COMMIT_BYTES_PER_SEC = 25 * MiB;

/** The whole 128-bit hash-key space: 0 … 2^128 − 1 (awslabs/kinesis-aggregation potential_data_loss.md). */
export const HASH_KEY_SPACE = 1n << 128n;
