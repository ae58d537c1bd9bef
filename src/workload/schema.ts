import { z } from 'zod';
import {
  EFO_MAX_CONSUMERS,
  EFO_MAX_CONSUMERS_ADVANTAGE,
  LAMBDA_BATCH_SIZE_MAX,
  LAMBDA_BATCH_WINDOW_MAX_SEC,
  LAMBDA_MAX_TIMEOUT_SEC,
  LAMBDA_PARALLELIZATION_FACTOR_MAX,
  MAX_RECORD_BYTES_DEFAULT,
  MAX_RECORD_BYTES_LARGE,
  MAX_SHARDS_PER_STREAM,
  MAX_STREAM_RECORDS_PER_SEC,
  ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_ANY,
  PARTITION_KEY_MAX_CHARS,
  PUT_RECORDS_MAX_BYTES,
  SHARD_ITERATOR_LIFETIME_SEC,
  RETENTION_MAX_HOURS,
  RETENTION_MIN_HOURS,
} from '../limits.js';
import { bytes, byteRate, count, duration, growth, iacField, percent, recordRate, usd } from './fields.js';
import { checkStageReferences, firehoseSchema, flinkSchema } from './stages-schema.js';
import { resolveClientModel, trafficSchema } from './traffic-schema.js';
import { repeatedNameIndices } from './names.js';
import { parseRate } from './units.js';
import {
  MAX_CLIENT_WAIT_SEC,
  MAX_CONSUMERS_PER_STREAM,
  MAX_COUNT,
  MAX_EXACT_KEYS,
  MAX_FACTOR,
  MAX_GROWTH_PER_MONTH,
  MAX_HEADROOM,
  MAX_HORIZON_SEC,
  MAX_HOT_KEYS,
  MAX_MONTH_HOURS,
  MAX_PRODUCER_INSTANCES,
  MAX_REPLAY_BYTES_PER_MONTH,
  MAX_STAGES,
  MAX_STREAMS,
  MAX_TRAFFIC_TIME_SEC,
  MAX_WORKLOAD_PLACED_KEYS,
  MAX_ZIPF_EXPONENT,
} from './bounds.js';
import { checkKeyPattern, placedKeyCount } from './key-bounds.js';
import { checkBusiestMoment } from './traffic-bounds.js';
import { formatByteRate, formatBytes, formatCount, formatRecordRate } from './format.js';

/**
 * The workload file, version 1. This schema is the one source of the TypeScript types (`Workload`), the defaults,
 * the JSON Schema printed by `kinesis-plan schema`, and the wizard's choices and validation.
 * Values come out in base units: bytes, records per second, seconds, fractions.
 */

export const CAPACITY_MODES = ['provisioned', 'on-demand', 'on-demand-advantage'] as const;
export type CapacityMode = (typeof CAPACITY_MODES)[number];

export const CONSUMER_TYPES = ['polling', 'lambda', 'efo'] as const;
export const KEY_DISTRIBUTIONS = ['uniform', 'zipf', 'hot-keys'] as const;
export const AGGREGATION_MODES = ['none', 'kpl'] as const;

const name = (what: string) =>
  z
    .string()
    .min(1, `${what} name must not be empty`)
    .max(128)
    .regex(/^[a-zA-Z0-9_.-]+$/, `${what} names use letters, digits, "_", "." and "-" only`);

