import { daysBetween, PRICES_STALE_AFTER_DAYS } from '../pricing/rates.js';
import type { Pricing } from '../pricing/schema.js';
import type { Settings, Stream, Workload } from '../workload/schema.js';
import { stageConsumers, type FirehoseStage } from '../workload/stages-schema.js';
import { compareModes, costStream, type CostComparison, type CostLine, type StreamCost } from './cost.js';
import type { CostMode } from '../vocab/capacity-modes.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import { combineInputErrors, InputError, InternalError } from '../errors.js';
import { directPutSource, planFirehose, streamSource, type FirehosePlan, type SourceTraffic, type StageCost } from './firehose.js';
import { planFlink, type FlinkPlan } from './flink.js';
import { aggregatedShape, planAggregation, type AggregationPlan } from './aggregation.js';
import {
  aggregatedLoadOf,
  MAX_PLAN_KEY_PLACEMENTS,
  planPartitionKeys,
  rawLoadOf,
  shardsForSkew,
  throttlingRisk,
  type PartitionKeysPlan,
  type SkewLoadOptions,
  type ThrottlingRisk,
} from './hot-shards.js';
import { keyModelOf, type KeyModel } from './key-shares.js';
import { keySkewOf } from './key-skew.js';
import { hotKeysFinding, planSalting, type SaltingPlan } from './salting.js';
import { planStreamPutRecords, type PutRecordsPlan } from './putrecords.js';
import { streamLoad } from './load.js';
import { overStreamMaximum, planStreamShards, streamReaders, type Reader, type StreamPlanCore } from './stream.js';
import { GiB } from '../vocab/units.js';

/**
 * Seed of the simulator's stand-in keys for keys known only by their distribution (key-shares.ts): fixed, so that the
 * same workload gives the same simulation. The plan itself does not sample: its key skew is analytic (key-skew.ts).
 */
const KEY_SAMPLING_SEED = 1;

/** A stream's costs in every mode, the comparison, and the mode it is planned in. */
export interface StreamCostPlan extends StreamCost {
  cheapest: CostMode;
  comparison: CostComparison['now'];
  /** The comparison at the growth horizon, when the stream grows. */
  horizon: CostComparison['now'] | null;
  /** The mode the workload sets, or the cheapest when it sets none, with that mode's cost. */
  planned: PlannedCost;
  /**
   * The planned mode (the same design) at the growth horizon: the grown traffic, and in provisioned mode the shards
   * the horizon needs. Null when the stream does not grow.
   */
  plannedHorizon: (PlannedCost & { months: number }) | null;
}

/** One capacity mode's monthly cost for a stream. */
export interface PlannedCost {
  mode: CostMode;
  monthlyUsd: number;
  lines: CostLine[];
  hasUnknownLines: boolean;
}

/** One stream's plan. */
export type StreamPlan = StreamPlanCore & {
  /** The aggregation plan, with what its PUT payload units cost a month with and without (when priced). */
  aggregation: AggregationPlan & { putUnitsMonthlyUsdWithout: number | null; putUnitsMonthlyUsdWith: number | null };
  putRecords: { with: PutRecordsPlan; without: PutRecordsPlan };
  partitionKeys: Omit<PartitionKeysPlan, 'findings'> & { salting: SaltingPlan | null };
  throttlingRisk: ThrottlingRisk;
  cost: StreamCostPlan | undefined;
};

/** Monthly totals at one horizon: today, or every growing part of the workload at its growth horizon. */
export interface Totals {
  /**
   * The whole workload per month: each stream in its planned mode, every delivery stage, and the Advantage top-up.
   * Known amounts only (see `hasUnknownLines`); null when the workload was planned without prices.
   */
  monthlyUsd: number | null;
  streamsMonthlyUsd: number | null;
  firehoseMonthlyUsd: number | null;
  flinkMonthlyUsd: number | null;
  /**
   * On-demand Advantage bills at least 25 MiB/s in and out per account: when the streams planned in Advantage use
   * less, the difference is added once for the workload (not once per stream).
   */
  advantageCommitmentTopUpUsd: number;
  /** True when some line could not be priced (an input is missing): the totals exclude it. */
  hasUnknownLines: boolean;
}

