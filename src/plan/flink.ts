import {
  EFO_MAX_CONSUMERS,
  EFO_MAX_CONSUMERS_ADVANTAGE,
  FLINK_DEFAULT_MAX_KPUS,
  FLINK_ORCHESTRATION_KPUS,
  FLINK_RUNNING_STORAGE_GB_PER_KPU,
  SHARD_GET_RECORDS_CALLS_PER_SEC,
  SHARD_READ_BYTES_PER_SEC,
} from '../limits.js';
import type { FlinkPricing } from '../pricing/schema.js';
import type { FlinkStage } from '../workload/stages-schema.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import { costLine, type CostLine } from './cost-line.js';
import type { StageCost } from './firehose.js';
import { wholeShards } from './shards.js';
import type { StreamPlanCore } from './stream.js';

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
  /** Application KPUs today (without the orchestration KPU). */
  kpus: number;
  /** KPUs billed: application KPUs + 1 orchestration KPU. */
  billedKpus: number;
  kpuBasis: 'kpus' | 'parallelism' | 'throughput';
  /** Bytes per second the application must read at the source stream's peak today. */
  sourceBytesPerSec: number;
  /** kpus × throughputPerKpu, when the throughput per KPU is known. */
  capacityBytesPerSec: number | null;
  runningStorageGb: number;
  backupGb: number;
  cost: StageCost;
  /** The same application at the source's growth horizon (null when the source does not grow). */
  horizon: FlinkHorizon | null;
  findings: Finding[];
}

/** A Flink application at its source's growth horizon. */
export interface FlinkHorizon {
  months: number;
  kpus: number;
  billedKpus: number;
  sourceBytesPerSec: number;
  capacityBytesPerSec: number | null;
  runningStorageGb: number;
  cost: StageCost;
}

/** Where an application is in the workload, what it reads, and what it costs to run. */
export interface FlinkStageContext {
  /** The stage's index in `flink[]`, for field paths. */
  index: number;
  /** The plan of the stream the application reads: its load, readers and shard count. */
  source: StreamPlanCore;
  pricing: FlinkPricing | undefined;
  monthHours: number;
  gbBytes: number;
}

/** Application KPUs for a source rate: the user's KPUs, from parallelism, or from the throughput per KPU. */
function kpusFor(stage: FlinkStage, sourceBytesPerSec: number): { kpus: number; basis: FlinkPlan['kpuBasis'] } {
  if (stage.kpus !== undefined) return { kpus: stage.kpus, basis: 'kpus' };
  if (stage.parallelism !== undefined) return { kpus: Math.ceil(stage.parallelism / (stage.parallelismPerKpu ?? 1)), basis: 'parallelism' };
  // The schema requires one of kpus, parallelism or throughputPerKpu.
  return { kpus: Math.max(1, Math.ceil(sourceBytesPerSec / (stage.throughputPerKpu ?? sourceBytesPerSec) - 1e-9)), basis: 'throughput' };
}

/**
 * Plans one Flink application from its source stream's plan: KPUs and monthly cost today and at the horizon, and
 * findings on the stream's read side (the readers, calls and shard count the stream plan worked out).
 */
