import type { ReportFinding } from '../contract/plan-report.js';
import type { SimResult } from '../sim/types.js';
import { reportFinding } from './json.js';

/**
 * The JSON report of `kinesis-plan simulate --format json`: a public, versioned interface (`schemaVersion: 1`).
 * `streams[i].records.{offered, accepted, throttledAttempts, retries, dropped, pending}` count Kinesis records;
 * `throttledShare` is throttled attempts ÷ attempts; `latencyMs` is the latency throttling added to accepted records;
 * `perMinute[]` is the CloudWatch view beside the per-second peaks. Numbers keep full precision.
 */
export type SimReport = Omit<SimResult, 'findings'> & {
  schemaVersion: 1;
  tool: { name: 'kinesis-plan'; version: string };
  findings: ReportFinding[];
};

/** Builds the JSON report from a simulation result. */
export function toSimReport(result: SimResult, toolVersion: string): SimReport {
  return {
    schemaVersion: 1,
    tool: { name: 'kinesis-plan', version: toolVersion },
    ...result,
    findings: result.findings.map(reportFinding),
  };
}

/** The JSON report as text: two-space indented, one trailing newline, byte-identical for the same result. */
export function renderSimJson(report: SimReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
