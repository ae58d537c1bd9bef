import {
  FIREHOSE_ACTIVE_PARTITIONS_DEFAULT_MAX,
  FIREHOSE_ACTIVE_PARTITIONS_MAX,
  FIREHOSE_BILLING_INCREMENT_BYTES,
  FIREHOSE_DYNAMIC_PARTITIONING_DELAY_FACTOR,
  FIREHOSE_LAMBDA_BUFFER_DEFAULT_MIB,
  FIREHOSE_LAMBDA_BUFFER_MAX_MIB,
  FIREHOSE_LAMBDA_BUFFER_DEFAULT_MIB_SPLUNK,
  FIREHOSE_LAMBDA_INTERVAL_DEFAULT_SEC,
  FIREHOSE_LAMBDA_OUTSTANDING_PER_SHARD,
  FIREHOSE_LAMBDA_OUTSTANDING_PER_SHARD_SPLUNK,
  FIREHOSE_MAX_RECORD_BYTES,
  FIREHOSE_PARTITION_MAX_BYTES_PER_SEC,
  FIREHOSE_RECOMMENDED_BUFFER_INGEST_SEC,
  LAMBDA_SYNC_PAYLOAD_MAX_BYTES,
  type FirehoseBufferHintRange,
  type FirehoseDestination,
} from '../limits.js';
import type { FirehosePricing } from '../pricing/schema.js';
import { stageBufferRange, type FirehoseStage } from '../workload/stages-schema.js';
import { costLine, type CostLine } from './cost-line.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import type { TinyObjectsAfter } from '../vocab/findings-delivery.js';
import { growthFactor, horizonMonthsOf } from './load.js';
import type { StreamPlanCore } from './stream.js';
import { MiB, SECONDS_PER_HOUR } from '../vocab/units.js';

/**
 * Firehose stage planning: buffer hints (recommended or the user's own) evaluated against the traffic, and the
 * monthly cost. Everything is per stage and at full precision; rounding happens in the reports.
 */

/** Base64 in the Lambda event and response JSON: 4 bytes for every 3. */
const BASE64_FACTOR = 4 / 3;

/** One line of a cost breakdown; `quantity`/`monthlyUsd` are null when an input (e.g. a price) is unknown. */
export type { CostLine };

export interface StageCost {
  /** Sum of the lines; null when any line is unknown. */
  monthlyUsd: number | null;
  lines: CostLine[];
}

/**
 * The records a stage receives, read from its source stream's plan (or the stage's own Direct PUT records): one model
 * of the stream for the plan, its stages and the simulator. Rates are user records per second.
 */
export interface SourceTraffic {
  kind: 'stream' | 'direct-put';
  streamName: string | undefined;
  recordBytes: number;
  maxRecordBytes: number;
  avgRecordsPerSec: number;
  peakRecordsPerSec: number;
  /** Rates at the end of the planning horizon = rates × this factor (1 when the source does not grow). */
  horizonGrowthFactor: number;
  /** Months to the horizon; 0 when the source does not grow. */
  horizonMonths: number;
  /** Shards of the source stream as planned (the existing count when given); 1 for Direct PUT. */
  shards: number;
  isShardCountGiven: boolean;
  /**
   * A stream source's KPL aggregation at its planned count (aggregation.ts, the "with" figures whether it is on or
   * not): whether the producer aggregates, user records per aggregate and the aggregate's bytes. Absent for Direct PUT.
   */
  kpl?: { isEnabled: boolean; userRecordsPerAggregate: number; aggregateBytes: number };
}

/** How Firehose bills KPL aggregates it reads from a stream (settings.firehoseKplBilling). */
export type FirehoseKplBilling = 'per-user-record' | 'per-aggregate';

/** How a stage's records could share a 5 KB rounding: what the advice to send fewer, larger records means for its source. */
export type FirehoseBatching =
  /** Direct PUT: concatenate records into one Firehose record (up to 1,000 KiB). */
  | 'concatenate'
  /** A stream source whose aggregates are billed per aggregate: KPL aggregation at the producer. */
  | 'kpl-aggregation'
  /** A stream source whose records are billed one by one: several events written into each Kinesis record by the producer. */
  | 'producer-concatenation'
  /** Nothing to gain: the records already share a rounding as far as the source allows. */
  | 'none';

/** A stage's source read from the source stream's plan (with its KPL aggregation, when the plan has one). */
export function streamSource(plan: StreamPlanCore & { aggregation?: { enabled: boolean; userRecordsPerAggregate: number; aggregateBytes: number } }): SourceTraffic {
  const a = plan.aggregation;
  return {
    ...(a ? { kpl: { isEnabled: a.enabled, userRecordsPerAggregate: a.userRecordsPerAggregate, aggregateBytes: a.aggregateBytes } } : {}),
    kind: 'stream',
    streamName: plan.name,
    recordBytes: plan.load.recordBytesAvg,
    maxRecordBytes: plan.load.recordBytesMax,
    avgRecordsPerSec: plan.load.average.recordsPerSec,
    peakRecordsPerSec: plan.load.peak.recordsPerSec,
    horizonGrowthFactor: plan.load.horizonFactor,
    horizonMonths: plan.load.horizonMonths,
    shards: plan.shards.planned,
    isShardCountGiven: plan.shards.existing !== null,
  };
}