/** `peak:` is either a rate (`9000/s`) or a multiple of the average (`3x`). */
const peakField = z
  .union([z.number(), z.string()])
  .transform((raw, ctx): { factor: number } | { recordsPerSec: number } | never => {
    if (typeof raw === 'string') {
      const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*[x×]\s*$/i.exec(raw);
      if (m) {
        const factor = Number(m[1]);
        if (!(factor >= 1)) {
          ctx.addIssue({ code: 'custom', message: `a peak factor must be at least 1x, got ${raw}`, params: { hint: 'e.g. 3x' } });
          return z.NEVER;
        }
        if (factor > MAX_FACTOR) {
          ctx.addIssue({ code: 'custom', message: `a peak factor must be at most ${MAX_FACTOR}x, got ${raw}`, params: { hint: 'e.g. 3x, or give the peak as a rate such as 9000/s' } });
          return z.NEVER;
        }
        return { factor };
      }
    }
    const r = parseRate(raw);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message, params: { hint: `${r.hint}, or a multiple of the average such as 3x` } });
      return z.NEVER;
    }
    if (!(r.value > 0)) {
      ctx.addIssue({ code: 'custom', message: `must be greater than 0, got ${String(raw)}`, params: { hint: 'e.g. 9000/s or 3x' } });
      return z.NEVER;
    }
    if (r.value > MAX_STREAM_RECORDS_PER_SEC) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${formatRecordRate(MAX_STREAM_RECORDS_PER_SEC)}, got ${String(raw)}`, params: { hint: SPLIT_STREAM_HINT } });
      return z.NEVER;
    }
    return { recordsPerSec: r.value };
  })
  .meta({
    description: 'Peak write rate: a rate such as 9000/s, or a multiple of the average rate such as 3x. Default: the average.',
    examples: ['9000/s', '3x'],
    exclusiveMinimum: 0,
    maximum: MAX_STREAM_RECORDS_PER_SEC,
  });

/** Why a rate above MAX_STREAM_RECORDS_PER_SEC cannot be planned. */
const OVER_STREAM_RECORDS = `more than the ${formatRecordRate(MAX_STREAM_RECORDS_PER_SEC)} that a stream of ${formatCount(MAX_SHARDS_PER_STREAM)} shards takes even at one byte per record`;
const SPLIT_STREAM_HINT = `no stream of ${formatCount(MAX_SHARDS_PER_STREAM)} shards takes more, even at one byte per record: split the traffic over several streams`;

const recordsSchema = z
  .strictObject({
    size: bytes('Average record payload size (the data blob, without the partition key).', {
      min: 0,
      exclusiveMin: true,
      max: MAX_RECORD_BYTES_LARGE,
      show: formatBytes,
    }),
    maxSize: bytes('Largest record payload size. Default: the average size.', {
      min: 0,
      exclusiveMin: true,
      max: MAX_RECORD_BYTES_LARGE,
      show: formatBytes,
    }).optional(),
    rate: recordRate('Average write rate in records per second across the stream.', {
      min: 0,
      exclusiveMin: true,
      max: MAX_STREAM_RECORDS_PER_SEC,
      showMax: formatRecordRate,
      maxHint: SPLIT_STREAM_HINT,
    }),
    peak: peakField.optional(),
    growth: growth('Compound traffic growth per month, e.g. 5%/month.', { min: 0, max: MAX_GROWTH_PER_MONTH }).optional(),
    horizon: duration('Planning horizon for growth, e.g. 365d. Default: 12 months (365 days).', {
      min: 0,
      max: MAX_HORIZON_SEC,
      examples: ['180d', '365d'],
    }).optional(),
  })
  .describe('Records written to the stream.');

const hotKeySchema = z.strictObject({
  key: z.string().min(1).max(PARTITION_KEY_MAX_CHARS).describe('The partition key.'),
  share: percent('Share of all records that carry this key, e.g. 30%.', { min: 0, exclusiveMin: true, max: 1 }),
});

const partitionKeysSchema = z
  .strictObject({
    distinct: count('How many distinct partition keys are in use.', { min: 1, max: MAX_COUNT }).optional(),
    length: count('Partition key length in characters (1–256); keys count towards the 1 MiB/s write limit.', {
      min: 1,
      max: PARTITION_KEY_MAX_CHARS,
      examples: [36],
    }).default(36),
    distribution: z
      .enum(KEY_DISTRIBUTIONS)
      .default('uniform')
      .describe('How records spread over the keys: uniform, zipf (with `zipfExponent`), or hot-keys (with `hotKeys`).'),
    zipfExponent: z.number().positive().max(MAX_ZIPF_EXPONENT).optional().describe('Zipf exponent s (rank r gets weight 1/r^s).'),
    hotKeys: z.array(hotKeySchema).max(MAX_HOT_KEYS, 'name the heaviest keys only; give distinct for the rest, which share the remaining traffic').optional().describe('Named keys and their share of the traffic; the rest is uniform.'),
    keys: z
      .array(z.string().min(1).max(PARTITION_KEY_MAX_CHARS))
      .max(MAX_EXACT_KEYS, 'give the keys as a pattern such as device-{1..1000000} instead; a large pattern is sampled')
      .optional()
      .describe('The actual keys in use, equally loaded: placed exactly by MD5.'),
    pattern: z
      .string()
      .regex(/\{\d+\.\.\d+\}/, 'a key pattern needs a numeric range such as {1..20000}')
      .superRefine((pattern, ctx) => {
        const problem = checkKeyPattern(pattern);
        if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { hint: problem.hint } });
      })
      .optional()
      .describe('Keys generated from a pattern such as device-{1..20000}, equally loaded: placed exactly by MD5.'),
  })
  .describe('Partition keys: how many, how long, and how traffic spreads over them.');

const producerSchema = z
  .strictObject({
    aggregation: z.enum(AGGREGATION_MODES).default('none').describe('Record aggregation: none, or kpl (KPL aggregation).'),
    instances: count('Producer instances (processes) writing to the stream.', { min: 1, max: MAX_PRODUCER_INSTANCES }).default(1),
    aggregationMaxCount: count('KPL AggregationMaxCount: user records per aggregated record.', {
      min: 1,
      max: 4_294_967_295,
    }).default(4_294_967_295),
    aggregationMaxSize: bytes('KPL AggregationMaxSize: largest aggregated record in bytes (64 B–10 MiB).', {
      min: 64,
      max: MAX_RECORD_BYTES_LARGE,
      integer: true,
      show: formatBytes,
    }).default(51_200),
    recordMaxBufferedTime: duration('KPL RecordMaxBufferedTime: how long a record may wait to be batched.', {
      min: 0,
      max: MAX_CLIENT_WAIT_SEC,
      examples: ['100ms'],
    }).default(0.1),
    collectionMaxCount: count('KPL CollectionMaxCount: records per PutRecords call (1–500).', { min: 1, max: 500 }).default(500),
    collectionMaxSize: bytes('KPL CollectionMaxSize: bytes per PutRecords call.', {
      min: 52_224,
      max: PUT_RECORDS_MAX_BYTES,
      integer: true,
      show: formatBytes,
    }).default(5_242_880),
    rateLimit: percent('KPL RateLimit: per-shard client-side limit as a share of the shard limit (150%).', {
      min: 0,
      exclusiveMin: true,
      max: MAX_FACTOR,
    }).default(1.5),
    recordTtl: duration('KPL RecordTtl: a record not put within this time fails as Expired.', {
      min: 0.1,
      max: MAX_TRAFFIC_TIME_SEC,
      examples: ['30s'],
    }).default(30),
  })
  .describe('The producer: aggregation and the KPL settings, by their KPL names.');

const consumerSchema = z
  .strictObject({
    name: name('Consumer'),
    type: z
      .enum(CONSUMER_TYPES)
      .describe('polling (GetRecords, e.g. KCL), lambda (a Lambda event source mapping, polls like GetRecords), or efo (enhanced fan-out).'),
    pollInterval: duration('Time between GetRecords calls per shard (polling and lambda). Default 1s.', {
      min: 0.2,
      max: SHARD_ITERATOR_LIFETIME_SEC,
      examples: ['1s', '200ms'],
    }).optional(),
    replayPerMonth: bytes('Data older than 7 days this consumer re-reads each month (long-term retention reads).', {
      min: 0,
      max: MAX_REPLAY_BYTES_PER_MONTH,
      show: formatBytes,
    }).optional(),
    processing: recordRate('Records per second this consumer processes from one shard, e.g. 300/s: it needs shards to keep up.', {
      min: 0,
      exclusiveMin: true,
      max: MAX_STREAM_RECORDS_PER_SEC,
      examples: ['300/s'],
    }).optional(),
    batchSize: count('Lambda: records per batch (BatchSize, default 100, at most 10,000).', { min: 1, max: LAMBDA_BATCH_SIZE_MAX }).optional(),
    batchWindow: duration('Lambda: longest wait to fill a batch (MaximumBatchingWindowInSeconds, default 0s, at most 300s).', {
      min: 0,
      max: LAMBDA_BATCH_WINDOW_MAX_SEC,
      examples: ['0s', '5s'],
    }).optional(),
    duration: duration('Lambda: how long one invocation takes to process a full batch, e.g. 400ms.', {
      min: 0,
      exclusiveMin: true,
      max: LAMBDA_MAX_TIMEOUT_SEC,
      examples: ['400ms', '2s'],
    }).optional(),
    parallelizationFactor: count('Lambda: concurrent batches per shard (ParallelizationFactor, 1–10, default 1).', {
      min: 1,
      max: LAMBDA_PARALLELIZATION_FACTOR_MAX,
    }).optional(),
    maxLag: duration('Longest acceptable lag: after the declared peak or a spike, the consumer catches up within this time.', {
      min: 0,
      exclusiveMin: true,
      max: RETENTION_MAX_HOURS * 3600,
      examples: ['30s', '5min'],
    }).optional(),
  })
  .describe('A consumer application.');

const onDemandSchema = z
  .strictObject({
    previousPeak: byteRate('Highest write throughput the stream saw in the last 30 days. Default: 4 MiB/s, as a new stream.', {
      min: 0,
      exclusiveMin: true,
      max: ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_ANY,
      showMax: formatByteRate,
    }).optional(),
    maxWriteThroughput: byteRate('Largest write throughput on-demand may scale to in this account and Region.', {
      min: 0,
      exclusiveMin: true,
      max: ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_ANY,
      showMax: formatByteRate,
      examples: ['200 MB/s', '10 GB/s'],
    }).optional(),
  })
  .describe('On-demand settings AWS does not publish precisely; see the README.');

export const streamSchema = z
  .strictObject({
    name: name('Stream'),
    iac: iacField('stream'),
    retention: duration('How long records are kept: 24h to 365d.', {
      min: RETENTION_MIN_HOURS * 3600,
      max: RETENTION_MAX_HOURS * 3600,
      examples: ['24h', '7d', '30d'],
      show: (s) => `${s / 3600}h`,
    }).default(24 * 3600),
    capacityMode: z
      .enum(CAPACITY_MODES)
      .optional()
      .describe('provisioned, on-demand or on-demand-advantage. Absent: all three are compared.'),
    shards: count('Shard count of an existing provisioned stream: the plan evaluates it beside what is needed.', {
      min: 1,
      max: MAX_SHARDS_PER_STREAM,
    }).optional(),
    headroom: percent('Spare capacity kept above the peak, e.g. 20%.', { min: 0, max: MAX_HEADROOM }).default(0.2),
    maxRecordSize: bytes('The stream\'s maximum record size: 1 MiB, or up to 10 MiB for streams that opt in.', {
      min: MAX_RECORD_BYTES_DEFAULT,
      max: MAX_RECORD_BYTES_LARGE,
      show: formatBytes,
      examples: ['1 MiB', '10 MiB'],
    }).default(MAX_RECORD_BYTES_DEFAULT),
    records: recordsSchema,
    partitionKeys: partitionKeysSchema.prefault({}),
    producer: producerSchema.prefault({}),
    consumers: z
      .array(consumerSchema)
      .max(MAX_CONSUMERS_PER_STREAM, 'at most 50 enhanced fan-out consumers and the 1,500 polling ones that share 5 GetRecords calls/s at one call per 5 minutes read a stream')
      .default([]).describe('Applications that read the stream.'),
    onDemand: onDemandSchema.optional(),
    traffic: trafficSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const largest = s.records.maxSize ?? s.records.size;
    const keyBytes = s.partitionKeys.length;
    if (largest + keyBytes > s.maxRecordSize) {
      const field = s.records.maxSize !== undefined ? 'maxSize' : 'size';
      ctx.addIssue({
        code: 'custom',
        path: ['records', field],
        message: `a record of ${formatBytes(largest)} plus a ${keyBytes}-character partition key is larger than the stream's maximum record size of ${formatBytes(s.maxRecordSize)}`,
        params: {
          hint:
            s.maxRecordSize < MAX_RECORD_BYTES_LARGE
              ? 'split the record, or set `maxRecordSize:` (up to 10 MiB) on the stream to opt into large records'
              : 'split the record: 10 MiB is the largest record Kinesis accepts',
        },
      });
    }
    if (s.records.maxSize !== undefined && s.records.maxSize < s.records.size) {
      ctx.addIssue({
        code: 'custom',
        path: ['records', 'maxSize'],
        message: `the largest record (${formatBytes(s.records.maxSize)}) is smaller than the average (${formatBytes(s.records.size)})`,
        params: { hint: 'maxSize is the largest record; it must be at least the average size' },
      });
    }
    const peak = s.records.peak;
    if (peak && 'factor' in peak && s.records.rate * peak.factor > MAX_STREAM_RECORDS_PER_SEC) {
      ctx.addIssue({
        code: 'custom',
        path: ['records', 'peak'],
        message: `${peak.factor}x the average rate of ${s.records.rate}/s is ${formatRecordRate(s.records.rate * peak.factor)}, ${OVER_STREAM_RECORDS}`,
        params: { hint: 'split the traffic over several streams' },
      });
    }
    for (const issue of checkBusiestMoment(s.traffic, s.records.rate, peak)) ctx.addIssue({ code: 'custom', ...issue });
    if (peak && 'recordsPerSec' in peak && peak.recordsPerSec < s.records.rate) {
      ctx.addIssue({
        code: 'custom',
        path: ['records', 'peak'],
        message: `the peak (${peak.recordsPerSec}/s) is below the average rate (${s.records.rate}/s)`,
        params: { hint: 'peak is the highest rate; give at least the average, or a factor such as 3x' },
      });
    }
    const efo = s.consumers.filter((c) => c.type === 'efo').length;
    const efoMax = s.capacityMode === 'on-demand-advantage' ? EFO_MAX_CONSUMERS_ADVANTAGE : EFO_MAX_CONSUMERS;
    if (efo > efoMax) {
      ctx.addIssue({
        code: 'custom',
        path: ['consumers'],
        message: `${efo} enhanced fan-out consumers, but a ${s.capacityMode ?? 'provisioned or on-demand'} stream allows at most ${efoMax}`,
        params: {
          hint:
            s.capacityMode === 'on-demand-advantage'
              ? 'use polling consumers for some, or split the stream'
              : 'use at most 20, switch to capacityMode: on-demand-advantage (50), or use polling for some',
        },
      });
    }
    for (const i of repeatedNameIndices(s.consumers.map((c) => c.name))) {
      ctx.addIssue({
        code: 'custom',
        path: ['consumers', i, 'name'],
        message: `consumer name "${s.consumers[i]!.name}" is used twice`,
        params: { hint: 'give each consumer its own name' },
      });
    }
    s.consumers.forEach((c, i) => {
      for (const issue of consumerSpeedIssues(c)) ctx.addIssue({ code: 'custom', path: ['consumers', i, issue.field], message: issue.message, params: { hint: issue.hint } });
      if (c.type === 'efo' && c.pollInterval !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['consumers', i, 'pollInterval'],
          message: 'an enhanced fan-out consumer does not poll',
          params: { hint: 'remove pollInterval, or use type: polling' },
        });
      }
    });
    const pk = s.partitionKeys;
    if (pk.distribution === 'zipf' && pk.zipfExponent === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['partitionKeys', 'zipfExponent'],
        message: 'distribution: zipf needs zipfExponent',
        params: { hint: 'add zipfExponent: 1.0 (a typical value lies between 0.8 and 1.2)' },
      });
    }
    if (pk.distribution === 'hot-keys') {
      if (!pk.hotKeys || pk.hotKeys.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['partitionKeys', 'hotKeys'],
          message: 'distribution: hot-keys needs a list of hotKeys',
          params: { hint: 'add hotKeys: [{ key: tenant-1, share: 30% }]' },
        });
      } else {
        const total = pk.hotKeys.reduce((a, k) => a + k.share, 0);
        if (total > 1 + 1e-9) {
          ctx.addIssue({
            code: 'custom',
            path: ['partitionKeys', 'hotKeys'],
            message: `the hot keys' shares add up to ${(total * 100).toFixed(1)}%, more than 100%`,
            params: { hint: 'each share is that key\'s part of all records; together at most 100%' },
          });
        }
      }
    }
    if (pk.keys !== undefined && pk.pattern !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['partitionKeys', 'pattern'],
        message: 'give either keys or pattern, not both',
        params: { hint: 'remove one of them' },
      });
    }
    const client = s.traffic?.client;
    if (client?.workers !== undefined && resolveClientModel(client.model, s.producer.aggregation) === 'kpl') {
      ctx.addIssue({
        code: 'custom',
        path: ['traffic', 'client', 'workers'],
        message:
          client.model === 'kpl'
            ? 'a closed producer (workers) cannot use the KPL client, which runs its own connections and retries'
            : 'a closed producer (workers) cannot use the KPL client, which runs its own connections and retries; with producer.aggregation: kpl the client model is kpl',
        params: { hint: 'set traffic.client.model to put-records, put-record-sdk or none, or remove workers' },
      });
    }
    if (s.shards !== undefined && s.capacityMode !== undefined && s.capacityMode !== 'provisioned') {
      ctx.addIssue({
        code: 'custom',
        path: ['shards'],
        message: `shards is the shard count of a provisioned stream, but capacityMode is ${s.capacityMode}`,
        params: { hint: 'remove shards, or set capacityMode: provisioned' },
      });
    }
  })
  .describe('A Kinesis data stream.');

