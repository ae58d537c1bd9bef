import { DROP_CAUSES, type DropCause } from '../types.js';

/**
 * What a run counts: stream totals, the per-minute view CloudWatch would show, the per-second counts behind its peak
 * seconds, per-shard counts and the latency throttling adds. chunks.ts assembles the result from them.
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
const SUMS = 8;

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
  readonly mShards: Float64Array;
  readonly mLagMs: Float64Array;
  readonly mOfferedBytes: Float64Array;

  // Per shard (since the shards were last laid out).
  attemptsS!: Float64Array;
  acceptedS!: Float64Array;
  throttledS!: Float64Array;
  /** Records of shard i accepted in whole seconds (attempts and accepted both). */
  wholeS!: Float64Array;

  /** Per second: attempts and accepted records, for each minute's peak second; and the second being counted. */
  readonly secAttempts: Float64Array;
  readonly secAccepted: Float64Array;
  second = 0;

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
    const seconds = Math.ceil(steps / stepsPerSec);
    this.secAttempts = new Float64Array(seconds);
    this.secAccepted = new Float64Array(seconds);
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
    this.secAttempts[this.second] = (this.secAttempts[this.second] as number) + count;
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
    this.secAccepted[this.second] = (this.secAccepted[this.second] as number) + count;
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
    this.secAttempts[this.second] = (this.secAttempts[this.second] as number) + offered;
    s[ACCEPTED] = (s[ACCEPTED] as number) + accepted;
    s[ACCEPTED_BYTES] = (s[ACCEPTED_BYTES] as number) + accepted * recordBytes;
    this.mAccepted[m] = (this.mAccepted[m] as number) + accepted;
    this.mAcceptedBytes[m] = (this.mAcceptedBytes[m] as number) + accepted * recordBytes;
    this.secAccepted[this.second] = (this.secAccepted[this.second] as number) + accepted;
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

  /** End of a second: the next one is counted. */
  endSecond(): void {
    if (this.second < this.secAttempts.length - 1) this.second++;
  }

  /** The stream totals (OFFERED …, in that order), for a chunk's result. */
  totals(): Float64Array {
    return this.sums.slice();
  }
}

/** The order of Tally's totals, for merging chunks. */
export const TOTALS = { OFFERED, OFFERED_BYTES, ATTEMPTS, RETRIES, ACCEPTED, ACCEPTED_BYTES, THROTTLED, PENDING, SUMS } as const;
