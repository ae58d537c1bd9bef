import {
  SHARD_READ_BYTES_PER_SEC,
  SHARD_WRITE_BYTES_PER_SEC,
  SHARD_WRITE_RECORDS_PER_SEC,
} from '../limits.js';
import { planWorkload } from '../plan/index.js';
import type { Pricing } from '../pricing/schema.js';
import { GiB, KiB } from '../vocab/units.js';
import type { CapacityMode, WorkloadInput } from '../workload/schema.js';
import { parseWorkload } from '../workload/parse.js';
import { workloadToYaml } from '../workload/to-yaml.js';
import type { MetricExports, MetricSeries, StreamMetric } from './exports.js';
import { cheapestSchedule, type ScalingSchedule } from './schedule.js';

/*
 * Right-sizing a running stream from its CloudWatch exports. Definitions used throughout:
 * - A period's rate is its Sum ÷ the period (60 s or 300 s); an hour's rate is the hour's Sum ÷ 3,600 s.
 * - Offered records = IncomingRecords + WriteProvisionedThroughputExceeded (CloudWatch counts only accepted records;
 *   the throttled ones were offered too: kinesis-facts.md §1.8). Offered bytes scale IncomingBytes by the same ratio.
 * - Percentiles are nearest-rank: the ⌈p·n⌉-th smallest of the n values.
 * - What happens inside a period is unknown: a minute's average hides per-second bursts. When the stream throttled
 *   in a period whose average used a fraction u of the shards' capacity, the traffic inside that period peaked at
 *   at least 1/u times its average: that is the hidden-burst ratio. The recommendation sizes the observed period
 *   peak with headroom, and says so.
 * - On-demand Data-In rounds every record up to 1 KiB. With only bytes B and records R per hour the rounded bytes
 *   lie between max(B, R·1 KiB) and B + R·(1 KiB − 1): each record adds at most 1,023 bytes of rounding.
 * - Polling readers: GetRecords.Bytes counts every copy read, so readers ≈ round(GetRecords.Bytes ÷ IncomingBytes);
 *   they share the 2 MiB/s read limit in the recommendation and the schedule, and on-demand bills their reads.
 * - Monthly figures scale the observed span to the billing month (monthHours, 730 by default).
 */

/** AWS's default limit on UpdateShardCount calls per rolling 24 hours per stream (kinesis-facts.md §1.6). */
export const SCALING_OPERATIONS_PER_DAY = 10;

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface RightsizeOptions {
  /** The stream's shard count today (provisioned), when known. */
  shards?: number | undefined;
  /** The stream's capacity mode today. */
  mode?: CapacityMode | undefined;
  headroom: number;
  streamName: string;
  region: string;
  monthHours: number;
  pricing?: Pricing | undefined;
}

/** One priced option and what it saves against today. */
export interface RightsizeOption {
  kind: 'provisioned-fixed' | 'provisioned-scheduled' | 'on-demand' | 'on-demand-advantage';
  monthlyUsd: number;
  /** On-demand: the upper bound of the 1 KiB rounding; equal to monthlyUsd otherwise. */
  monthlyUsdHigh: number;
  /** Today's monthly cost minus this option's (positive: it saves); null when today is unknown. */
  savingUsd: number | null;
  shards: number | null;
}

export interface RightsizeReport {
  streamName: string;
  periodSec: number;
  spanSec: number;
  periods: number;
  recordBytesAvg: number;
  recordsPerSec: { perPeriod: Percentiles; perHour: Percentiles; average: number };
  writeBytesPerSec: { perPeriod: Percentiles; perHour: Percentiles; average: number };
  /** Average records/s by hour of the day (UTC, 24 values) and by day of the week (UTC, Sunday first). */
  dailyShape: number[];
  weeklyShape: number[];
  throttling: {
    writeThrottledRecords: number;
    readThrottledCalls: number;
    periodsWithWriteThrottling: number;
    /** Capacity ÷ offered average in the worst throttled period; null without throttling or a known shard count. */
    hiddenBurstRatio: number | null;
  };
  /** Peak utilisation of each limit at today's shard count (period averages); null without --shards. */
  utilisation: { writeBytes: number; writeRecords: number; readBytes: number | null } | null;
  lag: { iteratorAgeMaxSec: number | null; millisBehindLatestMaxSec: number | null };
  recommendation: {
    provisionedShards: number;
    binding: string;
    scheduleShardsByHour: number[];
    schedule: ScalingSchedule;
    options: RightsizeOption[];
    today: { mode: CapacityMode | null; shards: number | null; monthlyUsd: number | null };
    cheapest: RightsizeOption['kind'] | null;
  };
  /** The workload that replays the observed traffic (what --write-workload writes). */
  workload: WorkloadInput;
}

