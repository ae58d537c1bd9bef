import type { Severity } from '../vocab/findings.js';
import type { ProducerStats, SimParams, SimResult, StreamSimResult } from '../sim/types.js';
import { findingMessage } from './findings.js';
import { sparkline } from './sim-chart.js';
import { changeSentences, simulatedSentence, verdictSentence } from './sim-summary.js';
import type { RenderOptions } from './style.js';
import { formatBytes, formatDuration, formatNumber, formatPercent } from './units.js';
import { paragraph, renderTable, wrap } from './layout.js';

/** Rows collected for a table fitted to the width; numbers right-aligned. */
function table(head: string[], align: ('left' | 'right')[]) {
  const rows: string[][] = [];
  return {
    push: (...r: string[][]) => void rows.push(...r),
    render: (opts: RenderOptions) => renderTable({ head, rows, width: opts.width, indent: 2, align }),
  };
}

const ms = (v: number) => formatDuration(v / 1000);

/** Which producer model ran, in words: open, or closed with its workers, round trip and request size. */
export function describeProducer(p: ProducerStats): string {
  const buffer = p.bufferRecords === undefined ? 'no limit on records waiting' : `at most ${formatNumber(p.bufferRecords)} records waiting`;
  if (p.model === 'open') return `records are sent as they arrive, whatever happened to earlier ones (an open producer); ${buffer}`;
  const size = p.maxRecordsPerRequest === 1 ? 'one record' : `up to ${formatNumber(p.maxRecordsPerRequest)} records`;
  return (
    `closed producer: ${formatNumber(p.workers)} worker${p.workers === 1 ? '' : 's'}, ${ms(p.roundTripMs)} round trip, ${size} a request, ${buffer}; ` +
    `${formatNumber(p.requests)} requests, at most ${formatNumber(p.maxRequestsInFlight)} in flight, at most ${formatNumber(p.maxBufferedRecords)} records waiting`
  );
}

/** What the latency figures measure: the added latency of throttling, or with a closed producer also buffer waits. */
export function latencyLabel(p: ProducerStats): string {
  return p.model === 'open' ? 'latency added by throttling' : 'latency from arrival to acceptance (waits for a worker included)';
}

/** The model's assumptions in words (throttling-model.md): the buckets, the bytes rule, the step, on-demand splits. */
export function describeModel(p: SimParams): string {
  const buckets =
    p.enforcement === 'token-bucket'
      ? `each shard's write limits are token buckets ${formatNumber(p.burstSeconds)} s deep (${formatNumber(1000 * p.burstSeconds)} records, ${formatBytes(1048576 * p.burstSeconds)}), refilled continuously`
      : "each shard's write limits reset at every whole second (a fixed window)";
  const bytes =
    p.writeBytesRule === 'auto'
      ? 'a record over 1 MiB may borrow against the next seconds only on a stream that allows large records'
      : p.writeBytesRule === 'debt'
        ? 'a record may borrow bytes against the next seconds'
        : 'no record may borrow bytes against the next seconds';
  return `${buckets}; ${bytes}; time moves in steps of ${ms(p.stepSec * 1000)}; on-demand splits take effect ${formatDuration(p.onDemandSplitDelaySec)} after they are due`;
}

/** The minutes with the most throttled attempts, in time order. */
export function worstMinutes(s: StreamSimResult, n: number) {
  return [...s.perMinute]
    .filter((m) => m.writeProvisionedThroughputExceeded > 0)
    .sort((a, b) => b.writeProvisionedThroughputExceeded - a.writeProvisionedThroughputExceeded || a.minute - b.minute)
    .slice(0, n)
    .sort((a, b) => a.minute - b.minute);
}

/** Wrapped text whose first words `lead` are set in bold (after wrapping, so that the styling takes no width). */
function boldLead(lead: string, wrapped: string, opts: RenderOptions): string {
  return opts.style.bold(lead) + wrapped.slice(lead.length);
}

