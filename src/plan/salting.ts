import type { Stream } from '../workload/schema.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import type { KeyDistributionKind } from '../vocab/findings-producer.js';
import { analyzeKeyModel, headroomTarget, keysOverShardLimit, shardsForSkew, writeUtilisation, type HotKey, type SkewLoadOptions } from './hot-shards.js';
import { keySkewOf, saltedKeySkewOf } from './key-skew.js';

/**
 * What salting the keys over a shard's limit does. Each such key is split into its own number of sub-keys (the
 * smallest n whose 1/n of the key fits one shard's limit ÷ (1 + headroom), hot-shards.ts saltsFor), and the salted
 * distribution goes through the planner's own skew functions again (key-skew.ts saltedKeySkewOf, then
 * keysOverShardLimit, shardsForSkew and the hottest shard at the planned count): whether the rest of the distribution
 * still puts a shard over its limit, and how many shards it then needs, are computed, not estimated.
 */
export interface SaltedDistribution {
  /** Keys salted, and the sub-keys they become in all. */
  keys: number;
  subKeys: number;
  /** Keys still over one shard's limit after salting (0 when each key's salts suffice). */
  keysStillOver: number;
  /** Fewest shards whose hottest shard stays within the limits after salting (the skew's minimum); null when none. */
  shardsForSkew: number | null;
  /** Whether that count keeps the whole headroom (false when a salted key alone is above limit ÷ (1 + headroom)²). */
  isHeadroomMet: boolean;
  /** The hottest shard after salting at the planned count: its share of the records and its peak utilisation. */
  shardCount: number;
  hottestShardShare: number;
  hottestShardPeakUtilisation: number;
  hottestShardBinding: 'writeRecords' | 'writeBytes';
  /** False when the search for `shardsForSkew` ran out of the plan's key-placement budget (the count is then unknown). */
  isSearchComplete: boolean;
  /**
   * Shards the stream needs after salting, by the planner's shard computation on every limit with the salted skew's
   * minimum; null when no count keeps the hottest shard within its limits.
   */
  shardsNeeded: number | null;
}

/** Salting the keys over a shard's limit, and when that is not enough at the planned count, salting finer. */
export interface SaltingPlan extends SaltedDistribution {
  /**
   * When salting the keys over the limit is not enough at the planned count: finer salting that is, if any. Every key
   * above `capShare` of a shard's limit is split into sub-keys of at most that share, for the largest cap of
   * limit ÷ (1 + headroom) ÷ 2, ÷ 4, ÷ 8, ÷ 16 whose salted distribution needs no more shards than planned (else the
   * cap that needs the fewest): how many keys, the lightest of them, the sub-keys in all, and the outcome.
   */
  further: { capShare: number; keys: number; lightestKey: HotKey; subKeys: number; outcome: SaltedDistribution } | null;
}

type SaltingOutcome = Omit<SaltedDistribution, 'shardsNeeded'>;

/** The distribution with each key of `hot` salted, evaluated like the one before (without `shardsNeeded`). */
function saltingOutcome(partitionKeys: Stream['partitionKeys'], hot: readonly HotKey[], opts: SkewLoadOptions & { shardCount: number }): SaltingOutcome {
  const salts = new Map(hot.map((k) => [k.key, k.saltsNeeded]));
  const skew = saltedKeySkewOf(partitionKeys, salts);
  const still = keysOverShardLimit(skew, opts);
  const found = shardsForSkew(skew, opts);
  const isSearchComplete = found.countsTriedBeforeBudgetRanOut === undefined;
  const analysis = analyzeKeyModel(skew, opts.shardCount);
  const u = writeUtilisation(opts.loadOf(analysis.hottestShardShare * opts.peakUserRecordsPerSec, skew.isSingleKey));
  return {
    keys: hot.length,
    subKeys: hot.reduce((a, k) => a + k.saltsNeeded, 0),
    keysStillOver: still.length,
    shardsForSkew: found.shards ?? null,
    isHeadroomMet: found.isHeadroomMet,
    isSearchComplete,
    shardCount: opts.shardCount,
    hottestShardShare: analysis.hottestShardShare,
    hottestShardPeakUtilisation: u.utilisation,
    hottestShardBinding: u.binding,
  };
}

/**
 * Salting the keys over a shard's limit, through the planner's skew functions; when that leaves a salted or unsalted
 * key above what the headroom allows (so the hottest shard cannot keep its headroom, or no count suffices), salting
 * every key above limit ÷ (1 + headroom) as well. `shardsNeeded(minimum)` is the planner's shard count for a skew
 * minimum (index.ts).
 */
