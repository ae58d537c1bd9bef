import { describe, expect, it } from 'vitest';
import { costStream, type CostLine, type ModeCost, type StreamCostInput } from '../../src/plan/cost.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

/*
 * Every expected figure below is derived by hand from pricing/us-east-1.2026-11-22.json:
 *   provisioned  shard-hour $0.015 · PUT payload units $0.014 per million · extended retention $0.02 per shard-hour ·
 *                long-term retention $0.023 per GB-month · long-term reads $0.021 per GB ·
 *                EFO $0.015 per consumer-shard-hour + $0.013 per GB
 *   on-demand    stream-hour $0.04 · in $0.08/GB · out $0.04/GB · EFO $0.05/GB · extended retention $0.10/GB-month ·
 *                long-term retention $0.023/GB-month · long-term reads $0.021/GB
 *   advantage    in $0.032/GB · out $0.016/GB · EFO $0.016/GB · retention $0.023/GB-month · long-term reads $0.021/GB
 * A month is 730 h = 2,628,000 s; GB = GiB = 2^30 = 1,073,741,824 bytes; a PUT payload unit is 25,600 B.
 */
const pricing = loadShippedPricing(US_EAST_1);
const SEC = 730 * 3600; // 2,628,000
const GIB = 2 ** 30;

function base(over: Partial<StreamCostInput>): StreamCostInput {
  return {
    path: 'streams[0]',
    monthHours: 730,
    putPayloadUnitBytes: 25_600,
    gbBytes: GIB,
    provisionedShards: 1,
    kinesisRecordsPerSecAvg: 100,
    kinesisRecordBytesAvg: 1000,
    pollingConsumers: 0,
    efoConsumers: 0,
    retentionHours: 24,
    longTermReadBytesPerMonth: undefined,
    ...over,
  };
}

function lineOf(mode: ModeCost, key: string): CostLine {
  const l = mode.lines.find((x) => x.key === key);
  if (!l) throw new Error(`no line ${key} in ${mode.mode}: ${mode.lines.map((x) => x.key).join(', ')}`);
  return l;
}

const keys = (mode: ModeCost) => mode.lines.map((l) => l.key);

describe('KPL-aggregated stream, 24 h retention, one polling consumer (25 KB chunk rounding)', () => {
  // 100 aggregated records/s of 51,200 B (the KPL's AggregationMaxSize) = 5,120,000 B/s → 5 shards planned.
  const input = base({
    provisionedShards: 5,
    kinesisRecordsPerSecAvg: 100,
    kinesisRecordBytesAvg: 51_200,
    pollingConsumers: 1,
  });
  const cost = costStream(input, pricing);
  // Records a month: 100 × 2,628,000 = 262,800,000.

  it('prices provisioned shard-hours and PUT payload units', () => {
    const p = cost.provisioned;
    expect(keys(p)).toEqual(['shard-hours', 'put-payload-units']);
    // 5 shards × 730 h = 3,650 shard-hours × $0.015 = $54.75
    expect(lineOf(p, 'shard-hours')).toMatchObject({ quantity: 3650, unit: 'shard-hour', unitUsd: 0.015 });
    expect(lineOf(p, 'shard-hours').monthlyUsd).toBeCloseTo(54.75, 10);
    // 51,200 / 25,600 = 2 units exactly per record → 525,600,000 units = 525.6 million × $0.014 = $7.3584
    expect(lineOf(p, 'put-payload-units').quantity).toBeCloseTo(525.6, 10);
    expect(lineOf(p, 'put-payload-units').monthlyUsd).toBeCloseTo(7.3584, 10);
    expect(p.monthlyUsd).toBeCloseTo(54.75 + 7.3584, 10);
    expect(p.hasUnknownLines).toBe(false);
  });

  it('counts a 51,200 B record as 3 units when a "25 KB" unit is 25,000 B', () => {
    // 51,200 / 25,000 = 2.048 → 3 units → 788.4 million × $0.014 = $11.0376
    const p = costStream({ ...input, putPayloadUnitBytes: 25_000 }, pricing).provisioned;
    expect(lineOf(p, 'put-payload-units').quantity).toBeCloseTo(788.4, 10);
    expect(lineOf(p, 'put-payload-units').monthlyUsd).toBeCloseTo(11.0376, 10);
  });

  it('prices On-demand Standard stream-hours, data in and data out', () => {
    const o = cost.onDemand;
    expect(keys(o)).toEqual(['stream-hours', 'data-in', 'data-out']);
    // 730 stream-hours × $0.04 = $29.20
    expect(lineOf(o, 'stream-hours').monthlyUsd).toBeCloseTo(29.2, 10);
    // 51,200 B is exactly 50 KiB: no rounding. 262,800,000 × 51,200 B / 2^30 = 12,531.280517578125 GiB
    const gib = 12_531.280517578125;
    expect(lineOf(o, 'data-in').quantity).toBeCloseTo(gib, 8);
    expect(lineOf(o, 'data-in').monthlyUsd).toBeCloseTo(gib * 0.08, 8); // $1,002.50
    // one polling consumer reads it all once, not rounded: × $0.04 = $501.25
    expect(lineOf(o, 'data-out').monthlyUsd).toBeCloseTo(gib * 0.04, 8);
    expect(o.monthlyUsd).toBeCloseTo(29.2 + gib * 0.12, 8);
  });

  it('prices On-demand Advantage with its account minimum as a separate, account-level line', () => {
    const a = cost.onDemandAdvantage;
    expect(keys(a)).toEqual(['data-in', 'data-out', 'commitment-data-in', 'commitment-data-out']);
    const gib = 12_531.280517578125;
    // no stream-hour; in $0.032 + out $0.016 per GiB = $601.50
    expect(a.monthlyUsd).toBeCloseTo(gib * 0.048, 8);
    // 25 MiB/s × 2,628,000 s / 2^30 = 25 × 2,628,000 / 1,024 = 64,160.15625 GiB each way;
    // × ($0.032 + $0.016) = $3,079.6875 (= $101.25 a day, AWS's "about $100 a day")
    expect(lineOf(a, 'commitment-data-in')).toMatchObject({
      quantity: 64_160.15625,
      scope: 'account',
      unitUsd: 0.032,
    });
    expect(lineOf(a, 'commitment-data-out')).toMatchObject({
      quantity: 64_160.15625,
      scope: 'account',
      unitUsd: 0.016,
    });
    expect(a.commitmentMonthlyUsd).toBeCloseTo(3079.6875, 8);
    expect(a.standaloneMonthlyUsd).toBeCloseTo(3079.6875, 8);
    expect(a.findings.map((f) => f.code)).toEqual(['ODA_COMMITMENT_PER_ACCOUNT']);
    expect(a.findings[0]).toMatchObject({ severity: 'info', path: 'streams[0]' });
  });
});

