import { describe, expect, test } from 'vitest';
import { mulberry32 } from '../helpers/random.js';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import type { StreamSimResult } from '../../src/sim/types.js';
import { oneStream } from './helpers.js';

// Fair service within a step (engine/service.ts): retries and new records share each step's admissions in proportion
// to their numbers, and the SDK's retry quota is shared the same way. So attempts, retries and the latency percentiles
// do not depend on the step: they are held here to an independent per-record simulation written below, to a hand
// derivation, and to each other at steps of 100 ms and 1 ms.
//
// Tolerances (stated once, used throughout):
// - attempts and accepted records: within 2 % of the per-record reference, and of each other across steps;
// - retries: within 2 % at saturation and 6 % in bursts (where most retries fall at a burst's edge; the SDK settles its
//   retry quota once per step, and a retry due within its own step is modelled once, so a 100 ms step is a few per
//   cent off a 1 ms one there);
// - latency percentiles: within one step of the coarser run (latency is counted in whole steps) plus 5 %.
const COUNT_TOLERANCE = 0.02;
const BURST_RETRIES_TOLERANCE = 0.06;
const latencyTolerance = (stepMs: number, ms: number) => stepMs + 0.05 * ms;


interface Reference {
  attempts: number;
  retries: number;
  accepted: number;
  dropped: number;
  /** Latency of each accepted record (s), sorted. */
  latencies: Float64Array;
}

/**
 * The per-record reference: one shard, Poisson arrivals at `rate`, a continuous token bucket of 1,000 records/s and
 * depth 1,000 (records of 101 B, so the 1 MiB/s bytes limit never binds), and each attempt admitted iff the bucket
 * holds a token at its instant. Throttled records are retried as the client says, each at its own instant:
 * - sdk: the SDK's standard mode: at most 3 attempts; a retry waits U · min(20 s, 500 ms · 2^i) and costs 5 of the
 *   500-token quota (none left: dropped); a success adds 1, or refunds 5 after a retry; capped at 500. The SDK rounds
 *   its delay down to whole milliseconds; against a bucket that gains exactly one token every millisecond that would
 *   put each retry at the same phase of the token clock as the attempt it repeats, so retries would be throttled far
 *   more often than first attempts (53 % against 35 %) and the quota would buy 10 % fewer of them (479,000 attempts
 *   instead of 490,000 here). The service's tokens do not tick that regularly, so the reference draws delays in
 *   continuous time.
 * - app: the application's loop: up to 5 resends, each after U · min(5 s, 100 ms · 2^i).
 */
function reference(client: 'sdk' | 'app', rate: number, durationSec: number, seed: number): Reference {
  const u = mulberry32(seed);
  // A binary min-heap of pending retries by time: [time, firstTime, tries] in parallel arrays.
  const time: number[] = [];
  const firstAt: number[] = [];
  const triesOf: number[] = [];
  const swap = (a: number, b: number) => {
    [time[a], time[b]] = [time[b]!, time[a]!];
    [firstAt[a], firstAt[b]] = [firstAt[b]!, firstAt[a]!];
    [triesOf[a], triesOf[b]] = [triesOf[b]!, triesOf[a]!];
  };
  const pushRetry = (t: number, f: number, n: number) => {
    time.push(t);
    firstAt.push(f);
    triesOf.push(n);
    for (let c = time.length - 1; c > 0; ) {
      const p = (c - 1) >> 1;
      if (time[p]! <= time[c]!) break;
      swap(p, c);
      c = p;
    }
  };
  const popRetry = () => {
    const top = { t: time[0]!, f: firstAt[0]!, n: triesOf[0]! };
    const last = time.length - 1;
    swap(0, last);
    time.pop();
    firstAt.pop();
    triesOf.pop();
    for (let p = 0; ; ) {
      const l = 2 * p + 1;
      if (l >= time.length) break;
      const c = l + 1 < time.length && time[l + 1]! < time[l]! ? l + 1 : l;
      if (time[p]! <= time[c]!) break;
      swap(p, c);
      p = c;
    }
    return top;
  };
  let tokens = 1000;
  let last = 0;
  let quota = 500;
  let attempts = 0;
  let retries = 0;
  let accepted = 0;
  let dropped = 0;
  const latencies: number[] = [];
  let nextArrival = -Math.log(1 - u()) / rate;
  for (;;) {
    const isRetry = time.length > 0 && time[0]! < nextArrival;
    const t = isRetry ? time[0]! : nextArrival;
    if (t >= durationSec) break;
    let first = t;
    let tries = 1;
    if (isRetry) {
      const r = popRetry();
      first = r.f;
      tries = r.n;
      retries++;
    } else nextArrival += -Math.log(1 - u()) / rate;
    attempts++;
    tokens = Math.min(1000, tokens + 1000 * (t - last));
    last = t;
    if (tokens >= 1) {
      tokens -= 1;
      accepted++;
      latencies.push(t - first);
      if (client === 'sdk') quota = Math.min(500, quota + (tries === 1 ? 1 : 5));
      continue;
    }
    if (client === 'sdk') {
      if (tries >= 3) dropped++;
      else if (quota < 5) dropped++;
      else {
        quota -= 5;
        pushRetry(t + (u() * Math.min(20_000, 500 * 2 ** (tries - 1))) / 1000, first, tries + 1);
      }
    } else if (tries - 1 >= 5) dropped++;
    else pushRetry(t + u() * Math.min(5, 0.1 * 2 ** (tries - 1)), first, tries + 1);
  }
  return { attempts, retries, accepted, dropped, latencies: Float64Array.from(latencies).sort() };
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]! * 1000;

