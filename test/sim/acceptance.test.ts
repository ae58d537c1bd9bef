import { describe, expect, test } from 'vitest';
import { MiB } from './units.js';
import { oneStream } from './helpers.js';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import { kinesisRecordShape } from '../../src/sim/engine/index.js';
import { TokenBucket } from '../../src/sim/token-bucket.js';

// The documented behaviours of throttling-model.md §6.2 (V1–V10) that the model covers, each derived by hand.

describe('V1: PutRecords rounds the call, PutRecord rounds each record', () => {
  // 600 records of 1,100 B (1,099 B of data + a 1-character key) sent at one instant to one shard.
  const w = (model: 'put-records' | 'put-record-sdk') =>
    oneStream({
      records: { size: 1099, rate: 0.001 },
      partitionKeys: { length: 1 },
      traffic: { rate: 0.001, arrivals: 'uniform', pulses: [{ at: 0, records: 600 }], client: { model } },
    });

  test('one PutRecords call of 660,000 B is not throttled', () => {
    // 600 × 1,100 = 660,000 B ≤ 1,048,576 B in the bucket, and 600 ≤ 1,000 records.
    const s = simulate(w('put-records'), planWorkload(w('put-records')), { seed: 1, durationSec: 1, shardsByStream: [1] }).streams[0]!;
    expect(s.records.offered).toBe(600);
    expect(s.records.throttledAttempts).toBe(0);
    expect(s.records.accepted).toBe(600);
  });

  test('600 PutRecord calls cost 2 KiB each and 88 are throttled at once', () => {
    // Each 1,100 B record rounds up to 2,048 B: 1,048,576 / 2,048 = 512 fit the full bucket, 600 − 512 = 88 do not.
    const s = simulate(w('put-record-sdk'), planWorkload(w('put-record-sdk')), { seed: 1, durationSec: 1, shardsByStream: [1] }).streams[0]!;
    expect(s.perMinute[0]!.writeProvisionedThroughputExceeded).toBe(88);
    expect(s.attempts - s.records.retries).toBe(600);
  });
});

describe('V2: a sustained 1,001 records/s on one shard is accepted at 1,000/s', () => {
  test('records: the 1,000-record burst drains at 1/s, then exactly 1,000/s get in', () => {
    // Bucket starts full (1,000). Demand exceeds refill by 1 record/s, so the bucket empties after 1,000 s.
    // Over 3,600 s: accepted = 1,000 (initial tokens) + 1,000 × 3,600 (refill) = 3,601,000;
    // offered = 1,001 × 3,600 = 3,603,600; with no retries the other 2,600 are dropped.
    const w = oneStream({
      records: { size: 100, rate: 1001 },
      traffic: { arrivals: 'uniform', client: { model: 'none' } },
    });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: 3600, shardsByStream: [1] }).streams[0]!;
    expect(s.records.offered).toBe(3_603_600);
    expect(s.records.accepted).toBe(3_601_000);
    expect(s.records.droppedByCause['not-retried']).toBe(2600);
    // After the burst is gone (minute 17 onwards) every minute shows exactly 60 × 1,000 records.
    for (const m of s.perMinute.slice(17)) expect(m.incomingRecords).toBe(60_000);
  });

  test('bytes: 1 MiB + 1 KiB per second is held to 1 MiB/s', () => {
    // 1,025 records/s of 1,024 B (1,023 B + 1-character key) = 1,049,600 B/s, 1,024 B/s over the limit; the records
    // limit (1,000/s) would bind first, so use 512.5 records/s of 2,048 B instead: 1,049,600 B/s.
    const w = oneStream({
      records: { size: 2047, rate: 512.5 },
      partitionKeys: { length: 1 },
      traffic: { arrivals: 'uniform', client: { model: 'none' } },
    });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: 1800, shardsByStream: [1] }).streams[0]!;
    // The 1 MiB burst drains at 1,024 B/s: gone after 1,024 s (minute 18). Then each minute takes ≤ 60 MiB.
    for (const m of s.perMinute.slice(18)) {
      expect(m.incomingBytes).toBeLessThanOrEqual(60 * MiB);
      expect(m.incomingBytes).toBeGreaterThan(60 * MiB - 2 * 2048);
    }
  });
});

