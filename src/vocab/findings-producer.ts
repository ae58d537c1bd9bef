import type { NoArgs } from './findings.js';
import type { WriteLimit } from './shard-limits.js';

type AggregationArgs = {
  shardsWithout: number;
  shardsWith: number;
  putUnitsPerMonthWithout: number;
  putUnitsPerMonthWith: number;
  userRecordsPerAggregate: number;
  latencyAddedSec: number;
};

type UtilisationArgs = { utilisation: number };
type HotShardArgs = { utilisation: number; limit: WriteLimit; shards: number };

/** The producer-side findings: KPL aggregation, partition-key skew and throttling risk, by code. */
export interface ProducerFindingArgs {
  AGGREGATION_RECOMMENDED: AggregationArgs;
  AGGREGATION_GAIN: AggregationArgs;
  AGGREGATION_RECORDS_TOO_LARGE: { recordBytes: number; aggregationMaxSize: number };
  AGGREGATION_RATE_TOO_LOW: AggregationArgs & { recordMaxBufferedTimeSec: number };
  AGGREGATION_NEEDS_DEAGGREGATION: NoArgs;
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
  };
  KEY_SKEW_NEEDS_SHARDS: { shardsForSkew: number; evenShards: number; hottestShardShare: number };
  HOT_KEY_HEADROOM_UNREACHABLE: { key: string; isNamed: boolean; headroom: number };
  RISK_KEY_OVER_SHARD_LIMIT: { key: string; isNamed: boolean; utilisation: number; limit: WriteLimit };
  RISK_HOT_SHARD_OVER_LIMIT: HotShardArgs;
  /** `target`: the share of the limit the stream's headroom allows, 1 ÷ (1 + headroom). */
  RISK_HOT_SHARD_NEAR_LIMIT: HotShardArgs & { target: number };
  RISK_KEY_SKEW: { imbalance: number; utilisation: number };
  RISK_BURSTY_TRAFFIC: { burstFactor: number; utilisation: number };
  RISK_SHARED_READ_OVER_LIMIT: UtilisationArgs;
  RISK_SHARED_READ_NEAR_LIMIT: UtilisationArgs & { target: number };
}
