import { InputError } from '../errors.js';
import type { Plan } from '../plan/index.js';
import type { Workload } from '../workload/schema.js';
import { simulateStream, type StreamRunInput } from './engine/index.js';
import { findStreamShards } from './find-shards.js';
import { findShardsFindings, simFindings } from './findings.js';
import { resolveSimParams } from './params.js';
import { checkRunSettings } from './engine/sim.js';
import { checkSimWork } from './work.js';
import type { FoundShards, SimCallbacks, SimOptions, SimResult, StreamSimResult } from './types.js';

export { parseTrace, type Trace, type TracePoint, type TraceFormat } from './trace.js';
export { DEFAULT_SIM_PARAMS, resolveSimParams } from './params.js';
export { checkSimWork, estimateSimWork, formatWork, MAX_SIM_DURATION_SEC, MAX_SIM_MEMORY_BYTES, MAX_SIM_WORK_UNITS, type SimWork } from './work.js';
export * from './types.js';

/** The capacity mode a stream is simulated in: the plan's (its priced, planned mode; else the workload's), or `mode`. */
export function simulatedModeOf(plan: Plan['streams'][number], override?: 'provisioned' | 'on-demand'): 'provisioned' | 'on-demand' {
  if (override) return override;
  const mode = plan.cost?.planned.mode ?? plan.capacityMode;
  return mode === 'on-demand' || mode === 'on-demand-advantage' ? 'on-demand' : 'provisioned';
}

/** The engine's input for stream `index` of a plan: the plan's stream, the workload's traffic and producer settings. */
function runInput(workload: Workload, plan: Plan, options: SimOptions, index: number): Omit<StreamRunInput, 'params' | 'mode' | 'shards'> {
  const stream = workload.streams[index];
  const streamPlan = plan.streams[index];
  if (!stream || !streamPlan) throw new InputError({ path: 'streams', message: `there is no stream number ${index}` });
  return {
    stream,
    plan: streamPlan,
    putPayloadUnitBytes: plan.settings.putPayloadUnit,
    index,
    seed: options.seed,
    durationSec: options.durationSec,
    trace: index === (options.traceStream ?? 0) ? options.trace : undefined,
  };
}

/**
 * Replays each stream's traffic through per-shard token buckets and its producer's retry behaviour; pure and seeded:
 * the same workload, plan and options give the same result. A run longer than MAX_SIM_DURATION_SEC, or whose
 * estimated work or memory is over its maximum (work.ts), is an `InputError` with the estimate, before it starts. The stream is the plan's (its peak, aggregation, readers,
 * key placement, planned shard count and mode); the workload adds only what a simulation needs (traffic, client).
 */
export function simulate(workload: Workload, plan: Plan, options: SimOptions, callbacks?: SimCallbacks): SimResult {
  const params = resolveSimParams(options);
  // Settings and size first: a run too long or too large is refused before anything is laid out.
  checkRunSettings(params, options.durationSec);
  checkSimWork(workload, plan, options);
  const indices = options.streams ?? workload.streams.map((_, i) => i);
  const traceStream = options.traceStream ?? 0;
  if (options.trace && !indices.includes(traceStream)) {
    throw new InputError({ path: 'traceStream', message: `the trace is for stream ${traceStream}, which is not simulated` });
  }
  const stepsPerStream = Math.ceil(options.durationSec / params.stepSec - 1e-9);
  const totalSteps = indices.length * stepsPerStream;
  let doneBefore = 0;
  const streams: StreamSimResult[] = [];
  for (const index of indices) {
    const base = runInput(workload, plan, options, index);
    const result = simulateStream({
      ...base,
      params,
      mode: simulatedModeOf(plan.streams[index]!, options.mode),
      shards: options.shardsByStream?.[index],
      onSteps: callbacks?.onProgress ? (done) => callbacks.onProgress?.((doneBefore + done) / totalSteps) : undefined,
    });
    doneBefore += stepsPerStream;
    streams.push(result);
  }
  let findShards: SimResult['findShards'] = null;
  if (options.findShards) {
    const limit = options.findShards.maxThrottledShare;
    const found: FoundShards[] = indices.map((index) => ({
      stream: plan.streams[index]!.name,
      index,
      plannedShards: plan.streams[index]!.shards.planned,
      ...findStreamShards({ ...runInput(workload, plan, options, index), params }, plan.streams[index]!, limit),
    }));
    findShards = { maxThrottledShare: limit, streams: found };
  }
  callbacks?.onProgress?.(1);
  return {
    seed: options.seed,
    durationSec: options.durationSec,
    params,
    streams,
    findShards,
    findings: [
      ...streams.flatMap((s) => simFindings(workload, s)),
      ...(findShards ? findShardsFindings(workload, plan, findShards) : []),
    ],
  };
}
