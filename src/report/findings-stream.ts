import type { StreamFindingArgs } from '../vocab/findings-stream.js';
import type { ShardLimit } from '../vocab/shard-limits.js';
import type { Wording } from './findings.js';
import type { CostMode } from '../vocab/capacity-modes.js';
import { formatByteRate, formatDuration, formatNumber, formatPercent, formatRecordRate, formatUsd } from './units.js';

const MODE_NAMES: Record<CostMode, string> = {
  provisioned: 'provisioned',
  'on-demand': 'On-demand Standard',
  'on-demand-advantage': 'On-demand Advantage',
};

const LIMIT_NAMES: Record<ShardLimit, string> = {
  writeBytes: 'write bytes (1 MiB/s per shard)',
  writeRecords: 'write records (1,000/s per shard)',
  readBytes: 'shared read bytes (2 MiB/s per shard)',
};

/** The on-demand line of a stream's plan: what it takes at once, and the doublings to the peak in the unit that drives them. */
export function onDemandFitLine(od: {
  mode: string;
  instantWriteBytesPerSec: number;
  instantRecordsPerSec: number;
  maxWriteBytesPerSec: number;
  peakWriteBytesPerSec: number;
  peakRecordsPerSec: number;
  fitsInstantly: boolean;
  doublingsNeeded: number;
  drivenBy: 'writeRecords' | 'writeBytes';
  scaledWriteBytesPerSec: number;
  scaledRecordsPerSec: number;
  secondsToScale: number;
}): string {
  const isRecords = od.drivenBy === 'writeRecords';
  const takes = isRecords
    ? `${formatRecordRate(od.instantRecordsPerSec)} (${formatByteRate(od.instantWriteBytesPerSec)})`
    : formatByteRate(od.instantWriteBytesPerSec);
  const peak = isRecords ? `${formatRecordRate(od.peakRecordsPerSec)} (${formatByteRate(od.peakWriteBytesPerSec)})` : formatByteRate(od.peakWriteBytesPerSec);
  if (od.fitsInstantly) return `${od.mode}: takes ${takes} at once, scales to ${formatByteRate(od.maxWriteBytesPerSec)}; peak ${peak} fits at once.`;
  const steps = isRecords
    ? `${formatNumber(od.instantRecordsPerSec)} → ${formatRecordRate(od.scaledRecordsPerSec)}`
    : `${formatByteRate(od.instantWriteBytesPerSec)} → ${formatByteRate(od.scaledWriteBytesPerSec)}`;
  return `${od.mode}: takes ${takes} at once, scales to ${formatByteRate(od.maxWriteBytesPerSec)}; peak ${peak} needs ${od.doublingsNeeded} doubling(s) (${steps}), about ${formatNumber(od.secondsToScale / 60)} min of throttling on a sudden burst.`;
}

/** The two fixes for too many GetRecords calls, each with the calls per shard per second it leaves. */
function readCallsFix(a: StreamFindingArgs['READ_CALLS_OVER_LIMIT']): string {
  const efo =
    a.readersToEfo >= a.pollingReaders
      ? `moving ${a.pollingReaders === 1 ? 'the reader' : 'every reader'} to enhanced fan-out leaves none`
      : `moving the ${a.readersToEfo === 1 ? 'busiest reader' : `${formatNumber(a.readersToEfo)} busiest readers`} to enhanced fan-out leaves ${formatNumber(a.callsPerShardPerSecAfterEfo)}`;
  return `Polling every ${formatDuration(a.suggestedPollIntervalSec)} or slower leaves ${formatNumber(a.callsPerShardPerSecAfterPoll)} calls per shard per second; ${efo}.`;
}

