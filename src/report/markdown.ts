import { SHARD_LIMITS } from '../vocab/shard-limits.js';
import { bindingLabel, consumerDerivationText, consumerLines, derivationText, evenSpreadShards, LIMIT_LABELS } from './derivation.js';
import { renderDeliveryMarkdown } from './delivery.js';
import type { PlanReport, ReportFinding } from '../contract/plan-report.js';
import { renderCostMarkdown } from './pricing.js';
import { renderProducerMarkdown } from './producer.js';
import { unpricedRegionOf } from './text.js';
import { gigabyteLine } from './findings-cost.js';
import {
  formatByteRate,
  formatMonths,
  formatNumber,
  formatPercent,
  formatShards,
  formatUsd,
} from './units.js';
import { markdownCell } from './markdown-cell.js';

function row(cells: string[]): string {
  return `| ${cells.map(markdownCell).join(' | ')} |`;
}

export function markdownFindings(findings: readonly ReportFinding[]): string {
  if (findings.length === 0) return '_No findings._\n';
  const icon = { error: '🛑 error', warning: '⚠️ warning', info: 'ℹ️ info' } as const;
  return `${findings.map((f) => `- **${icon[f.severity]}** \`${f.path}\` (${f.code}): ${f.message}`).join('\n')}\n`;
}

/** A report to paste into a pull request: a summary table, then details per stream. */
export function renderMarkdown(report: PlanReport): string {
  const lines: string[] = [];
  lines.push(`## kinesis-plan: ${report.workload.name} (${report.workload.region})`, '');
  lines.push(
    row(['stream', 'shards', 'binding limit', 'peak records/s', 'peak write', 'mode', 'monthly']),
    row(['---', '---:', '---', '---:', '---:', '---', '---:']),
  );
  for (const s of report.streams) {
    lines.push(
      row([
        s.name,
        String(s.shards.required),
        bindingLabel(s.shards),
        formatNumber(s.load.peak.recordsPerSec),
        formatByteRate(s.load.peak.writeBytesPerSec),
        s.cost ? `${s.cost.planned.mode}${s.capacityMode === 'compare' ? ' (cheapest)' : ''}` : '—',
        s.cost ? formatUsd(s.cost.planned.monthlyUsd) : 'unknown',
      ]),
    );
  }
  for (const f of report.firehose)
    lines.push(row([`Firehose ${f.name}`, '', '', '', '', '', formatUsd(f.cost.monthlyUsd)]));
  for (const f of report.flink)
    lines.push(
      row([`Flink ${f.name}`, '', '', '', '', `${f.billedKpus} KPUs`, formatUsd(f.cost.monthlyUsd)]),
    );
  if (report.pricing) {
    lines.push(row(['**total today**', '', '', '', '', '', `**${formatUsd(report.totals.monthlyUsd)}**`]));
    const h = report.totals.horizon;
    if (h)
      lines.push(
        row([
          `total at the ${formatNumber(h.months)}-month horizon`,
          '',
          '',
          '',
          '',
          '',
          formatUsd(h.monthlyUsd),
        ]),
      );
    lines.push(
      '',
      `Prices: ${report.pricing.label}, effective ${report.pricing.effectiveDate}; ${report.settings.monthHours} h a month.${report.totals.advantageCommitmentTopUpUsd > 0 ? ` Includes the On-demand Advantage account minimum top-up of ${formatUsd(report.totals.advantageCommitmentTopUpUsd)}.` : ''} ${gigabyteLine(report.settings.gigabyte)}`,
    );
  } else {
    lines.push(row(['**total today**', '', '', '', '', '', '**unknown**']), '', `No prices for ${unpricedRegionOf(report)}: every cost is unknown. ${gigabyteLine(report.settings.gigabyte)}`);
  }
  lines.push('');
  for (const s of report.streams) {
    lines.push(`### Stream \`${s.name}\``, '');
    const even = evenSpreadShards(s);
    lines.push(
      `**${s.shards.required} shards** at peak with ${formatPercent(s.shards.derivation.writeBytes.headroomFactor - 1)} headroom; binding limit: ${bindingLabel(s.shards)}${s.shards.required > even ? ` (${even} on an even spread; partition-key skew adds ${s.shards.required - even})` : ''}.`,
      '',
    );
    lines.push(
      row(['limit', 'shards needed', 'derivation (at peak)', `avg use at ${s.shards.planned}`, 'peak use']),
      row(['---', '---:', '---', '---:', '---:']),
    );
    for (const l of SHARD_LIMITS) {
      lines.push(
        row([
          l === s.shards.binding ? `**${LIMIT_LABELS[l]}**` : LIMIT_LABELS[l],
          formatShards(s.shards.byLimit[l]),
          derivationText(s, l),
          formatPercent(s.utilisation.average[l]),
          formatPercent(s.utilisation.peak[l]),
        ]),
      );
    }
    for (const c of s.consumers) {
      const label = `consumer ${c.name}`;
      const isBinding = s.shards.binding === 'consumer' && s.shards.consumer?.name === c.name;
      lines.push(
        row([
          isBinding ? `**${label}**` : label,
          formatShards(c.need.binding.shards),
          consumerDerivationText(c),
          formatPercent(c.planned.averageUtilisation),
          formatPercent(c.planned.peakUtilisation),
        ]),
      );
    }
    lines.push(
      row([
        'GetRecords calls',
        'n/a',
        `${formatNumber(s.readCallsPerShardPerSecond)} calls/s per shard of 5`,
        formatPercent(s.utilisation.average.readCalls),
        formatPercent(s.utilisation.peak.readCalls),
      ]),
    );
    lines.push('');
    const consumerText = consumerLines(s.consumers);
    if (consumerText.length > 0) lines.push(...consumerText.map((l) => `- ${l}`), '');
    if (s.shards.horizon.months > 0) {
      lines.push(
        `At the growth horizon (${formatMonths(s.shards.horizon.months)}): **${s.shards.horizon.required} shards** (${bindingLabel(s.shards.horizon)}).`,
        '',
      );
    }
    lines.push(renderProducerMarkdown(s));
    if (s.cost) {
      lines.push(
        '<details><summary>Monthly cost by capacity mode</summary>',
        '',
        renderCostMarkdown(s.cost, s.cost.comparison),
        '</details>',
        '',
      );
    }
  }
  if (report.firehose.length + report.flink.length > 0) lines.push(renderDeliveryMarkdown(report));
  lines.push('### Findings', '', markdownFindings(report.findings));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
