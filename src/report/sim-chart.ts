/** Terminal sparklines for the simulation report. Pure: numbers in, a string out. */

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Buckets `values` into `columns` columns (max of each bucket) and draws them scaled to `max` (default: the peak). */
export function sparkline(values: readonly number[], columns: number, max?: number): string {
  if (values.length === 0 || columns <= 0) return '';
  const cols = Math.min(columns, values.length);
  const buckets: number[] = [];
  for (let c = 0; c < cols; c++) {
    const from = Math.floor((c * values.length) / cols);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / cols));
    let m = 0;
    for (let i = from; i < to; i++) m = Math.max(m, values[i] ?? 0);
    buckets.push(m);
  }
  const top = max ?? Math.max(...buckets);
  return buckets
    .map((v) => {
      if (v <= 0 || top <= 0) return ' ';
      const k = Math.min(BARS.length - 1, Math.max(0, Math.ceil((v / top) * BARS.length) - 1));
      return BARS[k] ?? ' ';
    })
    .join('');
}
