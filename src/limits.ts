/**
 * AWS limits used by the planner and the simulator. Each number exists here once, with its source; the sources are
 * summarised in docs/planning.md ("Limits and their sources"). Units are in the names: bytes are bytes
 * (MiB = 1,048,576), rates are per second.
 */

import { MiB } from './vocab/units.js';

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
 * The most one stream can take: 10,000 shards × 1 MiB/s of writes. Every record weighs at least one byte against the
 * write limit (a partition key has at least one character; a record inside a KPL aggregate at least its protobuf tag),
 * so no stream accepts more user records per second than bytes per second. These bound every rate of a workload file.
 */
export const MAX_STREAM_WRITE_BYTES_PER_SEC = MAX_SHARDS_PER_STREAM * SHARD_WRITE_BYTES_PER_SEC;
export const MIN_RECORD_WRITE_BYTES = 1;
export const MAX_STREAM_RECORDS_PER_SEC = MAX_STREAM_WRITE_BYTES_PER_SEC / MIN_RECORD_WRITE_BYTES;
/** Reads: every polling reader shares 2 MiB/s per shard, so 10,000 shards deliver at most 20,000 MiB/s to them. */
export const MAX_STREAM_READ_BYTES_PER_SEC = MAX_SHARDS_PER_STREAM * SHARD_READ_BYTES_PER_SEC;

/**
 * A shard iterator expires 5 minutes after GetShardIterator returns it (kinesis-facts.md §1.6; botocore
 * GetShardIterator): a consumer that polls less often than that cannot keep reading a shard, which bounds a poll
 * interval.
 */
export const SHARD_ITERATOR_LIFETIME_SEC = 300;

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
/** The highest write throughput any on-demand stream reaches: the larger of the two maxima above (10 GiB/s). */
export const ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_ANY = Math.max(
  ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_LARGE_REGIONS,
  ON_DEMAND_ADVANTAGE_MAX_WRITE_BYTES_PER_SEC,
);
/** On-demand Advantage account commitment: 25 MiB/s ingest and 25 MiB/s retrieval (blog 2025-11-03). */
export const ON_DEMAND_ADVANTAGE_COMMIT_BYTES_PER_SEC = 25 * MiB;

/** The whole 128-bit hash-key space: 0 … 2^128 − 1 (awslabs/kinesis-aggregation potential_data_loss.md). */
export const HASH_KEY_SPACE = 1n << 128n;

/**
 * The default provisioned shard quota per account: 1,000 in most Regions (20,000 in us-east-1, us-west-2 and
 * eu-west-1; kinesis-facts.md §1.7). Every stream has at least one shard, so an account that has not asked for more
 * holds at most this many streams.
 */
export const ACCOUNT_SHARDS_DEFAULT_QUOTA_MOST_REGIONS = 1000;

/**
 * CloudWatch keeps one-hour datapoints for 455 days (15 months), the longest history it keeps
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html, "Metrics retention"): no trace
 * exported from it spans more.
 */
export const CLOUDWATCH_MAX_HISTORY_SEC = 455 * 86_400;
/** CloudWatch's finest period is one second (high-resolution metrics; same page, "Resolution"). */
export const CLOUDWATCH_MIN_PERIOD_SEC = 1;

/** A Lambda function runs for at most 900 seconds (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const LAMBDA_MAX_TIMEOUT_SEC = 900;

/* Amazon Data Firehose (kinesis-facts.md §3.3) */

/**
 * Firehose bills ingestion (and format conversion) per record rounded up to 5 KB: "a 3KB record is billed as 5KB,
 * a 12KB record is billed as 15KB" (pricing page); the increment is 5,120 bytes ("rounded up to the nearest 5KB
 * (5120 bytes)", firehose guide limits.md, 2023-01-27).
 */
export const FIREHOSE_BILLING_INCREMENT_BYTES = 5120;
/** Largest Firehose record: 1,000 KiB = 1,024,000 bytes (botocore firehose service-2.json; firehose guide limits.md). */
export const FIREHOSE_MAX_RECORD_BYTES = 1_024_000;

export const FIREHOSE_DESTINATIONS = ['s3', 'redshift', 'opensearch', 'http', 'splunk', 'snowflake'] as const;
export type FirehoseDestination = (typeof FIREHOSE_DESTINATIONS)[number];

