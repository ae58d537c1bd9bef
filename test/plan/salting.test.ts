import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeKeyModel, keysOverShardLimit, rawLoadOf, shardsForSkew } from '../../src/plan/hot-shards.js';
import { keyModelOf, placedKey, shardOfPlacedKey } from '../../src/plan/key-shares.js';
import { keySkewOf, saltedKeySkewOf, zipfHottestShare } from '../../src/plan/key-skew.js';
import { planSalting } from '../../src/plan/salting.js';
import { planWorkload } from '../../src/plan/index.js';
import { parseWorkload } from '../../src/workload/parse.js';

const MiB = 1_048_576;
const example = (name: string) => parseWorkload(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'), name);

describe('salting the keys over a shard limit (examples/app-logs.yaml: Zipf s = 0.6 over 2,000 keys)', () => {
  const w = example('app-logs.yaml');
  const s = w.streams[0]!;
  // Peak 3 × 1,200 = 3,600 records/s of 48 KiB + a 64-byte key = 49,216 B. Rank k takes k^−0.6 / H(2000, 0.6).
  let h = 0;
  for (let k = 1; k <= 2000; k += 1) h += k ** -0.6;
  const loadOf = (k: number) => ((k ** -0.6 / h) * 3600 * 49_216) / MiB;
  const opts = { peakUserRecordsPerSec: 3600, loadOf: rawLoadOf(49_216), headroom: 0.2 };

  it('gives each key its own salts: the smallest n with load ÷ n within 1 MiB/s ÷ 1.2', () => {
    const hand: number[] = [];
    for (let k = 1; loadOf(k) > 1; k += 1) {
      let n = 1;
      while (loadOf(k) / n > 1 / 1.2) n += 1;
      hand.push(n);
    }
    // 3.357, 2.215, 1.736, 1.461, 1.278, 1.146, 1.044 MiB/s → × 1.2 = 4.03, 2.66, 2.08, 1.75, 1.53, 1.38, 1.25.
    expect(hand).toEqual([5, 3, 3, 2, 2, 2, 2]);
    const hot = keysOverShardLimit(keySkewOf(s.partitionKeys), opts);
    expect(hot.map((k) => k.saltsNeeded)).toEqual(hand);
    expect(hot.map((k) => k.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('re-runs the skew functions on the salted distribution: rank k split into n_k keys of share w_k ÷ n_k', () => {
    const hot = keysOverShardLimit(keySkewOf(s.partitionKeys), opts);
    const salted = saltedKeySkewOf(s.partitionKeys, new Map(hot.map((k) => [k.key, k.saltsNeeded])));
    // The hottest share is the Zipf rule's with the salted ranks as more, lighter keys.
    expect(salted.hottestAt(203).share).toBe(zipfHottestShare(2000, 0.6, 203, [5, 3, 3, 2, 2, 2, 2]));
    // Salting only lowers the heaviest keys: the hottest shard is lighter than before, at any count.
    expect(salted.hottestAt(203).share).toBeLessThan(keySkewOf(s.partitionKeys).hottestAt(203).share);
    // The heaviest key left is rank 8 (0.964 MiB/s): heavier than every sub-key (the largest, rank 4 ÷ 2, is 0.730).
    expect(salted.keyAt(0)?.key).toBe('#1:8');
    expect(loadOf(8)).toBeCloseTo(0.964, 3);
    expect(loadOf(4) / 2).toBeCloseTo(0.7305, 3);
    const plan = planSalting(s.partitionKeys, hot, { ...opts, shardCount: 203 }, (n) => Math.max(n, 203));
    expect(plan.keys).toBe(7);
    expect(plan.subKeys).toBe(5 + 3 + 3 + 2 + 2 + 2 + 2);
    expect(plan.keysStillOver).toBe(0);
    expect(plan.shardsForSkew).toBe(shardsForSkew(salted, opts).shards ?? null);
    expect(plan.hottestShardShare).toBe(analyzeKeyModel(salted, 203).hottestShardShare);
    // Rank 8 alone is 0.964 MiB/s, above the 83.3 % the headroom allows: no count keeps every shard within its limit.
    expect(plan.shardsNeeded).toBeNull();
    expect(plan.further?.outcome.shardsNeeded).toBeGreaterThan(203);
  });
});

describe('salting a named hot key (examples/hot-key.yaml)', () => {
  it('places the sub-keys gateway-eu-1#0 … #4 by their MD5s, beside the other keys', () => {
    const w = example('hot-key.yaml');
    const s = w.streams[0]!;
    // Peak 16,000 records/s; the key: 4,000 records/s; 4,000 ÷ n ≤ 1,000 ÷ 1.2 → n = 5, each 800 records/s.
    const opts = { peakUserRecordsPerSec: 16_000, loadOf: rawLoadOf(612), headroom: 0.2 };
    const hot = keysOverShardLimit(keySkewOf(s.partitionKeys), opts);
    expect(hot.map((k) => [k.key, k.saltsNeeded])).toEqual([['gateway-eu-1', 5]]);
    const plan = planSalting(s.partitionKeys, hot, { ...opts, shardCount: 20 }, (n) => n);
    // By hand: the five sub-keys at their MD5s on 20 shards (each on its own shard here), each 0.25 ÷ 5 = 5 % of the records.
    const counts = new Array<number>(20).fill(0);
    for (let j = 0; j < 5; j += 1) {
      const i = shardOfPlacedKey(placedKey(`gateway-eu-1#${j}`, 0.05, true), 20);
      counts[i] = (counts[i] ?? 0) + 1;
    }
    const subKeysOnHottest = Math.max(...counts);
    // The 4,999 other keys (75 %) add at least their mean 0.75 ÷ 20 to that shard.
    expect(plan.hottestShardShare).toBeGreaterThanOrEqual(subKeysOnHottest * 0.05 + 0.75 / 20 - 1e-12);
    expect(plan.hottestShardPeakUtilisation).toBeCloseTo((plan.hottestShardShare * 16_000) / 1000, 9);
    expect(keyModelOf(s.partitionKeys).keys[0]?.key).toBe('gateway-eu-1');
  });

  it('salted into 5, the stream needs the fewest shards whose hottest shard stays within 1.2 × 80 % = 96 % of its limit', () => {
    // Each sub-key writes 800 records/s, 80 % of a shard's 1,000 (bytes: 800 × 612 B, less than 1 MiB/s): above
    // 1 ÷ 1.2² = 69.4 %, so its shard keeps part of the headroom and may run at 1.2 × 800 = 960 records/s.
    const w = example('hot-key.yaml');
    const s = w.streams[0]!;
    const opts = { peakUserRecordsPerSec: 16_000, loadOf: rawLoadOf(612), headroom: 0.2 };
    const hot = keysOverShardLimit(keySkewOf(s.partitionKeys), opts);
    const plan = planSalting(s.partitionKeys, hot, { ...opts, shardCount: 20 }, (n) => n);
    const salted = saltedKeySkewOf(s.partitionKeys, new Map([['gateway-eu-1', 5]]));
    const recordsOnHottest = (n: number) => salted.hottestAt(n).share * 16_000;
    const needed = plan.shardsNeeded!;
    expect(recordsOnHottest(needed)).toBeLessThanOrEqual(960 + 1e-9);
    // Every count below it, from the even spread (16,000 × 1.2 ÷ 1,000 = 19.2 → 20) up, is over 960.
    for (let n = 20; n < needed; n += 1) expect(recordsOnHottest(n), `${n} shards`).toBeGreaterThan(960);
    expect(plan.isHeadroomMet).toBe(false);
  });

  it('the plan carries the grouped finding with the shards after salting from its own shard computation', () => {
    const w = example('hot-key.yaml');
    const plan = planWorkload(w);
    const f = plan.findings.filter((x) => x.code === 'HOT_KEY_OVER_SHARD_LIMIT');
    expect(f).toHaveLength(1);
    const salting = plan.streams[0]!.partitionKeys.salting!;
    expect(f[0]!.args).toMatchObject({ keyCount: 1, saltsPerKey: '[5]', plannedShards: 20, shardsAfterSalting: salting.shardsNeeded });
  });
});

describe('one finding for many keys over the limit', () => {
  it('examples/app-logs.yaml: seven keys, one finding, each key with its own salts', () => {
    const plan = planWorkload(example('app-logs.yaml'));
    const f = plan.findings.filter((x) => x.code === 'HOT_KEY_OVER_SHARD_LIMIT');
    expect(f).toHaveLength(1);
    expect(f[0]!.args).toMatchObject({ keyCount: 7, saltsPerKey: '[5,3,3,2,2,2,2]', distribution: 'zipf' });
    const reasons = plan.streams[0]!.throttlingRisk.reasons.filter((x) => x.code === 'RISK_KEY_OVER_SHARD_LIMIT');
    expect(reasons).toHaveLength(1);
  });
});
