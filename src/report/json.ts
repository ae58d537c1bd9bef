import type { Plan } from '../plan/index.js';
import type { Severity } from '../plan/findings.js';
import { findingMessage } from './findings.js';

/** A finding as reports print it. */
export interface ReportFinding {
  code: string;
  severity: Severity;
  path: string;
  message: string;
  args: Record<string, string | number | boolean>;
}

/**
 * The JSON report: a public, versioned interface (`schemaVersion: 1`). Fields are added, never renamed or removed,
 * within a schema version. Numbers keep full precision; units are in the field names.
 */
export type PlanReport = Omit<Plan, 'findings' | 'streams'> & {
  schemaVersion: 1;
  tool: { name: 'kinesis-plan'; version: string };
  streams: (Omit<Plan['streams'][number], 'findings' | 'demand' | 'load'> & {
    load: Plan['streams'][number]['load'];
    demand: Plan['streams'][number]['demand'];
  })[];
  findings: ReportFinding[];
};

/** Builds the JSON report from a plan. */
export function toPlanReport(plan: Plan, toolVersion: string): PlanReport {
  return {
    schemaVersion: 1,
    tool: { name: 'kinesis-plan', version: toolVersion },
    ...plan,
    streams: plan.streams.map(({ findings: _f, ...s }) => s),
    findings: plan.findings.map((f) => ({ code: f.code, severity: f.severity, path: f.path, message: findingMessage(f), args: f.args })),
  };
}

/** The JSON report as text: two-space indented, one trailing newline, byte-identical for the same plan. */
export function renderJson(report: PlanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
