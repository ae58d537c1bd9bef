import { InternalError } from '../../errors.js';
import { admissibleCount } from '../token-bucket.js';
import { isBytesOnlyTrace } from '../traffic.js';
import { EXACT_POISSON_MAX_MEAN, NORMAL_INDEX_SHIFT } from './arrival-counts.js';
import { arriveClosed, stepClosed } from './closed-producer.js';
import { resolveHeld } from './held-seconds.js';
import { consume, recordLag, worstIteratorAgeMs } from './readers.js';
import { applySplit, decideSplit } from './resharding.js';
import { SPREAD, collectDue, inStepShare, onThrottled, settleSdkRetries } from './retries.js';
import { serveShard } from './service.js';
import type { Sim } from './sim.js';
import { chunkResult, type ChunkResult } from './chunks.js';
import { GIVEN, planSecond, type WholeSecondProbe } from './whole-seconds.js';
import { refill, resetWindows } from './write-buckets.js';

/**
 * The main loop. Each step of Δ seconds: an on-demand split falls due, a fixed window resets, a new second is planned
 * (whole-seconds.ts), instantaneous pulses arrive, the retries due are collected (retries.ts), then each shard's new
 * records are drawn and offered to its write buckets together with its retries due (service.ts: they share the step's
 * admissions in proportion), and its readers take their turn (readers.ts). A closed producer
 * (closed-producer.ts) replaces the last part. Seconds and minutes are closed for the tallies (tallies.ts).
 *
 * Timing: step k covers [k/n, (k+1)/n) with n steps a second (Sim.timeOf), its new records have the mean of the rate's
 * integral over it (traffic.ts), and a pulse at instant t arrives once, at the start of the step that holds t
 * (stepOf: within float noise of a boundary, the later step), before that step's refill and its other arrivals.
 */

/** A pulse up to this many records is spread record by record over the shards; a larger one by its expected shares. */
const PULSE_DRAWN_MAX_RECORDS = 1_000_000;

/** Runs the simulation to its end and returns its counts (with the whole-second path's counts in `probe`). */
export function runSimulation(sim: Sim, probe: WholeSecondProbe | undefined): ChunkResult {
  const sps = sim.stepsPerSec;
  const stepsPerMinute = 60 * sps;
  const progressEvery = Math.max(1, Math.floor(sim.steps / 100));
  const poisson = sim.producer.isPoisson;
  const bytesOnly = isBytesOnlyTrace(sim.trace);
  const ws = sim.whole;
  const isWhole = ws.isOn;
  const isClosed = sim.closed.workers > 0;
  let progressAt = progressEvery;
  for (let k = 0; k < sim.steps; k++) {
    sim.step = k;
    const t = sim.timeOf(k);
    const split = sim.scaling.pendingSplit;
    if (split && k >= split.atStep) applySplit(sim, t);
    if (sim.fixedWindow && k % sps === 0) resetWindows(sim);
    if (isWhole && k % sps === 0) {
      planSecond(sim, k);
      if (ws.activeCount === 0 && ws.isQuiet) {
        // Every shard's second is done whole: nothing happens in its steps (no shard is stepped, no retry is due, no
        // pulse or split falls in it), so the second ends at once.
        k += sps - 1;
        sim.step = k;
        sim.client.collected = k;
        endSecond(sim, k);
        if ((k + 1) % stepsPerMinute === 0 || k === sim.steps - 1) endMinute(sim, k);
        if (sim.onSteps && k + 1 >= progressAt) {
          sim.onSteps(k + 1);
          progressAt = (Math.floor((k + 1) / progressEvery) + 1) * progressEvery;
        }
        continue;
      }
    }
    if (sim.bytesFromTrace) {
      const b = sim.rate.traceRecordBytes(sim.timeOf(k + 0.5));
      if (b !== undefined) {
        sim.recordBytes = b;
        sim.costBytes = sim.byteCost(b);
      }
    }
    if (sim.nextPulse < sim.pulseSteps.length && sim.pulseSteps[sim.nextPulse] === k) {
      const pulse = Math.round((sim.pulseRecords[sim.nextPulse] as number) / sim.perKinesis);
      sim.nextPulse++;
      if (pulse > 0) {
        if (isClosed) arriveClosed(sim, pulse);
        else deliverPulse(sim, pulse);
      }
    }
    collectDue(sim, k);
    let perStep: number;
    if (isWhole) perStep = ws.stepMeans[k - ws.secondStart] ?? 0;
    else {
      perStep = sim.rate.recordsIn(t, sim.timeOf(k + 1)) / sim.perKinesis;
      if (bytesOnly) perStep /= sim.recordBytes;
    }
    if (isClosed) stepClosed(sim, k, perStep, poisson);
    else deliverNew(sim, k, perStep, poisson);
    if ((k + 1) % sps === 0 || k === sim.steps - 1) {
      endSecond(sim, k);
      if (sim.failAboveShare !== undefined && isSureToFail(sim, k, sim.failAboveShare)) break;
    }
    if ((k + 1) % stepsPerMinute === 0 || k === sim.steps - 1) endMinute(sim, k);
    if (sim.onSteps && k + 1 >= progressAt) {
      sim.onSteps(k + 1);
      progressAt = (Math.floor((k + 1) / progressEvery) + 1) * progressEvery;
    }
  }
  if (ws.verify) for (let i = 0; i < sim.shards; i++) resolveHeld(sim, i);
  if (probe) Object.assign(probe, ws.probe);
  return chunkResult(sim);
}

