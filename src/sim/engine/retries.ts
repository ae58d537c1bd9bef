import { SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC } from '../../limits.js';
import { KPL_LIMITER_MAX_BYTES, KPL_LIMITER_MAX_RECORDS } from '../constants.js';
import { RetryQuota, appRetryWindowSec, kplRetryDelaySec, sdkBackoffWindowMs, sdkRetrySettings, type SdkRetrySettings } from '../retry.js';
import { admissibleCount } from '../token-bucket.js';
import type { Client, ProducerModel } from './setup.js';
import type { Sim } from './sim.js';

/**
 * The producer's client (retry.ts holds its constants and models): what it does with throttled records, and the
 * calendar of retries due. The application's PutRecords loop resends after a fixed delay or a full-jitter window; the
 * SDK's PutRecord retries after its full-jitter backoff while its retry quota pays; the KPL re-buffers a throttled
 * record for half its RecordMaxBufferedTime and sends through its own per-shard limiter, whose queue is first in,
 * first out; `none` drops. A retry waits in the calendar, a ring of one slot per step as long as the longest delay,
 * until the step it is due; then it is sent in that step together with the step's new records (service.ts).
 *
 * When a retry is due. An attempt made inside step k, at k + v steps (v uniform in [0, 1) for records spread over
 * the step; v = 0 for a pulse, which arrives at the step's start), retried after a delay of D steps (fixed, or
 * uniform in [s, s + W) for full jitter) is due at X = k + v + D: in step k + ⌊v + D⌋. So a record is placed in the
 * slot that holds its true due time, and the wait is not rounded up to whole steps; a retry that falls in its own
 * step (v + D < 1) goes to the next step, at most one step late.
 */

export class ProducerClient {
  readonly model: Client;
  readonly sdk: SdkRetrySettings | undefined;
  readonly quota: RetryQuota | undefined;
  readonly appRetry: ProducerModel['appRetry'];
  readonly kpl: ProducerModel['kpl'];
  readonly instances: number;
  readonly kplTtlSteps: number;
  readonly kplDelaySec: number;
  /** Records accepted this step at the first try and after a retry: the retry quota's refunds. */
  sdkFirstTry = 0;
  sdkAfterRetry = 0;
  /** The SDK's retries this step asks its quota for, settled at the step's end: flat [shard, first, tries, count, spread]. */
  sdkWanted: number[] = [];

  /**
   * A record's retry after its `tries`-th attempt, by `tries`: the delay's fixed part and its jitter window (seconds),
   * and the chance it falls within the attempt's own step (inStepShare); no retry past the arrays' ends.
   */
  readonly retryShiftSec: Float64Array;
  readonly retryWidthSec: Float64Array;
  readonly inStep: Float64Array;

  /** Retry calendar: slot → flat [shard, firstStep, tries, count, ...]. */
  calendar: number[][];
  readonly ringSize: number;
  readonly scratch: Float64Array;
  /** The slots schedule() filled one record at a time. */
  readonly touched: Int32Array;
  /** The due steps' distributions by timing and attempt (slotCdf). */
  readonly cdfs: (Float64Array | undefined)[] = [];
  /** Runs that only count (--find-shards candidates): retries due together are merged by attempt, their wait unkept. */
  readonly isCountsOnly: boolean;
  /**
   * Such a run's calendar as counts (not with the KPL, whose TTL needs each record's first step): records due by
   * [slot][tries][shard], so that scheduling a batch adds to a few counts instead of listing entries.
   */
  dense: Float64Array | undefined;
  denseTries = 0;
  /** Per shard: records waiting in the calendar. */
  retryDue!: Float64Array;

