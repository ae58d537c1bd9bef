import { z } from 'zod';
import {
  FIREHOSE_BUFFER_HINTS,
  FIREHOSE_COLUMNAR_MIN_SIZE_MIB,
  FIREHOSE_DESTINATIONS,
  FIREHOSE_LAMBDA_BUFFER_MAX_MIB,
  FIREHOSE_LAMBDA_BUFFER_MIN_MIB,
  FIREHOSE_MAX_RECORD_BYTES,
  FIREHOSE_GET_RECORDS_INTERVAL_SEC,
  FLINK_MAX_PARALLELISM,
  FLINK_MAX_PARALLELISM_PER_KPU,
  FLINK_POLL_INTERVAL_DEFAULT_SEC,
  LAMBDA_MAX_TIMEOUT_SEC,
  MAX_STREAM_RECORDS_PER_SEC,
  MAX_STREAM_WRITE_BYTES_PER_SEC,
  SHARD_ITERATOR_LIFETIME_SEC,
  type FirehoseDestination,
  type FirehoseBufferHintRange,
} from '../limits.js';
import { bytes, byteRate, count, duration, growth, iacField, percent, recordRate } from './fields.js';
import { MAX_COUNT, MAX_DELIVERY_LATENCY_SEC, MAX_GROWTH_PER_MONTH, MAX_HORIZON_SEC, MAX_STORED_BYTES } from './bounds.js';
import { formatBytes, formatRecordRate } from './format.js';
import { repeatedNameIndices } from './names.js';
import { MiB } from '../vocab/units.js';

/**
 * Delivery stages: Firehose streams and Managed Service for Apache Flink applications (top-level `firehose:` and
 * `flink:` lists). Checks that need only one stage live here; checks that need the whole workload (a source stream
 * that does not exist) are in `checkStageReferences` in src/plan/firehose.ts.
 */

/** The largest buffer any destination takes, and so the largest object a buffer makes (10× after conversion at most). */
const MAX_BUFFER_MIB = Math.max(...Object.values(FIREHOSE_BUFFER_HINTS).map((h) => h.maxSizeMiB));
const MAX_BUFFER_INTERVAL_SEC = Math.max(...Object.values(FIREHOSE_BUFFER_HINTS).map((h) => h.maxIntervalSec));
const MAX_OUTPUT_RATIO = 10;
/** Direct PUT: Firehose publishes no hard maximum (its quotas can be raised); a stage takes at most what a stream does. */
const DIRECT_PUT_RATE = { min: 0, exclusiveMin: true, max: MAX_STREAM_RECORDS_PER_SEC, showMax: formatRecordRate } as const;

const stageName = (what: string) =>
  z
    .string()
    .min(1, `${what} name must not be empty`)
    .max(128)
    .regex(/^[a-zA-Z0-9_.-]+$/, `${what} names use letters, digits, "_", "." and "-" only`)
    .describe(`Name of the ${what}.`);

export const FIREHOSE_COMPRESSIONS = ['none', 'gzip', 'zip', 'snappy', 'hadoop-snappy'] as const;
export const FORMAT_CONVERSIONS = ['none', 'parquet', 'orc'] as const;
export const FLINK_SOURCE_TYPES = ['polling', 'efo'] as const;

const directPutSchema = z
  .strictObject({
    size: bytes('Average record size sent with PutRecord/PutRecordBatch.', {
      min: 0,
      exclusiveMin: true,
      max: FIREHOSE_MAX_RECORD_BYTES,
      show: formatBytes,
      examples: ['200 B', '2 KiB'],
    }),
    rate: recordRate('Average rate in records per second.', DIRECT_PUT_RATE),
    peak: recordRate('Peak rate in records per second. Default: the average.', DIRECT_PUT_RATE).optional(),
    growth: growth('Compound traffic growth per month, e.g. 5%/month.', { min: 0, max: MAX_GROWTH_PER_MONTH }).optional(),
    horizon: duration('Planning horizon for growth. Default: 365d.', { min: 0, max: MAX_HORIZON_SEC, examples: ['365d'] }).optional(),
  })
  .describe('Records written straight to Firehose (Direct PUT).');

const firehoseSourceSchema = z
  .strictObject({
    stream: z.string().min(1).optional().describe('Name of a stream in this file that Firehose reads (Kinesis source).'),
    directPut: directPutSchema.optional(),
  })
  .describe('Where the records come from: `stream: <name>` or `directPut: { size, rate }`.');

