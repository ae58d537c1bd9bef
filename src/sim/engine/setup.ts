import { InputError } from '../../errors.js';
import { ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT } from '../../limits.js';
import { aggregatedShape } from '../../plan/aggregation.js';
import type { KeyModel } from '../../plan/key-shares.js';
import { streamKeyModel } from '../../plan/index.js';
import { resolveClientModel, trafficSchema, type ClientModel, type Traffic } from '../../workload/traffic-schema.js';
import { onDemandInitialShards } from '../on-demand.js';
import { kplRetryDelaySec, sdkRetrySettings, type AppRetryPolicy } from '../retry.js';
import type { OfferedTraffic, RetrySettings } from '../types.js';
import type { StreamRunInput } from './index.js';

/**
 * What the engine takes from the stream's plan and its workload entry, resolved once per run. Everything else in the
 * engine reads this model, never the workload: the stream's shape is the planner's (its peak, its aggregation model at
 * the simulated shard count, its readers with their poll intervals, its key placement, its planned shard count), so the
 * plan, its delivery stages and the simulator describe one stream.
 */

export type Client = Exclude<ClientModel, 'auto'>;

/** A reader of the stream and how often it polls each shard (enhanced fan-out: pushed, the interval unused). */
export interface ConsumerModel {
  name: string;
  type: 'polling' | 'lambda' | 'efo';
  intervalSec: number;
  /** Kinesis records per second it processes from one shard (the plan's consumer speed); null when it states none. */
  processingPerSec: number | null;
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
  /** Where the partition keys put the records (the plan's key model, placed on each shard count simulated). */
  keyModel: KeyModel;
  /** The stream's maximum record size (above 1 MiB, large records bend the bytes rule). */
  maxRecordBytes: number;
  /** On-demand: the write throughput the stream may scale to. */
  onDemandMaxWriteBytesPerSec: number;
  /** The traffic block, as the rate model reads it (undefined: the base rate, Poisson arrivals). */
  traffic: Traffic | undefined;
  producer: ProducerModel;
  /** The traffic and the retries, in numbers for the result. */
  offered: OfferedTraffic;
  retry: RetrySettings;
}

/** The traffic block in the result's terms. */
function offeredTraffic(traffic: Traffic, base: number, isPlanPeak: boolean): OfferedTraffic {
  const d = traffic.daily;
  const o = traffic.onOff;
  const h = traffic.heavyTail;
  return {
    baseRecordsPerSec: base,
    isPlanPeak,
    arrivals: traffic.arrivals,
    daily: d ? { amplitude: d.amplitude, peakAtSec: d.peakAt, startAtSec: d.startAt } : null,
    onOff: o ? { onSec: o.on, offSec: o.off, onFactor: o.onFactor, offFactor: o.offFactor, offsetSec: o.offset } : null,
    heavyTail: h ? { alpha: h.alpha, meanOnSec: h.meanOn, meanOffSec: h.meanOff, onFactor: h.onFactor, offFactor: h.offFactor } : null,
    spikes: traffic.spikes.map((x) => ({ atSec: x.at, lengthSec: x.length, factor: x.factor, rampSec: x.ramp })),
    pulses: traffic.pulses.map((x) => ({ atSec: x.at, records: x.records })),
  };
}

/** The client's retry settings in the result's terms. */
function retrySettings(p: ProducerModel): RetrySettings {
  const none = { quotaTokens: null, rateLimit: null, recordTtlSec: null };
  switch (p.client) {
    case 'put-records': {
      const r = p.appRetry;
      return { maxAttempts: r.maxRetries + 1, backoff: r.policy, baseDelaySec: r.baseDelaySec, maxDelaySec: r.maxDelaySec, ...none };
    }
    case 'put-record-sdk':
    case 'put-record-sdk-2026': {
      const sdk = sdkRetrySettings(p.client)!;
      return {
        maxAttempts: sdk.maxAttempts,
        backoff: 'exp-jitter',
        baseDelaySec: sdk.throttlingBaseMs / 1000,
        maxDelaySec: sdk.maxDelayMs / 1000,
        ...none,
        quotaTokens: sdk.initialTokens * p.instances,
      };
    }
    case 'kpl': {
      const delay = kplRetryDelaySec(p.kpl.recordMaxBufferedTimeSec);
      return { maxAttempts: null, backoff: 'fixed', baseDelaySec: delay, maxDelaySec: delay, ...none, rateLimit: p.kpl.rateLimit, recordTtlSec: p.kpl.recordTtlSec };
    }
    case 'none':
      return { maxAttempts: 1, backoff: 'none', baseDelaySec: 0, maxDelaySec: 0, ...none };
  }
}

