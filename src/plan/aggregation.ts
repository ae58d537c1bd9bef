import { SHARD_WRITE_BYTES_PER_SEC, SHARD_WRITE_RECORDS_PER_SEC } from '../limits.js';
import { MAX_CLIENT_WAIT_SEC } from '../workload/bounds.js';
import type { Stream } from '../workload/schema.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import { peakRecordsPerSec } from './load.js';
import { wholeShards } from './shards.js';
import { SECONDS_PER_HOUR } from '../vocab/units.js';

/**
 * KPL aggregation, exactly where the wire format is exact. An aggregated Kinesis record is
 * `[4 magic bytes][protobuf AggregatedRecord][16-byte MD5]`, where
 * `AggregatedRecord { repeated string partition_key_table = 1; repeated string explicit_hash_key_table = 2;
 * repeated Record records = 3 }` and `Record { uint64 partition_key_index = 1; uint64 explicit_hash_key_index = 2;
 * bytes data = 3 }` (kinesis-facts.md §5.1; awslabs/amazon-kinesis-producer aggregation-format.md).
 * The KPL sends a container of one user record raw, with its own partition key; a container of two or more records
 * goes out with partition key "a" and an explicit hash key (kinesis_record.cc).
 */

/** Magic number (4 bytes) + MD5 digest (16 bytes) around the protobuf: `kFixedOverhead = 4 + 16` (kinesis_record.h). */
export const KPL_AGGREGATE_FIXED_OVERHEAD_BYTES = 4 + 16;
/** The partition key the KPL gives every aggregated record (kinesis_record.cc `partition_key()` returns "a"). */
export const KPL_AGGREGATE_PARTITION_KEY_BYTES = 1;
/**
 * With aggregation on, an aggregated record waits in the PutRecords collector for min(50 ms, 0.2 ×
 * RecordMaxBufferedTime) (pipeline.h: `putrecords_buffer_ratio = 0.2`, `max_putrecords_buffer_time = 50`).
 */
export const KPL_COLLECTOR_BUFFER_RATIO = 0.2;
export const KPL_COLLECTOR_BUFFER_MAX_SEC = 0.05;

/** Bytes of a protobuf varint holding the non-negative integer `n`: 7 bits per byte, at least 1. */
export function varintBytes(n: number): number {
  if (!(n >= 0) || !Number.isInteger(n)) throw new RangeError(`varint of ${n}`);
  let bytes = 1;
  let v = n;
  while (v >= 128) {
    v = Math.floor(v / 128);
    bytes += 1;
  }
  return bytes;
}

/** Bytes of a length-delimited protobuf field (tag + length + payload) whose field number is below 16. */
function lengthDelimitedBytes(payloadBytes: number): number {
  return 1 + varintBytes(payloadBytes) + payloadBytes;
}

/** Encoded bytes of one `Record` entry in `AggregatedRecord.records`, tag and length prefix included. */
export function recordEntryBytes(
  dataBytes: number,
  partitionKeyIndex: number,
  explicitHashKeyIndex?: number,
): number {
  const inner =
    1 +
    varintBytes(partitionKeyIndex) +
    (explicitHashKeyIndex === undefined ? 0 : 1 + varintBytes(explicitHashKeyIndex)) +
    lengthDelimitedBytes(dataBytes);
  return lengthDelimitedBytes(inner);
}

const utf8 = new TextEncoder();
/** Bytes of a string in UTF-8, as protobuf stores it. */
export function utf8Bytes(s: string): number {
  return utf8.encode(s).length;
}

/**
 * Exact size in bytes of the aggregated Kinesis record (magic + protobuf + MD5) holding user records with these
 * data sizes and partition keys (and optional explicit hash keys). Key tables list each distinct key once, in order
 * of first use, as the KPL and aws-kinesis-agg build them.
 */
