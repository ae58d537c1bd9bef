import {
  LAMBDA_ACCOUNT_CONCURRENCY_DEFAULT,
  LAMBDA_BATCH_SIZE_DEFAULT,
  LAMBDA_BATCH_WINDOW_DEFAULT_SEC,
  LAMBDA_PARALLELIZATION_FACTOR_DEFAULT,
} from '../limits.js';
import type { Stream } from '../workload/schema.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import type { LimitNeed } from './shards.js';

/*
 * Consumers that keep up. A consumer that processes C records/s from each shard keeps up with P records/s at peak
 * on n shards when n·C ≥ P, so it needs P / C shards (× headroom).
 *
 * Catching up after a spike (the Comcast shard calculator's surge rule): a spike of S records/s for D seconds on top of
 * a peak P leaves a backlog (S − n·C)·D, which drains at n·C − P. It drains within the lag target L when
 * (S − n·C)·D ≤ (n·C − P)·L, that is when n·C ≥ (S·D + P·L) / (D + L): the consumer must process, over the D + L
 * seconds, everything that arrives in them. So the spike asks for (S·D + P·L) / (D + L) records/s of processing,
 * between P (a short spike or a long target) and S (a long spike or a short target).
 *
 * A Lambda event source mapping runs `parallelizationFactor` batches of a shard at once, each of `batchSize` records
 * in `duration` seconds, so it processes parallelizationFactor × batchSize ÷ duration records/s per shard while it is
 * behind. Speeds count user records: processing work follows the user records, and aggregation, which packs them into
 * fewer Kinesis records, does not make a consumer faster (a Lambda reading aggregates gets fuller batches that take
 * longer; its `duration` is taken for a batch of `batchSize` user records).
 */

/** A Lambda consumer's settings, with AWS's defaults filled in, and the concurrency it runs at. */
export interface LambdaConsumerPlan {
  batchSize: number;
  batchWindowSec: number;
  durationSec: number | null;
  parallelizationFactor: number;
  /** Concurrent invocations at the planned shard count: shards × parallelization factor. */
  concurrency: number;
  /** The account's default concurrency in a Region, shared by every function. */
  accountConcurrencyDefault: number;
}

/** A spike the consumer has to catch up after: its rate in the consumer's records and how long it lasts. */
export interface ConsumerSpike {
  recordsPerSec: number;
  lengthSec: number;
}

/** Shards a consumer needs: to keep up at peak, and to catch up after the worst spike within its lag target. */
export interface ConsumerNeed {
  keepUp: LimitNeed;
  /** Null without a lag target or a spike above the peak. */
  catchUp: (LimitNeed & { spike: ConsumerSpike }) | null;
  /** The larger of the two: what the consumer asks of the stream. */
  binding: LimitNeed;
  isCatchUp: boolean;
}

/** A consumer that states how fast it processes, and how it fares on the stream. */
export interface ConsumerProcessing {
  name: string;
  path: string;
  type: 'polling' | 'lambda' | 'efo';
  /** Records per second it processes from one shard. */
  recordsPerSecPerShard: number;
  maxLagSec: number | null;
  lambda: LambdaConsumerPlan | null;
  /** At peak today, and at the growth horizon. */
  need: ConsumerNeed;
  horizonNeed: ConsumerNeed;
  /** How it fares at the planned shard count. */
  planned: {
    shards: number;
    /** Peak records/s ÷ (shards × records/s per shard): above 1 it falls behind at peak. */
    peakUtilisation: number;
    averageUtilisation: number;
    /**
     * Lag while it keeps up at peak: the wait for the next poll (none for EFO) plus the batch window, plus the time
     * to process what one poll brings (a Lambda's duration). Null when it falls behind at peak.
     */
    lagSec: number | null;
    /** Seconds to catch up after the worst spike; 0 when it keeps up through it, null when it never catches up. */
    catchUpSec: number | null;
    /** The spike that catch-up is measured after (null without spikes above the peak). */
    spike: ConsumerSpike | null;
  };
}

/** Rates the consumers see, in user records per second. */
export interface ConsumerRates {
  userRecordsPerSec: number;
}

/** Records per second one shard's worth of the consumer processes, or null when it states no speed. */
function speedOf(c: Stream['consumers'][number]): number | null {
  if (c.processing !== undefined) return c.processing;
  if (c.type === 'lambda' && c.duration !== undefined) {
    const batch = c.batchSize ?? LAMBDA_BATCH_SIZE_DEFAULT;
    const parallel = c.parallelizationFactor ?? LAMBDA_PARALLELIZATION_FACTOR_DEFAULT;
    return (parallel * batch) / c.duration;
  }
  return null;
}

