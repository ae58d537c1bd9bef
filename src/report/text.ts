import type { Severity } from '../vocab/findings.js';
import { SHARD_LIMITS } from '../vocab/shard-limits.js';
import { renderDeliveryText } from './delivery.js';
import type { PlanReport, ReportFinding } from '../contract/plan-report.js';
import { renderCostText } from './pricing.js';
import { renderProducerText } from './producer.js';
import { gigabyteLine } from './findings-cost.js';
import { onDemandFitLine } from './findings-stream.js';
import { bindingLabel, consumerDerivationText, consumerLines, derivationText, evenSpreadShards, LIMIT_LABELS } from './derivation.js';
import { fitColumns, paragraph, renderTable } from './layout.js';
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

export function renderFindings(findings: readonly ReportFinding[], opts: RenderOptions): string {
  if (findings.length === 0) return `${opts.style.bold('Findings')}\n  none\n`;
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const lines = sorted.map(
    (f) =>
      `${paragraph(`${severityMark(f.severity, opts)} ${opts.style.dim(f.path)} ${opts.style.dim(`[${f.code}]`)}`, opts.width, '  ', 10)}\n${paragraph(f.message, opts.width, ' '.repeat(10))}`,
  );
  return `${opts.style.bold('Findings')}\n${lines.join('\n')}\n`;
}

/** The Region a plan without prices found none for: the one PRICES_NOT_FOUND names, else the workload's. */
export function unpricedRegionOf(report: PlanReport): string {
  const f = report.findings.find((x) => x.code === 'PRICES_NOT_FOUND');
  return typeof f?.args.region === 'string' ? f.args.region : report.workload.region;
}

/** One row of the limits table: the limit, the shards it needs, how, and its average and peak use. */
interface LimitRow {
  limit: string;
  shards: string;
  derivation: string;
  average: string;
  peak: string;
}

function limitRows(s: StreamReport, opts: RenderOptions): LimitRow[] {
  const rows: LimitRow[] = [];
  for (const l of SHARD_LIMITS) {
    rows.push({
      limit: l === s.shards.binding ? opts.style.bold(`${LIMIT_LABELS[l]} *`) : LIMIT_LABELS[l],
      shards: formatShards(s.shards.byLimit[l]),
      derivation: derivationText(s, l),
      average: colourUtil(s.utilisation.average[l], opts),
      peak: colourUtil(s.utilisation.peak[l], opts),
    });
  }
  for (const c of s.consumers) {
    const label = `consumer ${c.name}`;
    const isBinding = s.shards.binding === 'consumer' && s.shards.consumer?.name === c.name;
    rows.push({
      limit: isBinding ? opts.style.bold(`${label} *`) : label,
      shards: formatShards(c.need.binding.shards),
      derivation: consumerDerivationText(c),
      average: colourUtil(c.planned.averageUtilisation, opts),
      peak: colourUtil(c.planned.peakUtilisation, opts),
    });
  }
  const polling = s.readers.filter((r) => r.type !== 'efo');
  rows.push({
    limit: 'GetRecords calls',
    shards: 'n/a',
    derivation:
      polling.length === 0
        ? 'no polling readers'
        : `${polling.map((r) => `1 ÷ ${formatDuration(r.pollIntervalSec ?? 1)}`).join(' + ')} = ${formatNumber(s.readCallsPerShardPerSecond)} calls/s per shard of 5 (more shards do not help)`,
    average: colourUtil(s.utilisation.average.readCalls, opts),
    peak: colourUtil(s.utilisation.peak.readCalls, opts),
  });
  const efo = s.readers.filter((r) => r.type === 'efo');
  if (efo.length > 0) {
    rows.push({
      limit: 'enhanced fan-out',
      shards: 'n/a',
      derivation: `${efo.length} consumer${efo.length === 1 ? '' : 's'}, each a dedicated 2 MiB/s per shard`,
      average: colourUtil(s.utilisation.average.efo, opts),
      peak: colourUtil(s.utilisation.peak.efo, opts),
    });
  }
  return rows;
}

