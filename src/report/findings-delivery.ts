import type { Finding } from '../vocab/findings.js';
import { formatBytes, formatByteRate, formatDuration, formatNumber, formatUsd } from './units.js';

type Args = Finding['args'];
const num = (a: Args, k: string): number => Number(a[k]);

const LIMITED_BY: Record<string, string> = {
  'max-buffer-size': 'the largest buffer the destination accepts',
  'latency-target': 'the latency target, which caps the interval',
  traffic: 'the traffic: the buffer does not fill before the longest interval',
};

/** Wording of the Firehose and Flink stage findings. */
export const deliveryFindingMessages: Record<string, (a: Args) => string> = {
  FIREHOSE_RECORD_TOO_LARGE: (a) =>
    `Stream "${String(a.stream)}" carries records of up to ${formatBytes(num(a, 'recordBytes'))}, but Firehose accepts at most ${formatBytes(num(a, 'maxBytes'))} (1,000 KiB) per record; larger records fail delivery. Keep records on this stream under 1,000 KiB or read it with another consumer.`,
  FIREHOSE_LATENCY_TARGET_MISSED: (a) =>
    `Delivery takes up to ${formatDuration(num(a, 'latencySec'))}, more than the ${formatDuration(num(a, 'maxLatencySec'))} target` +
    (num(a, 'lambdaBufferSec') > 0 ? ` (${formatDuration(num(a, 'lambdaBufferSec'))} of it in the Lambda buffer; lower lambda.bufferInterval or lambda.bufferSize)` : '') +
    (a.isUserSet === true ? `. Set buffer.interval to ${formatNumber(num(a, 'recommendedIntervalSec'))}s or less.` : '. No buffer setting meets it; relax the target.'),
  FIREHOSE_OBJECT_SIZE_TARGET_MISSED: (a) =>
    `Objects come out at ${formatBytes(num(a, 'objectSizeBytes'))}, below the ${formatBytes(num(a, 'targetBytes'))} target; the limit is ${LIMITED_BY[String(a.limitedBy)] ?? String(a.limitedBy)}.`,
  FIREHOSE_TINY_OBJECTS: (a) =>
    `Objects of only ${formatBytes(num(a, 'objectSizeBytes'))} (${formatNumber(num(a, 'objectsPerHour'))} per hour${num(a, 'partitions') > 1 ? ` over ${formatNumber(num(a, 'partitions'))} partitions` : ''}, ${formatNumber(num(a, 's3PutsPerMonth'))} S3 PUTs a month): small objects slow queries and add request costs. Lengthen the buffer interval, use fewer partitions, or accept more latency.`,
  FIREHOSE_BUFFER_BELOW_RECOMMENDED: (a) =>
    `A ${formatNumber(num(a, 'sizeMiB'))} MiB buffer fills in ${formatDuration(num(a, 'fillSeconds'))}; AWS recommends a size above about 10 seconds of ingest, here ${formatNumber(num(a, 'recommendedMinMiB'))} MiB.`,
  FIREHOSE_SMALL_RECORDS: (a) =>
    `Records of ${formatBytes(num(a, 'recordBytes'))} are billed as ${formatBytes(num(a, 'billedBytes'))} each (5 KB increments), ${formatNumber(num(a, 'billedMultiple'))}× their size.` +
    ` Concatenating up to ${formatNumber(num(a, 'recordsPerBatch'))} of them into one Firehose record` +
    (a.savingUsdPerMonth !== undefined ? ` would save ${formatUsd(num(a, 'savingUsdPerMonth'))} a month.` : ' would bill close to their real size.'),
  FIREHOSE_PARTITIONS_ABOVE_DEFAULT: (a) =>
    `${formatNumber(num(a, 'partitions'))} active partitions exceed the default quota of ${formatNumber(num(a, 'defaultMax'))}; records beyond it go to the S3 error prefix. Request a quota increase (up to ${formatNumber(num(a, 'max'))}) before going live.`,
  FIREHOSE_PARTITIONS_ABOVE_MAX: (a) =>
    `${formatNumber(num(a, 'partitions'))} active partitions exceed the ${formatNumber(num(a, 'max'))} Firehose allows even on request; use coarser partition keys or several Firehose streams.`,
  FIREHOSE_PARTITION_THROUGHPUT_EXCEEDED: (a) =>
    `Each partition receives ${formatByteRate(num(a, 'bytesPerSecPerPartition'))} at peak, above the ${formatByteRate(num(a, 'maxBytesPerSec'))} limit per active partition; partition more finely.`,
  FIREHOSE_LAMBDA_PAYLOAD_TOO_LARGE: (a) =>
    `A Lambda batch is about ${formatBytes(Math.max(num(a, 'requestBytes'), num(a, 'responseBytes')))} once base64-encoded, over the ${formatBytes(num(a, 'maxBytes'))} synchronous payload limit; invocations will fail. Set lambda.bufferSize to ${formatNumber(num(a, 'maxBufferMiB'))} MiB or less.`,
  FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED: (a) =>
    `The transformation needs ${formatNumber(num(a, 'outstandingPerShard'))} Lambda invocations in flight per shard at peak, but Firehose runs at most ${formatNumber(num(a, 'limit'))}${a.isShardCountGiven === true ? '' : ` (with ${formatNumber(num(a, 'shards'))} shards, the fewest the stream's writes need)`}; delivery will fall behind. Make the function faster, raise lambda.bufferSize, or add shards.`,
  FLINK_UNDERSIZED: (a) =>
    `${formatNumber(num(a, 'kpus'))} KPUs process ${formatByteRate(num(a, 'capacityBytesPerSec'))}, less than the ${formatByteRate(num(a, 'sourceBytesPerSec'))} the source delivers at peak; the application will fall behind. It needs ${formatNumber(num(a, 'neededKpus'))} KPUs.`,
  FLINK_KPU_LIMIT: (a) =>
    `${formatNumber(num(a, 'kpus'))} KPUs exceed the default limit of ${formatNumber(num(a, 'limit'))} per application; request a quota increase.`,
  FLINK_SOURCE_GET_RECORDS_EXCEEDED: (a) =>
    `With this application, polling readers of "${String(a.stream)}" make ${formatNumber(num(a, 'callsPerSecPerShard'))} GetRecords calls per shard per second (this application ${formatNumber(num(a, 'flinkCallsPerSec'))}), over the limit of ${formatNumber(num(a, 'limit'))}: reads will be throttled and the application will lag. Use enhanced fan-out (source.type: efo) or a longer pollInterval.`,
  FLINK_SOURCE_SHARED_READ_EXCEEDED: (a) =>
    `${formatNumber(num(a, 'readers'))} polling readers need ${formatByteRate(num(a, 'readBytesPerSecPerShard'))} per shard of "${String(a.stream)}" at peak, above the shared ${formatByteRate(num(a, 'limitBytesPerSec'))} with ${formatNumber(num(a, 'shards'))} shards. Use enhanced fan-out (source.type: efo) for this application, or add shards.`,
  FLINK_SOURCE_READ_NEEDS_SHARDS: (a) =>
    `${formatNumber(num(a, 'readers'))} polling readers of "${String(a.stream)}" need ${formatNumber(num(a, 'readShards'))} shards for the shared 2 MiB/s read limit where writes need ${formatNumber(num(a, 'writeShards'))}; enhanced fan-out (source.type: efo) gives this application its own 2 MiB/s per shard instead.`,
  FLINK_EFO_CONSUMERS_EXCEEDED: (a) =>
    `"${String(a.stream)}" would have ${formatNumber(num(a, 'consumers'))} enhanced fan-out consumers, more than the ${formatNumber(num(a, 'limit'))} a stream allows; use polling for some.`,
};
