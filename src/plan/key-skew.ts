import type { Stream } from '../workload/schema.js';
import {
  DEFAULT_ZIPF_KEYS,
  generalizedHarmonic,
  HottestShardScanner,
  keyModelOf,
  keyOfPattern,
  keyPatternSize,
  lazyPlacedKey,
  MAX_EXACT_KEYS,
  placeKeyModel,
  placedKey,
  shardOfPlacedKey,
  standInKey,
  type KeyModel,
  type PlacedKey,
} from './key-shares.js';
import { NORMAL_TAIL_ONE, NORMAL_TAIL_ZERO, normalUpperTail, smallestShare } from './skew-tail.js';

export { NORMAL_TAIL_ONE, NORMAL_TAIL_ZERO, normalUpperTail, smallestShare } from './skew-tail.js';

/**
 * The hottest shard's share, as the plan evaluates it.
 *
 * Keys the workload lists (`keys`, `pattern`) are placed exactly by their MD5 (key-shares.ts). Keys known only by a
 * count and a distribution have unknown MD5 positions, which behave as independent uniform draws over the hash-key
 * space; so each key lands on a given one of S evenly split shards with probability p = 1/S, independently. The plan
 * takes the hottest share h at confidence q = 99 %: the smallest h with
 *
 *   Σ_i P(load_i > h) ≤ 1 − q                                                            (union bound over the shards)
 *
 * which guarantees P(max_i load_i ≤ h) ≥ q, and is tight, since the events are rare and nearly disjoint (the union
 * bound overstates a 1 % tail by at most its square). Per distribution:
 *
 * - uniform over N keys (share 1/N each): a shard's key count is Binomial(N, 1/S), summed exactly (no approximation
 *   below a standard deviation of 20,000 keys; a normal with continuity correction above, where the excess over the
 *   mean is under 0.1 % of it): h = c/N for the smallest c with S·P(Bin(N, 1/S) > c) ≤ 1 %, and at least ⌈N/S⌉/N.
 * - hot-keys: the named keys sit on their real shards (K_i, exact); the other M keys share the rest r equally, so
 *   shard i holds K_i + (r/M)·C_i with C_i ~ Binomial(M, 1/S): h is the smallest with Σ_i P(C_i > (h − K_i)·M/r) ≤ 1 %.
 *   Without `distinct` the rest is even and h = max_i K_i + r/S exactly.
 * - zipf (share k⁻ˢ/H(N,s) for rank k): the heavy ranks (each at least 16 grid steps, at most 512 of them) are
 *   convolved exactly, on a grid of 2,048 steps, as independent Bernoulli(1/S) weights; the light tail is a normal
 *   with mean p·W and variance p(1 − p)·Σw² (W and Σw² from generalised harmonic sums); then h is the smallest with
 *   S·P(load > h) ≤ 1 %.
 *
 * No seed, no hashing of stand-in keys: the same workload gives the same figure at once. The simulator replays one
 * concrete placement instead (the seeded stand-in keys of key-shares.ts), since it needs a share for every shard.
 */

/** The confidence of the hottest share of keys known only by a distribution. */
export const SKEW_CONFIDENCE = 0.99;
const TAIL = 1 - SKEW_CONFIDENCE;
/** Stand-in keys the plan names (heaviest first) for the keys over a shard's limit and the top keys. */
const MAX_NAMED_STAND_INS = 4096;

/** How a stream's keys fall on the shards, as the plan sees them. */
export interface KeySkew {
  /** The `i`-th heaviest key (0 = heaviest): named keys by their MD5; stand-ins `#1:rank` hashed when asked for. */
  keyAt(i: number): PlacedKey | undefined;
  /** The hottest shard's share at `shardCount` evenly split shards, and the shard it is (see `hottestShard`). */
  hottestAt(shardCount: number): { share: number; shard: number };
  /**
   * The hottest share alone, as `hottestAt` gives it, or undefined as soon as some shard is clearly above `stopAbove`
   * (the shard search passes over such counts without placing every key).
   */
  hottestShareAt(shardCount: number, stopAbove?: number): number | undefined;
  /** Keys and shards one evaluation at `shardCount` places: the work the shard search counts against its budget. */
  placementsAt(shardCount: number): number;
  /** True when every record's key is placed exactly by its real MD5 (a `keys` list or `pattern` within limits). */
  isExact: boolean;
  /** True when the hottest share is the 99th-percentile figure over random placement (keys known by distribution). */
  isAnalytic: boolean;
  distinctKeys: number | undefined;
  /** One key carries every record (aggregates then hold one key-table entry). */
  isSingleKey: boolean;
  /** True when the hottest share never rises with the shard count (no key at a fixed MD5), so it can be bisected. */
  isMonotone: boolean;
}

