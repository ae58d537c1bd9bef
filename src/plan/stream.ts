import { InputError } from '../errors.js';
import { MAX_SHARDS_PER_STREAM, SHARD_GET_RECORDS_CALLS_PER_SEC } from '../limits.js';
import { formatByteRate, formatRecordRate } from '../workload/format.js';
import type { CapacityMode, Stream } from '../workload/schema.js';
import type { OnDemandMode } from '../vocab/capacity-modes.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import { SHARD_LIMITS, type ShardBinding, type ShardLimit } from '../vocab/shard-limits.js';
import { bindingConsumer, consumerNeeds, planConsumers, type ConsumerNeed, type ConsumerProcessing } from './consumers.js';
import { streamLoad, type StreamLoad, type WriteLoad } from './load.js';
import { fitOnDemand, type OnDemandFit } from './on-demand.js';
import {
  readCallsPerShardPerSec,
  requiredShards,
  shardsByLimit,
  utilisation,
  type ShardDemand,
  wholeShards,
  type LimitNeed,
  type ShardsByLimit,
  type Utilisation,
} from './shards.js';

/**
 * Default time between GetRecords calls of a polling consumer: the KCL polls each shard once a second
 * (idleTimeBetweenReadsInMillis 1,000 ms) and Lambda at a base rate of once a second (throttling-model.md §1.4).
 */
export const DEFAULT_POLL_INTERVAL_SEC = 1;
/** Readers at or above this share of the 5 calls/s GetRecords limit get a warning. */
const READ_CALLS_WARN_SHARE = 0.8;

/** The fewest polling readers (at least one), busiest (shortest interval) first, whose move to enhanced fan-out brings the others' GetRecords calls to READ_CALLS_WARN_SHARE of the limit, and the calls then. */
function readersToEfo(pollIntervals: readonly number[]): { readersToEfo: number; callsPerShardPerSecAfterEfo: number } {
  const left = [...pollIntervals].sort((a, b) => b - a);
  let moved = 0;
  // At least one: the finding fires at READ_CALLS_WARN_SHARE itself.
  do {
    left.pop();
    moved += 1;
  } while (left.length > 0 && readCallsPerShardPerSec(left) > READ_CALLS_WARN_SHARE * SHARD_GET_RECORDS_CALLS_PER_SEC + 1e-9);
  return { readersToEfo: moved, callsPerShardPerSecAfterEfo: readCallsPerShardPerSec(left) };
}

/** Something that reads the stream: a consumer of the stream, or a delivery stage that reads it. */
export interface Reader {
  name: string;
  type: 'polling' | 'lambda' | 'efo';
  /** Seconds between GetRecords calls per shard; null for EFO, which does not poll. */
  pollIntervalSec: number | null;
  /** Where it was declared: `streams[0].consumers[1]`, `firehose[0]`, `flink[0]`. */
  path: string;
}

/** How user records become Kinesis records: identity without aggregation. */
export interface KinesisShape {
  /** Kinesis records per user record (1 without aggregation; 1/n with n user records per aggregate). */
  kinesisRecordsPerUserRecord: number;
  /** Write-limit bytes per user record, container overhead and partition keys included. */
  writeBytesPerUserRecord: number;
}

/** Shards a stream needs at one moment of traffic. */
export interface ShardNeed {
  required: number;
  /** The limit that sets the count, or `consumer` when a consumer's processing speed does (see `consumer`). */
  binding: ShardBinding;
  /** Fractional shards each limit needs, headroom included. */
  byLimit: Record<ShardLimit, number>;
  /** The numbers behind each figure: demand ÷ capacity per shard × headroom. */
  derivation: ShardsByLimit;
  /**
   * The consumer that needs the most shards to keep up (or to catch up after a spike within its lag target), in its
   * records per second ÷ its records per second per shard; null when no consumer states a processing speed.
   */
  consumer: (LimitNeed & { name: string; path: string; isCatchUp: boolean }) | null;
}

