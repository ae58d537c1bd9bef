import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  aggregateBytesOfShape,
  aggregatedRecordBytes,
  distinctKeysIn,
  aggregatedShape,
  maxRecordsPerAggregate,
  planAggregation,
  recordsPerAggregateDistribution,
  varintBytes,
} from '../../src/plan/aggregation.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { planWorkload } from '../../src/plan/index.js';

interface EncodedRecord {
  partitionKey: string;
  data: Buffer;
}
interface Aggregator {
  addUserRecord(r: { partitionKey: string; explicitHashKey?: string; data: Buffer }): void;
  build(): EncodedRecord;
}
const require = createRequire(import.meta.url);
const { RecordAggregator } = require('aws-kinesis-agg/lib/kpl-agg') as {
  RecordAggregator: new () => Aggregator;
};

/** A key of exactly `length` ASCII characters, distinct for each `i` (base-36 digits, left-padded with "_", which is no base-36 digit). */
function keyOf(i: number, length: number): string {
  const digits = i.toString(36);
  if (digits.length > length) throw new RangeError(`key ${i} does not fit in ${length} characters`);
  return digits.padStart(length, '_');
}

/** The bytes aws-kinesis-agg actually encodes (magic + protobuf + MD5) for these records. */
function encodedLength(records: { partitionKey: string; explicitHashKey?: string; data: Buffer }[]): number {
  const agg = new RecordAggregator();
  for (const r of records) agg.addUserRecord(r);
  return agg.build().data.length;
}

describe('varintBytes', () => {
  it('takes one byte per started 7 bits (protobuf encoding)', () => {
    // 127 = 2^7 − 1 is the largest one-byte varint; 16,383 = 2^14 − 1 the largest two-byte one; 2^21 needs four.
    expect([0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152].map(varintBytes)).toEqual([
      1, 1, 1, 2, 2, 3, 3, 4,
    ]);
  });
});