describe('small records on-demand (1 KiB rounding) and provisioned (at least one PUT payload unit)', () => {
  it("rounds AWS's 4.5 KB example up to 5 KiB", () => {
    // "if your data records are 4.5 KB each, Kinesis Data Streams will count each record as 5 KB" (pricing page)
    // 200 records/s × 4,608 B; records a month = 525,600,000; billed 5,120 B each
    // → 525,600,000 × 5,120 / 2^30 = 2,506.256103515625 GiB (unrounded it would be 2,255.63 GiB)
    const cost = costStream(base({ kinesisRecordsPerSecAvg: 200, kinesisRecordBytesAvg: 4608 }), pricing);
    expect(lineOf(cost.onDemand, 'data-in').quantity).toBeCloseTo(2506.256103515625, 9);
    expect(lineOf(cost.onDemand, 'data-in').monthlyUsd).toBeCloseTo(2506.256103515625 * 0.08, 9);
    // 4,608 B < 25,600 B: one PUT payload unit each → 525.6 million × $0.014 = $7.3584
    expect(lineOf(cost.provisioned, 'put-payload-units').monthlyUsd).toBeCloseTo(7.3584, 10);
  });

  it('bills a 100-byte record as 1 KiB on demand and as one PUT payload unit provisioned', () => {
    // 1,000 records/s × 2,628,000 s = 2,628,000,000 records × 1,024 B / 2^30 = 2,506.256103515625 GiB
    const cost = costStream(base({ kinesisRecordsPerSecAvg: 1000, kinesisRecordBytesAvg: 100 }), pricing);
    expect(lineOf(cost.onDemand, 'data-in').quantity).toBeCloseTo(2506.256103515625, 9);
    // 2,628 million units × $0.014 = $36.792
    expect(lineOf(cost.provisioned, 'put-payload-units').monthlyUsd).toBeCloseTo(36.792, 9);
    expect(lineOf(cost.onDemandAdvantage, 'data-in').monthlyUsd).toBeCloseTo(2506.256103515625 * 0.032, 9);
  });
});

