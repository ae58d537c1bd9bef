import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

// Every command and flag combination that prints JSON, run as a user runs it, validated against the schema the package
// publishes (schema/*.v1.json, as committed), and free of NaN, Infinity and negative zero.

const schema = (name: string): object => JSON.parse(readFileSync(join(ROOT, 'schema', name), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const validate = {
  plan: ajv.compile(schema('plan-report.v1.json')),
  simulate: ajv.compile(schema('simulate-report.v1.json')),
  check: ajv.compile(schema('check-report.v1.json')),
};

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).sort();
const tmp = mkdtempSync(join(tmpdir(), 'kp-json-'));
const baseline = join(tmp, 'base.json');
writeFileSync(baseline, runCli(['plan', 'test/fixtures/check/within-budget.yaml', '--format', 'json']).stdout);

const CASES: [keyof typeof validate, string[]][] = [
  ...EXAMPLES.map((e): [keyof typeof validate, string[]] => ['plan', ['plan', `examples/${e}`, '--format', 'json']]),
  ['plan', ['plan', 'examples/clickstream.yaml', '--format', 'json', '--region', 'us-east-2']],
  ['plan', ['plan', 'examples/clickstream-pipeline.yaml', '--format', 'json', '--month-hours', '744']],
  ['plan', ['plan', 'examples/clickstream.yaml', '--format', 'json', '--pricing', 'pricing/us-east-1.2026-11-22.json']],
  ['simulate', ['simulate', 'examples/clickstream-pipeline.yaml', '--format', 'json', '--duration', '2min']],
  ['simulate', ['simulate', 'examples/clickstream.yaml', '--format', 'json', '--duration', '2min', '--find-shards', '--max-throttled-share', '1%']],
  ['simulate', ['simulate', 'examples/hot-key.yaml', '--format', 'json', '--duration', '1min', '--find-shards', '--max-throttled-share', '0.1%']],
  ['simulate', ['simulate', 'test/fixtures/check/throttled.yaml', '--format', 'json', '--duration', '2min', '--find-shards']],
  ['simulate', ['simulate', 'examples/iot-telemetry.yaml', '--format', 'json', '--duration', '2min', '--mode', 'on-demand']],
  ['simulate', ['simulate', 'examples/clickstream.yaml', '--format', 'json', '--duration', '1min', '--shards', '3', '--client', 'put-record-sdk']],
  ['simulate', ['simulate', 'examples/clickstream.yaml', '--format', 'json', '--trace', 'test/fixtures/traces/get-metric-data-records-and-bytes.json']],
  ['check', ['check', 'test/fixtures/check/within-budget.yaml', '--format', 'json']],
  ['check', ['check', 'test/fixtures/check/over-dollars.yaml', 'test/fixtures/check/over-shards.yaml', '--format', 'json']],
  ['check', ['check', 'test/fixtures/check/throttled.yaml', '--format', 'json', '--sim-duration', '2min']],
  ['check', ['check', 'test/fixtures/check/grown.yaml', '--format', 'json', '--compare-to', baseline, '--max-increase-percent', '10']],
];

/** Every number in a parsed report, with its path. */
function numbers(value: unknown, path = '$'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

describe('every JSON a command prints keeps its published contract', () => {
  it.each(CASES)('%s: %j', (kind, args) => {
    const r = runCli(args);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    // JSON.parse turns NaN and Infinity into syntax errors; a report that printed "null" for a number fails the schema.
    const report = JSON.parse(r.stdout) as unknown;
    const ok = validate[kind](report);
    expect(ok ? [] : validate[kind].errors).toEqual([]);
    for (const [path, n] of numbers(report)) expect(Number.isFinite(n), path).toBe(true);
  });
});
