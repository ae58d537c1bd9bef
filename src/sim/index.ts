import { InputError } from '../errors.js';
import type { Workload } from '../workload/schema.js';
import { simulateStream } from './engine/index.js';
import { simFindings } from './findings.js';
import { resolveSimParams } from './params.js';
import type { SimCallbacks, SimOptions, SimResult, StreamSimResult } from './types.js';

export { parseTrace, type Trace, type TracePoint, type TraceFormat } from './trace.js';
export { DEFAULT_SIM_PARAMS, resolveSimParams } from './params.js';
export { findShards } from './find-shards.js';
export * from './types.js';

/** Which streams a run covers and with which mode and shard count. */
function streamPlan(workload: Workload, options: SimOptions): { index: number; mode: 'provisioned' | 'on-demand'; shards: number | undefined }[] {
  const indices = options.streams ?? workload.streams.map((_, i) => i);
  return indices.map((index) => {
    const stream = workload.streams[index];
    if (!stream) throw new InputError({ path: 'streams', message: `there is no stream number ${index}` });
    const mode = options.mode ?? (stream.capacityMode === 'on-demand' || stream.capacityMode === 'on-demand-advantage' ? 'on-demand' : 'provisioned');
    return { index, mode, shards: options.shardsByStream?.[index] };
  });
}

/**
 * Replays each stream's traffic through per-shard token buckets and its producer's retry behaviour; pure and seeded:
 * the same workload and options give the same result.
 */
export function simulate(workload: Workload, options: SimOptions, callbacks?: SimCallbacks): SimResult {
  const params = resolveSimParams(options);
  const plan = streamPlan(workload, options);
  const traceStream = options.traceStream ?? 0;
  if (options.trace && !plan.some((p) => p.index === traceStream)) {
    throw new InputError({ path: 'traceStream', message: `the trace is for stream ${traceStream}, which is not simulated` });
  }
  const totalSteps = plan.length * Math.ceil(options.durationSec / params.stepSec - 1e-9);
  let doneBefore = 0;
  const streams: StreamSimResult[] = [];
  for (const p of plan) {
    const result = simulateStream({
      workload,
      index: p.index,
      seed: options.seed,
      durationSec: options.durationSec,
      params,
      mode: p.mode,
      shards: p.shards,
      trace: p.index === traceStream ? options.trace : undefined,
      onSteps: callbacks?.onProgress ? (done) => callbacks.onProgress?.((doneBefore + done) / totalSteps) : undefined,
    });
    doneBefore += Math.ceil(options.durationSec / params.stepSec - 1e-9);
    streams.push(result);
  }
  callbacks?.onProgress?.(1);
  return {
    seed: options.seed,
    durationSec: options.durationSec,
    params,
    streams,
    findings: streams.flatMap((s) => simFindings(workload, s)),
  };
}
