import Table from 'cli-table3';
import type { Severity } from '../vocab/findings.js';
import type { ProducerStats, SimResult, StreamSimResult } from '../sim/types.js';
import { findingMessage } from './findings.js';
import { sparkline } from './sim-chart.js';
import type { RenderOptions } from './style.js';
import { formatBytes, formatDuration, formatNumber, formatPercent } from './units.js';
import { wrap } from './text.js';

function table(head: string[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
}

const ms = (v: number) => formatDuration(v / 1000);

/** Which producer model ran, in words: open, or closed with its workers, round trip and request size. */
export function describeProducer(p: ProducerStats): string {
  const buffer =
    p.bufferRecords === undefined ? 'unbounded buffer' : `buffer of ${formatNumber(p.bufferRecords)} records`;
  if (p.model === 'open') return `open producer (arrivals sent at once), ${buffer}`;
  const size =
    p.maxRecordsPerRequest === 1 ? 'one record' : `up to ${formatNumber(p.maxRecordsPerRequest)} records`;
  return (
    `closed producer: ${formatNumber(p.workers)} worker${p.workers === 1 ? '' : 's'}, ${ms(p.roundTripMs)} round trip, ${size} a request, ${buffer}; ` +
    `${formatNumber(p.requests)} requests, at most ${formatNumber(p.maxRequestsInFlight)} in flight, at most ${formatNumber(p.maxBufferedRecords)} records waiting`
  );
}

/** What the latency figures measure: the added latency of throttling, or with a closed producer also buffer waits. */
export function latencyLabel(p: ProducerStats): string {
  return p.model === 'open'
    ? 'latency added by throttling'
    : 'latency from arrival to acceptance (waits for a worker included)';
}

function worstMinutes(s: StreamSimResult, n: number) {
  return [...s.perMinute]
    .filter((m) => m.writeProvisionedThroughputExceeded > 0)
    .sort(
      (a, b) =>
        b.writeProvisionedThroughputExceeded - a.writeProvisionedThroughputExceeded || a.minute - b.minute,
    )
    .slice(0, n)
    .sort((a, b) => a.minute - b.minute);
}

function renderStream(s: StreamSimResult, opts: RenderOptions): string {
  const { style } = opts;
  const out: string[] = [];
  const shards =
    s.shards.initial === s.shards.final
      ? `${s.shards.initial} shards`
      : `${s.shards.initial} → ${s.shards.final} shards`;
  out.push(style.bold(`Stream ${s.name}`) + style.dim(` — ${s.mode}, ${shards}, client ${s.client}`));
  out.push(style.dim(`  ${describeProducer(s.producer)}`));
  if (s.userRecordsPerKinesisRecord > 1) {
    out.push(
      style.dim(
        `  counts are Kinesis records: ${formatNumber(s.userRecordsPerKinesisRecord)} user records each (KPL aggregation)`,
      ),
    );
  }
  const r = s.records;
  const t = table(['records', 'count', '']);
  t.push(['offered', formatNumber(r.offered), '']);
  t.push(['accepted', formatNumber(r.accepted), r.offered > 0 ? formatPercent(r.accepted / r.offered) : '']);
  const share = formatPercent(s.throttledShare);
  t.push([
    'throttled attempts',
    formatNumber(r.throttledAttempts),
    r.throttledAttempts > 0 ? style.red(share) : share,
  ]);
  t.push(['retries', formatNumber(r.retries), '']);
  t.push(['dropped', r.dropped > 0 ? style.red.bold(formatNumber(r.dropped)) : '0', '']);
  for (const [cause, n] of Object.entries(r.droppedByCause))
    if (n > 0) t.push([`  ${cause}`, formatNumber(n), '']);
  t.push(['pending at end', formatNumber(r.pending), '']);
  out.push(t.toString());
  const l = s.latencyMs;
  out.push(
    `  ${latencyLabel(s.producer)}: p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}, max ${ms(l.max)}`,
  );

  const columns = Math.max(10, Math.min(s.perMinute.length, opts.width - 16));
  const throttles = s.perMinute.map((m) => m.writeProvisionedThroughputExceeded);
  const util = s.perMinute.map((m) => Math.max(m.bytesUtilisation, m.recordsUtilisation));
  out.push(`  ${style.bold('per minute')} ${style.dim(`(${s.perMinute.length} min, ${columns} columns)`)}`);
  out.push(`  throttled   ${style.red(sparkline(throttles, columns))}`);
  out.push(`  utilisation ${sparkline(util, columns, 1)}`);
  if (s.consumers.length > 0)
    out.push(
      `  lag         ${sparkline(
        s.perMinute.map((m) => m.maxIteratorAgeMs),
        columns,
      )}`,
    );

  const worst = worstMinutes(s, 5);
  if (worst.length > 0) {
    const w = table([
      'minute',
      'IncomingRecords',
      'WriteProvisionedThroughputExceeded',
      'avg/s',
      'peak second',
      'peak ÷ avg',
    ]);
    for (const m of worst) {
      w.push([
        String(m.minute),
        formatNumber(m.incomingRecords),
        formatNumber(m.writeProvisionedThroughputExceeded),
        formatNumber(m.attempts / 60),
        formatNumber(m.peakSecondAttempts),
        `${formatNumber(m.hiddenBurstRatio)}×`,
      ]);
    }
    out.push(`  ${style.bold('worst minutes: what CloudWatch shows, and the second it hides')}`);
    out.push(w.toString());
  }
  const hot = s.perShard
    .filter((p) => p.throttledAttempts > 0)
    .sort((a, b) => b.throttledAttempts - a.throttledAttempts || a.shard - b.shard);
  if (hot.length > 0) {
    const h = table(['shard', 'load share', 'attempts', 'throttled']);
    for (const p of hot.slice(0, 5))
      h.push([
        String(p.shard),
        formatPercent(p.loadShare),
        formatNumber(p.attempts),
        formatNumber(p.throttledAttempts),
      ]);
    out.push(`  ${style.bold(`throttled shards (${hot.length} of ${s.perShard.length})`)}`);
    out.push(h.toString());
  }
  if (s.consumers.length > 0) {
    const c = table(['consumer', 'type', 'GetRecords calls', 'throttled', 'max iterator age']);
    for (const x of s.consumers) {
      c.push([
        x.name,
        x.type,
        x.type === 'efo' ? '—' : formatNumber(x.getRecordsCalls),
        formatNumber(x.readThrottledCalls),
        `${x.isIteratorAgeCapped ? '≥ ' : ''}${ms(x.maxIteratorAgeMs)}`,
      ]);
    }
    out.push(c.toString());
  }
  for (const e of s.onDemandEvents)
    out.push(`  on-demand split at ${formatDuration(e.atSec)}: ${e.fromShards} → ${e.toShards} shards`);
  if (s.trace)
    out.push(
      style.dim(
        `  traffic from ${s.trace.fileName} (${s.trace.format}, ${formatDuration(s.trace.periodSec)} periods spread evenly)`,
      ),
    );
  out.push(
    style.dim(`  each Kinesis record costs ${formatBytes(s.kinesisRecordBytes)} against the write limit`),
  );
  return out.join('\n');
}

function severityMark(s: Severity, opts: RenderOptions): string {
  if (s === 'error') return opts.style.red.bold('error  ');
  if (s === 'warning') return opts.style.yellow('warning');
  return opts.style.cyan('info   ');
}

/** What a simulation of a workload without Kinesis streams (Direct PUT Firehose stages only) says. */
export const NO_STREAMS_TO_SIMULATE =
  'No Kinesis streams to simulate: the simulator replays traffic through Kinesis shards, and Firehose Direct PUT stages have none.';

/** The terminal report of a simulation. Pure: the result and the terminal's style and width in, text out. */
export function renderSimText(result: SimResult, opts: RenderOptions): string {
  const { style } = opts;
  const p = result.params;
  const head = [
    style.bold(`Simulation: ${formatDuration(result.durationSec)}, seed ${result.seed}`),
    style.dim(
      `  model: ${p.enforcement}, bucket depth ${formatNumber(p.burstSeconds)} s, write bytes ${p.writeBytesRule}, step ${ms(p.stepSec * 1000)}, on-demand split delay ${formatDuration(p.onDemandSplitDelaySec)}`,
    ),
  ];
  const streams =
    result.streams.length > 0
      ? result.streams.map((s) => renderStream(s, opts))
      : [wrap(NO_STREAMS_TO_SIMULATE, opts.width, 0)];
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const findings = [...result.findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const f =
    findings.length === 0
      ? `${style.bold('Findings')}\n  none`
      : `${style.bold('Findings')}\n${findings
          .map(
            (x) =>
              `  ${severityMark(x.severity, opts)} ${style.dim(x.path)} ${style.dim(`[${x.code}]`)}\n          ${wrap(findingMessage(x), opts.width, 10)}`,
          )
          .join('\n')}`;
  return `${[...head, '', ...streams.flatMap((s) => [s, '']), f].join('\n')}\n`;
}
