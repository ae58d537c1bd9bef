import { SHARD_LIMITS } from '../plan/shards.js';
import { derivationText, LIMIT_LABELS } from './derivation.js';
import type { PlanReport, ReportFinding } from './json.js';
import { formatByteRate, formatMonths, formatNumber, formatPercent, formatShards } from './units.js';

const esc = (s: string) => s.replace(/\|/g, '\\|');

function row(cells: string[]): string {
  return `| ${cells.map(esc).join(' | ')} |`;
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
  lines.push(row(['stream', 'shards', 'binding limit', 'peak records/s', 'peak write']), row(['---', '---:', '---', '---:', '---:']));
  for (const s of report.streams) {
    lines.push(
      row([s.name, String(s.shards.required), LIMIT_LABELS[s.shards.binding], formatNumber(s.load.peak.recordsPerSec), formatByteRate(s.load.peak.writeBytesPerSec)]),
    );
  }
  lines.push('');
  for (const s of report.streams) {
    lines.push(`### Stream \`${s.name}\``, '');
    lines.push(row(['limit', 'shards needed', 'derivation (at peak)', `avg use at ${s.shards.planned}`, 'peak use']), row(['---', '---:', '---', '---:', '---:']));
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
    lines.push(
      row(['GetRecords calls', 'n/a', `${formatNumber(s.readCallsPerShardPerSecond)} calls/s per shard of 5`, formatPercent(s.utilisation.average.readCalls), formatPercent(s.utilisation.peak.readCalls)]),
    );
    lines.push('');
    if (s.shards.horizon.months > 0) {
      lines.push(`At the growth horizon (${formatMonths(s.shards.horizon.months)}): **${s.shards.horizon.required} shards** (${LIMIT_LABELS[s.shards.horizon.binding]}).`, '');
    }
  }
  lines.push('### Findings', '', markdownFindings(report.findings));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
