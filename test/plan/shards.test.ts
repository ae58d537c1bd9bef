import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { unlessOverStreamMaximum, workloadOf } from '../helpers/workload.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

const MiB = 1_048_576;

describe('shards on every limit, at peak with headroom (hand derivations)', () => {
  it('clickstream: 9,000 records/s of 2 KiB with 36-character keys is bound by write bytes', () => {
    const plan = planWorkload(
      workloadOf({
        records: { size: '2 KiB', rate: '3000/s', peak: '9000/s' },
        // No distinct count: every record has its own key, so the load spreads evenly over the shards.
        partitionKeys: { length: 36 },
        consumers: [
          { name: 'analytics', type: 'polling', pollInterval: '1s' },
          { name: 'fraud', type: 'efo' },
        ],
      }),
    );
    const s = plan.streams[0]!;
    // write bytes: 9,000 × (2,048 + 36) B = 18,756,000 B/s; ÷ 1,048,576 B/s per shard = 17.887…; × 1.2 = 21.464… → 22
    expect(s.shards.byLimit.writeBytes).toBeCloseTo((9000 * 2084 * 1.2) / MiB, 9);
    expect(s.shards.byLimit.writeBytes).toBeCloseTo(21.4645, 3);
    // write records: 9,000 ÷ 1,000 × 1.2 = 10.8
    expect(s.shards.byLimit.writeRecords).toBeCloseTo(10.8, 12);
    // shared read: one polling reader gets every byte: 18,756,000 ÷ 2,097,152 × 1.2 = 10.732…; the EFO reader has its own pipe
    expect(s.shards.byLimit.readBytes).toBeCloseTo((18_756_000 / (2 * MiB)) * 1.2, 9);
    expect(s.shards.required).toBe(22);
    expect(s.shards.binding).toBe('writeBytes');
    // one polling reader calling every shard once a second
    expect(s.readCallsPerShardPerSecond).toBe(1);
    // utilisation at 22 shards: peak write bytes 18,756,000 ÷ (22 × 1 MiB) = 81.3 %; average a third of it
    expect(s.utilisation.peak.writeBytes).toBeCloseTo(18_756_000 / (22 * MiB), 12);
    expect(s.utilisation.average.writeBytes).toBeCloseTo(6_252_000 / (22 * MiB), 12);
    expect(s.utilisation.peak.readCalls).toBeCloseTo(0.2, 12);
    // EFO pipe per consumer: 18,756,000 ÷ (22 × 2 MiB)
    expect(s.utilisation.peak.efo).toBeCloseTo(18_756_000 / (22 * 2 * MiB), 12);
  });

  it('small IoT records are bound by the 1,000 records/s limit, and growth is compounded to the horizon', () => {
    const plan = planWorkload(
      workloadOf({
        records: { size: '180 B', rate: '20000/s', peak: '2x', growth: '3%/month', horizon: '365d' },
        partitionKeys: { length: 20 },
        consumers: [
          { name: 'alerts', type: 'lambda' },
          { name: 'aggregator', type: 'polling' },
        ],
      }),
    );
    const s = plan.streams[0]!;
    // peak 2 × 20,000 = 40,000 records/s; ÷ 1,000 × 1.2 = 48
    expect(s.shards.byLimit.writeRecords).toBeCloseTo(48, 12);
    // 40,000 × (180 + 20) B = 8,000,000 B/s ÷ 1 MiB × 1.2 = 9.155…
    expect(s.shards.byLimit.writeBytes).toBeCloseTo((8_000_000 / MiB) * 1.2, 9);
    // two polling readers (Lambda polls like GetRecords): 2 × 8,000,000 ÷ 2 MiB × 1.2
    expect(s.shards.byLimit.readBytes).toBeCloseTo(((2 * 8_000_000) / (2 * MiB)) * 1.2, 9);
    expect(s.shards.required).toBe(48);
    expect(s.shards.binding).toBe('writeRecords');
    expect(s.readCallsPerShardPerSecond).toBe(2);
    // horizon: 365 days = 12 months; 1.03^12 = 1.42576…; 40,000 × 1.42576 = 57,030.4 records/s ÷ 1,000 × 1.2 = 68.44 → 69
    expect(s.shards.horizon.months).toBeCloseTo(12, 9);
    expect(s.shards.horizon.byLimit.writeRecords).toBeCloseTo(40 * Math.pow(1.03, 12) * 1.2, 9);
    expect(s.shards.horizon.required).toBe(69);
  });

  it('partition-key skew: the hottest shard, not the mean, sizes the stream', () => {
    const s = planWorkload(
      workloadOf({
        records: { size: '2 KiB', rate: '3000/s', peak: '9000/s' },
        partitionKeys: { distinct: 200, length: 36 },
      }),
    ).streams[0]!;
    // Even spread: 9,000 × 2,084 B ÷ 1 MiB × 1.2 = 21.46 → 22. With 200 keys hashed onto 22 shards, some shard
    // carries more than 1/22 of the keys, so the planner needs more shards: the hottest shard's share × peak must
    // stay within 1 MiB/s ÷ 1.2 on every shard.
    expect(s.shards.byLimit.writeBytes).toBeCloseTo(21.4645, 3);
    expect(s.partitionKeys.shardsForSkew).toBeGreaterThan(22);
    expect(s.shards.required).toBe(s.partitionKeys.shardsForSkew);
    const hottest = s.partitionKeys.hottestShardShare * 18_756_000;
    expect(hottest * 1.2).toBeLessThanOrEqual(MiB * (1 + 1e-9));
    expect(s.partitionKeys.imbalance).toBeCloseTo(s.partitionKeys.hottestShardShare * s.shards.planned, 9);
  });

  it('three polling readers make the shared read side bind', () => {
    const plan = planWorkload(
      workloadOf({
        records: { size: '10 KiB', rate: '500/s' },
        partitionKeys: { length: 10 },
        headroom: '0%',
        consumers: [1, 2, 3].map((i) => ({ name: `c${i}`, type: 'polling' })),
      }),
    );
    const s = plan.streams[0]!;
    // write bytes: 500 × 10,250 B = 5,125,000 B/s ÷ 1 MiB = 4.887… → 5
    // read: 3 × 5,125,000 ÷ 2 MiB = 7.331… → 8
    expect(s.shards.byLimit.readBytes).toBeCloseTo((3 * 5_125_000) / (2 * MiB), 9);
    expect(s.shards.required).toBe(8);
    expect(s.shards.binding).toBe('readBytes');
    expect(s.findings.map((f) => f.code)).toContain('SHARED_READ_BINDS');
    expect(s.findings.map((f) => f.code)).toContain('NO_PEAK_GIVEN');
  });

  it('shared read advice, priced: the polling readers moved to enhanced fan-out on the shards writes need', () => {
    const pricing = loadShippedPricing(US_EAST_1);
    const p = pricing.kinesis.provisioned;
    const w = workloadOf({
      records: { size: '10 KiB', rate: '500/s' },
      partitionKeys: { length: 10 },
      headroom: '0%',
      capacityMode: 'provisioned',
      consumers: [1, 2, 3].map((i) => ({ name: `c${i}`, type: 'polling' })),
    });
    const s = planWorkload(w, { pricing }).streams[0]!;
    const f = s.findings.find((x) => x.code === 'SHARED_READ_BINDS');
    if (f?.code !== 'SHARED_READ_BINDS') throw new Error('expected SHARED_READ_BINDS');
    // 8 shards for the reads, 5 for the writes (above). After: 5 shards, and the three readers as EFO consumers. The
    // change: 3 fewer shard-hours, 3 × 5 consumer-shard-hours, and 3 × the bytes written read as EFO data, a month of
    // 730 h: 500 × 10,250 B × 3,600 × 730 = 13,468,500,000,000 B ÷ 2^30 GB.
    expect(f.args).toMatchObject({ mode: 'provisioned', shardsAfter: 5 });
    const gb = (500 * 10_250 * 3600 * 730) / 2 ** 30;
    const delta = -3 * 730 * p.shardHour.usd + 3 * 5 * 730 * p.efoConsumerShardHour.usd + 3 * gb * p.efoDataGb.usd;
    expect(f.args.monthlyUsd).toBeCloseTo(s.cost!.planned.monthlyUsd, 9);
    expect(f.args.monthlyUsdAfter! - f.args.monthlyUsd!).toBeCloseTo(delta, 6);
  });

  it('overprovisioned existing shards, priced: the monthly saving on the shards the stream needs', () => {
    const pricing = loadShippedPricing(US_EAST_1);
    const p = pricing.kinesis.provisioned;
    const w = workloadOf({
      records: { size: 1000, rate: '2000/s' },
      partitionKeys: { length: 24 },
      headroom: '0%',
      capacityMode: 'provisioned',
      shards: 10,
    });
    const s = planWorkload(w, { pricing }).streams[0]!;
    const f = s.findings.find((x) => x.code === 'EXISTING_SHARDS_OVERPROVISIONED');
    if (f?.code !== 'EXISTING_SHARDS_OVERPROVISIONED') throw new Error('expected EXISTING_SHARDS_OVERPROVISIONED');
    // writes: 2,000 records/s ÷ 1,000 = 2 shards; 2,000 × 1,024 B ÷ 1 MiB = 1.95 → 2 needed, 10 existing.
    // Resharding changes only the shard-hours (the same records pay the same PUT payload units): 8 fewer shards for a
    // month of 730 h at $0.015 = 8 × 730 × 0.015 = $87.60.
    expect(f.args).toMatchObject({ existing: 10, required: 2 });
    expect(f.args.monthlyUsd).toBeCloseTo(s.cost!.provisioned.monthlyUsd, 9);
    expect(f.args.monthlyUsdSaved).toBeCloseTo(8 * 730 * p.shardHour.usd, 9);
    expect(f.args.monthlyUsdSaved).toBeCloseTo(87.6, 9);
    expect(f.args.monthlyUsdAfter! + f.args.monthlyUsdSaved!).toBeCloseTo(f.args.monthlyUsd!, 9);
  });

  it('GetRecords calls: 6 readers at 1 s are over the 5 calls/s limit; at 2 s they are 3 calls/s', () => {
    const readers = (interval: string) => [1, 2, 3, 4, 5, 6].map((i) => ({ name: `c${i}`, type: 'polling', pollInterval: interval }));
    const over = planWorkload(workloadOf({ records: { size: 100, rate: 10 }, consumers: readers('1s') })).streams[0]!;
    expect(over.readCallsPerShardPerSecond).toBe(6);
    expect(over.findings.find((f) => f.code === 'READ_CALLS_OVER_LIMIT')?.severity).toBe('error');
    // 6 readers ÷ (0.8 × 5 calls/s) = 1.5 s keeps the calls at 80 % of the limit
    expect(over.findings.find((f) => f.code === 'READ_CALLS_OVER_LIMIT')?.args.suggestedPollIntervalSec).toBeCloseTo(1.5, 12);
    // After the advice: six readers every 1.5 s make 6 ÷ 1.5 = 4 calls/s; moving readers to enhanced fan-out, the
    // others make 5, 4 calls/s: 2 moved (the first at 5 is still above 4).
    expect(over.findings.find((f) => f.code === 'READ_CALLS_OVER_LIMIT')?.args).toMatchObject({ readersToEfo: 2, callsPerShardPerSecAfterEfo: 4 });
    expect(over.findings.find((f) => f.code === 'READ_CALLS_OVER_LIMIT')?.args.callsPerShardPerSecAfterPoll).toBeCloseTo(4, 12);
    const ok = planWorkload(workloadOf({ records: { size: 100, rate: 10 }, consumers: readers('2s') })).streams[0]!;
    expect(ok.readCallsPerShardPerSecond).toBe(3);
    expect(ok.findings.some((f) => f.code.startsWith('READ_CALLS'))).toBe(false);
  });

  it('GetRecords calls at risk: polling every suggested interval or slower keeps the slower readers as they are', () => {
    // Every 0.5 s, 1 s, 1 s and 2 s: 2 + 1 + 1 + 0.5 = 4.5 calls/s, 90 % of 5. Suggested: 4 ÷ (0.8 × 5) = 1 s; the
    // 0.5 s reader slows to 1 s, the 2 s one stays: 1 + 1 + 1 + 0.5 = 3.5. The busiest (0.5 s) moved to enhanced
    // fan-out: 1 + 1 + 0.5 = 2.5, at most 4, so one reader is enough.
    const consumers = ['0.5s', '1s', '1s', '2s'].map((pollInterval, i) => ({ name: `c${i}`, type: 'polling', pollInterval }));
    const s = planWorkload(workloadOf({ records: { size: 100, rate: 10 }, consumers })).streams[0]!;
    const f = s.findings.find((x) => x.code === 'READ_CALLS_AT_RISK');
    expect(f?.args).toMatchObject({ callsPerShardPerSec: 4.5, suggestedPollIntervalSec: 1, callsPerShardPerSecAfterPoll: 3.5, readersToEfo: 1, callsPerShardPerSecAfterEfo: 2.5 });
  });

  it('an existing stream is evaluated at its own shard count', () => {
    const s = planWorkload(
      workloadOf({ shards: 8, capacityMode: 'provisioned', records: { size: '2 KiB', rate: '3000/s', peak: '9000/s' } }),
    ).streams[0]!;
    expect(s.shards.planned).toBe(8);
    expect(s.shards.required).toBe(22);
    // peak write bytes on 8 shards: 9,000 × 2,084 ÷ (8 × 1 MiB) = 223.6 % → an error
    expect(s.utilisation.peak.writeBytes).toBeCloseTo(18_756_000 / (8 * MiB), 12);
    const f = s.findings.find((x) => x.code === 'EXISTING_SHARDS_TOO_FEW');
    expect(f).toMatchObject({ severity: 'error', path: 'streams[0].shards', args: { existing: 8, required: 22, limit: 'writeBytes' } });
  });

  it('on-demand: a new stream takes 4 MiB/s at once; 17.9 MiB/s needs ⌈log2(17.89/4)⌉ = 3 doublings', () => {
    const s = planWorkload(
      workloadOf({ capacityMode: 'on-demand', records: { size: '2 KiB', rate: '3000/s', peak: '9000/s' } }),
    ).streams[0]!;
    const od = s.onDemand[0]!;
    expect(od.instantWriteBytesPerSec).toBe(4 * MiB);
    expect(od.doublingsNeeded).toBe(Math.ceil(Math.log2(18_756_000 / (4 * MiB))));
    expect(od.doublingsNeeded).toBe(3);
    expect(od.secondsToScale).toBe(3 * 15 * 60);
    expect(s.findings.map((f) => f.code)).toContain('ON_DEMAND_BURST_THROTTLES');
    // With a previous peak of 10 MiB/s the stream takes 20 MiB/s at once: no finding
    const warm = planWorkload(
      workloadOf({ capacityMode: 'on-demand', onDemand: { previousPeak: '10 MiB/s' }, records: { size: '2 KiB', rate: '3000/s', peak: '9000/s' } }),
    ).streams[0]!;
    expect(warm.onDemand[0]!.fitsInstantly).toBe(true);
    expect(warm.findings.map((f) => f.code)).not.toContain('ON_DEMAND_BURST_THROTTLES');
  });

  it('growth beyond the stream maximum: the streams the traffic splits over, and the shards each needs', () => {
    const s = planWorkload(
      workloadOf({ records: { size: 100, rate: '8000000/s', growth: '2%/month', horizon: '365d' }, partitionKeys: { length: 24 } }),
    ).streams[0]!;
    // Now: 8,000,000 records/s ÷ 1,000 × 1.2 = 9,600 shards. In 12 months: × 1.02^12 = 1.268242 → 12,175.13 → 12,176,
    // over 10,000. Split evenly over ⌈12,175.13 ÷ 10,000⌉ = 2 streams: 6,087.56 → 6,088 shards each.
    const f = s.findings.find((x) => x.code === 'SHARDS_OVER_STREAM_MAXIMUM');
    if (f?.code !== 'SHARDS_OVER_STREAM_MAXIMUM') throw new Error('expected SHARDS_OVER_STREAM_MAXIMUM');
    expect(s.shards.required).toBe(9600);
    expect(f.severity).toBe('warning');
    expect(f.args).toEqual({ required: 12_176, maximum: 10_000, streamsNeeded: 2, shardsPerStream: 6088 });
  });

  it('on-demand: a peak above the mode maximum is an error', () => {
    const s = planWorkload(
      workloadOf({ capacityMode: 'on-demand', onDemand: { maxWriteThroughput: '200 MB/s' }, records: { size: '100 KiB', rate: '2500/s' } }),
    ).streams[0]!;
    // 2,500 × (102,400 + 36) B = 256,090,000 B/s > 200,000,000 B/s
    expect(s.onDemand[0]!.fitsMaximum).toBe(false);
    expect(s.findings.find((f) => f.code === 'ON_DEMAND_OVER_MAXIMUM')?.severity).toBe('error');
    // In provisioned mode: 256,090,000 B/s ÷ 1,048,576 B/s per shard = 244.23 × 1.2 headroom = 293.07 → 294 shards.
    expect(s.findings.find((f) => f.code === 'ON_DEMAND_OVER_MAXIMUM')?.args).toMatchObject({ provisionedShards: 294 });
  });
});

