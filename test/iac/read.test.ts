import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIacText, readTerraformConfig, type DeclaredResource, type IacFile } from '../../src/iac/index.js';
import { synthesisePipeline } from './cdk-app.js';

const FIXTURES = new URL('../fixtures/iac/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const byId = (f: IacFile, id: string): DeclaredResource => {
  const r = f.resources.find((x) => x.id === id);
  if (!r) throw new Error(`no resource ${id} in ${f.resources.map((x) => x.id).join(', ')}`);
  return r;
};
/** The 1-based line of the first line of `text` that contains `needle`. */
const lineWith = (text: string, needle: string, from = 1) => text.split('\n').findIndex((l, i) => i + 1 >= from && l.includes(needle)) + 1;

describe('a CloudFormation template synthesised by aws-cdk-lib', () => {
  let dir: string;
  let text: string;
  let iac: IacFile;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kp-cdk-'));
    const file = synthesisePipeline(dir);
    text = readFileSync(file, 'utf8');
    iac = readIacText(text, 'cdk.out/Pipeline.template.json');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the stream: shards, mode and retention, each on its line', () => {
    const s = iac.resources.find((r) => r.kind === 'stream');
    expect(s).toMatchObject({ kind: 'stream', type: 'AWS::Kinesis::Stream', name: { isKnown: true, value: 'clicks' } });
    if (s?.kind !== 'stream') throw new Error('no stream');
    expect(s.shards).toEqual({ isKnown: true, value: 4, line: lineWith(text, '"ShardCount": 4') });
    expect(s.mode).toMatchObject({ isKnown: true, value: 'provisioned' });
    expect(s.retentionHours).toMatchObject({ isKnown: true, value: 48 });
    expect(s.maxRecordSizeKiB).toBeUndefined();
  });

  it('reads the EFO consumer, the event source mapping, the Parquet delivery stream and the Flink application', () => {
    const stream = iac.resources.find((r) => r.kind === 'stream')!;
    const consumer = iac.resources.find((r) => r.kind === 'efo-consumer');
    expect(consumer).toMatchObject({ name: { value: 'analytics' }, stream: { kind: 'resource', id: stream.id } });
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

describe('a CloudFormation template in YAML with short tags', () => {
  const text = fixture('template-short-tags.yaml');
  const iac = readIacText(text, 'template.yaml');

  it('parses !Ref, !Sub, !If and !GetAtt, and reports what they give as unknown', () => {
    expect(byId(iac, 'Clicks')).toMatchObject({
      name: { isKnown: false, why: 'from the intrinsic Fn::Sub, resolved at deployment', line: lineWith(text, 'Name: !Sub') },
      shards: { isKnown: false, why: 'from !Ref Shards', line: lineWith(text, 'ShardCount: !Ref') },
      retentionHours: { isKnown: false, why: 'from the intrinsic Fn::If, resolved at deployment' },
      mode: undefined,
    });
    expect(byId(iac, 'Orders')).toMatchObject({ mode: { isKnown: true, value: 'on-demand' }, shards: undefined });
  });

  it('follows !GetAtt to the stream, and leaves out a mapping from a queue', () => {
    expect(byId(iac, 'OrdersReader')).toMatchObject({ stream: { kind: 'resource', id: 'Orders' }, parallelizationFactor: { value: 12 } });
    expect(iac.resources.map((r) => r.id)).toEqual(['Clicks', 'Orders', 'OrdersReader']);
  });
});

describe('a Terraform plan (terraform show -json)', () => {
  const text = fixture('plan-shrink.json');
  const iac = readIacText(text, 'plan.json');

  it("reads change.after, modules included, and leaves out what the plan deletes", () => {
    expect(iac.format).toBe('terraform-plan');
    expect(iac.resources.map((r) => r.id)).toEqual([
      'module.ingest.aws_kinesis_stream.clicks',
      'module.ingest.aws_kinesis_stream_consumer.analytics',
      'aws_kinesis_stream.audit',
    ]);
    const afterLine = lineWith(text, '"after": {', lineWith(text, '"shard_count": 24'));
    expect(byId(iac, 'module.ingest.aws_kinesis_stream.clicks')).toMatchObject({
      localName: 'clicks',
      shards: { isKnown: true, value: 8, line: lineWith(text, '"shard_count": 8', afterLine) },
      mode: { value: 'provisioned' },
    });
  });

  it('marks values known only after apply as unknown, and follows configuration references in a module', () => {
    expect(byId(iac, 'aws_kinesis_stream.audit')).toMatchObject({
      mode: { value: 'on-demand' },
      shards: { isKnown: false, why: 'known only after apply' },
      retentionHours: { value: 168 },
    });
    expect(byId(iac, 'module.ingest.aws_kinesis_stream_consumer.analytics')).toMatchObject({
      stream: { kind: 'resource', id: 'module.ingest.aws_kinesis_stream.clicks' },
    });
  });
});

describe('Terraform configuration parsed by @cdktn/hcl2json', () => {
  const text = fixture('pipeline.tf');
  let iac: IacFile;
  beforeAll(async () => {
    iac = readTerraformConfig(await parseHcl('pipeline.tf', text), text, 'pipeline.tf');
  });

  it('reads literals on their lines and reports variables as unknown', () => {
    expect(byId(iac, 'aws_kinesis_stream.clicks')).toMatchObject({
      shards: { isKnown: true, value: 8, line: lineWith(text, 'shard_count      = 8') },
      mode: { isKnown: true, value: 'provisioned', line: lineWith(text, 'stream_mode = ') },
      retentionHours: { value: 24 },
      line: lineWith(text, 'resource "aws_kinesis_stream" "clicks"'),
    });
    expect(byId(iac, 'aws_kinesis_stream.audit')).toMatchObject({
      shards: { isKnown: false, why: 'from the expression var.spare_shards', line: lineWith(text, 'shard_count = var') },
    });
  });

  it('reads the consumer, delivery stream, Flink application and event source mapping, with their stream', () => {
    const clicks = { kind: 'resource', id: 'aws_kinesis_stream.clicks' };
    expect(byId(iac, 'aws_kinesis_stream_consumer.analytics')).toMatchObject({ kind: 'efo-consumer', stream: clicks });
    expect(byId(iac, 'aws_kinesis_firehose_delivery_stream.to_lake')).toMatchObject({
      source: clicks,
      destination: { known: 's3' },
      bufferSizeMiB: { value: 32, line: lineWith(text, 'buffering_size') },
      bufferIntervalSec: { value: 900 },
      formatConversion: { value: 'parquet' },
    });
    expect(byId(iac, 'aws_kinesisanalyticsv2_application.sessions')).toMatchObject({ parallelism: { value: 4 }, parallelismPerKpu: { value: 2 } });
    expect(byId(iac, 'aws_lambda_event_source_mapping.enrich')).toMatchObject({ stream: clicks, batchSize: { value: 500 }, parallelizationFactor: { value: 2 } });
  });
});

describe('bad input', () => {
  it('is one located message', () => {
    expect(() => readIacText('Resources: [1, 2\n', 'bad.yaml')).toThrow(/^bad\.yaml:2:1: not valid JSON or YAML/);
    expect(() => readIacText('{ "a": 1 }\n', 'other.json')).toThrow(/other\.json:1: neither a CloudFormation template/);
  });
});
