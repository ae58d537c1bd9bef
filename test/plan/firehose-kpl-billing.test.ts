import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';
import { parseWorkload } from '../../src/workload/parse.js';
import type { Workload } from '../../src/workload/schema.js';

const GiB = 2 ** 30;
const MONTH_SEC = 730 * 3600;
const base = (): Workload =>
  parseWorkload(readFileSync(new URL('../../examples/clickstream-pipeline.yaml', import.meta.url), 'utf8'), 'clickstream-pipeline.yaml');
const withSettings = (w: Workload, kplBilling: 'per-user-record' | 'per-aggregate', aggregation: 'kpl' | 'none'): Workload => ({
  ...w,
  settings: { ...w.settings, firehoseKplBilling: kplBilling },
  streams: w.streams.map((s) => ({ ...s, producer: { ...s.producer, aggregation } })),
});

describe('Firehose reading KPL aggregates from a stream (settings.firehoseKplBilling)', () => {
  const pricing = loadShippedPricing(US_EAST_1);

  it('per-user-record (default): each de-aggregated 1 KiB record is billed as 5 KiB, aggregated or not', () => {
    for (const aggregation of ['none', 'kpl'] as const) {
      const plan = planWorkload(withSettings(base(), 'per-user-record', aggregation), { pricing });
      const f = plan.firehose[0]!;
      // 3,000 records/s × 2,628,000 s × 5,120 B ÷ 2^30 = 37,594 GB.
      expect(f.ingestion.billedBytesPerRecord).toBe(5120);
      expect(f.ingestion.billedGbPerMonth).toBeCloseTo((3000 * MONTH_SEC * 5120) / GiB, 6);
      expect(f.ingestion.isBilledPerAggregate).toBe(false);
      // The advice that can be followed from a stream: the producer writes several events per Kinesis record.
      expect(f.batching.method).toBe('producer-concatenation');
      const finding = plan.findings.find((x) => x.code === 'FIREHOSE_SMALL_RECORDS');
      expect(finding?.args).toMatchObject({ method: 'producer-concatenation', kplBilling: 'per-user-record' });
    }
  });

  it('per-aggregate with aggregation on: one 5 KB rounding per aggregate, by hand from the stream plan', () => {
    const plan = planWorkload(withSettings(base(), 'per-aggregate', 'kpl'), { pricing });
    const agg = plan.streams[0]!.aggregation;
    const f = plan.firehose[0]!;
    // An aggregate of n user records and B bytes is billed ⌈B ÷ 5,120⌉ × 5,120; each user record carries 1/n of it.
    const perAggregate = Math.ceil(agg.aggregateBytes / 5120) * 5120;
    expect(agg.userRecordsPerAggregate).toBeGreaterThan(20);
    expect(f.ingestion.isBilledPerAggregate).toBe(true);
    expect(f.ingestion.billedBytesPerRecord).toBeCloseTo(perAggregate / agg.userRecordsPerAggregate, 9);
    expect(f.ingestion.billedGbPerMonth).toBeCloseTo((3000 * MONTH_SEC * perAggregate) / agg.userRecordsPerAggregate / GiB, 6);
    // e.g. 28.3 records of 1,024 B + 8 B of framing ≈ 29.6 KiB → 30 KiB billed: ≈ 1.06 KiB per record instead of 5 KiB.
    expect(f.ingestion.billedBytesPerRecord).toBeLessThan(1.1 * 1024);
    // Priced at the first tier ($0.029/GB) plus Parquet conversion ($0.018/GB) on the billed GB.
    const ingestion = f.cost.lines.filter((l) => l.key.startsWith('firehose-ingestion')).reduce((a, l) => a + (l.monthlyUsd ?? 0), 0);
    expect(ingestion).toBeCloseTo(f.ingestion.billedGbPerMonth * 0.029, 6);
    expect(plan.findings.some((x) => x.code === 'FIREHOSE_SMALL_RECORDS')).toBe(false);
  });

  it('per-aggregate with aggregation off: the advice is KPL aggregation, and its saving is the billed GB it removes', () => {
    const plan = planWorkload(withSettings(base(), 'per-aggregate', 'none'), { pricing });
    const agg = plan.streams[0]!.aggregation;
    const f = plan.firehose[0]!;
    expect(f.ingestion.billedBytesPerRecord).toBe(5120);
    expect(f.batching.method).toBe('kpl-aggregation');
    const perRecord = (Math.ceil(agg.aggregateBytes / 5120) * 5120) / agg.userRecordsPerAggregate;
    const gbNow = (3000 * MONTH_SEC * 5120) / GiB;
    const gbWith = (3000 * MONTH_SEC * perRecord) / GiB;
    // Both volumes sit in the first tier: (now − with) × ($0.029 + $0.018 Parquet).
    expect(f.batching.savingUsdPerMonth).toBeCloseTo((gbNow - gbWith) * (0.029 + 0.018), 6);
    const finding = plan.findings.find((x) => x.code === 'FIREHOSE_SMALL_RECORDS');
    expect(finding?.args).toMatchObject({ method: 'kpl-aggregation', recordsPerBatch: agg.userRecordsPerAggregate });
  });
});
