import { z } from 'zod';
import { InputError } from '../errors.js';
import { pricingSchema, type FirehosePricing, type FlinkPricing, type Price, type Pricing } from './schema.js';

/**
 * Converts AWS Price List bulk offer files (AmazonKinesis, AmazonKinesisFirehose, AmazonKinesisAnalytics) into our
 * pricing format, as AWS writes them (pricing-evidence.md, "Real names in the offer files"):
 *
 * - `products[sku].attributes` carry `regionCode`, `usagetype` (with a Region prefix such as `USE2-`, or none: Kinesis
 *   Data Streams in us-east-1 has none, Firehose there has `USE1-`), `operation` and `group`;
 *   `terms.OnDemand[sku][term].priceDimensions[*]` carry `pricePerUnit.USD` (a decimal string), `unit`, `beginRange`
 *   and `endRange`.
 * - A product is matched by its usagetype first; only a product whose usagetype matches nothing is matched by its
 *   operation. Every candidate for a price is kept, so the result does not depend on the order of the products, and
 *   candidates that disagree are reported.
 * - On-demand Advantage SKUs are identified by group `OnDemand Advantage` and `kinesisAdvantageOperation`, whatever
 *   their usagetype. The commitment shortfall SKUs bill the shortfall at the data rates; they are kept apart and
 *   never overwrite those rates.
 * - Firehose ingestion has two SKUs (PutRecord and PutRecordBatch) with the same tiers: the tiers are taken once.
 * - A price with no SKU in the offer is left out, and so unknown in plans; nothing is filled from another Region.
 */

type KinesisPricing = Pricing['kinesis'];

export const OFFER_CODES = ['AmazonKinesis', 'AmazonKinesisFirehose', 'AmazonKinesisAnalytics'] as const;
export type OfferCode = (typeof OFFER_CODES)[number];

/** Part of a pricing file: what one offer file could fill in. */
export interface PricingFragment {
  region?: string;
  effectiveDate?: string;
  kinesis?: {
    provisioned?: Partial<KinesisPricing['provisioned']>;
    onDemand?: Partial<KinesisPricing['onDemand']>;
    onDemandAdvantage?: Partial<KinesisPricing['onDemandAdvantage']>;
  };
  firehose?: Partial<FirehosePricing>;
  flink?: Partial<FlinkPricing>;
}

/** The result of importing one offer file. */
export interface OfferImport {
  offerCode: string;
  /** The Region the prices are for (the products' `regionCode`, or `--region`). */
  region: string;
  /** The date of the offer's `publicationDate`, when it has one. */
  publicationDate: string | undefined;
  fragment: PricingFragment;
  /** Usagetypes in the offer (Region prefix removed) that no price is taken from, sorted. */
  unmapped: string[];
  /** Disagreements between SKUs and other things a reader should know, in words. */
  warnings: string[];
}

type Target = readonly [string, string] | readonly [string, string, string];

/**
 * How a product maps to a price. `usagetype` is matched after the Region prefix is removed; `operation` only for a
 * product whose usagetype matches no mapping. `exponent` scales AWS's per-unit price to ours (6: per unit → per
 * million; 3: per object → per thousand).
 */
export interface UsageMapping {
  offerCode: OfferCode;
  usagetype: string;
  operation?: string;
  target: Target;
  unit: string;
  exponent: number;
}

const K = 'AmazonKinesis' as const;
const F = 'AmazonKinesisFirehose' as const;
const A = 'AmazonKinesisAnalytics' as const;

const kds = (usagetype: string, operation: string | undefined, mode: 'provisioned' | 'onDemand', key: string, unit: string, exponent = 0): UsageMapping => ({
  offerCode: K,
  usagetype,
  ...(operation !== undefined ? { operation } : {}),
  target: ['kinesis', mode, key],
  unit,
  exponent,
});
const firehose = (usagetype: string, operation: string | undefined, key: string, unit: string, exponent = 0): UsageMapping => ({
  offerCode: F,
  usagetype,
  ...(operation !== undefined ? { operation } : {}),
  target: ['firehose', key],
  unit,
  exponent,
});
const flink = (usagetype: string, key: string, unit: string): UsageMapping => ({ offerCode: A, usagetype, target: ['flink', key], unit, exponent: 0 });

