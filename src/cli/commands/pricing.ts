import * as path from 'node:path';
import { EXIT, InputError } from '../../errors.js';
import { importOffer, mergePricing } from '../../pricing/import.js';
import { pricingListEntry } from '../../pricing/rates.js';
import { renderPricingList, renderPricingShow } from '../../report/pricing.js';
import { readTextFile } from '../io.js';
import { emit, renderOptions } from '../output.js';
import { loadPricing, readPricingFile, shippedPricingFiles, SHIPPED_PRICING_DIR } from '../pricing.js';

/** `pricing list`: the shipped Regions and their effective dates. */
export async function runPricingList(opts: { output?: string | undefined }): Promise<number> {
  const files = await shippedPricingFiles();
  const entries = [];
  for (const f of files) entries.push(pricingListEntry(`pricing/${f}`, await readPricingFile(path.join(SHIPPED_PRICING_DIR, f))));
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
  const retrieved = opts.retrieved ?? new Date().toISOString().slice(0, 10);
  const fragments = [];
  const unmapped: string[] = [];
  for (const file of files) {
    const text = await readTextFile(file, 'offer file');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError({ file, message: `not valid JSON: ${(e as Error).message}`, hint: 'give the offer file as downloaded from the AWS Price List bulk API (index.json of the service)' });
    }
    try {
      const r = importOffer(json, `AWS Price List bulk offer file ${path.basename(file)}`, retrieved, opts.region);
      fragments.push({ ...r.fragment, effectiveDate: r.fragment.effectiveDate ?? retrieved });
      unmapped.push(...r.unmapped.map((u) => `${r.offerCode}: ${u}`));
    } catch (e) {
      if (e instanceof InputError) throw new InputError({ file, path: e.path, message: e.detail, hint: e.hint });
      throw e;
    }
  }
  const base = opts.base !== undefined ? await readPricingFile(opts.base) : undefined;
  let merged;
  try {
    merged = mergePricing(fragments, base, [`Imported from ${files.map((f) => path.basename(f)).join(', ')} on ${retrieved}.`]);
  } catch (e) {
    if (e instanceof InputError) throw new InputError({ file: files.join(', '), path: e.path, message: e.detail, hint: e.hint });
    throw e;
  }
  await emit(`${JSON.stringify(merged, null, 2)}\n`, opts.output);
  if (unmapped.length > 0) process.stderr.write(`kinesis-plan: usage types not used: ${unmapped.join(', ')}\n`);
  return EXIT.OK;
}
