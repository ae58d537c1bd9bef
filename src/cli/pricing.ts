import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { parsePricing } from '../pricing/parse.js';
import { parsePricingFileName, selectPricingFile } from '../pricing/rates.js';
import type { Pricing } from '../pricing/schema.js';
import { inputName, readTextFile } from './io.js';

/** The pricing files shipped with the package. */
export const SHIPPED_PRICING_DIR = fileURLToPath(new URL('../../pricing/', import.meta.url));

/** The shipped pricing files, by name. */
export async function shippedPricingFiles(): Promise<string[]> {
  const names = await fs.readdir(SHIPPED_PRICING_DIR);
  return names.filter((n) => parsePricingFileName(n) !== undefined).sort();
}

/** Reads and validates one pricing file. */
export async function readPricingFile(file: string): Promise<Pricing> {
  return parsePricing(await readTextFile(file, 'pricing file'), inputName(file));
}

/**
 * The prices a command uses: the user's own file (`--pricing`), else the newest shipped file for the Region
 * (`--region`, else the workload's `region`). A Region with no file is an error that lists the Regions there are.
 */
export async function loadPricing(opts: {
  pricingFile?: string | undefined;
  region: string;
  /** The workload file, when the Region comes from its `region:` (errors then point at it). */
  workloadFile?: string | undefined;
}): Promise<{ pricing: Pricing; label: string }> {
  if (opts.pricingFile !== undefined) {
    return { pricing: await readPricingFile(opts.pricingFile), label: opts.pricingFile };
  }
  let name: string;
  try {
    name = selectPricingFile(await shippedPricingFiles(), opts.region);
  } catch (e) {
    if (e instanceof InputError) {
      throw opts.workloadFile !== undefined
        ? new InputError({ file: opts.workloadFile, path: e.path, message: e.detail, hint: e.hint })
        : new InputError({ message: e.detail, hint: e.hint });
    }
    throw e;
  }
  const full = path.join(SHIPPED_PRICING_DIR, name);
  return { pricing: parsePricing(await readTextFile(full, 'pricing file'), `pricing/${name}`), label: `pricing/${name}` };
}
