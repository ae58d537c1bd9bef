import type { Plan } from '../plan/index.js';
import type { Severity } from '../vocab/findings.js';

/*
 * The JSON report contract, as types only. It sits above the planner (it is derived from the plan's types) and below
 * the stages that read a report (budget checks and diffs) and the renderers that build and print one (src/report).
 */

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

/**
 * A stream in the JSON report: findings move to the top-level list; risk reasons carry their words; the key model the
 * simulator replays stays in memory (`partitionKeys` reports what it means).
 */
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
