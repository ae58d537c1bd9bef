/**
 * Per-shard limiters. A bucket holds tokens (records, bytes or calls), refills at a fixed rate up to a depth, and
 * admits work by one of two rules (throttling-model.md §1.2, §7.2):
 * - `strict`: admit while tokens ≥ cost;
 * - `debt`: admit while tokens > 0, charging the full cost, so the level may go negative (this reproduces the
 *   documented 5 s GetRecords penalty after a 10 MiB read, and large-record bursting).
 * Enforcement is either a continuous token bucket or a fixed one-second window reset at each whole second.
 *
 * Within a simulation step arrivals are spread evenly (a fluid flow). For a flow of D tokens over a step of Δ
 * seconds into a bucket at level T with rate r and depth C, the exact result is: admitted = min(D, T + r·Δ), and the
 * level after the step is min(C, T + r·Δ − admitted). (If the flow is slower than r the bucket never empties; if it
 * is faster it empties at T/(a − r) and then admits at r.) So the step only sets how finely the arrival shape is
 * resolved, not how a bucket behaves.
 */

export type Enforcement = 'token-bucket' | 'fixed-window';
export type AdmissionRule = 'strict' | 'debt';

/** How many items of `cost` tokens each `available` tokens admit under `rule`. */
export function admissibleCount(available: number, cost: number, rule: AdmissionRule): number {
  if (cost <= 0) return Number.POSITIVE_INFINITY;
  if (rule === 'strict') return available >= cost ? Math.floor(available / cost + 1e-9) : 0;
  return available > 0 ? Math.ceil(available / cost - 1e-9) : 0;
}

/** A single bucket with explicit time, for the read side and for tests. Times are in seconds. */
export class TokenBucket {
  tokens: number;
  private lastSec: number;

  constructor(
    readonly ratePerSec: number,
    readonly depth: number,
    readonly rule: AdmissionRule = 'strict',
    readonly enforcement: Enforcement = 'token-bucket',
    /** How far below zero a `debt` bucket may go (positive number). */
    readonly maxDebt = Number.POSITIVE_INFINITY,
    startSec = 0,
    startTokens = depth,
  ) {
    this.tokens = startTokens;
    this.lastSec = startSec;
  }

  /** Brings the level up to time `nowSec` (refill, or a reset at each whole second in fixed-window mode). */
  advance(nowSec: number): void {
    if (nowSec <= this.lastSec) return;
    if (this.enforcement === 'token-bucket') {
      this.tokens = Math.min(this.depth, this.tokens + this.ratePerSec * (nowSec - this.lastSec));
    } else {
      const windows = Math.floor(nowSec + 1e-9) - Math.floor(this.lastSec + 1e-9);
      if (windows > 0) {
        // Each new window starts at its full allowance; debt from a large item is repaid from later windows.
        this.tokens = this.tokens < 0 ? Math.min(this.depth, this.tokens + this.ratePerSec * windows) : this.depth;
      }
    }
    this.lastSec = nowSec;
  }

  /** Tries to admit one item of `cost` at `nowSec`; returns whether it was admitted. */
  tryTake(nowSec: number, cost: number): boolean {
    this.advance(nowSec);
    if (admissibleCount(this.tokens, cost, this.rule) < 1) return false;
    this.tokens = Math.max(-this.maxDebt, this.tokens - cost);
    return true;
  }

  /** Admits up to `count` items of `cost` at one instant; returns how many were admitted. */
  takeUpTo(nowSec: number, count: number, cost: number): number {
    this.advance(nowSec);
    const n = Math.min(count, admissibleCount(this.tokens, cost, this.rule));
    this.tokens = Math.max(-this.maxDebt, this.tokens - n * cost);
    return n;
  }
}
