import { formatBytes } from '../workload/format.js';

/** The only place numbers are rounded for people. Deterministic: fixed en-US grouping, no locale from the machine. */

export { formatBytes };

/** The en-US formats, built only for NaN and ±Infinity. */
const intlFormat = (digits: number, minimumFractionDigits = 0) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits });

/**
 * `Intl.NumberFormat('en-US', { maximumFractionDigits, minimumFractionDigits })` without Intl, whose first use costs
 * tens of milliseconds of start-up. Like ICU it rounds the shortest decimal that reads back as the Number (so 1.005
 * is 1.005, and rounds to 1.01), half away from zero; it prints a minus for negative values and −0 and groups the
 * integer digits by three. test/report/units.test.ts checks it equal to Intl over random values.
 */
export function formatFixed(n: number, maximumFractionDigits: number, minimumFractionDigits = 0): string {
  if (!Number.isFinite(n)) return intlFormat(maximumFractionDigits, minimumFractionDigits).format(n);
  // |n| = d₀.d₁d₂… × 10^e, the shortest round-trip digits.
  const [mantissa = '0', exponent = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const keep = Number(exponent) + 1 + maximumFractionDigits;
  // The value × 10^maximumFractionDigits, rounded half up on its decimal digits.
  let scaled = keep <= 0 ? '' : digits.slice(0, keep).padEnd(keep, '0');
  if (keep >= 0 && (digits.charCodeAt(keep) || 0) >= 53) {
    const out = scaled.split('');
    let i = out.length - 1;
    for (; i >= 0 && out[i] === '9'; i -= 1) out[i] = '0';
    if (i >= 0) out[i] = String(Number(out[i]) + 1);
    scaled = (i < 0 ? '1' : '') + out.join('');
  }
  scaled = scaled.padStart(maximumFractionDigits + 1, '0');
  const whole = scaled.slice(0, scaled.length - maximumFractionDigits).replace(/^0+(?=\d)/, '');
  let fraction = scaled.slice(scaled.length - maximumFractionDigits);
  let end = fraction.length;
  while (end > minimumFractionDigits && fraction.charCodeAt(end - 1) === 48) end -= 1;
  fraction = fraction.slice(0, end);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

const G = (digits: number) => ({ format: (n: number) => formatFixed(n, digits) });
const USD = () => ({ format: (n: number) => formatFixed(n, 2, 2) });

/** 12345.678 → "12,346"; small numbers keep up to 2 (or 3 below 1) significant decimals. */
export function formatNumber(n: number, digits?: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (digits !== undefined) return formatFixed(n, digits);
  const a = Math.abs(n);
  if (a >= 100) return G(0).format(n);
  if (a >= 10) return G(1).format(n);
  if (a >= 1) return G(2).format(n);
  if (a === 0) return '0';
  return G(3).format(n) === '0' ? n.toPrecision(2) : G(3).format(n);
}

/** A fractional shard count, two decimals: 10.8 → "10.8", 21.4589 → "21.46". */
export function formatShards(n: number): string {
  return G(2).format(n);
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
  return `${G(1).format(p)}%`;
}

/** US dollars: "$1,234.56"; below a cent: "$0.0042". */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  const a = Math.abs(usd);
  if (a !== 0 && a < 0.01) return `${usd < 0 ? '-' : ''}$${a.toPrecision(2)}`;
  return `${usd < 0 ? '-' : ''}$${USD().format(a)}`;
}

/** A unit price, kept precise: "$0.000000014". */
export function formatUnitUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${G(3).format(usd)}`;
  return `$${Number(usd.toPrecision(3)).toString()}`;
}

/** A line's unit price: "$0.015 per shard-hour", or "no price" when the pricing file lacks it. */
export function formatUnitPrice(unitUsd: number | null, unit: string): string {
  return unitUsd === null ? 'no price' : `${formatUnitUsd(unitUsd)} per ${unit}`;
}

/** Seconds as a short duration: 0.1 → "100 ms", 90 → "1.5 min", 86400 → "24 h". */
export function formatDuration(sec: number): string {
  if (sec < 1) return `${G(1).format(sec * 1000)} ms`;
  if (sec < 60) return `${G(1).format(sec)} s`;
  if (sec < 3600) return `${G(1).format(sec / 60)} min`;
  if (sec < 172_800) return `${G(1).format(sec / 3600)} h`;
  return `${G(1).format(sec / 86_400)} d`;
}

/** Months: 12 → "12 months". */
export function formatMonths(months: number): string {
  return `${G(1).format(months)} month${months === 1 ? '' : 's'}`;
}
