import type { DeliveryFindingArgs, ObjectSizeLimit } from '../vocab/findings-delivery.js';
import type { Wording } from './findings.js';
import { formatBytes, formatByteRate, formatDuration, formatNumber, formatUsd } from './units.js';

const LIMITED_BY: Record<ObjectSizeLimit, string> = {
  'max-buffer-size': 'the largest buffer the destination accepts',
  'latency-target': 'the latency target, which caps the interval',
  traffic: 'the traffic: the buffer does not fill before the longest interval',
};

/** Tiny objects: what they are now, what the longest buffer makes of them, and what fewer partitions would. */
function tinyObjects(a: DeliveryFindingArgs['FIREHOSE_TINY_OBJECTS']): string {
  const now = `Objects of only ${formatBytes(a.objectSizeBytes)} (${formatNumber(a.objectsPerHour)} per hour${a.partitions > 1 ? ` over ${formatNumber(a.partitions)} partitions` : ''}, ${formatNumber(a.s3PutsPerMonth)} S3 PUTs a month): small objects slow queries and add request costs.`;
  const buffer = `${formatDuration(a.longestIntervalSec)} or ${formatNumber(a.longestSizeMiB)} MiB`;
  const isLongest = a.objectsPerHourAtLongest >= a.objectsPerHour * (1 - 1e-9);
  const longest = isLongest
    ? ` The buffer is already the longest the destination accepts (${buffer}).`
    : ` At the longest buffer (${buffer}) objects would be ${formatBytes(a.objectSizeBytesAtLongest)}, ${formatNumber(a.objectsPerHourAtLongest)} an hour, ${formatNumber(a.s3PutsPerMonthAtLongest)} S3 PUTs a month, delivered within ${formatDuration(a.latencySecAtLongest)} instead of ${formatDuration(a.latencySec)}.`;
  if (a.fewerPartitions === undefined || a.objectSizeBytesWithFewerPartitions === undefined || a.s3PutsPerMonthWithFewerPartitions === undefined) {
    return `${now}${longest}`;
  }
  const reaches = a.objectSizeBytesWithFewerPartitions >= a.thresholdBytes * (1 - 1e-9);
  const fewer = reaches
    ? ` With coarser partition keys, at most ${formatNumber(a.fewerPartitions)} partitions${isLongest ? '' : ' and that buffer'} give objects of ${formatBytes(a.objectSizeBytesWithFewerPartitions)} or more (${formatNumber(a.s3PutsPerMonthWithFewerPartitions)} S3 PUTs a month).`
    : ` Even one partition${isLongest ? '' : ' at that buffer'} gives objects of only ${formatBytes(a.objectSizeBytesWithFewerPartitions)} (${formatNumber(a.s3PutsPerMonthWithFewerPartitions)} S3 PUTs a month): the traffic is too low for larger objects.`;
  return `${now}${longest}${fewer}`;
}

