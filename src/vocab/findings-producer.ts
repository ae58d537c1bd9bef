import type { NoArgs } from './findings.js';
import type { ShardBinding, WriteLimit } from './shard-limits.js';

/** Where a stream's keys come from: listed (`keys` or `pattern`), or a distribution known by its shares. */
export type KeyDistributionKind = 'listed' | 'uniform' | 'zipf' | 'hot-keys';

type AggregationArgs = {
  shardsWithout: number;
  shardsWith: number;
  putUnitsPerMonthWithout: number;
  putUnitsPerMonthWith: number;
  userRecordsPerAggregate: number;
  latencyAddedSec: number;
  /**
   * AGGREGATION_RECOMMENDED: the shards the stream needs now and with aggregation on, by the planner's computation on
   * every limit (shardsWith/shardsWithout count the write limits alone), and what sets the count with it.
   */
  streamShardsWithout?: number;
  streamShardsWith?: number;
  bindingWith?: ShardBinding | 'key-skew';
};

type UtilisationArgs = { utilisation: number };
type HotShardArgs = { utilisation: number; limit: WriteLimit; shards: number };

/** The producer-side findings: KPL aggregation, partition-key skew and throttling risk, by code. */
export interface ProducerFindingArgs {
  AGGREGATION_RECOMMENDED: AggregationArgs;
  AGGREGATION_GAIN: AggregationArgs;
  AGGREGATION_RECORDS_TOO_LARGE: { recordBytes: number; aggregationMaxSize: number };
  /**
   * `…After`: RecordMaxBufferedTime doubled until aggregates hold two records or more on average, and the records per
   * aggregate, PUT payload units a month and latency added there, by the planner; absent when no such setting exists.
   */
  AGGREGATION_RATE_TOO_LOW: AggregationArgs & {
    recordMaxBufferedTimeSec: number;
    recordMaxBufferedTimeSecAfter?: number;
    userRecordsPerAggregateAfter?: number;
    putUnitsPerMonthAfter?: number;
    latencyAddedSecAfter?: number;
  };
  AGGREGATION_NEEDS_DEAGGREGATION: NoArgs;
  /**
   * The keys over one shard's write limit, as one finding: the heaviest key's figures (`key` … `saltsNeeded`), every
   * such key with its own salts, and what salting them all does, computed by the planner (src/plan/salting.ts).
   */
  HOT_KEY_OVER_SHARD_LIMIT: {
    key: string;
    /** False for a stand-in key of a distribution (`#seed:rank`). */
    isNamed: boolean;
    share: number;
    userRecordsPerSec: number;
    kinesisRecordsPerSec: number;
    bytesPerSec: number;
    limit: WriteLimit;
    utilisation: number;
    saltsNeeded: number;
    /** Where the keys come from: `listed`, or the distribution (`zipf`, `uniform`, `hot-keys`) whose stand-ins these are. */
    distribution: KeyDistributionKind;
    /** How many keys are over the limit; their labels and their salts, heaviest first, each a JSON array as text. */
    keyCount: number;
    keys: string;
    saltsPerKey: string;
    /** The shards the plan has now, and after salting every key: keys still over, the shards needed (absent when none suffices), and the hottest shard then. */
    plannedShards: number;
    keysStillOverAfterSalting: number;
    shardsAfterSalting?: number;
    isHeadroomMetAfterSalting: boolean;
    hottestShardUtilisationAfterSalting: number;
    /** The share of the limit the headroom allows, 1 ÷ (1 + headroom). */
    target: number;
    /**
     * When salting those keys is not enough at the planned shards: salting every key above `furtherCapShare` of a
     * shard's limit into sub-keys of at most that share; how many keys (the lightest of them), the sub-keys in all,
     * the shards then needed (absent when none suffices) and the hottest shard then at the planned count.
     */
    furtherCapShare?: number;
    furtherKeyCount?: number;
    furtherLightestKey?: string;
    furtherLightestIsNamed?: boolean;
    furtherSubKeys?: number;
    shardsAfterFurtherSalting?: number;
    hottestShardUtilisationAfterFurtherSalting?: number;
  };
  KEY_SKEW_NEEDS_SHARDS: { shardsForSkew: number; evenShards: number; hottestShardShare: number };
  /**
   * The heaviest key leaves its shard less than the headroom (hot-shards.ts headroomBesideHeaviest): `keyUtilisation`
   * is the key's own share of a shard's limit at peak, `plannedUtilisation` the share its shard is planned up to,
   * `saltsForHeadroom` the sub-keys that keep the whole headroom (each within limit ÷ (1 + headroom)²).
   */
  HOT_KEY_HEADROOM_UNREACHABLE: {
    key: string;
    isNamed: boolean;
    headroom: number;
    distribution?: KeyDistributionKind;
    keyUtilisation?: number;
    plannedUtilisation?: number;
    saltsForHeadroom?: number;
  };
  /** The keys over one shard's limit, as one reason: the heaviest and the lightest of them, and how many. */
  RISK_KEY_OVER_SHARD_LIMIT: {
    key: string;
    isNamed: boolean;
    utilisation: number;
    limit: WriteLimit;
    distribution: KeyDistributionKind;
    keyCount: number;
    lightestKey: string;
    lightestIsNamed: boolean;
    lightestUtilisation: number;
  };
  RISK_HOT_SHARD_OVER_LIMIT: HotShardArgs;
  /** `target`: the share of the limit the stream's headroom allows, 1 ÷ (1 + headroom). */
  RISK_HOT_SHARD_NEAR_LIMIT: HotShardArgs & { target: number };
  RISK_KEY_SKEW: { imbalance: number; utilisation: number };
  RISK_BURSTY_TRAFFIC: { burstFactor: number; utilisation: number };
  RISK_SHARED_READ_OVER_LIMIT: UtilisationArgs;
  RISK_SHARED_READ_NEAR_LIMIT: UtilisationArgs & { target: number };
}