/**
 * The workload's totals: today's at the top level (streams at today's peak, stages sized for today's traffic), and
 * the same design at the growth horizon, never mixed. `horizon` is null when nothing grows, or when the growing parts
 * have different horizons (then each part's own horizon figures are in its plan).
 */
export type WorkloadTotals = Totals & { horizon: (Totals & { months: number }) | null };

/** Everything the planner works out for a workload: the data behind every report. */
export interface Plan {
  workload: { name: string; region: string; description: string | undefined };
  settings: Settings;
  /** Bytes in one billed GB, from settings.gigabyte: 2^30 (GiB, the default) or 10^9. Every GB of the plan is this many bytes. */
  billedGigabyteBytes: number;
  pricing: { region: string; effectiveDate: string; label: string } | undefined;
  streams: StreamPlan[];
  firehose: FirehosePlan[];
  flink: FlinkPlan[];
  totals: WorkloadTotals;
  /** Every finding, in workload order. */
  findings: Finding[];
}

export interface PlanOptions {
  /** Prices to cost the workload with; without them costs are left out. */
  pricing?: Pricing | undefined;
  /** How the pricing was chosen, for the report (a file name). */
  pricingLabel?: string | undefined;
  /**
   * The Region prices were looked for and not found (the command line's job): the plan then says so, and how to get
   * them (PRICES_NOT_FOUND). Leave it out to plan without prices on purpose.
   */
  missingPricingRegion?: string | undefined;
  /**
   * Today, YYYY-MM-DD, from the caller (the core has no clock): prices that took effect more than 90 days earlier are
   * flagged (PRICES_STALE). Leave it out and no age is judged.
   */
  today?: string | undefined;
}

/** Bytes in one billed GB under the workload's settings. */
export function gbBytesOf(settings: Settings): number {
  return settings.gigabyte === 'GiB' ? GiB : 1e9;
}

/** Delivery stages that read a stream are readers of it: Firehose polls; a Flink source polls or uses EFO. */
export function stageReaders(w: Workload, streamName: string): Reader[] {
  return stageConsumers(w, streamName).map((c) => {
    const firehoseIndex = w.firehose.findIndex((f) => f.name === c.name);
    const path =
      firehoseIndex >= 0 ? fieldPath(['firehose', firehoseIndex]) : fieldPath(['flink', w.flink.findIndex((f) => f.name === c.name)]);
    return { name: c.name, type: c.type, pollIntervalSec: c.type === 'efo' ? null : c.pollIntervalSec, path };
  });
}

