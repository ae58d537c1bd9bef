import type { SimResult, StreamSimResult } from '../sim/types.js';
import { findingMessage } from './findings.js';
import { describeProducer, latencyLabel, NO_STREAMS_TO_SIMULATE } from './sim-text.js';
import { formatDuration, formatNumber, formatPercent } from './units.js';
import { markdownCell } from './markdown-cell.js';

const ms = (v: number) => formatDuration(v / 1000);

function streamSection(s: StreamSimResult): string {
  const r = s.records;
  const lines = [
    `### ${markdownCell(s.name)}`,
    '',
    `${s.mode}, ${s.shards.initial === s.shards.final ? s.shards.initial : `${s.shards.initial} → ${s.shards.final}`} shards, client \`${s.client}\`, ${describeProducer(s.producer)}.`,
    '',
    '| records | count |',
    '|---|---:|',
    `| offered | ${formatNumber(r.offered)} |`,
    `| accepted | ${formatNumber(r.accepted)} |`,
    `| throttled attempts | ${formatNumber(r.throttledAttempts)} (${formatPercent(s.throttledShare)}) |`,
    `| retries | ${formatNumber(r.retries)} |`,
    `| dropped | ${formatNumber(r.dropped)} |`,
    ...Object.entries(r.droppedByCause)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `| &nbsp;&nbsp;${c} | ${formatNumber(n)} |`),
    `| pending at end | ${formatNumber(r.pending)} |`,
    '',
    `${latencyLabel(s.producer).replace(/^l/, 'L')}: p50 ${ms(s.latencyMs.p50)}, p95 ${ms(s.latencyMs.p95)}, p99 ${ms(s.latencyMs.p99)}, max ${ms(s.latencyMs.max)}.`,
  ];
  const worst = s.perMinute.filter((m) => m.writeProvisionedThroughputExceeded > 0);
  if (worst.length > 0) {
    const top = [...worst]
      .sort(
        (a, b) =>
          b.writeProvisionedThroughputExceeded - a.writeProvisionedThroughputExceeded || a.minute - b.minute,
      )
      .slice(0, 5)
      .sort((a, b) => a.minute - b.minute);
    lines.push(
      '',
      '| minute | IncomingRecords | WriteProvisionedThroughputExceeded | avg/s | peak second | peak ÷ avg |',
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
        (c) =>
          `| ${markdownCell(c.name)} | ${c.type} | ${formatNumber(c.getRecordsCalls)} | ${formatNumber(c.readThrottledCalls)} | ${c.isIteratorAgeCapped ? '≥ ' : ''}${ms(c.maxIteratorAgeMs)} |`,
      ),
    );
  }
  for (const e of s.onDemandEvents)
    lines.push('', `On-demand split at ${formatDuration(e.atSec)}: ${e.fromShards} → ${e.toShards} shards.`);
  return lines.join('\n');
}

/** The Markdown report of a simulation (for pull requests and wikis). */
export function renderSimMarkdown(result: SimResult): string {
  const p = result.params;
  const parts = [
    `## Simulation: ${formatDuration(result.durationSec)}, seed ${result.seed}`,
    '',
    `Model: ${p.enforcement}, bucket depth ${formatNumber(p.burstSeconds)} s, write bytes ${p.writeBytesRule}, step ${ms(p.stepSec * 1000)}, on-demand split delay ${formatDuration(p.onDemandSplitDelaySec)}.`,
    '',
    ...(result.streams.length > 0 ? result.streams.map(streamSection) : [NO_STREAMS_TO_SIMULATE]),
    '',
    '### Findings',
    '',
    ...(result.findings.length === 0
      ? ['None.']
      : result.findings.map((f) => `- **${f.severity}** \`${f.path}\` (${f.code}): ${findingMessage(f)}`)),
  ];
  return `${parts.join('\n')}\n`;
}
