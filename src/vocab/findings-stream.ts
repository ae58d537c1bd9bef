import type { CostMode, OnDemandMode } from './capacity-modes.js';
import type { NoArgs } from './findings.js';
import type { ShardLimit } from './shard-limits.js';

type ReadCallsArgs = {
  callsPerShardPerSec: number;
  pollingReaders: number;
  shortestPollIntervalSec: number;
  /** The poll interval that brings the calls to 80 % of the limit with the same readers. */
  suggestedPollIntervalSec: number;
  /** Calls per shard per second with every reader polling at `suggestedPollIntervalSec` or slower (src/plan/shards.ts readCallsPerShardPerSec). */
  callsPerShardPerSecAfterPoll: number;
  /** The fewest readers, busiest first, that moved to enhanced fan-out bring the calls to 80 % of the limit; the calls then. */
  readersToEfo: number;
  callsPerShardPerSecAfterEfo: number;
};

/** The shard planner's findings (src/plan/stream.ts, src/plan/on-demand.ts), by code. */
export interface StreamFindingArgs {
  READ_CALLS_OVER_LIMIT: ReadCallsArgs;
  READ_CALLS_AT_RISK: ReadCallsArgs;
  /**
   * With prices: the stream's monthly cost in the planned `mode` now, and with the polling readers moved to enhanced
   * fan-out on `shardsAfter` shards (the write limits' count, or the stream's given count), by the cost model.
   */
  SHARED_READ_BINDS: {
    sharedReaders: number;
    readShards: number;
    writeShards: number;
    mode?: CostMode;
    shardsAfter?: number;
    monthlyUsd?: number;
    monthlyUsdAfter?: number;
  };
  NO_PEAK_GIVEN: NoArgs;
  /** `streamsNeeded`: the fewest streams that carry the traffic split evenly, each on `shardsPerStream` shards. */
  SHARDS_OVER_STREAM_MAXIMUM: { required: number; maximum: number; streamsNeeded?: number; shardsPerStream?: number };
  EXISTING_SHARDS_TOO_FEW: { existing: number; required: number; limit: ShardLimit; peakUtilisation: number };
  EXISTING_SHARDS_OUTGROWN: { existing: number; required: number; months: number };
  /**
   * With prices: the stream's provisioned monthly cost on the `existing` shards and on the `required` ones, by the cost
   * model, and the difference (`monthlyUsdSaved`).
   */
  EXISTING_SHARDS_OVERPROVISIONED: { existing: number; required: number; monthlyUsd?: number; monthlyUsdAfter?: number; monthlyUsdSaved?: number };
  /**
   * `shardsAfter`: the whole shards the stream needs without this consumer (the shard limits, the other consumers, the
   * hot-shard minimum); `recordsPerSecPerShardAfter`: the consumer's speed per shard at which it needs no more. Absent
   * when a faster consumer would not lower the count.
   */
  CONSUMER_BINDS: {
    consumer: string;
    consumerShards: number;
    writeShards: number;
    recordsPerSecPerShard: number;
    isCatchUp: boolean;
    shardsAfter?: number;
    recordsPerSecPerShardAfter?: number;
  };
  CONSUMER_FALLS_BEHIND: { consumer: string; shards: number; peakRecordsPerSec: number; capacityRecordsPerSec: number };
  CONSUMER_CATCH_UP_TOO_SLOW: { consumer: string; shards: number; catchUpSec: number; maxLagSec: number };
  LAMBDA_CONCURRENCY_OVER_DEFAULT: { consumer: string; shards: number; parallelizationFactor: number; concurrency: number; accountDefault: number };
  /** `provisionedShards`: the shards the stream needs in provisioned mode, by the shard planner. */
  ON_DEMAND_OVER_MAXIMUM: { mode: OnDemandMode; peakBytesPerSec: number; maxBytesPerSec: number; provisionedShards?: number };
  ON_DEMAND_BURST_THROTTLES: {
    mode: OnDemandMode;
    peakBytesPerSec: number;
    peakRecordsPerSec: number;
    instantBytesPerSec: number;
    /** The instant capacity in records/s (1,000 per MiB/s), the unit that drives the doublings, and the write throughput that takes the peak at once. */
    instantRecordsPerSec: number;
    drivenBy: 'writeRecords' | 'writeBytes';
    warmBytesPerSec: number;
    /** The capacity after the doublings (instant × 2^doublings), in both units. */
    scaledBytesPerSec: number;
    scaledRecordsPerSec: number;
    doublings: number;
    minutes: number;
    hasPreviousPeak: boolean;
  };
}