/**
 * A pulse of `records` arriving at the start of the step, before this step's refill, spread over the layout's shards
 * by the stream's own draws (the same in every chunk); a chunk serves its own shards' part.
 */
function deliverPulse(sim: Sim, records: number): void {
  const cum = sim.layoutCum;
  const n = cum.length;
  const counts = new Float64Array(n);
  if (records <= PULSE_DRAWN_MAX_RECORDS) {
    for (let r = 0; r < records; r++) {
      const i = pickIn(cum, sim.streamRandom.next());
      counts[i] = (counts[i] ?? 0) + 1;
    }
  } else {
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const c = Math.floor(records * (cum[i] ?? 1) + 0.5);
      counts[i] = c - prev;
      prev = c;
    }
  }
  const base = sim.shardBase;
  for (let i = 0; i < sim.shards; i++) {
    const c = counts[base + i] ?? 0;
    if (c > 0) serveShard(sim, i, sim.step, c, true);
  }
}

/** The index whose slice of the cumulative shares `cum` holds `u` (uniform in [0, 1)). */
function pickIn(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] ?? 1) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Step k's new records (a mean of `perStep` for the stream) on every shard stepped this second, and their readers. */
function deliverNew(sim: Sim, k: number, perStep: number, poisson: boolean): void {
  if (sim.client.model === 'kpl' || Number.isFinite(sim.producer.bufferRecords)) {
    deliverNewGeneral(sim, k, perStep, poisson);
    return;
  }
  // The common case, inlined: no client-side limiter or buffer bound, so each shard's new records go straight to its
  // buckets; a shard with retries due shares the step with them (service.ts). The same arithmetic as serveShard();
  // stream totals are summed locally and stored once per step.
  const share = sim.share;
  const carry = sim.carry;
  const capR = sim.capR;
  const capB = sim.capB;
  const tokR = sim.tokR;
  const tokB = sim.tokB;
  const mark = sim.mark;
  const refillR = sim.refillR;
  const refillB = sim.refillB;
  const cost = sim.costBytes;
  const strictBytes = sim.bytesRule === 'strict';
  const minB = -sim.maxDebtB;
  const fixed = sim.fixedWindow;
  const hasConsumers = sim.readers.consumers.length > 0;
  const rnd = sim.random;
  const normals = sim.normals;
  const exactMax = EXACT_POISSON_MAX_MEAN;
  const normalShift = NORMAL_INDEX_SHIFT;
  const t = sim.tally;
  const attemptsS = t.attemptsS;
  const acceptedS = t.acceptedS;
  const throttledS = t.throttledS;
  const accCum = sim.readers.accCum;
  const ws = sim.whole;
  const active = ws.active;
  const lane = ws.lane;
  const given = ws.given;
  const sps = sim.stepsPerSec;
  const j = k - ws.secondStart;
  const dueCount = sim.client.dueCount;
  const resendsInStep = inStepShare(sim, 1) > 0;
  let offered = 0;
  let accepted = 0;
  let throttled = 0;
  for (let x = 0; x < ws.activeCount; x++) {
    const i = active[x] as number;
    rnd.use(i);
    if (mark[i] !== k) {
      mark[i] = k;
      tokR[i] = (tokR[i] as number) + refillR;
      tokB[i] = (tokB[i] as number) + refillB;
    }
    const mean = perStep * (share[i] as number);
    let c: number;
    if (lane[i] === GIVEN) c = given[i * sps + j] as number;
    else if (poisson) {
      if (mean >= exactMax) {
        c = Math.round(mean + Math.sqrt(mean) * (normals[rnd.nextUint32() >>> normalShift] as number));
        if (c < 0) c = 0;
      } else c = mean > 0 ? rnd.poisson(mean) : 0;
    } else {
      const x = (carry[i] as number) + mean;
      c = Math.floor(x + 1e-9);
      carry[i] = x - c;
    }
    if ((dueCount[i] as number) > 0) {
      serveShard(sim, i, k, c, false);
      if (hasConsumers) consume(sim, i, k);
      continue;
    }
    const tr = tokR[i] as number;
    const tb = tokB[i] as number;
    if (c > 0) {
      let a = tr >= 1 ? Math.floor(tr + 1e-9) : 0;
      if (a > c) a = c;
      if (a > 0) {
        const byBytes = strictBytes ? (tb >= cost ? Math.floor(tb / cost + 1e-9) : 0) : admissibleCount(tb, cost, 'debt');
        if (byBytes < a) a = byBytes;
      }
      if (a < c && resendsInStep) {
        // Some of the throttled records are resent within the step: the general path shares the step with them.
        serveShard(sim, i, k, c, false);
        if (hasConsumers) consume(sim, i, k);
        continue;
      }
      offered += c;
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
        onThrottled(sim, i, k, 1, rejected, SPREAD);
      }
    } else if (!fixed) {
      if (tr > capR) tokR[i] = capR;
      if (tb > capB) tokB[i] = capB;
    }
    if (hasConsumers) consume(sim, i, k);
  }
  t.firstAttempts(offered, accepted, throttled, sim.recordBytes);
  if (sim.client.quota) {
    sim.client.sdkFirstTry += accepted;
    settleSdkRetries(sim);
  }
}

