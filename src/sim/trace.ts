import { InputError } from '../errors.js';
import {
  CLOUDWATCH_MAX_HISTORY_SEC,
  CLOUDWATCH_MIN_PERIOD_SEC,
  MAX_SHARDS_PER_STREAM,
  MAX_STREAM_RECORDS_PER_SEC,
  MAX_STREAM_WRITE_BYTES_PER_SEC,
} from '../limits.js';
import { jsonSyntaxError, jsonValueOffset, lineColAt } from '../workload/json-text.js';
import { parseFieldPath } from '../workload/locate.js';

/**
 * Trace replay: per-period write counts users already have, parsed from the JSON printed by
 * `aws cloudwatch get-metric-statistics` and `aws cloudwatch get-metric-data` (IncomingRecords / IncomingBytes, Sum),
 * or from a CSV of `timestamp,records[,bytes]` (throttling-model.md §5.2).
 */

export type TraceFormat = 'get-metric-statistics' | 'get-metric-data' | 'csv';

/** One period of the trace; at least one of records and bytes is known for the trace as a whole. */
export interface TracePoint {
  /** Seconds from the first point. */
  offsetSec: number;
  records?: number;
  bytes?: number;
}

/** A parsed trace, points sorted by time, one per period (periods without a datapoint carry no traffic). */
export interface Trace {
  fileName: string;
  format: TraceFormat;
  /** Time of the first point, as an ISO-8601 UTC string. */
  startIso: string;
  periodSec: number;
  points: TracePoint[];
  hasRecords: boolean;
  hasBytes: boolean;
  /** From the first point to the end of the last period. */
  durationSec: number;
}

interface RawPoint {
  epochMs: number;
  records?: number;
  bytes?: number;
  where: { path?: string; line?: number; col?: number };
}

/** A trace spans at most CloudWatch's longest history (limits.ts), which is also the longest simulation. */
const MAX_TRACE_SPAN_SEC = CLOUDWATCH_MAX_HISTORY_SEC;
/**
 * Periods a trace replays, gaps included: a million (11.6 days of one-second points). No CloudWatch export has more
 * than about 21,600 (one-minute data is kept for 15 days), so this leaves room for traces from other tools.
 */
export const MAX_TRACE_PERIODS = 1_000_000;

function formatDays(ms: number): string {
  const days = ms / 86_400_000;
  return days >= 1 ? `${Number(days.toFixed(1))} days` : `${Number((ms / 1000).toFixed(3))} s`;
}

/** A period's records and bytes: at most what the largest stream takes in that time. */
function checkPeriodVolume(fileName: string, p: RawPoint, periodSec: number): void {
  const over = (kind: 'records' | 'bytes', value: number | undefined, maxPerSec: number) => {
    const max = maxPerSec * periodSec;
    if (value === undefined || value <= max) return;
    fail(
      fileName,
      p.where,
      `${value} ${kind} in one ${periodSec} s period: more than the ${max.toLocaleString('en-US')} ${kind} a stream of ${MAX_SHARDS_PER_STREAM.toLocaleString('en-US')} shards takes in that time`,
      'check the unit of the column: counts per period, not per second or in thousands',
    );
  };
  over('records', p.records, MAX_STREAM_RECORDS_PER_SEC);
  over('bytes', p.bytes, MAX_STREAM_WRITE_BYTES_PER_SEC);
}

const TS_HINT = 'an ISO-8601 time such as 2026-05-01T12:00:00Z or 2026-05-01T12:00:00+00:00, or epoch seconds';

/** Parses a CloudWatch JSON export or a CSV trace; throws InputError with a JSON path or line:col when malformed. */
export function parseTrace(text: string, fileName: string): Trace {
  const body = text.replace(/^\uFEFF/, '');
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJsonTrace(body, fileName);
  return parseCsvTrace(body, fileName);
}

function fail(fileName: string, where: RawPoint['where'], message: string, hint?: string): never {
  throw new InputError({ file: fileName, line: where.line, col: where.col, path: where.path, message, hint });
}

