import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { checkBudget } from '../../src/budget/check.js';
import { planWorkload } from '../../src/plan/index.js';
import { unlessOverStreamMaximum } from '../helpers/workload.js';
import { parsePricing } from '../../src/pricing/parse.js';
import type { CheckReport } from '../../src/report/check.js';
import type { PlanReport } from '../../src/contract/plan-report.js';
import { renderJson, toPlanReport } from '../../src/report/json.js';
import { renderSimJson, toSimReport } from '../../src/report/sim-json.js';
import { simulate } from '../../src/sim/index.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { generateReportSchemas, packagePath, REPORT_SCHEMAS, schemaText } from '../helpers/report-schemas.js';

/*
 * The JSON reports are a public interface. Their JSON Schemas are generated from the TypeScript types
 * (`npm run schema:reports` runs this file with --update) and committed under schema/; this file fails when a type
 * changes without regenerating, when a real report does not validate, or when a field the issues promise is missing.
 */

type Schemas = ReturnType<typeof generateReportSchemas>;
let schemas: Schemas;

beforeAll(() => {
  schemas = generateReportSchemas(REPORT_SCHEMAS);
});

const EXAMPLES = readdirSync(packagePath('examples')).filter((f) => f.endsWith('.yaml')).sort();
const PRICING_FILE = readdirSync(packagePath('pricing')).find((f) => f.startsWith('us-east-1.') && f.endsWith('.json'));

function pricing() {
  if (!PRICING_FILE) throw new Error('no shipped us-east-1 pricing file');
  return parsePricing(readFileSync(packagePath(`pricing/${PRICING_FILE}`), 'utf8'), `pricing/${PRICING_FILE}`);
}

function workloadOf(example: string) {
  return parseWorkload(readFileSync(packagePath(`examples/${example}`), 'utf8'), `examples/${example}`);
}

const planTexts = new Map<string, string>();

/** The report exactly as `plan --format json` prints it, parsed back: undefined fields gone, as a reader sees it. */
function planJson(example: string, isPriced = true): unknown {
  const key = `${example}|${isPriced}`;
  let text = planTexts.get(key);
  if (text === undefined) {
    const plan = planWorkload(workloadOf(example), isPriced ? { pricing: pricing(), pricingLabel: PRICING_FILE } : {});
    text = renderJson(toPlanReport(plan, '0.0.0-test'));
    planTexts.set(key, text);
  }
  return JSON.parse(text);
}

function validator(type: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const schema = schemas.get(type);
  if (!schema) throw new Error(`no schema for ${type}`);
  return ajv.compile(schema);
}