function costPlan(stream: Stream, core: StreamPlanCore, settings: Settings, pricing: Pricing): StreamCostPlan {
  const replays = stream.consumers.flatMap((c) => (c.replayPerMonth !== undefined ? [c.replayPerMonth] : []));
  const kinesisRecordBytesAvg = core.demand.average.kinesisRecordsPerSec > 0
    ? core.demand.average.writeBytesPerSec / core.demand.average.kinesisRecordsPerSec
    : core.load.recordBytesAvg + core.load.partitionKeyBytes;
  const base = {
    path: core.path,
    monthHours: settings.monthHours,
    putPayloadUnitBytes: settings.putPayloadUnit,
    gbBytes: gbBytesOf(settings),
    provisionedShards: core.shards.planned,
    kinesisRecordBytesAvg,
    pollingConsumers: core.readers.filter((r) => r.type !== 'efo').length,
    efoConsumers: core.readers.filter((r) => r.type === 'efo').length,
    retentionHours: stream.retention / 3600,
    longTermReadBytesPerMonth: replays.length > 0 ? replays.reduce((a, b) => a + b, 0) : undefined,
  };
  const input = {
    ...base,
    kinesisRecordsPerSecAvg: core.demand.average.kinesisRecordsPerSec,
    kinesisRecordsPerSecPeak: core.demand.peak.kinesisRecordsPerSec,
  };
  const horizonInput =
    core.shards.horizon.months > 0
      ? {
          ...base,
          provisionedShards: Math.max(core.shards.horizon.required, core.shards.planned),
          kinesisRecordsPerSecAvg: core.demand.average.kinesisRecordsPerSec * core.load.horizonFactor,
          kinesisRecordsPerSecPeak: core.demand.horizonPeak.kinesisRecordsPerSec,
        }
      : undefined;
  const cost = costStream(input, pricing);
  const comparison = compareModes(input, pricing, horizonInput);
  const mode: CostMode = stream.capacityMode ?? comparison.now.cheapest;
  const inMode = (c: StreamCost): PlannedCost => {
    const chosen = mode === 'provisioned' ? c.provisioned : mode === 'on-demand' ? c.onDemand : c.onDemandAdvantage;
    return { mode, monthlyUsd: chosen.monthlyUsd, lines: chosen.lines, hasUnknownLines: chosen.hasUnknownLines };
  };
  // SHARED_READ_BINDS advises moving the polling readers to enhanced fan-out: the same cost model with them as EFO
  // consumers on the shards the write limits need (a given shard count stays), in the planned mode.
  for (const f of core.findings) {
    if (f.code !== 'SHARED_READ_BINDS') continue;
    const shardsAfter = stream.shards ?? Math.max(1, Math.ceil(f.args.writeShards - 1e-9));
    const after = costStream(
      { ...input, provisionedShards: shardsAfter, pollingConsumers: input.pollingConsumers - f.args.sharedReaders, efoConsumers: input.efoConsumers + f.args.sharedReaders },
      pricing,
    );
    f.args = { ...f.args, mode, shardsAfter, monthlyUsd: inMode(cost).monthlyUsd, monthlyUsdAfter: inMode(after).monthlyUsd };
  }
  // EXISTING_SHARDS_OVERPROVISIONED advises resharding to the count needed: the same provisioned cost model on that
  // count. The Kinesis records stay those made at the existing count; aggregation packs no worse on fewer shards, so
  // the PUT payload units after are at most these and the saving at least this.
  for (const f of core.findings) {
    if (f.code !== 'EXISTING_SHARDS_OVERPROVISIONED') continue;
    const monthlyUsd = cost.provisioned.monthlyUsd;
    const monthlyUsdAfter = costStream({ ...input, provisionedShards: f.args.required }, pricing).provisioned.monthlyUsd;
    f.args = { ...f.args, monthlyUsd, monthlyUsdAfter, monthlyUsdSaved: monthlyUsd - monthlyUsdAfter };
  }
  return {
    ...cost,
    cheapest: comparison.now.cheapest,
    comparison: comparison.now,
    horizon: comparison.horizon ?? null,
    planned: inMode(cost),
    plannedHorizon: horizonInput ? { ...inMode(costStream(horizonInput, pricing)), months: core.shards.horizon.months } : null,
  };
}

/** Rounds of the shards ↔ aggregation fixed point before the planner takes the last one (it converges in a few). */
const MAX_SHAPE_ROUNDS = 64;

/**
 * Plans the shards with the Kinesis records aggregation makes at the shard count in use. More shards mean fewer user
 * records per shard and per producer instance, so fuller aggregates at fewer shards: the count and the aggregation
 * shape are found together, as the fixed point n = required(shape at n), starting from the count without aggregation
 * (required is non-decreasing in n, so the rounds move one way and stop). An existing stream is evaluated at its own
 * count. The simulator replays the same shape at the count it simulates (aggregatedShape).
 */
function planShardsWithShape(
  stream: Stream,
  i: number,
  readers: readonly Reader[],
  minimums: { now: number; horizon: number },
  putPayloadUnitBytes: number | undefined,
): StreamPlanCore {
  if (putPayloadUnitBytes === undefined) return planStreamShards(stream, i, readers, undefined, minimums);
  const load = streamLoad(stream);
  const shapesAt = (n: number) => ({
    average: aggregatedShape(stream, load.average.recordsPerSec, n, putPayloadUnitBytes),
    peak: aggregatedShape(stream, load.peak.recordsPerSec, n, putPayloadUnitBytes),
    horizonPeak: aggregatedShape(stream, load.horizonPeak.recordsPerSec, n, putPayloadUnitBytes),
  });
  if (stream.shards !== undefined) return planStreamShards(stream, i, readers, shapesAt(stream.shards), minimums);
  let n = planStreamShards(stream, i, readers, undefined, minimums).shards.required;
  let core = planStreamShards(stream, i, readers, shapesAt(n), minimums);
  for (let round = 0; round < MAX_SHAPE_ROUNDS && core.shards.required !== n; round += 1) {
    n = core.shards.required;
    core = planStreamShards(stream, i, readers, shapesAt(n), minimums);
  }
  return core;
}