/** A stage's own Direct PUT records. */
export function directPutSource(d: NonNullable<FirehoseStage['source']['directPut']>): SourceTraffic {
  return {
    kind: 'direct-put',
    streamName: undefined,
    recordBytes: d.size,
    maxRecordBytes: d.size,
    avgRecordsPerSec: d.rate,
    peakRecordsPerSec: Math.max(d.peak ?? d.rate, d.rate),
    horizonGrowthFactor: growthFactor(d.growth, d.horizon),
    horizonMonths: horizonMonthsOf(d.growth, d.horizon),
    shards: 1,
    isShardCountGiven: false,
  };
}

/** Bytes Firehose bills for one record: rounded up to the next 5 KB (5,120 B) increment. */
export function billedRecordBytes(recordBytes: number): number {
  return Math.ceil(recordBytes / FIREHOSE_BILLING_INCREMENT_BYTES) * FIREHOSE_BILLING_INCREMENT_BYTES;
}

/**
 * Billed bytes per user record when records are concatenated into Firehose records of up to 1,000 KiB before
 * sending: k = floor(1,024,000 / size) records share one rounding, so each bills ceil(k·size / 5,120)·5,120 / k.
 */
export function batchedBilledRecordBytes(recordBytes: number): { recordsPerBatch: number; billedBytesPerRecord: number } {
  const k = Math.max(1, Math.floor(FIREHOSE_MAX_RECORD_BYTES / recordBytes));
  return { recordsPerBatch: k, billedBytesPerRecord: billedRecordBytes(k * recordBytes) / k };
}

/**
 * What Firehose bills per user record, and the advice to share roundings in the form the source allows.
 *
 * Direct PUT: each record is rounded up to 5 KB; concatenating k = ⌊1,024,000 / size⌋ records shares one rounding.
 * A Kinesis stream source: Firehose de-aggregates KPL aggregates before delivery (AWS, kpl-with-firehose.html), and
 * AWS does not say whether the 5 KB rounding applies to each de-aggregated record or to the aggregate, so it is a
 * setting. per-user-record: each user record is rounded, aggregated or not, and only the producer writing several
 * events into one Kinesis record shares a rounding. per-aggregate: an aggregate of n records of `aggregateBytes` is
 * rounded once, ceil(aggregateBytes / 5,120) × 5,120 / n per user record, so KPL aggregation is the advice.
 */
export function firehoseBilling(
  traffic: SourceTraffic,
  kplBilling: FirehoseKplBilling,
): {
  billedBytesPerRecord: number;
  /** The record Firehose rounds: the user record, or the KPL aggregate when it bills per aggregate. */
  billedRecordBytes: number;
  isBilledPerAggregate: boolean;
  batched: { recordsPerBatch: number; billedBytesPerRecord: number; method: FirehoseBatching };
} {
  const own = billedRecordBytes(traffic.recordBytes);
  const concatenated = batchedBilledRecordBytes(traffic.recordBytes);
  if (traffic.kind === 'direct-put' || traffic.kpl === undefined) {
    return { billedBytesPerRecord: own, billedRecordBytes: traffic.recordBytes, isBilledPerAggregate: false, batched: { ...concatenated, method: 'concatenate' } };
  }
  const kpl = traffic.kpl;
  const packs = kpl.userRecordsPerAggregate > 1;
  if (kplBilling === 'per-user-record' || !packs) {
    return { billedBytesPerRecord: own, billedRecordBytes: traffic.recordBytes, isBilledPerAggregate: false, batched: { ...concatenated, method: 'producer-concatenation' } };
  }
  const perAggregate = billedRecordBytes(kpl.aggregateBytes) / kpl.userRecordsPerAggregate;
  const aggregated = { recordsPerBatch: kpl.userRecordsPerAggregate, billedBytesPerRecord: perAggregate, method: 'kpl-aggregation' as const };
  if (!kpl.isEnabled) return { billedBytesPerRecord: own, billedRecordBytes: traffic.recordBytes, isBilledPerAggregate: false, batched: aggregated };
  return {
    billedBytesPerRecord: perAggregate,
    billedRecordBytes: kpl.aggregateBytes,
    isBilledPerAggregate: true,
    batched: { recordsPerBatch: kpl.userRecordsPerAggregate, billedBytesPerRecord: perAggregate, method: 'none' },
  };
}

/** Splits a monthly GB volume over tiers whose `upToGbPerMonth` are cumulative upper bounds (null = unbounded). */
export function splitTiers(gb: number, tiers: readonly { upToGbPerMonth: number | null }[]): number[] {
  let lower = 0;
  return tiers.map((t, i) => {
    const upper = i === tiers.length - 1 || t.upToGbPerMonth === null ? Infinity : t.upToGbPerMonth;
    const q = Math.max(0, Math.min(gb, upper) - lower);
    lower = Math.max(lower, upper);
    return q;
  });
}

/** Monthly USD for a tiered GB volume. */
export function tieredUsd(gb: number, tiers: FirehosePricing['ingestionGbTiers']): number {
  return splitTiers(gb, tiers).reduce((sum, q, i) => sum + q * (tiers[i]?.usd ?? 0), 0);
}

export interface BufferHints {
  sizeMiB: number;
  intervalSeconds: number;
}

