import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import { oneStream } from './helpers.js';

const clients = ['put-records', 'put-record-sdk', 'put-record-sdk-2026', 'kpl', 'none'] as const;

const arbWorkload = fc.record({
  rate: fc.double({ min: 1, max: 5000, noNaN: true }),
  size: fc.integer({ min: 1, max: 50_000 }),
  shards: fc.integer({ min: 1, max: 6 }),
  client: fc.constantFrom(...clients),
  arrivals: fc.constantFrom('poisson' as const, 'uniform' as const),
  onFactor: fc.double({ min: 1, max: 8, noNaN: true }),
  pulse: fc.integer({ min: 0, max: 5000 }),
  buffer: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  enforcement: fc.constantFrom('token-bucket' as const, 'fixed-window' as const),
  mode: fc.constantFrom('provisioned' as const, 'on-demand' as const),
});

type Params = typeof arbWorkload extends fc.Arbitrary<infer T> ? T : never;

function build(p: Params) {
  return oneStream({
    records: { size: p.size, rate: p.rate },
    consumers: [{ name: 'c', type: 'polling' }],
    traffic: {
      arrivals: p.arrivals,
      onOff: { on: 2, off: 5, onFactor: p.onFactor, offFactor: 0.5 },
      pulses: p.pulse > 0 ? [{ at: 3, records: p.pulse }] : [],
      client: { model: p.client, ...(p.buffer !== undefined ? { bufferRecords: p.buffer } : {}) },
    },
  });
}

describe('invariants', () => {
  test('offered = accepted + dropped + pending, and per-minute sums match the totals', () => {
    fc.assert(
      fc.property(arbWorkload, (p) => {
        const r = simulate(build(p), planWorkload(build(p)), { seed: p.seed, durationSec: 90, shardsByStream: [p.shards], enforcement: p.enforcement, mode: p.mode });
        const s = r.streams[0]!;
        const rec = s.records;
        expect(rec.offered).toBe(rec.accepted + rec.dropped + rec.pending);
        expect(Object.values(rec.droppedByCause).reduce((a, b) => a + b, 0)).toBe(rec.dropped);
        expect(s.perMinute.reduce((a, m) => a + m.incomingRecords, 0)).toBe(rec.accepted);
        expect(s.perMinute.reduce((a, m) => a + m.writeProvisionedThroughputExceeded, 0)).toBe(rec.throttledAttempts);
        expect(s.attempts).toBe(rec.accepted + rec.throttledAttempts);
        expect(s.throttledShare).toBeGreaterThanOrEqual(0);
        expect(s.throttledShare).toBeLessThanOrEqual(1);
        expect(s.latencyMs.p50).toBeLessThanOrEqual(s.latencyMs.p95);
        expect(s.latencyMs.p95).toBeLessThanOrEqual(s.latencyMs.p99);
        expect(s.latencyMs.p99).toBeLessThanOrEqual(s.latencyMs.max);
      }),
      { numRuns: 60 },
    );
  });

  test('the same seed gives byte-identical JSON; another seed does not', () => {
    const w = oneStream({
      records: { size: 500, rate: 4000 },
      consumers: [{ name: 'c', type: 'polling' }],
      traffic: { heavyTail: { meanOn: 2, meanOff: 10, onFactor: 3 }, spikes: [{ at: 30, length: 10, factor: 2 }] },
    });
    const a = JSON.stringify(simulate(w, planWorkload(w), { seed: 42, durationSec: 180, shardsByStream: [4] }));
    const b = JSON.stringify(simulate(w, planWorkload(w), { seed: 42, durationSec: 180, shardsByStream: [4] }));
    const c = JSON.stringify(simulate(w, planWorkload(w), { seed: 43, durationSec: 180, shardsByStream: [4] }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  test('more shards never throttle more (same seed, uniform keys)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 500, max: 6000 }), fc.integer({ min: 1, max: 5 }), (rate, shards) => {
        const w = oneStream({ records: { size: 300, rate }, traffic: { arrivals: 'uniform', client: { model: 'none' } } });
        const few = simulate(w, planWorkload(w), { seed: 1, durationSec: 30, shardsByStream: [shards] }).streams[0]!;
        const more = simulate(w, planWorkload(w), { seed: 1, durationSec: 30, shardsByStream: [shards + 1] }).streams[0]!;
        expect(more.records.throttledAttempts).toBeLessThanOrEqual(few.records.throttledAttempts);
      }),
      { numRuns: 25 },
    );
  });
});

describe('findShards', () => {
  const found = (w: ReturnType<typeof oneStream>, maxThrottledShare: number) =>
    simulate(w, planWorkload(w), { seed: 1, durationSec: 60, findShards: { maxThrottledShare } }).findShards?.streams[0]?.shards;
  test('2,500 records/s of uniform keys needs 3 shards for no throttling', () => {
    // 2 shards: 1,250/s each > 1,000/s, throttled once the 1,000-record burst is gone (after 4 s).
    // 3 shards: 833/s each: never throttled.
    const w = oneStream({ records: { size: 100, rate: 2500 }, traffic: { arrivals: 'uniform' } });
    expect(found(w, 0)).toBe(3);
    // The search starts from the plan's count (3 with 20 % headroom: 2,500 × 1.2 / 1,000 = 3) and bisects below it.
    expect(planWorkload(w).streams[0]!.shards.planned).toBe(3);
  });
  test('a throttled-share budget lets fewer shards pass', () => {
    // No retries. 2 shards: 1,250/s each drains the 1,000-record bucket at 250/s, empty after 4 s; then 250/s per
    // shard are throttled for 56 s: 2 × 250 × 56 = 28,000 of 150,000 attempts = 18.67%. 1 shard: far more.
    const w = oneStream({ records: { size: 100, rate: 2500 }, traffic: { arrivals: 'uniform', client: { model: 'none' } } });
    const two = simulate(w, planWorkload(w), { seed: 1, durationSec: 60, shardsByStream: [2] }).streams[0]!;
    expect(two.records.throttledAttempts).toBe(28_000);
    expect(found(w, 0.19)).toBe(2);
    expect(found(w, 0.18)).toBe(3);
  });
});