  /**
   * The retries due this step, by shard: the slot's entries (flat, 4 per entry), and per shard the first of its
   * entries and the next of each entry (−1 ends), and its records; the shards that have some.
   */
  due: number[] = [];
  spareDue: number[] = [];
  dueNext: Int32Array = new Int32Array(64);
  dueHead!: Int32Array;
  dueCount!: Float64Array;
  dueShards: number[] = [];
  /** The last step whose retries were collected: until then a retry may still be due in the step itself. */
  collected = -1;

  /** Per shard: the KPL's limiter (records, bytes) and the step it was last refilled. */
  kplR!: Float64Array;
  kplB!: Float64Array;
  kplMark!: Int32Array;
  /** Per shard: records the KPL's limiter holds back, first in first out: flat [firstStep, tries, count, ...]. */
  kplQueue!: number[][];
  kplQueueHead!: Int32Array;

  constructor(producer: ProducerModel, dt: number, isCountsOnly = false) {
    this.model = producer.client;
    this.sdk = sdkRetrySettings(this.model);
    this.quota = this.sdk ? new RetryQuota(this.sdk, producer.instances) : undefined;
    this.appRetry = producer.appRetry;
    this.kpl = producer.kpl;
    this.instances = producer.instances;
    this.kplTtlSteps = producer.kpl.recordTtlSec / dt;
    this.kplDelaySec = kplRetryDelaySec(producer.kpl.recordMaxBufferedTimeSec);
    this.isCountsOnly = isCountsOnly;
    // The retries' delays by attempt (retry.ts), and the share of each that falls within its own step.
    const tries = this.model === 'put-records' ? this.appRetry.maxRetries + 1 : this.sdk ? this.sdk.maxAttempts - 1 : this.model === 'kpl' ? 1 : 0;
    this.retryShiftSec = new Float64Array(tries + 1);
    this.retryWidthSec = new Float64Array(tries + 1);
    this.inStep = new Float64Array(tries + 1);
    for (let t = 1; t <= tries; t++) {
      if (this.model === 'put-records') {
        const r = this.appRetry;
        if (t - 1 >= r.maxRetries) continue;
        const w = appRetryWindowSec(r.policy, t - 1, r.baseDelaySec, r.maxDelaySec);
        if ('fixedSec' in w) this.retryShiftSec[t] = w.fixedSec;
        else this.retryWidthSec[t] = w.jitterSec;
        // An immediate resend goes out in the next step (no delay to place it within this one).
        if (r.policy !== 'immediate' && (this.retryShiftSec[t] as number) + (this.retryWidthSec[t] as number) > 0) {
          this.inStep[t] = dueBefore(1, (this.retryShiftSec[t] as number) / dt, (this.retryWidthSec[t] as number) / dt, true);
        }
      } else if (this.sdk) this.retryWidthSec[t] = sdkBackoffWindowMs(this.sdk, t - 1) / 1000;
      else if (this.model === 'kpl') {
        this.retryShiftSec[t] = this.kplDelaySec;
        if (this.kplDelaySec > 0) this.inStep[t] = dueBefore(1, this.kplDelaySec / dt, 0, true);
      }
    }
    // The longest wait is v + D < 1 + maxDelay/Δ steps; one more slot keeps the slot being read apart.
    this.ringSize = Math.ceil(this.maxRetryDelaySec() / dt - 1e-9) + 3;
    this.calendar = Array.from({ length: this.ringSize }, () => []);
    this.scratch = new Float64Array(this.ringSize + 1);
    this.touched = new Int32Array(this.ringSize + 1);
  }

  /** Fresh per-shard state for `n` shards; the KPL's limiter starts empty (limiter.h). */
  allocate(n: number): void {
    this.kplR = new Float64Array(n);
    this.kplB = new Float64Array(n);
    this.kplMark = new Int32Array(n).fill(-1);
    this.kplQueue = this.model === 'kpl' ? Array.from({ length: n }, () => []) : [];
    this.kplQueueHead = new Int32Array(this.model === 'kpl' ? n : 0);
    this.retryDue = new Float64Array(n);
    if (this.isCountsOnly && this.model !== 'kpl' && this.model !== 'none') {
      this.denseTries = this.retryWidthSec.length + 1;
      this.dense = new Float64Array(this.ringSize * this.denseTries * n);
    }
    this.dueHead = new Int32Array(n).fill(-1);
    this.dueCount = new Float64Array(n);
  }