function limitNeed(demandPerSec: number, capacityPerShard: number, headroom: number): LimitNeed {
  const headroomFactor = 1 + headroom;
  return {
    demandPerSec,
    capacityPerShard,
    headroomFactor,
    shards: (demandPerSec / capacityPerShard) * headroomFactor,
  };
}

function needOf(
  peakPerSec: number,
  speed: number,
  maxLagSec: number | null,
  spikes: readonly ConsumerSpike[],
  headroom: number,
): ConsumerNeed {
  const keepUp = limitNeed(peakPerSec, speed, headroom);
  let catchUp: ConsumerNeed['catchUp'] = null;
  if (maxLagSec !== null) {
    for (const spike of spikes) {
      if (spike.recordsPerSec <= peakPerSec) continue;
      const demand =
        (spike.recordsPerSec * spike.lengthSec + peakPerSec * maxLagSec) / (spike.lengthSec + maxLagSec);
      if (catchUp === null || demand > catchUp.demandPerSec)
        catchUp = { ...limitNeed(demand, speed, headroom), spike };
    }
  }
  const isCatchUp = catchUp !== null && catchUp.shards > keepUp.shards;
  const b = isCatchUp && catchUp ? catchUp : keepUp;
  const binding = {
    demandPerSec: b.demandPerSec,
    capacityPerShard: b.capacityPerShard,
    headroomFactor: b.headroomFactor,
    shards: b.shards,
  };
  return { keepUp, catchUp, binding, isCatchUp };
}

/**
 * The spikes of the stream's traffic model, as user records per second: the base rate (traffic.rate, else the peak)
 * times the spike's factor, held for its length plus one ramp (the two linear ramps carry half a ramp each).
 */
export function spikesOf(stream: Stream, peakUserRecordsPerSec: number): ConsumerSpike[] {
  const traffic = stream.traffic;
  if (!traffic) return [];
  const base = traffic.rate ?? peakUserRecordsPerSec;
  return traffic.spikes.map((s) => ({ recordsPerSec: base * s.factor, lengthSec: s.length + s.ramp }));
}

/** Seconds to drain the backlog a spike leaves on `shards` shards; 0 when it keeps up, null when it never drains. */
function catchUpSecAt(
  shards: number,
  speed: number,
  peakPerSec: number,
  spike: ConsumerSpike | null,
): number | null {
  if (spike === null) return 0;
  const capacity = shards * speed;
  const backlog = Math.max(0, (spike.recordsPerSec - capacity) * spike.lengthSec);
  if (backlog === 0) return 0;
  if (capacity <= peakPerSec) return null;
  return backlog / (capacity - peakPerSec);
}

export interface ConsumerPlanInput {
  stream: Stream;
  streamIndex: number;
  headroom: number;
  average: ConsumerRates;
  peak: ConsumerRates;
  horizonPeak: ConsumerRates;
}

/** The consumers that state a processing speed, with the shards each needs (before the count is planned). */
export function consumerNeeds(input: ConsumerPlanInput): Omit<ConsumerProcessing, 'planned' | 'lambda'>[] {
  const { stream, streamIndex, headroom } = input;
  const spikesUser = spikesOf(stream, input.peak.userRecordsPerSec);
  const horizonFactor =
    input.peak.userRecordsPerSec > 0 ? input.horizonPeak.userRecordsPerSec / input.peak.userRecordsPerSec : 1;
  return stream.consumers.flatMap((c, i) => {
    const speed = speedOf(c);
    if (speed === null) return [];
    const spikes = spikesUser;
    const peak = input.peak.userRecordsPerSec;
    const horizonPeak = input.horizonPeak.userRecordsPerSec;
    const maxLagSec = c.maxLag ?? null;
    return [
      {
        name: c.name,
        path: fieldPath(['streams', streamIndex, 'consumers', i]),
        type: c.type,
        recordsPerSecPerShard: speed,
        maxLagSec,
        need: needOf(peak, speed, maxLagSec, spikes, headroom),
        horizonNeed: needOf(
          horizonPeak,
          speed,
          maxLagSec,
          spikes.map((s) => ({ ...s, recordsPerSec: s.recordsPerSec * horizonFactor })),
          headroom,
        ),
      },
    ];
  });
}

