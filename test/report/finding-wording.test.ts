import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { costFindingMessages } from '../../src/report/findings-cost.js';
import { deliveryFindingMessages } from '../../src/report/findings-delivery.js';
import { iacFindingMessages } from '../../src/report/findings-iac.js';
import { producerFindingMessages } from '../../src/report/findings-producer.js';
import { simFindingMessages } from '../../src/report/findings-sim.js';
import { streamFindingMessages } from '../../src/report/findings-stream.js';
import { findingMessage } from '../../src/report/findings.js';
import { toPlanReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSimMarkdown } from '../../src/report/sim-markdown.js';
import { toSimReport } from '../../src/report/sim-json.js';
import { renderSimText } from '../../src/report/sim-text.js';
import { renderText } from '../../src/report/text.js';
import { simulate } from '../../src/sim/index.js';
import { FINDING_CODES, type ArgsOf, type Finding, type FindingCode } from '../../src/vocab/findings.js';
import { workloadOf } from '../helpers/workload.js';

/*
 * Every finding code, with arguments shaped as its push site builds them (and a second set where the wording has a
 * branch), worded once: the snapshot pins each message, and each message must reach every format the tool prints.
 * The type makes the list complete: a code without samples, or samples for a code that does not exist, fails tsc.
 */
const SAMPLES: { [C in FindingCode]: [ArgsOf<C>, ...ArgsOf<C>[]] } = {
  // Readers polling every 0.5 s, 0.5 s, 0.5 s: 3 × 2 = 6 calls; at 3 ÷ (0.8 × 5) = 0.75 s, 3 ÷ 0.75 = 4; one moved, 2 × 2 = 4.
  READ_CALLS_OVER_LIMIT: [
    {
      callsPerShardPerSec: 6, pollingReaders: 3, shortestPollIntervalSec: 0.5, suggestedPollIntervalSec: 0.75,
      callsPerShardPerSecAfterPoll: 4, readersToEfo: 1, callsPerShardPerSecAfterEfo: 4,
    },
  ],
  // Every 0.5, 1, 1 and 2 s: 2 + 1 + 1 + 0.5 = 4.5; at 4 ÷ 4 = 1 s or slower, 1 + 1 + 1 + 0.5 = 3.5; the 0.5 s one moved, 2.5.
  READ_CALLS_AT_RISK: [
    {
      callsPerShardPerSec: 4.5, pollingReaders: 4, shortestPollIntervalSec: 0.5, suggestedPollIntervalSec: 1,
      callsPerShardPerSecAfterPoll: 3.5, readersToEfo: 1, callsPerShardPerSecAfterEfo: 2.5,
    },
  ],
  SHARED_READ_BINDS: [
    { sharedReaders: 4, readShards: 9, writeShards: 5 },
    // 9 shards at $10.95 = $98.55; after, 5 × $10.95 + 4 × 5 EFO consumer-shards × $10.95 + data = $280.30.
    { sharedReaders: 4, readShards: 9, writeShards: 5, mode: 'provisioned', shardsAfter: 5, monthlyUsd: 98.55, monthlyUsdAfter: 280.3 },
  ],
  NO_PEAK_GIVEN: [{}],
  SHARDS_OVER_STREAM_MAXIMUM: [
    { required: 12000, maximum: 10000 },
    // 11,999.5 fractional shards over ⌈11,999.5 ÷ 10,000⌉ = 2 streams: 5,999.75 → 6,000 each.
    { required: 12000, maximum: 10000, streamsNeeded: 2, shardsPerStream: 6000 },
  ],
  EXISTING_SHARDS_TOO_FEW: [{ existing: 2, required: 4, limit: 'writeBytes', peakUtilisation: 1.6 }],
  EXISTING_SHARDS_OUTGROWN: [{ existing: 4, required: 6, months: 12 }],
  EXISTING_SHARDS_OVERPROVISIONED: [
    { existing: 10, required: 3 },
    // 10 shards at $10.95 = $109.50; on 3, $32.85: $76.65 less.
    { existing: 10, required: 3, monthlyUsd: 109.5, monthlyUsdAfter: 32.85, monthlyUsdSaved: 76.65 },
  ],
  CONSUMER_BINDS: [
    { consumer: 'enrich', consumerShards: 100 / 3, writeShards: 10, recordsPerSecPerShard: 300, isCatchUp: false },
    // 10,000 records/s on the 10 shards writes need: 1,000 records/s per shard.
    { consumer: 'enrich', consumerShards: 100 / 3, writeShards: 10, recordsPerSecPerShard: 300, isCatchUp: false, shardsAfter: 10, recordsPerSecPerShardAfter: 1000 },
    { consumer: 'enrich', consumerShards: 40, writeShards: 10, recordsPerSecPerShard: 300, isCatchUp: true },
  ],
  CONSUMER_FALLS_BEHIND: [{ consumer: 'enrich', shards: 10, peakRecordsPerSec: 10000, capacityRecordsPerSec: 3000 }],
  CONSUMER_CATCH_UP_TOO_SLOW: [{ consumer: 'enrich', shards: 34, catchUpSec: 95, maxLagSec: 30 }],
  LAMBDA_CONCURRENCY_OVER_DEFAULT: [{ consumer: 'indexer', shards: 200, parallelizationFactor: 10, concurrency: 2000, accountDefault: 1000 }],
  ON_DEMAND_OVER_MAXIMUM: [
    { mode: 'on-demand', peakBytesPerSec: 300 * 2 ** 20, maxBytesPerSec: 200 * 2 ** 20 },
    // 300 MiB/s ÷ 1 MiB/s per shard × 1.2 headroom = 360 shards.
    { mode: 'on-demand', peakBytesPerSec: 300 * 2 ** 20, maxBytesPerSec: 200 * 2 ** 20, provisionedShards: 360 },
  ],
  ON_DEMAND_BURST_THROTTLES: [
    {
      mode: 'on-demand', peakBytesPerSec: 16 * 2 ** 20, peakRecordsPerSec: 16000, instantBytesPerSec: 4 * 2 ** 20, instantRecordsPerSec: 4000, drivenBy: 'writeBytes',
      warmBytesPerSec: 16 * 2 ** 20, scaledBytesPerSec: 16 * 2 ** 20, scaledRecordsPerSec: 16000, doublings: 2, minutes: 30, hasPreviousPeak: false,
    },
    {
      mode: 'on-demand-advantage', peakBytesPerSec: 16 * 2 ** 20, peakRecordsPerSec: 16000, instantBytesPerSec: 8 * 2 ** 20, instantRecordsPerSec: 8000, drivenBy: 'writeBytes',
      warmBytesPerSec: 16 * 2 ** 20, scaledBytesPerSec: 16 * 2 ** 20, scaledRecordsPerSec: 16000, doublings: 1, minutes: 15, hasPreviousPeak: true,
    },
    {
      mode: 'on-demand', peakBytesPerSec: 7.63 * 2 ** 20, peakRecordsPerSec: 40000, instantBytesPerSec: 4 * 2 ** 20, instantRecordsPerSec: 4000, drivenBy: 'writeRecords',
      warmBytesPerSec: 40 * 2 ** 20, scaledBytesPerSec: 64 * 2 ** 20, scaledRecordsPerSec: 64000, doublings: 4, minutes: 60, hasPreviousPeak: false,
    },
  ],
  AGGREGATION_RECOMMENDED: [
    { shardsWithout: 24, shardsWith: 13, putUnitsPerMonthWithout: 2.6e9, putUnitsPerMonthWith: 1.1e8, userRecordsPerAggregate: 11.5, latencyAddedSec: 0.1 },
    {
      shardsWithout: 72, shardsWith: 50, putUnitsPerMonthWithout: 2.6e9, putUnitsPerMonthWith: 1.1e8, userRecordsPerAggregate: 11.5, latencyAddedSec: 0.1,
      streamShardsWithout: 74, streamShardsWith: 74, bindingWith: 'readBytes',
    },
    {
      shardsWithout: 48, shardsWith: 10, putUnitsPerMonthWithout: 5.256e10, putUnitsPerMonthWith: 2.02e9, userRecordsPerAggregate: 26, latencyAddedSec: 0.0719,
      streamShardsWithout: 55, streamShardsWith: 11, bindingWith: 'key-skew',
    },
  ],
  AGGREGATION_GAIN: [
    { shardsWithout: 11, shardsWith: 11, putUnitsPerMonthWithout: 2.6e9, putUnitsPerMonthWith: 1.1e8, userRecordsPerAggregate: 20, latencyAddedSec: 0.1 },
    { shardsWithout: 2, shardsWith: 1, putUnitsPerMonthWithout: 2.6e6, putUnitsPerMonthWith: 1.1e5, userRecordsPerAggregate: 20, latencyAddedSec: 0.1 },
  ],
  AGGREGATION_RECORDS_TOO_LARGE: [{ recordBytes: 40000, aggregationMaxSize: 51200 }],
  AGGREGATION_RATE_TOO_LOW: [
    { shardsWithout: 1, shardsWith: 1, putUnitsPerMonthWithout: 2.6e6, putUnitsPerMonthWith: 2.5e6, userRecordsPerAggregate: 1.2, latencyAddedSec: 0.1, recordMaxBufferedTimeSec: 0.1 },
    // 5 records/s on one shard: 1.5 records per aggregate at 100 ms, 3 at 400 ms.
    {
      shardsWithout: 1,
      shardsWith: 1,
      putUnitsPerMonthWithout: 13_140_000,
      putUnitsPerMonthWith: 8_760_000,
      userRecordsPerAggregate: 1.5,
      latencyAddedSec: 0.103,
      recordMaxBufferedTimeSec: 0.1,
      recordMaxBufferedTimeSecAfter: 0.4,
      userRecordsPerAggregateAfter: 3,
      putUnitsPerMonthAfter: 4_380_000,
      latencyAddedSecAfter: 0.317,
    },
  ],
  AGGREGATION_NEEDS_DEAGGREGATION: [{}],
  HOT_KEY_OVER_SHARD_LIMIT: [
    {
      key: 'tenant-7', isNamed: true, share: 0.4, userRecordsPerSec: 1200, kinesisRecordsPerSec: 1200, bytesPerSec: 600000, limit: 'writeRecords', utilisation: 1.2, saltsNeeded: 2,
      distribution: 'listed', keyCount: 1, keys: '["tenant-7"]', saltsPerKey: '[2]',
      plannedShards: 4, keysStillOverAfterSalting: 0, shardsAfterSalting: 4, isHeadroomMetAfterSalting: true, hottestShardUtilisationAfterSalting: 0.7, target: 1 / 1.2,
    },
    {
      key: '#1:1', isNamed: false, share: 0.02, userRecordsPerSec: 71.5, kinesisRecordsPerSec: 71.5, bytesPerSec: 3.357 * 2 ** 20, limit: 'writeBytes', utilisation: 3.357, saltsNeeded: 5,
      distribution: 'zipf', keyCount: 7, keys: '["#1:1","#1:2","#1:3","#1:4","#1:5","#1:6","#1:7"]', saltsPerKey: '[5,3,3,2,2,2,2]',
      plannedShards: 203, keysStillOverAfterSalting: 0, isHeadroomMetAfterSalting: false, hottestShardUtilisationAfterSalting: 1.9, target: 1 / 1.2,
    },
    {
      key: 'gateway-eu-1', isNamed: true, share: 0.25, userRecordsPerSec: 4000, kinesisRecordsPerSec: 4000, bytesPerSec: 2.33 * 2 ** 20, limit: 'writeRecords', utilisation: 4, saltsNeeded: 5,
      distribution: 'hot-keys', keyCount: 2, keys: '["gateway-eu-1","#1:1"]', saltsPerKey: '[5,2]',
      plannedShards: 20, keysStillOverAfterSalting: 0, shardsAfterSalting: 109, isHeadroomMetAfterSalting: true, hottestShardUtilisationAfterSalting: 1.508, target: 1 / 1.2,
    },
  ],
  KEY_SKEW_NEEDS_SHARDS: [{ shardsForSkew: 8, evenShards: 5, hottestShardShare: 0.25 }],
  HOT_KEY_HEADROOM_UNREACHABLE: [
    { key: 'tenant-7', isNamed: true, headroom: 0.2 },
    // 80 % of a limit with 20 % headroom: planned up to 1.2 × 80 % = 96 %; 2 sub-keys of 40 % ≤ 1 ÷ 1.2² = 69.4 %.
    { key: 'tenant-7', isNamed: true, headroom: 0.2, keyUtilisation: 0.8, plannedUtilisation: 0.96, saltsForHeadroom: 2 },
    { key: '#1:1', isNamed: false, headroom: 0.5, distribution: 'zipf', saltsForHeadroom: 2 },
  ],
  RISK_KEY_OVER_SHARD_LIMIT: [
    { key: 'tenant-7', isNamed: true, utilisation: 1.2, limit: 'writeRecords', distribution: 'listed', keyCount: 1, lightestKey: 'tenant-7', lightestIsNamed: true, lightestUtilisation: 1.2 },
    { key: '#1:1', isNamed: false, utilisation: 3.357, limit: 'writeBytes', distribution: 'zipf', keyCount: 7, lightestKey: '#1:7', lightestIsNamed: false, lightestUtilisation: 1.044 },
  ],
  RISK_HOT_SHARD_OVER_LIMIT: [{ utilisation: 1.3, limit: 'writeBytes', shards: 4 }],
  RISK_HOT_SHARD_NEAR_LIMIT: [{ utilisation: 0.85, limit: 'writeRecords', shards: 4, target: 1 / 1.2 }],
  RISK_KEY_SKEW: [{ imbalance: 1.8, utilisation: 0.6 }],
  RISK_BURSTY_TRAFFIC: [{ burstFactor: 4, utilisation: 0.6 }],
  RISK_SHARED_READ_OVER_LIMIT: [{ utilisation: 1.1 }],
  RISK_SHARED_READ_NEAR_LIMIT: [{ utilisation: 0.9, target: 1 / 1.2 }],
  FIREHOSE_RECORD_TOO_LARGE: [{ recordBytes: 2 ** 20, maxBytes: 1000 * 1024, stream: 'clicks' }],
  FIREHOSE_LATENCY_TARGET_MISSED: [
    // 200 s × 1.5 (dynamic partitioning) = 300 s; ⌊60 ÷ 1.5⌋ = 40 s → 60 s, 40 s × 100,000 B/s = 4,000,000 B, 3,600 ÷ 40 = 90 an hour.
    {
      maxLatencySec: 60, latencySec: 300, lambdaBufferSec: 0, isUserSet: true, recommendedIntervalSec: 40,
      latencySecAfter: 60, objectSizeBytesAfter: 4e6, objectsPerHourAfter: 90,
    },
    { maxLatencySec: 60, latencySec: 90, lambdaBufferSec: 30, isUserSet: false, recommendedIntervalSec: 0 },
  ],
  FIREHOSE_OBJECT_SIZE_TARGET_MISSED: [
    { targetBytes: 128 * 2 ** 20, objectSizeBytes: 64 * 2 ** 20, limitedBy: 'max-buffer-size', maxSizeMiB: 128 },
    { targetBytes: 128 * 2 ** 20, objectSizeBytes: 10 * 2 ** 20, limitedBy: 'traffic', maxSizeMiB: 128 },
  ],
  FIREHOSE_TINY_OBJECTS: [
    // 200,000 B every 30 s = 6,666.7 B/s: at 900 s, 6,000,000 B, 4 an hour, 4 × 730 = 2,920 PUTs, 900 s.
    {
      objectSizeBytes: 200000, thresholdBytes: 2 ** 20, objectsPerHour: 120, s3PutsPerMonth: 87600, partitions: 1, latencySec: 30,
      longestIntervalSec: 900, longestSizeMiB: 128, objectSizeBytesAtLongest: 6e6, objectsPerHourAtLongest: 4, s3PutsPerMonthAtLongest: 2920, latencySecAtLongest: 900,
    },
    // 10 partitions of 666.7 B/s, 30 s × 1.5 = 45 s: at 900 s, 600,000 B, 40 an hour, 29,200 PUTs, 1,350 s; 6,000,000 B ÷ 1 MiB = 5.7 → 5 partitions, 1,200,000 B, 14,600 PUTs.
    {
      objectSizeBytes: 20000, thresholdBytes: 2 ** 20, objectsPerHour: 1200, s3PutsPerMonth: 876000, partitions: 10, latencySec: 45,
      longestIntervalSec: 900, longestSizeMiB: 128, objectSizeBytesAtLongest: 600000, objectsPerHourAtLongest: 40, s3PutsPerMonthAtLongest: 29200, latencySecAtLongest: 1350,
      fewerPartitions: 5, objectSizeBytesWithFewerPartitions: 1.2e6, s3PutsPerMonthWithFewerPartitions: 14600, latencySecWithFewerPartitions: 1350,
    },
    // Already at 900 s: 4 partitions of 20,000 B; one partition, 80,000 B, 4 an hour = 2,920 PUTs.
    {
      objectSizeBytes: 20000, thresholdBytes: 2 ** 20, objectsPerHour: 16, s3PutsPerMonth: 11680, partitions: 4, latencySec: 1350,
      longestIntervalSec: 900, longestSizeMiB: 128, objectSizeBytesAtLongest: 20000, objectsPerHourAtLongest: 16, s3PutsPerMonthAtLongest: 11680, latencySecAtLongest: 1350,
      fewerPartitions: 1, objectSizeBytesWithFewerPartitions: 80000, s3PutsPerMonthWithFewerPartitions: 2920, latencySecWithFewerPartitions: 1350,
    },
  ],
  // 0.5 MiB/s fills 1 MiB in 2 s (1,800 an hour, × 730 = 1,314,000 PUTs); 5 MiB in 10 s (360 an hour, 262,800 PUTs).
  FIREHOSE_BUFFER_BELOW_RECOMMENDED: [
    {
      sizeMiB: 1, recommendedMinMiB: 5, fillSeconds: 2, objectsPerHour: 1800, latencySec: 2,
      sizeMiBAfter: 5, objectSizeBytesAfter: 5 * 2 ** 20, objectsPerHourAfter: 360, s3PutsPerMonth: 1314000, s3PutsPerMonthAfter: 262800, latencySecAfter: 10,
    },
  ],
  FIREHOSE_SMALL_RECORDS: [
    { recordBytes: 500, billedBytes: 5120, billedMultiple: 10.24, recordsPerBatch: 10, savingUsdPerMonth: 120.5 },
    { recordBytes: 500, billedBytes: 5120, billedMultiple: 10.24, recordsPerBatch: 10 },
    { recordBytes: 1024, billedBytes: 5120, billedMultiple: 5, recordsPerBatch: 1000, savingUsdPerMonth: 1413.53, method: 'producer-concatenation', kplBilling: 'per-user-record', isBilledPerAggregate: false, stream: 'clickstream' },
    { recordBytes: 1024, billedBytes: 5120, billedMultiple: 5, recordsPerBatch: 28.3, savingUsdPerMonth: 1390.12, method: 'kpl-aggregation', kplBilling: 'per-aggregate', isBilledPerAggregate: false, stream: 'clickstream' },
    { recordBytes: 3000, billedBytes: 5120, billedMultiple: 1.71, recordsPerBatch: 2.9, method: 'none', kplBilling: 'per-aggregate', isBilledPerAggregate: true, stream: 'clickstream' },
  ],
  FIREHOSE_PARTITIONS_ABOVE_DEFAULT: [{ partitions: 600, defaultMax: 500, max: 5000 }],
  FIREHOSE_PARTITIONS_ABOVE_MAX: [
    { partitions: 6000, max: 5000 },
    // ⌈6,000 ÷ 5,000⌉ = 2 streams.
    { partitions: 6000, max: 5000, firehoseStreamsNeeded: 2 },
  ],
  // 2 partitions × 1.5 GB/s = 3 GB/s ÷ 1 GB/s = 3 partitions.
  FIREHOSE_PARTITION_THROUGHPUT_EXCEEDED: [{ bytesPerSecPerPartition: 1.5e9, maxBytesPerSec: 1e9, partitionsNeeded: 3 }],
  FIREHOSE_LAMBDA_PAYLOAD_TOO_LARGE: [{ requestBytes: 4e6, responseBytes: 8e6, maxBytes: 6 * 2 ** 20, maxBufferMiB: 2.25 }],
  FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED: [
    // 7 in flight with a 14 s function: 14 × 5 ÷ 7 = 10 s; 4 × 7 ÷ 5 = 5.6 → 6 shards; a 1 MiB buffer × 7 ÷ 5 = 1.4 MiB.
    { outstandingPerShard: 7, limit: 5, shards: 4, isShardCountGiven: true, maxDurationSec: 10, shardsNeeded: 6, bufferMiBNeeded: 1.4 },
    { outstandingPerShard: 7, limit: 5, shards: 4, isShardCountGiven: false, maxDurationSec: 10, shardsNeeded: 6 },
    { outstandingPerShard: 7, limit: 5, shards: 4, isShardCountGiven: true, maxDurationSec: 10 },
  ],
  FLINK_UNDERSIZED: [{ kpus: 2, neededKpus: 3, sourceBytesPerSec: 3 * 2 ** 20, capacityBytesPerSec: 2 * 2 ** 20 }],
  FLINK_KPU_LIMIT: [{ kpus: 80, limit: 64 }],
  // 6 calls, 5 of them the application's: 1 left with EFO; 1 ÷ (5 − 1) = 250 ms. Then 7 calls, 1 its own: the others' 6 exceed 5.
  FLINK_SOURCE_GET_RECORDS_EXCEEDED: [
    { stream: 'clicks', callsPerSecPerShard: 6, limit: 5, readers: 4, flinkCallsPerSec: 5, callsPerSecPerShardWithEfo: 1, pollIntervalSecToFit: 0.25 },
    { stream: 'clicks', callsPerSecPerShard: 7, limit: 5, readers: 7, flinkCallsPerSec: 1, callsPerSecPerShardWithEfo: 6 },
  ],
  // 3 readers × 1 MiB/s per shard: 2 left with EFO = 2 MiB/s; 3 MiB/s × 2 shards ÷ 2 MiB/s = 3 shards.
  FLINK_SOURCE_SHARED_READ_EXCEEDED: [
    { stream: 'clicks', readers: 3, readBytesPerSecPerShard: 3 * 2 ** 20, limitBytesPerSec: 2 * 2 ** 20, shards: 2, readBytesPerSecPerShardWithEfo: 2 * 2 ** 20, shardsNeeded: 3 },
  ],
  FLINK_SOURCE_READ_NEEDS_SHARDS: [{ stream: 'clicks', readers: 3, writeShards: 2, readShards: 3 }],
  FLINK_EFO_CONSUMERS_EXCEEDED: [{ stream: 'clicks', consumers: 21, limit: 20 }],
  COST_INPUT_UNKNOWN: [
    { mode: 'provisioned', item: 'long-term-reads', unitUsd: 0.02, unit: 'GB', input: 'replayPerMonth' },
    { mode: 'on-demand-advantage', item: 'long-term-reads', unitUsd: 0.02, unit: 'GB', input: 'replayPerMonth' },
    { mode: 'on-demand', item: 'long-term-reads', unit: 'GB', input: 'replayPerMonth' },
  ],
  COST_PRICE_UNKNOWN: [{ mode: 'on-demand', item: 'long-term-reads', readBytesPerMonth: 500 * 2 ** 30 }],
  PRICES_NOT_FOUND: [{ region: 'eu-west-1' }],
  PRICING_REGION_MISMATCH: [{ workloadRegion: 'eu-west-1', pricingRegion: 'us-east-1', label: 'pricing/us-east-1.2026-11-22.json' }],
  PRICES_STALE: [{ region: 'us-east-1', effectiveDate: '2026-11-22', today: '2027-03-01', ageDays: 99, label: 'pricing/us-east-1.2026-11-22.json' }],
  LONG_TERM_READS_WITHOUT_LONG_TERM_RETENTION: [{ retentionHours: 24, readBytesPerMonth: 5e11 }],
  ODA_COMMITMENT_PER_ACCOUNT: [{ commitBytesPerSec: 25 * 2 ** 20, commitmentMonthlyUsd: 2400.5, streamMonthlyUsd: 120.25 }],
  ODA_BELOW_COMMITMENT: [{ streamMonthlyUsd: 120.25, commitmentMonthlyUsd: 2400.5 }],
  SIM_THROTTLED: [
    { stream: 's', throttledShare: 0.05, throttledAttempts: 500, attempts: 10000, budget: 0.01 },
    { stream: 's', throttledShare: 0.05, throttledAttempts: 500, attempts: 10000 },
    { stream: 's', throttledShare: 0.36, throttledAttempts: 3600, attempts: 10000, budget: 0.5 },
  ],
  SIM_HOT_SHARD: [
    {
      stream: 'telemetry',
      shard: 7,
      shards: 20,
      hotShards: 1,
      loadShare: 0.2875,
      hotLoadShare: 0.2875,
      throttledShare: 0.99,
      keys: 'gateway-eu-1',
      distribution: 'hot-keys',
      keysShare: 0.25,
      moreKeys: 0,
      fix: 'salt-keys',
      salts: 5,
    },
    {
      stream: 'logs',
      shard: 17,
      shards: 203,
      hotShards: 7,
      loadShare: 0.0226,
      hotLoadShare: 0.14,
      throttledShare: 0.97,
      keys: '#1:1, #1:2, #1:3',
      distribution: 'zipf',
      keysShare: 0.053,
      moreKeys: 4,
      fix: 'salt-keys',
      salts: 4,
      minSalts: 2,
    },
    {
      stream: 'telemetry',
      shard: 3,
      shards: 8,
      hotShards: 1,
      loadShare: 0.3,
      hotLoadShare: 0.3,
      throttledShare: 0.8,
      keys: 'a, b',
      distribution: 'listed',
      keysShare: 0.22,
      moreKeys: 0,
      fix: 'explicit-hash-keys',
      salts: 0,
      shardsForSkew: 12,
    },
    {
      stream: 'clicks',
      shard: 1,
      shards: 10,
      hotShards: 2,
      loadShare: 0.16,
      hotLoadShare: 0.31,
      throttledShare: 0.6,
      keys: '',
      distribution: 'uniform',
      keysShare: 0,
      moreKeys: 0,
      fix: 'more-shards',
      salts: 0,
      shardsForSkew: 14,
    },
  ],
  SIM_RECORDS_DROPPED: [{ stream: 's', dropped: 2000, offered: 3000, mainCause: 'not-retried' }],
  SIM_HIDDEN_BURST: [{ stream: 's', minute: 0, burstRatio: 60, throttled: 2000, minuteUtilisation: 0.05 }],
  SIM_READ_THROTTLED: [{ stream: 's', consumer: 'app', throttledCalls: 12, calls: 600 }],
  SIM_CONSUMER_LAG: [
    { stream: 's', consumer: 'app', maxIteratorAgeMs: 90000, isCapped: false },
    { stream: 's', consumer: 'app', maxIteratorAgeMs: 600000, isCapped: true },
  ],
  SIM_ON_DEMAND_SCALING_THROTTLE: [{ stream: 's', splits: 2, firstSplitAtSec: 900, finalShards: 8 }],
  SIM_TRACE_SPREAD_EVENLY: [{ stream: 's', file: 'traffic.csv', periodSec: 300 }],
  SIM_PENDING_AT_END: [{ stream: 's', pending: 42 }],
  SIM_SHARDS_VS_PLAN: [
    { stream: 'clicks', maxThrottledShare: 0.001, foundShards: 19, plannedShards: 23, headroom: 0.2, shardsWithoutHeadroom: 18, skewShards: 1, isExisting: false, hasTrafficAbovePeak: false },
    { stream: 'clicks', maxThrottledShare: 0.001, foundShards: 30, plannedShards: 23, headroom: 0.2, shardsWithoutHeadroom: 18, skewShards: 0, isExisting: false, hasTrafficAbovePeak: true },
    { stream: 'clicks', maxThrottledShare: 0, foundShards: 24, plannedShards: 23, headroom: 0, shardsWithoutHeadroom: 23, skewShards: 0, isExisting: false, hasTrafficAbovePeak: false },
    { stream: 'clicks', maxThrottledShare: 0.01, foundShards: 10, plannedShards: 40, headroom: 0.2, shardsWithoutHeadroom: 9, skewShards: 0, isExisting: true, hasTrafficAbovePeak: false },
    { stream: 'clicks', maxThrottledShare: 0.01, foundShards: 23, plannedShards: 23, headroom: 0.2, shardsWithoutHeadroom: 20, skewShards: 0, isExisting: false, hasTrafficAbovePeak: false },
  ],
  SIM_SHARDS_HOT_KEYS: [
    { stream: 'telemetry', maxThrottledShare: 0.001, keys: 'gateway-eu-1', distribution: 'hot-keys', salts: 5 },
    { stream: 'logs', maxThrottledShare: 0.01, keys: '#1:1, #1:2, #1:3', distribution: 'zipf', salts: 3 },
    { stream: 'logs', maxThrottledShare: 0.01, keys: '#1:2, #1:3', distribution: 'zipf', salts: 2 },
    { stream: 'fleet', maxThrottledShare: 0.01, keys: 'gateway-eu-1, #1:1', distribution: 'hot-keys', salts: 2 },
  ],
  SIM_SHARDS_NONE: [{ stream: 'clicks', maxThrottledShare: 0, maximum: 10_000 }],
  IAC_SHARDS_TOO_FEW: [{ file: 'main.tf', line: 9, resource: 'aws_kinesis_stream.clicks', declared: 8, required: 23 }],
  IAC_SHARDS_OUTGROWN: [{ file: 'main.tf', line: 9, resource: 'aws_kinesis_stream.clicks', declared: 8, horizonRequired: 11, months: 12 }],
  IAC_SHARDS_OVERPROVISIONED: [
    { file: 'main.tf', line: 9, resource: 'aws_kinesis_stream.clicks', declared: 24, needed: 8, excessMonthlyUsd: 175.2 },
    { file: 'main.tf', line: 9, resource: 'aws_kinesis_stream.clicks', declared: 24, needed: 8 },
  ],
  IAC_MODE_COSTLIER: [{ file: 'main.tf', line: 9, resource: 'aws_kinesis_stream.clicks', declaredMode: 'on-demand', declaredMonthlyUsd: 420.5, cheaperMode: 'provisioned', cheaperMonthlyUsd: 120.25 }],
  IAC_VALUE_UNKNOWN: [{ file: 'template.yaml', line: 14, resource: 'Clicks', setting: 'shard count', why: 'from !Ref Shards' }],
  IAC_MAX_RECORD_SIZE_TOO_SMALL: [{ file: 'main.tf', line: 9, resource: 'aws_kinesis_stream.clicks', declaredBytes: 2 ** 20, recordBytes: 2 * 2 ** 20 }],
  IAC_FIREHOSE_BUFFER_REJECTED: [
    { file: 'main.tf', line: 40, resource: 'aws_kinesis_firehose_delivery_stream.to_lake', setting: 'size', declared: 32, min: 64, max: 128, columnarReason: 'Parquet conversion' },
    { file: 'main.tf', line: 41, resource: 'aws_kinesis_firehose_delivery_stream.to_lake', setting: 'interval', declared: 1200, min: 0, max: 900, columnarReason: '' },
  ],
  IAC_FIREHOSE_LATENCY_MISSED: [{ file: 'main.tf', line: 41, resource: 'aws_kinesis_firehose_delivery_stream.to_lake', latencySec: 900, maxLatencySec: 300, intervalSec: 900 }],
  IAC_FLINK_TOO_FEW_KPUS: [
    { file: 'main.tf', line: 60, resource: 'aws_kinesisanalyticsv2_application.sessions', declaredKpus: 2, neededKpus: 3, parallelism: 4, parallelismPerKpu: 2, isAutoScaling: false },
    { file: 'main.tf', line: 60, resource: 'aws_kinesisanalyticsv2_application.sessions', declaredKpus: 2, neededKpus: 3, parallelism: 4, parallelismPerKpu: 2, isAutoScaling: true },
  ],
  IAC_FLINK_SETTING_REJECTED: [{ file: 'main.tf', line: 61, resource: 'aws_kinesisanalyticsv2_application.sessions', setting: 'ParallelismPerKPU', declared: 12, min: 1, max: 8 }],
  IAC_EVENT_SOURCE_SETTING_REJECTED: [{ file: 'template.yaml', line: 30, resource: 'OrdersReader', setting: 'ParallelizationFactor', declared: 12, min: 1, max: 10 }],
  IAC_RESOURCE_NOT_IN_WORKLOAD: [
    { file: 'main.tf', line: 18, resource: 'aws_kinesis_stream.audit', kind: 'stream', name: 'audit' },
    { file: 'main.tf', line: 80, resource: 'aws_lambda_event_source_mapping.enrich', kind: 'Lambda event source mapping', name: '' },
  ],
  IAC_NOT_DECLARED: [{ kind: 'stream', name: 'orders' }],
};

