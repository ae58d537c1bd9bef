import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePricing } from '../../src/pricing/parse.js';
import {
  daysBetween,
  newestPricingFile,
  parsePricingFileName,
  pricingListEntry,
  pricingRegions,
  selectPricingFile,
} from '../../src/pricing/rates.js';
import { loadShippedPricing, PRICING_DIR, shippedPricingFiles, US_EAST_1, US_EAST_2 } from './shipped.js';

describe('shipped pricing files', () => {
  it('every file validates, and its name matches its region and effective date', () => {
    const files = shippedPricingFiles();
    expect(files).toEqual([US_EAST_1, US_EAST_2]);
    for (const f of files) {
      const p = loadShippedPricing(f);
      expect(parsePricingFileName(f)).toEqual({ file: f, region: p.region, date: p.effectiveDate });
    }
  });

  it('us-east-1 is complete: Kinesis, Firehose and Flink, every price sourced and dated', () => {
    const p = loadShippedPricing(US_EAST_1);
    expect(pricingListEntry(US_EAST_1, p, '2026-12-01').sections).toEqual(['kinesis', 'firehose', 'flink']);
    const all = [
      ...Object.values(p.kinesis.provisioned),
      ...Object.values(p.kinesis.onDemand),
      ...Object.values(p.kinesis.onDemandAdvantage),
      ...p.firehose!.ingestionGbTiers,
      ...Object.values(p.firehose!).flatMap((v) => (Array.isArray(v) ? [] : [v])),
      ...Object.values(p.flink!),
    ];
    for (const price of all) {
      expect(price.source.length).toBeGreaterThan(10);
      expect(price.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('us-east-1 carries the rates of kinesis-facts.md §3', () => {
    const k = loadShippedPricing(US_EAST_1).kinesis;
    expect([
      k.provisioned.shardHour.usd,
      k.provisioned.putPayloadUnitsMillion.usd,
      k.provisioned.extendedRetentionShardHour.usd,
    ]).toEqual([0.015, 0.014, 0.02]);
    expect([
      k.onDemand.streamHour.usd,
      k.onDemand.dataInGb.usd,
      k.onDemand.dataOutGb.usd,
      k.onDemand.efoDataGb.usd,
    ]).toEqual([0.04, 0.08, 0.04, 0.05]);
    expect([
      k.onDemandAdvantage.dataInGb.usd,
      k.onDemandAdvantage.dataOutGb.usd,
      k.onDemandAdvantage.retentionGbMonth.usd,
    ]).toEqual([0.032, 0.016, 0.023]);
    // Advantage is "60% lower" than Standard for ingest and retrieval (AWS blog 2025-11-03)
    expect(k.onDemandAdvantage.dataInGb.usd).toBeCloseTo(k.onDemand.dataInGb.usd * 0.4, 12);
    expect(k.onDemandAdvantage.dataOutGb.usd).toBeCloseTo(k.onDemand.dataOutGb.usd * 0.4, 12);
  });

  it('us-east-2 prices Kinesis and Firehose like us-east-1, all from AWS Price List extracts (secondary), and no Flink', () => {
    const east1 = loadShippedPricing(US_EAST_1);
    const east2 = loadShippedPricing(US_EAST_2);
    expect(east2.flink).toBeUndefined();
    expect(pricingListEntry(US_EAST_2, east2, '2026-12-01').sections).toEqual(['kinesis', 'firehose']);
    const usd = (p: unknown) => JSON.stringify(p, (k, v: unknown) => (['source', 'retrieved', 'confidence', 'note'].includes(k) ? undefined : v));
    expect(usd(east2.kinesis)).toBe(usd(east1.kinesis));
    expect(usd(east2.firehose)).toBe(usd(east1.firehose));
    const confidences = new Set(
      [...Object.values(east2.kinesis).flatMap((m) => Object.values(m)), ...east2.firehose!.ingestionGbTiers, ...Object.values(east2.firehose!).filter((v) => !Array.isArray(v))].map(
        (p) => (p as { confidence: string }).confidence,
      ),
    );
    expect([...confidences]).toEqual(['secondary']);
    for (const v of Object.values(east2.kinesis.onDemandAdvantage)) expect(v.source).toMatch(/^FahadMustafa\/aws-calc/);
  });

  it('the on-demand reads of data older than 7 days have no SKU in the Price List: no price, not $0.021', () => {
    for (const p of [loadShippedPricing(US_EAST_1), loadShippedPricing(US_EAST_2)]) {
      expect(p.kinesis.onDemand.longTermRetrievalGb).toBeUndefined();
      expect(p.kinesis.onDemandAdvantage.longTermRetrievalGb).toBeUndefined();
      expect(p.firehose?.dynamicPartitioningGb.usagetype).toBe('DPBytesDelivered');
    }
  });
});

describe('parsePricing errors', () => {
  const text = readFileSync(PRICING_DIR + US_EAST_1, 'utf8');

  it('locates a bad price at file:line:col with its JSON path', () => {
    const bad = text.replace('"usd": 0.015,', '"usd": -0.015,');
    const line = bad.split('\n').findIndex((l) => l.includes('-0.015')) + 1;
    expect(() => parsePricing(bad, 'my-prices.json')).toThrow(
      new RegExp(
        `^my-prices\\.json:${line}:16 kinesis\\.provisioned\\.shardHour\\.usd: must be at least 0, got -0\\.015\\.`,
      ),
    );
  });

  it('names a missing price', () => {
    const p = JSON.parse(text) as { kinesis: { onDemand: Record<string, unknown> } };
    delete p.kinesis.onDemand.streamHour;
    expect(() => parsePricing(JSON.stringify(p, null, 2), 'my-prices.json')).toThrow(
      /^my-prices\.json:\d+:\d+ kinesis\.onDemand\.streamHour: missing required field "streamHour"/,
    );
  });

  it('rejects a date that has the shape but is not in the calendar', () => {
    const p = JSON.parse(text) as { effectiveDate: string };
    p.effectiveDate = '2026-13-45';
    expect(() => parsePricing(JSON.stringify(p, null, 2), 'my-prices.json')).toThrow(
      /^my-prices\.json:\d+:\d+ effectiveDate: is not a date in the calendar\./,
    );
  });

  it('locates JSON syntax errors at their line and column, also those the YAML reader would accept', () => {
    expect(() => parsePricing('{\n  "region": "us-east-1",\n}', 'x.json')).toThrow(
      /^x\.json:3:1: not valid JSON: expected a key in double quotes\. Hint: check the JSON syntax/,
    );
    expect(() => parsePricing('{\n  "region": us-east-1\n}', 'x.json')).toThrow(/^x\.json:2:13: not valid JSON: expected a value/);
  });

  it('rejects broken JSON and an empty file', () => {
    expect(() => parsePricing('{ "region": ', 'x.json')).toThrow(/^x\.json:1:\d+: not valid JSON/);
    expect(() => parsePricing('', 'x.json')).toThrow(
      /^x\.json: the pricing file is empty\. Hint: a pricing file has region/,
    );
  });
});

describe('choosing a file for a Region', () => {
  const files = [
    'us-east-1.2025-06-01.json',
    'us-east-1.2026-11-22.json',
    'us-east-2.2026-11-22.json',
    'README.md',
  ];

  it('takes the newest file of the Region, the first of two with the same date, and none for a Region without', () => {
    expect(newestPricingFile(['./pricing/us-east-1.2026-11-22.json', 'us-east-1.2026-11-22.json'], 'us-east-1')).toBe('./pricing/us-east-1.2026-11-22.json');
    expect(newestPricingFile(files, 'eu-west-1')).toBeUndefined();
    expect(selectPricingFile(files, 'us-east-1')).toBe('us-east-1.2026-11-22.json');
    expect(selectPricingFile(files, 'us-east-2')).toBe('us-east-2.2026-11-22.json');
  });

  it('lists the Regions there are when one has no file', () => {
    expect(pricingRegions(files)).toEqual(['us-east-1', 'us-east-2']);
    expect(() => selectPricingFile(files, 'eu-west-1')).toThrow(
      'region: no pricing file for Region eu-west-1; there are prices for us-east-1, us-east-2. Hint: download them with `kinesis-plan pricing fetch eu-west-1`, or give your own prices with --pricing FILE.',
    );
  });

  it('counts whole days between two dates', () => {
    expect(daysBetween('2026-11-22', '2026-12-01')).toBe(9);
    expect(daysBetween('2026-11-22', '2027-02-20')).toBe(90);
    expect(daysBetween('2026-11-22', '2027-02-21')).toBe(91);
    expect(daysBetween('2026-12-01', '2026-11-22')).toBe(-9);
  });

  it('ignores names that are not pricing files', () => {
    expect(parsePricingFileName('README.md')).toBeUndefined();
    expect(parsePricingFileName('pricing/us-gov-west-1.2026-01-01.json')).toMatchObject({
      region: 'us-gov-west-1',
      date: '2026-01-01',
    });
  });
});
