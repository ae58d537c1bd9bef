import { InputError } from '../errors.js';
import { CLOUDWATCH_MAX_HISTORY_SEC, ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT, SHARD_WRITE_BYTES_PER_SEC } from '../limits.js';
import type { Plan } from '../plan/index.js';
import { busiestRecordsPerSec } from '../workload/traffic-bounds.js';
import type { Workload } from '../workload/schema.js';
import { resolveClientModel, CLOSED_ROUND_TRIP_SEC } from '../workload/traffic-schema.js';
import { LAG_WINDOW_SEC } from './engine/readers.js';
import { onDemandInitialShards, onDemandTargetShards } from './on-demand.js';
import { resolveSimParams } from './params.js';
import type { SimOptions } from './types.js';

/**
 * What a simulation will cost, worked out before it starts, so that a run too long or too large is refused at once
 * with the estimate instead of running for hours or running out of memory. The engine steps every shard every step
 * (seconds that provably throttle nothing are cheaper), polls every reader on every shard, and keeps per-shard state,
 * a per-minute view and a retry calendar; the estimate counts those.
 */

/** The longest simulation: CloudWatch's longest history (limits.ts), so the longest trace fits. */
export const MAX_SIM_DURATION_SEC = CLOUDWATCH_MAX_HISTORY_SEC;
/**
 * The work of one step besides its shards (the rate model, the retry calendar, the tallies), in shard-steps: measured,
 * a step costs about as much as a hundred quiet shards.
 */
const STEP_UNITS = 100;
/**
 * A stream without readers, KPL, SDK retry quota, bounded buffer, pulses, closed producer or on-demand splits does a
 * second that provably throttles nothing in one step instead of ten (the engine's whole-second path).
 */
const WHOLE_SECOND_SPEEDUP = 10;
/**
 * The most work units (shard-steps, each reader's polls counted, a step's own work, a closed producer's requests and
 * heavy-tailed bursts) a simulation may take. A unit takes from about 3 ns (quiet seconds) to about 300 ns (a hot
 * shard throttling every step) on a 2-core machine, so this is seconds to a few minutes. `npm run bench` (b), 7 days
 * of 500 quiet shards, is 9 × 10⁸.
 */
export const MAX_SIM_WORK_UNITS = 2e9;
/**
 * The most memory a simulation may take, estimated: the largest stream's state (streams run one after another) and
 * every stream's per-minute view, which the result keeps.
 */
export const MAX_SIM_MEMORY_BYTES = 1024 ** 3;

/** Bytes of one minute of the per-minute view: the engine's counters, the result's row and its JSON. */
const MINUTE_ROW_BYTES = 1024;
/** Bytes of per-shard state besides the iterator-age ring: buckets, retries, tallies, the whole-second path per step. */
const SHARD_STATE_BYTES = 256;
const SHARD_STATE_BYTES_PER_STEP_OF_A_SECOND = 48;
/** Bytes per reader per shard, and per closed-producer worker, and per slot of the retry calendar. */
const READER_SHARD_BYTES = 24;
const WORKER_BYTES = 64;
const RETRY_SLOT_BYTES = 64;

export interface StreamWork {
  stream: string;
  /** The most shards the run lays out at once. */
  shards: number;
  steps: number;
  readers: number;
  workUnits: number;
  /** The run's state while it runs (per shard, per worker, the retry calendar, the trace) and what its result keeps. */
  stateBytes: number;
  resultBytes: number;
}

export interface SimWork {
  durationSec: number;
  stepSec: number;
  streams: StreamWork[];
  workUnits: number;
  memoryBytes: number;
}

