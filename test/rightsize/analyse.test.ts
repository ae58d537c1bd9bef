import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { parsePricing } from '../../src/pricing/parse.js';
import { rightsize, percentiles } from '../../src/rightsize/analyse.js';
import { parseExports } from '../../src/rightsize/exports.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { workloadToYaml } from '../../src/workload/to-yaml.js';

const PRICING_FILE = 'pricing/us-east-1.2026-11-22.json';
const pricing = parsePricing(readFileSync(PRICING_FILE, 'utf8'), PRICING_FILE);
const START = Date.parse('2026-11-01T00:00:00Z'); // a Sunday

/**
 * Two days of 1-minute data with a daily step: 1,000 records/s from 00:00 to 12:00 UTC, 3,000 records/s from 12:00 to
 * 24:00, every record 500 bytes; optional throttling and iterator age on given minutes.
 */
function dailyStep(extra: { throttledAt?: Map<number, number>; ageMsAt?: Map<number, number> } = {}) {
  const rows: { t: number; records: number; bytes: number; throttled: number; ageMs: number }[] = [];
  for (let i = 0; i < 2 * 1440; i++) {
    const t = START + i * 60_000;
    const hour = new Date(t).getUTCHours();
    const records = (hour < 12 ? 1000 : 3000) * 60;
    rows.push({
      t,
      records,
      bytes: records * 500,
      throttled: extra.throttledAt?.get(i) ?? 0,
      ageMs: extra.ageMsAt?.get(i) ?? 0,
    });
  }
  return rows;
}

function asMetricData(rows: ReturnType<typeof dailyStep>): string {
  // get-metric-data prints newest first (ScanBy TimestampDescending)
  const desc = [...rows].reverse();
  const result = (id: string, label: string, pick: (r: (typeof rows)[number]) => number) => ({
    Id: id,
    Label: label,
    Timestamps: desc.map((r) => new Date(r.t).toISOString().replace('.000Z', '+00:00')),
    Values: desc.map(pick),
    StatusCode: 'Complete',
  });
  return JSON.stringify({
    MetricDataResults: [
      result('incomingRecords', 'IncomingRecords', (r) => r.records),
      result('incomingBytes', 'IncomingBytes', (r) => r.bytes),
      result('writeThrottled', 'WriteProvisionedThroughputExceeded', (r) => r.throttled),
      result('iteratorAge', 'GetRecords.IteratorAgeMilliseconds', (r) => r.ageMs),
    ],
    Messages: [],
  });
}

function asCsv(rows: ReturnType<typeof dailyStep>): string {
  const lines = [
    'timestamp,IncomingRecords,IncomingBytes,WriteProvisionedThroughputExceeded,GetRecords.IteratorAgeMilliseconds',
  ];
  for (const r of rows)
    lines.push(`${new Date(r.t).toISOString()},${r.records},${r.bytes},${r.throttled},${r.ageMs}`);
  return lines.join('\n');
}

function asStatistics(
  rows: ReturnType<typeof dailyStep>,
  label: string,
  pick: (r: (typeof rows)[number]) => number,
): string {
  return JSON.stringify({
    Label: label,
    Datapoints: rows.map((r) => ({ Timestamp: new Date(r.t).toISOString(), Sum: pick(r), Unit: 'Count' })),
  });
}

const OPTS = {
  headroom: 0.2,
  streamName: 'orders',
  region: 'us-east-1',
  monthHours: 730,
  pricing,
  shards: 10,
  mode: 'provisioned' as const,
};

