import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseBaseline, type DiffableReport } from '../../budget/baseline.js';
import { budgetLimits, checkBudget, type BudgetLimits, type FailOn } from '../../budget/check.js';
import { diffInputs, type InputChange } from '../../budget/inputs.js';
import { simulateThrottling } from '../../budget/throttling.js';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { renderCheckMarkdown } from '../../report/check-markdown.js';
import {
  renderCheckGithub,
  renderCheckText,
  type BaseVersion,
  type CheckReport,
  type DeletedWorkload,
  type FileCheck,
} from '../../report/check.js';
import { lineOfPath } from '../../workload/locate.js';
import { checkInputSize, inputName, readTextFile, writeFileAtomic } from '../io.js';
import { emit, renderOptions, VERSION } from '../output.js';
import { planFile, type PricingOptions } from './plan.js';

export type CheckFormat = 'text' | 'json' | 'markdown' | 'github';

export interface CheckOptions extends PricingOptions {
  format: CheckFormat;
  output?: string | undefined;
  /** Also write the Markdown report (a pull-request comment body) to this file. */
  outputMarkdown?: string | undefined;
  /** Also write the JSON report to this file. */
  outputJson?: string | undefined;
  compareTo?: string[] | undefined;
  /** The base version's workload files, at the same relative paths as the files checked. */
  baseDir?: string | undefined;
  /** How to name the base version's files in reports (`main` → `main:pipelines/a.yaml`). */
  baseLabel?: string | undefined;
  failOn: FailOn;
  maxMonthlyUsd?: number | undefined;
  maxShards?: number | undefined;
  maxThrottledShare?: number | undefined;
  maxIncreaseUsd?: number | undefined;
  maxIncreasePercent?: number | undefined;
  simDuration: number;
  seed: number;
}

/** What a file is compared with: a saved report, the base branch's copy of it, or nothing (and why). */
interface Comparison {
  baseline: DiffableReport | undefined;
  inputs: InputChange[] | null;
  base: BaseVersion | null;
  noBaselineReason: string | undefined;
}

async function readBaselines(files: readonly string[]): Promise<{ file: string; report: DiffableReport }[]> {
  const out = [];
  for (const file of files) out.push({ file, report: parseBaseline(await readTextFile(file, 'baseline report'), inputName(file)) });
  return out;
}

/** The path of a file relative to the current directory, with `/` separators: its place in any version of the tree. */
function treePath(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
}