/** The mapping table (pricing-evidence.md): one entry per price, the Advantage prices and Firehose tiers aside. */
export const USAGE_MAPPINGS: readonly UsageMapping[] = [
  kds('Storage-ShardHour', 'shardHourStorage', 'provisioned', 'shardHour', 'shard-hour'),
  kds('PutRequestPayloadUnits', 'PutRequest', 'provisioned', 'putPayloadUnitsMillion', 'million PUT payload units', 6),
  kds('Extended-ShardHour', undefined, 'provisioned', 'extendedRetentionShardHour', 'shard-hour'),
  kds('LongTermRetention-ByteHrs', 'LongTermRetentionByteHrs', 'provisioned', 'longTermRetentionGbMonth', 'GB-month'),
  kds('LongTermRetention-ReadBytes', 'LongTermRetentionDataRetrieval', 'provisioned', 'longTermRetrievalGb', 'GB'),
  kds('EnhancedFanoutHour', 'ConsumerHour', 'provisioned', 'efoConsumerShardHour', 'consumer-shard-hour'),
  kds('ReadBytes', 'EnhancedFanoutDataRetrieval', 'provisioned', 'efoDataGb', 'GB'),
  kds('OnDemand-StreamHour', 'OnDemandStreamHr', 'onDemand', 'streamHour', 'stream-hour'),
  kds('OnDemand-BilledIncomingBytes', 'OnDemandDataIngested', 'onDemand', 'dataInGb', 'GB'),
  kds('OnDemand-BilledOutgoingBytes', 'OnDemandDataRetrieval', 'onDemand', 'dataOutGb', 'GB'),
  kds('OnDemand-BilledOutgoingEFOBytes', 'OnDemandEFODataRetrieval', 'onDemand', 'efoDataGb', 'GB'),
  kds('OnDemand-ExtendedRetention-ByteHrs', 'OnDemandExtendedRetentionByteHrs', 'onDemand', 'extendedRetentionGbMonth', 'GB-month'),
  kds('OnDemand-LongTermRetention-ByteHrs', 'OnDemandLongTermRetentionByteHrs', 'onDemand', 'longTermRetentionGbMonth', 'GB-month'),
  firehose('DFCBilledBytes', 'DataFormatConversion', 'formatConversionGb', 'GB'),
  firehose('DPBytesDelivered', undefined, 'dynamicPartitioningGb', 'GB'),
  firehose('S3DeliveryObjectCount', undefined, 'dynamicPartitioningThousandObjects', 'thousand S3 objects', 3),
  firehose('MetadataProcessingDuration', undefined, 'dynamicPartitioningJqHour', 'JQ processing hour'),
  firehose('Firehose-VpcDelivery-Hours', 'RunVpcInstance', 'vpcAzHour', 'AZ-hour'),
  firehose('Firehose-VpcDelivery-Bytes', 'VpcBandwidth', 'vpcGb', 'GB'),
  flink('KPU-Hour-Java', 'kpuHour', 'KPU-hour'),
  flink('RunningApplicationStorage', 'runningStorageGbMonth', 'GB-month'),
  flink('DurableApplicationBackups', 'backupGbMonth', 'GB-month'),
];

/** The group of the On-demand Advantage SKUs in the AmazonKinesis offer. */
export const ADVANTAGE_GROUP = 'OnDemand Advantage';

/**
 * On-demand Advantage SKUs by `kinesisAdvantageOperation`. Retention has two SKUs, extended (24 h–7 d) and long-term,
 * at the same price; the model bills one rate beyond 24 h, read from the extended SKU and checked against the other.
 */