describe('rightsize: a daily step of 1,000 and 3,000 records/s (hand derivations)', () => {
  const rows = dailyStep();
  const report = rightsize(parseExports([{ name: 'orders.json', text: asMetricData(rows) }]), OPTS);

  it('reads the same figures from get-metric-data, get-metric-statistics and CSV', () => {
    const csv = rightsize(parseExports([{ name: 'orders.csv', text: asCsv(rows) }]), OPTS);
    const stats = rightsize(
      parseExports([
        { name: 'records.json', text: asStatistics(rows, 'IncomingRecords', (r) => r.records) },
        { name: 'bytes.json', text: asStatistics(rows, 'IncomingBytes', (r) => r.bytes) },
      ]),
      OPTS,
    );
    const strip = (r: typeof report) => ({ ...r, workload: { ...r.workload, description: '' } });
    expect(strip(csv)).toEqual(strip(report));
    // the statistics export here holds only the two Incoming metrics: no throttling or age series
    const core = (r: typeof report) => ({ ...strip(r), lag: null });
    expect(core(stats)).toEqual(core(report));
    expect(stats.lag).toEqual({ iteratorAgeMaxSec: null, millisBehindLatestMaxSec: null });
  });

  it('observed shape: 500-byte records, percentiles per minute and per hour, the daily and weekly shape', () => {
    expect(report.periodSec).toBe(60);
    expect(report.periods).toBe(2880);
    expect(report.spanSec).toBe(2 * 86_400);
    expect(report.recordBytesAvg).toBe(500);
    // 1,440 minutes at 1,000/s and 1,440 at 3,000/s: the 1,440th smallest (p50) is 1,000; p95, p99 and max 3,000
    expect(report.recordsPerSec.perPeriod).toEqual({ p50: 1000, p95: 3000, p99: 3000, max: 3000 });
    expect(report.recordsPerSec.perHour).toEqual({ p50: 1000, p95: 3000, p99: 3000, max: 3000 });
    expect(report.recordsPerSec.average).toBe(2000);
    expect(report.writeBytesPerSec.perPeriod.max).toBe(1_500_000);
    expect(report.dailyShape).toEqual([
      ...new Array<number>(12).fill(1000),
      ...new Array<number>(12).fill(3000),
    ]);
    // Sunday and Monday seen, each at the 2,000/s daily mean; other days unseen
    expect(report.weeklyShape).toEqual([2000, 2000, 0, 0, 0, 0, 0]);
    // at 10 shards: 3,000 ÷ 10,000 records/s; 1,500,000 ÷ 10 MiB/s
    expect(report.utilisation?.writeRecords).toBeCloseTo(0.3, 12);
    expect(report.utilisation?.writeBytes).toBeCloseTo(1_500_000 / (10 * 1_048_576), 12);
    expect(report.throttling).toEqual({
      writeThrottledRecords: 0,
      readThrottledCalls: 0,
      periodsWithWriteThrottling: 0,
      hiddenBurstRatio: null,
    });
  });

  it('recommendation: 4 shards fixed, 2 ↔ 4 on a schedule, each priced against today’s 10 shards', () => {
    const rec = report.recommendation;
    // write records: 3,000 ÷ 1,000 × 1.2 = 3.6 → 4 (write bytes 1,500,000 ÷ 1 MiB × 1.2 = 1.72)
    expect(rec.provisionedShards).toBe(4);
    expect(rec.binding).toBe('writeRecords');
    // each hour: 1,000/s × 1.2 = 1.2 → 2 before noon, 3.6 → 4 after; one step up and one down a day
    expect(rec.scheduleShardsByHour).toEqual([
      ...new Array<number>(12).fill(2),
      ...new Array<number>(12).fill(4),
    ]);
    expect(rec.schedule.shardHours).toBe(72);
    expect(rec.schedule.changes).toBe(2);
    const k = pricing.kinesis;
    // PUT payload units: 2,000 records/s × 730 h × 3,600 s, one unit each (500 B < 25 KiB)
    const putUsd = ((2000 * 730 * 3600) / 1e6) * k.provisioned.putPayloadUnitsMillion.usd;
    const today = 10 * 730 * k.provisioned.shardHour.usd + putUsd;
    const fixed = 4 * 730 * k.provisioned.shardHour.usd + putUsd;
    // 72 shard-hours a day = 3 shards on average
    const scheduled = 3 * 730 * k.provisioned.shardHour.usd + putUsd;
    // on-demand data in: every 500-byte record billed as 1 KiB (low) or 500 + 1,023 bytes (high)
    const recordsPerMonth = 2000 * 730 * 3600;
    const inLowGb = (recordsPerMonth * 1024) / 2 ** 30;
    const inHighGb = (recordsPerMonth * 1523) / 2 ** 30;
    const standard = 730 * k.onDemand.streamHour.usd + inLowGb * k.onDemand.dataInGb.usd;
    const standardHigh = 730 * k.onDemand.streamHour.usd + inHighGb * k.onDemand.dataInGb.usd;
    const advantage = inLowGb * k.onDemandAdvantage.dataInGb.usd;
    expect(rec.today.monthlyUsd).toBeCloseTo(today, 6);
    const byKind = Object.fromEntries(rec.options.map((o) => [o.kind, o]));
    expect(byKind['provisioned-fixed']?.monthlyUsd).toBeCloseTo(fixed, 6);
    expect(byKind['provisioned-fixed']?.savingUsd).toBeCloseTo(today - fixed, 6);
    expect(byKind['provisioned-scheduled']?.monthlyUsd).toBeCloseTo(scheduled, 6);
    expect(byKind['on-demand']?.monthlyUsd).toBeCloseTo(standard, 6);
    expect(byKind['on-demand']?.monthlyUsdHigh).toBeCloseTo(standardHigh, 6);
    expect(byKind['on-demand-advantage']?.monthlyUsd).toBeCloseTo(advantage, 6);
  });

  it('the written workload round-trips: planning it gives the recommended shards', () => {
    const w = parseWorkload(workloadToYaml(report.workload), 'out.yaml');
    const s = planWorkload(w).streams[0]!;
    expect(s.shards.required).toBe(report.recommendation.provisionedShards);
    expect(s.load.peak.recordsPerSec).toBe(3000);
    expect(s.load.peak.writeBytesPerSec).toBeCloseTo(1_500_000, 6);
  });
});

