import type { Finding } from '../vocab/findings.js';
import {
  formatByteRate,
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRecordRate,
} from './units.js';

type Args = Finding['args'];
const num = (a: Args, k: string): number => Number(a[k]);
const str = (a: Args, k: string): string => String(a[k]);

const LIMIT_NAMES: Record<string, string> = {
  writeBytes: '1 MiB/s',
  writeRecords: '1,000 records/s',
};
const limitName = (a: Args, k = 'limit') => LIMIT_NAMES[str(a, k)] ?? str(a, k);
/** "Partition key "x"", or for a key known only by its rank in the distribution, "The rank-1 partition key". */
const keyName = (a: Args) =>
  a.isNamed === false ? `The rank-${str(a, 'key').split(':')[1] ?? '?'} partition key of the distribution` : `Partition key "${str(a, 'key')}"`;

/** Wording of the producer-side findings: KPL aggregation, partition-key skew and throttling risk. */
/** "13 shards instead of 24", or "the same 11 shards" when aggregation does not change the count. */
function shardsWithWithout(a: Finding['args']): string {
  const w = Number(a.shardsWith);
  const wo = Number(a.shardsWithout);
  return w === wo ? `the same ${w} shard${w === 1 ? '' : 's'} (another limit binds)` : `${w} shards instead of ${wo}`;
}

export const producerFindingMessages: Record<string, (args: Args) => string> = {
  AGGREGATION_RECOMMENDED: (a) =>
    `KPL aggregation would pack ${formatNumber(num(a, 'userRecordsPerAggregate'))} records into each Kinesis record: ${shardsWithWithout(a)}, and ${formatNumber(num(a, 'putUnitsPerMonthWith'))} PUT payload units a month instead of ${formatNumber(num(a, 'putUnitsPerMonthWithout'))}, for about ${formatDuration(num(a, 'latencyAddedSec'))} of added latency. Set producer.aggregation: kpl; consumers must de-aggregate (the KCL does).`,
  AGGREGATION_GAIN: (a) =>
    `KPL aggregation packs ${formatNumber(num(a, 'userRecordsPerAggregate'))} records into each Kinesis record: ${shardsWithWithout(a)}, ${formatNumber(num(a, 'putUnitsPerMonthWith'))} PUT payload units a month instead of ${formatNumber(num(a, 'putUnitsPerMonthWithout'))}; it adds about ${formatDuration(num(a, 'latencyAddedSec'))} of latency.`,
  AGGREGATION_RECORDS_TOO_LARGE: (a) =>
    `Records of ${formatBytes(num(a, 'recordBytes'))} are too large for two to fit in an aggregate of ${formatBytes(num(a, 'aggregationMaxSize'))} (AggregationMaxSize): the KPL sends them one by one, so aggregation gains nothing.`,
  AGGREGATION_RATE_TOO_LOW: (a) =>
    `Only ${formatNumber(num(a, 'userRecordsPerAggregate'))} records reach each shard from one producer within RecordMaxBufferedTime (${formatDuration(num(a, 'recordMaxBufferedTimeSec'))}), so aggregates stay small. A longer RecordMaxBufferedTime or fewer producer instances per stream packs more, at the cost of latency.`,
  AGGREGATION_NEEDS_DEAGGREGATION: () =>
    'Lambda consumers receive aggregated records: de-aggregate them in the function (e.g. the aws-kinesis-agg library), or records will look corrupt.',
  HOT_KEY_OVER_SHARD_LIMIT: (a) =>
    `${keyName(a)} alone writes ${formatRecordRate(num(a, 'userRecordsPerSec'))} (${formatByteRate(num(a, 'bytesPerSec'))}) at peak, ${formatPercent(num(a, 'utilisation'))} of one shard's ${limitName(a)}. A key always lands on one shard, so no shard count fixes this: salt the key into ${num(a, 'saltsNeeded')} sub-keys (e.g. key#0 … key#${num(a, 'saltsNeeded') - 1}).`,
  KEY_SKEW_NEEDS_SHARDS: (a) =>
    `Partition keys are uneven: the hottest shard takes ${formatPercent(num(a, 'hottestShardShare'))} of the records, so the stream needs ${num(a, 'shardsForSkew')} shards where an even spread would need ${num(a, 'evenShards')}.`,
  HOT_KEY_HEADROOM_UNREACHABLE: (a) =>
    `Partition key "${str(a, 'key')}" alone uses more than the headroom allows (${formatPercent(num(a, 'headroom'))}): the shard holding it can only be kept within the limit itself. Salt the key to restore the headroom.`,
  RISK_KEY_OVER_SHARD_LIMIT: (a) =>
    `${keyName(a)} exceeds one shard's ${limitName(a)} on its own (${formatPercent(num(a, 'utilisation'))}).`,
  RISK_HOT_SHARD_OVER_LIMIT: (a) =>
    `At peak the hottest of ${num(a, 'shards')} shards runs at ${formatPercent(num(a, 'utilisation'))} of its ${limitName(a)}: writes to it will be throttled.`,
  RISK_HOT_SHARD_NEAR_LIMIT: (a) =>
    `At peak the hottest of ${num(a, 'shards')} shards runs at ${formatPercent(num(a, 'utilisation'))} of its ${limitName(a)}: little room for bursts within a second.`,
  RISK_KEY_SKEW: (a) =>
    `The hottest shard carries ${formatNumber(num(a, 'imbalance'))}× the mean shard's load.`,
  RISK_BURSTY_TRAFFIC: (a) =>
    `The peak is ${formatNumber(num(a, 'burstFactor'))}× the average; bursts shorter than the declared peak can go higher still.`,
  RISK_SHARED_READ_OVER_LIMIT: (a) =>
    `Polling readers ask for ${formatPercent(num(a, 'utilisation'))} of the shared 2 MiB/s read limit per shard.`,
  RISK_SHARED_READ_NEAR_LIMIT: (a) =>
    `Polling readers use ${formatPercent(num(a, 'utilisation'))} of the shared 2 MiB/s read limit per shard.`,
};
