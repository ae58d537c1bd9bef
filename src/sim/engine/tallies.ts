import { InternalError } from '../../errors.js';
import { SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC } from '../../limits.js';
import { DROP_CAUSES, type DropCause, type MinuteView, type StreamSimResult } from '../types.js';
import { producerStats } from './closed-producer.js';
import type { Sim } from './sim.js';

/**
 * What a run counts: stream totals, the per-minute view CloudWatch would show (with the per-second peaks it hides),
 * per-shard counts and the latency throttling adds; and the result assembled from them. Every record offered ends
 * accepted, dropped or pending, and the result checks it.
 */

/** Latency is kept in a histogram of whole steps up to this many (about 58 h at 100 ms); the last bin takes the rest. */
const LATENCY_MAX_BINS = 1 << 21;

/** The stream totals, by their index in Tally.sums. */
const OFFERED = 0;
const OFFERED_BYTES = 1;
const ATTEMPTS = 2;
const RETRIES = 3;
const ACCEPTED = 4;
const ACCEPTED_BYTES = 5;
const THROTTLED = 6;
const PENDING = 7;
/** This second's attempts and accepted records, for the minute's peak second. */
const SECOND_ATTEMPTS = 8;
const SECOND_ACCEPTED = 9;
const SUMS = 10;

export class Tally {
  /**
   * The stream totals (OFFERED …). A typed array, not number fields: a field that starts as a small integer changes
   * the object's hidden class when its count outgrows one (past 2^30), and the optimized code of the hot loops that
   * touch it then deoptimizes, for on-stack-replaced code on every call until it is recompiled.
   */
  private readonly sums = new Float64Array(SUMS);
  readonly dropped: Record<DropCause, number>;
  /** Accepted records by the steps they waited since first offered. */
  readonly latencyHist: Float64Array;
  maxLatencySteps = 0;

  // Per minute, and the minute being counted.
  readonly minutes: number;
  minute = 0;
  readonly mOffered: Float64Array;
  readonly mAttempts: Float64Array;
  readonly mAccepted: Float64Array;
  readonly mAcceptedBytes: Float64Array;
  readonly mThrottled: Float64Array;
  readonly mReadThrottled: Float64Array;
  readonly mRetries: Float64Array;
  readonly mDropped: Float64Array;
  readonly mPeakAcc: Float64Array;
  readonly mPeakAtt: Float64Array;
  readonly mShards: Float64Array;
  readonly mLagMs: Float64Array;
  readonly mOfferedBytes: Float64Array;

  // Per shard (since the shards were last laid out).
  attemptsS!: Float64Array;
  acceptedS!: Float64Array;
  throttledS!: Float64Array;
  /** Records of shard i accepted in whole seconds (attempts and accepted both). */
  wholeS!: Float64Array;

  constructor(steps: number, stepsPerSec: number) {
    this.dropped = Object.fromEntries(DROP_CAUSES.map((c) => [c, 0])) as Record<DropCause, number>;
    this.latencyHist = new Float64Array(Math.min(steps, LATENCY_MAX_BINS) + 1);
    this.minutes = Math.ceil(steps / (60 * stepsPerSec));
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
  }

  /** Fresh per-shard counts for `n` shards. */
  allocate(n: number): void {
    this.attemptsS = new Float64Array(n);
    this.acceptedS = new Float64Array(n);
    this.throttledS = new Float64Array(n);
    this.wholeS = new Float64Array(n);
  }

  get offered(): number {
    return this.sums[OFFERED] as number;
  }
  get offeredBytes(): number {
    return this.sums[OFFERED_BYTES] as number;
  }
  get attempts(): number {
    return this.sums[ATTEMPTS] as number;
  }
  get retries(): number {
    return this.sums[RETRIES] as number;
  }
  get accepted(): number {
    return this.sums[ACCEPTED] as number;
  }
  get acceptedBytes(): number {
    return this.sums[ACCEPTED_BYTES] as number;
  }
  get throttled(): number {
    return this.sums[THROTTLED] as number;
  }
  /** Records waiting: in the retry calendar, in a worker's resend list, or in a closed producer's buffer. */
  get pending(): number {
    return this.sums[PENDING] as number;
  }
  set pending(records: number) {
    this.sums[PENDING] = records;
  }

  /** New records the producer offers (each counted once, whatever happens to it). */
  offer(count: number, recordBytes: number): void {
    const s = this.sums;
    const m = this.minute;
    s[OFFERED] = (s[OFFERED] as number) + count;
    s[OFFERED_BYTES] = (s[OFFERED_BYTES] as number) + count * recordBytes;
    this.mOffered[m] = (this.mOffered[m] ?? 0) + count;
    this.mOfferedBytes[m] = (this.mOfferedBytes[m] ?? 0) + count * recordBytes;
  }

