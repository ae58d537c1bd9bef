import { MAX_SHARDS_PER_STREAM, SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC } from '../limits.js';
import type { Stream } from '../workload/schema.js';
import { aggregate, type AggregateInput } from './aggregation.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import type { KeyDistributionKind } from '../vocab/findings-producer.js';
import { shardOfPlacedKey, standInRank, type KeyModel } from './key-shares.js';
import { keySkewOf, skewOfModel, type KeySkew } from './key-skew.js';

/**
 * Hot shards: a shard receives the records of the keys whose MD5 falls in its hash-key range, so its load is the sum
 * of those keys' shares, not 1/N. The write limits (1 MiB/s and 1,000 records/s, limits.ts) apply per shard; a single
 * key always lands on one shard, so a key above a shard's limit throttles at any shard count.
 */

/** Write load on one shard. */
export interface ShardWriteLoad {
  /** Kinesis records per second (aggregates when KPL aggregation is on). */
  recordsPerSec: number;
  /** Bytes per second against the 1 MiB/s limit: data plus partition keys. */
  bytesPerSec: number;
}

/**
 * The load a shard sees from `userRecordsPerSec` user records. `isSingleKey` says they all carry one partition key
 * (aggregates then hold one key-table entry).
 */
export type LoadOf = (userRecordsPerSec: number, isSingleKey: boolean) => ShardWriteLoad;

/** Load without aggregation: one Kinesis record of `bytesPerUserRecord` (payload + key) per user record. */
export function rawLoadOf(bytesPerUserRecord: number): LoadOf {
  return (r) => ({ recordsPerSec: r, bytesPerSec: r * bytesPerUserRecord });
}

/** Load with KPL aggregation at the shard (aggregation.ts): the shard's own records form its aggregates. */
export function aggregatedLoadOf(base: Omit<AggregateInput, 'userRecordsPerSecPerShard'>): LoadOf {
  return (r, isSingleKey) => {
    const a = aggregate({
      ...base,
      ...(isSingleKey ? { keys: { kind: 'fixed', keys: 1 } } : {}),
      userRecordsPerSecPerShard: r,
    });
    return { recordsPerSec: a.kinesisRecordsPerSec, bytesPerSec: a.kinesisBytesPerSec };
  };
}

/** Utilisation of a shard's write limits by a load: the larger of records/s ÷ 1,000 and bytes/s ÷ 1 MiB. */
export function writeUtilisation(load: ShardWriteLoad): {
  utilisation: number;
  binding: 'writeRecords' | 'writeBytes';
} {
  const records = load.recordsPerSec / SHARD_WRITE_RECORDS_PER_SEC;
  const bytes = load.bytesPerSec / SHARD_WRITE_BYTES_PER_SEC;
  return records >= bytes
    ? { utilisation: records, binding: 'writeRecords' }
    : { utilisation: bytes, binding: 'writeBytes' };
}

/** A load's utilisation scaled by the headroom: the load fits when this is within 1 (see `isWithinLimit`). */
function levelOf(load: ShardWriteLoad, headroom: number): number {
  return writeUtilisation(load).utilisation * (1 + headroom);
}

function isWithinLimit(level: number): boolean {
  return level <= 1 + 1e-12;
}

function fits(load: ShardWriteLoad, headroom: number): boolean {
  return isWithinLimit(levelOf(load, headroom));
}

/**
 * The smallest count s in [lo, hi] whose `levelAt(s)` is within the limit, for a level that never rises with the count
 * and is within it at `hi` (as for a monotone key skew): the count a bisection finds, in fewer evaluations. After `hi`
 * and `lo`, each count tried is guessed by regula falsi (Illinois) on the log of the level against the log of the
 * count, between the nearest counts tried either side; when two counts tried in a row leave more than half the
 * bracket, the next is its middle, so the bracket halves at least every three counts tried.
 */
