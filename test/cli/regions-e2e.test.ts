import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { costFindingMessages } from '../../src/report/findings-cost.js';
import { ROOT, runCli } from '../helpers/cli.js';

/**
 * End to end: a workload in a Region with no prices (eu-west-1) plans, checks, simulates and diffs all the same, with
 * every cost unknown and one warning that says how to get prices; prices of another Region and old prices are named.
 * Run `npm run build` first: these tests spawn bin/kinesis-plan.js.
 */

interface Finding {
  code: string;
  severity: string;
  path: string;
  message: string;
  args: Record<string, unknown>;
}
interface Report {
  pricing?: { region: string; effectiveDate: string; label: string };
  streams: { name: string; shards: { required: number; planned: number }; cost?: unknown }[];
  firehose: { name: string; buffer: unknown; objectsPerHour: number; cost: { monthlyUsd: number | null } }[];
  flink: { name: string; billedKpus: number; cost: { monthlyUsd: number | null } }[];
  totals: { monthlyUsd: number | null; horizon: unknown };
  findings: Finding[];
}

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const DIR = mkdtempSync(join(tmpdir(), 'kp-regions-'));

/** The example with `region: eu-west-1`, where no prices ship. */
function inEuWest1(example: string): string {
  const text = readFileSync(join(ROOT, 'examples', example), 'utf8');
  const moved = /^region: .*$/m.test(text) ? text.replace(/^region: .*$/m, 'region: eu-west-1') : text.replace(/^(name: .*)$/m, '$1\nregion: eu-west-1');
  expect(moved).toMatch(/^region: eu-west-1$/m);
  const file = join(DIR, example);
  writeFileSync(file, moved);
  return file;
}

