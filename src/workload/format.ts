/** Formats bytes in the largest binary unit that keeps the number at or above 1: 1048576 → "1 MiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  const text = Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1).replace(/\.?0+$/, '');
  return `${text} ${units[i]}`;
}

/** Formats bytes per second: 10737418240 → "10 GiB/s". */
export function formatByteRate(n: number): string {
  return `${formatBytes(n)}/s`;
}

/**
 * A whole number with thousands separators, as `toLocaleString('en-US')` writes it: 10000 → "10,000". Without Intl,
 * whose first use costs about 10 ms of start-up: the schema words its bounds as it loads.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return `${n < 0 || Object.is(n, -0) ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** Formats records per second with thousands separators: 10485760000 → "10,485,760,000/s". */
export function formatRecordRate(n: number): string {
  return `${Number.isSafeInteger(n) ? formatCount(n) : n.toLocaleString('en-US', { maximumFractionDigits: 3 })}/s`;
}
