import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  batchedBilledRecordBytes,
  billedRecordBytes,
  planFirehose,
  splitTiers,
  tieredUsd,
  type FirehosePlan,
} from '../../src/plan/firehose.js';
import { firehoseSource, planWorkload } from '../../src/plan/index.js';
import type { FirehosePricing, Price } from '../../src/pricing/schema.js';
import { parseWorkload } from '../../src/workload/parse.js';
import type { Workload } from '../../src/workload/schema.js';
import { stageConsumers } from '../../src/workload/stages-schema.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

const loadShipped = () => loadShippedPricing(US_EAST_1);

const MiB = 1024 * 1024;
const GiB = 2 ** 30;

const price = (usd: number, unit: string): Price => ({ usd, unit, source: 'test', retrieved: '2026-01-01', confidence: 'aws' });

/** Prices written here by hand, so every expected dollar figure below can be checked with a calculator. */
const PRICING: FirehosePricing = {
  ingestionGbTiers: [
    { ...price(0.029, 'GB'), upToGbPerMonth: 500 },
    { ...price(0.025, 'GB'), upToGbPerMonth: 2000 },
    { ...price(0.02, 'GB'), upToGbPerMonth: null },
  ],
  formatConversionGb: price(0.018, 'GB'),
  dynamicPartitioningGb: price(0.02, 'GB'),
  dynamicPartitioningThousandObjects: price(0.005, '1,000 objects'),
  vpcAzHour: price(0.01, 'AZ-hour'),
  vpcGb: price(0.01, 'GB'),
};

/** A workload with one stream `s` (1 KiB records, 1,000/s, 2 shards) and the given Firehose stages. */
function workload(firehose: Record<string, unknown>[], stream: Record<string, unknown> = {}): Workload {
  const doc = {
    version: 1,
    name: 'test',
    streams: [{ name: 's', shards: 2, records: { size: '1 KiB', rate: '1000/s' }, ...stream }],
    firehose,
  };
  return parseWorkload(stringify(doc), 'test.yaml');
}

function plan(stage: Record<string, unknown>, opts: { monthHours?: number; gbBytes?: number; pricing?: FirehosePricing | null } = {}): FirehosePlan {
  const w = workload([{ name: 'f', destination: 's3', ...stage }]);
  const pricing = opts.pricing === null ? undefined : (opts.pricing ?? PRICING);
  const source = firehoseSource(w.firehose[0]!, planWorkload(w).streams);
  return planFirehose(w.firehose[0]!, { index: 0, source, pricing, monthHours: opts.monthHours ?? 730, gbBytes: opts.gbBytes ?? GiB });
}

const codes = (p: FirehosePlan) => p.findings.map((f) => f.code);

describe('5 KB rounding', () => {
  it('bills a 3 KB record as 5 KB and a 12 KB record as 15 KB (AWS pricing page example, 5 KB = 5,120 B)', () => {
    // 3 KB read as 3,072 B or 3,000 B: both round up to one increment, 5,120 B.
    expect(billedRecordBytes(3 * 1024)).toBe(5 * 1024);
    expect(billedRecordBytes(3000)).toBe(5120);
    // 12 KB = 12,288 B (or 12,000 B) → ceil(12,288 / 5,120) = 3 increments = 15,360 B = 15 KB.
    expect(billedRecordBytes(12 * 1024)).toBe(15 * 1024);
    expect(billedRecordBytes(12_000)).toBe(15 * 1024);
  });

  it('rounds at the increment boundary: 5,120 B bills 5,120 B and 5,121 B bills 10,240 B', () => {
    expect(billedRecordBytes(5120)).toBe(5120);
    expect(billedRecordBytes(5121)).toBe(10_240);
  });

  it('reproduces the firehose guide: 5 MiB in 5,000 records bills more than in 1,000 records', () => {
    // kinesis-facts.md §4.3: 5,000 × 1,048.576 B → 5,120 B each = 25,600,000 B; 1,000 × 5,242.88 B → 10,240 B each.
    expect(5000 * billedRecordBytes((5 * MiB) / 5000)).toBe(25_600_000);
    expect(1000 * billedRecordBytes((5 * MiB) / 1000)).toBe(10_240_000);
  });

  it('batching small records into 1,000 KiB Firehose records bills them at their own size', () => {
    // 200 B: k = floor(1,024,000 / 200) = 5,120 records = 1,024,000 B = exactly 200 increments → 200 B per record.
    expect(batchedBilledRecordBytes(200)).toEqual({ recordsPerBatch: 5120, billedBytesPerRecord: 200 });
    // 3,000 B: k = 341 → 1,023,000 B → ceil(1,023,000 / 5,120) = 200 increments = 1,024,000 B → 1,024,000 / 341 per record.
    expect(batchedBilledRecordBytes(3000).billedBytesPerRecord).toBeCloseTo(1_024_000 / 341, 9);
  });
});

