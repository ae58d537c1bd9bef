import { z } from 'zod';
import {
  parseByteRate,
  parseBytes,
  parseCount,
  parseDuration,
  parseGrowth,
  parsePercent,
  parseRate,
  parseUsd,
  type UnitResult,
} from './units.js';

/**
 * zod field builders for human units. Each accepts a number (base units) or a string with a unit, and yields a
 * number in base units. Range checks carry a hint so that the error says how to fix it. The hint travels in the
 * issue's `params.hint` and is read by parse.ts.
 */

export interface UnitFieldOptions {
  /** Smallest allowed value (inclusive unless `exclusiveMin`). */
  min?: number;
  exclusiveMin?: boolean;
  max?: number;
  integer?: boolean;
  /** Shown in the JSON Schema and in the wizard. */
  examples: readonly (string | number)[];
  /** How to read the value in messages, e.g. "bytes". */
  unitName: string;
  /** Formats a base-unit value for messages (e.g. 1048576 → "1 MiB"). */
  show?: (value: number) => string;
  /** Formats `max` in messages, when `show` does not suit it. */
  showMax?: (value: number) => string;
  /** How to fix a value above `max`, when the field's description does not say. */
  maxHint?: string;
  /** `max` is published in the JSON Schema but checked by a refinement that says more (e.g. per destination). */
  isMaxCheckedElsewhere?: boolean;
}

/**
 * What every unit field accepts before its own parsing: one schema shared by all of them (schemas are immutable), so
 * that building the workload schema, which every run does, makes about 80 fewer unions.
 */
const numberOrString = z.union([z.number(), z.string()]);

function unitField(parse: (raw: unknown) => UnitResult, description: string, opts: UnitFieldOptions) {
  const show = opts.show ?? ((v: number) => String(v));
  const showMax = opts.showMax ?? show;
  const field = numberOrString.transform((raw, ctx) => {
      const r = parse(raw);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message, params: { hint: r.hint } });
        return z.NEVER;
      }
      const v = r.value;
      const hint = `${description.replace(/\.$/, '')} (e.g. ${opts.examples.map(String).join(', ')})`;
      if (opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be ${opts.exclusiveMin ? 'greater than' : 'at least'} ${show(opts.min)}, got ${String(raw)}`,
          params: { hint },
        });
        return z.NEVER;
      }
      if (opts.max !== undefined && !opts.isMaxCheckedElsewhere && v > opts.max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at most ${showMax(opts.max)}, got ${String(raw)}`,
          params: { hint: opts.maxHint ?? hint },
        });
        return z.NEVER;
      }
      if (opts.integer && !Number.isInteger(v)) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number, got ${String(raw)}`, params: { hint } });
        return z.NEVER;
      }
      return v;
    });
  // Registered as it is: `.meta()` would register a copy, one more schema to build.
  return field.register(z.globalRegistry, { description, examples: [...opts.examples], ...rangeMeta(opts) });
}

/** The range as JSON Schema keywords (they constrain numbers only; a value with a unit is checked when read). */
function rangeMeta(opts: UnitFieldOptions): Record<string, number> {
  const out: Record<string, number> = {};
  if (opts.min !== undefined) out[opts.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = opts.min;
  if (opts.max !== undefined) out.maximum = opts.max;
  return out;
}

/** Bytes, e.g. `2 KiB`. */
export const bytes = (description: string, o: Partial<UnitFieldOptions> = {}) =>
  unitField(parseBytes, description, { examples: ['512', '2 KiB', '1.5 MB'], unitName: 'bytes', ...o });
/** Records per second, e.g. `3000/s`. */
export const recordRate = (description: string, o: Partial<UnitFieldOptions> = {}) =>
  unitField(parseRate, description, { examples: ['3000/s', '180k/min', '200k/10s'], unitName: 'records/s', ...o });
/** Bytes per second, e.g. `4 MiB/s`. */
export const byteRate = (description: string, o: Partial<UnitFieldOptions> = {}) =>
  unitField(parseByteRate, description, { examples: ['4 MiB/s', '500 KB/s'], unitName: 'bytes/s', ...o });
/** Seconds, e.g. `24h`. */
export const duration = (description: string, o: Partial<UnitFieldOptions> = {}) =>
  unitField(parseDuration, description, { examples: ['100ms', '1s', '24h', '7d'], unitName: 'seconds', ...o });
/** A fraction, e.g. `20%`. */
export const percent = (description: string, o: Partial<UnitFieldOptions> = {}) =>
  unitField(parsePercent, description, { examples: ['20%', '0.2'], unitName: 'fraction', ...o });
/** Monthly compound growth, e.g. `5%/month`. */
export const growth = (description: string, o: Partial<UnitFieldOptions> = {}) =>
  unitField(parseGrowth, description, { examples: ['5%/month', '60%/year'], unitName: 'fraction per month', ...o });
/** A count, e.g. `50k`. */
export const count = (description: string, o: Partial<UnitFieldOptions> = {}) =>
  unitField(parseCount, description, { examples: [50000, '50k'], unitName: 'count', integer: true, ...o });

/** US dollars, e.g. `$2,000`. */
export const usd = (description: string, o: Partial<UnitFieldOptions> = {}) =>
  unitField(parseUsd, description, { examples: [2000, '$2,000', '$2,000.50'], unitName: 'USD', ...o });

/** The infrastructure resource a workload part is checked against (`--iac`), when its name is not the resource's. */
export const iacField = (what: string) =>
  z
    .string()
    .min(1)
    .optional()
    .describe(`The ${what}'s resource in the infrastructure code (--iac): a Terraform address, a CloudFormation logical id, or the AWS name. Default: matched by name.`);
