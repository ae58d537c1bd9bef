import type { PlanReport, ReportFinding } from '../contract/plan-report.js';
import type { Plan } from '../plan/index.js';
import type { Finding } from '../vocab/findings.js';
import { findingMessage } from './findings.js';

/** A finding as the reports carry it: the data, with its words. */
export function reportFinding(f: Finding): ReportFinding {
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
