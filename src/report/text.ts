import Table from 'cli-table3';
import type { Severity } from '../vocab/findings.js';
import { SHARD_LIMITS } from '../vocab/shard-limits.js';
import { renderDeliveryText } from './delivery.js';
import type { PlanReport, ReportFinding } from '../contract/plan-report.js';
import { renderCostText } from './pricing.js';
import { renderProducerText } from './producer.js';
import { gigabyteLine } from './findings-cost.js';
import { onDemandFitLine } from './findings-stream.js';
import { bindingLabel, consumerDerivationText, consumerLines, derivationText, evenSpreadShards, LIMIT_LABELS } from './derivation.js';
import type { RenderOptions } from './style.js';
import {
  formatByteRate,
  formatDuration,
  formatMonths,
  formatNumber,
  formatPercent,
  formatShards,
  formatUsd,
} from './units.js';

type StreamReport = PlanReport['streams'][number];

function table(head: string[], colWidths?: number[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
    wordWrap: true,
    ...(colWidths ? { colWidths } : {}),
  });
}

function colourUtil(u: number, opts: RenderOptions): string {
  const text = formatPercent(u);
  if (u > 1) return opts.style.red.bold(text);
  if (u >= 0.8) return opts.style.yellow(text);
  return text;
}

function severityMark(s: Severity, opts: RenderOptions): string {
  if (s === 'error') return opts.style.red.bold('error  ');
  if (s === 'warning') return opts.style.yellow('warning');
  return opts.style.cyan('info   ');
}