/** Milliseconds since the epoch, or undefined. A time without a zone is read as UTC (never as local time). */
export function parseTimestamp(raw: string): number | undefined {
  const s = raw.trim();
  // Epoch seconds (from 0, 1970-01-01T00:00:00Z), or epoch milliseconds when there are 12 or 13 digits.
  if (/^\d{1,11}(\.\d+)?$/.test(s)) return Number(s) * 1000;
  if (/^\d{12,13}$/.test(s)) return Number(s);
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!m) return undefined;
  let zone = m[3] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone.toUpperCase()}`);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * A JSON trace; every error carries the line and column of the value it is about (JSON paths are found in the text),
 * or of the first syntax error.
 */
function parseJsonTrace(text: string, fileName: string): Trace {
  try {
    return readJsonTrace(text, fileName);
  } catch (e) {
    if (!(e instanceof InputError) || e.line !== undefined) throw e;
    const offset = jsonValueOffset(text, e.path !== undefined ? parseFieldPath(e.path) : []) ?? 0;
    const { line, col } = lineColAt(text, offset);
    throw new InputError({ file: fileName, line, col, path: e.path, message: e.detail, hint: e.hint });
  }
}

function readJsonTrace(text: string, fileName: string): Trace {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const e = jsonSyntaxError(text) ?? { offset: 0, message: 'not a JSON value' };
    throw new InputError({
      file: fileName,
      ...lineColAt(text, e.offset),
      message: `not valid JSON: ${e.message}`,
      hint: 'pass the output of `aws cloudwatch get-metric-statistics` or `get-metric-data` unchanged, or a CSV',
    });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    fail(fileName, {}, 'expected a JSON object with Datapoints or MetricDataResults', JSON_HINT);
  }
  const obj = doc as Record<string, unknown>;
  if ('Datapoints' in obj) return finish(fileName, 'get-metric-statistics', readStatistics(obj, fileName));
  if ('MetricDataResults' in obj) return finish(fileName, 'get-metric-data', readMetricData(obj, fileName));
  return fail(fileName, {}, 'expected a JSON object with Datapoints or MetricDataResults', JSON_HINT);
}

const JSON_HINT =
  'use `aws cloudwatch get-metric-statistics --namespace AWS/Kinesis --metric-name IncomingRecords --statistics Sum --period 60 …` or get-metric-data';

type Kind = 'records' | 'bytes';

function kindOf(label: unknown, unit: unknown, fallback: Kind): Kind {
  if (unit === 'Bytes') return 'bytes';
  if (unit === 'Count') return 'records';
  if (typeof label === 'string') {
    if (/bytes/i.test(label)) return 'bytes';
    if (/records|count/i.test(label)) return 'records';
  }
  return fallback;
}

function readStatistics(obj: Record<string, unknown>, fileName: string): RawPoint[] {
  const dps = obj.Datapoints;
  if (!Array.isArray(dps)) fail(fileName, { path: 'Datapoints' }, 'must be a list of datapoints', JSON_HINT);
  const out: RawPoint[] = [];
  dps.forEach((dp: unknown, i) => {
    const path = `Datapoints[${i}]`;
    if (typeof dp !== 'object' || dp === null || Array.isArray(dp)) fail(fileName, { path }, 'must be an object');
    const d = dp as Record<string, unknown>;
    const kind = kindOf(obj.Label, d.Unit, 'records');
    if (typeof d.Timestamp !== 'string') fail(fileName, { path: `${path}.Timestamp` }, 'missing or not a string', TS_HINT);
    const epochMs = parseTimestamp(d.Timestamp);
    if (epochMs === undefined) fail(fileName, { path: `${path}.Timestamp` }, `cannot read "${d.Timestamp}" as a time`, TS_HINT);
    let value: unknown = d.Sum;
    if (value === undefined && typeof d.Average === 'number' && typeof d.SampleCount === 'number') {
      value = d.Average * d.SampleCount;
    }
    if (value === undefined) {
      fail(fileName, { path: `${path}.Sum` }, 'the datapoint has no Sum', 'request the Sum statistic: --statistics Sum');
    }
    checkValue(fileName, { path: `${path}.Sum` }, value);
    out.push({ epochMs, [kind]: value, where: { path } });
  });
  return out;
}

function readMetricData(obj: Record<string, unknown>, fileName: string): RawPoint[] {
  const results = obj.MetricDataResults;
  if (!Array.isArray(results)) fail(fileName, { path: 'MetricDataResults' }, 'must be a list', JSON_HINT);
  const byTime = new Map<number, RawPoint>();
  const seenKinds = new Set<Kind>();
  results.forEach((r: unknown, i) => {
    const path = `MetricDataResults[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r)) fail(fileName, { path }, 'must be an object');
    const m = r as Record<string, unknown>;
    if (m.StatusCode === 'InternalError' || m.StatusCode === 'Forbidden') {
      fail(fileName, { path: `${path}.StatusCode` }, `CloudWatch returned ${m.StatusCode} for this query`, 'run the query again');
    }
    const kind = kindOf(m.Label ?? m.Id, undefined, i === 0 ? 'records' : 'bytes');
    if (seenKinds.has(kind)) {
      fail(fileName, { path: `${path}.Label` }, `a second ${kind} series`, 'give one IncomingRecords and at most one IncomingBytes query');
    }
    seenKinds.add(kind);
    const ts = m.Timestamps;
    const vs = m.Values;
    if (!Array.isArray(ts)) fail(fileName, { path: `${path}.Timestamps` }, 'must be a list of times', TS_HINT);
    if (!Array.isArray(vs)) fail(fileName, { path: `${path}.Values` }, 'must be a list of numbers');
    if (ts.length !== vs.length) {
      fail(fileName, { path: `${path}.Values` }, `has ${vs.length} values for ${ts.length} timestamps`, 'Timestamps[i] pairs with Values[i]');
    }
    ts.forEach((t: unknown, j) => {
      const where = { path: `${path}.Timestamps[${j}]` };
      if (typeof t !== 'string') fail(fileName, where, 'must be a string', TS_HINT);
      const epochMs = parseTimestamp(t);
      if (epochMs === undefined) fail(fileName, where, `cannot read "${t}" as a time`, TS_HINT);
      const value: unknown = vs[j];
      checkValue(fileName, { path: `${path}.Values[${j}]` }, value);
      const p: RawPoint = byTime.get(epochMs) ?? { epochMs, where };
      if (p[kind] !== undefined) fail(fileName, where, `time ${t} appears twice`, 'each timestamp once per series');
      p[kind] = value;
      byTime.set(epochMs, p);
    });
  });
  return [...byTime.values()];
}

