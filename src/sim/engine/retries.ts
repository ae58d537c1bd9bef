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

  /** Retry calendar: slot → flat [shard, firstStep, tries, count, ...]. */
  calendar: number[][];
  readonly ringSize: number;
  readonly scratch: Float64Array;
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

  constructor(producer: ProducerModel, dt: number) {
    this.model = producer.client;
    this.sdk = sdkRetrySettings(this.model);
    this.quota = this.sdk ? new RetryQuota(this.sdk, producer.instances) : undefined;
    this.appRetry = producer.appRetry;
    this.kpl = producer.kpl;
    this.instances = producer.instances;
    this.kplTtlSteps = producer.kpl.recordTtlSec / dt;
    this.kplDelaySec = kplRetryDelaySec(producer.kpl.recordMaxBufferedTimeSec);
    // The longest wait is v + D < 1 + maxDelay/Δ steps; one more slot keeps the slot being read apart.
    this.ringSize = Math.ceil(this.maxRetryDelaySec() / dt - 1e-9) + 3;
    this.calendar = Array.from({ length: this.ringSize }, () => []);
    this.scratch = new Float64Array(this.ringSize + 1);
  }

  /** Fresh per-shard state for `n` shards; the KPL's limiter starts empty (limiter.h). */
  allocate(n: number): void {
    this.kplR = new Float64Array(n);
    this.kplB = new Float64Array(n);
    this.kplMark = new Int32Array(n).fill(-1);
    this.kplQueue = this.model === 'kpl' ? Array.from({ length: n }, () => []) : [];
    this.kplQueueHead = new Int32Array(this.model === 'kpl' ? n : 0);
    this.retryDue = new Float64Array(n);
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
      const r = client.appRetry;
      if (tries - 1 >= r.maxRetries) {
        sim.tally.drop('app-retries-exhausted', count);
        return;
      }
      const w = appRetryWindowSec(r.policy, tries - 1, r.baseDelaySec, r.maxDelaySec);
      if ('fixedSec' in w) schedule(sim, i, first, tries, count, w.fixedSec, 0, timing);
      else schedule(sim, i, first, tries, count, 0, w.jitterSec, timing);
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
      schedule(sim, i, first, tries, count, client.kplDelaySec, 0, timing);
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
    const sdk = client.sdk as SdkRetrySettings;
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
      schedule(sim, wanted[e] as number, wanted[e + 1] as number, tries, share, 0, sdkBackoffWindowMs(sdk, tries - 1) / 1000, timing, 1);
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
  const slot = client.calendar[(sim.step + steps) % ring] as number[];
  slot.push(i, first, tries, count);
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
  const client = sim.client;
  if (client.model === 'kpl') return client.kplDelaySec > 0 ? dueBefore(1, client.kplDelaySec / sim.dt, 0, true) : 0;
  if (client.model !== 'put-records') return 0;
  const r = client.appRetry;
  if (tries - 1 >= r.maxRetries || r.policy === 'immediate') return 0;
  const w = appRetryWindowSec(r.policy, tries - 1, r.baseDelaySec, r.maxDelaySec);
  if ('fixedSec' in w) return w.fixedSec > 0 ? dueBefore(1, w.fixedSec / sim.dt, 0, true) : 0;
  return dueBefore(1, 0, w.jitterSec / sim.dt, true);
}

/**
 * Schedules `count` records of shard i, attempted in this step, for a retry after a delay of `shiftSec` plus a
 * uniform share of `widthSec` (the rule at the top of this file): in the step that holds the due instant, at the
 * earliest `minSlot` steps ahead (a pulse's retries may fall in its own step, whose retries are collected after it;
 * SPREAD_LATER takes the due instant's law given that it is after this step). Few records are placed one by one;
 * many by systematic sampling of their due steps' distribution (exact total, each slot within one record of its
 * expectation).
 */
function schedule(
  sim: Sim,
  i: number,
  first: number,
  tries: number,
  count: number,
  shiftSec: number,
  widthSec: number,
  timing: Timing,
  minSlot = timing === AT_START && sim.client.collected < sim.step ? 0 : 1,
): void {
  if (count <= 0) return;
  const dt = sim.dt;
  const s = shiftSec / dt;
  const w = widthSec / dt;
  const spread = timing !== AT_START;
  const last = sim.client.ringSize - 1;
  const top = Math.min(last, Math.max(minSlot, Math.ceil(s + w + (spread ? 1 : 0))));
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
  if (top <= minSlot) {
    push(sim, minSlot, i, first, tries, count);
    return;
  }
  const sc = sim.client.scratch;
  const random = sim.random;
  random.use(i);
  if (count <= 4 * top) {
    for (let r = 0; r < count; r++) {
      let x: number;
      let guard = 0;
      do x = (spread ? random.next() : 0) + s + (w > 0 ? random.next() * w : 0);
      while (timing === SPREAD_LATER && below > 0 && x < 1 && ++guard < 64);
      const j = Math.floor(x + 1e-9);
      const slot = j < minSlot ? minSlot : j > top ? top : j;
      sc[slot] = (sc[slot] ?? 0) + 1;
    }
  } else {
    const u = random.next();
    let prev = 0;
    for (let j = minSlot; j < top; j++) {
      const p = (dueBefore(j + 1, s, w, spread) - below) / mass;
      const cum = Math.floor(count * (p < 0 ? 0 : p > 1 ? 1 : p) + u);
      sc[j] = cum - prev;
      prev = cum;
    }
    sc[top] = count - prev;
  }
  for (let j = minSlot; j <= top; j++) {
    const c = sc[j] ?? 0;
    if (c > 0) push(sim, j, i, first, tries, c);
    sc[j] = 0;
  }
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
  // Linked in reverse so that each shard's list keeps the order the entries were scheduled in.
  for (let e = entries - 1; e >= 0; e--) {
    const i = slot[4 * e] as number;
    const count = slot[4 * e + 3] as number;
    sim.tally.pending -= count;
    client.retryDue[i] = (client.retryDue[i] ?? 0) - count;
    if (head[i] === -1) client.dueShards.push(i);
    next[e] = head[i] as number;
    head[i] = e;
    cnt[i] = (cnt[i] ?? 0) + count;
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