const saturated = (model: 'put-record-sdk' | 'put-records', rate = 1250) =>
  oneStream({ records: { size: 100, rate }, partitionKeys: { length: 1 }, traffic: { client: { model } } });

const runAt = (w: ReturnType<typeof oneStream>, stepSec: number, durationSec: number, shards = 1, seed = 1): StreamSimResult =>
  simulate(w, planWorkload(w), { seed, durationSec, shardsByStream: [shards], stepSec }).streams[0]!;

function expectClose(actual: number, expected: number, tolerance = COUNT_TOLERANCE): void {
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(tolerance);
}

function expectLatencyClose(a: StreamSimResult['latencyMs'], b: StreamSimResult['latencyMs'], stepMs: number): void {
  for (const p of ['p50', 'p95', 'p99'] as const) expect(Math.abs(a[p] - b[p])).toBeLessThanOrEqual(latencyTolerance(stepMs, b[p]));
}

describe('saturated: one shard offered 1,250 records/s for 5 minutes', () => {
  test('SDK standard mode: attempts match the per-record reference and the hand figure, at 100 ms and 1 ms', () => {
    // Hand figure. At saturation the quota hovers near empty, so what it pays out equals what comes in: with p the
    // chance an attempt is throttled (the same for every attempt, by fair service), N = 1,250/s new records and R
    // retries/s, 5·R = N·(1 − p)·1 + R·(1 − p)·5, so R = N·(1 − p)/(5p); and the shard takes 1,000/s:
    // (N + R)·(1 − p) = 1,000. With q = 1 − p: q·(1,250 + 250·q/(1 − q)) = 1,000, i.e. q² − 2.25·q + 1 = 0,
    // q = (2.25 − √1.0625)/2 = 0.60961, R = 250·q/(1 − q) = 390.4/s: attempts = (1,250 + 390.4) × 300 ≈ 492,100.
    const q = (2.25 - Math.sqrt(2.25 ** 2 - 4)) / 2;
    const hand = (1250 + (250 * q) / (1 - q)) * 300;
    expect(hand).toBeCloseTo(492_115, -1);
    const ref = reference('sdk', 1250, 300, 11);
    expectClose(ref.attempts, hand);
    for (const stepSec of [0.1, 0.001]) {
      const s = runAt(saturated('put-record-sdk'), stepSec, 300);
      expectClose(s.attempts, ref.attempts);
      expectClose(s.records.retries, ref.retries);
      expectClose(s.records.accepted, ref.accepted);
      expectClose(s.records.dropped, ref.dropped, 0.05);
      const l = s.latencyMs;
      const stepMs = stepSec * 1000;
      expect(Math.abs(l.p95 - percentile(ref.latencies, 0.95))).toBeLessThanOrEqual(latencyTolerance(stepMs, percentile(ref.latencies, 0.95)));
      expect(Math.abs(l.p99 - percentile(ref.latencies, 0.99))).toBeLessThanOrEqual(latencyTolerance(stepMs, percentile(ref.latencies, 0.99)));
    }
  });

  test("the application's resend loop: attempts match the per-record reference and the hand figure, at 100 ms and 1 ms", () => {
    // Hand figure. No quota: a record is tried until accepted or 6 attempts fail, each throttled with the same p:
    // accepted = N·(1 − p⁶) = 1,000/s gives p⁶ = 0.2, p = 0.76472, and attempts per record (1 − p⁶)/(1 − p) = 3.4:
    // 1,250 × 300 × 3.4 = 1,275,000, less the records still waiting at the end and the first second's burst.
    const p = 0.2 ** (1 / 6);
    const hand = 1250 * 300 * ((1 - p ** 6) / (1 - p));
    expect(Math.abs(hand - 1_275_000)).toBeLessThan(200);
    const ref = reference('app', 1250, 300, 12);
    expectClose(ref.attempts, hand);
    for (const stepSec of [0.1, 0.001]) {
      const s = runAt(saturated('put-records'), stepSec, 300);
      expectClose(s.attempts, ref.attempts);
      expectClose(s.records.retries, ref.retries);
      expectClose(s.records.accepted, ref.accepted);
      expectClose(s.records.dropped, ref.dropped, 0.05);
      const stepMs = stepSec * 1000;
      for (const pc of [0.5, 0.95, 0.99] as const) {
        const key = pc === 0.5 ? 'p50' : pc === 0.95 ? 'p95' : 'p99';
        expect(Math.abs(s.latencyMs[key] - percentile(ref.latencies, pc))).toBeLessThanOrEqual(latencyTolerance(stepMs, percentile(ref.latencies, pc)));
      }
    }
  });
});

