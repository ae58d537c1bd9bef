import {
  EFO_READ_BYTES_PER_SEC,
  GET_RECORDS_MAX_BYTES,
  GET_RECORDS_MAX_RECORDS,
  SHARD_GET_RECORDS_CALLS_PER_SEC,
  SHARD_READ_BYTES_PER_SEC,
} from '../../limits.js';
import { EFO_PROPAGATION_SEC } from '../constants.js';
import type { ConsumerStats } from '../types.js';
import type { ConsumerModel } from './setup.js';
import { childSeed } from '../random.js';
import type { Sim } from './sim.js';

/** The label of the readers' seeds under the stream's seed. */
const POLL_SEEDS = 30_000;

/**
 * The stream's readers. Polling consumers and Lambda call GetRecords on each shard every poll interval, sharing the
 * shard's 5 calls/s and 2 MiB/s read buckets (read bytes may go into debt: GetRecords' 5 s penalty after a 10 MiB
 * read); Lambda polls again at once while it is behind. Enhanced fan-out pushes each consumer its own 2 MiB/s per
 * shard. Iterator age comes from a ring of each shard's accepted count at the end of every second of the last hour.
 * A consumer that states a processing speed reads no more than it has processed: its allowance grows at that speed,
 * up to one poll interval's worth (at least a second's), so a slow consumer falls behind and its iterator age grows.
 */

/** Iterator age is tracked over this window; a longer lag is reported as at least this. */
export const LAG_WINDOW_SEC = 3600;
/** Lambda keeps polling while behind; we model the catch-up polls at the shard's 5 calls/s (every 200 ms). */
const LAMBDA_CATCH_UP_SEC = 1 / SHARD_GET_RECORDS_CALLS_PER_SEC;
const READ_MAX_DEBT_BYTES = GET_RECORDS_MAX_BYTES - SHARD_READ_BYTES_PER_SEC;

export class Readers {
  readonly consumers: { name: string; type: 'polling' | 'lambda' | 'efo'; intervalSteps: number; processingPerSec: number | null; processingCap: number }[];
  readonly stats: ConsumerStats[];

  // Per shard.
  /** Records accepted by the shard so far: a consumer's backlog is this less what it has read. */
  accCum!: Float64Array;
  /** accCum at the end of each second of the window: [second % window][shard]. */
  lagRing!: Float64Array;
  readCallTok!: Float64Array;
  readByteTok!: Float64Array;
  /** The step the read buckets were last refilled. */
  readLast!: Int32Array;

  // Per consumer and shard: [consumer][shard].
  readCum!: Float64Array;
  nextPoll!: Float64Array;
  efoAllow!: Float64Array;
  /** Records a consumer with a processing speed may still read, and the step it was last topped up. */
  procAllow!: Float64Array;
  procLast!: Float64Array;

  constructor(consumers: ConsumerModel[], dt: number) {
    this.consumers = consumers.map((c) => {
      const intervalSteps = Math.max(1, Math.round(c.intervalSec / dt));
      const processingCap = c.processingPerSec === null ? 0 : c.processingPerSec * Math.max(1, c.type === 'efo' ? 1 : intervalSteps * dt);
      return { name: c.name, type: c.type, intervalSteps, processingPerSec: c.processingPerSec, processingCap };
    });
    this.stats = this.consumers.map((c) => ({
      name: c.name,
      type: c.type,
      getRecordsCalls: 0,
      readThrottledCalls: 0,
      recordsRead: 0,
      maxIteratorAgeMs: 0,
      isIteratorAgeCapped: false,
    }));
  }

  /** Fresh per-shard state for `n` shards at step `step`: full read buckets, nothing accepted or read. */
  allocate(n: number, step: number): void {
    this.accCum = new Float64Array(n);
    this.lagRing = new Float64Array(LAG_WINDOW_SEC * n);
    this.readCallTok = new Float64Array(n).fill(SHARD_GET_RECORDS_CALLS_PER_SEC);
    this.readByteTok = new Float64Array(n).fill(SHARD_READ_BYTES_PER_SEC);
    this.readLast = new Int32Array(n).fill(step);
    const c = this.consumers.length;
    this.readCum = new Float64Array(c * n);
    this.nextPoll = new Float64Array(c * n);
    this.efoAllow = new Float64Array(c * n);
    this.procAllow = new Float64Array(c * n);
    this.procLast = new Float64Array(c * n).fill(step);
    this.consumers.forEach((x, j) => this.procAllow.fill(x.processingCap, j * n, (j + 1) * n));
  }
}

/**
 * Staggers the first poll of each consumer on each shard over its interval: a step drawn from a seed of the shard and
 * the consumer alone, so that the readers take nothing from the shard's own sequence.
 */
export function staggerPolls(sim: Sim): void {
  const r = sim.readers;
  const n = sim.shards;
  const seed = childSeed(sim.streamSeed, POLL_SEEDS);
  for (let j = 0; j < r.consumers.length; j++) {
    const interval = r.consumers[j]?.intervalSteps ?? 1;
    for (let i = 0; i < n; i++) r.nextPoll[j * n + i] = Math.floor((childSeed(childSeed(seed, j), sim.shardBase + i) / 2 ** 32) * interval);
  }
}