export function aggregatedRecordBytes(
  dataBytes: readonly number[],
  partitionKeys: readonly string[],
  explicitHashKeys: readonly (string | undefined)[] = [],
): number {
  if (dataBytes.length !== partitionKeys.length) throw new RangeError('one partition key per record');
  const pkIndex = new Map<string, number>();
  const ehkIndex = new Map<string, number>();
  let total = KPL_AGGREGATE_FIXED_OVERHEAD_BYTES;
  dataBytes.forEach((d, i) => {
    const pk = partitionKeys[i] ?? '';
    let p = pkIndex.get(pk);
    if (p === undefined) {
      p = pkIndex.size;
      pkIndex.set(pk, p);
      total += lengthDelimitedBytes(utf8Bytes(pk));
    }
    const ehk = explicitHashKeys[i];
    let e: number | undefined;
    if (ehk !== undefined) {
      e = ehkIndex.get(ehk);
      if (e === undefined) {
        e = ehkIndex.size;
        ehkIndex.set(ehk, e);
        total += lengthDelimitedBytes(utf8Bytes(ehk));
      }
    }
    total += recordEntryBytes(d, p, e);
  });
  return total;
}

/** A record-size distribution: data sizes in bytes with their share of the records (shares sum to 1). */
export type RecordSizeMix = readonly { dataBytes: number; share: number }[];

/**
 * The size mix for an average payload size: the size itself when it is a whole number, otherwise the two whole sizes
 * around it, weighted so that the mean is exactly the average.
 */
export function sizeMixOfAverage(avgDataBytes: number): RecordSizeMix {
  const lo = Math.floor(avgDataBytes);
  if (lo === avgDataBytes) return [{ dataBytes: lo, share: 1 }];
  const hiShare = avgDataBytes - lo;
  return [
    { dataBytes: lo, share: 1 - hiShare },
    { dataBytes: lo + 1, share: hiShare },
  ];
}

/** #{ j in [0, m) : varintBytes(j) = b }. */
function countIndicesWithVarint(m: number, b: number): number {
  const lo = b === 1 ? 0 : 128 ** (b - 1);
  const hi = 128 ** b;
  return Math.max(0, Math.min(m, hi) - lo);
}

/** The shape of one aggregate: how many user records, how many distinct partition keys, and their sizes. */
export interface AggregateShape {
  records: number;
  /** Distinct partition keys among the records, 1 … records. Record i uses key index i mod distinctKeys. */
  distinctKeys: number;
  /** Partition key length in bytes (UTF-8). */
  keyBytes: number;
  sizes: RecordSizeMix;
}

/**
 * Size in bytes (magic + protobuf + MD5) of an aggregate of `records` user records whose data sizes follow the mix,
 * record i carrying key index i mod distinctKeys. Exact for a one-size mix; for a mix it is the expected size.
 * Closed form, so it stays cheap for millions of records.
 */
export function aggregateBytesOfShape(shape: AggregateShape): number {
  const { records: n, keyBytes } = shape;
  const k = Math.max(1, Math.min(shape.distinctKeys, n));
  const q = Math.floor(n / k);
  const r = n - q * k;
  let total = KPL_AGGREGATE_FIXED_OVERHEAD_BYTES + k * lengthDelimitedBytes(keyBytes);
  for (let b = 1; 128 ** (b - 1) <= k - 1 || b === 1; b += 1) {
    const withB = q * countIndicesWithVarint(k, b) + countIndicesWithVarint(r, b);
    if (withB === 0) continue;
    const entry = shape.sizes.reduce(
      (acc, s) => acc + s.share * recordEntryBytes(s.dataBytes, 128 ** (b - 1) - (b === 1 ? 1 : 0)),
      0,
    );
    total += withB * entry;
  }
  return total;
}

/** How the number of distinct keys in an aggregate grows with the number of records in it. */
export type DistinctKeysModel =
  /** Every user record has its own key (UUIDs, request ids). */
  | { kind: 'unique' }
  /** Keys drawn uniformly from `keysPerShard` keys bound for this shard: expected distinct keys, rounded up. */
  | { kind: 'uniform'; keysPerShard: number }
  /** At most this many distinct keys in any aggregate. */
  | { kind: 'fixed'; keys: number };