export function planFlink(stage: FlinkStage, context: FlinkStageContext, options: FlinkPlanOptions = {}): FlinkPlan {
  const { index, source: stream, pricing, monthHours, gbBytes } = context;
  const at = (...rest: (string | number)[]) => fieldPath(['flink', index, ...rest]);
  const findings: Finding[] = [];

  // The application reads every user record at the peak: data plus partition key per record.
  const recordBytes = stream.load.recordBytesAvg + stream.load.partitionKeyBytes;
  const sourceBytesPerSec = stream.load.peak.recordsPerSec * recordBytes;
  const { kpus, basis: kpuBasis } = kpusFor(stage, sourceBytesPerSec);
  const capacityOf = (k: number) => (stage.throughputPerKpu !== undefined ? k * stage.throughputPerKpu : null);
  const capacityBytesPerSec = capacityOf(kpus);
  const sizingPath = at(kpuBasis === 'parallelism' ? 'parallelism' : 'kpus');
  if (capacityBytesPerSec !== null && stage.throughputPerKpu !== undefined && capacityBytesPerSec < sourceBytesPerSec * (1 - 1e-9)) {
    findings.push({
      code: 'FLINK_UNDERSIZED',
      severity: 'error',
      path: sizingPath,
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

  // The source stream's read side, as the stream plan has it (its readers include this application).
  const type = stage.source.type;
  // The stream plan counts this application among its readers, with its poll interval (stageReaders).
  const pollIntervalSec = stream.readers.find((r) => r.path === at())?.pollIntervalSec ?? 0;
  if (type === 'polling') {
    const pollingReaders = stream.readers.filter((r) => r.pollIntervalSec !== null).length;
    const callsPerSecPerShard = stream.readCallsPerShardPerSecond;
    if (callsPerSecPerShard > SHARD_GET_RECORDS_CALLS_PER_SEC + 1e-9) {
      findings.push({
        code: 'FLINK_SOURCE_GET_RECORDS_EXCEEDED',
        severity: 'warning',
        path: at('source', 'type'),
        args: {
          stream: stream.name,
          callsPerSecPerShard,
          limit: SHARD_GET_RECORDS_CALLS_PER_SEC,
          readers: pollingReaders,
          flinkCallsPerSec: 1 / pollIntervalSec,
          // After the advice: the others' calls once this application reads by enhanced fan-out, and the poll interval
          // that keeps all the calls within the limit (none when the others alone exceed it).
          callsPerSecPerShardWithEfo: callsPerSecPerShard - 1 / pollIntervalSec,
          ...(callsPerSecPerShard - 1 / pollIntervalSec < SHARD_GET_RECORDS_CALLS_PER_SEC - 1e-9
            ? { pollIntervalSecToFit: 1 / (SHARD_GET_RECORDS_CALLS_PER_SEC - (callsPerSecPerShard - 1 / pollIntervalSec)) }
            : {}),
        },
      });
    }
    const shards = stream.shards.planned;
    const peak = stream.demand.peak;
    const readBytesPerSecPerShard = (peak.sharedReaders * peak.readBytesPerSecPerReader) / shards;
    if (stream.shards.existing !== null && stream.utilisation.peak.readBytes > 1 + 1e-9) {
      findings.push({
        code: 'FLINK_SOURCE_SHARED_READ_EXCEEDED',
        severity: 'warning',
        path: at('source', 'type'),
        args: {
          stream: stream.name,
          readers: pollingReaders,
          readBytesPerSecPerShard,
          limitBytesPerSec: SHARD_READ_BYTES_PER_SEC,
          shards,
          // After the advice: the other readers' share once this application reads by enhanced fan-out; the shards the
          // shared reads need as they are.
          readBytesPerSecPerShardWithEfo: ((peak.sharedReaders - 1) * peak.readBytesPerSecPerReader) / shards,
          shardsNeeded: wholeShards((readBytesPerSecPerShard * shards) / SHARD_READ_BYTES_PER_SEC),
        },
      });
    } else if (stream.shards.existing === null && stream.shards.binding === 'readBytes') {
      // The shared read limit sizes the stream (headroom included, as the stream plan counts it).
      findings.push({
        code: 'FLINK_SOURCE_READ_NEEDS_SHARDS',
        severity: 'info',
        path: at('source', 'type'),
        args: {
          stream: stream.name,
          readers: pollingReaders,
          writeShards: wholeShards(Math.max(stream.shards.byLimit.writeBytes, stream.shards.byLimit.writeRecords)),
          readShards: wholeShards(stream.shards.byLimit.readBytes),
        },
      });
    }
  } else {
    const efo = stream.readers.filter((r) => r.type === 'efo').length;
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

  // Cost, for a KPU count.
  const backupGb = stage.backups / gbBytes;
  const isRunningStorageBilled = options.isRunningStorageBilled ?? true;
  const costOf = (k: number): StageCost => {
    const line = (key: string, item: string, quantity: number, unit: string, unitUsd: number | undefined): CostLine =>
      costLine(key, item, quantity, unit, unitUsd ?? null);
    const lines: CostLine[] = [
      line('flink-kpu-hours', `Flink KPUs (${k} + ${FLINK_ORCHESTRATION_KPUS} orchestration)`, (k + FLINK_ORCHESTRATION_KPUS) * monthHours, 'KPU-hour', pricing?.kpuHour.usd),
    ];
    if (isRunningStorageBilled) {
      lines.push(line('flink-running-storage', `Running application storage (${FLINK_RUNNING_STORAGE_GB_PER_KPU} GB per KPU)`, k * FLINK_RUNNING_STORAGE_GB_PER_KPU, 'GB-month', pricing?.runningStorageGbMonth.usd));
    }
    lines.push(line('flink-backups', 'Durable application backups', backupGb, 'GB-month', pricing?.backupGbMonth.usd));
    const monthlyUsd = lines.some((l) => l.monthlyUsd === null) ? null : lines.reduce((s, l) => s + (l.monthlyUsd ?? 0), 0);
    return { monthlyUsd, lines };
  };

  let horizon: FlinkHorizon | null = null;
  if (stream.load.horizonMonths > 0) {
    const grownBytesPerSec = stream.load.horizonPeak.recordsPerSec * recordBytes;
    const grown = kpusFor(stage, grownBytesPerSec).kpus;
    horizon = {
      months: stream.load.horizonMonths,
      kpus: grown,
      billedKpus: grown + FLINK_ORCHESTRATION_KPUS,
      sourceBytesPerSec: grownBytesPerSec,
      capacityBytesPerSec: capacityOf(grown),
      runningStorageGb: grown * FLINK_RUNNING_STORAGE_GB_PER_KPU,
      cost: costOf(grown),
    };
  }

  return {
    name: stage.name,
    source: { stream: stream.name, type, pollIntervalSec },
    kpus,
    billedKpus: kpus + FLINK_ORCHESTRATION_KPUS,
    kpuBasis,
    sourceBytesPerSec,
    capacityBytesPerSec,
    runningStorageGb: kpus * FLINK_RUNNING_STORAGE_GB_PER_KPU,
    backupGb,
    cost: costOf(kpus),
    horizon,
    findings,
  };
}
