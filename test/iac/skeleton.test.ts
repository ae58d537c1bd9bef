import { describe, expect, it } from 'vitest';
import { readIacText } from '../../src/iac/index.js';
import { workloadSkeleton } from '../../src/iac/skeleton.js';
import { fixture, readTfFixture } from './helpers.js';

describe('a workload skeleton from infrastructure code', () => {
  it('from Terraform configuration: capacity from literals, traffic left to fill in, rejected settings left out', async () => {
    const { iac } = await readTfFixture('pipeline.tf');
    const s = workloadSkeleton([iac], { name: 'pipeline' });
    expect(s.workload).toEqual({
      version: 1,
      name: 'pipeline',
      region: null,
      streams: [
        {
          name: 'clicks',
          iac: 'aws_kinesis_stream.clicks',
          capacityMode: 'provisioned',
          shards: 8,
          retention: '24h',
          records: { size: null, rate: null },
          consumers: [
            { name: 'analytics', type: 'efo' },
            { name: 'enrich', type: 'lambda' },
          ],
        },
        // The shard count comes from var.spare_shards: not known here, so left for the planner.
        {
          name: 'audit',
          iac: 'aws_kinesis_stream.audit',
          capacityMode: 'provisioned',
          records: { size: null, rate: null },
        },
      ],
      firehose: [
        {
          name: 'clicks-to-lake',
          iac: 'aws_kinesis_firehose_delivery_stream.to_lake',
          source: { stream: 'clicks' },
          destination: 's3',
          formatConversion: 'parquet',
          // 32 MiB is below Parquet's 64 MiB minimum: left out; the 900 s interval is kept.
          buffer: { interval: '900s' },
        },
      ],
      flink: [
        {
          name: 'sessions',
          iac: 'aws_kinesisanalyticsv2_application.sessions',
          source: { stream: null },
          parallelism: 4,
          parallelismPerKpu: 2,
        },
      ],
    });
    expect(s.fillIn.map((f) => f.path.join('.'))).toEqual([
      'region',
      'streams.0.records.size',
      'streams.0.records.rate',
      'streams.1.records.size',
      'streams.1.records.rate',
      'flink.0.source.stream',
    ]);
  });

  it('from a Terraform plan: the Region from an ARN, and on-demand without shards', () => {
    const s = workloadSkeleton([readIacText(fixture('plan-shrink.json'), 'plan.json')], { name: 'ingest' });
    expect(s.workload.region).toBe('us-east-1');
    expect(s.workload.streams).toEqual([
      {
        name: 'clicks',
        iac: 'module.ingest.aws_kinesis_stream.clicks',
        capacityMode: 'provisioned',
        shards: 8,
        retention: '24h',
        records: { size: null, rate: null },
        consumers: [{ name: 'analytics', type: 'efo' }],
      },
      {
        name: 'audit',
        iac: 'aws_kinesis_stream.audit',
        capacityMode: 'on-demand',
        retention: '168h',
        records: { size: null, rate: null },
      },
    ]);
  });
});
