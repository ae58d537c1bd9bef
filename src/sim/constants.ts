import { MiB } from '../vocab/units.js';

/**
 * Client-side constants the simulator models: AWS SDK for JavaScript v3 retry strategy and KPL retry settings.
 * Each number exists here once, with its source. Service limits live in src/limits.ts.
 */

/**
 * AWS SDK for JavaScript v3, standard retry mode (pre-2026 defaults, still the default): 3 attempts in total; full-jitter
 * backoff `floor(random() · min(20 000, base · 2^i))` with base 500 ms for throttling errors (which include
 * ProvisionedThroughputExceededException) and 100 ms for transient errors; a retry quota of 500 tokens per client,
 * 5 per retry (10 for timeouts), +1 on a success without retry, a retry's cost refunded when it succeeds
 * (throttling-model.md §4.1; smithy-lang/smithy-typescript packages/util-retry/src/constants.ts, config.ts,
 * StandardRetryStrategy.ts, defaultRetryBackoffStrategy.ts, before commit cffd868a).
 */
export const SDK_MAX_ATTEMPTS = 3;
export const SDK_THROTTLING_RETRY_DELAY_BASE_MS = 500;
export const SDK_DEFAULT_RETRY_DELAY_BASE_MS = 100;
export const SDK_MAXIMUM_RETRY_DELAY_MS = 20_000;
export const SDK_INITIAL_RETRY_TOKENS = 500;
export const SDK_RETRY_COST = 5;
export const SDK_TIMEOUT_RETRY_COST = 10;
export const SDK_NO_RETRY_INCREMENT = 1;

/**
 * The opt-in "retries 2026" behaviour (`AWS_NEW_RETRIES_2026=true`): throttling base 1,000 ms, transient base 50 ms,
 * throttling retry cost 5, transient retry cost 14 (throttling-model.md §4.1; smithy-typescript
 * .../util-retry/retries-2026-config.ts; kinesis-facts.md §6.1).
 */
export const SDK_2026_THROTTLING_RETRY_DELAY_BASE_MS = 1000;
export const SDK_2026_DEFAULT_RETRY_DELAY_BASE_MS = 50;
export const SDK_2026_RETRY_COST = 5;
export const SDK_2026_TRANSIENT_RETRY_COST = 14;

/**
 * KPL: a throttled record is re-buffered with a deadline of RecordMaxBufferedTime / 2 (50 ms with the 100 ms default),
 * with no backoff; its per-shard limiter holds at most 1,000 records and 10 MiB and starts empty
 * (throttling-model.md §4.2; awslabs/amazon-kinesis-producer aws/kinesis/core/retrier.cc, limiter.h;
 * kinesis-facts.md §1.8, §6.2). RateLimit and RecordTtl come from the workload's `producer` block.
 */
export const KPL_RETRY_DELAY_FRACTION_OF_BUFFERED_TIME = 0.5;
export const KPL_LIMITER_MAX_RECORDS = 1000;
export const KPL_LIMITER_MAX_BYTES = 10 * MiB;

/** PutRecord rounds each record's bytes up to a whole KiB for throttling (kinesis-facts.md; troubleshooting-producers). */
export const PUT_RECORD_BYTES_ROUNDING = 1024;

/** Enhanced fan-out push latency, about 70 ms (throttling-model.md §1.4; building-consumers). */
export const EFO_PROPAGATION_SEC = 0.07;

