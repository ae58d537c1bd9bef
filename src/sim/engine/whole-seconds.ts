/**
 * Whole seconds: a shard's second with no retries due is done as one step when a rule proves that stepping would admit
 * every record of it; the second then becomes the shard's held second. Only a quiet second qualifies: a full second
 * with no pulse and no on-demand split in it (its steps' new records are then the only arrivals; stepping.ts). A
 * whole second has no retries due and throttles nothing, so no retry can fall due in it either, and the sharing of a
 * step between retries and new records (service.ts) never arises in it. The rule, and why it gives what stepping would:
 *
 * Stepping, a write bucket (records: unit u = 1, refill r = 1,000·Δ per step, depth C; bytes: u = cost per record,
 * r = 1 MiB·Δ, depth C_B) at level T_j ≤ C before step j refills to T_j + r, admits the step's c_j records iff
 * c_j·u ≤ T_j + r, and ends at min(C, T_j + r − c_j·u). With the deficit D_j = C − T_j ≥ 0 and all admitted:
 *   D_{j+1} = max(0, D_j + c_j·u − r)                                            (Lindley's recursion)
 *   D_j = max(D_0 + Σ_{i<j}(c_i·u − r),  max_{1≤l≤j} Σ_{l≤i<j}(c_i·u − r))      (0 for the empty sum)
 * (1) A block of steps [a, b) holding x records, entered with a deficit D_a ≤ d (d ≥ 0), admits all of them if
 *     d + x·u ≤ C + r: by the formula above started at a, for j in [a, b) D_j + c_j·u is at most
 *     D_a + Σ_{a≤i≤j} c_i·u − (j − a)·r or some Σ_{l≤i≤j} c_i·u − (j − l)·r with a < l ≤ j, each ≤ d + x·u. The block
 *     then leaves D_b ≤ max(0, d + x·u − (b − a)·r, x·u − r) (a window starting at a < l < b holds at most x
 *     records and has b − l ≥ 1 refills; l = b is the empty sum). The second's blocks are tested in turn, d starting
 *     at the deficit at the start of the second (exact, or the bound (2) of a held second) and following that bound;
 *     with one block the test is D_0 + s·u ≤ C + r. Both buckets are tested (but see (5)); a slack of 1e-6 records
 *     and 1e-3 bytes keeps the test far from the rounding of the levels (so stepping also admits: its floors add
 *     1e-9).
 * (2) Unrolled over the blocks [a_k, b_k) of a second of n steps, that bound on the level at the end is
 *       D_n ≤ max(0, D_0 + s·u − n·r, max_k (N_{a_k}·u − (n − b_k + 1)·r))
 *     with N_a the records from step a on; it is the exact Lindley value once the blocks are single steps. It is not
 *     "full" in general (all s records in the last step leave a deficit s·u − r), so the second is held: its blocks
 *     are kept, and split further by binomials only as far as a later test needs (refineHeld; (1) with the smaller
 *     bound is still sufficient), or fully when the shard is stepped again (resolveHeld).
 * (3) If the bound also gives D_0 + s·u − n·r < 0, the deficit reached 0 during the second (the first term of D_n is
 *     the path that never did), so D_n, and every later level, do not depend on D_0: the held second is then
 *     replayed from full buckets; otherwise the previous held second is resolved first and this one starts from the
 *     exact levels. Either way a held second depends on nothing before it that is still unknown.
 * (4) Blocks. A one-block second leaves the bound s·u − r, which near 600 records/s per shard makes the next
 *     second fail (1) or (3) until binomial splits lower it. So a second whose mean says this is likely is drawn in
 *     up to 4 blocks (planBlocks; the plan depends on the step means alone, never on draws), each block's count
 *     Poisson with the sum of its steps' means, independently of the others: the law of the sums of stepping's
 *     independent per-step counts over those blocks. Splits and tests then treat the blocks as in (1) and (2).
 * (5) When u·r_R + 1 ≤ r_B and u·(C_R + r_R) + 1 ≤ C_B + r_B (in bytes: small records, strict bytes rule, token
 *     bucket), the bytes deficit is at most u times the records deficit at every step, whatever is admitted: both
 *     buckets start full, every step takes the same a admitted records from both, and by induction
 *     D_B' = max(0, D_B + a·u − r_B) ≤ max(0, u·(D_R + a − r_R)) = u·D_R'. Then the records test of (1) implies the
 *     bytes test (D_B + x·u ≤ u·(d_R + x) ≤ u·(C_R + r_R) < C_B + r_B − 1e-3), and (3) for records implies (3) for
 *     bytes (D_B,0 + s·u − n·r_B ≤ u·(d_R + s − n·r_R) − n·1 < 0), so only the records bucket is tested
 *     (bytesFollow). The replay in resolveHeld still checks both.
 * (6) A quiet second in which every shard is done whole has nothing else in its steps (no shard is stepped, no retry
 *     is due, and whole seconds exclude readers, the KPL, the SDK's quota and bounded buffers), so stepping.ts ends
 *     it at once.
 * Randomness: stepping draws each step's count, Poisson(m_j), independently, m_j the integral of the rate over step j
 * (traffic.ts). Here each block's total is drawn, Poisson(Σ_block m_j), and any split of it later by binomials: given
 * the total, the counts are multinomial with probabilities m_j / Σ m, and splitting a block's count by
 * Binomial(N, m_right / m_block) draws exactly that law, whenever it is done (the counts do not depend on anything the
 * buckets did). So a run is equal in distribution to the stepped run, not draw-for-draw identical; and it is as
 * deterministic (same seed, byte-identical results): which seconds are done whole depends only on the seed and the
 * input. Every draw for a shard comes from the shard's own sequence (sim.ts, shardSeed), and whether a total is drawn
 * from poissonGrid's tables or by poissonFast (the same law) is decided by the stream's rate and key placement alone
 * (modalGridMask), so a shard's draws do not depend on the other shards run with it (chunks.ts). Bucket levels match
 * stepping in exact arithmetic; in floating point a held second replayed from full (3) can differ from stepping in
 * the last bits.
 *
 * This file plans each second (planSecond: which shards are stepped, done whole, or stepped with given counts) and
 * holds the rule (quietSecond) and the block plans; held-seconds.ts keeps the held seconds: their bounds, binomial
 * refinement, replay, and the verification mode that checks this proof on every held second.
 */