describe('30-day retention with two enhanced fan-out consumers and replay of old data', () => {
  // 500 records/s × 1,000 B = 500,000 B/s; 1 shard; retention 720 h; 100 GiB re-read each month.
  const input = base({
    kinesisRecordsPerSecAvg: 500,
    kinesisRecordBytesAvg: 1000,
    efoConsumers: 2,
    retentionHours: 720,
    longTermReadBytesPerMonth: 100 * GIB,
  });
  const cost = costStream(input, pricing);
  // Stored volume by window: 500,000 B/s × 3,600 s × hours / 2^30
  const extendedGib = (500_000 * 3600 * 144) / GIB; // 24 h → 168 h: 241.39881134033203 GiB
  const longTermGib = (500_000 * 3600 * 552) / GIB; // 168 h → 720 h: 925.3621101379395 GiB
  const beyond24Gib = (500_000 * 3600 * 696) / GIB; // 24 h → 720 h: 1,166.7609214782715 GiB
  const efoGib = (2 * 500 * SEC * 1000) / GIB; // two consumers read everything: 2,447.5157260894775 GiB

  it('derives the window volumes', () => {
    expect(extendedGib).toBeCloseTo(241.39881134033203, 9);
    expect(longTermGib).toBeCloseTo(925.3621101379395, 9);
    expect(beyond24Gib).toBeCloseTo(extendedGib + longTermGib, 9);
    expect(efoGib).toBeCloseTo(2447.5157260894775, 9);
  });

  it('prices every provisioned line', () => {
    const p = cost.provisioned;
    expect(keys(p)).toEqual([
      'shard-hours',
      'put-payload-units',
      'extended-retention',
      'long-term-retention',
      'long-term-reads',
      'efo-consumer-shard-hours',
      'efo-data',
    ]);
    expect(lineOf(p, 'shard-hours').monthlyUsd).toBeCloseTo(10.95, 10); // 730 × $0.015
    expect(lineOf(p, 'put-payload-units').monthlyUsd).toBeCloseTo(1314 * 0.014, 10); // 1,314 million units → $18.396
    expect(lineOf(p, 'extended-retention')).toMatchObject({ quantity: 730, unit: 'shard-hour' }); // per shard-hour
    expect(lineOf(p, 'extended-retention').monthlyUsd).toBeCloseTo(14.6, 10); // 730 × $0.02
    expect(lineOf(p, 'long-term-retention').monthlyUsd).toBeCloseTo(longTermGib * 0.023, 10); // $21.28
    expect(lineOf(p, 'long-term-reads').monthlyUsd).toBeCloseTo(100 * 0.021, 10); // $2.10
    expect(lineOf(p, 'efo-consumer-shard-hours')).toMatchObject({ quantity: 1460 }); // 2 consumers × 1 shard × 730 h
    expect(lineOf(p, 'efo-consumer-shard-hours').monthlyUsd).toBeCloseTo(21.9, 10);
    expect(lineOf(p, 'efo-data').monthlyUsd).toBeCloseTo(efoGib * 0.013, 9); // $31.82
    expect(p.monthlyUsd).toBeCloseTo(
      10.95 + 18.396 + 14.6 + longTermGib * 0.023 + 2.1 + 21.9 + efoGib * 0.013,
      9,
    );
  });

  it('prices every On-demand Standard line', () => {
    const o = cost.onDemand;
    expect(keys(o)).toEqual([
      'stream-hours',
      'data-in',
      'efo-data',
      'extended-retention',
      'long-term-retention',
      'long-term-reads',
    ]);
    // 1,000 B → 1,024 B: 1,314,000,000 × 1,024 / 2^30 = 1,253.1280517578125 GiB
    expect(lineOf(o, 'data-in').monthlyUsd).toBeCloseTo(1253.1280517578125 * 0.08, 9);
    expect(lineOf(o, 'efo-data').monthlyUsd).toBeCloseTo(efoGib * 0.05, 9);
    expect(lineOf(o, 'extended-retention').monthlyUsd).toBeCloseTo(extendedGib * 0.1, 9);
    expect(lineOf(o, 'long-term-retention').monthlyUsd).toBeCloseTo(longTermGib * 0.023, 9);
    // No SKU in the AWS Price List for on-demand reads of old data: the 100 GiB are known, their price is not.
    expect(lineOf(o, 'long-term-reads')).toMatchObject({ quantity: 100, unitUsd: null, monthlyUsd: null });
    expect(o.hasUnknownLines).toBe(true);
    expect(o.findings).toContainEqual({
      code: 'COST_PRICE_UNKNOWN',
      severity: 'warning',
      path: 'streams[0].consumers',
      args: { mode: 'on-demand', item: 'long-term-reads', readBytesPerMonth: 100 * GIB },
    });
  });

  it('prices Advantage retention beyond 24 h at one rate', () => {
    const a = cost.onDemandAdvantage;
    expect(lineOf(a, 'retention').quantity).toBeCloseTo(beyond24Gib, 9);
    expect(lineOf(a, 'retention').monthlyUsd).toBeCloseTo(beyond24Gib * 0.023, 9);
    expect(lineOf(a, 'efo-data').monthlyUsd).toBeCloseTo(efoGib * 0.016, 9);
  });

  it('makes replay reads unknown, with the unit price, when the workload does not say', () => {
    const c = costStream({ ...input, longTermReadBytesPerMonth: undefined }, pricing);
    for (const mode of [c.provisioned, c.onDemand, c.onDemandAdvantage]) {
      // Provisioned has a price ($0.021 per GB); the on-demand modes have none (no SKU in the Price List).
      const unitUsd = mode.mode === 'provisioned' ? 0.021 : null;
      const l = lineOf(mode, 'long-term-reads');
      expect(l).toMatchObject({ quantity: null, monthlyUsd: null, unitUsd, unit: 'GB' });
      expect(mode.hasUnknownLines).toBe(true);
      const finding = mode.findings.find((f) => f.code === 'COST_INPUT_UNKNOWN');
      expect(finding).toMatchObject({ severity: 'warning', path: 'streams[0].consumers', args: { mode: mode.mode } });
      expect((finding?.args as { unitUsd?: number }).unitUsd).toBe(unitUsd ?? undefined);
    }
    // the total leaves the unknown line out: $2.10 less than with 100 GiB given
    expect(c.provisioned.monthlyUsd).toBeCloseTo(cost.provisioned.monthlyUsd - 2.1, 9);
  });
});

