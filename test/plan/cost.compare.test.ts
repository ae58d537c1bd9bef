import { describe, expect, it } from 'vitest';
import { compareModes, type StreamCostInput } from '../../src/plan/cost.js';
import { parsePricing } from '../../src/pricing/parse.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

const pricing = loadShippedPricing(US_EAST_1);
const SEC = 730 * 3600;
const GIB = 2 ** 30;

/*
 * A stream planned for a peak of 10,000 records/s of 1,000 B (10 shards by the records limit) that averages
 * 2,500 records/s, with one polling consumer and 24 h retention.
 *
 * Cost as a function of the average rate x (records/s), from pricing/us-east-1:
 *   provisioned(x) = 10 shards × 730 h × $0.015                      = $109.50 fixed
 *                  + x × 2,628,000 s × 1 unit / 10^6 × $0.014        = $0.036792 per record/s
 *   on-demand(x)   = 730 h × $0.04                                   = $29.20 fixed
 *                  + x × 2,628,000 × 1,024 B / 2^30 × $0.08 (in, rounded to 1 KiB)
 *                  + x × 2,628,000 × 1,000 B / 2^30 × $0.04 (out)    ≈ $0.298401 per record/s
 *   at x = 2,500: provisioned $201.48, on-demand $775.20;
 *   Advantage usage 2,500 × 2,628,000 × (1,024 × $0.032 + 1,000 × $0.016) / 2^30 = $298.40, below the account
 *   minimum of $3,079.6875, so it counts at $3,079.6875 standalone.
 *   break-even: x* = (109.50 − 29.20) / (0.298401 − 0.036792) ≈ 306.95 records/s = 3.07% of the 10,000/s peak.
 */
const input: StreamCostInput = {
  path: 'streams[0]',
  monthHours: 730,
  putPayloadUnitBytes: 25_600,
  gbBytes: GIB,
  provisionedShards: 10,
  kinesisRecordsPerSecAvg: 2500,
  kinesisRecordsPerSecPeak: 10_000,
  kinesisRecordBytesAvg: 1000,
  pollingConsumers: 1,
  efoConsumers: 0,
  retentionHours: 24,
  longTermReadBytesPerMonth: undefined,
};

const fixedP = 10 * 730 * 0.015;
const slopeP = (SEC / 1e6) * 0.014;
const fixedO = 730 * 0.04;
const slopeO = ((SEC * 1024) / GIB) * 0.08 + ((SEC * 1000) / GIB) * 0.04;

describe('compareModes', () => {
  const { now, horizon } = compareModes(input, pricing);

  it('names the cheapest mode and the monthly difference to the next', () => {
    expect(fixedP + slopeP * 2500).toBeCloseTo(201.48, 9);
    expect(now.monthlyUsd.provisioned).toBeCloseTo(201.48, 9);
    expect(now.monthlyUsd['on-demand']).toBeCloseTo(fixedO + slopeO * 2500, 9);
    expect(now.monthlyUsd['on-demand']).toBeCloseTo(775.2028, 3);
    expect(now.monthlyUsd['on-demand-advantage']).toBeCloseTo(3079.6875, 9);
    expect(now.cheapest).toBe('provisioned');
    expect(now.runnerUp).toBe('on-demand');
    expect(now.differenceUsd).toBeCloseTo(fixedO + slopeO * 2500 - 201.48, 9);
    expect(horizon).toBeUndefined();
    expect(now.findings.map((f) => f.code)).toEqual(['ODA_BELOW_COMMITMENT']);
  });

  it('finds the break-even average as a share of the peak', () => {
    const x = (fixedP - fixedO) / (slopeO - slopeP);
    expect(x).toBeCloseTo(306.9465, 3);
    expect(now.breakEvenRecordsPerSecAvg).toBeCloseTo(x, 6);
    expect(now.breakEvenShareOfPeak).toBeCloseTo(x / 10_000, 9);
    expect(now.averageShareOfPeak).toBe(0.25);
  });

  it('shows how much of the provisioned capacity the average uses', () => {
    // records: 2,500 / (10 × 1,000) = 25%; bytes: 2,500,000 / (10 × 1,048,576) = 23.8% → 25%
    expect(now.provisionedUtilisationAvg).toBe(0.25);
  });

  it('prices the growth horizon from a second input', () => {
    // at the horizon: 20 shards for a 20,000/s peak, 5,000/s average
    const grown = {
      ...input,
      provisionedShards: 20,
      kinesisRecordsPerSecAvg: 5000,
      kinesisRecordsPerSecPeak: 20_000,
    };
    const c = compareModes(input, pricing, grown);
    // provisioned 20 × 730 × $0.015 + 5,000 × $0.036792 = $219 + $183.96 = $402.96
    expect(c.horizon?.monthlyUsd.provisioned).toBeCloseTo(402.96, 9);
    expect(c.horizon?.monthlyUsd['on-demand']).toBeCloseTo(fixedO + slopeO * 5000, 9);
    expect(c.horizon?.cheapest).toBe('provisioned');
  });

  it('picks on-demand for a spiky stream that idles most of the month', () => {
    // average 100/s: provisioned $109.50 + $3.68 = $113.18; on-demand $29.20 + $29.84 = $59.04
    const c = compareModes({ ...input, kinesisRecordsPerSecAvg: 100 }, pricing).now;
    expect(c.cheapest).toBe('on-demand');
    expect(c.differenceUsd).toBeCloseTo(fixedP + slopeP * 100 - (fixedO + slopeO * 100), 9);
  });
});

describe('a user pricing file', () => {
  it('changes the figures: a negotiated shard-hour rate of $0.01', () => {
    const text = JSON.stringify({
      ...pricing,
      kinesis: {
        ...pricing.kinesis,
        provisioned: {
          ...pricing.kinesis.provisioned,
          shardHour: { ...pricing.kinesis.provisioned.shardHour, usd: 0.01 },
        },
      },
    });
    const negotiated = parsePricing(text, 'negotiated.json');
    const c = compareModes(input, negotiated).now;
    // 10 × 730 × $0.01 = $73 + $91.98 = $164.98
    expect(c.monthlyUsd.provisioned).toBeCloseTo(73 + slopeP * 2500, 9);
    expect(c.monthlyUsd['on-demand']).toBeCloseTo(fixedO + slopeO * 2500, 9);
  });
});
