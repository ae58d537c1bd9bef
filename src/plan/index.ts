import type { Settings, Workload } from '../workload/schema.js';
import type { Finding } from './findings.js';
import { planStreamShards, streamReaders, type StreamPlanCore } from './stream.js';

/** One stream's plan. */
export type StreamPlan = StreamPlanCore;

/** Everything the planner works out for a workload: the data behind every report. */
export interface Plan {
  workload: { name: string; region: string; description: string | undefined };
  settings: Settings;
  streams: StreamPlan[];
  totals: { monthlyUsd: number | null };
  /** Every finding, streams' included, in workload order. */
  findings: Finding[];
}

/** Plans a validated workload. Pure: the same workload gives the same plan. */
export function planWorkload(w: Workload): Plan {
  const streams = w.streams.map((stream, i) => planStreamShards(stream, i, streamReaders(stream, i, [])));
  return {
    workload: { name: w.name, region: w.region, description: w.description },
    settings: w.settings,
    streams,
    totals: { monthlyUsd: null },
    findings: streams.flatMap((s) => s.findings),
  };
}
