/**
 * Human units for the workload file and the wizard alike. One parser per quantity; every parser accepts a plain number
 * in base units (bytes, records per second, seconds, a fraction, US dollars) or a string with a unit. IEC prefixes mean
 * what they say: KB = 1,000 B and KiB = 1,024 B. Numbers may carry thousands separators as the reports print them
 * (`3,000`, `$14,405.94`) or underscores (`1_000`); a comma is a separator only between groups of three digits.
 */

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

const TIME_UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  w: 604_800,
  week: 604_800,
  weeks: 604_800,
};

const PER_UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  min: 60,
  m: 60,
  minute: 60,
  h: 3600,
  hr: 3600,
  hour: 3600,
  d: 86_400,
  day: 86_400,
  month: 730 * 3600,
};

const COUNT_SUFFIX: Record<string, number> = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6, b: 1e9, B: 1e9 };

/** The result of parsing a unit: a value in base units, or a message saying what was wrong and what is accepted. */
export type UnitResult = { ok: true; value: number } | { ok: false; message: string; hint: string };

const NUM = String.raw`([+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)`;

function fail(message: string, hint: string): UnitResult {
  return { ok: false, message, hint };
}

function finite(value: number, raw: unknown, hint: string): UnitResult {
  if (!Number.isFinite(value)) return fail(`must be a finite number, got ${String(raw)}`, hint);
  return { ok: true, value };
}

function parseNumber(text: string): number {
  return Number(text.replace(/[_,]/g, ''));
}

const BYTES_HINT = 'a size such as 512, 2 KiB, 1.5 MB or 4 MiB (KB = 1,000 B, KiB = 1,024 B; a plain number is bytes)';

/** Bytes: `512`, `2 KiB`, `1.5 MB`. */
export function parseBytes(raw: unknown): UnitResult {
  if (typeof raw === 'number') return finite(raw, raw, BYTES_HINT);
  if (typeof raw !== 'string') return fail(`expected a size, got ${describe(raw)}`, BYTES_HINT);
  const m = new RegExp(`^\\s*${NUM}\\s*([a-z]*)\\s*$`, 'i').exec(raw);
  if (!m) return fail(`cannot read "${raw}" as a size`, BYTES_HINT);
  const unit = (m[2] ?? '').toLowerCase();
  const factor = unit === '' ? 1 : BYTE_UNITS[unit];
  if (factor === undefined) return fail(`unknown size unit "${m[2]}" in "${raw}"`, BYTES_HINT);
  return finite(parseNumber(m[1] ?? '') * factor, raw, BYTES_HINT);
}

const DURATION_HINT = 'a duration such as 100ms, 30s, 5min, 24h or 7d (a plain number is seconds)';

/** Seconds: `100ms`, `1s`, `24h`, `7d`. */
export function parseDuration(raw: unknown): UnitResult {
  if (typeof raw === 'number') return finite(raw, raw, DURATION_HINT);
  if (typeof raw !== 'string') return fail(`expected a duration, got ${describe(raw)}`, DURATION_HINT);
  const m = new RegExp(`^\\s*${NUM}\\s*([a-z]*)\\s*$`, 'i').exec(raw);
  if (!m) return fail(`cannot read "${raw}" as a duration`, DURATION_HINT);
  const unit = (m[2] ?? '').toLowerCase();
  const factor = unit === '' ? 1 : TIME_UNITS[unit];
  if (factor === undefined) return fail(`unknown time unit "${m[2]}" in "${raw}"`, DURATION_HINT);
  return finite(parseNumber(m[1] ?? '') * factor, raw, DURATION_HINT);
}

const RATE_HINT =
  'a rate such as 3000/s, 3,000/s, 1.5k/s, 180k/min, 2.5M/h, 200k/10s (200k records every 10 s) or 1200 (a plain number is records per second)';

/** `amount/period`: the period is a unit (`/s`, `/min`) or a count of them (`/10s` = every 10 seconds). */
function splitPer(raw: string): { amount: string; per: number } | undefined {
  const slash = raw.lastIndexOf('/');
  if (slash < 0) return { amount: raw, per: 1 };
  const m = new RegExp(`^\\s*${NUM}?\\s*([a-z]+)\\s*$`, 'i').exec(raw.slice(slash + 1));
  const unit = PER_UNITS[(m?.[2] ?? '').toLowerCase()];
  if (!m || unit === undefined) return undefined;
  const periods = m[1] === undefined ? 1 : parseNumber(m[1]);
  if (!(periods > 0) || !Number.isFinite(periods)) return undefined;
  return { amount: raw.slice(0, slash), per: periods * unit };
}