export function smallestCountWithin(levelAt: (s: number) => number, lo: number, hi: number): number {
  let fit = { s: hi, level: levelAt(hi) };
  if (lo >= hi) return hi;
  let over = { s: lo, level: levelAt(lo) };
  if (isWithinLimit(over.level)) return lo;
  // The answer is in [a, b]: b is within the limit, a − 1 over it.
  let a = lo + 1;
  let b = hi;
  // Illinois: a side kept twice in a row has its log level halved, so that the next guess moves past the answer.
  let scaleOver = 1;
  let scaleFit = 1;
  let side = 0;
  // The bracket's width before each of the last two counts tried.
  let widths = [Infinity, Infinity];
  while (a < b) {
    const width = b - a;
    let s = Math.floor((a + b) / 2);
    if (width <= (widths[0] ?? Infinity) / 2) {
      const gOver = Math.log(over.level) * scaleOver;
      const gFit = Math.log(fit.level) * scaleFit;
      const guess = Math.ceil(Math.exp((Math.log(over.s) * gFit - Math.log(fit.s) * gOver) / (gFit - gOver)) - 1e-9);
      if (Number.isFinite(guess)) s = Math.min(b - 1, Math.max(a, guess));
    }
    const level = levelAt(s);
    const within = isWithinLimit(level);
    if (within) {
      b = s;
      fit = { s, level };
    } else {
      a = s + 1;
      over = { s, level };
    }
    const kept = within ? 1 : -1;
    if (kept === side) {
      if (within) scaleOver /= 2;
      else scaleFit /= 2;
    } else {
      scaleOver = 1;
      scaleFit = 1;
    }
    side = kept;
    widths = [widths[1] ?? Infinity, width];
  }
  return a;
}

/** How the keys fall on `shardCount` shards. */
export interface KeyAnalysis {
  shardCount: number;
  /**
   * The hottest shard: where keys are placed by MD5 (listed keys, named hot keys), the one with the most records;
   * where they are known only by a distribution, the shard of the heaviest key (its stand-in's MD5 for uniform and
   * Zipf keys), since which shard is hottest is then a matter of chance.
   */
  hottestShard: number;
  /** Exact for listed keys; for keys known by a distribution, the 99th percentile over random placement (key-skew.ts). */
  hottestShardShare: number;
  /** Hottest shard's share ÷ the mean share 1/N. 1 = perfectly even. */
  imbalance: number;
  /** The heaviest keys (up to 10) with their shard. Synthetic stand-ins are labelled `#seed:rank`. */
  topKeys: { key: string; share: number; shard: number; isNamed: boolean }[];
  /** True when every key was placed by its real MD5 (a keys list or pattern). */
  isExact: boolean;
  distinctKeys: number | undefined;
}

/** A placed key model or the plan's key skew, as the skew functions take it. */
export type SkewInput = KeySkew | KeyModel;

function skewOf(input: SkewInput): KeySkew {
  return 'hottestAt' in input ? input : skewOfModel(input);
}

/** The hottest shard and the top keys of a key skew (or a placed key model) on `shardCount` evenly split shards. */
export function analyzeKeyModel(input: SkewInput, shardCount: number): KeyAnalysis {
  const skew = skewOf(input);
  const hottest = skew.hottestAt(shardCount);
  const topKeys: KeyAnalysis['topKeys'] = [];
  for (let i = 0; i < 10; i += 1) {
    const k = skew.keyAt(i);
    if (!k) break;
    topKeys.push({ key: k.key, share: k.share, shard: shardOfPlacedKey(k, shardCount), isNamed: k.isNamed });
  }
  return {
    shardCount,
    hottestShard: hottest.shard,
    hottestShardShare: hottest.share,
    imbalance: hottest.share * shardCount,
    topKeys,
    isExact: skew.isExact,
    distinctKeys: skew.distinctKeys,
  };
}

/**
 * Key skew on `shardCount` shards as the plan evaluates it: exact by MD5 where keys or a pattern are given, the 99th
 * percentile over random placement where only a distribution is (key-skew.ts).
 */
export function analyzeKeys(partitionKeys: Stream['partitionKeys'], shardCount: number): KeyAnalysis {
  return analyzeKeyModel(keySkewOf(partitionKeys), shardCount);
}

