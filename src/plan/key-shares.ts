import type { Stream } from '../workload/schema.js';
import { DEFAULT_ZIPF_KEYS, MAX_EXACT_KEYS, MAX_PLACED_KEYS } from '../workload/bounds.js';
import { keyPatternSize } from '../workload/key-bounds.js';
import { hashKeyOf, shardIndexOfHashKey } from './placement.js';

/**
 * Where a stream's records land, shard by shard, from its partition-key distribution. Every key that matters is placed
 * by the MD5 of its name (placement.ts): given keys exactly; keys known only by a distribution (uniform over N, Zipf
 * ranks, the rest beside named hot keys) get synthetic names `#<seed>:<rank>`, so that the seed picks one plausible set
 * of MD5 positions. Keys too many to place one by one (beyond `MAX_PLACED_KEYS`, always the lightest) are spread evenly.
 *
 * The plan uses this placement for listed keys only; for keys known by a distribution it takes the analytic 99th
 * percentile of key-skew.ts. The simulator, which needs every shard's share, places the seeded stand-ins (StreamPlan.keyModel).
 */

// Most keys placed one by one (the rest of the traffic is spread evenly), most keys of a `keys` list or a `pattern`
// hashed exactly (beyond this they are sampled by seed), and the Zipf key count assumed when `distinct` is not given:
// bounds of the workload file, which also counts the keys placed (placedKeyCount).
export { DEFAULT_ZIPF_KEYS, MAX_EXACT_KEYS, MAX_PLACED_KEYS } from '../workload/bounds.js';

/** One placed key: its label, its share of all records, and its 128-bit hash key. */
export interface PlacedKey {
  key: string;
  share: number;
  hashKey: bigint;
  /** ⌊hashKey / 2⁷⁵⌋ / 2⁵³ (hashKey / 2¹²⁸ to 53 bits): fast placement, checked exactly near shard boundaries. */
  fraction: number;
  /** True when `key` is a real partition key; false for a synthetic stand-in (`#seed:rank`). */
  isNamed: boolean;
}

/** The key distribution, ready to place on any number of shards. */
export interface KeyModel {
  /** Keys placed one by one, heaviest first. */
  keys: PlacedKey[];
  /** Share of the records taken as spread evenly over all shards (many light keys). */
  evenShare: number;
  /** True when every record's key is placed exactly by its real MD5 (a `keys` list or `pattern` within limits). */
  isExact: boolean;
  /** Distinct keys the model stands for; undefined = unbounded (perfectly even). */
  distinctKeys: number | undefined;
}

/** A key at its MD5 position. */
export function placedKey(key: string, share: number, isNamed: boolean): PlacedKey {
  const hashKey = hashKeyOf(key);
  return { key, share, hashKey, fraction: Number(hashKey >> 75n) / 2 ** 53, isNamed };
}

/**
 * A key whose MD5 is worked out only when its position is first asked for: the plan lists a distribution's stand-ins
 * by share (the keys over a shard's limit, the heaviest keys) far more often than it places them.
 */
export function lazyPlacedKey(key: string, share: number, isNamed: boolean): PlacedKey {
  return new LazyPlacedKey(key, share, isNamed);
}

class LazyPlacedKey implements PlacedKey {
  private placed: PlacedKey | undefined;

  constructor(
    readonly key: string,
    readonly share: number,
    readonly isNamed: boolean,
  ) {}

  get hashKey(): bigint {
    return (this.placed ??= placedKey(this.key, this.share, this.isNamed)).hashKey;
  }

  get fraction(): number {
    return (this.placed ??= placedKey(this.key, this.share, this.isNamed)).fraction;
  }
}

/** The label of a stand-in key: `#seed:rank`. */
export function standInKey(seed: number, rank: number): string {
  return `#${seed}:${rank}`;
}