/**
 * One stream: aggregation first (it changes what a Kinesis record is), then the partition-key skew (the hottest
 * shard, not the mean, sizes the stream), then shards on every limit, the throttling risk and the costs.
 */
function planStream(w: Workload, stream: Stream, i: number, pricing: Pricing | undefined, budget: { placements: number }): StreamPlan {
  const settings = w.settings;
  const readers = streamReaders(stream, i, stageReaders(w, stream.name));
  const agg = planAggregation(stream, i, { putPayloadUnitBytes: settings.putPayloadUnit, monthHours: settings.monthHours, shards: stream.shards });
  const loadOf = agg.enabled
    ? aggregatedLoadOf({
        dataBytes: stream.records.size,
        keyBytes: stream.partitionKeys.length,
        producerInstances: stream.producer.instances,
        kpl: stream.producer,
        putPayloadUnitBytes: settings.putPayloadUnit,
      })
    : rawLoadOf(stream.records.size + stream.partitionKeys.length);
  // The shards skew needs do not depend on the shard count, so they are found once, before the shards are planned.
  const load = streamLoad(stream);
  const model = keySkewOf(stream.partitionKeys);
  const skewOptions = { peakUserRecordsPerSec: load.peak.recordsPerSec, loadOf, headroom: stream.headroom, isLoadLinear: !agg.enabled };
  const skew = shardsForSkew(model, { ...skewOptions, budget });
  const grown = load.horizonMonths > 0 ? shardsForSkew(model, { ...skewOptions, peakUserRecordsPerSec: load.horizonPeak.recordsPerSec, budget }) : undefined;
  const tried = skew.countsTriedBeforeBudgetRanOut ?? grown?.countsTriedBeforeBudgetRanOut;
  if (tried !== undefined) {
    throw new InputError({
      path: fieldPath(['streams', i, 'partitionKeys']),
      message:
        `the search for the fewest shards that keep the hottest shard within its limits stopped after ${tried.toLocaleString('en-US')} shard counts: ` +
        `a plan places at most ${MAX_PLAN_KEY_PLACEMENTS.toLocaleString('en-US')} keys in all, and this key skew needs more`,
      hint: 'name the hot keys (distribution: hot-keys) with fewer distinct keys, or salt the hottest key',
    });
  }
  const skewHorizon = grown?.shards ?? 1;
  const minimums = { now: skew.shards ?? 1, horizon: skewHorizon };
  const core = planShardsWithShape(stream, i, readers, minimums, agg.enabled ? settings.putPayloadUnit : undefined);
  const over = overStreamMaximum(stream, i, core);
  if (over) throw over;
  const keys = planPartitionKeys(stream, i, { ...skewOptions, shardCount: core.shards.planned, skew });
  // Keys over a shard's limit: the salted distribution through the same skew functions, then the shards it needs.
  let salting: SaltingPlan | null = null;
  if (keys.keysOverShardLimit.length > 0) {
    salting = planSalting(stream.partitionKeys, keys.keysOverShardLimit, { ...skewOptions, shardCount: core.shards.planned, budget }, (minimum) =>
      planShardsWithShape(stream, i, readers, { now: minimum, horizon: skewHorizon }, agg.enabled ? settings.putPayloadUnit : undefined).shards.required,
    );
    const finding = hotKeysFinding(i, keys.keysOverShardLimit, salting, {
      distribution: keys.distribution,
      plannedShards: core.shards.planned,
      headroom: stream.headroom,
    });
    if (finding) keys.findings.unshift(finding);
  }
  const risk = throttlingRisk({
    streamIndex: i,
    hottestShardPeakUtilisation: keys.hottestShardPeakUtilisation,
    hottestShardBinding: keys.hottestShardBinding,
    plannedShards: core.shards.planned,
    burstFactor: core.load.peakFactor,
    imbalance: keys.imbalance,
    keysOverShardLimit: keys.keysOverShardLimit,
    keyDistribution: keys.distribution,
    shardsForSkew: keys.shardsForSkew ?? undefined,
    isAggregationOn: agg.enabled,
    canAggregate: agg.maxUserRecordsPerAggregate > 1,
    headroom: stream.headroom,
    ...(core.demand.peak.sharedReaders > 0 ? { sharedReadPeakUtilisation: core.utilisation.peak.readBytes } : {}),
  });
  if (!agg.enabled) withAggregatedShards(agg.verdict.findings, { w, stream, i, readers, skewOptions, budget, without: core.shards.required });
  const { findings: keyFindings, ...keyPlan } = keys;
  const partitionKeys = { ...keyPlan, salting };
  core.findings.push(...agg.verdict.findings, ...keyFindings);
  const cost = pricing ? costPlan(stream, core, settings, pricing) : undefined;
  const unitUsd = pricing?.kinesis.provisioned.putPayloadUnitsMillion.usd;
  const aggregation = {
    ...agg,
    putUnitsMonthlyUsdWithout: unitUsd !== undefined ? (agg.putUnitsPerMonthWithout / 1e6) * unitUsd : null,
    putUnitsMonthlyUsdWith: unitUsd !== undefined ? (agg.putUnitsPerMonthWith / 1e6) * unitUsd : null,
  };
  const plan = { ...core, aggregation, putRecords: planStreamPutRecords(stream, agg), partitionKeys, throttlingRisk: risk, cost };
  return plan;
}

