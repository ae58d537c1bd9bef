import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { InputError } from '../../src/errors.js';
import { parseTrace, simulate } from '../../src/sim/index.js';
import { oneStream } from './helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/traces/${name}`, import.meta.url), 'utf8');

function errorOf(name: string): InputError {
  try {
    parseTrace(fixture(name), name);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error(`${name} parsed without error`);
}

describe('parseTrace', () => {
  test('get-metric-statistics: unordered points, Z and +00:00, a missing minute', () => {
    const t = parseTrace(fixture('get-metric-statistics-unordered.json'), 'gms.json');
    expect(t.format).toBe('get-metric-statistics');
    expect(t.startIso).toBe('2026-05-01T12:00:00.000Z');
    expect(t.periodSec).toBe(60);
    expect(t.points).toEqual([
      { offsetSec: 0, records: 60000 },
      { offsetSec: 60, records: 90000 },
      { offsetSec: 120, records: 120000 },
      { offsetSec: 240, records: 30000 },
    ]);
    // 12:00 … 12:04 inclusive, each one minute long.
    expect(t.durationSec).toBe(300);
  });

  test('get-metric-data: descending arrays, records and bytes paired by time', () => {
    const t = parseTrace(fixture('get-metric-data-records-and-bytes.json'), 'gmd.json');
    expect(t.format).toBe('get-metric-data');
    expect(t.points).toEqual([
      { offsetSec: 0, records: 6000, bytes: 6_144_000 },
      { offsetSec: 60, records: 60000, bytes: 61_440_000 },
      { offsetSec: 120, records: 30000, bytes: 30_720_000 },
    ]);
    expect(t.hasBytes && t.hasRecords).toBe(true);
  });

  test('CSV with a header, unsorted rows and an epoch-seconds time', () => {
    // 1777636920 = 2026-05-01T12:02:00Z.
    const t = parseTrace(fixture('incoming-unsorted.csv'), 'trace.csv');
    expect(t.format).toBe('csv');
    expect(t.points.map((p) => [p.offsetSec, p.records, p.bytes])).toEqual([
      [0, 600, 614_400],
      [60, 1200, 1_228_800],
      [120, 1800, 1_843_200],
    ]);
  });

  test('epoch seconds count from 0 (1970-01-01T00:00:00Z)', () => {
    const t = parseTrace(fixture('epoch-seconds-from-zero.csv'), 'epoch.csv');
    expect(t.startIso).toBe('1970-01-01T00:00:00.000Z');
    expect(t.periodSec).toBe(60);
    expect(t.points).toEqual([
      { offsetSec: 0, records: 6000 },
      { offsetSec: 60, records: 6000 },
      { offsetSec: 120, records: 6000 },
    ]);
  });

  test('bounds: a period of at least one second, at most 455 days, and counts a stream can take', () => {
    const message = (text: string) => {
      try {
        parseTrace(text, 't.csv');
      } catch (e) {
        return (e as Error).message;
      }
      return 'parsed';
    };
    expect(message('timestamp,records\n2026-05-01T12:00:00.000Z,1\n2026-05-01T12:00:00.500Z,1\n')).toBe(
      "t.csv:3:1: this point is 500 ms after the one before; a trace's period is at least 1 s, CloudWatch's finest. Hint: give one point per second or per longer period.",
    );
    expect(errorOf('ten-years-apart.csv').message).toMatch(/^ten-years-apart\.csv:4:1: this point is 3652 days after the first; a trace spans at most 455 days/);
    expect(errorOf('count-beyond-any-stream.csv').message).toMatch(/^count-beyond-any-stream\.csv:4:1: 1e\+308 records in one 60 s period: more than the 629,145,600,000 records/);
    expect(message('timestamp,records\n0,1\n1,1\n2000000,1\n')).toMatch(/^t\.csv: the trace has 2,000,001 periods of 1 s from its first point to its last; at most 1,000,000 are replayed/);
  });

  test('located errors', () => {
    expect(errorOf('missing-sum.json').message).toBe(
      'missing-sum.json:4:9 Datapoints[1].Sum: the datapoint has no Sum. Hint: request the Sum statistic: --statistics Sum.',
    );
    const ts = errorOf('bad-timestamp.csv');
    expect([ts.line, ts.col]).toEqual([3, 1]);
    expect(ts.message).toMatch(/^bad-timestamp\.csv:3:1: cannot read "yesterday noon" as a time\./);
    const syntax = errorOf('syntax-error.json');
    expect(syntax.line).toBe(4);
    expect(syntax.message).toMatch(/^syntax-error\.json:4:\d+: not valid JSON/);
    expect(errorOf('mismatched-lengths.json').message).toBe(
      'mismatched-lengths.json:3:135 MetricDataResults[0].Values: has 1 values for 2 timestamps. Hint: Timestamps[i] pairs with Values[i].',
    );
  });

  test('rejects duplicate times, negative values and an empty trace', () => {
    expect(() => parseTrace('timestamp,records\n2026-05-01T12:00:00Z,1\n2026-05-01T12:00:00Z,2\n', 'd.csv')).toThrow(
      /d\.csv:3:1: the same time appears twice/,
    );
    expect(() => parseTrace('2026-05-01T12:00:00Z,-1\n', 'n.csv')).toThrow(/n\.csv:1:22: must not be negative/);
    expect(() => parseTrace('{"Datapoints": []}', 'e.json')).toThrow(/no datapoints/);
  });
});

describe('trace replay', () => {
  test('uniform arrivals replay every record of the trace', () => {
    // 60,000 + 90,000 + 120,000 + 0 + 30,000 = 300,000 Kinesis records over 5 minutes, spread evenly in each minute:
    // 1,000/s, 1,500/s, 2,000/s, 0, 500/s on 4 shards, never above 500/s per shard: nothing throttled.
    const trace = parseTrace(fixture('get-metric-statistics-unordered.json'), 'gms.json');
    const w = oneStream({ records: { size: 100, rate: 1 }, traffic: { arrivals: 'uniform' } });
    const r = simulate(w, planWorkload(w), { seed: 1, durationSec: trace.durationSec, shardsByStream: [4], trace });
    const s = r.streams[0]!;
    expect(s.records.offered).toBe(300_000);
    expect(s.perMinute.map((m) => m.incomingRecords)).toEqual([60000, 90000, 120000, 0, 30000]);
    expect(s.records.throttledAttempts).toBe(0);
    expect(r.findings.map((f) => f.code)).toContain('SIM_TRACE_SPREAD_EVENLY');
  });

  test('a trace with bytes sets the record size per minute', () => {
    // 61,440,000 B / 60,000 records = 1,024 B per record in minute 1.
    const trace = parseTrace(fixture('get-metric-data-records-and-bytes.json'), 'gmd.json');
    const w = oneStream({ records: { size: 100, rate: 1 }, traffic: { arrivals: 'uniform' } });
    const s = simulate(w, planWorkload(w), { seed: 1, durationSec: trace.durationSec, shardsByStream: [2], trace }).streams[0]!;
    expect(s.perMinute[1]!.incomingBytes).toBe(61_440_000);
  });
});
