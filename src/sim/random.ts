/**
 * Seeded pseudo-random numbers for the simulator: sfc32 (Chris Doty-Humphrey's Small Fast Counter), seeded through
 * splitmix32. The same seed gives the same sequence on every platform; nothing here reads the clock.
 */
/** Slots of kept PTRS constants in poissonFast (a power of two). */
const PTRS_SLOTS = 8;
const PTRS_WORDS = 8;
/** poissonGrid uses tables from this mean up (poissonFast below). */
const GRID_MIN_MEAN = 10;
const GRID_GUIDE_BITS = 11;
const GRID_GUIDE_SHIFT = 32 - GRID_GUIDE_BITS;
const TWO_32 = 4294967296;

/** Inversion table of Poisson(mu0) over k = lo … lo + cdf.length − 1: cdf in units of 2⁻³², the last exactly 2³². */
interface GridTable {
  mu0: number;
  lo: number;
  cdf: Float64Array;
  /** guide[j]: the first cell whose cdf exceeds j·2²¹. */
  guide: Int32Array;
}

function buildGrid(mu0: number, reuse: GridTable | undefined): GridTable {
  const sd = Math.sqrt(mu0);
  const lo = Math.max(0, Math.floor(mu0 - 12 * sd));
  const hi = Math.ceil(mu0 + 12 * sd + 30);
  const size = hi - lo + 1;
  const cdf = reuse && reuse.cdf.length >= size ? reuse.cdf : new Float64Array(size + 64);
  const guide = reuse ? reuse.guide : new Int32Array(1 << GRID_GUIDE_BITS);
  // Weights relative to the mode: p(k + 1) = p(k)·μ/(k + 1), p(k − 1) = p(k)·k/μ.
  const mode = Math.floor(mu0) - lo;
  cdf[mode] = 1;
  for (let x = mode + 1; x < size; x++) cdf[x] = ((cdf[x - 1] as number) * mu0) / (lo + x);
  for (let x = mode - 1; x >= 0; x--) cdf[x] = ((cdf[x + 1] as number) * (lo + x + 1)) / mu0;
  let total = 0;
  for (let x = 0; x < size; x++) total += cdf[x] as number;
  const scale = TWO_32 / total;
  let acc = 0;
  for (let x = 0; x < size; x++) {
    acc += cdf[x] as number;
    cdf[x] = acc * scale;
  }
  cdf[size - 1] = TWO_32;
  for (let x = size; x < cdf.length; x++) cdf[x] = TWO_32;
  let x = 0;
  for (let j = 0; j < guide.length; j++) {
    const t = j * (1 << GRID_GUIDE_SHIFT);
    while ((cdf[x] as number) <= t) x++;
    guide[j] = x;
  }
  return { mu0, lo, cdf, guide };
}

