import { z } from 'zod';
import { InputError } from '../errors.js';
import {
  pricingSchema,
  type FirehosePricing,
  type FlinkPricing,
  type Price,
  type Pricing,
} from './schema.js';

/**
 * Converts AWS Price List bulk offer files (AmazonKinesis, AmazonKinesisFirehose, AmazonKinesisAnalytics) into our
 * pricing format. An offer file lists `products` by SKU, each with `attributes.usagetype` (prefixed by a Region code
 * such as `USE2-`; us-east-1 usagetypes mostly carry none), and `terms.OnDemand[sku][term].priceDimensions` with
 * `unit`, `pricePerUnit.USD` (a decimal string), `beginRange` and `endRange`.
 */

type KinesisPricing = Pricing['kinesis'];

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
  fragment: PricingFragment;
  /** Usagetypes in the offer (Region prefix removed) that no price is taken from, sorted. */
  unmapped: string[];
}

/**
 * How a usagetype maps to a price. `usagetype` is matched after the Region prefix is removed; `operation`, where
 * given, matches as well (for products whose usagetype we have not seen). `exponent` scales AWS's per-unit price to
 * ours (6: per unit → per million). `evidence`: `seen` = the name appears in public Price List consumers
 * (infracost and others); `assumed` = not seen anywhere, our best guess, listed in the README.
 */
export interface UsageMapping {
  offerCode: 'AmazonKinesis' | 'AmazonKinesisFirehose' | 'AmazonKinesisAnalytics';
  usagetype?: string;
  operation?: string;
  target: readonly [string, string] | readonly [string, string, string];
  unit: string;
  exponent: number;
  evidence: 'seen' | 'assumed';
}

const K = 'AmazonKinesis' as const;
const F = 'AmazonKinesisFirehose' as const;
const A = 'AmazonKinesisAnalytics' as const;