import { isBytesOnlyTrace } from '../traffic.js';
import {
  WHOLE_SECOND_SLACK_BYTES,
  WHOLE_SECOND_SLACK_RECORDS,
  heldDeficit,
  noteBound,
  refineHeld,
  resolveHeld,
  splitCounts,
  verifyHold,
} from './held-seconds.js';
import type { EngineTestHooks } from './index.js';
import type { Sim } from './sim.js';
import { EXACT_POISSON_MAX_MEAN } from './arrival-counts.js';

/** A whole second is only tried below a mean of this many records per second (the per-step sampler is exact there). */
const WHOLE_SECOND_MAX_MEAN = EXACT_POISSON_MAX_MEAN;
/** … and below this share of what one second can admit; nearer the limit the test mostly fails and costs draws. */
const WHOLE_SECOND_MEAN_FRACTION = 0.9;
/** A shard's second is drawn in at most this many blocks of steps ((4)). */
const WHOLE_SECOND_MAX_BLOCKS = 4;
/** Block plans are made for this many levels of a shard's mean per second, up to the whole-second cut-off. */
const WHOLE_SECOND_PLAN_LEVELS = 128;
/** Margin of a block plan's target, in standard deviations of the second's count. */
const WHOLE_SECOND_PLAN_MARGIN_SD = 2;
/** The bytes bucket is left out of the whole-second test when records bind it by at least this many bytes ((5)). */
const BYTES_FOLLOW_MARGIN = 1;

/** A shard's lane this second: its counts drawn per step, done as one whole second, or stepped with given counts. */
export const STEPPED = 0;
export const WHOLE = 1;
export const GIVEN = 2;