describe('ingestion tiers', () => {
  const tiers = PRICING.ingestionGbTiers;

  it('puts a volume exactly at the first bound in the first tier only', () => {
    expect(splitTiers(500, tiers)).toEqual([500, 0, 0]);
  });

  it('splits a volume across all three tiers', () => {
    // 2,500 GB = 500 (first) + 1,500 (500–2,000) + 500 (above 2,000).
    expect(splitTiers(2500, tiers)).toEqual([500, 1500, 500]);
    // 500 × 0.029 + 1,500 × 0.025 + 500 × 0.02 = 14.5 + 37.5 + 10 = 62.
    expect(tieredUsd(2500, tiers)).toBeCloseTo(62, 10);
  });

  it('prices a stage at the tier boundary and above it', () => {
    // gbBytes = 5,120 × 3,600 makes 1 record/s of 5,120 B for one hour exactly 1 GB; 500 hours → 500 GB.
    const gbBytes = 5120 * 3600;
    const at = plan({ source: { directPut: { size: 5120, rate: '1/s' } } }, { monthHours: 500, gbBytes });
    expect(at.ingestion.billedGbPerMonth).toBeCloseTo(500, 9);
    expect(at.cost.lines.map((l) => l.key)).toEqual(['firehose-ingestion-tier-1']);
    expect(at.cost.monthlyUsd).toBeCloseTo(500 * 0.029, 9);

    const above = plan({ source: { directPut: { size: 5120, rate: '5/s' } } }, { monthHours: 500, gbBytes });
    expect(above.cost.lines.map((l) => [l.key, l.quantity])).toEqual([
      ['firehose-ingestion-tier-1', 500],
      ['firehose-ingestion-tier-2', 1500],
      ['firehose-ingestion-tier-3', 500],
    ]);
    expect(above.cost.monthlyUsd).toBeCloseTo(62, 9);
  });
});

