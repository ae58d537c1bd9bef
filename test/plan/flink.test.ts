import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { planFlink, type FlinkPlan } from '../../src/plan/flink.js';
import { planWorkload, sourcePlanOf } from '../../src/plan/index.js';
import { unlessOverStreamMaximum } from '../helpers/workload.js';
import type { FlinkPricing, Price } from '../../src/pricing/schema.js';
import { parseWorkload } from '../../src/workload/parse.js';

const GiB = 2 ** 30;
const price = (usd: number, unit: string): Price => ({ usd, unit, source: 'test', retrieved: '2026-01-01', confidence: 'aws' });
/** Hand-written prices: $0.11 per KPU-hour, $0.10 per GB-month of running storage, $0.023 per GB-month of backups. */
const PRICING: FlinkPricing = {
  kpuHour: price(0.11, 'KPU-hour'),
  runningStorageGbMonth: price(0.1, 'GB-month'),
  backupGbMonth: price(0.023, 'GB-month'),
};

interface Setup {
  stream?: Record<string, unknown>;
  flink: Record<string, unknown>;
  firehose?: Record<string, unknown>[];
  pricing?: FlinkPricing | null;
  isRunningStorageBilled?: boolean;
}

/** Stream `s`: 1,000-byte records with 36-character keys at 1,000/s unless overridden. */
function plan(s: Setup): FlinkPlan {
  const doc = {
    version: 1,
    name: 't',
    streams: [{ name: 's', records: { size: 1000, rate: '1000/s' }, ...s.stream }],
    flink: [{ name: 'app', source: { stream: 's' }, ...s.flink }],
    firehose: s.firehose ?? [],
  };
  const w = parseWorkload(stringify(doc), 't.yaml');
  const pricing = s.pricing === null ? undefined : (s.pricing ?? PRICING);
  const source = sourcePlanOf(planWorkload(w).streams, 's');
  return planFlink(w.flink[0]!, { index: 0, source, pricing, monthHours: 730, gbBytes: GiB }, { isRunningStorageBilled: s.isRunningStorageBilled });
}
const codes = (p: FlinkPlan) => p.findings.map((f) => f.code);

