import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const F = 'test/fixtures/check';
let dir: string;
let base: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kp-check-'));
  base = join(dir, 'base.json');
  const r = runCli(['plan', `${F}/within-budget.yaml`, '--format', 'json', '--output', base]);
  expect(r.code).toBe(0);
});

describe('kinesis-plan check', () => {
  it('within budget: exit 0', () => {
    const r = runCli(['check', `${F}/within-budget.yaml`]);
    expect(r.code).toBe(0);
    // 2 shards × 730 h × $0.015 = $21.90; the average 500 records/s × 2,628,000 s = 1.314e9 PUT payload units
    // (1 KiB + 36 B < 25 KiB: one each) × $0.014 per million = $18.396; total $21.90 + $18.396 = $40.296 → $40.30.
    expect(r.stdout).toContain('ok   monthly cost $40.30, within the limit of $500.00 (budget)');
    expect(r.stdout).toContain('ok   stream orders: needs 2 shards, within the limit of 10 (budget)');
  });

  it('over budget in dollars: exit 1, says the limit, the value and by how much', () => {
    const r = runCli(['check', `${F}/over-dollars.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL monthly cost $40.30, over the limit of $20.00 (budget) by $20.30');
  });

  it('over budget in shards: exit 1', () => {
    const r = runCli(['check', `${F}/over-shards.yaml`]);
    expect(r.code).toBe(1);
    // peak 1,000 records/s × (1,024 + 36) B = 1,060,000 B/s ÷ 1,048,576 × 1.2 = 1.21 → 2 shards
    expect(r.stdout).toContain('FAIL stream orders: needs 2 shards, over the limit of 1 (budget) by 1');
  });

  it('over budget in throttled share: the simulator runs, exit 1', () => {
    const r = runCli(['check', `${F}/throttled.yaml`, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { pass: boolean; files: { verdict: { checks: { key: string; value: number; limit: number; pass: boolean }[] } }[] };
    const c = report.files[0]!.verdict.checks.find((x) => x.key === 'maxThrottledShare')!;
    // 2 shards take 2,000 records/s; the 3x spike offers 3,600/s for a minute: well over 0.1 % of attempts throttle.
    expect(c.limit).toBeCloseTo(0.001, 12);
    expect(c.value).toBeGreaterThan(0.1);
    expect(c.pass).toBe(false);
  });

  it('flags win over the budget block', () => {
    const r = runCli(['check', `${F}/over-dollars.yaml`, '--max-monthly-usd', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok   monthly cost $40.30, within the limit of $100.00 (flag)');
  });

  it('an increase over the limit against a baseline: exit 1 with the change per stream and per line', () => {
    const r = runCli(['check', `${F}/grown.yaml`, '--compare-to', base]);
    expect(r.code).toBe(1);
    // 1,000 records/s average: PUT units double ($18.40 → $36.79); peak 2,000/s × 1,060 B ÷ 1 MiB × 1.2 = 2.43 → 3 shards ($21.90 → $32.85)
    expect(r.stdout).toContain('FAIL monthly cost +$29.35 against the baseline, over the limit of $10.00 (budget) by $19.35');
    expect(r.stdout).toContain('FAIL monthly cost +72.8% against the baseline, over the limit of 50% (budget) by 22.8 percentage points');
    expect(r.stdout).toContain('stream orders (changed): shards 2 → 3, $40.30 → $69.64 (+$29.35, +72.8%)');
    expect(r.stdout).toContain('Shard hours: $21.90 → $32.85 (+$10.95, +50%)');
  });

  it('several files at once give one combined summary, and fail when one fails', () => {
    const r = runCli(['check', `${F}/within-budget.yaml`, `${F}/over-shards.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${F}/within-budget.yaml (orders): pass`);
    expect(r.stdout).toContain(`${F}/over-shards.yaml (orders): FAIL`);
    expect(r.stdout).toContain('1 of 2 file(s) over budget.');
  });

  it('markdown: a pull-request comment, summary table first', async () => {
    const r = runCli(['check', `${F}/within-budget.yaml`, `${F}/over-shards.yaml`, '--format', 'markdown']);
    expect(r.code).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/check.md');
  });

  it('github: annotations on the failing line, and a job summary', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const r = runCli(['check', `${F}/over-dollars.yaml`, `${F}/over-shards.yaml`, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/check-github.txt');
    // budget.monthlyUsd is on line 15 of over-dollars.yaml (budget: on 14); streams[0] starts on line 5
    expect(r.stdout).toContain(`::error file=${F}/over-dollars.yaml,line=15,`);
    expect(r.stdout).toContain(`::error file=${F}/over-shards.yaml,line=5,`);
    expect(readFileSync(summary, 'utf8')).toContain('## kinesis-plan budget check: ❌ fail');
  });

  it('json output', () => {
    const r = runCli(['check', `${F}/within-budget.yaml`, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { schemaVersion: number; pass: boolean; files: unknown[] };
    expect(report).toMatchObject({ schemaVersion: 1, pass: true });
    expect(report.files).toHaveLength(1);
  });

  it('a malformed baseline: exit 2 with a located message', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 2, "streams": []}\n');
    const r = runCli(['check', `${F}/grown.yaml`, '--compare-to', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kinesis-plan: ${bad}:1:19 schemaVersion: must be 1, got 2. Hint: a baseline is the JSON report of \`kinesis-plan plan\` (schemaVersion: 1); save one with \`kinesis-plan plan WORKLOAD --format json --output base.json\`.\n`,
    );
  });

  it.each([
    [['--max-shards', 'many'], "error: option '--max-shards <n>' argument 'many' is invalid. expected a whole number ≥ 1."],
    [['--max-monthly-usd', '-5'], "error: option '--max-monthly-usd <usd>' argument '-5' is invalid. expected a number ≥ 0."],
    [['--max-increase-percent', 'ten'], "error: option '--max-increase-percent <percent>' argument 'ten' is invalid. expected a percentage such as 10 or 10%."],
    [['--format', 'html'], "error: option '-f, --format <format>' argument 'html' is invalid. Allowed choices are text, json, markdown, github."],
  ])('bad flag %j: exit 2', (flags, message) => {
    const r = runCli(['check', `${F}/within-budget.yaml`, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
  });
});

describe('kinesis-plan diff', () => {
  it('between a saved report and a workload', () => {
    const r = runCli(['diff', base, `${F}/grown.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('total: $40.30 → $69.64 (+$29.35, +72.8%)');
  });
  it('between two workloads, in markdown', async () => {
    const r = runCli(['diff', `${F}/within-budget.yaml`, `${F}/grown.yaml`, '--format', 'markdown']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/diff.md');
  });
});