/** What the whole-second path did in a run (EngineTestHooks.probe). */
export interface WholeSecondProbe {
  /** Shard-seconds done whole, and those of them drawn in two or more blocks. */
  wholeSeconds: number;
  multiBlockSeconds: number;
  /** Held seconds replayed step by step (and checked), and those of them drawn in two or more blocks. */
  resolved: number;
  resolvedMultiBlock: number;
  /** Binomial refinements of held seconds. */
  refinements: number;
  /** With verifyWholeSeconds: held seconds followed at once by another, replayed from their true start when replaced. */
  verifiedChained: number;
  /** Whether the bytes bucket was left out of the test because the records bucket binds first. */
  bytesFollow: boolean;
}

/**
 * Whether a run can use whole seconds at all: Poisson arrivals into token buckets with the strict bytes rule, and
 * nothing else that acts within a second (the KPL, the SDK's retry quota, a bounded buffer, readers, closed producers,
 * bytes per record from a trace).
 */
function isWholeSecondRun(sim: Sim): boolean {
  return (
    sim.producer.isPoisson &&
    !sim.fixedWindow &&
    sim.bytesRule === 'strict' &&
    sim.client.model !== 'kpl' &&
    sim.client.quota === undefined &&
    !Number.isFinite(sim.producer.bufferRecords) &&
    sim.readers.consumers.length === 0 &&
    sim.closed.workers === 0 &&
    !sim.bytesFromTrace &&
    !isBytesOnlyTrace(sim.trace)
  );
}

export class WholeSeconds {
  readonly isOn: boolean;
  /** Verification: replay every held second from its true start levels (EngineTestHooks.verifyWholeSeconds). */
  readonly verify: boolean;
  /** Above this mean per second a shard is stepped: a whole second would rarely pass the test. */
  readonly maxMean: number;
  /** The records bucket binds before the bytes bucket, so the bytes bucket needs no test ((5)). */
  readonly bytesFollow: boolean;
  /** Mean new Kinesis records per step of the stream, for the steps of this second and of the previous one. */
  stepMeans: Float64Array;
  prevStepMeans: Float64Array;
  /** Their running sums: stepCum[j] = Σ_{l<j} stepMeans[l]. */
  stepCum: Float64Array;
  prevStepCum: Float64Array;
  secondStart = 0;
  /** This second is quiet: a full second with no pulse and no on-demand split in it. */
  isQuiet = false;

  // Per shard.
  /** This second: STEPPED, WHOLE or GIVEN (counts in `given`). */
  lane!: Uint8Array;
  given!: Float64Array;
  /** The shards stepped this second. */
  active!: Int32Array;
  activeCount = 0;
  /** The previous second was done whole and its bucket levels are not computed yet (`held`). */
  held!: Uint8Array;
  heldStartR!: Float64Array;
  heldStartB!: Float64Array;
  heldTotal!: Float64Array;
  /** The bound (2) on the deficit at the end of the held second, records and bytes. */
  heldBoundR!: Float64Array;
  heldBoundB!: Float64Array;
  /** The held second's arrivals as blocks of steps: blkEnd[i·sps + s] ends the block starting at step s. */
  blkCnt!: Float64Array;
  blkEnd!: Int32Array;
  /** The held second was drawn in more than one block (for the probe). */
  heldMulti!: Uint8Array;
  /** Verification: the true levels at the start of the held second. */
  exactStartR!: Float64Array;
  exactStartB!: Float64Array;
  /** Verification: the smallest deficit bounds (2) the engine used for the held second, records and bytes. */
  usedBoundR!: Float64Array;
  usedBoundB!: Float64Array;
  /**
   * The levels at the end of the last replay (replayHeld). NaN before the first: a number field that starts as a
   * small integer changes the object's hidden class when it first holds a fraction (see Tally.sums).
   */
  replayR = Number.NaN;
  replayB = Number.NaN;

