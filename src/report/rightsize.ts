import type { RightsizeOption, RightsizeReport } from '../rightsize/analyse.js';
import { paragraph } from './layout.js';
import type { RenderOptions } from './style.js';
import {
  formatByteRate,
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatUsd,
} from './units.js';

/** The rightsize report as JSON: the analysis with a schema version and the tool that wrote it. */
export function renderRightsizeJson(report: RightsizeReport, version: string): string {
  return `${JSON.stringify({ schemaVersion: 1, tool: { name: 'kinesis-plan', version }, ...report }, null, 2)}\n`;
}

const OPTION_NAMES: Record<RightsizeOption['kind'], string> = {
  'provisioned-fixed': 'provisioned, fixed',
  'provisioned-scheduled': 'provisioned, scheduled',
  'on-demand': 'On-demand Standard',
  'on-demand-advantage': 'On-demand Advantage',
};

const BINDING_WORDS: Record<string, string> = {
  writeBytes: 'write bytes',
  writeRecords: 'write records',
  readBytes: 'shared read bytes',
};

/** Eight-level bars for a shape: one character per value, scaled to the largest. */
function bars(values: readonly number[]): string {
  const top = Math.max(...values);
  const levels = ' ▁▂▃▄▅▆▇█';
  return values.map((v) => (top > 0 ? levels[Math.round((v / top) * 8)] : ' ')).join('');
}

function optionLine(o: RightsizeOption): string {
  const usd =
    o.monthlyUsdHigh > o.monthlyUsd + 0.005
      ? `${formatUsd(o.monthlyUsd)}–${formatUsd(o.monthlyUsdHigh)}`
      : formatUsd(o.monthlyUsd);
  const saving =
    o.savingUsd === null
      ? ''
      : o.savingUsd >= 0
        ? `, saves ${formatUsd(o.savingUsd)}`
        : `, costs ${formatUsd(-o.savingUsd)} more`;
  return `${OPTION_NAMES[o.kind]}${o.shards !== null ? ` (${o.shards} shards${o.kind === 'provisioned-scheduled' ? ' at most' : ''})` : ''}: ${usd} a month${saving}`;
}

/** The lines of the report, shared by text and Markdown. */
function sections(r: RightsizeReport): { title: string; lines: string[] }[] {
  const per =
    r.periodSec === 60
      ? 'minute'
      : r.periodSec === 300
        ? '5-minute period'
        : `${formatNumber(r.periodSec)}-second period`;
  const pers = (n: number) => `${formatNumber(n)} ${per}${n === 1 ? '' : 's'}`;
  const pct = (p: RightsizeReport['recordsPerSec']['perPeriod'], fmt: (n: number) => string) =>
    `p50 ${fmt(p.p50)}, p95 ${fmt(p.p95)}, p99 ${fmt(p.p99)}, max ${fmt(p.max)}`;
  const rec = (n: number) => `${formatNumber(n)}/s`;
  const observed = [
    `${pers(r.periods)} over ${formatNumber(r.spanSec / 86_400)} days; average record ${formatBytes(r.recordBytesAvg)}.`,
    `Records per ${per}: ${pct(r.recordsPerSec.perPeriod, rec)}.`,
    `Records per hour: ${pct(r.recordsPerSec.perHour, rec)}.`,
    `Write bytes per ${per}: ${pct(r.writeBytesPerSec.perPeriod, formatByteRate)}.`,
    `Daily shape (UTC hours 0–23):  |${bars(r.dailyShape)}|`,
    `Weekly shape (Sunday–Saturday): |${bars(r.weeklyShape)}|`,
  ];
  if (r.utilisation) {
    observed.push(
      `Peak use of ${r.recommendation.today.shards} shards: write bytes ${formatPercent(r.utilisation.writeBytes)}, write records ${formatPercent(r.utilisation.writeRecords)}${r.utilisation.readBytes !== null ? `, shared read ${formatPercent(r.utilisation.readBytes)}` : ''}.`,
    );
  }
  const t = r.throttling;
  const throttling = [
    t.writeThrottledRecords > 0
      ? `${formatNumber(t.writeThrottledRecords)} records throttled on write in ${pers(t.periodsWithWriteThrottling)}.`
      : 'No write throttling seen.',
  ];
  if (t.hiddenBurstRatio !== null) {
    throttling.push(
      `The ${per} averages hide bursts: a ${per} that throttled used only ${formatPercent(1 / t.hiddenBurstRatio)} of capacity on average, so traffic inside it peaked at ${formatNumber(t.hiddenBurstRatio)}× its average or more.`,
    );
  }
  if (t.readThrottledCalls > 0)
    throttling.push(`${formatNumber(t.readThrottledCalls)} GetRecords calls throttled.`);
  const lag: string[] = [];
  if (r.lag.iteratorAgeMaxSec !== null)
    lag.push(`Iterator age (polling consumers) at most ${formatDuration(r.lag.iteratorAgeMaxSec)}.`);
  if (r.lag.millisBehindLatestMaxSec !== null)
    lag.push(`Enhanced fan-out consumers at most ${formatDuration(r.lag.millisBehindLatestMaxSec)} behind.`);
  const s = r.recommendation;
  const recommendation = [
    `Provisioned: ${s.provisionedShards} shards for the observed ${per} peak with ${formatPercent(Number(r.workload.streams?.[0]?.headroom ?? 0))} headroom (binding: ${BINDING_WORDS[s.binding] ?? s.binding}). Below one ${per} the traffic is unknown: ${t.hiddenBurstRatio !== null ? 'throttling shows it bursts above that peak' : 'no throttling was seen, so no burst above that peak is known'}.`,
    `Scaling schedule (UTC hours 0–23): ${s.schedule.shardsByHour.join(' ')}; ${s.schedule.changes} UpdateShardCount calls a day (at most 10, each at most double or half).`,
  ];
  if (s.today.monthlyUsd !== null)
    recommendation.push(
      `Today (${s.today.mode}${s.today.shards !== null ? `, ${s.today.shards} shards` : ''}): ${formatUsd(s.today.monthlyUsd)} a month.`,
    );
  for (const o of s.options) recommendation.push(`${o.kind === s.cheapest ? '* ' : ''}${optionLine(o)}`);
  if (s.options.length > 0) {
    recommendation.push(
      'On-demand data in: each record rounds up to 1 KiB; with bytes and records only, the range shows the bounds. Advantage leaves out its account minimum.',
    );
  }
  return [
    { title: `Observed: stream ${r.streamName}`, lines: observed },
    { title: 'Throttling', lines: throttling },
    ...(lag.length > 0 ? [{ title: 'Consumer lag', lines: lag }] : []),
    { title: 'Recommendation', lines: recommendation },
  ];
}

/** The rightsize report as text for a terminal. */
export function renderRightsizeText(r: RightsizeReport, opts: RenderOptions): string {
  return `${sections(r)
    .map((sec) => `${opts.style.bold(sec.title)}\n${sec.lines.map((l) => paragraph(l, opts.width, '  ', 4)).join('\n')}`)
    .join('\n\n')}\n`;
}

/** The rightsize report as Markdown. */
export function renderRightsizeMarkdown(r: RightsizeReport): string {
  return `${sections(r)
    .map((sec) => `### ${sec.title}\n\n${sec.lines.map((l) => `- ${l.replace(/\|/g, '\\|')}`).join('\n')}`)
    .join('\n\n')}\n`;
}