describe('aggregatedRecordBytes equals what aws-kinesis-agg encodes, byte for byte', () => {
  it('two 512-byte records with 3-character keys: 1,070 bytes', () => {
    // 20 (magic + MD5) + 2 key entries × (1 tag + 1 length + 3) + 2 records × (1 tag + 2 length + inner 517)
    // where inner = 1 + 1 (key index) + 1 + 2 (length of 512) + 512 = 517. 20 + 10 + 1,040 = 1,070.
    const records = ['abc', 'abd'].map((partitionKey) => ({ partitionKey, data: Buffer.alloc(512) }));
    expect(encodedLength(records)).toBe(1070);
    expect(aggregatedRecordBytes([512, 512], ['abc', 'abd'])).toBe(1070);
  });

  it('over record sizes, key lengths, distinct keys, explicit hash keys and counts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 256 }),
        fc.integer({ min: 1, max: 60 }),
        fc.boolean(),
        (sizes, keyLength, distinct, withEhk) => {
          const records = sizes.map((n, i) => ({
            partitionKey: keyOf(i % distinct, keyLength),
            data: Buffer.alloc(n, i),
            ...(withEhk ? { explicitHashKey: String(2n ** 127n + BigInt(i % 3)) } : {}),
          }));
          const model = aggregatedRecordBytes(
            sizes,
            records.map((r) => r.partitionKey),
            records.map((r) => r.explicitHashKey),
          );
          expect(model).toBe(encodedLength(records));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for many records, where key indexes need two-byte varints (> 127 keys)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 100, max: 400 }),
        fc.integer({ min: 120, max: 400 }),
        fc.integer({ min: 1, max: 40 }),
        (dataBytes, count, distinct, keyLength) => {
          const keys = Array.from({ length: count }, (_, i) => keyOf(i % distinct, Math.max(keyLength, 2)));
          const records = keys.map((partitionKey) => ({ partitionKey, data: Buffer.alloc(dataBytes) }));
          const exact = encodedLength(records);
          expect(aggregatedRecordBytes(Array(count).fill(dataBytes) as number[], keys)).toBe(exact);
          // The closed form (record i uses key i mod distinct) agrees with the record-by-record size.
          expect(
            aggregateBytesOfShape({
              records: count,
              distinctKeys: distinct,
              keyBytes: Math.max(keyLength, 2),
              sizes: [{ dataBytes, share: 1 }],
            }),
          ).toBe(exact);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('closed form equals aws-kinesis-agg over uniform sizes, key lengths and counts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12_000 }),
        fc.integer({ min: 2, max: 256 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 80 }),
        (dataBytes, keyLength, distinct, count) => {
          const records = Array.from({ length: count }, (_, i) => ({
            partitionKey: keyOf(i % distinct, keyLength),
            data: Buffer.alloc(dataBytes),
          }));
          const shape = {
            records: count,
            distinctKeys: distinct,
            keyBytes: keyLength,
            sizes: [{ dataBytes, share: 1 }],
          };
          expect(aggregateBytesOfShape(shape)).toBe(encodedLength(records));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('maxRecordsPerAggregate', () => {
  it('is the largest count whose encoded aggregate fits AggregationMaxSize (checked against aws-kinesis-agg)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 4, max: 64 }),
        fc.integer({ min: 1000, max: 60_000 }),
        (dataBytes, keyLength, maxSize) => {
          const n = maxRecordsPerAggregate(
            [{ dataBytes, share: 1 }],
            keyLength,
            { kind: 'unique' },
            {
              aggregationMaxSize: maxSize,
              aggregationMaxCount: 4_294_967_295,
            },
          );
          const encode = (count: number) =>
            encodedLength(
              Array.from({ length: count }, (_, i) => ({
                partitionKey: keyOf(i, keyLength),
                data: Buffer.alloc(dataBytes),
              })),
            );
          if (n >= 2) expect(encode(n)).toBeLessThanOrEqual(maxSize);
          expect(encode(n + 1)).toBeGreaterThan(maxSize);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('512-byte records with unique 36-character keys under the default 51,200 bytes: 91 records', () => {
    // Per record: key entry 1 + 1 + 36 = 38, record entry 1 + 2 + (1 + 1 + 1 + 2 + 512 = 517) = 520 → 558 bytes.
    // (51,200 − 20) / 558 = 91.7 → 91; index varints stay one byte (indexes < 128).
    const n = maxRecordsPerAggregate(
      [{ dataBytes: 512, share: 1 }],
      36,
      { kind: 'unique' },
      {
        aggregationMaxSize: 51_200,
        aggregationMaxCount: 4_294_967_295,
      },
    );
    expect(n).toBe(91);
  });

  it('honours AggregationMaxCount, and sends records raw when two do not fit', () => {
    const sizes = [{ dataBytes: 100, share: 1 }];
    expect(
      maxRecordsPerAggregate(
        sizes,
        10,
        { kind: 'unique' },
        { aggregationMaxSize: 51_200, aggregationMaxCount: 7 },
      ),
    ).toBe(7);
    // Two 30,000-byte records: 20 + 2 × (1 + 1 + 10) + 2 × (1 + 3 + 30,006) > 51,200.
    expect(
      maxRecordsPerAggregate(
        [{ dataBytes: 30_000, share: 1 }],
        10,
        { kind: 'unique' },
        {
          aggregationMaxSize: 51_200,
          aggregationMaxCount: 4_294_967_295,
        },
      ),
    ).toBe(1);
  });
});

describe('distinctKeysIn', () => {
  it('follows m·(1 − (1 − 1/m)^n), rounded up', () => {
    // 10 draws from 10 keys: 10 × (1 − 0.9^10) = 6.513 → 7.  100 draws from 1 key: 1.
    expect(distinctKeysIn(10, { kind: 'uniform', keysPerShard: 10 })).toBe(7);
    expect(distinctKeysIn(100, { kind: 'uniform', keysPerShard: 1 })).toBe(1);
    expect(distinctKeysIn(5, { kind: 'unique' })).toBe(5);
    expect(distinctKeysIn(5, { kind: 'fixed', keys: 9 })).toBe(5);
  });
});

describe('recordsPerAggregateDistribution', () => {
  it('is min(1 + Poisson(μ), max): μ = 1, max 3 → P(1) = e⁻¹, P(2) = e⁻¹, P(3) = 1 − 2e⁻¹', () => {
    const d = new Map(recordsPerAggregateDistribution(1, 3));
    expect(d.get(1)).toBeCloseTo(Math.exp(-1), 12);
    expect(d.get(2)).toBeCloseTo(Math.exp(-1), 12);
    expect(d.get(3)).toBeCloseTo(1 - 2 * Math.exp(-1), 12);
  });

  it('sums to 1 and never exceeds the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.integer({ min: 1, max: 20_000 }),
        (mu, max) => {
          const d = recordsPerAggregateDistribution(mu, max);
          expect(d.reduce((a, [, p]) => a + p, 0)).toBeCloseTo(1, 9);
          for (const [r] of d) expect(r).toBeLessThanOrEqual(max);
        },
      ),
    );
  });
});

const kplDefaults = {
  aggregationMaxSize: 51_200,
  aggregationMaxCount: 4_294_967_295,
  recordMaxBufferedTime: 0.1,
};

describe('aggregate', () => {
  it('reproduces AWS: 1,000 records/s of 512 bytes on one shard aggregate into about 10 Kinesis records/s of ~50 KB', () => {
    // AWS KPL concepts doc: "pack 1,000 records into only 10 Kinesis Data Streams records, reducing the RPS to 10
    // (at 50 KB each)". With one shared key: entry 520 B, key table 1 + 1 + 36 = 38 B, so
    // max = ⌊(51,200 − 20 − 38) / 520⌋ = 98 records (20 + 38 + 98 × 520 = 51,018 B). In a 100 ms window
    // μ = 1,000 × 0.1 = 100 > 98, so most aggregates are full: E[R] = Σ_{j<98} P(Poisson(100) ≥ j) ≈ 95.4
    // → 1,000 / 95.4 ≈ 10.5 records/s.
    const r = aggregate({
      dataBytes: 512,
      keyBytes: 36,
      keys: { kind: 'fixed', keys: 1 },
      userRecordsPerSecPerShard: 1000,
      kpl: kplDefaults,
      putPayloadUnitBytes: 25_600,
    });
    expect(r.maxUserRecordsPerAggregate).toBe(98);
    expect(r.fullAggregateBytes).toBe(20 + 38 + 98 * 520);
    expect(r.kinesisRecordsPerSec).toBeGreaterThan(10);
    expect(r.kinesisRecordsPerSec).toBeLessThan(10.5);
    // "at 50 KB each": within 5 % of 51,200 bytes.
    expect(r.aggregateBytes / 51_200).toBeGreaterThan(0.95);
    expect(r.withoutKinesisRecordsPerSec).toBe(1000);
    // Without: 1,000 × (512 + 36) = 548,000 B/s; with: the same data plus 20 B per aggregate, minus the key table savings.
    expect(r.withoutKinesisBytesPerSec).toBe(548_000);
    expect(r.kinesisBytesPerSec).toBeLessThan(r.withoutKinesisBytesPerSec);
  });

  it('at low per-shard rates aggregates stay small: 10 records/s in a 100 ms window gives E[R] = 1 + 1 = 2', () => {
    // μ = 10 × 0.1 = 1 ≪ max, so E[R] = 1 + μ = 2 and the shard sees 10 / 2 = 5 Kinesis records/s.
    const r = aggregate({
      dataBytes: 512,
      keyBytes: 36,
      userRecordsPerSecPerShard: 10,
      kpl: kplDefaults,
      putPayloadUnitBytes: 25_600,
    });
    expect(r.userRecordsPerAggregate).toBeCloseTo(2, 9);
    expect(r.kinesisRecordsPerSec).toBeCloseTo(5, 9);
  });

  it('splits the shard rate over producer instances: each aggregates only its own records', () => {
    // 4 instances × 250 records/s each: μ = 25 per window, E[R] ≈ 26, far below the 91 of one instance at 1,000/s.
    const one = aggregate({
      dataBytes: 512,
      keyBytes: 36,
      userRecordsPerSecPerShard: 1000,
      kpl: kplDefaults,
      putPayloadUnitBytes: 25_600,
    });
    const four = aggregate({
      dataBytes: 512,
      keyBytes: 36,
      userRecordsPerSecPerShard: 1000,
      producerInstances: 4,
      kpl: kplDefaults,
      putPayloadUnitBytes: 25_600,
    });
    expect(four.userRecordsPerAggregate).toBeCloseTo(26, 6);
    expect(four.kinesisRecordsPerSec).toBeGreaterThan(3 * one.kinesisRecordsPerSec);
  });

  it('counts PUT payload units per Kinesis record: a full 51,018-byte aggregate is 2 units of 25,600 B, 3 of 25,000 B', () => {
    // At 100,000 records/s every aggregate is full: 51,018 + 1 ("a" key) = 51,019 B: ⌈51,019 / 25,600⌉ = 2,
    // ⌈51,019 / 25,000⌉ = 3.
    const base = {
      dataBytes: 512,
      keyBytes: 36,
      keys: { kind: 'fixed', keys: 1 } as const,
      userRecordsPerSecPerShard: 100_000,
      kpl: kplDefaults,
    };
    expect(aggregate({ ...base, putPayloadUnitBytes: 25_600 }).putUnitsPerKinesisRecord).toBe(2);
    expect(aggregate({ ...base, putPayloadUnitBytes: 25_000 }).putUnitsPerKinesisRecord).toBe(3);
  });

  it('never sends more Kinesis records than user records, and more traffic never lowers records per aggregate (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 256 }),
        fc.double({ min: 0.1, max: 50_000, noNaN: true }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        (dataBytes, keyBytes, rate, more) => {
          const input = {
            dataBytes,
            keyBytes,
            userRecordsPerSecPerShard: rate,
            kpl: kplDefaults,
            putPayloadUnitBytes: 25_600,
          };
          const a = aggregate(input);
          const b = aggregate({ ...input, userRecordsPerSecPerShard: rate * more });
          expect(a.kinesisRecordsPerSec).toBeLessThanOrEqual(rate * (1 + 1e-9));
          expect(b.userRecordsPerAggregate).toBeGreaterThanOrEqual(a.userRecordsPerAggregate - 1e-9);
          expect(a.latencyAddedSec).toBeLessThanOrEqual(a.maxLatencyAddedSec + 1e-12);
        },
      ),
    );
  });
});

describe('planAggregation', () => {
  const workload = (aggregation: string) =>
    parseWorkload(
      [
        'version: 1',
        'name: agg',
        'streams:',
        '  - name: events',
        '    records: { size: 512, rate: 20000/s }',
        '    producer: { aggregation: ' + aggregation + ' }',
      ].join('\n'),
      'agg.yaml',
    );

  it('sizes the stream with and without aggregation and counts PUT units a month (hand derivation)', () => {
    // Without: 20,000 records/s × 1.2 / 1,000 = 24 shards; bytes 20,000 × (512 + 36) = 10.45 MiB/s × 1.2 = 12.5 → 24.
    // With (unique 36-char keys): 91 records per full aggregate (see above), 20 + 91 × 558 = 50,798 B + "a" = 50,799 B
    // per 91 records = 558.23 B per record → 11,164,615 B/s = 10.65 MiB/s × 1.2 = 12.78 → 13 shards, where each shard
    // gets 1,538 records/s (μ = 154 per window ≫ 91, so aggregates are full) and 16.9 Kinesis records/s.
    // PUT units a month (730 h = 2,628,000 s): without 20,000 × 1 unit × 2,628,000 = 52,560,000,000;
    // with 20,000 / 91 aggregates/s × ⌈50,799 / 25,600⌉ = 2 units × 2,628,000 = 1,155,164,835.2.
    const stream = workload('kpl').streams[0];
    if (!stream) throw new Error('no stream');
    const plan = planAggregation(stream, 0, { putPayloadUnitBytes: 25_600, monthHours: 730 });
    expect(plan).toMatchObject({
      enabled: true,
      shardsWithout: 24,
      shardsWith: 13,
      maxUserRecordsPerAggregate: 91,
    });
    expect(plan.putUnitsPerMonthWithout).toBe(52_560_000_000);
    expect(plan.putUnitsPerMonthWith / ((20_000 / 91) * 2 * 2_628_000)).toBeCloseTo(1, 6);
    expect(plan.kinesisRecordsPerSecond).toBeCloseTo(20_000 / 91, 4);
    expect(plan.verdict.isRecommended).toBe(true);
    expect(plan.verdict.findings.map((f) => f.code)).toEqual(['AGGREGATION_GAIN']);
  });

  it('recommends aggregation when it is off and would save shards', () => {
    const stream = workload('none').streams[0];
    if (!stream) throw new Error('no stream');
    const plan = planAggregation(stream, 0, { putPayloadUnitBytes: 25_600, monthHours: 730 });
    expect(plan.enabled).toBe(false);
    expect(plan.verdict.findings.map((f) => [f.code, f.path])).toEqual([
      ['AGGREGATION_RECOMMENDED', 'streams[0].producer'],
    ]);
    // The one aggregation model at a shard count: at the 13 shards aggregation would need, 1,538 records/s per shard
    // fill every aggregate (μ = 154 per window ≫ 91): 1 Kinesis record per 91 user records, 50,799 + 1 B each.
    const shape = aggregatedShape(stream, 20_000, 13, 25_600);
    expect(shape.kinesisRecordsPerUserRecord).toBeCloseTo(1 / 91, 6);
    expect(shape.writeBytesPerUserRecord).toBeCloseTo(50_799 / 91, 3);
  });
});

describe('AGGREGATION_RATE_TOO_LOW says what a longer RecordMaxBufferedTime gives', () => {
  const workload = (bufferedTime: string) =>
    parseWorkload(
      [
        'version: 1',
        'name: slow',
        'streams:',
        '  - name: events',
        '    headroom: 0%',
        '    records: { size: 1000, rate: 5/s }',
        '    partitionKeys: { length: 24 }',
        `    producer: { aggregation: kpl, recordMaxBufferedTime: ${bufferedTime} }`,
      ].join('\n'),
      'slow.yaml',
    );
  const plan = (bufferedTime: string) => {
    const stream = workload(bufferedTime).streams[0];
    if (!stream) throw new Error('no stream');
    return planAggregation(stream, 0, { putPayloadUnitBytes: 25_600, monthHours: 730 });
  };

  it('doubles the setting until aggregates hold two records (hand derivation)', () => {
    // One shard, one producer, 5 records/s: a window of W holds min(1 + Poisson(5 W), max) records, max ≈ 49 of 1 KB.
    // 100 ms: μ = 0.5, 1.5 records per aggregate (< 2: the finding). 200 ms: μ = 1, 2 less the tail above max, still
    // under 2. 400 ms: μ = 2, 3 records per aggregate. PUT payload units a month (2,628,000 s), one unit per aggregate
    // of three 1 KB records: 5 ÷ 3 × 2,628,000 = 4,380,000, against 5 ÷ 1.5 × 2,628,000 = 8,760,000 at 100 ms.
    const f = plan('100ms').verdict.findings.find((x) => x.code === 'AGGREGATION_RATE_TOO_LOW');
    if (f?.code !== 'AGGREGATION_RATE_TOO_LOW') throw new Error('expected AGGREGATION_RATE_TOO_LOW');
    expect(f.args.userRecordsPerAggregate).toBeCloseTo(1.5, 9);
    expect(f.args.putUnitsPerMonthWith).toBeCloseTo(8_760_000, 3);
    expect(f.args.recordMaxBufferedTimeSecAfter).toBeCloseTo(0.4, 12);
    expect(f.args.userRecordsPerAggregateAfter).toBeCloseTo(3, 9);
    expect(f.args.putUnitsPerMonthAfter).toBeCloseTo(4_380_000, 3);
    // The figures after are the plan of the same stream at 400 ms, which no longer finds aggregates too small.
    const after = plan('400ms');
    expect(f.args.latencyAddedSecAfter).toBeCloseTo(after.latencyAddedSec, 12);
    expect(after.verdict.findings.map((x) => x.code)).toEqual(['AGGREGATION_GAIN']);
    expect(plan('200ms').verdict.findings.map((x) => x.code)).toEqual(['AGGREGATION_RATE_TOO_LOW']);
  });
});

describe('AGGREGATION_RECOMMENDED counts the shards as the planner would with aggregation on', () => {
  const load = (name: string) => parseWorkload(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'), name);

  it('examples/iot-telemetry.yaml: the count of the same workload planned with producer.aggregation: kpl, on every limit', () => {
    const w = load('iot-telemetry.yaml');
    const plan = planWorkload(w);
    const f = plan.findings.find((x) => x.code === 'AGGREGATION_RECOMMENDED');
    const on = planWorkload({ ...w, streams: w.streams.map((s) => ({ ...s, producer: { ...s.producer, aggregation: 'kpl' as const } })) });
    // Without aggregation: 40,000 records/s × 1.2 ÷ 1,000 = 48 shards for writes; the key skew adds 7: 55.
    expect(plan.streams[0]!.shards.required).toBe(55);
    expect(f?.args).toMatchObject({ streamShardsWithout: 55, streamShardsWith: on.streams[0]!.shards.required });
    // With it, write bytes need 10 (the aggregation table) and the skew of 40,000 uniform keys at the aggregated load 11.
    expect(on.streams[0]!.shards.required).toBe(11);
    expect(f?.args).toMatchObject({ shardsWith: 10, shardsWithout: 48, bindingWith: 'key-skew' });
  });
});