export interface FirehoseBufferHintRange {
  minSizeMiB: number;
  maxSizeMiB: number;
  defaultSizeMiB: number;
  minIntervalSec: number;
  maxIntervalSec: number;
  defaultIntervalSec: number;
}

/**
 * Buffering hints each destination accepts (botocore firehose service-2.json, 2026-08-07: BufferingHints and the
 * per-destination hint shapes). Redshift buffers in its S3 staging step, so it takes the S3 ranges. The API calls the
 * size "SizeInMBs" and the docs mix MB and MiB; we read it as MiB. The interval minimum fell from 60 s to 0 s on
 * 2023-12-14 ("zero buffering").
 */
export const FIREHOSE_BUFFER_HINTS: Readonly<Record<FirehoseDestination, FirehoseBufferHintRange>> = {
  s3: { minSizeMiB: 1, maxSizeMiB: 128, defaultSizeMiB: 5, minIntervalSec: 0, maxIntervalSec: 900, defaultIntervalSec: 300 },
  redshift: { minSizeMiB: 1, maxSizeMiB: 128, defaultSizeMiB: 5, minIntervalSec: 0, maxIntervalSec: 900, defaultIntervalSec: 300 },
  opensearch: { minSizeMiB: 1, maxSizeMiB: 100, defaultSizeMiB: 5, minIntervalSec: 0, maxIntervalSec: 900, defaultIntervalSec: 300 },
  http: { minSizeMiB: 1, maxSizeMiB: 64, defaultSizeMiB: 5, minIntervalSec: 0, maxIntervalSec: 900, defaultIntervalSec: 300 },
  splunk: { minSizeMiB: 1, maxSizeMiB: 5, defaultSizeMiB: 5, minIntervalSec: 0, maxIntervalSec: 60, defaultIntervalSec: 60 },
  snowflake: { minSizeMiB: 1, maxSizeMiB: 128, defaultSizeMiB: 128, minIntervalSec: 0, maxIntervalSec: 900, defaultIntervalSec: 0 },
};

/**
 * With record format conversion (Parquet/ORC) the buffer size cannot be below 64 MiB and defaults to 128
 * (firehose guide record-format-conversion.md, 2022-03-18). We apply the same 64 MiB floor with dynamic
 * partitioning, as the Firehose console does; kinesis-facts.md does not cover that case.
 */
export const FIREHOSE_COLUMNAR_MIN_SIZE_MIB = 64;
export const FIREHOSE_COLUMNAR_DEFAULT_SIZE_MIB = 128;
/** AWS recommends a buffer size larger than about 10 s of ingest (kinesis-facts.md §3.3, buffering notes). */
export const FIREHOSE_RECOMMENDED_BUFFER_INGEST_SEC = 10;
/** With a Kinesis stream source, Firehose calls GetRecords once per second per shard (firehose guide writing-with-kinesis-streams.md). */
export const FIREHOSE_GET_RECORDS_INTERVAL_SEC = 1;

/**
 * Dynamic partitioning: 500 active partitions per Firehose stream by default, up to 5,000 on request; 1 GB/s per
 * active partition (firehose guide limits.md, 2023). Records beyond the partition limit go to the S3 error prefix,
 * and multi-stage buffering can make the end-to-end delay 1.5 times the buffering hint
 * (firehose guide dynamic-partitioning.md, "Data buffering and dynamic partitioning").
 */
export const FIREHOSE_ACTIVE_PARTITIONS_DEFAULT_MAX = 500;
export const FIREHOSE_ACTIVE_PARTITIONS_MAX = 5000;
export const FIREHOSE_PARTITION_MAX_BYTES_PER_SEC = 1e9;
export const FIREHOSE_DYNAMIC_PARTITIONING_DELAY_FACTOR = 1.5;

/**
 * Lambda transformation: processor buffer 0.2–3 MB, default 1 MB (256 KB for Splunk), interval default 60 s; up to 5
 * outstanding invocations per shard (10 for Splunk) (botocore ProcessorParameter; firehose guide
 * data-transformation.md and limits.md, 2023). The synchronous invocation payload is limited to 6 MB for the request
 * and for the response (data-transformation.md); we read MB as MiB here as for the buffer hints.
 */