export const ADVANTAGE_MAPPINGS: Readonly<Record<string, { key: keyof KinesisPricing['onDemandAdvantage']; unit: string; rank: number }>> = {
  AdvantageDataIngested: { key: 'dataInGb', unit: 'GB', rank: 0 },
  AdvantageDataRetrieval: { key: 'dataOutGb', unit: 'GB', rank: 0 },
  AdvantageEFODataRetrieval: { key: 'efoDataGb', unit: 'GB', rank: 0 },
  AdvantageExtRetentionByteHrs: { key: 'retentionGbMonth', unit: 'GB-month', rank: 0 },
  AdvantageLTRetentionByteHrs: { key: 'retentionGbMonth', unit: 'GB-month', rank: 1 },
};

/** The commitment shortfall SKUs, and the rate each is billed like (the account minimum is priced at that rate). */
export const ADVANTAGE_SHORTFALL: Readonly<Record<string, string>> = {
  AdvantageDataIngestionShortfall: 'AdvantageDataIngested',
  AdvantageDataRetrievalShortfall: 'AdvantageDataRetrieval',
};

/** Firehose Direct PUT ingestion (two SKUs, PutRecord and PutRecordBatch, same tiers; beginRange/endRange in GB). */
export const FIREHOSE_INGESTION_USAGETYPE = 'BilledBytes';
/** Firehose ingestion from a Kinesis stream: the same tiers as Direct PUT, which the plan prices both with. */
export const FIREHOSE_STREAM_SOURCE_USAGETYPE = 'StreamsSourceBilledBytes';

/** The optional prices: when an offer has no SKU for one, it is left out and plans show its lines as unknown. */
export const OPTIONAL_PRICES: readonly Target[] = [
  ['kinesis', 'onDemand', 'longTermRetrievalGb'],
  ['kinesis', 'onDemandAdvantage', 'longTermRetrievalGb'],
  ['firehose', 'dynamicPartitioningJqHour'],
];

const dimensionSchema = z.looseObject({
  unit: z.string(),
  pricePerUnit: z.looseObject({
    USD: z.string().regex(/^\d+(\.\d+)?$/, 'a price is a decimal string such as "0.0150000000"'),
  }),
  beginRange: z.string().optional(),
  endRange: z.string().optional(),
  description: z.string().optional(),
});

const offerSchema = z.looseObject({
  offerCode: z.string().min(1),
  publicationDate: z.string().optional(),
  products: z.record(
    z.string(),
    z.looseObject({
      sku: z.string().optional(),
      productFamily: z.string().optional(),
      attributes: z.record(z.string(), z.string()).default({}),
    }),
  ),
  terms: z.looseObject({
    OnDemand: z
      .record(
        z.string(),
        z.record(
          z.string(),
          z.looseObject({
            effectiveDate: z.string().optional(),
            priceDimensions: z.record(z.string(), dimensionSchema),
          }),
        ),
      )
      .default({}),
  }),
});

type Offer = z.output<typeof offerSchema>;
type Dimension = z.output<typeof dimensionSchema>;

/** Removes a Price List Region prefix: `USE2-Storage-ShardHour` → `Storage-ShardHour`, `EU-…` → `…`. */
export function stripRegionPrefix(usagetype: string): string {
  return usagetype.replace(/^(?:[A-Z]{2,4}\d{1,2}|EU)-/, '');
}

/** Moves the decimal point of a decimal string `exponent` places right, exactly: ("0.0000000140", 6) → 0.014. */
export function scaleDecimal(text: string, exponent: number): number {
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = whole + fraction.padEnd(exponent, '0');
  const point = whole.length + exponent;
  return Number(`${digits.slice(0, point)}.${digits.slice(point)}`);
}