const bufferSchema = z
  .strictObject({
    size: bytes('Buffer size hint, in whole MiB (the API\'s SizeInMBs), e.g. 64 MiB.', {
      min: 0,
      exclusiveMin: true,
      max: MAX_BUFFER_MIB * MiB,
      isMaxCheckedElsewhere: true,
      show: formatBytes,
      examples: ['5 MiB', '64 MiB', '128 MiB'],
    }).optional(),
    interval: duration('Buffer interval hint in whole seconds, e.g. 300s.', {
      min: 0,
      max: MAX_BUFFER_INTERVAL_SEC,
      isMaxCheckedElsewhere: true,
      examples: ['60s', '300s', '15min'],
    }).optional(),
  })
  .describe('Your own buffering hints. Omit to get a recommendation; a missing one takes the destination default.');

const targetSchema = z
  .strictObject({
    maxLatency: duration('Longest acceptable time from arrival to delivery (buffering only).', {
      min: 0,
      exclusiveMin: true,
      max: MAX_DELIVERY_LATENCY_SEC,
      examples: ['60s', '5min', '15min'],
    }).optional(),
    objectSize: bytes('Object (batch) size you want delivered, after compression or conversion.', {
      min: 0,
      exclusiveMin: true,
      max: MAX_BUFFER_MIB * MiB * MAX_OUTPUT_RATIO,
      show: formatBytes,
      examples: ['64 MiB', '128 MiB'],
    }).optional(),
  })
  .describe('What you want from the buffer: a latency ceiling and/or an object size.');

const lambdaSchema = z
  .strictObject({
    bufferSize: bytes('Lambda processor buffer (BufferSizeInMBs, 0.2–3 MiB). Default 1 MiB (256 KiB for Splunk).', {
      min: FIREHOSE_LAMBDA_BUFFER_MIN_MIB * MiB,
      max: FIREHOSE_LAMBDA_BUFFER_MAX_MIB * MiB,
      show: formatBytes,
      examples: ['1 MiB', '3 MiB'],
    }).optional(),
    bufferInterval: duration('Lambda processor buffer interval (BufferIntervalInSeconds). Default 60s.', {
      min: 0,
      max: 900,
      examples: ['60s'],
    }).optional(),
    duration: duration('Typical run time of one invocation, to check the outstanding-invocation limit.', {
      min: 0,
      exclusiveMin: true,
      max: LAMBDA_MAX_TIMEOUT_SEC,
      examples: ['500ms', '2s'],
    }).optional(),
    outputRatio: percent('Size of the transformed data as a share of its input, e.g. 80%. Default 100%.', {
      min: 0,
      exclusiveMin: true,
      max: MAX_OUTPUT_RATIO,
      examples: ['80%', '150%'],
    }).default(1),
  })
  .describe('Lambda transformation of each record before buffering.');

const dynamicPartitioningSchema = z
  .strictObject({
    activePartitions: count('Partitions (distinct S3 prefixes) active at the same time; traffic is taken as spread evenly.', {
      min: 1,
      // Above the 5,000 Firehose allows on request, the plan reports FIREHOSE_PARTITIONS_ABOVE_MAX.
      max: MAX_COUNT,
      examples: [24, 500],
    }),
    jq: z
      .boolean()
      .default(false)
      .describe('Whether the partition keys are read from the records with JQ expressions (inline parsing), billed per JQ processing hour.'),
    jqHoursPerMonth: z
      .number()
      .nonnegative()
      .max(1_000_000)
      .optional()
      .describe('JQ processing hours a month, as AWS meters them (the Firehose console shows them). Default: settings.jqHoursPerMonth.'),
  })
  .superRefine((d, ctx) => {
    if (d.jqHoursPerMonth !== undefined && !d.jq) {
      ctx.addIssue({
        code: 'custom',
        path: ['jqHoursPerMonth'],
        message: 'jqHoursPerMonth is the time JQ runs, but jq is not set',
        params: { hint: 'add jq: true if the partition keys are parsed with JQ, or remove jqHoursPerMonth' },
      });
    }
  })
  .describe('Dynamic partitioning: one buffer, and so one object stream, per active partition.');

const vpcSchema = z
  .strictObject({
    availabilityZones: count('Availability Zones (subnets) Firehose delivers through; billed per AZ-hour.', {
      min: 1,
      max: 6,
      examples: [2, 3],
    }),
  })
  .describe('Delivery to a destination inside a VPC.');