const LAMBDA_ONLY_FIELDS = ['batchSize', 'batchWindow', 'duration', 'parallelizationFactor'] as const;

/** How a consumer states its processing speed: `processing`, or for a Lambda its batch settings with `duration`. */
function consumerSpeedIssues(c: z.output<typeof consumerSchema>): { field: string; message: string; hint: string }[] {
  const issues: { field: string; message: string; hint: string }[] = [];
  if (c.type !== 'lambda') {
    for (const field of LAMBDA_ONLY_FIELDS) {
      if (c[field] !== undefined) {
        issues.push({ field, message: `${field} is a Lambda setting, but this consumer is type ${c.type}`, hint: 'use processing: for its speed, or type: lambda' });
      }
    }
    return issues;
  }
  if (c.processing !== undefined && c.duration !== undefined) {
    issues.push({ field: 'processing', message: 'give either processing or duration, not both', hint: 'for a Lambda, duration with batchSize and parallelizationFactor gives its speed' });
  }
  const batch = LAMBDA_ONLY_FIELDS.find((f) => f !== 'duration' && c[f] !== undefined);
  if (batch !== undefined && c.duration === undefined && c.processing === undefined) {
    issues.push({ field: batch, message: `${batch} needs duration, how long one invocation takes`, hint: 'add duration: 400ms (the time to process one full batch)' });
  }
  if (c.maxLag !== undefined && c.processing === undefined && c.duration === undefined) {
    issues.push({
      field: 'maxLag',
      message: 'maxLag needs the consumer\'s speed',
      hint: c.type === 'lambda' ? 'add duration: 400ms (one invocation) or processing: 300/s' : 'add processing: 300/s (records per second per shard)',
    });
  }
  return issues;
}

