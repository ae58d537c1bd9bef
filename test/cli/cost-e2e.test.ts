import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/**
 * End to end: how `--month-hours`, `--pricing` and `--region` change the costs the built CLI prints. Every expected
 * figure is derived here from the 730-hour report or the pricing file, not copied from the tool's output.
 * Run `npm run build` first: these tests spawn bin/kinesis-plan.js.
 */

interface Line {
  key: string;
  unit: string;
  quantity: number | null;
  unitUsd: number | null;
  monthlyUsd: number | null;
  scope?: 'stream' | 'account';
}
interface ModeCost {
  monthlyUsd: number;
  lines: Line[];
  commitmentMonthlyUsd?: number;
  standaloneMonthlyUsd?: number;
}
interface Report {
  settings: { monthHours: number };
  pricing: { region: string; effectiveDate: string; label: string };
  streams: {
    shards: { planned: number };
    cost: {
      provisioned: ModeCost;
      onDemand: ModeCost;
      onDemandAdvantage: ModeCost;
      cheapest: string;
      planned: { mode: string; monthlyUsd: number };
    };
  }[];
  firehose: { cost: { monthlyUsd: number | null; lines: Line[] } }[];
  flink: { cost: { monthlyUsd: number | null; lines: Line[] } }[];
  totals: {
    monthlyUsd: number | null;
    streamsMonthlyUsd: number | null;
    firehoseMonthlyUsd: number | null;
    flinkMonthlyUsd: number | null;
    advantageCommitmentTopUpUsd: number;
    hasUnknownLines: boolean;
  };
}

const MODES = ['provisioned', 'onDemand', 'onDemandAdvantage'] as const;
const SHIPPED_US_EAST_1 = join(
  ROOT,
  'pricing',
  readdirSync(join(ROOT, 'pricing')).find((f) => /^us-east-1\.\d{4}-\d{2}-\d{2}\.json$/.test(f))!,
);