const SEVERITIES = ['error', 'warning', 'info'] as const;

/** The findings of one code, one per sample, severities in turn (the renderers sort by severity and mark each one). */
function samplesOf<C extends FindingCode>(code: C): Finding<C>[] {
  const argSets: readonly ArgsOf<C>[] = SAMPLES[code];
  return argSets.map((args, i) => ({ code, severity: SEVERITIES[i % SEVERITIES.length]!, path: `streams[0].sample${i}`, args }));
}

/** Every code in the run-time list, with its samples. */
const FINDINGS: Finding[] = FINDING_CODES.flatMap((code) => samplesOf(code));

/** Text with every run of whitespace as one space: the terminal renderer wraps messages to its width. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('finding codes', () => {
  it('the run-time list holds each code once', () => {
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
    expect(FINDING_CODES).toHaveLength(79);
  });

  it('each code is worded in exactly one group, and the groups word no other code', () => {
    const groups = [streamFindingMessages, producerFindingMessages, deliveryFindingMessages, costFindingMessages, simFindingMessages, iacFindingMessages];
    const worded = groups.flatMap((g) => Object.keys(g));
    expect(worded).toHaveLength(new Set(worded).size);
    expect(worded.sort()).toEqual([...FINDING_CODES].sort());
  });
});

describe('finding wording', () => {
  it('words every sample', () => {
    expect(FINDINGS.map((f) => `${f.code}: ${findingMessage(f)}`).join('\n')).toMatchInlineSnapshot(`
      "READ_CALLS_OVER_LIMIT: 3 polling readers make 6 GetRecords calls per shard per second, over the limit of 5: reads will be throttled whatever the shard count. Polling every 750 ms or slower leaves 4 calls per shard per second; moving the busiest reader to enhanced fan-out leaves 4.
      READ_CALLS_AT_RISK: 4 polling readers make 4.5 GetRecords calls per shard per second against a limit of 5; any retry or extra reader throttles. More shards do not help. Polling every 1 s or slower leaves 3.5 calls per shard per second; moving the busiest reader to enhanced fan-out leaves 2.5.
      SHARED_READ_BINDS: The shared 2 MiB/s read limit binds: 4 polling readers need 9 shards where writes need 5. Enhanced fan-out gives each reader its own 2 MiB/s per shard: with the polling readers moved to it, the 5 shards writes need carry the reads (EFO is billed per consumer-shard-hour and GB).
      SHARED_READ_BINDS: The shared 2 MiB/s read limit binds: 4 polling readers need 9 shards where writes need 5. Enhanced fan-out gives each reader its own 2 MiB/s per shard: with the polling readers moved to it, the 5 shards writes need carry the reads; on 5 shards the stream then costs $280.30 a month instead of $98.55 (provisioned; EFO is billed per consumer-shard-hour and GB).
      NO_PEAK_GIVEN: No peak given: the stream is sized for its average rate. Give \`peak:\` (e.g. 3x or 9000/s) so that bursts are planned for.
      SHARDS_OVER_STREAM_MAXIMUM: 12,000 shards exceed the 10,000 a stream can be scaled to with UpdateShardCount; split the traffic over several streams.
      SHARDS_OVER_STREAM_MAXIMUM: 12,000 shards exceed the 10,000 a stream can be scaled to with UpdateShardCount; split the traffic over several streams (evenly over 2, each needs 6,000 shards).
      EXISTING_SHARDS_TOO_FEW: The existing 2 shards are fewer than the 4 needed: at peak, write bytes (1 MiB/s per shard) runs at 160% of capacity.
      EXISTING_SHARDS_OUTGROWN: The existing 4 shards are enough today, but growth needs 6 within 12 months.
      EXISTING_SHARDS_OVERPROVISIONED: The existing 10 shards are at least twice the 3 needed; shards are billed every hour whether used or not.
      EXISTING_SHARDS_OVERPROVISIONED: The existing 10 shards are at least twice the 3 needed; shards are billed every hour whether used or not: on 3 shards the stream costs $32.85 a month, $76.65 less (provisioned).
      CONSUMER_BINDS: Consumer enrich sets the shard count: at 300 records/s per shard it needs 33.3 shards to keep up at peak, where writes need 10. A faster consumer (more workers per shard, or a Lambda's parallelizationFactor) needs fewer.
      CONSUMER_BINDS: Consumer enrich sets the shard count: at 300 records/s per shard it needs 33.3 shards to keep up at peak, where writes need 10. A faster consumer (more workers per shard, or a Lambda's parallelizationFactor) needs fewer: at 1,000 records/s per shard the stream needs 10 shards.
      CONSUMER_BINDS: Consumer enrich sets the shard count: at 300 records/s per shard it needs 40 shards to catch up after the spike within its lag target, where writes need 10. A faster consumer (more workers per shard, or a Lambda's parallelizationFactor) needs fewer.
      CONSUMER_FALLS_BEHIND: Consumer enrich falls behind at peak: 10 shards let it process 3,000 records/s against 10,000 records/s arriving, so its lag grows until the peak passes.
      CONSUMER_CATCH_UP_TOO_SLOW: Consumer enrich needs 1.6 min to catch up after the spike on 34 shards, longer than its maxLag of 30 s.
      LAMBDA_CONCURRENCY_OVER_DEFAULT: Lambda indexer runs 2,000 concurrent invocations (200 shards × parallelizationFactor 10), above the account's default of 1,000 per Region shared by every function: ask for a quota increase, or other functions will be throttled.
      ON_DEMAND_OVER_MAXIMUM: A peak of 300 MiB/s is more than on-demand scales to (200 MiB/s); set onDemand.maxWriteThroughput if AWS raised it for your account, or use provisioned mode.
      ON_DEMAND_OVER_MAXIMUM: A peak of 300 MiB/s is more than on-demand scales to (200 MiB/s); set onDemand.maxWriteThroughput if AWS raised it for your account, or use provisioned mode, where the peak needs 360 shards.
      ON_DEMAND_BURST_THROTTLES: In on-demand mode the stream takes 4 MiB/s (4,000 records/s) at once (a new stream); a burst to 16 MiB/s (16,000 records/s) more than doubles that within 15 minutes and throttles while it scales: 2 doubling(s), bytes set the pace: 4 MiB/s → 16 MiB/s, about 30 minutes. Pre-warming (send the peak once, so that the stream scales to 16 MiB/s) or provisioned mode takes the burst without throttling.
      ON_DEMAND_BURST_THROTTLES: In on-demand-advantage mode the stream takes 8 MiB/s (8,000 records/s) at once (twice its previous peak); a burst to 16 MiB/s (16,000 records/s) more than doubles that within 15 minutes and throttles while it scales: 1 doubling(s), bytes set the pace: 8 MiB/s → 16 MiB/s, about 15 minutes. Warm throughput of 16 MiB/s takes the burst at once, without throttling.
      ON_DEMAND_BURST_THROTTLES: In on-demand mode the stream takes 4,000 records/s (4 MiB/s) at once (a new stream); a burst to 40,000 records/s (7.63 MiB/s) more than doubles that within 15 minutes and throttles while it scales: 4 doubling(s), records/s set the pace: 4,000 → 64,000 records/s, about 60 minutes. Pre-warming (send the peak once, so that the stream scales to 40 MiB/s, the peak's records at 1,000 records/s per MiB/s) or provisioned mode takes the burst without throttling.
      AGGREGATION_RECOMMENDED: KPL aggregation would pack 11.5 records into each Kinesis record: 13 shards instead of 24, and 110,000,000 PUT payload units a month instead of 2,600,000,000, for about 100 ms of added latency. Set producer.aggregation: kpl; consumers must de-aggregate (the KCL does).
      AGGREGATION_RECOMMENDED: KPL aggregation would pack 11.5 records into each Kinesis record: the stream keeps 74 shards (the shared 2 MiB/s read limit binds; the write limits alone: 50 instead of 72), and 110,000,000 PUT payload units a month instead of 2,600,000,000, for about 100 ms of added latency. Set producer.aggregation: kpl; consumers must de-aggregate (the KCL does).
      AGGREGATION_RECOMMENDED: KPL aggregation would pack 26 records into each Kinesis record: the stream needs 11 shards instead of 55 (then partition-key skew binds; the write limits alone: 10 instead of 48), and 2,020,000,000 PUT payload units a month instead of 52,560,000,000, for about 71.9 ms of added latency. Set producer.aggregation: kpl; consumers must de-aggregate (the KCL does).
      AGGREGATION_GAIN: KPL aggregation packs 20 records into each Kinesis record: the same 11 shards (another limit binds), 110,000,000 PUT payload units a month instead of 2,600,000,000; it adds about 100 ms of latency.
      AGGREGATION_GAIN: KPL aggregation packs 20 records into each Kinesis record: 1 shards instead of 2, 110,000 PUT payload units a month instead of 2,600,000; it adds about 100 ms of latency.
      AGGREGATION_RECORDS_TOO_LARGE: Records of 39.1 KiB are too large for two to fit in an aggregate of 50 KiB (AggregationMaxSize): the KPL sends them one by one, so aggregation gains nothing.
      AGGREGATION_RATE_TOO_LOW: Only 1.2 records reach each shard from one producer within RecordMaxBufferedTime (100 ms), so aggregates stay small. A longer RecordMaxBufferedTime or fewer producer instances per stream packs more, at the cost of latency.
      AGGREGATION_RATE_TOO_LOW: Only 1.5 records reach each shard from one producer within RecordMaxBufferedTime (100 ms), so aggregates stay small. A longer RecordMaxBufferedTime or fewer producer instances per stream packs more, at the cost of latency: at 400 ms, 3 records per aggregate and 4,380,000 PUT payload units a month instead of 8,760,000, for about 317 ms of added latency.
      AGGREGATION_NEEDS_DEAGGREGATION: Lambda consumers receive aggregated records: de-aggregate them in the function (e.g. the aws-kinesis-agg library), or records will look corrupt.
      HOT_KEY_OVER_SHARD_LIMIT: Partition key "tenant-7" alone writes 1,200 records/s (585.9 KiB/s) at peak, 120% of one shard's 1,000 records/s. A key always lands on one shard, so no shard count fixes this: salt the key into 2 sub-keys (e.g. key#0 … key#1). With it salted, 4 shards suffice: the hottest shard runs at 70% of its limit at peak.
      HOT_KEY_OVER_SHARD_LIMIT: 7 partition keys each exceed one shard's write limit at peak; the heaviest key (rank 1 of the Zipf distribution) writes 71.5 records/s (3.36 MiB/s) at peak, 335.7% of one shard's 1 MiB/s. A key always lands on one shard, so no shard count fixes them: salt each into its own number of sub-keys (key#0 … key#n−1): the heaviest key (rank 1 of the Zipf distribution) into 5 sub-keys, ranks 2–3 into 3 sub-keys each, ranks 4–7 into 2 sub-keys each. Salting all 7 is not enough: the other keys still put a shard over its limit at any shard count the plan can reach.
      HOT_KEY_OVER_SHARD_LIMIT: 2 partition keys each exceed one shard's write limit at peak; partition key "gateway-eu-1" writes 4,000 records/s (2.33 MiB/s) at peak, 400% of one shard's 1,000 records/s. A key always lands on one shard, so no shard count fixes them: salt each into its own number of sub-keys (key#0 … key#n−1): partition key "gateway-eu-1" into 5 sub-keys, unnamed key 1 beside the hot keys (they share the rest equally) into 2 sub-keys. Salting both is not enough at 20 shards: the hottest shard would still run at 150.8% of its limit at peak (over its limit); with the keys salted the stream needs 109 shards.
      KEY_SKEW_NEEDS_SHARDS: Partition keys are uneven: the hottest shard takes 25% of the records, so the stream needs 8 shards where an even spread would need 5.
      HOT_KEY_HEADROOM_UNREACHABLE: Partition key "tenant-7" alone leaves its shard less than the 20% headroom. Salt the key to keep the whole headroom.
      HOT_KEY_HEADROOM_UNREACHABLE: Partition key "tenant-7" alone takes 80% of a shard's limit at peak, so its shard cannot keep the 20% headroom: the shard is planned at up to 96% of its limit (1.2 × the key's own load, at most the limit) instead of 83.3%. Salting it into 2 sub-keys keeps the whole headroom.
      HOT_KEY_HEADROOM_UNREACHABLE: The heaviest key (rank 1 of the Zipf distribution) alone leaves its shard less than the 50% headroom. Salting it into 2 sub-keys keeps the whole headroom.
      RISK_KEY_OVER_SHARD_LIMIT: Partition key "tenant-7" exceeds one shard's 1,000 records/s on its own (120%).
      RISK_KEY_OVER_SHARD_LIMIT: 7 keys exceed one shard's write limit on their own: the heaviest key (rank 1 of the Zipf distribution) at 335.7% of its 1 MiB/s, down to rank 7 at 104.4%.
      RISK_HOT_SHARD_OVER_LIMIT: At peak the hottest of 4 shards runs at 130% of its 1 MiB/s: writes to it will be throttled.
      RISK_HOT_SHARD_NEAR_LIMIT: At peak the hottest of 4 shards runs at 85% of its 1,000 records/s, above the 83.3% its headroom allows: less room for bursts than planned.
      RISK_KEY_SKEW: The hottest shard carries 1.8× the mean shard's load.
      RISK_BURSTY_TRAFFIC: The peak is 4× the average; bursts shorter than the declared peak can go higher still.
      RISK_SHARED_READ_OVER_LIMIT: Polling readers ask for 110% of the shared 2 MiB/s read limit per shard.
      RISK_SHARED_READ_NEAR_LIMIT: Polling readers use 90% of the shared 2 MiB/s read limit per shard, above the 83.3% the headroom allows.
      FIREHOSE_RECORD_TOO_LARGE: Stream "clicks" carries records of up to 1 MiB, but Firehose accepts at most 1000 KiB (1,000 KiB) per record; larger records fail delivery. Keep records on this stream under 1,000 KiB or read it with another consumer.
      FIREHOSE_LATENCY_TARGET_MISSED: Delivery takes up to 5 min, more than the 1 min target. Set buffer.interval to 40s or less: at 40s delivery takes up to 1 min, in objects of 3.81 MiB (90 an hour).
      FIREHOSE_LATENCY_TARGET_MISSED: Delivery takes up to 1.5 min, more than the 1 min target (30 s of it in the Lambda buffer; lower lambda.bufferInterval or lambda.bufferSize). No buffer setting meets it; relax the target.
      FIREHOSE_OBJECT_SIZE_TARGET_MISSED: Objects come out at 64 MiB, below the 128 MiB target; the limit is the largest buffer the destination accepts.
      FIREHOSE_OBJECT_SIZE_TARGET_MISSED: Objects come out at 10 MiB, below the 128 MiB target; the limit is the traffic: the buffer does not fill before the longest interval.
      FIREHOSE_TINY_OBJECTS: Objects of only 195.3 KiB (120 per hour, 87,600 S3 PUTs a month): small objects slow queries and add request costs. At the longest buffer (15 min or 128 MiB) objects would be 5.72 MiB, 4 an hour, 2,920 S3 PUTs a month, delivered within 15 min instead of 30 s.
      FIREHOSE_TINY_OBJECTS: Objects of only 19.5 KiB (1,200 per hour over 10 partitions, 876,000 S3 PUTs a month): small objects slow queries and add request costs. At the longest buffer (15 min or 128 MiB) objects would be 585.9 KiB, 40 an hour, 29,200 S3 PUTs a month, delivered within 22.5 min instead of 45 s. With coarser partition keys, at most 5 partitions and that buffer give objects of 1.14 MiB or more (14,600 S3 PUTs a month).
      FIREHOSE_TINY_OBJECTS: Objects of only 19.5 KiB (16 per hour over 4 partitions, 11,680 S3 PUTs a month): small objects slow queries and add request costs. The buffer is already the longest the destination accepts (15 min or 128 MiB). Even one partition gives objects of only 78.1 KiB (2,920 S3 PUTs a month): the traffic is too low for larger objects.
      FIREHOSE_BUFFER_BELOW_RECOMMENDED: A 1 MiB buffer fills in 2 s; AWS recommends a size above about 10 seconds of ingest, here 5 MiB. With buffer.size 5 MiB: objects of 5 MiB, 360 an hour instead of 1,800, 262,800 S3 PUTs a month instead of 1,314,000, delivered within 10 s instead of 2 s.
      FIREHOSE_SMALL_RECORDS: Records of 500 B are billed as 5 KiB each (5 KB increments), 10.2× their size. Concatenating up to 10 of them into one Firehose record would save $120.50 a month.
      FIREHOSE_SMALL_RECORDS: Records of 500 B are billed as 5 KiB each (5 KB increments), 10.2× their size. Concatenating up to 10 of them into one Firehose record would bill close to their real size.
      FIREHOSE_SMALL_RECORDS: Records of 1 KiB are billed as 5 KiB each (5 KB increments), 5× their size. From a Kinesis stream, Firehose de-aggregates KPL records before delivery (AWS, kpl-with-firehose.html); AWS does not say whether the 5 KB rounding applies to each de-aggregated record or to the aggregate, and this plan takes one rounding per de-aggregated record, the higher estimate (settings.firehoseKplBilling). So KPL aggregation does not lower this bill; writing up to 1,000 events into each record of stream clickstream at the producer (every consumer then reads them packed) would save $1,413.53 a month.
      FIREHOSE_SMALL_RECORDS: Records of 1 KiB are billed as 5 KiB each (5 KB increments), 5× their size. From a Kinesis stream, Firehose de-aggregates KPL records before delivery (AWS, kpl-with-firehose.html); AWS does not say whether the 5 KB rounding applies to each de-aggregated record or to the aggregate, and this plan takes one rounding per aggregate (settings.firehoseKplBilling). Turning on KPL aggregation where stream clickstream is written (producer.aggregation: kpl, 28.3 records per aggregate) would save $1,390.12 a month.
      FIREHOSE_SMALL_RECORDS: KPL aggregates of 2.93 KiB are billed as 5 KiB each (5 KB increments), 1.71× their size. From a Kinesis stream, Firehose de-aggregates KPL records before delivery (AWS, kpl-with-firehose.html); AWS does not say whether the 5 KB rounding applies to each de-aggregated record or to the aggregate, and this plan takes one rounding per aggregate (settings.firehoseKplBilling). Fuller aggregates (a longer RecordMaxBufferedTime, fewer producer instances) would bill closer to their real size.
      FIREHOSE_PARTITIONS_ABOVE_DEFAULT: 600 active partitions exceed the default quota of 500; records beyond it go to the S3 error prefix. Request a quota increase (up to 5,000) before going live.
      FIREHOSE_PARTITIONS_ABOVE_MAX: 6,000 active partitions exceed the 5,000 Firehose allows even on request; use coarser partition keys or several Firehose streams.
      FIREHOSE_PARTITIONS_ABOVE_MAX: 6,000 active partitions exceed the 5,000 Firehose allows even on request; use coarser partition keys or several Firehose streams (2 or more, with the partitions split evenly).
      FIREHOSE_PARTITION_THROUGHPUT_EXCEEDED: Each partition receives 1.4 GiB/s at peak, above the 953.7 MiB/s limit per active partition; partition more finely: 3 active partitions or more carry the peak within it.
      FIREHOSE_LAMBDA_PAYLOAD_TOO_LARGE: A Lambda batch is about 7.63 MiB once base64-encoded, over the 6 MiB synchronous payload limit; invocations will fail. Set lambda.bufferSize to 2.25 MiB or less.
      FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED: The transformation needs 7 Lambda invocations in flight per shard at peak, but Firehose runs at most 5; delivery will fall behind. A function that finishes within 10 s, lambda.bufferSize 1.4 MiB or 6 shards keeps it at 5.
      FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED: The transformation needs 7 Lambda invocations in flight per shard at peak, but Firehose runs at most 5 (with 4 shards, the fewest the stream's writes need); delivery will fall behind. A function that finishes within 10 s or 6 shards keeps it at 5.
      FIREHOSE_LAMBDA_CONCURRENCY_EXCEEDED: The transformation needs 7 Lambda invocations in flight per shard at peak, but Firehose runs at most 5; delivery will fall behind. A function that finishes within 10 s keeps it at 5; more shards do not help while lambda.bufferInterval cuts the batches.
      FLINK_UNDERSIZED: 2 KPUs process 2 MiB/s, less than the 3 MiB/s the source delivers at peak; the application will fall behind. It needs 3 KPUs.
      FLINK_KPU_LIMIT: 80 KPUs exceed the default limit of 64 per application; request a quota increase.
      FLINK_SOURCE_GET_RECORDS_EXCEEDED: With this application, polling readers of "clicks" make 6 GetRecords calls per shard per second (this application 5), over the limit of 5: reads will be throttled and the application will lag. With enhanced fan-out (source.type: efo) the other readers make 1 call per shard per second; or a pollInterval of 250 ms or longer keeps all of them within 5.
      FLINK_SOURCE_GET_RECORDS_EXCEEDED: With this application, polling readers of "clicks" make 7 GetRecords calls per shard per second (this application 1), over the limit of 5: reads will be throttled and the application will lag. With enhanced fan-out (source.type: efo) the other readers make 6 calls per shard per second, over the limit on their own: no pollInterval of this application fixes it.
      FLINK_SOURCE_SHARED_READ_EXCEEDED: 3 polling readers need 3 MiB/s per shard of "clicks" at peak, above the shared 2 MiB/s with 2 shards. With enhanced fan-out (source.type: efo) for this application the others read 2 MiB/s per shard; or the stream needs 3 shards.
      FLINK_SOURCE_READ_NEEDS_SHARDS: 3 polling readers of "clicks" need 3 shards for the shared 2 MiB/s read limit where writes need 2; enhanced fan-out (source.type: efo) gives this application its own 2 MiB/s per shard instead.
      FLINK_EFO_CONSUMERS_EXCEEDED: "clicks" would have 21 enhanced fan-out consumers, more than the 20 a stream allows; use polling for some.
      COST_INPUT_UNKNOWN: provisioned: the cost of reading data older than 7 days is unknown ($0.02 per GB) and left out of the total. Set \`replayPerMonth:\` on the consumers that replay old data (0 if none do).
      COST_INPUT_UNKNOWN: On-demand Advantage: the cost of reading data older than 7 days is unknown ($0.02 per GB) and left out of the total. Set \`replayPerMonth:\` on the consumers that replay old data (0 if none do).
      COST_INPUT_UNKNOWN: On-demand Standard: the cost of reading data older than 7 days is unknown (the pricing file has no price for it either) and left out of the total. Set \`replayPerMonth:\` on the consumers that replay old data (0 if none do).
      COST_PRICE_UNKNOWN: On-demand Standard: the pricing file has no price for reading data older than 7 days (the AWS Price List lists no such charge in this mode), so the 500 GiB replayed a month are left out of the total, not priced at $0.
      PRICES_NOT_FOUND: No prices for eu-west-1: every cost is unknown. Download AWS's current prices with \`kinesis-plan pricing fetch eu-west-1\`, or convert offer files you downloaded with \`kinesis-plan pricing import\`; or price with your own file (--pricing FILE).
      PRICING_REGION_MISMATCH: The prices (pricing/us-east-1.2026-11-22.json) are for us-east-1, but the workload is in eu-west-1: the costs are us-east-1's, and prices differ between Regions.
      PRICES_STALE: The us-east-1 prices (pricing/us-east-1.2026-11-22.json) took effect on 2026-11-22, 99 days before 2027-03-01: AWS may have changed them since. Refresh them with \`kinesis-plan pricing fetch us-east-1\`.
      LONG_TERM_READS_WITHOUT_LONG_TERM_RETENTION: Consumers replay 465.7 GiB of old data a month, but retention is 24 h: there is no data older than 7 days to read. Raise retention above 7 days, or remove replayPerMonth.
      ODA_COMMITMENT_PER_ACCOUNT: On-demand Advantage bills each account a minimum of 25 MiB/s ingest and 25 MiB/s retrieval in the Region ($2,400.50 a month), shared by all its Advantage streams, not charged per stream. This stream's own usage is $120.25 a month.
      ODA_BELOW_COMMITMENT: On its own this stream ($120.25 a month at Advantage rates) would not reach the account minimum of $2,400.50; Advantage pays off only if the account's Advantage streams together use that much.
      SIM_THROTTLED: 500 of 10,000 write attempts (5%) were throttled, over the budget of 1%.
      SIM_THROTTLED: 500 of 10,000 write attempts (5%) were throttled.
      SIM_THROTTLED: 3,600 of 10,000 write attempts (36%) were throttled, within the budget of 50%.
      SIM_HOT_SHARD: Shard 7 of 20 took 28.7% of the records (5.75× an even share) and 99% of the throttled attempts: partition key "gateway-eu-1" (25% of the records) is over one shard's write limit on its own, and a key always lands on one shard. Salt it into 5 sub-keys (gateway-eu-1#0 … gateway-eu-1#4), as the plan computes; no shard count helps.
      SIM_HOT_SHARD: 7 of 203 shards took 14% of the records (shard 17 alone 4.59× an even share) and 97% of the throttled attempts: the three heaviest keys (ranks 1–3 of the Zipf distribution) and 4 more (the named 5.3% of the records) are over one shard's write limit on their own, and a key always lands on one shard. Salt each into 2 to 4 sub-keys (each key its own count, as the plan's HOT_KEY_OVER_SHARD_LIMIT lists them), as the plan computes; no shard count helps.
      SIM_HOT_SHARD: Shard 3 of 8 took 30% of the records (2.4× an even share) and 80% of the throttled attempts: partition keys "a" and "b" (22% of the records) hash to it. Send the heaviest with explicit hash keys that place them on other shards, or use 12 shards (the plan's count for this skew).
      SIM_HOT_SHARD: 2 of 10 shards took 31% of the records (shard 1 alone 1.6× an even share) and 60% of the throttled attempts, though no key stands out: the keys' hashes fall unevenly. Spread them with explicit hash keys, or use 14 shards (the plan's count for this skew).
      SIM_RECORDS_DROPPED: 2,000 of 3,000 records were given up, mostly because the client does not retry: that data is lost unless the application keeps it elsewhere.
      SIM_HIDDEN_BURST: Minute 0 shows only 5% of write capacity in one-minute metrics, yet 2,000 write attempts were throttled: its busiest second carried 60× the minute's average. CloudWatch will not show this burst; WriteProvisionedThroughputExceeded will be the only sign.
      SIM_READ_THROTTLED: Consumer app had 12 of 600 GetRecords calls throttled (5 calls/s and 2 MiB/s per shard are shared by all polling consumers). Poll less often, or use enhanced fan-out.
      SIM_CONSUMER_LAG: Consumer app fell 1.5 min behind (iterator age).
      SIM_CONSUMER_LAG: Consumer app fell at least 10 min behind (iterator age).
      SIM_ON_DEMAND_SCALING_THROTTLE: On-demand throttled while it scaled: the first split landed at 15 min into the run (2 split event(s), 8 shards at the end). Traffic more than doubling the previous peak within 15 minutes throttles; pre-warm, or use warm throughput on On-demand Advantage.
      SIM_TRACE_SPREAD_EVENLY: The trace traffic.csv has one point per 5 min; each period's records were spread evenly over it, so bursts shorter than that are not in the replay. Add traffic.spikes or heavyTail to test them.
      SIM_PENDING_AT_END: 42 records were still waiting for a retry when the run ended.
      SIM_SHARDS_VS_PLAN: 19 shards keep clicks's throttled share at or under 0.1% in this simulation; the plan has 23. The plan adds 20% headroom over the steady peak, which alone needs 18; the simulation measures throttling, not headroom. The plan adds 1 for the hottest shard, which the simulation's throttling limit tolerates. The simulation offered no traffic above the declared peak.
      SIM_SHARDS_VS_PLAN: 30 shards keep clicks's throttled share at or under 0.1% in this simulation; the plan has 23. The simulation offered traffic above the declared peak (traffic.rate, a daily cycle, on/off periods or bursts), which the plan does not size for.
      SIM_SHARDS_VS_PLAN: 24 shards keep clicks's throttled share at or under 0% in this simulation; the plan has 23. Random arrivals at the peak throttle more than the limit allows at the plan's count: raise the headroom, or allow more throttling.
      SIM_SHARDS_VS_PLAN: 10 shards keep clicks's throttled share at or under 1% in this simulation; the plan has 40. The plan's count is the stream's existing shards (\`shards:\`), not what it needs. The plan adds 20% headroom over the steady peak, which alone needs 9; the simulation measures throttling, not headroom. The simulation offered no traffic above the declared peak.
      SIM_SHARDS_VS_PLAN: 23 shards keep clicks's throttled share at or under 1% in this simulation; the plan has 23. They agree.
      SIM_SHARDS_HOT_KEYS: No shard count keeps telemetry's throttled share at or under 0.1%, so none was tried: partition key "gateway-eu-1" alone exceeds one shard's write limit, and a key always lands on one shard. Salt it into 5 sub-keys, as the plan says; then search again.
      SIM_SHARDS_HOT_KEYS: No shard count keeps logs's throttled share at or under 1%, so none was tried: the three heaviest keys (ranks 1–3 of the Zipf distribution) alone exceed one shard's write limit, and a key always lands on one shard. Salt each into 3 sub-keys, as the plan says; then search again.
      SIM_SHARDS_HOT_KEYS: No shard count keeps logs's throttled share at or under 1%, so none was tried: the keys of ranks 2–3 of the Zipf distribution alone exceed one shard's write limit, and a key always lands on one shard. Salt each into 2 sub-keys, as the plan says; then search again.
      SIM_SHARDS_HOT_KEYS: No shard count keeps fleet's throttled share at or under 1%, so none was tried: partition keys "gateway-eu-1" and unnamed key 1 beside the hot keys (they share the rest equally) alone exceed one shard's write limit, and a key always lands on one shard. Salt each into 2 sub-keys, as the plan says; then search again.
      SIM_SHARDS_NONE: No shard count up to 10,000 keeps clicks's throttled share at or under 0% in this simulation.
      IAC_SHARDS_TOO_FEW: aws_kinesis_stream.clicks (main.tf:9) declares 8 shards; the workload needs 23 at peak. Raise shard_count (ShardCount) to at least 23.
      IAC_SHARDS_OUTGROWN: aws_kinesis_stream.clicks (main.tf:9) declares 8 shards, enough today; the workload needs 11 in 12 months as it grows.
      IAC_SHARDS_OVERPROVISIONED: aws_kinesis_stream.clicks (main.tf:9) declares 24 shards; the workload needs 8: the 16 extra cost $175.20 a month.
      IAC_SHARDS_OVERPROVISIONED: aws_kinesis_stream.clicks (main.tf:9) declares 24 shards; the workload needs 8.
      IAC_MODE_COSTLIER: aws_kinesis_stream.clicks (main.tf:9) is On-demand Standard, $420.50 a month at this workload; provisioned would cost $120.25.
      IAC_VALUE_UNKNOWN: Clicks (template.yaml:14): the shard count is not known here (from !Ref Shards), so it is not checked.
      IAC_MAX_RECORD_SIZE_TOO_SMALL: aws_kinesis_stream.clicks (main.tf:9) accepts records up to 1 MiB; the workload writes records of 2 MiB, which Kinesis would reject.
      IAC_FIREHOSE_BUFFER_REJECTED: aws_kinesis_firehose_delivery_stream.to_lake (main.tf:40) buffers 32 MiB; with Parquet conversion AWS accepts 64–128 MiB and would reject it.
      IAC_FIREHOSE_BUFFER_REJECTED: aws_kinesis_firehose_delivery_stream.to_lake (main.tf:41) buffers for 1200 s; AWS accepts 0–900 s and would reject it.
      IAC_FIREHOSE_LATENCY_MISSED: aws_kinesis_firehose_delivery_stream.to_lake (main.tf:41) delivers in up to 15 min with a 15 min buffer interval; the workload's target is 5 min.
      IAC_FLINK_TOO_FEW_KPUS: aws_kinesisanalyticsv2_application.sessions (main.tf:60) declares parallelism 4 at 2 per KPU (2 KPUs); the workload needs 3.
      IAC_FLINK_TOO_FEW_KPUS: aws_kinesisanalyticsv2_application.sessions (main.tf:60) declares parallelism 4 at 2 per KPU (2 KPUs); the workload needs 3. Autoscaling may add KPUs, after a delay.
      IAC_FLINK_SETTING_REJECTED: aws_kinesisanalyticsv2_application.sessions (main.tf:61): ParallelismPerKPU 12 is outside 1–8; AWS would reject it.
      IAC_EVENT_SOURCE_SETTING_REJECTED: OrdersReader (template.yaml:30): ParallelizationFactor 12 is outside 1–10 for a Kinesis source; AWS would reject it.
      IAC_RESOURCE_NOT_IN_WORKLOAD: aws_kinesis_stream.audit (main.tf:18): a stream named audit that no part of the workload describes; it is not checked.
      IAC_RESOURCE_NOT_IN_WORKLOAD: aws_lambda_event_source_mapping.enrich (main.tf:80): a Lambda event source mapping that no part of the workload describes; it is not checked.
      IAC_NOT_DECLARED: The stream orders is in no infrastructure file given; set \`iac:\` to its resource if its name differs."
    `);
  });

  it('each message reaches the plan report in JSON, text and Markdown', () => {
    const plan = planWorkload(workloadOf({ records: { size: 100, rate: 10 } }));
    const report = toPlanReport({ ...plan, findings: FINDINGS }, '0.0.0-test');
    const text = flat(renderText(report, { style: new Chalk({ level: 0 }), width: 80 }));
    const markdown = renderMarkdown(report);
    expect(report.findings).toHaveLength(FINDINGS.length);
    for (const [i, f] of FINDINGS.entries()) {
      const message = findingMessage(f);
      expect(report.findings[i]).toEqual({ code: f.code, severity: f.severity, path: f.path, message, args: f.args });
      expect(text).toContain(`[${f.code}] ${flat(message)}`);
      expect(markdown).toContain(`\`${f.path}\` (${f.code}): ${message}\n`);
    }
  });

  it('each message reaches the simulation report in JSON, text and Markdown', () => {
    const result = simulate(workloadOf({ records: { size: 100, rate: 10 } }), planWorkload(workloadOf({ records: { size: 100, rate: 10 } })), { seed: 1, durationSec: 60, shardsByStream: [1] });
    const withSamples = { ...result, findings: FINDINGS };
    const report = toSimReport(withSamples, '0.0.0-test');
    const text = flat(renderSimText(withSamples, { style: new Chalk({ level: 0 }), width: 80 }));
    const markdown = renderSimMarkdown(withSamples);
    expect(report.findings).toHaveLength(FINDINGS.length);
    for (const [i, f] of FINDINGS.entries()) {
      const message = findingMessage(f);
      expect(report.findings[i]).toEqual({ code: f.code, severity: f.severity, path: f.path, message, args: f.args });
      expect(text).toContain(`[${f.code}] ${flat(message)}`);
      expect(markdown).toContain(`\`${f.path}\` (${f.code}): ${message}\n`);
    }
  });

  it('no message shows a missing or non-numeric argument', () => {
    for (const f of FINDINGS) expect(findingMessage(f)).not.toMatch(/undefined|NaN|\[object|^[A-Z_]+ \{/);
  });
});

describe('what a billed GB is', () => {
  const plain = { style: new Chalk({ level: 0 }), width: 80 };
  it('every plan report says it, from settings.gigabyte: 2^30 bytes by default, 10^9 with GB', () => {
    for (const [gigabyte, bytes, words] of [
      ['GiB', 2 ** 30, 'A billed GB here is 2^30 bytes'],
      ['GB', 1e9, 'A billed GB here is 10^9 bytes'],
    ] as const) {
      const w = workloadOf({ records: { size: 1000, rate: '100/s' } }, { settings: { gigabyte } });
      const report = toPlanReport(planWorkload(w), '0.0.0');
      expect(report.billedGigabyteBytes).toBe(bytes);
      expect(renderText(report, plain)).toContain(words);
      expect(renderMarkdown(report)).toContain(words);
    }
  });
});
