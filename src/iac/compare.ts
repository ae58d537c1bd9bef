import {
  FLINK_MAX_PARALLELISM_PER_KPU,
  LAMBDA_ESM_KINESIS_LIMITS,
  MAX_SHARDS_PER_STREAM,
  RETENTION_MAX_HOURS,
  RETENTION_MIN_HOURS,
} from '../limits.js';
import type { Pricing } from '../pricing/schema.js';
import { planWorkload, type Plan, type PlanOptions } from '../plan/index.js';
import type { CostMode } from '../vocab/capacity-modes.js';
import { fieldPath } from '../vocab/field-path.js';
import type { IacAt } from '../vocab/findings-iac.js';
import type { Finding } from '../vocab/findings.js';
import { MiB } from '../vocab/units.js';
import type { Workload } from '../workload/schema.js';
import { stageBufferRange } from '../workload/stages-schema.js';
import type {
  Declared,
  DeclaredFirehose,
  DeclaredFlink,
  DeclaredResource,
  DeclaredStream,
  IacFile,
} from './declared.js';
import { matchIac, type IacMatches } from './match.js';

/** One figure of a declaration beside what the workload needs: a number or word, null when not known or not set. */
export interface IacFigure {
  figure:
    | 'shards'
    | 'capacity mode'
    | 'retention hours'
    | 'buffer MiB'
    | 'buffer interval s'
    | 'format conversion'
    | 'KPUs'
    | 'parallelism';
  declared: number | string | null;
  /** Why the declared value is not known (a variable, a parameter, known after apply). */
  whyUnknown: string | undefined;
  needed: number | string | null;
}

/** A workload part and the resource that declares it, figure by figure. */
export interface IacRow {
  part: 'stream' | 'firehose' | 'flink';
  name: string;
  at: IacAt;
  figures: IacFigure[];
}

/** The plan at the declared capacity, with the infrastructure's findings, and the figures side by side. */
export interface IacPlan {
  /** The workload planned at the capacity the infrastructure declares: its costs are the declared design's. */
  plan: Plan;
  /** The workload planned on its own: what it needs. */
  needed: Plan;
  matches: IacMatches;
  rows: IacRow[];
}

const at = (r: DeclaredResource, v?: Declared<unknown>): IacAt => ({
  file: r.file,
  line: v?.line ?? r.line,
  resource: r.id,
});
const known = <T>(v: Declared<T> | undefined): T | undefined => (v?.isKnown === true ? v.value : undefined);
const shown = <T extends number | string>(v: Declared<T> | undefined) => ({
  declared: v?.isKnown === true ? v.value : null,
  whyUnknown: v?.isKnown === false ? v.why : undefined,
});

/** The declared mode: absent means provisioned, the default of CloudFormation and the Terraform provider. */
function modeOf(d: DeclaredStream): 'provisioned' | 'on-demand' | undefined {
  return d.mode === undefined ? 'provisioned' : known(d.mode);
}

