import type { Plan } from '../plan/index.js';
import type { Finding, Severity } from '../plan/findings.js';
import { findingMessage } from './findings.js';

/** A finding as reports print it. */
export interface ReportFinding {
  code: string;
  severity: Severity;
  path: string;
  message: string;
  args: Record<string, string | number | boolean>;
}

type WithoutFindings<T> = Omit<T, 'findings'>;
type StreamPlan = Plan['streams'][number];

/** A stream in the JSON report: findings move to the top-level list; risk reasons carry their words. */
export type StreamReport = Omit<StreamPlan, 'findings' | 'throttlingRisk' | 'aggregation'> & {
  aggregation: Omit<StreamPlan['aggregation'], 'verdict'> & { verdict: { isRecommended: boolean } };
  throttlingRisk: Omit<StreamPlan['throttlingRisk'], 'reasons'> & { reasons: ReportFinding[] };
};

/**
 * The JSON report: a public, versioned interface (`schemaVersion: 1`). Fields are added, never renamed or removed,
 * within a schema version. Numbers keep full precision; units are in the field names. Findings are gathered in
 * `findings[]` at the top, each with the field path it is about.
 */
export interface PlanReport extends Omit<Plan, 'findings' | 'streams' | 'firehose' | 'flink'> {
  schemaVersion: 1;
  tool: { name: 'kinesis-plan'; version: string };
  streams: StreamReport[];
  firehose: WithoutFindings<Plan['firehose'][number]>[];
  flink: WithoutFindings<Plan['flink'][number]>[];
  findings: ReportFinding[];
}

function reportFinding(f: Finding): ReportFinding {
  return { code: f.code, severity: f.severity, path: f.path, message: findingMessage(f), args: f.args };
}

/** Builds the JSON report from a plan. */
export function toPlanReport(plan: Plan, toolVersion: string): PlanReport {
  return {
    schemaVersion: 1,
    tool: { name: 'kinesis-plan', version: toolVersion },
    ...plan,
    streams: plan.streams.map(({ findings: _f, throttlingRisk, aggregation, ...s }) => ({
      ...s,
      aggregation: { ...aggregation, verdict: { isRecommended: aggregation.verdict.isRecommended } },
      throttlingRisk: { ...throttlingRisk, reasons: throttlingRisk.reasons.map(reportFinding) },
    })),
    firehose: plan.firehose.map(({ findings: _f, ...s }) => s),
    flink: plan.flink.map(({ findings: _f, ...s }) => s),
    findings: plan.findings.map(reportFinding),
  };
}

/** The JSON report as text: two-space indented, one trailing newline, byte-identical for the same plan. */
export function renderJson(report: PlanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
