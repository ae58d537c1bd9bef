import { SHARD_WRITE_BYTES_PER_SEC } from '../../limits.js';
import { placeKeyModel } from '../../plan/key-shares.js';
import { onDemandTargetShards } from '../on-demand.js';
import type { OnDemandEvent } from '../types.js';
import { LAG_WINDOW_SEC, staggerPolls } from './readers.js';
import type { StreamModel } from './setup.js';
import { Random } from '../random.js';
import { shardSeed, type Sim } from './sim.js';

/**
 * The shards' layout, and on-demand scaling (on-demand.ts for the model). Every part of the engine keeps its
 * per-shard state in typed arrays indexed by shard; allocateShards lays them all out for a shard count. An on-demand
 * stream splits every shard evenly a split delay after a minute whose demand calls for it: each parent's children
 * share its unsent fractions, its backlog for the readers, and its waiting retries.
 */

export class OnDemandScaling {
  /** The most shards the stream's maximum write throughput allows. */
  readonly maxShards: number;
  pendingSplit: { atStep: number; target: number } | undefined;
  readonly events: OnDemandEvent[] = [];

  constructor(model: StreamModel) {
    this.maxShards = Math.max(model.initialShards, Math.floor(model.onDemandMaxWriteBytesPerSec / SHARD_WRITE_BYTES_PER_SEC));
  }
}

/** Sets up `n` evenly split shards; with `factor`, each old shard i becomes children i·f … i·f + f − 1. */
export function allocateShards(sim: Sim, n: number, factor: number | undefined): void {
  const r = sim.readers;
  const old = factor
    ? {
        carry: sim.carry,
        accCum: r.accCum,
        lagRing: r.lagRing,
        readCum: r.readCum,
        nextPoll: r.nextPoll,
        efoAllow: r.efoAllow,
        kplQueue: sim.client.kplQueue,
        kplQueueHead: sim.client.kplQueueHead,
        shards: sim.shards,
      }
    : undefined;
  // A chunk (chunks.ts) simulates shards [base, base + count) of the layout; a chunked run never splits.
  const layout = placeKeyModel(sim.model.keyModel, n);
  const base = sim.shardBase;
  const local = sim.chunkShards ?? n;
  sim.layoutCum = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += layout[i] ?? 0;
    sim.layoutCum[i] = acc;
  }
  n = local;
  sim.shards = n;
  sim.share = local === layout.length ? layout : layout.slice(base, base + local);
  if (factor) sim.epoch++;
  sim.random = Random.bank(Array.from({ length: n }, (_, i) => shardSeed(sim.streamSeed, sim.epoch, base + i)));
  sim.modalShare = modalValue(layout);
  sim.cumShare = new Float64Array(n);
  acc = 0;
  for (let i = 0; i < n; i++) {
    acc += sim.share[i] ?? 0;
    sim.cumShare[i] = acc;
  }
  sim.tokR = new Float64Array(n).fill(sim.fixedWindow ? sim.windowR : sim.capR);
  sim.tokB = new Float64Array(n).fill(sim.fixedWindow ? sim.windowB : sim.capB);
  sim.mark = new Int32Array(n).fill(-1);
  sim.carry = new Float64Array(n);
  sim.client.allocate(n);
  sim.tally.allocate(n);
  sim.closed.allocate(n);
  r.allocate(n, sim.step);
  sim.whole.allocate(n, sim.stepsPerSec);
  if (!old || !factor) {
    staggerPolls(sim);
    return;
  }
  // Children split the parent's unsent fractions and backlog evenly; consumers read the children from there.
  const c = r.consumers.length;
  for (let p = 0; p < old.shards; p++) {
    for (let f = 0; f < factor; f++) {
      const ch = p * factor + f;
      sim.carry[ch] = (old.carry[p] ?? 0) / factor;
      r.accCum[ch] = (old.accCum[p] ?? 0) / factor;
      for (let s = 0; s < LAG_WINDOW_SEC; s++) r.lagRing[s * n + ch] = (old.lagRing[s * old.shards + p] ?? 0) / factor;
      for (let j = 0; j < c; j++) {
        r.readCum[j * n + ch] = (old.readCum[j * old.shards + p] ?? 0) / factor;
        r.nextPoll[j * n + ch] = old.nextPoll[j * old.shards + p] ?? 0;
        r.efoAllow[j * n + ch] = (old.efoAllow[j * old.shards + p] ?? 0) / factor;
      }
    }
  }
  // Waiting retries go to a child drawn at random.
  for (const list of sim.closed.retryLists) {
    for (let e = 0; e < list.length; e += 4) list[e] = (list[e] ?? 0) * factor + sim.streamRandom.int(factor);
  }
  const retryDue = sim.client.retryDue;
  for (const slot of sim.client.calendar) {
    for (let e = 0; e < slot.length; e += 4) {
      const ch = (slot[e] ?? 0) * factor + sim.streamRandom.int(factor);
      slot[e] = ch;
      retryDue[ch] = (retryDue[ch] ?? 0) + (slot[e + 3] ?? 0);
    }
  }
  // Records in the KPL's limiter queues go, entry by entry and in order, to a child drawn at random.
  for (let p = 0; p < old.kplQueue.length; p++) {
    const q = old.kplQueue[p] as number[];
    for (let e = old.kplQueueHead[p] as number; e < q.length; e += 3) {
      const ch = p * factor + sim.streamRandom.int(factor);
      (sim.client.kplQueue[ch] as number[]).push(q[e] as number, q[e + 1] as number, q[e + 2] as number);
      retryDue[ch] = (retryDue[ch] ?? 0) + (q[e + 2] as number);
    }
  }
}

/** End of minute m (at step k): decide, from the minute's offered rate, whether and how far to split. */
export function decideSplit(sim: Sim, k: number, m: number): void {
  const t = sim.tally;
  const scaling = sim.scaling;
  const secs = Math.min(60, (k + 1) * sim.dt - m * 60);
  const demandRecords = (t.mOffered[m] ?? 0) / secs;
  const demandBytes = (t.mOfferedBytes[m] ?? 0) / secs;
  const target = onDemandTargetShards(sim.shards, demandBytes, demandRecords, sim.params.onDemandSplitBytesPerSec, scaling.maxShards);
  if (target > sim.shards) {
    scaling.pendingSplit = { atStep: k + 1 + Math.round(sim.params.onDemandSplitDelaySec / sim.dt), target };
  }
}

/** The split decided earlier takes effect at time tSec. */
export function applySplit(sim: Sim, tSec: number): void {
  const split = sim.scaling.pendingSplit;
  if (!split) return;
  sim.scaling.pendingSplit = undefined;
  const from = sim.shards;
  sim.scaling.events.push({ atSec: tSec, fromShards: from, toShards: split.target });
  allocateShards(sim, split.target, split.target / from);
}

/** The value most entries of `values` hold exactly (the first such on a tie), or NaN when none repeats. */
function modalValue(values: Float64Array): number {
  const counts = new Map<number, number>();
  let best = Number.NaN;
  let most = 1;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > most) {
      most = c;
      best = v;
    }
  }
  return best;
}
