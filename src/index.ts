/**
 * kinesis-plan's programmatic API: the same pure pipeline the CLI runs, without its I/O.
 *
 *   parseWorkload(text, file) → planWorkload(workload, { pricing }) → toPlanReport(plan, version) → renderJson(report)
 *
 * Read files yourself and pass their text in; nothing here touches the file system, the environment or the clock.
 * Bad input throws `InputError` (several errors of one file: `InputErrors`, one located line each); an error the
 * planner raises about a field carries its path, and `locateInText` adds the file, line and column.
 * The JSON reports (`PlanReport`, `CheckReport`, `SimReport`) are versioned interfaces (`schemaVersion: 1`), with JSON
 * Schemas in the package's `schema/` folder.
 */

export { parseWorkload } from './workload/parse.js';
export { locateInText } from './workload/locate.js';
export { workloadJsonSchema, type Workload, type WorkloadInput } from './workload/schema.js';
export { parsePricing } from './pricing/parse.js';
export type { Pricing } from './pricing/schema.js';

export { planWorkload, type Plan, type PlanOptions, type StreamPlan, type Totals } from './plan/index.js';
export type { ArgsOf, Finding, FindingArgs, FindingCode, Severity } from './vocab/findings.js';

export type { PlanReport, ReportFinding, StreamReport } from './contract/plan-report.js';
export { renderJson, toPlanReport } from './report/json.js';
export { renderText } from './report/text.js';
export { renderMarkdown } from './report/markdown.js';
export type { RenderOptions } from './report/style.js';

export {
  checkBudget,
  type BudgetLimits,
  type CheckInput,
  type CheckOutcome,
  type FailOn,
  type FindingOutcome,
  type Verdict,
} from './budget/check.js';
export { diffReports, type ReportDiff } from './budget/diff.js';
export { diffInputs, type InputChange, type WorkloadSource } from './budget/inputs.js';
export type { BaseVersion, CheckReport, DeletedWorkload, FileCheck } from './report/check.js';

export { estimateSimWork, simulate, type SimOptions, type SimResult, type SimWork } from './sim/index.js';
export { renderSimJson, toSimReport, type SimReport } from './report/sim-json.js';

export { InputError, InputErrors, InternalError } from './errors.js';
