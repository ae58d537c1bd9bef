/**
 * One priced line of a monthly bill, the same for streams and delivery stages. An unknown quantity (an input the
 * workload lacks) or an unknown price (a pricing file without it) makes `monthlyUsd` null, never a silent 0.
 */
export interface CostLine {
  /** Stable identifier, e.g. `shard-hours`. */
  key: string;
  /** What is billed, in words. */
  item: string;
  quantity: number | null;
  unit: string;
  /** Price of one unit; null when the pricing file has no price for it. */
  unitUsd: number | null;
  monthlyUsd: number | null;
  /** `account`: billed once per account and Region, not per stream (the On-demand Advantage commitment). */
  scope: 'stream' | 'account';
}

/** A line: quantity × unit price, unknown when either is. */
export function costLine(
  key: string,
  item: string,
  quantity: number | null,
  unit: string,
  unitUsd: number | null,
  scope: CostLine['scope'] = 'stream',
): CostLine {
  return { key, item, quantity, unit, unitUsd, monthlyUsd: quantity === null || unitUsd === null ? null : quantity * unitUsd, scope };
}
