import { InternalError } from '../../errors.js';
import type { Random } from '../random.js';
import type { Sim } from './sim.js';

/**
 * Held seconds (whole-seconds.ts, whose header holds the proof these functions rely on): a shard-second done whole
 * keeps its arrivals as blocks of steps and a bound (2) on its end deficit instead of exact bucket levels. Here the
 * bound is computed and lowered by binomial splits of the blocks (refineHeld), and the second is split into steps and
 * replayed with stepping's arithmetic when its levels are needed (resolveHeld). The verification mode
 * (EngineTestHooks.verifyWholeSeconds) also replays every held second from its true start levels and throws if a step
 * would throttle, if the levels differ, or if a true deficit is above the bound the engine used.
 */

/** Slack in the whole-second test (1), far above floating-point error in the bucket levels (records, bytes). */
export const WHOLE_SECOND_SLACK_RECORDS = 1e-6;
export const WHOLE_SECOND_SLACK_BYTES = 1e-3;

/** Upper bound of the deficit (unit u, refill r per step) at the end of shard i's held second; see (2). */
export function heldDeficit(sim: Sim, i: number, u: number, r: number, startDeficit: number): number {
  const ws = sim.whole;
  const sps = sim.stepsPerSec;
  const base = i * sps;
  const cnt = ws.blkCnt;
  const end = ws.blkEnd;
  const total = ws.heldTotal[i] as number;
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
export function refineHeld(sim: Sim, i: number, u: number, r: number, startDeficit: number): boolean {
  const ws = sim.whole;
  const sps = sim.stepsPerSec;
  const base = i * sps;
  const cnt = ws.blkCnt;
  const end = ws.blkEnd;
  const total = ws.heldTotal[i] as number;
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
  ws.probe.refinements++;
  sim.random.use(i);
  const b = end[base + at] as number;
  const cum = ws.prevStepCum;
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
  const inRight = n > 0 && right > 0 ? sim.random.binomial(n, whole > right ? right / whole : 1) : 0;
  cnt[base + at] = n - inRight;
  end[base + at] = mid;
  cnt[base + mid] = inRight;
  end[base + mid] = b;
  return true;
}

/** Computes the bucket levels at the end of shard i's held second: its blocks split into steps, then replayed. */
export function resolveHeld(sim: Sim, i: number): void {
  const ws = sim.whole;
  if (ws.held[i] !== 1) return;
  ws.held[i] = 0;
  ws.probe.resolved++;
  if (ws.heldMulti[i] === 1) ws.probe.resolvedMultiBlock++;
  splitHeld(sim, i);
  if (ws.verify) {
    // The replay from the true start levels must admit everything, and end where the engine's replay ends.
    replayHeld(sim, i, ws.exactStartR[i] as number, ws.exactStartB[i] as number, true);
    checkBound(sim, i);
    const r = ws.replayR;
    const b = ws.replayB;
    replayHeld(sim, i, ws.heldStartR[i] as number, ws.heldStartB[i] as number, false);
    if (Math.abs(r - ws.replayR) > WHOLE_SECOND_SLACK_RECORDS || Math.abs(b - ws.replayB) > WHOLE_SECOND_SLACK_BYTES) {
      throw new InternalError(`the held second of shard ${i} ends at ${ws.replayR}, ${ws.replayB}; from its true start at ${r}, ${b}`);
    }
  } else {
    replayHeld(sim, i, ws.heldStartR[i] as number, ws.heldStartB[i] as number, true);
  }
  sim.tokR[i] = ws.replayR;
  sim.tokB[i] = ws.replayB;
}

/** Splits the blocks of shard i's held second into single steps. */
function splitHeld(sim: Sim, i: number): void {
  sim.random.use(i);
  const ws = sim.whole;
  const sps = sim.stepsPerSec;
  const base = i * sps;
  const cnt = ws.blkCnt;
  for (let a = 0; a < sps; ) {
    const b = ws.blkEnd[base + a] as number;
    if (b - a > 1) {
      splitCounts(sim.random, cnt[base + a] as number, ws.prevStepMeans, a, b, cnt, base);
      for (let j = a; j < b; j++) ws.blkEnd[base + j] = j + 1;
    }
    a = b;
  }
}

/**
 * Replays shard i's held second, split into steps, from levels (r, b) with stepping.ts's arithmetic (deliverNew), all
 * admitted ((1)); with `check`, throws if a step would not admit its records, as a guard on the proof.
 * Leaves the levels at the end in replayR, replayB.
 */
function replayHeld(sim: Sim, i: number, startR: number, startB: number, check: boolean): void {
  const ws = sim.whole;
  const sps = sim.stepsPerSec;
  const base = i * sps;
  const cnt = ws.blkCnt;
  const cost = sim.costBytes;
  const minB = -sim.maxDebtB;
  let tr = startR;
  let tb = startB;
  for (let j = 0; j < sps; j++) {
    const c = cnt[base + j] as number;
    tr += sim.refillR;
    tb += sim.refillB;
    if (c > 0) {
      const byRecords = tr >= 1 ? Math.floor(tr + 1e-9) : 0;
      const byBytes = tb >= cost ? Math.floor(tb / cost + 1e-9) : 0;
      if (check && (byRecords < c || byBytes < c)) throw new InternalError(`a whole second of shard ${i} would have been throttled`);
      const nb = tb - c * cost;
      tr = tr - c > sim.capR ? sim.capR : tr - c;
      tb = nb < minB ? minB : nb > sim.capB ? sim.capB : nb;
    } else {
      if (tr > sim.capR) tr = sim.capR;
      if (tb > sim.capB) tb = sim.capB;
    }
  }
  ws.replayR = tr;
  ws.replayB = tb;
}

/** Verification: keeps the smallest bounds the engine has used for shard i's held second (`fresh`: a new one). */
export function noteBound(sim: Sim, i: number, fresh: boolean): void {
  const ws = sim.whole;
  const r = ws.heldBoundR[i] as number;
  const b = ws.bytesFollow ? Number.POSITIVE_INFINITY : (ws.heldBoundB[i] as number);
  ws.usedBoundR[i] = fresh ? r : Math.min(r, ws.usedBoundR[i] as number);
  ws.usedBoundB[i] = fresh ? b : Math.min(b, ws.usedBoundB[i] as number);
}

/**
 * Verification, after shard i's held second was replayed from its true start (levels in replayR, replayB): the true
 * deficits are within the bounds the engine used, (2), and with bytes following, the bytes deficit is within u
 * times the records deficit, (5).
 */
function checkBound(sim: Sim, i: number): void {
  const ws = sim.whole;
  const dR = sim.capR - ws.replayR;
  const dB = sim.capB - ws.replayB;
  const boundB = ws.bytesFollow ? sim.costBytes * dR : (ws.usedBoundB[i] as number);
  if (dR > (ws.usedBoundR[i] as number) + WHOLE_SECOND_SLACK_RECORDS || dB > boundB + WHOLE_SECOND_SLACK_BYTES) {
    throw new InternalError(
      `the held second of shard ${i} ends with deficits ${dR}, ${dB} above the bounds ${ws.usedBoundR[i]}, ${boundB}`,
    );
  }
}

/**
 * Verification (EngineTestHooks.verifyWholeSeconds), before shard i holds a new second: the true levels at its start,
 * the previous held second replayed (and checked) from its own true start when there was one.
 */
export function verifyHold(sim: Sim, i: number, wasHeld: boolean): void {
  const ws = sim.whole;
  if (!wasHeld) {
    ws.exactStartR[i] = sim.tokR[i] as number;
    ws.exactStartB[i] = sim.tokB[i] as number;
    return;
  }
  ws.probe.verifiedChained++;
  splitHeld(sim, i);
  replayHeld(sim, i, ws.exactStartR[i] as number, ws.exactStartB[i] as number, true);
  checkBound(sim, i);
  ws.exactStartR[i] = ws.replayR;
  ws.exactStartB[i] = ws.replayB;
}

/**
 * Splits `total` records over steps [a, b) in proportion to `means`, exactly as independent Poisson counts given
 * their sum: the last step takes Binomial(rest, m_j / Σ_{a≤l≤j} m_l), and so on down. Writes out[at + j].
 */
export function splitCounts(random: Random, total: number, means: Float64Array, a: number, b: number, out: Float64Array, at: number): void {
  let sum = 0;
  for (let j = a; j < b; j++) sum += means[j] as number;
  let rest = total;
  for (let j = b - 1; j > a; j--) {
    const m = means[j] as number;
    const c = rest > 0 && m > 0 ? random.binomial(rest, sum > m ? m / sum : 1) : 0;
    out[at + j] = c;
    rest -= c;
    sum -= m;
  }
  out[at + a] = rest;
}
