import { promises as fs } from 'node:fs';
import { parseBaseline, type DiffableReport } from '../../budget/baseline.js';
import { budgetLimits, checkBudget, type BudgetLimits } from '../../budget/check.js';
import { simulateThrottling } from '../../budget/throttling.js';
import { diffReports } from '../../budget/diff.js';
import { EXIT, InputError } from '../../errors.js';
import {
  renderCheckGithub,
  renderCheckMarkdown,
  renderCheckText,
  renderDiffMarkdown,
  renderDiffText,
  type CheckReport,
  type FileCheck,
} from '../../report/check.js';
import { lineOfPath } from '../../workload/locate.js';
import { checkInputSize, inputName, readTextFile } from '../io.js';
import { emit, renderOptions } from '../output.js';
import { planFile, type PricingOptions } from './plan.js';

export type CheckFormat = 'text' | 'json' | 'markdown' | 'github';

export interface CheckOptions extends PricingOptions {
  format: CheckFormat;
  output?: string | undefined;
  compareTo?: string[] | undefined;
  maxMonthlyUsd?: number | undefined;
  maxShards?: number | undefined;
  maxThrottledShare?: number | undefined;
  maxIncreaseUsd?: number | undefined;
  maxIncreasePercent?: number | undefined;
  simDuration: number;
  seed: number;
}

async function readBaselines(files: readonly string[]): Promise<{ file: string; report: DiffableReport }[]> {
  const out = [];
  for (const file of files) out.push({ file, report: parseBaseline(await readTextFile(file, 'baseline report'), inputName(file)) });
  return out;
}

/** `kinesis-plan check FILE...`: every workload against its budget; exit 1 when any check fails. */
export async function runCheck(files: string[], opts: CheckOptions): Promise<number> {
  const baselines = await readBaselines(opts.compareTo ?? []);
  const flags: BudgetLimits = {
    monthlyUsd: opts.maxMonthlyUsd,
    maxShards: opts.maxShards,
    maxThrottledShare: opts.maxThrottledShare,
    maxIncreaseUsd: opts.maxIncreaseUsd,
    maxIncreasePercent: opts.maxIncreasePercent,
  };
  const results: FileCheck[] = [];
  for (const file of files) {
    const { workload, text, plan, report } = await planFile(file, opts);
    const { limits, sources } = budgetLimits(workload.budget, flags);
    const baseline =
      baselines.length === 1 && files.length === 1
        ? baselines[0]!.report
        : baselines.find((b) => b.report.workload.name === workload.name)?.report;
    if (baselines.length > 0 && !baseline) {
      throw new InputError({
        file: baselines.map((b) => b.file).join(', '),
        message: `no baseline report is for workload "${workload.name}" (${file})`,
        hint: 'pass one --compare-to report per workload; they are matched by workload name',
      });
    }
    let throttling;
    try {
      throttling =
        limits.maxThrottledShare !== undefined ? simulateThrottling(workload, plan, { durationSec: opts.simDuration, seed: opts.seed }) : undefined;
    } catch (e) {
      // A throttling simulation refused for its size is about this workload and --sim-duration: name the file.
      if (e instanceof InputError && e.file === undefined && e.path === undefined) {
        throw new InputError({ file: inputName(file), message: e.detail, hint: e.hint?.replace('--duration', '--sim-duration') });
      }
      throw e;
    }
    const verdict = checkBudget({ report, limits, sources, throttling, baseline });
    const lines: Record<string, number> = {};
    for (const c of verdict.checks) lines[c.path] = lineOfPath(text, c.path);
    results.push({ file, workload: workload.name, verdict, lines });
  }
  const checkReport: CheckReport = { schemaVersion: 1, pass: results.every((r) => r.verdict.pass), files: results };
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json'
      ? `${JSON.stringify(checkReport, null, 2)}\n`
      : opts.format === 'markdown'
        ? renderCheckMarkdown(checkReport)
        : opts.format === 'github'
          ? renderCheckGithub(checkReport)
          : renderCheckText(checkReport, renderOptions(toFile));
  await emit(content, opts.output);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (opts.format === 'github' && summary) await fs.appendFile(summary, renderCheckMarkdown(checkReport));
  return checkReport.pass ? EXIT.OK : EXIT.CHECK_FAILED;
}

/** A workload file or a saved JSON report, as a diffable report. */
async function reportOf(file: string, opts: PricingOptions): Promise<DiffableReport> {
  const text = await readTextFile(file, 'workload file or JSON report');
  if (/^\s*\{/.test(text)) return parseBaseline(text, inputName(file));
  checkInputSize(file, 'workload file', text);
  return (await planFile(file, opts, text)).report;
}

/** `kinesis-plan diff OLD NEW`: the change per stream and per cost line between two workloads or saved reports. */
export async function runDiff(
  oldFile: string,
  newFile: string,
  opts: PricingOptions & { format: 'text' | 'json' | 'markdown'; output?: string | undefined },
): Promise<number> {
  const diff = diffReports(await reportOf(oldFile, opts), await reportOf(newFile, opts));
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json'
      ? `${JSON.stringify({ schemaVersion: 1, old: oldFile, new: newFile, ...diff }, null, 2)}\n`
      : opts.format === 'markdown'
        ? renderDiffMarkdown(diff, oldFile, newFile)
        : renderDiffText(diff, oldFile, newFile, renderOptions(toFile));
  await emit(content, opts.output);
  return EXIT.OK;
}