describe('retention between 24 h and 7 days', () => {
  it('charges extended retention only, by shard-hour (provisioned) and by GB-month (on demand)', () => {
    // 72 h: the window 24 h → 72 h holds 1,000 B/s × 3,600 × 48 = 172,800,000 B = 0.160933... GiB
    const c = costStream(
      base({ kinesisRecordsPerSecAvg: 1, retentionHours: 72, provisionedShards: 2 }),
      pricing,
    );
    expect(lineOf(c.provisioned, 'extended-retention').monthlyUsd).toBeCloseTo(2 * 730 * 0.02, 10); // $29.20
    expect(keys(c.provisioned)).not.toContain('long-term-retention');
    expect(keys(c.provisioned)).not.toContain('long-term-reads');
    expect(lineOf(c.onDemand, 'extended-retention').quantity).toBeCloseTo(172_800_000 / GIB, 12);
    expect(lineOf(c.onDemandAdvantage, 'retention').quantity).toBeCloseTo(172_800_000 / GIB, 12);
  });

  it('warns when replay is asked for but nothing is older than 7 days', () => {
    const c = costStream(base({ retentionHours: 72, longTermReadBytesPerMonth: 5 * GIB }), pricing);
    expect(c.provisioned.findings.map((f) => f.code)).toEqual([
      'LONG_TERM_READS_WITHOUT_LONG_TERM_RETENTION',
    ]);
    expect(c.provisioned.findings[0]?.path).toBe('streams[0].retention');
  });

  it('charges nothing for retention at exactly 24 h', () => {
    const c = costStream(base({ retentionHours: 24 }), pricing);
    expect(keys(c.provisioned)).toEqual(['shard-hours', 'put-payload-units']);
    expect(keys(c.onDemand)).toEqual(['stream-hours', 'data-in']);
  });
});

describe('settings', () => {
  const input = base({ provisionedShards: 3, retentionHours: 720, longTermReadBytesPerMonth: 0 });

  it('scales hourly lines with the month length and leaves GB-month lines alone', () => {
    const m730 = costStream(input, pricing);
    const m744 = costStream({ ...input, monthHours: 744 }, pricing);
    // 3 × 744 = 2,232 shard-hours × $0.015 = $33.48
    expect(lineOf(m744.provisioned, 'shard-hours').monthlyUsd).toBeCloseTo(33.48, 10);
    expect(lineOf(m744.onDemand, 'stream-hours').monthlyUsd).toBeCloseTo(744 * 0.04, 10);
    // traffic volume lines scale by 744/730; stored GB-month does not
    expect(lineOf(m744.onDemand, 'data-in').quantity!).toBeCloseTo(
      (lineOf(m730.onDemand, 'data-in').quantity! * 744) / 730,
      9,
    );
    expect(lineOf(m744.provisioned, 'long-term-retention').quantity).toBe(
      lineOf(m730.provisioned, 'long-term-retention').quantity,
    );
  });

  it('counts GB as 10^9 bytes when asked', () => {
    const gib = costStream(input, pricing);
    const gb = costStream({ ...input, gbBytes: 1e9 }, pricing);
    expect(lineOf(gb.onDemand, 'data-in').quantity!).toBeCloseTo(
      (lineOf(gib.onDemand, 'data-in').quantity! * GIB) / 1e9,
      9,
    );
  });

  it('rejects inputs the planner should never produce', () => {
    expect(() => costStream(base({ provisionedShards: 0 }), pricing)).toThrow(/provisionedShards/);
    expect(() => costStream(base({ provisionedShards: 1.5 }), pricing)).toThrow(/provisionedShards/);
    expect(() => costStream(base({ kinesisRecordsPerSecAvg: -1 }), pricing)).toThrow(
      /kinesisRecordsPerSecAvg/,
    );
    expect(() => costStream(base({ monthHours: 0 }), pricing)).toThrow(/monthHours/);
  });
});
