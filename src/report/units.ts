import { formatBytes } from '../workload/format.js';

/** The only place numbers are rounded for people. Deterministic: fixed en-US grouping, no locale from the machine. */

export { formatBytes };

const grouped = (digits: number) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const G0 = grouped(0);
const G1 = grouped(1);
const G2 = grouped(2);
const G3 = grouped(3);
const USD = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** 12345.678 → "12,346"; small numbers keep up to 2 (or 3 below 1) significant decimals. */
export function formatNumber(n: number, digits?: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (digits !== undefined) return grouped(digits).format(n);
  const a = Math.abs(n);
  if (a >= 100) return G0.format(n);
  if (a >= 10) return G1.format(n);
  if (a >= 1) return G2.format(n);
  if (a === 0) return '0';
  return G3.format(n) === '0' ? n.toPrecision(2) : G3.format(n);
}

/** A fractional shard count, two decimals: 10.8 → "10.8", 21.4589 → "21.46". */
export function formatShards(n: number): string {
  return G2.format(n);
}

/** Bytes per second: "17.89 MiB/s". */
export function formatByteRate(bytesPerSec: number): string {
  return `${formatBytes(bytesPerSec)}/s`;
}

/** Records per second: "9,000 records/s". */
export function formatRecordRate(recordsPerSec: number): string {
  return `${formatNumber(recordsPerSec)} records/s`;
}

/** A fraction as a percentage: 0.2 → "20%", 0.8567 → "85.7%". */
export function formatPercent(fraction: number): string {
  const p = fraction * 100;
  if (p !== 0 && Math.abs(p) < 0.1) return `${p.toPrecision(2)}%`;
  return `${G1.format(p)}%`;
}

/** US dollars: "$1,234.56"; below a cent: "$0.0042". */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  const a = Math.abs(usd);
  if (a !== 0 && a < 0.01) return `${usd < 0 ? '-' : ''}$${a.toPrecision(2)}`;
  return `${usd < 0 ? '-' : ''}$${USD.format(a)}`;
}

/** A unit price, kept precise: "$0.000000014". */
export function formatUnitUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${G3.format(usd)}`;
  return `$${Number(usd.toPrecision(3)).toString()}`;
}

/** A line's unit price: "$0.015 per shard-hour", or "no price" when the pricing file lacks it. */
export function formatUnitPrice(unitUsd: number | null, unit: string): string {
  return unitUsd === null ? 'no price' : `${formatUnitUsd(unitUsd)} per ${unit}`;
}

/** Seconds as a short duration: 0.1 → "100 ms", 90 → "1.5 min", 86400 → "24 h". */
export function formatDuration(sec: number): string {
  if (sec < 1) return `${G1.format(sec * 1000)} ms`;
  if (sec < 60) return `${G1.format(sec)} s`;
  if (sec < 3600) return `${G1.format(sec / 60)} min`;
  if (sec < 172_800) return `${G1.format(sec / 3600)} h`;
  return `${G1.format(sec / 86_400)} d`;
}

/** Months: 12 → "12 months". */
export function formatMonths(months: number): string {
  return `${G1.format(months)} month${months === 1 ? '' : 's'}`;
}