  /** The longest a retry can wait: the calendar's length. */
  private maxRetryDelaySec(): number {
    switch (this.model) {
      case 'put-records':
        return this.appRetry.maxDelaySec;
      case 'put-record-sdk':
      case 'put-record-sdk-2026': {
        const s = this.sdk as SdkRetrySettings;
        return sdkBackoffWindowMs(s, s.maxAttempts) / 1000;
      }
      case 'kpl':
        return this.kplDelaySec;
      case 'none':
        return 0;
    }
  }
}

/** When records were throttled in their step, for placing their retries (the rule at the top of this file). */
export const AT_START = 0;
export const SPREAD = 1;
/** Spread over the step, and known to be due after it (their retries within the step were made already). */
export const SPREAD_LATER = 2;
export type Timing = typeof AT_START | typeof SPREAD | typeof SPREAD_LATER;

/**
 * What the client does with `count` records of shard i just throttled on their `tries`-th attempt (first offered at
 * step `first`), attempted at the step's start (a pulse) or spread over it.
 */
export function onThrottled(sim: Sim, i: number, first: number, tries: number, count: number, timing: Timing): void {
  const client = sim.client;
  switch (client.model) {
    case 'none':
      sim.tally.drop('not-retried', count);
      return;
    case 'put-records': {
      if (tries - 1 >= client.appRetry.maxRetries) {
        sim.tally.drop('app-retries-exhausted', count);
        return;
      }
      schedule(sim, i, first, tries, count, timing);
      return;
    }
    case 'put-record-sdk':
    case 'put-record-sdk-2026': {
      const sdk = client.sdk as SdkRetrySettings;
      if (tries >= sdk.maxAttempts) {
        sim.tally.drop('sdk-attempts-exhausted', count);
        return;
      }
      // The quota is asked once for the whole step, at its end (settleSdkRetries).
      client.sdkWanted.push(i, first, tries, count, timing === AT_START ? AT_START : SPREAD);
      return;
    }
    case 'kpl':
      schedule(sim, i, first, tries, count, timing);
      return;
  }
}

/**
 * The end of a step for the SDK's retry quota: the step's throttled records ask for retries together, and the quota
 * pays for as many as it can, shared among them in proportion (the same rule as admission, service.ts: within a step
 * no throttled record comes before another); the rest are dropped. Then the step's successes are credited (+1 at the
 * first try, the retry's cost refunded after one). In that order a full quota is not topped up past its cap before
 * the step's retries are paid (in time the two interleave; the other order would lose refunds at every burst).
 */
export function settleSdkRetries(sim: Sim): void {
  const client = sim.client;
  const quota = client.quota;
  if (!quota) return;
  const wanted = client.sdkWanted;
  if (wanted.length > 0) {
    let total = 0;
    for (let e = 3; e < wanted.length; e += 5) total += wanted[e] as number;
    const paid = quota.acquire(total);
    if (paid < total) sim.tally.drop('retry-quota-exhausted', total - paid);
    const u = paid < total ? sim.streamRandom.next() : 0;
    let acc = 0;
    let prev = 0;
    for (let e = 0; e < wanted.length; e += 5) {
      const count = wanted[e + 3] as number;
      acc += count;
      const cum = paid >= total ? acc : Math.min(paid, Math.floor((paid * acc) / total + u));
      const share = cum - prev;
      prev = cum;
      const tries = wanted[e + 2] as number;
      // Settled after the step's admissions: a retry due within the step goes to the next one.
      const timing = wanted[e + 4] === AT_START ? AT_START : SPREAD;
      schedule(sim, wanted[e] as number, wanted[e + 1] as number, tries, share, timing, 1);
    }
    wanted.length = 0;
  }
  if (client.sdkFirstTry > 0 || client.sdkAfterRetry > 0) {
    quota.release(client.sdkFirstTry, client.sdkAfterRetry);
    client.sdkFirstTry = 0;
    client.sdkAfterRetry = 0;
  }
}

