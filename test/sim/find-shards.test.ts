import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { simulateStream, throttledShareFloor, type StreamRunInput } from '../../src/sim/engine/index.js';
import { candidateInput, shardSearch } from '../../src/sim/find-shards.js';
import { oneStream, runInput } from './helpers.js';

// --find-shards runs each candidate count without readers and counting only, answers counts that cannot meet the
// limit without a run (a floor from counts alone), and stops a candidate once it is sure to fail. These tests hold
// each shortcut to what a full run says.

function base(w: ReturnType<typeof oneStream>, durationSec: number, seed = 2): Omit<StreamRunInput, 'mode' | 'shards'> {
  return runInput(w, { seed, durationSec });
}

const arbCase = fc.record({
  rate: fc.integer({ min: 500, max: 8000 }),
  shards: fc.integer({ min: 1, max: 8 }),
  client: fc.constantFrom('put-records' as const, 'none' as const, 'put-record-sdk' as const),
  arrivals: fc.constantFrom('poisson' as const, 'uniform' as const),
  onFactor: fc.double({ min: 1, max: 3, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

const workload = (p: { rate: number; client: 'put-records' | 'none' | 'put-record-sdk'; arrivals: 'poisson' | 'uniform'; onFactor: number }) =>
  oneStream({
    records: { size: 200, rate: p.rate },
    partitionKeys: { distinct: 5000 },
    consumers: [{ name: 'c', type: 'polling' }],
    traffic: { arrivals: p.arrivals, onOff: { on: 10, off: 10, onFactor: p.onFactor, offFactor: 0.5 }, client: { model: p.client } },
  });

describe('--find-shards shortcuts', () => {
  test('property: the floor from counts never exceeds the throttled share of a full run', () => {
    // Every record not accepted was throttled at least once, and a shard accepts at most 1,000 records a second plus
    // its bucket: throttled ÷ attempts ≥ 1 − accepted ÷ offered ≥ the floor.
    fc.assert(
      fc.property(arbCase, (p) => {
        const input = { ...base(workload(p), 60, p.seed), mode: 'provisioned' as const, shards: p.shards };
        expect(throttledShareFloor(input)).toBeLessThanOrEqual(simulateStream(input).throttledShare + 1e-12);
      }),
      { numRuns: 40 },
    );
  });

  test('property: a candidate stopped early fails, and the full run fails too', () => {
    fc.assert(
      fc.property(arbCase, fc.double({ min: 0, max: 0.6, noNaN: true }), (p, limit) => {
        const b = base(workload(p), 120, p.seed);
        const early = simulateStream(candidateInput(b, p.shards, limit));
        const full = simulateStream(candidateInput(b, p.shards));
        // The counts so far already throttle more than the limit when the run stopped; either way both agree.
        expect(early.throttledShare > limit + 1e-12).toBe(full.throttledShare > limit + 1e-12);
        if (early.records.offered < full.records.offered) expect(early.throttledShare).toBeGreaterThan(limit);
      }),
      { numRuns: 40 },
    );
  });

  test('a candidate without readers, counting only, throttles as the full run does', () => {
    // One shard at 1,250 records/s for 10 minutes, with a polling reader: candidates drop the reader and merge the
    // retries due together by attempt. The throttled share is a property of the write side: within 1 % of each other.
    const w = oneStream({ records: { size: 100, rate: 1250 }, partitionKeys: { length: 1 }, consumers: [{ name: 'c', type: 'polling' }] });
    const b = base(w, 600);
    const full = simulateStream({ ...b, mode: 'provisioned', shards: 1 });
    const candidate = simulateStream(candidateInput(b, 1));
    expect(candidate.consumers).toEqual([]);
    expect(Math.abs(candidate.throttledShare - full.throttledShare)).toBeLessThan(0.01);
    expect(Math.abs(candidate.attempts - full.attempts) / full.attempts).toBeLessThan(0.02);
  });

  test('the search skips counts the floor rules out, and stops at once on a hot key', () => {
    // 40,000 records/s for an hour at a limit of 1 %: a count N below 40,000 × 0.99 / 1,000 ≈ 39.6 cannot do it.
    const plan = { shards: { planned: 52 }, partitionKeys: { keysOverShardLimit: [] } } as unknown as Parameters<typeof shardSearch>[0];
    const floor = (n: number) => Math.max(0, 1 - (n * 1000 * 3602) / (40_000 * 3600));
    const search = shardSearch(plan, 0.01, floor);
    const tried: number[] = [];
    let step = search.next(false);
    while (!step.done) {
      tried.push(step.value);
      step = search.next(step.value >= 43);
    }
    expect(step.value.shards).toBe(43);
    expect(tried.every((n) => floor(n) <= 0.01)).toBe(true);
    const hot = { shards: { planned: 20 }, partitionKeys: { keysOverShardLimit: [{ key: 'gateway-eu-1', saltsNeeded: 5 }] } } as unknown as Parameters<typeof shardSearch>[0];
    const stop = shardSearch(hot, 0.01).next(false);
    expect(stop).toEqual({ done: true, value: { shards: null, hotKeys: ['gateway-eu-1'] } });
  });
});
