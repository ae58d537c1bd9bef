import { InternalError } from '../errors.js';
import {
  ON_DEMAND_ADVANTAGE_COMMIT_BYTES_PER_SEC,
  ON_DEMAND_DATA_IN_ROUND_BYTES,
  RETENTION_EXTENDED_MAX_HOURS,
  RETENTION_MIN_HOURS,
  SHARD_WRITE_BYTES_PER_SEC,
  SHARD_WRITE_RECORDS_PER_SEC,
} from '../limits.js';
import type { Price, Pricing } from '../pricing/schema.js';
import { costLine, type CostLine } from './cost-line.js';
import { COST_MODES, type CostMode } from '../vocab/capacity-modes.js';
import type { Finding } from '../vocab/findings.js';
import { SECONDS_PER_HOUR } from '../vocab/units.js';

export type { CostLine };

/**
 * The monthly cost of one Kinesis data stream in each capacity mode, line by line, from a pricing file.
 * Everything is computed at full precision; reports round.
 *
 * Metering rules (kinesis-facts.md §3.2):
 * - Provisioned: every Kinesis record (an aggregated one when KPL aggregation is on) is billed in PUT payload units of
 *   `putPayloadUnitBytes` ("25 KB"), at least one per record.
 * - On-demand (Standard and Advantage): Data-In counts every record rounded up to 1 KiB. Reads are not rounded.
 * - Retention is free up to 24 h. Provisioned pays extended retention (24 h–7 d) per shard-hour and long-term retention
 *   (beyond 7 d) per GB-month; On-demand Standard pays both per GB-month; Advantage pays one rate beyond 24 h.
 * - GB-month quantities are the steady-state stored volume: a stream writing B bytes/s with retention R hours holds
 *   B × 3600 × (hours in the window) bytes in each window, all month long.
 */

/** What the cost model needs about one stream. Units are in the names; all rates are monthly averages. */
export interface StreamCostInput {
  /** Field path of the stream in the workload, for findings, e.g. `streams[0]`. */
  path: string;
  /** Hours in the billing month (settings.monthHours, default 730). */
  monthHours: number;
  /** Bytes in one PUT payload unit, "25 KB" (settings.putPayloadUnit: 25,600 by default, or 25,000). */
  putPayloadUnitBytes: number;
  /** Bytes in one billed GB (settings.gigabyte: 2^30 for GiB, the default, or 10^9). */
  gbBytes: number;
  /** Shards of the provisioned stream (an integer ≥ 1): planned for the peak, paid every hour. */
  provisionedShards: number;
  /** Kinesis records written per second on average, after KPL aggregation when it is on. */
  kinesisRecordsPerSecAvg: number;
  /** Kinesis records per second at the planned peak (default: the average). Used for the break-even point. */
  kinesisRecordsPerSecPeak?: number | undefined;
  /** Bytes of one Kinesis record as billed: data blob plus partition key, after aggregation when it is on. */
  kinesisRecordBytesAvg: number;
  /** Consumers that read every record with GetRecords (KCL, Lambda event source mappings). */
  pollingConsumers: number;
  /** Enhanced fan-out consumers; each receives every record. */
  efoConsumers: number;
  /** Retention period in hours (24 to 8,760). */
  retentionHours: number;
  /** Bytes of data older than 7 days re-read each month; undefined = the workload does not say (the line is unknown). */
  longTermReadBytesPerMonth: number | undefined;
}


/** One capacity mode's monthly cost. `monthlyUsd` sums the known stream lines only. */
export interface ModeCost {
  mode: CostMode;
  monthlyUsd: number;
  lines: CostLine[];
  /** True when some line is unknown: `monthlyUsd` excludes it. */
  hasUnknownLines: boolean;
  findings: Finding[];
}

/** On-demand Advantage adds an account-level minimum commitment. */
export interface AdvantageModeCost extends ModeCost {
  /** The account's monthly minimum: 25 MiB/s ingest and 25 MiB/s retrieval at Advantage rates. */
  commitmentMonthlyUsd: number;
  /** max(monthlyUsd, commitmentMonthlyUsd): the bill if this were the account's only Advantage stream. */
  standaloneMonthlyUsd: number;
}

export interface StreamCost {
  provisioned: ModeCost;
  onDemand: ModeCost;
  onDemandAdvantage: AdvantageModeCost;
}