/**
 * Puts `count` records of shard i in the calendar `d` steps ahead (at most the ring's length less 1; 0, this step,
 * only before the step's retries are collected: a pulse's, or a KPL queue's at the step's start).
 */
function push(sim: Sim, d: number, i: number, first: number, tries: number, count: number): void {
  if (count <= 0) return;
  const client = sim.client;
  const ring = client.ringSize;
  const steps = d < 0 ? 0 : d >= ring ? ring - 1 : d;
  const at = (sim.step + steps) % ring;
  const dense = client.dense;
  if (dense) {
    const x = (at * client.denseTries + tries) * sim.shards + i;
    dense[x] = (dense[x] as number) + count;
  } else (client.calendar[at] as number[]).push(i, first, tries, count);
  sim.tally.pending += count;
  client.retryDue[i] = (client.retryDue[i] ?? 0) + count;
}

/** g(y) = max(0, y)², for the distribution function of a sum of two uniforms. */
const sq = (y: number) => (y > 0 ? y * y : 0);

/**
 * P(v + s + W·U < x) in steps, with U uniform in [0, 1) and v uniform in [0, 1) when spread (else 0): for two
 * uniforms of widths 1 and W, (g(y) − g(y − 1) − g(y − W) + g(y − W − 1)) / 2W with y = x − s.
 */
export function dueBefore(x: number, s: number, w: number, spread: boolean): number {
  const y = x - s;
  if (!spread) {
    if (w <= 0) return y > 1e-9 ? 1 : 0;
    return y <= 0 ? 0 : y >= w ? 1 : y / w;
  }
  if (w <= 0) return y <= 0 ? 0 : y >= 1 ? 1 : y;
  return Math.min(1, Math.max(0, (sq(y) - sq(y - 1) - sq(y - w) + sq(y - w - 1)) / (2 * w)));
}

/**
 * The chance that a record throttled on attempt `tries` at a random instant of the step (SPREAD) is sent again within
 * the same step: P(v + D < 1) of the rule at the top of this file, for the application's loop and the KPL (whose
 * retries wait 50 ms, half a step of 100 ms). 0 for the SDK (its retries wait for its quota, settled at the step's
 * end), for `immediate` (resent in the next step) and when the record has no resend left.
 */
export function inStepShare(sim: Sim, tries: number): number {
  return sim.client.inStep[retryIndex(sim.client, tries)] ?? 0;
}

/** Where the delay after attempt `tries` is kept: the KPL waits the same after every attempt (index 1). */
function retryIndex(client: ProducerClient, tries: number): number {
  return client.model === 'kpl' ? 1 : tries;
}

/** Up to this many records are placed one by one (independent draws); more by systematic sampling, which costs less. */
const ONE_BY_ONE_MAX = 16;

/**
 * Schedules `count` records of shard i, throttled on attempt `tries` in this step, for their retry after the client's
 * delay for that attempt (ProducerClient.retryShiftSec, retryWidthSec; the rule at the top of this file): in the step
 * that holds the due instant, at the earliest `minSlot` steps ahead (a pulse's retries may fall in its own step, whose
 * retries are collected after it; SPREAD_LATER takes the due instant's law given that it is after this step). Few
 * records are placed one by one; many by systematic sampling of their due steps' distribution (exact total, each slot
 * within one record of its expectation).
 */
