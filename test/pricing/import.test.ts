import { Chalk } from 'chalk';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importOffer, importOffers, mergePricing, scaleDecimal, stripRegionPrefix, type OfferInput } from '../../src/pricing/import.js';
import type { Price, Pricing } from '../../src/pricing/schema.js';
import { renderPricingShow } from '../../src/report/pricing.js';
import { loadShippedPricing, US_EAST_1, US_EAST_2 } from './shipped.js';

/*
 * The fixtures under test/fixtures/offers/ are written in AWS's offer format with AWS's real field names and
 * usagetypes (pricing-evidence.md): `USE1-` on Firehose in us-east-1 and none on Kinesis there, `USE2-` everywhere in
 * us-east-2, Advantage SKUs in group "OnDemand Advantage" keyed by kinesisAdvantageOperation with their shortfall
 * SKUs, two Direct PUT ingestion SKUs with the same tiers, a Kinesis-source and an MSK-source one. Their prices are
 * those of the shipped files (illustrative, as each fixture's disclaimer says).
 */

type Offer = { offerCode: string; products: Record<string, { attributes: Record<string, string> }>; terms: { OnDemand: Record<string, unknown> } };

const fixture = (name: string): Offer =>
  JSON.parse(readFileSync(new URL(`../fixtures/offers/${name}`, import.meta.url), 'utf8')) as Offer;
const input = (name: string): OfferInput => ({ json: fixture(name), source: name });

const RETRIEVED = '2026-11-22';
const EAST_1 = ['AmazonKinesis', 'AmazonKinesisFirehose', 'AmazonKinesisAnalytics'].map((code) => `${code}.us-east-1.json`);
const EAST_2 = ['AmazonKinesis', 'AmazonKinesisFirehose'].map((code) => `${code}.us-east-2.json`);
const imported = EAST_1.map((name) => importOffer(fixture(name), name, RETRIEVED));

/** Every price in a pricing file by its path, e.g. `kinesis.provisioned.shardHour`: what a plan is costed with. */
function prices(p: Pricing): Map<string, Pick<Price, 'usd' | 'unit' | 'usagetype' | 'operation'>> {
  const out = new Map<string, Pick<Price, 'usd' | 'unit' | 'usagetype' | 'operation'>>();
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      if ('usd' in node) {
        const price = node as Price & { upToGbPerMonth?: number | null };
        out.set(path, {
          usd: price.usd,
          unit: price.unit,
          usagetype: price.usagetype,
          operation: price.operation,
          ...('upToGbPerMonth' in price ? { upToGbPerMonth: price.upToGbPerMonth } : {}),
        });
      } else for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk({ kinesis: p.kinesis, firehose: p.firehose, flink: p.flink }, '');
  return out;
}

/** A product of a fixture by its usagetype (and operation, where two share one). */
function skuOf(offer: Offer, usagetype: string, operation?: string): string {
  const found = Object.entries(offer.products).find(
    ([, p]) => p.attributes.usagetype === usagetype && (operation === undefined || p.attributes.operation === operation),
  );
  if (!found) throw new Error(`no ${usagetype} in the fixture`);
  return found[0];
}

/** Sets the price of every dimension of a SKU. */
function setPrice(offer: Offer, sku: string, usd: string): void {
  const terms = offer.terms.OnDemand[sku] as Record<string, { priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }>;
  for (const term of Object.values(terms)) for (const d of Object.values(term.priceDimensions)) d.pricePerUnit.USD = usd;
}

