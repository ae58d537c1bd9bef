import { InputError } from '../errors.js';
import type { Pricing } from './schema.js';

/** A shipped pricing file, known by its name `<region>.<yyyy-mm-dd>.json`. */
export interface PricingFileName {
  file: string;
  region: string;
  /** The date in the name (YYYY-MM-DD). */
  date: string;
}

/** One row of `kinesis-plan pricing list`. */
export interface PricingListEntry {
  region: string;
  effectiveDate: string;
  /** Days from the effective date to today (as the caller gives it). */
  ageDays: number;
  file: string;
  /** Where the file is: shipped with the tool, or fetched into ./pricing (`where`, as the list prints it). */
  where: string;
  /** Which sections the file prices. */
  sections: readonly ('kinesis' | 'firehose' | 'flink')[];
}

/** Prices older than this are flagged in a plan (PRICES_STALE): AWS changes prices a few times a year at most. */
export const PRICES_STALE_AFTER_DAYS = 90;

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, both YYYY-MM-DD (negative when `to` is earlier). Pure: the caller says what today is. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const FILE_NAME = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)\.(\d{4}-\d{2}-\d{2})\.json$/;

/** Splits `us-east-1.2026-11-22.json` into region and date; other names give undefined. */
export function parsePricingFileName(file: string): PricingFileName | undefined {
  const base = file.split(/[\\/]/).pop() ?? file;
  const m = FILE_NAME.exec(base);
  if (!m) return undefined;
  return { file, region: m[1]!, date: m[2]! };
}

/** The Regions that have a pricing file, sorted. */
export function pricingRegions(files: readonly string[]): string[] {
  const regions = new Set<string>();
  for (const f of files) {
    const parsed = parsePricingFileName(f);
    if (parsed) regions.add(parsed.region);
  }
  return [...regions].sort();
}

/** The file to use for `region`: the one with the latest date in its name (the first of equals); undefined if none. */
export function newestPricingFile(files: readonly string[], region: string): string | undefined {
  let best: PricingFileName | undefined;
  for (const f of files) {
    const parsed = parsePricingFileName(f);
    if (parsed?.region === region && (!best || parsed.date > best.date)) best = parsed;
  }
  return best?.file;
}

/** The file to use for `region`, or an `InputError` that lists the Regions there are and how to get prices. */
export function selectPricingFile(files: readonly string[], region: string): string {
  const best = newestPricingFile(files, region);
  if (best !== undefined) return best;
  const regions = pricingRegions(files);
  throw new InputError({
    path: 'region',
    message: `no pricing file for Region ${region}; there are prices for ${regions.length ? regions.join(', ') : 'no Region'}`,
    hint: `download them with \`kinesis-plan pricing fetch ${region}\`, or give your own prices with --pricing FILE`,
  });
}

/** The row `pricing list` shows for a parsed file, its age counted to `today` (YYYY-MM-DD). */
export function pricingListEntry(file: string, pricing: Pricing, today: string, where = 'shipped'): PricingListEntry {
  const sections: ('kinesis' | 'firehose' | 'flink')[] = ['kinesis'];
  if (pricing.firehose) sections.push('firehose');
  if (pricing.flink) sections.push('flink');
  return { region: pricing.region, effectiveDate: pricing.effectiveDate, ageDays: daysBetween(pricing.effectiveDate, today), file, where, sections };
}