  /** Records sent to the shards (first attempts and retries). */
  attempt(count: number): void {
    const s = this.sums;
    s[ATTEMPTS] = (s[ATTEMPTS] as number) + count;
    this.mAttempts[this.minute] = (this.mAttempts[this.minute] ?? 0) + count;
    s[SECOND_ATTEMPTS] = (s[SECOND_ATTEMPTS] as number) + count;
  }

  retry(count: number): void {
    this.sums[RETRIES] = (this.sums[RETRIES] as number) + count;
    this.mRetries[this.minute] = (this.mRetries[this.minute] ?? 0) + count;
  }

  accept(count: number, recordBytes: number): void {
    const s = this.sums;
    const m = this.minute;
    s[ACCEPTED] = (s[ACCEPTED] as number) + count;
    s[ACCEPTED_BYTES] = (s[ACCEPTED_BYTES] as number) + count * recordBytes;
    this.mAccepted[m] = (this.mAccepted[m] ?? 0) + count;
    this.mAcceptedBytes[m] = (this.mAcceptedBytes[m] ?? 0) + count * recordBytes;
    s[SECOND_ACCEPTED] = (s[SECOND_ACCEPTED] as number) + count;
  }

  /**
   * The first attempts of a step's (or a whole second's) new records on the shards stepping.ts delivers to directly:
   * all sent at once, `accepted` of them without added latency, `throttled` not. The same sums as offer(), attempt(),
   * accept() and throttle(), in one call for the hot loop.
   */
  firstAttempts(offered: number, accepted: number, throttled: number, recordBytes: number): void {
    const s = this.sums;
    const m = this.minute;
    s[OFFERED] = (s[OFFERED] as number) + offered;
    s[OFFERED_BYTES] = (s[OFFERED_BYTES] as number) + offered * recordBytes;
    this.mOffered[m] = (this.mOffered[m] as number) + offered;
    this.mOfferedBytes[m] = (this.mOfferedBytes[m] as number) + offered * recordBytes;
    s[ATTEMPTS] = (s[ATTEMPTS] as number) + offered;
    this.mAttempts[m] = (this.mAttempts[m] as number) + offered;
    s[SECOND_ATTEMPTS] = (s[SECOND_ATTEMPTS] as number) + offered;
    s[ACCEPTED] = (s[ACCEPTED] as number) + accepted;
    s[ACCEPTED_BYTES] = (s[ACCEPTED_BYTES] as number) + accepted * recordBytes;
    this.mAccepted[m] = (this.mAccepted[m] as number) + accepted;
    this.mAcceptedBytes[m] = (this.mAcceptedBytes[m] as number) + accepted * recordBytes;
    s[SECOND_ACCEPTED] = (s[SECOND_ACCEPTED] as number) + accepted;
    this.latencyHist[0] = (this.latencyHist[0] as number) + accepted;
    s[THROTTLED] = (s[THROTTLED] as number) + throttled;
    this.mThrottled[m] = (this.mThrottled[m] as number) + throttled;
  }

  /** `count` records accepted after waiting `waitSteps` steps since they were first offered. */
  waited(waitSteps: number, count: number): void {
    const hist = this.latencyHist;
    const bin = waitSteps < hist.length - 1 ? waitSteps : hist.length - 1;
    hist[bin] = (hist[bin] ?? 0) + count;
    if (waitSteps > this.maxLatencySteps) this.maxLatencySteps = waitSteps;
  }

  throttle(count: number): void {
    this.sums[THROTTLED] = (this.sums[THROTTLED] as number) + count;
    this.mThrottled[this.minute] = (this.mThrottled[this.minute] ?? 0) + count;
  }

  drop(cause: DropCause, count: number): void {
    this.dropped[cause] += count;
    this.mDropped[this.minute] = (this.mDropped[this.minute] ?? 0) + count;
  }

  /** End of a second: its counts may be the minute's peak second. */
  endSecond(): void {
    const s = this.sums;
    const m = this.minute;
    const accepted = s[SECOND_ACCEPTED] as number;
    const attempts = s[SECOND_ATTEMPTS] as number;
    if (accepted > (this.mPeakAcc[m] ?? 0)) this.mPeakAcc[m] = accepted;
    if (attempts > (this.mPeakAtt[m] ?? 0)) this.mPeakAtt[m] = attempts;
    s[SECOND_ACCEPTED] = 0;
    s[SECOND_ATTEMPTS] = 0;
  }
}

