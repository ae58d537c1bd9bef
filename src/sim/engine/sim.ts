import { InputError } from '../../errors.js';
import { MAX_RECORD_BYTES_DEFAULT, MAX_RECORD_BYTES_LARGE, SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC } from '../../limits.js';
import { PUT_RECORD_BYTES_ROUNDING } from '../constants.js';
import { Random, childSeed } from '../random.js';
import type { AdmissionRule } from '../token-bucket.js';
import type { Trace } from '../trace.js';
import { buildRateModel, pulseSchedule, type RateModel } from '../traffic.js';
import type { SimParams } from '../types.js';
import { drawNormalTable } from './arrival-counts.js';
import { ClosedProducer } from './closed-producer.js';
import type { ChunkSpec } from './chunks.js';
import type { EngineTestHooks, StreamRunInput } from './index.js';
import { Readers } from './readers.js';
import { OnDemandScaling, allocateShards } from './resharding.js';
import { ProducerClient } from './retries.js';
import type { ProducerModel, StreamModel } from './setup.js';
import { Tally } from './tallies.js';
import { WholeSeconds } from './whole-seconds.js';

/**
 * The seeded sequences of stream i: the stream's own draws (i), its bursts (RATE_SEEDS + i), and one sequence per
 * shard (shardSeed), so that a shard's draws do not depend on which other shards are simulated with it. Where its
 * keys land is the plan's key model, the same for every seed.
 */
const RATE_SEEDS = 20_000;

/** The seed of shard `shard`'s sequence, for the shard layout made by the `epoch`-th on-demand split (0: the first). */
export function shardSeed(streamSeed: number, epoch: number, shard: number): number {
  return childSeed(childSeed(streamSeed, RATE_SEEDS + 1 + epoch), shard);
}

/** What a run takes besides the stream model: never the workload or the plan itself. */
export type RunSettings = Omit<StreamRunInput, 'stream' | 'plan' | 'putPayloadUnitBytes' | 'shards'> & { chunk?: ChunkSpec | undefined };

/**
 * The user records a stream's traffic offers over the run on average (the integral of its rate, as the engine draws
 * it, plus its pulses): for bounds that need no simulation (find-shards.ts). A bytes-only trace gives bytes.
 */
export function expectedOffered(model: StreamModel, input: Pick<RunSettings, 'seed' | 'index' | 'durationSec' | 'trace'>): number {
  const rate = buildRateModel(model.traffic, model.baseRecordsPerSec, new Random(childSeed(input.seed, RATE_SEEDS + input.index)), input.trace);
  let sum = 0;
  const whole = Math.floor(input.durationSec);
  for (let t = 0; t < whole; t++) sum += rate.recordsIn(t, t + 1);
  sum += rate.recordsIn(whole, input.durationSec);
  for (const p of model.traffic?.pulses ?? []) if (p.at < input.durationSec) sum += p.records;
  return sum;
}

/** Checks the run's step, duration and write bucket depth. */
export function checkRunSettings(params: SimParams, durationSec: number): void {
  const dt = params.stepSec;
  const perSec = 1 / dt;
  if (!(dt > 0) || dt > 1 || Math.abs(perSec - Math.round(perSec)) > 1e-9) {
    throw new InputError({ path: 'stepSec', message: `the step must divide one second evenly, got ${dt}s`, hint: 'e.g. 0.1 (100 ms), 0.05 or 1' });
  }
  if (!(durationSec > 0)) throw new InputError({ path: 'durationSec', message: `the duration must be positive, got ${durationSec}s`, hint: 'e.g. 1h' });
  if (!(params.burstSeconds > 0)) throw new InputError({ path: 'burstSeconds', message: `must be positive, got ${params.burstSeconds}`, hint: 'e.g. 1' });
}

/**
 * The state of one stream's run: its settings, each shard's write buckets, and the parts that act on them (the
 * client and its retries, a closed producer, the readers, the whole-second fast path, on-demand scaling, the tallies).
 * The parts keep their own per-shard typed arrays; the functions of each part's file take this object.
 */
export class Sim {
  readonly model: StreamModel;
  readonly producer: ProducerModel;
  readonly index: number;
  readonly mode: 'provisioned' | 'on-demand';
  readonly params: SimParams;
  readonly trace: Trace | undefined;
  readonly onSteps: ((done: number) => void) | undefined;
  readonly failAboveShare: number | undefined;

  // Time: the step, in seconds, and steps per second and in the run; the step being simulated.
  readonly dt: number;
  readonly stepsPerSec: number;
  readonly steps: number;
  step = 0;

  /** The stream's own draws: the normal table, pulses, a closed producer, the SDK's quota, on-demand splits. */
  readonly streamRandom: Random;
  readonly streamSeed: number;
  /** One sequence per shard (Random.bank): use(i) before drawing for shard i. Laid out by allocateShards. */
  random!: Random;
  /** On-demand splits so far (each layout of shards draws from sequences of its own). */
  epoch = 0;
  /** The share most shards have (those with only the evenly spread keys), or NaN; see planSecond. */
  modalShare = Number.NaN;
  readonly rate: RateModel;
  /** Pulses by step (traffic.ts, pulseSchedule): the steps that hold one, ascending, their records, the next one due. */
  readonly pulseSteps: Int32Array;
  readonly pulseRecords: Float64Array;
  nextPulse = 0;
  /** Standard normal deviates for the normal approximation of large Poisson counts (arrival-counts.ts). */
  readonly normals: Float64Array;

