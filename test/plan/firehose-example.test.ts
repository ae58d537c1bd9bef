import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFirehose } from '../../src/plan/firehose.js';
import { planFlink } from '../../src/plan/flink.js';
import { firehoseSource, planWorkload, sourcePlanOf } from '../../src/plan/index.js';
import type { FirehosePricing, FlinkPricing, Price } from '../../src/pricing/schema.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

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
  const streams = planWorkload(w).streams;

  it('lands 32 MiB Parquet objects every 44 s', () => {
    const p = planFirehose(w.firehose[0]!, { index: 0, source: firehoseSource(w.firehose[0]!, streams), pricing: FIREHOSE, monthHours: 730, gbBytes: GiB });
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

  it("sizes the Flink application for today's peak, and again at the growth horizon", () => {
    const p = planFlink(w.flink[0]!, { index: 0, source: sourcePlanOf(streams, 'clickstream'), pricing: FLINK, monthHours: 730, gbBytes: GiB });
    // Peak 3 × 3,000/s × (1,024 B + 36 B key) = 9,540,000 B/s; / 2 MiB/s = 4.55 → 5 KPUs.
    expect(p.sourceBytesPerSec).toBe(9_540_000);
    expect(p.kpus).toBe(5);
    // (5 + 1) × 730 × $0.11 + 5 × 50 GB × $0.10 + 10 GB × $0.023 = 481.80 + 25 + 0.23.
    expect(p.cost.monthlyUsd).toBeCloseTo(481.8 + 25 + 0.23, 9);
    // At the 12-month horizon the peak has grown 1.05^12: 17,132,463 B/s → 8.17 → 9 KPUs,
    // (9 + 1) × 730 × $0.11 + 9 × 50 GB × $0.10 + 10 GB × $0.023 = 803 + 45 + 0.23.
    expect(p.horizon?.months).toBe(12);
    expect(p.horizon?.sourceBytesPerSec).toBeCloseTo(9000 * 1.05 ** 12 * 1060, 3);
    expect(p.horizon?.kpus).toBe(9);
    expect(p.horizon?.cost.monthlyUsd).toBeCloseTo(803 + 45 + 0.23, 9);
    expect(p.findings).toEqual([]);
  });
});

describe('examples/clickstream-pipeline.yaml totals', () => {
  const text = readFileSync(new URL('../../examples/clickstream-pipeline.yaml', import.meta.url), 'utf8');
  const plan = planWorkload(parseWorkload(text, 'clickstream-pipeline.yaml'), { pricing: loadShippedPricing(US_EAST_1) });

  it('adds up today with today and the horizon with the horizon, never the two together', () => {
    const stream = plan.streams[0]!;
    const [fh] = plan.firehose;
    const [fl] = plan.flink;
    // Today: the stream at today's peak, Firehose at today's average, Flink sized for today's peak (5 KPUs).
    expect(plan.totals.monthlyUsd).toBeCloseTo(stream.cost!.planned.monthlyUsd + fh!.cost.monthlyUsd! + fl!.cost.monthlyUsd!, 9);
    expect(fl!.kpus).toBe(5);
    // At 12 months (5 %/month): Firehose bills 37,594.07 GB × 1.05^12 = 67,515 GB at $0.029 + $0.018 per GB.
    const billedGb = ((3000 * 2_628_000 * 5120) / GiB) * 1.05 ** 12;
    expect(fh!.horizon!.cost.monthlyUsd).toBeCloseTo(billedGb * (0.029 + 0.018), 6);
    const h = plan.totals.horizon!;
    expect(h.months).toBe(12);
    expect(h.monthlyUsd).toBeCloseTo(stream.cost!.plannedHorizon!.monthlyUsd + fh!.horizon!.cost.monthlyUsd! + fl!.horizon!.cost.monthlyUsd!, 9);
    expect(h.flinkMonthlyUsd).toBeCloseTo(803 + 45 + 0.23, 9);
  });
});