/** The buffering-hint ranges that apply to a stage: the destination's, with the 64 MiB floor for Parquet/ORC or partitioning. */
export function stageBufferRange(stage: {
  destination: FirehoseDestination;
  formatConversion?: (typeof FORMAT_CONVERSIONS)[number] | undefined;
  dynamicPartitioning?: unknown;
}): FirehoseBufferHintRange & { columnarReason: 'parquet' | 'orc' | 'dynamic partitioning' | undefined } {
  const base = FIREHOSE_BUFFER_HINTS[stage.destination];
  const conversion = stage.formatConversion !== undefined && stage.formatConversion !== 'none' ? stage.formatConversion : undefined;
  const reason = conversion ?? (stage.dynamicPartitioning !== undefined ? ('dynamic partitioning' as const) : undefined);
  if (reason === undefined) return { ...base, columnarReason: undefined };
  return {
    ...base,
    minSizeMiB: Math.max(base.minSizeMiB, FIREHOSE_COLUMNAR_MIN_SIZE_MIB),
    defaultSizeMiB: conversion !== undefined ? 128 : Math.max(base.defaultSizeMiB, FIREHOSE_COLUMNAR_MIN_SIZE_MIB),
    columnarReason: reason,
  };
}

const mib = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(2)} MiB`;

/** A Firehose delivery stage (top-level `firehose:` list). */
export const firehoseSchema = z
  .strictObject({
    name: stageName('Firehose stream'),
    iac: iacField('Firehose stream'),
    source: firehoseSourceSchema,
    destination: z
      .enum(FIREHOSE_DESTINATIONS)
      .describe('s3, redshift (through S3), opensearch, http (HTTP endpoint), splunk or snowflake.'),
    formatConversion: z
      .enum(FORMAT_CONVERSIONS)
      .default('none')
      .describe('Record format conversion from JSON: parquet or orc (S3 only; buffer at least 64 MiB).'),
    compression: z
      .enum(FIREHOSE_COMPRESSIONS)
      .default('none')
      .describe('S3 object compression. Must stay none with format conversion (Parquet/ORC compress internally).'),
    outputRatio: percent('Delivered object size as a share of the buffered bytes (compression, Parquet/ORC encoding). Default 100%.', {
      min: 0,
      exclusiveMin: true,
      max: MAX_OUTPUT_RATIO,
      examples: ['30%', '100%'],
    }).default(1),
    dynamicPartitioning: dynamicPartitioningSchema.optional(),
    lambda: lambdaSchema.optional(),
    vpc: vpcSchema.optional(),
    buffer: bufferSchema.optional(),
    target: targetSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const hasStream = s.source.stream !== undefined;
    const hasPut = s.source.directPut !== undefined;
    if (hasStream === hasPut) {
      ctx.addIssue({
        code: 'custom',
        path: ['source'],
        message: hasStream ? 'give either stream or directPut as the source, not both' : 'a Firehose stage needs a source',
        params: { hint: 'write `source: { stream: <stream name> }`, or `source: { directPut: { size: 1 KiB, rate: 500/s } }`' },
      });
    }
    const conversion = s.formatConversion !== 'none';
    if (conversion && s.destination !== 's3') {
      ctx.addIssue({
        code: 'custom',
        path: ['formatConversion'],
        message: `format conversion to ${s.formatConversion} works only with the s3 destination, not ${s.destination}`,
        params: { hint: 'set destination: s3, or remove formatConversion' },
      });
    }
    if (conversion && s.compression !== 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['compression'],
        message: `compression must be none with ${s.formatConversion} conversion`,
        params: { hint: `${s.formatConversion} compresses inside the file (Snappy by default); remove compression` },
      });
    }
    if (s.dynamicPartitioning !== undefined && s.destination !== 's3') {
      ctx.addIssue({
        code: 'custom',
        path: ['dynamicPartitioning'],
        message: `dynamic partitioning works only with the s3 destination, not ${s.destination}`,
        params: { hint: 'set destination: s3, or remove dynamicPartitioning' },
      });
    }
    const range = stageBufferRange(s);
    const size = s.buffer?.size;
    if (size !== undefined) {
      const sizeMiB = size / MiB;
      if (!Number.isInteger(sizeMiB)) {
        // Someone who wrote "64 MB" most likely meant the API's 64, which is MiB.
        const meant = size % 1e6 === 0 ? size / 1e6 : Math.round(sizeMiB);
        ctx.addIssue({
          code: 'custom',
          path: ['buffer', 'size'],
          message: `buffer sizes are whole MiB (the API's SizeInMBs), got ${size} bytes = ${mib(sizeMiB)}`,
          params: { hint: `write e.g. ${Math.max(range.minSizeMiB, Math.min(range.maxSizeMiB, meant))} MiB (1 MiB = 1,048,576 bytes)` },
        });
      } else if (sizeMiB < range.minSizeMiB || sizeMiB > range.maxSizeMiB) {
        const why =
          range.columnarReason !== undefined && sizeMiB < range.minSizeMiB
            ? `${range.columnarReason === 'dynamic partitioning' ? 'dynamic partitioning' : `${range.columnarReason === 'parquet' ? 'Parquet' : 'ORC'} conversion`} needs a buffer of at least ${range.minSizeMiB} MiB`
            : `the ${s.destination} destination accepts buffer sizes of ${range.minSizeMiB}–${range.maxSizeMiB} MiB`;
        ctx.addIssue({
          code: 'custom',
          path: ['buffer', 'size'],
          message: `${why}, got ${mib(sizeMiB)}`,
          params: { hint: `set buffer.size between ${range.minSizeMiB} MiB and ${range.maxSizeMiB} MiB, or remove it to get a recommendation` },
        });
      }
    }
    const interval = s.buffer?.interval;
    if (interval !== undefined) {
      if (!Number.isInteger(interval)) {
        ctx.addIssue({
          code: 'custom',
          path: ['buffer', 'interval'],
          message: `buffer intervals are whole seconds, got ${interval}s`,
          params: { hint: `write e.g. ${Math.min(range.maxIntervalSec, Math.round(interval))}s` },
        });
      } else if (interval < range.minIntervalSec || interval > range.maxIntervalSec) {
        ctx.addIssue({
          code: 'custom',
          path: ['buffer', 'interval'],
          message: `the ${s.destination} destination accepts buffer intervals of ${range.minIntervalSec}–${range.maxIntervalSec} s, got ${interval}s`,
          params: { hint: `set buffer.interval between ${range.minIntervalSec}s and ${range.maxIntervalSec}s, or remove it to get a recommendation` },
        });
      }
    }
    if (s.buffer?.size !== undefined && s.target?.objectSize !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['target', 'objectSize'],
        message: 'target.objectSize asks for a recommended buffer size, but buffer.size sets one',
        params: { hint: 'remove buffer.size to get a recommendation for the object size, or remove target.objectSize' },
      });
    }
  })
  .describe('An Amazon Data Firehose stage.');