/** Validation errors as short lines (empty when valid), so a failure shows every broken field at once. */
function errorsOf(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

describe('committed schemas match the TypeScript types', () => {
  it.each(REPORT_SCHEMAS.map((s) => [s.file, s] as const))('%s', async (_file, spec) => {
    const schema = schemas.get(spec.type);
    expect(schema).toBeDefined();
    await expect(schemaText(schema!), `${spec.file} is out of date: run npm run schema:reports`).toMatchFileSnapshot(`../../${spec.file}`);
  });

  it('the plan report pins its version and forbids fields the type does not declare', () => {
    const plan = schemas.get('PlanReport') as { properties: Record<string, unknown>; required: string[]; additionalProperties: unknown };
    expect(plan.properties.schemaVersion).toEqual({ type: 'number', const: 1 });
    expect(plan.required).toContain('schemaVersion');
    expect(plan.additionalProperties).toBe(false);
  });
});

describe('real reports validate against the schemas', () => {
  it('there are examples and a shipped us-east-1 pricing file to check', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(5);
    expect(PRICING_FILE).toMatch(/^us-east-1\.\d{4}-\d{2}-\d{2}\.json$/);
  });

  it.each(EXAMPLES)('plan report of examples/%s, priced and unpriced', (example) => {
    const validate = validator('PlanReport');
    expect(errorsOf(validate, planJson(example))).toEqual([]);
    expect(errorsOf(validate, planJson(example, false))).toEqual([]);
  });

  it.each(EXAMPLES)('simulate report of examples/%s', (example) => {
    const workload = workloadOf(example);
    const plan = planWorkload(workload, { pricing: pricing() });
    const result = simulate(workload, planWorkload(workload), { seed: 7, durationSec: 120, shardsByStream: plan.streams.map((s) => s.shards.planned) });
    const json: unknown = JSON.parse(renderSimJson(toSimReport(result, '0.0.0-test')));
    expect(errorsOf(validator('SimReport'), json)).toEqual([]);
  });

  it('plan reports of generated workloads validate (skew, aggregation, consumers, modes, existing shards, growth)', () => {
    const validate = validator('PlanReport');
    const prices = pricing();
    const keys = fc.oneof(
      fc.record({ distribution: fc.constant('uniform'), distinct: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: undefined }) }),
      fc.record({ distribution: fc.constant('zipf'), distinct: fc.integer({ min: 1, max: 200_000 }), zipfExponent: fc.double({ min: 0.2, max: 3, noNaN: true }) }),
      fc.record({
        distribution: fc.constant('hot-keys'),
        distinct: fc.integer({ min: 2, max: 200_000 }),
        hotKeys: fc.constant(null).chain(() => fc.double({ min: 0.01, max: 0.95, noNaN: true }).map((share) => [{ key: 'hot', share }])),
      }),
    );
    const stream = fc.record(
      {
        name: fc.constant('s'),
        records: fc.record(
          {
            size: fc.integer({ min: 1, max: 200_000 }),
            rate: fc.double({ min: 0.01, max: 300_000, noNaN: true }),
            peak: fc.integer({ min: 1, max: 6 }).map((k) => `${k}x`),
            growth: fc.double({ min: 0, max: 0.3, noNaN: true }),
          },
          { requiredKeys: ['size', 'rate'] },
        ),
        partitionKeys: keys,
        producer: fc.record({ aggregation: fc.constantFrom('none', 'kpl') }),
        consumers: fc.array(fc.constantFrom('polling', 'lambda', 'efo'), { maxLength: 4 }).map((types) => types.map((type, i) => ({ name: `c${i}`, type }))),
        headroom: fc.double({ min: 0, max: 1, noNaN: true }),
      },
      { requiredKeys: ['name', 'records'] },
    );
    // An existing shard count belongs to a provisioned stream (or one whose modes are compared).
    const capacity = fc.oneof(
      fc.record({ capacityMode: fc.constantFrom('provisioned', undefined), shards: fc.integer({ min: 1, max: 400 }) }, { requiredKeys: ['capacityMode'] }),
      fc.record({ capacityMode: fc.constantFrom('on-demand', 'on-demand-advantage') }),
      fc.constant({}),
    );
    fc.assert(
      fc.property(stream, capacity, fc.boolean(), (s, mode, isPriced) => {
        const doc = { version: 1, name: 'generated', region: 'us-east-1', streams: [{ ...s, ...mode }] };
        const workload = parseWorkload(stringify(doc), 'generated.yaml');
        const plan = unlessOverStreamMaximum(() => planWorkload(workload, isPriced ? { pricing: prices } : {}));
        fc.pre(plan !== undefined);
        expect(errorsOf(validate, JSON.parse(renderJson(toPlanReport(plan, '0.0.0-test'))))).toEqual([]);
      }),
      { numRuns: 40, seed: 20261122 },
    );
  });

  it('check report with every limit set, a baseline and simulated throttling', () => {
    const files = EXAMPLES.map((example) => {
      const report = planJson(example) as PlanReport;
      const baseline = planJson(example, false) as PlanReport;
      const verdict = checkBudget({
        report,
        limits: { monthlyUsd: 100, maxShards: 4, maxThrottledShare: 0.01, maxIncreaseUsd: 50, maxIncreasePercent: 0.1 },
        sources: { monthlyUsd: 'workload', maxShards: 'flag' },
        throttling: report.streams.slice(0, 1).map((s) => ({ stream: s.name, throttledShare: 0.02, shards: s.shards.planned, mode: 'provisioned' as const })),
        baseline,
        inputs: [
          { path: 'streams[0].records.rate', before: '3000/s', after: '6000/s', status: 'changed' },
          { path: 'streams[1]', before: null, after: 'orders', status: 'added' },
        ],
        failOn: 'warning',
      });
      return {
        file: `examples/${example}`,
        workload: report.workload.name,
        verdict,
        lines: { 'budget.monthlyUsd': 3 },
        monthlyUsd: report.totals.monthlyUsd,
        pricing: report.pricing ? { label: report.pricing.label, effectiveDate: report.pricing.effectiveDate } : null,
        base: { file: `main:examples/${example}`, status: 'compared' as const, message: null },
      };
    });
    const report: CheckReport = {
      schemaVersion: 1,
      tool: { name: 'kinesis-plan', version: '0.0.0-test' },
      pass: files.every((f) => f.verdict.pass),
      failOn: 'warning',
      files,
      deleted: [
        { file: 'pipelines/old.yaml', workload: 'old', monthlyUsd: 12.5, message: null },
        { file: 'pipelines/broken.yaml', workload: null, monthlyUsd: null, message: 'main:pipelines/broken.yaml:3:1 streams: required' },
      ],
    };
    const json: unknown = JSON.parse(JSON.stringify(report));
    expect(errorsOf(validator('CheckReport'), json)).toEqual([]);
  });

  it('rejects a report that breaks the contract (the validator can fail)', () => {
    const validate = validator('PlanReport');
    const good = planJson('clickstream.yaml') as { schemaVersion: number; streams: { shards: Record<string, unknown> }[] };
    const wrongVersion = { ...good, schemaVersion: 2 };
    const extraField = { ...good, surprise: true };
    const noRequired = structuredClone(good);
    delete noRequired.streams[0]!.shards.required;
    expect(errorsOf(validate, good)).toEqual([]);
    expect(errorsOf(validate, wrongVersion).join('\n')).toMatch(/^\/schemaVersion must be equal to constant/);
    expect(errorsOf(validate, extraField).join('\n')).toMatch(/must NOT have additional properties .*surprise/);
    expect(errorsOf(validate, noRequired).join('\n')).toMatch(/^\/streams\/0\/shards must have required property 'required'/);
  });
});

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
}

