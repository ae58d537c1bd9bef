import { InternalError, InputError } from '../errors.js';
import {
  GET_RECORDS_MAX_BYTES,
  GET_RECORDS_MAX_RECORDS,
  MAX_RECORD_BYTES_DEFAULT,
  MAX_RECORD_BYTES_LARGE,
  ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT,
  ON_DEMAND_SPLIT_BYTES_PER_SEC_PER_SHARD,
  ON_DEMAND_SPLIT_DELAY_SEC,
  PUT_RECORDS_MAX_BYTES,
  PUT_RECORDS_MAX_RECORDS,
  SHARD_GET_RECORDS_CALLS_PER_SEC,
  SHARD_READ_BYTES_PER_SEC,
  SHARD_WRITE_BYTES_PER_SEC,
  SHARD_WRITE_RECORDS_PER_SEC,
  EFO_READ_BYTES_PER_SEC,
} from '../limits.js';
import { shardLoadShares } from '../plan/key-shares.js';
import type { Stream, Workload } from '../workload/schema.js';
import { CLOSED_ROUND_TRIP_SEC, type ClientModel } from '../workload/traffic-schema.js';
import {
  DEFAULT_POLL_INTERVAL_SEC,
  EFO_PROPAGATION_SEC,
  KPL_AGGREGATE_FIXED_OVERHEAD_BYTES,
  KPL_LIMITER_MAX_BYTES,
  KPL_LIMITER_MAX_RECORDS,
  KPL_USER_RECORD_OVERHEAD_BYTES,
  LAMBDA_POLL_INTERVAL_SEC,
  PUT_RECORD_BYTES_ROUNDING,
} from './constants.js';
import { onDemandInitialShards, onDemandTargetShards } from './on-demand.js';
import { Random, childSeed } from './random.js';
import {
  RetryQuota,
  SDK_STANDARD,
  SDK_STANDARD_2026,
  appRetryWindowSec,
  kplRetryDelaySec,
  resolveClientModel,
  sdkBackoffWindowMs,
  type SdkRetrySettings,
} from './retry.js';
import { admissibleCount, type AdmissionRule } from './token-bucket.js';
import { buildRateModel, isBytesOnlyTrace, type RateModel } from './traffic.js';
import type { Trace } from './trace.js';
import {
  DROP_CAUSES,
  type ConsumerStats,
  type DropCause,
  type MinuteView,
  type OnDemandEvent,
  type ProducerStats,
  type SimParams,
  type StreamSimResult,
} from './types.js';

/** Model defaults (throttling-model.md §7.0). */
export const DEFAULT_SIM_PARAMS: SimParams = {
  stepSec: 0.1,
  burstSeconds: 1,
  enforcement: 'token-bucket',
  writeBytesRule: 'auto',
  onDemandSplitDelaySec: ON_DEMAND_SPLIT_DELAY_SEC,
  onDemandSplitBytesPerSec: ON_DEMAND_SPLIT_BYTES_PER_SEC_PER_SHARD,
  clientModel: undefined,
};

/** The model parameters of a run: the options' values over the defaults. */
export function resolveSimParams(options: Partial<SimParams>): SimParams {
  const p: SimParams = { ...DEFAULT_SIM_PARAMS };
  for (const key of Object.keys(DEFAULT_SIM_PARAMS) as (keyof SimParams)[]) {
    const v = options[key];
    if (v !== undefined) (p as unknown as Record<string, unknown>)[key] = v;
  }
  return p;
}

/** Iterator age is tracked over this window; a longer lag is reported as at least this. */
const LAG_WINDOW_SEC = 3600;
/** Lambda keeps polling while behind; we model the catch-up polls at the shard's 5 calls/s (every 200 ms). */
const LAMBDA_CATCH_UP_SEC = 1 / SHARD_GET_RECORDS_CALLS_PER_SEC;
const READ_MAX_DEBT_BYTES = GET_RECORDS_MAX_BYTES - SHARD_READ_BYTES_PER_SEC;
/** A whole second is only tried below a mean of this many records per second (the per-step sampler is exact there). */
const WHOLE_SECOND_MAX_MEAN = 1000;
/** … and below this share of what one second can admit; nearer the limit the test mostly fails and costs draws. */
const WHOLE_SECOND_MEAN_FRACTION = 0.9;
/** Slack in the whole-second test, far above floating-point error in the bucket levels (records, bytes). */
const WHOLE_SECOND_SLACK_RECORDS = 1e-6;
const WHOLE_SECOND_SLACK_BYTES = 1e-3;
/** A shard's second is drawn in at most this many blocks of steps (quietSecond (4)). */
const WHOLE_SECOND_MAX_BLOCKS = 4;
/** Block plans are made for this many levels of a shard's mean per second, up to the whole-second cut-off. */
const WHOLE_SECOND_PLAN_LEVELS = 128;
/** Margin of a block plan's target, in standard deviations of the second's count. */
const WHOLE_SECOND_PLAN_MARGIN_SD = 2;
/** The bytes bucket is left out of the whole-second test when records bind it by at least this many bytes (quietSecond (5)). */
const BYTES_FOLLOW_MARGIN = 1;
const STEPPED = 0;
const WHOLE = 1;
const GIVEN = 2;

export interface StreamRunInput {
  workload: Workload;
  index: number;
  seed: number;
  durationSec: number;
  params: SimParams;
  mode: 'provisioned' | 'on-demand';
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
   * replay. A check of quietSecond's proof; the binomial splits this needs change the draws.
   */
  verifyWholeSeconds?: boolean;
}

/** What the whole-second path did in a run (EngineTestHooks.probe). */
export interface WholeSecondProbe {
  /** Shard-seconds done whole, and those of them drawn in two or more blocks. */
  wholeSeconds: number;
  multiBlockSeconds: number;
  /** Held seconds replayed step by step (and checked), and those of them drawn in two or more blocks. */
  resolved: number;
  resolvedMultiBlock: number;
  /** Binomial refinements of held seconds. */
  refinements: number;
  /** With verifyWholeSeconds: held seconds followed at once by another, replayed from their true start when replaced. */
  verifiedChained: number;
  /** Whether the bytes bucket was left out of the test because the records bucket binds first. */
  bytesFollow: boolean;
}

/** The base offered rate of a stream in user records per second: traffic.rate, else the peak, else the average. */
export function baseRecordsPerSec(stream: Stream): number {
  if (stream.traffic?.rate !== undefined) return stream.traffic.rate;
  const peak = stream.records.peak;
  if (peak === undefined) return stream.records.rate;
  return 'factor' in peak ? stream.records.rate * peak.factor : peak.recordsPerSec;
}

/** Kinesis records per user record and bytes per Kinesis record (KPL aggregation packs several user records). */
export function kinesisRecordShape(stream: Stream, userRecordsPerSecPerShard: number): { perKinesis: number; bytes: number } {
  const keyBytes = stream.partitionKeys.length;
  const raw = stream.records.size + keyBytes;
  if (stream.producer.aggregation !== 'kpl') return { perKinesis: 1, bytes: raw };
  const p = stream.producer;
  const perUser = stream.records.size + KPL_USER_RECORD_OVERHEAD_BYTES + keyBytes;
  const bySize = Math.floor((p.aggregationMaxSize - KPL_AGGREGATE_FIXED_OVERHEAD_BYTES) / perUser);
  const byTime = userRecordsPerSecPerShard * p.recordMaxBufferedTime;
  const perKinesis = Math.max(1, Math.min(bySize, p.aggregationMaxCount, byTime));
  if (perKinesis <= 1) return { perKinesis: 1, bytes: raw };
  // An aggregate carries partition key "a" and an explicit hash key (kinesis-facts.md §5.1).
  return { perKinesis, bytes: KPL_AGGREGATE_FIXED_OVERHEAD_BYTES + perKinesis * perUser + 1 };
}

/** Shards to simulate for a provisioned stream when none was given: enough for the base rate at the per-shard limits. */
export function fallbackShards(stream: Stream): number {
  const rate = baseRecordsPerSec(stream);
  const shape = kinesisRecordShape(stream, rate);
  const kinesisRate = rate / shape.perKinesis;
  return Math.max(
    1,
    Math.ceil(kinesisRate / SHARD_WRITE_RECORDS_PER_SEC - 1e-9),
    Math.ceil((kinesisRate * shape.bytes) / SHARD_WRITE_BYTES_PER_SEC - 1e-9),
  );
}

/** Simulates one stream. Pure: the result depends only on the input (and the test hooks). */
export function simulateStream(input: StreamRunInput, hooks: EngineTestHooks = {}): StreamSimResult {
  return new StreamSimulation(input, hooks).run();
}

type Client = Exclude<ClientModel, 'auto'>;

class StreamSimulation {
  private readonly stream: Stream;
  private readonly dt: number;
  private readonly stepsPerSec: number;
  private readonly steps: number;
  private readonly random: Random;
  private readonly rate: RateModel;
  private readonly client: Client;
  private readonly sdk: SdkRetrySettings | undefined;
  private readonly quota: RetryQuota | undefined;
  private readonly perKinesis: number;
  private readonly kinesisBytes: number;
  private readonly bytesFromTrace: boolean;
  private costBytes: number;
  private recordBytes: number;
  private readonly isPutRecord: boolean;
  private readonly kplTtlSteps: number;
  private readonly kplDelaySec: number;
  private readonly bufferRecords: number;

  // Write buckets.
  private readonly capR: number;
  private readonly capB: number;
  private readonly refillR: number;
  private readonly refillB: number;
  private readonly windowR: number;
  private readonly windowB: number;
  private readonly bytesRule: AdmissionRule;
  private readonly maxDebtB: number;
  private readonly fixedWindow: boolean;

  // Per-shard state.
  private shards: number;
  private readonly initialShards: number;
  private share!: Float64Array;
  private cumShare!: Float64Array;
  private tokR!: Float64Array;
  private tokB!: Float64Array;
  private mark!: Int32Array;
  private carry!: Float64Array;
  private kplR!: Float64Array;
  private kplB!: Float64Array;
  private kplMark!: Int32Array;
  private attemptsS!: Float64Array;
  private acceptedS!: Float64Array;
  private throttledS!: Float64Array;
  /** Records of shard i accepted in whole seconds (attempts and accepted both). */
  private wholeS!: Float64Array;
  private accCum!: Float64Array;
  private lagRing!: Float64Array;
  private readCallTok!: Float64Array;
  private readByteTok!: Float64Array;
  private readLast!: Int32Array;
  private readCum!: Float64Array;
  private nextPoll!: Float64Array;
  private efoAllow!: Float64Array;

  // Whole seconds (see quietSecond() for the rule and its proof).
  private readonly wholeSeconds: boolean;
  /** Above this mean per second a shard is stepped: a whole second would rarely pass the test. */
  private readonly wholeMaxMean: number;
  /** Mean new Kinesis records per step of the stream, for the steps of this second and of the previous one. */
  private stepMeans: Float64Array;
  private prevStepMeans: Float64Array;
  /** Their running sums: stepCum[j] = Σ_{l<j} stepMeans[l]. */
  private stepCum: Float64Array;
  private prevStepCum: Float64Array;
  private secondStart = 0;
  /** Records of each shard waiting in the retry calendar. */
  private retryDue!: Float64Array;
  /** Per shard this second: STEPPED (counts drawn per step), WHOLE (done as one second), GIVEN (counts in `given`). */
  private lane!: Uint8Array;
  private given!: Float64Array;
  /** The shards stepped this second. */
  private active!: Int32Array;
  private activeCount = 0;
  /** Per shard: the previous second was done whole and its bucket levels are not computed yet (`held`). */
  private held!: Uint8Array;
  private heldStartR!: Float64Array;
  private heldStartB!: Float64Array;
  private heldTotal!: Float64Array;
  /** The bound (2) on the deficit at the end of the held second, records and bytes. */
  private heldBoundR!: Float64Array;
  private heldBoundB!: Float64Array;
  /** The held second's arrivals as blocks of steps: blkEnd[i·sps + s] ends the block starting at step s. */
  private blkCnt!: Float64Array;
  private blkEnd!: Int32Array;
  /** Verification: replay every held second from its true start levels (EngineTestHooks.verifyWholeSeconds). */
  private readonly verify: boolean;
  private exactStartR!: Float64Array;
  private exactStartB!: Float64Array;
  /** The smallest deficit bounds (2) the engine used for the held second, records and bytes. */
  private usedBoundR!: Float64Array;
  private usedBoundB!: Float64Array;
  private replayR = 0;
  private replayB = 0;
  /** Per shard: the held second was drawn in more than one block (for the probe). */
  private heldMulti!: Uint8Array;
  /** The records bucket binds before the bytes bucket, so the bytes bucket needs no test (quietSecond (5)). */
  private readonly bytesFollow: boolean;
  /** Block plans (planBlocks): for each level of the mean, its block count and ends, and the second it was made for. */
  private readonly planStamp = new Int32Array(WHOLE_SECOND_PLAN_LEVELS).fill(-1);
  private readonly planG = new Uint8Array(WHOLE_SECOND_PLAN_LEVELS);
  private readonly planEnds = new Int32Array(WHOLE_SECOND_PLAN_LEVELS * (WHOLE_SECOND_MAX_BLOCKS + 1));
  /** This shard-second's counts per block of its plan. */
  private readonly curCnt = new Float64Array(WHOLE_SECOND_MAX_BLOCKS);
  private readonly planScratch = new Int32Array(WHOLE_SECOND_MAX_BLOCKS + 1);
  private readonly probe: WholeSecondProbe = {
    wholeSeconds: 0,
    multiBlockSeconds: 0,
    resolved: 0,
    resolvedMultiBlock: 0,
    refinements: 0,
    verifiedChained: 0,
    bytesFollow: false,
  };

