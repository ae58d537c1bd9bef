import { InputError, InternalError } from '../../errors.js';
import { ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT, SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC } from '../../limits.js';
import type { Stream } from '../../workload/schema.js';
import { trafficSchema, type ClientModel, type Traffic } from '../../workload/traffic-schema.js';
import {
  DEFAULT_POLL_INTERVAL_SEC,
  KPL_AGGREGATE_FIXED_OVERHEAD_BYTES,
  KPL_USER_RECORD_OVERHEAD_BYTES,
  LAMBDA_POLL_INTERVAL_SEC,
} from '../constants.js';
import { onDemandInitialShards } from '../on-demand.js';
import { resolveClientModel, type AppRetryPolicy } from '../retry.js';
import type { StreamRunInput } from './index.js';

/**
 * What the engine takes from the workload, resolved once per run. Everything else in the engine reads this model,
 * never `workload.streams[i]`: the stream's shape (base rate, Kinesis record shape, shard count, readers) is derived
 * here, so that it can come from the planner instead.
 */

export type Client = Exclude<ClientModel, 'auto'>;

/** A reader of the stream and how often it polls each shard (enhanced fan-out: pushed, the interval unused). */
export interface ConsumerModel {
  name: string;
  type: 'polling' | 'lambda' | 'efo';
  intervalSec: number;
}

/** The producer's settings, defaults applied (a stream without a traffic block has the schema's defaults). */
export interface ProducerModel {
  client: Client;
  isPoisson: boolean;
  /** Producer instances (each has its own SDK retry quota and KPL limiter). */
  instances: number;
  /** Records the producer can hold before it drops new ones; infinite when unbounded. */
  bufferRecords: number;
  /** Closed producer: its workers (0: an open producer) and the round trip of one request. */
  workers: number;
  roundTripSec: number;
  /** The application's PutRecords retry loop (client put-records). */
  appRetry: { policy: AppRetryPolicy; maxRetries: number; baseDelaySec: number; maxDelaySec: number };
  /** KPL settings (client kpl). */
  kpl: { rateLimit: number; recordTtlSec: number; recordMaxBufferedTimeSec: number };
}

export interface StreamModel {
  name: string;
  /** The stream's place in the workload (`streams[i]`), for error paths. */
  path: string;
  /** Base offered rate in user records per second (before the traffic shapes). */
  baseRecordsPerSec: number;
  /** User records per Kinesis record, and the bytes of one Kinesis record (partition key included). */
  perKinesis: number;
  kinesisBytes: number;
  initialShards: number;
  consumers: ConsumerModel[];
  /** How records spread over the shards. */
  partitionKeys: Stream['partitionKeys'];
  /** The stream's maximum record size (above 1 MiB, large records bend the bytes rule). */
  maxRecordBytes: number;
  /** On-demand: the write throughput the stream may scale to. */
  onDemandMaxWriteBytesPerSec: number;
  /** The traffic block, as the rate model reads it (undefined: the base rate, Poisson arrivals). */
  traffic: Traffic | undefined;
  producer: ProducerModel;
}

/** The traffic settings of a stream without a traffic block: the schema's defaults. */
const DEFAULT_TRAFFIC: Traffic = trafficSchema.parse({});

/** The base offered rate of a stream in user records per second: traffic.rate, else the peak, else the average. */
export function baseRecordsPerSec(stream: Stream): number {
  if (stream.traffic?.rate !== undefined) return stream.traffic.rate;
  const peak = stream.records.peak;
  if (peak === undefined) return stream.records.rate;
  return 'factor' in peak ? stream.records.rate * peak.factor : peak.recordsPerSec;
}

/** Kinesis records per user record and bytes per Kinesis record (KPL aggregation packs several user records). */
export function kinesisRecordShape(stream: Stream, userRecordsPerSecPerShard: number): { perKinesis: number; bytes: number } {
  const keyBytes = stream.partitionKeys.length;
  const raw = stream.records.size + keyBytes;
  if (stream.producer.aggregation !== 'kpl') return { perKinesis: 1, bytes: raw };
  const p = stream.producer;
  const perUser = stream.records.size + KPL_USER_RECORD_OVERHEAD_BYTES + keyBytes;
  const bySize = Math.floor((p.aggregationMaxSize - KPL_AGGREGATE_FIXED_OVERHEAD_BYTES) / perUser);
  const byTime = userRecordsPerSecPerShard * p.recordMaxBufferedTime;
  const perKinesis = Math.max(1, Math.min(bySize, p.aggregationMaxCount, byTime));
  if (perKinesis <= 1) return { perKinesis: 1, bytes: raw };
  // An aggregate carries partition key "a" and an explicit hash key (kinesis-facts.md §5.1).
  return { perKinesis, bytes: KPL_AGGREGATE_FIXED_OVERHEAD_BYTES + perKinesis * perUser + 1 };
}

