import type { CostMode } from '../vocab/capacity-modes.js';
import type { IacAt, IacFindingArgs } from '../vocab/findings-iac.js';
import type { Wording } from './findings.js';
import { formatBytes, formatDuration, formatUsd } from './units.js';

const MODE_NAMES: Record<CostMode, string> = {
  provisioned: 'provisioned',
  'on-demand': 'On-demand Standard',
  'on-demand-advantage': 'On-demand Advantage',
};

/** `aws_kinesis_stream.clicks (main.tf:9)`: the resource and where it is declared. */
function where(at: IacAt): string {
  return `${at.resource} (${at.file}:${at.line})`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Wording of the infrastructure-code findings. */
export const iacFindingMessages: Wording<IacFindingArgs> = {
  IAC_SHARDS_TOO_FEW: (a) =>
    `${where(a)} declares ${plural(a.declared, 'shard')}; the workload needs ${a.required} at peak. Raise shard_count (ShardCount) to at least ${a.required}.`,
  IAC_SHARDS_OUTGROWN: (a) =>
    `${where(a)} declares ${plural(a.declared, 'shard')}, enough today; the workload needs ${a.horizonRequired} in ${plural(a.months, 'month')} as it grows.`,
  IAC_SHARDS_OVERPROVISIONED: (a) =>
    `${where(a)} declares ${plural(a.declared, 'shard')}; the workload needs ${a.needed}${a.excessMonthlyUsd !== undefined ? `: the ${a.declared - a.needed} extra cost ${formatUsd(a.excessMonthlyUsd)} a month` : ''}.`,
  IAC_MODE_COSTLIER: (a) =>
    `${where(a)} is ${MODE_NAMES[a.declaredMode]}, ${formatUsd(a.declaredMonthlyUsd)} a month at this workload; ${MODE_NAMES[a.cheaperMode]} would cost ${formatUsd(a.cheaperMonthlyUsd)}.`,
  IAC_VALUE_UNKNOWN: (a) =>
    `${where(a)}: the ${a.setting} is not known here (${a.why}), so it is not checked.`,
  IAC_MAX_RECORD_SIZE_TOO_SMALL: (a) =>
    `${where(a)} accepts records up to ${formatBytes(a.declaredBytes)}; the workload writes records of ${formatBytes(a.recordBytes)}, which Kinesis would reject.`,
  IAC_FIREHOSE_BUFFER_REJECTED: (a) =>
    a.setting === 'size'
      ? `${where(a)} buffers ${a.declared} MiB; ${a.columnarReason !== '' ? `with ${a.columnarReason} ` : ''}AWS accepts ${a.min}–${a.max} MiB and would reject it.`
      : `${where(a)} buffers for ${a.declared} s; AWS accepts ${a.min}–${a.max} s and would reject it.`,
  IAC_FIREHOSE_LATENCY_MISSED: (a) =>
    `${where(a)} delivers in up to ${formatDuration(a.latencySec)} with a ${formatDuration(a.intervalSec)} buffer interval; the workload's target is ${formatDuration(a.maxLatencySec)}.`,
  IAC_FLINK_TOO_FEW_KPUS: (a) =>
    `${where(a)} declares parallelism ${a.parallelism} at ${a.parallelismPerKpu} per KPU (${plural(a.declaredKpus, 'KPU')}); the workload needs ${a.neededKpus}.${a.isAutoScaling ? ' Autoscaling may add KPUs, after a delay.' : ''}`,
  IAC_FLINK_SETTING_REJECTED: (a) =>
    `${where(a)}: ${a.setting} ${a.declared} is outside ${a.min}–${a.max}; AWS would reject it.`,
  IAC_EVENT_SOURCE_SETTING_REJECTED: (a) =>
    `${where(a)}: ${a.setting} ${a.declared} is outside ${a.min}–${a.max} for a Kinesis source; AWS would reject it.`,
  IAC_RESOURCE_NOT_IN_WORKLOAD: (a) =>
    `${where(a)}: a ${a.kind}${a.name !== '' ? ` named ${a.name}` : ''} that no part of the workload describes; it is not checked.`,
  IAC_NOT_DECLARED: (a) =>
    `The ${a.kind === 'firehose' ? 'Firehose stream' : a.kind === 'flink' ? 'Flink application' : 'stream'} ${a.name} is in no infrastructure file given; set \`iac:\` to its resource if its name differs.`,
};
