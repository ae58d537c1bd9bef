import { parseDocumentWith } from './locate.js';
import { workloadSchema, type Workload } from './schema.js';

/** Reads a workload file's text: YAML → zod → a validated `Workload`, or one located `InputError`. No I/O here. */
export function parseWorkload(text: string, file: string): Workload {
  return parseDocumentWith(workloadSchema, text, file, {
    noun: 'workload file',
    emptyHint: 'start with `version: 1`, a name and a list of streams (see examples/clickstream.yaml), or run `kinesis-plan init`',
  });
}
