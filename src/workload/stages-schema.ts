import { z } from 'zod';

/** A Firehose delivery stage (top-level `firehose:` list). */
export const firehoseSchema = z
  .strictObject({
    name: z.string().min(1).describe('Name of the Firehose stream.'),
  })
  .describe('An Amazon Data Firehose stage.');

/** A Managed Service for Apache Flink stage (top-level `flink:` list). */
export const flinkSchema = z
  .strictObject({
    name: z.string().min(1).describe('Name of the Flink application.'),
  })
  .describe('A Managed Service for Apache Flink application.');

export type FirehoseStage = z.output<typeof firehoseSchema>;
export type FlinkStage = z.output<typeof flinkSchema>;