  // Closed producer (traffic.client.workers; 0 workers: open). See stepClosed().
  private readonly workers: number;
  private readonly roundTripSec: number;
  /** Per worker: when it can send its next request (seconds). */
  private readonly readyAt: Float64Array;
  /** Workers in a binary min-heap by readyAt. */
  private readonly heap: Int32Array;
  /** Per worker: its throttled entries waiting to be resent, flat [shard, firstStep, attempts, count, ...]. */
  private retryLists: number[][];
  private spareList: number[] = [];
  /** Records waiting for a worker, oldest first: flat [arrivalStep, count, ...] from bufferHead on. */
  private buffer: number[] = [];
  private bufferHead = 0;
  private buffered = 0;
  private closedCarry = 0;
  /** End times of the requests in flight, oldest first (a ring of workers + 1 slots). */
  private readonly flightEnds: Float64Array;
  private flightHead = 0;
  private flightSize = 0;
  private requests = 0;
  private maxInFlight = 0;
  private maxBuffered = 0;
  /** A request's records per shard, and the shards it touches in order. */
  private batchCounts!: Float64Array;
  private batchShards!: Int32Array;

  // Consumers.
  private readonly consumers: { name: string; type: 'polling' | 'lambda' | 'efo'; intervalSteps: number }[];
  private readonly consumerStats: ConsumerStats[];

  // Retry calendar: slot → flat [shard, firstStep, tries, count, ...].
  private readonly calendar: number[][];
  private readonly ringSize: number;
  private pending = 0;
  private readonly scratch: Float64Array;
  /** 65,536 standard normal deviates drawn from the seed, for the normal approximation of large Poisson counts. */
  private readonly normals: Float64Array;

  // Totals.
  private offered = 0;
  private accepted = 0;
  private attempts = 0;
  private throttled = 0;
  private retries = 0;
  private offeredBytes = 0;
  private acceptedBytes = 0;
  private readonly dropped: Record<DropCause, number>;
  private readonly latencyHist: Float64Array;
  private maxLatencySteps = 0;
  private sdkFirstTry = 0;
  private sdkAfterRetry = 0;

  // Per-minute and per-second.
  private readonly minutes: number;
  private readonly mOffered: Float64Array;
  private readonly mAttempts: Float64Array;
  private readonly mAccepted: Float64Array;
  private readonly mAcceptedBytes: Float64Array;
  private readonly mThrottled: Float64Array;
  private readonly mReadThrottled: Float64Array;
  private readonly mRetries: Float64Array;
  private readonly mDropped: Float64Array;
  private readonly mPeakAcc: Float64Array;
  private readonly mPeakAtt: Float64Array;
  private readonly mShards: Float64Array;
  private readonly mLagMs: Float64Array;
  private readonly mOfferedBytes: Float64Array;
  private secAcc = 0;
  private secAtt = 0;
  private minute = 0;
  private step = 0;

  // On-demand.
  private readonly mode: 'provisioned' | 'on-demand';
  private readonly maxOnDemandShards: number;
  private pendingSplit: { atStep: number; target: number } | undefined;
  private readonly events: OnDemandEvent[] = [];
  private readonly keySeed: number;

  constructor(
    private readonly input: StreamRunInput,
    private readonly hooks: EngineTestHooks,
  ) {
    const { workload, index, params, durationSec } = input;
    const stream = workload.streams[index];
    if (!stream) throw new InternalError(`no stream at index ${index}`);
    this.stream = stream;
    const dt = params.stepSec;
    const perSec = 1 / dt;
    if (!(dt > 0) || dt > 1 || Math.abs(perSec - Math.round(perSec)) > 1e-9) {
      throw new InputError({ path: 'stepSec', message: `the step must divide one second evenly, got ${dt}s`, hint: 'e.g. 0.1 (100 ms), 0.05 or 1' });
    }
    if (!(durationSec > 0)) throw new InputError({ path: 'durationSec', message: `the duration must be positive, got ${durationSec}s`, hint: 'e.g. 1h' });
    if (!(params.burstSeconds > 0)) throw new InputError({ path: 'burstSeconds', message: `must be positive, got ${params.burstSeconds}`, hint: 'e.g. 1' });
    this.dt = dt;
    this.stepsPerSec = Math.round(perSec);
    this.steps = Math.ceil(durationSec * this.stepsPerSec - 1e-9);
    this.random = new Random(childSeed(input.seed, index));
    this.keySeed = childSeed(input.seed, 10_000 + index);
    this.mode = input.mode;

    const base = baseRecordsPerSec(stream);
    this.rate = buildRateModel(stream.traffic, base, new Random(childSeed(input.seed, 20_000 + index)), input.trace);

    this.initialShards =
      input.mode === 'on-demand'
        ? onDemandInitialShards(stream.onDemand?.previousPeak)
        : (input.shards ?? stream.shards ?? fallbackShards(stream));
    if (!Number.isInteger(this.initialShards) || this.initialShards < 1) {
      throw new InputError({ path: 'shards', message: `the shard count must be a whole number ≥ 1, got ${this.initialShards}` });
    }
    this.shards = this.initialShards;

    if (input.trace) {
      // CloudWatch counts Kinesis records: a trace is already aggregated.
      this.perKinesis = 1;
      this.kinesisBytes = stream.records.size + stream.partitionKeys.length;
    } else {
      const shape = kinesisRecordShape(stream, base / this.initialShards);
      this.perKinesis = shape.perKinesis;
      this.kinesisBytes = shape.bytes;
    }
    this.bytesFromTrace = input.trace?.hasBytes === true && input.trace.hasRecords;
    this.client = resolveClientModel(params.clientModel ?? stream.traffic?.client.model ?? 'auto', stream.producer.aggregation);
    this.isPutRecord = this.client === 'put-record-sdk' || this.client === 'put-record-sdk-2026';
    this.recordBytes = this.kinesisBytes;
    this.costBytes = this.byteCost(this.kinesisBytes);
    this.sdk = this.client === 'put-record-sdk' ? SDK_STANDARD : this.client === 'put-record-sdk-2026' ? SDK_STANDARD_2026 : undefined;
    this.quota = this.sdk ? new RetryQuota(this.sdk, stream.producer.instances) : undefined;
    this.kplTtlSteps = stream.producer.recordTtl / dt;
    this.kplDelaySec = kplRetryDelaySec(stream.producer.recordMaxBufferedTime);
    this.bufferRecords = stream.traffic?.client.bufferRecords ?? Number.POSITIVE_INFINITY;
    this.workers = stream.traffic?.client.workers ?? 0;
    this.roundTripSec = stream.traffic?.client.roundTrip ?? CLOSED_ROUND_TRIP_SEC;
    if (this.workers > 0 && this.client === 'kpl') {
      throw new InputError({
        path: `streams[${index}].traffic.client.workers`,
        message: 'a closed producer (workers) cannot use the KPL client, which runs its own connections and retries',
        hint: 'use client model put-records, put-record-sdk or none, or remove workers',
      });
    }
    if (this.workers > 0 && !(this.roundTripSec > 0)) {
      throw new InputError({ path: `streams[${index}].traffic.client.roundTrip`, message: `must be positive, got ${this.roundTripSec}s` });
    }
    this.readyAt = new Float64Array(this.workers);
    this.heap = Int32Array.from({ length: this.workers }, (_, w) => w);
    this.retryLists = Array.from({ length: this.workers }, () => []);
    this.flightEnds = new Float64Array(this.workers + 1);

    const large = stream.maxRecordSize > MAX_RECORD_BYTES_DEFAULT;
    this.bytesRule = params.writeBytesRule === 'auto' ? (large ? 'debt' : 'strict') : params.writeBytesRule;
    this.capR = SHARD_WRITE_RECORDS_PER_SEC * params.burstSeconds;
    this.capB = Math.max(
      SHARD_WRITE_BYTES_PER_SEC * params.burstSeconds,
      params.writeBytesRule === 'auto' && large ? MAX_RECORD_BYTES_LARGE : 0,
    );
    this.maxDebtB = this.bytesRule === 'debt' ? stream.maxRecordSize : 0;
    this.fixedWindow = params.enforcement === 'fixed-window';
    this.refillR = this.fixedWindow ? 0 : SHARD_WRITE_RECORDS_PER_SEC * dt;
    this.refillB = this.fixedWindow ? 0 : SHARD_WRITE_BYTES_PER_SEC * dt;
    this.windowR = SHARD_WRITE_RECORDS_PER_SEC;
    this.windowB = SHARD_WRITE_BYTES_PER_SEC;

    this.consumers = stream.consumers.map((c) => {
      const interval = c.type === 'lambda' ? (c.pollInterval ?? LAMBDA_POLL_INTERVAL_SEC) : (c.pollInterval ?? DEFAULT_POLL_INTERVAL_SEC);
      return { name: c.name, type: c.type, intervalSteps: Math.max(1, Math.round(interval / dt)) };
    });
    this.consumerStats = this.consumers.map((c) => ({
      name: c.name,
      type: c.type,
      getRecordsCalls: 0,
      readThrottledCalls: 0,
      recordsRead: 0,
      maxIteratorAgeMs: 0,
      isIteratorAgeCapped: false,
    }));

    const maxDelaySec = this.maxRetryDelaySec(stream);
    this.ringSize = Math.ceil(maxDelaySec / dt - 1e-9) + 2;
    this.calendar = Array.from({ length: this.ringSize }, () => []);
    this.scratch = new Float64Array(this.ringSize);
    this.normals = new Float64Array(1 << 16);
    for (let j = 0; j < this.normals.length; j++) this.normals[j] = this.random.normal();

    this.dropped = Object.fromEntries(DROP_CAUSES.map((c) => [c, 0])) as Record<DropCause, number>;
    this.latencyHist = new Float64Array(Math.min(this.steps, 1 << 21) + 1);

    this.minutes = Math.ceil(this.steps / (60 * this.stepsPerSec));
    const m = this.minutes;
    this.mOffered = new Float64Array(m);
    this.mAttempts = new Float64Array(m);
    this.mAccepted = new Float64Array(m);
    this.mAcceptedBytes = new Float64Array(m);
    this.mThrottled = new Float64Array(m);
    this.mReadThrottled = new Float64Array(m);
    this.mRetries = new Float64Array(m);
    this.mDropped = new Float64Array(m);
    this.mPeakAcc = new Float64Array(m);
    this.mPeakAtt = new Float64Array(m);
    this.mShards = new Float64Array(m);
    this.mLagMs = new Float64Array(m);
    this.mOfferedBytes = new Float64Array(m);

    this.verify = hooks.verifyWholeSeconds === true;
    this.wholeSeconds =
      hooks.wholeSeconds !== false &&
      (stream.traffic?.arrivals ?? 'poisson') === 'poisson' &&
      !this.fixedWindow &&
      this.bytesRule === 'strict' &&
      this.client !== 'kpl' &&
      this.quota === undefined &&
      !Number.isFinite(this.bufferRecords) &&
      this.consumers.length === 0 &&
      this.workers === 0 &&
      !this.bytesFromTrace &&
      !isBytesOnlyTrace(input.trace);
    this.wholeMaxMean = Math.min(
      WHOLE_SECOND_MAX_MEAN,
      WHOLE_SECOND_MEAN_FRACTION * Math.min(this.capR + this.refillR, (this.capB + this.refillB) / this.costBytes),
    );
    // quietSecond (5): with u·r_R ≤ r_B and u·(C_R + r_R) ≤ C_B + r_B (less a margin), the bytes deficit never exceeds
    // u times the records deficit, so the records test implies the bytes test.
    const u = this.costBytes;
    this.bytesFollow =
      u * this.refillR <= this.refillB && u * (this.capR + this.refillR) + BYTES_FOLLOW_MARGIN <= this.capB + this.refillB;
    this.probe.bytesFollow = this.wholeSeconds && this.bytesFollow;
    this.stepMeans = new Float64Array(this.stepsPerSec);
    this.prevStepMeans = new Float64Array(this.stepsPerSec);
    this.stepCum = new Float64Array(this.stepsPerSec + 1);
    this.prevStepCum = new Float64Array(this.stepsPerSec + 1);

    const maxWrite = stream.onDemand?.maxWriteThroughput ?? ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT;
    this.maxOnDemandShards = Math.max(this.initialShards, Math.floor(maxWrite / SHARD_WRITE_BYTES_PER_SEC));
    this.allocateShards(this.initialShards, undefined);
  }

