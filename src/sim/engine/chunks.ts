import { InternalError } from '../../errors.js';
import { SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC } from '../../limits.js';
import { DROP_CAUSES, type ConsumerStats, type DropCause, type MinuteView, type ProducerStats, type StreamSimResult } from '../types.js';
import { producerStats } from './closed-producer.js';
import type { StreamModel } from './setup.js';
import type { Sim } from './sim.js';
import { TOTALS } from './tallies.js';

/**
 * Chunks: a stream whose shards do not interact is simulated as a few groups of shards, each a run of its own, and the
 * runs' counts are added up. Shards interact through the producer's shared state (the SDK's retry quota, a bounded
 * buffer, a closed producer's workers) and through on-demand splits, which read the whole stream; without those, a
 * shard's course depends only on the stream's rate, its own key share and its own sequence of draws (sim.ts,
 * shardSeed), and the stream's own draws (its pulses) are made alike in every chunk. So the result does not depend on
 * how the shards are grouped, beyond the order in which byte totals are added; the grouping is fixed by the shard
 * count (planChunks), never by the machine, so a run gives the same bytes whether its chunks run one after another or
 * on several threads (the CLI's worker threads).
 */

/** The shards [first, first + count) of the layout. */
export interface ChunkSpec {
  first: number;
  count: number;
}

/** Chunks have at least this many shards … */
const CHUNK_MIN_SHARDS = 32;
/** … and a run has at most this many (each chunk repeats the per-step work of the stream as a whole). */
const MAX_CHUNKS = 4;

/** Whether a run's shards are independent of each other: no shared producer state and no on-demand splits. */
export function isSeparable(model: StreamModel, mode: 'provisioned' | 'on-demand'): boolean {
  const p = model.producer;
  return (
    mode === 'provisioned' &&
    p.workers === 0 &&
    !Number.isFinite(p.bufferRecords) &&
    p.client !== 'put-record-sdk' &&
    p.client !== 'put-record-sdk-2026'
  );
}

/** The chunks of a run: up to 4 of at least 32 shards each when its shards are independent, else one. */
export function planChunks(model: StreamModel, mode: 'provisioned' | 'on-demand'): ChunkSpec[] {
  const n = model.initialShards;
  const count = isSeparable(model, mode) ? Math.max(1, Math.min(MAX_CHUNKS, Math.floor(n / CHUNK_MIN_SHARDS))) : 1;
  const out: ChunkSpec[] = [];
  for (let c = 0; c < count; c++) {
    const first = Math.floor((c * n) / count);
    out.push({ first, count: Math.floor(((c + 1) * n) / count) - first });
  }
  return out;
}

/** What one chunk counted: plain data and typed arrays, so that a worker thread can hand it back. */
export interface ChunkResult {
  name: string;
  index: number;
  mode: 'provisioned' | 'on-demand';
  client: StreamSimResult['client'];
  retry: StreamSimResult['retry'];
  traffic: StreamSimResult['traffic'];
  producer: ProducerStats;
  initialShards: number;
  finalShards: number;
  perKinesis: number;
  kinesisBytes: number;
  stepSec: number;
  steps: number;
  trace: StreamSimResult['trace'];
  /** Tally's totals (tallies.ts, TOTALS). */
  totals: Float64Array;
  dropped: Record<DropCause, number>;
  /** Accepted records by whole steps waited, up to the longest wait (the last bin holds every longer wait). */
  latencyHist: Float64Array;
  latencyBins: number;
  maxLatencySteps: number;
  minutes: {
    offered: Float64Array;
    offeredBytes: Float64Array;
    attempts: Float64Array;
    accepted: Float64Array;
    acceptedBytes: Float64Array;
    throttled: Float64Array;
    readThrottled: Float64Array;
    retries: Float64Array;
    dropped: Float64Array;
    shards: Float64Array;
    lagMs: Float64Array;
  };
  secAttempts: Float64Array;
  secAccepted: Float64Array;
  /** Per shard of the chunk (provisioned runs): its first shard's number, key shares and counts. */
  firstShard: number;
  shares: Float64Array;
  shardAttempts: Float64Array;
  shardAccepted: Float64Array;
  shardThrottled: Float64Array;
  consumers: ConsumerStats[];
  onDemandEvents: StreamSimResult['onDemandEvents'];
}

