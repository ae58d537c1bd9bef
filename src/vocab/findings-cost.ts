import type { CostMode } from './capacity-modes.js';

/** The cost model's findings (src/plan/cost.ts), by code. */
export interface CostFindingArgs {
  COST_INPUT_UNKNOWN: {
    mode: CostMode;
    /** The cost line left out. */
    item: string;
    unitUsd: number;
    unit: string;
    /** The workload field that would price it. */
    input: string;
  };
  LONG_TERM_READS_WITHOUT_LONG_TERM_RETENTION: { retentionHours: number; readBytesPerMonth: number };
  ODA_COMMITMENT_PER_ACCOUNT: { commitBytesPerSec: number; commitmentMonthlyUsd: number; streamMonthlyUsd: number };
  ODA_BELOW_COMMITMENT: { streamMonthlyUsd: number; commitmentMonthlyUsd: number };
}