/** The summary of one stream: what was simulated, the verdict, and what to change. */
function renderSummary(result: SimResult, s: StreamSimResult, opts: RenderOptions): string {
  const { style } = opts;
  const change = changeSentences(result, s);
  return [
    style.bold(s.name),
    `  ${wrap(simulatedSentence(result, s), opts.width, 2)}`,
    `  ${boldLead('Verdict:', wrap(`Verdict: ${verdictSentence(result, s)}`, opts.width, 2), opts)}`,
    `  ${boldLead('To change:', wrap(`To change: ${change.join(' ')}`, opts.width, 2), opts)}`,
  ].join('\n');
}

/** A chart line: its label, the sparkline (padded to the chart's width, then styled), and its scale. */
function chartLine(label: string, bars: string, scale: string, columns: number, paint: (text: string) => string = (x) => x): string {
  return `    ${label.padEnd(19)} ${paint(bars.padEnd(columns))}  ${scale}`;
}

function renderStream(s: StreamSimResult, opts: RenderOptions): string {
  const { style } = opts;
  const out: string[] = [];
  const shards = s.shards.initial === s.shards.final ? `${s.shards.initial} shard${s.shards.initial === 1 ? '' : 's'}` : `${s.shards.initial} → ${s.shards.final} shards`;
  const title = `Stream ${s.name}`;
  const detail = `${s.mode}, ${shards}, client ${s.client}`;
  if (title.length + 3 + detail.length <= opts.width) out.push(style.bold(title) + style.dim(` — ${detail}`));
  else out.push(style.bold(title), style.dim(paragraph(detail, opts.width, '  ')));
  out.push(style.dim(`  ${wrap(describeProducer(s.producer), opts.width, 2)}`));
  if (s.userRecordsPerKinesisRecord > 1) {
    out.push(style.dim(paragraph(`counts are Kinesis records: ${formatNumber(s.userRecordsPerKinesisRecord)} user records each (KPL aggregation)`, opts.width, '  ')));
  }
  const r = s.records;
  const t = table(['records', 'count', ''], ['left', 'right', 'left']);
  t.push(['offered', formatNumber(r.offered), '']);
  t.push(['accepted', formatNumber(r.accepted), r.offered > 0 ? formatPercent(r.accepted / r.offered) : '']);
  const share = formatPercent(s.throttledShare);
  t.push(['throttled attempts', formatNumber(r.throttledAttempts), r.throttledAttempts > 0 ? style.red(`${share} of attempts`) : `${share} of attempts`]);
  t.push(['retries (attempts)', formatNumber(r.retries), '']);
  t.push(['dropped', r.dropped > 0 ? style.red.bold(formatNumber(r.dropped)) : '0', '']);
  for (const [cause, n] of Object.entries(r.droppedByCause)) if (n > 0) t.push([`  ${cause}`, formatNumber(n), '']);
  t.push(['pending at end', formatNumber(r.pending), '']);
  out.push(t.render(opts));
  const l = s.latencyMs;
  out.push(paragraph(`${latencyLabel(s.producer)}: p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}, max ${ms(l.max)}`, opts.width, '  ', 4));

  // Charts: label (19) + bars + scale must fit the width.
  const columns = Math.max(10, Math.min(s.perMinute.length, opts.width - 4 - 20 - 2 - 22));
  const perColumn = Math.ceil(s.perMinute.length / Math.min(columns, s.perMinute.length));
  const throttles = s.perMinute.map((m) => m.writeProvisionedThroughputExceeded);
  const util = s.perMinute.map((m) => Math.max(m.bytesUtilisation, m.recordsUtilisation));
  const most = Math.max(0, ...throttles);
  out.push(paragraph(`${style.bold('per minute')} ${style.dim(`(${formatNumber(s.perMinute.length)} min; a column is ${perColumn === 1 ? 'a minute' : `${formatNumber(perColumn)} minutes, its busiest shown`})`)}`, opts.width, '  ', 4));
  out.push(chartLine('throttled attempts', sparkline(throttles, columns), most > 0 ? `0 – ${formatNumber(most)} a minute` : 'none', Math.min(columns, s.perMinute.length), style.red));
  out.push(chartLine('write capacity used', sparkline(util, columns, 1), '0 – 100%', Math.min(columns, s.perMinute.length)));
  if (s.consumers.length > 0) {
    const lag = s.perMinute.map((m) => m.maxIteratorAgeMs);
    const top = Math.max(0, ...lag);
    out.push(chartLine('consumer lag', sparkline(lag, columns), top > 0 ? `0 – ${ms(top)} behind` : 'none', Math.min(columns, s.perMinute.length)));
  }

  const worst = worstMinutes(s, 5);
  if (worst.length > 0) {
    const w = table(['minute', 'accepted', 'throttled', 'attempts/s, average', 'attempts in busiest s', 'busiest ÷ average'], ['right', 'right', 'right', 'right', 'right', 'right']);
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
    out.push(paragraph(style.bold('worst minutes: what CloudWatch shows, and the second it hides'), opts.width, '  ', 4));
    out.push(w.render(opts));
    out.push(style.dim(`  ${wrap('accepted and throttled are the one-minute sums IncomingRecords and WriteProvisionedThroughputExceeded; attempts count every try, retries included', opts.width, 2)}`));
  }
  const hot = s.perShard.filter((p) => p.throttledAttempts > 0).sort((a, b) => b.throttledAttempts - a.throttledAttempts || a.shard - b.shard);
  if (hot.length > 0) {
    const h = table(['shard', 'share of records', 'attempts', 'throttled attempts'], ['right', 'right', 'right', 'right']);
    for (const p of hot.slice(0, 5)) h.push([String(p.shard), formatPercent(p.loadShare), formatNumber(p.attempts), formatNumber(p.throttledAttempts)]);
    out.push(`  ${style.bold(`throttled shards (${hot.length} of ${s.perShard.length})`)}`);
    out.push(h.render(opts));
  }
  if (s.consumers.length > 0) {
    const c = table(['consumer', 'type', 'GetRecords calls', 'throttled', 'max iterator age'], ['left', 'left', 'right', 'right', 'right']);
    for (const x of s.consumers) {
      c.push([x.name, x.type, x.type === 'efo' ? '—' : formatNumber(x.getRecordsCalls), formatNumber(x.readThrottledCalls), `${x.isIteratorAgeCapped ? '≥ ' : ''}${ms(x.maxIteratorAgeMs)}`]);
    }
    out.push(c.render(opts));
  }
  for (const e of s.onDemandEvents) out.push(paragraph(`on-demand split at ${formatDuration(e.atSec)}: ${e.fromShards} → ${e.toShards} shards`, opts.width, '  ', 4));
  if (s.trace) out.push(style.dim(paragraph(`traffic from ${s.trace.fileName} (${s.trace.format}, ${formatDuration(s.trace.periodSec)} periods spread evenly)`, opts.width, '  ', 4)));
  out.push(style.dim(paragraph(`each Kinesis record costs ${formatBytes(s.kinesisRecordBytes)} against the write limit`, opts.width, '  ', 4)));
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
  const head = style.bold(`Simulation: ${formatDuration(result.durationSec)}, seed ${result.seed}`);
  const summaries = result.streams.map((s) => renderSummary(result, s, opts));
  const streams =
    result.streams.length > 0 ? result.streams.map((s) => renderStream(s, opts)) : [wrap(NO_STREAMS_TO_SIMULATE, opts.width, 0)];
  const model = style.dim(wrap(`Model: ${describeModel(result.params)}.`, opts.width, 2));
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const findings = [...result.findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const f =
    findings.length === 0
      ? `${style.bold('Findings')}\n  none`
      : `${style.bold('Findings')}\n${findings
          .map((x) => `${paragraph(`${severityMark(x.severity, opts)} ${style.dim(x.path)} ${style.dim(`[${x.code}]`)}`, opts.width, '  ', 10)}\n${paragraph(findingMessage(x), opts.width, ' '.repeat(10))}`)
          .join('\n')}`;
  return `${[head, '', ...summaries.flatMap((s) => [s, '']), ...streams.flatMap((s) => [s, '']), model, '', f].join('\n')}\n`;
}