function checkValue(fileName: string, where: RawPoint['where'], value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(fileName, where, `expected a number, got ${JSON.stringify(value)}`);
  }
  if (value < 0) fail(fileName, where, `must not be negative, got ${value}`);
}

export function splitCsvLine(line: string): { text: string; col: number }[] {
  const cells: { text: string; col: number }[] = [];
  let i = 0;
  while (i <= line.length) {
    const col = i + 1;
    let text = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length && !(line[i] === '"' && line[i + 1] !== '"')) {
        if (line[i] === '"') i++;
        text += line[i];
        i++;
      }
      i++;
      while (i < line.length && line[i] !== ',') i++;
    } else {
      const end = line.indexOf(',', i);
      text = end < 0 ? line.slice(i) : line.slice(i, end);
      i = end < 0 ? line.length : end;
    }
    cells.push({ text: text.trim(), col });
    i++;
  }
  return cells;
}

function parseCsvTrace(text: string, fileName: string): Trace {
  const lines = text.split(/\r?\n/);
  let cols: { time: number; records?: number; bytes?: number } | undefined;
  const out: RawPoint[] = [];
  lines.forEach((raw, li) => {
    const line = li + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const cells = splitCsvLine(raw);
    if (cols === undefined) {
      const looksLikeHeader = cells.every((c) => c.text === '' || Number.isNaN(Number(c.text))) && parseTimestamp(cells[0]?.text ?? '') === undefined;
      if (looksLikeHeader) {
        const find = (re: RegExp) => {
          const k = cells.findIndex((c) => re.test(c.text));
          return k < 0 ? undefined : k;
        };
        const time = find(/time|date/i);
        const bytes = find(/byte/i);
        const records = find(/record|count|value|sum/i);
        if (time === undefined) {
          fail(fileName, { line, col: 1 }, 'the header has no timestamp column', 'name the columns, e.g. timestamp,records,bytes');
        }
        if (records === undefined && bytes === undefined) {
          fail(fileName, { line, col: 1 }, 'the header has no records or bytes column', 'name the columns, e.g. timestamp,records,bytes');
        }
        cols = { time, records, bytes };
        return;
      }
      cols = { time: 0, records: 1, bytes: cells.length > 2 ? 2 : undefined };
    }
    const c = cols;
    const cell = (k: number | undefined) => (k === undefined ? undefined : cells[k]);
    const t = cell(c.time);
    if (t === undefined || t.text === '') fail(fileName, { line, col: raw.length + 1 }, 'missing timestamp', TS_HINT);
    const epochMs = parseTimestamp(t.text);
    if (epochMs === undefined) fail(fileName, { line, col: t.col }, `cannot read "${t.text}" as a time`, TS_HINT);
    const p: RawPoint = { epochMs, where: { line, col: t.col } };
    for (const kind of ['records', 'bytes'] as const) {
      const k = c[kind];
      if (k === undefined) continue;
      const v = cell(k);
      if (v === undefined || v.text === '') {
        fail(fileName, { line, col: raw.length + 1 }, `missing ${kind} value`, 'each row is timestamp,records[,bytes]');
      }
      const n = Number(v.text);
      if (!Number.isFinite(n)) fail(fileName, { line, col: v.col }, `cannot read "${v.text}" as a number of ${kind}`);
      if (n < 0) fail(fileName, { line, col: v.col }, `must not be negative, got ${v.text}`);
      p[kind] = n;
    }
    out.push(p);
  });
  return finish(fileName, 'csv', out);
}

