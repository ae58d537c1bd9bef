import {
  FLINK_MAX_PARALLELISM_PER_KPU,
  MAX_SHARDS_PER_STREAM,
  RETENTION_MAX_HOURS,
  RETENTION_MIN_HOURS,
} from '../limits.js';
import { stageBufferRange } from '../workload/stages-schema.js';
import {
  resolveStreamRef,
  type Declared,
  type DeclaredResource,
  type DeclaredStream,
  type IacFile,
} from './declared.js';

/** A workload skeleton: the plain object to write as YAML, and the fields left for the user to fill in. */
export interface WorkloadSkeleton {
  workload: Record<string, unknown>;
  /** Paths of the fields left empty (null) for the user, each with what to put there. */
  fillIn: { path: (string | number)[]; what: string }[];
  /** Declarations left out of the skeleton, with why (a destination kinesis-plan does not model, …). */
  skipped: { resource: string; why: string }[];
}

const known = <T>(v: Declared<T> | undefined): T | undefined => (v?.isKnown === true ? v.value : undefined);

/** A name the workload accepts (letters, digits, `_`, `.`, `-`; at most 128 characters). */
function workloadName(text: string): string {
  return (
    text
      .replace(/[^a-zA-Z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 128) || 'unnamed'
  );
}

function nameOf(r: DeclaredResource): string {
  return workloadName(known(r.name) ?? r.localName);
}

/** The Region a file's Kinesis ARNs name, when one does. */
function regionOf(files: readonly IacFile[]): string | undefined {
  return files.find((f) => f.region !== undefined)?.region;
}

/**
 * A workload from what the infrastructure declares: streams with their mode, shards, retention and maximum record
 * size; EFO consumers and Lambda event source mappings as consumers; Firehose and Flink stages with their settings.
 * Traffic (record sizes and rates) is never declared by infrastructure: those fields are left empty and listed in
 * `fillIn`, as is anything the files leave unknown that the workload needs.
 */
export function workloadSkeleton(
  files: readonly IacFile[],
  options: { name: string; region?: string | undefined },
): WorkloadSkeleton {
  const all = files.flatMap((f) => f.resources);
  const declaredStreams = all.filter((r): r is DeclaredStream => r.kind === 'stream');
  const fillIn: WorkloadSkeleton['fillIn'] = [];
  const skipped: WorkloadSkeleton['skipped'] = [];
  const region = options.region ?? regionOf(files);
  const workload: Record<string, unknown> = {
    version: 1,
    name: workloadName(options.name),
    region: region ?? null,
  };
  if (region === undefined)
    fillIn.push({ path: ['region'], what: 'the AWS Region the infrastructure deploys to, e.g. us-east-1' });

  const streamNames = new Map<DeclaredStream, string>();
  workload.streams = declaredStreams.map((d, i) => {
    const name = nameOf(d);
    streamNames.set(d, name);
    const s: Record<string, unknown> = { name, iac: d.id };
    const mode = d.mode === undefined ? 'provisioned' : known(d.mode);
    if (mode !== undefined) s.capacityMode = mode;
    const shards = known(d.shards);
    if (
      mode === 'provisioned' &&
      shards !== undefined &&
      Number.isInteger(shards) &&
      shards >= 1 &&
      shards <= MAX_SHARDS_PER_STREAM
    )
      s.shards = shards;
    const hours = known(d.retentionHours);
    if (hours !== undefined && hours >= RETENTION_MIN_HOURS && hours <= RETENTION_MAX_HOURS)
      s.retention = `${hours}h`;
    const kib = known(d.maxRecordSizeKiB);
    if (kib !== undefined) s.maxRecordSize = `${kib} KiB`;
    s.records = { size: null, rate: null };
    fillIn.push(
      { path: ['streams', i, 'records', 'size'], what: 'average record payload, e.g. 1 KiB' },
      {
        path: ['streams', i, 'records', 'rate'],
        what: 'average records per second, e.g. 500/s; add peak: (e.g. 3x) for bursts',
      },
    );
    const consumers: Record<string, unknown>[] = [];
    for (const c of all) {
      if (
        (c.kind === 'efo-consumer' || c.kind === 'lambda-esm') &&
        resolveStreamRef(c.stream, declaredStreams) === d
      ) {
        // A function named by `!Ref Fn` is named after its resource: the name AWS gives it is known only at deployment.
        const refName =
          c.kind === 'lambda-esm' && c.functionName?.isKnown === false
            ? /^from !Ref (\S+)$/.exec(c.functionName.why)?.[1]
            : undefined;
        const consumerName =
          c.kind === 'lambda-esm' ? workloadName(known(c.functionName) ?? refName ?? c.localName) : nameOf(c);
        if (!consumers.some((x) => x.name === consumerName))
          consumers.push({ name: consumerName, type: c.kind === 'efo-consumer' ? 'efo' : 'lambda' });
      }
    }
    if (consumers.length > 0) s.consumers = consumers;
    return s;
  });

  const firehose: Record<string, unknown>[] = [];
  for (const d of all) {
    if (d.kind !== 'firehose') continue;
    if (d.destination === undefined || 'other' in d.destination) {
      skipped.push({
        resource: d.id,
        why: `destination ${d.destination ? d.destination.other : 'not declared'} is not one kinesis-plan models`,
      });
      continue;
    }
    const j = firehose.length;
    const f: Record<string, unknown> = { name: nameOf(d), iac: d.id };
    if (d.source.kind === 'direct-put') {
      f.source = { directPut: { size: null, rate: null } };
      fillIn.push(
        {
          path: ['firehose', j, 'source', 'directPut', 'size'],
          what: 'average record size put directly, e.g. 1 KiB',
        },
        {
          path: ['firehose', j, 'source', 'directPut', 'rate'],
          what: 'records per second put directly, e.g. 500/s',
        },
      );
    } else {
      const s = resolveStreamRef(d.source, declaredStreams);
      f.source = { stream: s ? streamNames.get(s)! : null };
      if (!s)
        fillIn.push({
          path: ['firehose', j, 'source', 'stream'],
          what: 'the name of the stream it reads (not among the files given)',
        });
    }
    f.destination = d.destination.known;
    const conversion = known(d.formatConversion);
    if (conversion !== undefined && conversion !== 'none') f.formatConversion = conversion;
    if (known(d.dynamicPartitioning) === true) {
      f.dynamicPartitioning = { activePartitions: null };
      fillIn.push({
        path: ['firehose', j, 'dynamicPartitioning', 'activePartitions'],
        what: 'partitions active at the same time, e.g. 24',
      });
    }
    const range = stageBufferRange({
      destination: d.destination.known,
      formatConversion: conversion,
      dynamicPartitioning: f.dynamicPartitioning,
    });
    const size = known(d.bufferSizeMiB);
    const interval = known(d.bufferIntervalSec);
    const buffer: Record<string, unknown> = {};
    if (size !== undefined && Number.isInteger(size) && size >= range.minSizeMiB && size <= range.maxSizeMiB)
      buffer.size = `${size} MiB`;
    if (
      interval !== undefined &&
      Number.isInteger(interval) &&
      interval >= range.minIntervalSec &&
      interval <= range.maxIntervalSec
    )
      buffer.interval = `${interval}s`;
    if (Object.keys(buffer).length > 0) f.buffer = buffer;
    if (d.lambda) {
      const lambda: Record<string, unknown> = {};
      const lsize = known(d.lambda.bufferSizeMiB);
      const linterval = known(d.lambda.bufferIntervalSec);
      if (lsize !== undefined) lambda.bufferSize = `${lsize} MiB`;
      if (linterval !== undefined) lambda.bufferInterval = `${linterval}s`;
      f.lambda = lambda;
    }
    firehose.push(f);
  }
  if (firehose.length > 0) workload.firehose = firehose;

  const flink: Record<string, unknown>[] = [];
  for (const d of all) {
    if (d.kind !== 'flink') continue;
    const k = flink.length;
    const only = declaredStreams.length === 1 ? streamNames.get(declaredStreams[0]!) : undefined;
    const f: Record<string, unknown> = { name: nameOf(d), iac: d.id, source: { stream: only ?? null } };
    // The application's source stream lives in its code or runtime properties, not in the infrastructure.
    fillIn.push({
      path: ['flink', k, 'source', 'stream'],
      what:
        only !== undefined ? 'check: the stream the application reads' : 'the stream the application reads',
    });
    const p = known(d.configurationType) === 'CUSTOM' ? known(d.parallelism) : undefined;
    const perKpu = known(d.parallelismPerKpu);
    if (p !== undefined && Number.isInteger(p) && p >= 1) {
      f.parallelism = p;
      if (
        perKpu !== undefined &&
        Number.isInteger(perKpu) &&
        perKpu >= 1 &&
        perKpu <= FLINK_MAX_PARALLELISM_PER_KPU
      )
        f.parallelismPerKpu = perKpu;
    } else {
      f.throughputPerKpu = null;
      fillIn.push({
        path: ['flink', k, 'throughputPerKpu'],
        what: 'throughput one KPU sustains for this application, e.g. 2 MiB/s',
      });
    }
    flink.push(f);
  }
  if (flink.length > 0) workload.flink = flink;
  return { workload, fillIn, skipped };
}