describe('importing real offer files', () => {
  it('the us-east-1 fixtures give the shipped us-east-1 prices exactly, Advantage included, with three tiers', () => {
    const { pricing } = importOffers(EAST_1.map(input), { retrieved: RETRIEVED });
    const shipped = loadShippedPricing(US_EAST_1);
    expect(pricing.region).toBe('us-east-1');
    expect(Object.fromEntries(prices(pricing))).toEqual(Object.fromEntries(prices(shipped)));
    expect(prices(shipped).size).toBe(17 + 3 + 6 + 3); // Kinesis, Firehose tiers, Firehose add-ons, Flink
    expect(pricing.kinesis.onDemandAdvantage.dataInGb).toMatchObject({ usd: 0.032, operation: 'AdvantageDataIngested' });
    expect(pricing.firehose?.ingestionGbTiers.map((t) => [t.usd, t.upToGbPerMonth])).toEqual([
      [0.029, 512_000],
      [0.025, 2_048_000],
      [0.02, null],
    ]);
  });

  it('the us-east-2 fixtures (USE2- prefixes) give the shipped us-east-2 prices exactly', () => {
    const { pricing, warnings } = importOffers(EAST_2.map(input), { retrieved: RETRIEVED });
    expect(warnings).toEqual([]);
    expect(pricing.region).toBe('us-east-2');
    expect(Object.fromEntries(prices(pricing))).toEqual(Object.fromEntries(prices(loadShippedPricing(US_EAST_2))));
    expect(pricing.flink).toBeUndefined();
  });

  it('scales per-unit prices exactly: $0.000000014 per PUT payload unit is $0.014 per million', () => {
    expect(imported[0]!.fragment.kinesis?.provisioned?.putPayloadUnitsMillion?.usd).toBe(0.014);
    // $0.000005 per S3 object = $0.005 per thousand
    expect(imported[1]!.fragment.firehose?.dynamicPartitioningThousandObjects?.usd).toBe(0.005);
  });

  it('records where each price came from, and what it left out', () => {
    const shard = imported[0]!.fragment.kinesis!.provisioned!.shardHour!;
    expect(shard).toMatchObject({ confidence: 'aws', retrieved: RETRIEVED, usagetype: 'Storage-ShardHour' });
    expect(shard.source).toMatch(/^AmazonKinesis\.us-east-1\.json \(SKU [0-9A-Z]{16}\)$/);
    expect(imported[0]!.publicationDate).toBe('2026-11-01');
    expect(imported[0]!.unmapped).toEqual([]);
    expect(imported[1]!.unmapped).toEqual(['MSKAsSourceBilledBytes']);
    expect(imported[2]!.unmapped).toEqual(['KPU-Hour-Python']);
  });
});

