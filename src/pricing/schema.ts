import { z } from 'zod';

/**
 * A pricing file: one Region's unit prices, each with its source and the date it was read. Files are named
 * `<region>.<yyyy-mm-dd>.json`; a user's own file (negotiated rates) has the same shape. A price that may be absent is
 * unknown when it is: plans show its lines as unknown, never as $0.
 */

/** A calendar date, YYYY-MM-DD: 2026-13-45 has the shape but is no date. */
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are written YYYY-MM-DD')
  .refine(
    (d) => {
      const t = Date.parse(`${d}T00:00:00Z`);
      return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
    },
    { message: 'is not a date in the calendar' },
  );

export const priceSchema = z
  .strictObject({
    usd: z.number().nonnegative().describe('Unit price in US dollars.'),
    unit: z
      .string()
      .min(1)
      .describe('What one unit is, e.g. "shard-hour", "GB", "GB-month", "million PUT payload units".'),
    source: z.string().min(1).describe('Where the price was read (URL or document).'),
    retrieved: date.describe('When it was read.'),
    confidence: z
      .enum(['aws', 'secondary', 'derived'])
      .default('aws')
      .describe('aws = AWS text; secondary = third party; derived = computed.'),
    note: z.string().optional(),
    usagetype: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The AWS Price List usagetype this price stands for, without its Region prefix (e.g. "Storage-ShardHour").',
      ),
    operation: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The AWS Price List operation this price stands for, where the operation (not the usagetype) names it, e.g. the On-demand Advantage "AdvantageDataIngested".',
      ),
  })
  .describe('One unit price.');

const tierSchema = priceSchema.extend({
  upToGbPerMonth: z
    .number()
    .positive()
    .nullable()
    .describe('Upper bound of the tier in GB per month; null = no bound.'),
});

export const pricingSchema = z
  .strictObject({
    $schema: z.string().optional(),
    region: z.string().min(1),
    effectiveDate: date.describe('The date these prices are taken to be in force.'),
    currency: z.literal('USD'),
    notes: z.array(z.string()).default([]),
    kinesis: z.strictObject({
      provisioned: z.strictObject({
        shardHour: priceSchema,
        putPayloadUnitsMillion: priceSchema,
        extendedRetentionShardHour: priceSchema,
        longTermRetentionGbMonth: priceSchema,
        longTermRetrievalGb: priceSchema,
        efoConsumerShardHour: priceSchema,
        efoDataGb: priceSchema,
      }),
      onDemand: z.strictObject({
        streamHour: priceSchema,
        dataInGb: priceSchema,
        dataOutGb: priceSchema,
        efoDataGb: priceSchema,
        extendedRetentionGbMonth: priceSchema,
        longTermRetentionGbMonth: priceSchema,
        longTermRetrievalGb: priceSchema
          .optional()
          .describe('Reads of data older than 7 days. Absent: unknown (the AWS Price List has no SKU for it in this mode).'),
      }),
      onDemandAdvantage: z.strictObject({
        dataInGb: priceSchema,
        dataOutGb: priceSchema,
        efoDataGb: priceSchema,
        retentionGbMonth: priceSchema.describe(
          'Retention beyond 24 h. AWS lists an extended (up to 7 days) and a long-term SKU; both are this price.',
        ),
        longTermRetrievalGb: priceSchema
          .optional()
          .describe('Reads of data older than 7 days. Absent: unknown (the AWS Price List has no SKU for it in this mode).'),
      }),
    }),
    firehose: z
      .strictObject({
        ingestionGbTiers: z
          .array(tierSchema)
          .min(1)
          .describe('Direct PUT and Kinesis-source ingestion, by monthly tier.'),
        formatConversionGb: priceSchema,
        dynamicPartitioningGb: priceSchema,
        dynamicPartitioningThousandObjects: priceSchema,
        dynamicPartitioningJqHour: priceSchema
          .optional()
          .describe('JQ processing for dynamic partitioning, per JQ processing hour. Absent: unknown.'),
        vpcAzHour: priceSchema,
        vpcGb: priceSchema,
      })
      .optional(),
    flink: z
      .strictObject({
        kpuHour: priceSchema,
        runningStorageGbMonth: priceSchema,
        backupGbMonth: priceSchema,
      })
      .optional(),
  })
  .describe('kinesis-plan pricing file.');

export type Price = z.output<typeof priceSchema>;
export type Pricing = z.output<typeof pricingSchema>;
export type FirehosePricing = NonNullable<Pricing['firehose']>;
export type FlinkPricing = NonNullable<Pricing['flink']>;
