import type { Trace } from '../trace.js';
import type { SimParams, StreamSimResult } from '../types.js';
import type { StreamPlan } from '../../plan/index.js';
import type { Stream } from '../../workload/schema.js';
import { resolveStreamModel } from './setup.js';
import { Sim, checkRunSettings } from './sim.js';
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
 *   tallies.ts          totals, the per-minute view, per-shard counts, latency; the result
 */

/** The parts of a stream's plan the simulator reads. */
export type SimStreamPlan = Pick<StreamPlan, 'name' | 'path' | 'load' | 'readers' | 'shards' | 'keyModel' | 'aggregation'>;

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
export { baseRecordsPerSec, kinesisRecordShape } from './setup.js';

/** Simulates one stream. Pure: the result depends only on the input (and the test hooks). */
export function simulateStream(input: StreamRunInput, hooks: EngineTestHooks = {}): StreamSimResult {
  checkRunSettings(input.params, input.durationSec);
  const sim = new Sim(resolveStreamModel(input), input, hooks);
  return runSimulation(sim, hooks.probe);
}
