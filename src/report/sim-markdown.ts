import type { SimResult, StreamSimResult } from '../sim/types.js';
import { findingMessage } from './findings.js';
import { changeSentences, simulatedSentence, verdictSentence } from './sim-summary.js';
import { describeModel, describeProducer, latencyLabel, NO_STREAMS_TO_SIMULATE, worstMinutes } from './sim-text.js';
import { formatDuration, formatNumber, formatPercent } from './units.js';
import { markdownCell } from './markdown-cell.js';

const ms = (v: number) => formatDuration(v / 1000);

function streamSection(s: StreamSimResult): string {
  const r = s.records;
  const lines = [
    `### ${markdownCell(s.name)}`,
    '',
    `${s.mode}, ${s.shards.initial === s.shards.final ? s.shards.initial : `${s.shards.initial} → ${s.shards.final}`} shards, client \`${s.client}\`; ${describeProducer(s.producer)}.`,
    '',
    '| records | count |',
    '|---|---:|',
    `| offered | ${formatNumber(r.offered)} |`,
    `| accepted | ${formatNumber(r.accepted)} |`,
    `| throttled attempts | ${formatNumber(r.throttledAttempts)} (${formatPercent(s.throttledShare)} of attempts) |`,
    `| retries (attempts) | ${formatNumber(r.retries)} |`,
    `| dropped | ${formatNumber(r.dropped)} |`,
    ...Object.entries(r.droppedByCause)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `| &nbsp;&nbsp;${c} | ${formatNumber(n)} |`),
    `| pending at end | ${formatNumber(r.pending)} |`,
    '',
    `${latencyLabel(s.producer).replace(/^l/, 'L')}: p50 ${ms(s.latencyMs.p50)}, p95 ${ms(s.latencyMs.p95)}, p99 ${ms(s.latencyMs.p99)}, max ${ms(s.latencyMs.max)}.`,
  ];
  const top = worstMinutes(s, 5);
  if (top.length > 0) {
    lines.push(
      '',
      'Worst minutes: what CloudWatch shows (accepted = `IncomingRecords`, throttled = `WriteProvisionedThroughputExceeded`, one-minute sums), and the second it hides (attempts count every try, retries included).',
      '',
      '| minute | accepted | throttled | attempts/s, average | attempts in the busiest second | busiest ÷ average |',
      '|---:|---:|---:|---:|---:|---:|',
      ...top.map(
        (m) =>
          `| ${m.minute} | ${formatNumber(m.incomingRecords)} | ${formatNumber(m.writeProvisionedThroughputExceeded)} | ${formatNumber(m.attempts / 60)} | ${formatNumber(m.peakSecondAttempts)} | ${formatNumber(m.hiddenBurstRatio)}× |`,
      ),
    );
  }
  if (s.consumers.length > 0) {
    lines.push(
      '',
      '| consumer | type | GetRecords calls | throttled | max iterator age |',
      '|---|---|---:|---:|---:|',
      ...s.consumers.map(
        (c) => `| ${markdownCell(c.name)} | ${c.type} | ${formatNumber(c.getRecordsCalls)} | ${formatNumber(c.readThrottledCalls)} | ${c.isIteratorAgeCapped ? '≥ ' : ''}${ms(c.maxIteratorAgeMs)} |`,
      ),
    );
  }
  for (const e of s.onDemandEvents) lines.push('', `On-demand split at ${formatDuration(e.atSec)}: ${e.fromShards} → ${e.toShards} shards.`);
  return lines.join('\n');
}

/** The Markdown report of a simulation (for pull requests and wikis). */
export function renderSimMarkdown(result: SimResult): string {
  const parts = [
    `## Simulation: ${formatDuration(result.durationSec)}, seed ${result.seed}`,
    '',
    ...result.streams.flatMap((s) => [
      `**${markdownCell(s.name)}.** ${simulatedSentence(result, s)}`,
      '',
      `**Verdict:** ${verdictSentence(result, s)}`,
      '',
      `**To change:** ${changeSentences(result, s).join(' ')}`,
      '',
    ]),
    ...(result.streams.length > 0 ? result.streams.map(streamSection) : [NO_STREAMS_TO_SIMULATE]),
    '',
    `Model: ${describeModel(result.params)}.`,
    '',
    '### Findings',
    '',
    ...(result.findings.length === 0
      ? ['None.']
      : result.findings.map((f) => `- **${f.severity}** \`${f.path}\` (${f.code}): ${findingMessage(f)}`)),
  ];
  return `${parts.join('\n')}\n`;
}