/** Nearest-rank percentiles of a list of values. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

const HOUR_MS = 3_600_000;

function sumOf(s: MetricSeries | undefined): number {
  let total = 0;
  for (const v of s?.values() ?? []) total += v;
  return total;
}

/** Sums a series into hour buckets (epoch hour → sum). */
function byHour(s: MetricSeries | undefined): Map<number, number> {
  const out = new Map<number, number>();
  for (const [t, v] of s ?? []) {
    const h = Math.floor(t / HOUR_MS);
    out.set(h, (out.get(h) ?? 0) + v);
  }
  return out;
}

function get(s: MetricSeries | undefined, t: number): number {
  return s?.get(t) ?? 0;
}

/** Right-sizes the stream the exports describe. */
export function rightsize(exports: MetricExports, opts: RightsizeOptions): RightsizeReport {
  const m = (k: StreamMetric) => exports.series[k];
  const period = exports.periodSec;
  const records = m('IncomingRecords');
  const bytes = m('IncomingBytes');
  const throttled = m('WriteProvisionedThroughputExceeded');
  const times = [...new Set([...(records?.keys() ?? []), ...(bytes?.keys() ?? [])])].sort((a, b) => a - b);
  const spanSec = times.length > 0 ? (times[times.length - 1]! - times[0]!) / 1000 + period : period;
  const totalRecords = sumOf(records);
  const totalBytes = sumOf(bytes);
  const recordBytesAvg = totalRecords > 0 ? totalBytes / totalRecords : 0;

  // Offered per period: accepted plus throttled records; bytes at the observed average record size.
  const offeredRecords = times.map((t) => get(records, t) + get(throttled, t));
  const offeredBytes = times.map((t, i) => Math.max(get(bytes, t), offeredRecords[i]! * recordBytesAvg));
  const periodRecordRates = offeredRecords.map((r) => r / period);
  const periodByteRates = offeredBytes.map((b) => b / period);
  const hourRecords = byHour(records);
  const hourBytes = byHour(bytes);
  const hourThrottled = byHour(throttled);
  const hourKeys = [...hourRecords.keys()].sort((a, b) => a - b);
  const hourRecordRates = hourKeys.map(
    (h) => ((hourRecords.get(h) ?? 0) + (hourThrottled.get(h) ?? 0)) / 3600,
  );
  const hourByteRates = hourKeys.map((h) => (hourBytes.get(h) ?? 0) / 3600);

  const daily = Array.from({ length: 24 }, () => ({ sum: 0, n: 0 }));
  const weekly = Array.from({ length: 7 }, () => ({ sum: 0, n: 0 }));
  times.forEach((t, i) => {
    const d = new Date(t);
    const rate = periodRecordRates[i]!;
    daily[d.getUTCHours()]!.sum += rate;
    daily[d.getUTCHours()]!.n += 1;
    weekly[d.getUTCDay()]!.sum += rate;
    weekly[d.getUTCDay()]!.n += 1;
  });
  const meanOf = (b: { sum: number; n: number }) => (b.n > 0 ? b.sum / b.n : 0);

  const shards = opts.shards ?? null;
  let hiddenBurstRatio: number | null = null;
  let periodsWithWriteThrottling = 0;
  times.forEach((t, i) => {
    if (get(throttled, t) <= 0) return;
    periodsWithWriteThrottling += 1;
    if (shards === null) return;
    const use = Math.max(
      periodRecordRates[i]! / (shards * SHARD_WRITE_RECORDS_PER_SEC),
      periodByteRates[i]! / (shards * SHARD_WRITE_BYTES_PER_SEC),
    );
    if (use > 0 && use < 1) hiddenBurstRatio = Math.max(hiddenBurstRatio ?? 0, 1 / use);
  });
  const readBytes = m('GetRecords.Bytes');
  const readRates = readBytes ? [...readBytes.values()].map((v) => v / period) : [];
  const recordsP = percentiles(periodRecordRates);
  const bytesP = percentiles(periodByteRates);
  const utilisation =
    shards === null
      ? null
      : {
          writeBytes: bytesP.max / (shards * SHARD_WRITE_BYTES_PER_SEC),
          writeRecords: recordsP.max / (shards * SHARD_WRITE_RECORDS_PER_SEC),
          readBytes: readBytes ? Math.max(...readRates) / (shards * SHARD_READ_BYTES_PER_SEC) : null,
        };
  const maxOf = (s: MetricSeries | undefined) => (s && s.size > 0 ? Math.max(...s.values()) / 1000 : null);

  // The workload that replays the observed traffic: the planner sizes it, so planning the written file agrees.
  const averageRecordsPerSec = totalRecords / spanSec + sumOf(throttled) / spanSec;
  const keyBytes = 1;
  // Polling readers: GetRecords.Bytes counts every copy read, so it is about readers × IncomingBytes.
  const pollingReaders = totalBytes > 0 ? Math.round(sumOf(readBytes) / totalBytes) : 0;
  const workload: WorkloadInput = {
    version: 1,
    name: opts.streamName,
    region: opts.region,
    description: `Observed from CloudWatch exports: ${exports.files.join(', ')}`,
    streams: [
      {
        name: opts.streamName,
        headroom: opts.headroom,
        // IncomingBytes counts data and partition key together: a 1-character key and the rest as data.
        records: {
          size: Math.max(1, recordBytesAvg - keyBytes),
          rate: averageRecordsPerSec,
          peak: Math.max(recordsP.max, averageRecordsPerSec),
        },
        partitionKeys: { length: keyBytes },
        ...(pollingReaders > 0
          ? { consumers: Array.from({ length: pollingReaders }, (_, i) => ({ name: `reader-${i + 1}`, type: 'polling' as const })) }
          : {}),
      },
    ],
    settings: { monthHours: opts.monthHours },
  };
  const plan = planWorkload(parseWorkload(workloadToYaml(workload), 'rightsize.yaml'));
  const planned = plan.streams[0]!;

  // Hourly needs for the schedule: each hour of the day at the highest period rate seen in that hour, with headroom,
  // on the write limits and the shared read limit of the polling readers.
  const hourNeed = Array.from({ length: 24 }, () => 1);
  times.forEach((t, i) => {
    const h = new Date(t).getUTCHours();
    const need = Math.ceil(
      Math.max(
        periodRecordRates[i]! / SHARD_WRITE_RECORDS_PER_SEC,
        periodByteRates[i]! / SHARD_WRITE_BYTES_PER_SEC,
        (pollingReaders * periodByteRates[i]!) / SHARD_READ_BYTES_PER_SEC,
      ) *
        (1 + opts.headroom) -
        1e-9,
    );
    hourNeed[h] = Math.max(hourNeed[h]!, need);
  });
  const schedule = cheapestSchedule(hourNeed, SCALING_OPERATIONS_PER_DAY);

  const options: RightsizeOption[] = [];
  let todayUsd: number | null = null;
  if (opts.pricing) {
    const k = opts.pricing.kinesis;
    const gb = GiB;
    const monthScale = (opts.monthHours * 3600) / spanSec;
    const putUnitBytes = 25 * KiB;
    // PUT payload units: at least one per record, one per 25 KiB: between max(R, B ÷ 25 KiB) and R + B ÷ 25 KiB.
    const putUnits = Math.max(totalRecords, totalBytes / putUnitBytes) * monthScale;
    const putUsd = (putUnits / 1e6) * k.provisioned.putPayloadUnitsMillion.usd;
    const shardUsd = (n: number) => n * opts.monthHours * k.provisioned.shardHour.usd;
    let inLow = 0;
    let inHigh = 0;
    for (const h of hourKeys) {
      const b = hourBytes.get(h) ?? 0;
      const r = hourRecords.get(h) ?? 0;
      inLow += Math.max(b, r * KiB);
      inHigh += b + r * (KiB - 1);
    }
    const outGb = (sumOf(readBytes) * monthScale) / gb;
    const standard = (inBytes: number) =>
      opts.monthHours * k.onDemand.streamHour.usd +
      ((inBytes * monthScale) / gb) * k.onDemand.dataInGb.usd +
      outGb * k.onDemand.dataOutGb.usd;
    const advantage = (inBytes: number) =>
      ((inBytes * monthScale) / gb) * k.onDemandAdvantage.dataInGb.usd +
      outGb * k.onDemandAdvantage.dataOutGb.usd;
    const fixed = shardUsd(planned.shards.required) + putUsd;
    const scheduled = (schedule.shardHours / 24) * opts.monthHours * k.provisioned.shardHour.usd + putUsd;
    if (opts.mode === 'provisioned' && shards !== null) todayUsd = shardUsd(shards) + putUsd;
    else if (opts.mode === 'on-demand') todayUsd = standard(inLow);
    else if (opts.mode === 'on-demand-advantage') todayUsd = advantage(inLow);
    const saving = (usd: number) => (todayUsd === null ? null : todayUsd - usd);
    options.push(
      {
        kind: 'provisioned-fixed',
        monthlyUsd: fixed,
        monthlyUsdHigh: fixed,
        savingUsd: saving(fixed),
        shards: planned.shards.required,
      },
      {
        kind: 'provisioned-scheduled',
        monthlyUsd: scheduled,
        monthlyUsdHigh: scheduled,
        savingUsd: saving(scheduled),
        shards: Math.max(...schedule.shardsByHour),
      },
      {
        kind: 'on-demand',
        monthlyUsd: standard(inLow),
        monthlyUsdHigh: standard(inHigh),
        savingUsd: saving(standard(inLow)),
        shards: null,
      },
      {
        kind: 'on-demand-advantage',
        monthlyUsd: advantage(inLow),
        monthlyUsdHigh: advantage(inHigh),
        savingUsd: saving(advantage(inLow)),
        shards: null,
      },
    );
  }
  const cheapest =
    options.length > 0 ? options.reduce((a, b) => (b.monthlyUsd < a.monthlyUsd ? b : a)).kind : null;

  return {
    streamName: opts.streamName,
    periodSec: period,
    spanSec,
    periods: times.length,
    recordBytesAvg,
    recordsPerSec: {
      perPeriod: recordsP,
      perHour: percentiles(hourRecordRates),
      average: averageRecordsPerSec,
    },
    writeBytesPerSec: {
      perPeriod: bytesP,
      perHour: percentiles(hourByteRates),
      average: totalBytes / spanSec,
    },
    dailyShape: daily.map(meanOf),
    weeklyShape: weekly.map(meanOf),
    throttling: {
      writeThrottledRecords: sumOf(throttled),
      readThrottledCalls: sumOf(m('ReadProvisionedThroughputExceeded')),
      periodsWithWriteThrottling,
      hiddenBurstRatio,
    },
    utilisation,
    lag: {
      iteratorAgeMaxSec: maxOf(m('GetRecords.IteratorAgeMilliseconds')),
      millisBehindLatestMaxSec: maxOf(m('SubscribeToShardEvent.MillisBehindLatest')),
    },
    recommendation: {
      provisionedShards: planned.shards.required,
      binding: planned.shards.binding,
      scheduleShardsByHour: hourNeed,
      schedule,
      options,
      today: { mode: opts.mode ?? null, shards, monthlyUsd: todayUsd },
      cheapest,
    },
    workload,
  };
}
