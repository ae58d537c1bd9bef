import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { EXIT, InputError } from '../../src/errors.js';
import { parseDocumentWith } from '../../src/workload/locate.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { workloadSchema } from '../../src/workload/schema.js';
import { checkStageReferences } from '../../src/workload/stages-schema.js';

const BASE = `version: 1
name: t
streams:
  - name: clicks
    records: { size: 1 KiB, rate: 100/s }
`;

/** The first zod issue for BASE + the given stages, as path, message and hint. */
function firstIssue(stages: string): { path: (string | number)[]; message: string; hint: unknown } | undefined {
  const r = workloadSchema.safeParse(YAML.parse(BASE + stages));
  if (r.success) return undefined;
  const i = r.error.issues[0]!;
  return { path: i.path as (string | number)[], message: i.message, hint: (i as { params?: { hint?: unknown } }).params?.hint };
}

/** The located error the CLI prints (exit code 2), or undefined when the file is valid. */
function located(stages: string): string | undefined {
  try {
    parseWorkload(BASE + stages, 'w.yaml');
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
}

describe('Firehose stage schema', () => {
  it('rejects Parquet with a 5 MiB buffer, at buffer.size', () => {
    const stages = `firehose:
  - name: to-s3
    source: { stream: clicks }
    destination: s3
    formatConversion: parquet
    buffer:
      size: 5 MiB
      interval: 300s
`;
    expect(firstIssue(stages)).toEqual({
      path: ['firehose', 0, 'buffer', 'size'],
      message: 'Parquet conversion needs a buffer of at least 64 MiB, got 5 MiB',
      hint: 'set buffer.size between 64 MiB and 128 MiB, or remove it to get a recommendation',
    });
    expect(located(stages)).toBe(
      'w.yaml:12:13 firehose[0].buffer.size: Parquet conversion needs a buffer of at least 64 MiB, got 5 MiB. Hint: set buffer.size between 64 MiB and 128 MiB, or remove it to get a recommendation.',
    );
  });

  it('applies the 64 MiB floor with dynamic partitioning too', () => {
    const issue = firstIssue(`firehose:
  - name: to-s3
    source: { stream: clicks }
    destination: s3
    dynamicPartitioning: { activePartitions: 24 }
    buffer: { size: 32 MiB }
`);
    expect(issue?.message).toBe('dynamic partitioning needs a buffer of at least 64 MiB, got 32 MiB');
  });

  it('rejects an interval outside the destination range (Splunk: 0–60 s)', () => {
    const issue = firstIssue(`firehose:
  - name: to-splunk
    source: { stream: clicks }
    destination: splunk
    buffer: { interval: 120s }
`);
    expect(issue).toEqual({
      path: ['firehose', 0, 'buffer', 'interval'],
      message: 'the splunk destination accepts buffer intervals of 0–60 s, got 120s',
      hint: 'set buffer.interval between 0s and 60s, or remove it to get a recommendation',
    });
  });

  it('rejects a size above the destination maximum (HTTP endpoint: 64 MiB)', () => {
    expect(
      firstIssue(`firehose:
  - name: to-http
    source: { stream: clicks }
    destination: http
    buffer: { size: 100 MiB }
`)?.message,
    ).toBe('the http destination accepts buffer sizes of 1–64 MiB, got 100 MiB');
  });

  it('asks for whole MiB when a size is given in MB', () => {
    expect(
      firstIssue(`firehose:
  - name: to-s3
    source: { stream: clicks }
    destination: s3
    buffer: { size: 64 MB }
`),
    ).toEqual({
      path: ['firehose', 0, 'buffer', 'size'],
      message: "buffer sizes are whole MiB (the API's SizeInMBs), got 64000000 bytes = 61.04 MiB",
      hint: 'write e.g. 64 MiB (1 MiB = 1,048,576 bytes)',
    });
  });

  it('needs exactly one source', () => {
    expect(
      firstIssue(`firehose:
  - name: f
    source: {}
    destination: s3
`),
    ).toMatchObject({ path: ['firehose', 0, 'source'], message: 'a Firehose stage needs a source' });
    expect(
      firstIssue(`firehose:
  - name: f
    source: { stream: clicks, directPut: { size: 1 KiB, rate: 10/s } }
    destination: s3
`)?.message,
    ).toBe('give either stream or directPut as the source, not both');
  });

  it('allows format conversion only to S3, and without S3 compression', () => {
    expect(
      firstIssue(`firehose:
  - name: f
    source: { stream: clicks }
    destination: opensearch
    formatConversion: orc
`),
    ).toMatchObject({ path: ['firehose', 0, 'formatConversion'], message: 'format conversion to orc works only with the s3 destination, not opensearch' });
    expect(
      firstIssue(`firehose:
  - name: f
    source: { stream: clicks }
    destination: s3
    formatConversion: parquet
    compression: gzip
`),
    ).toMatchObject({ path: ['firehose', 0, 'compression'], message: 'compression must be none with parquet conversion' });
  });

  it('rejects a Lambda buffer outside 0.2–3 MiB', () => {
    expect(
      firstIssue(`firehose:
  - name: f
    source: { stream: clicks }
    destination: s3
    lambda: { bufferSize: 4 MiB }
`),
    ).toMatchObject({ path: ['firehose', 0, 'lambda', 'bufferSize'], message: 'must be at most 3 MiB, got 4 MiB' });
  });

  it('rejects a Direct PUT record above 1,000 KiB', () => {
    expect(
      firstIssue(`firehose:
  - name: f
    source: { directPut: { size: 1 MiB, rate: 10/s } }
    destination: s3
`),
    ).toMatchObject({ path: ['firehose', 0, 'source', 'directPut', 'size'], message: 'must be at most 1000 KiB, got 1 MiB' });
  });
});

describe('Flink stage schema', () => {
  it('needs a sizing', () => {
    expect(
      firstIssue(`flink:
  - name: app
    source: { stream: clicks }
`),
    ).toEqual({
      path: ['flink', 0, 'kpus'],
      message: 'a Flink stage needs kpus, parallelism or throughputPerKpu',
      hint: 'add kpus: 2, or parallelism: 4, or the throughput one KPU sustains, e.g. throughputPerKpu: 2 MiB/s',
    });
  });

  it('rejects kpus with parallelism, and parallelismPerKpu above 8', () => {
    expect(
      firstIssue(`flink:
  - name: app
    source: { stream: clicks }
    kpus: 2
    parallelism: 4
`)?.path,
    ).toEqual(['flink', 0, 'parallelism']);
    expect(
      firstIssue(`flink:
  - name: app
    source: { stream: clicks }
    parallelism: 16
    parallelismPerKpu: 9
`),
    ).toMatchObject({ path: ['flink', 0, 'parallelismPerKpu'], message: 'must be at most 8, got 9' });
  });

  it('rejects a poll interval on an enhanced fan-out source', () => {
    expect(
      firstIssue(`flink:
  - name: app
    source: { stream: clicks, type: efo, pollInterval: 1s }
    kpus: 1
`)?.path,
    ).toEqual(['flink', 0, 'source', 'pollInterval']);
  });
});

describe('cross-references', () => {
  const unknownSource = `firehose:
  - name: f
    source: { stream: clickz }
    destination: s3
flink:
  - name: app
    source: { stream: clicks }
    kpus: 1
  - name: app
    source: { stream: views }
    kpus: 1
`;

  it('reports unknown source streams and duplicate stage names with their paths', () => {
    // The workload schema refuses such a file; checkStageReferences itself runs on the unrefined shape.
    expect(workloadSchema.safeParse(YAML.parse(BASE + unknownSource)).success).toBe(false);
    const w = YAML.parse(BASE + unknownSource) as Parameters<typeof checkStageReferences>[0];
    expect(checkStageReferences(w)).toEqual([
      { path: ['firehose', 0, 'source', 'stream'], message: 'unknown stream "clickz"', hint: 'streams in this file: clicks' },
      { path: ['flink', 1, 'source', 'stream'], message: 'unknown stream "views"', hint: 'streams in this file: clicks' },
      { path: ['flink', 1, 'name'], message: 'Flink application name "app" is used twice', hint: 'give each stage its own name' },
    ]);
  });

  it('locates unknown source streams and duplicate names like any other error, all of them at once (exit code 2)', () => {
    const schema = workloadSchema;
    let error: unknown;
    try {
      parseDocumentWith(schema, BASE + unknownSource, 'w.yaml', { noun: 'workload file', emptyHint: '' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      [
        'w.yaml:8:23 firehose[0].source.stream: unknown stream "clickz". Hint: streams in this file: clicks.',
        'w.yaml:14:11 flink[1].name: Flink application name "app" is used twice. Hint: give each stage its own name.',
        'w.yaml:15:23 flink[1].source.stream: unknown stream "views". Hint: streams in this file: clicks.',
      ].join('\n'),
    );
    expect(EXIT.BAD_INPUT).toBe(2);
  });
});

describe('the clickstream pipeline example', () => {
  it('parses and has no stage reference errors', () => {
    const text = readFileSync(new URL('../../examples/clickstream-pipeline.yaml', import.meta.url), 'utf8');
    const w = parseWorkload(text, 'examples/clickstream-pipeline.yaml');
    expect(w.firehose.map((f) => f.name)).toEqual(['clicks-to-s3']);
    expect(w.flink.map((f) => f.name)).toEqual(['anomaly-detector']);
    expect(checkStageReferences(w)).toEqual([]);
  });
});
