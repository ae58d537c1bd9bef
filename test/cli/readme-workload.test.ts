import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/*
 * The README's five-minute path for your own workload: the shortest useful workload it shows (between the
 * minimal-workload markers) is test/fixtures/minimal-workload.yaml, byte for byte, and what the README says of it
 * holds: it plans 3 shards with provisioned the cheapest mode; the spike throttles, so `check` fails on
 * maxThrottledShare; `simulate --find-shards` finds 5 shards; with `capacityMode: provisioned` and `shards: 5` added
 * to the stream, `check` passes.
 */

const FIXTURE = 'test/fixtures/minimal-workload.yaml';
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const block = /<!-- minimal-workload:start -->\n```yaml\n([\s\S]*?)```\n<!-- minimal-workload:end -->/.exec(
  readme,
)?.[1];

const json = <T>(args: string[]): { code: number | null; report: T } => {
  const r = runCli([...args, '--format', 'json']);
  return { code: r.code, report: JSON.parse(r.stdout) as T };
};

describe("the README's shortest useful workload", () => {
  it('is the fixture, byte for byte', () => {
    expect(block).toBeDefined();
    expect(block).toBe(readFileSync(join(ROOT, FIXTURE), 'utf8'));
  });

  it('plans 3 shards, provisioned the cheapest mode, with no error finding', () => {
    const { code, report } = json<{
      streams: { shards: { required: number }; cost: { cheapest: string } }[];
      findings: { severity: string }[];
    }>(['plan', FIXTURE]);
    expect(code).toBe(0);
    expect(report.streams.map((s) => [s.shards.required, s.cost.cheapest])).toEqual([[3, 'provisioned']]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('simulates its spike with throttled writes (exit 0), and --find-shards finds 5 shards', () => {
    const sim = json<{ streams: { throttledShare: number }[] }>(['simulate', FIXTURE]);
    expect(sim.code).toBe(0);
    expect(sim.report.streams[0]!.throttledShare).toBeGreaterThan(0.001);
    const find = json<{ findShards: { streams: { shards: number | null }[] } }>([
      'simulate',
      FIXTURE,
      '--find-shards',
    ]);
    expect(find.report.findShards.streams.map((s) => s.shards)).toEqual([5]);
  });

  it('fails check on maxThrottledShare (exit 1), and passes it at 5 provisioned shards', () => {
    type Check = { files: { verdict: { checks: { key: string; pass: boolean }[] } }[] };
    const failing = json<Check>(['check', FIXTURE]);
    expect(failing.code).toBe(1);
    expect(failing.report.files[0]!.verdict.checks.filter((c) => !c.pass).map((c) => c.key)).toEqual([
      'maxThrottledShare',
    ]);

    const dir = mkdtempSync(join(tmpdir(), 'kp-readme-workload-'));
    const fixed = join(dir, 'my.yaml');
    const text = readFileSync(join(ROOT, FIXTURE), 'utf8');
    expect(text).toContain('  - name: orders\n');
    writeFileSync(
      fixed,
      text.replace('  - name: orders\n', '  - name: orders\n    capacityMode: provisioned\n    shards: 5\n'),
    );
    const passing = json<Check>(['check', fixed]);
    expect(passing.code).toBe(0);
  });
});
