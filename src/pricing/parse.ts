import { parseDocumentWith } from '../workload/locate.js';
import { pricingSchema, type Pricing } from './schema.js';

/**
 * Reads a pricing file's text (JSON; YAML is accepted too, JSON being a subset) → zod → a validated `Pricing`, or
 * one `InputError` located at `file:line:col` with the JSON path. No I/O here: the CLI reads the file.
 */
export function parsePricing(text: string, file: string): Pricing {
  return parseDocumentWith(pricingSchema, text, file, {
    noun: 'pricing file',
    emptyHint:
      'a pricing file has region, effectiveDate, currency and a kinesis section; see pricing/us-east-1.*.json',
    // A file that starts like JSON is reported as JSON; a YAML pricing file is read as YAML.
    syntax: /^\s*[{[]/.test(text) ? 'JSON' : 'YAML',
  });
}