/** The traffic settings of a stream without a traffic block: the schema's defaults. */
const DEFAULT_TRAFFIC: Traffic = trafficSchema.parse({});

/** The base offered rate of a stream in user records per second: traffic.rate, else the plan's peak. */
export function baseRecordsPerSec(input: Pick<StreamRunInput, 'stream' | 'plan'>): number {
  return input.stream.traffic?.rate ?? input.plan.load.peak.recordsPerSec;
}

/**
 * User records per Kinesis record and bytes per Kinesis record (partition key included) of `userRecordsPerSec` over
 * `shards` shards: the planner's aggregation model when the producer aggregates, else one record per user record.
 */
export function kinesisRecordShape(
  input: Pick<StreamRunInput, 'stream' | 'plan' | 'putPayloadUnitBytes'>,
  userRecordsPerSec: number,
  shards: number,
): { perKinesis: number; bytes: number } {
  const raw = input.plan.load.recordBytesAvg + input.plan.load.partitionKeyBytes;
  if (!input.plan.aggregation.enabled) return { perKinesis: 1, bytes: raw };
  const shape = aggregatedShape(input.stream, userRecordsPerSec, shards, input.putPayloadUnitBytes);
  return { perKinesis: 1 / shape.kinesisRecordsPerUserRecord, bytes: shape.writeBytesPerUserRecord / shape.kinesisRecordsPerUserRecord };
}

/** The stream model of one run: the plan's stream and the workload's producer settings, checked. */
export function resolveStreamModel(input: StreamRunInput): StreamModel {
  const { stream, plan, params, trace } = input;
  const path = plan.path;
  const base = baseRecordsPerSec(input);
  const initialShards =
    input.mode === 'on-demand' ? onDemandInitialShards(stream.onDemand?.previousPeak) : (input.shards ?? plan.shards.planned);
  if (!Number.isInteger(initialShards) || initialShards < 1) {
    throw new InputError({ path: 'shards', message: `the shard count must be a whole number ≥ 1, got ${initialShards}` });
  }
  // CloudWatch counts Kinesis records: a trace is already aggregated.
  const shape = trace
    ? { perKinesis: 1, bytes: plan.load.recordBytesAvg + plan.load.partitionKeyBytes }
    : kinesisRecordShape(input, base, initialShards);

  const traffic = stream.traffic ?? DEFAULT_TRAFFIC;
  const c = traffic.client;
  const p = stream.producer;
  const client = resolveClientModel(params.clientModel ?? c.model, p.aggregation);
  const workers = c.workers ?? 0;
  if (workers > 0 && client === 'kpl') {
    // The workload schema rejects this combination; only a --client kpl override of a closed producer gets here.
    throw new InputError({
      path: `${path}.traffic.client.workers`,
      message: 'a closed producer (workers) cannot use the KPL client, which runs its own connections and retries',
      hint: 'use client model put-records, put-record-sdk or none, or remove workers',
    });
  }

  const producer: ProducerModel = {
    client,
    isPoisson: traffic.arrivals === 'poisson',
    instances: p.instances,
    bufferRecords: c.bufferRecords ?? Number.POSITIVE_INFINITY,
    workers,
    roundTripSec: c.roundTrip,
    appRetry: { policy: c.policy, maxRetries: c.maxRetries, baseDelaySec: c.baseDelay, maxDelaySec: c.maxDelay },
    kpl: { rateLimit: p.rateLimit, recordTtlSec: p.recordTtl, recordMaxBufferedTimeSec: p.recordMaxBufferedTime },
  };
  return {
    name: plan.name,
    path,
    baseRecordsPerSec: base,
    perKinesis: shape.perKinesis,
    kinesisBytes: shape.bytes,
    initialShards,
    // Every reader the plan counts: the stream's consumers, Firehose stages and Flink sources (EFO is pushed).
    consumers: plan.readers.map((r) => {
      const speed = plan.consumers.find((c) => c.name === r.name)?.recordsPerSecPerShard;
      // The plan's speed counts user records; the simulator reads Kinesis records (perKinesis user records each).
      return { name: r.name, type: r.type, intervalSec: r.pollIntervalSec ?? 1, processingPerSec: speed !== undefined ? speed / shape.perKinesis : null };
    }),
    keyModel: streamKeyModel(stream.partitionKeys),
    maxRecordBytes: stream.maxRecordSize,
    onDemandMaxWriteBytesPerSec: stream.onDemand?.maxWriteThroughput ?? ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT,
    traffic: stream.traffic,
    producer,
    offered: offeredTraffic(traffic, base, stream.traffic?.rate === undefined),
    retry: retrySettings(producer),
  };
}