/** A chunk's counts at the end of its run. */
export function chunkResult(sim: Sim): ChunkResult {
  const t = sim.tally;
  const bins = Math.min(t.latencyHist.length, t.maxLatencySteps + 1);
  const provisioned = sim.mode === 'provisioned';
  const perShard = (a: Float64Array, b?: Float64Array) => {
    const out = new Float64Array(provisioned ? sim.shards : 0);
    for (let i = 0; i < out.length; i++) out[i] = (a[i] ?? 0) + (b?.[i] ?? 0);
    return out;
  };
  const trace = sim.trace;
  return {
    name: sim.model.name,
    index: sim.index,
    mode: sim.mode,
    client: sim.client.model,
    retry: sim.model.retry,
    traffic: sim.model.offered,
    producer: producerStats(sim),
    initialShards: sim.model.initialShards,
    finalShards: sim.chunkShards === undefined ? sim.shards : sim.model.initialShards,
    perKinesis: sim.perKinesis,
    kinesisBytes: sim.kinesisBytes,
    stepSec: sim.dt,
    steps: sim.steps,
    trace: trace ? { fileName: trace.fileName, format: trace.format, periodSec: trace.periodSec, withinPeriod: 'even' } : undefined,
    totals: t.totals(),
    dropped: { ...t.dropped },
    latencyHist: t.latencyHist.slice(0, bins),
    latencyBins: t.latencyHist.length,
    maxLatencySteps: t.maxLatencySteps,
    minutes: {
      offered: t.mOffered,
      offeredBytes: t.mOfferedBytes,
      attempts: t.mAttempts,
      accepted: t.mAccepted,
      acceptedBytes: t.mAcceptedBytes,
      throttled: t.mThrottled,
      readThrottled: t.mReadThrottled,
      retries: t.mRetries,
      dropped: t.mDropped,
      shards: t.mShards,
      lagMs: t.mLagMs,
    },
    secAttempts: t.secAttempts,
    secAccepted: t.secAccepted,
    firstShard: sim.shardBase,
    shares: provisioned ? sim.share.slice() : new Float64Array(0),
    shardAttempts: perShard(t.attemptsS, t.wholeS),
    shardAccepted: perShard(t.acceptedS, t.wholeS),
    shardThrottled: perShard(t.throttledS),
    consumers: sim.readers.stats.map((c) => ({ ...c })),
    onDemandEvents: sim.scaling.events,
  };
}

/** Adds `b` into `a`, element by element. */
function addInto(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] ?? 0);
}

