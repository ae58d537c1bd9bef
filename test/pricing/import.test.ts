import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOffer, mergePricing, scaleDecimal, stripRegionPrefix } from '../../src/pricing/import.js';
import type { Price, Pricing } from '../../src/pricing/schema.js';
import { loadShippedPricing, US_EAST_1 } from './shipped.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/offers/${name}`, import.meta.url), 'utf8')) as unknown;

const RETRIEVED = '2026-11-22';
const imported = ['AmazonKinesis', 'AmazonKinesisFirehose', 'AmazonKinesisAnalytics'].map((code) =>
  importOffer(fixture(`${code}.us-east-1.json`), `${code}.us-east-1.json`, RETRIEVED),
);

/** Every price in a pricing file by its path, e.g. `kinesis.provisioned.shardHour`. */
function prices(p: Pricing): Map<string, Pick<Price, 'usd' | 'unit' | 'usagetype'>> {
  const out = new Map<string, Pick<Price, 'usd' | 'unit' | 'usagetype'>>();
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      if ('usd' in node) {
        const price = node as Price & { upToGbPerMonth?: number | null };
        out.set(path, {
          usd: price.usd,
          unit: price.unit,
          usagetype: price.usagetype,
          ...('upToGbPerMonth' in price ? { upToGbPerMonth: price.upToGbPerMonth } : {}),
        });
      } else for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk({ kinesis: p.kinesis, firehose: p.firehose, flink: p.flink }, '');
  return out;
}

describe('importOffer', () => {
  it('round-trips the us-east-1 offer fixtures to the prices of the shipped us-east-1 file', () => {
    const merged = mergePricing(imported.map((i) => i.fragment));
    const shipped = loadShippedPricing(US_EAST_1);
    expect(merged.region).toBe('us-east-1');
    expect(Object.fromEntries(prices(merged))).toEqual(Object.fromEntries(prices(shipped)));
    expect(prices(shipped).size).toBe(19 + 3 + 5 + 3); // Kinesis, Firehose tiers, Firehose add-ons, Flink
  });

  it('scales per-unit prices exactly: $0.000000014 per PUT payload unit is $0.014 per million', () => {
    const kinesis = imported[0]!.fragment.kinesis!;
    expect(kinesis.provisioned?.putPayloadUnitsMillion?.usd).toBe(0.014);
    // $0.000005 per S3 object = $0.005 per thousand
    expect(imported[1]!.fragment.firehose?.dynamicPartitioningThousandObjects?.usd).toBe(0.005);
  });

  it("reads the Firehose ingestion tiers from the price dimensions' ranges", () => {
    expect(imported[1]!.fragment.firehose?.ingestionGbTiers?.map((t) => [t.usd, t.upToGbPerMonth])).toEqual([
      [0.029, 512_000],
      [0.025, 2_048_000],
      [0.02, null],
    ]);
  });

  it('records where each price came from, and what it left out', () => {
    const shard = imported[0]!.fragment.kinesis!.provisioned!.shardHour!;
    expect(shard).toMatchObject({ confidence: 'aws', retrieved: RETRIEVED, usagetype: 'Storage-ShardHour' });
    expect(shard.source).toMatch(/^AmazonKinesis\.us-east-1\.json \(SKU [0-9A-F]{16}\)$/);
    expect(imported[0]!.fragment.effectiveDate).toBe('2026-11-01');
    expect(imported[0]!.unmapped).toEqual(['On-demand-Advantage-Channel-ProcessedBytes-S3TablesDestination']);
    expect(imported[1]!.unmapped).toEqual(['VendedLogs-Bytes']);
  });

  it('asks which Region to take from an offer that prices several', () => {
    const two = fixture('AmazonKinesis.two-regions.json');
    expect(() => importOffer(two, 'index.json', RETRIEVED)).toThrow(
      'index.json: the offer prices 2 Regions (us-east-1, us-east-2). Hint: choose one with --region.',
    );
    const ohio = importOffer(two, 'index.json', RETRIEVED, 'us-east-2');
    expect(ohio.fragment.region).toBe('us-east-2');
    expect(ohio.fragment.kinesis?.provisioned?.shardHour?.usagetype).toBe('Storage-ShardHour');
  });

  it('rejects a file that is not an offer, saying where', () => {
    expect(() =>
      importOffer(
        {
          offerCode: 'AmazonKinesis',
          products: {},
          terms: {
            OnDemand: { X: { T: { priceDimensions: { R: { unit: 'GB', pricePerUnit: { USD: 'free' } } } } } },
          },
        },
        'bad.json',
        RETRIEVED,
      ),
    ).toThrow(
      /^bad\.json terms\.OnDemand\.X\.T\.priceDimensions\.R\.pricePerUnit\.USD: not an AWS Price List offer file: a price is a decimal string/,
    );
  });

  it('names the first missing price when the offers do not make a whole file', () => {
    expect(() => mergePricing([imported[1]!.fragment, imported[2]!.fragment])).toThrow(
      /^kinesis: no price for kinesis in the offer files/,
    );
  });

  it('lays imported prices over a base file', () => {
    const shipped = loadShippedPricing(US_EAST_1);
    const merged = mergePricing([imported[2]!.fragment], shipped, [
      'Flink prices imported from the AWS Price List.',
    ]);
    expect(merged.flink?.kpuHour.source).toMatch(/^AmazonKinesisAnalytics/);
    expect(merged.kinesis).toEqual(shipped.kinesis);
    expect(merged.notes.at(-1)).toBe('Flink prices imported from the AWS Price List.');
  });
});

describe('helpers', () => {
  it('strips Region prefixes but not words', () => {
    expect(stripRegionPrefix('USE2-Storage-ShardHour')).toBe('Storage-ShardHour');
    expect(stripRegionPrefix('EU-OnDemand-StreamHour')).toBe('OnDemand-StreamHour');
    expect(stripRegionPrefix('APN1-PutRequestPayloadUnits')).toBe('PutRequestPayloadUnits');
    expect(stripRegionPrefix('KPU-Hour-Java')).toBe('KPU-Hour-Java');
    expect(stripRegionPrefix('OnDemand-StreamHour')).toBe('OnDemand-StreamHour');
  });

  it('moves the decimal point without floating-point error', () => {
    // why scaleDecimal exists: ap-northeast-1's $0.0000000215 per unit, multiplied, is 0.021500000000000002
    expect(0.0000000215 * 1e6).not.toBe(0.0215);
    expect(scaleDecimal('0.0000000215', 6)).toBe(0.0215);
    expect(scaleDecimal('0.0000000140', 6)).toBe(0.014);
    expect(scaleDecimal('0.0000050000', 3)).toBe(0.005);
    expect(scaleDecimal('0.0150000000', 0)).toBe(0.015);
    expect(scaleDecimal('12', 3)).toBe(12_000);
  });
});