/** The workload with what the infrastructure declares in place of its own capacity settings, where known and valid. */
export function applyDeclared(w: Workload, m: IacMatches): Workload {
  const streams = w.streams.map((s, i) => {
    const d = m.streams[i];
    if (!d) return s;
    const out = { ...s };
    const mode = modeOf(d);
    const shards = known(d.shards);
    if (mode === 'on-demand') {
      out.capacityMode = s.capacityMode === 'on-demand-advantage' ? s.capacityMode : 'on-demand';
      out.shards = undefined;
    } else if (mode === 'provisioned') {
      out.capacityMode = 'provisioned';
      if (shards !== undefined && Number.isInteger(shards) && shards >= 1 && shards <= MAX_SHARDS_PER_STREAM)
        out.shards = shards;
    }
    const hours = known(d.retentionHours);
    if (hours !== undefined && hours >= RETENTION_MIN_HOURS && hours <= RETENTION_MAX_HOURS)
      out.retention = hours * 3600;
    return out;
  });
  const firehose = w.firehose.map((f, j) => {
    const d = m.firehose[j];
    if (!d) return f;
    const conversion = known(d.formatConversion) ?? f.formatConversion;
    const out = {
      ...f,
      formatConversion: conversion,
      compression: conversion !== 'none' ? ('none' as const) : f.compression,
    };
    const range = stageBufferRange(out);
    const size = known(d.bufferSizeMiB);
    const interval = known(d.bufferIntervalSec);
    const isSizeValid =
      size !== undefined && Number.isInteger(size) && size >= range.minSizeMiB && size <= range.maxSizeMiB;
    const isIntervalValid =
      interval !== undefined &&
      Number.isInteger(interval) &&
      interval >= range.minIntervalSec &&
      interval <= range.maxIntervalSec;
    if (isSizeValid || isIntervalValid) {
      out.buffer = {
        ...f.buffer,
        ...(isSizeValid ? { size: size * MiB } : {}),
        ...(isIntervalValid ? { interval } : {}),
      };
      if (isSizeValid && out.target?.objectSize !== undefined)
        out.target = { ...out.target, objectSize: undefined };
    }
    return out;
  });
  const flink = w.flink.map((f, k) => {
    const d = m.flink[k];
    const p = d && known(d.configurationType) === 'CUSTOM' ? known(d.parallelism) : undefined;
    if (!d || p === undefined || !Number.isInteger(p) || p < 1) return f;
    const perKpu = known(d.parallelismPerKpu) ?? 1;
    if (!(Number.isInteger(perKpu) && perKpu >= 1 && perKpu <= FLINK_MAX_PARALLELISM_PER_KPU)) return f;
    return { ...f, kpus: undefined, parallelism: p, parallelismPerKpu: perKpu };
  });
  return { ...w, streams, firehose, flink };
}

/** The planner's own existing-shard findings, which the infrastructure's findings replace for a declared count. */
const EXISTING_SHARD_CODES = new Set([
  'EXISTING_SHARDS_TOO_FEW',
  'EXISTING_SHARDS_OUTGROWN',
  'EXISTING_SHARDS_OVERPROVISIONED',
]);

function unknownFinding(
  r: DeclaredResource,
  path: string,
  setting: string,
  v: Declared<unknown> | undefined,
): Finding[] {
  return v?.isKnown === false
    ? [{ code: 'IAC_VALUE_UNKNOWN', severity: 'info', path, args: { ...at(r, v), setting, why: v.why } }]
    : [];
}

