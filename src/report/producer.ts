import type { PlanReport } from '../contract/plan-report.js';
import { paragraph } from './layout.js';
import { hotKeyLine, saltFixText } from './findings-producer.js';
import type { RenderOptions } from './style.js';
import {
  formatByteRate,
  formatBytes,
  formatDuration,
  formatNumber,
  formatPercent,
  formatUsd,
} from './units.js';

type StreamReport = PlanReport['streams'][number];

/** Rows of the aggregation comparison: [what, without aggregation, with aggregation]. */
export function aggregationRows(s: StreamReport): [string, string, string][] {
  const a = s.aggregation;
  const rows: [string, string, string][] = [
    ['user records per Kinesis record', '1', formatNumber(a.userRecordsPerAggregate)],
    [
      'Kinesis record size',
      formatBytes(s.load.recordBytesAvg + s.load.partitionKeyBytes),
      formatBytes(a.aggregateBytes),
    ],
    [
      'Kinesis records/s (average)',
      formatNumber(a.recordsPerSecondWithout),
      formatNumber(a.kinesisRecordsPerSecond),
    ],
    [
      'write bytes/s (average)',
      formatByteRate(a.bytesPerSecondWithout),
      formatByteRate(a.kinesisBytesPerSecond),
    ],
    ['shards for writes', String(a.shardsWithout), String(a.shardsWith)],
    [
      'PUT payload units a month',
      formatNumber(a.putUnitsPerMonthWithout),
      formatNumber(a.putUnitsPerMonthWith),
    ],
  ];
  if (a.putUnitsMonthlyUsdWithout !== null && a.putUnitsMonthlyUsdWith !== null) {
    rows.push([
      'PUT payload units cost a month',
      formatUsd(a.putUnitsMonthlyUsdWithout),
      formatUsd(a.putUnitsMonthlyUsdWith),
    ]);
  }
  rows.push(['latency added by buffering (mean)', '0', formatDuration(a.latencyAddedSec)]);
  rows.push([
    'PutRecords calls/s (all producers)',
    formatNumber(s.putRecords.without.callsPerSec),
    formatNumber(s.putRecords.with.callsPerSec),
  ]);
  return rows;
}

/** Lines about partition-key skew. */
export function partitionKeyLines(s: StreamReport): string[] {
  const p = s.partitionKeys;
  const lines = [
    `hottest shard: ${formatPercent(p.hottestShardShare)} of the records on ${p.shardCount} shards (mean ${formatPercent(1 / p.shardCount)}): imbalance ${formatNumber(p.imbalance)}× ${p.isExact ? '(exact, by MD5 of the keys)' : p.distinctKeys === undefined ? '(by MD5 of the named keys; the rest taken as even)' : '(99th percentile over random key placement)'}`,
    `hottest shard at peak: ${formatPercent(p.hottestShardPeakUtilisation)} of its ${p.hottestShardBinding === 'writeBytes' ? 'write bytes' : 'write records'} limit; shards so that it stays within the limit: ${p.shardsForSkew ?? 'none suffices'} (even spread: ${p.evenShards})`,
  ];
  for (const k of p.keysOverShardLimit) lines.push(hotKeyLine(k, p.distribution));
  return lines;
}

function fixText(s: StreamReport): string {
  const f = s.throttlingRisk.cheapestFix;
  switch (f.kind) {
    case 'none':
      return s.throttlingRisk.level === 'low'
        ? 'nothing needed'
        : 'no change to the plan; check the bursts with `kinesis-plan simulate`';
    case 'salt-keys':
      return saltFixText(s.partitionKeys);
    case 'aggregation':
      return 'turn on KPL aggregation';
    case 'enhanced-fan-out':
      return 'move polling readers to enhanced fan-out';
    case 'more-shards':
      return `${f.shards} shards`;
  }
}

/** The producer-side section of one stream in the terminal report. */
export function renderProducerText(s: StreamReport, opts: RenderOptions): string {
  const out: string[] = [];
  const a = s.aggregation;
  out.push(`  ${opts.style.bold('KPL aggregation')} (${a.enabled ? 'on' : 'off: what it would change'})`);
  const width = Math.max(...aggregationRows(s).map((r) => r[0].length));
  out.push(`    ${''.padEnd(width)}  ${'without'.padStart(14)}  ${'with'.padStart(14)}`);
  for (const [k, wo, w] of aggregationRows(s))
    out.push(`    ${k.padEnd(width)}  ${wo.padStart(14)}  ${w.padStart(14)}`);
  out.push(`  ${opts.style.bold('Partition keys')}`);
  for (const l of partitionKeyLines(s)) out.push(paragraph(l, opts.width, '    ', 6));
  const level = s.throttlingRisk.level;
  const coloured =
    level === 'high'
      ? opts.style.red.bold(level)
      : level === 'medium'
        ? opts.style.yellow(level)
        : opts.style.green(level);
  out.push(paragraph(`${opts.style.bold('Throttling risk')}: ${coloured}; cheapest fix: ${fixText(s)}`, opts.width, '  ', 4));
  for (const r of s.throttlingRisk.reasons) out.push(paragraph(r.message, opts.width, '    - '));
  return out.join('\n');
}

/** The producer-side section of one stream in Markdown. */
export function renderProducerMarkdown(s: StreamReport): string {
  const out: string[] = [];
  out.push(`**Throttling risk: ${s.throttlingRisk.level}**; cheapest fix: ${fixText(s)}.`, '');
  for (const r of s.throttlingRisk.reasons) out.push(`- ${r.message}`);
  out.push(
    '',
    `<details><summary>KPL aggregation (${s.aggregation.enabled ? 'on' : 'off: what it would change'}) and partition keys</summary>`,
    '',
  );
  out.push(
    '| | without | with |',
    '|---|---:|---:|',
    ...aggregationRows(s).map(([k, wo, w]) => `| ${k} | ${wo} | ${w} |`),
    '',
  );
  for (const l of partitionKeyLines(s)) out.push(`- ${l}`);
  out.push('', '</details>', '');
  return out.join('\n');
}
