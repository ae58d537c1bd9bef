import { InternalError } from '../../errors.js';
import { PUT_RECORDS_MAX_BYTES, PUT_RECORDS_MAX_RECORDS } from '../../limits.js';
import { appRetryWindowSec, sdkBackoffWindowMs, type RetryQuota, type SdkRetrySettings } from '../retry.js';
import type { DropCause, ProducerStats } from '../types.js';
import { consume } from './readers.js';
import type { ProducerModel } from './setup.js';
import type { Sim } from './sim.js';
import { admit, pickShard, refill } from './write-buckets.js';

/**
 * A closed producer (traffic.client.workers = N): N workers, each with one request in flight at a time.
 *
 * New records join the buffer in arrival order; their shards are drawn only when a worker takes them, which is the
 * same law as drawing them on arrival (each record's key, hence shard, is independent of when it arrived and of
 * everything the buckets did). Then every worker whose next request falls in this step sends it, in time order: its
 * throttled entries if it has any (after their backoff), else the oldest records, up to 500 records and 10 MiB
 * (PutRecords) or one (PutRecord). Each request is admitted against this step's buckets like any send, its response
 * comes one round trip later, and the worker waits that round trip (plus the client's backoff when entries failed)
 * before its next request. So a worker never has two requests in flight, and with round trip R it starts at most one
 * request every R seconds.
 */

export class ClosedProducer {
  /** 0: an open producer, and nothing here is used. */
  readonly workers: number;
  readonly roundTripSec: number;
  /** Per worker: when it can send its next request (seconds). */
  readonly readyAt: Float64Array;
  /** Workers in a binary min-heap by readyAt. */
  readonly heap: Int32Array;
  /** Per worker: its throttled entries waiting to be resent, flat [shard, firstStep, attempts, count, ...]. */
  readonly retryLists: number[][];
  spareList: number[] = [];
  /** Records waiting for a worker, oldest first: flat [arrivalStep, count, ...] from bufferHead on. */
  buffer: number[] = [];
  bufferHead = 0;
  buffered = 0;
  /** Uniform arrivals: the fraction of a record carried to the next step. */
  carry = 0;
  /** End times of the requests in flight, oldest first (a ring of workers + 1 slots). */
  readonly flightEnds: Float64Array;
  flightHead = 0;
  flightSize = 0;
  requests = 0;
  maxInFlight = 0;
  maxBuffered = 0;
  /** A request's records per shard, and the shards it touches in order. */
  batchCounts!: Float64Array;
  batchShards!: Int32Array;

  constructor(producer: ProducerModel) {
    this.workers = producer.workers;
    this.roundTripSec = producer.roundTripSec;
    this.readyAt = new Float64Array(this.workers);
    this.heap = Int32Array.from({ length: this.workers }, (_, w) => w);
    this.retryLists = Array.from({ length: this.workers }, () => []);
    this.flightEnds = new Float64Array(this.workers + 1);
  }

  allocate(n: number): void {
    this.batchCounts = new Float64Array(n);
    this.batchShards = new Int32Array(n);
  }
}

/** One step of a closed producer: new arrivals, the workers' requests, then every shard's step as in stepping.ts. */
export function stepClosed(sim: Sim, k: number, perStep: number, poisson: boolean): void {
  const p = sim.closed;
  const n = sim.shards;
  const mean = perStep * (sim.cumShare[n - 1] ?? 1);
  let c: number;
  if (poisson) c = mean > 0 ? sim.streamRandom.poissonFast(mean) : 0;
  else {
    const x = p.carry + mean;
    c = Math.floor(x + 1e-9);
    p.carry = x - c;
  }
  if (c > 0) arriveClosed(sim, c);
  runWorkers(sim, k);
  if (p.buffered > p.maxBuffered) p.maxBuffered = p.buffered;
  // Every shard's buckets refill each step and are capped, as in deliverNewGeneral().
  const hasConsumers = sim.readers.consumers.length > 0;
  for (let i = 0; i < n; i++) {
    refill(sim, i, k);
    if (!sim.fixedWindow) {
      if ((sim.tokR[i] as number) > sim.capR) sim.tokR[i] = sim.capR;
      if ((sim.tokB[i] as number) > sim.capB) sim.tokB[i] = sim.capB;
    }
    if (hasConsumers) consume(sim, i, k);
  }
  const client = sim.client;
  if (client.quota && (client.sdkFirstTry > 0 || client.sdkAfterRetry > 0)) {
    client.quota.release(client.sdkFirstTry, client.sdkAfterRetry);
    client.sdkFirstTry = 0;
    client.sdkAfterRetry = 0;
  }
}