  /** The μ0 (mean rounded down to 1/2) of the modal share's draw in each slot in the last quiet second (modalGridMask). */
  readonly modalMu0 = new Float64Array(WHOLE_SECOND_MAX_BLOCKS + 1).fill(Number.NaN);
  /** Block plans (planBlocks): for each level of the mean, its block count and ends, and the second it was made for. */
  readonly planStamp = new Int32Array(WHOLE_SECOND_PLAN_LEVELS).fill(-1);
  readonly planG = new Uint8Array(WHOLE_SECOND_PLAN_LEVELS);
  readonly planEnds = new Int32Array(WHOLE_SECOND_PLAN_LEVELS * (WHOLE_SECOND_MAX_BLOCKS + 1));
  /** This shard-second's counts per block of its plan. */
  readonly curCnt = new Float64Array(WHOLE_SECOND_MAX_BLOCKS);
  readonly planScratch = new Int32Array(WHOLE_SECOND_MAX_BLOCKS + 1);
  readonly probe: WholeSecondProbe = {
    wholeSeconds: 0,
    multiBlockSeconds: 0,
    resolved: 0,
    resolvedMultiBlock: 0,
    refinements: 0,
    verifiedChained: 0,
    bytesFollow: false,
  };

  /** Needs the run's write buckets, client, readers and producer settled. */
  constructor(sim: Sim, hooks: EngineTestHooks) {
    this.verify = hooks.verifyWholeSeconds === true;
    this.isOn = hooks.wholeSeconds !== false && isWholeSecondRun(sim);
    this.maxMean = Math.min(
      WHOLE_SECOND_MAX_MEAN,
      WHOLE_SECOND_MEAN_FRACTION * Math.min(sim.capR + sim.refillR, (sim.capB + sim.refillB) / sim.costBytes),
    );
    // (5): with u·r_R ≤ r_B and u·(C_R + r_R) ≤ C_B + r_B (less a margin), the bytes deficit never exceeds u times the
    // records deficit, so the records test implies the bytes test.
    const u = sim.costBytes;
    this.bytesFollow =
      u * sim.refillR <= sim.refillB && u * (sim.capR + sim.refillR) + BYTES_FOLLOW_MARGIN <= sim.capB + sim.refillB;
    this.probe.bytesFollow = this.isOn && this.bytesFollow;
    const sps = sim.stepsPerSec;
    this.stepMeans = new Float64Array(sps);
    this.prevStepMeans = new Float64Array(sps);
    this.stepCum = new Float64Array(sps + 1);
    this.prevStepCum = new Float64Array(sps + 1);
  }

  /** Fresh per-shard state for `n` shards: all stepped, nothing held (new shards start with full buckets). */
  allocate(n: number, sps: number): void {
    const on = this.isOn;
    this.lane = new Uint8Array(n);
    this.given = new Float64Array(on ? n * sps : 0);
    this.active = new Int32Array(n);
    for (let i = 0; i < n; i++) this.active[i] = i;
    this.activeCount = n;
    this.held = new Uint8Array(n);
    this.heldStartR = new Float64Array(on ? n : 0);
    this.heldStartB = new Float64Array(on ? n : 0);
    this.heldTotal = new Float64Array(on ? n : 0);
    this.heldBoundR = new Float64Array(on ? n : 0);
    this.heldBoundB = new Float64Array(on ? n : 0);
    this.blkCnt = new Float64Array(on ? n * sps : 0);
    this.blkEnd = new Int32Array(on ? n * sps : 0);
    this.heldMulti = new Uint8Array(on ? n : 0);
    this.exactStartR = new Float64Array(this.verify ? n : 0);
    this.exactStartB = new Float64Array(this.verify ? n : 0);
    this.usedBoundR = new Float64Array(this.verify ? n : 0);
    this.usedBoundB = new Float64Array(this.verify ? n : 0);
  }
}

/**
 * Plans second [k, k + 1 s): the mean arrivals of its steps, then for each shard whether it is stepped (counts drawn
 * per step, as always), done whole (quietSecond), or stepped with counts split from a whole-second draw.
 */