describe('buffer trigger', () => {
  it('is size-bound when traffic fills the largest buffer before the longest interval', () => {
    // 1 KiB × 2,048/s = 2 MiB/s. Recommendation without targets: 128 MiB and 900 s.
    // Fill time 128 MiB / 2 MiB/s = 64 s < 900 s → size; 3,600 / 64 = 56.25 objects an hour of 128 MiB each.
    const p = plan({ source: { directPut: { size: '1 KiB', rate: '2048/s' } } });
    expect(p.buffer).toEqual({ sizeMiB: 128, intervalSeconds: 900, trigger: 'size', isUserSet: false });
    expect(p.objectSizeBytes).toBe(128 * MiB);
    expect(p.objectsPerHour).toBeCloseTo(56.25, 12);
    expect(p.deliveryLatencySeconds).toBeCloseTo(64, 12);
    // 56.25 objects/h × 730 h = 41,062.5 PUTs.
    expect(p.s3PutsPerMonth).toBeCloseTo(41_062.5, 9);
  });

  it('is interval-bound when the buffer does not fill within the interval', () => {
    // 1 KiB × 10/s = 10,240 B/s; 128 MiB would take 13,107.2 s > 900 s → interval.
    // Object = 10,240 × 900 = 9,216,000 B; 3,600 / 900 = 4 objects an hour; latency 900 s.
    const p = plan({ source: { directPut: { size: '1 KiB', rate: '10/s' } } });
    expect(p.buffer.trigger).toBe('interval');
    expect(p.objectSizeBytes).toBeCloseTo(9_216_000, 6);
    expect(p.objectsPerHour).toBeCloseTo(4, 12);
    expect(p.deliveryLatencySeconds).toBe(900);
  });

  it('caps the interval at the latency target and flags the tiny objects that result', () => {
    // 10,240 B/s with a 60 s target: interval 60 s → 614,400 B objects (< 1 MiB), 60 an hour.
    const p = plan({ source: { directPut: { size: '1 KiB', rate: '10/s' } }, target: { maxLatency: '60s' } });
    expect(p.buffer.intervalSeconds).toBe(60);
    expect(p.objectSizeBytes).toBeCloseTo(614_400, 6);
    expect(p.objectsPerHour).toBeCloseTo(60, 12);
    expect(codes(p)).toContain('FIREHOSE_TINY_OBJECTS');
    expect(codes(p)).not.toContain('FIREHOSE_LATENCY_TARGET_MISSED');
    // After the advice, at the longest buffer (900 s, 128 MiB): 128 MiB takes 13,107.2 s, so the interval sends
    // 10,240 × 900 = 9,216,000 B objects, 3,600 ÷ 900 = 4 an hour, 4 × 730 = 2,920 PUTs a month, 900 s late.
    const f = p.findings.find((x) => x.code === 'FIREHOSE_TINY_OBJECTS');
    expect(f?.code === 'FIREHOSE_TINY_OBJECTS' && f.args).toMatchObject({
      objectsPerHour: 60,
      s3PutsPerMonth: 43_800,
      latencySec: 60,
      longestIntervalSec: 900,
      longestSizeMiB: 128,
      objectsPerHourAtLongest: 4,
      s3PutsPerMonthAtLongest: 2920,
      latencySecAtLongest: 900,
    });
    expect(f?.code === 'FIREHOSE_TINY_OBJECTS' && f.args.objectSizeBytesAtLongest).toBeCloseTo(9_216_000, 6);
    expect(f?.code === 'FIREHOSE_TINY_OBJECTS' && f.args.fewerPartitions).toBeUndefined();
  });

  it('tiny objects over dynamic partitions: the most partitions that reach 1 MiB at the longest buffer', () => {
    // 1 KiB × 100/s = 102,400 B/s over 20 partitions = 5,120 B/s each; 60 s target ÷ 1.5 (dynamic partitioning) → 40 s:
    // 204,800 B objects, 20 × 90 = 1,800 an hour. At 900 s: 5,120 × 900 = 4,608,000 B, 20 × 4 = 80 an hour, 58,400
    // PUTs, 900 × 1.5 = 1,350 s. 102,400 × 900 = 92,160,000 B a cycle ÷ 1 MiB = 87.9 → 87 partitions would reach it,
    // more than the 20 there are: the search stops at 19, objects 92,160,000 ÷ 19 = 4,850,526 B, 19 × 4 × 730 = 55,480.
    const p = plan({
      source: { directPut: { size: '1 KiB', rate: '100/s' } },
      dynamicPartitioning: { activePartitions: 20 },
      target: { maxLatency: '60s' },
    });
    const f = p.findings.find((x) => x.code === 'FIREHOSE_TINY_OBJECTS');
    expect(f?.code).toBe('FIREHOSE_TINY_OBJECTS');
    if (f?.code !== 'FIREHOSE_TINY_OBJECTS') return;
    expect(f.args.objectSizeBytes).toBeCloseTo(204_800, 6);
    expect(f.args.objectsPerHourAtLongest).toBeCloseTo(80, 9);
    expect(f.args.s3PutsPerMonthAtLongest).toBeCloseTo(58_400, 6);
    expect(f.args.latencySecAtLongest).toBeCloseTo(1350, 9);
    expect(f.args.objectSizeBytesAtLongest).toBeCloseTo(4_608_000, 3);
    expect(f.args.fewerPartitions).toBe(19);
    expect(f.args.objectSizeBytesWithFewerPartitions).toBeCloseTo(92_160_000 / 19, 3);
    expect(f.args.s3PutsPerMonthWithFewerPartitions).toBeCloseTo(55_480, 6);
  });

  it('tiny objects even at one partition: 1 KiB × 1/s over 50 partitions', () => {
    // 1,024 B/s in all: at the longest buffer one partition holds 1,024 × 900 = 921,600 B < 1 MiB, so fewerPartitions
    // is 1, with 4 × 730 = 2,920 PUTs a month and 900 × 1.5 = 1,350 s of latency.
    const p = plan({ source: { directPut: { size: '1 KiB', rate: '1/s' } }, dynamicPartitioning: { activePartitions: 50 } });
    const f = p.findings.find((x) => x.code === 'FIREHOSE_TINY_OBJECTS');
    if (f?.code !== 'FIREHOSE_TINY_OBJECTS') throw new Error('expected FIREHOSE_TINY_OBJECTS');
    expect(f.args.fewerPartitions).toBe(1);
    expect(f.args.objectSizeBytesWithFewerPartitions).toBeCloseTo(921_600, 6);
    expect(f.args.s3PutsPerMonthWithFewerPartitions).toBeCloseTo(2920, 9);
    expect(f.args.latencySecWithFewerPartitions).toBeCloseTo(1350, 9);
  });

  it('sizes the buffer for a target object after compression', () => {
    // Target 32 MiB objects at a 25% output ratio → buffer 32 / 0.25 = 128 MiB.
    const p = plan({ source: { directPut: { size: '1 KiB', rate: '2048/s' } }, outputRatio: '25%', target: { objectSize: '32 MiB' } });
    expect(p.buffer.sizeMiB).toBe(128);
    expect(p.objectSizeBytes).toBe(32 * MiB);
  });

  it('evaluates the user\'s own hints and reports a missed latency target', () => {
    // Parquet, 64 MiB / 300 s at 10,240 B/s: 64 MiB takes 6,553.6 s → interval-bound at 300 s > 60 s target.
    const p = plan({
      source: { directPut: { size: '1 KiB', rate: '10/s' } },
      formatConversion: 'parquet',
      buffer: { size: '64 MiB', interval: '300s' },
      target: { maxLatency: '60s' },
    });
    expect(p.buffer).toEqual({ sizeMiB: 64, intervalSeconds: 300, trigger: 'interval', isUserSet: true });
    expect(p.recommendedBuffer).toEqual({ sizeMiB: 128, intervalSeconds: 60 });
    const f = p.findings.find((x) => x.code === 'FIREHOSE_LATENCY_TARGET_MISSED');
    expect(f).toMatchObject({ severity: 'error', path: 'firehose[0].buffer', args: { latencySec: 300, maxLatencySec: 60 } });
    // After the advice, 64 MiB / 60 s: still interval-bound, 60 s late, 10,240 × 60 = 614,400 B objects (output ratio
    // 1), 3,600 ÷ 60 = 60 an hour.
    expect(f?.args).toMatchObject({ recommendedIntervalSec: 60, latencySecAfter: 60, objectsPerHourAfter: 60 });
    expect(f?.code === 'FIREHOSE_LATENCY_TARGET_MISSED' && f.args.objectSizeBytesAfter).toBeCloseTo(614_400, 6);
  });

  it('flags a user buffer smaller than 10 s of ingest', () => {
    // 2 MiB/s with a 5 MiB buffer: fills in 2.5 s; AWS recommends above 10 s × 2 MiB/s = 20 MiB.
    const p = plan({ source: { directPut: { size: '1 KiB', rate: '2048/s' } }, buffer: { size: '5 MiB', interval: '300s' } });
    expect(p.buffer.trigger).toBe('size');
    expect(p.findings.find((f) => f.code === 'FIREHOSE_BUFFER_BELOW_RECOMMENDED')?.args).toMatchObject({ recommendedMinMiB: 20, fillSeconds: 2.5 });
    // After the advice, buffer.size 20 MiB: fills in 10 s, 3,600 ÷ 10 = 360 objects an hour of 20 MiB instead of
    // 3,600 ÷ 2.5 = 1,440; 360 × 730 = 262,800 PUTs a month instead of 1,051,200; 10 s late instead of 2.5 s.
    expect(p.findings.find((f) => f.code === 'FIREHOSE_BUFFER_BELOW_RECOMMENDED')?.args).toMatchObject({
      sizeMiBAfter: 20,
      objectSizeBytesAfter: 20 * MiB,
      objectsPerHour: 1440,
      objectsPerHourAfter: 360,
      s3PutsPerMonth: 1_051_200,
      s3PutsPerMonthAfter: 262_800,
      latencySec: 2.5,
      latencySecAfter: 10,
    });
  });

  it('takes the Splunk ranges: interval at most 60 s, size at most 5 MiB', () => {
    const p = plan({ destination: 'splunk', source: { directPut: { size: '1 KiB', rate: '10/s' } } });
    expect(p.recommendedBuffer).toEqual({ sizeMiB: 5, intervalSeconds: 60 });
    expect(p.s3PutsPerMonth).toBe(0);
  });
});