/** One product that could give a price: lower ranks win (0 usagetype or Advantage operation, 2 operation fallback). */
interface Candidate {
  target: Target;
  rank: number;
  sku: string;
  /** What matched, for the report: `usagetype X` or `operation Y`. */
  match: string;
  price: Price;
}

type Tier = FirehosePricing['ingestionGbTiers'][number];

const pathOf = (target: Target) => target.join('.');
const bySku = (a: { sku: string }, b: { sku: string }) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

/**
 * Converts one offer file into a pricing fragment. `region` picks one Region from an offer that spans several; an
 * offer with several Regions and no `region` is an error that lists them. `source` and `retrieved` are written into
 * every price.
 */
export function importOffer(json: unknown, source: string, retrieved: string, region?: string, label: string = source): OfferImport {
  const parsed = offerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError({
      file: label,
      path: issue.path.map(String).join('.'),
      message: `not an AWS Price List offer file: ${issue.message}`,
      hint: 'download one from https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonKinesis/current/<region>/index.json',
    });
  }
  const offer = parsed.data;
  const offerCode = offer.offerCode;
  const products = Object.entries(offer.products)
    .map(([sku, p]) => ({ sku, attributes: p.attributes, region: p.attributes.regionCode }))
    .sort(bySku);
  const regions = [...new Set(products.map((p) => p.region).filter((r): r is string => r !== undefined))].sort();
  const chosen = region ?? (regions.length === 1 ? regions[0] : undefined);
  if (chosen === undefined) {
    throw new InputError({
      file: label,
      message: regions.length ? `the offer prices ${regions.length} Regions (${regions.join(', ')})` : 'the offer names no Region (no regionCode)',
      hint: regions.length ? 'choose one with --region' : 'give the Region with --region',
    });
  }
  if (region !== undefined && regions.length > 0 && !regions.includes(region)) {
    throw new InputError({
      file: label,
      message: `the offer has no prices for ${region}; it prices ${regions.join(', ')}`,
      hint: 'check the Region, or use the offer file of that Region',
    });
  }
  const publicationDate = /^\d{4}-\d{2}-\d{2}/.exec(offer.publicationDate ?? '')?.[0];
  const warnings: string[] = [];
  const unmapped = new Set<string>();
  const candidates: Candidate[] = [];
  const tierSets: { sku: string; usagetype: string; tiers: Tier[] }[] = [];
  const shortfalls: { sku: string; operation: string; usd: number }[] = [];

  for (const product of products) {
    if (product.region !== undefined && product.region !== chosen) continue;
    const attrs = product.attributes;
    const usagetype = stripRegionPrefix(attrs.usagetype ?? '');
    const dimensions = dimensionsOf(offer, product.sku);
    if (dimensions.length === 0) continue;
    const first = dimensions[0]!;
    const priceOf = (unit: string, exponent: number, name: { usagetype: string } | { operation: string }): Price => ({
      usd: scaleDecimal(first.pricePerUnit.USD, exponent),
      unit,
      source: `${source} (SKU ${product.sku})`,
      retrieved,
      confidence: 'aws',
      ...name,
    });

    if (offerCode === K && attrs.group === ADVANTAGE_GROUP) {
      const operation = attrs.kinesisAdvantageOperation ?? attrs.operation ?? '';
      if (operation in ADVANTAGE_SHORTFALL) {
        shortfalls.push({ sku: product.sku, operation, usd: scaleDecimal(first.pricePerUnit.USD, 0) });
        continue;
      }
      const m = ADVANTAGE_MAPPINGS[operation];
      if (m === undefined) {
        unmapped.add(`${ADVANTAGE_GROUP} ${operation || usagetype}`);
        continue;
      }
      const target: Target = ['kinesis', 'onDemandAdvantage', m.key];
      candidates.push({ target, rank: m.rank, sku: product.sku, match: `operation ${operation}`, price: priceOf(m.unit, 0, { operation }) });
      continue;
    }
    if (offerCode === F && (usagetype === FIREHOSE_INGESTION_USAGETYPE || usagetype === FIREHOSE_STREAM_SOURCE_USAGETYPE)) {
      const tiers = dimensions
        .filter((d) => d.endRange === undefined || d.endRange === 'Inf' || Number(d.endRange) > Number(d.beginRange ?? 0))
        .map(
          (d): Tier => ({
            usd: scaleDecimal(d.pricePerUnit.USD, 0),
            unit: 'GB',
            source: `${source} (SKU ${product.sku})`,
            retrieved,
            confidence: 'aws',
            usagetype: FIREHOSE_INGESTION_USAGETYPE,
            upToGbPerMonth: d.endRange === undefined || d.endRange === 'Inf' ? null : Number(d.endRange),
          }),
        );
      tierSets.push({ sku: product.sku, usagetype, tiers });
      continue;
    }
    const byUsagetype = USAGE_MAPPINGS.find((m) => m.offerCode === offerCode && m.usagetype === usagetype);
    if (byUsagetype) {
      if (dimensions.length > 1) warnings.push(`${pathOf(byUsagetype.target)}: SKU ${product.sku} has ${dimensions.length} price tiers; the first is taken`);
      candidates.push({
        target: byUsagetype.target,
        rank: 0,
        sku: product.sku,
        match: `usagetype ${usagetype}`,
        price: priceOf(byUsagetype.unit, byUsagetype.exponent, { usagetype }),
      });
      continue;
    }
    const operation = attrs.operation;
    const byOperation = operation ? USAGE_MAPPINGS.find((m) => m.offerCode === offerCode && m.operation === operation) : undefined;
    if (byOperation && operation) {
      candidates.push({
        target: byOperation.target,
        rank: 2,
        sku: product.sku,
        match: `operation ${operation} (usagetype ${usagetype || 'none'})`,
        price: priceOf(byOperation.unit, byOperation.exponent, { operation }),
      });
      continue;
    }
    unmapped.add(usagetype || `operation ${operation ?? 'none'}`);
  }

  const fragment: PricingFragment = { region: chosen, ...(publicationDate !== undefined ? { effectiveDate: publicationDate } : {}) };
  for (const [path, group] of groupBy(candidates, (c) => pathOf(c.target))) {
    const chosenOne = resolve(path, group, warnings);
    setAt(fragment, chosenOne.target, chosenOne.price);
  }
  const tiers = chooseTiers(tierSets, warnings);
  if (tiers !== undefined) fragment.firehose = { ...fragment.firehose, ingestionGbTiers: tiers };
  for (const s of shortfalls.sort(bySku)) {
    const rate = ADVANTAGE_MAPPINGS[ADVANTAGE_SHORTFALL[s.operation]!]!;
    const main = fragment.kinesis?.onDemandAdvantage?.[rate.key];
    if (main !== undefined && main.usd !== s.usd) {
      warnings.push(
        `${s.operation} (SKU ${s.sku}) bills the Advantage commitment shortfall at $${s.usd} per GB, not the $${main.usd} of ${ADVANTAGE_SHORTFALL[s.operation]}; kinesis-plan prices the account minimum at the data rate`,
      );
    }
  }
  return { offerCode, region: chosen, publicationDate, fragment, unmapped: [...unmapped].sort(), warnings };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

