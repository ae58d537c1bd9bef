import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planWithIac } from '../../src/iac/compare.js';
import { readIacText, type IacFile } from '../../src/iac/index.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { runCli } from '../helpers/cli.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';
import { synthesisePipeline } from './cdk-app.js';
import { byId, lineWith } from './helpers.js';

/*
 * One CDK app, synthesised once for this file by aws-cdk-lib (no AWS account needed): a provisioned stream of 4 shards,
 * an EFO consumer, a Lambda event source mapping, a Firehose delivery stream to S3 with Parquet, and a Flink
 * application. The tests read the real template from cdk.out.
 */
let dir: string;
let template: string;
let text: string;
let iac: IacFile;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kp-cdk-'));
  template = synthesisePipeline(join(dir, 'cdk.out'));
  text = readFileSync(template, 'utf8');
  iac = readIacText(text, 'cdk.out/Pipeline.template.json');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a CloudFormation template synthesised by aws-cdk-lib', () => {
  it('reads the stream: shards, mode and retention, each on its line', () => {
    const s = iac.resources.find((r) => r.kind === 'stream');
    expect(s).toMatchObject({
      kind: 'stream',
      type: 'AWS::Kinesis::Stream',
      name: { isKnown: true, value: 'clicks' },
    });
    if (s?.kind !== 'stream') throw new Error('no stream');
    expect(s.shards).toEqual({ isKnown: true, value: 4, line: lineWith(text, '"ShardCount": 4') });
    expect(s.mode).toMatchObject({ isKnown: true, value: 'provisioned' });
    expect(s.retentionHours).toMatchObject({ isKnown: true, value: 48 });
    expect(s.maxRecordSizeKiB).toBeUndefined();
  });

  it('reads the EFO consumer, the event source mapping, the Parquet delivery stream and the Flink application', () => {
    const stream = iac.resources.find((r) => r.kind === 'stream')!;
    const consumer = iac.resources.find((r) => r.kind === 'efo-consumer');
    expect(consumer).toMatchObject({
      name: { value: 'analytics' },
      stream: { kind: 'resource', id: stream.id },
    });
    const esm = iac.resources.find((r) => r.kind === 'lambda-esm');
    expect(esm).toMatchObject({
      stream: { kind: 'resource', id: stream.id },
      batchSize: { value: 500 },
      batchWindowSec: { value: 5 },
      parallelizationFactor: { value: 2 },
      functionName: { isKnown: false, why: expect.stringMatching(/^from !Ref Enrich/) as unknown },
    });
    expect(byId(iac, 'ToLake')).toMatchObject({
      kind: 'firehose',
      name: { value: 'clicks-to-lake' },
      source: { kind: 'resource', id: stream.id },
      destination: { known: 's3' },
      bufferSizeMiB: { value: 128 },
      bufferIntervalSec: { value: 300 },
      formatConversion: { value: 'parquet' },
      dynamicPartitioning: { value: false },
      lambda: undefined,
    });
    expect(byId(iac, 'Sessions')).toMatchObject({
      kind: 'flink',
      name: { value: 'sessions' },
      configurationType: { value: 'CUSTOM' },
      parallelism: { value: 4 },
      parallelismPerKpu: { value: 2 },
      autoScaling: { value: false },
    });
    expect(iac.resources).toHaveLength(5);
  });
});