/** Distinct keys among `records` records under the model (at least 1, at most `records`). */
export function distinctKeysIn(records: number, model: DistinctKeysModel): number {
  let d: number;
  if (model.kind === 'unique') d = records;
  else if (model.kind === 'fixed') d = model.keys;
  else {
    const m = model.keysPerShard;
    // Expected distinct values among n uniform draws from m: m·(1 − (1 − 1/m)^n); -expm1/log1p keep precision for large m.
    d = m <= 1 ? 1 : Math.ceil(-m * Math.expm1(records * Math.log1p(-1 / m)) - 1e-9);
  }
  return Math.max(1, Math.min(records, d));
}

export interface KplSettings {
  /** KPL AggregationMaxSize in bytes (default 51,200). */
  aggregationMaxSize: number;
  /** KPL AggregationMaxCount (default 4,294,967,295). */
  aggregationMaxCount: number;
  /** KPL RecordMaxBufferedTime in seconds (default 0.1). */
  recordMaxBufferedTime: number;
}

/**
 * Most user records one aggregate holds: the largest n with aggregate bytes ≤ AggregationMaxSize and n ≤
 * AggregationMaxCount. 1 means records go out raw (a single record is never wrapped). The KPL's reducer flushes on its
 * running estimate and then drops records from the end until the accurate size fits (reducer.h), so in steady state an
 * aggregate is exactly this prefix.
 */
export function maxRecordsPerAggregate(
  sizes: RecordSizeMix,
  keyBytes: number,
  keys: DistinctKeysModel,
  settings: Pick<KplSettings, 'aggregationMaxSize' | 'aggregationMaxCount'>,
): number {
  const bytesOf = (n: number) =>
    aggregateBytesOfShape({ records: n, distinctKeys: distinctKeysIn(n, keys), keyBytes, sizes });
  const cap = Math.min(settings.aggregationMaxCount, Math.floor(settings.aggregationMaxSize / 6) + 1);
  if (cap < 2 || bytesOf(2) > settings.aggregationMaxSize) return 1;
  let lo = 2;
  let hi = cap;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytesOf(mid) <= settings.aggregationMaxSize) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * ln(n!) : exact sum below 256, Stirling's series above (error < 1e-13). The sums come from one table of the running
 * sum ln 2 + ln 3 + … (the same additions in the same order, so the same numbers), built on first use.
 */