/** The consumer that needs the most shards, when any states a speed. */
export function bindingConsumer<T extends { need: ConsumerNeed }>(
  needs: readonly T[],
  pick: (c: T) => ConsumerNeed = (c) => c.need,
): T | null {
  let best: T | null = null;
  for (const c of needs) if (best === null || pick(c).binding.shards > pick(best).binding.shards) best = c;
  return best;
}

/** How each consumer fares at the planned shard count, with its findings. */
export function planConsumers(
  input: ConsumerPlanInput,
  needs: readonly Omit<ConsumerProcessing, 'planned' | 'lambda'>[],
  plannedShards: number,
  readers: readonly { name: string; pollIntervalSec: number | null }[],
): { consumers: ConsumerProcessing[]; findings: Finding[] } {
  const findings: Finding[] = [];
  const consumers = needs.map((n): ConsumerProcessing => {
    const c = input.stream.consumers.find((x) => x.name === n.name)!;
    const isLambda = n.type === 'lambda';
    const peak = input.peak.userRecordsPerSec;
    const average = input.average.userRecordsPerSec;
    const capacity = plannedShards * n.recordsPerSecPerShard;
    const peakUtilisation = peak / capacity;
    const pollSec = readers.find((r) => r.name === n.name)?.pollIntervalSec ?? 0;
    const lambda: LambdaConsumerPlan | null = isLambda
      ? {
          batchSize: c.batchSize ?? LAMBDA_BATCH_SIZE_DEFAULT,
          batchWindowSec: c.batchWindow ?? LAMBDA_BATCH_WINDOW_DEFAULT_SEC,
          durationSec: c.duration ?? null,
          parallelizationFactor: c.parallelizationFactor ?? LAMBDA_PARALLELIZATION_FACTOR_DEFAULT,
          concurrency: plannedShards * (c.parallelizationFactor ?? LAMBDA_PARALLELIZATION_FACTOR_DEFAULT),
          accountConcurrencyDefault: LAMBDA_ACCOUNT_CONCURRENCY_DEFAULT,
        }
      : null;
    // A poll brings pollSec of records; processing them takes pollSec × utilisation (a Lambda: one invocation).
    const workSec = lambda?.durationSec ?? pollSec * peakUtilisation;
    const lagSec = peakUtilisation <= 1 ? pollSec + (lambda?.batchWindowSec ?? 0) + workSec : null;
    const spike = n.need.catchUp?.spike ?? worstSpike(input);
    const catchUpSec =
      peakUtilisation <= 1 ? catchUpSecAt(plannedShards, n.recordsPerSecPerShard, peak, spike) : null;
    if (peakUtilisation > 1 + 1e-9) {
      findings.push({
        code: 'CONSUMER_FALLS_BEHIND',
        severity: 'error',
        path: n.path,
        args: {
          consumer: n.name,
          shards: plannedShards,
          peakRecordsPerSec: peak,
          capacityRecordsPerSec: capacity,
        },
      });
    } else if (n.maxLagSec !== null && catchUpSec !== null && catchUpSec > n.maxLagSec + 1e-9) {
      findings.push({
        code: 'CONSUMER_CATCH_UP_TOO_SLOW',
        severity: 'warning',
        path: n.path,
        args: { consumer: n.name, shards: plannedShards, catchUpSec, maxLagSec: n.maxLagSec },
      });
    }
    if (lambda !== null && lambda.concurrency > lambda.accountConcurrencyDefault) {
      findings.push({
        code: 'LAMBDA_CONCURRENCY_OVER_DEFAULT',
        severity: 'warning',
        path: n.path,
        args: {
          consumer: n.name,
          shards: plannedShards,
          parallelizationFactor: lambda.parallelizationFactor,
          concurrency: lambda.concurrency,
          accountDefault: lambda.accountConcurrencyDefault,
        },
      });
    }
    return {
      ...n,
      lambda,
      planned: {
        shards: plannedShards,
        peakUtilisation,
        averageUtilisation: average / capacity,
        lagSec,
        catchUpSec: spike === null ? null : catchUpSec,
        spike,
      },
    };
  });
  return { consumers, findings };
}

/** The largest spike above the peak, in the consumer's records, for reporting catch-up without a lag target. */
function worstSpike(input: ConsumerPlanInput): ConsumerSpike | null {
  const peak = input.peak.userRecordsPerSec;
  let worst: ConsumerSpike | null = null;
  for (const spike of spikesOf(input.stream, peak)) {
    if (spike.recordsPerSec <= peak) continue;
    if (worst === null || spike.recordsPerSec * spike.lengthSec > worst.recordsPerSec * worst.lengthSec)
      worst = spike;
  }
  return worst;
}