const SLOPE_REFERENCE_RECORDS_PER_SEC = 1e6;

/** Prices one stream in all three capacity modes. */
export function costStream(input: StreamCostInput, pricing: Pricing): StreamCost {
  checkInput(input);
  const v = volumes(input);
  return {
    provisioned: costProvisioned(input, v, pricing.kinesis.provisioned),
    onDemand: costOnDemand(input, v, pricing.kinesis.onDemand),
    onDemandAdvantage: costAdvantage(input, v, pricing.kinesis.onDemandAdvantage),
  };
}

/** Monthly volumes every mode prices from. */
interface Volumes {
  seconds: number;
  records: number;
  /** Bytes written as stored (not rounded). */
  bytes: number;
  putPayloadUnits: number;
  /** Data-In bytes with each record rounded up to 1 KiB. */
  onDemandInBytes: number;
  extendedGb: number;
  longTermGb: number;
  beyond24hGb: number;
  isLongTerm: boolean;
}

function volumes(input: StreamCostInput): Volumes {
  const seconds = input.monthHours * SECONDS_PER_HOUR;
  const records = input.kinesisRecordsPerSecAvg * seconds;
  const recordBytes = input.kinesisRecordBytesAvg;
  const storedBytesPerSec = input.kinesisRecordsPerSecAvg * recordBytes;
  const r = input.retentionHours;
  const extendedHours = Math.max(0, Math.min(r, RETENTION_EXTENDED_MAX_HOURS) - RETENTION_MIN_HOURS);
  const longTermHours = Math.max(0, r - RETENTION_EXTENDED_MAX_HOURS);
  const gbHeld = (hours: number) => (storedBytesPerSec * SECONDS_PER_HOUR * hours) / input.gbBytes;
  return {
    seconds,
    records,
    bytes: records * recordBytes,
    putPayloadUnits: records * Math.max(1, Math.ceil(recordBytes / input.putPayloadUnitBytes)),
    onDemandInBytes:
      records * Math.ceil(recordBytes / ON_DEMAND_DATA_IN_ROUND_BYTES) * ON_DEMAND_DATA_IN_ROUND_BYTES,
    extendedGb: gbHeld(extendedHours),
    longTermGb: gbHeld(longTermHours),
    beyond24hGb: gbHeld(extendedHours + longTermHours),
    isLongTerm: longTermHours > 0,
  };
}

function line(
  key: string,
  item: string,
  quantity: number | null,
  price: Price,
  unit = price.unit,
  scope: CostLine['scope'] = 'stream',
): CostLine {
  return costLine(key, item, quantity, unit, price.usd, scope);
}

function modeCost(mode: CostMode, lines: CostLine[], findings: Finding[]): ModeCost {
  let monthlyUsd = 0;
  let hasUnknownLines = false;
  for (const l of lines) {
    if (l.scope !== 'stream') continue;
    if (l.monthlyUsd === null) hasUnknownLines = true;
    else monthlyUsd += l.monthlyUsd;
  }
  return { mode, monthlyUsd, lines, hasUnknownLines, findings };
}

/**
 * Reads of data older than 7 days: a line when retention goes beyond 7 days, unknown when the workload is silent or
 * when the pricing file has no price for it (the AWS Price List has no such SKU for the on-demand modes).
 */
function longTermReadLine(
  input: StreamCostInput,
  v: Volumes,
  price: Price | undefined,
  mode: CostMode,
  findings: Finding[],
): CostLine[] {
  const reads = input.longTermReadBytesPerMonth;
  const item = 'Reads of data older than 7 days';
  if (!v.isLongTerm) {
    if (reads !== undefined && reads > 0 && mode === 'provisioned') {
      findings.push({
        code: 'LONG_TERM_READS_WITHOUT_LONG_TERM_RETENTION',
        severity: 'warning',
        path: `${input.path}.retention`,
        args: { retentionHours: input.retentionHours, readBytesPerMonth: reads },
      });
    }
    return [];
  }
  const unit = price?.unit ?? 'GB';
  if (reads === undefined) {
    findings.push({
      code: 'COST_INPUT_UNKNOWN',
      severity: 'warning',
      path: `${input.path}.consumers`,
      args: { mode, item: 'long-term-reads', ...(price !== undefined ? { unitUsd: price.usd } : {}), unit, input: 'replayPerMonth' },
    });
    return [costLine('long-term-reads', item, null, unit, price?.usd ?? null)];
  }
  if (reads === 0) return [];
  if (price === undefined) {
    findings.push({
      code: 'COST_PRICE_UNKNOWN',
      severity: 'warning',
      path: `${input.path}.consumers`,
      args: { mode, item: 'long-term-reads', readBytesPerMonth: reads },
    });
  }
  return [costLine('long-term-reads', item, reads / input.gbBytes, unit, price?.usd ?? null)];
}