/**
 * AGGREGATION_RECOMMENDED with the shards the stream would need with aggregation on, by the planner's own computation
 * on every limit (the key skew at the aggregated load, then planShardsWithShape), and what binds then: aggregation
 * shrinks writes, not reads, so a shared read limit or a consumer may keep the count.
 */
function withAggregatedShards(
  findings: Finding[],
  c: { w: Workload; stream: Stream; i: number; readers: readonly Reader[]; skewOptions: SkewLoadOptions; budget: { placements: number }; without: number },
): void {
  const finding = findings.find((f) => f.code === 'AGGREGATION_RECOMMENDED');
  if (finding?.code !== 'AGGREGATION_RECOMMENDED') return;
  const settings = c.w.settings;
  const stream: Stream = { ...c.stream, producer: { ...c.stream.producer, aggregation: 'kpl' } };
  const loadOf = aggregatedLoadOf({
    dataBytes: stream.records.size,
    keyBytes: stream.partitionKeys.length,
    producerInstances: stream.producer.instances,
    kpl: stream.producer,
    putPayloadUnitBytes: settings.putPayloadUnit,
  });
  const skew = shardsForSkew(keySkewOf(stream.partitionKeys), { ...c.skewOptions, loadOf, isLoadLinear: false, budget: c.budget });
  if (skew.countsTriedBeforeBudgetRanOut !== undefined) return;
  const core = planShardsWithShape(stream, c.i, c.readers, { now: skew.shards ?? 1, horizon: 1 }, settings.putPayloadUnit);
  const limitShards = core.shards.binding === 'consumer' ? (core.shards.consumer?.shards ?? 1) : core.shards.byLimit[core.shards.binding];
  const isSkew = core.shards.required > Math.ceil(limitShards - 1e-9);
  finding.args = {
    ...finding.args,
    streamShardsWithout: c.without,
    streamShardsWith: core.shards.required,
    bindingWith: isSkew ? 'key-skew' : core.shards.binding,
  };
}

/**
 * Where a stream's partition keys put its records, key by key: its listed keys, or seeded stand-ins for keys known only
 * by a distribution (seed KEY_SAMPLING_SEED, the same for every run). The simulator places this model on the counts it
 * simulates; the plan's skew figures are the analytic ones (key-skew.ts), which this placement bears out.
 */
export function streamKeyModel(partitionKeys: Stream['partitionKeys']): KeyModel {
  return keyModelOf(partitionKeys, KEY_SAMPLING_SEED);
}

