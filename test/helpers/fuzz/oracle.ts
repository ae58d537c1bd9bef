import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { ROOT } from '../cli.js';

/**
 * What every run must show, whatever its input (the README's "Exit codes"): an exit code of 0, 1, 2 or 130; no stack
 * trace and no internal error; on exit 2 only located messages; and a JSON report that parses, keeps its published
 * schema and holds only finite numbers.
 */

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
const schema = (name: string): object => JSON.parse(readFileSync(join(ROOT, 'schema', name), 'utf8')) as object;
const VALIDATORS: Record<string, ValidateFunction> = {
  plan: ajv.compile(schema('plan-report.v1.json')),
  diff: ajv.compile({ type: 'object', required: ['schemaVersion'] }),
  simulate: ajv.compile(schema('simulate-report.v1.json')),
  check: ajv.compile(schema('check-report.v1.json')),
};

/**
 * The ways an error line may be located: at a line and column of a file (with a field path or not); at a file as a
 * whole, for what concerns all of it (its size or kind, an empty file, a run too large for it); at a flag; or
 * commander's own usage lines.
 */
const LOCATED: readonly RegExp[] = [
  /^kinesis-plan: .+:\d+:\d+( \S+)?: .+\.( Hint: .+)?$/,
  /^kinesis-plan: .+: (no such .+|is a directory.*|is not a regular file.*|is not a text .+|the .+ is empty.*|the .+ is .*larger than .+|cannot read the .+|cannot write the output.*|is a block device.*|\d+ more errors? not shown.*|the trace has .+|a simulation of .+|this simulation would .+|the search for the fewest shards .+)$/,
  /^kinesis-plan: --[a-z-]+.*$/,
  /^error: .+$/,
  /^\(Did you mean .+\?\)$/,
  /^\(run with --help for usage\)$/,
  /^kinesis-plan: wrote .+$/,
];

/** Every number in a parsed report, with its path. */
function numbers(value: unknown, path = '$'): [string, unknown][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbers(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`));
  return [];
}

/** What is wrong with a run of `args`, or an empty list. */
export function judge(args: readonly string[], out: Outcome): string[] {
  const problems: string[] = [];
  if (out.code === null || ![0, 1, 2, 130].includes(out.code)) problems.push(`exit code ${String(out.code)}`);
  if (/\n\s+at |^\s+at .+:\d+:\d+\)?$/m.test(out.stderr)) problems.push('a stack trace on standard error');
  if (/internal error|this is a bug/i.test(out.stderr)) problems.push('an internal error');
  if (out.code === 2) {
    for (const line of out.stderr.trimEnd().split('\n')) {
      if (!LOCATED.some((re) => re.test(line))) problems.push(`an unlocated message: ${JSON.stringify(line)}`);
    }
  }
  const format = args[args.indexOf('--format') + 1];
  if ((out.code === 0 || out.code === 1) && format === 'json' && !args.includes('--output')) {
    let report: unknown;
    try {
      report = JSON.parse(out.stdout);
    } catch {
      problems.push(`standard output is not JSON: ${JSON.stringify(out.stdout.slice(0, 200))}`);
      return problems;
    }
    const validate = VALIDATORS[args[0] ?? ''];
    if (validate && !validate(report)) problems.push(`the report breaks its schema: ${ajv.errorsText(validate.errors)}`);
    for (const [path, n] of numbers(report)) if (typeof n === 'number' && !Number.isFinite(n)) problems.push(`${path} is ${n}`);
  }
  return problems;
}