const streamArb = fc.record({
  size: fc.integer({ min: 1, max: 900_000 }),
  rate: fc.double({ min: 0.01, max: 2e5, noNaN: true }),
  peakFactor: fc.double({ min: 1, max: 20, noNaN: true }),
  keyLength: fc.integer({ min: 1, max: 256 }),
  polling: fc.integer({ min: 0, max: 6 }),
  efo: fc.integer({ min: 0, max: 5 }),
  headroom: fc.double({ min: 0, max: 2, noNaN: true }),
});

type StreamArgs = { size: number; rate: number; peakFactor: number; keyLength: number; polling: number; efo: number; headroom: number };

function plan(a: StreamArgs) {
  return planWorkload(
    workloadOf({
      headroom: a.headroom,
      records: { size: a.size, rate: a.rate, peak: `${a.peakFactor}x` },
      partitionKeys: { length: a.keyLength },
      consumers: [
        ...Array.from({ length: a.polling }, (_, i) => ({ name: `p${i}`, type: 'polling' })),
        ...Array.from({ length: a.efo }, (_, i) => ({ name: `e${i}`, type: 'efo' })),
      ],
    }),
  ).streams[0]!;
}

/** Shards the stream needs; Infinity when it needs more than the 10,000 a stream can have (the planner refuses it). */
function required(a: StreamArgs): number {
  return unlessOverStreamMaximum(() => plan(a).shards.required) ?? Number.POSITIVE_INFINITY;
}