/** How data flows into one buffer. */
export interface BufferFlow {
  /** Bytes per second entering each partition's buffer (after Lambda). */
  bytesPerSecPerPartition: number;
  partitions: number;
  /** Delivered object bytes per buffered byte (compression, Parquet/ORC). */
  outputRatio: number;
  /** Time records wait before the destination buffer (the Lambda processor buffer). */
  preBufferSeconds: number;
  /** 1.5 with dynamic partitioning (multi-stage buffering), else 1. */
  latencyFactor: number;
  /** How often a 0-second interval ("zero buffering") is taken to flush. */
  zeroIntervalFlushSeconds: number;
}

export type BufferTrigger = 'size' | 'interval';

export interface BufferEvaluation extends BufferHints {
  trigger: BufferTrigger;
  /** Seconds to fill the size hint at this traffic. */
  fillSeconds: number;
  /** Bytes in one flushed buffer (before compression/conversion). */
  bufferedBytes: number;
  objectSizeBytes: number;
  objectsPerHourPerPartition: number;
  objectsPerHour: number;
  deliveryLatencySeconds: number;
}

/**
 * The first condition met triggers delivery: the size hint after size / rate seconds, or the interval. Objects hold
 * what arrived in that time; latency is the oldest record's wait (Lambda buffer + buffer cycle × delay factor).
 */
export function evaluateBuffer(hints: BufferHints, flow: BufferFlow): BufferEvaluation {
  const sizeBytes = hints.sizeMiB * MiB;
  const fillSeconds = sizeBytes / flow.bytesPerSecPerPartition;
  const interval = hints.intervalSeconds > 0 ? hints.intervalSeconds : flow.zeroIntervalFlushSeconds;
  const trigger: BufferTrigger = fillSeconds <= interval ? 'size' : 'interval';
  const cycle = Math.min(fillSeconds, interval);
  const bufferedBytes = trigger === 'size' ? sizeBytes : flow.bytesPerSecPerPartition * cycle;
  const objectsPerHourPerPartition = SECONDS_PER_HOUR / cycle;
  return {
    ...hints,
    trigger,
    fillSeconds,
    bufferedBytes,
    objectSizeBytes: bufferedBytes * flow.outputRatio,
    objectsPerHourPerPartition,
    objectsPerHour: objectsPerHourPerPartition * flow.partitions,
    deliveryLatencySeconds: flow.preBufferSeconds + cycle * flow.latencyFactor,
  };
}

export interface BufferTarget {
  maxLatencySec?: number | undefined;
  objectSizeBytes?: number | undefined;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Buffer hints that make objects as large as the latency target allows: the longest whole-second interval whose
 * cycle (× delay factor, after the Lambda buffer) fits the target, and the largest size (or the size that yields the
 * target object), both inside the destination's ranges.
 */
export function recommendBuffer(range: FirehoseBufferHintRange, flow: BufferFlow, target: BufferTarget): BufferHints {
  let intervalSeconds = range.maxIntervalSec;
  if (target.maxLatencySec !== undefined) {
    const budget = (target.maxLatencySec - flow.preBufferSeconds) / flow.latencyFactor;
    intervalSeconds = clamp(Math.floor(budget + 1e-9), range.minIntervalSec, range.maxIntervalSec);
  }
  let sizeMiB = range.maxSizeMiB;
  if (target.objectSizeBytes !== undefined) {
    sizeMiB = clamp(Math.ceil(target.objectSizeBytes / (flow.outputRatio * MiB) - 1e-9), range.minSizeMiB, range.maxSizeMiB);
  }
  return { sizeMiB, intervalSeconds };
}

/** What setting buffer.interval as the latency target needs does: latency, object size and objects an hour then. */
function latencyAfter(after: BufferEvaluation): { latencySecAfter: number; objectSizeBytesAfter: number; objectsPerHourAfter: number } {
  return { latencySecAfter: after.deliveryLatencySeconds, objectSizeBytesAfter: after.objectSizeBytes, objectsPerHourAfter: after.objectsPerHour };
}

/** The same total flow spread over `partitions` buffers instead. */
function flowOver(flow: BufferFlow, partitions: number): BufferFlow {
  return { ...flow, partitions, bytesPerSecPerPartition: (flow.bytesPerSecPerPartition * flow.partitions) / partitions };
}

/**
 * What the advice on tiny objects does, by evaluateBuffer: the longest buffer the destination accepts at today's
 * partitions; and, with several partitions, the most partitions (fewer than now) whose objects reach the threshold at
 * that buffer (object size falls as partitions rise, so a binary search finds it), else one.
 */
export function tinyObjectsAfter(
  range: FirehoseBufferHintRange,
  flow: BufferFlow,
  thresholdBytes: number,
  monthHours: number,
): TinyObjectsAfter {
  const longest: BufferHints = { sizeMiB: range.maxSizeMiB, intervalSeconds: range.maxIntervalSec };
  const at = evaluateBuffer(longest, flow);
  const out = {
    longestIntervalSec: longest.intervalSeconds,
    longestSizeMiB: longest.sizeMiB,
    objectSizeBytesAtLongest: at.objectSizeBytes,
    objectsPerHourAtLongest: at.objectsPerHour,
    s3PutsPerMonthAtLongest: at.objectsPerHour * monthHours,
    latencySecAtLongest: at.deliveryLatencySeconds,
  };
  if (flow.partitions <= 1) return out;
  const reaches = (p: number) => evaluateBuffer(longest, flowOver(flow, p)).objectSizeBytes >= thresholdBytes * (1 - 1e-9);
  let lo = 1;
  let hi = Math.ceil(flow.partitions) - 1;
  if (hi < 1 || !reaches(1)) hi = 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (reaches(mid)) lo = mid;
    else hi = mid - 1;
  }
  const fewer = evaluateBuffer(longest, flowOver(flow, lo));
  return {
    ...out,
    fewerPartitions: lo,
    objectSizeBytesWithFewerPartitions: fewer.objectSizeBytes,
    s3PutsPerMonthWithFewerPartitions: fewer.objectsPerHour * monthHours,
    latencySecWithFewerPartitions: fewer.deliveryLatencySeconds,
  };
}