describe('the step does not change the answer', () => {
  test.each([
    ['saturated, SDK', saturated('put-record-sdk', 1100), 1, 600, COUNT_TOLERANCE],
    ['saturated, resend loop', saturated('put-records', 1100), 1, 600, COUNT_TOLERANCE],
    [
      'bursty: on/off bursts at 3× on 3 shards, resend loop',
      oneStream({
        records: { size: 100, rate: 1500 },
        partitionKeys: { distinct: 300 },
        traffic: { arrivals: 'uniform', onOff: { on: 5, off: 15, onFactor: 3, offFactor: 0.5 }, client: { model: 'put-records' } },
      }),
      3,
      600,
      BURST_RETRIES_TOLERANCE,
    ],
    [
      'bursty: on/off bursts at 3× on 3 shards, KPL',
      oneStream({
        records: { size: 100, rate: 1500 },
        partitionKeys: { distinct: 300 },
        traffic: { onOff: { on: 5, off: 15, onFactor: 3, offFactor: 0.5 }, client: { model: 'kpl' } },
      }),
      3,
      600,
      BURST_RETRIES_TOLERANCE,
    ],
    [
      'bursty: heavy-tailed bursts on 2 shards, SDK',
      oneStream({
        records: { size: 100, rate: 1200 },
        partitionKeys: { distinct: 200 },
        traffic: { heavyTail: { meanOn: 3, meanOff: 12, onFactor: 3, offFactor: 0.7 }, client: { model: 'put-record-sdk' } },
      }),
      2,
      900,
      BURST_RETRIES_TOLERANCE,
    ],
    [
      'bursty: heavy-tailed bursts on 2 shards, resend loop',
      oneStream({
        records: { size: 100, rate: 1200 },
        partitionKeys: { distinct: 200 },
        traffic: { heavyTail: { meanOn: 3, meanOff: 12, onFactor: 3, offFactor: 0.7 }, client: { model: 'put-records' } },
      }),
      2,
      900,
      BURST_RETRIES_TOLERANCE,
    ],
  ] as const)('%s: 100 ms and 1 ms agree on attempts, retries and latency', (_, w, shards, durationSec, retriesTolerance) => {
    // The heavy-tailed bursts are drawn from the seed's own sequence as time goes on, so both runs see the same bursts.
    const coarse = runAt(w, 0.1, durationSec, shards);
    const fine = runAt(w, 0.001, durationSec, shards);
    expect(coarse.throttledShare).toBeGreaterThan(0.05);
    expectClose(coarse.attempts, fine.attempts);
    expectClose(coarse.records.accepted, fine.records.accepted);
    expectClose(coarse.records.retries, fine.records.retries, retriesTolerance);
    expectLatencyClose(coarse.latencyMs, fine.latencyMs, 100);
  });

  test('a pulse with resends: the first attempts are the same, retries agree', () => {
    // 5,000 records at 10 s into one shard (a tiny base rate): 1,000 accepted at once, 4,000 resent with backoff
    // while the bucket refills at 1,000/s; all are in by about 4 s later, so every step size accepts all 5,000.
    const w = oneStream({
      records: { size: 100, rate: 10 },
      traffic: { rate: 0.000001, pulses: [{ at: 10, records: 5000 }], client: { model: 'put-records', maxRetries: 50 } },
    });
    const coarse = runAt(w, 0.1, 60);
    const fine = runAt(w, 0.001, 60);
    for (const s of [coarse, fine]) {
      expect(s.records.accepted).toBe(5000);
      expect(s.perMinute[0]!.peakSecondAttempts).toBeGreaterThanOrEqual(5000);
    }
    expectClose(coarse.records.retries, fine.records.retries, 0.05);
    expectLatencyClose(coarse.latencyMs, fine.latencyMs, 100);
  });
});
