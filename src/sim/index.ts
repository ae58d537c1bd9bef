import { InputError } from '../errors.js';
import type { Plan } from '../plan/index.js';
import type { Workload } from '../workload/schema.js';
import { mergeStreamChunks, runChunk, simulateStream, streamChunks, throttledShareFloor, type ChunkResult, type ChunkSpec, type StreamRunInput } from './engine/index.js';
import { candidateInput, meetsShare, shardSearch } from './find-shards.js';
import { findShardsFindings, simFindings } from './findings.js';
import { resolveSimParams } from './params.js';
import { checkRunSettings } from './engine/sim.js';
import { checkSimWork } from './work.js';
import type { FoundShards, SimCallbacks, SimOptions, SimParams, SimResult, StreamSimResult } from './types.js';

export { parseTrace, type Trace, type TracePoint, type TraceFormat } from './trace.js';
export { DEFAULT_SIM_PARAMS, resolveSimParams } from './params.js';
export { runChunk, type ChunkResult, type ChunkSpec, type StreamRunInput } from './engine/index.js';
export { checkSimWork, estimateSimWork, formatWork, MAX_SIM_DURATION_SEC, MAX_SIM_MEMORY_BYTES, MAX_SIM_WORK_UNITS, type SimWork } from './work.js';
export * from './types.js';

/** One chunk of a stream's run (engine/chunks.ts): what a worker thread needs, plain data. */
export interface ChunkTask {
  input: Omit<StreamRunInput, 'onSteps'>;
  chunk: ChunkSpec | undefined;
}

/**
 * Runs chunks of runs and returns their counts in the order of `tasks`: in-process (serialRunner) or on other threads
 * (the CLI's). `onSteps` is told of steps done, in any order, summed over the tasks.
 */
export interface ChunkRunner {
  run(tasks: ChunkTask[], onSteps?: (steps: number) => void): Promise<ChunkResult[]>;
}

/** Runs every chunk in this thread, one after another. */
export const serialRunner: ChunkRunner = {
  run(tasks, onSteps) {
    return Promise.resolve(
      tasks.map((t) => {
        let last = 0;
        const report = onSteps
          ? (done: number) => {
              onSteps(done - last);
              last = done;
            }
          : undefined;
        return runChunk({ ...t.input, onSteps: report }, t.chunk);
      }),
    );
  },
};

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
 * What a run simulates: its parameters, streams and their inputs. A run longer than MAX_SIM_DURATION_SEC, or whose
 * estimated work or memory is over its maximum (work.ts), is an `InputError` with the estimate, before it starts.
 */
function setUp(workload: Workload, plan: Plan, options: SimOptions): { params: SimParams; indices: number[]; inputs: StreamRunInput[] } {
  const params = resolveSimParams(options);
  // Settings and size first: a run too long or too large is refused before anything is laid out.
  checkRunSettings(params, options.durationSec);
  checkSimWork(workload, plan, options);
  const indices = options.streams ?? workload.streams.map((_, i) => i);
  const traceStream = options.traceStream ?? 0;
  if (options.trace && !indices.includes(traceStream)) {
    throw new InputError({ path: 'traceStream', message: `the trace is for stream ${traceStream}, which is not simulated` });
  }
  const inputs = indices.map((index) => ({
    ...runInput(workload, plan, options, index),
    params,
    mode: simulatedModeOf(plan.streams[index]!, options.mode),
    shards: options.shardsByStream?.[index],
  }));
  return { params, indices, inputs };
}

/** Steps of one run of `input`: what one candidate of the --find-shards search costs per shard. */
function stepsOf(input: StreamRunInput): number {
  return Math.ceil(input.durationSec / input.params.stepSec - 1e-9);
}

/** The result of a run from its streams' results and the --find-shards search. */
function assemble(workload: Workload, plan: Plan, options: SimOptions, params: SimParams, streams: StreamSimResult[], found: FoundShards[] | undefined): SimResult {
  const findShards: SimResult['findShards'] = options.findShards && found ? { maxThrottledShare: options.findShards.maxThrottledShare, streams: found } : null;
  return {
    seed: options.seed,
    durationSec: options.durationSec,
    params,
    streams,
    findShards,
    findings: [...streams.flatMap((s) => simFindings(workload, plan, s)), ...(findShards ? findShardsFindings(workload, plan, findShards) : [])],
  };
}

