import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareModes, costStream, type ModeCost, type StreamCostInput } from '../../src/plan/cost.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

const pricing = loadShippedPricing(US_EAST_1);

const inputArb: fc.Arbitrary<StreamCostInput> = fc.record({
  path: fc.constant('streams[0]'),
  monthHours: fc.double({ min: 1, max: 744, noNaN: true }),
  putPayloadUnitBytes: fc.constantFrom(25_600, 25_000),
  gbBytes: fc.constantFrom(2 ** 30, 1e9),
  provisionedShards: fc.integer({ min: 1, max: 10_000 }),
  kinesisRecordsPerSecAvg: fc.double({ min: 0, max: 1e6, noNaN: true }),
  kinesisRecordsPerSecPeak: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
  kinesisRecordBytesAvg: fc.double({ min: 1, max: 10 * 1024 * 1024, noNaN: true }),
  pollingConsumers: fc.integer({ min: 0, max: 20 }),
  efoConsumers: fc.integer({ min: 0, max: 50 }),
  retentionHours: fc.double({ min: 24, max: 8760, noNaN: true }),
  longTermReadBytesPerMonth: fc.option(fc.double({ min: 0, max: 1e15, noNaN: true }), { nil: undefined }),
});

const modes = (c: ReturnType<typeof costStream>): ModeCost[] => [
  c.provisioned,
  c.onDemand,
  c.onDemandAdvantage,
];
const RELATIVE = 1e-12;
const notLess = (after: number, before: number) => after >= before - Math.abs(before) * RELATIVE;

describe('cost model invariants', () => {
  it('never gives a negative quantity, price or total', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const m of modes(costStream(input, pricing))) {
          expect(m.monthlyUsd).toBeGreaterThanOrEqual(0);
          for (const l of m.lines) {
            if (l.unitUsd !== null) expect(l.unitUsd).toBeGreaterThanOrEqual(0);
            if (l.quantity !== null) expect(l.quantity).toBeGreaterThanOrEqual(0);
            if (l.monthlyUsd !== null) expect(l.monthlyUsd).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });

  it('totals are the sum of the known per-stream lines; a line is unknown exactly when its quantity or price is', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const m of modes(costStream(input, pricing))) {
          const known = m.lines.filter((l) => l.scope === 'stream' && l.monthlyUsd !== null);
          const sum = known.reduce((a, l) => a + l.monthlyUsd!, 0);
          expect(m.monthlyUsd).toBeCloseTo(sum, 6);
          for (const l of m.lines) expect(l.quantity === null || l.unitUsd === null).toBe(l.monthlyUsd === null);
          expect(m.hasUnknownLines).toBe(m.lines.some((l) => l.monthlyUsd === null));
        }
      }),
    );
  });

  it('has an unknown line exactly when retention passes 7 days and replay is not given (or, on demand, not priced)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const reads = input.longTermReadBytesPerMonth;
        const isLongTerm = input.retentionHours > 168;
        const cost = costStream(input, pricing);
        expect(cost.provisioned.hasUnknownLines).toBe(isLongTerm && reads === undefined);
        // The on-demand modes have no price for those reads (no SKU in the AWS Price List): any replay is unknown.
        for (const m of [cost.onDemand, cost.onDemandAdvantage]) expect(m.hasUnknownLines).toBe(isLongTerm && reads !== 0);
      }),
    );
  });

  it('more traffic never costs less, in records per second or in bytes per record', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        (input, k, s) => {
          const before = costStream(input, pricing);
          const more = costStream(
            { ...input, kinesisRecordsPerSecAvg: input.kinesisRecordsPerSecAvg * k },
            pricing,
          );
          const bigger = costStream(
            { ...input, kinesisRecordBytesAvg: input.kinesisRecordBytesAvg * s },
            pricing,
          );
          modes(before).forEach((m, i) => {
            expect(notLess(modes(more)[i]!.monthlyUsd, m.monthlyUsd)).toBe(true);
            expect(notLess(modes(bigger)[i]!.monthlyUsd, m.monthlyUsd)).toBe(true);
          });
        },
      ),
    );
  });

  it('more shards never cost less', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 1000 }), (input, extra) => {
        const before = costStream(input, pricing);
        const after = costStream({ ...input, provisionedShards: input.provisionedShards + extra }, pricing);
        expect(notLess(after.provisioned.monthlyUsd, before.provisioned.monthlyUsd)).toBe(true);
        expect(after.onDemand.monthlyUsd).toBe(before.onDemand.monthlyUsd);
      }),
    );
  });

  it('more consumers or longer retention never cost less', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (input, p, e, h) => {
          const after = costStream(
            {
              ...input,
              pollingConsumers: input.pollingConsumers + p,
              efoConsumers: input.efoConsumers + e,
              retentionHours: Math.min(8760, input.retentionHours + h),
              longTermReadBytesPerMonth: input.longTermReadBytesPerMonth ?? 0,
            },
            pricing,
          );
          const beforeKnown = costStream(
            { ...input, longTermReadBytesPerMonth: input.longTermReadBytesPerMonth ?? 0 },
            pricing,
          );
          modes(beforeKnown).forEach((m, i) =>
            expect(notLess(modes(after)[i]!.monthlyUsd, m.monthlyUsd)).toBe(true),
          );
        },
      ),
    );
  });

  it('at the break-even share of peak, provisioned and On-demand Standard cost the same', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const now = compareModes(input, pricing).now;
        const x = now.breakEvenRecordsPerSecAvg;
        expect(x === null).toBe(now.breakEvenShareOfPeak === null);
        if (x === null) return;
        const at = costStream({ ...input, kinesisRecordsPerSecAvg: x }, pricing);
        const scale = Math.max(at.provisioned.monthlyUsd, at.onDemand.monthlyUsd, 1);
        expect(Math.abs(at.provisioned.monthlyUsd - at.onDemand.monthlyUsd) / scale).toBeLessThan(1e-6);
      }),
    );
  });

  it('the cheapest mode costs no more than any other', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const c = compareModes(input, pricing).now;
        for (const v of Object.values(c.monthlyUsd)) expect(c.monthlyUsd[c.cheapest]).toBeLessThanOrEqual(v);
        expect(c.differenceUsd).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
