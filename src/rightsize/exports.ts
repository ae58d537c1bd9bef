import { InputError } from '../errors.js';
import { parseTimestamp, splitCsvLine } from '../sim/trace.js';

/*
 * CloudWatch exports of a running stream, several metrics per file: the JSON of `aws cloudwatch get-metric-data`
 * (one MetricDataResults entry per metric, named by its Id or Label), of `get-metric-statistics` (one metric per
 * file, named by its Label), or a CSV whose header names a timestamp column and one column per metric
 * (throttling-model.md §5.2). Times are read as the simulator's trace parser reads them (src/sim/trace.ts).
 */

/** The stream metrics rightsize reads (AWS/Kinesis namespace). */
export const STREAM_METRICS = [
  'IncomingBytes',
  'IncomingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'GetRecords.Bytes',
  'GetRecords.IteratorAgeMilliseconds',
  'SubscribeToShardEvent.MillisBehindLatest',
] as const;
export type StreamMetric = (typeof STREAM_METRICS)[number];

/** One metric's datapoints: epoch milliseconds → value (Sum, or Maximum for the age metrics). */
export type MetricSeries = Map<number, number>;

/** Every metric read from the files, and the period between datapoints. */
export interface MetricExports {
  periodSec: number;
  series: Partial<Record<StreamMetric, MetricSeries>>;
  files: string[];
}

const HINT =
  'pass the JSON of `aws cloudwatch get-metric-data` or `get-metric-statistics` for AWS/Kinesis metrics, or a CSV with a timestamp column and one column per metric (see the README)';

/** The metric a label or id names: exact names, ids such as `incomingBytes` or `iterator_age`, case-insensitive. */
export function metricOf(name: string): StreamMetric | undefined {
  const key = name.toLowerCase().replace(/[^a-z]/g, '');
  const aliases: Record<string, StreamMetric> = {
    incomingbytes: 'IncomingBytes',
    incomingrecords: 'IncomingRecords',
    writeprovisionedthroughputexceeded: 'WriteProvisionedThroughputExceeded',
    writethrottled: 'WriteProvisionedThroughputExceeded',
    readprovisionedthroughputexceeded: 'ReadProvisionedThroughputExceeded',
    readthrottled: 'ReadProvisionedThroughputExceeded',
    getrecordsbytes: 'GetRecords.Bytes',
    getrecordsiteratoragemilliseconds: 'GetRecords.IteratorAgeMilliseconds',
    iteratoragemilliseconds: 'GetRecords.IteratorAgeMilliseconds',
    iteratorage: 'GetRecords.IteratorAgeMilliseconds',
    subscribetoshardeventmillisbehindlatest: 'SubscribeToShardEvent.MillisBehindLatest',
    millisbehindlatest: 'SubscribeToShardEvent.MillisBehindLatest',
  };
  return aliases[key];
}

function fail(
  file: string,
  where: { path?: string; line?: number; col?: number },
  message: string,
  hint = HINT,
): never {
  throw new InputError({ file, ...where, message, hint });
}

function add(
  file: string,
  out: Partial<Record<StreamMetric, MetricSeries>>,
  metric: StreamMetric,
  epochMs: number,
  value: unknown,
  where: { path?: string; line?: number; col?: number },
): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    fail(file, where, `expected a number, got ${JSON.stringify(value)}`);
  if (value < 0) fail(file, where, `must not be negative, got ${value}`);
  const s = out[metric] ?? new Map<number, number>();
  if (s.has(epochMs))
    fail(
      file,
      where,
      `${metric} has two datapoints at ${new Date(epochMs).toISOString()}`,
      'give each metric once per file, or split the files by metric',
    );
  s.set(epochMs, value);
  out[metric] = s;
}

function time(file: string, raw: unknown, where: { path?: string; line?: number; col?: number }): number {
  const ms = typeof raw === 'string' ? parseTimestamp(raw) : undefined;
  if (ms === undefined)
    fail(
      file,
      where,
      `cannot read ${JSON.stringify(raw)} as a time`,
      'an ISO-8601 time such as 2026-05-01T12:00:00Z',
    );
  return ms;
}

