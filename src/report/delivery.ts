import type { StageCost } from '../plan/firehose.js';
import type { PlanReport } from '../contract/plan-report.js';
import { definition } from './layout.js';
import { renderBillText } from './pricing.js';
import { batchingLine } from './findings-delivery.js';
import type { RenderOptions } from './style.js';
import {
  formatByteRate,
  formatBytes,
  formatDuration,
  formatNumber,
  formatUnitPrice,
  formatUsd,
} from './units.js';
import { markdownCell } from './markdown-cell.js';

type FirehoseReport = PlanReport['firehose'][number];
type FlinkReport = PlanReport['flink'][number];

function quantity(l: StageCost['lines'][number]): string {
  return l.quantity === null ? 'unknown' : `${formatNumber(l.quantity)} ${l.unit}`;
}

function firehoseFacts(f: FirehoseReport): [string, string][] {
  const source = f.source.kind === 'stream' ? `stream ${f.source.stream ?? ''}` : 'Direct PUT';
  return [
    [
      'source',
      `${source}: ${formatNumber(f.source.recordsPerSec)} records/s of ${formatBytes(f.source.recordBytes)} (${formatByteRate(f.source.bytesPerSec)})`,
    ],
    ['destination', String(f.destination)],
    [
      'buffer',
      `${f.buffer.sizeMiB} MiB / ${f.buffer.intervalSeconds} s (${f.buffer.isUserSet ? 'as set' : 'recommended'}); delivery is triggered by ${f.buffer.trigger === 'size' ? 'size' : 'the interval'}`,
    ],
    [
      'objects',
      `${formatBytes(f.objectSizeBytes)} each, ${formatNumber(f.objectsPerHour)} per hour${f.activePartitions > 1 ? ` (${formatNumber(f.objectsPerHourPerPartition)} per partition × ${f.activePartitions})` : ''}; ${formatNumber(f.s3PutsPerMonth)} S3 PUTs a month`,
    ],
    ['delivery latency', `about ${formatDuration(f.deliveryLatencySeconds)} of buffering`],
    [
      'billed ingestion',
      `${formatNumber(f.ingestion.billedGbPerMonth)} GB a month for ${formatNumber(f.ingestion.rawGbPerMonth)} GB sent (${formatBytes(f.ingestion.billedBytesPerRecord)} billed per record)`,
    ],
    ...(f.batching.savingUsdPerMonth !== null && f.batching.savingUsdPerMonth > 0
      ? ([
          [
            'batching',
            batchingLine(f.batching),
          ],
        ] as [string, string][])
      : []),
    ...(f.horizon
      ? ([
          [
            `in ${formatNumber(f.horizon.months)} months`,
            `${formatNumber(f.horizon.recordsPerSec)} records/s: ${formatBytes(f.horizon.objectSizeBytes)} objects, ${formatNumber(f.horizon.objectsPerHour)}/h, ${formatUsd(f.horizon.cost.monthlyUsd)} a month`,
          ],
        ] as [string, string][])
      : []),
  ];
}

function flinkFacts(f: FlinkReport): [string, string][] {
  return [
    [
      'source',
      `stream ${f.source.stream} (${f.source.type === 'efo' ? 'enhanced fan-out' : `polling every ${formatDuration(f.source.pollIntervalSec)}`}), ${formatByteRate(f.sourceBytesPerSec)} at the peak`,
    ],
    [
      'KPUs',
      `${f.kpus} (from ${f.kpuBasis}) + 1 orchestration = ${f.billedKpus} billed${f.capacityBytesPerSec !== null ? `; sustains ${formatByteRate(f.capacityBytesPerSec)}` : ''}`,
    ],
    [
      'storage',
      `${formatNumber(f.runningStorageGb)} GB running storage, ${formatNumber(f.backupGb)} GB backups`,
    ],
    ...(f.horizon
      ? ([
          [
            `in ${formatNumber(f.horizon.months)} months`,
            `${formatByteRate(f.horizon.sourceBytesPerSec)} at peak: ${f.horizon.billedKpus} KPUs billed, ${formatUsd(f.horizon.cost.monthlyUsd)} a month`,
          ],
        ] as [string, string][])
      : []),
  ];
}

/** The Firehose and Flink sections of the terminal report. */
export function renderDeliveryText(report: PlanReport, opts: RenderOptions): string {
  const out: string[] = [];
  for (const f of report.firehose) {
    out.push(opts.style.bold(`Firehose ${f.name}`));
    for (const [k, v] of firehoseFacts(f)) out.push(definition(k, v, opts.width, 2, 17));
    out.push(renderBillText(f.cost.lines, { label: 'Total', text: formatUsd(f.cost.monthlyUsd) }, opts, 2), '');
  }
  for (const f of report.flink) {
    out.push(opts.style.bold(`Flink ${f.name}`));
    for (const [k, v] of flinkFacts(f)) out.push(definition(k, v, opts.width, 2, 17));
    out.push(renderBillText(f.cost.lines, { label: 'Total', text: formatUsd(f.cost.monthlyUsd) }, opts, 2), '');
  }
  return out.join('\n');
}

function costMarkdown(cost: StageCost): string[] {
  return [
    '| Item | Quantity | Unit price | Monthly |',
    '|---|---:|---:|---:|',
    ...cost.lines.map(
      (l) =>
        `| ${markdownCell(l.item)} | ${quantity(l)} | ${formatUnitPrice(l.unitUsd, l.unit)} | ${formatUsd(l.monthlyUsd)} |`,
    ),
    `| **Total** | | | **${formatUsd(cost.monthlyUsd)}** |`,
  ];
}

/** The Firehose and Flink sections in Markdown. */
export function renderDeliveryMarkdown(report: PlanReport): string {
  const out: string[] = [];
  for (const f of report.firehose) {
    out.push(
      `### Firehose \`${f.name}\``,
      '',
      ...firehoseFacts(f).map(([k, v]) => `- **${k}**: ${v}`),
      '',
      ...costMarkdown(f.cost),
      '',
    );
  }
  for (const f of report.flink) {
    out.push(
      `### Flink \`${f.name}\``,
      '',
      ...flinkFacts(f).map(([k, v]) => `- **${k}**: ${v}`),
      '',
      ...costMarkdown(f.cost),
      '',
    );
  }
  return out.join('\n');
}