function costProvisioned(input: StreamCostInput, v: Volumes, p: Pricing['kinesis']['provisioned']): ModeCost {
  const findings: Finding[] = [];
  const shardHours = input.provisionedShards * input.monthHours;
  const lines: CostLine[] = [
    line('shard-hours', 'Shard hours', shardHours, p.shardHour),
    line('put-payload-units', 'PUT payload units', v.putPayloadUnits / 1e6, p.putPayloadUnitsMillion),
  ];
  if (input.retentionHours > RETENTION_MIN_HOURS) {
    lines.push(
      line(
        'extended-retention',
        'Extended retention (24 h to 7 days)',
        shardHours,
        p.extendedRetentionShardHour,
      ),
    );
  }
  lines.push(...longTermRetentionLines(v, p.longTermRetentionGbMonth));
  lines.push(...longTermReadLine(input, v, p.longTermRetrievalGb, 'provisioned', findings));
  if (input.efoConsumers > 0) {
    lines.push(
      line(
        'efo-consumer-shard-hours',
        'Enhanced fan-out consumer-shard hours',
        input.efoConsumers * shardHours,
        p.efoConsumerShardHour,
      ),
      line(
        'efo-data',
        'Enhanced fan-out data retrieved',
        (input.efoConsumers * v.bytes) / input.gbBytes,
        p.efoDataGb,
      ),
    );
  }
  return modeCost('provisioned', lines, findings);
}

/**
 * The data lines both on-demand modes bill, each at its own rates: data in (records rounded up to 1 KiB), data read
 * by polling consumers (each reads everything), and enhanced fan-out data.
 */
function onDemandDataLines(
  input: StreamCostInput,
  v: Volumes,
  p: Pick<Pricing['kinesis']['onDemand'], 'dataInGb' | 'dataOutGb' | 'efoDataGb'>,
): CostLine[] {
  const lines = [line('data-in', 'Data in (records rounded up to 1 KiB)', v.onDemandInBytes / input.gbBytes, p.dataInGb)];
  if (input.pollingConsumers > 0) {
    lines.push(line('data-out', 'Data retrieved by polling consumers', (input.pollingConsumers * v.bytes) / input.gbBytes, p.dataOutGb));
  }
  if (input.efoConsumers > 0) {
    lines.push(line('efo-data', 'Enhanced fan-out data retrieved', (input.efoConsumers * v.bytes) / input.gbBytes, p.efoDataGb));
  }
  return lines;
}

/** Long-term retention (data kept beyond 7 days), billed per GB-month in the provisioned and On-demand Standard modes. */
function longTermRetentionLines(v: Volumes, price: Price): CostLine[] {
  return v.isLongTerm ? [line('long-term-retention', 'Long-term retention (beyond 7 days)', v.longTermGb, price)] : [];
}

function costOnDemand(input: StreamCostInput, v: Volumes, p: Pricing['kinesis']['onDemand']): ModeCost {
  const findings: Finding[] = [];
  const lines: CostLine[] = [
    line('stream-hours', 'Stream hours', input.monthHours, p.streamHour),
    ...onDemandDataLines(input, v, p),
  ];
  if (v.extendedGb > 0) {
    lines.push(
      line(
        'extended-retention',
        'Extended retention (24 h to 7 days)',
        v.extendedGb,
        p.extendedRetentionGbMonth,
      ),
    );
  }
  lines.push(...longTermRetentionLines(v, p.longTermRetentionGbMonth));
  lines.push(...longTermReadLine(input, v, p.longTermRetrievalGb, 'on-demand', findings));
  return modeCost('on-demand', lines, findings);
}