describe('V10: a 3,000-record burst hides in the one-minute metrics', () => {
  const burst = (enforcement: 'token-bucket' | 'fixed-window') => {
    const w = oneStream({
      records: { size: 100, rate: 0.001 },
      traffic: { rate: 0.001, arrivals: 'uniform', pulses: [{ at: 0, records: 3000 }], client: { model: 'none' } },
    });
    return simulate(w, planWorkload(w), { seed: 1, durationSec: 60, shardsByStream: [1], enforcement });
  };

  test.each(['token-bucket', 'fixed-window'] as const)('%s: 1,000 in, 2,000 throttled', (enforcement) => {
    // All 3,000 arrive at one instant; a full one-second bucket (or window) holds 1,000 tokens.
    const r = burst(enforcement);
    const m = r.streams[0]!.perMinute[0]!;
    expect(m.incomingRecords).toBe(1000);
    expect(m.writeProvisionedThroughputExceeded).toBe(2000);
    // CloudWatch's minute: 1,000 / 60 = 16.7 records/s, 1.7% of the limit; the offered average is 3,000 / 60 = 50/s.
    expect(m.incomingRecords / 60).toBeCloseTo(16.667, 3);
    expect(m.offeredRecords / 60).toBe(50);
    // Peak second (3,000 attempts) over the minute's average attempts (50/s) = 60.
    expect(m.hiddenBurstRatio).toBe(60);
    expect(r.findings.map((f) => f.code)).toContain('SIM_HIDDEN_BURST');
  });

  test('spread evenly over the second, a token bucket lets 2,000 in and a fixed window 1,000', () => {
    // 300 records per 100 ms step. Token bucket (full 1,000, +100 per step): steps 1–5 admit 300 each while the level
    // falls 1,100 → 800 → … → 0; steps 6–10 admit the refill, 100 each: 1,500 + 500 = 2,000. A fixed window admits
    // 1,000 in the second. This is the sensitivity to what AWS does not publish.
    const w = oneStream({
      records: { size: 100, rate: 3000 },
      traffic: { arrivals: 'uniform', onOff: { on: 1, off: 59, onFactor: 1 }, client: { model: 'none' } },
    });
    const tb = simulate(w, planWorkload(w), { seed: 1, durationSec: 60, shardsByStream: [1] }).streams[0]!;
    const fw = simulate(w, planWorkload(w), { seed: 1, durationSec: 60, shardsByStream: [1], enforcement: 'fixed-window' }).streams[0]!;
    expect(tb.records.accepted).toBe(2000);
    expect(fw.records.accepted).toBe(1000);
  });
});

describe('V3: a 10 MiB read blocks the next calls', () => {
  test('read-bytes bucket in debt: calls in the next 4 s are throttled', () => {
    // 2 MiB/s, depth 2 MiB, debt down to −8 MiB. A 10 MiB read at t=0 leaves −8 MiB; refilled 2 MiB/s it is −6, −4,
    // −2, 0 at t = 1…4 s (admission needs > 0), positive just after 4 s.
    const b = new TokenBucket(2 * MiB, 2 * MiB, 'debt', 'token-bucket', 8 * MiB);
    expect(b.tryTake(0, 10 * MiB)).toBe(true);
    expect([1, 2, 3, 4].map((t) => b.tryTake(t, 1))).toEqual([false, false, false, false]);
    expect(b.tryTake(4.5, 1)).toBe(true);
  });

  test('engine: one 10 MiB record read by a 1 s poller throttles its next 4 calls', () => {
    // Large records on: the write-bytes bucket is 10 MiB deep, so the 10 MiB record is accepted (V8). The poller reads
    // it in one call (10 MiB per call), then polls at +1 … +4 s into debt (4 throttled), then succeeds.
    const w = oneStream({
      maxRecordSize: 10 * MiB,
      records: { size: 10 * MiB - 1, rate: 0.001 },
      partitionKeys: { length: 1 },
      consumers: [{ name: 'reader', type: 'polling', pollInterval: 1 }],
      traffic: { rate: 0.001, arrivals: 'uniform', pulses: [{ at: 0, records: 1 }], client: { model: 'none' } },
    });
    const s = simulate(w, planWorkload(w), { seed: 3, durationSec: 20, shardsByStream: [1] }).streams[0]!;
    expect(s.records.accepted).toBe(1);
    expect(s.consumers[0]!.recordsRead).toBe(1);
    expect(s.consumers[0]!.readThrottledCalls).toBe(4);
  });
});

describe('V4: two consumers polling every 200 ms exceed 5 calls/s', () => {
  test('one consumer at 200 ms fits; two are throttled about half the time', () => {
    const w = (n: number) =>
      oneStream({
        records: { size: 100, rate: 10 },
        consumers: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, type: 'polling' as const, pollInterval: 0.2 })),
      });
    const one = simulate(w(1), planWorkload(w(1)), { seed: 1, durationSec: 60, shardsByStream: [1] }).streams[0]!;
    expect(one.consumers[0]!.readThrottledCalls).toBe(0);
    // Two pollers make 2 × 5 = 10 calls/s for 60 s (600 calls); the bucket grants its 5 initial tokens + 5/s × 60 s.
    const two = simulate(w(2), planWorkload(w(2)), { seed: 1, durationSec: 60, shardsByStream: [1] }).streams[0]!;
    const calls = two.consumers.reduce((a, c) => a + c.getRecordsCalls, 0);
    const throttled = two.consumers.reduce((a, c) => a + c.readThrottledCalls, 0);
    expect(calls).toBe(600);
    expect(calls - throttled).toBeLessThanOrEqual(305);
    expect(calls - throttled).toBeGreaterThanOrEqual(295);
  });
});

