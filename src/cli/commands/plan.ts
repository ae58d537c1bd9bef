import type { PlanReport } from '../../contract/plan-report.js';
import { EXIT, InputError } from '../../errors.js';
import { planWorkload, type Plan } from '../../plan/index.js';
import { renderJson, toPlanReport } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderText } from '../../report/text.js';
import { locateInText } from '../../workload/locate.js';
import { parseWorkload } from '../../workload/parse.js';
import type { Workload } from '../../workload/schema.js';
import { inputName, readTextFile } from '../io.js';
import { emit, renderOptions, VERSION } from '../output.js';
import { loadPricing } from '../pricing.js';

/** Options that decide the prices a plan is costed with, shared by plan, check and diff. */
export interface PricingOptions {
  region?: string | undefined;
  pricing?: string | undefined;
  monthHours?: number | undefined;
  /** Plan without prices when the Region has no shipped pricing file (simulate needs the plan, not the prices). */
  isPricingOptional?: boolean | undefined;
}

export interface PlanOptions extends PricingOptions {
  format: 'text' | 'json' | 'markdown';
  output?: string | undefined;
}

/** Reads a workload file (or takes its text, when already read), applies command-line overrides, and plans it with its prices. */
export async function planFile(
  file: string,
  opts: PricingOptions,
  read?: string,
): Promise<{ workload: Workload; text: string; plan: Plan; report: PlanReport }> {
  const text = read ?? (await readTextFile(file, 'workload file'));
  const name = inputName(file);
  const parsed = parseWorkload(text, name);
  const workload: Workload =
    opts.monthHours !== undefined ? { ...parsed, settings: { ...parsed.settings, monthHours: opts.monthHours } } : parsed;
  const prices = await loadPricing({
    pricingFile: opts.pricing,
    region: opts.region ?? workload.region,
    workloadFile: opts.region === undefined ? name : undefined,
  }).catch((e: unknown) => {
    if (opts.isPricingOptional === true && opts.pricing === undefined && e instanceof InputError) return undefined;
    throw e;
  });
  const { pricing, label } = prices ?? { pricing: undefined, label: undefined };
  let plan: Plan;
  try {
    plan = planWorkload(workload, { pricing, pricingLabel: label });
  } catch (e) {
    throw e instanceof InputError ? locateInText(e, text, name) : e;
  }
  return { workload, text, plan, report: toPlanReport(plan, VERSION) };
}

/** `kinesis-plan plan FILE`: read, plan, render, write. Returns the exit code. */
export async function runPlan(file: string, opts: PlanOptions): Promise<number> {
  const { report } = await planFile(file, opts);
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json' ? renderJson(report) : opts.format === 'markdown' ? renderMarkdown(report) : renderText(report, renderOptions(toFile));
  await emit(content, opts.output);
  return EXIT.OK;
}
