import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { InputErrors, MAX_REPORTED_ERRORS } from '../../src/errors.js';
import { checkKeyPattern } from '../../src/workload/key-bounds.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { workloadJsonSchema } from '../../src/workload/schema.js';

/** Every node of a JSON Schema with its path. */
function nodes(schema: unknown, path = '$'): [string, Record<string, unknown>][] {
  if (schema === null || typeof schema !== 'object') return [];
  const s = schema as Record<string, unknown>;
  const out: [string, Record<string, unknown>][] = [[path, s]];
  for (const [k, v] of Object.entries((s.properties as Record<string, unknown> | undefined) ?? {})) out.push(...nodes(v, `${path}.${k}`));
  if (s.items) out.push(...nodes(s.items, `${path}[]`));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const v of (s[key] as unknown[] | undefined) ?? []) out.push(...nodes(v, path));
  return out;
}

/** Fields without a maximum on purpose: amounts of money, and the format version (a constant). */
const UNBOUNDED = new Set(['$.version', '$.budget.monthlyUsd', '$.budget.maxIncreaseUsd']);

describe('every number and list of the workload file has a documented maximum', () => {
  const all = nodes(workloadJsonSchema());
  it('numbers (rates, sizes, durations, counts, factors) show their maximum in the JSON Schema', () => {
    const isNumber = (s: Record<string, unknown>) => s.type === 'number' || s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('number'));
    const missing = all.filter(([path, s]) => isNumber(s) && s.maximum === undefined && s.const === undefined && !UNBOUNDED.has(path)).map(([p]) => p);
    expect(missing).toEqual([]);
  });
  it('lists show their most items', () => {
    expect(all.filter(([, s]) => s.type === 'array' && s.maxItems === undefined).map(([p]) => p)).toEqual([]);
  });
});

const stream = (over: Record<string, unknown>) => ({ name: 's', records: { size: '1 KiB', rate: '100/s' }, ...over });
const textOf = (streams: unknown[], top: Record<string, unknown> = {}) => stringify({ version: 1, name: 'w', ...top, streams });
function messageOf(text: string): string {
  try {
    parseWorkload(text, 'w.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('parsed without error');
}

describe('cross-field bounds', () => {
  it('a peak factor that takes the rate beyond any stream', () => {
    expect(messageOf(textOf([stream({ records: { size: 100, rate: 1e9, peak: '100x' } })]))).toBe(
      'w.yaml:8:13 streams[0].records.peak: 100x the average rate of 1000000000/s is 100,000,000,000/s, more than the 10,485,760,000/s that a stream of 10,000 shards takes even at one byte per record. Hint: split the traffic over several streams.',
    );
  });
  it('spikes that overlap multiply; the busiest moment must stay within a stream', () => {
    const spikes = [
      { at: '10min', length: '1min', factor: 1e5 },
      { at: '10min', length: '1min', factor: 1e5 },
    ];
    expect(messageOf(textOf([stream({ traffic: { spikes } })]))).toMatch(
      /^w\.yaml:\d+:\d+ streams\[0\]\.traffic: at its busiest moment the traffic offers 1,000,000,000,000\/s \(the base rate times/,
    );
    // Apart, they do not overlap: each is 100 × 100,000 = 10^7 records/s.
    const apart = [spikes[0], { ...spikes[1], at: '20min' }];
    expect(() => parseWorkload(textOf([stream({ traffic: { spikes: apart } })]), 'w.yaml')).not.toThrow();
  });
  it('a workload places at most 524,288 keys one by one', () => {
    const streams = Array.from({ length: 9 }, (_, i) => stream({ name: `s${i}`, partitionKeys: { distinct: 65_536 } }));
    expect(messageOf(textOf(streams))).toMatch(
      /^w\.yaml:\d+:\d+ streams\[8\]\.partitionKeys: with this stream the workload places 589,824 partition keys one by one, more than the 524,288 a plan places/,
    );
  });
  it('key patterns: a few ranges, exact numbers, keys of at most 256 characters', () => {
    expect(checkKeyPattern('d-{1..20000}')).toBeUndefined();
    expect(checkKeyPattern('{1..2}'.repeat(9))?.message).toBe('a key pattern may have at most 8 numeric ranges, got 9');
    expect(checkKeyPattern('k{1..99999999999999999999}')?.message).toBe('the range {1..99999999999999999999} has a number above 9007199254740991');
    expect(checkKeyPattern('{1..99999999}{1..99999999}{1..99999999}')?.message).toBe('the pattern names more than 9007199254740991 keys');
    expect(checkKeyPattern(`${'x'.repeat(250)}{1..9999999}`)?.message).toBe('the pattern makes keys of up to 257 characters; a partition key has at most 256');
  });
});

describe('every error of a file at once', () => {
  it('reports independent errors in file order, at most 20, and counts the rest', () => {
    const extra = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`unknown${String(i).padStart(2, '0')}`, 1]));
    let error: unknown;
    try {
      parseWorkload(textOf([stream(extra)]), 'w.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputErrors);
    const errors = error as InputErrors;
    expect(errors.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(errors.omitted).toBe(5);
    expect(errors.errors[0]!.message).toMatch(/^w\.yaml:8:5 streams\[0\]\.unknown00: unknown key "unknown00"/);
    expect(errors.errors.map((e) => e.line)).toEqual([...errors.errors.map((e) => e.line)].sort((a, b) => a! - b!));
  });
});
