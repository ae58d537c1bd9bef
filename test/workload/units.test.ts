import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatNumber, formatPercent, formatRecordRate, formatUsd } from '../../src/report/units.js';
import { budgetSchema, streamSchema } from '../../src/workload/schema.js';
import { parseByteRate, parseBytes, parseCount, parseDuration, parseGrowth, parsePercent, parseRate, parseUsd } from '../../src/workload/units.js';

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

describe('the forms people type, as the reports print them', () => {
  it.each([
    // 200,000 records every 10 s = 200,000 / 10 = 20,000 records/s ("each of 200k devices every 10 s").
    ['200k/10s', 20_000],
    ['200k / 10 s', 20_000],
    // 1,500 records every 5 minutes = 1,500 / 300 = 5 records/s.
    ['1.5k/5min', 5],
    // 3 × 1,000 = 3,000 records/s: the separator as `formatRecordRate` prints it.
    ['3,000/s', 3000],
    ['9,000 records/s', 9000],
    ['1,234,567/h', 1_234_567 / 3600],
    // 1.5 × 1,000 = 1,500 records/s.
    ['1.5k', 1500],
    ['1.5k/s', 1500],
  ])('rate %s → %d/s', (raw, perSec) => expect(value(parseRate(raw))).toBeCloseTo(perSec, 9));

  it.each([
    ['$2,000', 2000],
    ['$2,000.50', 2000.5],
    ['2,000', 2000],
    ['2000', 2000],
    [2000, 2000],
    ['$14,405.94', 14_405.94],
    ['2000 USD', 2000],
    ['US$ 1,000', 1000],
  ])('money %s → $%d', (raw, usd) => expect(value(parseUsd(raw))).toBe(usd));

  it.each([
    ['1.5k', 1500],
    ['50,000', 50_000],
    ['1,024 B', 1024],
    ['2,048 KiB', 2048 * 1024],
  ])('count or size %s → %d', (raw, n) => expect(value(raw.endsWith('B') ? parseBytes(raw) : parseCount(raw))).toBe(n));

  it('a comma is a separator only between groups of three digits', () => {
    for (const bad of ['3,00/s', '30,00/s', '3,0000/s', ',300/s', '1,5k/s']) expect(parseRate(bad).ok, bad).toBe(false);
    expect(parseUsd('$2,00').ok).toBe(false);
  });

  it('errors for bad forms still name the accepted forms', () => {
    expect(parseRate('200k/10fortnights')).toEqual({
      ok: false,
      message: 'cannot read the period after "/" in "200k/10fortnights"',
      hint: 'a rate such as 3000/s, 3,000/s, 1.5k/s, 180k/min, 2.5M/h, 200k/10s (200k records every 10 s) or 1200 (a plain number is records per second)',
    });
    expect(parseRate('200k/0s').ok).toBe(false);
    expect(parseUsd('two grand')).toEqual({
      ok: false,
      message: 'cannot read "two grand" as an amount in US dollars',
      hint: 'an amount in US dollars such as 2000, $2,000 or $2,000.50',
    });
    expect(parseUsd('$2,000 USD').ok).toBe(false);
  });

  it('files accept the same forms: a stream rate of 200k/10s and a budget of $2,000.50', () => {
    const s = streamSchema.parse({ name: 'iot', records: { size: '1 KiB', rate: '200k/10s', peak: '3,000,000/min' } });
    expect(s.records.rate).toBe(20_000);
    // 3,000,000 / 60 = 50,000 records/s.
    expect(s.records.peak).toEqual({ recordsPerSec: 50_000 });
    expect(budgetSchema.parse({ monthlyUsd: '$2,000.50', maxIncreaseUsd: '$250' })).toEqual({ monthlyUsd: 2000.5, maxIncreaseUsd: 250 });
    expect(budgetSchema.safeParse({ monthlyUsd: '-$5' }).success).toBe(false);
  });

  // What the reports print must read back as the value printed: a number copied from a report into a file or the
  // wizard means what the report said.
  const printed = (text: string) => Number(text.replace(/[^\d.eE+-]/g, ''));
  it('formatted record rates, dollars, sizes, durations and percentages parse back to the printed value', () => {
    const positive = fc.double({ min: 1e-3, max: 1e12, noNaN: true });
    fc.assert(
      fc.property(positive, (n) => {
        const rate = formatRecordRate(n);
        expect(value(parseRate(rate)), rate).toBe(printed(formatNumber(n)));
        const usd = formatUsd(n);
        expect(value(parseUsd(usd)), usd).toBe(printed(usd));
        const size = formatBytes(n);
        const sizeUnit = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 }[size.split(' ')[1] as 'B'];
        expect(value(parseBytes(size)), size).toBe(printed(size.split(' ')[0]!) * sizeUnit);
        const pct = formatPercent(n / 1e6);
        expect(value(parsePercent(pct)) as number, pct).toBeCloseTo(printed(pct) / 100, 12);
        const d = formatDuration(n);
        const [amount = '', unit = ''] = d.split(' ');
        const factor = { ms: 0.001, s: 1, min: 60, h: 3600, d: 86_400 }[unit as 's'];
        expect(value(parseDuration(d)) as number, d).toBeCloseTo(printed(amount) * factor, 6);
      }),
      { numRuns: 500 },
    );
  });
});