/** Key skew from a placed key model: every key at its MD5 position (exact keys, or a seeded stand-in placement). */
export function skewOfModel(model: KeyModel): KeySkew {
  const heaviest = [...model.keys].sort((a, b) => b.share - a.share);
  let scanner: HottestShardScanner | undefined;
  return {
    hottestShareAt: (n, stopAbove) => (scanner ??= new HottestShardScanner(model)).hottestShare(n, stopAbove),
    placementsAt: (n) => model.keys.length + n,
    keyAt: (i) => heaviest[i],
    hottestAt: (n) => {
      const shares = placeKeyModel(model, n);
      let shard = 0;
      shares.forEach((s, i) => {
        if (s > (shares[shard] ?? 0)) shard = i;
      });
      return { share: shares[shard] ?? 0, shard };
    },
    isExact: model.isExact,
    isAnalytic: false,
    distinctKeys: model.distinctKeys,
    isSingleKey: model.keys.length === 1 && model.evenShare === 0,
    isMonotone: false,
  };
}

/** Largest standard deviation summed exactly; above it the binomial is taken as normal. */
const EXACT_BINOMIAL_SD = 20_000;

/**
 * P(X > c) for X ~ Binomial(n, p), as a function of c: the probabilities summed exactly from the mode outwards.
 * Remembered by (n, p) while small: the shard searches ask for the same (keys, 1/shards) tables again and again (one
 * search per salted distribution, each walking the same counts).
 */
export function binomialUpperTail(n: number, p: number): (c: number) => number {
  const byP = binomialTails.get(n);
  const hit = byP?.get(p);
  if (hit) return hit;
  const tail = binomialTailOf(n, p);
  if (tail.size <= MAX_REMEMBERED_TAIL) {
    if (rememberedTails >= MAX_REMEMBERED_TAILS) {
      binomialTails.clear();
      rememberedTails = 0;
    }
    const tails = byP ?? new Map<number, (c: number) => number>();
    if (!byP) binomialTails.set(n, tails);
    tails.set(p, tail.at);
    rememberedTails += 1;
  }
  return tail.at;
}

/** Remembered tables by n, then by p. */
const binomialTails = new Map<number, Map<number, (c: number) => number>>();
let rememberedTails = 0;
/** Tables remembered at most, and the longest remembered (a wide binomial's table is rebuilt when asked again). */
const MAX_REMEMBERED_TAILS = 4096;
const MAX_REMEMBERED_TAIL = 4096;
/** The probabilities below and above the mode as binomialTailOf works them out, before they are summed. */
let downScratch = new Float64Array(256);
let upScratch = new Float64Array(256);

function binomialTailOf(n: number, p: number): { at: (c: number) => number; size: number } {
  if (p >= 1) return { at: (c) => (c < n ? 1 : 0), size: 0 };
  const mean = n * p;
  const sd = Math.sqrt(mean * (1 - p));
  if (sd > EXACT_BINOMIAL_SD) return { at: (c) => normalUpperTail((Math.floor(c) + 0.5 - mean) / sd), size: 0 };
  // Unnormalised probabilities from the mode, by the ratio P(k+1)/P(k) = (n−k)/(k+1) · p/(1−p), until negligible.
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  let ups = 1;
  upScratch[0] = 1;
  for (let k = mode, v = 1; k < n; k += 1) {
    v *= ((n - k) / (k + 1)) * odds;
    if (v < 1e-30) break;
    if (ups === upScratch.length) upScratch = grown(upScratch);
    upScratch[ups++] = v;
  }
  let downs = 0;
  for (let k = mode, v = 1; k > 0; k -= 1) {
    v *= (k / (n - k + 1)) / odds;
    if (v < 1e-30) break;
    if (downs === downScratch.length) downScratch = grown(downScratch);
    downScratch[downs++] = v;
  }
  const lo = mode - downs;
  // P(lo + j) unnormalised: the down side lowest first, then the up side; summed lowest first.
  const size = downs + ups;
  const pmf = (j: number) => (j < downs ? downScratch[downs - 1 - j]! : upScratch[j - downs]!);
  let total = 0;
  for (let j = 0; j < size; j += 1) total += pmf(j);
  // above[j] = P(X > lo + j − 1) = Σ_{k ≥ j} pmf[k] / total
  const above = new Float64Array(size + 1);
  for (let j = size - 1; j >= 0; j -= 1) above[j] = above[j + 1]! + pmf(j) / total;
  const at = (c: number) => {
    const j = Math.floor(c) + 1 - lo;
    if (j <= 0) return 1;
    if (j >= above.length) return 0;
    return above[j] ?? 0;
  };
  return { at, size };
}