/**
 * Replays each stream's traffic through per-shard token buckets and its producer's retry behaviour; pure and seeded:
 * the same workload, plan and options give the same result. The stream is the plan's (its peak, aggregation, readers,
 * key placement, planned shard count and mode); the workload adds only what a simulation needs (traffic, client).
 */
export function simulate(workload: Workload, plan: Plan, options: SimOptions, callbacks?: SimCallbacks): SimResult {
  const { params, indices, inputs } = setUp(workload, plan, options);
  const stepsPerStream = Math.ceil(options.durationSec / params.stepSec - 1e-9);
  const totalSteps = indices.length * stepsPerStream;
  let doneBefore = 0;
  const streams = inputs.map((input) => {
    const onSteps = callbacks?.onProgress ? (done: number) => callbacks.onProgress?.((doneBefore + done) / totalSteps) : undefined;
    const result = simulateStream({ ...input, onSteps });
    doneBefore += stepsPerStream;
    return result;
  });
  let found: FoundShards[] | undefined;
  if (options.findShards) {
    const limit = options.findShards.maxThrottledShare;
    found = inputs.map((input, j) => {
      const streamPlan = plan.streams[indices[j]!]!;
      const search = shardSearch(streamPlan, limit, (n) => throttledShareFloor(candidateInput(input, n)), stepsOf(input));
      let step = search.next(false);
      while (!step.done) step = search.next(meetsShare(simulateStream(candidateInput(input, step.value, limit)).throttledShare, limit));
      return { stream: streamPlan.name, index: input.index, plannedShards: streamPlan.shards.planned, ...step.value };
    });
  }
  callbacks?.onProgress?.(1);
  return assemble(workload, plan, options, params, streams, found);
}

/** Runs streams' inputs through `runner`, chunk by chunk, and merges each stream's chunks. */
async function runStreams(inputs: StreamRunInput[], runner: ChunkRunner, onSteps?: (steps: number) => void): Promise<StreamSimResult[]> {
  const plans = inputs.map((input) => streamChunks(input));
  const tasks: ChunkTask[] = inputs.flatMap((input, j) => {
    const chunks = plans[j]!;
    const plain: ChunkTask['input'] = { ...input };
    delete (plain as StreamRunInput).onSteps;
    return chunks.map((c) => ({ input: plain, chunk: chunks.length === 1 ? undefined : c }));
  });
  const parts = await runner.run(tasks, onSteps);
  let at = 0;
  return plans.map((chunks) => {
    const mine = parts.slice(at, at + chunks.length);
    at += chunks.length;
    return mergeStreamChunks(mine);
  });
}

/**
 * simulate() with the chunks of every run (the streams' and the --find-shards candidates') handed to `runner`, which
 * may run them on other threads. The same result as simulate() for the same input, whatever the runner.
 */
export async function simulateWith(workload: Workload, plan: Plan, options: SimOptions, runner: ChunkRunner, callbacks?: SimCallbacks): Promise<SimResult> {
  const { params, indices, inputs } = setUp(workload, plan, options);
  const totalSteps = indices.length * Math.ceil(options.durationSec / params.stepSec - 1e-9);
  const chunksPerStream = inputs.map((input) => streamChunks(input).length);
  const meanChunks = chunksPerStream.reduce((a, b) => a + b, 0) / Math.max(1, chunksPerStream.length);
  let done = 0;
  const onSteps = callbacks?.onProgress
    ? (steps: number) => {
        done += steps / meanChunks;
        callbacks.onProgress?.(Math.min(1, done / totalSteps));
      }
    : undefined;
  const streams = await runStreams(inputs, runner, onSteps);
  let found: FoundShards[] | undefined;
  if (options.findShards) {
    const limit = options.findShards.maxThrottledShare;
    found = await Promise.all(
      inputs.map(async (input, j) => {
        const streamPlan = plan.streams[indices[j]!]!;
        const search = shardSearch(streamPlan, limit, (n) => throttledShareFloor(candidateInput(input, n)), stepsOf(input));
        let step = search.next(false);
        while (!step.done) {
          const [r] = await runStreams([candidateInput(input, step.value, limit)], runner);
          step = search.next(meetsShare(r!.throttledShare, limit));
        }
        return { stream: streamPlan.name, index: input.index, plannedShards: streamPlan.shards.planned, ...step.value };
      }),
    );
  }
  callbacks?.onProgress?.(1);
  return assemble(workload, plan, options, params, streams, found);
}