export function planSecond(sim: Sim, k: number): void {
  const ws = sim.whole;
  const sps = sim.stepsPerSec;
  const n = sim.shards;
  ws.secondStart = k;
  const len = Math.min(sps, sim.steps - k);
  const swap = ws.prevStepMeans;
  ws.prevStepMeans = ws.stepMeans;
  ws.stepMeans = swap;
  const swapCum = ws.prevStepCum;
  ws.prevStepCum = ws.stepCum;
  ws.stepCum = swapCum;
  let secondMean = 0;
  let from = sim.timeOf(k);
  for (let j = 0; j < len; j++) {
    const to = sim.timeOf(k + j + 1);
    const m = sim.rate.recordsIn(from, to) / sim.perKinesis;
    from = to;
    ws.stepMeans[j] = m;
    ws.stepCum[j] = secondMean;
    secondMean += m;
  }
  ws.stepCum[len] = secondMean;
  const split = sim.scaling.pendingSplit;
  const quiet = len === sps && !sim.hasPulseIn(k, k + len) && (split === undefined || split.atStep >= k + len);
  ws.isQuiet = quiet;
  const lane = ws.lane;
  const active = ws.active;
  let count = 0;
  if (!quiet) {
    for (let i = 0; i < n; i++) {
      resolveHeld(sim, i);
      lane[i] = STEPPED;
      active[count++] = i;
    }
    ws.activeCount = count;
    return;
  }
  let whole = 0;
  const share = sim.share;
  const retryDue = sim.client.retryDue;
  const maxMean = ws.maxMean;
  const levels = WHOLE_SECOND_PLAN_LEVELS;
  const perLevel = levels / maxMean;
  const G1 = WHOLE_SECOND_MAX_BLOCKS + 1;
  const ends = ws.planEnds;
  const cum = ws.stepCum;
  const cur = ws.curCnt;
  const rnd = sim.random;
  // For the inlined common case of quietSecond (bytes follow, the rule passes at once).
  const follow = ws.bytesFollow;
  const verify = ws.verify;
  const heldArr = ws.held;
  const boundR = ws.heldBoundR;
  const startR = ws.heldStartR;
  const startB = ws.heldStartB;
  const heldTotal = ws.heldTotal;
  const heldMulti = ws.heldMulti;
  const blkCnt = ws.blkCnt;
  const blkEnd = ws.blkEnd;
  const tokR = sim.tokR;
  const tokB = sim.tokB;
  const wholeS = sim.tally.wholeS;
  const capR = sim.capR;
  const capB = sim.capB;
  const rR = sim.refillR;
  const secondRefillR = sps * rR;
  const slackR = WHOLE_SECOND_SLACK_RECORDS;
  const limR = capR + rR - slackR;
  let inlined = 0;
  let inlinedMulti = 0;
  const gridMask = modalGridMask(sim, k, secondMean);
  const modal = sim.modalShare;
  for (let i = 0; i < n; i++) {
    const sh = share[i] as number;
    const mean = secondMean * sh;
    if ((retryDue[i] as number) > 0 || !(mean < maxMean)) {
      resolveHeld(sim, i);
      lane[i] = STEPPED;
      active[count++] = i;
      continue;
    }
    // The blocks this shard's second is drawn in ((4)), from the level of its mean.
    let q = Math.floor(mean * perLevel);
    if (q >= levels) q = levels - 1;
    if (ws.planStamp[q] !== k) planBlocks(sim, q, k);
    const g = ws.planG[q] as number;
    const at = q * G1;
    // The sum of the steps' independent Poisson counts over a block is Poisson with the block's summed mean.
    rnd.use(i);
    const mask = sh === modal ? gridMask : 0;
    let s: number;
    if (g === 1) {
      s = mean > 0 ? ((mask & 1) !== 0 ? rnd.poissonGrid(mean) : rnd.poissonFast(mean)) : 0;
      cur[0] = s;
    } else {
      s = 0;
      for (let b = 0; b < g; b++) {
        const m = sh * ((cum[ends[at + b + 1] as number] as number) - (cum[ends[at + b] as number] as number));
        const x = m > 0 ? ((mask & (2 << b)) !== 0 ? rnd.poissonGrid(m, b + 1) : rnd.poissonFast(m, b + 1)) : 0;
        cur[b] = x;
        s += x;
      }
    }
    let pass = false;
    if (follow) {
      // quietSecond's rule for the records bucket alone (5): d follows the test (1) from the deficit at the start of
      // the second, e the bound (2) at its end from the start this held second would get (full if (3) holds).
      const isHeld = heldArr[i] === 1;
      let d = isHeld ? (boundR[i] as number) : capR - (tokR[i] as number);
      pass = !isHeld || d + s - secondRefillR < -slackR;
      let e = isHeld ? 0 : d;
      if (pass) {
        if (g === 1) {
          pass = d + s <= limR;
          const path = e + s - secondRefillR;
          const last = s - rR;
          e = path > last ? path : last;
        } else {
          for (let b = 0; b < g; b++) {
            const x = cur[b] as number;
            if (d + x > limR) {
              pass = false;
              break;
            }
            const refill = ((ends[at + b + 1] as number) - (ends[at + b] as number)) * rR;
            const last = x - rR;
            const path = d + x - refill;
            d = path > last ? path : last;
            if (d < 0) d = 0;
            const pathE = e + x - refill;
            e = pathE > last ? pathE : last;
            if (e < 0) e = 0;
          }
        }
      }
      if (pass) {
        if (verify) verifyHold(sim, i, isHeld);
        heldArr[i] = 1;
        startR[i] = isHeld ? capR : (tokR[i] as number);
        startB[i] = isHeld ? capB : (tokB[i] as number);
        heldTotal[i] = s;
        boundR[i] = e > 0 ? e : 0;
        if (verify) noteBound(sim, i, true);
        const base = i * sps;
        if (g === 1) {
          blkCnt[base] = s;
          blkEnd[base] = sps;
          heldMulti[i] = 0;
        } else {
          for (let b = 0; b < g; b++) {
            const a = ends[at + b] as number;
            blkCnt[base + a] = cur[b] as number;
            blkEnd[base + a] = ends[at + b + 1] as number;
          }
          heldMulti[i] = 1;
          inlinedMulti++;
        }
        inlined++;
      }
    }
    if (pass || quietSecond(sim, i, s, at, g)) {
      lane[i] = WHOLE;
      if (s > 0) {
        whole += s;
        // Counted per shard once per second (attempts and accepted alike); accCum is read only by consumers, which
        // whole seconds exclude.
        wholeS[i] = (wholeS[i] as number) + s;
      }
      continue;
    }
    // Not provably quiet: step it, with the steps' counts drawn from their joint law given the blocks' totals.
    resolveHeld(sim, i);
    for (let b = 0; b < g; b++) {
      splitCounts(rnd, cur[b] as number, ws.stepMeans, ends[at + b] as number, ends[at + b + 1] as number, ws.given, i * sps);
    }
    lane[i] = GIVEN;
    active[count++] = i;
  }
  ws.activeCount = count;
  ws.probe.wholeSeconds += inlined;
  ws.probe.multiBlockSeconds += inlinedMulti;
  if (whole > 0) {
    // Accepted at their first attempt in the step they arrived: no added latency.
    const t = sim.tally;
    const bytes = sim.recordBytes;
    t.offer(whole, bytes);
    t.attempt(whole);
    t.accept(whole, bytes);
    t.latencyHist[0] = (t.latencyHist[0] ?? 0) + whole;
  }
}

