import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { workloadOf } from '../helpers/workload.js';

describe('consumers that keep up (hand derivations)', () => {
  it('10,000 records/s with a consumer at 300 records/s per shard needs 34 shards at 0 % headroom, bound by that consumer', () => {
    const plan = planWorkload(
      workloadOf({
        headroom: '0%',
        records: { size: 200, rate: '10000/s' },
        consumers: [{ name: 'enrich', type: 'polling', processing: '300/s' }],
      }),
    );
    const s = plan.streams[0]!;
    // write records: 10,000 ÷ 1,000 = 10 shards; consumer: 10,000 ÷ 300 = 33.33… → 34
    expect(s.shards.byLimit.writeRecords).toBeCloseTo(10, 12);
    expect(s.shards.consumer?.shards).toBeCloseTo(10000 / 300, 12);
    expect(s.shards.required).toBe(34);
    expect(s.shards.binding).toBe('consumer');
    expect(s.shards.consumer?.name).toBe('enrich');
    const c = s.consumers[0]!;
    // at 34 shards it processes 34 × 300 = 10,200 records/s: 10,000 ÷ 10,200 = 98.04 % at peak
    expect(c.planned.peakUtilisation).toBeCloseTo(10000 / 10200, 12);
    // lag while keeping up: a 1 s poll, plus the 1 s of records it brings processed at 98.04 % of its speed
    expect(c.planned.lagSec).toBeCloseTo(1 + 10000 / 10200, 12);
    expect(plan.findings.map((f) => f.code)).toContain('CONSUMER_BINDS');
    // The speed-up that lets the write limits set the count: 10 shards carry 10,000 records/s at 10,000 × 1 (no
    // headroom) ÷ 10 = 1,000 records/s per shard, 3⅓ × the 300 it processes now.
    const f = plan.findings.find((x) => x.code === 'CONSUMER_BINDS');
    if (f?.code !== 'CONSUMER_BINDS') throw new Error('expected CONSUMER_BINDS');
    expect(f.args.shardsAfter).toBe(10);
    expect(f.args.recordsPerSecPerShardAfter).toBeCloseTo(1000, 9);
  });

  it('a faster consumer stops at the next consumer: two slow consumers, the slower binds, the other sets the count after', () => {
    const plan = planWorkload(
      workloadOf({
        headroom: '20%',
        records: { size: 200, rate: '10000/s' },
        consumers: [
          { name: 'enrich', type: 'polling', processing: '300/s' },
          { name: 'archive', type: 'efo', processing: '500/s' },
        ],
      }),
    );
    const f = plan.findings.find((x) => x.code === 'CONSUMER_BINDS');
    if (f?.code !== 'CONSUMER_BINDS') throw new Error('expected CONSUMER_BINDS');
    // enrich: 10,000 ÷ 300 × 1.2 = 40 shards, and binds; archive: 10,000 ÷ 500 × 1.2 = 24; writes: 10 × 1.2 = 12 → 12.
    // After enrich speeds up, archive's 24 set the count: enrich then needs 10,000 × 1.2 ÷ 24 = 500 records/s per shard.
    expect(plan.streams[0]!.shards.required).toBe(40);
    expect(f.args).toMatchObject({ consumer: 'enrich', shardsAfter: 24 });
    expect(f.args.recordsPerSecPerShardAfter).toBeCloseTo(500, 9);
  });

  it('a consumer that needs fewer shards than writes does not bind; a tie goes to the write limit', () => {
    const plan = planWorkload(
      workloadOf({
        headroom: '0%',
        records: { size: 200, rate: '10000/s' },
        consumers: [{ name: 'fast', type: 'efo', processing: '1000/s' }],
      }),
    );
    const s = plan.streams[0]!;
    expect(s.shards.required).toBe(10);
    expect(s.shards.binding).toBe('writeRecords');
    expect(s.shards.consumer?.shards).toBeCloseTo(10, 12);
    // EFO does not poll: lag is the time to process what arrives, 0 wait + 0 × utilisation
    expect(s.consumers[0]!.planned.lagSec).toBe(0);
  });

  it('an existing stream too small for its consumer: the consumer falls behind', () => {
    const plan = planWorkload(
      workloadOf({
        capacityMode: 'provisioned',
        shards: 10,
        headroom: '0%',
        records: { size: 200, rate: '10000/s' },
        consumers: [{ name: 'enrich', type: 'polling', processing: '300/s' }],
      }),
    );
    const f = plan.findings.find((x) => x.code === 'CONSUMER_FALLS_BEHIND');
    // 10 shards × 300 = 3,000 records/s against 10,000
    expect(f?.args).toEqual({
      consumer: 'enrich',
      shards: 10,
      peakRecordsPerSec: 10000,
      capacityRecordsPerSec: 3000,
    });
    expect(plan.streams[0]!.consumers[0]!.planned.lagSec).toBeNull();
    expect(plan.findings.map((x) => x.code)).not.toContain('EXISTING_SHARDS_TOO_FEW');
  });

  it('the Lambda example: 250 records/s per shard, catch-up after the flash sale binds, 26 shards and 26 invocations', () => {
    const text = readFileSync(new URL('../../examples/lambda-orders.yaml', import.meta.url), 'utf8');
    const plan = planWorkload(parseWorkload(text, 'lambda-orders.yaml'));
    const s = plan.streams[0]!;
    const c = s.consumers[0]!;
    // 1 batch × 100 records ÷ 0.4 s = 250 records/s per shard
    expect(c.recordsPerSecPerShard).toBeCloseTo(250, 12);
    // keep up at the 4,000/s peak: 4,000 ÷ 250 × 1.2 = 19.2
    expect(c.need.keepUp.shards).toBeCloseTo(19.2, 12);
    // the spike: 4,000/s (traffic base = the peak) × 2 = 8,000/s for 60 s; catch up within 120 s:
    // (8,000 × 60 + 4,000 × 120) ÷ 180 = 5,333.3/s; ÷ 250 × 1.2 = 25.6 → 26
    expect(c.need.catchUp?.demandPerSec).toBeCloseTo(16000 / 3, 9);
    expect(c.need.catchUp?.shards).toBeCloseTo(25.6, 9);
    expect(s.shards.required).toBe(26);
    // A consumer fast enough for the 5 shards writes need (4.85 → 5) processes 5,333.3 × 1.2 ÷ 5 = 1,280 records/s per shard.
    const binds = plan.findings.find((x) => x.code === 'CONSUMER_BINDS');
    if (binds?.code !== 'CONSUMER_BINDS') throw new Error('expected CONSUMER_BINDS');
    expect(binds.args.shardsAfter).toBe(5);
    expect(binds.args.recordsPerSecPerShardAfter).toBeCloseTo(1280, 9);
    expect(s.shards.binding).toBe('consumer');
    expect(s.shards.consumer?.isCatchUp).toBe(true);
    // 26 shards × parallelizationFactor 1 = 26 concurrent invocations of 1,000
    expect(c.lambda).toEqual({
      batchSize: 100,
      batchWindowSec: 0,
      durationSec: 0.4,
      parallelizationFactor: 1,
      concurrency: 26,
      accountConcurrencyDefault: 1000,
    });
    // lag at peak: 1 s poll + 0 s batch window + 0.4 s invocation
    expect(c.planned.lagSec).toBeCloseTo(1.4, 12);
    // catch-up at 26 shards (6,500/s): backlog (8,000 − 6,500) × 60 = 90,000 records, drained at 6,500 − 4,000 = 2,500/s: 36 s
    expect(c.planned.catchUpSec).toBeCloseTo(36, 9);
  });

  it('a Lambda over the account default concurrency is flagged', () => {
    const plan = planWorkload(
      workloadOf({
        headroom: '0%',
        records: { size: 100, rate: '200000/s' },
        // 10 × 100 ÷ 1 s = 1,000/s per shard; writes need 200 shards; 200 × 10 = 2,000 invocations
        consumers: [{ name: 'indexer', type: 'lambda', duration: '1s', parallelizationFactor: 10 }],
      }),
    );
    const f = plan.findings.find((x) => x.code === 'LAMBDA_CONCURRENCY_OVER_DEFAULT');
    expect(f?.args).toEqual({
      consumer: 'indexer',
      shards: 200,
      parallelizationFactor: 10,
      concurrency: 2000,
      accountDefault: 1000,
    });
  });

  it('more traffic never needs fewer shards for a consumer', () => {
    const at = (rate: number) =>
      planWorkload(
        workloadOf({
          records: { size: 200, rate },
          consumers: [{ name: 'c', type: 'polling', processing: '300/s' }],
        }),
      ).streams[0]!.shards.required;
    let last = 0;
    for (const rate of [1, 10, 299, 300, 301, 1000, 9999, 10000, 10001, 50000]) {
      const n = at(rate);
      expect(n).toBeGreaterThanOrEqual(last);
      last = n;
    }
  });
});