/** The rank of a stand-in key `#seed:rank` (NaN for any other label). */
export function standInRank(label: string): number {
  return Number(/^#\d+:(\d+)$/.exec(label)?.[1] ?? NaN);
}

/** Expands `prefix{a..b}suffix` (one or more numeric ranges) into keys, in order; undefined when more than `max`. */
export function expandKeyPattern(pattern: string, max = MAX_EXACT_KEYS): string[] | undefined {
  const parts = pattern.split(/\{(\d+)\.\.(\d+)\}/);
  let out = [''];
  for (let i = 0; i < parts.length; i += 3) {
    const text = parts[i] ?? '';
    out = out.map((p) => p + text);
    if (i + 2 >= parts.length) break;
    const a = Number(parts[i + 1]);
    const b = Number(parts[i + 2]);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    if (out.length * (hi - lo + 1) > max) return undefined;
    const next: string[] = [];
    for (const p of out) for (let v = lo; v <= hi; v += 1) next.push(p + String(v));
    out = next;
  }
  return out;
}

// How many keys a pattern yields: the workload's count, which bounds it.
export { keyPatternSize };

/** The `i`-th key of a pattern (mixed-radix over its ranges, last range fastest). */
export function keyOfPattern(pattern: string, i: number): string {
  const parts = pattern.split(/\{(\d+)\.\.(\d+)\}/);
  const ranges: [number, number][] = [];
  for (let j = 1; j < parts.length; j += 3) {
    const a = Number(parts[j]);
    const b = Number(parts[j + 1]);
    ranges.push(a <= b ? [a, b] : [b, a]);
  }
  const digits: number[] = [];
  let rest = i;
  for (let r = ranges.length - 1; r >= 0; r -= 1) {
    const [lo, hi] = ranges[r] ?? [0, 0];
    const size = hi - lo + 1;
    digits[r] = lo + (rest % size);
    rest = Math.floor(rest / size);
  }
  let s = '';
  for (let j = 0; j < parts.length; j += 3) {
    s += parts[j] ?? '';
    const d = digits[j / 3];
    if (j + 1 < parts.length && d !== undefined) s += String(d);
  }
  return s;
}

/** A small seeded generator (mulberry32) for choosing which keys of a huge pattern to hash. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Σ_{r=1..n} r^-s: exact to `MAX_PLACED_KEYS` terms, then the midpoint integral ∫_{K+½}^{n+½} x^-s dx. Remembered by
 * (n, s): a plan asks for the same sums for every shard count it evaluates a Zipf skew at, and each is up to 65,536
 * powers.
 */
export function generalizedHarmonic(n: number, s: number): number {
  const key = `${n}:${s}`;
  const hit = harmonicSums.get(key);
  if (hit !== undefined) return hit;
  if (harmonicSums.size >= MAX_REMEMBERED_SUMS) harmonicSums.clear();
  const sum = harmonicSum(n, s);
  harmonicSums.set(key, sum);
  return sum;
}

const harmonicSums = new Map<string, number>();
/** Sums remembered at most (a long-lived process planning many workloads starts over past it). */
const MAX_REMEMBERED_SUMS = 1024;

function harmonicSum(n: number, s: number): number {
  const k = Math.min(n, MAX_PLACED_KEYS);
  let sum = 0;
  for (let r = k; r >= 1; r -= 1) sum += r ** -s;
  if (n > k) {
    const a = k + 0.5;
    const b = n + 0.5;
    sum += s === 1 ? Math.log(b / a) : (b ** (1 - s) - a ** (1 - s)) / (1 - s);
  }
  return sum;
}

/** Equal-share keys (a list, or a pattern's keys): exact by MD5 up to MAX_EXACT_KEYS, else a seeded sample. */
function equalKeys(keys: readonly string[] | undefined, pattern: string | undefined, seed: number): KeyModel {
  const list = keys ?? (pattern !== undefined ? expandKeyPattern(pattern) : undefined);
  if (list !== undefined) {
    // Duplicates in a list carry their multiplicity: a key listed twice gets twice the records.
    const counts = new Map<string, number>();
    for (const k of list) counts.set(k, (counts.get(k) ?? 0) + 1);
    const n = list.length;
    const out = [...counts].map(([k, c]) => placedKey(k, c / n, true));
    out.sort((x, y) => y.share - x.share);
    return { keys: out, evenShare: 0, isExact: true, distinctKeys: counts.size };
  }
  const total = keyPatternSize(pattern ?? '');
  const rand = seeded(seed);
  const chosen = new Set<number>();
  while (chosen.size < MAX_EXACT_KEYS) chosen.add(Math.floor(rand() * total));
  const share = 1 / MAX_EXACT_KEYS;
  const out = [...chosen].map((i) => placedKey(keyOfPattern(pattern ?? '', i), share, true));
  return { keys: out, evenShare: 0, isExact: false, distinctKeys: total };
}

/** `count` synthetic keys of `share` each, ranks from `firstRank`: placed one by one up to the cap, else even. */
function syntheticEqual(
  count: number,
  share: number,
  seed: number,
  firstRank = 1,
): { keys: PlacedKey[]; even: number } {
  if (count <= MAX_PLACED_KEYS) {
    const keys = Array.from({ length: count }, (_, i) =>
      placedKey(standInKey(seed, firstRank + i), share, false),
    );
    return { keys, even: 0 };
  }
  return { keys: [], even: count * share };
}

const modelCache = new WeakMap<Stream['partitionKeys'], Map<number, KeyModel>>();

/** The key model of a stream's `partitionKeys` block (cached per block and seed: hashing a million keys takes a while). */
export function keyModelOf(partitionKeys: Stream['partitionKeys'], seed = 1): KeyModel {
  let bySeed = modelCache.get(partitionKeys);
  if (!bySeed) {
    bySeed = new Map();
    modelCache.set(partitionKeys, bySeed);
  }
  const hit = bySeed.get(seed);
  if (hit) return hit;
  const model = buildKeyModel(partitionKeys, seed);
  bySeed.set(seed, model);
  return model;
}

function buildKeyModel(partitionKeys: Stream['partitionKeys'], seed: number): KeyModel {
  const pk = partitionKeys;
  if (pk.keys !== undefined || pk.pattern !== undefined) return equalKeys(pk.keys, pk.pattern, seed);
  if (pk.distribution === 'zipf') {
    const n = pk.distinct ?? DEFAULT_ZIPF_KEYS;
    const s = pk.zipfExponent ?? 1;
    const h = generalizedHarmonic(n, s);
    const k = Math.min(n, MAX_PLACED_KEYS);
    const keys = Array.from({ length: k }, (_, i) =>
      placedKey(standInKey(seed, i + 1), (i + 1) ** -s / h, false),
    );
    const placedShare = keys.reduce((a, x) => a + x.share, 0);
    return { keys, evenShare: Math.max(0, 1 - placedShare), isExact: false, distinctKeys: n };
  }
  if (pk.distribution === 'hot-keys' && pk.hotKeys && pk.hotKeys.length > 0) {
    const hot = pk.hotKeys.map((h) => placedKey(h.key, h.share, true));
    const hotShare = hot.reduce((a, x) => a + x.share, 0);
    const rest = Math.max(0, 1 - hotShare);
    if (pk.distinct === undefined || rest === 0) {
      return {
        keys: hot.sort((x, y) => y.share - x.share),
        evenShare: rest,
        isExact: false,
        distinctKeys: pk.distinct,
      };
    }
    const others = Math.max(1, pk.distinct - hot.length);
    const { keys, even } = syntheticEqual(others, rest / others, seed);
    return {
      keys: [...hot.sort((x, y) => y.share - x.share), ...keys],
      evenShare: even,
      isExact: false,
      distinctKeys: pk.distinct,
    };
  }
  if (pk.distinct === undefined) return { keys: [], evenShare: 1, isExact: false, distinctKeys: undefined };
  const { keys, even } = syntheticEqual(pk.distinct, 1 / pk.distinct, seed);
  return { keys, evenShare: even, isExact: false, distinctKeys: pk.distinct };
}

/** Shard (of `shardCount` evenly split shards) owning a placed key: the double fast path, exact near a boundary. */
export function shardOfPlacedKey(key: PlacedKey, shardCount: number): number {
  const x = key.fraction * shardCount;
  const i = Math.floor(x);
  if (x - i > 1e-9 && i + 1 - x > 1e-9) return Math.min(i, shardCount - 1);
  return shardIndexOfHashKey(key.hashKey, shardCount);
}

/** Share of all records landing on each of `shardCount` shards under the model (sums to 1). */
export function placeKeyModel(model: KeyModel, shardCount: number): Float64Array {
  const shares = new Float64Array(shardCount).fill(model.evenShare / shardCount);
  for (const k of model.keys) {
    const i = shardOfPlacedKey(k, shardCount);
    shares[i] = (shares[i] ?? 0) + k.share;
  }
  const sum = shares.reduce((a, v) => a + v, 0);
  if (sum > 0 && Math.abs(sum - 1) > 1e-12)
    for (let i = 0; i < shardCount; i += 1) shares[i] = (shares[i] ?? 0) / sum;
  return shares;
}

/**
 * The hottest shard's share of the records at many shard counts, for the search over counts in hot-shards.ts: the
 * same numbers as `placeKeyModel` followed by a maximum, bit for bit, without a fresh array or an object per key at
 * each count (the search may try every count up to 10,000 with 65,536 keys).
 */
export class HottestShardScanner {
  /** Keys (and shards) placed so far, over every count: the work the search has done. */
  placements = 0;
  private readonly fractions: Float64Array;
  private readonly shares: Float64Array;
  private readonly keys: readonly PlacedKey[];
  private readonly evenShare: number;
  private scratch = new Float64Array(0);

  constructor(model: KeyModel) {
    this.keys = model.keys;
    this.evenShare = model.evenShare;
    this.fractions = Float64Array.from(model.keys, (k) => k.fraction);
    this.shares = Float64Array.from(model.keys, (k) => k.share);
  }

  /**
   * The largest share of any of `shardCount` evenly split shards (normalised as placeKeyModel normalises), or
   * undefined as soon as one shard's share is clearly above `stopAbove` (shares only grow as keys are added, and
   * normalising cannot bring a share down by more than float noise when the shares add up to at most 1).
   */
  hottestShare(shardCount: number, stopAbove = Number.POSITIVE_INFINITY): number | undefined {
    if (this.scratch.length < shardCount) this.scratch = new Float64Array(shardCount);
    const shares = this.scratch;
    shares.fill(this.evenShare / shardCount, 0, shardCount);
    const { fractions, keys } = this;
    const stop = stopAbove * (1 + 1e-9) + 1e-15;
    this.placements += shardCount;
    for (let k = 0; k < fractions.length; k += 1) {
      this.placements += 1;
      const x = fractions[k]! * shardCount;
      let i = Math.floor(x);
      if (x - i > 1e-9 && i + 1 - x > 1e-9) i = Math.min(i, shardCount - 1);
      else i = shardOfPlacedKey(keys[k]!, shardCount);
      const v = shares[i]! + this.shares[k]!;
      shares[i] = v;
      if (v > stop) return undefined;
    }
    let sum = 0;
    let hottest = 0;
    for (let i = 0; i < shardCount; i += 1) {
      const v = shares[i]!;
      sum += v;
      if (v > hottest) hottest = v;
    }
    return sum > 0 && Math.abs(sum - 1) > 1e-12 ? hottest / sum : hottest;
  }
}

/**
 * Share of the stream's records that each of `shardCount` evenly split shards receives, from the workload's
 * partition-key distribution (sums to 1). Deterministic for a given seed.
 */
export function shardLoadShares(
  partitionKeys: Stream['partitionKeys'],
  shardCount: number,
  seed = 1,
): Float64Array {
  return placeKeyModel(keyModelOf(partitionKeys, seed), shardCount);
}
