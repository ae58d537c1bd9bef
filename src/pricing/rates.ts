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
  file: string;
  /** Which sections the file prices. */
  sections: readonly ('kinesis' | 'firehose' | 'flink')[];
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

/**
 * The file to use for `region`: the one with the latest date in its name. A Region with no file is an `InputError`
 * that lists the Regions there are.
 */
export function selectPricingFile(files: readonly string[], region: string): string {
  let best: PricingFileName | undefined;
  for (const f of files) {
    const parsed = parsePricingFileName(f);
    if (parsed?.region === region && (!best || parsed.date > best.date)) best = parsed;
  }
  if (best) return best.file;
  const regions = pricingRegions(files);
  throw new InputError({
    path: 'region',
    message: `no pricing file for Region ${region}; prices ship for ${regions.length ? regions.join(', ') : 'no Region'}`,
    hint: 'pick one of those Regions with --region, or give your own prices with --pricing FILE',
  });
}

/** The row `pricing list` shows for a parsed file. */
export function pricingListEntry(file: string, pricing: Pricing): PricingListEntry {
  const sections: ('kinesis' | 'firehose' | 'flink')[] = ['kinesis'];
  if (pricing.firehose) sections.push('firehose');
  if (pricing.flink) sections.push('flink');
  return { region: pricing.region, effectiveDate: pricing.effectiveDate, file, sections };
}
