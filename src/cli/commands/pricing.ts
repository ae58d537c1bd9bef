import * as path from 'node:path';
import { EXIT, InputError } from '../../errors.js';
import { importOffers, type OfferInput } from '../../pricing/import.js';
import { pricingListEntry } from '../../pricing/rates.js';
import { renderPricingList, renderPricingShow } from '../../report/pricing.js';
import { todayOf } from '../clock.js';
import { readTextFile } from '../io.js';
import { emit, renderOptions } from '../output.js';
import { loadPricing, LOCAL_PRICING_DIR, pricingFiles, readPricingFile } from '../pricing.js';

/** `pricing list`: every pricing file there is (fetched into ./pricing, and shipped), with its age. */
export async function runPricingList(opts: { output?: string | undefined }): Promise<number> {
  const today = todayOf(process.env);
  const entries = [];
  for (const f of pricingFiles()) {
    entries.push(pricingListEntry(f.label, await readPricingFile(f.full, f.label), today, f.isShipped ? 'shipped' : `./${LOCAL_PRICING_DIR}`));
  }
  await emit(renderPricingList(entries, renderOptions(opts.output !== undefined)), opts.output);
  return EXIT.OK;
}

/** `pricing show REGION`: every unit price of a Region (or of `--pricing FILE`) with its source. */
export async function runPricingShow(region: string, opts: { pricing?: string | undefined; output?: string | undefined; format: 'text' | 'json' }): Promise<number> {
  const { pricing } = await loadPricing({ region, pricingFile: opts.pricing });
  await emit(opts.format === 'json' ? `${JSON.stringify(pricing, null, 2)}\n` : renderPricingShow(pricing, renderOptions(opts.output !== undefined)), opts.output);
  return EXIT.OK;
}

/** `pricing import FILE...`: AWS Price List offer files → a kinesis-plan pricing file. */
export async function runPricingImport(
  files: string[],
  opts: { region?: string | undefined; base?: string | undefined; retrieved?: string | undefined; output?: string | undefined },
): Promise<number> {
  const retrieved = opts.retrieved ?? todayOf(process.env);
  const offers: OfferInput[] = [];
  for (const file of files) {
    const text = await readTextFile(file, 'offer file');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError({ file, message: `not valid JSON: ${(e as Error).message}`, hint: 'give the offer file as downloaded from the AWS Price List bulk API (index.json of the service)' });
    }
    offers.push({ json, source: `AWS Price List bulk offer file ${path.basename(file)}`, label: file });
  }
  const base = opts.base !== undefined ? await readPricingFile(opts.base) : undefined;
  let result;
  try {
    result = importOffers(offers, { retrieved, region: opts.region, base, baseLabel: opts.base });
  } catch (e) {
    if (e instanceof InputError) throw new InputError({ file: e.file ?? files.join(', '), path: e.path, message: e.detail, hint: e.hint });
    throw e;
  }
  await emit(`${JSON.stringify(result.pricing, null, 2)}\n`, opts.output);
  reportImport(result);
  return EXIT.OK;
}

/** What an import has to say, on standard error: disagreements between SKUs, carried prices, usage types not used. */
export function reportImport(result: { warnings: readonly string[]; unmapped: readonly string[] }): void {
  for (const w of result.warnings) process.stderr.write(`kinesis-plan: warning: ${w}\n`);
  if (result.unmapped.length > 0) process.stderr.write(`kinesis-plan: usage types not used: ${result.unmapped.join(', ')}\n`);
}