/** "a", "a or b", "a, b or c", capitalised. */
function orList(items: readonly string[]): string {
  const text = items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Wording of the Firehose and Flink stage findings. */
export const deliveryFindingMessages: Wording<DeliveryFindingArgs> = {
  FIREHOSE_RECORD_TOO_LARGE: (a) =>
    `Stream "${a.stream}" carries records of up to ${formatBytes(a.recordBytes)}, but Firehose accepts at most ${formatBytes(a.maxBytes)} (1,000 KiB) per record; larger records fail delivery. Keep records on this stream under 1,000 KiB or read it with another consumer.`,
  FIREHOSE_LATENCY_TARGET_MISSED: (a) =>
    `Delivery takes up to ${formatDuration(a.latencySec)}, more than the ${formatDuration(a.maxLatencySec)} target` +
    (a.lambdaBufferSec > 0
      ? ` (${formatDuration(a.lambdaBufferSec)} of it in the Lambda buffer; lower lambda.bufferInterval or lambda.bufferSize)`
      : '') +
    (a.isUserSet
      ? `. Set buffer.interval to ${formatNumber(a.recommendedIntervalSec)}s or less${
          a.latencySecAfter !== undefined && a.objectSizeBytesAfter !== undefined && a.objectsPerHourAfter !== undefined
            ? `: at ${formatNumber(a.recommendedIntervalSec)}s delivery takes up to ${formatDuration(a.latencySecAfter)}, in objects of ${formatBytes(a.objectSizeBytesAfter)} (${formatNumber(a.objectsPerHourAfter)} an hour)`
            : ''
        }.`
      : '. No buffer setting meets it; relax the target.'),
  FIREHOSE_OBJECT_SIZE_TARGET_MISSED: (a) =>
    `Objects come out at ${formatBytes(a.objectSizeBytes)}, below the ${formatBytes(a.targetBytes)} target; the limit is ${LIMITED_BY[a.limitedBy]}.`,
  FIREHOSE_TINY_OBJECTS: (a) => tinyObjects(a),
  FIREHOSE_BUFFER_BELOW_RECOMMENDED: (a) => {
    const puts =
      a.s3PutsPerMonth !== undefined && a.s3PutsPerMonthAfter !== undefined
        ? `, ${formatNumber(a.s3PutsPerMonthAfter)} S3 PUTs a month instead of ${formatNumber(a.s3PutsPerMonth)}`
        : '';
    return `A ${formatNumber(a.sizeMiB)} MiB buffer fills in ${formatDuration(a.fillSeconds)}; AWS recommends a size above about 10 seconds of ingest, here ${formatNumber(a.recommendedMinMiB)} MiB. With buffer.size ${formatNumber(a.sizeMiBAfter)} MiB: objects of ${formatBytes(a.objectSizeBytesAfter)}, ${formatNumber(a.objectsPerHourAfter)} an hour instead of ${formatNumber(a.objectsPerHour)}${puts}, delivered within ${formatDuration(a.latencySecAfter)} instead of ${formatDuration(a.latencySec)}.`;
  },
  FIREHOSE_SMALL_RECORDS: (a) => {
    const what = a.isBilledPerAggregate === true ? 'KPL aggregates' : 'Records';
    const rounding = `${what} of ${formatBytes(a.recordBytes)} are billed as ${formatBytes(a.billedBytes)} each (5 KB increments), ${formatNumber(a.billedMultiple)}× their size.`;
    const saves = a.savingUsdPerMonth !== undefined ? ` would save ${formatUsd(a.savingUsdPerMonth)} a month` : ' would bill close to their real size';
    const from = a.stream !== undefined ? `stream ${a.stream}` : 'the stream';
    const rule = (billing: string) =>
      ` From a Kinesis stream, Firehose de-aggregates KPL records before delivery (AWS, kpl-with-firehose.html); AWS does not say whether the 5 KB rounding applies to each de-aggregated record or to the aggregate, and this plan takes ${billing} (settings.firehoseKplBilling).`;
    switch (a.method ?? 'concatenate') {
      case 'concatenate':
        return `${rounding} Concatenating up to ${formatNumber(a.recordsPerBatch)} of them into one Firehose record${saves}.`;
      case 'kpl-aggregation':
        return `${rounding}${rule('one rounding per aggregate')} Turning on KPL aggregation where ${from} is written (producer.aggregation: kpl, ${formatNumber(a.recordsPerBatch)} records per aggregate)${saves}.`;
      case 'producer-concatenation':
        return `${rounding}${rule('one rounding per de-aggregated record, the higher estimate')} So KPL aggregation does not lower this bill; writing up to ${formatNumber(a.recordsPerBatch)} events into each record of ${from} at the producer (every consumer then reads them packed)${saves}.`;
      case 'none':
        return `${rounding}${rule('one rounding per aggregate')} Fuller aggregates (a longer RecordMaxBufferedTime, fewer producer instances) would bill closer to their real size.`;
    }
  },
  FIREHOSE_PARTITIONS_ABOVE_DEFAULT: (a) =>
    `${formatNumber(a.partitions)} active partitions exceed the default quota of ${formatNumber(a.defaultMax)}; records beyond it go to the S3 error prefix. Request a quota increase (up to ${formatNumber(a.max)}) before going live.`,
  FIREHOSE_PARTITIONS_ABOVE_MAX: (a) =>
    `${formatNumber(a.partitions)} active partitions exceed the ${formatNumber(a.max)} Firehose allows even on request; use coarser partition keys or several Firehose streams${
      a.firehoseStreamsNeeded !== undefined ? ` (${formatNumber(a.firehoseStreamsNeeded)} or more, with the partitions split evenly)` : ''
    }.`,
  FIREHOSE_PARTITION_THROUGHPUT_EXCEEDED: (a) =>
    `Each partition receives ${formatByteRate(a.bytesPerSecPerPartition)} at peak, above the ${formatByteRate(a.maxBytesPerSec)} limit per active partition; partition more finely: ${formatNumber(a.partitionsNeeded)} active partitions or more carry the peak within it.`,
  FIREHOSE_LAMBDA_PAYLOAD_TOO_LARGE: (a) =>
    `A Lambda batch is about ${formatBytes(Math.max(a.requestBytes, a.responseBytes))} once base64-encoded, over the ${formatBytes(a.maxBytes)} synchronous payload limit; invocations will fail. Set lambda.bufferSize to ${formatNumber(a.maxBufferMiB)} MiB or less.`,
  FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED: (a) =>
    `The transformation needs ${formatNumber(a.outstandingPerShard)} Lambda invocations in flight per shard at peak, but Firehose runs at most ${formatNumber(a.limit)}${a.isShardCountGiven ? '' : ` (with ${formatNumber(a.shards)} shards, the fewest the stream's writes need)`}; delivery will fall behind. ${orList([
      `a function that finishes within ${formatDuration(a.maxDurationSec)}`,
      ...(a.bufferMiBNeeded !== undefined ? [`lambda.bufferSize ${formatNumber(a.bufferMiBNeeded)} MiB`] : []),
      ...(a.shardsNeeded !== undefined ? [`${formatNumber(a.shardsNeeded)} shards`] : []),
    ])} keeps it at ${formatNumber(a.limit)}${a.shardsNeeded === undefined ? '; more shards do not help while lambda.bufferInterval cuts the batches' : ''}.`,
  FLINK_UNDERSIZED: (a) =>
    `${formatNumber(a.kpus)} KPUs process ${formatByteRate(a.capacityBytesPerSec)}, less than the ${formatByteRate(a.sourceBytesPerSec)} the source delivers at peak; the application will fall behind. It needs ${formatNumber(a.neededKpus)} KPUs.`,
  FLINK_KPU_LIMIT: (a) =>
    `${formatNumber(a.kpus)} KPUs exceed the default limit of ${formatNumber(a.limit)} per application; request a quota increase.`,
  FLINK_SOURCE_GET_RECORDS_EXCEEDED: (a) =>
    `With this application, polling readers of "${a.stream}" make ${formatNumber(a.callsPerSecPerShard)} GetRecords calls per shard per second (this application ${formatNumber(a.flinkCallsPerSec)}), over the limit of ${formatNumber(a.limit)}: reads will be throttled and the application will lag. With enhanced fan-out (source.type: efo) the other readers make ${formatNumber(a.callsPerSecPerShardWithEfo)} call${a.callsPerSecPerShardWithEfo === 1 ? '' : 's'} per shard per second${a.pollIntervalSecToFit !== undefined ? `; or a pollInterval of ${formatDuration(a.pollIntervalSecToFit)} or longer keeps all of them within ${formatNumber(a.limit)}` : `, over the limit on their own: no pollInterval of this application fixes it`}.`,
  FLINK_SOURCE_SHARED_READ_EXCEEDED: (a) =>
    `${formatNumber(a.readers)} polling readers need ${formatByteRate(a.readBytesPerSecPerShard)} per shard of "${a.stream}" at peak, above the shared ${formatByteRate(a.limitBytesPerSec)} with ${formatNumber(a.shards)} shards. With enhanced fan-out (source.type: efo) for this application the others read ${formatByteRate(a.readBytesPerSecPerShardWithEfo)} per shard; or the stream needs ${formatNumber(a.shardsNeeded)} shards.`,
  FLINK_SOURCE_READ_NEEDS_SHARDS: (a) =>
    `${formatNumber(a.readers)} polling readers of "${a.stream}" need ${formatNumber(a.readShards)} shards for the shared 2 MiB/s read limit where writes need ${formatNumber(a.writeShards)}; enhanced fan-out (source.type: efo) gives this application its own 2 MiB/s per shard instead.`,
  FLINK_EFO_CONSUMERS_EXCEEDED: (a) =>
    `"${a.stream}" would have ${formatNumber(a.consumers)} enhanced fan-out consumers, more than the ${formatNumber(a.limit)} a stream allows; use polling for some.`,
};

/** The "batching" fact of a Firehose stage: the advice to share 5 KB roundings, in the form its source allows. */
export function batchingLine(b: { recordsPerBatch: number; savingUsdPerMonth: number | null; method?: string }): string {
  const saves = `would save ${formatUsd(b.savingUsdPerMonth ?? 0)} a month`;
  switch (b.method) {
    case 'kpl-aggregation':
      return `KPL aggregation at the producer (${formatNumber(b.recordsPerBatch)} records per aggregate) ${saves}`;
    case 'producer-concatenation':
      return `writing ${formatNumber(b.recordsPerBatch)} events into each Kinesis record at the producer ${saves} (KPL aggregation would not: settings.firehoseKplBilling)`;
    default:
      return `packing ${formatNumber(b.recordsPerBatch)} records per Firehose record ${saves}`;
  }
}
