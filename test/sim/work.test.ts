import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { shardSearch } from '../../src/sim/find-shards.js';
import { estimateSimWork, MAX_SIM_WORK_UNITS, resolveSimParams, simulate } from '../../src/sim/index.js';
import { oneStream } from './helpers.js';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  return 'ran';
}

describe('a simulation too long or too large is refused before it starts, with the estimate', () => {
  const w = oneStream({ records: { size: 800, rate: 250_000 }, traffic: { daily: { amplitude: 0.5 } } });
  const plan = planWorkload(w);

  it('the bench run (b), 7 days of 500 quiet shards, is within the bounds', () => {
    const work = estimateSimWork(w, plan, { seed: 1, durationSec: 7 * 86_400, shardsByStream: [500] });
    expect(work.streams[0]).toMatchObject({ shards: 500, steps: 6_048_000, readers: 0 });
    // Each step: its own work (100 units) and 500 shards that skip quiet seconds (a tenth of a unit each).
    expect(work.workUnits).toBeCloseTo(6_048_000 * (100 + 500 / 10), 0);
    expect(work.workUnits).toBeLessThan(MAX_SIM_WORK_UNITS);
    // With a reader, no second is skipped and the reader's polls count: 6,048,000 × (100 + 500 × 2).
    const read = oneStream({ records: { size: 800, rate: 250_000 }, consumers: [{ name: 'c', type: 'polling' }] });
    expect(estimateSimWork(read, planWorkload(read), { seed: 1, durationSec: 7 * 86_400, shardsByStream: [500] }).workUnits).toBeCloseTo(
      6_048_000 * (100 + 1000),
      0,
    );
  });

  it('more than 455 days is refused at once', () => {
    expect(refusal(() => simulate(w, plan, { seed: 1, durationSec: 3650 * 86_400 }))).toBe(
      'a simulation of 3,650 days is longer than the 455 days kinesis-plan simulates (the longest history CloudWatch keeps). Hint: simulate a shorter stretch, e.g. --duration 7d.',
    );
  });

  it('10,000 shards for 400 days is refused with its estimate, before anything is laid out', () => {
    expect(refusal(() => simulate(w, plan, { seed: 1, durationSec: 400 * 86_400, shardsByStream: [10_000] }))).toBe(
      'this simulation would take about 3.8e11 units of work, more than the 2.0e9 kinesis-plan runs; the largest is stream s: 10,000 shards × 345,600,000 steps of 100 ms. Hint: simulate a shorter --duration, fewer shards (--shards) or fewer streams, or a longer --step.',
    );
  });

  it('a closed producer is counted request by request, heavy-tailed bursts flip by flip', () => {
    const closed = oneStream({ records: { size: 100, rate: 5e6 }, traffic: { client: { workers: 10_000, roundTrip: '1ms' } } });
    const work = estimateSimWork(closed, planWorkload(closed), { seed: 1, durationSec: 3600, shardsByStream: [1] });
    // 10,000 workers every 1 ms could send 10^7 requests a second; at most one per record arriving, 5 × 10^6 a second.
    expect(work.workUnits).toBeCloseTo(36_000 * (100 + 1) + 5e6 * 3600, 0);
    const bursty = oneStream({ traffic: { heavyTail: { meanOn: '1ms', meanOff: '1ms', onFactor: 2 } } });
    const flips = estimateSimWork(bursty, planWorkload(bursty), { seed: 1, durationSec: 3600 });
    expect(flips.workUnits).toBeCloseTo(36_000 * (100 + 1 / 10) + (2 * 3600) / 0.002, 0);
  });
});

describe('the shard search (--find-shards) stops when its runs add up past the maximum', () => {
  it('refuses a run it cannot afford before simulating it', () => {
    const w = oneStream({});
    const plan = planWorkload(w);
    // 3 × 10^8 s in steps of 100 ms: 3 × 10^9 steps for each shard of a run.
    const stepsPerRun = Math.ceil(3e8 / resolveSimParams({}).stepSec);
    expect(refusal(() => shardSearch(plan.streams[0]!, 0.01, () => 0, stepsPerRun).next(false))).toBe(
      'the search for the fewest shards (--find-shards) stopped before simulating 1 shard: with the runs before it that is 3.0e9 shard-steps, more than the 2.0e9 a simulation may take. Hint: search over a shorter --duration (e.g. 10min), or with a longer --step.',
    );
  });
});