/**
 * Which of this quiet second's whole-second draws use poissonGrid's tables (bit 0: a second drawn in one block; bit
 * b + 1: block b): those of the shards with the modal share (every shard with only evenly spread keys: they draw with
 * the same means, one after another) when the modal mean of that slot rounds to the same μ0 as in the last quiet
 * second, so that a table is reused for many seconds; every other draw is poissonFast's. The rule reads the stream's
 * rate and key placement alone, so a shard's draws do not depend on which other shards are simulated with it.
 */
function modalGridMask(sim: Sim, k: number, secondMean: number): number {
  const ws = sim.whole;
  const modal = sim.modalShare;
  if (!(modal > 0)) return 0;
  const mean = secondMean * modal;
  if (!(mean < ws.maxMean)) return 0;
  let q = Math.floor((mean * WHOLE_SECOND_PLAN_LEVELS) / ws.maxMean);
  if (q >= WHOLE_SECOND_PLAN_LEVELS) q = WHOLE_SECOND_PLAN_LEVELS - 1;
  if (ws.planStamp[q] !== k) planBlocks(sim, q, k);
  const g = ws.planG[q] as number;
  const at = q * (WHOLE_SECOND_MAX_BLOCKS + 1);
  const mu0 = ws.modalMu0;
  let mask = 0;
  for (let b = 0; b < g; b++) {
    const slot = g === 1 ? 0 : b + 1;
    const m = g === 1 ? mean : modal * ((ws.stepCum[ws.planEnds[at + b + 1] as number] as number) - (ws.stepCum[ws.planEnds[at + b] as number] as number));
    const m0 = Math.floor(m * 2) / 2;
    if (mu0[slot] === m0) mask |= 1 << slot;
    mu0[slot] = m0;
  }
  return mask;
}

