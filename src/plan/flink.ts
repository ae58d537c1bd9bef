import {
  EFO_MAX_CONSUMERS,
  EFO_MAX_CONSUMERS_ADVANTAGE,
  FLINK_DEFAULT_MAX_KPUS,
  FLINK_ORCHESTRATION_KPUS,
  FLINK_POLL_INTERVAL_DEFAULT_SEC,
  FLINK_RUNNING_STORAGE_GB_PER_KPU,
  SHARD_GET_RECORDS_CALLS_PER_SEC,
  SHARD_READ_BYTES_PER_SEC,
} from '../limits.js';
import { InternalError } from '../errors.js';
import type { FlinkPricing } from '../pricing/schema.js';
import type { Workload } from '../workload/schema.js';
import { stageConsumers, type FlinkStage } from '../workload/stages-schema.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import { costLine, type CostLine } from './cost-line.js';
import { minWriteShards, type StageCost } from './firehose.js';
import { growthFactor, peakRecordsPerSec } from './load.js';

/**
 * Managed Service for Apache Flink: KPUs from the stage's sizing, the orchestration KPU, running storage and backups,
 * and whether the source stream's read side can feed the application.
 */

export interface FlinkPlanOptions {
  /**
   * Bill the 50 GB of running storage that comes with each application KPU. AWS's docs only say it is
   * "provisioned"; whether it is billed is open (kinesis-facts.md §3.4). Default true (the higher estimate).
   */
  isRunningStorageBilled?: boolean;
}

export interface FlinkPlan {
  name: string;
  source: { stream: string; type: 'polling' | 'efo'; pollIntervalSec: number };
  /** Application KPUs (without the orchestration KPU). */
  kpus: number;
  /** KPUs billed: application KPUs + 1 orchestration KPU. */
  billedKpus: number;
  kpuBasis: 'kpus' | 'parallelism' | 'throughput';
  /** Bytes per second the application must read at the source's grown peak. */
  sourceBytesPerSec: number;
  /** kpus × throughputPerKpu, when the throughput per KPU is known. */
  capacityBytesPerSec: number | null;
  runningStorageGb: number;
  backupGb: number;
  cost: StageCost;
  findings: Finding[];
}

