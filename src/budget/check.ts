import type { PlanReport, ReportFinding } from '../contract/plan-report.js';
import type { Budget } from '../workload/schema.js';
import type { DiffableReport } from './baseline.js';
import { diffReports, type ReportDiff } from './diff.js';
import type { InputChange } from './inputs.js';

export const BUDGET_KEYS = ['monthlyUsd', 'maxShards', 'maxThrottledShare', 'maxIncreaseUsd', 'maxIncreasePercent'] as const;
export type BudgetKey = (typeof BUDGET_KEYS)[number];

/** The limits in force for one file: the workload's `budget:` block, overridden key by key by flags. */
export type BudgetLimits = Partial<Record<BudgetKey, number>>;

/** Where a limit came from: the workload's budget block or a command-line flag. */
export type LimitSource = 'workload' | 'flag';

/** One evaluated check. `excess` is how far the value is over the limit (0 when it holds). */
export interface CheckOutcome {
  key: BudgetKey;
  /** The stream the check is about, when it is per stream. */
  stream: string | undefined;
  /** Workload field path the failure points at: the budget key, or the stream. */
  path: string;
  limit: number;
  value: number;
  excess: number;
  pass: boolean;
  source: LimitSource;
  /** Why a check could not be evaluated (e.g. no baseline for an increase limit); it then passes. */
  skipped: string | undefined;
  /**
   * Why the value the check needs is unknown (a cost limit on a plan without prices); the check then fails, since a
   * limit that cannot be checked must not pass.
   */
  unknown: string | undefined;
}

/** Throttling measured by the simulator, per stream. */
export interface ThrottleResult {
  stream: string;
  throttledShare: number;
  /** The shard count and mode simulated: the plan's. */
  shards: number;
  mode: 'provisioned' | 'on-demand';
}

/**
 * Which of the plan's findings fail a check: `error` (the default) fails on error findings, `warning` on errors and
 * warnings, `none` on neither (errors are still reported).
 */
export const FAIL_ON_LEVELS = ['error', 'warning', 'none'] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

/** A finding of the plan as a check reports it: errors always, warnings when they fail the check. */
export type FindingOutcome = ReportFinding & {
  /** True when this finding fails the check (its severity is at or above the fail-on level). */
  isFailing: boolean;
};

export interface CheckInput {
  report: PlanReport;
  limits: BudgetLimits;
  sources: Partial<Record<BudgetKey, LimitSource>>;
  throttling?: readonly ThrottleResult[] | undefined;
  baseline?: DiffableReport | undefined;
  /** The workload inputs that changed against the baseline (when both are workload files), for the diff. */
  inputs?: InputChange[] | null | undefined;
  /** Why there is no baseline, when that is known (e.g. a new workload): the reason increase limits are skipped. */
  noBaselineReason?: string | undefined;
  /** Which of the plan's findings fail the check; `error` when not given. */
  failOn?: FailOn | undefined;
}

