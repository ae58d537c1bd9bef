import type { Pricing } from '../pricing/schema.js';
import type { Settings, Stream, Workload } from '../workload/schema.js';
import { stageConsumers } from '../workload/stages-schema.js';
import { compareModes, costStream, type CostComparison, type CostLine, type StreamCost } from './cost.js';
import type { CostMode } from '../vocab/capacity-modes.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import { planFirehose, type FirehosePlan } from './firehose.js';
import { planFlink, type FlinkPlan } from './flink.js';
import { planAggregation, type AggregationPlan } from './aggregation.js';
import { aggregatedLoadOf, planPartitionKeys, rawLoadOf, shardsForSkew, throttlingRisk, type PartitionKeysPlan, type ThrottlingRisk } from './hot-shards.js';
import { keyModelOf } from './key-shares.js';
import { planStreamPutRecords, type PutRecordsPlan } from './putrecords.js';
import { streamLoad } from './load.js';
import { planStreamShards, streamReaders, type KinesisShape, type Reader, type StreamPlanCore } from './stream.js';

/** Seed for sampling keys known only by their distribution: fixed, so that the same workload gives the same plan. */
const KEY_SAMPLING_SEED = 1;

/** A stream's costs in every mode, the comparison, and the mode it is planned in. */
export interface StreamCostPlan extends StreamCost {
  cheapest: CostMode;
  comparison: CostComparison['now'];
  /** The comparison at the growth horizon, when the stream grows. */
  horizon: CostComparison['now'] | null;
  /** The mode the workload sets, or the cheapest when it sets none, with that mode's cost. */
  planned: { mode: CostMode; monthlyUsd: number; lines: CostLine[]; hasUnknownLines: boolean };
}

/** One stream's plan. */
export type StreamPlan = StreamPlanCore & {
  /** The aggregation plan, with what its PUT payload units cost a month with and without (when priced). */
  aggregation: AggregationPlan & { putUnitsMonthlyUsdWithout: number | null; putUnitsMonthlyUsdWith: number | null };
  putRecords: { with: PutRecordsPlan; without: PutRecordsPlan };
  partitionKeys: Omit<PartitionKeysPlan, 'findings'>;
  throttlingRisk: ThrottlingRisk;
  cost: StreamCostPlan | undefined;
};

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

/** Everything the planner works out for a workload: the data behind every report. */
export interface Plan {
  workload: { name: string; region: string; description: string | undefined };
  settings: Settings;
  pricing: { region: string; effectiveDate: string; label: string } | undefined;
  streams: StreamPlan[];
  firehose: FirehosePlan[];
  flink: FlinkPlan[];
  totals: Totals;
  /** Every finding, in workload order. */
  findings: Finding[];
}

export interface PlanOptions {
  /** Prices to cost the workload with; without them costs are left out. */
  pricing?: Pricing | undefined;
  /** How the pricing was chosen, for the report (a file name). */
  pricingLabel?: string | undefined;
}

/** Bytes in one billed GB under the workload's settings. */
export function gbBytesOf(settings: Settings): number {
  return settings.gigabyte === 'GiB' ? 2 ** 30 : 1e9;
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
  const chosen = mode === 'provisioned' ? cost.provisioned : mode === 'on-demand' ? cost.onDemand : cost.onDemandAdvantage;
  return {
    ...cost,
    cheapest: comparison.now.cheapest,
    comparison: comparison.now,
    horizon: comparison.horizon ?? null,
    planned: { mode, monthlyUsd: chosen.monthlyUsd, lines: chosen.lines, hasUnknownLines: chosen.hasUnknownLines },
  };
}

/** Kinesis records and write bytes per user record, at average and at peak, from the aggregation plan. */
function shapesOf(agg: AggregationPlan): { average: KinesisShape; peak: KinesisShape } {
  return {
    average: {
      kinesisRecordsPerUserRecord: agg.kinesisRecordsPerSecond / agg.recordsPerSecondWithout,
      writeBytesPerUserRecord: agg.kinesisBytesPerSecond / agg.recordsPerSecondWithout,
    },
    peak: {
      kinesisRecordsPerUserRecord: agg.peakKinesisRecordsPerSecond / agg.peakRecordsPerSecondWithout,
      writeBytesPerUserRecord: agg.peakKinesisBytesPerSecond / agg.peakRecordsPerSecondWithout,
    },
  };
}

/**
 * One stream: aggregation first (it changes what a Kinesis record is), then the partition-key skew (the hottest
 * shard, not the mean, sizes the stream), then shards on every limit, the throttling risk and the costs.
 */
