import type { Trace } from '../trace.js';
import type { SimParams, StreamSimResult } from '../types.js';
import type { StreamPlan } from '../../plan/index.js';
import type { Stream } from '../../workload/schema.js';
import { mergeChunks, planChunks, type ChunkResult, type ChunkSpec } from './chunks.js';
import { resolveStreamModel } from './setup.js';
import { SHARD_WRITE_RECORDS_PER_SEC } from '../../limits.js';
import { isBytesOnlyTrace } from '../traffic.js';
import { Sim, checkRunSettings, expectedOffered } from './sim.js';
import { runSimulation } from './stepping.js';
import type { WholeSecondProbe } from './whole-seconds.js';

/**
 * The simulation engine of one stream. Its files, by what they do:
 *   setup.ts            what the engine takes from the plan and the workload, resolved once (resolveStreamModel)
 *   sim.ts              the run's state: settings, each shard's write buckets, and the parts below
 *   stepping.ts         the main loop and each step's delivery of new records to the shards
 *   write-buckets.ts    a shard's write buckets: refill, fixed windows, admission
 *   arrival-counts.ts   how a step's new records are drawn
 *   whole-seconds.ts    the fast path: a provably quiet shard-second done as one step (with its proof)
 *   held-seconds.ts     held whole seconds: bounds, binomial refinement, replay, verification
 *   service.ts          fair service within a step: new records and the retries due share the step's admissions
 *   retries.ts          the producer's client: retry calendar, application / SDK / KPL retries, the KPL's limiter
 *   closed-producer.ts  closed producers (traffic.client.workers)
 *   readers.ts          polling, Lambda and enhanced fan-out consumers; iterator age
 *   resharding.ts       the shards' layout and on-demand splits
 *   tallies.ts          totals, the per-minute and per-second views, per-shard counts, latency
 *   chunks.ts           independent groups of shards run apart (and on threads); their counts merged into the result
 */

/** The parts of a stream's plan the simulator reads. */
export type SimStreamPlan = Pick<StreamPlan, 'name' | 'path' | 'load' | 'readers' | 'consumers' | 'shards' | 'aggregation'>;

export interface StreamRunInput {
  /** The stream's workload entry, for what only a simulation needs: its traffic, producer and on-demand settings. */
  stream: Stream;
  /** The stream's plan: its peak, readers, planned shard count, key model and aggregation. */
  plan: SimStreamPlan;
  /** Bytes of a PUT payload unit (settings.putPayloadUnit), for the aggregation model. */
  putPayloadUnitBytes: number;
  index: number;
  seed: number;
  durationSec: number;
  params: SimParams;
  mode: 'provisioned' | 'on-demand';
  /** Provisioned shards to simulate; default the plan's planned count. */
  shards: number | undefined;
  trace: Trace | undefined;
  onSteps?: (done: number) => void;
  /** Only the counts matter (a --find-shards candidate): retries are merged by attempt and their waits not kept. */
  isCountsOnly?: boolean;
  /**
   * Stop as soon as the throttled share is sure to end above this (a --find-shards candidate that fails): the result
   * then holds the counts so far, whose share is above it too. Only for a run in one chunk.
   */
  failAboveShare?: number;
}

/** Switches and probes for tests of the whole-second path; production runs pass none. */
export interface EngineTestHooks {
  /** Set false to step every second (for tests that compare whole seconds with stepping). Default true. */
  wholeSeconds?: boolean;
  /** Filled with counts of what the whole-second path did, for tests that must know a rule was exercised. */
  probe?: WholeSecondProbe;
  /**
   * Replay every held second step by step from its true start levels (also those a later second replaces, and those
   * left at the end), and throw if a step would throttle or if the levels the engine goes on with differ from that
   * replay. A check of the whole-second proof; the binomial splits this needs change the draws.
   */
  verifyWholeSeconds?: boolean;
}

export type { WholeSecondProbe } from './whole-seconds.js';
export type { ChunkResult, ChunkSpec } from './chunks.js';
export { baseRecordsPerSec, kinesisRecordShape } from './setup.js';