describe('dynamic partitioning', () => {
  it('partition throughput: the fewest partitions that carry the peak within 1 GB/s each', () => {
    // 1,000,000 B × 3,000/s = 3e9 B/s over 2 partitions = 1.5e9 B/s each > 1e9; 3e9 ÷ 1e9 = 3 partitions.
    const p = plan({ source: { directPut: { size: 1_000_000, rate: '3000/s' } }, dynamicPartitioning: { activePartitions: 2 } });
    expect(p.findings.find((f) => f.code === 'FIREHOSE_PARTITION_THROUGHPUT_EXCEEDED')?.args).toMatchObject({
      bytesPerSecPerPartition: 1.5e9,
      partitionsNeeded: 3,
    });
  });

  const stage = {
    source: { directPut: { size: '1 KiB', rate: '2048/s' } },
    dynamicPartitioning: { activePartitions: 24 },
  };

  it('buffers per partition and multiplies objects by the active partitions', () => {
    // 2 MiB/s over 24 partitions = 87,381.33 B/s each; 128 MiB takes 1,536 s > 900 s → interval-bound.
    // Per partition: 4 objects an hour of 87,381.33 × 900 = 78,643,200 B (75 MiB); in all 24 × 4 = 96 an hour.
    // Multi-stage buffering: latency up to 1.5 × 900 = 1,350 s.
    const p = plan(stage);
    expect(p.buffer).toMatchObject({ sizeMiB: 128, intervalSeconds: 900, trigger: 'interval' });
    expect(p.objectSizeBytes).toBeCloseTo(75 * MiB, 6);
    expect(p.objectsPerHourPerPartition).toBeCloseTo(4, 12);
    expect(p.objectsPerHour).toBeCloseTo(96, 12);
    expect(p.deliveryLatencySeconds).toBeCloseTo(1350, 9);
    // Objects a month: 96 × 730 = 70,080 → 70.08 thousand × $0.005 = $0.3504.
    const objects = p.cost.lines.find((l) => l.key === 'firehose-dynamic-partitioning-objects');
    expect(objects?.quantity).toBeCloseTo(70.08, 9);
    expect(objects?.monthlyUsd).toBeCloseTo(0.3504, 9);
  });

  it('divides the latency budget by the 1.5 delay factor', () => {
    // Target 600 s → interval 600 / 1.5 = 400 s; 9 objects an hour per partition, 216 in all.
    const p = plan({ ...stage, target: { maxLatency: '10min' } });
    expect(p.buffer.intervalSeconds).toBe(400);
    expect(p.objectsPerHour).toBeCloseTo(216, 9);
    expect(p.deliveryLatencySeconds).toBeCloseTo(600, 9);
  });

  it('warns above 500 active partitions and errs above 5,000', () => {
    expect(codes(plan({ ...stage, dynamicPartitioning: { activePartitions: 501 } }))).toContain('FIREHOSE_PARTITIONS_ABOVE_DEFAULT');
    expect(codes(plan({ ...stage, dynamicPartitioning: { activePartitions: 5001 } }))).toContain('FIREHOSE_PARTITIONS_ABOVE_MAX');
    // 12,000 partitions over Firehose streams of at most 5,000 each: ⌈12,000 ÷ 5,000⌉ = 3 streams of 4,000.
    const split = plan({ ...stage, dynamicPartitioning: { activePartitions: 12_000 } }).findings.find((f) => f.code === 'FIREHOSE_PARTITIONS_ABOVE_MAX');
    expect(split?.args).toEqual({ partitions: 12_000, max: 5000, firehoseStreamsNeeded: 3 });
  });
});

