import type { Settings, Workload } from '../workload/schema.js';
import { stageConsumers } from '../workload/stages-schema.js';
import { fieldPath, type Finding } from './findings.js';
import { planStreamShards, streamReaders, type Reader, type StreamPlanCore } from './stream.js';

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

/** Delivery stages that read a stream are readers of it: Firehose polls; a Flink source polls or uses EFO. */
export function stageReaders(w: Workload, streamName: string): Reader[] {
  return stageConsumers(w, streamName).map((c) => {
    const firehoseIndex = w.firehose.findIndex((f) => f.name === c.name);
    const path = firehoseIndex >= 0 ? fieldPath(['firehose', firehoseIndex]) : fieldPath(['flink', w.flink.findIndex((f) => f.name === c.name)]);
    return { name: c.name, type: c.type, pollIntervalSec: c.type === 'efo' ? undefined : c.pollIntervalSec, path };
  });
}

/** Plans a validated workload. Pure: the same workload gives the same plan. */
export function planWorkload(w: Workload): Plan {
  const streams = w.streams.map((stream, i) => planStreamShards(stream, i, streamReaders(stream, i, stageReaders(w, stream.name))));
  return {
    workload: { name: w.name, region: w.region, description: w.description },
    settings: w.settings,
    streams,
    totals: { monthlyUsd: null },
    findings: streams.flatMap((s) => s.findings),
  };
}