/** Records per second: `3000/s`, `3,000/s`, `180k/min`, `2.5M/h`, `200k/10s` (= 20,000/s), `1200`. */
export function parseRate(raw: unknown): UnitResult {
  if (typeof raw === 'number') return finite(raw, raw, RATE_HINT);
  if (typeof raw !== 'string') return fail(`expected a rate, got ${describe(raw)}`, RATE_HINT);
  const parts = splitPer(raw);
  if (!parts) return fail(`cannot read the period after "/" in "${raw}"`, RATE_HINT);
  const m = new RegExp(`^\\s*${NUM}\\s*([kmb]?)\\s*(?:records?|rec|events?)?\\s*$`, 'i').exec(parts.amount);
  if (!m) return fail(`cannot read "${raw}" as a rate`, RATE_HINT);
  const mult = COUNT_SUFFIX[m[2] ?? ''] ?? 1;
  return finite((parseNumber(m[1] ?? '') * mult) / parts.per, raw, RATE_HINT);
}

const BYTE_RATE_HINT = 'a throughput such as 4 MiB/s, 500 KB/s or 10 GB/h (a plain number is bytes per second)';

/** Bytes per second: `4 MiB/s`, `500 KB/s`. */
export function parseByteRate(raw: unknown): UnitResult {
  if (typeof raw === 'number') return finite(raw, raw, BYTE_RATE_HINT);
  if (typeof raw !== 'string') return fail(`expected a throughput, got ${describe(raw)}`, BYTE_RATE_HINT);
  const parts = splitPer(raw);
  if (!parts) return fail(`cannot read the period after "/" in "${raw}"`, BYTE_RATE_HINT);
  const bytes = parseBytes(parts.amount);
  if (!bytes.ok) return fail(`cannot read "${raw}" as a throughput`, BYTE_RATE_HINT);
  return finite(bytes.value / parts.per, raw, BYTE_RATE_HINT);
}

const PERCENT_HINT = 'a percentage such as 20% (a plain number is a fraction: 0.2 = 20%)';

/** A fraction: `20%` → 0.2, `0.2` → 0.2. */
export function parsePercent(raw: unknown): UnitResult {
  if (typeof raw === 'number') return finite(raw, raw, PERCENT_HINT);
  if (typeof raw !== 'string') return fail(`expected a percentage, got ${describe(raw)}`, PERCENT_HINT);
  const m = new RegExp(`^\\s*${NUM}\\s*(%?)\\s*$`, 'i').exec(raw);
  if (!m) return fail(`cannot read "${raw}" as a percentage`, PERCENT_HINT);
  const n = parseNumber(m[1] ?? '');
  return finite(m[2] === '%' ? n / 100 : n, raw, PERCENT_HINT);
}

const GROWTH_HINT = 'a growth rate such as 5%/month or 60%/year (a plain number is a fraction per month)';

/** Compound growth per month as a fraction: `5%/month` → 0.05, `60%/year` → (1.6^(1/12) − 1). */
export function parseGrowth(raw: unknown): UnitResult {
  if (typeof raw === 'number') return finite(raw, raw, GROWTH_HINT);
  if (typeof raw !== 'string') return fail(`expected a growth rate, got ${describe(raw)}`, GROWTH_HINT);
  const m = new RegExp(`^\\s*${NUM}\\s*%\\s*(?:/\\s*(month|mo|year|yr|y))?\\s*$`, 'i').exec(raw);
  if (!m) return fail(`cannot read "${raw}" as a growth rate`, GROWTH_HINT);
  const fraction = parseNumber(m[1] ?? '') / 100;
  const per = (m[2] ?? 'month').toLowerCase();
  if (per === 'month' || per === 'mo') return finite(fraction, raw, GROWTH_HINT);
  return finite(Math.pow(1 + fraction, 1 / 12) - 1, raw, GROWTH_HINT);
}

const USD_HINT = 'an amount in US dollars such as 2000, $2,000 or $2,000.50';

/** US dollars: `2000`, `$2,000`, `$2,000.50`, `2000 USD`. */
export function parseUsd(raw: unknown): UnitResult {
  if (typeof raw === 'number') return finite(raw, raw, USD_HINT);
  if (typeof raw !== 'string') return fail(`expected an amount in US dollars, got ${describe(raw)}`, USD_HINT);
  const m = new RegExp(`^\\s*(?:US)?(\\$?)\\s*${NUM}\\s*(USD)?\\s*$`, 'i').exec(raw);
  if (!m || (m[1] === '$' && m[3] !== undefined)) return fail(`cannot read "${raw}" as an amount in US dollars`, USD_HINT);
  return finite(parseNumber(m[2] ?? ''), raw, USD_HINT);
}

/** A plain count with optional k/M suffix: `50000`, `50,000`, `50k`, `1.2M`. */
export function parseCount(raw: unknown): UnitResult {
  const hint = 'a count such as 50000, 50,000, 50k or 1.2M';
  if (typeof raw === 'number') return finite(raw, raw, hint);
  if (typeof raw !== 'string') return fail(`expected a count, got ${describe(raw)}`, hint);
  const m = new RegExp(`^\\s*${NUM}\\s*([kmb]?)\\s*$`, 'i').exec(raw);
  if (!m) return fail(`cannot read "${raw}" as a count`, hint);
  return finite(parseNumber(m[1] ?? '') * (COUNT_SUFFIX[m[2] ?? ''] ?? 1), raw, hint);
}

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'a mapping';
  return `${typeof raw} ${JSON.stringify(raw) ?? 'undefined'}`;
}