describe('Lambda transformation', () => {
  it('adds the Lambda buffer time to the latency, per source shard', () => {
    // Stream s: 1 KiB × 1,000/s = 1,024,000 B/s over 2 shards = 512,000 B/s per shard;
    // the default 1 MiB Lambda buffer fills in 1,048,576 / 512,000 = 2.048 s (< 60 s interval).
    const p = plan({ source: { stream: 's' }, lambda: {} });
    // Destination: 1,024,000 B/s fills 128 MiB in 131.072 s → size-bound.
    expect(p.deliveryLatencySeconds).toBeCloseTo(2.048 + 131.072, 9);
  });

  it('flags a response above the 6 MB synchronous payload', () => {
    // 3 MiB in, 200% out, base64 4/3: 3 × 2 × 4/3 = 8 MiB > 6 MiB. Largest safe buffer: 6 / (4/3 × 2) = 2.25 MiB.
    const p = plan({ source: { stream: 's' }, lambda: { bufferSize: '3 MiB', outputRatio: '200%' } });
    const f = p.findings.find((x) => x.code === 'FIREHOSE_LAMBDA_PAYLOAD_TOO_LARGE');
    expect(f?.args.responseBytes).toBeCloseTo(8 * MiB, 6);
    expect(f?.args.maxBufferMiB).toBeCloseTo(2.25, 12);
  });

  it('flags more than 5 outstanding invocations per shard', () => {
    // 512,000 B/s per shard, 1 MiB batches: 0.48828 invocations/s; × 12 s = 5.86 in flight > 5.
    const slow = plan({ source: { stream: 's' }, lambda: { duration: '12s' } });
    expect(slow.findings.find((f) => f.code === 'FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED')?.args.outstandingPerShard).toBeCloseTo(
      (512_000 / MiB) * 12,
      9,
    );
    // After the advice: 12 × 5 ÷ 5.86 = 10.24 s; 1,024,000 B/s × 12 ÷ (1 MiB × 5) = 2.34 → 3 shards; a buffer of
    // 512,000 × 12 ÷ 5 = 1,228,800 B = 1.171875 MiB (within 3 MiB, filled in 2.4 s before the 60 s interval).
    const f = slow.findings.find((x) => x.code === 'FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED');
    if (f?.code !== 'FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED') throw new Error('expected FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED');
    expect(f.args.maxDurationSec).toBeCloseTo(MiB / 102_400, 9);
    expect(f.args.shardsNeeded).toBe(3);
    expect(f.args.bufferMiBNeeded).toBeCloseTo(1.171875, 12);
    // × 10 s = 4.88 ≤ 5: no finding.
    expect(codes(plan({ source: { stream: 's' }, lambda: { duration: '10s' } }))).not.toContain('FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED');
  });
});

