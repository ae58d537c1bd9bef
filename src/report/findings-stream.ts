import type { Finding } from '../vocab/findings.js';
import { formatByteRate, formatDuration, formatNumber, formatPercent, formatRecordRate } from './units.js';

type Args = Finding['args'];
const num = (a: Args, k: string): number => Number(a[k]);

const LIMIT_NAMES: Record<string, string> = {
  writeBytes: 'write bytes (1 MiB/s per shard)',
  writeRecords: 'write records (1,000/s per shard)',
  readBytes: 'shared read bytes (2 MiB/s per shard)',
};

/** Wording of the shard planner's findings. */
export const streamFindingMessages: Record<string, (a: Args) => string> = {
  READ_CALLS_OVER_LIMIT: (a) =>
    `${num(a, 'pollingReaders')} polling readers make ${formatNumber(num(a, 'callsPerShardPerSec'))} GetRecords calls per shard per second, over the limit of 5: reads will be throttled whatever the shard count. Poll every ${formatDuration(num(a, 'suggestedPollIntervalSec'))} or slower, or move readers to enhanced fan-out.`,
  READ_CALLS_AT_RISK: (a) =>
    `${num(a, 'pollingReaders')} polling readers make ${formatNumber(num(a, 'callsPerShardPerSec'))} GetRecords calls per shard per second against a limit of 5; any retry or extra reader throttles. More shards do not help: poll every ${formatDuration(num(a, 'suggestedPollIntervalSec'))} or slower, or move a reader to enhanced fan-out.`,
  SHARED_READ_BINDS: (a) =>
    `The shared 2 MiB/s read limit binds: ${num(a, 'sharedReaders')} polling readers need ${formatNumber(num(a, 'readShards'))} shards where writes need ${formatNumber(num(a, 'writeShards'))}. Enhanced fan-out gives each reader its own 2 MiB/s per shard.`,
  NO_PEAK_GIVEN: () =>
    'No peak given: the stream is sized for its average rate. Give `peak:` (e.g. 3x or 9000/s) so that bursts are planned for.',
  SHARDS_OVER_STREAM_MAXIMUM: (a) =>
    `${formatNumber(num(a, 'required'))} shards exceed the ${formatNumber(num(a, 'maximum'))} a stream can be scaled to with UpdateShardCount; split the traffic over several streams.`,
  EXISTING_SHARDS_TOO_FEW: (a) =>
    `The existing ${num(a, 'existing')} shards are fewer than the ${num(a, 'required')} needed: at peak, ${LIMIT_NAMES[String(a.limit)] ?? String(a.limit)} runs at ${formatPercent(num(a, 'peakUtilisation'))} of capacity.`,
  EXISTING_SHARDS_OUTGROWN: (a) =>
    `The existing ${num(a, 'existing')} shards are enough today, but growth needs ${num(a, 'required')} within ${formatNumber(num(a, 'months'))} months.`,
  EXISTING_SHARDS_OVERPROVISIONED: (a) =>
    `The existing ${num(a, 'existing')} shards are at least twice the ${num(a, 'required')} needed; shards are billed every hour whether used or not.`,
  ON_DEMAND_OVER_MAXIMUM: (a) =>
    `A peak of ${formatByteRate(num(a, 'peakBytesPerSec'))} is more than ${String(a.mode)} scales to (${formatByteRate(num(a, 'maxBytesPerSec'))}); set onDemand.maxWriteThroughput if AWS raised it for your account, or use provisioned mode.`,
  ON_DEMAND_BURST_THROTTLES: (a) =>
    `In ${String(a.mode)} mode the stream takes ${formatByteRate(num(a, 'instantBytesPerSec'))} at once (${a.hasPreviousPeak ? 'twice its previous peak' : 'a new stream'}); a burst to ${formatByteRate(num(a, 'peakBytesPerSec'))} (${formatRecordRate(num(a, 'peakRecordsPerSec'))}) more than doubles that within 15 minutes and throttles while it scales: ${num(a, 'doublings')} doubling(s), about ${formatNumber(num(a, 'minutes'))} minutes.${String(a.mode) === 'on-demand-advantage' ? ' Set warm throughput to the peak to avoid it.' : ' Pre-warm by sending the peak once, or use provisioned mode.'}`,
};
