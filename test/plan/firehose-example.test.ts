import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFirehose } from '../../src/plan/firehose.js';
import { planFlink } from '../../src/plan/flink.js';
import type { FirehosePricing, FlinkPricing, Price } from '../../src/pricing/schema.js';
import { parseWorkload } from '../../src/workload/parse.js';

const MiB = 1024 * 1024;
const GiB = 2 ** 30;
const price = (usd: number): Price => ({ usd, unit: 'u', source: 'test', retrieved: '2026-01-01', confidence: 'secondary' });
/** us-east-1 figures of kinesis-facts.md §3.3/§3.4, written out so the dollars below can be recomputed by hand. */
const FIREHOSE: FirehosePricing = {
  ingestionGbTiers: [
    { ...price(0.029), upToGbPerMonth: 512_000 },
    { ...price(0.025), upToGbPerMonth: 2_048_000 },
    { ...price(0.02), upToGbPerMonth: null },
  ],
  formatConversionGb: price(0.018),
  dynamicPartitioningGb: price(0.02),
  dynamicPartitioningThousandObjects: price(0.005),
  vpcAzHour: price(0.01),
  vpcGb: price(0.01),
};
const FLINK: FlinkPricing = { kpuHour: price(0.11), runningStorageGbMonth: price(0.1), backupGbMonth: price(0.023) };

describe('examples/clickstream-pipeline.yaml', () => {
  const text = readFileSync(new URL('../../examples/clickstream-pipeline.yaml', import.meta.url), 'utf8');
  const w = parseWorkload(text, 'clickstream-pipeline.yaml');

  it('lands 32 MiB Parquet objects every 44 s', () => {
    const p = planFirehose(w.firehose[0]!, w, FIREHOSE, 730, GiB);
    // 3,000 records/s × 1,024 B = 3,072,000 B/s. Parquet: 64–128 MiB; target 15 min → interval 900 s, size 128 MiB.
    // 128 MiB fills in 134,217,728 / 3,072,000 = 43.69 s < 900 s → size-bound; objects 128 MiB × 25% = 32 MiB.
    const fill = (128 * MiB) / 3_072_000;
    expect(p.buffer).toEqual({ sizeMiB: 128, intervalSeconds: 900, trigger: 'size', isUserSet: false });
    expect(p.objectSizeBytes).toBe(32 * MiB);
    expect(p.deliveryLatencySeconds).toBeCloseTo(fill, 9);
    expect(p.objectsPerHour).toBeCloseTo(3600 / fill, 9);
    // 1 KiB records bill 5 KB: 3,000 × 2,628,000 s × 5,120 B / 2^30 = 37,594.07 GB, in the first tier, billed twice
    // (ingestion $0.029 + conversion $0.018 per GB). Batched into 1,000 KiB records they would bill 1,024 B each.
    const billedGb = (3000 * 2_628_000 * 5120) / GiB;
    expect(p.cost.monthlyUsd).toBeCloseTo(billedGb * (0.029 + 0.018), 6);
    expect(p.batching.savingUsdPerMonth).toBeCloseTo((billedGb - billedGb / 5) * (0.029 + 0.018), 6);
    expect(p.findings.map((f) => f.code)).toEqual(['FIREHOSE_SMALL_RECORDS']);
  });

  it('sizes the Flink application for the grown peak', () => {
    const p = planFlink(w.flink[0]!, w, FLINK, 730, GiB);
    // Peak 3 × 3,000/s grown 1.05^12 over 12 months, × (1,024 B + 36 B key) = 17,132,463 B/s; / 2 MiB/s = 8.17 → 9 KPUs.
    const peakBytes = 9000 * 1.05 ** 12 * 1060;
    expect(p.sourceBytesPerSec).toBeCloseTo(peakBytes, 3);
    expect(p.kpus).toBe(9);
    // (9 + 1) × 730 × $0.11 + 9 × 50 GB × $0.10 + 10 GB × $0.023 = 803 + 45 + 0.23.
    expect(p.cost.monthlyUsd).toBeCloseTo(803 + 45 + 0.23, 9);
    expect(p.findings).toEqual([]);
  });
});