function compareStream(
  i: number,
  d: DeclaredStream,
  needed: Plan,
  declared: Plan,
  w: Workload,
  pricing: Pricing | undefined,
): { findings: Finding[]; row: IacRow } {
  const need = needed.streams[i]!;
  const path = need.path;
  const findings: Finding[] = [
    ...unknownFinding(d, path, 'capacity mode', d.mode),
    ...unknownFinding(d, path, 'retention', d.retentionHours),
  ];
  const mode = modeOf(d);
  const shards = known(d.shards);
  const required = need.shards.required;
  const horizon = need.shards.horizon;
  const peakNeed = Math.max(required, horizon.months > 0 ? horizon.required : 0);
  let isShort = false;
  if (mode === 'provisioned') {
    findings.push(...unknownFinding(d, path, 'shard count', d.shards));
    if (shards !== undefined && shards < required) {
      isShort = true;
      findings.push({
        code: 'IAC_SHARDS_TOO_FEW',
        severity: 'error',
        path,
        args: { ...at(d, d.shards), declared: shards, required },
      });
    } else if (shards !== undefined && shards < peakNeed) {
      findings.push({
        code: 'IAC_SHARDS_OUTGROWN',
        severity: 'warning',
        path,
        args: { ...at(d, d.shards), declared: shards, horizonRequired: peakNeed, months: horizon.months },
      });
    } else if (shards !== undefined && shards > peakNeed) {
      const shardHour = pricing?.kinesis.provisioned.shardHour.usd;
      const excess = shards - peakNeed;
      findings.push({
        code: 'IAC_SHARDS_OVERPROVISIONED',
        severity: 'warning',
        path,
        args: {
          ...at(d, d.shards),
          declared: shards,
          needed: peakNeed,
          ...(shardHour !== undefined
            ? { excessMonthlyUsd: excess * shardHour * w.settings.monthHours }
            : {}),
        },
      });
    }
  }
  const declaredCost = declared.streams[i]!.cost;
  const neededCost = need.cost;
  if (!isShort && declaredCost && neededCost && mode !== undefined) {
    const declaredMode: CostMode = declaredCost.planned.mode;
    const cheaperMode: CostMode = mode === 'provisioned' ? 'on-demand' : 'provisioned';
    const cheaper =
      mode === 'provisioned' ? neededCost.onDemand.monthlyUsd : neededCost.provisioned.monthlyUsd;
    const mine = declaredCost.planned.monthlyUsd;
    // A cent's difference is noise; a mode is called costlier when the other saves at least 1% of its bill.
    if (declaredMode !== 'on-demand-advantage' && cheaper < mine * 0.99) {
      findings.push({
        code: 'IAC_MODE_COSTLIER',
        severity: 'info',
        path,
        args: {
          ...at(d, d.mode),
          declaredMode,
          declaredMonthlyUsd: mine,
          cheaperMode,
          cheaperMonthlyUsd: cheaper,
        },
      });
    }
  }
  const kib = known(d.maxRecordSizeKiB);
  const s = w.streams[i]!;
  const recordBytes = (s.records.maxSize ?? s.records.size) + s.partitionKeys.length;
  if (kib !== undefined && kib * 1024 < recordBytes) {
    findings.push({
      code: 'IAC_MAX_RECORD_SIZE_TOO_SMALL',
      severity: 'error',
      path,
      args: { ...at(d, d.maxRecordSizeKiB), declaredBytes: kib * 1024, recordBytes },
    });
  }
  const figures: IacFigure[] = [
    {
      figure: 'capacity mode',
      ...(d.mode === undefined ? { declared: 'provisioned', whyUnknown: undefined } : shown(d.mode)),
      needed: need.cost?.cheapest ?? null,
    },
    ...(mode !== 'on-demand' ? [{ figure: 'shards' as const, ...shown(d.shards), needed: required }] : []),
    { figure: 'retention hours', ...shown(d.retentionHours), needed: s.retention / 3600 },
  ];
  return { findings, row: { part: 'stream', name: s.name, at: at(d, d.shards), figures } };
}

function compareFirehose(
  j: number,
  d: DeclaredFirehose,
  declared: Plan,
  w: Workload,
): { findings: Finding[]; row: IacRow } {
  const f = w.firehose[j]!;
  const path = fieldPath(['firehose', j]);
  const findings: Finding[] = [
    ...unknownFinding(d, path, 'buffer size', d.bufferSizeMiB),
    ...unknownFinding(d, path, 'buffer interval', d.bufferIntervalSec),
    ...unknownFinding(d, path, 'format conversion', d.formatConversion),
  ];
  const conversion = known(d.formatConversion) ?? f.formatConversion;
  const range = stageBufferRange({
    destination: f.destination,
    formatConversion: conversion,
    dynamicPartitioning: known(d.dynamicPartitioning) === true ? {} : f.dynamicPartitioning,
  });
  const reason =
    range.columnarReason === 'parquet'
      ? 'Parquet conversion'
      : range.columnarReason === 'orc'
        ? 'ORC conversion'
        : (range.columnarReason ?? '');
  const size = known(d.bufferSizeMiB);
  if (size !== undefined && (!Number.isInteger(size) || size < range.minSizeMiB || size > range.maxSizeMiB)) {
    findings.push({
      code: 'IAC_FIREHOSE_BUFFER_REJECTED',
      severity: 'error',
      path,
      args: {
        ...at(d, d.bufferSizeMiB),
        setting: 'size',
        declared: size,
        min: range.minSizeMiB,
        max: range.maxSizeMiB,
        columnarReason: size < range.minSizeMiB ? reason : '',
      },
    });
  }
  const interval = known(d.bufferIntervalSec);
  if (
    interval !== undefined &&
    (!Number.isInteger(interval) || interval < range.minIntervalSec || interval > range.maxIntervalSec)
  ) {
    findings.push({
      code: 'IAC_FIREHOSE_BUFFER_REJECTED',
      severity: 'error',
      path,
      args: {
        ...at(d, d.bufferIntervalSec),
        setting: 'interval',
        declared: interval,
        min: range.minIntervalSec,
        max: range.maxIntervalSec,
        columnarReason: '',
      },
    });
  }
  const stage = declared.firehose[j]!;
  const maxLatencySec = f.target?.maxLatency;
  if (maxLatencySec !== undefined && stage.deliveryLatencySeconds > maxLatencySec) {
    findings.push({
      code: 'IAC_FIREHOSE_LATENCY_MISSED',
      severity: 'warning',
      path,
      args: {
        ...at(d, d.bufferIntervalSec),
        latencySec: stage.deliveryLatencySeconds,
        maxLatencySec,
        intervalSec: stage.buffer.intervalSeconds,
      },
    });
  }
  const figures: IacFigure[] = [
    { figure: 'buffer MiB', ...shown(d.bufferSizeMiB), needed: stage.recommendedBuffer.sizeMiB },
    {
      figure: 'buffer interval s',
      ...shown(d.bufferIntervalSec),
      needed: maxLatencySec ?? stage.recommendedBuffer.intervalSeconds,
    },
    { figure: 'format conversion', ...shown(d.formatConversion), needed: f.formatConversion },
  ];
  return { findings, row: { part: 'firehose', name: f.name, at: at(d, d.bufferSizeMiB), figures } };
}