/** The chunks a stream's run is made of (chunks.ts): fixed by the run's input, never by the machine. */
export function streamChunks(input: StreamRunInput): ChunkSpec[] {
  checkRunSettings(input.params, input.durationSec);
  return planChunks(resolveStreamModel(input), input.mode);
}

/** Runs one chunk of a stream (all of it when `chunk` is undefined). Pure. */
export function runChunk(input: StreamRunInput, chunk: ChunkSpec | undefined, hooks: EngineTestHooks = {}): ChunkResult {
  checkRunSettings(input.params, input.durationSec);
  const sim = new Sim(resolveStreamModel(input), { ...input, chunk }, hooks);
  return runSimulation(sim, hooks.probe);
}

/** The result of a stream's run from its chunks' counts (in the order of streamChunks). */
export function mergeStreamChunks(parts: ChunkResult[]): StreamSimResult {
  return mergeChunks(parts);
}

/**
 * Simulates one stream, its chunks one after another. Pure: the result depends only on the input (and the test hooks;
 * `chunks` overrides the grouping of shards, for tests that show it does not matter).
 */
export function simulateStream(input: StreamRunInput, hooks: EngineTestHooks & { chunks?: ChunkSpec[] } = {}): StreamSimResult {
  const chunks = hooks.chunks ?? streamChunks(input);
  const probe = hooks.probe;
  const report = input.onSteps;
  const steps = Math.ceil(input.durationSec / input.params.stepSec - 1e-9);
  const parts = chunks.map((c, j) => {
    const own: WholeSecondProbe | undefined = probe ? { ...probe } : undefined;
    // Progress in steps of the stream as a whole: each chunk is a share of the run.
    const onSteps = report ? (done: number) => report((j * steps + done) / chunks.length) : undefined;
    const part = runChunk({ ...input, onSteps }, chunks.length === 1 && c.first === 0 ? undefined : c, { ...hooks, probe: own });
    if (probe && own) addProbe(probe, own);
    return part;
  });
  return mergeChunks(parts);
}

/**
 * A floor under a run's throttled share, from counts alone (for --find-shards, which then skips counts that cannot
 * meet its limit). When every record offered is sent at least once (no KPL limiter, no bounded buffer, an open
 * producer), every record not accepted was throttled at least once, so throttled ÷ attempts ≥ 1 − accepted ÷ offered;
 * and a shard accepts at most its records bucket's depth plus its refill, 1,000 records a second, over the run (one
 * second more, for the step's rounding). Offered is taken 6 standard deviations under its mean. 0 when it says nothing.
 */
export function throttledShareFloor(input: StreamRunInput): number {
  checkRunSettings(input.params, input.durationSec);
  const model = resolveStreamModel(input);
  const p = model.producer;
  if (p.client === 'kpl' || Number.isFinite(p.bufferRecords) || p.workers > 0 || isBytesOnlyTrace(input.trace)) return 0;
  const mean = expectedOffered(model, input) / model.perKinesis;
  const offered = mean - 6 * Math.sqrt(mean);
  if (!(offered > 0)) return 0;
  const depth = SHARD_WRITE_RECORDS_PER_SEC * Math.max(1, input.params.burstSeconds);
  const accepted = model.initialShards * (depth + SHARD_WRITE_RECORDS_PER_SEC * (input.durationSec + 1));
  return Math.max(0, 1 - accepted / offered);
}

/** Adds a chunk's whole-second counts into the run's probe. */
function addProbe(into: WholeSecondProbe, part: WholeSecondProbe): void {
  into.wholeSeconds += part.wholeSeconds;
  into.multiBlockSeconds += part.multiBlockSeconds;
  into.resolved += part.resolved;
  into.resolvedMultiBlock += part.resolvedMultiBlock;
  into.refinements += part.refinements;
  into.verifiedChained += part.verifiedChained;
  into.bytesFollow = part.bytesFollow;
}
