import { describe, expect, test } from 'vitest';
import * as C from '../../src/sim/constants.js';
import { RetryQuota, SDK_STANDARD, SDK_STANDARD_2026, appRetryWindowSec, kplRetryDelaySec, sdkBackoffMs, sdkBackoffWindowMs } from '../../src/sim/retry.js';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import { oneStream } from './helpers.js';

describe('retry constants match the reference (throttling-model.md §4)', () => {
  test('SDK for JavaScript v3 standard mode, pre-2026', () => {
    expect(SDK_STANDARD).toEqual({
      maxAttempts: 3,
      throttlingBaseMs: 500,
      maxDelayMs: 20_000,
      initialTokens: 500,
      throttlingRetryCost: 5,
      noRetryIncrement: 1,
    });
    expect(C.SDK_DEFAULT_RETRY_DELAY_BASE_MS).toBe(100);
    expect(C.SDK_TIMEOUT_RETRY_COST).toBe(10);
  });
  test('2026 opt-in constants', () => {
    expect(SDK_STANDARD_2026.throttlingBaseMs).toBe(1000);
    expect(SDK_STANDARD_2026.throttlingRetryCost).toBe(5);
    expect(C.SDK_2026_DEFAULT_RETRY_DELAY_BASE_MS).toBe(50);
    expect(C.SDK_2026_TRANSIENT_RETRY_COST).toBe(14);
  });
  test('KPL: retry after RecordMaxBufferedTime / 2, limiter 1,000 records / 10 MiB', () => {
    expect(kplRetryDelaySec(0.1)).toBeCloseTo(0.05, 12);
    expect(C.KPL_LIMITER_MAX_RECORDS).toBe(1000);
    expect(C.KPL_LIMITER_MAX_BYTES).toBe(10_485_760);
  });
  test('full jitter: floor(u · min(20,000, 500 · 2^i))', () => {
    expect(sdkBackoffWindowMs(SDK_STANDARD, 0)).toBe(500);
    expect(sdkBackoffWindowMs(SDK_STANDARD, 1)).toBe(1000);
    // 500 · 2^5 = 16,000 < 20,000; 500 · 2^6 = 32,000 is capped: the cap matters only from the 7th retry.
    expect(sdkBackoffWindowMs(SDK_STANDARD, 5)).toBe(16_000);
    expect(sdkBackoffWindowMs(SDK_STANDARD, 6)).toBe(20_000);
    expect(sdkBackoffMs(SDK_STANDARD, 0, 0.999)).toBe(499);
    expect(sdkBackoffMs(SDK_STANDARD, 0, 0)).toBe(0);
  });
  test('retry quota: 500 tokens pay for 100 throttle retries; successes refund', () => {
    const q = new RetryQuota(SDK_STANDARD, 1);
    expect(q.acquire(150)).toBe(100);
    expect(q.tokens).toBe(0);
    q.release(3, 1); // 3 × 1 + 1 × 5
    expect(q.tokens).toBe(8);
    q.release(10_000, 0);
    expect(q.tokens).toBe(500);
  });
  test('application loop windows', () => {
    expect(appRetryWindowSec('exp-jitter', 3, 0.1, 5)).toEqual({ jitterSec: 0.8 });
    expect(appRetryWindowSec('exp-jitter', 10, 0.1, 5)).toEqual({ jitterSec: 5 });
    expect(appRetryWindowSec('fixed', 3, 0.1, 5)).toEqual({ fixedSec: 0.1 });
    expect(appRetryWindowSec('immediate', 3, 0.1, 5)).toEqual({ fixedSec: 0 });
  });
});

const pulse = (records: number, client: Record<string, unknown>) =>
  oneStream({
    records: { size: 100, rate: 0.001 },
    traffic: { rate: 0.001, arrivals: 'uniform', pulses: [{ at: 0, records }], client },
  });

