import { MAX_PLACED_KEYS } from '../../../src/workload/bounds.js';

/**
 * The skew functions of src/plan/key-skew.ts (and generalizedHarmonic of key-shares.ts) as they were before they were
 * made faster, kept word for word as the reference the faster ones must equal exactly (key-skew.reference.test.ts).
 */

const SKEW_CONFIDENCE = 0.99;
const TAIL = 1 - SKEW_CONFIDENCE;

/** Σ_{r=1..n} r^-s: exact to `MAX_PLACED_KEYS` terms, then the midpoint integral ∫_{K+½}^{n+½} x^-s dx. */
export function generalizedHarmonic(n: number, s: number): number {
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

/** Φ̄(z) = P(Z > z) for a standard normal (erfc by W. J. Cody's rational fit via Numerical Recipes' erfcc, 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Largest standard deviation summed exactly; above it the binomial is taken as normal. */
const EXACT_BINOMIAL_SD = 20_000;

/** P(X > c) for X ~ Binomial(n, p), as a function of c: the probabilities summed exactly from the mode outwards. */
export function binomialUpperTail(n: number, p: number): (c: number) => number {
  if (p >= 1) return (c) => (c < n ? 1 : 0);
  const mean = n * p;
  const sd = Math.sqrt(mean * (1 - p));
  if (sd > EXACT_BINOMIAL_SD) return (c) => normalUpperTail((Math.floor(c) + 0.5 - mean) / sd);
  // Unnormalised probabilities from the mode, by the ratio P(k+1)/P(k) = (n−k)/(k+1) · p/(1−p), until negligible.
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  const up: number[] = [1];
  for (let k = mode, v = 1; k < n; k += 1) {
    v *= ((n - k) / (k + 1)) * odds;
    if (v < 1e-30) break;
    up.push(v);
  }
  const down: number[] = [];
  for (let k = mode, v = 1; k > 0; k -= 1) {
    v *= (k / (n - k + 1)) / odds;
    if (v < 1e-30) break;
    down.push(v);
  }
  const lo = mode - down.length;
  const pmf = [...down.reverse(), ...up];
  const total = pmf.reduce((a, v) => a + v, 0);
  // above[j] = P(X > lo + j − 1) = Σ_{k ≥ j} pmf[k] / total
  const above = new Float64Array(pmf.length + 1);
  for (let j = pmf.length - 1; j >= 0; j -= 1) above[j] = (above[j + 1] ?? 0) + (pmf[j] ?? 0) / total;
  return (c) => {
    const j = Math.floor(c) + 1 - lo;
    if (j <= 0) return 1;
    if (j >= above.length) return 0;
    return above[j] ?? 0;
  };
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

/**
 * Smallest h in [lo, hi] with f(h) ≤ target, for f non-increasing: bisection to 1e-12 of a share. A bisection step
 * whose side is already known (its share is at or above one found within the target, or at or below one found over
 * it) is taken without evaluating f; once a share on each side is known, a few regula falsi steps on log f (Illinois)
 * narrow that bracket first, so most of the 40 or so steps are known. The result is the plain bisection's.
 */
export function smallestShare(f: (h: number) => number, target: number, lo: number, hi: number): number {
  // The largest share found over the target and the smallest within it, with f there.
  let over = -Infinity;
  let fOver = Infinity;
  let within = Infinity;
  let fWithin = 0;
  const isWithin = (x: number) => {
    const v = f(x);
    if (v <= target) {
      within = x;
      fWithin = v;
      return true;
    }
    over = x;
    fOver = v;
    return false;
  };
  let isNarrowed = false;
  for (let i = 0; i < 64 && hi - lo > 1e-12; i += 1) {
    const mid = (lo + hi) / 2;
    const known = mid >= within || mid <= over;
    if (known ? mid >= within : isWithin(mid)) hi = mid;
    else lo = mid;
    if (!isNarrowed && over > -Infinity && within < Infinity) {
      isNarrowed = true;
      narrowShare(isWithin, () => ({ over, fOver, within, fWithin }), Math.log(target));
    }
  }
  return hi;
}

/**
 * Regula falsi (Illinois) on log f between the shares `bracket` gives, each step evaluated by `isWithin` (which moves
 * the bracket inwards), until it is under 1e-13 wide or after 12 steps. A step outside the bracket or on a zero f
 * bisects.
 */
function narrowShare(
  isWithin: (x: number) => boolean,
  bracket: () => { over: number; fOver: number; within: number; fWithin: number },
  logTarget: number,
): void {
  let side = 0;
  let scaleOver = 1;
  let scaleWithin = 1;
  for (let i = 0; i < 12; i += 1) {
    const { over, fOver, within, fWithin } = bracket();
    if (within - over <= 1e-13) return;
    const gOver = (Math.log(fOver) - logTarget) * scaleOver;
    const gWithin = (Math.log(fWithin) - logTarget) * scaleWithin;
    let x = (over * gWithin - within * gOver) / (gWithin - gOver);
    if (!(x > over && x < within)) x = (over + within) / 2;
    const s = isWithin(x) ? 1 : -1;
    // Illinois: the side that stays twice in a row has its value halved, so the next step moves past the answer.
    if (s === side) {
      if (s > 0) scaleOver /= 2;
      else scaleWithin /= 2;
    } else {
      scaleOver = 1;
      scaleWithin = 1;
    }
    side = s;
  }
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
  const n = known.length;
  if (n <= 1) return 1;
  const tail = binomialUpperTail(others, 1 / n);
  const groups = new Map<number, number>();
  for (const k of known) groups.set(k, (groups.get(k) ?? 0) + 1);
  const exceed = (h: number) => {
    let sum = 0;
    for (const [k, count] of groups) sum += count * tail(Math.floor((h - k) / otherShare + 1e-9));
    return sum;
  };
  const floor = Math.max(...known, 1 / n);
  const ceiling = Math.max(...known) + others * otherShare;
  return Math.max(floor, smallestShare(exceed, TAIL, 0, ceiling));
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
  return weightsHottestShare(weights, 1, squares, shardCount);
}

/**
 * The 99 % hottest share of keys at random MD5s on S shards, given the heaviest weights (heaviest first) and the
 * total share and sum of squared shares of all keys: the listed weights convolved exactly on a grid, the others as a
 * normal, and the union bound over the S exchangeable shards.
 */
function weightsHottestShare(weights: readonly number[], total: number, squares: number, shardCount: number): number {
  const p = 1 / shardCount;
  const top = weights[0] ?? 0;
  // The grid spans [0, span]; mass above it counts as over any h ≤ span, and span grows until the answer is inside.
  for (let span = Math.min(1, 4 * Math.max(top, p)); ; span = Math.min(1, span * 2)) {
    const step = span / GRID_STEPS;
    // With the union bound over the limit at 0.9 of the span (as soon as the mass over the span alone puts it there),
    // so is every share below it (exceed never rises), and the answer is not inside this grid: the next span.
    const grid = heavyGrid(weights, shardCount, step, span < 1);
    if (grid === undefined) continue;
    const { dp, over, heavyShare, heavySquares } = grid;
    const lightMean = p * Math.max(0, total - heavyShare);
    const lightSd = Math.sqrt(p * (1 - p) * Math.max(0, squares - heavySquares));
    // Only the grid points that carry probability are summed at each step of the bisection.
    const mass: number[] = [];
    const at: number[] = [];
    for (let j = 0; j <= GRID_STEPS; j += 1) {
      if (dp[j]! >= 1e-18) {
        mass.push(dp[j]!);
        at.push(j * step);
      }
    }
    const exceed = (x: number) => {
      let sum = over;
      for (let i = 0; i < mass.length; i += 1) {
        const rest = x - at[i]! - lightMean;
        sum += mass[i]! * (lightSd > 0 ? normalUpperTail(rest / lightSd) : rest < 0 ? 1 : 0);
      }
      return shardCount * sum;
    };
    if (span < 1 && exceed(0.9 * span) > TAIL) continue;
    const answer = Math.max(p, top, smallestShare(exceed, TAIL, 0, span));
    if (span >= 1 || answer < 0.9 * span) return Math.min(1, answer);
  }
}

/**
 * The heavy weights (those of at least MIN_HEAVY_STEPS steps, heaviest first) convolved on a grid of GRID_STEPS steps
 * of `step`, each present with probability 1/shardCount: the probability at each point, the mass pushed past the
 * grid's end, and the weights' sum and sum of squares. With `stopOverTail`, undefined as soon as the mass past the end
 * alone puts the union bound over the tail (shardCount × mass > TAIL): exceed is then over it at every share.
 */
function heavyGrid(
  weights: readonly number[],
  shardCount: number,
  step: number,
  stopOverTail: boolean,
): { dp: Float64Array; over: number; heavyShare: number; heavySquares: number } | undefined {
  const p = 1 / shardCount;
  const q = 1 - p;
  const dp = new Float64Array(GRID_STEPS + 1);
  dp[0] = 1;
  let over = 0;
  let heavyShare = 0;
  let heavySquares = 0;
  // Points above `last` carry no probability yet (a point without any adds nothing where it is shifted to).
  let last = 0;
  for (const w of weights) {
    if (w < MIN_HEAVY_STEPS * step) break;
    heavyShare += w;
    heavySquares += w * w;
    const shift = Math.round(w / step);
    // Downwards, so that each point is shifted before a lower one is shifted onto it; mass pushed past the grid's end
    // is over the span.
    for (let j = last; j > GRID_STEPS - shift; j -= 1) {
      const v = dp[j]!;
      over += v * p;
      dp[j] = v * q;
    }
    if (stopOverTail && shardCount * over > TAIL) return undefined;
    for (let j = Math.min(last, GRID_STEPS - shift); j >= 0; j -= 1) {
      const v = dp[j]!;
      dp[j + shift] = dp[j + shift]! + v * p;
      dp[j] = v * q;
    }
    last = Math.min(GRID_STEPS, last + shift);
  }
  return { dp, over, heavyShare, heavySquares };
}

