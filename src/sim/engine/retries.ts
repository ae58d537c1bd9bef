import { SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC } from '../../limits.js';
import { KPL_LIMITER_MAX_BYTES, KPL_LIMITER_MAX_RECORDS } from '../constants.js';
import { RetryQuota, appRetryWindowSec, kplRetryDelaySec, sdkBackoffWindowMs, sdkRetrySettings, type SdkRetrySettings } from '../retry.js';
import { admissibleCount } from '../token-bucket.js';
import type { Client, ProducerModel } from './setup.js';
import type { Sim } from './sim.js';
import { admit, refill } from './write-buckets.js';

/**
 * The producer's client (retry.ts holds its constants and models): what it does with throttled records, and the
 * calendar of retries due. The application's PutRecords loop resends after a fixed delay or a full-jitter window; the
 * SDK's PutRecord retries after its full-jitter backoff while its retry quota pays; the KPL re-buffers a throttled
 * record for half its RecordMaxBufferedTime and sends through its own per-shard limiter; `none` drops. A retry waits
 * in the calendar, a ring of one slot per step as long as the longest delay, until the step it is due.
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

  /** Retry calendar: slot → flat [shard, firstStep, tries, count, ...]. */
  readonly calendar: number[][];
  readonly ringSize: number;
  readonly scratch: Float64Array;
  /** Per shard: records waiting in the calendar. */
  retryDue!: Float64Array;

  /** Per shard: the KPL's limiter (records, bytes) and the step it was last refilled. */
  kplR!: Float64Array;
  kplB!: Float64Array;
  kplMark!: Int32Array;

  constructor(producer: ProducerModel, dt: number) {
    this.model = producer.client;
    this.sdk = sdkRetrySettings(this.model);
    this.quota = this.sdk ? new RetryQuota(this.sdk, producer.instances) : undefined;
    this.appRetry = producer.appRetry;
    this.kpl = producer.kpl;
    this.instances = producer.instances;
    this.kplTtlSteps = producer.kpl.recordTtlSec / dt;
    this.kplDelaySec = kplRetryDelaySec(producer.kpl.recordMaxBufferedTimeSec);
    this.ringSize = Math.ceil(this.maxRetryDelaySec() / dt - 1e-9) + 2;
    this.calendar = Array.from({ length: this.ringSize }, () => []);
    this.scratch = new Float64Array(this.ringSize);
  }

  /** Fresh per-shard state for `n` shards; the KPL's limiter starts empty (limiter.h). */
  allocate(n: number): void {
    this.kplR = new Float64Array(n);
    this.kplB = new Float64Array(n);
    this.kplMark = new Int32Array(n).fill(-1);
    this.retryDue = new Float64Array(n);
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

/** Sends `count` records to shard i; the server admits what its buckets allow; the client handles the rest. */
export function send(sim: Sim, i: number, first: number, tries: number, count: number): void {
  const rejected = admit(sim, i, first, tries, count);
  if (rejected > 0) onThrottled(sim, i, first, tries + 1, rejected);
}

/** What the client does with `count` records of shard i just throttled on their `tries`-th attempt. */
export function onThrottled(sim: Sim, i: number, first: number, tries: number, count: number): void {
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
      if ('fixedSec' in w) scheduleFixed(sim, i, first, tries, count, w.fixedSec);
      else scheduleJitter(sim, i, first, tries, count, w.jitterSec);
      return;
    }
    case 'put-record-sdk':
    case 'put-record-sdk-2026': {
      const sdk = client.sdk as SdkRetrySettings;
      if (tries >= sdk.maxAttempts) {
        sim.tally.drop('sdk-attempts-exhausted', count);
        return;
      }
      const paid = (client.quota as RetryQuota).acquire(count);
      if (paid < count) sim.tally.drop('retry-quota-exhausted', count - paid);
      scheduleJitter(sim, i, first, tries, paid, sdkBackoffWindowMs(sdk, tries - 1) / 1000);
      return;
    }
    case 'kpl':
      scheduleFixed(sim, i, first, tries, count, client.kplDelaySec);
      return;
  }
}

/** Puts `count` records of shard i in the calendar `d` steps ahead (at least 1, at most the ring's length). */
export function push(sim: Sim, d: number, i: number, first: number, tries: number, count: number): void {
  if (count <= 0) return;
  const client = sim.client;
  const ring = client.ringSize;
  const steps = d < 1 ? 1 : d >= ring ? ring - 1 : d;
  const slot = client.calendar[(sim.step + steps) % ring] as number[];
  slot.push(i, first, tries, count);
  sim.tally.pending += count;
  client.retryDue[i] = (client.retryDue[i] ?? 0) + count;
}

function scheduleFixed(sim: Sim, i: number, first: number, tries: number, count: number, delaySec: number): void {
  push(sim, Math.ceil(delaySec / sim.dt - 1e-9), i, first, tries, count);
}

/** Full jitter: each record waits U·w; a record drawn into (j−1)Δ, jΔ] is retried j steps later. */
function scheduleJitter(sim: Sim, i: number, first: number, tries: number, count: number, windowSec: number): void {
  if (count <= 0) return;
  const dt = sim.dt;
  const m = Math.min(sim.client.ringSize - 1, Math.max(1, Math.ceil(windowSec / dt - 1e-9)));
  if (m === 1) {
    push(sim, 1, i, first, tries, count);
    return;
  }
  const sc = sim.client.scratch;
  const random = sim.random;
  if (count <= 4 * m) {
    for (let r = 0; r < count; r++) {
      const j = Math.max(1, Math.min(m, Math.ceil((random.next() * windowSec) / dt)));
      sc[j] = (sc[j] ?? 0) + 1;
    }
  } else {
    // Systematic sampling of the uniform delay: exact total, each slot within one record of its expectation.
    const u = random.next();
    let prev = 0;
    for (let j = 1; j <= m; j++) {
      const cum = Math.floor((count * Math.min(j * dt, windowSec)) / windowSec + u);
      sc[j] = cum - prev;
      prev = cum;
    }
    sc[m] = (sc[m] ?? 0) + (count - prev);
  }
  for (let j = 1; j <= m; j++) {
    const c = sc[j] ?? 0;
    if (c > 0) push(sim, j, i, first, tries, c);
    sc[j] = 0;
  }
}

/** Sends the retries due at step k, in the order they were scheduled (the KPL: through its limiter, within its TTL). */
export function processCalendar(sim: Sim, k: number): void {
  const client = sim.client;
  const slot = client.calendar[k % client.ringSize] as number[];
  if (slot.length === 0) return;
  const entries = slot.splice(0, slot.length);
  const isKpl = client.model === 'kpl';
  for (let e = 0; e < entries.length; e += 4) {
    const i = entries[e] as number;
    const first = entries[e + 1] as number;
    const tries = entries[e + 2] as number;
    let count = entries[e + 3] as number;
    sim.tally.pending -= count;
    client.retryDue[i] = (client.retryDue[i] ?? 0) - count;
    refill(sim, i, k);
    if (isKpl) {
      if (k - first > client.kplTtlSteps + 1e-9) {
        sim.tally.drop('ttl-expired', count);
        continue;
      }
      const sendable = kplLimit(sim, i, k, count);
      push(sim, 1, i, first, tries, count - sendable);
      count = sendable;
    }
    send(sim, i, first, tries, count);
  }
}

/**
 * The KPL's per-shard limiter (RateLimit × the shard's limits per instance, at most 1,000 records and 10 MiB per
 * instance): how many of `count` records of shard i it lets through at step k.
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