/** The narrowest derivation column worth keeping beside the figures; narrower, each derivation gets a line of its own. */
const MIN_DERIVATION_COLUMN = 40;

/**
 * The limits table: side by side when the derivations get at least MIN_DERIVATION_COLUMN columns, else stacked (each
 * limit's figures on one line, its derivation across the table under them).
 */
function renderLimits(rows: readonly LimitRow[], opts: RenderOptions): string {
  const align: ('left' | 'right')[] = ['left', 'right', 'left', 'right', 'right'];
  const wide = {
    head: ['limit', 'shards', 'derivation (at peak)', 'avg use', 'peak use'],
    rows: rows.map((r) => [r.limit, r.shards, r.derivation, r.average, r.peak]),
    width: opts.width,
    indent: 2,
  };
  const { widths } = fitColumns(wide);
  if (widths[2]! - 2 >= MIN_DERIVATION_COLUMN) return renderTable({ ...wide, align });
  return renderTable({
    head: ['limit, and its derivation at peak', 'shards', 'avg use', 'peak use'],
    rows: rows.flatMap((r) => [[r.limit, r.shards, r.average, r.peak], [{ content: `  ${r.derivation}`, colSpan: 4 }]]),
    width: opts.width,
    indent: 2,
    align: ['left', 'right', 'right', 'right'],
    stretch: 0,
  });
}

function renderStream(s: StreamReport, opts: RenderOptions, unpricedRegion: string): string {
  const out: string[] = [];
  const mode = s.capacityMode === 'compare' ? 'capacity mode not set: all modes compared' : s.capacityMode;
  const shardWord = s.shards.required === 1 ? 'shard' : 'shards';
  out.push(
    `${opts.style.bold(`Stream ${s.name}`)} ${opts.style.dim(`(${mode})`)}`,
    paragraph(
      `${opts.style.green.bold(`${s.shards.required} ${shardWord}`)} needed at peak with ${formatPercent(s.shards.derivation.writeBytes.headroomFactor - 1)} headroom; binding limit: ${opts.style.bold(bindingLabel(s.shards))}` +
        (s.shards.required > evenSpreadShards(s)
          ? ` (${evenSpreadShards(s)} on an even spread; partition-key skew adds ${s.shards.required - evenSpreadShards(s)})`
          : '') +
        (s.shards.existing !== null ? `; existing stream has ${s.shards.existing}` : ''),
      opts.width,
      '  ',
    ),
  );

  const withHorizon = (a: string, p: string, h: string) => (s.load.horizonMonths > 0 ? [a, p, h] : [a, p]);
  out.push(
    renderTable({
      head: ['load', 'average', 'peak', ...(s.load.horizonMonths > 0 ? [`peak in ${formatMonths(s.load.horizonMonths)}`] : [])],
      rows: [
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
      ],
      width: opts.width,
      indent: 2,
      align: ['left', 'right', 'right', 'right'],
    }),
  );

  out.push(paragraph(`shards each limit needs, and how much of it ${s.shards.planned} shards use on average and at peak`, opts.width, '  '));
  out.push(renderLimits(limitRows(s, opts), opts));
  for (const line of consumerLines(s.consumers)) out.push(paragraph(line, opts.width, '  ', 4));
  if (s.shards.horizon.months > 0) {
    out.push(
      paragraph(
        `At the growth horizon (${formatMonths(s.shards.horizon.months)} at ${formatPercent(s.shards.horizon.growthPerMonth)}/month): ${opts.style.bold(`${s.shards.horizon.required} shards`)} (${bindingLabel(s.shards.horizon)}).`,
        opts.width,
        '  ',
        4,
      ),
    );
  }
  for (const od of s.onDemand) out.push(paragraph(onDemandFitLine(od), opts.width, '  ', 4));
  out.push(renderProducerText(s, opts));
  if (!s.cost) out.push('', paragraph(`${opts.style.bold('Monthly cost')}: unknown (no prices for ${unpricedRegion})`, opts.width, '  ', 4));
  if (s.cost) {
    out.push(
      '',
      paragraph(
        `${opts.style.bold('Monthly cost')} (planned as ${s.cost.planned.mode}${s.capacityMode === 'compare' ? ', the cheapest' : ''}: ${opts.style.bold(formatUsd(s.cost.planned.monthlyUsd))})`,
        opts.width,
        '  ',
        4,
      ),
    );
    out.push(renderCostText(s.cost, s.cost.comparison, opts, 2).trimEnd());
    if (s.cost.horizon) {
      const h = s.cost.horizon;
      out.push(paragraph(`At the growth horizon: ${h.cheapest} is cheapest at ${formatUsd(h.monthlyUsd[h.cheapest])} a month.`, opts.width, '  ', 4));
    }
  }
  return out.join('\n');
}