/**
 * What raising a buffer below AWS's recommendation does, by evaluateBuffer: the size raised to the recommended
 * minimum in whole MiB (within the destination's range), the interval kept. `monthHours` null: no S3 objects.
 */
export function bufferRaisedAfter(
  range: FirehoseBufferHintRange,
  flow: BufferFlow,
  hints: BufferHints,
  monthHours: number | null,
): { sizeMiBAfter: number; objectSizeBytesAfter: number; objectsPerHourAfter: number; latencySecAfter: number; s3PutsPerMonth?: number; s3PutsPerMonthAfter?: number } {
  const recommendedMiB = (FIREHOSE_RECOMMENDED_BUFFER_INGEST_SEC * flow.bytesPerSecPerPartition) / MiB;
  const sizeMiBAfter = clamp(Math.ceil(recommendedMiB - 1e-9), range.minSizeMiB, range.maxSizeMiB);
  const before = evaluateBuffer(hints, flow);
  const after = evaluateBuffer({ sizeMiB: sizeMiBAfter, intervalSeconds: hints.intervalSeconds }, flow);
  return {
    sizeMiBAfter,
    objectSizeBytesAfter: after.objectSizeBytes,
    objectsPerHourAfter: after.objectsPerHour,
    latencySecAfter: after.deliveryLatencySeconds,
    ...(monthHours !== null ? { s3PutsPerMonth: before.objectsPerHour * monthHours, s3PutsPerMonthAfter: after.objectsPerHour * monthHours } : {}),
  };
}

export interface FirehosePlanOptions {
  /** Objects below this size get FIREHOSE_TINY_OBJECTS. Default 1 MiB, the smallest size hint any destination takes. */
  tinyObjectBytes?: number;
  /** How often a 0-second interval is taken to flush. Default 1 s (AWS publishes no figure). */
  zeroIntervalFlushSeconds?: number;
}

export interface FirehosePlan {
  name: string;
  destination: FirehoseDestination;
  source: {
    kind: 'stream' | 'direct-put';
    stream: string | undefined;
    recordBytes: number;
    recordsPerSec: number;
    bytesPerSec: number;
    /** The source stream's planned shard count (the one the stream plan and the simulator use); null for Direct PUT. */
    shards: number | null;
  };
  buffer: { sizeMiB: number; intervalSeconds: number; trigger: BufferTrigger; isUserSet: boolean };
  recommendedBuffer: BufferHints;
  bufferRange: FirehoseBufferHintRange;
  activePartitions: number;
  objectSizeBytes: number;
  objectsPerHour: number;
  objectsPerHourPerPartition: number;
  deliveryLatencySeconds: number;
  s3PutsPerMonth: number;
  /** `billedBytesPerRecord` per user record; `isBilledPerAggregate`: a stream's KPL aggregates are billed one rounding each. */
  ingestion: { rawGbPerMonth: number; billedGbPerMonth: number; billedBytesPerRecord: number; kplBilling: FirehoseKplBilling; isBilledPerAggregate: boolean };
  /** The advice to share roundings, in the form the source allows (`method`), and what it saves. */
  batching: { recordsPerBatch: number; billedBytesPerRecord: number; billedGbPerMonth: number; savingUsdPerMonth: number | null; method: FirehoseBatching };
  cost: StageCost;
  /**
   * The same stage at its source's growth horizon, with the buffer hints chosen today: volumes, objects and cost.
   * Null when the source does not grow.
   */
  horizon: FirehoseHorizon | null;
  findings: Finding[];
}

/** A Firehose stage at the horizon: the same buffer hints, the grown traffic. */
export interface FirehoseHorizon {
  months: number;
  recordsPerSec: number;
  objectSizeBytes: number;
  objectsPerHour: number;
  deliveryLatencySeconds: number;
  s3PutsPerMonth: number;
  cost: StageCost;
}

const S3_OBJECT_DESTINATIONS: readonly FirehoseDestination[] = ['s3', 'redshift'];

function line(key: string, item: string, quantity: number | null, unit: string, unitUsd: number | null): CostLine {
  return costLine(key, item, quantity, unit, unitUsd);
}

function sumLines(lines: readonly CostLine[]): number | null {
  let total = 0;
  for (const l of lines) {
    if (l.monthlyUsd === null) return null;
    total += l.monthlyUsd;
  }
  return total;
}