export function planSalting(
  partitionKeys: Stream['partitionKeys'],
  hot: readonly HotKey[],
  opts: SkewLoadOptions & { shardCount: number },
  shardsNeeded: (skewMinimum: number) => number,
): SaltingPlan {
  const needed = (o: SaltingOutcome) => (o.shardsForSkew === null || !o.isSearchComplete ? null : shardsNeeded(o.shardsForSkew));
  const first = saltingOutcome(partitionKeys, hot, opts);
  const firstNeeded = needed(first);
  let further: SaltingPlan['further'] = null;
  if (firstNeeded === null || firstNeeded > opts.shardCount) {
    const target = headroomTarget(opts.headroom);
    for (const divisor of FINER_SALTING_DIVISORS) {
      const capShare = target / divisor;
      const keys = keysOverShardLimit(keySkewOf(partitionKeys), { ...opts, headroom: 1 / capShare - 1 }, capShare);
      const lightestKey = keys[keys.length - 1];
      if (!lightestKey) continue;
      // Listed keys' sub-keys are each hashed and placed: past MAX_SALTED_SUB_KEYS the finer salting is not tried.
      if (!keySkewOf(partitionKeys).isAnalytic && keys.reduce((a, k) => a + k.saltsNeeded, 0) > MAX_SALTED_SUB_KEYS) break;
      const o = saltingOutcome(partitionKeys, keys, opts);
      const outcome = { ...o, shardsNeeded: needed(o) };
      const candidate = { capShare, keys: keys.length, lightestKey, subKeys: o.subKeys, outcome };
      const fewer = (x: number | null, y: number | null) => x !== null && (y === null || x < y);
      if (further === null || fewer(outcome.shardsNeeded, further.outcome.shardsNeeded)) further = candidate;
      if (outcome.shardsNeeded !== null && outcome.shardsNeeded <= opts.shardCount) break;
    }
  }
  return { ...first, shardsNeeded: firstNeeded, further };
}

/** Most sub-keys of listed keys a finer salting places (each by its MD5, at every shard count tried). */
const MAX_SALTED_SUB_KEYS = 4096;

/** The caps of finer salting tried, as divisors of the headroom's share of the limit. */
const FINER_SALTING_DIVISORS = [2, 4, 8, 16];

/** The one finding for the keys over a shard's limit: each key with its own salts, and what salting them all does. */
export function hotKeysFinding(
  streamIndex: number,
  hot: readonly HotKey[],
  salting: SaltingPlan,
  context: { distribution: KeyDistributionKind; plannedShards: number; headroom: number },
): Finding<'HOT_KEY_OVER_SHARD_LIMIT'> | undefined {
  const k = hot[0];
  if (!k) return undefined;
  return {
    code: 'HOT_KEY_OVER_SHARD_LIMIT',
    severity: 'error',
    path: fieldPath(['streams', streamIndex, 'partitionKeys']),
    args: {
      key: k.key,
      isNamed: k.isNamed,
      share: k.share,
      userRecordsPerSec: k.userRecordsPerSec,
      kinesisRecordsPerSec: k.kinesisRecordsPerSec,
      bytesPerSec: k.bytesPerSec,
      limit: k.binding,
      utilisation: k.utilisation,
      saltsNeeded: k.saltsNeeded,
      distribution: context.distribution,
      keyCount: hot.length,
      keys: JSON.stringify(hot.map((x) => x.key)),
      saltsPerKey: JSON.stringify(hot.map((x) => x.saltsNeeded)),
      plannedShards: context.plannedShards,
      keysStillOverAfterSalting: salting.keysStillOver,
      ...(salting.shardsNeeded !== null ? { shardsAfterSalting: salting.shardsNeeded } : {}),
      isHeadroomMetAfterSalting: salting.isHeadroomMet,
      hottestShardUtilisationAfterSalting: salting.hottestShardPeakUtilisation,
      target: headroomTarget(context.headroom),
      ...(salting.further
        ? {
            furtherCapShare: salting.further.capShare,
            furtherKeyCount: salting.further.keys,
            furtherLightestKey: salting.further.lightestKey.key,
            furtherLightestIsNamed: salting.further.lightestKey.isNamed,
            furtherSubKeys: salting.further.subKeys,
            ...(salting.further.outcome.shardsNeeded !== null ? { shardsAfterFurtherSalting: salting.further.outcome.shardsNeeded } : {}),
            hottestShardUtilisationAfterFurtherSalting: salting.further.outcome.hottestShardPeakUtilisation,
          }
        : {}),
    },
  };
}
