import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../helpers/random.js';
import {
  binomialUpperTail,
  hotKeysHottestShare,
  keySkewOf,
  normalUpperTail,
  SKEW_CONFIDENCE,
  uniformHottestShare,
  zipfHottestShare,
} from '../../src/plan/key-skew.js';
import { shardIndexOf } from '../../src/plan/placement.js';
import type { Stream } from '../../src/workload/schema.js';

type PartitionKeys = Stream['partitionKeys'];
const pk = (over: Partial<PartitionKeys>): PartitionKeys => ({ length: 36, distribution: 'uniform', ...over });


/**
 * Monte Carlo of random MD5 placement: every key on a uniformly random one of `shards` shards (MD5 positions of
 * distinct keys behave as independent uniform draws), `trials` times; returns each trial's hottest share, sorted.
 */
function monteCarlo(weights: Float64Array, shards: number, trials: number, seed: number, fixed?: Float64Array): Float64Array {
  const next = mulberry32(seed);
  const out = new Float64Array(trials);
  const load = new Float64Array(shards);
  for (let t = 0; t < trials; t += 1) {
    if (fixed) load.set(fixed);
    else load.fill(0);
    for (const w of weights) {
      const i = Math.floor(next() * shards);
      load[i] = (load[i] ?? 0) + w;
    }
    out[t] = Math.max(...load);
  }
  return out.sort();
}

/** Share of trials whose hottest shard is above h. */
const above = (sorted: Float64Array, h: number) => sorted.filter((x) => x > h + 1e-12).length / sorted.length;

// With 10,000 trials the share of trials above a true 1 % point has a standard error √(0.01 × 0.99 / 10,000) ≈ 0.1 %:
// the analytic figure must leave at most 1 % + 3 × 0.1 % of the trials above it (it is a 99 % bound) and at least
// 1 % − 0.3 % … − its own slack: tight means the trials above a slightly lower figure are already over 1 %.
const TRIALS = 10_000;
const SLACK = 0.003;

describe('the binomial tail', () => {
  it('equals the sum of C(n,k) pᵏ (1−p)ⁿ⁻ᵏ computed term by term (n = 20, p = 0.3)', () => {
    const n = 20;
    const p = 0.3;
    const pmf = (k: number) => {
      let c = 1;
      for (let j = 1; j <= k; j += 1) c = (c * (n - k + j)) / j;
      return c * p ** k * (1 - p) ** (n - k);
    };
    const tail = binomialUpperTail(n, p);
    for (let c = -1; c <= n; c += 1) {
      let byHand = 0;
      for (let k = c + 1; k <= n; k += 1) if (k >= 0) byHand += pmf(k);
      expect(tail(c)).toBeCloseTo(byHand, 12);
    }
  });

  it('the normal tail: Φ̄(0) = 0.5, Φ̄(1.959964) = 0.025, Φ̄(2.326348) = 0.01, Φ̄(−1.644854) = 0.95', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 6);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(2.326348)).toBeCloseTo(0.01, 6);
    expect(normalUpperTail(-1.644854)).toBeCloseTo(0.95, 6);
  });
});

describe('the hottest share of keys known by distribution, against a seeded Monte Carlo of 10,000 placements', () => {
  it(`is the ${SKEW_CONFIDENCE * 100}th percentile for 5,000 uniform keys on 20 shards`, () => {
    const h = uniformHottestShare(5000, 20);
    const mc = monteCarlo(new Float64Array(5000).fill(1 / 5000), 20, TRIALS, 7);
    expect(above(mc, h)).toBeLessThanOrEqual(0.01 + SLACK);
    // One key less on the hottest shard is already exceeded in more than 1 % of the placements: the bound is tight.
    expect(above(mc, h - 1 / 5000)).toBeGreaterThan(0.01 - SLACK);
  });

  it('is the 99th percentile for 50,000 uniform keys on 22 shards (examples/clickstream.yaml)', () => {
    const h = uniformHottestShare(50_000, 22);
    const mc = monteCarlo(new Float64Array(50_000).fill(1 / 50_000), 22, 2_000, 11);
    // 2,000 trials: standard error √(0.01 × 0.99 / 2,000) ≈ 0.22 %.
    expect(above(mc, h)).toBeLessThanOrEqual(0.01 + 0.0066);
    expect(above(mc, h - 3 / 50_000)).toBeGreaterThan(0.01 - 0.0066);
  });

  it('is the 99th percentile for Zipf keys (2,000 keys, s = 0.6, 8 shards; 1,000 keys, s = 1.1, 16 shards)', () => {
    for (const [n, s, shards, seed] of [
      [2000, 0.6, 8, 3],
      [1000, 1.1, 16, 5],
    ] as const) {
      const weights = new Float64Array(n);
      let sum = 0;
      for (let r = 1; r <= n; r += 1) sum += r ** -s;
      for (let r = 1; r <= n; r += 1) weights[r - 1] = r ** -s / sum;
      const h = zipfHottestShare(n, s, shards);
      const mc = monteCarlo(weights, shards, TRIALS, seed);
      expect(above(mc, h)).toBeLessThanOrEqual(0.01 + SLACK);
      // Within 1 % of the share: the heavy ranks are convolved on a grid and the tail taken as normal.
      expect(above(mc, h * 0.99)).toBeGreaterThan(0.01 - SLACK);
    }
  });

  it('is the 99th percentile beside a named hot key (examples/hot-key.yaml: gateway-eu-1 at 25 %, 4,999 others, 20 shards)', () => {
    const known = new Float64Array(20);
    known[shardIndexOf('gateway-eu-1', 20)] = 0.25;
    const h = hotKeysHottestShare(known, 4999, 0.75 / 4999);
    const mc = monteCarlo(new Float64Array(4999).fill(0.75 / 4999), 20, TRIALS, 13, known);
    expect(above(mc, h)).toBeLessThanOrEqual(0.01 + SLACK);
    expect(above(mc, h - 0.75 / 4999)).toBeGreaterThan(0.01 - SLACK);
  });
});