/** Plans one Flink application: KPUs, monthly cost, and findings on its source stream's read side. */
export function planFlink(
  stage: FlinkStage,
  w: Workload,
  pricing: FlinkPricing | undefined,
  monthHours: number,
  gbBytes: number,
  options: FlinkPlanOptions = {},
): FlinkPlan {
  const index = w.flink.findIndex((f) => f === stage || f.name === stage.name);
  const at = (...rest: (string | number)[]) => fieldPath(['flink', Math.max(0, index), ...rest]);
  const findings: Finding[] = [];
  const stream = w.streams.find((s) => s.name === stage.source.stream);
  if (stream === undefined) {
    // checkStageReferences rejects this when the workload is parsed; reaching here is a programming error.
    throw new InternalError(`unknown source stream "${stage.source.stream}"`);
  }

  // The application reads every user record at the grown peak: data plus partition key per record.
  const grownPeakRecordsPerSec = peakRecordsPerSec(stream) * growthFactor(stream.records.growth, stream.records.horizon);
  const recordBytes = stream.records.size + stream.partitionKeys.length;
  const sourceBytesPerSec = grownPeakRecordsPerSec * recordBytes;

  let kpus: number;
  let kpuBasis: FlinkPlan['kpuBasis'];
  if (stage.kpus !== undefined) {
    kpus = stage.kpus;
    kpuBasis = 'kpus';
  } else if (stage.parallelism !== undefined) {
    kpus = Math.ceil(stage.parallelism / (stage.parallelismPerKpu ?? 1));
    kpuBasis = 'parallelism';
  } else {
    // The schema requires one of kpus, parallelism or throughputPerKpu.
    kpus = Math.max(1, Math.ceil(sourceBytesPerSec / (stage.throughputPerKpu ?? sourceBytesPerSec) - 1e-9));
    kpuBasis = 'throughput';
  }
  const capacityBytesPerSec = stage.throughputPerKpu !== undefined ? kpus * stage.throughputPerKpu : null;
  if (capacityBytesPerSec !== null && stage.throughputPerKpu !== undefined && capacityBytesPerSec < sourceBytesPerSec * (1 - 1e-9)) {
    findings.push({
      code: 'FLINK_UNDERSIZED',
      severity: 'error',
      path: at(kpuBasis === 'parallelism' ? 'parallelism' : 'kpus'),
      args: {
        kpus,
        neededKpus: Math.ceil(sourceBytesPerSec / stage.throughputPerKpu - 1e-9),
        sourceBytesPerSec,
        capacityBytesPerSec,
      },
    });
  }
  if (kpus > FLINK_DEFAULT_MAX_KPUS) {
    findings.push({
      code: 'FLINK_KPU_LIMIT',
      severity: 'warning',
      path: at(kpuBasis === 'kpus' ? 'kpus' : kpuBasis === 'parallelism' ? 'parallelism' : 'throughputPerKpu'),
      args: { kpus, limit: FLINK_DEFAULT_MAX_KPUS },
    });
  }

  // The source stream's read side.
  const type = stage.source.type;
  const pollIntervalSec = type === 'efo' ? 0 : (stage.source.pollInterval ?? FLINK_POLL_INTERVAL_DEFAULT_SEC);
  if (type === 'polling') {
    const readers = [
      ...stream.consumers
        .filter((c) => c.type !== 'efo')
        .map((c) => ({ name: c.name, pollIntervalSec: c.pollInterval ?? 1 })),
      ...stageConsumers(w, stream.name).filter((c) => c.type === 'polling'),
    ];
    const callsPerSecPerShard = readers.reduce((sum, r) => sum + 1 / r.pollIntervalSec, 0);
    if (callsPerSecPerShard > SHARD_GET_RECORDS_CALLS_PER_SEC + 1e-9) {
      findings.push({
        code: 'FLINK_SOURCE_GET_RECORDS_EXCEEDED',
        severity: 'warning',
        path: at('source', 'type'),
        args: {
          stream: stream.name,
          callsPerSecPerShard,
          limit: SHARD_GET_RECORDS_CALLS_PER_SEC,
          readers: readers.length,
          flinkCallsPerSec: 1 / pollIntervalSec,
        },
      });
    }
    const shards = stream.shards ?? minWriteShards(stream);
    const readBytesPerSecPerShard = (readers.length * sourceBytesPerSec) / shards;
    if (readBytesPerSecPerShard > SHARD_READ_BYTES_PER_SEC * (1 + 1e-9)) {
      const readShards = Math.ceil((readers.length * sourceBytesPerSec) / SHARD_READ_BYTES_PER_SEC - 1e-9);
      findings.push(
        stream.shards !== undefined
          ? {
              code: 'FLINK_SOURCE_SHARED_READ_EXCEEDED',
              severity: 'warning',
              path: at('source', 'type'),
              args: { stream: stream.name, readers: readers.length, readBytesPerSecPerShard, limitBytesPerSec: SHARD_READ_BYTES_PER_SEC, shards },
            }
          : {
              code: 'FLINK_SOURCE_READ_NEEDS_SHARDS',
              severity: 'info',
              path: at('source', 'type'),
              args: { stream: stream.name, readers: readers.length, writeShards: shards, readShards },
            },
      );
    }
  } else {
    const efo =
      stream.consumers.filter((c) => c.type === 'efo').length + stageConsumers(w, stream.name).filter((c) => c.type === 'efo').length;
    const limit = stream.capacityMode === 'on-demand-advantage' ? EFO_MAX_CONSUMERS_ADVANTAGE : EFO_MAX_CONSUMERS;
    if (efo > limit) {
      findings.push({
        code: 'FLINK_EFO_CONSUMERS_EXCEEDED',
        severity: 'error',
        path: at('source', 'type'),
        args: { stream: stream.name, consumers: efo, limit },
      });
    }
  }

  // Cost.
  const billedKpus = kpus + FLINK_ORCHESTRATION_KPUS;
  const runningStorageGb = kpus * FLINK_RUNNING_STORAGE_GB_PER_KPU;
  const backupGb = stage.backups / gbBytes;
  const line = (key: string, item: string, quantity: number, unit: string, unitUsd: number | undefined): CostLine =>
    costLine(key, item, quantity, unit, unitUsd ?? null);
  const lines: CostLine[] = [
    line('flink-kpu-hours', `Flink KPUs (${kpus} + ${FLINK_ORCHESTRATION_KPUS} orchestration)`, billedKpus * monthHours, 'KPU-hour', pricing?.kpuHour.usd),
  ];
  if (options.isRunningStorageBilled ?? true) {
    lines.push(line('flink-running-storage', `Running application storage (${FLINK_RUNNING_STORAGE_GB_PER_KPU} GB per KPU)`, runningStorageGb, 'GB-month', pricing?.runningStorageGbMonth.usd));
  }
  lines.push(line('flink-backups', 'Durable application backups', backupGb, 'GB-month', pricing?.backupGbMonth.usd));
  const monthlyUsd = lines.some((l) => l.monthlyUsd === null) ? null : lines.reduce((s, l) => s + (l.monthlyUsd ?? 0), 0);

  return {
    name: stage.name,
    source: { stream: stream.name, type, pollIntervalSec },
    kpus,
    billedKpus,
    kpuBasis,
    sourceBytesPerSec,
    capacityBytesPerSec,
    runningStorageGb,
    backupGb,
    cost: { monthlyUsd, lines },
    findings,
  };
}
