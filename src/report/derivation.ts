import type { StreamPlan } from '../plan/index.js';
import { wholeShards, type LimitNeed } from '../plan/shards.js';
import type { ShardNeed } from '../plan/stream.js';
import type { ConsumerProcessing } from '../plan/consumers.js';
import type { ShardLimit } from '../vocab/shard-limits.js';
import { formatByteRate, formatDuration, formatNumber, formatShards } from './units.js';

export const LIMIT_LABELS: Record<ShardLimit, string> = {
  writeBytes: 'write bytes',
  writeRecords: 'write records',
  readBytes: 'shared read bytes',
};

function headroomText(need: LimitNeed): string {
  return need.headroomFactor === 1 ? '' : ` × ${formatNumber(need.headroomFactor, 3)} headroom`;
}

/** Whole shards the binding limit needs with the load spread evenly (partition-key skew can add to it). */
export function evenSpreadShards(stream: Pick<StreamPlan, 'shards'>): number {
  const { binding, consumer } = stream.shards;
  return wholeShards(binding === 'consumer' ? (consumer?.shards ?? 1) : stream.shards.byLimit[binding]);
}

/** What binds a shard need, in words: a limit's label, or the consumer by name. */
export function bindingLabel(need: Pick<ShardNeed, 'binding' | 'consumer'>): string {
  return need.binding === 'consumer' ? `consumer ${need.consumer?.name ?? ''}` : LIMIT_LABELS[need.binding];
}

/** "10,000 records/s ÷ 300 per shard = 33.33 → 34" for a consumer's own need (keep up, or catch up after a spike). */
export function consumerDerivationText(c: Pick<ConsumerProcessing, 'need' | 'maxLagSec'>): string {
  const need = c.need.binding;
  const spike = c.need.isCatchUp ? c.need.catchUp?.spike : undefined;
  const demand =
    spike && c.maxLagSec !== null
      ? `(${formatNumber(spike.recordsPerSec)}/s × ${formatDuration(spike.lengthSec)} + ${formatNumber(c.need.keepUp.demandPerSec)}/s × ${formatDuration(c.maxLagSec)}) ÷ ${formatDuration(spike.lengthSec + c.maxLagSec)} = ${formatNumber(need.demandPerSec)} records/s`
      : `${formatNumber(need.demandPerSec)} records/s`;
  return `${demand} ÷ ${formatNumber(need.capacityPerShard)} per shard${headroomText(need)} = ${formatShards(need.shards)} → ${wholeShards(need.shards)}`;
}

/** One line per consumer with a speed: its lag at peak, its catch-up after the worst spike, a Lambda's concurrency. */
export function consumerLines(consumers: readonly ConsumerProcessing[]): string[] {
  return consumers.map((c) => {
    const p = c.planned;
    const lag = p.lagSec === null ? `falls behind at peak (${formatNumber(p.peakUtilisation * 100, 1)}% of what it processes)` : `lag about ${formatDuration(p.lagSec)} at peak`;
    const catchUp =
      p.spike === null ? '' : p.catchUpSec === null ? '; never catches up after the spike' : `; catches up ${formatDuration(p.catchUpSec)} after the spike`;
    const target = c.maxLagSec !== null ? ` (maxLag ${formatDuration(c.maxLagSec)})` : '';
    const lambda = c.lambda
      ? `; ${p.shards} shards × parallelizationFactor ${c.lambda.parallelizationFactor} = ${formatNumber(c.lambda.concurrency)} concurrent invocations of the account's default ${formatNumber(c.lambda.accountConcurrencyDefault)}`
      : '';
    return `${c.type === 'lambda' ? 'Lambda' : 'Consumer'} ${c.name}: ${lag}${catchUp}${target}${lambda}.`;
  });
}

/** "9,000 records/s ÷ 1,000 per shard × 1.2 headroom = 10.8 → 11" for one limit of one stream. */
export function derivationText(
  stream: Pick<StreamPlan, 'shards' | 'demand'>,
  limit: ShardLimit,
  withWhole = true,
): string {
  const need = stream.shards.derivation[limit];
  const whole = withWhole ? ` → ${wholeShards(need.shards)}` : '';
  const result = ` = ${formatShards(need.shards)}${whole}`;
  switch (limit) {
    case 'writeBytes':
      return `${formatByteRate(need.demandPerSec)} ÷ ${formatByteRate(need.capacityPerShard)} per shard${headroomText(need)}${result}`;
    case 'writeRecords':
      return `${formatNumber(need.demandPerSec)} records/s ÷ ${formatNumber(need.capacityPerShard)} per shard${headroomText(need)}${result}`;
    case 'readBytes': {
      const readers = stream.demand.peak.sharedReaders;
      if (readers === 0) return 'no polling readers = 0';
      return `${readers} reader${readers === 1 ? '' : 's'} × ${formatByteRate(stream.demand.peak.readBytesPerSecPerReader)} ÷ ${formatByteRate(need.capacityPerShard)} per shard${headroomText(need)}${result}`;
    }
  }
}