/**
 * Whether shard i's second, with no retries due and its `s` new records drawn in the g blocks of the plan at `plan`
 * (counts in curCnt), can be done as one step by the rule at the top of this file; if so the second becomes the
 * shard's held second.
 */
function quietSecond(sim: Sim, i: number, s: number, plan: number, g: number): boolean {
  const ws = sim.whole;
  const sps = sim.stepsPerSec;
  const cost = sim.costBytes;
  const follow = ws.bytesFollow;
  const capR = sim.capR;
  const capB = sim.capB;
  const rR = sim.refillR;
  const rB = sim.refillB;
  const limR = capR + rR - WHOLE_SECOND_SLACK_RECORDS;
  const limB = capB + rB - WHOLE_SECOND_SLACK_BYTES;
  for (;;) {
    const held = ws.held[i] === 1;
    // The deficit at the start of this second: exact, or the bound (2) of the held second, kept when it was stored.
    let dR: number;
    let dB = 0;
    if (held) {
      dR = ws.heldBoundR[i] as number;
      if (!follow) dB = ws.heldBoundB[i] as number;
    } else {
      dR = capR - (sim.tokR[i] as number);
      if (!follow) dB = capB - (sim.tokB[i] as number);
    }
    const okR = g === 1 ? dR + s <= limR : blocksAdmit(ws, dR, 1, rR, limR, plan, g);
    const okB = follow || (g === 1 ? dB + s * cost <= limB : blocksAdmit(ws, dB, cost, rB, limB, plan, g));
    // Bucket by bucket: does the test fail (1), and does the held second still matter afterwards (3)?
    const needR = !okR || (held && dR + s - sps * rR >= -WHOLE_SECOND_SLACK_RECORDS);
    const needB = !follow && (!okB || (held && dB + s * cost - sps * rB >= -WHOLE_SECOND_SLACK_BYTES));
    if (!(needR || needB)) {
      // Passes (1), and either the previous second is exact or, by (3), this one can start from full buckets.
      const startR = held ? 0 : dR;
      const startB = held ? 0 : dB;
      if (ws.verify) verifyHold(sim, i, held);
      ws.held[i] = 1;
      ws.heldStartR[i] = held ? capR : (sim.tokR[i] as number);
      ws.heldStartB[i] = held ? capB : (sim.tokB[i] as number);
      ws.heldTotal[i] = s;
      const base = i * sps;
      if (g === 1) {
        ws.blkCnt[base] = s;
        ws.blkEnd[base] = sps;
        ws.heldMulti[i] = 0;
        const pathR = startR + s - sps * rR;
        const lastR = s - rR;
        ws.heldBoundR[i] = pathR > lastR ? (pathR > 0 ? pathR : 0) : lastR > 0 ? lastR : 0;
        if (!follow) ws.heldBoundB[i] = Math.max(0, startB + s * cost - sps * rB, s * cost - rB);
      } else {
        const ends = ws.planEnds;
        const cur = ws.curCnt;
        for (let b = 0; b < g; b++) {
          const a = ends[plan + b] as number;
          ws.blkCnt[base + a] = cur[b] as number;
          ws.blkEnd[base + a] = ends[plan + b + 1] as number;
        }
        ws.heldMulti[i] = 1;
        ws.heldBoundR[i] = blocksBound(ws, startR, 1, rR, plan, g);
        if (!follow) ws.heldBoundB[i] = blocksBound(ws, startB, cost, rB, plan, g);
        ws.probe.multiBlockSeconds++;
      }
      if (ws.verify) noteBound(sim, i, true);
      ws.probe.wholeSeconds++;
      return true;
    }
    if (!held) return false;
    // Learn more of the held second's split; once it is exact, compute its levels and test again with them.
    const refined = needR
      ? refineHeld(sim, i, 1, rR, capR - (ws.heldStartR[i] as number))
      : refineHeld(sim, i, cost, rB, capB - (ws.heldStartB[i] as number));
    if (!refined) resolveHeld(sim, i);
    else {
      ws.heldBoundR[i] = heldDeficit(sim, i, 1, rR, capR - (ws.heldStartR[i] as number));
      if (!follow) ws.heldBoundB[i] = heldDeficit(sim, i, cost, rB, capB - (ws.heldStartB[i] as number));
      if (ws.verify) noteBound(sim, i, false);
    }
  }
}