describe('the CDK template against a workload', () => {
  const pricing = loadShippedPricing(US_EAST_1);
  // The clicks traffic of the pull-request scenario: 23 shards at peak; Flink at 8 MiB/s per KPU.
  const workload = () =>
    parseWorkload(
      `version: 1
name: pipeline
region: us-east-1
streams:
  - name: clicks
    records: { size: 2000, rate: 4000/s, peak: 9500/s }
    partitionKeys: { length: 48, distinct: 10000000 }
    consumers:
      - { name: analytics, type: efo }
      - { name: enrich, type: lambda }
firehose:
  - name: clicks-to-lake
    source: { stream: clicks }
    destination: s3
    formatConversion: parquet
flink:
  - name: sessions
    source: { stream: clicks }
    throughputPerKpu: 8 MiB/s
`,
      'pipeline.yaml',
    );

  it('finds 4 shards and 2 KPUs too few, and matches every resource', () => {
    const r = planWithIac(workload(), [iac], { pricing });
    const iacFindings = r.plan.findings.filter((f) => f.code.startsWith('IAC_'));
    // Shards: (2,000 + 48) B × 9,500/s = 19,456,000 B/s = 18.555 MiB/s; writes need × 1.2 = 22.27 → 23, but three
    // polling readers (the Lambda mapping, the Firehose stream and the Flink source) share 2 MiB/s of reads per shard:
    // 3 × 18.555 / 2 = 27.83, × 1.2 = 33.4 → 34.
    // KPUs: 19,456,000 B/s ÷ 8,388,608 B/s per KPU = 2.32 → 3 needed; declared ceil(parallelism 4 / 2 per KPU) = 2.
    expect(iacFindings.map((f) => [f.code, f.severity, f.args])).toEqual([
      [
        'IAC_SHARDS_TOO_FEW',
        'error',
        {
          file: 'cdk.out/Pipeline.template.json',
          line: lineWith(text, '"ShardCount": 4'),
          resource: 'Clicks81B5095A',
          declared: 4,
          required: 34,
        },
      ],
      [
        'IAC_FLINK_TOO_FEW_KPUS',
        'error',
        {
          file: 'cdk.out/Pipeline.template.json',
          line: lineWith(text, '"Parallelism": 4'),
          resource: 'Sessions',
          declaredKpus: 2,
          neededKpus: 3,
          parallelism: 4,
          parallelismPerKpu: 2,
          isAutoScaling: false,
        },
      ],
    ]);
    expect(r.plan.firehose[0]!.buffer).toMatchObject({ sizeMiB: 128, intervalSeconds: 300, isUserSet: true });
    expect(r.plan.flink[0]!.kpus).toBe(2);
  });
});

describe('init --from-iac on the CDK template', () => {
  it('writes a skeleton that, with traffic filled in, plans the 4 declared shards and passes check --iac', () => {
    const file = join(dir, 'pipeline.yaml');
    const init = runCli(['init', file, '--from-iac', template]);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toBe(
      `Wrote ${file}: 1 stream(s) from the infrastructure; 3 field(s) marked "fill in:" to complete.\n`,
    );
    const skeleton = readFileSync(file, 'utf8');
    expect(skeleton.match(/# fill in:/g)).toHaveLength(3);
    expect(skeleton).toContain(
      '    iac: Clicks81B5095A\n    capacityMode: provisioned\n    shards: 4\n    retention: 48h\n',
    );

    // As written, the traffic is missing: one located error.
    const unfilled = runCli(['plan', file]);
    expect(unfilled.code).toBe(2);
    expect(unfilled.stderr).toMatch(/pipeline\.yaml:\d+:\d+ region: expected text, got nothing/);

    // 1,000 records/s of 1,000 B (36-character keys), 2,000/s at peak: 2,000 × 1,036 B = 2,072,000 B/s = 1.976 MiB/s;
    // writes need × 1.2 = 2.37 → 3 shards, the three polling readers 3 × 1.976 / 2 MiB/s = 2.96, × 1.2 = 3.56 → 4:
    // the 4 declared suffice, exactly.
    const doc = parseDocument(skeleton);
    doc.set('region', 'us-east-1');
    doc.setIn(['streams', 0, 'records', 'size'], 1000);
    doc.setIn(['streams', 0, 'records', 'rate'], '1000/s');
    doc.setIn(['streams', 0, 'records', 'peak'], '2000/s');
    writeFileSync(file, doc.toString());
    const plan = runCli(['plan', file, '--format', 'json']);
    expect(plan.stderr).toBe('');
    const report = JSON.parse(plan.stdout) as {
      streams: { shards: { planned: number; required: number; existing: number } }[];
    };
    expect(report.streams[0]!.shards).toMatchObject({ planned: 4, existing: 4, required: 4 });

    // The infrastructure holds: no IAC_* finding fails. The workload's own read side does (three polling readers make 7
    // GetRecords calls per shard per second, over 5), which check reports as the plan's error.
    const check = runCli(['check', file, '--format', 'github', '--iac', template]);
    expect(check.stderr).toBe('');
    expect(check.stdout).not.toMatch(/::error [^\n]*IAC_/);
    expect(check.stdout).toMatch(/::error [^\n]*READ_CALLS_OVER_LIMIT/);
    const lenient = runCli(['check', file, '--format', 'github', '--iac', template, '--fail-on', 'none']);
    expect(lenient.stdout).toContain(`::notice file=${file},line=1,title=kinesis-plan::pipeline: passes`);
    expect(lenient.code).toBe(0);
  });
});