/** The candidate a price is taken from: the best rank, the lowest SKU among equals; disagreements are reported. */
function resolve(path: string, group: readonly Candidate[], warnings: string[]): Candidate {
  const sorted = [...group].sort((a, b) => a.rank - b.rank || bySku(a, b));
  const chosen = sorted[0]!;
  for (const other of sorted.slice(1)) {
    if (other.price.usd === chosen.price.usd) continue;
    const why = other.rank === chosen.rank ? 'took the first by SKU' : `took ${chosen.match} over ${other.match}`;
    warnings.push(
      `${path}: SKU ${chosen.sku} (${chosen.match}) says $${chosen.price.usd}, SKU ${other.sku} (${other.match}) says $${other.price.usd}; ${why}`,
    );
  }
  return chosen;
}

/** Firehose ingestion tiers, taken once from the Direct PUT SKUs (and checked against the Kinesis-source ones). */
function chooseTiers(sets: readonly { sku: string; usagetype: string; tiers: Tier[] }[], warnings: string[]): Tier[] | undefined {
  const key = (tiers: readonly Tier[]) => JSON.stringify(tiers.map((t) => [t.usd, t.upToGbPerMonth]));
  const direct = sets.filter((s) => s.usagetype === FIREHOSE_INGESTION_USAGETYPE).sort(bySku);
  const stream = sets.filter((s) => s.usagetype === FIREHOSE_STREAM_SOURCE_USAGETYPE).sort(bySku);
  const chosen = direct[0] ?? stream[0];
  if (chosen === undefined) return undefined;
  for (const s of direct.slice(1)) {
    if (key(s.tiers) !== key(chosen.tiers)) warnings.push(`firehose.ingestionGbTiers: SKUs ${chosen.sku} and ${s.sku} (${FIREHOSE_INGESTION_USAGETYPE}) have different tiers; took ${chosen.sku}`);
  }
  if (direct.length > 0 && stream.some((s) => key(s.tiers) !== key(chosen.tiers))) {
    warnings.push(
      `firehose.ingestionGbTiers: ingestion from a Kinesis stream (${FIREHOSE_STREAM_SOURCE_USAGETYPE}) is priced differently from Direct PUT; kinesis-plan prices both at the Direct PUT tiers`,
    );
  }
  return chosen.tiers;
}