/** Bash-style brace expansion: `a.{b,c.{d,e}}` → `a.b`, `a.c.d`, `a.c.e`. */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new Error(`unbalanced braces in ${pattern}`);
  const bounds = [open, ...commas, close];
  const alternatives = bounds.slice(1).map((end, k) => pattern.slice(bounds[k]! + 1, end));
  return alternatives.flatMap((alt) => expandBraces(`${pattern.slice(0, open)}${alt}${pattern.slice(close + 1)}`));
}

function deref(root: JsonSchema, node: JsonSchema): JsonSchema {
  let n = node;
  for (let hops = 0; n.$ref !== undefined; hops++) {
    if (hops > 50) throw new Error(`$ref loop at ${n.$ref}`);
    const name = decodeURIComponent(n.$ref.replace(/^#\/definitions\//, ''));
    const target = root.definitions?.[name];
    if (!target) throw new Error(`dangling $ref ${n.$ref}`);
    n = target;
  }
  return n;
}

/** The object schemas a value may be (a union's object branches; `null` branches are not objects). */
function objectsOf(root: JsonSchema, node: JsonSchema): JsonSchema[] {
  const n = deref(root, node);
  if (n.anyOf) return n.anyOf.flatMap((b) => objectsOf(root, b));
  return n.properties ? [n] : [];
}

/**
 * Where a dotted contract path stands in a schema: `required` when every step is a required property (of every object
 * branch), `optional:<step>` at the first step that may be absent, `missing:<step>` at the first that is not declared.
 * `name[]` steps into an array's items.
 */
function contractStatus(root: JsonSchema, path: string): string {
  let nodes: JsonSchema[] = [root];
  let optionalAt: string | undefined;
  const steps = path.split('.');
  for (const [k, step] of steps.entries()) {
    const isArray = step.endsWith('[]');
    const key = isArray ? step.slice(0, -2) : step;
    const here = steps.slice(0, k + 1).join('.');
    const objects = nodes.flatMap((n) => objectsOf(root, n));
    if (objects.length === 0 || objects.some((o) => !o.properties?.[key])) return `missing:${here}`;
    if (optionalAt === undefined && objects.some((o) => !o.required?.includes(key))) optionalAt = here;
    nodes = objects.map((o) => o.properties![key]!);
    if (isArray) {
      nodes = nodes.map((n) => deref(root, n).items).filter((n): n is JsonSchema => n !== undefined);
      if (nodes.length === 0) return `missing:${here} (not an array)`;
    }
  }
  return optionalAt === undefined ? 'required' : `optional:${optionalAt}`;
}

/** Fields issues #2-#5 name as the report's contract. */
const CONTRACT = [
  'schemaVersion',
  'streams[].name',
  'streams[].shards.{required,binding,byLimit.{writeBytes,writeRecords,readBytes}}',
  'streams[].readCallsPerShardPerSecond',
  'findings[].{code,severity,path,message}',
  'streams[].cost.{provisioned,onDemand,onDemandAdvantage}.{monthlyUsd,lines}',
  'streams[].cost.cheapest',
  'totals.monthlyUsd',
  'streams[].aggregation.{enabled,userRecordsPerAggregate,aggregateBytes,kinesisRecordsPerSecond,shardsWithout,shardsWith,putUnitsPerMonthWithout,putUnitsPerMonthWith}',
  'streams[].partitionKeys.{hottestShardShare,imbalance,shardsForSkew,keysOverShardLimit}',
  'firehose[].{name,buffer.{sizeMiB,intervalSeconds,trigger},objectSizeBytes,objectsPerHour,deliveryLatencySeconds,cost.{monthlyUsd,lines}}',
  'flink[].{name,kpus,cost.{monthlyUsd,lines}}',
].flatMap(expandBraces);

/**
 * Contract fields that may be absent from the JSON, and why: `cost` is left out when no pricing is given; a field
 * typed `T | undefined` is dropped by JSON.stringify when undefined (typing it `T | null` keeps it, and makes it
 * required here, which this list allows).
 */
const MAY_BE_ABSENT: Record<string, string> = {
  'streams[].cost': 'no pricing file: the plan is not costed',
  'streams[].partitionKeys.shardsForSkew': 'undefined when no shard count spreads the hottest key within limits',
};

describe('the contract fields the issues name', () => {
  it('brace expansion of the contract list', () => {
    expect(expandBraces('a.{b,c.{d,e}}.f')).toEqual(['a.b.f', 'a.c.d.f', 'a.c.e.f']);
    expect(CONTRACT).toHaveLength(1 + 1 + 5 + 1 + 4 + 6 + 1 + 1 + 8 + 4 + 9 + 4);
  });

  it('the checker tells required, optional and missing apart', () => {
    const root: JsonSchema = {
      properties: { a: { $ref: '#/definitions/A' }, b: { type: 'array', items: { properties: { c: { type: 'number' } } } } },
      required: ['a', 'b'],
      definitions: { A: { anyOf: [{ type: 'null' }, { properties: { x: { type: 'number' } }, required: ['x'] }] } },
    };
    expect(contractStatus(root, 'a.x')).toBe('required');
    expect(contractStatus(root, 'b[].c')).toBe('optional:b[].c');
    expect(contractStatus(root, 'a.y')).toBe('missing:a.y');
    expect(contractStatus(root, 'a.x.z')).toBe('missing:a.x.z');
  });

  it('every contract field is in the plan report schema, required unless listed as optional', () => {
    const root = schemas.get('PlanReport') as JsonSchema;
    const status = Object.fromEntries(CONTRACT.map((p) => [p, contractStatus(root, p)]));
    const missing = Object.entries(status).filter(([, s]) => s.startsWith('missing'));
    expect(missing).toEqual([]);
    const optionalSteps = new Set(Object.values(status).flatMap((s) => (s.startsWith('optional:') ? [s.slice('optional:'.length)] : [])));
    expect([...optionalSteps].filter((step) => !(step in MAY_BE_ABSENT))).toEqual([]);
    // Only the listed steps may be absent: 7 fields under streams[].cost (3 modes × 2 + cheapest) and shardsForSkew.
    expect(Object.values(status).filter((s) => s === 'required').length).toBeGreaterThanOrEqual(CONTRACT.length - 8);
  });

  it('a field the report may leave out is one a real report does leave out (so the schema is not too strict)', () => {
    const unpriced = planJson('clickstream.yaml', false) as { streams: Record<string, unknown>[] };
    expect(unpriced.streams[0]).not.toHaveProperty('cost');
    const priced = planJson('clickstream.yaml') as { streams: { cost: Record<string, unknown> }[] };
    expect(Object.keys(priced.streams[0]!.cost)).toEqual(expect.arrayContaining(['provisioned', 'onDemand', 'onDemandAdvantage', 'cheapest']));
  });
});
