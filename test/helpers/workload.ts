import { stringify } from 'yaml';
import { InputError } from '../../src/errors.js';
import { parseWorkload } from '../../src/workload/parse.js';
import type { Workload } from '../../src/workload/schema.js';

/** A one-stream workload from a partial stream description (YAML-shaped input, human units allowed). */
export function workloadOf(stream: Record<string, unknown>, top: Record<string, unknown> = {}): Workload {
  const doc = { version: 1, name: 'test', region: 'us-east-1', ...top, streams: [{ name: 's', ...stream }] };
  return parseWorkload(stringify(doc), 'test.yaml');
}

/** Whether an error is the planner's refusal of a stream that needs more than the 10,000 shards a stream can have. */
export function isOverStreamMaximum(e: unknown): boolean {
  return e instanceof InputError && /more than the 10,000 shards a stream can have/.test(e.message);
}

/** `run()`, or undefined when the planner refuses a stream for needing more than 10,000 shards. */
export function unlessOverStreamMaximum<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    if (isOverStreamMaximum(e)) return undefined;
    throw e;
  }
}