/** The price dimensions of a SKU's first OnDemand term, lowest range first. */
function dimensionsOf(offer: Offer, sku: string): Dimension[] {
  const terms = offer.terms.OnDemand[sku];
  if (!terms) return [];
  const first = Object.values(terms)[0];
  return first ? Object.values(first.priceDimensions).sort((a, b) => Number(a.beginRange ?? 0) - Number(b.beginRange ?? 0)) : [];
}

function setAt(fragment: PricingFragment, target: Target, price: Price): void {
  let node = fragment as Record<string, unknown>;
  for (const key of target.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[target[target.length - 1]!] = price;
}

/** Every price's path in a pricing file or fragment (`kinesis.provisioned.shardHour`, `firehose.ingestionGbTiers`). */
function pricePaths(node: unknown, prefix = ''): string[] {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return Array.isArray(node) && node.length > 0 ? [prefix] : [];
  if ('usd' in node) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => (['region', 'effectiveDate', 'currency', 'notes', '$schema'].includes(k) && prefix === '' ? [] : pricePaths(v, prefix ? `${prefix}.${k}` : k)));
}

/**
 * Lays fragments over a base pricing file (later ones win) and validates the result: a complete pricing file, or an
 * `InputError` naming the first price still missing.
 */
export function mergePricing(fragments: readonly PricingFragment[], base?: Pricing, notes: readonly string[] = []): Pricing {
  const merged: Record<string, unknown> = base ? structuredClone(base) : { currency: 'USD', notes: [] };
  for (const f of fragments) deepAssign(merged, f as Record<string, unknown>);
  merged.notes = [...((merged.notes as string[] | undefined) ?? []), ...notes];
  const result = pricingSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw new InputError({
      path,
      message: issue.code === 'invalid_type' ? `no price for ${path} in the offer files` : issue.message,
      hint: 'import the offer files of all three services (AmazonKinesis, AmazonKinesisFirehose, AmazonKinesisAnalytics), or give a pricing file of the same Region with --base to keep its prices',
    });
  }
  return result.data;
}

/** One offer file as read: its JSON, the source every price records, and the name notes and errors use. */
export interface OfferInput {
  json: unknown;
  source: string;
  /** A short name (the file as given, or the URL); default: `source`. */
  label?: string | undefined;
}

