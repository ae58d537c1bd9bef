import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/*
 * examples/cloudwatch/orders.csv: two days of 5-minute sums, 1,000 records/s outside 08:00–20:00 UTC and 3,000
 * records/s inside, 600-byte records; 3,000 records throttled in the 5-minute period at 20:00 on the first day, and
 * an iterator age of 42 s there. Prices: pricing/us-east-1.2026-11-22.json (shard-hour $0.015, $0.014 per million
 * PUT payload units).
 */
const EXAMPLE = 'examples/cloudwatch/orders.csv';

describe('kinesis-plan rightsize', () => {
  it('reports the observed traffic and prices every option against today', () => {
    const r = runCli(['rightsize', EXAMPLE, '--shards', '10', '--stream', 'orders']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    // 2 × 288 periods; 36,000,000 × 600 B… average 600 B
    expect(out).toContain('576 5-minute periods over 2 days; average record 600 B.');
    // 287 periods at 1,000/s, one at (300,000 + 3,000) ÷ 300 = 1,010/s, 288 at 3,000/s: the 288th smallest is 1,010
    expect(out).toContain('Records per 5-minute period: p50 1,010/s, p95 3,000/s, p99 3,000/s, max');
    // that period used 1,010 ÷ 10,000 = 10.1 % of 10 shards' records: a burst of at least 1 ÷ 0.101 = 9.9×
    expect(out).toContain('used only 10.1% of capacity on average, so traffic inside it peaked at 9.9×');
    expect(out).toContain('Iterator age (polling consumers) at most 42 s.');
    // 3,000 × 1.2 ÷ 1,000 = 3.6 → 4; hours 8–19 need 4, the rest 1,000 × 1.2 ÷ 1,000 = 1.2 → 2
    expect(out).toContain('Provisioned: 4 shards for the observed 5-minute period peak with 20%');
    expect(out).toContain('Scaling schedule (UTC hours 0–23): 2 2 2 2 2 2 2 2 4 4 4 4 4 4 4 4 4 4 4 4 2');
    // PUT units: 345,600,000 records in 2 days × (730 h ÷ 48 h) = 5,256,000,000 × $0.014 per million = $73.584
    // today: 10 × 730 × $0.015 = $109.50 + $73.584 = $183.08
    expect(out).toContain('Today (provisioned, 10 shards): $183.08 a month.');
    // fixed: 4 × 730 × $0.015 = $43.80 + $73.584 = $117.38, saving $65.70
    expect(out).toContain('provisioned, fixed (4 shards): $117.38 a month, saves $65.70');
    // scheduled: 72 shard-hours a day = 3 shards × 730 × $0.015 = $32.85 + $73.584 = $106.43, saving $76.65
    expect(out).toContain('* provisioned, scheduled (4 shards at most): $106.43 a month, saves $76.65');
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('writes a workload that plans to the same shards (round trip), and JSON with the same figures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rightsize-'));
    const workload = join(dir, 'orders.yaml');
    const r = runCli([
      'rightsize',
      EXAMPLE,
      '--shards',
      '10',
      '--stream',
      'orders',
      '--format',
      'json',
      '--write-workload',
      workload,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`kinesis-plan: wrote ${workload}\n`);
    const report = JSON.parse(r.stdout) as {
      schemaVersion: number;
      recommendation: { provisionedShards: number };
    };
    expect(report.schemaVersion).toBe(1);
    expect(report.recommendation.provisionedShards).toBe(4);
    expect(readFileSync(workload, 'utf8')).toContain('version: 1');
    const plan = runCli(['plan', workload, '--format', 'json']);
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.stdout) as { streams: { shards: { required: number } }[] };
    expect(planned.streams[0]!.shards.required).toBe(4);
    const again = runCli(['rightsize', EXAMPLE, '--shards', '10', '--stream', 'orders', '--format', 'json']);
    expect(again.stdout).toBe(r.stdout);
  });

  it('Markdown: one section per part, the same figures, table bars escaped', () => {
    const r = runCli(['rightsize', EXAMPLE, '--shards', '10', '--stream', 'orders', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('### Observed: stream orders\n\n- 576 5-minute periods over 2 days; average record 600 B.\n')).toBe(true);
    expect(r.stdout).toContain('- Today (provisioned, 10 shards): $183.08 a month.');
    expect(r.stdout).toContain('Daily shape (UTC hours 0–23):  \\|');
  });

  it('a bad value: one located message, exit 2', () => {
    const r = runCli(['rightsize', 'test/fixtures/rightsize/bad-value.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'kinesis-plan: test/fixtures/rightsize/bad-value.csv:3:22: cannot read "lots" as a number of IncomingRecords. Hint: each metric column holds the Sum of the period (Maximum for the age metrics).\n',
    );
  });

  it('exports without IncomingBytes: exit 2', () => {
    const r = runCli(['rightsize', 'test/fixtures/traces/get-metric-statistics-unordered.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kinesis-plan: .*rightsize needs both IncomingRecords and IncomingBytes/);
  });
});
