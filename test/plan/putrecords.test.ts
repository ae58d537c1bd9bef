import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planAggregation } from '../../src/plan/aggregation.js';
import { planPutRecords, planStreamPutRecords, type PutRecordsInput } from '../../src/plan/putrecords.js';
import { parseWorkload } from '../../src/workload/parse.js';

const base: PutRecordsInput = {
  kinesisRecordsPerSec: 50_000,
  bytesPerKinesisRecord: 1060,
  producerInstances: 1,
  shards: 10,
  collectionMaxCount: 500,
  collectionMaxSize: 5_242_880,
  recordMaxBufferedTime: 0.1,
  isAggregationOn: false,
};

describe('planPutRecords', () => {
  it('fills calls to 500 records at high rates: 50,000 records/s → 100 calls/s', () => {
    // Bounds: count min(500, 500) = 500; size ⌊5,242,880 / 1,060⌋ = 4,946; shard flush 10 × ⌈262,144 / 1,060⌉ = 2,480.
    // μ = 50,000 × 0.1 s = 5,000 ≫ 500, so every call is full: 50,000 / 500 = 100 calls/s.
    const p = planPutRecords(base);
    expect(p).toMatchObject({ maxRecordsPerCall: 500, binding: 'count', windowSec: 0.1 });
    expect(p.recordsPerCall).toBeCloseTo(500, 9);
    expect(p.callsPerSec).toBeCloseTo(100, 9);
    expect(p.bytesPerCall).toBeCloseTo(530_000, 3);
  });

  it('sends small calls at low rates: 10 records/s with a 100 ms window → E[R] = 1 + 1 = 2, 5 calls/s', () => {
    const p = planPutRecords({ ...base, kinesisRecordsPerSec: 10 });
    expect(p.recordsPerCall).toBeCloseTo(2, 9);
    expect(p.callsPerSec).toBeCloseTo(5, 9);
    expect(p.binding).toBe('time');
  });

  it('splits the rate over instances: 4 instances at 10 records/s total → μ = 0.25 each, 10 / 1.25 = 8 calls/s', () => {
    const p = planPutRecords({ ...base, kinesisRecordsPerSec: 10, producerInstances: 4 });
    expect(p.recordsPerCall).toBeCloseTo(1.25, 9);
    expect(p.callsPerSec).toBeCloseTo(8, 9);
  });

  it('holds aggregates min(50 ms, 0.2 × RecordMaxBufferedTime): 20 ms with the default 100 ms', () => {
    expect(planPutRecords({ ...base, isAggregationOn: true }).windowSec).toBeCloseTo(0.02, 12);
    expect(
      planPutRecords({ ...base, isAggregationOn: true, recordMaxBufferedTime: 1 }).windowSec,
    ).toBeCloseTo(0.05, 12);
  });

  it('is bound by the 256 KiB per-shard flush for large records on few shards, by size on many', () => {
    // 100 KiB + 36 B = 102,436 B: one shard flushes at ⌈262,144 / 102,436⌉ = 3 records; size allows ⌊5,242,880 / 102,436⌋ = 51.
    const big = { ...base, bytesPerKinesisRecord: 102_436 };
    expect(planPutRecords({ ...big, shards: 1 })).toMatchObject({
      maxRecordsPerCall: 3,
      binding: 'shard-flush',
    });
    expect(planPutRecords({ ...big, shards: 100 })).toMatchObject({ maxRecordsPerCall: 51, binding: 'size' });
  });

  it('makes between rate ÷ max and rate calls per second (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 500 }),
        fc.boolean(),
        (rate, bytes, instances, count, agg) => {
          const p = planPutRecords({
            ...base,
            kinesisRecordsPerSec: rate,
            bytesPerKinesisRecord: bytes,
            producerInstances: instances,
            collectionMaxCount: count,
            isAggregationOn: agg,
          });
          expect(p.callsPerSec).toBeLessThanOrEqual(rate * (1 + 1e-9));
          expect(p.callsPerSec).toBeGreaterThanOrEqual((rate / p.maxRecordsPerCall) * (1 - 1e-9));
          expect(p.maxRecordsPerCall).toBeLessThanOrEqual(Math.min(count, 500));
        },
      ),
    );
  });
});

describe('planStreamPutRecords', () => {
  it('shows calls/s with and without aggregation for 20,000 records/s of 512 B (hand derivation)', () => {
    const w = parseWorkload(
      'version: 1\nname: p\nstreams:\n  - name: s\n    records: { size: 512, rate: 20000/s }\n    producer: { aggregation: kpl }\n',
      'p.yaml',
    );
    const stream = w.streams[0];
    if (!stream) throw new Error('no stream');
    const agg = planAggregation(stream, 0, { putPayloadUnitBytes: 25_600, monthHours: 730 });
    const { with: on, without: off } = planStreamPutRecords(stream, agg);
    // Without: 548 B records on 24 shards; bounds 500 (count), ⌊5,242,880 / 548⌋ = 9,567, 24 × ⌈262,144 / 548⌉ = 11,496;
    // μ = 20,000 × 0.1 = 2,000 ≫ 500 → full calls: 20,000 / 500 = 40 calls/s.
    expect(off).toMatchObject({ maxRecordsPerCall: 500, binding: 'count' });
    expect(off.callsPerSec).toBeCloseTo(40, 9);
    // With: 20,000 / 91 = 219.78 aggregates/s of 50,799 B on 13 shards; bounds ⌊5,242,880 / 50,799⌋ = 103 and
    // 13 × ⌈262,144 / 50,799⌉ = 78; collector window min(50 ms, 0.2 × 100 ms) = 20 ms → μ = 4.396, E[R] = 5.396
    // → 219.78 / 5.396 = 40.7 calls/s: aggregation cuts records, not calls.
    const k = 20_000 / 91;
    expect(on).toMatchObject({ maxRecordsPerCall: 78, binding: 'time' });
    expect(on.callsPerSec).toBeCloseTo(k / (1 + k * 0.02), 3);
  });
});