/** Wording of the shard planner's findings. */
export const streamFindingMessages: Wording<StreamFindingArgs> = {
  READ_CALLS_OVER_LIMIT: (a) =>
    `${a.pollingReaders} polling readers make ${formatNumber(a.callsPerShardPerSec)} GetRecords calls per shard per second, over the limit of 5: reads will be throttled whatever the shard count. ${readCallsFix(a)}`,
  READ_CALLS_AT_RISK: (a) =>
    `${a.pollingReaders} polling readers make ${formatNumber(a.callsPerShardPerSec)} GetRecords calls per shard per second against a limit of 5; any retry or extra reader throttles. More shards do not help. ${readCallsFix(a)}`,
  SHARED_READ_BINDS: (a) => {
    const priced =
      a.monthlyUsd !== undefined && a.monthlyUsdAfter !== undefined && a.shardsAfter !== undefined && a.mode !== undefined
        ? `; on ${formatNumber(a.shardsAfter)} shards the stream then costs ${formatUsd(a.monthlyUsdAfter)} a month instead of ${formatUsd(a.monthlyUsd)} (${MODE_NAMES[a.mode]}; EFO is billed per consumer-shard-hour and GB)`
        : ' (EFO is billed per consumer-shard-hour and GB)';
    return `The shared 2 MiB/s read limit binds: ${a.sharedReaders} polling readers need ${formatNumber(a.readShards)} shards where writes need ${formatNumber(a.writeShards)}. Enhanced fan-out gives each reader its own 2 MiB/s per shard: with the polling readers moved to it, the ${formatNumber(a.writeShards)} shards writes need carry the reads${priced}.`;
  },
  NO_PEAK_GIVEN: () =>
    'No peak given: the stream is sized for its average rate. Give `peak:` (e.g. 3x or 9000/s) so that bursts are planned for.',
  SHARDS_OVER_STREAM_MAXIMUM: (a) =>
    `${formatNumber(a.required)} shards exceed the ${formatNumber(a.maximum)} a stream can be scaled to with UpdateShardCount; split the traffic over several streams${
      a.streamsNeeded !== undefined && a.shardsPerStream !== undefined
        ? ` (evenly over ${formatNumber(a.streamsNeeded)}, each needs ${formatNumber(a.shardsPerStream)} shards)`
        : ''
    }.`,
  EXISTING_SHARDS_TOO_FEW: (a) =>
    `The existing ${a.existing} shards are fewer than the ${a.required} needed: at peak, ${LIMIT_NAMES[a.limit]} runs at ${formatPercent(a.peakUtilisation)} of capacity.`,
  EXISTING_SHARDS_OUTGROWN: (a) =>
    `The existing ${a.existing} shards are enough today, but growth needs ${a.required} within ${formatNumber(a.months)} months.`,
  EXISTING_SHARDS_OVERPROVISIONED: (a) =>
    a.monthlyUsdSaved !== undefined && a.monthlyUsdAfter !== undefined
      ? `The existing ${a.existing} shards are at least twice the ${a.required} needed; shards are billed every hour whether used or not: on ${a.required} shards the stream costs ${formatUsd(a.monthlyUsdAfter)} a month, ${formatUsd(a.monthlyUsdSaved)} less (provisioned).`
      : `The existing ${a.existing} shards are at least twice the ${a.required} needed; shards are billed every hour whether used or not.`,
  CONSUMER_BINDS: (a) =>
    `Consumer ${a.consumer} sets the shard count: at ${formatRecordRate(a.recordsPerSecPerShard)} per shard it needs ${formatNumber(a.consumerShards)} shards to ${a.isCatchUp ? 'catch up after the spike within its lag target' : 'keep up at peak'}, where writes need ${formatNumber(a.writeShards)}. A faster consumer (more workers per shard, or a Lambda's parallelizationFactor) needs fewer${
      a.shardsAfter !== undefined && a.recordsPerSecPerShardAfter !== undefined
        ? `: at ${formatRecordRate(a.recordsPerSecPerShardAfter)} per shard the stream needs ${formatNumber(a.shardsAfter)} shards`
        : ''
    }.`,
  CONSUMER_FALLS_BEHIND: (a) =>
    `Consumer ${a.consumer} falls behind at peak: ${a.shards} shards let it process ${formatRecordRate(a.capacityRecordsPerSec)} against ${formatRecordRate(a.peakRecordsPerSec)} arriving, so its lag grows until the peak passes.`,
  CONSUMER_CATCH_UP_TOO_SLOW: (a) =>
    `Consumer ${a.consumer} needs ${formatDuration(a.catchUpSec)} to catch up after the spike on ${a.shards} shards, longer than its maxLag of ${formatDuration(a.maxLagSec)}.`,
  LAMBDA_CONCURRENCY_OVER_DEFAULT: (a) =>
    `Lambda ${a.consumer} runs ${formatNumber(a.concurrency)} concurrent invocations (${a.shards} shards × parallelizationFactor ${a.parallelizationFactor}), above the account's default of ${formatNumber(a.accountDefault)} per Region shared by every function: ask for a quota increase, or other functions will be throttled.`,
  ON_DEMAND_OVER_MAXIMUM: (a) =>
    `A peak of ${formatByteRate(a.peakBytesPerSec)} is more than ${a.mode} scales to (${formatByteRate(a.maxBytesPerSec)}); set onDemand.maxWriteThroughput if AWS raised it for your account, or use provisioned mode${
      a.provisionedShards !== undefined ? `, where the peak needs ${formatNumber(a.provisionedShards)} shards` : ''
    }.`,
  ON_DEMAND_BURST_THROTTLES: (a) => {
    const isRecords = a.drivenBy === 'writeRecords';
    const instant = isRecords
      ? `${formatRecordRate(a.instantRecordsPerSec)} (${formatByteRate(a.instantBytesPerSec)})`
      : `${formatByteRate(a.instantBytesPerSec)} (${formatRecordRate(a.instantRecordsPerSec)})`;
    const burst = isRecords
      ? `${formatRecordRate(a.peakRecordsPerSec)} (${formatByteRate(a.peakBytesPerSec)})`
      : `${formatByteRate(a.peakBytesPerSec)} (${formatRecordRate(a.peakRecordsPerSec)})`;
    const steps = isRecords
      ? `records/s set the pace: ${formatNumber(a.instantRecordsPerSec)} → ${formatRecordRate(a.scaledRecordsPerSec)}`
      : `bytes set the pace: ${formatByteRate(a.instantBytesPerSec)} → ${formatByteRate(a.scaledBytesPerSec)}`;
    const why = isRecords ? `, the peak's records at 1,000 records/s per MiB/s` : '';
    const fix =
      a.mode === 'on-demand-advantage'
        ? `Warm throughput of ${formatByteRate(a.warmBytesPerSec)}${isRecords ? ` (${why.slice(2)})` : ''} takes the burst at once, without throttling.`
        : `Pre-warming (send the peak once, so that the stream scales to ${formatByteRate(a.warmBytesPerSec)}${why}) or provisioned mode takes the burst without throttling.`;
    return `In ${a.mode} mode the stream takes ${instant} at once (${a.hasPreviousPeak ? 'twice its previous peak' : 'a new stream'}); a burst to ${burst} more than doubles that within 15 minutes and throttles while it scales: ${a.doublings} doubling(s), ${steps}, about ${formatNumber(a.minutes)} minutes. ${fix}`;
  },
};
