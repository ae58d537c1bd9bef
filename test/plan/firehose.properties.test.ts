import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateBuffer, planFirehose, recommendBuffer, type BufferFlow } from '../../src/plan/firehose.js';
import { firehoseSource, planWorkload } from '../../src/plan/index.js';
import { FIREHOSE_DESTINATIONS } from '../../src/limits.js';
import type { FirehosePricing, Price } from '../../src/pricing/schema.js';
import { workloadSchema } from '../../src/workload/schema.js';
import { stageBufferRange } from '../../src/workload/stages-schema.js';

const price = (usd: number): Price => ({ usd, unit: 'u', source: 'test', retrieved: '2026-01-01', confidence: 'aws' });
const PRICING: FirehosePricing = {
  ingestionGbTiers: [
    { ...price(0.029), upToGbPerMonth: 500 * 1024 },
    { ...price(0.025), upToGbPerMonth: 2000 * 1024 },
    { ...price(0.02), upToGbPerMonth: null },
  ],
  formatConversionGb: price(0.018),
  dynamicPartitioningGb: price(0.02),
  dynamicPartitioningThousandObjects: price(0.005),
  vpcAzHour: price(0.01),
  vpcGb: price(0.01),
};

const destination = fc.constantFrom(...FIREHOSE_DESTINATIONS);
const flow = fc.record({
  bytesPerSecPerPartition: fc.double({ min: 1, max: 1e9, noNaN: true }),
  partitions: fc.integer({ min: 1, max: 5000 }),
  outputRatio: fc.double({ min: 0.01, max: 10, noNaN: true }),
  preBufferSeconds: fc.double({ min: 0, max: 60, noNaN: true }),
  latencyFactor: fc.constantFrom(1, 1.5),
  zeroIntervalFlushSeconds: fc.constant(1),
});
const target = fc.record(
  {
    maxLatencySec: fc.double({ min: 0.001, max: 5000, noNaN: true }),
    objectSizeBytes: fc.double({ min: 1, max: 1e10, noNaN: true }),
  },
  { requiredKeys: [] },
);

describe('buffer recommendation properties', () => {
  it('always lies inside the destination\'s ranges, in whole MiB and whole seconds', () => {
    fc.assert(
      fc.property(destination, fc.boolean(), fc.boolean(), flow, target, (dest, conversion, partitioning, f: BufferFlow, t) => {
        // Conversion and partitioning exist only for S3 (the schema rejects them elsewhere).
        const isS3 = dest === 's3';
        const range = stageBufferRange({
          destination: dest,
          formatConversion: conversion && isS3 ? 'parquet' : 'none',
          dynamicPartitioning: partitioning && isS3 ? { activePartitions: 1 } : undefined,
        });
        const r = recommendBuffer(range, f, t);
        expect(Number.isInteger(r.sizeMiB)).toBe(true);
        expect(Number.isInteger(r.intervalSeconds)).toBe(true);
        expect(r.sizeMiB).toBeGreaterThanOrEqual(range.minSizeMiB);
        expect(r.sizeMiB).toBeLessThanOrEqual(range.maxSizeMiB);
        expect(r.intervalSeconds).toBeGreaterThanOrEqual(range.minIntervalSec);
        expect(r.intervalSeconds).toBeLessThanOrEqual(range.maxIntervalSec);
        if (isS3 && (conversion || partitioning)) expect(r.sizeMiB).toBeGreaterThanOrEqual(64);
      }),
      { numRuns: 500 },
    );
  });

  it('a looser latency target never gives smaller objects', () => {
    fc.assert(
      fc.property(
        destination,
        flow,
        fc.double({ min: 0.001, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.option(fc.double({ min: 1, max: 1e10, noNaN: true }), { nil: undefined }),
        (dest, f: BufferFlow, tight, extra, objectSizeBytes) => {
          const range = stageBufferRange({ destination: dest });
          const a = evaluateBuffer(recommendBuffer(range, f, { maxLatencySec: tight, objectSizeBytes }), f);
          const b = evaluateBuffer(recommendBuffer(range, f, { maxLatencySec: tight + extra, objectSizeBytes }), f);
          expect(b.objectSizeBytes).toBeGreaterThanOrEqual(a.objectSizeBytes * (1 - 1e-12));
          // And no latency target at all is the loosest.
          const c = evaluateBuffer(recommendBuffer(range, f, { objectSizeBytes }), f);
          expect(c.objectSizeBytes).toBeGreaterThanOrEqual(b.objectSizeBytes * (1 - 1e-12));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('meets any latency target that leaves at least one second per buffer cycle', () => {
    fc.assert(
      fc.property(destination, flow, fc.double({ min: 0, max: 5000, noNaN: true }), (dest, f: BufferFlow, slack) => {
        const range = stageBufferRange({ destination: dest });
        const target = f.preBufferSeconds + f.latencyFactor * (1 + slack);
        const ev = evaluateBuffer(recommendBuffer(range, f, { maxLatencySec: target }), f);
        expect(ev.deliveryLatencySeconds).toBeLessThanOrEqual(target * (1 + 1e-12));
      }),
      { numRuns: 300 },
    );
  });

  it('delivers every buffered byte: objects × object size = traffic', () => {
    fc.assert(
      fc.property(destination, flow, target, (dest, f: BufferFlow, t) => {
        const ev = evaluateBuffer(recommendBuffer(stageBufferRange({ destination: dest }), f, t), f);
        const deliveredPerHour = ev.objectsPerHour * ev.objectSizeBytes;
        expect(deliveredPerHour).toBeCloseTo(f.bytesPerSecPerPartition * f.partitions * f.outputRatio * 3600, -Math.log10(deliveredPerHour) + 6);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cost properties', () => {
  it('Firehose costs are never negative, nor the batching saving', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_024_000 }),
        fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { nil: undefined }),
        (size, rate, parquet, partitions, azs, lambdaRatio) => {
          const w = workloadSchema.parse({
            version: 1,
            name: 't',
            streams: [{ name: 's', records: { size: 100, rate: 1 } }],
            firehose: [
              {
                name: 'f',
                source: { directPut: { size, rate } },
                destination: 's3',
                ...(parquet ? { formatConversion: 'parquet' } : {}),
                ...(partitions !== undefined ? { dynamicPartitioning: { activePartitions: partitions } } : {}),
                ...(azs !== undefined ? { vpc: { availabilityZones: azs } } : {}),
                ...(lambdaRatio !== undefined ? { lambda: { outputRatio: lambdaRatio } } : {}),
              },
            ],
          });
          const source = firehoseSource(w.firehose[0]!, planWorkload(w).streams);
          const p = planFirehose(w.firehose[0]!, { index: 0, source, pricing: PRICING, monthHours: 730, gbBytes: 2 ** 30 });
          expect(p.cost.monthlyUsd!).toBeGreaterThanOrEqual(0);
          for (const l of p.cost.lines) {
            expect(l.quantity!).toBeGreaterThanOrEqual(0);
            expect(l.monthlyUsd!).toBeGreaterThanOrEqual(0);
          }
          expect(p.batching.savingUsdPerMonth!).toBeGreaterThanOrEqual(-1e-9);
          expect(p.ingestion.billedGbPerMonth).toBeGreaterThanOrEqual(p.ingestion.rawGbPerMonth);
        },
      ),
      { numRuns: 200 },
    );
  });
});