const flinkSourceSchema = z
  .strictObject({
    stream: z.string().min(1).describe('Name of the stream in this file that the application reads.'),
    type: z
      .enum(FLINK_SOURCE_TYPES)
      .default('polling')
      .describe('polling (GetRecords, shares the 2 MiB/s and 5 calls/s per shard) or efo (enhanced fan-out).'),
    pollInterval: duration('Time between GetRecords calls per shard (polling). Default 200ms, the connector default.', {
      min: 0.001,
      max: SHARD_ITERATOR_LIFETIME_SEC,
      examples: ['200ms', '1s'],
    }).optional(),
  })
  .describe('The Kinesis stream the application reads.');

/** A Managed Service for Apache Flink stage (top-level `flink:` list). */
export const flinkSchema = z
  .strictObject({
    name: stageName('Flink application'),
    iac: iacField('Flink application'),
    source: flinkSourceSchema,
    kpus: count('KPUs for the application, without the orchestration KPU that is always added.', {
      min: 1,
      max: FLINK_MAX_PARALLELISM,
      examples: [2, 4],
    }).optional(),
    parallelism: count('Application parallelism; KPUs = ceil(parallelism / parallelismPerKpu).', {
      min: 1,
      max: FLINK_MAX_PARALLELISM,
      examples: [4, 8],
    }).optional(),
    parallelismPerKpu: count('Parallel tasks per KPU (1–8). Default 1.', {
      min: 1,
      max: FLINK_MAX_PARALLELISM_PER_KPU,
      examples: [1, 4],
    }).optional(),
    throughputPerKpu: byteRate('Throughput one KPU sustains for this application, as you measured it, e.g. 2 MiB/s.', {
      min: 1,
      max: MAX_STREAM_WRITE_BYTES_PER_SEC,
      examples: ['1 MiB/s', '4 MiB/s'],
    }).optional(),
    backups: bytes('Durable application backups (snapshots) kept, billed per GB-month.', {
      min: 0,
      max: MAX_STORED_BYTES,
      show: formatBytes,
      examples: ['0', '20 GiB'],
    }).default(0),
  })
  .superRefine((f, ctx) => {
    if (f.kpus !== undefined && f.parallelism !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['parallelism'],
        message: 'give either kpus or parallelism, not both',
        params: { hint: 'KPUs follow from parallelism / parallelismPerKpu; keep one of them' },
      });
    }
    if (f.kpus === undefined && f.parallelism === undefined && f.throughputPerKpu === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['kpus'],
        message: 'a Flink stage needs kpus, parallelism or throughputPerKpu',
        params: { hint: 'add kpus: 2, or parallelism: 4, or the throughput one KPU sustains, e.g. throughputPerKpu: 2 MiB/s' },
      });
    }
    if (f.parallelismPerKpu !== undefined && f.parallelism === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['parallelismPerKpu'],
        message: 'parallelismPerKpu needs parallelism',
        params: { hint: 'add parallelism, or remove parallelismPerKpu' },
      });
    }
    if (f.source.type === 'efo' && f.source.pollInterval !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['source', 'pollInterval'],
        message: 'an enhanced fan-out source does not poll',
        params: { hint: 'remove pollInterval, or use type: polling' },
      });
    }
  })
  .describe('A Managed Service for Apache Flink application.');