/** A pricing file built from offer files, with what the import has to say about it. */
export interface OffersImport {
  pricing: Pricing;
  /** Disagreements and carried prices, in words; the CLI prints them on standard error. */
  warnings: string[];
  /** Usagetypes no price is taken from, as `OfferCode: usagetype`. */
  unmapped: string[];
}

/**
 * Imports the offer files of one Region into a pricing file. The offers must be of one Region and each service
 * once. A `base` file must be of the same Region: prices the offers lack are carried from it, each one named in the
 * file's notes and in the warnings. Without a base, a price with no SKU is left out if it is optional (unknown in
 * plans) and an error if it is not.
 */
export function importOffers(
  offers: readonly OfferInput[],
  options: { retrieved: string; region?: string | undefined; base?: Pricing | undefined; baseLabel?: string | undefined },
): OffersImport {
  const imported = offers.map((o) => ({ ...importOffer(o.json, o.source, options.retrieved, options.region, o.label ?? o.source), source: o.label ?? o.source }));
  const regions = [...new Set(imported.map((i) => i.region))];
  if (regions.length > 1) {
    throw new InputError({
      file: imported.map((i) => i.source).join(', '),
      message: `the offer files price different Regions (${imported.map((i) => `${i.offerCode}: ${i.region}`).join(', ')})`,
      hint: 'import the files of one Region at a time, or choose the Region with --region',
    });
  }
  for (const [code, group] of groupBy(imported, (i) => i.offerCode)) {
    if (group.length > 1) {
      throw new InputError({
        file: group.map((i) => i.source).join(', '),
        message: `${group.length} ${code} offer files; give each service's file once`,
      });
    }
  }
  const region = regions[0] ?? options.region ?? '';
  const { base } = options;
  if (base !== undefined && base.region !== region) {
    throw new InputError({
      file: options.baseLabel,
      path: 'region',
      message: `the base file prices ${base.region}, but the offers are for ${region}: its prices would be carried under ${region}'s name`,
      hint: `give a pricing file of ${region} as --base, or none (prices the offers lack are then unknown or an error)`,
    });
  }
  const dates = imported.flatMap((i) => (i.publicationDate !== undefined ? [i.publicationDate] : [])).sort();
  const effectiveDate = dates.at(-1) ?? options.retrieved;
  const fragments = imported.map((i) => i.fragment);
  const found = new Set(fragments.flatMap((f) => pricePaths(f)));
  const carried = base !== undefined ? pricePaths(base).filter((p) => !found.has(p)) : [];
  const unknown = OPTIONAL_PRICES.map(pathOf).filter((p) => !found.has(p) && !carried.includes(p));
  const notes = [
    `Imported from ${imported.map((i) => i.source).join(', ')} on ${options.retrieved}.`,
    ...(carried.length > 0 ? [`Carried from the base file${options.baseLabel !== undefined ? ` ${options.baseLabel}` : ''} (not in the offers): ${carried.join(', ')}.`] : []),
    ...(unknown.length > 0 ? [`No SKU in the offers, so unknown in plans: ${unknown.join(', ')}.`] : []),
  ];
  const pricing = mergePricing([...fragments, { region, effectiveDate }], base, notes);
  const warnings = [
    ...imported.flatMap((i) => i.warnings.map((w) => `${i.offerCode}: ${w}`)),
    ...(carried.length > 0 ? [`kept ${carried.length} price(s) from the base file that the offers lack: ${carried.join(', ')}`] : []),
  ];
  return { pricing, warnings, unmapped: imported.flatMap((i) => i.unmapped.map((u) => `${i.offerCode}: ${u}`)) };
}

function deepAssign(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined) continue;
    const cur = target[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && !('usd' in v) && cur && typeof cur === 'object' && !Array.isArray(cur)) {
      deepAssign(cur as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      target[k] = structuredClone(v);
    }
  }
}
