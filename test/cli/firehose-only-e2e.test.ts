import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { runCli } from '../helpers/cli.js';
/**
 * End to end: a workload of Direct PUT Firehose stages only (examples/firehose-direct-put.yaml) plans, prices,
 * simulates what applies and checks. Run `npm run build` first: these tests spawn bin/kinesis-plan.js.
 */

const EXAMPLE = 'examples/firehose-direct-put.yaml';

describe('a Firehose-only workload', () => {
  it('plans and prices with exit 0: the stage and the total, no stream section', () => {
    const r = runCli(['plan', EXAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('Stream ');
    expect(r.stdout).toContain('\nFirehose events-to-s3\n');
    // $181.70: test/plan/firehose-direct-put.test.ts derives it.
    expect(r.stdout).toContain('\nTotal $181.70 a month today (Firehose $181.70).\n');
    const json = JSON.parse(runCli(['plan', EXAMPLE, '--format', 'json']).stdout) as { streams: unknown[]; totals: { monthlyUsd: number } };
    expect(json.streams).toEqual([]);
    expect(json.totals.monthlyUsd).toBeCloseTo(181.70, 2);
  });

  it('simulate says there is no Kinesis stream to replay, and exits 0', () => {
    const words = 'No Kinesis streams to simulate: the simulator replays traffic through Kinesis shards, and Firehose Direct PUT stages have none.';
    const r = runCli(['simulate', EXAMPLE, '--duration', '60s']);
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n(?=\S)/g, ' ')).toContain(words);
    const md = runCli(['simulate', EXAMPLE, '--duration', '60s', '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`\n${words}\n`);
  });

  it('check: the cost limit is checked; the shard and throttling limits have no stream to check and say so', () => {
    const pass = runCli(['check', EXAMPLE, '--max-monthly-usd', '200', '--max-shards', '4', '--max-throttled-share', '1%']);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toBe(
      [
        `${EXAMPLE} (firehose-direct-put): pass`,
        '  ok   monthly cost $181.70, within the limit of $200.00 (flag)',
        '  skip shards not checked: the workload has no Kinesis streams',
        '  skip throttled share not checked: the workload has no Kinesis streams',
        '',
        'All 1 file(s) pass.',
        // the tool and its prices: one part a line, as one line would be wider than 80 columns
        `kinesis-plan ${VERSION}`,
        'prices: pricing/us-east-1.2026-11-22.json (effective 2026-11-22)',
        '',
      ].join('\n'),
    );
    const fail = runCli(['check', EXAMPLE, '--max-monthly-usd', '150']);
    expect(fail.code).toBe(1);
    // $181.70 − $150.00 = $31.70 over.
    expect(fail.stdout).toContain('  FAIL monthly cost $181.70, over the limit of $150.00 (flag) by $31.70\n');
  });
});