  // Kinesis records: user records per Kinesis record, and bytes (from the trace, when it has them, per period).
  readonly perKinesis: number;
  readonly kinesisBytes: number;
  readonly bytesFromTrace: boolean;
  recordBytes: number;
  /** What a record costs the bytes bucket (PutRecord rounds up to whole KiB). */
  costBytes: number;
  readonly isPutRecord: boolean;

  // Write buckets: depth, refill per step, the fixed window's allowance, and the bytes rule (token-bucket.ts).
  readonly capR: number;
  readonly capB: number;
  readonly refillR: number;
  readonly refillB: number;
  readonly windowR: number;
  readonly windowB: number;
  readonly bytesRule: AdmissionRule;
  readonly maxDebtB: number;
  readonly fixedWindow: boolean;

  // Per shard (laid out by allocateShards): key shares, write bucket levels, the step they were refilled, and the
  // fraction of a record carried to the next step with uniform arrivals. A chunk (chunks.ts) holds shards
  // [shardBase, shardBase + chunkShards) of the layout; `shards` counts the shards held, indices are local.
  shards: number;
  readonly shardBase: number;
  readonly chunkShards: number | undefined;
  /** Cumulative key shares of the whole layout (pulses are spread over it, and a chunk keeps its own). */
  layoutCum!: Float64Array;
  share!: Float64Array;
  cumShare!: Float64Array;
  tokR!: Float64Array;
  tokB!: Float64Array;
  mark!: Int32Array;
  carry!: Float64Array;

  readonly tally: Tally;
  readonly client: ProducerClient;
  readonly closed: ClosedProducer;
  readonly readers: Readers;
  readonly whole: WholeSeconds;
  readonly scaling: OnDemandScaling;

  constructor(model: StreamModel, input: RunSettings, hooks: EngineTestHooks) {
    const { index, params, trace } = input;
    this.model = model;
    this.producer = model.producer;
    this.index = index;
    this.mode = input.mode;
    this.params = params;
    this.trace = trace;
    this.onSteps = input.onSteps;
    this.failAboveShare = input.chunk === undefined ? input.failAboveShare : undefined;
    const dt = params.stepSec;
    this.dt = dt;
    this.stepsPerSec = Math.round(1 / dt);
    this.steps = Math.ceil(input.durationSec * this.stepsPerSec - 1e-9);
    this.streamSeed = childSeed(input.seed, index);
    this.streamRandom = new Random(this.streamSeed);
    this.rate = buildRateModel(model.traffic, model.baseRecordsPerSec, new Random(childSeed(input.seed, RATE_SEEDS + index)), trace);
    const pulses = pulseSchedule(model.traffic, this.stepsPerSec, this.steps);
    this.pulseSteps = pulses.steps;
    this.pulseRecords = pulses.records;

    this.perKinesis = model.perKinesis;
    this.kinesisBytes = model.kinesisBytes;
    this.bytesFromTrace = trace?.hasBytes === true && trace.hasRecords;
    const client = model.producer.client;
    this.isPutRecord = client === 'put-record-sdk' || client === 'put-record-sdk-2026';
    this.recordBytes = this.kinesisBytes;
    this.costBytes = this.byteCost(this.kinesisBytes);

    // A stream that allows records over 1 MiB: by default the bytes bucket takes debt, with a 10 MiB depth (SimParams).
    const large = model.maxRecordBytes > MAX_RECORD_BYTES_DEFAULT;
    this.bytesRule = params.writeBytesRule === 'auto' ? (large ? 'debt' : 'strict') : params.writeBytesRule;
    this.capR = SHARD_WRITE_RECORDS_PER_SEC * params.burstSeconds;
    this.capB = Math.max(SHARD_WRITE_BYTES_PER_SEC * params.burstSeconds, params.writeBytesRule === 'auto' && large ? MAX_RECORD_BYTES_LARGE : 0);
    this.maxDebtB = this.bytesRule === 'debt' ? model.maxRecordBytes : 0;
    this.fixedWindow = params.enforcement === 'fixed-window';
    this.refillR = this.fixedWindow ? 0 : SHARD_WRITE_RECORDS_PER_SEC * dt;
    this.refillB = this.fixedWindow ? 0 : SHARD_WRITE_BYTES_PER_SEC * dt;
    this.windowR = SHARD_WRITE_RECORDS_PER_SEC;
    this.windowB = SHARD_WRITE_BYTES_PER_SEC;
    this.shards = model.initialShards;
    this.shardBase = input.chunk?.first ?? 0;
    this.chunkShards = input.chunk?.count;

    this.tally = new Tally(this.steps, this.stepsPerSec);
    this.client = new ProducerClient(model.producer, dt, input.isCountsOnly === true);
    this.closed = new ClosedProducer(model.producer);
    this.readers = new Readers(model.consumers, dt);
    this.normals = drawNormalTable(this.streamRandom);
    this.whole = new WholeSeconds(this, hooks);
    this.scaling = new OnDemandScaling(model);
    allocateShards(this, model.initialShards, undefined);
  }

  /** The start of step k in seconds: k / steps per second, so that step k − 1 ends exactly where step k starts. */
  timeOf(k: number): number {
    return k / this.stepsPerSec;
  }

  /** Whether a pulse arrives in steps [from, to). */
  hasPulseIn(from: number, to: number): boolean {
    const at = this.nextPulse;
    return at < this.pulseSteps.length && (this.pulseSteps[at] as number) < to && (this.pulseSteps[at] as number) >= from;
  }

  /** What `bytes` cost the bytes bucket: PutRecord rounds each record up to whole KiB. */
  byteCost(bytes: number): number {
    return this.isPutRecord ? Math.ceil(bytes / PUT_RECORD_BYTES_ROUNDING) * PUT_RECORD_BYTES_ROUNDING : bytes;
  }
}