/** The bound (2) at the end of this second's plan of blocks, from a deficit d at its start (unit u, refill r). */
function blocksBound(ws: WholeSeconds, d: number, u: number, r: number, plan: number, g: number): number {
  const ends = ws.planEnds;
  const cur = ws.curCnt;
  for (let b = 0; b < g; b++) {
    const x = (cur[b] as number) * u;
    const path = d + x - ((ends[plan + b + 1] as number) - (ends[plan + b] as number)) * r;
    const last = x - r;
    d = path > last ? path : last;
    if (d < 0) d = 0;
  }
  return d;
}

/** Test (1) over the blocks of this second's plan, from a deficit bound d at its start (unit u, refill r per step). */
function blocksAdmit(ws: WholeSeconds, d: number, u: number, r: number, lim: number, plan: number, g: number): boolean {
  const ends = ws.planEnds;
  const cur = ws.curCnt;
  for (let b = 0; b < g; b++) {
    const x = (cur[b] as number) * u;
    if (d + x > lim) return false;
    const path = d + x - ((ends[plan + b + 1] as number) - (ends[plan + b] as number)) * r;
    const last = x - r;
    d = path > last ? path : last;
    if (d < 0) d = 0;
  }
  return true;
}

/**
 * The blocks in which a shard-second whose mean is in level q is drawn ((4)), for second k. Taking the level's highest
 * mean μ, the target is the deficit bound at the end of the second under which the next second, of about the same
 * mean, passes (1) as one block and (3), less a margin of WHOLE_SECOND_PLAN_MARGIN_SD (2) standard deviations of its
 * count: min(n·r, C + r) − (μ + 2·√μ)·u. From the end of the second, each block [a, b) is made as long as keeps its
 * expected term of (2), E[N_a]·u − (n − b + 1)·r, within the target, in both buckets unless bytes follow (5); at most
 * 4 blocks, the first taking what is left. One block when the target allows it.
 */
function planBlocks(sim: Sim, q: number, k: number): void {
  const ws = sim.whole;
  const sps = sim.stepsPerSec;
  const G = WHOLE_SECOND_MAX_BLOCKS;
  const cum = ws.stepCum;
  const total = cum[sps] as number;
  const mu = ((q + 1) * ws.maxMean) / WHOLE_SECOND_PLAN_LEVELS;
  const scale = total > 0 ? mu / total : 0;
  const high = mu + WHOLE_SECOND_PLAN_MARGIN_SD * Math.sqrt(mu);
  const rR = sim.refillR;
  const rB = sim.refillB;
  const u = sim.costBytes;
  const follow = ws.bytesFollow;
  const targetR = Math.min(sps * rR, sim.capR + rR) - high;
  const targetB = Math.min(sps * rB, sim.capB + rB) - high * u;
  // Block starts from the end of the second: starts[0] = n, then a_last, …
  const starts = ws.planScratch;
  let nb = 0;
  let b = sps;
  starts[0] = sps;
  while (b > 0 && nb < G - 1) {
    const tail = sps - b + 1;
    let a = b - 1;
    while (a > 0) {
      const e = (total - (cum[a - 1] as number)) * scale;
      if (e - tail * rR > targetR || (!follow && e * u - tail * rB > targetB)) break;
      a--;
    }
    starts[++nb] = a;
    b = a;
  }
  if (b > 0) starts[++nb] = 0;
  const at = q * (G + 1);
  for (let x = 0; x <= nb; x++) ws.planEnds[at + x] = starts[nb - x] as number;
  ws.planG[q] = nb;
  ws.planStamp[q] = k;
}