/** The result of a run, from its tallies; checks that offered = accepted + dropped + pending. */
export function streamResult(sim: Sim): StreamSimResult {
  const t = sim.tally;
  const droppedTotal = DROP_CAUSES.reduce((a, c) => a + t.dropped[c], 0);
  if (t.offered !== t.accepted + droppedTotal + t.pending) {
    throw new InternalError(
      `stream ${sim.model.name}: offered ${t.offered} ≠ accepted ${t.accepted} + dropped ${droppedTotal} + pending ${t.pending}`,
    );
  }
  const perMinute: MinuteView[] = [];
  for (let m = 0; m < t.minutes; m++) {
    const secs = Math.min(60, sim.steps * sim.dt - m * 60);
    const attempts = t.mAttempts[m] ?? 0;
    const shards = t.mShards[m] ?? sim.shards;
    const acceptedRecords = t.mAccepted[m] ?? 0;
    const acceptedBytes = t.mAcceptedBytes[m] ?? 0;
    perMinute.push({
      minute: m,
      incomingRecords: acceptedRecords,
      incomingBytes: acceptedBytes,
      writeProvisionedThroughputExceeded: t.mThrottled[m] ?? 0,
      readProvisionedThroughputExceeded: t.mReadThrottled[m] ?? 0,
      offeredRecords: t.mOffered[m] ?? 0,
      attempts,
      retries: t.mRetries[m] ?? 0,
      dropped: t.mDropped[m] ?? 0,
      peakSecondIncomingRecords: t.mPeakAcc[m] ?? 0,
      peakSecondAttempts: t.mPeakAtt[m] ?? 0,
      hiddenBurstRatio: attempts > 0 ? (t.mPeakAtt[m] ?? 0) / (attempts / secs) : 0,
      shards,
      bytesUtilisation: acceptedBytes / (secs * shards * SHARD_WRITE_BYTES_PER_SEC),
      recordsUtilisation: acceptedRecords / (secs * shards * SHARD_WRITE_RECORDS_PER_SEC),
      maxIteratorAgeMs: t.mLagMs[m] ?? 0,
    });
  }
  const perShard =
    sim.mode === 'provisioned'
      ? Array.from({ length: sim.shards }, (_, i) => ({
          shard: i,
          loadShare: sim.share[i] ?? 0,
          attempts: (t.attemptsS[i] ?? 0) + (t.wholeS[i] ?? 0),
          accepted: (t.acceptedS[i] ?? 0) + (t.wholeS[i] ?? 0),
          throttledAttempts: t.throttledS[i] ?? 0,
        }))
      : [];
  const trace = sim.trace;
  return {
    index: sim.index,
    name: sim.model.name,
    mode: sim.mode,
    client: sim.client.model,
    producer: producerStats(sim),
    shards: { initial: sim.model.initialShards, final: sim.shards },
    userRecordsPerKinesisRecord: sim.perKinesis,
    kinesisRecordBytes: sim.kinesisBytes,
    records: {
      offered: t.offered,
      accepted: t.accepted,
      throttledAttempts: t.throttled,
      retries: t.retries,
      dropped: droppedTotal,
      droppedByCause: { ...t.dropped },
      pending: t.pending,
    },
    attempts: t.attempts,
    throttledShare: t.attempts > 0 ? t.throttled / t.attempts : 0,
    bytes: { offered: t.offeredBytes, accepted: t.acceptedBytes },
    latencyMs: latencyPercentiles(t, sim.dt),
    perMinute,
    perShard,
    consumers: sim.readers.stats,
    onDemandEvents: sim.scaling.events,
    ...(trace ? { trace: { fileName: trace.fileName, format: trace.format, periodSec: trace.periodSec, withinPeriod: 'even' as const } } : {}),
  };
}

function latencyPercentiles(t: Tally, dt: number): StreamSimResult['latencyMs'] {
  const total = t.accepted;
  const ms = (steps: number) => steps * dt * 1000;
  if (total === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
  const hist = t.latencyHist;
  const q = (p: number) => {
    const want = p * total;
    let acc = 0;
    for (let d = 0; d < hist.length; d++) {
      acc += hist[d] ?? 0;
      if (acc >= want - 1e-9) return d === hist.length - 1 ? t.maxLatencySteps : d;
    }
    return t.maxLatencySteps;
  };
  return { p50: ms(q(0.5)), p95: ms(q(0.95)), p99: ms(q(0.99)), max: ms(t.maxLatencySteps) };
}