/** Shards to simulate for a provisioned stream when none was given: enough for the base rate at the per-shard limits. */
export function fallbackShards(stream: Stream): number {
  const rate = baseRecordsPerSec(stream);
  const shape = kinesisRecordShape(stream, rate);
  const kinesisRate = rate / shape.perKinesis;
  return Math.max(
    1,
    Math.ceil(kinesisRate / SHARD_WRITE_RECORDS_PER_SEC - 1e-9),
    Math.ceil((kinesisRate * shape.bytes) / SHARD_WRITE_BYTES_PER_SEC - 1e-9),
  );
}

/** The stream model of one run: the stream's shape and producer settings, checked. */
export function resolveStreamModel(input: StreamRunInput): StreamModel {
  const { workload, index, params, trace } = input;
  const stream = workload.streams[index];
  if (!stream) throw new InternalError(`no stream at index ${index}`);
  const path = `streams[${index}]`;
  const base = baseRecordsPerSec(stream);
  const initialShards =
    input.mode === 'on-demand'
      ? onDemandInitialShards(stream.onDemand?.previousPeak)
      : (input.shards ?? stream.shards ?? fallbackShards(stream));
  if (!Number.isInteger(initialShards) || initialShards < 1) {
    throw new InputError({ path: 'shards', message: `the shard count must be a whole number ≥ 1, got ${initialShards}` });
  }
  // CloudWatch counts Kinesis records: a trace is already aggregated.
  const shape = trace
    ? { perKinesis: 1, bytes: stream.records.size + stream.partitionKeys.length }
    : kinesisRecordShape(stream, base / initialShards);

  const traffic = stream.traffic ?? DEFAULT_TRAFFIC;
  const c = traffic.client;
  const p = stream.producer;
  const client = resolveClientModel(params.clientModel ?? c.model, p.aggregation);
  const workers = c.workers ?? 0;
  if (workers > 0 && client === 'kpl') {
    throw new InputError({
      path: `${path}.traffic.client.workers`,
      message: 'a closed producer (workers) cannot use the KPL client, which runs its own connections and retries',
      hint: 'use client model put-records, put-record-sdk or none, or remove workers',
    });
  }
  if (workers > 0 && !(c.roundTrip > 0)) {
    throw new InputError({ path: `${path}.traffic.client.roundTrip`, message: `must be positive, got ${c.roundTrip}s` });
  }

  return {
    name: stream.name,
    path,
    baseRecordsPerSec: base,
    perKinesis: shape.perKinesis,
    kinesisBytes: shape.bytes,
    initialShards,
    consumers: stream.consumers.map((r) => ({
      name: r.name,
      type: r.type,
      intervalSec: r.pollInterval ?? (r.type === 'lambda' ? LAMBDA_POLL_INTERVAL_SEC : DEFAULT_POLL_INTERVAL_SEC),
    })),
    partitionKeys: stream.partitionKeys,
    maxRecordBytes: stream.maxRecordSize,
    onDemandMaxWriteBytesPerSec: stream.onDemand?.maxWriteThroughput ?? ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT,
    traffic: stream.traffic,
    producer: {
      client,
      isPoisson: traffic.arrivals === 'poisson',
      instances: p.instances,
      bufferRecords: c.bufferRecords ?? Number.POSITIVE_INFINITY,
      workers,
      roundTripSec: c.roundTrip,
      appRetry: { policy: c.policy, maxRetries: c.maxRetries, baseDelaySec: c.baseDelay, maxDelaySec: c.maxDelay },
      kpl: { rateLimit: p.rateLimit, recordTtlSec: p.recordTtl, recordMaxBufferedTimeSec: p.recordMaxBufferedTime },
    },
  };
}