function compareFlink(
  k: number,
  d: DeclaredFlink,
  needed: Plan,
  w: Workload,
): { findings: Finding[]; row: IacRow } {
  const path = fieldPath(['flink', k]);
  const findings: Finding[] = [
    ...unknownFinding(d, path, 'parallelism', d.parallelism),
    ...unknownFinding(d, path, 'parallelism per KPU', d.parallelismPerKpu),
  ];
  const isCustom = known(d.configurationType) === 'CUSTOM';
  const parallelism = isCustom ? known(d.parallelism) : undefined;
  const perKpu = isCustom ? (known(d.parallelismPerKpu) ?? 1) : undefined;
  if (
    perKpu !== undefined &&
    (perKpu < 1 || perKpu > FLINK_MAX_PARALLELISM_PER_KPU || !Number.isInteger(perKpu))
  ) {
    findings.push({
      code: 'IAC_FLINK_SETTING_REJECTED',
      severity: 'error',
      path,
      args: {
        ...at(d, d.parallelismPerKpu),
        setting: 'ParallelismPerKPU',
        declared: perKpu,
        min: 1,
        max: FLINK_MAX_PARALLELISM_PER_KPU,
      },
    });
  }
  const neededKpus = needed.flink[k]!.kpus;
  let declaredKpus: number | null = null;
  if (
    parallelism !== undefined &&
    perKpu !== undefined &&
    perKpu >= 1 &&
    perKpu <= FLINK_MAX_PARALLELISM_PER_KPU
  ) {
    // KPUs = ceil(Parallelism / ParallelismPerKPU) (kinesis-facts.md §3.4; src/limits.ts, Flink).
    declaredKpus = Math.ceil(parallelism / perKpu);
    if (declaredKpus < neededKpus) {
      const isAutoScaling = known(d.autoScaling) === true;
      findings.push({
        code: 'IAC_FLINK_TOO_FEW_KPUS',
        severity: isAutoScaling ? 'warning' : 'error',
        path,
        args: {
          ...at(d, d.parallelism),
          declaredKpus,
          neededKpus,
          parallelism,
          parallelismPerKpu: perKpu,
          isAutoScaling,
        },
      });
    }
  }
  const figures: IacFigure[] = [
    { figure: 'parallelism', ...shown(d.parallelism), needed: w.flink[k]!.parallelism ?? null },
    { figure: 'KPUs', declared: declaredKpus, whyUnknown: undefined, needed: neededKpus },
  ];
  return { findings, row: { part: 'flink', name: w.flink[k]!.name, at: at(d, d.parallelism), figures } };
}