export interface StreamShardPlan extends ShardNeed {
  /** Shard count the stream is evaluated at: the existing count when given, else the required count. */
  planned: number;
  /** The existing stream's shard count (`shards:`), or null when the workload plans a new stream. */
  existing: number | null;
  horizon: ShardNeed & { months: number; growthPerMonth: number };
}

export interface StreamPlanCore {
  name: string;
  path: string;
  /** The mode the workload sets, or 'compare' when it sets none. */
  capacityMode: CapacityMode | 'compare';
  load: StreamLoad;
  readers: Reader[];
  demand: { average: ShardDemand; peak: ShardDemand; horizonPeak: ShardDemand };
  shards: StreamShardPlan;
  readCallsPerShardPerSecond: number;
  utilisation: { average: Utilisation; peak: Utilisation };
  /** Consumers that state a processing speed: the shards each needs, its lag, and a Lambda's concurrency. */
  consumers: ConsumerProcessing[];
  onDemand: OnDemandFit[];
  findings: Finding[];
}

/** The readers of a stream: its consumers plus delivery stages that read it. */
export function streamReaders(stream: Stream, streamIndex: number, stageReaders: readonly Reader[]): Reader[] {
  const own: Reader[] = stream.consumers.map((c, i) => ({
    name: c.name,
    type: c.type,
    pollIntervalSec: c.type === 'efo' ? null : (c.pollInterval ?? DEFAULT_POLL_INTERVAL_SEC),
    path: fieldPath(['streams', streamIndex, 'consumers', i]),
  }));
  return [...own, ...stageReaders];
}

function demandAt(load: WriteLoad, shape: KinesisShape, readers: readonly Reader[]): ShardDemand {
  const writeBytesPerSec = load.recordsPerSec * shape.writeBytesPerUserRecord;
  return {
    kinesisRecordsPerSec: load.recordsPerSec * shape.kinesisRecordsPerUserRecord,
    writeBytesPerSec,
    readBytesPerSecPerReader: writeBytesPerSec,
    sharedReaders: readers.filter((r) => r.type !== 'efo').length,
  };
}

function shardNeed(
  demand: ShardDemand,
  headroom: number,
  consumers: readonly { name: string; path: string; need: ConsumerNeed }[],
): ShardNeed {
  const derivation = shardsByLimit(demand, headroom);
  const limit = requiredShards(derivation);
  const byLimit = Object.fromEntries(SHARD_LIMITS.map((l) => [l, derivation[l].shards])) as Record<ShardLimit, number>;
  const slowest = bindingConsumer(consumers);
  const consumer = slowest ? { ...slowest.need.binding, name: slowest.name, path: slowest.path, isCatchUp: slowest.need.isCatchUp } : null;
  // Ties go to the shard limits: a consumer binds only when it needs strictly more.
  if (consumer && consumer.shards > derivation[limit.binding].shards) {
    return { required: wholeShards(consumer.shards), binding: 'consumer', byLimit, derivation, consumer };
  }
  return { ...limit, byLimit, derivation, consumer };
}

/**
 * What a faster binding consumer gives: the whole shards the stream needs without it (the shard limits, the other
 * consumers and the hot-shard minimum), and the records per second per shard at which the consumer needs no more:
 * its demand × headroom ÷ that count. Null when the consumer does not set the count or nothing fewer follows.
 */
function consumerSpeedUp(
  now: ShardNeed,
  needs: readonly { name: string; path: string; need: ConsumerNeed }[],
  minimumShards: number,
): { shardsAfter: number; recordsPerSecPerShardAfter: number } | null {
  if (now.binding !== 'consumer' || !now.consumer) return null;
  const binding = now.consumer;
  const others = needs.filter((c) => c.path !== binding.path).map((c) => c.need.binding.shards);
  const limits = requiredShards(now.derivation).required;
  const shardsAfter = Math.max(limits, minimumShards, ...others.map(wholeShards));
  if (shardsAfter >= now.required) return null;
  return { shardsAfter, recordsPerSecPerShardAfter: (binding.demandPerSec * binding.headroomFactor) / shardsAfter };
}