function finish(fileName: string, format: TraceFormat, raw: RawPoint[]): Trace {
  if (raw.length === 0) fail(fileName, {}, 'the trace has no datapoints', 'check the time range of the query');
  const sorted = [...raw].sort((a, b) => a.epochMs - b.epochMs);
  const first = sorted[0] as RawPoint;
  let periodMs = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as RawPoint;
    const cur = sorted[i] as RawPoint;
    const gap = cur.epochMs - prev.epochMs;
    if (gap === 0) fail(fileName, cur.where, 'the same time appears twice', 'keep one row per period');
    if (gap < CLOUDWATCH_MIN_PERIOD_SEC * 1000) {
      fail(fileName, cur.where, `this point is ${gap} ms after the one before; a trace's period is at least ${CLOUDWATCH_MIN_PERIOD_SEC} s, CloudWatch's finest`, 'give one point per second or per longer period');
    }
    if (cur.epochMs - first.epochMs > MAX_TRACE_SPAN_SEC * 1000) {
      fail(
        fileName,
        cur.where,
        `this point is ${formatDays(cur.epochMs - first.epochMs)} after the first; a trace spans at most ${formatDays(MAX_TRACE_SPAN_SEC * 1000)}, the longest history CloudWatch keeps`,
        'keep the stretch of the trace you want to replay',
      );
    }
    periodMs = Math.min(periodMs, gap);
  }
  if (!Number.isFinite(periodMs)) periodMs = 60_000;
  const periods = Math.round(((sorted[sorted.length - 1] as RawPoint).epochMs - first.epochMs) / periodMs) + 1;
  if (periods > MAX_TRACE_PERIODS) {
    fail(
      fileName,
      {},
      `the trace has ${periods.toLocaleString('en-US')} periods of ${periodMs / 1000} s from its first point to its last; at most ${MAX_TRACE_PERIODS.toLocaleString('en-US')} are replayed`,
      'use a longer period (e.g. 60 s) or a shorter stretch of time',
    );
  }
  for (const p of sorted) checkPeriodVolume(fileName, p, periodMs / 1000);
  const points: TracePoint[] = sorted.map((p) => {
    const steps = (p.epochMs - first.epochMs) / periodMs;
    if (Math.abs(steps - Math.round(steps)) > 1e-6) {
      fail(fileName, p.where, `this point is not a whole number of ${periodMs / 1000}s periods after the first`, 'use one period for the whole trace');
    }
    const point: TracePoint = { offsetSec: (Math.round(steps) * periodMs) / 1000 };
    if (p.records !== undefined) point.records = p.records;
    if (p.bytes !== undefined) point.bytes = p.bytes;
    return point;
  });
  const hasRecords = points.some((p) => p.records !== undefined);
  const hasBytes = points.some((p) => p.bytes !== undefined);
  const last = points[points.length - 1] as TracePoint;
  return {
    fileName,
    format,
    startIso: new Date(first.epochMs).toISOString(),
    periodSec: periodMs / 1000,
    points,
    hasRecords,
    hasBytes,
    durationSec: last.offsetSec + periodMs / 1000,
  };
}
