import { describe, expect, it } from 'vitest';
import { parseByteRate, parseBytes, parseDuration, parseGrowth, parsePercent, parseRate } from '../../src/workload/units.js';

const value = (r: ReturnType<typeof parseBytes>) => (r.ok ? r.value : `error: ${r.message}`);

describe('sizes: KB is 1,000 B and KiB is 1,024 B', () => {
  it.each([
    ['512', 512],
    [512, 512],
    ['2 KiB', 2048],
    ['2KiB', 2048],
    ['1.5 MB', 1_500_000],
    ['1 MiB', 1_048_576],
    ['10 MiB', 10_485_760],
    ['5 KB', 5000],
    ['1 GB', 1e9],
    ['1 GiB', 2 ** 30],
    ['180 B', 180],
    ['1_000', 1000],
  ])('%s → %d bytes', (raw, bytes) => expect(value(parseBytes(raw))).toBe(bytes));

  it('rejects an unknown unit and says which', () => {
    expect(parseBytes('2 KG')).toEqual({ ok: false, message: 'unknown size unit "KG" in "2 KG"', hint: expect.stringContaining('KiB') as string });
  });
  it('rejects text that is no size', () => expect(parseBytes('big').ok).toBe(false));
  it('rejects non-finite numbers', () => {
    expect(parseBytes(Number.NaN).ok).toBe(false);
    expect(parseBytes(Number.POSITIVE_INFINITY).ok).toBe(false);
  });
});

describe('rates in records per second', () => {
  it.each([
    ['3000/s', 3000],
    ['180k/min', 3000],
    ['1.2M/h', 1_200_000 / 3600],
    [1200, 1200],
    ['1200', 1200],
    ['86400/day', 1],
    ['50 records/s', 50],
  ])('%s → %d/s', (raw, perSec) => expect(value(parseRate(raw))).toBeCloseTo(perSec, 9));
  it('rejects an unknown time unit', () => expect(parseRate('3000/fortnight').ok).toBe(false));
});

describe('throughput', () => {
  it.each([
    ['4 MiB/s', 4 * 1_048_576],
    ['500 KB/s', 500_000],
    ['60 MB/min', 1_000_000],
  ])('%s → %d B/s', (raw, v) => expect(value(parseByteRate(raw))).toBeCloseTo(v, 9));
});

describe('durations in seconds', () => {
  it.each([
    ['24h', 86_400],
    ['7d', 604_800],
    ['100ms', 0.1],
    ['1s', 1],
    ['5min', 300],
    [30, 30],
  ])('%s → %d s', (raw, s) => expect(value(parseDuration(raw))).toBeCloseTo(s, 12));
});

describe('percentages and growth', () => {
  it('20% is 0.2 and a plain number is a fraction', () => {
    expect(value(parsePercent('20%'))).toBeCloseTo(0.2, 12);
    expect(value(parsePercent(0.2))).toBe(0.2);
  });
  it('5%/month is 0.05 a month; 60%/year compounds to 1.6^(1/12) − 1 a month', () => {
    expect(value(parseGrowth('5%/month'))).toBeCloseTo(0.05, 12);
    const monthly = value(parseGrowth('60%/year')) as number;
    expect(Math.pow(1 + monthly, 12)).toBeCloseTo(1.6, 12);
  });
});