function lnFactorial(n: number): number {
  if (n < 256) return (lnFactorials ??= lnFactorialTable())[Math.max(0, Math.floor(n))]!;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

let lnFactorials: Float64Array | undefined;

function lnFactorialTable(): Float64Array {
  const table = new Float64Array(256);
  let s = 0;
  for (let i = 2; i < 256; i += 1) {
    s += Math.log(i);
    table[i] = s;
  }
  return table;
}

/**
 * The distribution of user records per aggregate, R = min(1 + N, maxRecords) with N ~ Poisson(mean): an aggregate
 * opens with a record and closes when its window ends or it is full. Returns [r, P(R = r)] pairs with P > 1e-15.
 */
export function recordsPerAggregateDistribution(
  arrivalsInWindow: number,
  maxRecords: number,
): [number, number][] {
  const mu = arrivalsInWindow;
  if (maxRecords <= 1 || mu <= 0) return [[1, 1]];
  const sd = Math.sqrt(mu);
  const jLo = Math.max(0, Math.floor(mu - 40 * sd - 50));
  const jHi = Math.min(maxRecords - 2, Math.ceil(mu + 40 * sd + 50));
  const out: [number, number][] = [];
  let below = 0;
  for (let j = jLo; j <= jHi; j += 1) {
    const p = Math.exp(-mu + j * Math.log(mu) - lnFactorial(j));
    below += p;
    if (p > 1e-15) out.push([j + 1, p]);
  }
  const full = Math.max(0, 1 - below);
  if (full > 1e-15) out.push([maxRecords, full]);
  const sum = out.reduce((a, [, p]) => a + p, 0);
  return out.map(([r, p]) => [r, p / sum]);
}

/** What the planner passes for one shard. */
export interface AggregateInput {
  /** Record payload sizes: an average in bytes, or a mix. */
  dataBytes: number | RecordSizeMix;
  /** Partition key length in bytes. */
  keyBytes: number;
  /** How many distinct keys an aggregate holds. Default: every record has its own key. */
  keys?: DistinctKeysModel;
  /** User records per second bound for this shard, across all producer instances. */
  userRecordsPerSecPerShard: number;
  /** Producer instances: each aggregates on its own, so each sees 1/instances of the shard's records. Default 1. */
  producerInstances?: number;
  kpl: KplSettings;
  /** Bytes of a PUT payload unit (settings.putPayloadUnit: 25,600 by default, 25,000 is the other reading). */
  putPayloadUnitBytes: number;
}

export interface AggregationResult {
  /** Mean user records per Kinesis record. */
  userRecordsPerAggregate: number;
  /** Most user records an aggregate can hold (AggregationMaxSize / AggregationMaxCount bound). */
  maxUserRecordsPerAggregate: number;
  /** Mean data bytes of a Kinesis record (aggregates: magic + protobuf + MD5; single records: the raw payload). */
  aggregateBytes: number;
  /** Exact bytes of a full aggregate of maxUserRecordsPerAggregate records. */
  fullAggregateBytes: number;
  /** Kinesis records per second reaching the shard. */
  kinesisRecordsPerSec: number;
  /** Bytes per second counted against the shard's 1 MiB/s: data plus partition key of each Kinesis record. */
  kinesisBytesPerSec: number;
  /** Mean PUT payload units per Kinesis record (a unit per started putPayloadUnitBytes of data + partition key). */
  putUnitsPerKinesisRecord: number;
  /** Same figures without aggregation: one Kinesis record per user record. */
  withoutKinesisRecordsPerSec: number;
  withoutKinesisBytesPerSec: number;
  withoutPutUnitsPerRecord: number;
  /** Aggregation window (RecordMaxBufferedTime) in seconds. */
  windowSec: number;
  /** Mean and longest time a user record waits for its aggregate to close, plus the collector hold, in seconds. */
  latencyAddedSec: number;
  maxLatencyAddedSec: number;
}

function mixOf(d: number | RecordSizeMix): RecordSizeMix {
  return typeof d === 'number' ? sizeMixOfAverage(d) : d;
}

/** PUT payload units for a record of `bytes`: one per started unit, at least one (kinesis-facts.md §3.2). */
export function putUnitsOf(bytes: number, unitBytes: number): number {
  return Math.max(1, Math.ceil(bytes / unitBytes));
}

/** An aggregate's largest record count and its bytes by record count, for one record mix, key model and KPL. */
interface AggregateSizes {
  maxN: number;
  bytesOf: (records: number) => number;
}

/**
 * maxRecordsPerAggregate and aggregateBytesOfShape for one record mix, key model and KPL setting, each count's bytes
 * worked out once: the shard searches ask `aggregate` for the same settings at many rates, whose aggregates share
 * most of their record counts.
 */
function aggregateSizesOf(sizes: RecordSizeMix, keyBytes: number, keys: DistinctKeysModel, kpl: KplSettings): AggregateSizes {
  const mix = sizes.map((s) => `${s.dataBytes}*${s.share}`).join('+');
  const model = keys.kind === 'unique' ? 'unique' : keys.kind === 'fixed' ? `fixed ${keys.keys}` : `uniform ${keys.keysPerShard}`;
  const key = `${mix}|${keyBytes}|${model}|${kpl.aggregationMaxSize}|${kpl.aggregationMaxCount}`;
  const hit = aggregateSizes.get(key);
  if (hit) return hit;
  const bytes = new Map<number, number>();
  const bytesOf = (n: number) => {
    let b = bytes.get(n);
    if (b === undefined) {
      b = aggregateBytesOfShape({ records: n, distinctKeys: distinctKeysIn(n, keys), keyBytes, sizes });
      if (bytes.size < MAX_REMEMBERED_COUNTS) bytes.set(n, b);
    }
    return b;
  };
  const made = { maxN: maxRecordsPerAggregate(sizes, keyBytes, keys, kpl), bytesOf };
  if (aggregateSizes.size >= MAX_REMEMBERED_SETTINGS) aggregateSizes.clear();
  aggregateSizes.set(key, made);
  return made;
}

const aggregateSizes = new Map<string, AggregateSizes>();
/** Settings and record counts per setting remembered at most (a long-lived process planning many workloads). */
const MAX_REMEMBERED_SETTINGS = 256;
const MAX_REMEMBERED_COUNTS = 65_536;

/**
 * Aggregation at one shard: records per aggregate, Kinesis records/s and bytes/s, PUT units per record and the latency
 * added, with and without aggregation. Each producer instance aggregates the records it sends to this shard within
 * one window; a window of mean μ = λ·W arrivals yields min(1 + Poisson(μ), max) records (renewal model), so the
 * shard sees λ / E[R] Kinesis records per second.
 */
export function aggregate(input: AggregateInput): AggregationResult {
  const sizes = mixOf(input.dataBytes);
  const keys = input.keys ?? { kind: 'unique' };
  const instances = input.producerInstances ?? 1;
  const meanData = sizes.reduce((a, s) => a + s.share * s.dataBytes, 0);
  const unit = input.putPayloadUnitBytes;
  const rawUnits = sizes.reduce((a, s) => a + s.share * putUnitsOf(s.dataBytes + input.keyBytes, unit), 0);
  const lambda = input.userRecordsPerSecPerShard / instances;
  // A reducer flushes at the earliest deadline among its records, each due RecordMaxBufferedTime after arrival (reducer.h).
  const windowSec = input.kpl.recordMaxBufferedTime;
  const { maxN, bytesOf } = aggregateSizesOf(sizes, input.keyBytes, keys, input.kpl);
  const dist = recordsPerAggregateDistribution(lambda * windowSec, maxN);

  let meanR = 0;
  let meanBytes = 0;
  let meanUnits = 0;
  let meanKey = 0;
  for (const [r, p] of dist) {
    meanR += p * r;
    if (r === 1) {
      meanBytes += p * meanData;
      meanKey += p * input.keyBytes;
      meanUnits += p * rawUnits;
    } else {
      const b = bytesOf(r);
      meanBytes += p * b;
      meanKey += p * KPL_AGGREGATE_PARTITION_KEY_BYTES;
      meanUnits += p * putUnitsOf(b + KPL_AGGREGATE_PARTITION_KEY_BYTES, unit);
    }
  }
  const kinesisPerInstance = lambda / meanR;
  const collectorSec =
    maxN > 1
      ? Math.min(KPL_COLLECTOR_BUFFER_MAX_SEC, KPL_COLLECTOR_BUFFER_RATIO * input.kpl.recordMaxBufferedTime)
      : 0;
  // Time an aggregate stays open: the whole window, or until the last record fills it ((max − 1) mean gaps after the first).
  const fillSec = lambda > 0 ? (maxN - 1) / lambda : Infinity;
  const openSec = maxN > 1 ? Math.min(windowSec, fillSec) : 0;
  // The opening record waits the whole time; the others arrive uniformly while it is open and wait half of it on average.
  let waitSum = 0;
  for (const [r, p] of dist)
    waitSum += p * (r === 1 ? (maxN > 1 ? windowSec : 0) : openSec + ((r - 1) * openSec) / 2);
  const meanWait = meanR > 0 ? waitSum / meanR : 0;
  return {
    userRecordsPerAggregate: meanR,
    maxUserRecordsPerAggregate: maxN,
    aggregateBytes: meanBytes,
    fullAggregateBytes: maxN > 1 ? bytesOf(maxN) : meanData,
    kinesisRecordsPerSec: kinesisPerInstance * instances,
    kinesisBytesPerSec: kinesisPerInstance * instances * (meanBytes + meanKey),
    putUnitsPerKinesisRecord: meanUnits,
    withoutKinesisRecordsPerSec: input.userRecordsPerSecPerShard,
    withoutKinesisBytesPerSec: input.userRecordsPerSecPerShard * (meanData + input.keyBytes),
    withoutPutUnitsPerRecord: rawUnits,
    windowSec,
    latencyAddedSec: meanWait + collectorSec,
    maxLatencyAddedSec: (maxN > 1 ? windowSec : 0) + collectorSec,
  };
}

/** Shards needed for a write load: ⌈max(records/s ÷ 1,000, bytes/s ÷ 1 MiB) × (1 + headroom)⌉, at least 1. */
export function shardsForWriteLoad(recordsPerSec: number, bytesPerSec: number, headroom: number): number {
  const load = Math.max(recordsPerSec / SHARD_WRITE_RECORDS_PER_SEC, bytesPerSec / SHARD_WRITE_BYTES_PER_SEC);
  return wholeShards(load * (1 + headroom));
}

/** The distinct-keys model for a stream spread over `shards` shards. */
export function distinctKeysModelOf(stream: Stream, shards: number): DistinctKeysModel {
  const pk = stream.partitionKeys;
  const distinct = pk.keys?.length ?? pk.distinct;
  if (distinct === undefined) return { kind: 'unique' };
  return { kind: 'uniform', keysPerShard: Math.max(1, distinct / shards) };
}

export interface AggregationPlanOptions {
  putPayloadUnitBytes: number;
  monthHours: number;
  /** Fix the shard count instead of searching it (an existing provisioned stream). */
  shards?: number;
}

/** The aggregation section of a stream's plan: the JSON contract `streams[i].aggregation`. */
export interface AggregationPlan {
  /** Whether the workload aggregates (producer.aggregation = kpl); the "with" figures are shown either way. */
  enabled: boolean;
  userRecordsPerAggregate: number;
  maxUserRecordsPerAggregate: number;
  aggregateBytes: number;
  fullAggregateBytes: number;
  /** Average Kinesis records/s and bytes/s across the stream, with aggregation. */
  kinesisRecordsPerSecond: number;
  kinesisBytesPerSecond: number;
  /** Same at the peak, with and without. */
  peakKinesisRecordsPerSecond: number;
  peakKinesisBytesPerSecond: number;
  recordsPerSecondWithout: number;
  bytesPerSecondWithout: number;
  peakRecordsPerSecondWithout: number;
  peakBytesPerSecondWithout: number;
  shardsWithout: number;
  shardsWith: number;
  putUnitsPerMonthWithout: number;
  putUnitsPerMonthWith: number;
  latencyAddedSec: number;
  maxLatencyAddedSec: number;
  /** Whether aggregation is worth having for this stream, and why. */
  verdict: { isRecommended: boolean; findings: Finding[] };
}

/**
 * Aggregation for a stream whose load spreads evenly over its shards: finds the shard count with aggregation by
 * iterating shards ↔ per-shard rate to a fixed point (fewer shards → more records per shard → fuller aggregates →
 * never more shards), sized at the peak; PUT units per month at the average rate.
 */
export function planAggregation(
  stream: Stream,
  streamIndex: number,
  opts: AggregationPlanOptions,
): AggregationPlan {
  const plan = aggregationFigures(stream, opts);
  const verdict = aggregationVerdict(stream, streamIndex, plan);
  for (const f of verdict.findings) {
    if (f.code === 'AGGREGATION_RATE_TOO_LOW') f.args = { ...f.args, ...longerBufferedTime(stream, opts) };
  }
  return { ...plan, verdict };
}

/** Whether aggregates hold fewer than two records on average where two or more would fit. */
function isAggregateTooSmall(plan: Pick<AggregationPlan, 'userRecordsPerAggregate' | 'maxUserRecordsPerAggregate'>): boolean {
  return plan.userRecordsPerAggregate < Math.min(2, plan.maxUserRecordsPerAggregate);
}

/**
 * What a longer RecordMaxBufferedTime gives: the setting doubled until aggregates are no longer too small (at most the
 * schema's maximum), with the records per aggregate, PUT payload units a month and latency there. Empty when no such
 * setting is found.
 */
function longerBufferedTime(
  stream: Stream,
  opts: AggregationPlanOptions,
): { recordMaxBufferedTimeSecAfter?: number; userRecordsPerAggregateAfter?: number; putUnitsPerMonthAfter?: number; latencyAddedSecAfter?: number } {
  let sec = stream.producer.recordMaxBufferedTime;
  while (sec > 0 && sec < MAX_CLIENT_WAIT_SEC) {
    sec = Math.min(2 * sec, MAX_CLIENT_WAIT_SEC);
    const after = aggregationFigures({ ...stream, producer: { ...stream.producer, recordMaxBufferedTime: sec } }, opts);
    if (!isAggregateTooSmall(after)) {
      return {
        recordMaxBufferedTimeSecAfter: sec,
        userRecordsPerAggregateAfter: after.userRecordsPerAggregate,
        putUnitsPerMonthAfter: after.putUnitsPerMonthWith,
        latencyAddedSecAfter: after.latencyAddedSec,
      };
    }
  }
  return {};
}

/** The aggregation figures of a stream, before the verdict. */
function aggregationFigures(stream: Stream, opts: AggregationPlanOptions): Omit<AggregationPlan, 'verdict'> {
  const p = stream.producer;
  const kpl: KplSettings = {
    aggregationMaxSize: p.aggregationMaxSize,
    aggregationMaxCount: p.aggregationMaxCount,
    recordMaxBufferedTime: p.recordMaxBufferedTime,
  };
  const peak = peakRecordsPerSec(stream);
  const avg = stream.records.rate;
  const at = (rate: number, shards: number) =>
    aggregate({
      dataBytes: stream.records.size,
      keyBytes: stream.partitionKeys.length,
      keys: distinctKeysModelOf(stream, shards),
      userRecordsPerSecPerShard: rate / shards,
      producerInstances: p.instances,
      kpl,
      putPayloadUnitBytes: opts.putPayloadUnitBytes,
    });
  const raw = at(peak, 1);
  const shardsWithout =
    opts.shards ??
    shardsForWriteLoad(raw.withoutKinesisRecordsPerSec, raw.withoutKinesisBytesPerSec, stream.headroom);
  let shardsWith = opts.shards ?? shardsWithout;
  if (opts.shards === undefined) {
    for (;;) {
      const r = at(peak, shardsWith);
      const need = shardsForWriteLoad(
        r.kinesisRecordsPerSec * shardsWith,
        r.kinesisBytesPerSec * shardsWith,
        stream.headroom,
      );
      if (need >= shardsWith) break;
      shardsWith = need;
    }
  }
  const peakWith = at(peak, shardsWith);
  const avgWith = at(avg, shardsWith);
  const seconds = SECONDS_PER_HOUR * opts.monthHours;
  return {
    enabled: p.aggregation === 'kpl',
    userRecordsPerAggregate: avgWith.userRecordsPerAggregate,
    maxUserRecordsPerAggregate: avgWith.maxUserRecordsPerAggregate,
    aggregateBytes: avgWith.aggregateBytes,
    fullAggregateBytes: avgWith.fullAggregateBytes,
    kinesisRecordsPerSecond: avgWith.kinesisRecordsPerSec * shardsWith,
    kinesisBytesPerSecond: avgWith.kinesisBytesPerSec * shardsWith,
    peakKinesisRecordsPerSecond: peakWith.kinesisRecordsPerSec * shardsWith,
    peakKinesisBytesPerSecond: peakWith.kinesisBytesPerSec * shardsWith,
    recordsPerSecondWithout: avg,
    bytesPerSecondWithout: avgWith.withoutKinesisBytesPerSec * shardsWith,
    peakRecordsPerSecondWithout: peak,
    peakBytesPerSecondWithout: raw.withoutKinesisBytesPerSec,
    shardsWithout,
    shardsWith,
    putUnitsPerMonthWithout: avg * avgWith.withoutPutUnitsPerRecord * seconds,
    putUnitsPerMonthWith:
      avgWith.kinesisRecordsPerSec * shardsWith * avgWith.putUnitsPerKinesisRecord * seconds,
    latencyAddedSec: avgWith.latencyAddedSec,
    maxLatencyAddedSec: avgWith.maxLatencyAddedSec,
  };
}

/** Whether aggregation pays for this stream, as findings with the numbers behind them. */
export function aggregationVerdict(
  stream: Stream,
  streamIndex: number,
  plan: Omit<AggregationPlan, 'verdict'>,
): AggregationPlan['verdict'] {
  const findings: Finding[] = [];
  const producerPath = fieldPath(['streams', streamIndex, 'producer']);
  const savesShards = plan.shardsWith < plan.shardsWithout;
  const savesUnits = plan.putUnitsPerMonthWith < plan.putUnitsPerMonthWithout * 0.5;
  const packs = plan.maxUserRecordsPerAggregate > 1;
  const isRecommended = packs && (savesShards || savesUnits);
  const args = {
    shardsWithout: plan.shardsWithout,
    shardsWith: plan.shardsWith,
    putUnitsPerMonthWithout: plan.putUnitsPerMonthWithout,
    putUnitsPerMonthWith: plan.putUnitsPerMonthWith,
    userRecordsPerAggregate: plan.userRecordsPerAggregate,
    latencyAddedSec: plan.latencyAddedSec,
  };
  if (!plan.enabled) {
    if (isRecommended)
      findings.push({ code: 'AGGREGATION_RECOMMENDED', severity: 'warning', path: producerPath, args });
    return { isRecommended, findings };
  }
  if (!packs) {
    findings.push({
      code: 'AGGREGATION_RECORDS_TOO_LARGE',
      severity: 'warning',
      path: fieldPath(['streams', streamIndex, 'producer', 'aggregationMaxSize']),
      args: { recordBytes: stream.records.size, aggregationMaxSize: stream.producer.aggregationMaxSize },
    });
  } else if (isAggregateTooSmall(plan)) {
    findings.push({
      code: 'AGGREGATION_RATE_TOO_LOW',
      severity: 'info',
      path: fieldPath(['streams', streamIndex, 'producer', 'recordMaxBufferedTime']),
      args: { ...args, recordMaxBufferedTimeSec: stream.producer.recordMaxBufferedTime },
    });
  } else {
    findings.push({ code: 'AGGREGATION_GAIN', severity: 'info', path: producerPath, args });
  }
  if (packs && stream.consumers.some((c) => c.type === 'lambda')) {
    findings.push({
      code: 'AGGREGATION_NEEDS_DEAGGREGATION',
      severity: 'info',
      path: fieldPath(['streams', streamIndex, 'consumers']),
      args: {},
    });
  }
  return { isRecommended, findings };
}

/** Kinesis records and write-limit bytes per user record (src/plan/stream.ts's KinesisShape). */
export interface AggregatedShape {
  kinesisRecordsPerUserRecord: number;
  writeBytesPerUserRecord: number;
}

/**
 * What KPL aggregation makes of `userRecordsPerSec` user records spread evenly over `shards` shards: Kinesis records
 * and write-limit bytes per user record. The one aggregation model of a stream at a shard count: the planner sizes the
 * stream with it at its planned count, and the simulator replays it at the count it simulates.
 */
export function aggregatedShape(
  stream: Stream,
  userRecordsPerSec: number,
  shards: number,
  putPayloadUnitBytes: number,
): AggregatedShape {
  const p = stream.producer;
  const perShard = userRecordsPerSec / shards;
  const a = aggregate({
    dataBytes: stream.records.size,
    keyBytes: stream.partitionKeys.length,
    keys: distinctKeysModelOf(stream, shards),
    userRecordsPerSecPerShard: perShard,
    producerInstances: p.instances,
    kpl: { aggregationMaxSize: p.aggregationMaxSize, aggregationMaxCount: p.aggregationMaxCount, recordMaxBufferedTime: p.recordMaxBufferedTime },
    putPayloadUnitBytes,
  });
  if (!(perShard > 0)) return { kinesisRecordsPerUserRecord: 1, writeBytesPerUserRecord: stream.records.size + stream.partitionKeys.length };
  return { kinesisRecordsPerUserRecord: a.kinesisRecordsPerSec / perShard, writeBytesPerUserRecord: a.kinesisBytesPerSec / perShard };
}
