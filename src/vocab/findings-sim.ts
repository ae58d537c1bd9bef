import type { DropCause } from './drop-causes.js';

/** The simulator's findings (src/sim/findings.ts), by code. Each names the stream it is about. */
export interface SimFindingArgs {
  SIM_THROTTLED: {
    stream: string;
    throttledShare: number;
    throttledAttempts: number;
    attempts: number;
    /** The workload's maxThrottledShare, when it has one. */
    budget?: number;
  };
  SIM_RECORDS_DROPPED: { stream: string; dropped: number; offered: number; mainCause: DropCause };
  SIM_HIDDEN_BURST: { stream: string; minute: number; burstRatio: number; throttled: number; minuteUtilisation: number };
  SIM_READ_THROTTLED: { stream: string; consumer: string; throttledCalls: number; calls: number };
  SIM_CONSUMER_LAG: { stream: string; consumer: string; maxIteratorAgeMs: number; isCapped: boolean };
  SIM_ON_DEMAND_SCALING_THROTTLE: { stream: string; splits: number; firstSplitAtSec: number; finalShards: number };
  SIM_TRACE_SPREAD_EVENLY: { stream: string; file: string; periodSec: number };
  SIM_PENDING_AT_END: { stream: string; pending: number };
  /** --find-shards found a count: beside the plan's, with what makes them differ. */
  SIM_SHARDS_VS_PLAN: {
    stream: string;
    maxThrottledShare: number;
    foundShards: number;
    plannedShards: number;
    /** The stream's headroom, and the shards its declared peak needs without it (the binding limit, rounded up). */
    headroom: number;
    shardsWithoutHeadroom: number;
    /** Shards the plan adds for the hottest shard (partition-key skew) over an even spread; 0 when none. */
    skewShards: number;
    /** The shard count the workload gives (an existing stream), when it gives one. */
    isExisting: boolean;
    /** Whether the simulated traffic goes above the declared peak (traffic.rate, a daily cycle, on/off, bursts). */
    hasTrafficAbovePeak: boolean;
  };
  /** --find-shards: no shard count helps, because single keys are over a shard's limit. */
  SIM_SHARDS_HOT_KEYS: { stream: string; maxThrottledShare: number; keys: string; salts: number };
  /** --find-shards: even the 10,000-shard maximum throttles more than the limit. */
  SIM_SHARDS_NONE: { stream: string; maxThrottledShare: number; maximum: number };
}
