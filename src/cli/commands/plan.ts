import type { PlanReport } from '../../contract/plan-report.js';
import { EXIT, InputError } from '../../errors.js';
import { planWorkload, type Plan } from '../../plan/index.js';
import { renderJson, toPlanReport } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderText } from '../../report/text.js';
import { parseWorkload } from '../../workload/parse.js';
import type { Workload } from '../../workload/schema.js';
import { planWithIac, type IacPlan } from '../../iac/compare.js';
import { renderIacMarkdown, renderIacText } from '../../report/iac.js';
import { fieldPath } from '../../vocab/field-path.js';
import { lineOfPath, locateInText } from '../../workload/locate.js';
import { readIacFiles } from '../iac.js';
import { inputName, readTextFile } from '../io.js';
import { emit, renderOptions, VERSION } from '../output.js';
import { todayOf } from '../clock.js';
import { findPricing } from '../pricing.js';

/** Options that decide the prices a plan is costed with, shared by plan, check, diff and simulate. */
export interface PricingOptions {
  region?: string | undefined;
  pricing?: string | undefined;
  monthHours?: number | undefined;
  /** Infrastructure files to check the workload against (`--iac`): the plan is then at their declared capacity. */
  iac?: string[] | undefined;
}

export interface PlanOptions extends PricingOptions {
  format: 'text' | 'json' | 'markdown';
  output?: string | undefined;
}

/**
 * Reads a workload file (or takes its `text`, when already read), applies command-line overrides, and plans it with
 * its prices (when there are any). Messages name the file as `name` (default: its path; `<stdin>` for `-`), e.g.
 * `main:pipelines/a.yaml` for the base branch's copy of a file.
 */
export async function planFile(
  file: string,
  opts: PricingOptions,
  read: { name?: string; text?: string } = {},
): Promise<{ workload: Workload; text: string; plan: Plan; report: PlanReport; iac: IacPlan | undefined }> {
  const text = read.text ?? (await readTextFile(file, 'workload file'));
  const name = read.name ?? inputName(file);
  const parsed = parseWorkload(text, name);
  const workload: Workload =
    opts.monthHours !== undefined ? { ...parsed, settings: { ...parsed.settings, monthHours: opts.monthHours } } : parsed;
  // A Region with no prices plans all the same, every cost unknown; the plan says how to get them.
  const region = opts.region ?? workload.region;
  const prices = await findPricing({ pricingFile: opts.pricing, region });
  const planOptions = {
    pricing: prices?.pricing,
    pricingLabel: prices?.label,
    missingPricingRegion: prices === undefined ? region : undefined,
    today: todayOf(process.env),
  };
  try {
    if (opts.iac !== undefined && opts.iac.length > 0) {
      const iac = planWithIac(workload, await readIacFiles(opts.iac), planOptions);
      const bad = iac.matches.unresolved[0];
      if (bad) {
        const names = iac.matches.unmatched.map((r) => r.id);
        throw new InputError({
          file: name,
          line: lineOfPath(text, fieldPath(bad.path)),
          path: fieldPath(bad.path),
          message: `no resource "${bad.ref}" in ${opts.iac.join(', ')}`,
          hint: names.length > 0 ? `resources not yet matched: ${names.join(', ')}` : 'give a Terraform address, a CloudFormation logical id or the AWS name',
        });
      }
      return { workload, text, plan: iac.plan, report: toPlanReport(iac.plan, VERSION), iac };
    }
    const plan = planWorkload(workload, planOptions);
    return { workload, text, plan, report: toPlanReport(plan, VERSION), iac: undefined };
  } catch (e) {
    // The planner's errors name a field (a stream that needs more shards than a stream can have): locate it.
    throw e instanceof InputError ? locateInText(e, text, name) : e;
  }
}

/** `kinesis-plan plan FILE`: read, plan, render, write. Returns the exit code. */
export async function runPlan(file: string, opts: PlanOptions): Promise<number> {
  const { report, iac } = await planFile(file, opts);
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json'
      ? renderJson(report)
      : opts.format === 'markdown'
        ? `${renderMarkdown(report)}${iac ? `\n${renderIacMarkdown(iac.rows)}` : ''}`
        : `${renderText(report, renderOptions(toFile))}${iac ? `\n${renderIacText(iac.rows, renderOptions(toFile))}` : ''}`;
  await emit(content, opts.output);
  return EXIT.OK;
}
