import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { parsePricing } from '../pricing/parse.js';
import { newestPricingFile, parsePricingFileName, selectPricingFile } from '../pricing/rates.js';
import type { Pricing } from '../pricing/schema.js';
import { inputName, readTextFile } from './io.js';

/** The pricing files shipped with the package. */
export const SHIPPED_PRICING_DIR = fileURLToPath(new URL('../../pricing/', import.meta.url));

/** Where `pricing fetch` writes and plans look first: `pricing/` in the current directory. */
export const LOCAL_PRICING_DIR = 'pricing';

/** A pricing file found on disk: its path, how reports name it, and whether it ships with the tool. */
export interface PricingFileEntry {
  /** The path to read. */
  full: string;
  /** How reports name it: `pricing/<name>` (shipped) or `./pricing/<name>` (fetched into the current directory). */
  label: string;
  isShipped: boolean;
}

function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => parsePricingFileName(n) !== undefined).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
}

function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * Every pricing file there is: the ones fetched into ./pricing first (they win a tie), then the shipped ones. In the
 * tool's own directory the two are one and are listed once, as shipped.
 */
export function pricingFiles(cwd: string = process.cwd()): PricingFileEntry[] {
  const local = path.resolve(cwd, LOCAL_PRICING_DIR);
  const isShippedDir = sameDir(local, SHIPPED_PRICING_DIR);
  const fetched = isShippedDir ? [] : namesIn(local).map((n) => ({ full: path.join(local, n), label: `./${LOCAL_PRICING_DIR}/${n}`, isShipped: false }));
  const shipped = namesIn(SHIPPED_PRICING_DIR).map((n) => ({ full: path.join(SHIPPED_PRICING_DIR, n), label: `pricing/${n}`, isShipped: true }));
  return [...fetched, ...shipped];
}

/** Reads and validates one pricing file. */
export async function readPricingFile(file: string, label = inputName(file)): Promise<Pricing> {
  return parsePricing(await readTextFile(file, 'pricing file'), label);
}

/**
 * The shipped pricing files as validated by the build (scripts/build.js): name → the file's text and its parsed
 * content. Absent when running from source (tests), and then every file is validated as it is read.
 */
let validatedShipped: Record<string, { text: string; pricing: Pricing }> | null | undefined;

function validatedShippedPricing(name: string, text: string): Pricing | undefined {
  if (validatedShipped === undefined) {
    try {
      validatedShipped = JSON.parse(readFileSync(new URL('../shipped-pricing.json', import.meta.url), 'utf8')) as typeof validatedShipped;
    } catch {
      validatedShipped = null;
    }
  }
  const entry = validatedShipped?.[name];
  // A file edited since the build is no longer the text validated, and is validated again.
  return entry !== undefined && entry.text === text ? entry.pricing : undefined;
}

/** Reads a pricing file found on disk: a shipped file the build validated is taken as validated. */
async function readPricingEntry(entry: PricingFileEntry): Promise<Pricing> {
  const text = await readTextFile(entry.full, 'pricing file');
  return (entry.isShipped ? validatedShippedPricing(path.basename(entry.full), text) : undefined) ?? parsePricing(text, entry.label);
}

/**
 * The prices a plan uses: the user's own file (`--pricing`), else the newest file for the Region (`--region`, else the
 * workload's `region`) among the fetched and shipped ones; undefined when there is none (the plan is then unpriced).
 */
export async function findPricing(opts: { pricingFile?: string | undefined; region: string }): Promise<{ pricing: Pricing; label: string } | undefined> {
  if (opts.pricingFile !== undefined) return { pricing: await readPricingFile(opts.pricingFile), label: opts.pricingFile };
  const files = pricingFiles();
  const chosen = newestPricingFile(
    files.map((f) => f.full),
    opts.region,
  );
  const entry = files.find((f) => f.full === chosen);
  if (entry === undefined) return undefined;
  return { pricing: await readPricingEntry(entry), label: entry.label };
}

/** Like `findPricing`, for commands that need prices (`pricing show`): no file is an error listing the Regions there are. */
export async function loadPricing(opts: { pricingFile?: string | undefined; region: string }): Promise<{ pricing: Pricing; label: string }> {
  const found = await findPricing(opts);
  if (found !== undefined) return found;
  try {
    selectPricingFile(
      pricingFiles().map((f) => f.full),
      opts.region,
    );
  } catch (e) {
    if (e instanceof InputError) throw new InputError({ message: e.detail, hint: e.hint });
    throw e;
  }
  throw new InputError({ message: `no pricing file for Region ${opts.region}` });
}