/**
 * What splitting the traffic evenly over several streams gives: every limit's need and a consumer's are linear in the
 * traffic, so each of n streams needs 1/n of the fractional shards; the fewest streams each within the maximum, and
 * the shards each then needs. Empty when the limits alone fit one stream (the hot-shard minimum sets the count, and
 * a key's records cannot be split by hashing).
 */
function splitOverStreams(need: ShardNeed): { streamsNeeded?: number; shardsPerStream?: number } {
  const fractional = Math.max(...SHARD_LIMITS.map((l) => need.byLimit[l]), need.consumer?.shards ?? 0);
  if (wholeShards(fractional) <= MAX_SHARDS_PER_STREAM) return {};
  const streamsNeeded = Math.ceil(fractional / MAX_SHARDS_PER_STREAM - 1e-9);
  return { streamsNeeded, shardsPerStream: wholeShards(fractional / streamsNeeded) };
}

/** The identity shape: each user record is one Kinesis record of payload plus partition key. */
export function unaggregatedShape(load: StreamLoad): KinesisShape {
  return { kinesisRecordsPerUserRecord: 1, writeBytesPerUserRecord: load.recordBytesAvg + load.partitionKeyBytes };
}

/**
 * Plans one stream's shards on every limit that can bind, at peak with headroom and at the growth horizon, evaluates
 * an existing shard count, and checks the on-demand modes. `shapes` carry KPL aggregation when it is on;
 * `minimumShards` carries the hot-shard requirement (the shards needed so the hottest shard stays within limits).
 */