function planJson(args: string[]): Report {
  const r = runCli(['plan', ...args, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** |a − b| within 1e-12 of b: the figures are products of the same doubles, so only the last bits may differ. */
function expectRelClose(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);
}

/**
 * How a line responds to the hours in a month:
 * - billed per hour (shard-hour, consumer-shard-hour, stream-hour, KPU-hour, AZ-hour): quantity = count × hours;
 * - GB-month (retention, Flink storage and backups): a steady stored volume, whatever the month's length;
 * - reads of data older than 7 days: the workload's `replayPerMonth`, a volume per month as declared;
 * - every other volume (GB ingested or read, PUT payload units, the Advantage minimum of 25 MiB/s): rate × 3,600 × hours.
 */
function hoursFactor(l: Line, ratio: number): number {
  if (/hour$/.test(l.unit)) return ratio;
  if (l.unit === 'GB-month') return 1;
  if (l.key === 'long-term-reads') return 1;
  return ratio;
}

describe('--month-hours', () => {
  const RATIO = 744 / 730;

  it('scales the hourly and per-volume lines by 744/730 and leaves the GB-month lines alone (app-logs: 30-day retention, replays)', () => {
    const base = planJson(['examples/app-logs.yaml']);
    const long = planJson(['examples/app-logs.yaml', '--month-hours', '744']);
    expect(base.settings.monthHours).toBe(730);
    expect(long.settings.monthHours).toBe(744);
    expect(long.streams[0]!.shards.planned).toBe(base.streams[0]!.shards.planned);
    const seen = new Set<string>();
    for (const mode of MODES) {
      const a = base.streams[0]!.cost[mode].lines;
      const b = long.streams[0]!.cost[mode].lines;
      expect(b.map((l) => l.key)).toEqual(a.map((l) => l.key));
      a.forEach((l, j) => {
        const f = hoursFactor(l, RATIO);
        seen.add(`${l.unit}:${f === 1 ? 'fixed' : 'scaled'}`);
        expectRelClose(b[j]!.quantity, l.quantity! * f);
        expect(b[j]!.unitUsd).toBe(l.unitUsd);
        // The on-demand reads of data older than 7 days have no price (no SKU in the Price List): unknown both times.
        if (l.unitUsd === null) expect([l.monthlyUsd, b[j]!.monthlyUsd]).toEqual([null, null]);
        else expectRelClose(b[j]!.monthlyUsd, l.monthlyUsd! * f);
      });
    }
    // The workload exercises every kind of line: per hour, per GB-month, per GB of traffic, and the declared replays.
    expect([...seen].sort()).toEqual(
      [
        'GB-month:fixed',
        'GB:fixed',
        'GB:scaled',
        'consumer-shard-hour:scaled',
        'million PUT payload units:scaled',
        'shard-hour:scaled',
        'stream-hour:scaled',
      ].sort(),
    );
    // app-logs is planned provisioned: its total is the provisioned lines, each scaled by its own factor.
    const expected = base.streams[0]!.cost.provisioned.lines.reduce((s, l) => s + l.monthlyUsd! * hoursFactor(l, RATIO), 0);
    expectRelClose(long.totals.monthlyUsd, expected);
  });

  it('pins the hour-billed quantities and the Advantage minimum by hand', () => {
    const long = planJson(['examples/app-logs.yaml', '--month-hours', '744']);
    const base = planJson(['examples/app-logs.yaml']);
    const shards = base.streams[0]!.shards.planned;
    const p = long.streams[0]!.cost.provisioned.lines;
    // Shard hours: every planned shard, all 744 hours; two EFO consumers pay a consumer-shard-hour each per shard-hour.
    expect(p.find((l) => l.key === 'shard-hours')!.quantity).toBe(shards * 744);
    expect(p.find((l) => l.key === 'efo-consumer-shard-hours')!.quantity).toBe(2 * shards * 744);
    expect(long.streams[0]!.cost.onDemand.lines.find((l) => l.key === 'stream-hours')!.quantity).toBe(744);
    // Advantage minimum: 25 MiB/s × 3,600 s × 744 h = 26,214,400 × 2,678,400 B = 65,390.625 GiB (730 h: 64,160.15625).
    const commitment = long.streams[0]!.cost.onDemandAdvantage.lines.find((l) => l.key === 'commitment-data-in')!;
    expect(commitment.quantity).toBe(65_390.625);
    expect(commitment.scope).toBe('account');
    expect(base.streams[0]!.cost.onDemandAdvantage.lines.find((l) => l.key === 'commitment-data-in')!.quantity).toBe(
      64_160.15625,
    );
  });

  it('scales Flink KPU-hours and Firehose GB, not Flink storage (clickstream-pipeline)', () => {
    const base = planJson(['examples/clickstream-pipeline.yaml']);
    const long = planJson(['examples/clickstream-pipeline.yaml', '--month-hours', '744']);
    const stages = [...base.firehose, ...base.flink];
    const longStages = [...long.firehose, ...long.flink];
    expect(stages.length).toBe(2);
    stages.forEach((stage, i) => {
      stage.cost.lines.forEach((l, j) => {
        const b = longStages[i]!.cost.lines[j]!;
        expect(b.key).toBe(l.key);
        expectRelClose(b.monthlyUsd, l.monthlyUsd! * hoursFactor(l, RATIO));
      });
    });
    // Flink, sized for today's peak: (5 KPUs + 1 orchestration) × 744 h = 4,464 KPU-hours; 5 × 50 GB = 250 GB-month of
    // storage, unchanged.
    const flink = long.flink[0]!.cost.lines;
    expect(flink.find((l) => l.key === 'flink-kpu-hours')!.quantity).toBe(4_464);
    expect(flink.find((l) => l.key === 'flink-running-storage')!.quantity).toBe(250);
    // The whole workload: every stage line and the planned stream's lines, each with its own factor.
    expect(base.streams[0]!.cost.planned.mode).toBe('provisioned');
    const expected = [...base.streams[0]!.cost.provisioned.lines, ...stages.flatMap((s) => s.cost.lines)].reduce(
      (s, l) => s + l.monthlyUsd! * hoursFactor(l, RATIO),
      0,
    );
    expectRelClose(long.totals.monthlyUsd, expected);
  });

  it('rejects a month of zero hours as a usage error (exit 2)', () => {
    const r = runCli(['plan', 'examples/clickstream.yaml', '--month-hours', '0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("option '--month-hours <hours>' argument '0' is invalid. expected a positive number.");
  });
});

describe('--pricing FILE (negotiated rates)', () => {
  const shipped = JSON.parse(readFileSync(SHIPPED_US_EAST_1, 'utf8')) as {
    kinesis: { provisioned: { shardHour: { usd: number } } };
  };

  function withShardHourUsd(usd: number): string {
    const copy = structuredClone(shipped);
    copy.kinesis.provisioned.shardHour.usd = usd;
    const file = join(mkdtempSync(join(tmpdir(), 'kp-pricing-')), 'negotiated.json');
    writeFileSync(file, `${JSON.stringify(copy, null, 2)}\n`);
    return file;
  }

  it('a shard-hour at $0.020 instead of $0.015 raises the shard-hours line and the total by shards × 730 × $0.005', () => {
    expect(shipped.kinesis.provisioned.shardHour.usd).toBe(0.015);
    const file = withShardHourUsd(0.02);
    const base = planJson(['examples/clickstream.yaml']);
    const own = planJson(['examples/clickstream.yaml', '--pricing', file]);
    expect(own.pricing.label).toBe(file);
    // clickstream: 23 shards (docs/planning.md, "How shards are planned"): 23 × 730 = 16,790 shard-hours.
    const shards = own.streams[0]!.shards.planned;
    expect(shards).toBe(23);
    const line = own.streams[0]!.cost.provisioned.lines.find((l) => l.key === 'shard-hours')!;
    expect(line.quantity).toBe(16_790);
    expect(line.unitUsd).toBe(0.02);
    expectRelClose(line.monthlyUsd, 16_790 * 0.02); // $335.80
    // Every other line, including EFO consumer-shard-hours (its own price), is unchanged.
    for (const mode of MODES) {
      const a = base.streams[0]!.cost[mode].lines.filter((l) => l.key !== 'shard-hours' || mode !== 'provisioned');
      const b = own.streams[0]!.cost[mode].lines.filter((l) => l.key !== 'shard-hours' || mode !== 'provisioned');
      expect(b).toEqual(a);
    }
    // Provisioned: $813.00 + 16,790 × $0.005 = $813.00 + $83.95 = $896.95, still below On-demand Advantage's
    // $3,079.69 account minimum, so it stays planned and the total rises by the same $83.95.
    const delta = 16_790 * (0.02 - 0.015);
    expectRelClose(own.streams[0]!.cost.provisioned.monthlyUsd, base.streams[0]!.cost.provisioned.monthlyUsd + delta);
    expect(own.streams[0]!.cost.planned.mode).toBe('provisioned');
    expectRelClose(own.totals.monthlyUsd, base.totals.monthlyUsd! + delta);
  });

  it('at $0.20 a shard-hour provisioned loses to Advantage, and the total is the account minimum (stream + top-up)', () => {
    const own = planJson(['examples/clickstream.yaml', '--pricing', withShardHourUsd(0.2)]);
    const c = own.streams[0]!.cost;
    // Provisioned: 16,790 × $0.20 = $3,358.00 + PUT $110.38 + EFO $251.85 + $198.92 = $3,919.15 > $3,210.87 (Standard)
    // > $3,079.69 (Advantage at its minimum: 64,160.15625 GB × ($0.032 + $0.016)).
    expect(c.provisioned.monthlyUsd).toBeGreaterThan(c.onDemand.monthlyUsd);
    expectRelClose(c.onDemandAdvantage.commitmentMonthlyUsd!, 64_160.15625 * (0.032 + 0.016));
    expect(c.cheapest).toBe('on-demand-advantage');
    expect(c.planned.mode).toBe('on-demand-advantage');
    // The stream's own Advantage usage is below the minimum: the top-up is added once, so the total is the minimum.
    const usage = c.onDemandAdvantage.monthlyUsd;
    const commitment = c.onDemandAdvantage.commitmentMonthlyUsd!;
    expect(usage).toBeLessThan(commitment);
    expectRelClose(own.totals.advantageCommitmentTopUpUsd, commitment - usage);
    expectRelClose(own.totals.monthlyUsd, commitment);
  });
});

describe('--region', () => {
  const regions = readdirSync(join(ROOT, 'pricing'))
    .map((f) => /^([a-z]{2}-[a-z]+-\d)\.\d{4}-\d{2}-\d{2}\.json$/.exec(f)?.[1])
    .filter((r): r is string => r !== undefined)
    .sort();

  it('a Region with no pricing file plans without prices: exit 0, every cost unknown, one warning naming the Region', () => {
    expect(regions).toEqual(['us-east-1', 'us-east-2']);
    const r = runCli(['plan', 'examples/clickstream.yaml', '--region', 'eu-west-1', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report & { findings: { code: string; args: Record<string, unknown> }[] };
    expect(report.pricing).toBeUndefined();
    expect(report.totals.monthlyUsd).toBeNull();
    expect(report.findings.filter((f) => f.code === 'PRICES_NOT_FOUND')).toEqual([expect.objectContaining({ args: { region: 'eu-west-1' } })]);
  });

  it('--region us-east-2 prices with the us-east-2 file; its Kinesis prices equal us-east-1, so the stream costs do too', () => {
    const east1 = planJson(['examples/clickstream.yaml']);
    const east2 = planJson(['examples/clickstream.yaml', '--region', 'us-east-2']);
    expect(east2.pricing.region).toBe('us-east-2');
    expect(east2.pricing.label).toMatch(/^pricing\/us-east-2\.\d{4}-\d{2}-\d{2}\.json$/);
    expect(east2.streams[0]!.cost.provisioned).toEqual(east1.streams[0]!.cost.provisioned);
  });

  it('us-east-2 prices Firehose as us-east-1 does but has no Flink prices: those lines are unknown, and left out of the total', () => {
    const east1 = planJson(['examples/clickstream-pipeline.yaml']);
    const r = planJson(['examples/clickstream-pipeline.yaml', '--region', 'us-east-2']);
    expect(r.firehose[0]!.cost).toEqual(east1.firehose[0]!.cost);
    expect(r.flink[0]!.cost.lines.every((l) => l.unitUsd === null && l.monthlyUsd === null)).toBe(true);
    // Unknown stage costs are left out of the totals and flagged, as unknown stream lines are.
    expect(r.totals.flinkMonthlyUsd).toBe(0);
    expect(r.totals.hasUnknownLines).toBe(true);
    expectRelClose(r.totals.monthlyUsd, r.totals.streamsMonthlyUsd! + r.totals.firehoseMonthlyUsd!);
  });
});