function planJson(args: string[], env?: Record<string, string>): Report {
  const r = runCli(['plan', ...args, '--format', 'json'], env ? { env } : {});
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

/** The cost model's own findings: they exist only when there are prices (the Advantage minimum, unknown inputs). */
const COST_CODES = new Set(Object.keys(costFindingMessages));
const notAboutCost = (findings: readonly Finding[]) => findings.filter((f) => !COST_CODES.has(f.code)).map((f) => `${f.code} ${f.path}`);

describe('a workload in a Region with no prices', () => {
  it.each(EXAMPLES)('%s in eu-west-1: exit 0, the same shards and findings as in us-east-1, every cost unknown, one warning', (example) => {
    const east = planJson([`examples/${example}`]);
    const west = planJson([inEuWest1(example)]);
    expect(west.pricing).toBeUndefined();
    expect(west.streams.map((s) => [s.name, s.shards])).toEqual(east.streams.map((s) => [s.name, s.shards]));
    expect(west.firehose.map((f) => [f.name, f.buffer, f.objectsPerHour])).toEqual(east.firehose.map((f) => [f.name, f.buffer, f.objectsPerHour]));
    expect(west.flink.map((f) => [f.name, f.billedKpus])).toEqual(east.flink.map((f) => [f.name, f.billedKpus]));
    // Costs: no stream cost block, stage costs and totals null.
    for (const s of west.streams) expect(s.cost).toBeUndefined();
    for (const stage of [...west.firehose, ...west.flink]) expect(stage.cost.monthlyUsd).toBeNull();
    expect(west.totals.monthlyUsd).toBeNull();
    // Findings: the same, less the cost model's (which need prices), plus one warning naming the Region.
    const warning = west.findings.filter((f) => COST_CODES.has(f.code));
    expect(warning).toEqual([
      {
        code: 'PRICES_NOT_FOUND',
        severity: 'warning',
        path: 'region',
        args: { region: 'eu-west-1' },
        message:
          "No prices for eu-west-1: every cost is unknown. Download AWS's current prices with `kinesis-plan pricing fetch eu-west-1`, or convert offer files you downloaded with `kinesis-plan pricing import`; or price with your own file (--pricing FILE).",
      },
    ]);
    expect(notAboutCost(west.findings)).toEqual(notAboutCost(east.findings));
  });

  it('the text report says "no prices for eu-west-1" where the costs would be', () => {
    const r = runCli(['plan', inEuWest1('clickstream.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  Monthly cost: unknown (no prices for eu-west-1)\n');
    expect(r.stdout).toContain('\nTotal unknown: no prices for eu-west-1 (see the warning below).\n');
    expect(r.stdout).toContain('warning region [PRICES_NOT_FOUND]');
    for (const line of r.stdout.split('\n').filter((l) => l.includes('no prices for'))) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('check with a cost budget fails (exit 1) and says why, rather than passing', () => {
    const file = inEuWest1('clickstream.yaml');
    const r = runCli(['check', file, '--max-monthly-usd', '1000']);
    expect(r.code).toBe(1);
    // The text report wraps to the width; the words are one sentence.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      ' FAIL monthly cost cannot be checked against the limit of $1,000.00 (flag): the monthly cost is unknown: no prices for eu-west-1 (get them with `kinesis-plan pricing fetch eu-west-1`, or pass --pricing FILE) ',
    );
    const json = runCli(['check', file, '--max-monthly-usd', '1000', '--format', 'json']);
    expect(json.code).toBe(1);
    const check = (JSON.parse(json.stdout) as { files: { verdict: { checks: Record<string, unknown>[] } }[] }).files[0]!.verdict.checks[0]!;
    expect(check).toMatchObject({ key: 'monthlyUsd', pass: false, limit: 1000 });
    expect(check.unknown).toMatch(/^the monthly cost is unknown: no prices for eu-west-1/);
  });

  it('check on shards and throttling needs no prices: the same verdict as in us-east-1', () => {
    const flags = ['--max-shards', '30', '--max-throttled-share', '1%', '--sim-duration', '60s'];
    const east = runCli(['check', 'examples/clickstream.yaml', ...flags, '--format', 'json']);
    const west = runCli(['check', inEuWest1('clickstream.yaml'), ...flags, '--format', 'json']);
    expect(west.code).toBe(east.code);
    const checks = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as { files: { verdict: { checks: { key: string; value: number; pass: boolean }[] } }[] }).files[0]!.verdict.checks.map((c) => [c.key, c.value, c.pass]);
    expect(checks(west)).toEqual(checks(east));
  });

  it('a baseline increase limit fails too when a cost is unknown', () => {
    const file = inEuWest1('clickstream.yaml');
    const base = join(DIR, 'base.json');
    expect(runCli(['plan', file, '--format', 'json', '--output', base]).code).toBe(0);
    const r = runCli(['check', file, '--compare-to', base, '--max-increase-usd', '10']);
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('FAIL monthly increase cannot be checked against the limit of $10.00 (flag): the monthly cost is unknown: no prices for eu-west-1');
  });

  it('simulate and diff work without prices', () => {
    const file = inEuWest1('clickstream.yaml');
    const sim = runCli(['simulate', file, '--duration', '60s', '--format', 'json']);
    expect(sim.code).toBe(0);
    expect(sim.stderr).toBe('');
    const diff = runCli(['diff', file, file, '--format', 'json']);
    expect(diff.code).toBe(0);
    expect((JSON.parse(diff.stdout) as { totals: { before: unknown; after: unknown } }).totals).toMatchObject({ before: null, after: null });
  });
});

describe('prices of another Region, and old prices', () => {
  it('--pricing with another Region than the workload gives a warning naming both', () => {
    const east2 = readdirSync(join(ROOT, 'pricing')).find((f) => f.startsWith('us-east-2.'))!;
    const r = planJson(['examples/clickstream.yaml', '--pricing', `pricing/${east2}`]);
    expect(r.pricing?.region).toBe('us-east-2');
    expect(r.findings.filter((f) => f.code === 'PRICING_REGION_MISMATCH')).toEqual([
      {
        code: 'PRICING_REGION_MISMATCH',
        severity: 'warning',
        path: 'region',
        args: { workloadRegion: 'us-east-1', pricingRegion: 'us-east-2', label: `pricing/${east2}` },
        message: `The prices (pricing/${east2}) are for us-east-2, but the workload is in us-east-1: the costs are us-east-2's, and prices differ between Regions.`,
      },
    ]);
    expect(planJson(['examples/clickstream.yaml']).findings.map((f) => f.code)).not.toContain('PRICING_REGION_MISMATCH');
  });

  it('a plan says when its prices took effect more than 90 days before today (today from SOURCE_DATE_EPOCH)', () => {
    const epoch = (day: string) => ({ SOURCE_DATE_EPOCH: String(Date.parse(`${day}T00:00:00Z`) / 1000) });
    // 2026-11-22 + 90 days = 2027-02-20: not yet old; a day later it is.
    expect(planJson(['examples/clickstream.yaml'], epoch('2027-02-20')).findings.map((f) => f.code)).not.toContain('PRICES_STALE');
    const old = planJson(['examples/clickstream.yaml'], epoch('2027-02-21'));
    expect(old.findings.filter((f) => f.code === 'PRICES_STALE')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        args: { region: 'us-east-1', effectiveDate: '2026-11-22', today: '2027-02-21', ageDays: 91, label: 'pricing/us-east-1.2026-11-22.json' },
      }),
    ]);
    const list = runCli(['pricing', 'list'], { env: epoch('2027-02-21') });
    expect(list.stdout).toContain('│ 91 days │');
    expect(list.stdout).toContain('Prices over 90 days old may be out of date;');
  });

  it('a SOURCE_DATE_EPOCH that is not a number of seconds is a usage error', () => {
    const r = runCli(['plan', 'examples/clickstream.yaml'], { env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kinesis-plan: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got "yesterday"\n');
  });
});