/** The result of a run from its chunks' counts, in chunk order; checks that offered = accepted + dropped + pending. */
export function mergeChunks(parts: ChunkResult[]): StreamSimResult {
  const head = parts[0];
  if (!head) throw new InternalError('a run without chunks');
  const totals = new Float64Array(TOTALS.SUMS);
  const dropped = Object.fromEntries(DROP_CAUSES.map((c) => [c, 0])) as Record<DropCause, number>;
  const hist = new Float64Array(Math.max(...parts.map((p) => p.latencyHist.length)));
  const m = head.minutes;
  const minutes = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, new Float64Array(v.length)])) as ChunkResult['minutes'];
  const secAttempts = new Float64Array(head.secAttempts.length);
  const secAccepted = new Float64Array(head.secAccepted.length);
  let maxLatencySteps = 0;
  const consumers = head.consumers.map((c) => ({ ...c, getRecordsCalls: 0, readThrottledCalls: 0, recordsRead: 0, maxIteratorAgeMs: 0, isIteratorAgeCapped: false }));
  for (const p of parts) {
    addInto(totals, p.totals);
    for (const c of DROP_CAUSES) dropped[c] += p.dropped[c];
    addInto(hist, p.latencyHist);
    if (p.maxLatencySteps > maxLatencySteps) maxLatencySteps = p.maxLatencySteps;
    for (const key of Object.keys(minutes) as (keyof ChunkResult['minutes'])[]) {
      if (key === 'lagMs') {
        const into = minutes.lagMs;
        p.minutes.lagMs.forEach((v, i) => {
          if (v > (into[i] as number)) into[i] = v;
        });
      } else if (key === 'shards') minutes.shards.set(p.minutes.shards);
      else addInto(minutes[key], p.minutes[key]);
    }
    addInto(secAttempts, p.secAttempts);
    addInto(secAccepted, p.secAccepted);
    p.consumers.forEach((c, j) => {
      const into = consumers[j] as ConsumerStats;
      into.getRecordsCalls += c.getRecordsCalls;
      into.readThrottledCalls += c.readThrottledCalls;
      into.recordsRead += c.recordsRead;
      if (c.maxIteratorAgeMs > into.maxIteratorAgeMs) into.maxIteratorAgeMs = c.maxIteratorAgeMs;
      if (c.isIteratorAgeCapped) into.isIteratorAgeCapped = true;
    });
  }
  const droppedTotal = DROP_CAUSES.reduce((a, c) => a + dropped[c], 0);
  const offered = totals[TOTALS.OFFERED] as number;
  const accepted = totals[TOTALS.ACCEPTED] as number;
  const pending = totals[TOTALS.PENDING] as number;
  if (offered !== accepted + droppedTotal + pending) {
    throw new InternalError(`stream ${head.name}: offered ${offered} ≠ accepted ${accepted} + dropped ${droppedTotal} + pending ${pending}`);
  }
  const dt = head.stepSec;
  const runSec = head.steps * dt;
  const perMinute: MinuteView[] = [];
  for (let i = 0; i < minutes.offered.length; i++) {
    const secs = Math.min(60, runSec - i * 60);
    const attempts = minutes.attempts[i] as number;
    const shards = (minutes.shards[i] as number) || head.finalShards;
    const acceptedRecords = minutes.accepted[i] as number;
    const acceptedBytes = minutes.acceptedBytes[i] as number;
    let peakAcc = 0;
    let peakAtt = 0;
    for (let s = i * 60; s < Math.min(secAttempts.length, (i + 1) * 60); s++) {
      if ((secAccepted[s] as number) > peakAcc) peakAcc = secAccepted[s] as number;
      if ((secAttempts[s] as number) > peakAtt) peakAtt = secAttempts[s] as number;
    }
    perMinute.push({
      minute: i,
      incomingRecords: acceptedRecords,
      incomingBytes: acceptedBytes,
      writeProvisionedThroughputExceeded: minutes.throttled[i] as number,
      readProvisionedThroughputExceeded: minutes.readThrottled[i] as number,
      offeredRecords: minutes.offered[i] as number,
      attempts,
      retries: minutes.retries[i] as number,
      dropped: minutes.dropped[i] as number,
      peakSecondIncomingRecords: peakAcc,
      peakSecondAttempts: peakAtt,
      hiddenBurstRatio: attempts > 0 ? peakAtt / (attempts / secs) : 0,
      shards,
      bytesUtilisation: acceptedBytes / (secs * shards * SHARD_WRITE_BYTES_PER_SEC),
      recordsUtilisation: acceptedRecords / (secs * shards * SHARD_WRITE_RECORDS_PER_SEC),
      maxIteratorAgeMs: minutes.lagMs[i] as number,
    });
  }
  const perShard = parts.flatMap((p) =>
    Array.from(p.shares, (share, i) => ({
      shard: p.firstShard + i,
      loadShare: share,
      attempts: p.shardAttempts[i] as number,
      accepted: p.shardAccepted[i] as number,
      throttledAttempts: p.shardThrottled[i] as number,
    })),
  );
  const attempts = totals[TOTALS.ATTEMPTS] as number;
  const throttled = totals[TOTALS.THROTTLED] as number;
  return {
    index: head.index,
    name: head.name,
    mode: head.mode,
    client: head.client,
    retry: head.retry,
    traffic: head.traffic,
    producer: head.producer,
    shards: { initial: head.initialShards, final: head.finalShards },
    userRecordsPerKinesisRecord: head.perKinesis,
    kinesisRecordBytes: head.kinesisBytes,
    records: {
      offered,
      accepted,
      throttledAttempts: throttled,
      retries: totals[TOTALS.RETRIES] as number,
      dropped: droppedTotal,
      droppedByCause: dropped,
      pending,
    },
    attempts,
    throttledShare: attempts > 0 ? throttled / attempts : 0,
    bytes: { offered: totals[TOTALS.OFFERED_BYTES] as number, accepted: totals[TOTALS.ACCEPTED_BYTES] as number },
    latencyMs: latencyPercentiles(hist, head.latencyBins, accepted, maxLatencySteps, dt),
    perMinute,
    perShard,
    consumers,
    onDemandEvents: head.onDemandEvents,
    ...(head.trace ? { trace: head.trace } : {}),
  };
}

/** p50, p95, p99 and max of the latency histogram, in ms (a wait in the last bin reads as the longest wait). */
function latencyPercentiles(hist: Float64Array, bins: number, total: number, maxSteps: number, dt: number): StreamSimResult['latencyMs'] {
  const ms = (steps: number) => steps * dt * 1000;
  if (total === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
  const q = (p: number) => {
    const want = p * total;
    let acc = 0;
    for (let d = 0; d < hist.length; d++) {
      acc += hist[d] ?? 0;
      if (acc >= want - 1e-9) return d === bins - 1 ? maxSteps : d;
    }
    return maxSteps;
  };
  return { p50: ms(q(0.5)), p95: ms(q(0.95)), p99: ms(q(0.99)), max: ms(maxSteps) };
}
