import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePricing } from '../../src/pricing/parse.js';
import type { Pricing } from '../../src/pricing/schema.js';

/** The shipped pricing directory and its files, for tests. */
export const PRICING_DIR = fileURLToPath(new URL('../../pricing/', import.meta.url));

export function shippedPricingFiles(): string[] {
  return readdirSync(PRICING_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Reads and validates a shipped pricing file by name. */
export function loadShippedPricing(name: string): Pricing {
  return parsePricing(readFileSync(PRICING_DIR + name, 'utf8'), `pricing/${name}`);
}

export const US_EAST_1 = 'us-east-1.2026-11-22.json';
export const US_EAST_2 = 'us-east-2.2026-11-22.json';