describe('rightsize: throttling under one-minute averages, and a consumer falling behind', () => {
  it('6,000 records throttled in a minute at 1,000/s on 10 shards: the burst hid at least 9.09 × the minute average', () => {
    const rows = dailyStep({ throttledAt: new Map([[300, 6000]]), ageMsAt: new Map([[301, 45_000]]) });
    const r = rightsize(parseExports([{ name: 'orders.json', text: asMetricData(rows) }]), OPTS);
    // offered in that minute: (60,000 + 6,000) ÷ 60 = 1,100/s against 10 × 1,000 = 10,000/s: 11 %; 1 ÷ 0.11 = 9.09
    expect(r.throttling.writeThrottledRecords).toBe(6000);
    expect(r.throttling.periodsWithWriteThrottling).toBe(1);
    expect(r.throttling.hiddenBurstRatio).toBeCloseTo(10000 / 1100, 12);
    expect(r.lag.iteratorAgeMaxSec).toBe(45);
  });
});

describe('rightsize: six polling readers (GetRecords.Bytes six times IncomingBytes)', () => {
  const rows = dailyStep();
  const doc = JSON.parse(asMetricData(rows)) as { MetricDataResults: { Label: string; Values: number[] }[] };
  const bytes = doc.MetricDataResults.find((r) => r.Label === 'IncomingBytes')!;
  doc.MetricDataResults.push({
    ...bytes,
    Label: 'GetRecords.Bytes',
    Values: bytes.Values.map((v) => 6 * v),
  });
  const r = rightsize(parseExports([{ name: 'readers.json', text: JSON.stringify(doc) }]), OPTS);

  it('the shared read limit binds, the schedule steps through 3, and reads are priced on demand', () => {
    // 6 readers × 1,500,000 B/s ÷ 2 MiB/s × 1.2 = 5.15 → 6 shards (write records need 3.6)
    expect(r.workload.streams?.[0]?.consumers).toHaveLength(6);
    expect(r.recommendation.provisionedShards).toBe(6);
    expect(r.recommendation.binding).toBe('readBytes');
    expect(r.utilisation?.readBytes).toBeCloseTo((6 * 1_500_000) / (10 * 2 * 1_048_576), 12);
    // before noon 6 × 500,000 ÷ 2 MiB × 1.2 = 1.72 → 2; after, 6. 2 → 6 is more than double and 6 → 2 less than half:
    // hours 11 and 0 hold 3 (2 → 3 → 6 → 3 → 2): 3 + 10 × 2 + 3 + 12 × 6 = 98 shard-hours, 4 changes
    expect(r.recommendation.schedule.shardsByHour).toEqual([
      3,
      ...new Array<number>(10).fill(2),
      3,
      ...new Array<number>(12).fill(6),
    ]);
    expect(r.recommendation.schedule.shardHours).toBe(98);
    expect(r.recommendation.schedule.changes).toBe(4);
    // on-demand data out: 6 copies × 2,000 records/s × 500 B × 730 h × 3,600 s
    const k = pricing.kinesis;
    const inGb = (2000 * 730 * 3600 * 1024) / 2 ** 30;
    const outGb = (6 * 2000 * 500 * 730 * 3600) / 2 ** 30;
    const standard = r.recommendation.options.find((o) => o.kind === 'on-demand')!;
    expect(standard.monthlyUsd).toBeCloseTo(
      730 * k.onDemand.streamHour.usd + inGb * k.onDemand.dataInGb.usd + outGb * k.onDemand.dataOutGb.usd,
      6,
    );
  });
});

describe('percentiles (nearest rank)', () => {
  it('of 1 … 100: p50 = 50, p95 = 95, p99 = 99, max = 100', () => {
    expect(percentiles(Array.from({ length: 100 }, (_, i) => 100 - i))).toEqual({
      p50: 50,
      p95: 95,
      p99: 99,
      max: 100,
    });
  });
});
