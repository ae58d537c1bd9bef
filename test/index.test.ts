import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as api from '../src/index.js';
import type { CheckReport, Finding, Plan, PlanReport, Pricing, SimReport, Workload, WorkloadInput } from '../src/index.js';
import { checkBudget } from '../src/budget/check.js';
import { diffReports } from '../src/budget/diff.js';
import { diffInputs } from '../src/budget/inputs.js';
import { planWorkload } from '../src/plan/index.js';
import { parsePricing } from '../src/pricing/parse.js';
import { renderJson, toPlanReport } from '../src/report/json.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderText } from '../src/report/text.js';
import { simulate } from '../src/sim/index.js';
import { parseWorkload } from '../src/workload/parse.js';
import { workloadJsonSchema } from '../src/workload/schema.js';
import { US_EAST_1 } from './pricing/shipped.js';

const root = new URL('../', import.meta.url);
const read = (relative: string) => readFileSync(new URL(relative, root), 'utf8');
const plain = { style: new Chalk({ level: 0 }), width: 100 };

describe('the package entry point', () => {
  it('exports exactly the documented runtime API', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'InputError',
        'InputErrors',
        'InternalError',
        'checkBudget',
        'diffInputs',
        'diffReports',
        'estimateSimWork',
        'locateInText',
        'parsePricing',
        'parseWorkload',
        'planWorkload',
        'renderJson',
        'renderMarkdown',
        'renderSimJson',
        'renderText',
        'simulate',
        'toPlanReport',
        'toSimReport',
        'workloadJsonSchema',
      ].sort(),
    );
  });

  it('re-exports the modules’ own functions, not copies', () => {
    expect(api.parseWorkload).toBe(parseWorkload);
    expect(api.planWorkload).toBe(planWorkload);
    expect(api.toPlanReport).toBe(toPlanReport);
    expect(api.renderText).toBe(renderText);
    expect(api.renderMarkdown).toBe(renderMarkdown);
    expect(api.renderJson).toBe(renderJson);
    expect(api.parsePricing).toBe(parsePricing);
    expect(api.workloadJsonSchema).toBe(workloadJsonSchema);
    expect(api.checkBudget).toBe(checkBudget);
    expect(api.diffReports).toBe(diffReports);
    expect(api.diffInputs).toBe(diffInputs);
    expect(api.simulate).toBe(simulate);
  });

  it('exports the public types', () => {
    expectTypeOf<PlanReport['schemaVersion']>().toEqualTypeOf<1>();
    expectTypeOf<CheckReport['schemaVersion']>().toEqualTypeOf<1>();
    expectTypeOf<SimReport['schemaVersion']>().toEqualTypeOf<1>();
    expectTypeOf<Finding['severity']>().toEqualTypeOf<'error' | 'warning' | 'info'>();
    expectTypeOf(api.parseWorkload).returns.toEqualTypeOf<Workload>();
    expectTypeOf(api.planWorkload).returns.toEqualTypeOf<Plan>();
    expectTypeOf(api.parsePricing).returns.toEqualTypeOf<Pricing>();
    // The input type accepts human units the parser converts ("2 KiB"); the parsed type holds numbers.
    expectTypeOf<{ version: 1; name: string; region: string; streams: [] }>().toExtend<Partial<WorkloadInput>>();
  });

  it('loads no CLI module and no I/O module: the API is the pure core', () => {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = read(file);
      for (const m of text.matchAll(/^(?:import|export)\s(?!type\b)[^'"]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), new URL(file, root)).href.slice(root.href.length));
        else bare.add(spec);
      }
    };
    visit('src/index.ts');
    expect([...seen].filter((f) => f.startsWith('src/cli/'))).toEqual([]);
    expect([...bare].filter((s) => /^(node:)?(fs|fs\/promises|child_process|process)$|^(commander|@inquirer\/)/.test(s))).toEqual([]);
    // The walk did reach the pipeline's modules.
    expect(seen).toContain('src/plan/index.ts');
    expect(seen).toContain('src/sim/engine/stepping.ts');
  });
});

describe('a plan through the API', () => {
  const pricing = api.parsePricing(read(`pricing/${US_EAST_1}`), `pricing/${US_EAST_1}`);
  const workload = api.parseWorkload(read('examples/clickstream.yaml'), 'examples/clickstream.yaml');
  const report = api.toPlanReport(api.planWorkload(workload, { pricing, pricingLabel: US_EAST_1 }), '1.2.3');

  it('round-trips through JSON: what renderJson prints parses back to the report', () => {
    const text = api.renderJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    // Deterministic: planning the same text again prints the same bytes.
    const again = api.toPlanReport(api.planWorkload(api.parseWorkload(read('examples/clickstream.yaml'), 'x.yaml'), { pricing, pricingLabel: US_EAST_1 }), '1.2.3');
    expect(api.renderJson(again)).toBe(text);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'kinesis-plan', version: '1.2.3' });
    expect(report.streams.map((s) => s.name)).toEqual(['clicks']);
  });

  it('renders text and Markdown from the same report', () => {
    const text = api.renderText(report, plain);
    const markdown = api.renderMarkdown(report);
    expect(text).toContain('kinesis-plan · clickstream');
    expect(text.includes('\u001b[')).toBe(false);
    expect(markdown).toContain('clicks');
  });

  it('checks a budget: a limit equal to the total passes, one dollar less fails by one dollar', () => {
    const total = report.totals.monthlyUsd;
    expect(total).toBeGreaterThan(0);
    const at = api.checkBudget({ report, limits: { monthlyUsd: total! }, sources: { monthlyUsd: 'flag' } });
    const under = api.checkBudget({ report, limits: { monthlyUsd: total! - 1 }, sources: { monthlyUsd: 'flag' } });
    expect(at.pass).toBe(true);
    expect(under.pass).toBe(false);
    // excess = value − limit = total − (total − 1) = 1
    expect(under.checks[0]!.excess).toBeCloseTo(1, 9);
  });

  it('diffs a report against itself: nothing changed', () => {
    const diff = api.diffReports(report, report);
    expect(diff.totals.deltaUsd).toBe(0);
    expect(diff.streams.map((s) => s.status)).toEqual(['unchanged']);
  });

  it('simulates: the same seed gives the same report, and every offered record is accounted for', () => {
    const options = { seed: 3, durationSec: 60, shardsByStream: report.streams.map((s) => s.shards.planned) };
    const plan = api.planWorkload(workload);
    const a = api.renderSimJson(api.toSimReport(api.simulate(workload, plan, options), '1.2.3'));
    const b = api.renderSimJson(api.toSimReport(api.simulate(workload, plan, options), '1.2.3'));
    expect(a).toBe(b);
    const sim = JSON.parse(a) as SimReport;
    for (const s of sim.streams) expect(s.records.accepted + s.records.dropped + s.records.pending).toBe(s.records.offered);
  });

  it('reports bad input as a located InputError', () => {
    expect(() => api.parseWorkload('version: 1\nname: x\nregion: us-east-1\nstreams: 5\n', 'bad.yaml')).toThrow(api.InputError);
    expect(() => api.parseWorkload('version: 1\nname: x\nregion: us-east-1\nstreams: 5\n', 'bad.yaml')).toThrow(/^bad\.yaml:4:\d+ streams/);
  });

  it('gives the workload file’s JSON Schema', () => {
    expect(api.workloadJsonSchema()).toMatchObject({ title: 'kinesis-plan workload', type: 'object' });
  });
});
