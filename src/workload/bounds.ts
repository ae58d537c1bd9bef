import {
  ACCOUNT_SHARDS_DEFAULT_QUOTA_MOST_REGIONS,
  CLOUDWATCH_MAX_HISTORY_SEC,
  EFO_MAX_CONSUMERS_ADVANTAGE,
  MAX_SHARDS_PER_STREAM,
  MAX_STREAM_WRITE_BYTES_PER_SEC,
  RETENTION_MAX_HOURS,
  SHARD_GET_RECORDS_CALLS_PER_SEC,
  SHARD_ITERATOR_LIFETIME_SEC,
  SHARD_READ_BYTES_PER_SEC,
} from '../limits.js';

/**
 * The largest value each workload field accepts where src/limits.ts has no AWS limit for it, or where the bound
 * follows from one. Each keeps the planner's and the simulator's work finite and small, and
 * docs/exit-codes-and-bounds.md lists them ("Bounds"). Every number here is written once; the schema, the JSON Schema
 * and the messages read it.
 */

/** Whole numbers are exact up to 2^53 − 1 in JavaScript: the largest count any field takes. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** Streams in one workload: at most one per shard of the default account quota of most Regions (limits.ts). */
export const MAX_STREAMS = ACCOUNT_SHARDS_DEFAULT_QUOTA_MOST_REGIONS;
/** Firehose stages and Flink applications in one workload: as many as streams (no AWS limit binds first). */
export const MAX_STAGES = MAX_STREAMS;

/**
 * Consumers of one stream: the 50 enhanced fan-out consumers of an On-demand Advantage stream, plus the polling
 * consumers that can share a shard's 5 GetRecords calls per second when each polls only as often as its shard
 * iterator lives (every 5 minutes): 5 × 300 = 1,500.
 */
export const MAX_CONSUMERS_PER_STREAM = EFO_MAX_CONSUMERS_ADVANTAGE + SHARD_GET_RECORDS_CALLS_PER_SEC * SHARD_ITERATOR_LIFETIME_SEC;

/** Keys placed one by one by the key model (src/plan/key-shares.ts); the rest of the traffic is spread evenly. */
export const MAX_PLACED_KEYS = 65_536;
/** Keys a `keys` list or a `pattern` places exactly by MD5; a larger pattern is sampled to this many keys. */
export const MAX_EXACT_KEYS = 262_144;
/** Zipf keys assumed when `distinct` is not given (the heaviest MAX_PLACED_KEYS of them are placed). */
export const DEFAULT_ZIPF_KEYS = 1_000_000;
/**
 * Keys placed one by one in a whole workload: each is hashed (MD5) and kept for the plan and the simulator, about
 * 2 µs and 200 bytes apiece; 2^19 is, say, eight streams of 65,536 keys.
 */
export const MAX_WORKLOAD_PLACED_KEYS = 524_288;
/** Named hot keys: each is placed one by one. */
export const MAX_HOT_KEYS = MAX_PLACED_KEYS;
/** Numeric ranges in one key pattern (`device-{1..20}-{1..500}` has two). */
export const MAX_KEY_PATTERN_RANGES = 8;

/** Multiples of a rate (a peak of `3x`, burst and spike factors): no burst is a million times its base. */
export const MAX_FACTOR = 1_000_000;
/** Headroom, growth per month and the Zipf exponent: ten times (1,000 %) is past any plan. */
export const MAX_HEADROOM = 10;
export const MAX_GROWTH_PER_MONTH = 10;
export const MAX_ZIPF_EXPONENT = 10;
/** Planning horizon for growth: ten years. */
export const MAX_HORIZON_SEC = 10 * 365 * 86_400;

/**
 * Bytes kept or replayed: everything the largest stream (10,000 shards × 1 MiB/s) holds over the longest retention
 * (365 days). Bounds long-term retention reads and Flink backups.
 */
export const MAX_STORED_BYTES = MAX_STREAM_WRITE_BYTES_PER_SEC * RETENTION_MAX_HOURS * 3600;
/** A month has at most 744 hours (31 days): the longest billing month. */
export const MAX_MONTH_HOURS = 744;
/** One consumer reads at most 2 MiB/s per shard of 10,000 shards: its replay in the longest month cannot exceed this. */
export const MAX_REPLAY_BYTES_PER_MONTH = MAX_SHARDS_PER_STREAM * SHARD_READ_BYTES_PER_SEC * MAX_MONTH_HOURS * 3600;

/** Producer processes writing one stream. */
export const MAX_PRODUCER_INSTANCES = 1_000_000;

/**
 * Any moment in a simulated run (spikes, pulses, on/off and heavy-tail periods) and the KPL's RecordTtl: the longest
 * simulation (CloudWatch's longest history, limits.ts), beyond which a time never comes.
 */
export const MAX_TRAFFIC_TIME_SEC = CLOUDWATCH_MAX_HISTORY_SEC;
/**
 * How long a producer waits before it resends (retry delays, KPL RecordMaxBufferedTime): an hour. The simulator keeps
 * one retry slot per step of the longest wait.
 */
export const MAX_CLIENT_WAIT_SEC = 3600;
/** Application resends of one record. */
export const MAX_RETRIES = 10_000;
/** A closed producer's workers: it is simulated request by request. */
export const MAX_CLOSED_WORKERS = 10_000;
/** A closed producer's round trip: 1 ms (no Kinesis request returns sooner) to 60 s. */
export const MIN_ROUND_TRIP_SEC = 0.001;
export const MAX_ROUND_TRIP_SEC = 60;
/** Spikes of one stream's traffic: each is looked at in every step. */
export const MAX_SPIKES = 1000;
/** Pulses of one stream's traffic: each is put in its step's slot once (sim/traffic.ts, pulseSchedule). */
export const MAX_PULSES = 100_000;

/** Longest acceptable delivery latency a Firehose target may ask for: a day. */
export const MAX_DELIVERY_LATENCY_SEC = 86_400;