export function planStreamShards(
  stream: Stream,
  streamIndex: number,
  readers: readonly Reader[],
  shapes?: { average: KinesisShape; peak: KinesisShape; horizonPeak?: KinesisShape },
  minimumShards: { now: number; horizon: number } = { now: 1, horizon: 1 },
): StreamPlanCore {
  const path = fieldPath(['streams', streamIndex]);
  const load = streamLoad(stream);
  const identity = unaggregatedShape(load);
  const shape = shapes ?? { average: identity, peak: identity };
  const findings: Finding[] = [];
  // Aggregation packs at least as well at higher rates, so the horizon uses the peak's shape.
  const demand = {
    average: demandAt(load.average, shape.average, readers),
    peak: demandAt(load.peak, shape.peak, readers),
    horizonPeak: demandAt(load.horizonPeak, shape.horizonPeak ?? shape.peak, readers),
  };
  const consumerInput = {
    stream,
    streamIndex,
    headroom: stream.headroom,
    average: { userRecordsPerSec: load.average.recordsPerSec },
    peak: { userRecordsPerSec: load.peak.recordsPerSec },
    horizonPeak: { userRecordsPerSec: load.horizonPeak.recordsPerSec },
  };
  const needs = consumerNeeds(consumerInput);
  const now = shardNeed(demand.peak, stream.headroom, needs);
  now.required = Math.max(now.required, minimumShards.now);
  const horizon = shardNeed(
    demand.horizonPeak,
    stream.headroom,
    needs.map((c) => ({ ...c, need: c.horizonNeed })),
  );
  horizon.required = Math.max(horizon.required, minimumShards.horizon, now.required);
  const planned = stream.shards ?? now.required;

  const pollIntervals = readers.flatMap((r) => (r.pollIntervalSec !== null ? [r.pollIntervalSec] : []));
  const callsPerShard = readCallsPerShardPerSec(pollIntervals);
  const efoCount = readers.filter((r) => r.type === 'efo').length;
  const util = {
    average: utilisation(demand.average, planned, callsPerShard, efoCount),
    peak: utilisation(demand.peak, planned, callsPerShard, efoCount),
  };

  if (callsPerShard > 0 && util.peak.readCalls >= READ_CALLS_WARN_SHARE) {
    const slowest = pollIntervals.length > 0 ? Math.min(...pollIntervals) : 1;
    const suggested = pollIntervals.length / (READ_CALLS_WARN_SHARE * SHARD_GET_RECORDS_CALLS_PER_SEC);
    findings.push({
      code: util.peak.readCalls > 1 ? 'READ_CALLS_OVER_LIMIT' : 'READ_CALLS_AT_RISK',
      severity: util.peak.readCalls > 1 ? 'error' : 'warning',
      path: fieldPath(['streams', streamIndex, 'consumers']),
      args: {
        callsPerShardPerSec: callsPerShard,
        pollingReaders: pollIntervals.length,
        shortestPollIntervalSec: slowest,
        // Poll interval that brings the calls to 80 % of the limit with the same readers.
        suggestedPollIntervalSec: suggested,
        callsPerShardPerSecAfterPoll: readCallsPerShardPerSec(pollIntervals.map((i) => Math.max(i, suggested))),
        ...readersToEfo(pollIntervals),
      },
    });
  }
  if (now.binding === 'readBytes') {
    findings.push({
      code: 'SHARED_READ_BINDS',
      severity: 'info',
      path: fieldPath(['streams', streamIndex, 'consumers']),
      args: {
        sharedReaders: demand.peak.sharedReaders,
        readShards: now.byLimit.readBytes,
        writeShards: Math.max(now.byLimit.writeBytes, now.byLimit.writeRecords),
      },
    });
  }
  const consumers = planConsumers(consumerInput, needs, planned, readers);
  findings.push(...consumers.findings);
  if (now.binding === 'consumer' && now.consumer) {
    findings.push({
      code: 'CONSUMER_BINDS',
      severity: 'info',
      path: now.consumer.path,
      args: {
        consumer: now.consumer.name,
        consumerShards: now.consumer.shards,
        writeShards: Math.max(now.byLimit.writeBytes, now.byLimit.writeRecords),
        recordsPerSecPerShard: now.consumer.capacityPerShard,
        isCatchUp: now.consumer.isCatchUp,
        ...consumerSpeedUp(now, needs, minimumShards.now),
      },
    });
  }
  if (stream.records.peak === undefined) {
    findings.push({ code: 'NO_PEAK_GIVEN', severity: 'info', path: fieldPath(['streams', streamIndex, 'records']), args: {} });
  }
  if (now.required > MAX_SHARDS_PER_STREAM || horizon.required > MAX_SHARDS_PER_STREAM) {
    findings.push({
      code: 'SHARDS_OVER_STREAM_MAXIMUM',
      severity: now.required > MAX_SHARDS_PER_STREAM ? 'error' : 'warning',
      path,
      args: {
        required: Math.max(now.required, horizon.required),
        maximum: MAX_SHARDS_PER_STREAM,
        ...splitOverStreams(horizon.required > now.required ? horizon : now),
      },
    });
  }
  if (stream.shards !== undefined) {
    const shardsPath = fieldPath(['streams', streamIndex, 'shards']);
    if (stream.shards < now.required) {
      // A consumer's shortfall is reported on the consumer (CONSUMER_FALLS_BEHIND, CONSUMER_CATCH_UP_TOO_SLOW).
      if (now.binding !== 'consumer') {
      const worst = SHARD_LIMITS.reduce((a, l) => (util.peak[l] > util.peak[a] ? l : a), SHARD_LIMITS[0]);
      findings.push({
        code: 'EXISTING_SHARDS_TOO_FEW',
        severity: util.peak[worst] > 1 ? 'error' : 'warning',
        path: shardsPath,
        args: { existing: stream.shards, required: now.required, limit: worst, peakUtilisation: util.peak[worst] },
      });
      }
    } else if (stream.shards < horizon.required) {
      findings.push({
        code: 'EXISTING_SHARDS_OUTGROWN',
        severity: 'warning',
        path: shardsPath,
        args: { existing: stream.shards, required: horizon.required, months: load.horizonMonths },
      });
    } else if (stream.shards >= 2 * now.required && stream.shards > now.required + 1) {
      findings.push({
        code: 'EXISTING_SHARDS_OVERPROVISIONED',
        severity: 'info',
        path: shardsPath,
        args: { existing: stream.shards, required: now.required },
      });
    }
  }

  const onDemand: OnDemandFit[] = [];
  const modes: OnDemandMode[] =
    stream.capacityMode === undefined
      ? ['on-demand', 'on-demand-advantage']
      : stream.capacityMode === 'provisioned'
        ? []
        : [stream.capacityMode];
  for (const mode of modes) {
    const r = fitOnDemand(stream, streamIndex, mode, {
      writeBytesPerSec: demand.peak.writeBytesPerSec,
      kinesisRecordsPerSec: demand.peak.kinesisRecordsPerSec,
    });
    onDemand.push(r.fit);
    // The advice to use provisioned mode says what it takes: the shards the peak needs there.
    for (const f of r.findings) if (f.code === 'ON_DEMAND_OVER_MAXIMUM') f.args = { ...f.args, provisionedShards: now.required };
    // When modes are only compared, burst findings for a mode the user has not chosen are noise: keep errors.
    findings.push(...r.findings.filter((f) => stream.capacityMode !== undefined || f.severity === 'error'));
  }

  return {
    name: stream.name,
    path,
    capacityMode: stream.capacityMode ?? 'compare',
    load,
    readers: [...readers],
    demand,
    shards: {
      ...now,
      planned,
      existing: stream.shards ?? null,
      horizon: { ...horizon, months: load.horizonMonths, growthPerMonth: load.growthPerMonth },
    },
    readCallsPerShardPerSecond: callsPerShard,
    utilisation: util,
    consumers: consumers.consumers,
    onDemand,
    findings,
  };
}

