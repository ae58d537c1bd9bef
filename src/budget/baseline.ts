import { z } from 'zod';
import { MAX_STAGES, MAX_STREAMS } from '../workload/bounds.js';
import { parseDocumentWith } from '../workload/locate.js';

const costLine = z.looseObject({ key: z.string(), item: z.string(), monthlyUsd: z.number().nullable() });
const stageCost = z.looseObject({ monthlyUsd: z.number().nullable(), lines: z.array(costLine).optional() });

/**
 * The part of a saved JSON report (`plan --format json --output base.json`) that diffs and increase limits read.
 * Other fields are allowed: a baseline from a newer kinesis-plan of the same schema version still reads.
 */
export const baselineSchema = z.looseObject({
  schemaVersion: z.literal(1),
  workload: z.looseObject({ name: z.string() }),
  pricing: z.looseObject({ region: z.string(), effectiveDate: z.string(), label: z.string() }).optional(),
  streams: z.array(
    z.looseObject({
      name: z.string(),
      shards: z.looseObject({ required: z.number().int().positive(), planned: z.number().int().positive().optional() }),
      cost: z
        .looseObject({
          planned: z.looseObject({ mode: z.string(), monthlyUsd: z.number(), lines: z.array(costLine) }),
        })
        .optional(),
    }),
  ).max(MAX_STREAMS, 'a kinesis-plan report has at most 1,000 streams, as a workload does'),
  firehose: z.array(z.looseObject({ name: z.string(), cost: stageCost })).max(MAX_STAGES).default([]),
  flink: z.array(z.looseObject({ name: z.string(), cost: stageCost })).max(MAX_STAGES).default([]),
  totals: z.looseObject({ monthlyUsd: z.number().nullable(), advantageCommitmentTopUpUsd: z.number().optional() }),
});

type CostLines = readonly { key: string; item: string; monthlyUsd: number | null }[];

/** The pricing file a report was costed with, and the date its prices took effect. */
export interface PricingRef {
  label: string;
  effectiveDate: string;
}

/**
 * What a diff needs of a report: a saved baseline or a fresh plan's report (a `PlanReport` is one). The optional
 * fields are those a report of an older kinesis-plan may lack.
 */
export interface DiffableReport {
  workload: { name: string };
  pricing?: (PricingRef & { region: string }) | undefined;
  streams: readonly {
    name: string;
    shards: { required: number; planned?: number | undefined };
    cost?: { planned: { mode: string; monthlyUsd: number; lines: CostLines } } | undefined;
  }[];
  firehose: readonly { name: string; cost: { monthlyUsd: number | null; lines?: CostLines | undefined } }[];
  flink: readonly { name: string; cost: { monthlyUsd: number | null; lines?: CostLines | undefined } }[];
  totals: { monthlyUsd: number | null; advantageCommitmentTopUpUsd?: number | undefined };
}

/** Reads a saved JSON report; a file that is not one gets one located error. */
export function parseBaseline(text: string, file: string): DiffableReport {
  const what = { noun: 'baseline report', emptyHint: SAVE_HINT, syntax: 'JSON' as const };
  // The version first: a file of another format or version gets that said, not a list of missing fields.
  parseDocumentWith(versionSchema, text, file, what);
  return parseDocumentWith(baselineSchema, text, file, what);
}

const SAVE_HINT = 'save one with `kinesis-plan plan WORKLOAD --format json --output base.json`';

const versionSchema = z.looseObject({
  schemaVersion: z.literal(1, { error: 'not a kinesis-plan JSON report of schema version 1' }).meta({
    description: `a baseline is the JSON report of \`kinesis-plan plan\` (schemaVersion: 1); ${SAVE_HINT}`,
  }),
});