/** A copy of `a` twice as long. */
function grown(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Smallest integer c in [lo, hi] with f(c) ≤ target, for f non-increasing (hi when none is). */
function smallestCount(f: (c: number) => number, target: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (f(mid) <= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The 99 % hottest share of N equally loaded keys on S shards: c/N with c the binomial union-bound quantile. */
export function uniformHottestShare(keys: number, shardCount: number): number {
  if (shardCount <= 1) return 1;
  const tail = binomialUpperTail(keys, 1 / shardCount);
  const c = smallestCount((k) => shardCount * tail(k), TAIL, Math.ceil(keys / shardCount), keys);
  return c / keys;
}

/**
 * The 99 % hottest share when shard i already carries `known[i]` (named keys, exact) and `others` keys of
 * `otherShare` each fall on the shards at random.
 */
export function hotKeysHottestShare(known: Float64Array, others: number, otherShare: number): number {
  const groups = new Map<number, number>();
  for (const k of known) groups.set(k, (groups.get(k) ?? 0) + 1);
  return new KnownShards(groups, known.length).hottestShare(others, otherShare);
}

/**
 * The shards' shares of named keys at one shard count, as hotKeysHottestShare sums over them: each distinct share
 * with the number of shards that carry it, in the order of the first shard that does.
 */
class KnownShards {
  readonly heaviest: number;

  constructor(
    readonly groups: ReadonlyMap<number, number>,
    readonly shardCount: number,
  ) {
    let heaviest = -Infinity;
    for (const k of groups.keys()) if (k > heaviest) heaviest = k;
    this.heaviest = heaviest;
  }

  /** Named keys placed by their MD5s on `shardCount` shards, without an array of every shard. */
  static of(named: readonly PlacedKey[], shardCount: number): KnownShards {
    const occupied = new Map<number, number>();
    for (const x of named) {
      const i = shardOfPlacedKey(x, shardCount);
      occupied.set(i, (occupied.get(i) ?? 0) + x.share);
    }
    const groups = new Map<number, number>();
    const add = (k: number, count: number) => groups.set(k, (groups.get(k) ?? 0) + count);
    let next = 0;
    for (const i of [...occupied.keys()].sort((a, b) => a - b)) {
      if (i > next) add(0, i - next);
      add(occupied.get(i)!, 1);
      next = i + 1;
    }
    if (shardCount > next) add(0, shardCount - next);
    return new KnownShards(groups, shardCount);
  }

  /** Σ_i P(C_i > (h − K_i)·M/r), the union bound at share h (the `tail` of C ~ Binomial(others, 1/shardCount)). */
  exceed(h: number, tail: (c: number) => number, otherShare: number): number {
    let sum = 0;
    for (const [k, count] of this.groups) sum += count * tail(Math.floor((h - k) / otherShare + 1e-9));
    return sum;
  }

  /** The 99 % hottest share with `others` keys of `otherShare` each at random beside the named keys. */
  hottestShare(others: number, otherShare: number): number {
    const n = this.shardCount;
    if (n <= 1) return 1;
    const tail = binomialUpperTail(others, 1 / n);
    const floor = Math.max(this.heaviest, 1 / n);
    const ceiling = this.heaviest + others * otherShare;
    return Math.max(floor, smallestShare((h) => this.exceed(h, tail, otherShare), TAIL, 0, ceiling));
  }

  /**
   * True when `hottestShare` is certainly above `share`, found without its bisection: the named keys alone are
   * above it, or the union bound at `share` is over the tail (the bisection's answer is a share where the bound is
   * within it, or the ceiling, and the bound never rises with the share, so the answer is above `share`).
   */
  isHottestAbove(share: number, others: number, otherShare: number): boolean {
    const n = this.shardCount;
    if (n <= 1) return 1 > share;
    if (Math.max(this.heaviest, 1 / n) > share) return true;
    if (share >= this.heaviest + others * otherShare) return false;
    return this.exceed(share, binomialUpperTail(others, 1 / n), otherShare) > TAIL;
  }
}

/** Grid steps of the heavy keys' convolution, and the fewest steps a key must span to be convolved. */
const GRID_STEPS = 2048;
const MIN_HEAVY_STEPS = 16;
/** Most ranks convolved exactly (a flat Zipf has many keys of similar weight: the normal suits them). */
const MAX_HEAVY_KEYS = 512;

/**
 * The 99 % hottest share of Zipf-distributed keys (share k⁻ˢ / H(N, s) for rank k of N) on S shards: heavy ranks
 * convolved exactly on a grid, the light tail as a normal, and the union bound over the S exchangeable shards.
 * `salts[k − 1]` (when given) splits rank k into that many sub-keys of equal share, each at its own random MD5: the
 * distribution after the heaviest ranks are salted.
 */
export function zipfHottestShare(keys: number, exponent: number, shardCount: number, salts: readonly number[] = []): number {
  if (shardCount <= 1) return 1;
  const { weights, squares } = zipfWeights(keys, exponent, salts);
  return weightsHottestShare(weights, 1, squares, shardCount);
}

/**
 * The heaviest weights of a (salted) Zipf distribution, heaviest first, and the sum of all squared shares: what
 * zipfHottestShare convolves, the same at every shard count (a skew works them out once).
 */
function zipfWeights(keys: number, exponent: number, salts: readonly number[]): { weights: Float64Array; squares: number } {
  const h = generalizedHarmonic(keys, exponent);
  let squares = generalizedHarmonic(keys, 2 * exponent) / (h * h);
  // The heaviest weights, heaviest first: salted ranks as their sub-keys, then the next ranks up to MAX_HEAVY_KEYS.
  const groups: { w: number; count: number }[] = [];
  for (let rank = 1; rank <= Math.min(keys, salts.length); rank += 1) {
    const n = Math.max(1, salts[rank - 1] ?? 1);
    const w = rank ** -exponent / h;
    squares += w * w * (1 / n - 1);
    groups.push({ w: w / n, count: n });
  }
  for (let rank = salts.length + 1; rank <= Math.min(keys, salts.length + MAX_HEAVY_KEYS); rank += 1) groups.push({ w: rank ** -exponent / h, count: 1 });
  groups.sort((a, b) => b.w - a.w);
  const weights: number[] = [];
  for (const g of groups) {
    for (let j = 0; j < g.count && weights.length < MAX_HEAVY_KEYS; j += 1) weights.push(g.w);
    if (weights.length >= MAX_HEAVY_KEYS) break;
  }
  return { weights: Float64Array.from(weights), squares };
}

/** zipfHottestShare of one (salted) Zipf distribution as a function of the shard count, its weights worked out once. */
function zipfHottestShareOf(keys: number, exponent: number, salts: readonly number[] = []): (shardCount: number) => number {
  let prepared: ReturnType<typeof zipfWeights> | undefined;
  return (shardCount) => {
    if (shardCount <= 1) return 1;
    prepared ??= zipfWeights(keys, exponent, salts);
    return weightsHottestShare(prepared.weights, 1, prepared.squares, shardCount);
  };
}

/**
 * The 99 % hottest share of keys at random MD5s on S shards, given the heaviest weights (heaviest first) and the
 * total share and sum of squared shares of all keys: the listed weights convolved exactly on a grid, the others as a
 * normal, and the union bound over the S exchangeable shards.
 */
function weightsHottestShare(weights: Float64Array, total: number, squares: number, shardCount: number): number {
  const p = 1 / shardCount;
  const top = weights[0] ?? 0;
  // The grid spans [0, span]; mass above it counts as over any h ≤ span, and span grows until the answer is inside.
  for (let span = Math.min(1, 4 * Math.max(top, p)); ; span = Math.min(1, span * 2)) {
    const step = span / GRID_STEPS;
    // The heavy weights (at least MIN_HEAVY_STEPS steps each, heaviest first) are convolved; the rest is the normal.
    let heavy = 0;
    let heavyShare = 0;
    let heavySquares = 0;
    for (; heavy < weights.length && weights[heavy]! >= MIN_HEAVY_STEPS * step; heavy += 1) {
      heavyShare += weights[heavy]!;
      heavySquares += weights[heavy]! * weights[heavy]!;
    }
    const lightMean = p * Math.max(0, total - heavyShare);
    const lightSd = Math.sqrt(p * (1 - p) * Math.max(0, squares - heavySquares));
    // With the union bound over the limit at 0.9 of the span, so is every share below it (exceed never rises), and the
    // answer is not inside this grid: the next span. The grid stops as soon as that is certain (heavyGrid).
    const check = span < 1 ? new Float64Array(GRID_STEPS + 1) : undefined;
    if (check) for (let j = 0; j <= GRID_STEPS; j += 1) check[j] = lightTail(0.9 * span - j * step - lightMean, lightSd);
    const grid = heavyGrid(weights, heavy, shardCount, step, check);
    if (grid === undefined) continue;
    const { dp, over } = grid;
    if (check) {
      let sum = over;
      for (let j = 0; j <= GRID_STEPS; j += 1) if (dp[j]! >= 1e-18) sum += dp[j]! * check[j]!;
      if (shardCount * sum > TAIL) continue;
    }
    // Only the grid points that carry probability are summed at each step of the bisection.
    let points = 0;
    for (let j = 0; j <= GRID_STEPS; j += 1) if (dp[j]! >= 1e-18) points += 1;
    const mass = new Float64Array(points);
    const at = new Float64Array(points);
    for (let j = 0, i = 0; j <= GRID_STEPS; j += 1) {
      if (dp[j]! >= 1e-18) {
        mass[i] = dp[j]!;
        at[i] = j * step;
        i += 1;
      }
    }
    const exceed = (x: number) => {
      let sum = over;
      for (let i = 0; i < points; i += 1) sum += mass[i]! * lightTail(x - at[i]! - lightMean, lightSd);
      return shardCount * sum;
    };
    const answer = Math.max(p, top, smallestShare(exceed, TAIL, 0, span));
    if (span >= 1 || answer < 0.9 * span) return Math.min(1, answer);
  }
}

/**
 * P(light > x − at) for the light keys' normal of standard deviation `sd`, given `rest` = x − at − mean: what a grid
 * point at `at` adds to the union bound at share x per unit of its probability. Where Φ̄ is exactly 0 (its exp
 * underflows) or exactly 1 (its tail rounds away from 1) it is returned without the exp, so a term of 0 adds nothing
 * and a term of 1 adds the point's mass itself, as the product would.
 */
function lightTail(rest: number, sd: number): number {
  if (!(sd > 0)) return rest < 0 ? 1 : 0;
  const z = rest / sd;
  return z >= NORMAL_TAIL_ZERO ? 0 : z <= -NORMAL_TAIL_ONE ? 1 : normalUpperTail(z);
}

/** Passes between the checks of heavyGrid's lower bound, and the first check. */
const CHECK_EVERY = 32;
const FIRST_CHECK = 64;

/**
 * The first `heavy` weights (heaviest first) convolved on a grid of GRID_STEPS steps of `step`, each present with
 * probability 1/shardCount: the probability at each point and the mass pushed past the grid's end.
 *
 * With `check` (the union bound's factors at 0.9 of the span, by point), undefined as soon as the union bound there is
 * certainly over the tail on the finished grid: the answer is then in a wider span. The bound is certain early because
 * `over + Σ_j dp[j]·ψ[j]`, for any ψ that never falls with j and is at most 1, never falls from one weight to the next
 * (a pass only moves probability up the grid or past its end). With ψ the running minimum of `check` from the top,
 * the bound part way is at most the finished grid's, less at most 1e-18 for each point it leaves out as negligible.
 * Rounding is covered by margins of 1e-9: every figure is a sum of products of positive terms (relative error under
 * 2e-10, the longest sum being the mass past the end, at most 512 × 2,049 terms), and q = 1 − p to within 1e-16 per
 * pass. key-skew.reference.test.ts checks the answers against the grid without the checks.
 */
function heavyGrid(
  weights: Float64Array,
  heavy: number,
  shardCount: number,
  step: number,
  check: Float64Array | undefined,
): { dp: Float64Array; over: number } | undefined {
  const p = 1 / shardCount;
  const q = 1 - p;
  const dp = new Float64Array(GRID_STEPS + 1);
  dp[0] = 1;
  let over = 0;
  const floor = check && runningMinimumFromTop(check);
  // Points above `last` carry no probability yet (a point without any adds nothing where it is shifted to).
  let last = 0;
  for (let i = 0; i < heavy; i += 1) {
    const shift = Math.round(weights[i]! / step);
    over = massPastEnd(dp, last, shift, p, over);
    // The mass past the end alone puts the union bound over the tail at every share inside the grid.
    if (check && shardCount * over > TAIL) return undefined;
    last = shiftPass(dp, last, shift, p, q);
    if (floor && i + 1 >= FIRST_CHECK && (i + 1 - FIRST_CHECK) % CHECK_EVERY === 0 && i + 1 < heavy) {
      const bound = shardCount * (dotFrom(dp, floor, over) * (1 - 1e-9) - (GRID_STEPS + 1) * 1e-18);
      if (bound > TAIL * (1 + 1e-9)) return undefined;
    }
  }
  return { dp, over };
}

/** ψ[j] = min_{k ≥ j} x[k]: the largest sequence at most x that never falls with j. */
function runningMinimumFromTop(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  let low = Infinity;
  for (let j = x.length - 1; j >= 0; j -= 1) {
    low = Math.min(low, x[j]!);
    out[j] = low;
  }
  return out;
}

/** start + Σ_j a[j]·b[j]. */
function dotFrom(a: Float64Array, b: Float64Array, start: number): number {
  let sum = start;
  for (let j = 0; j < a.length; j += 1) sum += a[j]! * b[j]!;
  return sum;
}

/**
 * `over` plus the mass a shift of `shift` pushes past the grid's end (× p), summed from the top point `last` down. A
 * function of its own (as shiftPass), so that it is compiled once as a whole and stays compiled from grid to grid.
 */
function massPastEnd(dp: Float64Array, last: number, shift: number, p: number, over: number): number {
  let sum = over;
  for (let j = last; j > GRID_STEPS - shift; j -= 1) sum += dp[j]! * p;
  return sum;
}

/**
 * One weight's pass over the grid: each point becomes its own mass kept (× q) plus the mass shifted onto it from
 * `shift` below (× p), downwards so that both are read before either is written; points below `shift` only keep
 * theirs. Points above `last` carry nothing yet; returns the new top point that carries any.
 */
function shiftPass(dp: Float64Array, last: number, shift: number, p: number, q: number): number {
  const top = Math.min(GRID_STEPS, last + shift);
  for (let j = top; j >= shift; j -= 1) dp[j] = dp[j]! * q + dp[j - shift]! * p;
  for (let j = Math.min(shift - 1, top); j >= 0; j -= 1) dp[j] = dp[j]! * q;
  return top;
}

/** A list of stand-in keys `#1:rank`, each with its share, made only when one is asked for and hashed when placed. */
function standIns(count: number, shareOf: (rank: number) => number): (i: number) => PlacedKey | undefined {
  const cache: PlacedKey[] = [];
  const limit = Math.min(count, MAX_NAMED_STAND_INS);
  return (i) => {
    if (i < 0 || i >= limit) return undefined;
    for (let r = cache.length; r <= i; r += 1) cache.push(lazyPlacedKey(standInKey(1, r + 1), shareOf(r + 1), false));
    return cache[i];
  };
}

/** Two heaviest-first lists merged, each read only as far as asked. */
function mergeLists(
  a: (i: number) => PlacedKey | undefined,
  b: (i: number) => PlacedKey | undefined,
): (i: number) => PlacedKey | undefined {
  const merged: PlacedKey[] = [];
  let x = 0;
  let y = 0;
  return (i) => {
    while (merged.length <= i) {
      const p = a(x);
      const q = b(y);
      if (p === undefined && q === undefined) return undefined;
      if (q === undefined || (p !== undefined && p.share >= q.share)) {
        merged.push(p!);
        x += 1;
      } else {
        merged.push(q);
        y += 1;
      }
    }
    return merged[i];
  };
}

/** The shard holding the heaviest key, where the plan points when it names a hottest shard of random placement. */
function heaviestShard(keyAt: (i: number) => PlacedKey | undefined, n: number): number {
  const k = keyAt(0);
  return k ? shardOfPlacedKey(k, n) : 0;
}

const skewCache = new WeakMap<Stream['partitionKeys'], KeySkew>();

/** The plan's key skew of a `partitionKeys` block: exact for listed keys, analytic (99th percentile) otherwise. */
export function keySkewOf(partitionKeys: Stream['partitionKeys']): KeySkew {
  const hit = skewCache.get(partitionKeys);
  if (hit) return hit;
  const skew = buildKeySkew(partitionKeys);
  skewCache.set(partitionKeys, skew);
  return skew;
}

function analytic(
  keyAt: (i: number) => PlacedKey | undefined,
  hottestShare: (n: number) => number,
  distinctKeys: number,
  fixed: {
    /** The hottest shard of keys at fixed MD5s (named hot keys), and how many such keys there are. */
    hottestShard?: (n: number) => number;
    fixedKeys?: number;
    /** True when the hottest share at `n` is certainly above `share`: the search over counts then passes over `n`. */
    isAbove?: (n: number, share: number) => boolean;
  } = {},
): KeySkew {
  const { hottestShard, fixedKeys = 0, isAbove } = fixed;
  const memo = new Map<number, { share: number; shard: number }>();
  // Every search of a plan over this skew (now, at the horizon, with aggregation, the finer salting) asks again.
  const shares = new Map<number, number>();
  const shareAt = (n: number) => {
    let share = shares.get(n);
    if (share === undefined) {
      share = hottestShare(n);
      shares.set(n, share);
    }
    return share;
  };
  return {
    keyAt,
    // Clearly above `stopAbove` as the placed keys' scanner means it (key-shares.ts HottestShardScanner).
    hottestShareAt: (n, stopAbove) =>
      stopAbove !== undefined && isAbove !== undefined && !shares.has(n) && isAbove(n, stopAbove * (1 + 1e-9) + 1e-15) ? undefined : shareAt(n),
    // Keys at fixed MD5s (named hot keys) are placed at each count, beside a per-shard pass.
    placementsAt: (n) => (hottestShard === undefined ? 0 : fixedKeys + n),
    hottestAt: (n) => {
      let r = memo.get(n);
      if (!r) {
        r = { share: shareAt(n), shard: (hottestShard ?? ((m) => heaviestShard(keyAt, m)))(n) };
        memo.set(n, r);
      }
      return r;
    },
    isExact: false,
    isAnalytic: true,
    distinctKeys,
    isSingleKey: distinctKeys === 1,
    // Named keys sit at fixed MD5s, which may share a shard at one count and not at the next.
    isMonotone: hottestShard === undefined,
  };
}

function buildKeySkew(pk: Stream['partitionKeys']): KeySkew {
  // Listed keys, and hot keys beside an even rest, are placed by their MD5: exact, no stand-ins. A pattern too large to
  // hash key by key is N equal keys whose MD5s behave as random: the uniform rule, labelled with its own first keys.
  if (pk.pattern !== undefined && pk.keys === undefined && keyPatternSize(pk.pattern) > MAX_EXACT_KEYS) {
    const pattern = pk.pattern;
    const n = keyPatternSize(pattern);
    const cache: PlacedKey[] = [];
    const keyAt = (i: number) => {
      if (i < 0 || i >= Math.min(n, MAX_NAMED_STAND_INS)) return undefined;
      for (let r = cache.length; r <= i; r += 1) cache.push(lazyPlacedKey(keyOfPattern(pattern, r), 1 / n, true));
      return cache[i];
    };
    return analytic(keyAt, (shards) => uniformHottestShare(n, shards), n);
  }
  if (pk.keys !== undefined || pk.pattern !== undefined) return skewOfModel(keyModelOf(pk));
  if (pk.distribution === 'zipf') {
    const n = pk.distinct ?? DEFAULT_ZIPF_KEYS;
    const s = pk.zipfExponent ?? 1;
    const h = generalizedHarmonic(n, s);
    return analytic(standIns(n, (r) => r ** -s / h), zipfHottestShareOf(n, s), n);
  }
  if (pk.distribution === 'hot-keys' && pk.hotKeys && pk.hotKeys.length > 0) {
    const named = pk.hotKeys.map((k) => placedKey(k.key, k.share, true)).sort((a, b) => b.share - a.share);
    const rest = Math.max(0, 1 - named.reduce((a, k) => a + k.share, 0));
    if (pk.distinct === undefined || rest === 0) return skewOfModel(keyModelOf(pk));
    const others = Math.max(1, pk.distinct - named.length);
    return namedBesideOthers(named, others, rest, pk.distinct);
  }
  if (pk.distinct === undefined) return skewOfModel(keyModelOf(pk));
  const n = pk.distinct;
  return analytic(standIns(n, () => 1 / n), (shards) => uniformHottestShare(n, shards), n);
}

/** A placed key model with each key of `salts` split into that many sub-keys `key#0` … `key#n−1`, each at its own MD5. */
function saltModel(model: KeyModel, salts: ReadonlyMap<string, number>): KeyModel {
  const keys = model.keys.flatMap((k) => {
    const n = salts.get(k.key) ?? 1;
    return n <= 1 ? [k] : Array.from({ length: n }, (_, j) => placedKey(`${k.key}#${j}`, k.share / n, k.isNamed));
  });
  keys.sort((a, b) => b.share - a.share);
  return { ...model, keys, distinctKeys: model.distinctKeys === undefined ? undefined : model.distinctKeys + keys.length - model.keys.length };
}

/** Stand-ins of ranks `from`, `from + 1`, … (1-based) as a heaviest-first list starting at index 0. */
function standInsFrom(from: number, count: number, shareOf: (rank: number) => number): (i: number) => PlacedKey | undefined {
  const all = standIns(count, shareOf);
  return (i) => all(i + from - 1);
}

/**
 * The plan's key skew after salting: each key of `salts` (by its label, as `keyAt` gives it) is split into that many
 * sub-keys of equal share, `key#0` … `key#n−1`. Listed and named keys' sub-keys are placed by their own MD5s; a
 * distribution's salted stand-ins become more keys at random MD5s, evaluated by the same rules as the keys before.
 * The salted keys of a distribution are always its heaviest (keysOverShardLimit lists them heaviest first).
 */
export function saltedKeySkewOf(pk: Stream['partitionKeys'], salts: ReadonlyMap<string, number>): KeySkew {
  const before = keySkewOf(pk);
  if (salts.size === 0) return before;
  if (!before.isAnalytic) return skewOfModel(saltModel(keyModelOf(pk), salts));
  const most = Math.max(1, ...salts.values());
  if (pk.pattern !== undefined || (pk.distribution !== 'zipf' && pk.distribution !== 'hot-keys')) {
    // Equal keys (a large pattern, or uniform over `distinct`): a key over the limit means every key is, salted alike.
    const n = (before.distinctKeys ?? 1) * most;
    return analytic(standIns(n, () => 1 / n), (shards) => uniformHottestShare(n, shards), n);
  }
  if (pk.distribution === 'zipf') {
    const n = pk.distinct ?? DEFAULT_ZIPF_KEYS;
    const s = pk.zipfExponent ?? 1;
    const h = generalizedHarmonic(n, s);
    const ranks: number[] = [];
    for (let r = 1; salts.has(standInKey(1, r)); r += 1) ranks.push(salts.get(standInKey(1, r)) ?? 1);
    // The sub-keys, heaviest first, hashed only when asked for: groups of equal sub-keys by their share.
    const groups = ranks.map((count, i) => ({ rank: i + 1, count, share: (i + 1) ** -s / h / count })).sort((a, b) => b.share - a.share);
    const starts: number[] = [];
    let total = 0;
    for (const g of groups) {
      starts.push(total);
      total += g.count;
    }
    const cache = new Map<number, PlacedKey>();
    const subKeyAt = (i: number): PlacedKey | undefined => {
      if (i < 0 || i >= Math.min(total, MAX_NAMED_STAND_INS)) return undefined;
      let hit = cache.get(i);
      if (hit) return hit;
      let lo = 0;
      let hi = groups.length - 1;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if ((starts[mid] ?? 0) <= i) lo = mid;
        else hi = mid - 1;
      }
      const g = groups[lo]!;
      hit = lazyPlacedKey(`${standInKey(1, g.rank)}#${i - (starts[lo] ?? 0)}`, g.share, false);
      cache.set(i, hit);
      return hit;
    };
    const keyAt = mergeLists(subKeyAt, standInsFrom(ranks.length + 1, n, (r) => r ** -s / h));
    const distinct = n + total - ranks.length;
    return analytic(keyAt, zipfHottestShareOf(n, s, ranks), distinct);
  }
  // Named hot keys beside `distinct` others: the named keys' sub-keys sit at their MD5s; salted others are all salted.
  const named = (pk.hotKeys ?? [])
    .flatMap((k) => {
      const n = salts.get(k.key) ?? 1;
      return n <= 1 ? [placedKey(k.key, k.share, true)] : Array.from({ length: n }, (_, j) => placedKey(`${k.key}#${j}`, k.share / n, true));
    })
    .sort((a, b) => b.share - a.share);
  const rest = Math.max(0, 1 - named.reduce((a, k) => a + k.share, 0));
  const otherSalts = [...salts.keys()].some((k) => k.startsWith('#')) ? most : 1;
  const others = Math.max(1, ((pk.distinct ?? 1) - (pk.hotKeys?.length ?? 0)) * otherSalts);
  return namedBesideOthers(named, others, rest, others + named.length);
}

/**
 * Named keys (heaviest first) at their real MD5s beside `others` keys sharing `rest` of the records at random MD5s:
 * the named keys exact, the others at the 99th percentile (hotKeysHottestShare).
 */
function namedBesideOthers(named: readonly PlacedKey[], others: number, rest: number, distinctKeys: number): KeySkew {
  const keyAt = mergeLists((i) => named[i], standIns(others, () => rest / others));
  const known = (n: number) => {
    const k = new Float64Array(n);
    for (const x of named) {
      const i = shardOfPlacedKey(x, n);
      k[i] = (k[i] ?? 0) + x.share;
    }
    return k;
  };
  const hottestShard = (n: number) => {
    const k = known(n);
    return k.indexOf(Math.max(...k));
  };
  // The last count's named shards, asked for twice when a count is not passed over (isAbove, then the share).
  let last: KnownShards | undefined;
  const knownShards = (n: number) => (last?.shardCount === n ? last : (last = KnownShards.of(named, n)));
  return analytic(keyAt, (n) => knownShards(n).hottestShare(others, rest / others), distinctKeys, {
    hottestShard,
    fixedKeys: named.length,
    isAbove: (n, share) => knownShards(n).isHottestAbove(share, others, rest / others),
  });
}