/** A single partition key whose own rate exceeds a shard's write limit: no shard count fixes it. */
export interface HotKey {
  /** The key as the plan names it: the partition key itself, or a distribution's stand-in `#seed:rank`. */
  key: string;
  isNamed: boolean;
  /** A stand-in's rank in its distribution (1 = the heaviest); null for a named key. */
  rank: number | null;
  share: number;
  userRecordsPerSec: number;
  kinesisRecordsPerSec: number;
  bytesPerSec: number;
  binding: 'writeRecords' | 'writeBytes';
  /** The key's load ÷ one shard's limit. */
  utilisation: number;
  /** Sub-keys (salts) to split it into so that each stays within the limit with headroom. */
  saltsNeeded: number;
}

export interface SkewLoadOptions {
  peakUserRecordsPerSec: number;
  loadOf: LoadOf;
  headroom: number;
  /** True when `loadOf` is linear in the records (no aggregation): the shard search may then stop early. */
  isLoadLinear?: boolean;
  /** Key placements the search may still make (shared by every search of a plan); it stops when they run out. */
  budget?: { placements: number };
}

/**
 * The most key placements the shard searches of one plan make: a search tries every shard count from the even
 * spread's up to 10,000 and places every key at each (65,536 at most), which at worst takes seconds per stream.
 */
export const MAX_PLAN_KEY_PLACEMENTS = 500_000_000;

/** Salts that bring a key of `userRecordsPerSec` within the limit with headroom: the smallest n whose 1/n fits. */
function saltsFor(userRecordsPerSec: number, loadOf: LoadOf, headroom: number): number {
  const u = writeUtilisation(loadOf(userRecordsPerSec, true)).utilisation;
  for (let n = Math.max(1, Math.floor(u * (1 + headroom))); n < 1e7; n += 1) {
    if (fits(loadOf(userRecordsPerSec / n, true), headroom)) return n;
  }
  return Infinity;
}

/**
 * Keys whose own peak load exceeds one shard's write limit (heaviest first). Resharding cannot fix these: salt them.
 * With `above` < 1, the keys above that share of the limit instead (e.g. the share the headroom allows).
 */
export function keysOverShardLimit(input: SkewInput, opts: SkewLoadOptions, above = 1): HotKey[] {
  const skew = skewOf(input);
  const out: HotKey[] = [];
  for (let i = 0, k = skew.keyAt(0); k !== undefined; i += 1, k = skew.keyAt(i)) {
    const r = k.share * opts.peakUserRecordsPerSec;
    const load = opts.loadOf(r, true);
    const u = writeUtilisation(load);
    if (u.utilisation <= above + 1e-12) break;
    out.push({
      key: k.key,
      isNamed: k.isNamed,
      rank: k.isNamed ? null : standInRank(k.key),
      share: k.share,
      userRecordsPerSec: r,
      kinesisRecordsPerSec: load.recordsPerSec,
      bytesPerSec: load.bytesPerSec,
      binding: u.binding,
      utilisation: u.utilisation,
      saltsNeeded: saltsFor(r, opts.loadOf, opts.headroom),
    });
  }
  return out;
}

export interface SkewShards {
  /** Smallest shard count whose hottest shard stays within the limits; undefined when a single key is over a limit. */
  shards: number | undefined;
  /** Shards an even spread would need: the lower bound the search starts from. */
  evenShards: number;
  /** Whether the headroom could be kept: false when the heaviest key alone exceeds limit ÷ (1 + headroom). */
  isHeadroomMet: boolean;
  /** The hottest shard's share at `shards` (undefined when no count works). */
  hottestShardShare: number | undefined;
  /** Shard counts tried, when the search ran out of its budget before it found one. */
  countsTriedBeforeBudgetRanOut?: number;
}