describe('V5: KPL aggregation turns 1,000 records/s of 512 B into about 10 Kinesis records/s', () => {
  test('aggregate size and count', () => {
    // The simulator packs user records with the planner's aggregation model (plan/aggregation.ts, pinned byte for byte
    // to aws-kinesis-agg in test/plan/aggregation.test.ts) at the shard count it simulates. Per user record 512 B of
    // data and a 36-character key, each with its own key: at most ⌊…⌋ fit 51,200 B, and 1,000/s × 100 ms buffering
    // = 100 arrive per window, so aggregates are nearly full: about 11 Kinesis records/s of about 50 KB, AWS's "about
    // 10 records of about 50 KB".
    const w = oneStream({ records: { size: 512, rate: 1000 }, producer: { aggregation: 'kpl' } });
    const plan = planWorkload(w);
    const shape = kinesisRecordShape({ stream: w.streams[0]!, plan: plan.streams[0]!, putPayloadUnitBytes: 25_600 }, 1000, 1);
    expect(1000 / shape.perKinesis).toBeCloseTo(plan.streams[0]!.demand.peak.kinesisRecordsPerSec, 9);
    expect(1000 / shape.perKinesis).toBeGreaterThan(10);
    expect(1000 / shape.perKinesis).toBeLessThan(12);
    expect(shape.bytes).toBeGreaterThan(48_000);
    expect(shape.bytes).toBeLessThanOrEqual(51_200 + 1);
    const s = simulate(w, plan, { seed: 1, durationSec: 60, shardsByStream: [1] }).streams[0]!;
    expect(s.client).toBe('kpl');
    expect(s.records.throttledAttempts).toBe(0);
    expect(s.perMinute[0]!.incomingRecords / 60).toBeCloseTo(1000 / shape.perKinesis, 0);
  });
});

describe('V6: on-demand accommodates twice the previous peak, and throttles for a split delay beyond it', () => {
  test('history peak 40 MB/s: 80 MB/s is not throttled', () => {
    // Start: ⌈2 × 40,000,000 / 1,048,576⌉ = ⌈76.29⌉ = 77 shards; 80,000,000 B/s / 77 = 1,038,961 B/s per shard < 1 MiB/s.
    // Records of 102,400 B: 781.25 records/s, about 10 per shard.
    const w = oneStream({
      capacityMode: 'on-demand',
      onDemand: { previousPeak: '40 MB/s' },
      records: { size: 102_399, rate: 80_000_000 / 102_400 },
      partitionKeys: { length: 1 },
      traffic: { arrivals: 'uniform', client: { model: 'none' } },
    });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: 300 }).streams[0]!;
    expect(s.shards.initial).toBe(77);
    expect(s.records.throttledAttempts).toBe(0);
  });

  test('a new stream hit with 10 MiB/s throttles until the split 15 minutes after the first minute', () => {
    // 4 shards (4 MiB/s). Minute 0 offers 10 MiB/s: 2.6 MB/s per shard > 500 KB/s, so shards double until
    // 10,485,760 / n ≤ 500,000: n = 32 (16 gives 655,360). The split lands at 60 s + 900 s = 960 s (minute 16).
    const w = oneStream({
      capacityMode: 'on-demand',
      records: { size: 10_239, rate: 1024 },
      partitionKeys: { length: 1 },
      traffic: { arrivals: 'uniform', client: { model: 'none' } },
    });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: 1500 }).streams[0]!;
    expect(s.onDemandEvents).toEqual([{ atSec: 960, fromShards: 4, toShards: 32 }]);
    for (const m of s.perMinute.slice(0, 16)) expect(m.writeProvisionedThroughputExceeded).toBeGreaterThan(0);
    for (const m of s.perMinute.slice(16)) expect(m.writeProvisionedThroughputExceeded).toBe(0);
    expect(s.perMinute[16]!.shards).toBe(32);
  });
});

describe('V9: 7,500 records/s of uniform keys on 11 shards does not throttle', () => {
  test('Poisson arrivals: per-shard 682/s against a 1,000-record bucket', () => {
    // 7,500 / 11 = 682 records/s per shard, σ ≈ 26 per second (8.3 per 100 ms step around 68): never near 1,000.
    const w = oneStream({ records: { size: 200, rate: 7500 } });
    const s = simulate(w, planWorkload(w), { seed: 9, durationSec: 600, shardsByStream: [11] }).streams[0]!;
    expect(s.records.throttledAttempts).toBe(0);
    expect(s.records.accepted).toBe(s.records.offered);
  });
});