function schedule(sim: Sim, i: number, first: number, tries: number, count: number, timing: Timing, minSlot = timing === AT_START && sim.client.collected < sim.step ? 0 : 1): void {
  if (count <= 0) return;
  const client = sim.client;
  const cdf = slotCdf(sim, tries, timing);
  const top = Math.max(minSlot, cdf.length - 1);
  if (top <= minSlot) {
    push(sim, minSlot, i, first, tries, count);
    return;
  }
  const sc = client.scratch;
  const random = sim.random;
  random.use(i);
  if (count <= ONE_BY_ONE_MAX && !client.dense) {
    const touched = client.touched;
    let n = 0;
    for (let r = 0; r < count; r++) {
      // Inversion of the distribution function: the first slot j with P(X < j + 1) above a uniform draw.
      const u = random.next();
      let j = minSlot;
      let hi = top;
      while (j < hi) {
        const mid = (j + hi) >> 1;
        if ((cdf[mid] as number) > u) hi = mid;
        else j = mid + 1;
      }
      if (sc[j] === 0) touched[n++] = j;
      sc[j] = (sc[j] as number) + 1;
    }
    for (let x = 0; x < n; x++) {
      const j = touched[x] as number;
      push(sim, j, i, first, tries, sc[j] as number);
      sc[j] = 0;
    }
    return;
  }
  const u = random.next();
  let prev = 0;
  for (let j = minSlot; j < top; j++) {
    const cum = Math.floor(count * (cdf[j] as number) + u);
    if (cum > prev) push(sim, j, i, first, tries, cum - prev);
    prev = cum;
  }
  push(sim, top, i, first, tries, count - prev);
}

/**
 * The distribution of the due step of a retry after attempt `tries` thrown at `timing`: cdf[j] = P(X < j + 1) for
 * j = 0 … top, X the due instant in steps from the start of the attempt's step (the last entry 1). Kept per attempt
 * and timing, for the run.
 */
function slotCdf(sim: Sim, tries: number, timing: Timing): Float64Array {
  const client = sim.client;
  const at = retryIndex(client, tries);
  const key = timing * client.retryShiftSec.length + at;
  const hit = client.cdfs[key];
  if (hit) return hit;
  const s = (client.retryShiftSec[at] ?? 0) / sim.dt;
  const w = (client.retryWidthSec[at] ?? 0) / sim.dt;
  const spread = timing !== AT_START;
  const top = Math.min(client.ringSize - 1, Math.max(1, Math.ceil(s + w + (spread ? 1 : 0))));
  // Given a due instant after this step (SPREAD_LATER), the distribution from 1 on, renormalised.
  let below = 0;
  let mass = 1;
  if (timing === SPREAD_LATER) {
    below = dueBefore(1, s, w, true);
    mass = 1 - below;
    if (mass < 1e-6) {
      below = 0;
      mass = 1;
    }
  }
  const cdf = new Float64Array(top + 1);
  for (let j = 0; j < top; j++) {
    const p = (dueBefore(j + 1, s, w, spread) - below) / mass;
    cdf[j] = p < 0 ? 0 : p > 1 ? 1 : p;
  }
  cdf[top] = 1;
  client.cdfs[key] = cdf;
  return cdf;
}

/**
 * The retries due at step k: taken out of the calendar and linked by shard (ProducerClient.due…), to be sent with
 * the shard's new records of the step (service.ts).
 */
