import { admissibleCount } from '../token-bucket.js';
import type { Sim } from './sim.js';

/**
 * Each shard's two write buckets, records and bytes (token-bucket.ts for the model): refilled once per step, reset at
 * each whole second with a fixed window, and the admission of a batch of records against them. stepping.ts inlines
 * the same arithmetic for the common case; whole-seconds.ts proves when a second of it can be skipped.
 */

/** Refills shard i's write buckets for step k, once per step (the level may pass the depth until the step's cap). */
export function refill(sim: Sim, i: number, k: number): void {
  if (sim.mark[i] === k) return;
  sim.mark[i] = k;
  sim.tokR[i] = (sim.tokR[i] ?? 0) + sim.refillR;
  sim.tokB[i] = (sim.tokB[i] ?? 0) + sim.refillB;
}

/** Fixed-window enforcement: every shard's allowance is reset at a whole second (bytes debt is repaid first). */
export function resetWindows(sim: Sim): void {
  const n = sim.shards;
  for (let i = 0; i < n; i++) {
    sim.tokR[i] = sim.windowR;
    const b = sim.tokB[i] ?? 0;
    sim.tokB[i] = b < 0 ? Math.min(sim.windowB, b + sim.windowB) : sim.windowB;
  }
}

/**
 * Offers `count` records of shard i (first offered at step `first`, `tries` attempts before this one) to its buckets
 * and counts the outcome; returns how many were throttled.
 */
export function admit(sim: Sim, i: number, first: number, tries: number, count: number): number {
  if (count <= 0) return 0;
  const k = sim.step;
  const cost = sim.costBytes;
  const tr = sim.tokR[i] ?? 0;
  const tb = sim.tokB[i] ?? 0;
  let a = tr >= 1 ? Math.floor(tr + 1e-9) : 0;
  if (a > count) a = count;
  if (a > 0) {
    const byBytes = admissibleCount(tb, cost, sim.bytesRule);
    if (byBytes < a) a = byBytes;
  }
  sim.tokR[i] = tr - a;
  const nb = tb - a * cost;
  sim.tokB[i] = nb < -sim.maxDebtB ? -sim.maxDebtB : nb;
  const t = sim.tally;
  t.attempt(count);
  t.attemptsS[i] = (t.attemptsS[i] ?? 0) + count;
  if (tries > 0) t.retry(count);
  if (a > 0) {
    t.accept(a, sim.recordBytes);
    t.acceptedS[i] = (t.acceptedS[i] ?? 0) + a;
    const accCum = sim.readers.accCum;
    accCum[i] = (accCum[i] ?? 0) + a;
    t.waited(k - first, a);
    const client = sim.client;
    if (client.quota) {
      if (tries === 0) client.sdkFirstTry += a;
      else client.sdkAfterRetry += a;
    }
  }
  const rejected = count - a;
  if (rejected > 0) {
    t.throttle(rejected);
    t.throttledS[i] = (t.throttledS[i] ?? 0) + rejected;
  }
  return rejected;
}

/** The shard whose slice of the cumulative key shares holds `u` (uniform in [0, 1)). */
export function pickShard(sim: Sim, u: number): number {
  const cumShare = sim.cumShare;
  let lo = 0;
  let hi = sim.shards - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumShare[mid] ?? 1) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