const KIND_WORDS: Record<DeclaredResource['kind'], string> = {
  stream: 'stream',
  'efo-consumer': 'enhanced fan-out consumer',
  firehose: 'Firehose stream',
  flink: 'Flink application',
  'lambda-esm': 'Lambda event source mapping',
};

/**
 * Plans the workload twice, on its own (what it needs) and at the capacity the infrastructure files declare (what it
 * gets, and what that costs), and checks one against the other: too few shards or KPUs, settings AWS would reject, a
 * buffer that misses the latency target, capacity above the need with its monthly cost, a costlier capacity mode, and
 * resources on either side without a counterpart.
 */
export function planWithIac(w: Workload, files: readonly IacFile[], options: PlanOptions = {}): IacPlan {
  const matches = matchIac(w, files);
  const needed = planWorkload(w, options);
  const applied = applyDeclared(w, matches);
  const plan = planWorkload(applied, options);
  const findings: Finding[] = [];
  const rows: IacRow[] = [];
  const declaredShardPaths = new Set<string>();
  matches.streams.forEach((d, i) => {
    if (!d) {
      findings.push({
        code: 'IAC_NOT_DECLARED',
        severity: 'info',
        path: needed.streams[i]!.path,
        args: { kind: 'stream', name: w.streams[i]!.name },
      });
      return;
    }
    if (applied.streams[i]!.shards !== undefined && applied.streams[i]!.shards !== w.streams[i]!.shards)
      declaredShardPaths.add(needed.streams[i]!.path);
    const r = compareStream(i, d, needed, plan, w, options.pricing);
    findings.push(...r.findings);
    rows.push(r.row);
  });
  matches.firehose.forEach((d, j) => {
    if (!d) {
      findings.push({
        code: 'IAC_NOT_DECLARED',
        severity: 'info',
        path: fieldPath(['firehose', j]),
        args: { kind: 'firehose', name: w.firehose[j]!.name },
      });
      return;
    }
    const r = compareFirehose(j, d, plan, w);
    findings.push(...r.findings);
    rows.push(r.row);
  });
  matches.flink.forEach((d, k) => {
    if (!d) {
      findings.push({
        code: 'IAC_NOT_DECLARED',
        severity: 'info',
        path: fieldPath(['flink', k]),
        args: { kind: 'flink', name: w.flink[k]!.name },
      });
      return;
    }
    const r = compareFlink(k, d, needed, w);
    findings.push(...r.findings);
    rows.push(r.row);
  });
  for (const { resource: e, streamIndex } of matches.eventSources) {
    const path = streamIndex !== undefined ? needed.streams[streamIndex]!.path : '';
    const settings = [
      ['BatchSize', e.batchSize],
      ['ParallelizationFactor', e.parallelizationFactor],
      ['MaximumBatchingWindowInSeconds', e.batchWindowSec],
    ] as const;
    for (const [setting, v] of settings) {
      const value = known(v);
      const range = LAMBDA_ESM_KINESIS_LIMITS[setting];
      if (value !== undefined && (value < range.min || value > range.max)) {
        findings.push({
          code: 'IAC_EVENT_SOURCE_SETTING_REJECTED',
          severity: 'error',
          path,
          args: { ...at(e, v), setting, declared: value, min: range.min, max: range.max },
        });
      }
    }
  }
  for (const r of matches.unmatched) {
    findings.push({
      code: 'IAC_RESOURCE_NOT_IN_WORKLOAD',
      severity: 'info',
      path: '',
      args: { ...at(r), kind: KIND_WORDS[r.kind], name: known(r.name) ?? '' },
    });
  }
  const isOfDeclaredStream = (path: string) =>
    [...declaredShardPaths].some((p) => path === p || path.startsWith(`${p}.`));
  const keep = (f: Finding) => !(EXISTING_SHARD_CODES.has(f.code) && isOfDeclaredStream(f.path));
  const streams = plan.streams.map((s) => ({ ...s, findings: s.findings.filter(keep) }));
  return {
    plan: { ...plan, streams, findings: [...plan.findings.filter(keep), ...findings] },
    needed,
    matches,
    rows,
  };
}