export interface Verdict {
  /** True when every limit holds and no finding fails the check. */
  pass: boolean;
  checks: CheckOutcome[];
  /** The plan's findings that the check reports, in the plan's order: errors, and warnings with failOn `warning`. */
  findings: FindingOutcome[];
  diff: ReportDiff | undefined;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** The plan's findings a check reports, each marked failing or not by the fail-on level. */
export function checkFindings(findings: readonly ReportFinding[], failOn: FailOn): FindingOutcome[] {
  const shown = failOn === 'warning' ? SEVERITY_RANK.warning : SEVERITY_RANK.error;
  return findings
    .filter((f) => SEVERITY_RANK[f.severity] <= shown)
    .map((f) => ({ ...f, isFailing: failOn !== 'none' && SEVERITY_RANK[f.severity] <= shown }));
}

/** Merges the workload's budget with flags; a flag wins over the workload for the same key. */
export function budgetLimits(
  workloadBudget: Budget | undefined,
  flags: BudgetLimits,
): { limits: BudgetLimits; sources: Partial<Record<BudgetKey, LimitSource>> } {
  const limits: BudgetLimits = {};
  const sources: Partial<Record<BudgetKey, LimitSource>> = {};
  for (const key of BUDGET_KEYS) {
    const flag = flags[key];
    const fromFile = workloadBudget?.[key];
    if (flag !== undefined) {
      limits[key] = flag;
      sources[key] = 'flag';
    } else if (fromFile !== undefined) {
      limits[key] = fromFile;
      sources[key] = 'workload';
    }
  }
  return { limits, sources };
}

function outcome(
  key: BudgetKey,
  limit: number,
  value: number,
  source: LimitSource,
  path: string,
  stream?: string,
  skipped?: string,
): CheckOutcome {
  const excess = skipped ? 0 : Math.max(0, value - limit);
  return { key, stream, path, limit, value, excess, pass: skipped !== undefined || value <= limit, source, skipped, unknown: undefined };
}

/** A check whose value is unknown: it fails, saying why. */
function unknownOutcome(key: BudgetKey, limit: number, source: LimitSource, path: string, why: string): CheckOutcome {
  return { key, stream: undefined, path, limit, value: 0, excess: 0, pass: false, source, skipped: undefined, unknown: why };
}

/** Why a report's monthly cost is unknown, in words, with how to get prices. */
function unknownCostReason(report: Pick<PlanReport, 'findings' | 'workload'>, whose: string): string {
  const missing = report.findings.find((f) => f.code === 'PRICES_NOT_FOUND');
  const region = typeof missing?.args.region === 'string' ? missing.args.region : report.workload.region;
  return `${whose} monthly cost is unknown: no prices for ${region} (get them with \`kinesis-plan pricing fetch ${region}\`, or pass --pricing FILE)`;
}

/**
 * Evaluates every limit in force against a report (and the simulator's results, and a baseline), and the plan's own
 * findings against the fail-on level. Pure.
 */
export function checkBudget(input: CheckInput): Verdict {
  const { report, limits, sources } = input;
  const checks: CheckOutcome[] = [];
  const src = (k: BudgetKey): LimitSource => sources[k] ?? 'flag';
  const budgetPath = (k: BudgetKey) => `budget.${k}`;
  const streamPath = (name: string) => `streams[${report.streams.findIndex((s) => s.name === name)}]`;

  if (limits.monthlyUsd !== undefined) {
    const total = report.totals.monthlyUsd;
    checks.push(
      total === null
        ? unknownOutcome('monthlyUsd', limits.monthlyUsd, src('monthlyUsd'), budgetPath('monthlyUsd'), unknownCostReason(report, 'the'))
        : outcome('monthlyUsd', limits.monthlyUsd, total, src('monthlyUsd'), budgetPath('monthlyUsd')),
    );
  }
  const noStreams = 'the workload has no Kinesis streams';
  if (limits.maxShards !== undefined) {
    if (report.streams.length === 0) checks.push(outcome('maxShards', limits.maxShards, 0, src('maxShards'), budgetPath('maxShards'), undefined, noStreams));
    for (const s of report.streams) {
      checks.push(outcome('maxShards', limits.maxShards, s.shards.required, src('maxShards'), `${streamPath(s.name)}`, s.name));
    }
  }
  if (limits.maxThrottledShare !== undefined) {
    if (report.streams.length === 0) {
      checks.push(outcome('maxThrottledShare', limits.maxThrottledShare, 0, src('maxThrottledShare'), budgetPath('maxThrottledShare'), undefined, noStreams));
    }
    for (const s of report.streams) {
      const t = input.throttling?.find((r) => r.stream === s.name);
      checks.push(
        t
          ? outcome('maxThrottledShare', limits.maxThrottledShare, t.throttledShare, src('maxThrottledShare'), streamPath(s.name), s.name)
          : outcome('maxThrottledShare', limits.maxThrottledShare, 0, src('maxThrottledShare'), streamPath(s.name), s.name, 'not simulated'),
      );
    }
  }
  const diff = input.baseline ? diffReports(input.baseline, report, input.inputs ?? null) : undefined;
  for (const key of ['maxIncreaseUsd', 'maxIncreasePercent'] as const) {
    const limit = limits[key];
    if (limit === undefined) continue;
    if (!diff) {
      const why = input.noBaselineReason ?? 'no baseline given (use --compare-to or --base-dir)';
      checks.push(outcome(key, limit, 0, src(key), budgetPath(key), undefined, why));
      continue;
    }
    const delta = key === 'maxIncreaseUsd' ? diff.totals.deltaUsd : diff.totals.deltaFraction;
    if (diff.totals.after === null || diff.totals.before === null) {
      const why = diff.totals.after === null ? unknownCostReason(report, 'the') : `the baseline's monthly cost is unknown (it was planned without prices)`;
      checks.push(unknownOutcome(key, limit, src(key), budgetPath(key), why));
    } else if (delta === null) {
      // Both totals are known: only a percentage of a $0 baseline has no value.
      checks.push(outcome(key, limit, 0, src(key), budgetPath(key), undefined, 'the baseline costs $0'));
    } else {
      checks.push(outcome(key, limit, delta, src(key), budgetPath(key)));
    }
  }
  const findings = checkFindings(report.findings, input.failOn ?? 'error');
  return { pass: checks.every((c) => c.pass) && !findings.some((f) => f.isFailing), checks, findings, diff };
}
