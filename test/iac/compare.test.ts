import { beforeAll, describe, expect, it } from 'vitest';
import { planWithIac, type IacPlan } from '../../src/iac/compare.js';
import { readIacText } from '../../src/iac/index.js';
import type { Finding } from '../../src/vocab/findings.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';
import { fixture, lineWith, readTfFixture } from './helpers.js';

const pricing = loadShippedPricing(US_EAST_1);
/** us-east-1 shard-hour price of the shipped pricing file, and the default 730-hour month. */
const SHARD_HOUR_USD = 0.015;
const MONTH_HOURS = 730;

const codes = (r: IacPlan) => r.plan.findings.filter((f) => f.code.startsWith('IAC_')).map((f) => f.code);
const finding = <C extends Finding['code']>(r: IacPlan, code: C): Finding<C> | undefined =>
  r.plan.findings.find((f) => f.code === code) as Finding<C> | undefined;

describe('the pull-request scenario: 8 shards declared where 23 are needed', () => {
  const workload = parseWorkload(fixture('clicks.yaml'), 'clicks.yaml');
  let head: IacPlan;
  let base: IacPlan;
  let headText: string;
  beforeAll(async () => {
    const h = await readTfFixture('pr-head/main.tf', 'head/main.tf');
    headText = h.text;
    head = planWithIac(workload, [h.iac], { pricing });
    base = planWithIac(workload, [(await readTfFixture('pr-base/main.tf', 'base/main.tf')).iac], { pricing });
  });

  it('the head is under-provisioned, an error on the shard count line', () => {
    // (2,000 B + 48 B key) × 9,500/s = 19,456,000 B/s = 18.555 MiB/s; × 1.2 headroom = 22.27 → 23 shards (bytes bind;
    // records: 9,500 × 1.2 / 1,000 = 11.4).
    expect(finding(head, 'IAC_SHARDS_TOO_FEW')).toEqual({
      code: 'IAC_SHARDS_TOO_FEW',
      severity: 'error',
      path: 'streams[0]',
      args: {
        file: 'head/main.tf',
        line: lineWith(headText, 'shard_count = 8'),
        resource: 'aws_kinesis_stream.clicks',
        declared: 8,
        required: 23,
      },
    });
    expect(lineWith(headText, 'shard_count = 8')).toBe(6);
    // The planner's own existing-shards finding is replaced by the located one.
    expect(head.plan.findings.map((f) => f.code)).not.toContain('EXISTING_SHARDS_TOO_FEW');
  });

  it('costs use the declared shards', () => {
    const line = (r: IacPlan) =>
      r.plan.streams[0]!.cost!.provisioned.lines.find((l) => l.key === 'shard-hours')!;
    expect(head.plan.streams[0]!.shards.planned).toBe(8);
    expect(line(head).monthlyUsd).toBeCloseTo(8 * SHARD_HOUR_USD * MONTH_HOURS, 9); // $87.60
    expect(line(base).monthlyUsd).toBeCloseTo(24 * SHARD_HOUR_USD * MONTH_HOURS, 9); // $262.80
  });

  it('the base is over-provisioned by one shard, a warning with its monthly cost', () => {
    expect(codes(base)).toEqual(['IAC_SHARDS_OVERPROVISIONED']);
    // (24 − 23) shards × $0.015 × 730 h = $10.95.
    expect(finding(base, 'IAC_SHARDS_OVERPROVISIONED')!.args).toMatchObject({
      declared: 24,
      needed: 23,
      excessMonthlyUsd: expect.closeTo(10.95, 9) as unknown,
    });
    expect(base.rows).toEqual([
      {
        part: 'stream',
        name: 'clicks',
        at: { file: 'base/main.tf', line: 6, resource: 'aws_kinesis_stream.clicks' },
        figures: [
          { figure: 'capacity mode', declared: 'provisioned', whyUnknown: undefined, needed: 'provisioned' },
          { figure: 'shards', declared: 24, whyUnknown: undefined, needed: 23 },
          { figure: 'retention hours', declared: 24, whyUnknown: undefined, needed: 24 },
        ],
      },
    ]);
  });
});

