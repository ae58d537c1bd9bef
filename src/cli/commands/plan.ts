import type { PlanReport } from '../../contract/plan-report.js';
import { EXIT } from '../../errors.js';
import { planWorkload, type Plan } from '../../plan/index.js';
import { renderJson, toPlanReport } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderText } from '../../report/text.js';
import { parseWorkload } from '../../workload/parse.js';
import type { Workload } from '../../workload/schema.js';
import { readTextFile } from '../io.js';
import { emit, renderOptions, VERSION } from '../output.js';
import { todayOf } from '../clock.js';
import { findPricing } from '../pricing.js';

/** Options that decide the prices a plan is costed with, shared by plan, check, diff and simulate. */
export interface PricingOptions {
  region?: string | undefined;
  pricing?: string | undefined;
  monthHours?: number | undefined;
}

export interface PlanOptions extends PricingOptions {
  format: 'text' | 'json' | 'markdown';
  output?: string | undefined;
}

/** Reads a workload file, applies command-line overrides, and plans it with its prices (when there are any). */
export async function planFile(file: string, opts: PricingOptions): Promise<{ workload: Workload; text: string; plan: Plan; report: PlanReport }> {
  const text = await readTextFile(file, 'workload file');
  const parsed = parseWorkload(text, file);
  const workload: Workload =
    opts.monthHours !== undefined ? { ...parsed, settings: { ...parsed.settings, monthHours: opts.monthHours } } : parsed;
  // A Region with no prices plans all the same, every cost unknown; the plan says how to get them.
  const region = opts.region ?? workload.region;
  const prices = await findPricing({ pricingFile: opts.pricing, region });
  const plan = planWorkload(workload, {
    pricing: prices?.pricing,
    pricingLabel: prices?.label,
    missingPricingRegion: prices === undefined ? region : undefined,
    today: todayOf(process.env),
  });
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