describe('properties', () => {
  it('more traffic never needs fewer shards', () => {
    fc.assert(
      fc.property(streamArb, fc.double({ min: 1, max: 10, noNaN: true }), (a, k) => {
        expect(required({ ...a, rate: a.rate * k })).toBeGreaterThanOrEqual(required(a));
      }),
      { numRuns: 100 },
    );
  });
  it('larger records never need fewer shards', () => {
    fc.assert(
      fc.property(streamArb, fc.integer({ min: 0, max: 100_000 }), (a, extra) => {
        const bigger = { ...a, size: Math.min(a.size + extra, 1_048_576 - a.keyLength) };
        expect(required(bigger)).toBeGreaterThanOrEqual(required(a));
      }),
      { numRuns: 100 },
    );
  });
  it('more polling consumers never need fewer shards', () => {
    fc.assert(
      fc.property(streamArb, fc.integer({ min: 1, max: 4 }), (a, more) => {
        expect(required({ ...a, polling: a.polling + more })).toBeGreaterThanOrEqual(required(a));
      }),
      { numRuns: 100 },
    );
  });
  it('no figure is NaN or negative', () => {
    fc.assert(
      fc.property(streamArb, (a) => {
        const s = unlessOverStreamMaximum(() => plan(a));
        fc.pre(s !== undefined);
        const numbers = JSON.stringify(s, (_k, v: unknown) => {
          if (typeof v === 'number' && (!Number.isFinite(v) || v < 0)) throw new Error(`bad number ${v}`);
          return v;
        });
        expect(numbers.length).toBeGreaterThan(0);
        expect(Number.isInteger(s.shards.required) && s.shards.required >= 1).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