describe('Terraform configuration with a delivery stream AWS would reject', () => {
  // 100 records/s of 1,000 B with 36-character keys: 103,600 B/s.
  const workload = parseWorkload(
    `version: 1
name: lake
region: us-east-1
streams:
  - name: clicks
    records: { size: 1000, rate: 100/s }
firehose:
  - name: clicks-to-lake
    source: { stream: clicks }
    destination: s3
    formatConversion: parquet
    target: { maxLatency: 5min }
`,
    'lake.yaml',
  );
  let r: IacPlan;
  let text: string;
  beforeAll(async () => {
    const tf = await readTfFixture('pipeline.tf');
    text = tf.text;
    r = planWithIac(workload, [tf.iac], { pricing });
  });

  it('rejects a 32 MiB buffer with Parquet (at least 64 MiB), on its line', () => {
    expect(finding(r, 'IAC_FIREHOSE_BUFFER_REJECTED')!.args).toEqual({
      file: 'pipeline.tf',
      line: lineWith(text, 'buffering_size'),
      resource: 'aws_kinesis_firehose_delivery_stream.to_lake',
      setting: 'size',
      declared: 32,
      min: 64,
      max: 128,
      columnarReason: 'Parquet conversion',
    });
  });

  it('misses the 5-minute latency target with the declared 900 s interval', () => {
    // The rejected size is not applied: Parquet's default 128 MiB = 134,217,728 B fills in 134,217,728 / 103,600 =
    // 1,295.5 s, so the 900 s interval flushes first: 900 s > 300 s.
    expect(finding(r, 'IAC_FIREHOSE_LATENCY_MISSED')).toMatchObject({
      severity: 'warning',
      args: {
        line: lineWith(text, 'buffering_interval'),
        latencySec: 900,
        maxLatencySec: 300,
        intervalSec: 900,
      },
    });
  });

  it('warns of 7 shards over the need, and reports what the workload does not describe', () => {
    // 103,600 B/s × 1.2 = 0.119 MiB/s and 100 × 1.2 = 120 records/s: 1 shard. (8 − 1) × $0.015 × 730 h = $76.65.
    expect(finding(r, 'IAC_SHARDS_OVERPROVISIONED')!.args).toMatchObject({
      declared: 8,
      needed: 1,
      excessMonthlyUsd: expect.closeTo(76.65, 9) as unknown,
    });
    const mode = finding(r, 'IAC_MODE_COSTLIER')!.args;
    expect(mode).toMatchObject({ declaredMode: 'provisioned', cheaperMode: 'on-demand' });
    expect(mode.declaredMonthlyUsd).toBe(r.plan.streams[0]!.cost!.planned.monthlyUsd);
    expect(mode.cheaperMonthlyUsd).toBe(r.needed.streams[0]!.cost!.onDemand.monthlyUsd);
    expect(
      r.plan.findings.filter((f) => f.code === 'IAC_RESOURCE_NOT_IN_WORKLOAD').map((f) => f.args),
    ).toEqual([
      expect.objectContaining({ resource: 'aws_kinesis_stream.audit', kind: 'stream', name: 'audit' }),
      expect.objectContaining({
        resource: 'aws_kinesis_stream_consumer.analytics',
        kind: 'enhanced fan-out consumer',
      }),
      expect.objectContaining({
        resource: 'aws_kinesisanalyticsv2_application.sessions',
        kind: 'Flink application',
      }),
      expect.objectContaining({
        resource: 'aws_lambda_event_source_mapping.enrich',
        kind: 'Lambda event source mapping',
        name: '',
      }),
    ]);
  });
});

describe('a CloudFormation YAML template with parameters and intrinsics', () => {
  const text = fixture('template-short-tags.yaml');
  const iac = readIacText(text, 'template.yaml');
  const workload = parseWorkload(
    `version: 1
name: shop
region: us-east-1
streams:
  - name: clicks
    iac: Clicks
    records: { size: 1000, rate: 100/s }
  - name: orders
    records: { size: 1000, rate: 100/s }
    consumers: [{ name: orders-reader, type: lambda }]
`,
    'shop.yaml',
  );
  const r = planWithIac(workload, [iac], { pricing });

  it('reports the shard count from a parameter as unknown, not compared', () => {
    expect(
      r.plan.findings
        .filter((f) => f.code === 'IAC_VALUE_UNKNOWN')
        .map((f) => [f.path, f.args.setting, f.args.line]),
    ).toEqual([
      ['streams[0]', 'retention', lineWith(text, 'RetentionPeriodHours')],
      ['streams[0]', 'shard count', lineWith(text, 'ShardCount: !Ref')],
    ]);
    expect(codes(r)).not.toContain('IAC_SHARDS_TOO_FEW');
  });

  it('plans an on-demand declaration in on-demand mode, and rejects a parallelization factor of 12', () => {
    expect(r.plan.streams[1]!.capacityMode).toBe('on-demand');
    expect(finding(r, 'IAC_EVENT_SOURCE_SETTING_REJECTED')).toMatchObject({
      severity: 'error',
      path: 'streams[1]',
      args: {
        resource: 'OrdersReader',
        line: lineWith(text, 'ParallelizationFactor'),
        setting: 'ParallelizationFactor',
        declared: 12,
        min: 1,
        max: 10,
      },
    });
  });

  it('names an iac: reference that matches nothing', () => {
    const w = parseWorkload(
      fixture('clicks.yaml').replace('  - name: clicks\n', '  - name: clicks\n    iac: Nope\n'),
      'clicks.yaml',
    );
    expect(planWithIac(w, [iac]).matches.unresolved).toEqual([{ path: ['streams', 0, 'iac'], ref: 'Nope' }]);
  });
});

describe('a Terraform plan', () => {
  it('checks the module stream the plan shrinks, on the line of its shard count', () => {
    const text = fixture('plan-shrink.json');
    const r = planWithIac(
      parseWorkload(fixture('clicks.yaml'), 'clicks.yaml'),
      [readIacText(text, 'plan.json')],
      { pricing },
    );
    expect(finding(r, 'IAC_SHARDS_TOO_FEW')!.args).toEqual({
      file: 'plan.json',
      line: lineWith(text, '"shard_count": 8'),
      resource: 'module.ingest.aws_kinesis_stream.clicks',
      declared: 8,
      required: 23,
    });
  });
});