describe('keySkewOf', () => {
  it('needs no seed: the same block gives the same figure, and the figure falls as shards are added', () => {
    const a = keySkewOf(pk({ distinct: 50_000 }));
    const b = keySkewOf(pk({ distinct: 50_000 }));
    expect(a.hottestAt(22).share).toBe(b.hottestAt(22).share);
    expect(a.isAnalytic).toBe(true);
    for (let s = 2; s < 60; s += 1) expect(a.hottestAt(s + 1).share).toBeLessThanOrEqual(a.hottestAt(s).share);
  });

  it('names stand-ins #1:rank, heaviest first, and places listed keys exactly', () => {
    const z = keySkewOf(pk({ distribution: 'zipf', zipfExponent: 1, distinct: 100 }));
    expect([z.keyAt(0)?.key, z.keyAt(1)?.key]).toEqual(['#1:1', '#1:2']);
    expect(keySkewOf(pk({ keys: ['a', 'b', 'c'] })).isExact).toBe(true);
  });
});

/** ln C(n, k) + k ln p + (n − k) ln(1 − p), with ln k! summed term by term: an independent binomial. */
function logBinomialPmf(n: number, p: number): (k: number) => number {
  const lnFact = new Float64Array(n + 1);
  for (let k = 1; k <= n; k += 1) lnFact[k] = (lnFact[k - 1] ?? 0) + Math.log(k);
  return (k) => (lnFact[n] ?? 0) - (lnFact[k] ?? 0) - (lnFact[n - k] ?? 0) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}
const tailByHand = (n: number, p: number, c: number) => {
  const lp = logBinomialPmf(n, p);
  let sum = 0;
  for (let k = c + 1; k <= n; k += 1) sum += Math.exp(lp(k));
  return sum;
};

describe('the figures of the worked examples in docs/', () => {
  it.each([
    // [keys, shards, c]: S × P(Bin(N, 1/S) > c) ≤ 1 % < S × P(Bin(N, 1/S) > c − 1)
    [50_000, 22, 2429], // clickstream at 22 shards: 0.94 % and 1.02 %
    [50_000, 23, 2327], // clickstream at 23: 0.98 % and 1.06 %
    [50_000, 11, 4747], // the pipeline's stream at 11: 0.98 % and 1.03 %
    [50_000, 12, 4362], // … at 12: 0.98 % and 1.04 %
  ])('%i uniform keys on %i shards: the hottest holds %i keys at 99 %%', (n, shards, c) => {
    expect(shards * tailByHand(n, 1 / shards, c)).toBeLessThanOrEqual(0.01);
    expect(shards * tailByHand(n, 1 / shards, c - 1)).toBeGreaterThan(0.01);
    expect(uniformHottestShare(n, shards)).toBe(c / n);
  });

  it('hot-key.yaml: 25 % + 286 × 75 % ÷ 4,999 = 29.29 % (P(Bin(4,999, 1/20) > 286) = 0.99 %, > 285 = 1.17 %)', () => {
    expect(tailByHand(4999, 1 / 20, 286)).toBeLessThanOrEqual(0.01);
    expect(tailByHand(4999, 1 / 20, 285)).toBeGreaterThan(0.01);
    const known = new Float64Array(20);
    known[shardIndexOf('gateway-eu-1', 20)] = 0.25;
    expect(hotKeysHottestShare(known, 4999, 0.75 / 4999)).toBeCloseTo(0.25 + (286 * 0.75) / 4999, 9);
  });
});
