import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ANSI_ESCAPE = new RegExp(String.fromCharCode(27) + '\\[');
import { ROOT, runCli } from '../helpers/cli.js';

const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));

describe('examples plan in every format', () => {
  it('has at least four examples', () => expect(examples.length).toBeGreaterThanOrEqual(4));
  for (const example of examples) {
    it(`${example}: text, json, markdown`, () => {
      const file = `examples/${example}`;
      const json = runCli(['plan', file, '--format', 'json']);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as {
        schemaVersion: number;
        streams: { name: string; shards: { required: number; binding: string; byLimit: Record<string, number> }; readCallsPerShardPerSecond: number }[];
        firehose: { name: string }[];
        findings: { code: string; severity: string; path: string; message: string }[];
      };

      const text = runCli([file]);
      expect(text.stderr).toBe('');
      expect(text.code).toBe(0);
      // Every stream has its shards; a workload of Direct PUT Firehose stages has no stream, and its stages instead.
      if (report.streams.length > 0) expect(text.stdout).toContain('shards needed at peak');
      else expect(text.stdout).toContain(`\nFirehose ${report.firehose[0]!.name}\n`);
      expect(text.stdout).not.toMatch(ANSI_ESCAPE);

      expect(report.schemaVersion).toBe(1);
      for (const s of report.streams) {
        expect(Number.isInteger(s.shards.required)).toBe(true);
        expect(['writeBytes', 'writeRecords', 'readBytes', 'consumer']).toContain(s.shards.binding);
        expect(Object.keys(s.shards.byLimit).sort()).toEqual(['readBytes', 'writeBytes', 'writeRecords']);
        expect(typeof s.readCallsPerShardPerSecond).toBe('number');
      }
      for (const f of report.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['code', 'severity', 'path', 'message']));

      const md = runCli(['plan', file, '--format', 'markdown']);
      expect(md.code).toBe(0);
      expect(md.stdout.startsWith('## kinesis-plan: ')).toBe(true);
      expect(md.stdout).toContain('| stream | shards |');
    });
  }

  it('the same workload gives byte-identical JSON', () => {
    const a = runCli(['plan', 'examples/clickstream.yaml', '--format', 'json']).stdout;
    const b = runCli(['plan', 'examples/clickstream.yaml', '--format', 'json']).stdout;
    expect(a).toBe(b);
  });

  it('--output writes the report atomically and prints nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kp-'));
    const out = join(dir, 'plan.json');
    const r = runCli(['plan', 'examples/clickstream.yaml', '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`kinesis-plan: wrote ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(runCli(['plan', 'examples/clickstream.yaml', '--format', 'json']).stdout);
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });

  it('FORCE_COLOR colours the terminal report', () => {
    const r = runCli(['examples/clickstream.yaml'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(r.stdout).toMatch(ANSI_ESCAPE);
  });
});

describe('schema and help', () => {
  it('schema prints the workload JSON Schema', () => {
    const r = runCli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'name', 'region', 'streams', 'budget']));
    // streams may be left out: a workload of Direct PUT Firehose stages has none (the schema checks one of the two).
    expect(schema.required).toEqual(['version', 'name']);
  });
  it('schema output is pinned: a change to the workload format shows up in review', async () => {
    await expect(runCli(['schema']).stdout).toMatchFileSnapshot('__snapshots__/workload.schema.json');
  });
  it('--help', async () => {
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/help.txt');
  });
  it('plan --help', async () => {
    const r = runCli(['plan', '--help']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/plan-help.txt');
  });
});
