import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseWorkload } from '../../src/workload/parse.js';
import { CAPACITY_MODES, CONSUMER_TYPES, streamSchema, workloadSchema } from '../../src/workload/schema.js';
import { fieldSchemaAt, fieldText, firstSentence, workloadToYaml } from '../../src/workload/to-yaml.js';
import { ROOT } from '../helpers/cli.js';

const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));

describe('workloadToYaml round-trips through parseWorkload', () => {
  it('has examples to read', () => expect(examples.length).toBeGreaterThanOrEqual(4));
  for (const example of examples) {
    const text = readFileSync(join(ROOT, 'examples', example), 'utf8');
    it(`${example}: as written (human units) → YAML → the same workload`, () => {
      const raw: unknown = parse(text);
      expect(parseWorkload(workloadToYaml(raw), 'out.yaml')).toEqual(parseWorkload(text, example));
    });
    it(`${example}: validated (base units) → YAML → the same workload`, () => {
      const validated = parseWorkload(text, example);
      expect(parseWorkload(workloadToYaml(validated), 'out.yaml')).toEqual(validated);
    });
  }

  it('writes a validated peak back as the user would: { factor: 3 } → 3x, { recordsPerSec: 9000 } → 9000', () => {
    const base = { version: 1, name: 'w', streams: [{ name: 's', records: { size: 100, rate: 1000, peak: '3x' } }] };
    const factor = workloadSchema.parse(base);
    expect(factor.streams[0]!.records.peak).toEqual({ factor: 3 });
    expect(workloadToYaml(factor, { comments: false })).toContain('peak: 3x');
    const rate = workloadSchema.parse({ ...base, streams: [{ name: 's', records: { size: 100, rate: 1000, peak: '9k/s' } }] });
    expect(rate.streams[0]!.records.peak).toEqual({ recordsPerSec: 9000 });
    expect(workloadToYaml(rate, { comments: false })).toContain('peak: 9000');
  });

  // Inputs valid by construction: names that YAML would read as other types ("true", "1e3", "null") included.
  const nameArb = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9_.-]{1,16}$/), fc.constantFrom('true', 'null', 'yes', '1e3', '0x1F', '.5'));
  const sizeArb = fc.oneof(
    fc.integer({ min: 1, max: 500_000 }),
    fc.integer({ min: 1, max: 500 }).map((n) => `${n} KiB`),
    fc.integer({ min: 1, max: 100_000 }).map((n) => `${n} B`),
  );
  const rateArb = fc.oneof(
    fc.integer({ min: 1, max: 100_000 }),
    fc.integer({ min: 1, max: 100_000 }).map((n) => `${n}/s`),
    fc.integer({ min: 1, max: 600 }).map((n) => `${n}k/min`),
  );
  const streamArb = fc.record(
    {
      name: nameArb,
      retention: fc.constantFrom('24h', '7d', 172_800, '365d'),
      capacityMode: fc.constantFrom(...CAPACITY_MODES),
      records: fc.record(
        { size: sizeArb, rate: rateArb, peak: fc.double({ min: 1, max: 10, noNaN: true }).map((f) => `${f}x`) },
        { requiredKeys: ['size', 'rate'] },
      ),
      partitionKeys: fc.record(
        { distinct: fc.integer({ min: 1, max: 1e6 }), length: fc.integer({ min: 1, max: 256 }), distribution: fc.constant('uniform') },
        { requiredKeys: [] },
      ),
      consumers: fc.uniqueArray(
        fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), type: fc.constantFrom(...CONSUMER_TYPES) }),
        { maxLength: 4, selector: (c) => c.name },
      ),
    },
    { requiredKeys: ['name', 'records'] },
  );
  const workloadArb = fc.record({
    version: fc.constant(1),
    name: nameArb,
    region: fc.constantFrom('us-east-1', 'eu-west-1', 'us-gov-west-1'),
    description: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    streams: fc.uniqueArray(streamArb, { minLength: 1, maxLength: 3, selector: (s) => s.name }),
    budget: fc.option(fc.record({ monthlyUsd: fc.double({ min: 0, max: 1e6, noNaN: true }), maxShards: fc.integer({ min: 1, max: 1000 }) }), {
      nil: undefined,
    }),
  });

  it('property: any valid workload as written parses back to the same workload', () => {
    fc.assert(
      fc.property(workloadArb, (raw) => {
        const expected = workloadSchema.safeParse(raw);
        fc.pre(expected.success);
        expect(parseWorkload(workloadToYaml(raw), 'out.yaml')).toEqual(expected.data);
      }),
      { numRuns: 200 },
    );
  });

  it('property: validated → YAML → validated is the identity', () => {
    fc.assert(
      fc.property(workloadArb, (raw) => {
        const validated = workloadSchema.safeParse(raw);
        fc.pre(validated.success);
        expect(parseWorkload(workloadToYaml(validated.data), 'out.yaml')).toEqual(validated.data);
      }),
      { numRuns: 200 },
    );
  });
});

