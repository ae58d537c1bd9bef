import type { CostFindingArgs } from './findings-cost.js';
import type { DeliveryFindingArgs } from './findings-delivery.js';
import type { IacFindingArgs } from './findings-iac.js';
import type { ProducerFindingArgs } from './findings-producer.js';
import type { SimFindingArgs } from './findings-sim.js';
import type { StreamFindingArgs } from './findings-stream.js';

/** How much a finding matters: an error means the design will not work as described. */
export type Severity = 'error' | 'warning' | 'info';

/** Arguments of a code that carries none. */
export type NoArgs = Record<string, never>;

/**
 * Every finding code with the type of its arguments, gathered from the groups the wording follows (src/report/
 * findings-*.ts). A code in two groups with different arguments is a compile error here.
 */
export interface FindingArgs
  extends StreamFindingArgs, ProducerFindingArgs, DeliveryFindingArgs, CostFindingArgs, SimFindingArgs, IacFindingArgs {}

export type FindingCode = keyof FindingArgs;
export type ArgsOf<C extends FindingCode> = FindingArgs[C];

// `Finding` is the union of every code's finding, each with its own typed `args`; `Finding<'NO_PEAK_GIVEN'>` is one
// code's. The JSON Schemas publish it as one object with `args` a record (test/helpers/report-schemas.ts), under the
// doc comment below.
/**
 * A finding is data: a stable code, where it applies (a field path in the workload, e.g. `streams[0].consumers`),
 * and the numbers behind it. The wording lives only in src/report/findings.ts.
 */
export type Finding<C extends FindingCode = FindingCode> = {
  [K in C]: { code: K; severity: Severity; path: string; args: ArgsOf<K> };
}[C];

/** A list of codes, accepted only when it names every code in FindingArgs (the error names the missing ones). */
function everyCode<const L extends readonly FindingCode[]>(
  codes: L & ([Exclude<FindingCode, L[number]>] extends [never] ? unknown : { missing: Exclude<FindingCode, L[number]> }),
): L {
  return codes;
}

/** Every finding code at run time, in the order of the wording groups: stream, producer, delivery, cost, sim, iac. */
export const FINDING_CODES = everyCode([
  'READ_CALLS_OVER_LIMIT',
  'READ_CALLS_AT_RISK',
  'SHARED_READ_BINDS',
  'NO_PEAK_GIVEN',
  'SHARDS_OVER_STREAM_MAXIMUM',
  'EXISTING_SHARDS_TOO_FEW',
  'EXISTING_SHARDS_OUTGROWN',
  'EXISTING_SHARDS_OVERPROVISIONED',
  'CONSUMER_BINDS',
  'CONSUMER_FALLS_BEHIND',
  'CONSUMER_CATCH_UP_TOO_SLOW',
  'LAMBDA_CONCURRENCY_OVER_DEFAULT',
  'ON_DEMAND_OVER_MAXIMUM',
  'ON_DEMAND_BURST_THROTTLES',
  'AGGREGATION_RECOMMENDED',
  'AGGREGATION_GAIN',
  'AGGREGATION_RECORDS_TOO_LARGE',
  'AGGREGATION_RATE_TOO_LOW',
  'AGGREGATION_NEEDS_DEAGGREGATION',
  'HOT_KEY_OVER_SHARD_LIMIT',
  'KEY_SKEW_NEEDS_SHARDS',
  'HOT_KEY_HEADROOM_UNREACHABLE',
  'RISK_KEY_OVER_SHARD_LIMIT',
  'RISK_HOT_SHARD_OVER_LIMIT',
  'RISK_HOT_SHARD_NEAR_LIMIT',
  'RISK_KEY_SKEW',
  'RISK_BURSTY_TRAFFIC',
  'RISK_SHARED_READ_OVER_LIMIT',
  'RISK_SHARED_READ_NEAR_LIMIT',
  'FIREHOSE_RECORD_TOO_LARGE',
  'FIREHOSE_LATENCY_TARGET_MISSED',
  'FIREHOSE_OBJECT_SIZE_TARGET_MISSED',
  'FIREHOSE_TINY_OBJECTS',
  'FIREHOSE_BUFFER_BELOW_RECOMMENDED',
  'FIREHOSE_SMALL_RECORDS',
  'FIREHOSE_PARTITIONS_ABOVE_DEFAULT',
  'FIREHOSE_PARTITIONS_ABOVE_MAX',
  'FIREHOSE_PARTITION_THROUGHPUT_EXCEEDED',
  'FIREHOSE_LAMBDA_PAYLOAD_TOO_LARGE',
  'FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED',
  'FLINK_UNDERSIZED',
  'FLINK_KPU_LIMIT',
  'FLINK_SOURCE_GET_RECORDS_EXCEEDED',
  'FLINK_SOURCE_SHARED_READ_EXCEEDED',
  'FLINK_SOURCE_READ_NEEDS_SHARDS',
  'FLINK_EFO_CONSUMERS_EXCEEDED',
  'COST_INPUT_UNKNOWN',
  'COST_PRICE_UNKNOWN',
  'PRICES_NOT_FOUND',
  'PRICING_REGION_MISMATCH',
  'PRICES_STALE',
  'LONG_TERM_READS_WITHOUT_LONG_TERM_RETENTION',
  'ODA_COMMITMENT_PER_ACCOUNT',
  'ODA_BELOW_COMMITMENT',
  'SIM_THROTTLED',
  'SIM_HOT_SHARD',
  'SIM_RECORDS_DROPPED',
  'SIM_HIDDEN_BURST',
  'SIM_READ_THROTTLED',
  'SIM_CONSUMER_LAG',
  'SIM_ON_DEMAND_SCALING_THROTTLE',
  'SIM_TRACE_SPREAD_EVENLY',
  'SIM_PENDING_AT_END',
  'SIM_SHARDS_VS_PLAN',
  'SIM_SHARDS_HOT_KEYS',
  'SIM_SHARDS_NONE',
  'IAC_SHARDS_TOO_FEW',
  'IAC_SHARDS_OUTGROWN',
  'IAC_SHARDS_OVERPROVISIONED',
  'IAC_MODE_COSTLIER',
  'IAC_VALUE_UNKNOWN',
  'IAC_MAX_RECORD_SIZE_TOO_SMALL',
  'IAC_FIREHOSE_BUFFER_REJECTED',
  'IAC_FIREHOSE_LATENCY_MISSED',
  'IAC_FLINK_TOO_FEW_KPUS',
  'IAC_FLINK_SETTING_REJECTED',
  'IAC_EVENT_SOURCE_SETTING_REJECTED',
  'IAC_RESOURCE_NOT_IN_WORKLOAD',
  'IAC_NOT_DECLARED',
]);
