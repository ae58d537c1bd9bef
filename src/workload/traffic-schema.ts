import { z } from 'zod';

/** The `traffic:` block of a stream: what the simulator replays. */
export const trafficSchema = z
  .strictObject({
    pattern: z.enum(['constant']).default('constant').describe('Traffic shape the simulator generates.'),
  })
  .describe('Traffic model for `kinesis-plan simulate`.');

export type Traffic = z.output<typeof trafficSchema>;
