import type { PricingRef } from '../budget/baseline.js';

/** The tool and the prices behind a report: "kinesis-plan 0.1.0 · prices: pricing/… (effective 2026-11-22)". */
export function provenance(toolVersion: string, pricings: readonly (PricingRef | null)[]): string {
  const priced = [
    ...new Map(pricings.filter((p) => p !== null).map((p) => [`${p.label} ${p.effectiveDate}`, p])).values(),
  ];
  const prices =
    priced.length === 0
      ? 'planned without prices'
      : `prices: ${priced.map((p) => `${p.label} (effective ${p.effectiveDate})`).join('; ')}`;
  return `kinesis-plan ${toolVersion} · ${prices}`;
}