/** Step k of every consumer on shard i: an enhanced fan-out push, or a GetRecords call when its poll is due. */
export function consume(sim: Sim, i: number, k: number): void {
  const r = sim.readers;
  const n = sim.shards;
  const bytes = sim.recordBytes;
  const dt = sim.dt;
  for (let j = 0; j < r.consumers.length; j++) {
    const c = r.consumers[j] as (typeof r.consumers)[number];
    const stats = r.stats[j] as ConsumerStats;
    const idx = j * n + i;
    const backlog = (r.accCum[i] ?? 0) - (r.readCum[idx] ?? 0);
    const processed = processedAllowance(r, c, idx, k, dt);
    if (c.type === 'efo') {
      const allow = Math.min(EFO_READ_BYTES_PER_SEC, (r.efoAllow[idx] ?? 0) + EFO_READ_BYTES_PER_SEC * dt);
      const got = Math.min(backlog, Math.floor(allow / bytes + 1e-9), processed);
      if (c.processingPerSec !== null) r.procAllow[idx] = (r.procAllow[idx] ?? 0) - got;
      r.efoAllow[idx] = allow - got * bytes;
      r.readCum[idx] = (r.readCum[idx] ?? 0) + got;
      stats.recordsRead += got;
      continue;
    }
    if (k < (r.nextPoll[idx] ?? 0)) continue;
    // Read buckets refill lazily at their own rates (read bytes may be in debt: API_GetRecords' 5 s penalty).
    const elapsed = (k - (r.readLast[i] ?? k)) * dt;
    if (elapsed > 0) {
      r.readCallTok[i] = Math.min(SHARD_GET_RECORDS_CALLS_PER_SEC, (r.readCallTok[i] ?? 0) + SHARD_GET_RECORDS_CALLS_PER_SEC * elapsed);
      r.readByteTok[i] = Math.min(SHARD_READ_BYTES_PER_SEC, (r.readByteTok[i] ?? 0) + SHARD_READ_BYTES_PER_SEC * elapsed);
      r.readLast[i] = k;
    }
    stats.getRecordsCalls += 1;
    if ((r.readCallTok[i] ?? 0) >= 1 && (r.readByteTok[i] ?? 0) > 0) {
      r.readCallTok[i] = (r.readCallTok[i] ?? 0) - 1;
      const got = Math.max(0, Math.min(backlog, GET_RECORDS_MAX_RECORDS, Math.max(1, Math.floor(GET_RECORDS_MAX_BYTES / bytes)), processed));
      const whole = Math.floor(got + 1e-9);
      if (c.processingPerSec !== null) r.procAllow[idx] = (r.procAllow[idx] ?? 0) - whole;
      r.readByteTok[i] = Math.max(-READ_MAX_DEBT_BYTES, (r.readByteTok[i] ?? 0) - whole * bytes);
      r.readCum[idx] = (r.readCum[idx] ?? 0) + whole;
      stats.recordsRead += whole;
      // Behind because it is still processing (not for want of reads): it polls again when it has room, as usual.
      const behind = backlog - whole >= 1 && whole < processed;
      r.nextPoll[idx] = k + (c.type === 'lambda' && behind ? Math.max(1, Math.round(LAMBDA_CATCH_UP_SEC / dt)) : c.intervalSteps);
    } else {
      stats.readThrottledCalls += 1;
      const t = sim.tally;
      t.mReadThrottled[t.minute] = (t.mReadThrottled[t.minute] ?? 0) + 1;
      r.nextPoll[idx] = k + c.intervalSteps;
    }
  }
}

/** Whole records consumer c may read on a shard at step k: unbounded without a speed, else what it has processed. */
function processedAllowance(r: Readers, c: Readers['consumers'][number], idx: number, k: number, dt: number): number {
  if (c.processingPerSec === null) return Number.POSITIVE_INFINITY;
  const allow = Math.min(c.processingCap, (r.procAllow[idx] ?? 0) + c.processingPerSec * (k - (r.procLast[idx] ?? k)) * dt);
  r.procAllow[idx] = allow;
  r.procLast[idx] = k;
  return Math.floor(allow + 1e-9);
}

/** End of the second of step k: each shard's accepted count goes into the lag ring. */
export function recordLag(sim: Sim, k: number): void {
  const r = sim.readers;
  const sec = Math.floor(k / sim.stepsPerSec);
  r.lagRing.set(r.accCum, (sec % LAG_WINDOW_SEC) * sim.shards);
}

/** End of the minute of step k: each consumer's largest iterator age over the shards (kept in its stats); the worst. */
export function worstIteratorAgeMs(sim: Sim, k: number): number {
  const r = sim.readers;
  const nowSec = (k + 1) * sim.dt;
  const sec = Math.floor(k / sim.stepsPerSec);
  let worst = 0;
  for (let j = 0; j < r.consumers.length; j++) {
    const stats = r.stats[j] as ConsumerStats;
    for (let i = 0; i < sim.shards; i++) {
      const { ageMs, capped } = iteratorAgeMs(sim, j, i, nowSec, sec);
      if (ageMs > worst) worst = ageMs;
      if (ageMs > stats.maxIteratorAgeMs) stats.maxIteratorAgeMs = ageMs;
      if (capped) stats.isIteratorAgeCapped = true;
    }
  }
  return worst;
}

/** Iterator age (ms) of consumer j on shard i: how long ago its oldest unread record was accepted. */
function iteratorAgeMs(sim: Sim, j: number, i: number, nowSec: number, sec: number): { ageMs: number; capped: boolean } {
  const r = sim.readers;
  const n = sim.shards;
  const read = r.readCum[j * n + i] ?? 0;
  const extra = r.consumers[j]?.type === 'efo' ? EFO_PROPAGATION_SEC * 1000 : 0;
  if ((r.accCum[i] ?? 0) - read < 1 - 1e-9) return { ageMs: 0, capped: false };
  const oldest = Math.max(0, sec - LAG_WINDOW_SEC + 1);
  const ring = r.lagRing;
  const at = (s: number) => ring[(s % LAG_WINDOW_SEC) * n + i] ?? 0;
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