function costAdvantage(
  input: StreamCostInput,
  v: Volumes,
  p: Pricing['kinesis']['onDemandAdvantage'],
): AdvantageModeCost {
  const findings: Finding[] = [];
  const lines: CostLine[] = [...onDemandDataLines(input, v, p)];
  if (v.beyond24hGb > 0) {
    lines.push(line('retention', 'Retention beyond 24 h', v.beyond24hGb, p.retentionGbMonth));
  }
  lines.push(...longTermReadLine(input, v, p.longTermRetrievalGb, 'on-demand-advantage', findings));
  const commitGb = (ON_DEMAND_ADVANTAGE_COMMIT_BYTES_PER_SEC * v.seconds) / input.gbBytes;
  const commitIn = line(
    'commitment-data-in',
    'Account minimum: 25 MiB/s ingest',
    commitGb,
    p.dataInGb,
    p.dataInGb.unit,
    'account',
  );
  const commitOut = line(
    'commitment-data-out',
    'Account minimum: 25 MiB/s retrieval',
    commitGb,
    p.dataOutGb,
    p.dataOutGb.unit,
    'account',
  );
  lines.push(commitIn, commitOut);
  const commitmentMonthlyUsd = (commitIn.monthlyUsd ?? 0) + (commitOut.monthlyUsd ?? 0);
  const base = modeCost('on-demand-advantage', lines, findings);
  findings.push({
    code: 'ODA_COMMITMENT_PER_ACCOUNT',
    severity: 'info',
    path: input.path,
    args: {
      commitBytesPerSec: ON_DEMAND_ADVANTAGE_COMMIT_BYTES_PER_SEC,
      commitmentMonthlyUsd,
      streamMonthlyUsd: base.monthlyUsd,
    },
  });
  return {
    ...base,
    commitmentMonthlyUsd,
    standaloneMonthlyUsd: Math.max(base.monthlyUsd, commitmentMonthlyUsd),
  };
}

function checkInput(input: StreamCostInput): void {
  const positive = [
    'monthHours',
    'putPayloadUnitBytes',
    'gbBytes',
    'kinesisRecordBytesAvg',
    'retentionHours',
  ] as const;
  for (const k of positive) {
    if (!(Number.isFinite(input[k]) && input[k] > 0))
      throw new InternalError(`costStream: ${k} must be > 0, got ${input[k]}`);
  }
  const nonNegative = ['kinesisRecordsPerSecAvg', 'pollingConsumers', 'efoConsumers'] as const;
  for (const k of nonNegative) {
    if (!(Number.isFinite(input[k]) && input[k] >= 0))
      throw new InternalError(`costStream: ${k} must be ≥ 0, got ${input[k]}`);
  }
  if (!(Number.isInteger(input.provisionedShards) && input.provisionedShards >= 1)) {
    throw new InternalError(
      `costStream: provisionedShards must be an integer ≥ 1, got ${input.provisionedShards}`,
    );
  }
  const reads = input.longTermReadBytesPerMonth;
  if (reads !== undefined && !(Number.isFinite(reads) && reads >= 0)) {
    throw new InternalError(`costStream: longTermReadBytesPerMonth must be ≥ 0, got ${reads}`);
  }
}

/** The comparison at one traffic level. */
export interface ModeComparison {
  /** The cheapest mode. On-demand Advantage is counted at its standalone cost (the account minimum included). */
  cheapest: CostMode;
  /** The next cheapest, and how much more it costs per month. */
  runnerUp: CostMode;
  differenceUsd: number;
  /** Monthly cost of each mode, known lines only (Advantage: standalone). */
  monthlyUsd: Record<CostMode, number>;
  /** This stream's own usage at Advantage rates, without the account minimum. */
  advantageStreamMonthlyUsd: number;
  /** True when some mode has an unknown line (the same input is unknown in every mode). */
  hasUnknownLines: boolean;
  /** Average write rate as a share of the planned peak. */
  averageShareOfPeak: number;
  /**
   * The average traffic, as a share of the planned peak, at which provisioned (paid for the peak shards all month)
   * and On-demand Standard (paid for the traffic sent) cost the same. Below it on-demand is cheaper; above it,
   * provisioned. null when the two never cross at a positive traffic level.
   */
  breakEvenShareOfPeak: number | null;
  /** The same point as an average rate in Kinesis records per second; null when there is none. */
  breakEvenRecordsPerSecAvg: number | null;
  /** Share of the provisioned shards' write capacity (records or bytes, whichever is higher) used on average. */
  provisionedUtilisationAvg: number;
  findings: Finding[];
}