function planStream(w: Workload, stream: Stream, i: number, pricing: Pricing | undefined): StreamPlan {
  const settings = w.settings;
  const readers = streamReaders(stream, i, stageReaders(w, stream.name));
  const agg = planAggregation(stream, i, { putPayloadUnitBytes: settings.putPayloadUnit, monthHours: settings.monthHours, shards: stream.shards });
  const shapes = agg.enabled ? shapesOf(agg) : undefined;
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
  const model = keyModelOf(stream.partitionKeys, KEY_SAMPLING_SEED);
  const skewOptions = { peakUserRecordsPerSec: load.peak.recordsPerSec, loadOf, headroom: stream.headroom };
  const skew = shardsForSkew(model, skewOptions);
  const skewHorizon =
    load.horizonMonths > 0 ? (shardsForSkew(model, { ...skewOptions, peakUserRecordsPerSec: load.horizonPeak.recordsPerSec }).shards ?? 1) : 1;
  const core = planStreamShards(stream, i, readers, shapes, { now: skew.shards ?? 1, horizon: skewHorizon });
  const keys = planPartitionKeys(stream, i, { ...skewOptions, seed: KEY_SAMPLING_SEED, shardCount: core.shards.planned, skew });
  const risk = throttlingRisk({
    streamIndex: i,
    hottestShardPeakUtilisation: keys.hottestShardPeakUtilisation,
    hottestShardBinding: keys.hottestShardBinding,
    plannedShards: core.shards.planned,
    burstFactor: core.load.peakFactor,
    imbalance: keys.imbalance,
    keysOverShardLimit: keys.keysOverShardLimit,
    shardsForSkew: keys.shardsForSkew ?? undefined,
    isAggregationOn: agg.enabled,
    canAggregate: agg.maxUserRecordsPerAggregate > 1,
    ...(core.demand.peak.sharedReaders > 0 ? { sharedReadPeakUtilisation: core.utilisation.peak.readBytes } : {}),
  });
  const { findings: keyFindings, ...partitionKeys } = keys;
  core.findings.push(...agg.verdict.findings, ...keyFindings);
  const cost = pricing ? costPlan(stream, core, settings, pricing) : undefined;
  const unitUsd = pricing?.kinesis.provisioned.putPayloadUnitsMillion.usd;
  const aggregation = {
    ...agg,
    putUnitsMonthlyUsdWithout: unitUsd !== undefined ? (agg.putUnitsPerMonthWithout / 1e6) * unitUsd : null,
    putUnitsMonthlyUsdWith: unitUsd !== undefined ? (agg.putUnitsPerMonthWith / 1e6) * unitUsd : null,
  };
  return { ...core, aggregation, putRecords: planStreamPutRecords(stream, agg), partitionKeys, throttlingRisk: risk, cost };
}

/** The sum of the known amounts: unknown ones are left out and flagged by `hasUnknownLines`, as stream lines are. */
function sum(values: readonly (number | null)[]): number {
  return values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

/** Plans a validated workload. Pure: the same workload and prices give the same plan. */
export function planWorkload(w: Workload, options: PlanOptions = {}): Plan {
  const { pricing } = options;
  const settings = w.settings;
  const gbBytes = gbBytesOf(settings);
  const streams: StreamPlan[] = w.streams.map((stream, i) => planStream(w, stream, i, pricing));
  const firehose = w.firehose.map((stage) => planFirehose(stage, w, pricing?.firehose, settings.monthHours, gbBytes));
  const flink = w.flink.map((stage) =>
    planFlink(stage, w, pricing?.flink, settings.monthHours, gbBytes, { isRunningStorageBilled: settings.flinkRunningStorageBilled }),
  );

  let totals: Totals = {
    monthlyUsd: null,
    streamsMonthlyUsd: null,
    firehoseMonthlyUsd: null,
    flinkMonthlyUsd: null,
    advantageCommitmentTopUpUsd: 0,
    hasUnknownLines: false,
  };
  const costFindings: Finding[] = [];
  if (pricing) {
    const streamsMonthlyUsd = streams.reduce((a, s) => a + (s.cost?.planned.monthlyUsd ?? 0), 0);
    const advantageStreams = streams.filter((s) => s.cost?.planned.mode === 'on-demand-advantage');
    let topUp = 0;
    if (advantageStreams.length > 0) {
      const usage = advantageStreams.reduce((a, s) => a + (s.cost?.planned.monthlyUsd ?? 0), 0);
      const commitment = advantageStreams[0]!.cost!.onDemandAdvantage.commitmentMonthlyUsd;
      topUp = Math.max(0, commitment - usage);
    }
    const firehoseMonthlyUsd = sum(firehose.map((f) => f.cost.monthlyUsd));
    const flinkMonthlyUsd = sum(flink.map((f) => f.cost.monthlyUsd));
    totals = {
      streamsMonthlyUsd: streamsMonthlyUsd + topUp,
      firehoseMonthlyUsd,
      flinkMonthlyUsd,
      advantageCommitmentTopUpUsd: topUp,
      monthlyUsd: sum([streamsMonthlyUsd + topUp, firehoseMonthlyUsd, flinkMonthlyUsd]),
      hasUnknownLines:
        streams.some((s) => s.cost?.planned.hasUnknownLines) ||
        [...firehose, ...flink].some((p) => p.cost.monthlyUsd === null || p.cost.lines.some((l) => l.monthlyUsd === null)),
    };
    for (const s of streams) {
      if (!s.cost) continue;
      const modeFindings = s.cost.planned.mode === 'provisioned' ? s.cost.provisioned.findings : s.cost.planned.mode === 'on-demand' ? s.cost.onDemand.findings : s.cost.onDemandAdvantage.findings;
      const wanted = s.capacityMode === 'compare' ? [...s.cost.provisioned.findings, ...s.cost.comparison.findings] : [...modeFindings, ...s.cost.comparison.findings];
      costFindings.push(...dedupe(wanted));
    }
  }
  return {
    workload: { name: w.name, region: w.region, description: w.description },
    settings,
    pricing: pricing ? { region: pricing.region, effectiveDate: pricing.effectiveDate, label: options.pricingLabel ?? pricing.region } : undefined,
    streams,
    firehose,
    flink,
    totals,
    findings: [...streams.flatMap((s) => s.findings), ...costFindings, ...firehose.flatMap((f) => f.findings), ...flink.flatMap((f) => f.findings)],
  };
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