describe('each defect of the first importer is gone', () => {
  it('On-demand Advantage is found by group and kinesisAdvantageOperation, whatever its usagetype', () => {
    const offer = fixture('AmazonKinesis.us-east-1.json');
    // Give the Advantage SKUs the Standard SKUs' usagetypes: the group decides, not the name.
    for (const p of Object.values(offer.products)) {
      if (p.attributes.group === 'OnDemand Advantage') p.attributes.usagetype = 'OnDemand-BilledIncomingBytes';
    }
    const r = importOffer(offer, 'index.json', RETRIEVED);
    expect(r.fragment.kinesis?.onDemand?.dataInGb?.usd).toBe(0.08);
    expect(r.fragment.kinesis?.onDemandAdvantage?.dataInGb?.usd).toBe(0.032);
    expect(r.fragment.kinesis?.onDemandAdvantage?.retentionGbMonth?.operation).toBe('AdvantageExtRetentionByteHrs');
    expect(r.warnings).toEqual([]);
  });

  it('the Advantage shortfall SKUs never overwrite the data rates; a shortfall priced differently is reported', () => {
    const offer = fixture('AmazonKinesis.us-east-1.json');
    const shortfall = Object.entries(offer.products).find(([, p]) => p.attributes.kinesisAdvantageOperation === 'AdvantageDataIngestionShortfall')![0];
    setPrice(offer, shortfall, '0.0500000000');
    const r = importOffer(offer, 'index.json', RETRIEVED);
    expect(r.fragment.kinesis?.onDemandAdvantage?.dataInGb?.usd).toBe(0.032);
    expect(r.warnings).toEqual([
      `AdvantageDataIngestionShortfall (SKU ${shortfall}) bills the Advantage commitment shortfall at $0.05 per GB, not the $0.032 of AdvantageDataIngested; kinesis-plan prices the account minimum at the data rate`,
    ]);
  });

  it('dynamic partitioning per GB is DPBytesDelivered (the invented DynamicPartitioning-Bytes matches nothing)', () => {
    expect(imported[1]!.fragment.firehose?.dynamicPartitioningGb).toMatchObject({ usd: 0.02, usagetype: 'DPBytesDelivered' });
    const offer = fixture('AmazonKinesisFirehose.us-east-1.json');
    offer.products[skuOf(offer, 'USE1-DPBytesDelivered')]!.attributes.usagetype = 'USE1-DynamicPartitioning-Bytes';
    const r = importOffer(offer, 'index.json', RETRIEVED);
    expect(r.fragment.firehose?.dynamicPartitioningGb).toBeUndefined();
    expect(r.unmapped).toContain('DynamicPartitioning-Bytes');
    const offers = [input('AmazonKinesis.us-east-1.json'), { json: offer, source: 'index.json' }, input('AmazonKinesisAnalytics.us-east-1.json')];
    expect(() => importOffers(offers, { retrieved: RETRIEVED })).toThrow(
      /^firehose\.dynamicPartitioningGb: no price for firehose\.dynamicPartitioningGb in the offer files/,
    );
    // With a base file of the same Region the price is carried, and said to be.
    const based = importOffers(offers, { retrieved: RETRIEVED, base: loadShippedPricing(US_EAST_1), baseLabel: 'base.json' });
    expect(based.pricing.firehose?.dynamicPartitioningGb.usd).toBe(0.02);
    expect(based.warnings).toEqual(['kept 1 price(s) from the base file that the offers lack: firehose.dynamicPartitioningGb']);
  });

  it('the two Direct PUT SKUs give their tiers once: three tiers, none zero-width', () => {
    const offer = fixture('AmazonKinesisFirehose.us-east-1.json');
    expect(Object.values(offer.products).filter((p) => p.attributes.usagetype === 'USE1-BilledBytes')).toHaveLength(2);
    const tiers = imported[1]!.fragment.firehose!.ingestionGbTiers!;
    expect(tiers).toHaveLength(3);
    expect(new Set(tiers.map((t) => t.upToGbPerMonth)).size).toBe(3);
    expect(imported[1]!.warnings).toEqual([]);
    // `pricing show` lists them as three ranges, none "512,000–512,000".
    const shown = renderPricingShow(importOffers(EAST_1.map(input), { retrieved: RETRIEVED }).pricing, { style: new Chalk({ level: 0 }), width: 100 });
    expect(shown.match(/Ingestion, [^│]+/g)?.map((t) => t.trim())).toEqual([
      'Ingestion, 0–512,000 GB/month',
      'Ingestion, 512,000–2,048,000 GB/month',
      'Ingestion, above 2,048,000 GB/month',
    ]);
  });

  it('Direct PUT SKUs with different tiers, or a Kinesis source priced apart, are reported', () => {
    const offer = fixture('AmazonKinesisFirehose.us-east-1.json');
    const put = skuOf(offer, 'USE1-BilledBytes', 'PutRecord');
    const batch = skuOf(offer, 'USE1-BilledBytes', 'PutRecordBatch');
    setPrice(offer, batch, '0.0300000000');
    setPrice(offer, skuOf(offer, 'USE1-StreamsSourceBilledBytes'), '0.0310000000');
    const r = importOffer(offer, 'index.json', RETRIEVED);
    const [first, second] = [put, batch].sort();
    expect(r.fragment.firehose?.ingestionGbTiers).toHaveLength(3);
    expect(r.warnings).toEqual([
      `firehose.ingestionGbTiers: SKUs ${first} and ${second} (BilledBytes) have different tiers; took ${first}`,
      'firehose.ingestionGbTiers: ingestion from a Kinesis stream (StreamsSourceBilledBytes) is priced differently from Direct PUT; kinesis-plan prices both at the Direct PUT tiers',
    ]);
  });

  it('matches the usagetype first and the operation only as a fallback; a disagreement is reported', () => {
    const offer = fixture('AmazonKinesis.us-east-1.json');
    // Extended-ShardHour shares the operation shardHourStorage with Storage-ShardHour: its usagetype decides.
    const r = importOffer(offer, 'index.json', RETRIEVED);
    expect(r.fragment.kinesis?.provisioned?.shardHour?.usd).toBe(0.015);
    expect(r.fragment.kinesis?.provisioned?.extendedRetentionShardHour?.usd).toBe(0.02);
    // A SKU with an unknown usagetype falls back to its operation, and loses to the usagetype match.
    const extra = structuredClone(offer.products[skuOf(offer, 'Storage-ShardHour')]!);
    extra.attributes.usagetype = 'Storage-ShardHour-Preview';
    offer.products.ZZZZZZZZZZZZZZZZ = extra;
    offer.terms.OnDemand.ZZZZZZZZZZZZZZZZ = structuredClone(offer.terms.OnDemand[skuOf(offer, 'Storage-ShardHour')]);
    setPrice(offer, 'ZZZZZZZZZZZZZZZZ', '0.0170000000');
    const sku = skuOf(offer, 'Storage-ShardHour');
    const fallback = importOffer(offer, 'index.json', RETRIEVED);
    expect(fallback.fragment.kinesis?.provisioned?.shardHour).toMatchObject({ usd: 0.015, usagetype: 'Storage-ShardHour' });
    expect(fallback.warnings).toEqual([
      `kinesis.provisioned.shardHour: SKU ${sku} (usagetype Storage-ShardHour) says $0.015, SKU ZZZZZZZZZZZZZZZZ (operation shardHourStorage (usagetype Storage-ShardHour-Preview)) says $0.017; took usagetype Storage-ShardHour over operation shardHourStorage (usagetype Storage-ShardHour-Preview)`,
    ]);
  });

  it('does not depend on the order of the products', () => {
    const offer = fixture('AmazonKinesisFirehose.us-east-1.json');
    const reversed = { ...offer, products: Object.fromEntries(Object.entries(offer.products).reverse()) };
    expect(importOffer(reversed, 'index.json', RETRIEVED)).toEqual(importOffer(offer, 'index.json', RETRIEVED));
  });

  it("refuses a --base file of another Region instead of carrying its prices under the new Region's name", () => {
    const east1 = loadShippedPricing(US_EAST_1);
    expect(() => importOffers(EAST_2.map(input), { retrieved: RETRIEVED, base: east1, baseLabel: 'us-east-1.json' })).toThrow(
      "us-east-1.json region: the base file prices us-east-1, but the offers are for us-east-2: its prices would be carried under us-east-2's name. Hint: give a pricing file of us-east-2 as --base, or none (prices the offers lack are then unknown or an error).",
    );
  });

  it('a --base file of the same Region fills only what the offers lack, and says which prices it carried', () => {
    const east1 = loadShippedPricing(US_EAST_1);
    const r = importOffers([input('AmazonKinesisAnalytics.us-east-1.json')], { retrieved: RETRIEVED, base: east1, baseLabel: 'base.json' });
    expect(r.pricing.flink?.kpuHour.source).toMatch(/^AmazonKinesisAnalytics/);
    expect(r.pricing.kinesis).toEqual(east1.kinesis);
    const carried = [...prices(east1).keys()].filter((p) => !p.startsWith('flink.')).map((p) => p.replace(/\[\d+\]$/, ''));
    const named = [...new Set(carried)].join(', ');
    expect(r.pricing.notes).toContain(`Carried from the base file base.json (not in the offers): ${named}.`);
    expect(r.warnings).toEqual([`kept ${new Set(carried).size} price(s) from the base file that the offers lack: ${named}`]);
  });

  it('a price with no SKU in the offers is left out (unknown in plans), not $0.021', () => {
    const { pricing } = importOffers(EAST_1.map(input), { retrieved: RETRIEVED });
    expect(pricing.kinesis.onDemand.longTermRetrievalGb).toBeUndefined();
    expect(pricing.kinesis.onDemandAdvantage.longTermRetrievalGb).toBeUndefined();
    expect(pricing.kinesis.provisioned.longTermRetrievalGb.usd).toBe(0.021);
    expect(pricing.notes).toContain(
      'No SKU in the offers, so unknown in plans: kinesis.onDemand.longTermRetrievalGb, kinesis.onDemandAdvantage.longTermRetrievalGb.',
    );
  });

  it('reads the Region from regionCode, and asks which one when an offer prices several', () => {
    const two = fixture('AmazonKinesis.two-regions.json');
    expect(() => importOffer(two, 'index.json', RETRIEVED)).toThrow(
      'index.json: the offer prices 2 Regions (us-east-1, us-east-2). Hint: choose one with --region.',
    );
    const ohio = importOffer(two, 'index.json', RETRIEVED, 'us-east-2');
    expect(ohio.region).toBe('us-east-2');
    expect(ohio.fragment.kinesis?.provisioned?.shardHour?.usagetype).toBe('Storage-ShardHour');
    expect(() => importOffer(two, 'index.json', RETRIEVED, 'eu-west-1')).toThrow(
      'index.json: the offer has no prices for eu-west-1; it prices us-east-1, us-east-2. Hint: check the Region, or use the offer file of that Region.',
    );
  });

  it('refuses offer files of different Regions together', () => {
    expect(() => importOffers([input('AmazonKinesis.us-east-1.json'), input('AmazonKinesisFirehose.us-east-2.json')], { retrieved: RETRIEVED })).toThrow(
      'AmazonKinesis.us-east-1.json, AmazonKinesisFirehose.us-east-2.json: the offer files price different Regions (AmazonKinesis: us-east-1, AmazonKinesisFirehose: us-east-2). Hint: import the files of one Region at a time, or choose the Region with --region.',
    );
  });
});