describe('client behaviour after a throttle', () => {
  test('SDK: the retry quota pays for 100 of 2,000 throttled PutRecord calls', () => {
    // 3,000 calls at once: 1,000 fit the bucket; 2,000 throttled; 500 tokens / 5 = 100 retries, 1,900 dropped.
    // The 100 retries wait U[0, 500 ms) and find the bucket refilling 100 per 100 ms: all accepted.
    const s = simulate(pulse(3000, { model: 'put-record-sdk' }), planWorkload(pulse(3000, { model: 'put-record-sdk' })), { seed: 1, durationSec: 5, shardsByStream: [1] }).streams[0]!;
    expect(s.records.droppedByCause['retry-quota-exhausted']).toBe(1900);
    expect(s.records.retries).toBe(100);
    expect(s.records.accepted).toBe(1100);
    expect(s.latencyMs.max).toBeGreaterThan(0);
    expect(s.latencyMs.max).toBeLessThanOrEqual(500);
  });

  test('application loop, fixed 1 s: 1,000 of 2,000 wait exactly 1 s', () => {
    // 2,000 at once: 1,000 in at 0 ms. The bucket refills to 1,000 by t = 1 s, when the other 1,000 are resent and all
    // accepted. Latencies: 1,000 × 0 ms and 1,000 × 1,000 ms, so p50 = 0, p95 = p99 = max = 1,000 ms.
    const s = simulate(pulse(2000, { model: 'put-records', policy: 'fixed', baseDelay: 1 }), planWorkload(pulse(2000, { model: 'put-records', policy: 'fixed', baseDelay: 1 })), {
      seed: 1,
      durationSec: 3,
      shardsByStream: [1],
    }).streams[0]!;
    expect(s.records.accepted).toBe(2000);
    expect(s.records.retries).toBe(1000);
    expect(s.latencyMs).toEqual({ p50: 0, p95: 1000, p99: 1000, max: 1000 });
  });

  test('application loop gives up after maxRetries', () => {
    // 1,000 records/s above the limit for 10 s with immediate resends, 0 retries allowed: every throttle is a drop.
    const w = oneStream({
      records: { size: 100, rate: 2000 },
      traffic: { arrivals: 'uniform', client: { model: 'put-records', maxRetries: 0 } },
    });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: 10, shardsByStream: [1] }).streams[0]!;
    expect(s.records.droppedByCause['app-retries-exhausted']).toBe(s.records.throttledAttempts);
    expect(s.records.retries).toBe(0);
  });

  test('KPL: records older than RecordTtl expire when a shard is overloaded', () => {
    // 3,000 records/s into one shard that accepts 1,000/s: the backlog grows by 2,000/s and its head passes 30 s.
    const w = oneStream({
      records: { size: 100, rate: 3000 },
      traffic: { arrivals: 'uniform', client: { model: 'kpl' } },
    });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: 120, shardsByStream: [1] }).streams[0]!;
    expect(s.records.droppedByCause['ttl-expired']).toBeGreaterThan(0);
    // Latency never exceeds the TTL (30 s) by more than one step.
    expect(s.latencyMs.max).toBeLessThanOrEqual(30_100);
    // Steady state: the shard still takes 1,000/s.
    expect(s.perMinute[1]!.incomingRecords).toBe(60_000);
  });

  test('KPL limiter at 150% leaves about one third of attempts throttled at saturation', () => {
    // The limiter sends 1,500/s; the shard takes 1,000/s; 500/s come back throttled: 1/3 of attempts.
    const w = oneStream({ records: { size: 100, rate: 1500 }, traffic: { arrivals: 'uniform', client: { model: 'kpl' } } });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: 600, shardsByStream: [1] }).streams[0]!;
    expect(s.throttledShare).toBeGreaterThan(0.3);
    expect(s.throttledShare).toBeLessThan(0.36);
  });

  test('a bounded producer buffer drops new records when full', () => {
    const w = oneStream({
      records: { size: 100, rate: 3000 },
      traffic: { arrivals: 'uniform', client: { model: 'put-records', bufferRecords: 5000, policy: 'fixed', baseDelay: 1, maxRetries: 100 } },
    });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: 60, shardsByStream: [1] }).streams[0]!;
    expect(s.records.droppedByCause['buffer-overflow']).toBeGreaterThan(0);
  });
});
