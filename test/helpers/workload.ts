import { stringify } from 'yaml';
import { parseWorkload } from '../../src/workload/parse.js';
import type { Workload } from '../../src/workload/schema.js';

/** A one-stream workload from a partial stream description (YAML-shaped input, human units allowed). */
export function workloadOf(stream: Record<string, unknown>, top: Record<string, unknown> = {}): Workload {
  const doc = { version: 1, name: 'test', region: 'us-east-1', ...top, streams: [{ name: 's', ...stream }] };
  return parseWorkload(stringify(doc), 'test.yaml');
}