/** The estimated work and memory of a simulation with these options. */
export function estimateSimWork(workload: Workload, plan: Plan, options: SimOptions): SimWork {
  const params = resolveSimParams(options);
  const stepsPerSec = Math.max(1, Math.round(1 / params.stepSec));
  const steps = Math.ceil(options.durationSec * stepsPerSec - 1e-9);
  const minutes = Math.ceil(options.durationSec / 60);
  const indices = options.streams ?? workload.streams.map((_, i) => i);
  const streams = indices.flatMap((index): StreamWork[] => {
    const stream = workload.streams[index];
    const sp = plan.streams[index];
    if (!stream || !sp) return [];
    const onDemand =
      options.mode === 'on-demand' ||
      (options.mode === undefined && ['on-demand', 'on-demand-advantage'].includes(sp.cost?.planned.mode ?? sp.capacityMode));
    const base = stream.traffic?.rate ?? sp.load.peak.recordsPerSec;
    let shards: number;
    if (onDemand) {
      const initial = onDemandInitialShards(stream.onDemand?.previousPeak);
      const maxShards = Math.max(initial, Math.floor((stream.onDemand?.maxWriteThroughput ?? ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT) / SHARD_WRITE_BYTES_PER_SEC));
      const busiest = stream.traffic ? busiestRecordsPerSec(stream.traffic, base) : base;
      const bytesPerRecord = sp.load.recordBytesAvg + sp.load.partitionKeyBytes;
      shards = onDemandTargetShards(initial, busiest * bytesPerRecord, busiest, params.onDemandSplitBytesPerSec, maxShards);
    } else {
      shards = options.shardsByStream?.[index] ?? sp.shards.planned;
    }
    const readers = sp.readers.length;
    let runs = 1;
    if (options.findShards) runs += 1 + Math.ceil(Math.log2(Math.max(1, sp.shards.planned) + 1));
    const traffic = stream.traffic;
    const client = traffic?.client;
    const model = resolveClientModel(options.clientModel ?? client?.model ?? 'auto', stream.producer.aggregation);
    const workers = client?.workers ?? 0;
    const hasWholeSeconds =
      readers === 0 &&
      (model === 'put-records' || model === 'none') &&
      client?.bufferRecords === undefined &&
      (traffic?.pulses.length ?? 0) === 0 &&
      workers === 0 &&
      !onDemand;
    const shardUnits = (shards * (1 + readers)) / (hasWholeSeconds ? WHOLE_SECOND_SPEEDUP : 1);
    let workUnits = runs * steps * (STEP_UNITS + shardUnits);
    const roundTrip = client?.roundTrip ?? CLOSED_ROUND_TRIP_SEC;
    // A closed producer simulates request by request; heavy-tailed bursts switch on and off about once per mean length.
    if (workers > 0) workUnits += runs * options.durationSec * Math.min(workers / roundTrip, base);
    if (traffic?.heavyTail) workUnits += (2 * options.durationSec) / (traffic.heavyTail.meanOn + traffic.heavyTail.meanOff);
    workUnits += steps * (traffic?.spikes.length ?? 0) + (traffic?.pulses.length ?? 0);
    const longestWaitSec =
      model === 'kpl' ? stream.producer.recordMaxBufferedTime : model === 'put-records' ? (client?.maxDelay ?? 5) : 20;
    const stateBytes =
      shards * (LAG_WINDOW_SEC * 8 + SHARD_STATE_BYTES + stepsPerSec * SHARD_STATE_BYTES_PER_STEP_OF_A_SECOND + readers * READER_SHARD_BYTES) +
      Math.min(steps, 1 << 21) * 8 +
      workers * WORKER_BYTES +
      (longestWaitSec / params.stepSec) * RETRY_SLOT_BYTES +
      (options.trace && index === (options.traceStream ?? 0) ? (options.trace.durationSec / options.trace.periodSec) * 24 : 0);
    return [{ stream: sp.name, shards, steps, readers, workUnits, stateBytes, resultBytes: minutes * MINUTE_ROW_BYTES }];
  });
  return {
    durationSec: options.durationSec,
    stepSec: params.stepSec,
    streams,
    workUnits: streams.reduce((a, s) => a + s.workUnits, 0),
    memoryBytes: streams.reduce((a, s) => Math.max(a, s.stateBytes), 0) + streams.reduce((a, s) => a + s.resultBytes, 0),
  };
}

/** A count of work as people read it: 4.4e8 above a million, 36,000 below. */
export function formatWork(n: number): string {
  return n >= 1e6 ? n.toExponential(1).replace('e+', 'e') : Math.round(n).toLocaleString('en-US');
}

/** Refuses a simulation longer than MAX_SIM_DURATION_SEC, or whose estimated work or memory is over the maximum. */
export function checkSimWork(workload: Workload, plan: Plan, options: SimOptions): SimWork {
  if (options.durationSec > MAX_SIM_DURATION_SEC) {
    throw new InputError({
      message: `a simulation of ${formatWork(options.durationSec / 86_400)} days is longer than the ${MAX_SIM_DURATION_SEC / 86_400} days kinesis-plan simulates (the longest history CloudWatch keeps)`,
      hint: 'simulate a shorter stretch, e.g. --duration 7d',
    });
  }
  const work = estimateSimWork(workload, plan, options);
  const largest = [...work.streams].sort((a, b) => b.workUnits - a.workUnits)[0];
  const what = largest
    ? `; the largest is stream ${largest.stream}: ${largest.shards.toLocaleString('en-US')} shards × ${largest.steps.toLocaleString('en-US')} steps of ${work.stepSec * 1000} ms` +
      (largest.readers > 0 ? ` × ${1 + largest.readers} (the shard and its ${largest.readers} readers)` : '')
    : '';
  const hint = 'simulate a shorter --duration, fewer shards (--shards) or fewer streams, or a longer --step';
  if (work.workUnits > MAX_SIM_WORK_UNITS) {
    throw new InputError({
      message: `this simulation would take about ${formatWork(work.workUnits)} units of work, more than the ${formatWork(MAX_SIM_WORK_UNITS)} kinesis-plan runs${what}`,
      hint,
    });
  }
  if (work.memoryBytes > MAX_SIM_MEMORY_BYTES) {
    throw new InputError({
      message: `this simulation would need about ${formatWork(work.memoryBytes / 1024 ** 2)} MiB of memory, more than the ${MAX_SIM_MEMORY_BYTES / 1024 ** 2} MiB kinesis-plan allows${what}`,
      hint,
    });
  }
  return work;
}