/** Every workload file (`.yaml`, `.yml`) under a folder, by tree path. */
async function workloadFilesUnder(dir: string): Promise<string[]> {
  const entries = await fs
    .readdir(dir, { recursive: true, withFileTypes: true })
    .catch((e: NodeJS.ErrnoException) => {
      throw new InputError({
        file: dir,
        message: `cannot read the base folder (${e.code ?? 'error'})`,
        hint: 'give the folder the base version was extracted to',
      });
    });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const exists = (file: string) =>
  fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/** A base version's copy of a workload, planned; a copy that does not plan is reported, not fatal. */
async function planBase(file: string, name: string, opts: PricingOptions) {
  try {
    return { planned: await planFile(file, opts, { name }), message: null };
  } catch (e) {
    if (e instanceof InputError) return { planned: undefined, message: e.message };
    throw e;
  }
}

function baseName(opts: CheckOptions, rel: string): string {
  return opts.baseLabel !== undefined ? `${opts.baseLabel}:${rel}` : path.join(opts.baseDir ?? '', rel);
}

/** `kinesis-plan check FILE...`: every workload against its budget and its plan's findings; exit 1 when one fails. */
export async function runCheck(files: string[], opts: CheckOptions): Promise<number> {
  if (opts.baseDir !== undefined && (opts.compareTo?.length ?? 0) > 0)
    throw new UsageError('use either --compare-to or --base-dir, not both');
  if (files.length === 0 && opts.baseDir === undefined)
    throw new UsageError('name at least one workload file to check');
  if (
    opts.baseDir !== undefined &&
    !(await fs.stat(opts.baseDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    throw new InputError({
      file: opts.baseDir,
      message: 'is not a folder',
      hint: 'give the folder the base version of the workload files was extracted to',
    });
  }
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
    let comparison: Comparison = {
      baseline: undefined,
      inputs: null,
      base: null,
      noBaselineReason: undefined,
    };
    if (opts.baseDir !== undefined) {
      const rel = treePath(file);
      const copy = path.join(opts.baseDir, rel);
      const name = baseName(opts, rel);
      if (!(await exists(copy))) {
        comparison = {
          ...comparison,
          base: { file: name, status: 'added', message: null },
          noBaselineReason: 'a new workload (the base has no version of it)',
        };
      } else {
        const { planned, message } = await planBase(copy, name, opts);
        comparison = planned
          ? {
              baseline: planned.report,
              inputs: diffInputs({ text: planned.text, workload: planned.workload }, { text, workload }),
              base: { file: name, status: 'compared', message: null },
              noBaselineReason: undefined,
            }
          : {
              ...comparison,
              base: { file: name, status: 'failed', message },
              noBaselineReason: 'the base version does not plan',
            };
      }
    } else if (baselines.length > 0) {
      const match =
        baselines.length === 1 && files.length === 1
          ? baselines[0]
          : baselines.find((b) => b.report.workload.name === workload.name);
      if (!match) {
        throw new InputError({
          file: baselines.map((b) => b.file).join(', '),
          message: `no baseline report is for workload "${workload.name}" (${file})`,
          hint: 'pass one --compare-to report per workload; they are matched by workload name',
        });
      }
      comparison = {
        ...comparison,
        baseline: match.report,
        base: { file: match.file, status: 'compared', message: null },
      };
    }
    const { limits, sources } = budgetLimits(workload.budget, flags);
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
    const verdict = checkBudget({
      report,
      limits,
      sources,
      throttling,
      baseline: comparison.baseline,
      inputs: comparison.inputs,
      noBaselineReason: comparison.noBaselineReason,
      failOn: opts.failOn,
    });
    const lines: Record<string, number> = {};
    for (const p of [...verdict.checks.map((c) => c.path), ...verdict.findings.map((f) => f.path)])
      lines[p] ??= lineOfPath(text, p);
    const pricing = report.pricing
      ? { label: report.pricing.label, effectiveDate: report.pricing.effectiveDate }
      : null;
    results.push({
      file,
      workload: workload.name,
      verdict,
      lines,
      monthlyUsd: report.totals.monthlyUsd,
      pricing,
      base: comparison.base,
    });
  }
  const deleted =
    opts.baseDir !== undefined
      ? await deletedWorkloads(opts.baseDir, new Set(files.map(treePath)), opts)
      : [];
  const checkReport: CheckReport = {
    schemaVersion: 1,
    tool: { name: 'kinesis-plan', version: VERSION },
    pass: results.every((r) => r.verdict.pass),
    failOn: opts.failOn,
    files: results,
    deleted,
  };
  await writeReports(checkReport, opts);
  return checkReport.pass ? EXIT.OK : EXIT.CHECK_FAILED;
}

/** The base version's workload files that no file checked stands for: the change deletes them. */
async function deletedWorkloads(
  baseDir: string,
  kept: ReadonlySet<string>,
  opts: CheckOptions,
): Promise<DeletedWorkload[]> {
  const out: DeletedWorkload[] = [];
  for (const rel of await workloadFilesUnder(baseDir)) {
    if (kept.has(rel)) continue;
    const { planned, message } = await planBase(path.join(baseDir, rel), baseName(opts, rel), opts);
    out.push({
      file: rel,
      workload: planned?.workload.name ?? null,
      monthlyUsd: planned?.report.totals.monthlyUsd ?? null,
      message,
    });
  }
  return out;
}

/** The report in its format to `--output`, and in one pass the extra outputs: Markdown, JSON, the job summary. */
async function writeReports(report: CheckReport, opts: CheckOptions): Promise<void> {
  const summary = opts.format === 'github' ? process.env.GITHUB_STEP_SUMMARY : undefined;
  const isMarkdownNeeded =
    opts.format === 'markdown' ||
    opts.outputMarkdown !== undefined ||
    (summary !== undefined && summary !== '');
  const markdown = isMarkdownNeeded ? renderCheckMarkdown(report) : '';
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json'
      ? json
      : opts.format === 'markdown'
        ? markdown
        : opts.format === 'github'
          ? renderCheckGithub(report)
          : renderCheckText(report, renderOptions(toFile));
  for (const [file, text] of [
    [opts.outputMarkdown, markdown],
    [opts.outputJson, json],
  ] as const) {
    if (file === undefined) continue;
    await writeFileAtomic(file, text);
    process.stderr.write(`kinesis-plan: wrote ${file}\n`);
  }
  await emit(content, opts.output);
  if (summary) await fs.appendFile(summary, markdown);
}

/** A workload file or a saved JSON report, as a diffable report (with its inputs when it is a workload file). */
export async function reportOf(
  file: string,
  opts: PricingOptions,
): Promise<{ report: DiffableReport; source: Parameters<typeof diffInputs>[0] | undefined }> {
  const text = await readTextFile(file, 'workload file or JSON report');
  if (/^\s*\{/.test(text)) return { report: parseBaseline(text, inputName(file)), source: undefined };
  checkInputSize(file, 'workload file', text);
  const planned = await planFile(file, opts, { text });
  return { report: planned.report, source: { text: planned.text, workload: planned.workload } };
}