describe('KPUs and the orchestration KPU', () => {
  it('bills the application KPUs plus one orchestration KPU, storage per KPU and backups', () => {
    // 2 KPUs + 1 orchestration = 3 × 730 h = 2,190 KPU-hours × $0.11 = $240.90.
    // Running storage 2 × 50 GB = 100 GB-month × $0.10 = $10. Backups 20 GiB = 20 GB-month × $0.023 = $0.46.
    const p = plan({ flink: { kpus: 2, backups: '20 GiB' } });
    expect(p.kpus).toBe(2);
    expect(p.billedKpus).toBe(3);
    expect(p.cost.lines.map((l) => [l.key, l.quantity])).toEqual([
      ['flink-kpu-hours', 2190],
      ['flink-running-storage', 100],
      ['flink-backups', 20],
    ]);
    expect(p.cost.monthlyUsd).toBeCloseTo(240.9 + 10 + 0.46, 9);
  });

  it('charges the orchestration KPU even for a one-KPU application', () => {
    // (1 + 1) × 730 = 1,460 KPU-hours.
    expect(plan({ flink: { kpus: 1 } }).cost.lines[0]?.quantity).toBe(1460);
  });

  it('can leave the running storage out (the open question of kinesis-facts.md §3.4)', () => {
    const p = plan({ flink: { kpus: 2 }, isRunningStorageBilled: false });
    expect(p.cost.lines.map((l) => l.key)).toEqual(['flink-kpu-hours', 'flink-backups']);
    expect(p.cost.monthlyUsd).toBeCloseTo(240.9, 9);
  });

  it('derives KPUs from parallelism / parallelismPerKpu, rounded up', () => {
    // ceil(10 / 4) = 3.
    expect(plan({ flink: { parallelism: 10, parallelismPerKpu: 4 } }).kpus).toBe(3);
    // ParallelismPerKPU defaults to 1: 10 KPUs.
    expect(plan({ flink: { parallelism: 10 } }).kpus).toBe(10);
  });

  it('derives KPUs from the measured throughput per KPU at the peak, today and at the growth horizon', () => {
    // 3,000/s × (1,000 B + 36 B key) = 3,108,000 B/s; / 1 MiB/s = 2.964 → 3 KPUs.
    const p = plan({ stream: { records: { size: 1000, rate: '3000/s' } }, flink: { throughputPerKpu: '1 MiB/s' } });
    expect(p.sourceBytesPerSec).toBe(3_108_000);
    expect(p.kpus).toBe(3);
    expect(p.horizon).toBeNull();
    // With a 2x peak: 6,216,000 B/s today → 5.93 → 6 KPUs. Growing 10%/month, at the 12-month horizon:
    // 6,216,000 × 1.1^12 = 19,508,457 B/s → 18.6 → 19 KPUs, each priced on its own (never added together).
    const grown = plan({
      stream: { records: { size: 1000, rate: '3000/s', peak: '2x', growth: '10%/month' } },
      flink: { throughputPerKpu: '1 MiB/s' },
    });
    expect(grown.sourceBytesPerSec).toBe(6_216_000);
    expect(grown.kpus).toBe(6);
    expect(grown.cost.monthlyUsd).toBeCloseTo(7 * 730 * 0.11 + 6 * 50 * 0.1, 9);
    expect(grown.horizon?.months).toBe(12);
    expect(grown.horizon?.sourceBytesPerSec).toBeCloseTo(3_108_000 * 2 * 1.1 ** 12, 3);
    expect(grown.horizon?.kpus).toBe(Math.ceil((3_108_000 * 2 * 1.1 ** 12) / 1_048_576));
    expect(grown.horizon?.cost.monthlyUsd).toBeCloseTo(20 * 730 * 0.11 + 19 * 50 * 0.1, 9);
  });

  it('flags an application with too few KPUs for its measured throughput', () => {
    // 2 KPUs × 1 MiB/s = 2,097,152 B/s < 3,108,000 B/s; it needs 3.
    const p = plan({ stream: { records: { size: 1000, rate: '3000/s' } }, flink: { kpus: 2, throughputPerKpu: '1 MiB/s' } });
    expect(p.findings.find((f) => f.code === 'FLINK_UNDERSIZED')?.args).toMatchObject({ kpus: 2, neededKpus: 3 });
  });

  it('warns above the default 32 KPUs per application', () => {
    expect(codes(plan({ flink: { kpus: 33 } }))).toContain('FLINK_KPU_LIMIT');
    expect(codes(plan({ flink: { kpus: 32 } }))).not.toContain('FLINK_KPU_LIMIT');
  });

  it('leaves dollars unknown without a price table', () => {
    const p = plan({ flink: { kpus: 2 }, pricing: null });
    expect(p.cost.monthlyUsd).toBeNull();
    expect(p.cost.lines[0]).toMatchObject({ quantity: 2190, unitUsd: null, monthlyUsd: null });
  });
});

