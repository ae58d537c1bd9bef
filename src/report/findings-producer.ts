import type { ProducerFindingArgs } from '../vocab/findings-producer.js';
import type { WriteLimit } from '../vocab/shard-limits.js';
import type { Wording } from './findings.js';
import {
  formatByteRate,
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRecordRate,
} from './units.js';

const LIMIT_NAMES: Record<WriteLimit, string> = {
  writeBytes: '1 MiB/s',
  writeRecords: '1,000 records/s',
};

/** "Partition key "x"", or for a stand-in key of a distribution (`#seed:rank`), "The rank-1 partition key …". */
function keyName(a: { key: string; isNamed: boolean }): string {
  return a.isNamed
    ? `Partition key "${a.key}"`
    : `The rank-${a.key.split(':')[1] ?? '?'} partition key of the distribution`;
}

/** "13 shards instead of 24", or "the same 11 shards" when aggregation does not change the count. */
function shardsWithWithout(a: { shardsWith: number; shardsWithout: number }): string {
  const w = a.shardsWith;
  const wo = a.shardsWithout;
  return w === wo
    ? `the same ${w} shard${w === 1 ? '' : 's'} (another limit binds)`
    : `${w} shards instead of ${wo}`;
}

/** Wording of the producer-side findings: KPL aggregation, partition-key skew and throttling risk. */
export const producerFindingMessages: Wording<ProducerFindingArgs> = {
  AGGREGATION_RECOMMENDED: (a) =>
    `KPL aggregation would pack ${formatNumber(a.userRecordsPerAggregate)} records into each Kinesis record: ${shardsWithWithout(a)}, and ${formatNumber(a.putUnitsPerMonthWith)} PUT payload units a month instead of ${formatNumber(a.putUnitsPerMonthWithout)}, for about ${formatDuration(a.latencyAddedSec)} of added latency. Set producer.aggregation: kpl; consumers must de-aggregate (the KCL does).`,
  AGGREGATION_GAIN: (a) =>
    `KPL aggregation packs ${formatNumber(a.userRecordsPerAggregate)} records into each Kinesis record: ${shardsWithWithout(a)}, ${formatNumber(a.putUnitsPerMonthWith)} PUT payload units a month instead of ${formatNumber(a.putUnitsPerMonthWithout)}; it adds about ${formatDuration(a.latencyAddedSec)} of latency.`,
  AGGREGATION_RECORDS_TOO_LARGE: (a) =>
    `Records of ${formatBytes(a.recordBytes)} are too large for two to fit in an aggregate of ${formatBytes(a.aggregationMaxSize)} (AggregationMaxSize): the KPL sends them one by one, so aggregation gains nothing.`,
  AGGREGATION_RATE_TOO_LOW: (a) =>
    `Only ${formatNumber(a.userRecordsPerAggregate)} records reach each shard from one producer within RecordMaxBufferedTime (${formatDuration(a.recordMaxBufferedTimeSec)}), so aggregates stay small. A longer RecordMaxBufferedTime or fewer producer instances per stream packs more, at the cost of latency.`,
  AGGREGATION_NEEDS_DEAGGREGATION: () =>
    'Lambda consumers receive aggregated records: de-aggregate them in the function (e.g. the aws-kinesis-agg library), or records will look corrupt.',
  HOT_KEY_OVER_SHARD_LIMIT: (a) =>
    `${keyName(a)} alone writes ${formatRecordRate(a.userRecordsPerSec)} (${formatByteRate(a.bytesPerSec)}) at peak, ${formatPercent(a.utilisation)} of one shard's ${LIMIT_NAMES[a.limit]}. A key always lands on one shard, so no shard count fixes this: salt the key into ${a.saltsNeeded} sub-keys (e.g. key#0 … key#${a.saltsNeeded - 1}).`,
  KEY_SKEW_NEEDS_SHARDS: (a) =>
    `Partition keys are uneven: the hottest shard takes ${formatPercent(a.hottestShardShare)} of the records, so the stream needs ${a.shardsForSkew} shards where an even spread would need ${a.evenShards}.`,
  HOT_KEY_HEADROOM_UNREACHABLE: (a) =>
    `${keyName(a)} alone uses more than the headroom allows (${formatPercent(a.headroom)}): the shard holding it can only be kept within the limit itself. Salt the key to restore the headroom.`,
  RISK_KEY_OVER_SHARD_LIMIT: (a) =>
    `${keyName(a)} exceeds one shard's ${LIMIT_NAMES[a.limit]} on its own (${formatPercent(a.utilisation)}).`,
  RISK_HOT_SHARD_OVER_LIMIT: (a) =>
    `At peak the hottest of ${a.shards} shards runs at ${formatPercent(a.utilisation)} of its ${LIMIT_NAMES[a.limit]}: writes to it will be throttled.`,
  RISK_HOT_SHARD_NEAR_LIMIT: (a) =>
    `At peak the hottest of ${a.shards} shards runs at ${formatPercent(a.utilisation)} of its ${LIMIT_NAMES[a.limit]}, above the ${formatPercent(a.target)} its headroom allows: less room for bursts than planned.`,
  RISK_KEY_SKEW: (a) => `The hottest shard carries ${formatNumber(a.imbalance)}× the mean shard's load.`,
  RISK_BURSTY_TRAFFIC: (a) =>
    `The peak is ${formatNumber(a.burstFactor)}× the average; bursts shorter than the declared peak can go higher still.`,
  RISK_SHARED_READ_OVER_LIMIT: (a) =>
    `Polling readers ask for ${formatPercent(a.utilisation)} of the shared 2 MiB/s read limit per shard.`,
  RISK_SHARED_READ_NEAR_LIMIT: (a) =>
    `Polling readers use ${formatPercent(a.utilisation)} of the shared 2 MiB/s read limit per shard, above the ${formatPercent(a.target)} the headroom allows.`,
};