function readJson(text: string, file: string, out: Partial<Record<StreamMetric, MetricSeries>>): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    fail(file, {}, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    fail(file, {}, 'expected a JSON object with Datapoints or MetricDataResults');
  const obj = doc as Record<string, unknown>;
  if (Array.isArray(obj.MetricDataResults)) {
    obj.MetricDataResults.forEach((r: unknown, i) => {
      const path = `MetricDataResults[${i}]`;
      const m = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
      const name = [m.Label, m.Id].find(
        (x): x is string => typeof x === 'string' && metricOf(x) !== undefined,
      );
      const metric = name !== undefined ? metricOf(name) : undefined;
      if (metric === undefined) {
        fail(
          file,
          { path: `${path}.Label` },
          `cannot tell which metric ${JSON.stringify(m.Label ?? m.Id)} is`,
          `label each query with its metric name, e.g. --metric-data-queries '[{"Id":"incomingBytes","Label":"IncomingBytes",…}]'`,
        );
      }
      const ts = m.Timestamps;
      const vs = m.Values;
      if (!Array.isArray(ts) || !Array.isArray(vs) || ts.length !== vs.length) {
        fail(file, { path: `${path}.Values` }, 'needs Timestamps and Values lists of the same length');
      }
      ts.forEach((t: unknown, j) =>
        add(file, out, metric, time(file, t, { path: `${path}.Timestamps[${j}]` }), vs[j], {
          path: `${path}.Values[${j}]`,
        }),
      );
    });
    return;
  }
  if (Array.isArray(obj.Datapoints)) {
    const metric = typeof obj.Label === 'string' ? metricOf(obj.Label) : undefined;
    if (metric === undefined)
      fail(file, { path: 'Label' }, `cannot tell which metric ${JSON.stringify(obj.Label)} is`);
    const isAge =
      metric === 'GetRecords.IteratorAgeMilliseconds' ||
      metric === 'SubscribeToShardEvent.MillisBehindLatest';
    obj.Datapoints.forEach((dp: unknown, i) => {
      const path = `Datapoints[${i}]`;
      const d = (typeof dp === 'object' && dp !== null ? dp : {}) as Record<string, unknown>;
      const value = isAge ? (d.Maximum ?? d.Average) : d.Sum;
      if (value === undefined)
        fail(
          file,
          { path },
          `the datapoint has no ${isAge ? 'Maximum' : 'Sum'}`,
          `request it: --statistics ${isAge ? 'Maximum' : 'Sum'}`,
        );
      add(file, out, metric, time(file, d.Timestamp, { path: `${path}.Timestamp` }), value, { path });
    });
    return;
  }
  fail(file, {}, 'expected a JSON object with Datapoints or MetricDataResults');
}

function readCsv(text: string, file: string, out: Partial<Record<StreamMetric, MetricSeries>>): void {
  const lines = text.split(/\r?\n/);
  let columns: { time: number; metrics: { index: number; metric: StreamMetric }[] } | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const cells = splitCsvLine(raw);
    if (columns === undefined) {
      const timeIndex = cells.findIndex((c) => /time|date/i.test(c.text));
      const metrics = cells.flatMap((c, index) => {
        const metric = metricOf(c.text);
        return metric !== undefined ? [{ index, metric }] : [];
      });
      if (timeIndex < 0 || metrics.length === 0) {
        fail(
          file,
          { line, col: 1 },
          'the header needs a timestamp column and at least one metric column',
          'e.g. timestamp,IncomingRecords,IncomingBytes',
        );
      }
      columns = { time: timeIndex, metrics };
      return;
    }
    const t = cells[columns.time];
    const epochMs = time(file, t?.text, { line, col: t?.col ?? 1 });
    for (const { index, metric } of columns.metrics) {
      const cell = cells[index];
      if (cell === undefined || cell.text === '') continue;
      const value = Number(cell.text);
      if (!Number.isFinite(value))
        fail(
          file,
          { line, col: cell.col },
          `cannot read "${cell.text}" as a number of ${metric}`,
          'each metric column holds the Sum of the period (Maximum for the age metrics)',
        );
      add(file, out, metric, epochMs, value, { line, col: cell.col });
    }
  });
  if (columns === undefined) fail(file, {}, 'the file has no header and no datapoints');
}

/** Reads the export files (already read as text) into one set of metric series with one period. */
export function parseExports(files: readonly { name: string; text: string }[]): MetricExports {
  const series: Partial<Record<StreamMetric, MetricSeries>> = {};
  for (const f of files) {
    const body = f.text.replace(/^\uFEFF/, '');
    const trimmed = body.trimStart();
    if (trimmed.startsWith('{')) readJson(body, f.name, series);
    else readCsv(body, f.name, series);
  }
  const times = [...new Set(Object.values(series).flatMap((s) => [...s.keys()]))].sort((a, b) => a - b);
  const first = files[0]?.name ?? 'input';
  if (times.length === 0)
    fail(first, {}, 'the exports hold no datapoints', 'check the time range of the query');
  if (series.IncomingRecords === undefined || series.IncomingBytes === undefined) {
    fail(
      first,
      {},
      'rightsize needs both IncomingRecords and IncomingBytes',
      'export both metrics (Sum) for the same time range',
    );
  }
  let periodMs = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) periodMs = Math.min(periodMs, times[i]! - times[i - 1]!);
  if (!Number.isFinite(periodMs)) periodMs = 60_000;
  return { periodSec: periodMs / 1000, series, files: files.map((f) => f.name) };
}
