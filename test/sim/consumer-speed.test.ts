import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import { oneStream } from './helpers.js';

/*
 * A consumer that processes 50 records/s per shard, reading 1,000 records/s spread evenly: on 10 shards it processes
 * 500/s and falls behind by 500/s: after T seconds each shard holds (100 − 50)·T unread records, which arrived at
 * 100/s over the last 50·T ÷ 100 = T/2 seconds, so its oldest unread record is T/2 old: after 600 s, about 300 s.
 * On 25 shards it processes 1,250/s and keeps up: its iterator age stays within a poll or two.
 */
function run(shards: number) {
  const w = oneStream({
    records: { size: 100, rate: 1000 },
    partitionKeys: { length: 1 },
    consumers: [{ name: 'slow', type: 'polling', pollInterval: 1, processing: 50 }],
    traffic: { rate: 1000, arrivals: 'uniform', client: { model: 'none' } },
  });
  return simulate(w, planWorkload(w), { seed: 1, durationSec: 600, shardsByStream: [shards] }).streams[0]!
    .consumers[0]!;
}

describe('simulated consumers process at their stated speed', () => {
  it('10 shards: it reads 50 records/s per shard and its iterator age grows to about half the run', () => {
    const c = run(10);
    // 10 shards × 50/s × 600 s = 300,000 records read, give or take the first poll's allowance (50 per shard)
    expect(c.recordsRead).toBeGreaterThan(299_000);
    expect(c.recordsRead).toBeLessThanOrEqual(300_500);
    expect(c.maxIteratorAgeMs / 1000).toBeGreaterThan(290);
    expect(c.maxIteratorAgeMs / 1000).toBeLessThan(310);
  });

  it('25 shards: it keeps up', () => {
    const c = run(25);
    expect(c.maxIteratorAgeMs / 1000).toBeLessThan(3);
  });
});
