import type { DropCause } from './drop-causes.js';
import type { KeyDistributionKind } from './findings-producer.js';

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
  /** Shards with more than their share of the records took most of the throttling: the keys that make them hot, and the fix. */
  SIM_HOT_SHARD: {
    stream: string;
    /** The hot shard that took the most throttled attempts, of how many; and how many shards are hot. */
    shard: number;
    shards: number;
    hotShards: number;
    /** That shard's share of the records, the hot shards' together, and their share of the run's throttled attempts. */
    loadShare: number;
    hotLoadShare: number;
    throttledShare: number;
    /**
     * The heaviest keys placed on the hot shards, comma-separated, as the plan names them (`#seed:rank` for a
     * distribution's stand-ins); their share of all records; and how many more such keys are not named.
     */
    keys: string;
    /** Where the keys come from (the plan's partitionKeys.distribution), to name a distribution's stand-ins. */
    distribution: KeyDistributionKind;
    keysShare: number;
    moreKeys: number;
    /** salt-keys: keys over a shard's limit on their own (salts: the plan's sub-key count); explicit-hash-keys: keys that only share a shard; more-shards: no key stands out. */
    fix: 'salt-keys' | 'explicit-hash-keys' | 'more-shards';
    salts: number;
    /** The fewest salts among those keys (each has its own, the plan's HOT_KEY_OVER_SHARD_LIMIT lists them); `salts` is the most. */
    minSalts?: number;
    /** The shards the plan finds for this skew, when more than simulated. */
    shardsForSkew?: number;
  };
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
  SIM_SHARDS_HOT_KEYS: { stream: string; maxThrottledShare: number; keys: string; distribution: KeyDistributionKind; salts: number; minSalts?: number };
  /** --find-shards: even the 10,000-shard maximum throttles more than the limit. */
  SIM_SHARDS_NONE: { stream: string; maxThrottledShare: number; maximum: number };
}