/** deliverNew() through serveShard(): with the KPL's limiter or a bounded buffer. Every shard is stepped. */
function deliverNewGeneral(sim: Sim, k: number, perStep: number, poisson: boolean): void {
  const n = sim.shards;
  const share = sim.share;
  const carry = sim.carry;
  const capR = sim.capR;
  const capB = sim.capB;
  const tokR = sim.tokR;
  const tokB = sim.tokB;
  const fixed = sim.fixedWindow;
  const hasConsumers = sim.readers.consumers.length > 0;
  const rnd = sim.random;
  if (sim.whole.activeCount !== n) throw new InternalError('whole seconds need the inlined path');
  for (let i = 0; i < n; i++) {
    rnd.use(i);
    refill(sim, i, k);
    const mean = perStep * (share[i] as number);
    let c: number;
    if (poisson) {
      if (mean >= EXACT_POISSON_MAX_MEAN) {
        c = Math.round(mean + Math.sqrt(mean) * (sim.normals[rnd.nextUint32() >>> NORMAL_INDEX_SHIFT] as number));
        if (c < 0) c = 0;
      } else c = mean > 0 ? rnd.poisson(mean) : 0;
    } else {
      const x = (carry[i] as number) + mean;
      c = Math.floor(x + 1e-9);
      carry[i] = x - c;
    }
    serveShard(sim, i, k, c, false);
    if (!fixed) {
      const r = tokR[i] as number;
      if (r > capR) tokR[i] = capR;
      const b = tokB[i] as number;
      if (b > capB) tokB[i] = capB;
    }
    if (hasConsumers) consume(sim, i, k);
  }
  settleSdkRetries(sim);
}

/**
 * Whether the run's throttled share is sure to end above `limit`, at the end of step k: throttled ÷ attempts =
 * T ÷ (A + T) grows with the throttled T and falls with the accepted A; T can only grow, and A can grow by at most each
 * shard's records bucket (depth and one step's refill) and its refill over the rest of the run. So the share at the
 * end is at least T_k ÷ (A_k + that + T_k).
 */
function isSureToFail(sim: Sim, k: number, limit: number): boolean {
  const t = sim.tally;
  const left = (sim.steps - k - 1) * sim.refillR + sim.capR + sim.refillR;
  const most = t.accepted + sim.shards * (sim.fixedWindow ? sim.windowR * (Math.ceil((sim.steps - k - 1) / sim.stepsPerSec) + 1) : left);
  return t.throttled / (most + t.throttled) > limit + 1e-12;
}

function endSecond(sim: Sim, k: number): void {
  sim.tally.endSecond();
  if (sim.readers.consumers.length > 0) recordLag(sim, k);
}

function endMinute(sim: Sim, k: number): void {
  const t = sim.tally;
  const m = t.minute;
  t.mShards[m] = sim.chunkShards === undefined ? sim.shards : sim.model.initialShards;
  if (sim.readers.consumers.length > 0) t.mLagMs[m] = worstIteratorAgeMs(sim, k);
  if (sim.mode === 'on-demand' && !sim.scaling.pendingSplit) decideSplit(sim, k, m);
  t.minute = Math.min(m + 1, t.minutes - 1);
}
