import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const THROTTLED = 'test/fixtures/check/throttled.yaml';

interface SimJson {
  schemaVersion: number;
  streams: {
    name: string;
    records: { offered: number; accepted: number; throttledAttempts: number; retries: number; dropped: number; pending: number };
    throttledShare: number;
    latencyMs: { p50: number; p95: number; p99: number; max: number };
    perMinute: unknown[];
  }[];
  findShards: { maxThrottledShare: number; streams: { shards: number | null; plannedShards: number }[] } | null;
  findings: { code: string; message: string }[];
}

describe('kinesis-plan simulate', () => {
  it('json: the contract fields, the conservation law, and one entry per simulated minute', () => {
    const r = runCli(['simulate', THROTTLED, '--duration', '5min', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as SimJson;
    expect(report.schemaVersion).toBe(1);
    const s = report.streams[0]!;
    expect(s.records.offered).toBe(s.records.accepted + s.records.dropped + s.records.pending);
    expect(s.perMinute).toHaveLength(5);
    expect(s.throttledShare).toBeGreaterThan(0);
    expect(s.latencyMs.p99).toBeGreaterThanOrEqual(s.latencyMs.p50);
  });

  it('the same seed gives byte-identical JSON; another seed may not', () => {
    const args = ['simulate', THROTTLED, '--duration', '3min', '--format', 'json'];
    expect(runCli([...args, '--seed', '7']).stdout).toBe(runCli([...args, '--seed', '7']).stdout);
  });

  it('worker threads change nothing: the same JSON with one thread and with one per core', () => {
    // 128 shards for an hour: 4 chunks of 32 shards (engine/chunks.ts), 4.6 M shard-steps, enough for the CLI to run
    // them on worker threads when the machine has two cores or more. KINESIS_PLAN_SIM_THREADS=1 keeps them in-process.
    const args = ['simulate', 'test/fixtures/sim/wide-stream.yaml', '--format', 'json'];
    const serial = runCli(args, { env: { KINESIS_PLAN_SIM_THREADS: '1' } });
    const threaded = runCli(args);
    expect(serial.code).toBe(0);
    expect(threaded.stdout).toBe(serial.stdout);
    const s = (JSON.parse(serial.stdout) as SimJson).streams[0]!;
    expect(s.records.offered).toBe(s.records.accepted + s.records.dropped + s.records.pending);
  });

  it('text and markdown reports', () => {
    const text = runCli(['simulate', THROTTLED, '--duration', '3min']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Stream events — provisioned, 2 shards');
    const md = runCli(['simulate', THROTTLED, '--duration', '3min', '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^#/);
  });

  it('more shards throttle less: --shards 8 takes the 3,600 records/s spike without a throttle', () => {
    // 8 shards × 1,000 records/s = 8,000/s > 3 × 1,200/s at the spike
    const r = runCli(['simulate', THROTTLED, '--duration', '5min', '--format', 'json', '--shards', '8']);
    const s = (JSON.parse(r.stdout) as SimJson).streams[0]!;
    expect(s.records.throttledAttempts).toBe(0);
    expect(s.records.accepted).toBe(s.records.offered);
  });

  it('--find-shards gives the smallest count under the budget, and that count passes while one fewer fails', () => {
    const r = runCli(['simulate', THROTTLED, '--duration', '5min', '--format', 'json', '--find-shards']);
    expect(r.code).toBe(0);
    const found = (JSON.parse(r.stdout) as SimJson).findShards!;
    expect(found.maxThrottledShare).toBeCloseTo(0.001, 12);
    const n = found.streams[0]!.shards!;
    expect(found.streams[0]!.plannedShards).toBeGreaterThan(0);
    // The report also says why it differs from the plan's count (SIM_SHARDS_VS_PLAN).
    expect((JSON.parse(r.stdout) as SimJson).findings.map((f) => f.code)).toContain('SIM_SHARDS_VS_PLAN');
    const share = (shards: number) =>
      (JSON.parse(runCli(['simulate', THROTTLED, '--duration', '5min', '--format', 'json', '--shards', String(shards)]).stdout) as SimJson).streams[0]!
        .throttledShare;
    expect(share(n)).toBeLessThanOrEqual(0.001);
    expect(share(n - 1)).toBeGreaterThan(0.001);
  });

  it('--find-shards without a limit is a usage error', () => {
    const r = runCli(['simulate', 'examples/clickstream.yaml', '--duration', '1min', '--find-shards']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kinesis-plan: --find-shards needs a throttling limit: set budget.maxThrottledShare in the workload or pass --max-throttled-share\n',
    );
  });

  it('replays a CloudWatch trace and says how minutes were spread', () => {
    const r = runCli(['simulate', 'examples/clickstream.yaml', '--trace', 'test/fixtures/traces/get-metric-statistics-unordered.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as SimJson & { findings: { code: string }[] };
    expect(report.findings.map((f) => f.code)).toContain('SIM_TRACE_SPREAD_EVENLY');
  });

  it.each([
    ['test/fixtures/traces/bad-timestamp.csv', 'kinesis-plan: test/fixtures/traces/bad-timestamp.csv:3:1: cannot read "yesterday noon" as a time.'],
    ['test/fixtures/traces/nope.json', 'kinesis-plan: test/fixtures/traces/nope.json: no such trace file.'],
  ])('a bad trace %s exits 2 with a located message', (trace, start) => {
    const r = runCli(['simulate', 'examples/clickstream.yaml', '--trace', trace]);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(start)).toBe(true);
  });

  it.each([
    [['--duration', 'forever'], "error: option '--duration <duration>' argument 'forever' is invalid. expected a duration such as 10min or 1h."],
    [['--mode', 'turbo'], "error: option '--mode <mode>' argument 'turbo' is invalid. Allowed choices are provisioned, on-demand."],
  ])('bad flag %j exits 2', (flags, message) => {
    const r = runCli(['simulate', THROTTLED, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
  });
});