/** Where a stage is in the workload and what it costs to run, for planFirehose. */
export interface FirehoseStageContext {
  /** The stage's index in `firehose[]`, for field paths. */
  index: number;
  /** The records the stage receives: `streamSource(plan)` or `directPutSource(…)`. */
  source: SourceTraffic;
  pricing: FirehosePricing | undefined;
  monthHours: number;
  gbBytes: number;
  /**
   * JQ processing hours a month for a stage that uses JQ without giving its own (settings.jqHoursPerMonth); absent:
   * every hour of the month.
   */
  jqHoursPerMonth?: number | undefined;
  /** How Firehose bills a stream source's KPL aggregates (settings.firehoseKplBilling); default per-user-record. */
  kplBilling?: FirehoseKplBilling;
}

/** What one average rate of records costs and how the buffer behaves at it. */
interface StageAtRate {
  ev: BufferEvaluation;
  s3PutsPerMonth: number;
  rawGb: number;
  billedGb: number;
  batchedGb: number;
  lines: CostLine[];
}

/**
 * Plans one Firehose stage from its source's plan: buffer, objects, latency, findings and monthly cost at the
 * average rate, today and at the source's growth horizon (the same buffer hints, the grown traffic).
 */
export function planFirehose(stage: FirehoseStage, context: FirehoseStageContext, options: FirehosePlanOptions = {}): FirehosePlan {
  const { index, source: traffic, pricing, monthHours, gbBytes } = context;
  const at = (...rest: (string | number)[]) => fieldPath(['firehose', index, ...rest]);
  const findings: Finding[] = [];
  const range = stageBufferRange(stage);
  const partitions = stage.dynamicPartitioning?.activePartitions ?? 1;
  const lambdaRatio = stage.lambda?.outputRatio ?? 1;
  const monthSec = monthHours * SECONDS_PER_HOUR;
  const hasS3Objects = S3_OBJECT_DESTINATIONS.includes(stage.destination);
  const conversion = stage.formatConversion !== 'none';
  const kplBilling = context.kplBilling ?? 'per-user-record';
  const billing = firehoseBilling(traffic, kplBilling);
  const billedBytesPerRecord = billing.billedBytesPerRecord;
  const batched = billing.batched;
  // The Lambda processor buffers per source shard (Kinesis source) before the destination buffer.
  const lambdaBytes =
    stage.lambda?.bufferSize ??
    (stage.destination === 'splunk' ? FIREHOSE_LAMBDA_BUFFER_DEFAULT_MIB_SPLUNK : FIREHOSE_LAMBDA_BUFFER_DEFAULT_MIB) * MiB;
  const lambdaInterval = stage.lambda?.bufferInterval ?? FIREHOSE_LAMBDA_INTERVAL_DEFAULT_SEC;
  const flowAt = (avgRecordsPerSec: number): { flow: BufferFlow; preBufferSeconds: number } => {
    const inBytesPerSec = avgRecordsPerSec * traffic.recordBytes;
    const preBufferSeconds = stage.lambda !== undefined ? Math.min(lambdaBytes / (inBytesPerSec / traffic.shards), lambdaInterval) : 0;
    return {
      preBufferSeconds,
      flow: {
        bytesPerSecPerPartition: (inBytesPerSec * lambdaRatio) / partitions,
        partitions,
        outputRatio: stage.outputRatio,
        preBufferSeconds,
        latencyFactor: stage.dynamicPartitioning !== undefined ? FIREHOSE_DYNAMIC_PARTITIONING_DELAY_FACTOR : 1,
        zeroIntervalFlushSeconds: options.zeroIntervalFlushSeconds ?? 1,
      },
    };
  };
  // JQ is billed by the time it runs, which the traffic does not tell: the stage's hours, the workload's setting, or
  // every hour of the month. The same at the horizon.
  const jqGiven = stage.dynamicPartitioning?.jqHoursPerMonth;
  const jqHours = jqGiven ?? context.jqHoursPerMonth ?? monthHours;
  const jqLine = line(
    'firehose-dynamic-partitioning-jq',
    jqGiven !== undefined ? 'JQ processing' : context.jqHoursPerMonth !== undefined ? 'JQ processing (settings)' : 'JQ processing (every hour, assumed)',
    jqHours,
    'JQ hour',
    pricing?.dynamicPartitioningJqHour?.usd ?? null,
  );
  const atRate = (avgRecordsPerSec: number, hints: BufferHints): StageAtRate => {
    const { flow } = flowAt(avgRecordsPerSec);
    const ev = evaluateBuffer(hints, flow);
    const recordsPerMonth = avgRecordsPerSec * monthSec;
    const billedGb = (recordsPerMonth * billedBytesPerRecord) / gbBytes;
    const processedGb = (flow.bytesPerSecPerPartition * partitions * monthSec) / gbBytes;
    const objectsPerMonth = ev.objectsPerHour * monthHours;
    const lines: CostLine[] = [];
    if (pricing === undefined) {
      lines.push(line('firehose-ingestion', 'Firehose ingestion (5 KB increments)', billedGb, 'GB', null));
    } else {
      const tiers = pricing.ingestionGbTiers;
      splitTiers(billedGb, tiers).forEach((q, i) => {
        const tier = tiers[i];
        if (tier === undefined || (q === 0 && i > 0)) return;
        lines.push(line(`firehose-ingestion-tier-${i + 1}`, tiers.length > 1 ? `Firehose ingestion, tier ${i + 1} (5 KB increments)` : 'Firehose ingestion (5 KB increments)', q, 'GB', tier.usd));
      });
    }
    if (conversion) lines.push(line('firehose-format-conversion', `Format conversion to ${stage.formatConversion}`, billedGb, 'GB', pricing?.formatConversionGb.usd ?? null));
    if (stage.dynamicPartitioning !== undefined) {
      lines.push(line('firehose-dynamic-partitioning-data', 'Dynamic partitioning, data', processedGb, 'GB', pricing?.dynamicPartitioningGb.usd ?? null));
      lines.push(
        line('firehose-dynamic-partitioning-objects', 'Dynamic partitioning, objects', objectsPerMonth / 1000, '1,000 objects', pricing?.dynamicPartitioningThousandObjects.usd ?? null),
      );
      if (stage.dynamicPartitioning.jq) lines.push(jqLine);
    }
    if (stage.vpc !== undefined) {
      lines.push(line('firehose-vpc-az-hours', 'VPC delivery, AZ-hours', stage.vpc.availabilityZones * monthHours, 'AZ-hour', pricing?.vpcAzHour.usd ?? null));
      lines.push(line('firehose-vpc-data', 'VPC delivery, data', processedGb, 'GB', pricing?.vpcGb.usd ?? null));
    }
    return {
      ev,
      s3PutsPerMonth: hasS3Objects ? objectsPerMonth : 0,
      rawGb: (recordsPerMonth * traffic.recordBytes) / gbBytes,
      billedGb,
      batchedGb: (recordsPerMonth * batched.billedBytesPerRecord) / gbBytes,
      lines,
    };
  };

  const { flow, preBufferSeconds } = flowAt(traffic.avgRecordsPerSec);
  const target: BufferTarget = { maxLatencySec: stage.target?.maxLatency, objectSizeBytes: stage.target?.objectSize };
  const recommended = recommendBuffer(range, flow, target);
  const isUserSet = stage.buffer?.size !== undefined || stage.buffer?.interval !== undefined;
  const hints: BufferHints = isUserSet
    ? {
        sizeMiB: stage.buffer?.size !== undefined ? stage.buffer.size / MiB : range.defaultSizeMiB,
        intervalSeconds: stage.buffer?.interval ?? range.defaultIntervalSec,
      }
    : recommended;
  const now = atRate(traffic.avgRecordsPerSec, hints);
  const { ev, s3PutsPerMonth } = now;

  // Findings on the buffer.
  if (traffic.maxRecordBytes > FIREHOSE_MAX_RECORD_BYTES) {
    findings.push({
      code: 'FIREHOSE_RECORD_TOO_LARGE',
      severity: 'error',
      path: at('source', 'stream'),
      args: { recordBytes: traffic.maxRecordBytes, maxBytes: FIREHOSE_MAX_RECORD_BYTES, stream: traffic.streamName ?? '' },
    });
  }
  if (target.maxLatencySec !== undefined && ev.deliveryLatencySeconds > target.maxLatencySec + 1e-9) {
    findings.push({
      code: 'FIREHOSE_LATENCY_TARGET_MISSED',
      severity: 'error',
      path: isUserSet ? at('buffer') : at('target', 'maxLatency'),
      args: {
        maxLatencySec: target.maxLatencySec,
        latencySec: ev.deliveryLatencySeconds,
        lambdaBufferSec: preBufferSeconds,
        isUserSet,
        recommendedIntervalSec: recommended.intervalSeconds,
        ...(isUserSet ? latencyAfter(evaluateBuffer({ sizeMiB: hints.sizeMiB, intervalSeconds: recommended.intervalSeconds }, flow)) : {}),
      },
    });
  }
  if (target.objectSizeBytes !== undefined && ev.objectSizeBytes < target.objectSizeBytes * (1 - 1e-9)) {
    const limitedBy =
      target.objectSizeBytes / (flow.outputRatio * MiB) > range.maxSizeMiB + 1e-9
        ? 'max-buffer-size'
        : ev.intervalSeconds < range.maxIntervalSec
          ? 'latency-target'
          : 'traffic';
    findings.push({
      code: 'FIREHOSE_OBJECT_SIZE_TARGET_MISSED',
      severity: 'warning',
      path: at('target', 'objectSize'),
      args: { targetBytes: target.objectSizeBytes, objectSizeBytes: ev.objectSizeBytes, limitedBy, maxSizeMiB: range.maxSizeMiB },
    });
  }
  const tinyBytes = options.tinyObjectBytes ?? MiB;
  if (hasS3Objects && ev.objectSizeBytes < tinyBytes) {
    findings.push({
      code: 'FIREHOSE_TINY_OBJECTS',
      severity: 'warning',
      path: at(isUserSet ? 'buffer' : 'name'),
      args: {
        objectSizeBytes: ev.objectSizeBytes,
        thresholdBytes: tinyBytes,
        objectsPerHour: ev.objectsPerHour,
        s3PutsPerMonth,
        partitions,
        latencySec: ev.deliveryLatencySeconds,
        ...tinyObjectsAfter(range, flow, tinyBytes, monthHours),
      },
    });
  }
  if (isUserSet && ev.trigger === 'size' && ev.bufferedBytes < FIREHOSE_RECOMMENDED_BUFFER_INGEST_SEC * flow.bytesPerSecPerPartition) {
    findings.push({
      code: 'FIREHOSE_BUFFER_BELOW_RECOMMENDED',
      severity: 'info',
      path: at('buffer', 'size'),
      args: {
        sizeMiB: hints.sizeMiB,
        recommendedMinMiB: (FIREHOSE_RECOMMENDED_BUFFER_INGEST_SEC * flow.bytesPerSecPerPartition) / MiB,
        fillSeconds: ev.fillSeconds,
        objectsPerHour: ev.objectsPerHour,
        latencySec: ev.deliveryLatencySeconds,
        ...bufferRaisedAfter(range, flow, hints, hasS3Objects ? monthHours : null),
      },
    });
  }

  // Dynamic partitioning limits, at the peak of the horizon (the partitions must carry the grown traffic too).
  const peakBufferedPerPartition =
    (traffic.peakRecordsPerSec * traffic.horizonGrowthFactor * traffic.recordBytes * lambdaRatio) / partitions;
  if (stage.dynamicPartitioning !== undefined) {
    if (partitions > FIREHOSE_ACTIVE_PARTITIONS_MAX) {
      findings.push({
        code: 'FIREHOSE_PARTITIONS_ABOVE_MAX',
        severity: 'error',
        path: at('dynamicPartitioning', 'activePartitions'),
        // Split evenly over several Firehose streams, each within the maximum.
        args: { partitions, max: FIREHOSE_ACTIVE_PARTITIONS_MAX, firehoseStreamsNeeded: Math.ceil(partitions / FIREHOSE_ACTIVE_PARTITIONS_MAX) },
      });
    } else if (partitions > FIREHOSE_ACTIVE_PARTITIONS_DEFAULT_MAX) {
      findings.push({
        code: 'FIREHOSE_PARTITIONS_ABOVE_DEFAULT',
        severity: 'warning',
        path: at('dynamicPartitioning', 'activePartitions'),
        args: { partitions, defaultMax: FIREHOSE_ACTIVE_PARTITIONS_DEFAULT_MAX, max: FIREHOSE_ACTIVE_PARTITIONS_MAX },
      });
    }
    if (peakBufferedPerPartition > FIREHOSE_PARTITION_MAX_BYTES_PER_SEC) {
      findings.push({
        code: 'FIREHOSE_PARTITION_THROUGHPUT_EXCEEDED',
        severity: 'error',
        path: at('dynamicPartitioning', 'activePartitions'),
        args: {
          bytesPerSecPerPartition: peakBufferedPerPartition,
          maxBytesPerSec: FIREHOSE_PARTITION_MAX_BYTES_PER_SEC,
          // After the advice: the fewest partitions that carry the same peak within the limit.
          partitionsNeeded: Math.ceil((peakBufferedPerPartition * partitions) / FIREHOSE_PARTITION_MAX_BYTES_PER_SEC - 1e-9),
        },
      });
    }
  }

  // Lambda transformation limits.
  if (stage.lambda !== undefined) {
    const responseBytes = lambdaBytes * lambdaRatio * BASE64_FACTOR;
    const requestBytes = lambdaBytes * BASE64_FACTOR;
    if (Math.max(requestBytes, responseBytes) > LAMBDA_SYNC_PAYLOAD_MAX_BYTES) {
      findings.push({
        code: 'FIREHOSE_LAMBDA_PAYLOAD_TOO_LARGE',
        severity: 'error',
        path: at('lambda', 'bufferSize'),
        args: {
          requestBytes,
          responseBytes,
          maxBytes: LAMBDA_SYNC_PAYLOAD_MAX_BYTES,
          maxBufferMiB: LAMBDA_SYNC_PAYLOAD_MAX_BYTES / (BASE64_FACTOR * Math.max(1, lambdaRatio) * MiB),
        },
      });
    }
    if (stage.lambda.duration !== undefined && traffic.kind === 'stream') {
      // Today's peak over the stream's planned shards: the same shard count the stream plan and the simulator use.
      const duration = stage.lambda.duration;
      const peakBytesPerSec = traffic.peakRecordsPerSec * traffic.recordBytes;
      // Invocations in flight per shard: batches a second (a full buffer, or what the interval gathers) × duration.
      const outstandingAt = (shards: number, bufferBytes: number) => {
        const perShard = peakBytesPerSec / shards;
        return (perShard / Math.min(bufferBytes, perShard * lambdaInterval)) * duration;
      };
      const outstanding = outstandingAt(traffic.shards, lambdaBytes);
      const limit = stage.destination === 'splunk' ? FIREHOSE_LAMBDA_OUTSTANDING_PER_SHARD_SPLUNK : FIREHOSE_LAMBDA_OUTSTANDING_PER_SHARD;
      if (outstanding > limit) {
        // After the advice. Shards: while the buffer fills first, in flight = peak ÷ (shards × buffer) × duration, so
        // shards = ⌈peak × duration ÷ (buffer × limit)⌉; once the interval cuts the batches it is duration ÷ interval
        // whatever the count. The buffer: peak per shard × duration ÷ limit, if the range, the interval and the 6 MB
        // payload allow it.
        const shardsNeeded = Math.ceil((peakBytesPerSec * duration) / (lambdaBytes * limit) - 1e-9);
        const bufferBytesNeeded = ((peakBytesPerSec / traffic.shards) * duration) / limit;
        const bufferMaxBytes = Math.min(FIREHOSE_LAMBDA_BUFFER_MAX_MIB * MiB, LAMBDA_SYNC_PAYLOAD_MAX_BYTES / (BASE64_FACTOR * Math.max(1, lambdaRatio)));
        findings.push({
          code: 'FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED',
          severity: 'warning',
          path: at('lambda', 'duration'),
          args: {
            outstandingPerShard: outstanding,
            limit,
            shards: traffic.shards,
            isShardCountGiven: traffic.isShardCountGiven,
            maxDurationSec: (duration * limit) / outstanding,
            ...(outstandingAt(shardsNeeded, lambdaBytes) <= limit + 1e-9 ? { shardsNeeded } : {}),
            ...(bufferBytesNeeded <= bufferMaxBytes && outstandingAt(traffic.shards, bufferBytesNeeded) <= limit + 1e-9
              ? { bufferMiBNeeded: bufferBytesNeeded / MiB }
              : {}),
          },
        });
      }
    }
  }

  const savingAt = (billedGb: number, batchedGb: number): number | null => {
    if (pricing === undefined) return null;
    const perGb = (gb: number) => tieredUsd(gb, pricing.ingestionGbTiers) + (conversion ? gb * pricing.formatConversionGb.usd : 0);
    return perGb(billedGb) - perGb(batchedGb);
  };
  const savingUsdPerMonth = savingAt(now.billedGb, now.batchedGb);
  if (billing.billedRecordBytes < FIREHOSE_BILLING_INCREMENT_BYTES) {
    findings.push({
      code: 'FIREHOSE_SMALL_RECORDS',
      severity: 'info',
      path: at('source'),
      args: {
        recordBytes: billing.billedRecordBytes,
        billedBytes: billedRecordBytes(billing.billedRecordBytes),
        billedMultiple: billedRecordBytes(billing.billedRecordBytes) / billing.billedRecordBytes,
        recordsPerBatch: batched.recordsPerBatch,
        ...(savingUsdPerMonth !== null ? { savingUsdPerMonth } : {}),
        method: batched.method,
        kplBilling,
        isBilledPerAggregate: billing.isBilledPerAggregate,
        ...(traffic.streamName !== undefined ? { stream: traffic.streamName } : {}),
      },
    });
  }

  let horizon: FirehoseHorizon | null = null;
  if (traffic.horizonMonths > 0) {
    const grownRate = traffic.avgRecordsPerSec * traffic.horizonGrowthFactor;
    const grown = atRate(grownRate, hints);
    horizon = {
      months: traffic.horizonMonths,
      recordsPerSec: grownRate,
      objectSizeBytes: grown.ev.objectSizeBytes,
      objectsPerHour: grown.ev.objectsPerHour,
      deliveryLatencySeconds: grown.ev.deliveryLatencySeconds,
      s3PutsPerMonth: grown.s3PutsPerMonth,
      cost: { monthlyUsd: sumLines(grown.lines), lines: grown.lines },
    };
  }

  return {
    name: stage.name,
    destination: stage.destination,
    source: {
      kind: traffic.kind,
      stream: traffic.streamName,
      recordBytes: traffic.recordBytes,
      recordsPerSec: traffic.avgRecordsPerSec,
      bytesPerSec: traffic.avgRecordsPerSec * traffic.recordBytes,
      shards: traffic.kind === 'stream' ? traffic.shards : null,
    },
    buffer: { sizeMiB: ev.sizeMiB, intervalSeconds: ev.intervalSeconds, trigger: ev.trigger, isUserSet },
    recommendedBuffer: recommended,
    bufferRange: {
      minSizeMiB: range.minSizeMiB,
      maxSizeMiB: range.maxSizeMiB,
      defaultSizeMiB: range.defaultSizeMiB,
      minIntervalSec: range.minIntervalSec,
      maxIntervalSec: range.maxIntervalSec,
      defaultIntervalSec: range.defaultIntervalSec,
    },
    activePartitions: partitions,
    objectSizeBytes: ev.objectSizeBytes,
    objectsPerHour: ev.objectsPerHour,
    objectsPerHourPerPartition: ev.objectsPerHourPerPartition,
    deliveryLatencySeconds: ev.deliveryLatencySeconds,
    s3PutsPerMonth,
    ingestion: { rawGbPerMonth: now.rawGb, billedGbPerMonth: now.billedGb, billedBytesPerRecord, kplBilling, isBilledPerAggregate: billing.isBilledPerAggregate },
    batching: {
      method: batched.method,
      recordsPerBatch: batched.recordsPerBatch,
      billedBytesPerRecord: batched.billedBytesPerRecord,
      billedGbPerMonth: now.batchedGb,
      savingUsdPerMonth,
    },
    cost: { monthlyUsd: sumLines(now.lines), lines: now.lines },
    horizon,
    findings,
  };
}