export const budgetSchema = z
  .strictObject({
    monthlyUsd: usd('Largest acceptable monthly cost of the whole workload, in USD.', { min: 0 }).optional(),
    maxShards: z.number().int().positive().max(MAX_SHARDS_PER_STREAM).optional().describe('Largest acceptable shard count of any one stream.'),
    maxThrottledShare: percent('Largest acceptable share of write attempts throttled in simulation, e.g. 0.1%.', {
      min: 0,
      max: 1,
      examples: ['0.1%', '1%'],
    }).optional(),
    maxIncreaseUsd: usd('Largest acceptable monthly increase against a baseline, in USD.', { min: 0 }).optional(),
    maxIncreasePercent: percent('Largest acceptable monthly increase against a baseline, e.g. 10%.', {
      min: 0,
      max: MAX_FACTOR,
      examples: ['10%'],
    }).optional(),
  })
  .describe('Limits that `kinesis-plan check` enforces.');

export const settingsSchema = z
  .strictObject({
    putPayloadUnit: bytes('Size of a PUT payload unit ("25 KB"): 25600 (25 KiB, default) or 25000.', {
      min: 1,
      max: MAX_RECORD_BYTES_LARGE,
      integer: true,
      examples: [25600, 25000],
    }).default(25_600),
    gigabyte: z
      .enum(['GiB', 'GB'])
      .default('GiB')
      .describe('How many bytes a billed "GB" is: GiB = 2^30 (default) or GB = 10^9.'),
    monthHours: z.number().positive().max(MAX_MONTH_HOURS).default(730).describe('Hours in a billing month.'),
    jqHoursPerMonth: z
      .number()
      .nonnegative()
      .max(1_000_000)
      .optional()
      .describe(
        'JQ processing hours a month for each Firehose stage that partitions with JQ and does not give dynamicPartitioning.jqHoursPerMonth. Default: every hour of the month (monthHours); AWS meters the time JQ runs and publishes no rate per GB.',
      ),
    firehoseKplBilling: z
      .enum(['per-user-record', 'per-aggregate'])
      .default('per-user-record')
      .describe(
        'How Firehose bills KPL-aggregated records it reads from a Kinesis stream: per-user-record (default, the higher estimate: each de-aggregated record rounded up to 5 KB) or per-aggregate (each aggregate rounded once). AWS says Firehose de-aggregates them (docs.aws.amazon.com/streams/latest/dev/kpl-with-firehose.html) but not which is billed.',
      ),
    flinkRunningStorageBilled: z
      .boolean()
      .default(true)
      .describe('Bill the 50 GB of running storage each Flink KPU comes with (true, the higher estimate) or not: AWS does not say.'),
  })
  .describe('Choices where AWS is not explicit; see the README.');