/** The mapping table. One entry per price in the pricing file, Firehose ingestion tiers aside. */
export const USAGE_MAPPINGS: readonly UsageMapping[] = [
  {
    offerCode: K,
    usagetype: 'Storage-ShardHour',
    target: ['kinesis', 'provisioned', 'shardHour'],
    unit: 'shard-hour',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'PutRequestPayloadUnits',
    target: ['kinesis', 'provisioned', 'putPayloadUnitsMillion'],
    unit: 'million PUT payload units',
    exponent: 6,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'Extended-ShardHour',
    target: ['kinesis', 'provisioned', 'extendedRetentionShardHour'],
    unit: 'shard-hour',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'LongTermRetention-ByteHrs',
    target: ['kinesis', 'provisioned', 'longTermRetentionGbMonth'],
    unit: 'GB-month',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'LongTermRetention-ReadBytes',
    target: ['kinesis', 'provisioned', 'longTermRetrievalGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'EnhancedFanoutHour',
    operation: 'ConsumerHour',
    target: ['kinesis', 'provisioned', 'efoConsumerShardHour'],
    unit: 'consumer-shard-hour',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'ReadBytes',
    operation: 'EnhancedFanoutDataRetrieval',
    target: ['kinesis', 'provisioned', 'efoDataGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'OnDemand-StreamHour',
    target: ['kinesis', 'onDemand', 'streamHour'],
    unit: 'stream-hour',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'OnDemand-BilledIncomingBytes',
    target: ['kinesis', 'onDemand', 'dataInGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'OnDemand-BilledOutgoingBytes',
    target: ['kinesis', 'onDemand', 'dataOutGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'OnDemand-BilledOutgoingEFOBytes',
    target: ['kinesis', 'onDemand', 'efoDataGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'OnDemand-ExtendedRetention-ByteHrs',
    target: ['kinesis', 'onDemand', 'extendedRetentionGbMonth'],
    unit: 'GB-month',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'OnDemand-LongTermRetention-ByteHrs',
    target: ['kinesis', 'onDemand', 'longTermRetentionGbMonth'],
    unit: 'GB-month',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'OnDemand-LongTermRetention-ReadBytes',
    target: ['kinesis', 'onDemand', 'longTermRetrievalGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'assumed',
  },
  {
    offerCode: K,
    usagetype: 'Advantage-BilledIncomingBytes',
    target: ['kinesis', 'onDemandAdvantage', 'dataInGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'assumed',
  },
  {
    offerCode: K,
    usagetype: 'Advantage-BilledOutgoingBytes',
    target: ['kinesis', 'onDemandAdvantage', 'dataOutGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: K,
    usagetype: 'Advantage-BilledOutgoingEFOBytes',
    target: ['kinesis', 'onDemandAdvantage', 'efoDataGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'assumed',
  },
  {
    offerCode: K,
    usagetype: 'Advantage-Retention-ByteHrs',
    target: ['kinesis', 'onDemandAdvantage', 'retentionGbMonth'],
    unit: 'GB-month',
    exponent: 0,
    evidence: 'assumed',
  },
  {
    offerCode: K,
    usagetype: 'Advantage-LongTermRetention-ReadBytes',
    target: ['kinesis', 'onDemandAdvantage', 'longTermRetrievalGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'assumed',
  },
  {
    offerCode: F,
    operation: 'DataFormatConversion',
    target: ['firehose', 'formatConversionGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: F,
    usagetype: 'DynamicPartitioning-Bytes',
    target: ['firehose', 'dynamicPartitioningGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'assumed',
  },
  {
    offerCode: F,
    usagetype: 'S3DeliveryObjectCount',
    target: ['firehose', 'dynamicPartitioningThousandObjects'],
    unit: 'thousand S3 objects',
    exponent: 3,
    evidence: 'assumed',
  },
  {
    offerCode: F,
    operation: 'RunVpcInstance',
    target: ['firehose', 'vpcAzHour'],
    unit: 'AZ-hour',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: F,
    operation: 'VpcBandwidth',
    target: ['firehose', 'vpcGb'],
    unit: 'GB',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: A,
    usagetype: 'KPU-Hour-Java',
    target: ['flink', 'kpuHour'],
    unit: 'KPU-hour',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: A,
    usagetype: 'RunningApplicationStorage',
    target: ['flink', 'runningStorageGbMonth'],
    unit: 'GB-month',
    exponent: 0,
    evidence: 'seen',
  },
  {
    offerCode: A,
    usagetype: 'DurableApplicationBackups',
    target: ['flink', 'backupGbMonth'],
    unit: 'GB-month',
    exponent: 0,
    evidence: 'seen',
  },
];

/** Firehose Direct PUT / Kinesis-source ingestion, priced in monthly tiers (beginRange/endRange in GB). */
export const FIREHOSE_INGESTION_USAGETYPE = 'BilledBytes';

/** Price List `location` names of the Regions we know, for offers without `regionCode`. */
const LOCATIONS: Record<string, string> = {
  'US East (N. Virginia)': 'us-east-1',
  'US East (Ohio)': 'us-east-2',
  'US West (N. California)': 'us-west-1',
  'US West (Oregon)': 'us-west-2',
  'EU (Ireland)': 'eu-west-1',
  'EU (London)': 'eu-west-2',
  'EU (Frankfurt)': 'eu-central-1',
  'Asia Pacific (Tokyo)': 'ap-northeast-1',
  'Asia Pacific (Singapore)': 'ap-southeast-1',
  'Asia Pacific (Sydney)': 'ap-southeast-2',
};

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

/**
 * Converts one offer file into a pricing fragment. `region` picks one Region from an offer that spans several; an
 * offer with several Regions and no `region` is an error that lists them. `source` and `retrieved` are written into
 * every price.
 */
export function importOffer(json: unknown, source: string, retrieved: string, region?: string): OfferImport {
  const parsed = offerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError({
      file: source,
      path: issue.path.map(String).join('.'),
      message: `not an AWS Price List offer file: ${issue.message}`,
      hint: 'download one from https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonKinesis/current/<region>/index.json',
    });
  }
  const offer = parsed.data;
  const products = Object.entries(offer.products).map(([sku, p]) => ({
    sku,
    attributes: p.attributes,
    region: regionOf(p.attributes),
  }));
  const regions = [
    ...new Set(products.map((p) => p.region).filter((r): r is string => r !== undefined)),
  ].sort();
  const chosen = region ?? (regions.length === 1 ? regions[0] : undefined);
  if (chosen === undefined) {
    throw new InputError({
      file: source,
      message: regions.length
        ? `the offer prices ${regions.length} Regions (${regions.join(', ')})`
        : 'the offer names no Region',
      hint: regions.length ? 'choose one with --region' : 'give the Region with --region',
    });
  }
  const fragment: PricingFragment = { region: chosen, effectiveDate: effectiveDateOf(offer, retrieved) };
  const unmapped = new Set<string>();
  const tiers: FirehosePricing['ingestionGbTiers'] = [];
  for (const product of products) {
    if (product.region !== undefined && product.region !== chosen) continue;
    const usagetype = stripRegionPrefix(product.attributes.usagetype ?? '');
    const dimensions = dimensionsOf(offer, product.sku);
    if (dimensions.length === 0) continue;
    const price = (d: Dimension, unit: string, exponent: number): Price => ({
      usd: scaleDecimal(d.pricePerUnit.USD, exponent),
      unit,
      source: `${source} (SKU ${product.sku})`,
      retrieved,
      confidence: 'aws',
      ...(d.description ? { note: d.description } : {}),
    });
    if (offer.offerCode === F && usagetype === FIREHOSE_INGESTION_USAGETYPE) {
      for (const d of dimensions) {
        const end = d.endRange === undefined || d.endRange === 'Inf' ? null : Number(d.endRange);
        tiers.push({ ...price(d, 'GB', 0), usagetype, upToGbPerMonth: end });
      }
      continue;
    }
    const mapping = USAGE_MAPPINGS.find(
      (m) =>
        m.offerCode === offer.offerCode &&
        ((m.usagetype !== undefined && m.usagetype === usagetype) ||
          (m.operation !== undefined && m.operation === product.attributes.operation)),
    );
    if (!mapping) {
      if (usagetype) unmapped.add(usagetype);
      continue;
    }
    const first = [...dimensions].sort((a, b) => Number(a.beginRange ?? 0) - Number(b.beginRange ?? 0))[0]!;
    const p = price(first, mapping.unit, mapping.exponent);
    setAt(
      fragment,
      mapping.target,
      mapping.usagetype !== undefined && mapping.usagetype === usagetype ? { ...p, usagetype } : p,
    );
  }
  if (tiers.length) {
    tiers.sort((a, b) => (a.upToGbPerMonth ?? Infinity) - (b.upToGbPerMonth ?? Infinity));
    fragment.firehose = { ...fragment.firehose, ingestionGbTiers: tiers };
  }
  return { offerCode: offer.offerCode, fragment, unmapped: [...unmapped].sort() };
}

function regionOf(attributes: Record<string, string>): string | undefined {
  return attributes.regionCode ?? (attributes.location ? LOCATIONS[attributes.location] : undefined);
}

function effectiveDateOf(offer: Offer, retrieved: string): string {
  const date = /^\d{4}-\d{2}-\d{2}/.exec(offer.publicationDate ?? '');
  return date ? date[0] : retrieved;
}

function dimensionsOf(offer: Offer, sku: string): Dimension[] {
  const terms = offer.terms.OnDemand[sku];
  if (!terms) return [];
  const first = Object.values(terms)[0];
  return first ? Object.values(first.priceDimensions) : [];
}

function setAt(fragment: PricingFragment, target: UsageMapping['target'], price: Price): void {
  let node = fragment as Record<string, unknown>;
  for (const key of target.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[target[target.length - 1]!] = price;
}

/**
 * Lays fragments over a base pricing file (later ones win) and validates the result: a complete pricing file, or an
 * `InputError` naming the first price still missing.
 */
export function mergePricing(
  fragments: readonly PricingFragment[],
  base?: Pricing,
  notes: readonly string[] = [],
): Pricing {
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
      hint: 'import the offer files of all three services (AmazonKinesis, AmazonKinesisFirehose, AmazonKinesisAnalytics), or start from a shipped file with --base',
    });
  }
  return result.data;
}

function deepAssign(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined) continue;
    const cur = target[k];
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      !('usd' in v) &&
      cur &&
      typeof cur === 'object' &&
      !Array.isArray(cur)
    ) {
      deepAssign(cur as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      target[k] = structuredClone(v);
    }
  }
}