describe('bad offers', () => {
  it('rejects a file that is not an offer, saying where', () => {
    expect(() =>
      importOffer(
        {
          offerCode: 'AmazonKinesis',
          products: {},
          terms: { OnDemand: { X: { T: { priceDimensions: { R: { unit: 'GB', pricePerUnit: { USD: 'free' } } } } } } },
        },
        'bad.json',
        RETRIEVED,
      ),
    ).toThrow(/^bad\.json terms\.OnDemand\.X\.T\.priceDimensions\.R\.pricePerUnit\.USD: not an AWS Price List offer file: a price is a decimal string/);
  });

  it('names the first missing price when the offers do not make a whole file', () => {
    expect(() => mergePricing([imported[1]!.fragment, imported[2]!.fragment])).toThrow(/^kinesis: no price for kinesis in the offer files/);
  });
});

describe('helpers', () => {
  it('strips Region prefixes but not words', () => {
    expect(stripRegionPrefix('USE2-Storage-ShardHour')).toBe('Storage-ShardHour');
    expect(stripRegionPrefix('EU-OnDemand-StreamHour')).toBe('OnDemand-StreamHour');
    expect(stripRegionPrefix('APN1-PutRequestPayloadUnits')).toBe('PutRequestPayloadUnits');
    expect(stripRegionPrefix('USE1-Firehose-VpcDelivery-Hours')).toBe('Firehose-VpcDelivery-Hours');
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