describe('Firehose cost', () => {
  it('prices 200-byte records at 5 KB each and shows the saving from batching', () => {
    // 1,000 records/s × 730 h × 3,600 s = 2.628e9 records a month.
    // Billed: 2.628e9 × 5,120 B / 2^30 = 12,531.357 GB; raw and batched (see above): 2.628e9 × 200 B / 2^30 = 489.506 GB.
    const p = plan({ source: { directPut: { size: 200, rate: '1000/s' } } });
    const billed = (2.628e9 * 5120) / GiB;
    const raw = (2.628e9 * 200) / GiB;
    expect(p.ingestion.billedGbPerMonth).toBeCloseTo(billed, 6);
    expect(p.ingestion.rawGbPerMonth).toBeCloseTo(raw, 6);
    expect(p.batching.billedGbPerMonth).toBeCloseTo(raw, 6);
    // Tiered: 500 × 0.029 + 1,500 × 0.025 + (billed − 2,000) × 0.02.
    const billedUsd = 500 * 0.029 + 1500 * 0.025 + (billed - 2000) * 0.02;
    expect(p.cost.monthlyUsd).toBeCloseTo(billedUsd, 6);
    // Batched 489.5 GB sits in the first tier: 489.506 × 0.029.
    expect(p.batching.savingUsdPerMonth).toBeCloseTo(billedUsd - raw * 0.029, 6);
    expect(p.findings.find((f) => f.code === 'FIREHOSE_SMALL_RECORDS')?.args).toMatchObject({ billedBytes: 5120, billedMultiple: 25.6 });
  });

  it('adds format conversion on the billed volume and VPC per AZ-hour and per GB', () => {
    // 5,120 B × 100/s: billed = raw = 100 × 5,120 × 2,628,000 / 2^30 = 1,253.136 GB.
    const p = plan({
      source: { directPut: { size: 5120, rate: '100/s' } },
      formatConversion: 'parquet',
      vpc: { availabilityZones: 3 },
    });
    const gb = (100 * 5120 * 2_628_000) / GiB;
    const byKey = Object.fromEntries(p.cost.lines.map((l) => [l.key, l]));
    expect(byKey['firehose-format-conversion']?.quantity).toBeCloseTo(gb, 9);
    expect(byKey['firehose-format-conversion']?.monthlyUsd).toBeCloseTo(gb * 0.018, 9);
    expect(byKey['firehose-vpc-az-hours']).toMatchObject({ quantity: 3 * 730, unitUsd: 0.01 });
    expect(byKey['firehose-vpc-data']?.quantity).toBeCloseTo(gb, 9);
    const expected = 500 * 0.029 + (gb - 500) * 0.025 + gb * 0.018 + 3 * 730 * 0.01 + gb * 0.01;
    expect(p.cost.monthlyUsd).toBeCloseTo(expected, 9);
    expect(codes(p)).not.toContain('FIREHOSE_SMALL_RECORDS');
  });

  it('leaves dollars unknown, not zero, without a price table', () => {
    const p = plan({ source: { directPut: { size: 200, rate: '1000/s' } } }, { pricing: null });
    expect(p.cost.monthlyUsd).toBeNull();
    expect(p.cost.lines[0]).toMatchObject({ unitUsd: null, monthlyUsd: null });
    expect(p.cost.lines[0]?.quantity).toBeCloseTo((2.628e9 * 5120) / GiB, 6);
    expect(p.batching.savingUsdPerMonth).toBeNull();
  });
});