export class Random {
  /**
   * The generator's four words a, b, c, d, from `at` on (a bank, Random.bank, holds four per generator). A typed
   * array keeps them unboxed: as class fields they are first defined as undefined (ES2022 field semantics), and V8
   * then boxes every store, which made a draw four times slower.
   */
  private state = new Int32Array(4);
  private at = 0;
  /** Kept per slot: PTRS constants mean, a, b, v_r, 1/α, ln mean (poissonFast); delta, e^−delta·2³² (poissonGrid). */
  private readonly ptrs = new Float64Array(PTRS_WORDS * PTRS_SLOTS).fill(-1);
  /** Per slot: the table of poissonGrid, and the μ0 of its last call. */
  private readonly grids: (GridTable | undefined)[] = new Array<GridTable | undefined>(PTRS_SLOTS).fill(undefined);
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let w = 0; w < 4; w++) this.state[w] = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /**
   * A bank of independent generators, generator j seeded `seeds[j]` as `new Random(seeds[j])` would be, one in use at
   * a time (use(j)); the tables and constants the samplers keep are shared, as they depend only on the means asked.
   */
  static bank(seeds: ArrayLike<number>): Random {
    const r = new Random(0);
    const states = new Int32Array(4 * Math.max(1, seeds.length));
    for (let j = 0; j < seeds.length; j++) states.set(new Random(seeds[j] ?? 0).state, 4 * j);
    r.state = states;
    r.at = 0;
    return r;
  }

  /** Makes generator j of the bank the one drawn from (each keeps its own words). */
  use(j: number): void {
    this.at = 4 * j;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const st = this.state;
    const o = this.at;
    const a = st[o] as number;
    const b = st[o + 1] as number;
    const c = st[o + 2] as number;
    const d = st[o + 3] as number;
    const t = (((a + b) | 0) + d) | 0;
    st[o + 3] = d + 1;
    st[o] = b ^ (b >>> 9);
    st[o + 1] = c + (c << 3);
    st[o + 2] = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal deviate (Marsaglia's polar method). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u: number, v: number, s: number;
    do {
      u = this.next() * 2 - 1;
      v = this.next() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /**
   * A Poisson deviate with mean `mean`, exact: Knuth's product method below a mean of 10, Hörmann's transformed
   * rejection with squeeze (PTRS, "The transformed rejection method for generating Poisson random variables",
   * Insurance: Mathematics and Economics 12, 1993) from 10 up.
   */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean < 10) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      // The logarithms are only needed past the squeeze (about one draw in seven), so they are computed here.
      const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * Math.log(mean) - logFactorial(k)) return k;
    }
  }

  /**
   * A Poisson deviate of the same law as poisson() (the same methods), with the logarithms of PTRS's rare branch
   * folded into one and ln(k!) read from a larger table: faster, but not draw-for-draw the same as poisson(). The
   * constants of the last mean drawn in each `slot` (0 to 7) are kept, so callers that cycle through a few means (the
   * blocks of a second, shard after shard) do not recompute them.
   */
  poissonFast(mean: number, slot = 0): number {
    if (mean < 10) return this.poisson(mean);
    const c = this.ptrs;
    const at = (slot & (PTRS_SLOTS - 1)) * PTRS_WORDS;
    if (mean !== c[at]) {
      c[at] = mean;
      const bb = 0.931 + 2.53 * Math.sqrt(mean);
      c[at + 1] = -0.059 + 0.02483 * bb;
      c[at + 2] = bb;
      c[at + 3] = 0.9277 - 3.6224 / (bb - 2);
      c[at + 4] = 1.1239 + 1.1328 / (bb - 3.4);
      c[at + 5] = Math.log(mean);
    }
    const a = c[at + 1] as number;
    const b = c[at + 2] as number;
    const vr = c[at + 3] as number;
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const invAlpha = c[at + 4] as number;
      const loglam = c[at + 5] as number;
      if (Math.log((v * invAlpha) / (a / (us * us) + b)) <= -mean + k * loglam - logFactorialFast(k)) return k;
    }
  }

  /**
   * A Poisson deviate of mean `mean`, for callers whose means repeat across calls in a `slot` (0 to 7): the shards of a
   * stream with even key shares draw with the same mean one after another. Poisson(mean) is the sum of independent
   * Poisson(μ0) and Poisson(mean − μ0) with μ0 = mean rounded down to a multiple of 1/2, so a table of μ0's
   * distribution serves every mean from μ0 up to μ0 + 1/2, for many seconds of a slowly changing rate:
   * - Poisson(μ0) by inversion of its table: probabilities by the recurrences p(k ± 1) from the mode over
   *   μ0 ± 12·√μ0 (+30 above), normalised (the mass left out is below e⁻⁷⁰); a guide table of 2,048 entries finds the
   *   cell. The uniform is 53 bits, of which the second 21 are drawn only when the first 32 leave the cell in doubt.
   * - Poisson(mean − μ0), below 1/2, by inversion of its probabilities in the same way.
   * The slot keeps the table of its last μ0 and builds another when μ0 changes, so callers use it for means that
   * repeat (poissonFast for the others); the draw depends only on the generator and the mean, never on the table's
   * history. Exact up to the rounding of the probabilities in double precision.
   */
  poissonGrid(mean: number, slot = 0): number {
    if (mean < GRID_MIN_MEAN) return this.poissonFast(mean, slot);
    const s = slot & (PTRS_SLOTS - 1);
    const mu0 = Math.floor(mean * 2) / 2;
    let table = this.grids[s];
    if (table === undefined || table.mu0 !== mu0) {
      table = buildGrid(mu0, table);
      this.grids[s] = table;
    }
    const cdf = table.cdf;
    const u1 = this.nextUint32();
    let k = table.guide[u1 >>> GRID_GUIDE_SHIFT] as number;
    while ((cdf[k] as number) <= u1) k++;
    if ((cdf[k] as number) < u1 + 1) {
      const u = u1 + (this.nextUint32() >>> 11) / 2097152;
      while ((cdf[k] as number) <= u) k++;
    }
    k += table.lo;
    const delta = mean - mu0;
    return delta > 0 ? k + this.smallPoisson(delta, s) : k;
  }

  /** Poisson(delta) for delta below 1/2 by inversion, with e^−delta kept per slot. */
  private smallPoisson(delta: number, s: number): number {
    const c = this.ptrs;
    const at = s * PTRS_WORDS + 6;
    if (c[at] !== delta) {
      c[at] = delta;
      c[at + 1] = Math.exp(-delta) * TWO_32;
    }
    let p = c[at + 1] as number;
    let f = p;
    let k = 0;
    const u1 = this.nextUint32();
    while (f <= u1 && k < 64) {
      k++;
      p *= delta / k;
      f += p;
    }
    if (f < u1 + 1) {
      const u = u1 + (this.nextUint32() >>> 11) / 2097152;
      while (f <= u && k < 64) {
        k++;
        p *= delta / k;
        f += p;
      }
    }
    return k;
  }

  /**
   * A binomial deviate: successes in `n` trials of probability `p`, exact. Below a mean of 10 (after the symmetry
   * p ↦ 1 − p) by inversion, walking the probabilities up from 0 (BINV, Kachitvichyanukul and Schmeiser, "Binomial
   * random variate generation", CACM 31, 1988); from 10 up by Hörmann's transformed rejection with squeeze (BTRS,
   * "The generation of binomial random variates", J. Stat. Comput. Simul. 46, 1993), accepting against the exact ratio
   * of probabilities f(k)/f(mode).
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const q = 1 - p;
    if (n * p < 10) {
      const s = p / q;
      const a = (n + 1) * s;
      for (;;) {
        let r = Math.pow(q, n);
        let u = this.next();
        let x = 0;
        while (u > r) {
          u -= r;
          x++;
          if (x > n) break;
          r *= a / x - s;
        }
        // Rounding can leave u above the whole mass: draw again (probability of order 1e-16).
        if (x <= n) return x;
      }
    }
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    let alpha = 0;
    let m = 0;
    let logMode = 0;
    let logOdds = 0;
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      if (alpha === 0) {
        alpha = (2.83 + 5.1 / b) * spq;
        m = Math.floor((n + 1) * p);
        logMode = logFactorialFast(m) + logFactorialFast(n - m);
        logOdds = Math.log(p / q);
      }
      // ln f(k)/f(m) = ln m! + ln (n−m)! − ln k! − ln (n−k)! + (k − m)·ln(p/q).
      if (Math.log((v * alpha) / (a / (us * us) + b)) <= logMode - logFactorialFast(k) - logFactorialFast(n - k) + (k - m) * logOdds) return k;
    }
  }

  /** A Pareto deviate with shape `alpha` and the given mean (alpha > 1): scale xm = mean·(α−1)/α. */
  pareto(alpha: number, mean: number): number {
    const xm = (mean * (alpha - 1)) / alpha;
    return xm / Math.pow(1 - this.next(), 1 / alpha);
  }

  /** An exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}

const LOG_FACTORIALS = (() => {
  const t = new Float64Array(256);
  for (let k = 2; k < 256; k++) t[k] = (t[k - 1] ?? 0) + Math.log(k);
  return t;
})();

/** ln(k!) for k below 4,096 summed once, for the samplers of whole seconds. */
const LOG_FACTORIALS_FAST = (() => {
  const t = new Float64Array(4096);
  for (let k = 2; k < 4096; k++) t[k] = (t[k - 1] ?? 0) + Math.log(k);
  return t;
})();

/** ln(k!), from a table below 4,096 and Stirling's series above (not bit-for-bit logFactorial above 255). */
export function logFactorialFast(k: number): number {
  return k < 4096 ? (LOG_FACTORIALS_FAST[k] ?? 0) : logFactorial(k);
}

/** ln(k!), from a table below 256 and Stirling's series above. */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIALS[k] ?? 0;
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/** Derives an independent child seed from a seed and a label index (for per-stream generators). */
export function childSeed(seed: number, index: number): number {
  let z = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
