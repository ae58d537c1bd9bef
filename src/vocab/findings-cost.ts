import type { CostMode } from './capacity-modes.js';

/** The cost model's findings (src/plan/cost.ts), by code. */
export interface CostFindingArgs {
  COST_INPUT_UNKNOWN: {
    mode: CostMode;
    /** The cost line left out. */
    item: string;
    /** Absent when the pricing file has no price for it either. */
    unitUsd?: number;
    unit: string;
    /** The workload field that would price it. */
    input: string;
  };
  /** A line whose quantity is known but whose price the pricing file does not have (the Price List has no SKU). */
  COST_PRICE_UNKNOWN: { mode: CostMode; item: string; readBytesPerMonth: number };
  /** The plan has no prices: none were found for the Region (shipped or fetched). */
  PRICES_NOT_FOUND: { region: string };
  /** The prices are another Region's than the workload's. */
  PRICING_REGION_MISMATCH: { workloadRegion: string; pricingRegion: string; label: string };
  /** The prices took effect more than PRICES_STALE_AFTER_DAYS days before the day the plan was made. */
  PRICES_STALE: { region: string; effectiveDate: string; today: string; ageDays: number; label: string };
  LONG_TERM_READS_WITHOUT_LONG_TERM_RETENTION: { retentionHours: number; readBytesPerMonth: number };
  ODA_COMMITMENT_PER_ACCOUNT: { commitBytesPerSec: number; commitmentMonthlyUsd: number; streamMonthlyUsd: number };
  ODA_BELOW_COMMITMENT: { streamMonthlyUsd: number; commitmentMonthlyUsd: number };
}