export const workloadSchema = z
  .strictObject({
    version: z.literal(1).describe('Workload file format version: this is version 1, so write version: 1'),
    name: name('Workload').describe('Name of the workload.'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS Region code such as us-east-1')
      .default('us-east-1')
      .describe('AWS Region, e.g. us-east-1: selects the pricing file.'),
    description: z.string().optional().describe('Free text.'),
    streams: z
      .array(streamSchema)
      .max(MAX_STREAMS, 'a workload has at most one stream per shard of the default account quota of most Regions (1,000); plan the others in another file')
      .default([])
      .describe('Kinesis data streams. May be left out when the workload has only Direct PUT Firehose stages.'),
    firehose: z.array(firehoseSchema).max(MAX_STAGES, 'plan the other Firehose stages in another workload file').default([]).describe('Firehose delivery stages.'),
    flink: z.array(flinkSchema).max(MAX_STAGES, 'plan the other Flink applications in another workload file').default([]).describe('Managed Service for Apache Flink applications.'),
    budget: budgetSchema.optional(),
    settings: settingsSchema.prefault({}),
  })
  .superRefine((w, ctx) => {
    if (w.streams.length === 0 && w.firehose.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['streams'],
        message: 'a workload needs at least one stream or Firehose stage',
        params: { hint: 'add a stream under `streams:`, or a Direct PUT Firehose stage under `firehose:`' },
      });
    }
    for (const i of repeatedNameIndices(w.streams.map((s) => s.name))) {
      ctx.addIssue({
        code: 'custom',
        path: ['streams', i, 'name'],
        message: `stream name "${w.streams[i]!.name}" is used twice`,
        params: { hint: 'give each stream its own name' },
      });
    }
    for (const issue of checkStageReferences(w)) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { hint: issue.hint } });
    }
    let placed = 0;
    for (const [i, s] of w.streams.entries()) {
      placed += placedKeyCount(s.partitionKeys);
      if (placed <= MAX_WORKLOAD_PLACED_KEYS) continue;
      ctx.addIssue({
        code: 'custom',
        path: ['streams', i, 'partitionKeys'],
        message: `with this stream the workload places ${placed.toLocaleString('en-US')} partition keys one by one, more than the ${MAX_WORKLOAD_PLACED_KEYS.toLocaleString('en-US')} a plan places (each is hashed and kept in memory)`,
        params: {
          hint: 'lower partitionKeys.distinct (more than 65,536 equally loaded keys are spread evenly, not placed), shorten keys lists and patterns, or plan some streams in another file',
        },
      });
      break;
    }
  })
  .describe('A kinesis-plan workload: streams, delivery stages and budget.');

/** A validated workload, values in base units. */
export type Workload = z.output<typeof workloadSchema>;
/** A workload as written in the file. */
export type WorkloadInput = z.input<typeof workloadSchema>;
export type Stream = Workload['streams'][number];
export type Consumer = Stream['consumers'][number];
export type Budget = z.output<typeof budgetSchema>;
export type Settings = Workload['settings'];

/** The JSON Schema of the workload file (what a user writes). */
export function workloadJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(workloadSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://kinesis-plan.dev/schema/workload-v1.json',
    title: 'kinesis-plan workload',
  };
}