/** The sum of the known amounts: unknown ones are left out and flagged by `hasUnknownLines`, as stream lines are. */
function sum(values: readonly (number | null)[]): number {
  return values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

/** A part of the workload's bill at one horizon: its planned cost, and whether a line of it is unknown. */
interface BillPart {
  kind: 'stream' | 'firehose' | 'flink';
  /** Known amounts only; null when the stage's cost is unknown as a whole. */
  monthlyUsd: number | null;
  hasUnknownLines: boolean;
  /** Streams: the planned mode (the Advantage minimum is per account) and the account minimum. */
  mode?: CostMode;
  commitmentMonthlyUsd?: number;
}

/** Adds up one horizon's bill: streams in their planned modes, the Advantage top-up once, and the stages. */
function totalsOf(parts: readonly BillPart[]): Totals {
  const streams = parts.filter((p) => p.kind === 'stream');
  const streamsMonthlyUsd = sum(streams.map((p) => p.monthlyUsd));
  const advantage = streams.filter((p) => p.mode === 'on-demand-advantage');
  const commitment = advantage[0]?.commitmentMonthlyUsd;
  const topUp = commitment !== undefined ? Math.max(0, commitment - sum(advantage.map((p) => p.monthlyUsd))) : 0;
  const firehoseMonthlyUsd = sum(parts.filter((p) => p.kind === 'firehose').map((p) => p.monthlyUsd));
  const flinkMonthlyUsd = sum(parts.filter((p) => p.kind === 'flink').map((p) => p.monthlyUsd));
  return {
    streamsMonthlyUsd: streamsMonthlyUsd + topUp,
    firehoseMonthlyUsd,
    flinkMonthlyUsd,
    advantageCommitmentTopUpUsd: topUp,
    monthlyUsd: sum([streamsMonthlyUsd + topUp, firehoseMonthlyUsd, flinkMonthlyUsd]),
    hasUnknownLines: parts.some((p) => p.hasUnknownLines),
  };
}

function stageBill(kind: 'firehose' | 'flink', cost: StageCost): BillPart {
  return { kind, monthlyUsd: cost.monthlyUsd, hasUnknownLines: cost.monthlyUsd === null || cost.lines.some((l) => l.monthlyUsd === null) };
}

function streamBill(s: StreamPlan, planned: PlannedCost): BillPart {
  return {
    kind: 'stream',
    monthlyUsd: planned.monthlyUsd,
    hasUnknownLines: planned.hasUnknownLines,
    mode: planned.mode,
    commitmentMonthlyUsd: s.cost?.onDemandAdvantage.commitmentMonthlyUsd,
  };
}

const UNPRICED_TOTALS: Totals = {
  monthlyUsd: null,
  streamsMonthlyUsd: null,
  firehoseMonthlyUsd: null,
  flinkMonthlyUsd: null,
  advantageCommitmentTopUpUsd: 0,
  hasUnknownLines: false,
};

/**
 * Today's totals and the horizon's. At the horizon every growing part is taken at its grown figures and the others as
 * they are today; when growing parts have different horizons no single horizon total exists (null).
 */
function workloadTotals(
  isPriced: boolean,
  streams: readonly StreamPlan[],
  firehose: readonly FirehosePlan[],
  flink: readonly FlinkPlan[],
): WorkloadTotals {
  if (!isPriced || streams.some((s) => s.cost === undefined)) return { ...UNPRICED_TOTALS, horizon: null };
  const now = totalsOf([
    ...streams.map((s) => streamBill(s, s.cost!.planned)),
    ...firehose.map((f) => stageBill('firehose', f.cost)),
    ...flink.map((f) => stageBill('flink', f.cost)),
  ]);
  const months = new Set([
    ...streams.flatMap((s) => (s.cost?.plannedHorizon ? [s.cost.plannedHorizon.months] : [])),
    ...firehose.flatMap((f) => (f.horizon ? [f.horizon.months] : [])),
    ...flink.flatMap((f) => (f.horizon ? [f.horizon.months] : [])),
  ]);
  if (months.size !== 1) return { ...now, horizon: null };
  const horizon = totalsOf([
    ...streams.map((s) => streamBill(s, s.cost!.plannedHorizon ?? s.cost!.planned)),
    ...firehose.map((f) => stageBill('firehose', f.horizon?.cost ?? f.cost)),
    ...flink.map((f) => stageBill('flink', f.horizon?.cost ?? f.cost)),
  ]);
  return { ...now, horizon: { ...horizon, months: [...months][0]! } };
}

/** The plan of the stream a stage reads: delivery stages read their source's plan, not the workload. */
export function sourcePlanOf<T extends StreamPlanCore>(streams: readonly T[], name: string): T {
  const plan = streams.find((s) => s.name === name);
  // checkStageReferences rejects an unknown source when the workload is parsed; reaching here is a programming error.
  if (plan === undefined) throw new InternalError(`unknown source stream "${name}"`);
  return plan;
}

/** The records a Firehose stage receives: its source stream's plan, or its own Direct PUT records. */
export function firehoseSource(stage: FirehoseStage, streams: readonly StreamPlanCore[]): SourceTraffic {
  return stage.source.directPut !== undefined ? directPutSource(stage.source.directPut) : streamSource(sourcePlanOf(streams, stage.source.stream ?? ''));
}

/**
 * Plans a validated workload. Pure: the same workload and prices give the same plan. A stream that needs more shards
 * than a stream can have is an `InputError` with the field's path (one per such stream), before any per-shard work.
 */
export function planWorkload(w: Workload, options: PlanOptions = {}): Plan {
  const { pricing } = options;
  const settings = w.settings;
  const gbBytes = gbBytesOf(settings);
  // A stream that cannot be planned (it needs more than 10,000 shards) stops the plan; every such stream is reported.
  const streams: StreamPlan[] = [];
  const errors: InputError[] = [];
  const budget = { placements: MAX_PLAN_KEY_PLACEMENTS };
  w.streams.forEach((stream, i) => {
    try {
      streams.push(planStream(w, stream, i, pricing, budget));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      errors.push(e);
    }
  });
  if (errors.length > 0) throw combineInputErrors(errors);
  const firehose = w.firehose.map((stage, index) =>
    planFirehose(stage, {
      index,
      source: firehoseSource(stage, streams),
      pricing: pricing?.firehose,
      monthHours: settings.monthHours,
      gbBytes,
      jqHoursPerMonth: settings.jqHoursPerMonth,
      kplBilling: settings.firehoseKplBilling,
    }),
  );
  const flink = w.flink.map((stage, index) =>
    planFlink(
      stage,
      { index, source: sourcePlanOf(streams, stage.source.stream), pricing: pricing?.flink, monthHours: settings.monthHours, gbBytes },
      { isRunningStorageBilled: settings.flinkRunningStorageBilled },
    ),
  );

  const costFindings: Finding[] = [];
  for (const s of streams) {
    if (!s.cost) continue;
    const modeFindings = s.cost.planned.mode === 'provisioned' ? s.cost.provisioned.findings : s.cost.planned.mode === 'on-demand' ? s.cost.onDemand.findings : s.cost.onDemandAdvantage.findings;
    const wanted = s.capacityMode === 'compare' ? [...s.cost.provisioned.findings, ...s.cost.comparison.findings] : [...modeFindings, ...s.cost.comparison.findings];
    costFindings.push(...dedupe(wanted));
  }
  return {
    workload: { name: w.name, region: w.region, description: w.description },
    settings,
    billedGigabyteBytes: gbBytes,
    pricing: pricing ? { region: pricing.region, effectiveDate: pricing.effectiveDate, label: options.pricingLabel ?? pricing.region } : undefined,
    streams,
    firehose,
    flink,
    totals: workloadTotals(pricing !== undefined, streams, firehose, flink),
    findings: [...pricingFindings(w, options), ...streams.flatMap((s) => s.findings), ...costFindings, ...firehose.flatMap((f) => f.findings), ...flink.flatMap((f) => f.findings)],
  };
}

/** What the plan says about its prices: none found, another Region's, or old. */
function pricingFindings(w: Workload, options: PlanOptions): Finding[] {
  const { pricing } = options;
  if (pricing === undefined) {
    return options.missingPricingRegion !== undefined
      ? [{ code: 'PRICES_NOT_FOUND', severity: 'warning', path: 'region', args: { region: options.missingPricingRegion } }]
      : [];
  }
  const label = options.pricingLabel ?? pricing.region;
  const findings: Finding[] = [];
  if (pricing.region !== w.region) {
    findings.push({
      code: 'PRICING_REGION_MISMATCH',
      severity: 'warning',
      path: 'region',
      args: { workloadRegion: w.region, pricingRegion: pricing.region, label },
    });
  }
  if (options.today !== undefined) {
    const ageDays = daysBetween(pricing.effectiveDate, options.today);
    if (ageDays > PRICES_STALE_AFTER_DAYS) {
      findings.push({
        code: 'PRICES_STALE',
        severity: 'warning',
        path: 'region',
        args: { region: pricing.region, effectiveDate: pricing.effectiveDate, today: options.today, ageDays, label },
      });
    }
  }
  return findings;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.path}|${JSON.stringify(f.args)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
