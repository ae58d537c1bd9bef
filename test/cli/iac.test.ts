import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const F = 'test/fixtures/iac';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kp-iac-'));
});

/*
 * A pull request cuts the clicks stream from 24 shards (base) to 8 (head). The workload needs 23 at peak:
 * (2,000 B + 48 B key) × 9,500/s = 19,456,000 B/s = 18.555 MiB/s, × 1.2 headroom = 22.27 → 23.
 */
describe('check --iac on a pull request that shrinks the stream', () => {
  it('the head fails: exit 1, the error annotated on the shard count line of the Terraform file', () => {
    const r = runCli(['check', `${F}/clicks.yaml`, '--format', 'github', '--iac', `${F}/pr-head/main.tf`]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      '::error file=test/fixtures/iac/pr-head/main.tf,line=6,title=kinesis-plan%3A error IAC_SHARDS_TOO_FEW::' +
        'streams[0]: aws_kinesis_stream.clicks (test/fixtures/iac/pr-head/main.tf:6) declares 8 shards; the workload needs 23 at peak. ' +
        'Raise shard_count (ShardCount) to at least 23.\n',
    );
    expect(r.code).toBe(1);
  });

  it('the base passes, with a warning for the shard above the need', () => {
    const r = runCli(['check', `${F}/clicks.yaml`, '--iac', `${F}/pr-base/main.tf`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('All 1 file(s) pass.');
    // A warning does not fail the check by default (--fail-on error); the plan shows it, and --fail-on warning fails on
    // it. (24 − 23) × $0.015 a shard-hour × 730 h = $10.95.
    const plan = runCli(['plan', `${F}/clicks.yaml`, '--iac', `${F}/pr-base/main.tf`]);
    expect(plan.stdout.replace(/\s+/g, ' ')).toContain('declares 24 shards; the workload needs 23: the 1 extra cost $10.95 a month.');
    const strict = runCli(['check', `${F}/clicks.yaml`, '--iac', `${F}/pr-base/main.tf`, '--fail-on', 'warning', '--format', 'github']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('::error file=test/fixtures/iac/pr-base/main.tf,line=6,title=kinesis-plan%3A warning IAC_SHARDS_OVERPROVISIONED::');
  });

  it('the JSON report carries the findings with their file and line', () => {
    const r = runCli(['check', `${F}/clicks.yaml`, '--format', 'json', '--iac', `${F}/pr-head/main.tf`]);
    const report = JSON.parse(r.stdout) as { pass: boolean; files: { verdict: { findings: { code: string }[] } }[] };
    expect(report.pass).toBe(false);
    expect(report.files[0]!.verdict.findings.filter((f) => f.code.startsWith('IAC_'))).toEqual([
      {
        code: 'IAC_SHARDS_TOO_FEW',
        severity: 'error',
        path: 'streams[0]',
        message:
          'aws_kinesis_stream.clicks (test/fixtures/iac/pr-head/main.tf:6) declares 8 shards; the workload needs 23 at peak. Raise shard_count (ShardCount) to at least 23.',
        args: { resource: 'aws_kinesis_stream.clicks', file: 'test/fixtures/iac/pr-head/main.tf', line: 6, declared: 8, required: 23 },
        isFailing: true,
      },
    ]);
  });
});

describe('plan --iac', () => {
  it('shows declared beside needed, and costs the declared 8 shards', () => {
    const r = runCli(['plan', `${F}/clicks.yaml`, '--iac', `${F}/pr-head/main.tf`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'Infrastructure: declared beside needed',
        // 81 columns on one line: the file and line wrap under the resource at 80
        '  stream clicks ← aws_kinesis_stream.clicks',
        '    (test/fixtures/iac/pr-head/main.tf:6)',
        '    capacity mode    declared provisioned, needed provisioned',
        '    shards           declared 8, needed 23',
        '    retention hours  declared 24, needed 24',
      ].join('\n'),
    );
    const json = runCli(['plan', `${F}/clicks.yaml`, '--format', 'json', '--iac', `${F}/pr-head/main.tf`]);
    const report = JSON.parse(json.stdout) as {
      streams: {
        shards: { planned: number };
        cost: { provisioned: { lines: { key: string; monthlyUsd: number }[] } };
      }[];
    };
    expect(report.streams[0]!.shards.planned).toBe(8);
    // 8 shards × $0.015 × 730 h = $87.60.
    expect(
      report.streams[0]!.cost.provisioned.lines.find((l) => l.key === 'shard-hours')!.monthlyUsd,
    ).toBeCloseTo(87.6, 9);
  });
});

describe('bad infrastructure input: one located message, exit 2', () => {
  it('an iac: reference that names no resource', () => {
    const w = join(dir, 'ref.yaml');
    writeFileSync(
      w,
      'version: 1\nname: clicks\nregion: us-east-1\nstreams:\n  - name: clicks\n    iac: aws_kinesis_stream.click\n    records: { size: 1000, rate: 100/s }\n',
    );
    const r = runCli(['plan', w, '--iac', `${F}/pr-head/main.tf`]);
    expect(r.stderr).toBe(
      `kinesis-plan: ${w}:6 streams[0].iac: no resource "aws_kinesis_stream.click" in test/fixtures/iac/pr-head/main.tf. Hint: resources not yet matched: aws_kinesis_stream.clicks.\n`,
    );
    expect(r.code).toBe(2);
  });

  it('a .tf file that is not valid HCL', () => {
    const tf = join(dir, 'broken.tf');
    writeFileSync(tf, 'resource "aws_kinesis_stream" "clicks" {\n  shard_count = \n}\n');
    const r = runCli(['plan', `${F}/clicks.yaml`, '--iac', tf]);
    expect(r.stderr).toBe(
      `kinesis-plan: ${tf}:2:17: not valid HCL: Invalid expression; Expected the start of an expression, but found an invalid expression token. Hint: check the Terraform syntax here (terraform validate shows it too).\n`,
    );
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.code).toBe(2);
  });

  it('a JSON file that is neither a template nor a plan', () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, '{ "name": "x" }\n');
    const r = runCli(['check', `${F}/clicks.yaml`, '--iac', other]);
    expect(r.stderr).toMatch(new RegExp(`^kinesis-plan: ${other}:1: neither a CloudFormation template`));
    expect(r.code).toBe(2);
  });
});