export const FIREHOSE_LAMBDA_BUFFER_MIN_MIB = 0.2;
export const FIREHOSE_LAMBDA_BUFFER_MAX_MIB = 3;
export const FIREHOSE_LAMBDA_BUFFER_DEFAULT_MIB = 1;
export const FIREHOSE_LAMBDA_BUFFER_DEFAULT_MIB_SPLUNK = 0.25;
export const FIREHOSE_LAMBDA_INTERVAL_DEFAULT_SEC = 60;
export const FIREHOSE_LAMBDA_OUTSTANDING_PER_SHARD = 5;
export const FIREHOSE_LAMBDA_OUTSTANDING_PER_SHARD_SPLUNK = 10;
export const LAMBDA_SYNC_PAYLOAD_MAX_BYTES = 6 * MiB;

/* Amazon Managed Service for Apache Flink (kinesis-facts.md §3.4) */

/**
 * A KPU is 1 vCPU and 4 GB of memory with 50 GB of running application storage; KPUs = Parallelism /
 * ParallelismPerKPU (default 1, max 8); default limit 32 KPUs per application; one extra KPU per application for
 * orchestration (awsdocs managed-flink how-scaling.md, limits.md; how-pricing.html).
 */
export const FLINK_RUNNING_STORAGE_GB_PER_KPU = 50;
export const FLINK_MAX_PARALLELISM_PER_KPU = 8;
export const FLINK_DEFAULT_MAX_KPUS = 32;
export const FLINK_ORCHESTRATION_KPUS = 1;
/**
 * The Flink Kinesis source polls each shard every 200 ms by default (flink.shard.getrecords.intervalmillis,
 * DEFAULT_SHARD_GETRECORDS_INTERVAL_MILLIS = 200 in apache/flink-connector-aws ConsumerConfigConstants).
 */
export const FLINK_POLL_INTERVAL_DEFAULT_SEC = 0.2;
/**
 * Apache Flink caps a job's maximum parallelism at 32,768 (UPPER_BOUND_MAX_PARALLELISM = 1 << 15 in
 * apache/flink KeyGroupRangeAssignment); with at least one parallel task per KPU no application has more KPUs.
 */
export const FLINK_MAX_PARALLELISM = 32_768;

/**
 * On-demand Data-In is metered per record "rounded up to the nearest 1 KB (1,024 bytes)"
 * (https://aws.amazon.com/kinesis/data-streams/pricing/; kinesis-facts.md §3.2). We apply the same rounding to
 * On-demand Advantage ingest, which AWS prices per GB ingested in the same way.
 */
export const ON_DEMAND_DATA_IN_ROUND_BYTES = 1024;

/**
 * Lambda's Kinesis event source mapping: BatchSize 100 by default (at most 10,000 records),
 * MaximumBatchingWindowInSeconds 0 (at most 300 s), ParallelizationFactor 1 (at most 10 concurrent batches per shard)
 * (docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html, the CreateEventSourceMapping API reference;
 * throttling-model.md §4.3).
 */
export const LAMBDA_BATCH_SIZE_DEFAULT = 100;
export const LAMBDA_BATCH_SIZE_MAX = 10_000;
export const LAMBDA_BATCH_WINDOW_DEFAULT_SEC = 0;
export const LAMBDA_BATCH_WINDOW_MAX_SEC = 300;
export const LAMBDA_PARALLELIZATION_FACTOR_DEFAULT = 1;
export const LAMBDA_PARALLELIZATION_FACTOR_MAX = 10;
/** Lambda concurrent executions per account and Region: 1,000 by default, adjustable (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
export const LAMBDA_ACCOUNT_CONCURRENCY_DEFAULT = 1000;

/** The same event source mapping ranges, by the API's parameter names (for declared infrastructure). */
export const LAMBDA_ESM_KINESIS_LIMITS = {
  BatchSize: { min: 1, max: LAMBDA_BATCH_SIZE_MAX },
  ParallelizationFactor: { min: 1, max: LAMBDA_PARALLELIZATION_FACTOR_MAX },
  MaximumBatchingWindowInSeconds: { min: 0, max: LAMBDA_BATCH_WINDOW_MAX_SEC },
} as const;