describe('comments come from the schema', () => {
  const raw = {
    version: 1,
    name: 'orders',
    streams: [
      { name: 'a', records: { size: '2 KiB', rate: '3000/s' }, consumers: [{ name: 'x', type: 'polling' }, { name: 'y', type: 'efo' }] },
      { name: 'b', records: { size: 100, rate: 10 } },
    ],
  };

  it('puts the first sentence of each field description above the field, once per field', () => {
    const text = workloadToYaml(raw);
    const sizeDescription = fieldText(fieldSchemaAt(workloadSchema, ['streams', 0, 'records', 'size'])).description!;
    expect(sizeDescription).toBe('Average record payload size (the data blob, without the partition key).');
    expect(text).toContain(`      # ${sizeDescription}\n      size: 2 KiB\n`);
    // The second stream's fields are not described again.
    expect(text.match(/# Average record payload size/g)).toHaveLength(1);
    expect(text).toMatchInlineSnapshot(`
      "# Workload file format version: this is version 1, so write version: 1
      version: 1
      # Name of the workload.
      name: orders
      # Kinesis data streams.
      streams:
        # A Kinesis data stream.
        - name: a
          # Records written to the stream.
          records:
            # Average record payload size (the data blob, without the partition key).
            size: 2 KiB
            # Average write rate in records per second across the stream.
            rate: 3000/s
          # Applications that read the stream.
          consumers:
            # A consumer application.
            - name: x
              # polling (GetRecords, e.g. KCL), lambda (a Lambda event source mapping, polls like GetRecords), or efo (enhanced fan-out).
              type: polling
            - name: y
              type: efo
        - name: b
          records:
            size: 100
            rate: 10
      "
    `);
  });

  it('writes the header lines as comments, and no comments when asked', () => {
    const text = workloadToYaml(raw, { header: ['written by a test', 'check it with: kinesis-plan plan x.yaml'] });
    expect(text.startsWith('# written by a test\n# check it with: kinesis-plan plan x.yaml\n')).toBe(true);
    const bare = workloadToYaml(raw, { comments: false });
    expect(bare).not.toContain('#');
    expect(parse(bare)).toEqual(raw);
  });

  it('orders keys as the schema declares them and leaves out undefined values and empty defaulted lists', () => {
    const text = workloadToYaml(
      { streams: [{ records: { rate: 1, size: 1 }, name: 's', consumers: [] }], name: 'w', version: 1, description: undefined, firehose: [] },
      { comments: false },
    );
    expect(text).toBe('version: 1\nname: w\nstreams:\n  - name: s\n    records:\n      size: 1\n      rate: 1\n');
  });

  it('can follow another schema (a single stream)', () => {
    const text = workloadToYaml({ name: 's', retention: '7d', records: { size: 1, rate: 1 } }, { schema: streamSchema });
    expect(text).toContain('# How long records are kept: 24h to 365d.\nretention: 7d\n');
  });
});

describe('firstSentence', () => {
  it.each([
    ['Records written to the stream.', 'Records written to the stream.'],
    ['AWS Region, e.g. us-east-1: selects the pricing file.', 'AWS Region, e.g. us-east-1: selects the pricing file.'],
    ['Largest record payload size. Default: the average size.', 'Largest record payload size.'],
    ['polling (GetRecords, e.g. KCL), or efo. More here.', 'polling (GetRecords, e.g. KCL), or efo.'],
    ['no full stop', 'no full stop'],
  ])('%s', (text, expected) => expect(firstSentence(text)).toBe(expected));
});