describe('stage consumers', () => {
  it('lists a Firehose reader polling once a second and Flink readers by type', () => {
    const doc = {
      version: 1,
      name: 't',
      streams: [{ name: 's', records: { size: 100, rate: 10 } }],
      firehose: [{ name: 'f', source: { stream: 's' }, destination: 's3' }],
      flink: [
        { name: 'a', source: { stream: 's' }, kpus: 1 },
        { name: 'b', source: { stream: 's', type: 'efo' }, kpus: 1 },
      ],
    };
    const w = parseWorkload(stringify(doc), 't.yaml');
    expect(stageConsumers(w, 's')).toEqual([
      { name: 'f', type: 'polling', pollIntervalSec: 1 },
      { name: 'a', type: 'polling', pollIntervalSec: 0.2 },
      { name: 'b', type: 'efo', pollIntervalSec: 0 },
    ]);
    expect(stageConsumers(w, 'other')).toEqual([]);
  });
});

describe('JQ processing for dynamic partitioning', () => {
  const withJq = { ...PRICING, dynamicPartitioningJqHour: price(0.07, 'JQ processing hour') };
  const dp = (extra: Record<string, unknown> = {}) => ({ source: { stream: 's' }, buffer: { size: '64 MiB', interval: '300s' }, dynamicPartitioning: { activePartitions: 4, ...extra } });
  const jqLine = (p: FirehosePlan) => p.cost.lines.find((l) => l.key === 'firehose-dynamic-partitioning-jq');

  it('is billed per JQ processing hour when the stage says it uses JQ: 70 h × $0.07 = $4.90', () => {
    const p = plan(dp({ jq: true, jqHoursPerMonth: 70 }), { pricing: withJq });
    expect(jqLine(p)).toEqual({ key: 'firehose-dynamic-partitioning-jq', item: 'JQ processing', quantity: 70, unit: 'JQ hour', unitUsd: 0.07, monthlyUsd: 70 * 0.07, scope: 'stream' });
    // The stage's total is its lines: the JQ line adds $4.90 to the same stage without JQ.
    expect(p.cost.monthlyUsd).toBeCloseTo(plan(dp(), { pricing: withJq }).cost.monthlyUsd! + 4.9, 9);
  });

  it('without the hours, takes settings.jqHoursPerMonth, else every hour of the month (730 h × $0.07 = $51.10)', () => {
    const assumed = jqLine(plan(dp({ jq: true }), { pricing: withJq }))!;
    expect(assumed).toMatchObject({ item: 'JQ processing (every hour, assumed)', quantity: 730 });
    expect(assumed.monthlyUsd).toBeCloseTo(51.1, 10);
    expect(jqLine(plan(dp({ jq: true }), { pricing: withJq, monthHours: 744 }))!.quantity).toBe(744);
    const w = parseWorkload(
      stringify({ version: 1, name: 't', settings: { jqHoursPerMonth: 100 }, firehose: [{ name: 'f', destination: 's3', ...dp({ jq: true }), source: { directPut: { size: 1024, rate: 100 } } }] }),
      't.yaml',
    );
    const fromSetting = planWorkload(w, { pricing: { ...loadShipped(), firehose: withJq } }).firehose[0]!;
    // 100 h × $0.07 = $7.00
    expect(jqLine(fromSetting)).toMatchObject({ item: 'JQ processing (settings)', quantity: 100, unitUsd: 0.07 });
    expect(jqLine(fromSetting)!.monthlyUsd).toBeCloseTo(7, 10);
  });

  it('no JQ, no line; a pricing file without the JQ price leaves the line, and the stage total, unknown', () => {
    expect(jqLine(plan(dp(), { pricing: withJq }))).toBeUndefined();
    expect(jqLine(plan(dp({ jq: false }), { pricing: withJq }))).toBeUndefined();
    const p = plan(dp({ jq: true, jqHoursPerMonth: 70 }), { pricing: PRICING });
    expect(jqLine(p)).toMatchObject({ quantity: 70, unitUsd: null, monthlyUsd: null });
    expect(p.cost.monthlyUsd).toBeNull();
  });

  it('jqHoursPerMonth without jq is a located error', () => {
    expect(() => workload([{ name: 'f', destination: 's3', source: { stream: 's' }, dynamicPartitioning: { activePartitions: 4, jqHoursPerMonth: 70 } }])).toThrow(
      /^test\.yaml:\d+:\d+ firehose\[0\]\.dynamicPartitioning\.jqHoursPerMonth: jqHoursPerMonth is the time JQ runs, but jq is not set\. Hint: add jq: true/,
    );
  });
});