/** Wraps text to the width, indenting continuation lines. */
export function wrap(text: string, width: number, indent: number): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  const room = Math.max(40, width - indent);
  for (const w of words) {
    if (line && line.length + 1 + w.length > room) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

export function renderFindings(findings: readonly ReportFinding[], opts: RenderOptions): string {
  if (findings.length === 0) return `${opts.style.bold('Findings')}\n  none\n`;
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const lines = sorted.map(
    (f) =>
      `  ${severityMark(f.severity, opts)} ${opts.style.dim(f.path)} ${opts.style.dim(`[${f.code}]`)}\n          ${wrap(f.message, opts.width, 10)}`,
  );
  return `${opts.style.bold('Findings')}\n${lines.join('\n')}\n`;
}

/** The Region a plan without prices found none for: the one PRICES_NOT_FOUND names, else the workload's. */
export function unpricedRegionOf(report: PlanReport): string {
  const f = report.findings.find((x) => x.code === 'PRICES_NOT_FOUND');
  return typeof f?.args.region === 'string' ? f.args.region : report.workload.region;
}

function renderStream(s: StreamReport, opts: RenderOptions, unpricedRegion: string): string {
  const out: string[] = [];
  const mode = s.capacityMode === 'compare' ? 'capacity mode not set: all modes compared' : s.capacityMode;
  const shardWord = s.shards.required === 1 ? 'shard' : 'shards';
  out.push(
    `${opts.style.bold(`Stream ${s.name}`)} ${opts.style.dim(`(${mode})`)}\n` +
      `  ${opts.style.green.bold(`${s.shards.required} ${shardWord}`)} needed at peak with ${formatPercent(s.shards.derivation.writeBytes.headroomFactor - 1)} headroom; binding limit: ${opts.style.bold(bindingLabel(s.shards))}` +
      (s.shards.required > evenSpreadShards(s)
        ? ` (${evenSpreadShards(s)} on an even spread; partition-key skew adds ${s.shards.required - evenSpreadShards(s)})`
        : '') +
      (s.shards.existing !== null ? `; existing stream has ${s.shards.existing}` : ''),
  );

  const load = table([
    'load',
    'average',
    'peak',
    ...(s.load.horizonMonths > 0 ? [`peak in ${formatMonths(s.load.horizonMonths)}`] : []),
  ]);
  const withHorizon = (a: string, p: string, h: string) => (s.load.horizonMonths > 0 ? [a, p, h] : [a, p]);
  load.push(
    [
      'records/s',
      ...withHorizon(
        formatNumber(s.load.average.recordsPerSec),
        formatNumber(s.load.peak.recordsPerSec),
        formatNumber(s.load.horizonPeak.recordsPerSec),
      ),
    ],
    [
      'write bytes (data + keys)',
      ...withHorizon(
        formatByteRate(s.load.average.writeBytesPerSec),
        formatByteRate(s.load.peak.writeBytesPerSec),
        formatByteRate(s.load.horizonPeak.writeBytesPerSec),
      ),
    ],
  );
  out.push(load.toString());

  // Fixed columns, and the derivation wraps to what is left of the width (at least 40 characters).
  const fixed = [21, 9, 10, 10];
  const derivationWidth = Math.max(40, opts.width - fixed.reduce((a, b) => a + b, 0) - 6);
  out.push(
    `  shards each limit needs, and how much of it ${s.shards.planned} shards use on average and at peak`,
  );
  const limits = table(
    ['limit', 'shards', 'derivation (at peak)', 'avg use', 'peak use'],
    [fixed[0]!, fixed[1]!, derivationWidth, fixed[2]!, fixed[3]!],
  );
  for (const l of SHARD_LIMITS) {
    const name = l === s.shards.binding ? opts.style.bold(`${LIMIT_LABELS[l]} *`) : LIMIT_LABELS[l];
    limits.push([
      name,
      formatShards(s.shards.byLimit[l]),
      derivationText(s, l),
      colourUtil(s.utilisation.average[l], opts),
      colourUtil(s.utilisation.peak[l], opts),
    ]);
  }
  for (const c of s.consumers) {
    const label = `consumer ${c.name}`;
    const isBinding = s.shards.binding === 'consumer' && s.shards.consumer?.name === c.name;
    limits.push([
      isBinding ? opts.style.bold(`${label} *`) : label,
      formatShards(c.need.binding.shards),
      consumerDerivationText(c),
      colourUtil(c.planned.averageUtilisation, opts),
      colourUtil(c.planned.peakUtilisation, opts),
    ]);
  }
  const polling = s.readers.filter((r) => r.type !== 'efo');
  limits.push([
    'GetRecords calls',
    'n/a',
    polling.length === 0
      ? 'no polling readers'
      : `${polling.map((r) => `1 ÷ ${formatDuration(r.pollIntervalSec ?? 1)}`).join(' + ')} = ${formatNumber(s.readCallsPerShardPerSecond)} calls/s per shard of 5 (more shards do not help)`,
    colourUtil(s.utilisation.average.readCalls, opts),
    colourUtil(s.utilisation.peak.readCalls, opts),
  ]);
  const efo = s.readers.filter((r) => r.type === 'efo');
  if (efo.length > 0) {
    limits.push([
      'enhanced fan-out',
      'n/a',
      `${efo.length} consumer${efo.length === 1 ? '' : 's'}, each a dedicated 2 MiB/s per shard`,
      colourUtil(s.utilisation.average.efo, opts),
      colourUtil(s.utilisation.peak.efo, opts),
    ]);
  }
  out.push(limits.toString());
  for (const line of consumerLines(s.consumers)) out.push(`  ${wrap(line, opts.width, 4)}`);
  if (s.shards.horizon.months > 0) {
    out.push(
      `  At the growth horizon (${formatMonths(s.shards.horizon.months)} at ${formatPercent(s.shards.horizon.growthPerMonth)}/month): ${opts.style.bold(`${s.shards.horizon.required} shards`)} (${bindingLabel(s.shards.horizon)}).`,
    );
  }
  for (const od of s.onDemand) out.push(`  ${onDemandFitLine(od)}`);
  out.push(renderProducerText(s, opts));
  if (!s.cost) out.push('', `  ${opts.style.bold('Monthly cost')}: unknown (no prices for ${unpricedRegion})`);
  if (s.cost) {
    out.push(
      '',
      `  ${opts.style.bold('Monthly cost')} (planned as ${s.cost.planned.mode}${s.capacityMode === 'compare' ? ', the cheapest' : ''}: ${opts.style.bold(formatUsd(s.cost.planned.monthlyUsd))})`,
    );
    out.push(renderCostText(s.cost, s.cost.comparison, opts).replace(/^/gm, '  ').trimEnd());
    if (s.cost.horizon) {
      const h = s.cost.horizon;
      out.push(
        `  At the growth horizon: ${h.cheapest} is cheapest at ${formatUsd(h.monthlyUsd[h.cheapest])} a month.`,
      );
    }
  }
  return out.join('\n');
}

function renderTotals(report: PlanReport, opts: RenderOptions): string {
  const t = report.totals;
  if (!report.pricing) return `${opts.style.bold('Total')} unknown: no prices for ${unpricedRegionOf(report)} (see the warning below).\n${opts.style.dim(gigabyteLine(report.settings.gigabyte))}\n`;
  const parts = report.streams.length > 0 ? [`streams ${formatUsd(t.streamsMonthlyUsd)}`] : [];
  const unknownOf = (stages: readonly { cost: { monthlyUsd: number | null } }[]) =>
    stages.some((x) => x.cost.monthlyUsd === null) ? ' + unknown' : '';
  if (report.firehose.length > 0)
    parts.push(`Firehose ${formatUsd(t.firehoseMonthlyUsd)}${unknownOf(report.firehose)}`);
  if (report.flink.length > 0) parts.push(`Flink ${formatUsd(t.flinkMonthlyUsd)}${unknownOf(report.flink)}`);
  if (t.advantageCommitmentTopUpUsd > 0)
    parts.push(`On-demand Advantage account minimum top-up ${formatUsd(t.advantageCommitmentTopUpUsd)}`);
  // Wrapped to the width as plain text; the leading words are styled afterwards, so styling takes no width.
  const amount = formatUsd(t.monthlyUsd);
  const total = wrap(`Total ${amount} a month today (${parts.join(', ')})${t.hasUnknownLines ? '; unknown lines left out' : ''}.`, opts.width, 2);
  const h = t.horizon;
  const lead = h ? `At the ${formatNumber(h.months)}-month growth horizon` : '';
  const horizon = h
    ? `${opts.style.bold(lead)}${wrap(`${lead} ${formatUsd(h.monthlyUsd)} a month, the same design on the grown traffic${h.hasUnknownLines ? '; unknown lines left out' : ''}.`, opts.width, 2).slice(lead.length)}\n`
    : '';
  return `${opts.style.bold('Total')} ${opts.style.green.bold(amount)}${total.slice(`Total ${amount}`.length)}\n${horizon}${opts.style.dim(`Prices: ${report.pricing.label}, effective ${report.pricing.effectiveDate}; ${report.settings.monthHours} h a month.`)}\n${opts.style.dim(gigabyteLine(report.settings.gigabyte))}\n`;
}

/** The terminal report: a summary, one section per stream, then findings. */
export function renderText(report: PlanReport, opts: RenderOptions): string {
  const parts: string[] = [];
  parts.push(
    `${opts.style.bold(`kinesis-plan · ${report.workload.name}`)} ${opts.style.dim(`(${report.workload.region})`)}\n`,
  );
  for (const s of report.streams) parts.push(`${renderStream(s, opts, unpricedRegionOf(report))}\n`);
  if (report.firehose.length + report.flink.length > 0) parts.push(renderDeliveryText(report, opts));
  parts.push(renderTotals(report, opts));
  parts.push(renderFindings(report.findings, opts));
  return `${parts.join('\n')}`;
}
