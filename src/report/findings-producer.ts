import type { KeyDistributionKind, ProducerFindingArgs } from '../vocab/findings-producer.js';
import type { ShardBinding, WriteLimit } from '../vocab/shard-limits.js';
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

const DISTRIBUTION_NAMES: Record<KeyDistributionKind, string> = {
  listed: 'the listed keys',
  zipf: 'the Zipf distribution',
  uniform: 'the uniform distribution',
  'hot-keys': 'the unnamed keys beside the hot keys',
};

/** The rank of a stand-in key `#seed:rank`, or undefined for a real key. */
function rankOf(key: string, isNamed: boolean): number | undefined {
  if (isNamed) return undefined;
  const r = Number(/^#\d+:(\d+)$/.exec(key)?.[1]);
  return Number.isFinite(r) ? r : undefined;
}

/**
 * How reports name a key: a real key in quotes; a distribution's stand-in (`#seed:rank`) by its rank, "the heaviest
 * key (rank 1 of the Zipf distribution)", "the rank-2 key of the Zipf distribution", or `short`: "rank 2".
 */
export function keyLabel(a: { key: string; isNamed: boolean; distribution?: KeyDistributionKind | undefined }, short = false): string {
  const r = rankOf(a.key, a.isNamed);
  if (r === undefined) return short ? `"${a.key}"` : `partition key "${a.key}"`;
  if (short) return a.distribution === 'hot-keys' ? `unnamed key ${r}` : `rank ${r}`;
  const of = DISTRIBUTION_NAMES[a.distribution ?? 'listed'];
  if (a.distribution === 'uniform') return `key ${r} of ${of} (every key carries the same share)`;
  if (a.distribution === 'hot-keys') return `unnamed key ${r} beside the hot keys (they share the rest equally)`;
  return r === 1 ? `the heaviest key (rank 1 of ${of})` : `the rank-${r} key of ${of}`;
}

const COUNT_WORDS = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/**
 * Several keys named as one phrase, as keyLabel names each: a distribution's stand-ins in a row from rank 1 as "the
 * three heaviest keys (ranks 1–3 of the Zipf distribution)", other runs as "the keys of ranks 2–4 of the Zipf
 * distribution", real keys in quotes. `keys`: labels as the plan gives them (`#seed:rank` for a stand-in).
 */
export function keysLabel(keys: readonly string[], distribution: KeyDistributionKind): string {
  const list = keys.map((key) => ({ key, isNamed: distribution === 'listed' || rankOf(key, false) === undefined }));
  const first = list[0];
  if (first === undefined) return '';
  if (list.length === 1) return keyLabel({ ...first, distribution });
  const ranks = list.map((k) => rankOf(k.key, k.isNamed));
  if (ranks.every((r): r is number => r !== undefined)) {
    const inRow = ranks.every((r, j) => j === 0 || r === ranks[j - 1]! + 1);
    const lo = ranks[0]!;
    const hi = ranks[ranks.length - 1]!;
    const span = inRow ? `${lo}–${hi}` : `${ranks.slice(0, -1).join(', ')} and ${hi}`;
    if (distribution === 'hot-keys') return `unnamed keys ${span} beside the hot keys (they share the rest equally)`;
    if (distribution === 'uniform') return `keys ${span} of ${DISTRIBUTION_NAMES.uniform} (every key carries the same share)`;
    const of = `ranks ${span} of ${DISTRIBUTION_NAMES[distribution]}`;
    if (inRow && lo === 1) return `the ${COUNT_WORDS[ranks.length] ?? formatNumber(ranks.length)} heaviest keys (${of})`;
    return `the keys of ${of}`;
  }
  const words = list.map((k) => (k.isNamed ? `"${k.key}"` : keyLabel({ ...k, distribution })));
  return `partition keys ${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "5 sub-keys" or "2 sub-keys each". */
function subKeys(n: number, each: boolean): string {
  return `${n} sub-key${n === 1 ? '' : 's'}${each ? ' each' : ''}`;
}

/**
 * Each key with its own salts, heaviest first; runs of a distribution's ranks that need the same salts are joined:
 * "the heaviest key (rank 1 of the Zipf distribution) into 5 sub-keys, ranks 2–3 into 3 sub-keys each, …".
 */
export function saltsPerKeyText(
  keys: readonly { key: string; isNamed: boolean; saltsNeeded: number }[],
  distribution: KeyDistributionKind,
  isFromHeaviest = true,
): string {
  const parts: string[] = [];
  const isRanked = keys[0] !== undefined && rankOf(keys[0].key, keys[0].isNamed) !== undefined;
  for (let i = 0; i < keys.length; ) {
    const k = keys[i]!;
    const r = rankOf(k.key, k.isNamed);
    let j = i + 1;
    if (r !== undefined) {
      while (j < keys.length && keys[j]!.saltsNeeded === k.saltsNeeded && rankOf(keys[j]!.key, keys[j]!.isNamed) === r + (j - i)) j += 1;
    }
    const last = j - i - 1;
    if (r === undefined || last === 0) {
      parts.push(`${i === 0 || !isRanked ? keyLabel({ ...k, distribution }) : keyLabel(k, true)} into ${subKeys(k.saltsNeeded, false)}`);
    } else {
      const ranks = `ranks ${r}–${r + last}`;
      const first = `${ranks} of ${DISTRIBUTION_NAMES[distribution]}${isFromHeaviest ? ' (the heaviest)' : ''}`;
      parts.push(`${i === 0 || !isRanked ? first : ranks} into ${subKeys(k.saltsNeeded, true)}`);
    }
    i = j;
  }
  return parts.join(', ');
}

/** One line of the partition-keys section for a key over a shard's limit. */
export function hotKeyLine(
  k: { key: string; isNamed: boolean; share: number; userRecordsPerSec: number; utilisation: number; binding: WriteLimit; saltsNeeded: number },
  distribution: KeyDistributionKind,
): string {
  return `${capitalise(keyLabel({ ...k, distribution }))}: ${formatPercent(k.share)} of records, ${formatNumber(k.userRecordsPerSec)} records/s = ${formatPercent(k.utilisation)} of one shard's ${k.binding === 'writeBytes' ? 'write bytes' : 'write records'} limit; no shard count fixes it: salt it into ${subKeys(k.saltsNeeded, false)}`;
}

/** The cheapest fix when keys are over a shard's limit: each key's salts, and the shards the stream then needs. */
export function saltFixText(p: {
  distribution: KeyDistributionKind;
  keysOverShardLimit: readonly { key: string; isNamed: boolean; saltsNeeded: number }[];
  salting: { shardsNeeded: number | null; shardCount: number; further: { outcome: { shardsNeeded: number | null } } | null } | null;
}): string {
  const s = p.salting;
  const finer = s?.further?.outcome.shardsNeeded;
  const then =
    s === null || s === undefined
      ? ''
      : s.shardsNeeded === null
        ? ', and still no shard count suffices'
        : s.shardsNeeded > s.shardCount
          ? `, then ${s.shardsNeeded} shards`
          : '';
  const further = finer !== undefined && finer !== null ? ` (salting finer: ${finer} shards)` : '';
  return `salt ${saltsPerKeyText(p.keysOverShardLimit, p.distribution)}${then}${further}`;
}

/** What salting every key over the limit does, from the plan's re-run of the salted distribution. */
function afterSalting(a: ProducerFindingArgs['HOT_KEY_OVER_SHARD_LIMIT']): string {
  const them = a.keyCount === 1 ? 'it' : a.keyCount === 2 ? 'both' : `all ${a.keyCount}`;
  if (a.keysStillOverAfterSalting > 0) {
    return `Even salted, ${a.keysStillOverAfterSalting} key${a.keysStillOverAfterSalting === 1 ? '' : 's'} would still exceed a shard's limit.`;
  }
  const util = formatPercent(a.hottestShardUtilisationAfterSalting);
  let first: string;
  if (a.shardsAfterSalting === undefined) {
    first = `Salting ${them} is not enough: the other keys still put a shard over its limit at any shard count the plan can reach.`;
  } else if (a.shardsAfterSalting > a.plannedShards) {
    const over = a.hottestShardUtilisationAfterSalting > 1 ? 'over its limit' : `above the ${formatPercent(a.target)} the headroom allows`;
    first = `Salting ${them} is not enough at ${a.plannedShards} shards: the hottest shard would still run at ${util} of its limit at peak (${over}); with ${a.keyCount === 1 ? 'the key' : 'the keys'} salted the stream needs ${a.shardsAfterSalting} shards.`;
  } else {
    first = `With ${them} salted, ${a.shardsAfterSalting} shards suffice: the hottest shard runs at ${util} of its limit at peak${a.isHeadroomMetAfterSalting ? '' : ' (a salted key leaves its shard less than the headroom)'}.`;
  }
  if (a.furtherCapShare === undefined || a.furtherKeyCount === undefined) return first;
  const lightestRank = rankOf(a.furtherLightestKey ?? '', a.furtherLightestIsNamed ?? true);
  const lightest = keyLabel({ key: a.furtherLightestKey ?? '', isNamed: a.furtherLightestIsNamed ?? true }, true);
  const which =
    a.furtherKeyCount === 1
      ? lightest
      : lightestRank === a.furtherKeyCount
        ? `ranks 1–${formatNumber(a.furtherKeyCount)}`
        : `${formatNumber(a.furtherKeyCount)} keys, down to ${lightest}`;
  const outcome =
    a.shardsAfterFurtherSalting === undefined
      ? 'still leaves no shard count sufficing'
      : `needs ${a.shardsAfterFurtherSalting} shards (the hottest of ${a.plannedShards} at ${formatPercent(a.hottestShardUtilisationAfterFurtherSalting ?? 0)} of its limit at peak)`;
  return `${first} Salting finer, every key above ${formatPercent(a.furtherCapShare)} of a shard's limit (${which}) into sub-keys of at most that (${formatNumber(a.furtherSubKeys ?? 0)} sub-keys in all), ${outcome}.`;
}

function parseList<T>(text: string): T[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

const BINDING_NAMES: Record<ShardBinding | 'key-skew', string> = {
  writeBytes: 'the 1 MiB/s write limit',
  writeRecords: 'the 1,000 records/s write limit',
  readBytes: 'the shared 2 MiB/s read limit',
  consumer: "a consumer's processing speed",
  'key-skew': 'partition-key skew',
};

/**
 * The stream's shards with aggregation, by the planner's computation on every limit: "12 shards instead of 55 (then
 * the 1 MiB/s write limit binds)", or "the same 74 shards (the shared 2 MiB/s read limit binds)".
 */
function streamShardsWithWithout(a: { streamShardsWith?: number; streamShardsWithout?: number; bindingWith?: ShardBinding | 'key-skew'; shardsWith: number; shardsWithout: number }): string {
  if (a.streamShardsWith === undefined || a.streamShardsWithout === undefined || a.bindingWith === undefined) return shardsWithWithout(a);
  const binds = BINDING_NAMES[a.bindingWith];
  const writes =
    a.shardsWith !== a.shardsWithout && (a.shardsWith !== a.streamShardsWith || a.shardsWithout !== a.streamShardsWithout)
      ? `; the write limits alone: ${a.shardsWith} instead of ${a.shardsWithout}`
      : '';
  return a.streamShardsWith === a.streamShardsWithout
    ? `the stream keeps ${a.streamShardsWith} shards (${binds} binds${writes})`
    : `the stream needs ${a.streamShardsWith} shards instead of ${a.streamShardsWithout} (then ${binds} binds${writes})`;
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
    `KPL aggregation would pack ${formatNumber(a.userRecordsPerAggregate)} records into each Kinesis record: ${streamShardsWithWithout(a)}, and ${formatNumber(a.putUnitsPerMonthWith)} PUT payload units a month instead of ${formatNumber(a.putUnitsPerMonthWithout)}, for about ${formatDuration(a.latencyAddedSec)} of added latency. Set producer.aggregation: kpl; consumers must de-aggregate (the KCL does).`,
  AGGREGATION_GAIN: (a) =>
    `KPL aggregation packs ${formatNumber(a.userRecordsPerAggregate)} records into each Kinesis record: ${shardsWithWithout(a)}, ${formatNumber(a.putUnitsPerMonthWith)} PUT payload units a month instead of ${formatNumber(a.putUnitsPerMonthWithout)}; it adds about ${formatDuration(a.latencyAddedSec)} of latency.`,
  AGGREGATION_RECORDS_TOO_LARGE: (a) =>
    `Records of ${formatBytes(a.recordBytes)} are too large for two to fit in an aggregate of ${formatBytes(a.aggregationMaxSize)} (AggregationMaxSize): the KPL sends them one by one, so aggregation gains nothing.`,
  AGGREGATION_RATE_TOO_LOW: (a) =>
    `Only ${formatNumber(a.userRecordsPerAggregate)} records reach each shard from one producer within RecordMaxBufferedTime (${formatDuration(a.recordMaxBufferedTimeSec)}), so aggregates stay small. A longer RecordMaxBufferedTime or fewer producer instances per stream packs more, at the cost of latency${
      a.recordMaxBufferedTimeSecAfter !== undefined &&
      a.userRecordsPerAggregateAfter !== undefined &&
      a.putUnitsPerMonthAfter !== undefined &&
      a.latencyAddedSecAfter !== undefined
        ? `: at ${formatDuration(a.recordMaxBufferedTimeSecAfter)}, ${formatNumber(a.userRecordsPerAggregateAfter)} records per aggregate and ${formatNumber(a.putUnitsPerMonthAfter)} PUT payload units a month instead of ${formatNumber(a.putUnitsPerMonthWith)}, for about ${formatDuration(a.latencyAddedSecAfter)} of added latency`
        : ''
    }.`,
  AGGREGATION_NEEDS_DEAGGREGATION: () =>
    'Lambda consumers receive aggregated records: de-aggregate them in the function (e.g. the aws-kinesis-agg library), or records will look corrupt.',
  HOT_KEY_OVER_SHARD_LIMIT: (a) => {
    const heaviest = `${formatRecordRate(a.userRecordsPerSec)} (${formatByteRate(a.bytesPerSec)}) at peak, ${formatPercent(a.utilisation)} of one shard's ${LIMIT_NAMES[a.limit]}`;
    if (a.keyCount <= 1) {
      return `${capitalise(keyLabel(a))} alone writes ${heaviest}. A key always lands on one shard, so no shard count fixes this: salt the key into ${subKeys(a.saltsNeeded, false)} (e.g. key#0 … key#${a.saltsNeeded - 1}). ${afterSalting(a)}`;
    }
    const labels = parseList<string>(a.keys);
    const salts = parseList<number>(a.saltsPerKey);
    const keys = labels.map((key, i) => ({ key, isNamed: i === 0 ? a.isNamed : rankOf(key, false) === undefined, saltsNeeded: salts[i] ?? 0 }));
    return `${a.keyCount} partition keys each exceed one shard's write limit at peak; ${keyLabel(a)} writes ${heaviest}. A key always lands on one shard, so no shard count fixes them: salt each into its own number of sub-keys (key#0 … key#n−1): ${saltsPerKeyText(keys, a.distribution)}. ${afterSalting(a)}`;
  },
  KEY_SKEW_NEEDS_SHARDS: (a) =>
    `Partition keys are uneven: the hottest shard takes ${formatPercent(a.hottestShardShare)} of the records, so the stream needs ${a.shardsForSkew} shards where an even spread would need ${a.evenShards}.`,
  HOT_KEY_HEADROOM_UNREACHABLE: (a) =>
    `${capitalise(keyLabel(a))} alone ${a.keyUtilisation !== undefined ? `takes ${formatPercent(a.keyUtilisation)} of a shard's limit at peak, so its shard cannot keep the ${formatPercent(a.headroom)} headroom` : `leaves its shard less than the ${formatPercent(a.headroom)} headroom`}${a.plannedUtilisation !== undefined ? `: the shard is planned at up to ${formatPercent(a.plannedUtilisation)} of its limit (${formatNumber(1 + a.headroom)} × the key's own load, at most the limit) instead of ${formatPercent(1 / (1 + a.headroom))}` : ''}. ${a.saltsForHeadroom !== undefined ? `Salting it into ${subKeys(a.saltsForHeadroom, false)} keeps the whole headroom.` : 'Salt the key to keep the whole headroom.'}`,
  RISK_KEY_OVER_SHARD_LIMIT: (a) =>
    a.keyCount <= 1
      ? `${capitalise(keyLabel(a))} exceeds one shard's ${LIMIT_NAMES[a.limit]} on its own (${formatPercent(a.utilisation)}).`
      : `${a.keyCount} keys exceed one shard's write limit on their own: ${keyLabel(a)} at ${formatPercent(a.utilisation)} of its ${LIMIT_NAMES[a.limit]}, down to ${keyLabel({ key: a.lightestKey, isNamed: a.lightestIsNamed }, true)} at ${formatPercent(a.lightestUtilisation)}.`,
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