/**
 * A stream whose peak needs more than the 10,000 shards a stream can have cannot be built as written: the error names
 * the field that drives the binding limit (the peak or rate for writes, the consumers for shared reads) and the
 * derivation behind the count. Planning stops here, before anything is laid out per shard.
 */
export function overStreamMaximum(stream: Stream, streamIndex: number, core: StreamPlanCore): InputError | undefined {
  const { required, binding, derivation, consumer } = core.shards;
  if (required <= MAX_SHARDS_PER_STREAM) return undefined;
  if (binding === 'consumer' && consumer) {
    return new InputError({
      path: `${consumer.path}.processing`,
      message:
        `${consumer.name} needs ${required.toLocaleString('en-US')} shards to keep up (${formatRecordRate(consumer.demandPerSec)} ÷ ` +
        `${formatRecordRate(consumer.capacityPerShard)} per shard × ${consumer.headroomFactor} headroom), more than the ` +
        `${MAX_SHARDS_PER_STREAM.toLocaleString('en-US')} shards a stream can have`,
      hint: 'speed up the consumer (more records per second per shard: processing, batchSize, parallelizationFactor), or split the traffic over several streams',
    });
  }
  const d = derivation[binding === 'consumer' ? 'writeBytes' : binding];
  const field =
    binding === 'readBytes' ? ['consumers'] : stream.records.peak !== undefined ? ['records', 'peak'] : ['records', 'rate'];
  const demand =
    binding === 'writeRecords'
      ? `${formatRecordRate(d.demandPerSec)} ÷ ${d.capacityPerShard.toLocaleString('en-US')} records/s per shard`
      : binding === 'readBytes'
        ? `${formatByteRate(d.demandPerSec)} read by ${core.demand.peak.sharedReaders} polling readers ÷ ${formatByteRate(d.capacityPerShard)} per shard`
        : `${formatByteRate(d.demandPerSec)} of data and keys ÷ ${formatByteRate(d.capacityPerShard)} per shard`;
  const hint =
    binding === 'readBytes'
      ? 'read with enhanced fan-out (type: efo), which does not share the 2 MiB/s, or split the traffic over several streams'
      : binding === 'writeRecords' && stream.producer.aggregation === 'none'
        ? 'aggregate records with the KPL (producer.aggregation: kpl), or split the traffic over several streams'
        : 'split the traffic over several streams';
  return new InputError({
    path: fieldPath(['streams', streamIndex, ...field]),
    message:
      `needs ${required.toLocaleString('en-US')} shards at its peak (${demand} × ${d.headroomFactor} headroom), more than the ` +
      `${MAX_SHARDS_PER_STREAM.toLocaleString('en-US')} shards a stream can have`,
    hint,
  });
}