/** New records of a closed producer: into the buffer, or dropped when it is full. */
export function arriveClosed(sim: Sim, count: number): void {
  const p = sim.closed;
  const t = sim.tally;
  t.offer(count, sim.recordBytes);
  let kept = count;
  const bufferRecords = sim.producer.bufferRecords;
  if (t.pending + kept > bufferRecords) {
    kept = Math.max(0, bufferRecords - t.pending);
    t.drop('buffer-overflow', count - kept);
  }
  if (kept <= 0) return;
  const last = p.buffer.length - 2;
  if (last >= p.bufferHead && p.buffer[last] === sim.step) p.buffer[last + 1] = (p.buffer[last + 1] ?? 0) + kept;
  else p.buffer.push(sim.step, kept);
  p.buffered += kept;
  t.pending += kept;
}

/** The requests of step k, worker by worker in the order they are ready. */
function runWorkers(sim: Sim, k: number): void {
  const p = sim.closed;
  const start = k * sim.dt;
  const end = (k + 1) * sim.dt - 1e-9;
  const heap = p.heap;
  for (;;) {
    const w = heap[0] as number;
    const ready = p.readyAt[w] as number;
    if (ready >= end) return;
    const t = ready > start ? ready : start;
    const list = p.retryLists[w] as number[];
    if (list.length > 0) resendEntries(sim, w, t);
    else if (p.buffered > 0) sendBatch(sim, w, t);
    // Idle: nothing to send before the next step's arrivals.
    else p.readyAt[w] = end + 1e-9;
    siftDown(p);
  }
}

/** The most records a request carries: one for PutRecord clients, else PutRecords' 500 records and 10 MiB. */
function maxRequestRecords(sim: Sim): number {
  if (sim.isPutRecord) return 1;
  return Math.max(1, Math.min(PUT_RECORDS_MAX_RECORDS, Math.floor(PUT_RECORDS_MAX_BYTES / sim.recordBytes)));
}

/** Worker w takes the oldest buffered records and sends them as one request at time t. */
function sendBatch(sim: Sim, w: number, t: number): void {
  const p = sim.closed;
  startRequest(p, t);
  const list = p.retryLists[w] as number[];
  let want = Math.min(maxRequestRecords(sim), p.buffered);
  while (want > 0) {
    const first = p.buffer[p.bufferHead] as number;
    const avail = p.buffer[p.bufferHead + 1] as number;
    const take = avail < want ? avail : want;
    if (take === avail) p.bufferHead += 2;
    else p.buffer[p.bufferHead + 1] = avail - take;
    p.buffered -= take;
    sim.tally.pending -= take;
    want -= take;
    // Entries in request order: this segment's records, shard by shard (admission is first come, first served per
    // shard, and shards do not interact).
    const touched = assignShards(sim, take);
    for (let x = 0; x < touched; x++) {
      const i = p.batchShards[x] as number;
      const cnt = p.batchCounts[i] as number;
      p.batchCounts[i] = 0;
      refill(sim, i, sim.step);
      const rejected = admit(sim, i, first, 0, cnt);
      if (rejected > 0) list.push(i, first, 1, rejected);
    }
  }
  if (p.bufferHead > 4096 && p.bufferHead * 2 > p.buffer.length) {
    p.buffer = p.buffer.slice(p.bufferHead);
    p.bufferHead = 0;
  }
  afterResponse(sim, w, t, list);
}

/** Worker w resends its throttled entries as one request at time t. */
function resendEntries(sim: Sim, w: number, t: number): void {
  const p = sim.closed;
  startRequest(p, t);
  const list = p.retryLists[w] as number[];
  const next = p.spareList;
  next.length = 0;
  for (let e = 0; e < list.length; e += 4) {
    const i = list[e] as number;
    const first = list[e + 1] as number;
    const tries = list[e + 2] as number;
    const cnt = list[e + 3] as number;
    sim.tally.pending -= cnt;
    refill(sim, i, sim.step);
    const rejected = admit(sim, i, first, tries, cnt);
    if (rejected > 0) next.push(i, first, tries + 1, rejected);
  }
  list.length = 0;
  p.spareList = list;
  p.retryLists[w] = next;
  afterResponse(sim, w, t, next);
}