export interface CostComparison {
  now: ModeComparison;
  /** The same at the growth horizon, when an input for it is given. */
  horizon?: ModeComparison;
}

/** Compares the three capacity modes for a stream now and, if given, at the growth horizon. */
export function compareModes(
  input: StreamCostInput,
  pricing: Pricing,
  horizonInput?: StreamCostInput,
): CostComparison {
  const now = compareAt(input, pricing);
  return horizonInput ? { now, horizon: compareAt(horizonInput, pricing) } : { now };
}

function compareAt(input: StreamCostInput, pricing: Pricing): ModeComparison {
  const cost = costStream(input, pricing);
  const monthlyUsd: Record<CostMode, number> = {
    provisioned: cost.provisioned.monthlyUsd,
    'on-demand': cost.onDemand.monthlyUsd,
    'on-demand-advantage': cost.onDemandAdvantage.standaloneMonthlyUsd,
  };
  const ranked = [...COST_MODES].sort((a, b) => monthlyUsd[a] - monthlyUsd[b]);
  const cheapest = ranked[0]!;
  const runnerUp = ranked[1]!;
  const peak = Math.max(
    input.kinesisRecordsPerSecPeak ?? input.kinesisRecordsPerSecAvg,
    input.kinesisRecordsPerSecAvg,
  );
  const shards = input.provisionedShards;
  const avgBytesPerSec = input.kinesisRecordsPerSecAvg * input.kinesisRecordBytesAvg;
  const even = breakEven(input, pricing, peak);
  const findings: Finding[] = [];
  const advantage = cost.onDemandAdvantage;
  if (advantage.monthlyUsd < advantage.commitmentMonthlyUsd) {
    findings.push({
      code: 'ODA_BELOW_COMMITMENT',
      severity: 'info',
      path: input.path,
      args: { streamMonthlyUsd: advantage.monthlyUsd, commitmentMonthlyUsd: advantage.commitmentMonthlyUsd },
    });
  }
  return {
    cheapest,
    runnerUp,
    differenceUsd: monthlyUsd[runnerUp] - monthlyUsd[cheapest],
    monthlyUsd,
    advantageStreamMonthlyUsd: advantage.monthlyUsd,
    hasUnknownLines:
      cost.provisioned.hasUnknownLines || cost.onDemand.hasUnknownLines || advantage.hasUnknownLines,
    averageShareOfPeak: peak > 0 ? input.kinesisRecordsPerSecAvg / peak : 0,
    breakEvenShareOfPeak: even === null ? null : even / peak,
    breakEvenRecordsPerSecAvg: even,
    provisionedUtilisationAvg: Math.max(
      input.kinesisRecordsPerSecAvg / (shards * SHARD_WRITE_RECORDS_PER_SEC),
      avgBytesPerSec / (shards * SHARD_WRITE_BYTES_PER_SEC),
    ),
    findings,
  };
}

/**
 * Both modes' costs are linear in the average record rate x (record size, shards and replay volume held fixed):
 * cost(x) = fixed + slope × x. Provisioned has the larger fixed part (shard-hours), on-demand the larger slope
 * (per-GB ingest). They meet at x* = (fixedP − fixedO) / (slopeO − slopeP) records/s; the share of peak is x* / peak.
 */
function breakEven(input: StreamCostInput, pricing: Pricing, peak: number): number | null {
  if (!(peak > 0)) return null;
  const at = (x: number) => costStream({ ...input, kinesisRecordsPerSecAvg: x }, pricing);
  const zero = at(0);
  // Any positive rate measures the slope of a line; a large one keeps the variable part well above rounding noise.
  const reference = at(SLOPE_REFERENCE_RECORDS_PER_SEC);
  const fixedP = zero.provisioned.monthlyUsd;
  const fixedO = zero.onDemand.monthlyUsd;
  const slopeP = (reference.provisioned.monthlyUsd - fixedP) / SLOPE_REFERENCE_RECORDS_PER_SEC;
  const slopeO = (reference.onDemand.monthlyUsd - fixedO) / SLOPE_REFERENCE_RECORDS_PER_SEC;
  if (slopeO === slopeP) return null;
  const x = (fixedP - fixedO) / (slopeO - slopeP);
  return x > 0 && Number.isFinite(x / peak) ? x : null;
}