export type FirehoseStage = z.output<typeof firehoseSchema>;
export type FlinkStage = z.output<typeof flinkSchema>;

/** The parts of a workload that the stage checks read (structural, so schema.ts can call them from its refinement). */
export interface StagesView {
  streams: readonly { name: string }[];
  firehose: readonly FirehoseStage[];
  flink: readonly FlinkStage[];
}

export interface StageReferenceIssue {
  path: (string | number)[];
  message: string;
  hint: string;
}

/** Checks that need the whole workload: source streams that exist, and stage names used once. */
export function checkStageReferences(w: StagesView): StageReferenceIssue[] {
  const issues: StageReferenceIssue[] = [];
  const names = w.streams.map((s) => s.name);
  const known = new Set(names);
  const listed = names.length > 0 ? `streams in this file: ${names.join(', ')}` : 'add the stream under `streams:`';
  const checkSource = (list: 'firehose' | 'flink', i: number, stream: string | undefined) => {
    if (stream !== undefined && !known.has(stream)) {
      issues.push({ path: [list, i, 'source', 'stream'], message: `unknown stream "${stream}"`, hint: listed });
    }
  };
  const checkNames = (list: 'firehose' | 'flink', stageNames: readonly string[]) => {
    for (const i of repeatedNameIndices(stageNames)) {
      issues.push({
        path: [list, i, 'name'],
        message: `${list === 'firehose' ? 'Firehose stream' : 'Flink application'} name "${stageNames[i]!}" is used twice`,
        hint: 'give each stage its own name',
      });
    }
  };
  w.firehose.forEach((f, i) => checkSource('firehose', i, f.source.stream));
  w.flink.forEach((f, i) => checkSource('flink', i, f.source.stream));
  checkNames('firehose', w.firehose.map((f) => f.name));
  checkNames('flink', w.flink.map((f) => f.name));
  return issues;
}

export interface StageConsumer {
  name: string;
  type: 'polling' | 'efo';
  /** Seconds between GetRecords calls per shard; 0 for efo, which does not poll. */
  pollIntervalSec: number;
}

/**
 * The stages that read a stream, as consumers of it: a Firehose stage polls once per second per shard; a Flink
 * application polls every `pollInterval` (200 ms by default) or reads by enhanced fan-out.
 */
export function stageConsumers(w: StagesView, streamName: string): StageConsumer[] {
  const out: StageConsumer[] = [];
  for (const f of w.firehose) {
    if (f.source.stream === streamName) out.push({ name: f.name, type: 'polling', pollIntervalSec: FIREHOSE_GET_RECORDS_INTERVAL_SEC });
  }
  for (const f of w.flink) {
    if (f.source.stream !== streamName) continue;
    out.push(
      f.source.type === 'efo'
        ? { name: f.name, type: 'efo', pollIntervalSec: 0 }
        : { name: f.name, type: 'polling', pollIntervalSec: f.source.pollInterval ?? FLINK_POLL_INTERVAL_DEFAULT_SEC },
    );
  }
  return out;
}
