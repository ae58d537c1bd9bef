import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

const MiB = 1024 * 1024;
const GiB = 2 ** 30;

describe('examples/firehose-direct-put.yaml: a Firehose-only workload (Direct PUT into S3, no stream)', () => {
  const text = readFileSync(new URL('../../examples/firehose-direct-put.yaml', import.meta.url), 'utf8');
  const w = parseWorkload(text, 'firehose-direct-put.yaml');
  const plan = planWorkload(w, { pricing: loadShippedPricing(US_EAST_1), pricingLabel: US_EAST_1 });
  const f = plan.firehose[0]!;

  it('has no stream, and needs none', () => {
    expect(w.streams).toEqual([]);
    expect(plan.streams).toEqual([]);
    expect(f.source).toEqual({ kind: 'direct-put', stream: undefined, recordBytes: 2048, recordsPerSec: 500, bytesPerSec: 1_024_000, shards: null });
  });

  it('recommends the buffer for the 5-minute target: 128 MiB fills in 131 s, before the 300 s interval', () => {
    // 500 records/s × 2,048 B = 1,024,000 B/s. Target 5 min, no Lambda, no partitioning → interval 300 s; size 128 MiB
    // (the S3 maximum). 134,217,728 B / 1,024,000 B/s = 131.072 s < 300 s → delivered by size.
    const fill = (128 * MiB) / 1_024_000;
    expect(fill).toBeCloseTo(131.072, 9);
    expect(f.buffer).toEqual({ sizeMiB: 128, intervalSeconds: 300, trigger: 'size', isUserSet: false });
    expect(f.deliveryLatencySeconds).toBeCloseTo(fill, 9);
    // gzip at 20%: 25.6 MiB objects, 3,600 / 131.072 = 27.47 per hour, × 730 h = 20,050.3 S3 PUTs a month.
    expect(f.objectSizeBytes).toBeCloseTo(128 * MiB * 0.2, 6);
    expect(f.objectsPerHour).toBeCloseTo(3600 / fill, 9);
    expect(f.s3PutsPerMonth).toBeCloseTo((3600 / fill) * 730, 6);
  });

  it('prices Direct PUT ingestion in 5 KB increments: $181.70 a month, the whole workload', () => {
    // 2,048 B rounds up to 5,120 B. 500 × 730 × 3,600 = 1,314,000,000 records × 5,120 B = 6,727,680,000,000 B
    // = 6,265.64 GiB, all in the first tier: × $0.029 = $181.70.
    const billedGb = (1_314_000_000 * 5120) / GiB;
    expect(billedGb).toBeCloseTo(6265.640258789062, 6);
    expect(f.ingestion.billedGbPerMonth).toBeCloseTo(billedGb, 6);
    expect(f.cost.lines.map((l) => [l.key, l.unitUsd])).toEqual([['firehose-ingestion-tier-1', 0.029]]);
    expect(f.cost.monthlyUsd).toBeCloseTo(billedGb * 0.029, 9);
    expect(Math.round(f.cost.monthlyUsd! * 100) / 100).toBe(181.7);
    expect(plan.totals).toMatchObject({ streamsMonthlyUsd: 0, firehoseMonthlyUsd: f.cost.monthlyUsd, monthlyUsd: f.cost.monthlyUsd, hasUnknownLines: false });
  });
});