  private byteCost(bytes: number): number {
    return this.isPutRecord ? Math.ceil(bytes / PUT_RECORD_BYTES_ROUNDING) * PUT_RECORD_BYTES_ROUNDING : bytes;
  }

  private maxRetryDelaySec(stream: Stream): number {
    switch (this.client) {
      case 'put-records':
        return stream.traffic?.client.maxDelay ?? 5;
      case 'put-record-sdk':
      case 'put-record-sdk-2026': {
        const s = this.client === 'put-record-sdk' ? SDK_STANDARD : SDK_STANDARD_2026;
        return sdkBackoffWindowMs(s, s.maxAttempts) / 1000;
      }
      case 'kpl':
        return kplRetryDelaySec(stream.producer.recordMaxBufferedTime);
      case 'none':
        return 0;
    }
  }

  /** Sets up `n` evenly split shards; with `factor`, each old shard i becomes children i·f … i·f + f − 1. */
  private allocateShards(n: number, factor: number | undefined): void {
    const old = factor
      ? {
          carry: this.carry,
          accCum: this.accCum,
          lagRing: this.lagRing,
          readCum: this.readCum,
          nextPoll: this.nextPoll,
          efoAllow: this.efoAllow,
          shards: this.shards,
        }
      : undefined;
    this.shards = n;
    this.share = shardLoadShares(this.stream.partitionKeys, n, this.keySeed);
    this.cumShare = new Float64Array(n);
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += this.share[i] ?? 0;
      this.cumShare[i] = acc;
    }
    this.tokR = new Float64Array(n).fill(this.fixedWindow ? this.windowR : this.capR);
    this.tokB = new Float64Array(n).fill(this.fixedWindow ? this.windowB : this.capB);
    this.mark = new Int32Array(n).fill(-1);
    this.carry = new Float64Array(n);
    // The KPL's limiter starts empty (limiter.h).
    this.kplR = new Float64Array(n);
    this.kplB = new Float64Array(n);
    this.kplMark = new Int32Array(n).fill(-1);
    this.attemptsS = new Float64Array(n);
    this.acceptedS = new Float64Array(n);
    this.throttledS = new Float64Array(n);
    this.wholeS = new Float64Array(n);
    this.batchCounts = new Float64Array(n);
    this.batchShards = new Int32Array(n);
    this.accCum = new Float64Array(n);
    this.lagRing = new Float64Array(LAG_WINDOW_SEC * n);
    this.readCallTok = new Float64Array(n).fill(SHARD_GET_RECORDS_CALLS_PER_SEC);
    this.readByteTok = new Float64Array(n).fill(SHARD_READ_BYTES_PER_SEC);
    this.readLast = new Int32Array(n).fill(this.step);
    const c = this.consumers.length;
    this.readCum = new Float64Array(c * n);
    this.nextPoll = new Float64Array(c * n);
    this.efoAllow = new Float64Array(c * n);
    const sps = this.stepsPerSec;
    this.retryDue = new Float64Array(n);
    this.lane = new Uint8Array(n);
    this.given = new Float64Array(this.wholeSeconds ? n * sps : 0);
    this.active = new Int32Array(n);
    for (let i = 0; i < n; i++) this.active[i] = i;
    this.activeCount = n;
    // New shards start with full buckets, so nothing is held.
    this.held = new Uint8Array(n);
    this.heldStartR = new Float64Array(this.wholeSeconds ? n : 0);
    this.heldStartB = new Float64Array(this.wholeSeconds ? n : 0);
    this.heldTotal = new Float64Array(this.wholeSeconds ? n : 0);
    this.heldBoundR = new Float64Array(this.wholeSeconds ? n : 0);
    this.heldBoundB = new Float64Array(this.wholeSeconds ? n : 0);
    this.blkCnt = new Float64Array(this.wholeSeconds ? n * sps : 0);
    this.blkEnd = new Int32Array(this.wholeSeconds ? n * sps : 0);
    this.heldMulti = new Uint8Array(this.wholeSeconds ? n : 0);
    this.exactStartR = new Float64Array(this.verify ? n : 0);
    this.exactStartB = new Float64Array(this.verify ? n : 0);
    this.usedBoundR = new Float64Array(this.verify ? n : 0);
    this.usedBoundB = new Float64Array(this.verify ? n : 0);
    if (!old || !factor) {
      // Stagger the first poll of each consumer on each shard over its interval.
      for (let j = 0; j < c; j++) {
        const interval = this.consumers[j]?.intervalSteps ?? 1;
        for (let i = 0; i < n; i++) this.nextPoll[j * n + i] = this.random.int(interval);
      }
      return;
    }
    // Children split the parent's unsent fractions and backlog evenly; consumers read the children from there.
    for (let p = 0; p < old.shards; p++) {
      for (let f = 0; f < factor; f++) {
        const ch = p * factor + f;
        this.carry[ch] = (old.carry[p] ?? 0) / factor;
        this.accCum[ch] = (old.accCum[p] ?? 0) / factor;
        for (let s = 0; s < LAG_WINDOW_SEC; s++) this.lagRing[s * n + ch] = (old.lagRing[s * old.shards + p] ?? 0) / factor;
        for (let j = 0; j < c; j++) {
          this.readCum[j * n + ch] = (old.readCum[j * old.shards + p] ?? 0) / factor;
          this.nextPoll[j * n + ch] = old.nextPoll[j * old.shards + p] ?? 0;
          this.efoAllow[j * n + ch] = (old.efoAllow[j * old.shards + p] ?? 0) / factor;
        }
      }
    }
    for (const list of this.retryLists) {
      for (let e = 0; e < list.length; e += 4) list[e] = (list[e] ?? 0) * factor + this.random.int(factor);
    }
    for (const slot of this.calendar) {
      for (let e = 0; e < slot.length; e += 4) {
        const ch = (slot[e] ?? 0) * factor + this.random.int(factor);
        slot[e] = ch;
        this.retryDue[ch] = (this.retryDue[ch] ?? 0) + (slot[e + 3] ?? 0);
      }
    }
  }

  run(): StreamSimResult {
    const sps = this.stepsPerSec;
    const stepsPerMinute = 60 * sps;
    const progressEvery = Math.max(1, Math.floor(this.steps / 100));
    const poisson = (this.stream.traffic?.arrivals ?? 'poisson') === 'poisson';
    const bytesOnly = isBytesOnlyTrace(this.input.trace);
    for (let k = 0; k < this.steps; k++) {
      this.step = k;
      const t = k * this.dt;
      if (this.pendingSplit && k >= this.pendingSplit.atStep) this.applySplit(t);
      if (this.fixedWindow && k % sps === 0) this.resetWindows();
      if (this.wholeSeconds && k % sps === 0) this.planSecond(k);
      if (this.bytesFromTrace) {
        const b = this.rate.traceRecordBytes(t);
        if (b !== undefined) {
          this.recordBytes = b;
          this.costBytes = this.byteCost(b);
        }
      }
      const pulse = Math.round(this.rate.pulseRecords(t, t + this.dt) / this.perKinesis);
      if (pulse > 0) {
        if (this.workers > 0) this.arriveClosed(pulse);
        else this.deliverPulse(pulse);
      }
      this.processCalendar(k);
      let perStep: number;
      if (this.wholeSeconds) perStep = this.stepMeans[k - this.secondStart] ?? 0;
      else {
        perStep = (this.rate.recordsPerSec(t) * this.dt) / this.perKinesis;
        if (bytesOnly) perStep /= this.recordBytes;
      }
      if (this.workers > 0) this.stepClosed(k, perStep, poisson);
      else this.deliverNew(k, perStep, poisson);
      if ((k + 1) % sps === 0 || k === this.steps - 1) this.endSecond(k);
      if ((k + 1) % stepsPerMinute === 0 || k === this.steps - 1) this.endMinute(k);
      if (this.input.onSteps && (k + 1) % progressEvery === 0) this.input.onSteps(k + 1);
    }
    if (this.verify) for (let i = 0; i < this.shards; i++) this.resolveHeld(i);
    if (this.hooks.probe) Object.assign(this.hooks.probe, this.probe);
    return this.result();
  }

  /**
   * Plans second [k, k + 1 s): the mean arrivals of its steps, then for each shard whether it is stepped (counts drawn
   * per step, as always), done whole (quietSecond), or stepped with counts split from a whole-second draw.
   */
  private planSecond(k: number): void {
    const sps = this.stepsPerSec;
    const n = this.shards;
    this.secondStart = k;
    const len = Math.min(sps, this.steps - k);
    const swap = this.prevStepMeans;
    this.prevStepMeans = this.stepMeans;
    this.stepMeans = swap;
    const swapCum = this.prevStepCum;
    this.prevStepCum = this.stepCum;
    this.stepCum = swapCum;
    let secondMean = 0;
    for (let j = 0; j < len; j++) {
      const m = (this.rate.recordsPerSec((k + j) * this.dt) * this.dt) / this.perKinesis;
      this.stepMeans[j] = m;
      this.stepCum[j] = secondMean;
      secondMean += m;
    }
    this.stepCum[len] = secondMean;
    const quiet =
      len === sps &&
      this.rate.pulseRecords(k * this.dt, (k + len) * this.dt) === 0 &&
      (this.pendingSplit === undefined || this.pendingSplit.atStep >= k + len);
    const lane = this.lane;
    const active = this.active;
    let count = 0;
    if (!quiet) {
      for (let i = 0; i < n; i++) {
        this.resolveHeld(i);
        lane[i] = STEPPED;
        active[count++] = i;
      }
      this.activeCount = count;
      return;
    }
    let whole = 0;
    const share = this.share;
    const retryDue = this.retryDue;
    const maxMean = this.wholeMaxMean;
    const levels = WHOLE_SECOND_PLAN_LEVELS;
    const perLevel = levels / maxMean;
    const G1 = WHOLE_SECOND_MAX_BLOCKS + 1;
    const ends = this.planEnds;
    const cum = this.stepCum;
    const cur = this.curCnt;
    const rnd = this.random;
    // For the inlined common case of quietSecond (bytes follow, the rule passes at once).
    const follow = this.bytesFollow;
    const verify = this.verify;
    const heldArr = this.held;
    const boundR = this.heldBoundR;
    const startR = this.heldStartR;
    const startB = this.heldStartB;
    const heldTotal = this.heldTotal;
    const heldMulti = this.heldMulti;
    const blkCnt = this.blkCnt;
    const blkEnd = this.blkEnd;
    const tokR = this.tokR;
    const tokB = this.tokB;
    const wholeS = this.wholeS;
    const capR = this.capR;
    const capB = this.capB;
    const rR = this.refillR;
    const secondRefillR = sps * rR;
    const limR = capR + rR - WHOLE_SECOND_SLACK_RECORDS;
    let inlined = 0;
    let inlinedMulti = 0;
    for (let i = 0; i < n; i++) {
      const sh = share[i] as number;
      const mean = secondMean * sh;
      if ((retryDue[i] as number) > 0 || !(mean < maxMean)) {
        this.resolveHeld(i);
        lane[i] = STEPPED;
        active[count++] = i;
        continue;
      }
      // The blocks this shard's second is drawn in (quietSecond (4)), from the level of its mean.
      let q = Math.floor(mean * perLevel);
      if (q >= levels) q = levels - 1;
      if (this.planStamp[q] !== k) this.planBlocks(q, k);
      const g = this.planG[q] as number;
      const at = q * G1;
      // The sum of the steps' independent Poisson counts over a block is Poisson with the block's summed mean.
      let s: number;
      if (g === 1) {
        s = mean > 0 ? rnd.poissonGrid(mean) : 0;
        cur[0] = s;
      } else {
        s = 0;
        for (let b = 0; b < g; b++) {
          const m = sh * ((cum[ends[at + b + 1] as number] as number) - (cum[ends[at + b] as number] as number));
          const x = m > 0 ? rnd.poissonGrid(m, b + 1) : 0;
          cur[b] = x;
          s += x;
        }
      }
      let pass = false;
      if (follow) {
        // quietSecond's rule for the records bucket alone (5): d follows the test (1) from the deficit at the start of
        // the second, e the bound (2) at its end from the start this held second would get (full if (3) holds).
        const isHeld = heldArr[i] === 1;
        let d = isHeld ? (boundR[i] as number) : capR - (tokR[i] as number);
        pass = !isHeld || d + s - secondRefillR < -WHOLE_SECOND_SLACK_RECORDS;
        let e = isHeld ? 0 : d;
        if (pass) {
          if (g === 1) {
            pass = d + s <= limR;
            const path = e + s - secondRefillR;
            const last = s - rR;
            e = path > last ? path : last;
          } else {
            for (let b = 0; b < g; b++) {
              const x = cur[b] as number;
              if (d + x > limR) {
                pass = false;
                break;
              }
              const refill = ((ends[at + b + 1] as number) - (ends[at + b] as number)) * rR;
              const last = x - rR;
              const path = d + x - refill;
              d = path > last ? path : last;
              if (d < 0) d = 0;
              const pathE = e + x - refill;
              e = pathE > last ? pathE : last;
              if (e < 0) e = 0;
            }
          }
        }
        if (pass) {
          if (verify) this.verifyHold(i, isHeld);
          heldArr[i] = 1;
          startR[i] = isHeld ? capR : (tokR[i] as number);
          startB[i] = isHeld ? capB : (tokB[i] as number);
          heldTotal[i] = s;
          boundR[i] = e > 0 ? e : 0;
          if (verify) this.noteBound(i, true);
          const base = i * sps;
          if (g === 1) {
            blkCnt[base] = s;
            blkEnd[base] = sps;
            heldMulti[i] = 0;
          } else {
            for (let b = 0; b < g; b++) {
              const a = ends[at + b] as number;
              blkCnt[base + a] = cur[b] as number;
              blkEnd[base + a] = ends[at + b + 1] as number;
            }
            heldMulti[i] = 1;
            inlinedMulti++;
          }
          inlined++;
        }
      }
      if (pass || this.quietSecond(i, s, at, g)) {
        lane[i] = WHOLE;
        if (s > 0) {
          whole += s;
          // Counted per shard once per second (attempts and accepted alike); accCum is read only by consumers, which
          // whole seconds exclude.
          wholeS[i] = (wholeS[i] as number) + s;
        }
        continue;
      }
      // Not provably quiet: step it, with the steps' counts drawn from their joint law given the blocks' totals.
      this.resolveHeld(i);
      for (let b = 0; b < g; b++) {
        this.splitCounts(cur[b] as number, this.stepMeans, ends[at + b] as number, ends[at + b + 1] as number, this.given, i * sps);
      }
      lane[i] = GIVEN;
      active[count++] = i;
    }
    this.activeCount = count;
    this.probe.wholeSeconds += inlined;
    this.probe.multiBlockSeconds += inlinedMulti;
    if (whole > 0) {
      // Accepted at their first attempt in the step they arrived: no added latency.
      const m = this.minute;
      const bytes = this.recordBytes;
      this.offered += whole;
      this.offeredBytes += whole * bytes;
      this.mOffered[m] = (this.mOffered[m] ?? 0) + whole;
      this.mOfferedBytes[m] = (this.mOfferedBytes[m] ?? 0) + whole * bytes;
      this.attempts += whole;
      this.mAttempts[m] = (this.mAttempts[m] ?? 0) + whole;
      this.secAtt += whole;
      this.accepted += whole;
      this.acceptedBytes += whole * bytes;
      this.mAccepted[m] = (this.mAccepted[m] ?? 0) + whole;
      this.mAcceptedBytes[m] = (this.mAcceptedBytes[m] ?? 0) + whole * bytes;
      this.secAcc += whole;
      this.latencyHist[0] = (this.latencyHist[0] ?? 0) + whole;
    }
  }

  /**
   * Whether shard i's second, with no retries due and its `s` new records drawn in the g blocks of the plan at `plan`
   * (counts in curCnt), can be done as one step; if so the second becomes the shard's held second. The rule, and why it
   * gives what stepping would:
   *
   * Stepping, a write bucket (records: unit u = 1, refill r = 1,000·Δ per step, depth C; bytes: u = cost per record,
   * r = 1 MiB·Δ, depth C_B) at level T_j ≤ C before step j refills to T_j + r, admits the step's c_j records iff
   * c_j·u ≤ T_j + r, and ends at min(C, T_j + r − c_j·u). With the deficit D_j = C − T_j ≥ 0 and all admitted:
   *   D_{j+1} = max(0, D_j + c_j·u − r)                                            (Lindley's recursion)
   *   D_j = max(D_0 + Σ_{i<j}(c_i·u − r),  max_{1≤l≤j} Σ_{l≤i<j}(c_i·u − r))      (0 for the empty sum)
   * (1) A block of steps [a, b) holding x records, entered with a deficit D_a ≤ d (d ≥ 0), admits all of them if
   *     d + x·u ≤ C + r: by the formula above started at a, for j in [a, b) D_j + c_j·u is at most
   *     D_a + Σ_{a≤i≤j} c_i·u − (j − a)·r or some Σ_{l≤i≤j} c_i·u − (j − l)·r with a < l ≤ j, each ≤ d + x·u. The block
   *     then leaves D_b ≤ max(0, d + x·u − (b − a)·r, x·u − r) (a window starting at a < l < b holds at most x
   *     records and has b − l ≥ 1 refills; l = b is the empty sum). The second's blocks are tested in turn, d starting
   *     at the deficit at the start of the second (exact, or the bound (2) of a held second) and following that bound;
   *     with one block the test is D_0 + s·u ≤ C + r. Both buckets are tested (but see (5)); a slack of 1e-6 records
   *     and 1e-3 bytes keeps the test far from the rounding of the levels (so stepping also admits: its floors add
   *     1e-9).
   * (2) Unrolled over the blocks [a_k, b_k) of a second of n steps, that bound on the level at the end is
   *       D_n ≤ max(0, D_0 + s·u − n·r, max_k (N_{a_k}·u − (n − b_k + 1)·r))
   *     with N_a the records from step a on; it is the exact Lindley value once the blocks are single steps. It is not
   *     "full" in general (all s records in the last step leave a deficit s·u − r), so the second is held: its blocks
   *     are kept, and split further by binomials only as far as a later test needs (refineHeld; (1) with the smaller
   *     bound is still sufficient), or fully when the shard is stepped again (resolveHeld).
   * (3) If the bound also gives D_0 + s·u − n·r < 0, the deficit reached 0 during the second (the first term of D_n is
   *     the path that never did), so D_n, and every later level, do not depend on D_0: the held second is then
   *     replayed from full buckets; otherwise the previous held second is resolved first and this one starts from the
   *     exact levels. Either way a held second depends on nothing before it that is still unknown.
   * (4) Blocks. A one-block second leaves the bound s·u − r, which near 600 records/s per shard makes the next
   *     second fail (1) or (3) until binomial splits lower it. So a second whose mean says this is likely is drawn in
   *     up to 4 blocks (planBlocks; the plan depends on the step means alone, never on draws), each block's count
   *     Poisson with the sum of its steps' means, independently of the others: the law of the sums of stepping's
   *     independent per-step counts over those blocks. Splits and tests then treat the blocks as in (1) and (2).
   * (5) When u·r_R + 1 ≤ r_B and u·(C_R + r_R) + 1 ≤ C_B + r_B (in bytes: small records, strict bytes rule, token
   *     bucket), the bytes deficit is at most u times the records deficit at every step, whatever is admitted: both
   *     buckets start full, every step takes the same a admitted records from both, and by induction
   *     D_B' = max(0, D_B + a·u − r_B) ≤ max(0, u·(D_R + a − r_R)) = u·D_R'. Then the records test of (1) implies the
   *     bytes test (D_B + x·u ≤ u·(d_R + x) ≤ u·(C_R + r_R) < C_B + r_B − 1e-3), and (3) for records implies (3) for
   *     bytes (D_B,0 + s·u − n·r_B ≤ u·(d_R + s − n·r_R) − n·1 < 0), so only the records bucket is tested
   *     (bytesFollow). The replay in resolveHeld still checks both.
   * Randomness: stepping draws each step's count, Poisson(m_j), independently. Here each block's total is drawn,
   * Poisson(Σ_block m_j), and any split of it later by binomials: given the total, the counts are multinomial with
   * probabilities m_j / Σ m, and splitting a block's count by Binomial(N, m_right / m_block) draws exactly that law,
   * whenever it is done (the counts do not depend on anything the buckets did). So a run is equal in distribution to
   * the stepped run, not draw-for-draw identical; and it is as deterministic (same seed, byte-identical results):
   * which seconds are done whole depends only on the seed and the input. Bucket levels match stepping in exact
   * arithmetic; in floating point a held second replayed from full (3) can differ from stepping in the last bits.
   */
  private quietSecond(i: number, s: number, plan: number, g: number): boolean {
    const sps = this.stepsPerSec;
    const cost = this.costBytes;
    const follow = this.bytesFollow;
    const rR = this.refillR;
    const rB = this.refillB;
    const limR = this.capR + rR - WHOLE_SECOND_SLACK_RECORDS;
    const limB = this.capB + rB - WHOLE_SECOND_SLACK_BYTES;
    for (;;) {
      const held = this.held[i] === 1;
      // The deficit at the start of this second: exact, or the bound (2) of the held second, kept when it was stored.
      let dR: number;
      let dB = 0;
      if (held) {
        dR = this.heldBoundR[i] as number;
        if (!follow) dB = this.heldBoundB[i] as number;
      } else {
        dR = this.capR - (this.tokR[i] as number);
        if (!follow) dB = this.capB - (this.tokB[i] as number);
      }
      const okR = g === 1 ? dR + s <= limR : this.blocksAdmit(dR, 1, rR, limR, plan, g);
      const okB = follow || (g === 1 ? dB + s * cost <= limB : this.blocksAdmit(dB, cost, rB, limB, plan, g));
      // Bucket by bucket: does the test fail (1), and does the held second still matter afterwards (3)?
      const needR = !okR || (held && dR + s - sps * rR >= -WHOLE_SECOND_SLACK_RECORDS);
      const needB = !follow && (!okB || (held && dB + s * cost - sps * rB >= -WHOLE_SECOND_SLACK_BYTES));
      if (!(needR || needB)) {
        // Passes (1), and either the previous second is exact or, by (3), this one can start from full buckets.
        const startR = held ? 0 : dR;
        const startB = held ? 0 : dB;
        if (this.verify) this.verifyHold(i, held);
        this.held[i] = 1;
        this.heldStartR[i] = held ? this.capR : (this.tokR[i] as number);
        this.heldStartB[i] = held ? this.capB : (this.tokB[i] as number);
        this.heldTotal[i] = s;
        const base = i * sps;
        if (g === 1) {
          this.blkCnt[base] = s;
          this.blkEnd[base] = sps;
          this.heldMulti[i] = 0;
          const pathR = startR + s - sps * rR;
          const lastR = s - rR;
          this.heldBoundR[i] = pathR > lastR ? (pathR > 0 ? pathR : 0) : lastR > 0 ? lastR : 0;
          if (!follow) this.heldBoundB[i] = Math.max(0, startB + s * cost - sps * rB, s * cost - rB);
        } else {
          const ends = this.planEnds;
          const cur = this.curCnt;
          for (let b = 0; b < g; b++) {
            const a = ends[plan + b] as number;
            this.blkCnt[base + a] = cur[b] as number;
            this.blkEnd[base + a] = ends[plan + b + 1] as number;
          }
          this.heldMulti[i] = 1;
          this.heldBoundR[i] = this.blocksBound(startR, 1, rR, plan, g);
          if (!follow) this.heldBoundB[i] = this.blocksBound(startB, cost, rB, plan, g);
          this.probe.multiBlockSeconds++;
        }
        if (this.verify) this.noteBound(i, true);
        this.probe.wholeSeconds++;
        return true;
      }
      if (!held) return false;
      // Learn more of the held second's split; once it is exact, compute its levels and test again with them.
      const refined = needR
        ? this.refineHeld(i, 1, rR, this.capR - (this.heldStartR[i] as number))
        : this.refineHeld(i, cost, rB, this.capB - (this.heldStartB[i] as number));
      if (!refined) this.resolveHeld(i);
      else {
        this.heldBoundR[i] = this.heldDeficit(i, 1, rR, this.capR - (this.heldStartR[i] as number));
        if (!follow) this.heldBoundB[i] = this.heldDeficit(i, cost, rB, this.capB - (this.heldStartB[i] as number));
        if (this.verify) this.noteBound(i, false);
      }
    }
  }

  /** The bound (2) at the end of this second's plan of blocks, from a deficit d at its start (unit u, refill r). */
  private blocksBound(d: number, u: number, r: number, plan: number, g: number): number {
    const ends = this.planEnds;
    const cur = this.curCnt;
    for (let b = 0; b < g; b++) {
      const x = (cur[b] as number) * u;
      const path = d + x - ((ends[plan + b + 1] as number) - (ends[plan + b] as number)) * r;
      const last = x - r;
      d = path > last ? path : last;
      if (d < 0) d = 0;
    }
    return d;
  }

  /** Test (1) over the blocks of this second's plan, from a deficit bound d at its start (unit u, refill r per step). */
  private blocksAdmit(d: number, u: number, r: number, lim: number, plan: number, g: number): boolean {
    const ends = this.planEnds;
    const cur = this.curCnt;
    for (let b = 0; b < g; b++) {
      const x = (cur[b] as number) * u;
      if (d + x > lim) return false;
      const path = d + x - ((ends[plan + b + 1] as number) - (ends[plan + b] as number)) * r;
      const last = x - r;
      d = path > last ? path : last;
      if (d < 0) d = 0;
    }
    return true;
  }

  /**
   * The blocks in which a shard-second whose mean is in level q is drawn (quietSecond (4)), for second k. Taking the
   * level's highest mean μ, the target is the deficit bound at the end of the second under which the next second,
   * of about the same mean, passes (1) as one block and (3), less a margin of 2.5 standard deviations of its count:
   * min(n·r, C + r) − (μ + 2.5·√μ)·u. From the end of the second, each block [a, b) is made as long as keeps its
   * expected term of (2), E[N_a]·u − (n − b + 1)·r, within the target, in both buckets unless bytes follow (5); at
   * most 4 blocks, the first taking what is left. One block when the target allows it.
   */
  private planBlocks(q: number, k: number): void {
    const sps = this.stepsPerSec;
    const G = WHOLE_SECOND_MAX_BLOCKS;
    const cum = this.stepCum;
    const total = cum[sps] as number;
    const mu = ((q + 1) * this.wholeMaxMean) / WHOLE_SECOND_PLAN_LEVELS;
    const scale = total > 0 ? mu / total : 0;
    const high = mu + WHOLE_SECOND_PLAN_MARGIN_SD * Math.sqrt(mu);
    const rR = this.refillR;
    const rB = this.refillB;
    const u = this.costBytes;
    const follow = this.bytesFollow;
    const targetR = Math.min(sps * rR, this.capR + rR) - high;
    const targetB = Math.min(sps * rB, this.capB + rB) - high * u;
    // Block starts from the end of the second: starts[0] = n, then a_last, …
    const starts = this.planScratch;
    let nb = 0;
    let b = sps;
    starts[0] = sps;
    while (b > 0 && nb < G - 1) {
      const tail = sps - b + 1;
      let a = b - 1;
      while (a > 0) {
        const e = (total - (cum[a - 1] as number)) * scale;
        if (e - tail * rR > targetR || (!follow && e * u - tail * rB > targetB)) break;
        a--;
      }
      starts[++nb] = a;
      b = a;
    }
    if (b > 0) starts[++nb] = 0;
    const at = q * (G + 1);
    for (let x = 0; x <= nb; x++) this.planEnds[at + x] = starts[nb - x] as number;
    this.planG[q] = nb;
    this.planStamp[q] = k;
  }

  /** Upper bound of the deficit (unit u, refill r per step) at the end of shard i's held second; see quietSecond (2). */
  private heldDeficit(i: number, u: number, r: number, startDeficit: number): number {
    const sps = this.stepsPerSec;
    const base = i * sps;
    const cnt = this.blkCnt;
    const end = this.blkEnd;
    const total = this.heldTotal[i] as number;
    let best = startDeficit + total * u - sps * r;
    if (best < 0) best = 0;
    let from = total;
    for (let a = 0; a < sps; ) {
      const b = end[base + a] as number;
      const term = from * u - (sps - b + 1) * r;
      if (term > best) best = term;
      from -= cnt[base + a] as number;
      a = b;
    }
    return best;
  }

  /**
   * Splits the block of shard i's held second with the largest bound term in two; false when the bound is already
   * attained by an exact term (a single step, or the start), so refining cannot lower it.
   */
  private refineHeld(i: number, u: number, r: number, startDeficit: number): boolean {
    const sps = this.stepsPerSec;
    const base = i * sps;
    const cnt = this.blkCnt;
    const end = this.blkEnd;
    const total = this.heldTotal[i] as number;
    let exact = Math.max(0, startDeficit + total * u - sps * r);
    let loose = Number.NEGATIVE_INFINITY;
    let at = -1;
    let fromAt = 0;
    let from = total;
    for (let a = 0; a < sps; ) {
      const b = end[base + a] as number;
      const term = from * u - (sps - b + 1) * r;
      if (b - a === 1) {
        if (term > exact) exact = term;
      } else if (term > loose) {
        loose = term;
        at = a;
        fromAt = from;
      }
      from -= cnt[base + a] as number;
      a = b;
    }
    if (at < 0 || loose <= exact) return false;
    this.probe.refinements++;
    const b = end[base + at] as number;
    const cum = this.prevStepCum;
    const n = cnt[base + at] as number;
    const origin = cum[at] as number;
    const whole = (cum[b] as number) - origin;
    // Split where the larger of the two new terms is expected to be smallest: the first part's term grows with the
    // split point (its records may all come at its end), the second part's shrinks (it expects fewer records).
    let mid = (at + b) >> 1;
    let best = Number.POSITIVE_INFINITY;
    const perMean = whole > 0 ? (n * u) / whole : 0;
    const fromU = fromAt * u;
    const tailRefill = (sps - b + 1) * r;
    for (let m = at + 1; m < b; m++) {
      const first = fromU - (sps - m + 1) * r;
      const second = fromU - perMean * ((cum[m] as number) - origin) - tailRefill;
      const worst = first > second ? first : second;
      if (worst < best) {
        best = worst;
        mid = m;
      }
    }
    const right = (cum[b] as number) - (cum[mid] as number);
    const inRight = n > 0 && right > 0 ? this.random.binomial(n, whole > right ? right / whole : 1) : 0;
    cnt[base + at] = n - inRight;
    end[base + at] = mid;
    cnt[base + mid] = inRight;
    end[base + mid] = b;
    return true;
  }

  /** Computes the bucket levels at the end of shard i's held second: its blocks split into steps, then replayed. */
  private resolveHeld(i: number): void {
    if (this.held[i] !== 1) return;
    this.held[i] = 0;
    this.probe.resolved++;
    if (this.heldMulti[i] === 1) this.probe.resolvedMultiBlock++;
    this.splitHeld(i);
    if (this.verify) {
      // The replay from the true start levels must admit everything, and end where the engine's replay ends.
      this.replayHeld(i, this.exactStartR[i] as number, this.exactStartB[i] as number, true);
      this.checkBound(i);
      const r = this.replayR;
      const b = this.replayB;
      this.replayHeld(i, this.heldStartR[i] as number, this.heldStartB[i] as number, false);
      if (Math.abs(r - this.replayR) > WHOLE_SECOND_SLACK_RECORDS || Math.abs(b - this.replayB) > WHOLE_SECOND_SLACK_BYTES) {
        throw new InternalError(`the held second of shard ${i} ends at ${this.replayR}, ${this.replayB}; from its true start at ${r}, ${b}`);
      }
    } else {
      this.replayHeld(i, this.heldStartR[i] as number, this.heldStartB[i] as number, true);
    }
    this.tokR[i] = this.replayR;
    this.tokB[i] = this.replayB;
  }

  /** Splits the blocks of shard i's held second into single steps. */
  private splitHeld(i: number): void {
    const sps = this.stepsPerSec;
    const base = i * sps;
    const cnt = this.blkCnt;
    for (let a = 0; a < sps; ) {
      const b = this.blkEnd[base + a] as number;
      if (b - a > 1) {
        this.splitCounts(cnt[base + a] as number, this.prevStepMeans, a, b, cnt, base);
        for (let j = a; j < b; j++) this.blkEnd[base + j] = j + 1;
      }
      a = b;
    }
  }

  /**
   * Replays shard i's held second, split into steps, from levels (r, b) with the arithmetic of deliverNew(), all
   * admitted (quietSecond (1)); with `check`, throws if a step would not admit its records, as a guard on the proof.
   * Leaves the levels at the end in replayR, replayB.
   */
  private replayHeld(i: number, startR: number, startB: number, check: boolean): void {
    const sps = this.stepsPerSec;
    const base = i * sps;
    const cnt = this.blkCnt;
    const cost = this.costBytes;
    const minB = -this.maxDebtB;
    let tr = startR;
    let tb = startB;
    for (let j = 0; j < sps; j++) {
      const c = cnt[base + j] as number;
      tr += this.refillR;
      tb += this.refillB;
      if (c > 0) {
        const byRecords = tr >= 1 ? Math.floor(tr + 1e-9) : 0;
        const byBytes = tb >= cost ? Math.floor(tb / cost + 1e-9) : 0;
        if (check && (byRecords < c || byBytes < c)) throw new InternalError(`a whole second of shard ${i} would have been throttled`);
        const nb = tb - c * cost;
        tr = tr - c > this.capR ? this.capR : tr - c;
        tb = nb < minB ? minB : nb > this.capB ? this.capB : nb;
      } else {
        if (tr > this.capR) tr = this.capR;
        if (tb > this.capB) tb = this.capB;
      }
    }
    this.replayR = tr;
    this.replayB = tb;
  }

  /** Verification: keeps the smallest bounds the engine has used for shard i's held second (`fresh`: a new one). */
  private noteBound(i: number, fresh: boolean): void {
    const r = this.heldBoundR[i] as number;
    const b = this.bytesFollow ? Number.POSITIVE_INFINITY : (this.heldBoundB[i] as number);
    this.usedBoundR[i] = fresh ? r : Math.min(r, this.usedBoundR[i] as number);
    this.usedBoundB[i] = fresh ? b : Math.min(b, this.usedBoundB[i] as number);
  }

  /**
   * Verification, after shard i's held second was replayed from its true start (levels in replayR, replayB): the true
   * deficits are within the bounds the engine used, (2), and with bytes following, the bytes deficit is within u
   * times the records deficit, (5).
   */
  private checkBound(i: number): void {
    const dR = this.capR - this.replayR;
    const dB = this.capB - this.replayB;
    const boundB = this.bytesFollow ? this.costBytes * dR : (this.usedBoundB[i] as number);
    if (dR > (this.usedBoundR[i] as number) + WHOLE_SECOND_SLACK_RECORDS || dB > boundB + WHOLE_SECOND_SLACK_BYTES) {
      throw new InternalError(
        `the held second of shard ${i} ends with deficits ${dR}, ${dB} above the bounds ${this.usedBoundR[i]}, ${boundB}`,
      );
    }
  }

  /**
   * Verification (EngineTestHooks.verifyWholeSeconds), before shard i holds a new second: the true levels at its start,
   * the previous held second replayed (and checked) from its own true start when there was one.
   */
  private verifyHold(i: number, wasHeld: boolean): void {
    if (!wasHeld) {
      this.exactStartR[i] = this.tokR[i] as number;
      this.exactStartB[i] = this.tokB[i] as number;
      return;
    }
    this.probe.verifiedChained++;
    this.splitHeld(i);
    this.replayHeld(i, this.exactStartR[i] as number, this.exactStartB[i] as number, true);
    this.checkBound(i);
    this.exactStartR[i] = this.replayR;
    this.exactStartB[i] = this.replayB;
  }

  /**
   * Splits `total` records over steps [a, b) in proportion to `means`, exactly as independent Poisson counts given
   * their sum: the last step takes Binomial(rest, m_j / Σ_{a≤l≤j} m_l), and so on down. Writes out[at + j].
   */
  private splitCounts(total: number, means: Float64Array, a: number, b: number, out: Float64Array, at: number): void {
    let sum = 0;
    for (let j = a; j < b; j++) sum += means[j] as number;
    let rest = total;
    for (let j = b - 1; j > a; j--) {
      const m = means[j] as number;
      const c = rest > 0 && m > 0 ? this.random.binomial(rest, sum > m ? m / sum : 1) : 0;
      out[at + j] = c;
      rest -= c;
      sum -= m;
    }
    out[at + a] = rest;
  }

  private resetWindows(): void {
    const n = this.shards;
    for (let i = 0; i < n; i++) {
      this.tokR[i] = this.windowR;
      const b = this.tokB[i] ?? 0;
      this.tokB[i] = b < 0 ? Math.min(this.windowB, b + this.windowB) : this.windowB;
    }
  }

  private refill(i: number, k: number): void {
    if (this.mark[i] === k) return;
    this.mark[i] = k;
    this.tokR[i] = (this.tokR[i] ?? 0) + this.refillR;
    this.tokB[i] = (this.tokB[i] ?? 0) + this.refillB;
  }

  private kplLimit(i: number, k: number, count: number): number {
    if (this.kplMark[i] !== k) {
      const p = this.stream.producer;
      const inst = p.instances;
      const elapsed = this.kplMark[i] === -1 ? this.dt : (k - (this.kplMark[i] ?? 0)) * this.dt;
      this.kplMark[i] = k;
      this.kplR[i] = Math.min(KPL_LIMITER_MAX_RECORDS * inst, (this.kplR[i] ?? 0) + SHARD_WRITE_RECORDS_PER_SEC * p.rateLimit * inst * elapsed);
      this.kplB[i] = Math.min(KPL_LIMITER_MAX_BYTES * inst, (this.kplB[i] ?? 0) + SHARD_WRITE_BYTES_PER_SEC * p.rateLimit * inst * elapsed);
    }
    const n = Math.min(count, admissibleCount(this.kplR[i] ?? 0, 1, 'strict'), admissibleCount(this.kplB[i] ?? 0, this.recordBytes, 'strict'));
    this.kplR[i] = (this.kplR[i] ?? 0) - n;
    this.kplB[i] = (this.kplB[i] ?? 0) - n * this.recordBytes;
    return n;
  }

  /** Sends `count` records to shard i; the server admits what its buckets allow; the client handles the rest. */
  private send(i: number, first: number, tries: number, count: number): void {
    const rejected = this.admit(i, first, tries, count);
    if (rejected > 0) this.onThrottled(i, first, tries + 1, rejected);
  }

  /**
   * Offers `count` records of shard i (first offered at step `first`, `tries` attempts before this one) to its buckets
   * and counts the outcome; returns how many were throttled.
   */
  private admit(i: number, first: number, tries: number, count: number): number {
    if (count <= 0) return 0;
    const k = this.step;
    const cost = this.costBytes;
    const tr = this.tokR[i] ?? 0;
    const tb = this.tokB[i] ?? 0;
    let a = tr >= 1 ? Math.floor(tr + 1e-9) : 0;
    if (a > count) a = count;
    if (a > 0) {
      const byBytes = admissibleCount(tb, cost, this.bytesRule);
      if (byBytes < a) a = byBytes;
    }
    this.tokR[i] = tr - a;
    const nb = tb - a * cost;
    this.tokB[i] = nb < -this.maxDebtB ? -this.maxDebtB : nb;
    const m = this.minute;
    this.attempts += count;
    this.mAttempts[m] = (this.mAttempts[m] ?? 0) + count;
    this.secAtt += count;
    this.attemptsS[i] = (this.attemptsS[i] ?? 0) + count;
    if (tries > 0) {
      this.retries += count;
      this.mRetries[m] = (this.mRetries[m] ?? 0) + count;
    }
    if (a > 0) {
      this.accepted += a;
      this.acceptedBytes += a * this.recordBytes;
      this.mAccepted[m] = (this.mAccepted[m] ?? 0) + a;
      this.mAcceptedBytes[m] = (this.mAcceptedBytes[m] ?? 0) + a * this.recordBytes;
      this.secAcc += a;
      this.acceptedS[i] = (this.acceptedS[i] ?? 0) + a;
      this.accCum[i] = (this.accCum[i] ?? 0) + a;
      const wait = k - first;
      const bin = wait < this.latencyHist.length - 1 ? wait : this.latencyHist.length - 1;
      this.latencyHist[bin] = (this.latencyHist[bin] ?? 0) + a;
      if (wait > this.maxLatencySteps) this.maxLatencySteps = wait;
      if (this.quota) {
        if (tries === 0) this.sdkFirstTry += a;
        else this.sdkAfterRetry += a;
      }
    }
    const rejected = count - a;
    if (rejected > 0) {
      this.throttled += rejected;
      this.mThrottled[m] = (this.mThrottled[m] ?? 0) + rejected;
      this.throttledS[i] = (this.throttledS[i] ?? 0) + rejected;
    }
    return rejected;
  }

  private drop(cause: DropCause, count: number): void {
    this.dropped[cause] += count;
    this.mDropped[this.minute] = (this.mDropped[this.minute] ?? 0) + count;
  }

  /** What the client does with `count` records of shard i just throttled on their `tries`-th attempt. */
  private onThrottled(i: number, first: number, tries: number, count: number): void {
    switch (this.client) {
      case 'none':
        this.drop('not-retried', count);
        return;
      case 'put-records': {
        const c = this.stream.traffic?.client;
        const maxRetries = c?.maxRetries ?? 5;
        if (tries - 1 >= maxRetries) {
          this.drop('app-retries-exhausted', count);
          return;
        }
        const w = appRetryWindowSec(c?.policy ?? 'exp-jitter', tries - 1, c?.baseDelay ?? 0.1, c?.maxDelay ?? 5);
        if ('fixedSec' in w) this.scheduleFixed(i, first, tries, count, w.fixedSec);
        else this.scheduleJitter(i, first, tries, count, w.jitterSec);
        return;
      }
      case 'put-record-sdk':
      case 'put-record-sdk-2026': {
        const sdk = this.sdk as SdkRetrySettings;
        if (tries >= sdk.maxAttempts) {
          this.drop('sdk-attempts-exhausted', count);
          return;
        }
        const paid = (this.quota as RetryQuota).acquire(count);
        if (paid < count) this.drop('retry-quota-exhausted', count - paid);
        this.scheduleJitter(i, first, tries, paid, sdkBackoffWindowMs(sdk, tries - 1) / 1000);
        return;
      }
      case 'kpl':
        this.scheduleFixed(i, first, tries, count, this.kplDelaySec);
        return;
    }
  }

  private push(d: number, i: number, first: number, tries: number, count: number): void {
    if (count <= 0) return;
    const steps = d < 1 ? 1 : d >= this.ringSize ? this.ringSize - 1 : d;
    const slot = this.calendar[(this.step + steps) % this.ringSize] as number[];
    slot.push(i, first, tries, count);
    this.pending += count;
    this.retryDue[i] = (this.retryDue[i] ?? 0) + count;
  }

  private scheduleFixed(i: number, first: number, tries: number, count: number, delaySec: number): void {
    this.push(Math.ceil(delaySec / this.dt - 1e-9), i, first, tries, count);
  }

  /** Full jitter: each record waits U·w; a record drawn into (j−1)Δ, jΔ] is retried j steps later. */
  private scheduleJitter(i: number, first: number, tries: number, count: number, windowSec: number): void {
    if (count <= 0) return;
    const m = Math.min(this.ringSize - 1, Math.max(1, Math.ceil(windowSec / this.dt - 1e-9)));
    if (m === 1) {
      this.push(1, i, first, tries, count);
      return;
    }
    const sc = this.scratch;
    if (count <= 4 * m) {
      for (let r = 0; r < count; r++) {
        const j = Math.max(1, Math.min(m, Math.ceil((this.random.next() * windowSec) / this.dt)));
        sc[j] = (sc[j] ?? 0) + 1;
      }
    } else {
      // Systematic sampling of the uniform delay: exact total, each slot within one record of its expectation.
      const u = this.random.next();
      let prev = 0;
      for (let j = 1; j <= m; j++) {
        const cum = Math.floor((count * Math.min(j * this.dt, windowSec)) / windowSec + u);
        sc[j] = cum - prev;
        prev = cum;
      }
      sc[m] = (sc[m] ?? 0) + (count - prev);
    }
    for (let j = 1; j <= m; j++) {
      const c = sc[j] ?? 0;
      if (c > 0) this.push(j, i, first, tries, c);
      sc[j] = 0;
    }
  }

  private processCalendar(k: number): void {
    const slot = this.calendar[k % this.ringSize] as number[];
    if (slot.length === 0) return;
    const entries = slot.splice(0, slot.length);
    const isKpl = this.client === 'kpl';
    for (let e = 0; e < entries.length; e += 4) {
      const i = entries[e] as number;
      const first = entries[e + 1] as number;
      const tries = entries[e + 2] as number;
      let count = entries[e + 3] as number;
      this.pending -= count;
      this.retryDue[i] = (this.retryDue[i] ?? 0) - count;
      this.refill(i, k);
      if (isKpl) {
        if (k - first > this.kplTtlSteps + 1e-9) {
          this.drop('ttl-expired', count);
          continue;
        }
        const sendable = this.kplLimit(i, k, count);
        this.push(1, i, first, tries, count - sendable);
        count = sendable;
      }
      this.send(i, first, tries, count);
    }
  }

  /**
   * One step of a closed producer (traffic.client.workers = N). New records join the buffer in arrival order; their
   * shards are drawn only when a worker takes them, which is the same law as drawing them on arrival (each record's
   * key, hence shard, is independent of when it arrived and of everything the buckets did). Then every worker whose
   * next request falls in this step sends it, in time order: its throttled entries if it has any (after their
   * backoff), else the oldest records, up to 500 records and 10 MiB (PutRecords) or one (PutRecord). Each request is
   * admitted against this step's buckets like any send, its response comes one round trip later, and the worker
   * waits that round trip (plus the client's backoff when entries failed) before its next request. So a worker never
   * has two requests in flight, and with round trip R it starts at most one request every R seconds.
   */
  private stepClosed(k: number, perStep: number, poisson: boolean): void {
    const n = this.shards;
    const mean = perStep * (this.cumShare[n - 1] ?? 1);
    let c: number;
    if (poisson) c = mean > 0 ? this.random.poissonFast(mean) : 0;
    else {
      const x = this.closedCarry + mean;
      c = Math.floor(x + 1e-9);
      this.closedCarry = x - c;
    }
    if (c > 0) this.arriveClosed(c);
    this.runWorkers(k);
    if (this.buffered > this.maxBuffered) this.maxBuffered = this.buffered;
    // Every shard's buckets refill each step and are capped, as in deliverNewGeneral().
    const hasConsumers = this.consumers.length > 0;
    for (let i = 0; i < n; i++) {
      this.refill(i, k);
      if (!this.fixedWindow) {
        if ((this.tokR[i] as number) > this.capR) this.tokR[i] = this.capR;
        if ((this.tokB[i] as number) > this.capB) this.tokB[i] = this.capB;
      }
      if (hasConsumers) this.consume(i, k);
    }
    if (this.quota && (this.sdkFirstTry > 0 || this.sdkAfterRetry > 0)) {
      this.quota.release(this.sdkFirstTry, this.sdkAfterRetry);
      this.sdkFirstTry = 0;
      this.sdkAfterRetry = 0;
    }
  }

  /** New records of a closed producer: into the buffer, or dropped when it is full. */
  private arriveClosed(count: number): void {
    const m = this.minute;
    this.offered += count;
    this.offeredBytes += count * this.recordBytes;
    this.mOffered[m] = (this.mOffered[m] ?? 0) + count;
    this.mOfferedBytes[m] = (this.mOfferedBytes[m] ?? 0) + count * this.recordBytes;
    let kept = count;
    if (this.pending + kept > this.bufferRecords) {
      kept = Math.max(0, this.bufferRecords - this.pending);
      this.drop('buffer-overflow', count - kept);
    }
    if (kept <= 0) return;
    const last = this.buffer.length - 2;
    if (last >= this.bufferHead && this.buffer[last] === this.step) this.buffer[last + 1] = (this.buffer[last + 1] ?? 0) + kept;
    else this.buffer.push(this.step, kept);
    this.buffered += kept;
    this.pending += kept;
  }

  /** The requests of step k, worker by worker in the order they are ready. */
  private runWorkers(k: number): void {
    const start = k * this.dt;
    const end = (k + 1) * this.dt - 1e-9;
    const heap = this.heap;
    for (;;) {
      const w = heap[0] as number;
      const ready = this.readyAt[w] as number;
      if (ready >= end) return;
      const t = ready > start ? ready : start;
      const list = this.retryLists[w] as number[];
      if (list.length > 0) this.resendEntries(w, t);
      else if (this.buffered > 0) this.sendBatch(w, t);
      // Idle: nothing to send before the next step's arrivals.
      else this.readyAt[w] = end + 1e-9;
      this.siftDown();
    }
  }

  /** The most records a request carries: one for PutRecord clients, else PutRecords' 500 records and 10 MiB. */
  private maxRequestRecords(): number {
    if (this.isPutRecord) return 1;
    return Math.max(1, Math.min(PUT_RECORDS_MAX_RECORDS, Math.floor(PUT_RECORDS_MAX_BYTES / this.recordBytes)));
  }

  /** Worker w takes the oldest buffered records and sends them as one request at time t. */
  private sendBatch(w: number, t: number): void {
    this.startRequest(t);
    const list = this.retryLists[w] as number[];
    let want = Math.min(this.maxRequestRecords(), this.buffered);
    while (want > 0) {
      const first = this.buffer[this.bufferHead] as number;
      const avail = this.buffer[this.bufferHead + 1] as number;
      const take = avail < want ? avail : want;
      if (take === avail) this.bufferHead += 2;
      else this.buffer[this.bufferHead + 1] = avail - take;
      this.buffered -= take;
      this.pending -= take;
      want -= take;
      // Entries in request order: this segment's records, shard by shard (admission is first come, first served per
      // shard, and shards do not interact).
      const touched = this.assignShards(take);
      for (let x = 0; x < touched; x++) {
        const i = this.batchShards[x] as number;
        const cnt = this.batchCounts[i] as number;
        this.batchCounts[i] = 0;
        this.refill(i, this.step);
        const rejected = this.admit(i, first, 0, cnt);
        if (rejected > 0) list.push(i, first, 1, rejected);
      }
    }
    if (this.bufferHead > 4096 && this.bufferHead * 2 > this.buffer.length) {
      this.buffer = this.buffer.slice(this.bufferHead);
      this.bufferHead = 0;
    }
    this.afterResponse(w, t, list);
  }

  /** Worker w resends its throttled entries as one request at time t. */
  private resendEntries(w: number, t: number): void {
    this.startRequest(t);
    const list = this.retryLists[w] as number[];
    const next = this.spareList;
    next.length = 0;
    for (let e = 0; e < list.length; e += 4) {
      const i = list[e] as number;
      const first = list[e + 1] as number;
      const tries = list[e + 2] as number;
      const cnt = list[e + 3] as number;
      this.pending -= cnt;
      this.refill(i, this.step);
      const rejected = this.admit(i, first, tries, cnt);
      if (rejected > 0) next.push(i, first, tries + 1, rejected);
    }
    list.length = 0;
    this.spareList = list;
    this.retryLists[w] = next;
    this.afterResponse(w, t, next);
  }

  /**
   * The response to worker w's request sent at t: its throttled entries (all with the same number of attempts) are
   * kept for a resend or dropped as the client model says, and the worker's next request waits one round trip plus
   * the backoff.
   */
  private afterResponse(w: number, t: number, list: number[]): void {
    let delaySec = 0;
    if (list.length > 0) {
      const tries = list[2] as number;
      let total = 0;
      for (let e = 3; e < list.length; e += 4) total += list[e] as number;
      let cause: DropCause | undefined;
      switch (this.client) {
        case 'none':
          cause = 'not-retried';
          break;
        case 'put-records': {
          const c = this.stream.traffic?.client;
          if (tries - 1 >= (c?.maxRetries ?? 5)) cause = 'app-retries-exhausted';
          else {
            const win = appRetryWindowSec(c?.policy ?? 'exp-jitter', tries - 1, c?.baseDelay ?? 0.1, c?.maxDelay ?? 5);
            delaySec = 'fixedSec' in win ? win.fixedSec : this.random.next() * win.jitterSec;
          }
          break;
        }
        case 'put-record-sdk':
        case 'put-record-sdk-2026': {
          // One record a request: the SDK retries it inside the call, paying the retry quota.
          const sdk = this.sdk as SdkRetrySettings;
          if (tries >= sdk.maxAttempts) cause = 'sdk-attempts-exhausted';
          else if ((this.quota as RetryQuota).acquire(total) < total) cause = 'retry-quota-exhausted';
          else delaySec = (this.random.next() * sdkBackoffWindowMs(sdk, tries - 1)) / 1000;
          break;
        }
        case 'kpl':
          throw new InternalError('closed producers do not use the KPL');
      }
      if (cause) {
        this.drop(cause, total);
        list.length = 0;
      } else this.pending += total;
    }
    this.readyAt[w] = t + this.roundTripSec + delaySec;
  }

  /** Counts a request sent at t and how many are in flight then (each lasts one round trip). */
  private startRequest(t: number): void {
    this.requests++;
    const ends = this.flightEnds;
    const size = ends.length;
    while (this.flightSize > 0 && (ends[this.flightHead] as number) <= t + 1e-12) {
      this.flightHead = (this.flightHead + 1) % size;
      this.flightSize--;
    }
    if (this.flightSize >= this.workers) throw new InternalError('a worker sent a request before the response to its last one');
    ends[(this.flightHead + this.flightSize) % size] = t + this.roundTripSec;
    this.flightSize++;
    if (this.flightSize > this.maxInFlight) this.maxInFlight = this.flightSize;
  }

  /**
   * Draws the shards of `count` records (each independently by the key shares), into batchCounts; the shards touched
   * are listed in batchShards, in the order first drawn. Returns how many.
   */
  private assignShards(count: number): number {
    const n = this.shards;
    const counts = this.batchCounts;
    const order = this.batchShards;
    if (n === 1) {
      counts[0] = count;
      order[0] = 0;
      return 1;
    }
    let touched = 0;
    if (count <= 2 * n) {
      for (let r = 0; r < count; r++) {
        const i = this.pickShard(this.random.next());
        if (counts[i] === 0) order[touched++] = i;
        counts[i] = (counts[i] as number) + 1;
      }
      return touched;
    }
    // Many records: the multinomial split shard by shard, each a binomial of what is left.
    let rest = count;
    let restShare = this.cumShare[n - 1] ?? 1;
    for (let i = 0; i < n && rest > 0; i++) {
      const sh = this.share[i] as number;
      const c = i === n - 1 || sh >= restShare ? rest : this.random.binomial(rest, sh / restShare);
      restShare -= sh;
      if (c > 0) {
        counts[i] = c;
        order[touched++] = i;
        rest -= c;
      }
    }
    return touched;
  }

  /** Restores the heap after the readyAt of its top worker grew (ties go to the lower worker number). */
  private siftDown(): void {
    const heap = this.heap;
    const key = this.readyAt;
    const before = (a: number, b: number) => (key[a] as number) < (key[b] as number) || ((key[a] as number) === (key[b] as number) && a < b);
    const size = heap.length;
    const w = heap[0] as number;
    let at = 0;
    for (;;) {
      const l = 2 * at + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && before(heap[r] as number, heap[l] as number) ? r : l;
      const wc = heap[c] as number;
      if (!before(wc, w)) break;
      heap[at] = wc;
      at = c;
    }
    heap[at] = w;
  }

  private deliverPulse(records: number): void {
    // The pulse arrives at the start of the step: before this step's refill.
    const n = this.shards;
    const counts = new Float64Array(n);
    if (records <= 1_000_000) {
      for (let r = 0; r < records; r++) {
        const i = this.pickShard(this.random.next());
        counts[i] = (counts[i] ?? 0) + 1;
      }
    } else {
      let prev = 0;
      for (let i = 0; i < n; i++) {
        const cum = Math.floor(records * (this.cumShare[i] ?? 1) + 0.5);
        counts[i] = cum - prev;
        prev = cum;
      }
    }
    for (let i = 0; i < n; i++) {
      const c = counts[i] ?? 0;
      if (c > 0) this.arrive(i, c);
    }
  }

  private pickShard(u: number): number {
    let lo = 0;
    let hi = this.shards - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumShare[mid] ?? 1) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** New records for shard i: buffer bound, the KPL's limiter, then the server. */
  private arrive(i: number, count: number): void {
    const k = this.step;
    this.offered += count;
    this.offeredBytes += count * this.recordBytes;
    this.mOffered[this.minute] = (this.mOffered[this.minute] ?? 0) + count;
    this.mOfferedBytes[this.minute] = (this.mOfferedBytes[this.minute] ?? 0) + count * this.recordBytes;
    let n = count;
    if (this.pending + n > this.bufferRecords) {
      const room = Math.max(0, this.bufferRecords - this.pending);
      this.drop('buffer-overflow', n - room);
      n = room;
    }
    if (this.client === 'kpl') {
      const sendable = this.kplLimit(i, k, n);
      this.push(1, i, k, 0, n - sendable);
      n = sendable;
    }
    this.send(i, k, 0, n);
  }

  private deliverNew(k: number, perStep: number, poisson: boolean): void {
    if (this.client === 'kpl' || Number.isFinite(this.bufferRecords)) {
      this.deliverNewGeneral(k, perStep, poisson);
      return;
    }
    // The common case, inlined: no client-side limiter or buffer bound, so each shard's new records go straight to its
    // buckets. Same arithmetic as arrive() and send(); stream totals are summed locally and stored once per step.
    const share = this.share;
    const carry = this.carry;
    const capR = this.capR;
    const capB = this.capB;
    const tokR = this.tokR;
    const tokB = this.tokB;
    const mark = this.mark;
    const refillR = this.refillR;
    const refillB = this.refillB;
    const cost = this.costBytes;
    const strictBytes = this.bytesRule === 'strict';
    const minB = -this.maxDebtB;
    const fixed = this.fixedWindow;
    const hasConsumers = this.consumers.length > 0;
    const rnd = this.random;
    const normals = this.normals;
    const attemptsS = this.attemptsS;
    const acceptedS = this.acceptedS;
    const throttledS = this.throttledS;
    const accCum = this.accCum;
    const active = this.active;
    const lane = this.lane;
    const given = this.given;
    const sps = this.stepsPerSec;
    const j = k - this.secondStart;
    let offered = 0;
    let accepted = 0;
    let throttled = 0;
    for (let x = 0; x < this.activeCount; x++) {
      const i = active[x] as number;
      if (mark[i] !== k) {
        mark[i] = k;
        tokR[i] = (tokR[i] as number) + refillR;
        tokB[i] = (tokB[i] as number) + refillB;
      }
      const mean = perStep * (share[i] as number);
      let c: number;
      if (lane[i] === GIVEN) c = given[i * sps + j] as number;
      else if (poisson) {
        // Above a mean of 1,000 per step the normal approximation's error is far below one record in a thousand.
        if (mean >= 1000) {
          c = Math.round(mean + Math.sqrt(mean) * (normals[rnd.nextUint32() >>> 16] as number));
          if (c < 0) c = 0;
        } else c = mean > 0 ? rnd.poisson(mean) : 0;
      } else {
        const x = (carry[i] as number) + mean;
        c = Math.floor(x + 1e-9);
        carry[i] = x - c;
      }
      const tr = tokR[i] as number;
      const tb = tokB[i] as number;
      if (c > 0) {
        offered += c;
        let a = tr >= 1 ? Math.floor(tr + 1e-9) : 0;
        if (a > c) a = c;
        if (a > 0) {
          const byBytes = strictBytes ? (tb >= cost ? Math.floor(tb / cost + 1e-9) : 0) : admissibleCount(tb, cost, 'debt');
          if (byBytes < a) a = byBytes;
        }
        const nb = tb - a * cost;
        tokR[i] = tr - a > capR && !fixed ? capR : tr - a;
        tokB[i] = nb < minB ? minB : nb > capB && !fixed ? capB : nb;
        attemptsS[i] = (attemptsS[i] as number) + c;
        if (a > 0) {
          accepted += a;
          acceptedS[i] = (acceptedS[i] as number) + a;
          accCum[i] = (accCum[i] as number) + a;
        }
        const rejected = c - a;
        if (rejected > 0) {
          throttled += rejected;
          throttledS[i] = (throttledS[i] as number) + rejected;
          this.onThrottled(i, k, 1, rejected);
        }
      } else if (!fixed) {
        if (tr > capR) tokR[i] = capR;
        if (tb > capB) tokB[i] = capB;
      }
      if (hasConsumers) this.consume(i, k);
    }
    const m = this.minute;
    const bytes = this.recordBytes;
    this.offered += offered;
    this.offeredBytes += offered * bytes;
    this.mOffered[m] = (this.mOffered[m] ?? 0) + offered;
    this.mOfferedBytes[m] = (this.mOfferedBytes[m] ?? 0) + offered * bytes;
    this.attempts += offered;
    this.mAttempts[m] = (this.mAttempts[m] ?? 0) + offered;
    this.secAtt += offered;
    this.accepted += accepted;
    this.acceptedBytes += accepted * bytes;
    this.mAccepted[m] = (this.mAccepted[m] ?? 0) + accepted;
    this.mAcceptedBytes[m] = (this.mAcceptedBytes[m] ?? 0) + accepted * bytes;
    this.secAcc += accepted;
    this.latencyHist[0] = (this.latencyHist[0] ?? 0) + accepted;
    this.throttled += throttled;
    this.mThrottled[m] = (this.mThrottled[m] ?? 0) + throttled;
    if (this.quota) {
      this.quota.release(this.sdkFirstTry + accepted, this.sdkAfterRetry);
      this.sdkFirstTry = 0;
      this.sdkAfterRetry = 0;
    }
  }

  private deliverNewGeneral(k: number, perStep: number, poisson: boolean): void {
    const n = this.shards;
    const share = this.share;
    const carry = this.carry;
    const capR = this.capR;
    const capB = this.capB;
    const tokR = this.tokR;
    const tokB = this.tokB;
    const fixed = this.fixedWindow;
    const hasConsumers = this.consumers.length > 0;
    const rnd = this.random;
    if (this.activeCount !== n) throw new InternalError('whole seconds need the inlined path');
    for (let i = 0; i < n; i++) {
      this.refill(i, k);
      const mean = perStep * (share[i] as number);
      let c: number;
      if (poisson) {
        if (mean >= 1000) {
          c = Math.round(mean + Math.sqrt(mean) * (this.normals[rnd.nextUint32() >>> 16] as number));
          if (c < 0) c = 0;
        } else c = mean > 0 ? rnd.poisson(mean) : 0;
      } else {
        const x = (carry[i] as number) + mean;
        c = Math.floor(x + 1e-9);
        carry[i] = x - c;
      }
      if (c > 0) this.arrive(i, c);
      if (!fixed) {
        const r = tokR[i] as number;
        if (r > capR) tokR[i] = capR;
        const b = tokB[i] as number;
        if (b > capB) tokB[i] = capB;
      }
      if (hasConsumers) this.consume(i, k);
    }
    if (this.quota && (this.sdkFirstTry > 0 || this.sdkAfterRetry > 0)) {
      this.quota.release(this.sdkFirstTry, this.sdkAfterRetry);
      this.sdkFirstTry = 0;
      this.sdkAfterRetry = 0;
    }
  }

  private consume(i: number, k: number): void {
    const n = this.shards;
    const bytes = this.recordBytes;
    for (let j = 0; j < this.consumers.length; j++) {
      const c = this.consumers[j] as (typeof this.consumers)[number];
      const stats = this.consumerStats[j] as ConsumerStats;
      const idx = j * n + i;
      const backlog = (this.accCum[i] ?? 0) - (this.readCum[idx] ?? 0);
      if (c.type === 'efo') {
        const allow = Math.min(EFO_READ_BYTES_PER_SEC, (this.efoAllow[idx] ?? 0) + EFO_READ_BYTES_PER_SEC * this.dt);
        const r = Math.min(backlog, Math.floor(allow / bytes + 1e-9));
        this.efoAllow[idx] = allow - r * bytes;
        this.readCum[idx] = (this.readCum[idx] ?? 0) + r;
        stats.recordsRead += r;
        continue;
      }
      if (k < (this.nextPoll[idx] ?? 0)) continue;
      // Read buckets refill lazily at their own rates (read bytes may be in debt: API_GetRecords' 5 s penalty).
      const elapsed = (k - (this.readLast[i] ?? k)) * this.dt;
      if (elapsed > 0) {
        this.readCallTok[i] = Math.min(SHARD_GET_RECORDS_CALLS_PER_SEC, (this.readCallTok[i] ?? 0) + SHARD_GET_RECORDS_CALLS_PER_SEC * elapsed);
        this.readByteTok[i] = Math.min(SHARD_READ_BYTES_PER_SEC, (this.readByteTok[i] ?? 0) + SHARD_READ_BYTES_PER_SEC * elapsed);
        this.readLast[i] = k;
      }
      stats.getRecordsCalls += 1;
      if ((this.readCallTok[i] ?? 0) >= 1 && (this.readByteTok[i] ?? 0) > 0) {
        this.readCallTok[i] = (this.readCallTok[i] ?? 0) - 1;
        const r = Math.max(0, Math.min(backlog, GET_RECORDS_MAX_RECORDS, Math.max(1, Math.floor(GET_RECORDS_MAX_BYTES / bytes))));
        const whole = Math.floor(r + 1e-9);
        this.readByteTok[i] = Math.max(-READ_MAX_DEBT_BYTES, (this.readByteTok[i] ?? 0) - whole * bytes);
        this.readCum[idx] = (this.readCum[idx] ?? 0) + whole;
        stats.recordsRead += whole;
        const behind = backlog - whole >= 1;
        this.nextPoll[idx] = k + (c.type === 'lambda' && behind ? Math.max(1, Math.round(LAMBDA_CATCH_UP_SEC / this.dt)) : c.intervalSteps);
      } else {
        stats.readThrottledCalls += 1;
        this.mReadThrottled[this.minute] = (this.mReadThrottled[this.minute] ?? 0) + 1;
        this.nextPoll[idx] = k + c.intervalSteps;
      }
    }
  }

  private endSecond(k: number): void {
    const m = this.minute;
    if (this.secAcc > (this.mPeakAcc[m] ?? 0)) this.mPeakAcc[m] = this.secAcc;
    if (this.secAtt > (this.mPeakAtt[m] ?? 0)) this.mPeakAtt[m] = this.secAtt;
    this.secAcc = 0;
    this.secAtt = 0;
    if (this.consumers.length > 0) {
      const sec = Math.floor(k / this.stepsPerSec);
      const base = (sec % LAG_WINDOW_SEC) * this.shards;
      this.lagRing.set(this.accCum, base);
    }
  }

  /** Iterator age (ms) of consumer j on shard i: how long ago its oldest unread record was accepted. */
  private iteratorAgeMs(j: number, i: number, nowSec: number, sec: number): { ageMs: number; capped: boolean } {
    const n = this.shards;
    const read = this.readCum[j * n + i] ?? 0;
    const extra = this.consumers[j]?.type === 'efo' ? EFO_PROPAGATION_SEC * 1000 : 0;
    if ((this.accCum[i] ?? 0) - read < 1 - 1e-9) return { ageMs: 0, capped: false };
    const oldest = Math.max(0, sec - LAG_WINDOW_SEC + 1);
    const at = (s: number) => this.lagRing[(s % LAG_WINDOW_SEC) * n + i] ?? 0;
    if (at(oldest) > read + 1e-9) return { ageMs: (nowSec - oldest) * 1000 + extra, capped: oldest > 0 };
    let lo = oldest;
    let hi = sec;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at(mid) > read + 1e-9) hi = mid;
      else lo = mid + 1;
    }
    // The oldest unread record was accepted during second `lo` (between lo and lo + 1).
    return { ageMs: Math.max(0, nowSec - lo - 0.5) * 1000 + extra, capped: false };
  }

  private endMinute(k: number): void {
    const m = this.minute;
    this.mShards[m] = this.shards;
    if (this.consumers.length > 0) {
      const nowSec = (k + 1) * this.dt;
      const sec = Math.floor(k / this.stepsPerSec);
      let worst = 0;
      for (let j = 0; j < this.consumers.length; j++) {
        const stats = this.consumerStats[j] as ConsumerStats;
        for (let i = 0; i < this.shards; i++) {
          const { ageMs, capped } = this.iteratorAgeMs(j, i, nowSec, sec);
          if (ageMs > worst) worst = ageMs;
          if (ageMs > stats.maxIteratorAgeMs) stats.maxIteratorAgeMs = ageMs;
          if (capped) stats.isIteratorAgeCapped = true;
        }
      }
      this.mLagMs[m] = worst;
    }
    if (this.mode === 'on-demand' && !this.pendingSplit) {
      const secs = Math.min(60, (k + 1) * this.dt - m * 60);
      const demandRecords = (this.mOffered[m] ?? 0) / secs;
      const demandBytes = (this.mOfferedBytes[m] ?? 0) / secs;
      const target = onDemandTargetShards(this.shards, demandBytes, demandRecords, this.input.params.onDemandSplitBytesPerSec, this.maxOnDemandShards);
      if (target > this.shards) {
        this.pendingSplit = { atStep: k + 1 + Math.round(this.input.params.onDemandSplitDelaySec / this.dt), target };
      }
    }
    this.minute = Math.min(m + 1, this.minutes - 1);
  }

  private applySplit(tSec: number): void {
    const split = this.pendingSplit;
    if (!split) return;
    this.pendingSplit = undefined;
    const from = this.shards;
    this.events.push({ atSec: tSec, fromShards: from, toShards: split.target });
    this.allocateShards(split.target, split.target / from);
  }

  private result(): StreamSimResult {
    const droppedTotal = DROP_CAUSES.reduce((a, c) => a + this.dropped[c], 0);
    if (this.offered !== this.accepted + droppedTotal + this.pending) {
      throw new InternalError(
        `stream ${this.stream.name}: offered ${this.offered} ≠ accepted ${this.accepted} + dropped ${droppedTotal} + pending ${this.pending}`,
      );
    }
    const perMinute: MinuteView[] = [];
    for (let m = 0; m < this.minutes; m++) {
      const secs = Math.min(60, this.steps * this.dt - m * 60);
      const attempts = this.mAttempts[m] ?? 0;
      const shards = this.mShards[m] ?? this.shards;
      const acceptedRecords = this.mAccepted[m] ?? 0;
      const acceptedBytes = this.mAcceptedBytes[m] ?? 0;
      perMinute.push({
        minute: m,
        incomingRecords: acceptedRecords,
        incomingBytes: acceptedBytes,
        writeProvisionedThroughputExceeded: this.mThrottled[m] ?? 0,
        readProvisionedThroughputExceeded: this.mReadThrottled[m] ?? 0,
        offeredRecords: this.mOffered[m] ?? 0,
        attempts,
        retries: this.mRetries[m] ?? 0,
        dropped: this.mDropped[m] ?? 0,
        peakSecondIncomingRecords: this.mPeakAcc[m] ?? 0,
        peakSecondAttempts: this.mPeakAtt[m] ?? 0,
        hiddenBurstRatio: attempts > 0 ? (this.mPeakAtt[m] ?? 0) / (attempts / secs) : 0,
        shards,
        bytesUtilisation: acceptedBytes / (secs * shards * SHARD_WRITE_BYTES_PER_SEC),
        recordsUtilisation: acceptedRecords / (secs * shards * SHARD_WRITE_RECORDS_PER_SEC),
        maxIteratorAgeMs: this.mLagMs[m] ?? 0,
      });
    }
    const perShard =
      this.mode === 'provisioned'
        ? Array.from({ length: this.shards }, (_, i) => ({
            shard: i,
            loadShare: this.share[i] ?? 0,
            attempts: (this.attemptsS[i] ?? 0) + (this.wholeS[i] ?? 0),
            accepted: (this.acceptedS[i] ?? 0) + (this.wholeS[i] ?? 0),
            throttledAttempts: this.throttledS[i] ?? 0,
          }))
        : [];
    const trace = this.input.trace;
    return {
      index: this.input.index,
      name: this.stream.name,
      mode: this.mode,
      client: this.client,
      producer: this.producerStats(),
      shards: { initial: this.initialShards, final: this.shards },
      userRecordsPerKinesisRecord: this.perKinesis,
      kinesisRecordBytes: this.kinesisBytes,
      records: {
        offered: this.offered,
        accepted: this.accepted,
        throttledAttempts: this.throttled,
        retries: this.retries,
        dropped: droppedTotal,
        droppedByCause: { ...this.dropped },
        pending: this.pending,
      },
      attempts: this.attempts,
      throttledShare: this.attempts > 0 ? this.throttled / this.attempts : 0,
      bytes: { offered: this.offeredBytes, accepted: this.acceptedBytes },
      latencyMs: this.latencyPercentiles(),
      perMinute,
      perShard,
      consumers: this.consumerStats,
      onDemandEvents: this.events,
      ...(trace ? { trace: { fileName: trace.fileName, format: trace.format, periodSec: trace.periodSec, withinPeriod: 'even' as const } } : {}),
    };
  }

  private producerStats(): ProducerStats {
    const bufferRecords = Number.isFinite(this.bufferRecords) ? this.bufferRecords : undefined;
    if (this.workers === 0) return { model: 'open', bufferRecords };
    return {
      model: 'closed',
      workers: this.workers,
      roundTripMs: this.roundTripSec * 1000,
      maxRecordsPerRequest: this.maxRequestRecords(),
      bufferRecords,
      requests: this.requests,
      maxRequestsInFlight: this.maxInFlight,
      maxBufferedRecords: this.maxBuffered,
    };
  }

  private latencyPercentiles(): StreamSimResult['latencyMs'] {
    const total = this.accepted;
    const ms = (steps: number) => steps * this.dt * 1000;
    if (total === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
    const q = (p: number) => {
      const want = p * total;
      let acc = 0;
      for (let d = 0; d < this.latencyHist.length; d++) {
        acc += this.latencyHist[d] ?? 0;
        if (acc >= want - 1e-9) return d === this.latencyHist.length - 1 ? this.maxLatencySteps : d;
      }
      return this.maxLatencySteps;
    };
    return { p50: ms(q(0.5)), p95: ms(q(0.95)), p99: ms(q(0.99)), max: ms(this.maxLatencySteps) };
  }
}