/**
 * The response to worker w's request sent at t: its throttled entries (all with the same number of attempts) are
 * kept for a resend or dropped as the client model says, and the worker's next request waits one round trip plus
 * the backoff.
 */
function afterResponse(sim: Sim, w: number, t: number, list: number[]): void {
  const client = sim.client;
  let delaySec = 0;
  if (list.length > 0) {
    const tries = list[2] as number;
    let total = 0;
    for (let e = 3; e < list.length; e += 4) total += list[e] as number;
    let cause: DropCause | undefined;
    switch (client.model) {
      case 'none':
        cause = 'not-retried';
        break;
      case 'put-records': {
        const r = client.appRetry;
        if (tries - 1 >= r.maxRetries) cause = 'app-retries-exhausted';
        else {
          const win = appRetryWindowSec(r.policy, tries - 1, r.baseDelaySec, r.maxDelaySec);
          delaySec = 'fixedSec' in win ? win.fixedSec : sim.streamRandom.next() * win.jitterSec;
        }
        break;
      }
      case 'put-record-sdk':
      case 'put-record-sdk-2026': {
        // One record a request: the SDK retries it inside the call, paying the retry quota.
        const sdk = client.sdk as SdkRetrySettings;
        if (tries >= sdk.maxAttempts) cause = 'sdk-attempts-exhausted';
        else if ((client.quota as RetryQuota).acquire(total) < total) cause = 'retry-quota-exhausted';
        else delaySec = (sim.streamRandom.next() * sdkBackoffWindowMs(sdk, tries - 1)) / 1000;
        break;
      }
      case 'kpl':
        throw new InternalError('closed producers do not use the KPL');
    }
    if (cause) {
      sim.tally.drop(cause, total);
      list.length = 0;
    } else sim.tally.pending += total;
  }
  const p = sim.closed;
  p.readyAt[w] = t + p.roundTripSec + delaySec;
}

/** Counts a request sent at t and how many are in flight then (each lasts one round trip). */
function startRequest(p: ClosedProducer, t: number): void {
  p.requests++;
  const ends = p.flightEnds;
  const size = ends.length;
  while (p.flightSize > 0 && (ends[p.flightHead] as number) <= t + 1e-12) {
    p.flightHead = (p.flightHead + 1) % size;
    p.flightSize--;
  }
  if (p.flightSize >= p.workers) throw new InternalError('a worker sent a request before the response to its last one');
  ends[(p.flightHead + p.flightSize) % size] = t + p.roundTripSec;
  p.flightSize++;
  if (p.flightSize > p.maxInFlight) p.maxInFlight = p.flightSize;
}

/**
 * Draws the shards of `count` records (each independently by the key shares), into batchCounts; the shards touched
 * are listed in batchShards, in the order first drawn. Returns how many.
 */
function assignShards(sim: Sim, count: number): number {
  const n = sim.shards;
  const counts = sim.closed.batchCounts;
  const order = sim.closed.batchShards;
  if (n === 1) {
    counts[0] = count;
    order[0] = 0;
    return 1;
  }
  let touched = 0;
  if (count <= 2 * n) {
    for (let r = 0; r < count; r++) {
      const i = pickShard(sim, sim.streamRandom.next());
      if (counts[i] === 0) order[touched++] = i;
      counts[i] = (counts[i] as number) + 1;
    }
    return touched;
  }
  // Many records: the multinomial split shard by shard, each a binomial of what is left.
  let rest = count;
  let restShare = sim.cumShare[n - 1] ?? 1;
  for (let i = 0; i < n && rest > 0; i++) {
    const sh = sim.share[i] as number;
    const c = i === n - 1 || sh >= restShare ? rest : sim.streamRandom.binomial(rest, sh / restShare);
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
function siftDown(p: ClosedProducer): void {
  const heap = p.heap;
  const key = p.readyAt;
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

/** How the producer offered its records, for the result. */
export function producerStats(sim: Sim): ProducerStats {
  const p = sim.closed;
  const limit = sim.producer.bufferRecords;
  const bufferRecords = Number.isFinite(limit) ? limit : undefined;
  if (p.workers === 0) return { model: 'open', bufferRecords };
  return {
    model: 'closed',
    workers: p.workers,
    roundTripMs: p.roundTripSec * 1000,
    maxRecordsPerRequest: maxRequestRecords(sim),
    bufferRecords,
    requests: p.requests,
    maxRequestsInFlight: p.maxInFlight,
    maxBufferedRecords: p.maxBuffered,
  };
}