/**
 * The headroom the hottest shard is held to when its heaviest key alone uses `keyUtilisation` of a shard's limit
 * (at most 1): the workload's `headroom` while the key leaves room for it, that is up to 1 ÷ (1 + headroom)² of the
 * limit; above, the shard may be filled to (1 + headroom) × the key's own use, up to the whole limit, which it reaches
 * when the key alone uses 1 ÷ (1 + headroom). The level allowed, 1 ÷ (1 + returned headroom), thus never falls as the
 * key grows and never jumps: more traffic never needs fewer shards. (Dropping the headroom all at once where the key
 * passes 1 ÷ (1 + headroom) needed, for 84 Zipf keys of 500 B, 151 shards at 7,846 records/s and 40 at 8,198.)
 */
export function headroomBesideHeaviest(keyUtilisation: number, headroom: number): number {
  const level = Math.min(1, Math.max(1 / (1 + headroom), (1 + headroom) * keyUtilisation));
  return level >= 1 ? 0 : level <= 1 / (1 + headroom) ? headroom : 1 / level - 1;
}

/** The largest share x in [0, 1] with `fitsAt(x)`, for a `fitsAt` that holds up to some share and not above it. */
function largestFittingShare(fitsAt: (x: number) => boolean): number {
  if (fitsAt(1)) return 1;
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 64 && hi - lo > 1e-15; k += 1) {
    const mid = (lo + hi) / 2;
    if (fitsAt(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The smallest shard count (≤ maxShards) whose hottest shard, at the peak, stays within the write limits with headroom.
 * Starts at the even-spread count and places the keys at each count upwards: placement is not monotone in the count.
 */
export function shardsForSkew(input: SkewInput, opts: SkewLoadOptions & { maxShards?: number }): SkewShards {
  const skew = skewOf(input);
  const maxShards = opts.maxShards ?? MAX_SHARDS_PER_STREAM;
  const peak = opts.peakUserRecordsPerSec;
  const evenFits = (s: number) => fits(opts.loadOf(peak / s, false), opts.headroom);
  let lo = 1;
  let hi = maxShards;
  if (!evenFits(hi))
    return {
      shards: undefined,
      evenShards: maxShards + 1,
      isHeadroomMet: false,
      hottestShardShare: undefined,
    };
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (evenFits(mid)) hi = mid;
    else lo = mid + 1;
  }
  const evenShards = lo;
  const heaviest = skew.keyAt(0);
  let headroom = opts.headroom;
  if (heaviest) {
    const single = opts.loadOf(heaviest.share * peak, true);
    if (!fits(single, 0))
      return { shards: undefined, evenShards, isHeadroomMet: false, hottestShardShare: undefined };
    headroom = headroomBesideHeaviest(writeUtilisation(single).utilisation, opts.headroom);
  }
  if (skew.isMonotone) {
    // The analytic share falls as shards are added: search the counts instead of walking up.
    const levelAt = (s: number) => levelOf(opts.loadOf(skew.hottestAt(s).share * peak, false), headroom);
    if (!isWithinLimit(levelAt(maxShards))) return { shards: undefined, evenShards, isHeadroomMet: false, hottestShardShare: undefined };
    const a = smallestCountWithin(levelAt, evenShards, maxShards);
    return { shards: a, evenShards, isHeadroomMet: headroom === opts.headroom, hottestShardShare: skew.hottestAt(a).share };
  }
  // Keys at fixed MD5s: placement is not monotone in the count, so every count is tried upwards. Without aggregation
  // the load is linear in the share, so a count whose hottest shard is over the largest share that fits can be passed
  // over as soon as one shard is: a key or two per count instead of all of them.
  const stopAbove = opts.isLoadLinear === true ? largestFittingShare((x) => fits(opts.loadOf(x * peak, false), headroom)) : undefined;
  for (let s = evenShards; s <= maxShards; s += 1) {
    if (opts.budget) {
      const cost = skew.placementsAt(s);
      if (cost > opts.budget.placements) {
        return { shards: undefined, evenShards, isHeadroomMet: false, hottestShardShare: undefined, countsTriedBeforeBudgetRanOut: s - evenShards };
      }
      opts.budget.placements -= cost;
    }
    const hottest = skew.hottestShareAt(s, stopAbove);
    if (hottest !== undefined && fits(opts.loadOf(hottest * peak, false), headroom)) {
      return { shards: s, evenShards, isHeadroomMet: headroom === opts.headroom, hottestShardShare: hottest };
    }
  }
  return { shards: undefined, evenShards, isHeadroomMet: false, hottestShardShare: undefined };
}


/** The kind of a `partitionKeys` block. */
export function keyDistributionOf(pk: Stream['partitionKeys']): KeyDistributionKind {
  return pk.keys !== undefined || pk.pattern !== undefined ? 'listed' : pk.distribution;
}

/** The partition-key section of a stream's plan: the JSON contract `streams[i].partitionKeys`. */
export interface PartitionKeysPlan {
  shardCount: number;
  hottestShard: number;
  hottestShardShare: number;
  imbalance: number;
  /** Shards needed so the hottest shard stays within the limits at the peak; null when a key alone is over. */
  shardsForSkew: number | null;
  evenShards: number;
  isHeadroomMet: boolean;
  keysOverShardLimit: HotKey[];
  topKeys: KeyAnalysis['topKeys'];
  isExact: boolean;
  distinctKeys: number | undefined;
  /** Where the keys come from: a `keys` list or `pattern` (listed), or the distribution that stands in for them. */
  distribution: KeyDistributionKind;
  /** Peak utilisation of the hottest shard's write limits at `shardCount`. */
  hottestShardPeakUtilisation: number;
  hottestShardBinding: 'writeRecords' | 'writeBytes';
  findings: Finding[];
}

/** Key skew for one stream at `shardCount` shards, with the shards skew needs and the keys no shard count fixes. */
export function planPartitionKeys(
  stream: Stream,
  streamIndex: number,
  opts: SkewLoadOptions & {
    shardCount: number;
    /** `shardsForSkew` for the same model and load, when the caller has it already (it does not depend on shardCount). */
    skew?: SkewShards;
  },
): PartitionKeysPlan {
  const keySkew = keySkewOf(stream.partitionKeys);
  const analysis = analyzeKeyModel(keySkew, opts.shardCount);
  const hot = keysOverShardLimit(keySkew, opts);
  const skew = opts.skew ?? shardsForSkew(keySkew, opts);
  const isSingleKey = keySkew.isSingleKey;
  const u = writeUtilisation(
    opts.loadOf(analysis.hottestShardShare * opts.peakUserRecordsPerSec, isSingleKey),
  );
  const pkPath = fieldPath(['streams', streamIndex, 'partitionKeys']);
  // The keys over a shard's limit are one finding, with what salting them does (salting.ts, index.ts).
  const findings: Finding[] = [];
  if (skew.shards !== undefined && skew.shards > skew.evenShards) {
    findings.push({
      code: 'KEY_SKEW_NEEDS_SHARDS',
      severity: 'warning',
      path: pkPath,
      args: {
        shardsForSkew: skew.shards,
        evenShards: skew.evenShards,
        hottestShardShare: skew.hottestShardShare ?? 0,
      },
    });
  }
  const heaviest = keySkew.keyAt(0);
  if (skew.shards !== undefined && !skew.isHeadroomMet && heaviest) {
    const keyRate = heaviest.share * opts.peakUserRecordsPerSec;
    const keyUtilisation = writeUtilisation(opts.loadOf(keyRate, true)).utilisation;
    findings.push({
      code: 'HOT_KEY_HEADROOM_UNREACHABLE',
      severity: 'warning',
      path: pkPath,
      args: {
        key: heaviest.key,
        isNamed: heaviest.isNamed,
        headroom: opts.headroom,
        distribution: keyDistributionOf(stream.partitionKeys),
        keyUtilisation,
        plannedUtilisation: 1 / (1 + headroomBesideHeaviest(keyUtilisation, opts.headroom)),
        // Sub-keys each within 1 ÷ (1 + headroom)² of the limit keep the whole headroom (headroomBesideHeaviest).
        saltsForHeadroom: saltsFor(keyRate, opts.loadOf, (1 + opts.headroom) ** 2 - 1),
      },
    });
  }
  return {
    shardCount: opts.shardCount,
    hottestShard: analysis.hottestShard,
    hottestShardShare: analysis.hottestShardShare,
    imbalance: analysis.imbalance,
    shardsForSkew: skew.shards ?? null,
    evenShards: skew.evenShards,
    isHeadroomMet: skew.isHeadroomMet,
    keysOverShardLimit: hot,
    topKeys: analysis.topKeys,
    isExact: analysis.isExact,
    distinctKeys: analysis.distinctKeys,
    distribution: keyDistributionOf(stream.partitionKeys),
    hottestShardPeakUtilisation: u.utilisation,
    hottestShardBinding: u.binding,
    findings,
  };
}

export type ThrottlingRiskLevel = 'low' | 'medium' | 'high';

export type CheapestFix =
  | { kind: 'none' }
  | { kind: 'salt-keys'; salts: number; keys: string[] }
  | { kind: 'aggregation' }
  | { kind: 'enhanced-fan-out' }
  | { kind: 'more-shards'; shards: number };

export interface ThrottlingRiskInput {
  streamIndex: number;
  /** Hottest shard's peak write utilisation at the planned shard count (1 = at the limit). */
  hottestShardPeakUtilisation: number;
  hottestShardBinding: 'writeRecords' | 'writeBytes';
  plannedShards: number;
  /** Peak ÷ average records per second. */
  burstFactor: number;
  /** Hottest shard ÷ mean shard. */
  imbalance: number;
  keysOverShardLimit: readonly HotKey[];
  /** Where the keys come from, to name a distribution's stand-ins; listed when not given. */
  keyDistribution?: KeyDistributionKind;
  /** Shards the skew needs (shardsForSkew), when some count works. */
  shardsForSkew: number | undefined;
  isAggregationOn: boolean;
  /** Whether two user records fit in one aggregate (aggregation can help at all). */
  canAggregate: boolean;
  /** Peak utilisation of the shared 2 MiB/s read limit by polling readers, when there are any. */
  sharedReadPeakUtilisation?: number;
  /**
   * The headroom the stream was sized with (0.2 = 20 %): a shard at or below 1 ÷ (1 + headroom) of a limit at the
   * peak is where the plan meant it to be.
   */
  headroom: number;
}

export interface ThrottlingRisk {
  level: ThrottlingRiskLevel;
  reasons: Finding[];
  cheapestFix: CheapestFix;
}

/** The utilisation a stream sized with this headroom is meant to stay within at its peak: 1 ÷ (1 + headroom). */
export function headroomTarget(headroom: number): number {
  return 1 / (1 + headroom);
}
/** Slack for float noise when a utilisation is compared with the headroom target or a limit. */
const UTILISATION_TOLERANCE = 1e-9;
/** Peak ÷ average at or above which traffic counts as bursty. */
export const BURSTY_FACTOR = 3;
/** Hottest ÷ mean at or above which key skew is a reason. */
export const SKEWED_IMBALANCE = 1.5;

/**
 * One throttling-risk summary per stream, measured against the headroom the stream was sized with: high when a shard
 * or a key is over a limit at the peak, medium when the hottest shard (or the shared read limit) is above the share
 * of its limit the headroom allows, else low. A plan at its own shard count is within its headroom by construction,
 * so it rates low unless a key, an existing shard count or the read side says otherwise. Key skew and bursts are
 * listed only to explain a rating above low. With each reason, the cheapest change that lowers it (salting is free;
 * aggregation costs no AWS fees; EFO and shards cost money).
 */
export function throttlingRisk(input: ThrottlingRiskInput): ThrottlingRisk {
  const path = fieldPath(['streams', input.streamIndex]);
  const reasons: Finding[] = [];
  const u = input.hottestShardPeakUtilisation;
  const read = input.sharedReadPeakUtilisation ?? 0;
  const target = headroomTarget(input.headroom);
  const over = (x: number) => x > 1 + UTILISATION_TOLERANCE;
  const aboveTarget = (x: number) => x > target + UTILISATION_TOLERANCE;
  let level: ThrottlingRiskLevel = 'low';
  const raise = (to: ThrottlingRiskLevel) => {
    if (to === 'high' || (to === 'medium' && level === 'low')) level = to;
  };
  const heaviest = input.keysOverShardLimit[0];
  const lightest = input.keysOverShardLimit[input.keysOverShardLimit.length - 1];
  if (heaviest && lightest) {
    reasons.push({
      code: 'RISK_KEY_OVER_SHARD_LIMIT',
      severity: 'error',
      path: fieldPath(['streams', input.streamIndex, 'partitionKeys']),
      args: {
        key: heaviest.key,
        isNamed: heaviest.isNamed,
        utilisation: heaviest.utilisation,
        limit: heaviest.binding,
        distribution: input.keyDistribution ?? 'listed',
        keyCount: input.keysOverShardLimit.length,
        lightestKey: lightest.key,
        lightestIsNamed: lightest.isNamed,
        lightestUtilisation: lightest.utilisation,
      },
    });
    raise('high');
  }
  if (over(u)) {
    reasons.push({
      code: 'RISK_HOT_SHARD_OVER_LIMIT',
      severity: 'error',
      path,
      args: { utilisation: u, limit: input.hottestShardBinding, shards: input.plannedShards },
    });
    raise('high');
  } else if (aboveTarget(u)) {
    reasons.push({
      code: 'RISK_HOT_SHARD_NEAR_LIMIT',
      severity: 'warning',
      path,
      args: { utilisation: u, limit: input.hottestShardBinding, shards: input.plannedShards, target },
    });
    raise('medium');
  }
  if (over(read)) {
    reasons.push({
      code: 'RISK_SHARED_READ_OVER_LIMIT',
      severity: 'error',
      path: fieldPath(['streams', input.streamIndex, 'consumers']),
      args: { utilisation: read },
    });
    raise('high');
  } else if (aboveTarget(read)) {
    reasons.push({
      code: 'RISK_SHARED_READ_NEAR_LIMIT',
      severity: 'warning',
      path: fieldPath(['streams', input.streamIndex, 'consumers']),
      args: { utilisation: read, target },
    });
    raise('medium');
  }
  // Context for a rating above low: what makes the hottest shard hot.
  if (level !== 'low' && input.imbalance >= SKEWED_IMBALANCE && u >= 0.5) {
    reasons.push({
      code: 'RISK_KEY_SKEW',
      severity: 'warning',
      path: fieldPath(['streams', input.streamIndex, 'partitionKeys']),
      args: { imbalance: input.imbalance, utilisation: u },
    });
  }
  if (level !== 'low' && input.burstFactor >= BURSTY_FACTOR && u >= 0.5) {
    reasons.push({
      code: 'RISK_BURSTY_TRAFFIC',
      severity: 'warning',
      path: fieldPath(['streams', input.streamIndex, 'records', 'peak']),
      args: { burstFactor: input.burstFactor, utilisation: u },
    });
  }

  let cheapestFix: CheapestFix = { kind: 'none' };
  if (level !== 'low') {
    if (input.keysOverShardLimit.length > 0) {
      cheapestFix = {
        kind: 'salt-keys',
        salts: Math.max(...input.keysOverShardLimit.map((k) => k.saltsNeeded)),
        keys: input.keysOverShardLimit.map((k) => k.key),
      };
    } else if (aboveTarget(u) && input.hottestShardBinding === 'writeRecords' && !input.isAggregationOn && input.canAggregate) {
      cheapestFix = { kind: 'aggregation' };
    } else if (aboveTarget(read) && read >= u) {
      cheapestFix = { kind: 'enhanced-fan-out' };
    } else if (input.shardsForSkew !== undefined && input.shardsForSkew > input.plannedShards) {
      cheapestFix = { kind: 'more-shards', shards: input.shardsForSkew };
    } else if (aboveTarget(u)) {
      // Scale the shards until the hottest is back within the headroom target.
      cheapestFix = { kind: 'more-shards', shards: Math.ceil((input.plannedShards * u) / target - UTILISATION_TOLERANCE) };
    }
  }
  return { level, reasons, cheapestFix };
}
