import type { CostMode } from './capacity-modes.js';

/** Where a declaration is (every finding of an infrastructure resource carries it, flat, as the reports' args are): the infrastructure file, its line, and the resource (Terraform address or logical id). */
export type IacAt = {
  file: string;
  line: number;
  resource: string;
};

/** The findings of checking infrastructure code against the workload (src/iac/compare.ts), by code. */
export interface IacFindingArgs {
  IAC_SHARDS_TOO_FEW: IacAt & { declared: number; required: number };
  IAC_SHARDS_OUTGROWN: IacAt & { declared: number; horizonRequired: number; months: number };
  /** `excessMonthlyUsd` is what the shards above the need cost a month; absent without prices. */
  IAC_SHARDS_OVERPROVISIONED: IacAt & { declared: number; needed: number; excessMonthlyUsd?: number };
  IAC_MODE_COSTLIER: IacAt & {
    declaredMode: CostMode;
    declaredMonthlyUsd: number;
    cheaperMode: CostMode;
    cheaperMonthlyUsd: number;
  };
  IAC_VALUE_UNKNOWN: IacAt & { setting: string; why: string };
  IAC_MAX_RECORD_SIZE_TOO_SMALL: IacAt & { declaredBytes: number; recordBytes: number };
  IAC_FIREHOSE_BUFFER_REJECTED: IacAt & {
    setting: 'size' | 'interval';
    declared: number;
    min: number;
    max: number;
    /** Why the minimum is higher than the destination's own: Parquet/ORC conversion or dynamic partitioning; empty when it is the destination's. */
    columnarReason: string;
  };
  IAC_FIREHOSE_LATENCY_MISSED: IacAt & { latencySec: number; maxLatencySec: number; intervalSec: number };
  IAC_FLINK_TOO_FEW_KPUS: IacAt & {
    declaredKpus: number;
    neededKpus: number;
    parallelism: number;
    parallelismPerKpu: number;
    isAutoScaling: boolean;
  };
  IAC_FLINK_SETTING_REJECTED: IacAt & { setting: string; declared: number; min: number; max: number };
  IAC_EVENT_SOURCE_SETTING_REJECTED: IacAt & { setting: string; declared: number; min: number; max: number };
  IAC_RESOURCE_NOT_IN_WORKLOAD: IacAt & { kind: string; name: string };
  IAC_NOT_DECLARED: { kind: 'stream' | 'firehose' | 'flink'; name: string };
}