export function collectDue(sim: Sim, k: number): void {
  const client = sim.client;
  client.collected = k;
  for (const i of client.dueShards) {
    client.dueHead[i] = -1;
    client.dueCount[i] = 0;
  }
  client.dueShards.length = 0;
  const at = k % client.ringSize;
  const slot = client.calendar[at] as number[];
  const dense = client.dense;
  if (dense) {
    // Counts due, as entries first offered now (a run that only counts keeps no waits).
    const n = sim.shards;
    const T = client.denseTries;
    for (let t = 1; t < T; t++) {
      const row = (at * T + t) * n;
      for (let i = 0; i < n; i++) {
        const c = dense[row + i] as number;
        if (c > 0) {
          slot.push(i, k, t, c);
          dense[row + i] = 0;
        }
      }
    }
  }
  if (slot.length === 0) return;
  // The slot's array becomes this step's list; the last step's list, emptied, becomes the slot.
  const spare = client.due;
  spare.length = 0;
  client.calendar[at] = spare;
  client.due = slot;
  const entries = slot.length >> 2;
  if (client.dueNext.length < entries) client.dueNext = new Int32Array(Math.max(entries, 2 * client.dueNext.length));
  const next = client.dueNext;
  const head = client.dueHead;
  const cnt = client.dueCount;
  // Linked in reverse so that each shard's list keeps the order the entries were scheduled in. A run that only
  // counts merges a shard's entries of the same attempt (their first steps are not kept; the KPL's TTL needs them).
  const merge = client.isCountsOnly && client.model !== 'kpl' && !dense;
  for (let e = entries - 1; e >= 0; e--) {
    const i = slot[4 * e] as number;
    const count = slot[4 * e + 3] as number;
    sim.tally.pending -= count;
    client.retryDue[i] = (client.retryDue[i] ?? 0) - count;
    cnt[i] = (cnt[i] ?? 0) + count;
    if (merge) {
      const tries = slot[4 * e + 2] as number;
      let same = head[i] as number;
      while (same !== -1 && slot[4 * same + 2] !== tries) same = next[same] as number;
      if (same !== -1) {
        slot[4 * same + 3] = (slot[4 * same + 3] as number) + count;
        continue;
      }
    }
    if (head[i] === -1) client.dueShards.push(i);
    next[e] = head[i] as number;
    head[i] = e;
  }
}

/**
 * The KPL's per-shard limiter (RateLimit × the shard's limits per instance, at most 1,000 records and 10 MiB per
 * instance): how many of `count` records of shard i it lets through at step k, taken from its tokens.
 */
export function kplLimit(sim: Sim, i: number, k: number, count: number): number {
  const client = sim.client;
  const kplR = client.kplR;
  const kplB = client.kplB;
  const kplMark = client.kplMark;
  if (kplMark[i] !== k) {
    const rateLimit = client.kpl.rateLimit;
    const inst = client.instances;
    const elapsed = kplMark[i] === -1 ? sim.dt : (k - (kplMark[i] ?? 0)) * sim.dt;
    kplMark[i] = k;
    kplR[i] = Math.min(KPL_LIMITER_MAX_RECORDS * inst, (kplR[i] ?? 0) + SHARD_WRITE_RECORDS_PER_SEC * rateLimit * inst * elapsed);
    kplB[i] = Math.min(KPL_LIMITER_MAX_BYTES * inst, (kplB[i] ?? 0) + SHARD_WRITE_BYTES_PER_SEC * rateLimit * inst * elapsed);
  }
  const bytes = sim.recordBytes;
  const n = Math.min(count, admissibleCount(kplR[i] ?? 0, 1, 'strict'), admissibleCount(kplB[i] ?? 0, bytes, 'strict'));
  kplR[i] = (kplR[i] ?? 0) - n;
  kplB[i] = (kplB[i] ?? 0) - n * bytes;
  return n;
}

/** Appends `count` records of shard i to the KPL's limiter queue (they wait there, pending). */
export function enqueueKpl(sim: Sim, i: number, first: number, tries: number, count: number): void {
  if (count <= 0) return;
  const q = sim.client.kplQueue[i] as number[];
  const last = q.length - 3;
  if (last >= (sim.client.kplQueueHead[i] as number) && q[last] === first && q[last + 1] === tries) q[last + 2] = (q[last + 2] as number) + count;
  else q.push(first, tries, count);
  sim.tally.pending += count;
  sim.client.retryDue[i] = (sim.client.retryDue[i] ?? 0) + count;
}