function renderTotals(report: PlanReport, opts: RenderOptions): string {
  const t = report.totals;
  if (!report.pricing) return `${paragraph(`${opts.style.bold('Total')} unknown: no prices for ${unpricedRegionOf(report)} (see the warning below).`, opts.width, '', 2)}\n${opts.style.dim(paragraph(gigabyteLine(report.settings.gigabyte), opts.width, '', 2))}\n`;
  const parts = report.streams.length > 0 ? [`streams ${formatUsd(t.streamsMonthlyUsd)}`] : [];
  const unknownOf = (stages: readonly { cost: { monthlyUsd: number | null } }[]) =>
    stages.some((x) => x.cost.monthlyUsd === null) ? ' + unknown' : '';
  if (report.firehose.length > 0)
    parts.push(`Firehose ${formatUsd(t.firehoseMonthlyUsd)}${unknownOf(report.firehose)}`);
  if (report.flink.length > 0) parts.push(`Flink ${formatUsd(t.flinkMonthlyUsd)}${unknownOf(report.flink)}`);
  if (t.advantageCommitmentTopUpUsd > 0)
    parts.push(`On-demand Advantage account minimum top-up ${formatUsd(t.advantageCommitmentTopUpUsd)}`);
  const total = paragraph(
    `${opts.style.bold('Total')} ${opts.style.green.bold(formatUsd(t.monthlyUsd))} a month today (${parts.join(', ')})${t.hasUnknownLines ? '; unknown lines left out' : ''}.`,
    opts.width,
    '',
    2,
  );
  const h = t.horizon;
  const horizon = h
    ? `${paragraph(`${opts.style.bold(`At the ${formatNumber(h.months)}-month growth horizon`)} ${formatUsd(h.monthlyUsd)} a month, the same design on the grown traffic${h.hasUnknownLines ? '; unknown lines left out' : ''}.`, opts.width, '', 2)}\n`
    : '';
  const prices = paragraph(`Prices: ${report.pricing.label}, effective ${report.pricing.effectiveDate}; ${report.settings.monthHours} h a month.`, opts.width, '', 2);
  return `${total}\n${horizon}${opts.style.dim(prices)}\n${opts.style.dim(paragraph(gigabyteLine(report.settings.gigabyte), opts.width, '', 2))}\n`;
}

/** The terminal report: a summary, one section per stream, then findings. */
export function renderText(report: PlanReport, opts: RenderOptions): string {
  const parts: string[] = [];
  parts.push(
    `${paragraph(`${opts.style.bold(`kinesis-plan · ${report.workload.name}`)} ${opts.style.dim(`(${report.workload.region})`)}`, opts.width, '', 2)}\n`,
  );
  for (const s of report.streams) parts.push(`${renderStream(s, opts, unpricedRegionOf(report))}\n`);
  if (report.firehose.length + report.flink.length > 0) parts.push(renderDeliveryText(report, opts));
  parts.push(renderTotals(report, opts));
  parts.push(renderFindings(report.findings, opts));
  return `${parts.join('\n')}`;
}