describe('the source stream read side', () => {
  it('flags GetRecords calls above 5 per shard: Flink at 200 ms + Firehose + a polling consumer', () => {
    // 1/0.2 + 1/1 + 1/1 = 7 calls per shard per second > 5.
    const p = plan({
      stream: { consumers: [{ name: 'kcl', type: 'polling' }] },
      flink: { kpus: 1 },
      firehose: [{ name: 'f', source: { stream: 's' }, destination: 's3' }],
    });
    expect(p.findings.find((f) => f.code === 'FLINK_SOURCE_GET_RECORDS_EXCEEDED')?.args).toMatchObject({
      callsPerSecPerShard: 7,
      flinkCallsPerSec: 5,
      readers: 3,
    });
    // After the advice: with enhanced fan-out the others make 7 − 5 = 2; polling, the application may make 5 − 2 = 3
    // calls, every 1 ÷ 3 s.
    const f = p.findings.find((x) => x.code === 'FLINK_SOURCE_GET_RECORDS_EXCEEDED');
    if (f?.code !== 'FLINK_SOURCE_GET_RECORDS_EXCEEDED') throw new Error('expected FLINK_SOURCE_GET_RECORDS_EXCEEDED');
    expect(f.args.callsPerSecPerShardWithEfo).toBeCloseTo(2, 12);
    expect(f.args.pollIntervalSecToFit).toBeCloseTo(1 / 3, 12);
  });

  it('does not flag 5 calls: Flink at 250 ms + Firehose', () => {
    // 4 + 1 = 5, at the limit.
    const p = plan({ flink: { kpus: 1, source: { stream: 's', pollInterval: '250ms' } }, firehose: [{ name: 'f', source: { stream: 's' }, destination: 's3' }] });
    expect(codes(p)).not.toContain('FLINK_SOURCE_GET_RECORDS_EXCEEDED');
  });

  it('does not count an enhanced fan-out application against the shared limits', () => {
    const p = plan({
      stream: { consumers: [{ name: 'kcl', type: 'polling' }] },
      flink: { kpus: 1, source: { stream: 's', type: 'efo' } },
      firehose: [{ name: 'f', source: { stream: 's' }, destination: 's3' }],
    });
    expect(p.findings).toEqual([]);
    expect(p.source).toEqual({ stream: 's', type: 'efo', pollIntervalSec: 0 });
  });

  it('flags shared read bytes above 2 MiB/s per shard on a stream with a given shard count', () => {
    // 2,000/s × 1,036 B = 2,072,000 B/s read by 3 polling readers over 2 shards = 3,108,000 B/s per shard > 2,097,152.
    const consumers = [
      { name: 'a', type: 'polling' },
      { name: 'b', type: 'polling' },
    ];
    const p = plan({
      stream: { shards: 2, records: { size: 1000, rate: '2000/s' }, consumers },
      flink: { kpus: 1, source: { stream: 's', pollInterval: '1s' } },
    });
    expect(p.findings.find((f) => f.code === 'FLINK_SOURCE_SHARED_READ_EXCEEDED')?.args).toMatchObject({
      readers: 3,
      readBytesPerSecPerShard: 3_108_000,
      shards: 2,
      // After the advice: the two others read 2 × 2,072,000 ÷ 2 = 2,072,000 B/s per shard with the application on
      // enhanced fan-out; as they are, 6,216,000 ÷ 2,097,152 = 2.96 → 3 shards.
      readBytesPerSecPerShardWithEfo: 2_072_000,
      shardsNeeded: 3,
    });
    // Without a shard count the stream plan sizes the stream, with its default 20 % headroom: writes need
    // ceil(max(2,072,000 / 1 MiB = 1.98, 2,000 / 1,000 = 2) × 1.2 = 2.4) = 3 shards, reads
    // ceil(6,216,000 / 2 MiB × 1.2 = 3.56) = 4: the read limit binds, an info finding recommending enhanced fan-out.
    const q = plan({
      stream: { records: { size: 1000, rate: '2000/s' }, consumers },
      flink: { kpus: 1, source: { stream: 's', pollInterval: '1s' } },
    });
    expect(q.findings.find((f) => f.code === 'FLINK_SOURCE_READ_NEEDS_SHARDS')?.args).toMatchObject({ writeShards: 3, readShards: 4 });
  });
});

describe('properties', () => {
  it('costs are never negative and KPUs are at least 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.oneof(
          fc.record({ kpus: fc.integer({ min: 1, max: 64 }) }),
          fc.record({ parallelism: fc.integer({ min: 1, max: 256 }), parallelismPerKpu: fc.integer({ min: 1, max: 8 }) }),
          fc.record({ throughputPerKpu: fc.integer({ min: 1, max: 10_000_000 }) }),
        ),
        fc.integer({ min: 0, max: 1e12 }),
        (rate, size, sizing, backups) => {
          const p = unlessOverStreamMaximum(() => plan({ stream: { records: { size, rate } }, flink: { ...sizing, backups } }));
          fc.pre(p !== undefined);
          expect(p.kpus).toBeGreaterThanOrEqual(1);
          expect(p.cost.monthlyUsd).not.toBeNull();
          expect(p.cost.monthlyUsd!).toBeGreaterThanOrEqual(0);
          for (const l of p.cost.lines) expect(l.monthlyUsd!).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('more traffic never needs fewer KPUs when sized by throughput', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 100, max: 10_000_000 }), (a, b, t) => {
        const lo = plan({ stream: { records: { size: 500, rate: Math.min(a, b) } }, flink: { throughputPerKpu: t } });
        const hi = plan({ stream: { records: { size: 500, rate: Math.max(a, b) } }, flink: { throughputPerKpu: t } });
        expect(hi.kpus).toBeGreaterThanOrEqual(lo.kpus);
      }),
      { numRuns: 100 },
    );
  });
});
