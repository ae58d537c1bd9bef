import type { StreamPlan } from '../plan/index.js';
import { wholeShards, type LimitNeed } from '../plan/shards.js';
import type { ShardLimit } from '../vocab/shard-limits.js';
import { formatByteRate, formatNumber, formatShards } from './units.js';

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
  return wholeShards(stream.shards.byLimit[stream.shards.binding]);
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
