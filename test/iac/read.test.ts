import { beforeAll, describe, expect, it } from 'vitest';
import { readIacText, type IacFile } from '../../src/iac/index.js';
import { byId, fixture, lineWith, readTfFixture } from './helpers.js';

describe('a CloudFormation template in YAML with short tags', () => {
  const text = fixture('template-short-tags.yaml');
  const iac = readIacText(text, 'template.yaml');

  it('parses !Ref, !Sub, !If and !GetAtt, and reports what they give as unknown', () => {
    expect(byId(iac, 'Clicks')).toMatchObject({
      name: {
        isKnown: false,
        why: 'from the intrinsic Fn::Sub, resolved at deployment',
        line: lineWith(text, 'Name: !Sub'),
      },
      shards: { isKnown: false, why: 'from !Ref Shards', line: lineWith(text, 'ShardCount: !Ref') },
      retentionHours: { isKnown: false, why: 'from the intrinsic Fn::If, resolved at deployment' },
      mode: undefined,
    });
    expect(byId(iac, 'Orders')).toMatchObject({
      mode: { isKnown: true, value: 'on-demand' },
      shards: undefined,
    });
  });

  it('follows !GetAtt to the stream, and leaves out a mapping from a queue', () => {
    expect(byId(iac, 'OrdersReader')).toMatchObject({
      stream: { kind: 'resource', id: 'Orders' },
      parallelizationFactor: { value: 12 },
    });
    expect(iac.resources.map((r) => r.id)).toEqual(['Clicks', 'Orders', 'OrdersReader']);
  });
});

describe('a Terraform plan (terraform show -json)', () => {
  const text = fixture('plan-shrink.json');
  const iac = readIacText(text, 'plan.json');

  it('reads change.after, modules included, and leaves out what the plan deletes', () => {
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
    iac = (await readTfFixture('pipeline.tf')).iac;
  });

  it('reads literals on their lines and reports variables as unknown', () => {
    expect(byId(iac, 'aws_kinesis_stream.clicks')).toMatchObject({
      shards: { isKnown: true, value: 8, line: lineWith(text, 'shard_count      = 8') },
      mode: { isKnown: true, value: 'provisioned', line: lineWith(text, 'stream_mode = ') },
      retentionHours: { value: 24 },
      line: lineWith(text, 'resource "aws_kinesis_stream" "clicks"'),
    });
    expect(byId(iac, 'aws_kinesis_stream.audit')).toMatchObject({
      shards: {
        isKnown: false,
        why: 'from the expression var.spare_shards',
        line: lineWith(text, 'shard_count = var'),
      },
    });
  });

  it('reads the consumer, delivery stream, Flink application and event source mapping, with their stream', () => {
    const clicks = { kind: 'resource', id: 'aws_kinesis_stream.clicks' };
    expect(byId(iac, 'aws_kinesis_stream_consumer.analytics')).toMatchObject({
      kind: 'efo-consumer',
      stream: clicks,
    });
    expect(byId(iac, 'aws_kinesis_firehose_delivery_stream.to_lake')).toMatchObject({
      source: clicks,
      destination: { known: 's3' },
      bufferSizeMiB: { value: 32, line: lineWith(text, 'buffering_size') },
      bufferIntervalSec: { value: 900 },
      formatConversion: { value: 'parquet' },
    });
    expect(byId(iac, 'aws_kinesisanalyticsv2_application.sessions')).toMatchObject({
      parallelism: { value: 4 },
      parallelismPerKpu: { value: 2 },
    });
    expect(byId(iac, 'aws_lambda_event_source_mapping.enrich')).toMatchObject({
      stream: clicks,
      batchSize: { value: 500 },
      parallelizationFactor: { value: 2 },
    });
  });
});

describe('bad input', () => {
  it('is one located message', () => {
    expect(() => readIacText('Resources: [1, 2\n', 'bad.yaml')).toThrow(
      /^bad\.yaml:2:1: not valid JSON or YAML/,
    );
    expect(() => readIacText('{ "a": 1 }\n', 'other.json')).toThrow(
      /other\.json:1: neither a CloudFormation template/,
    );
  });
});
