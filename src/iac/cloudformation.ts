import { FIREHOSE_DESTINATIONS, type FirehoseDestination } from '../limits.js';
import {
  streamNameOfArn,
  type Declared,
  type DeclaredResource,
  type IacFile,
  type StreamRef,
} from './declared.js';
import type { LocatedDoc } from './located.js';
import { declaredBoolean, declaredNumber, declaredString, objectAt, valueAt } from './values.js';

/** Why a CloudFormation value is not a literal: a `Ref` (a parameter or resource) or an intrinsic function. */
function intrinsic(raw: unknown): string | undefined {
  const o = objectAt(raw);
  if (!o) return undefined;
  const keys = Object.keys(o);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  if (key === 'Ref') return `from !Ref ${String(o.Ref)}`;
  if (key.startsWith('Fn::')) return `from the intrinsic ${key}, resolved at deployment`;
  return undefined;
}

/** The stream an ARN-valued property points at: `!GetAtt S.Arn`, `!Ref S`, or a literal ARN. */
function streamRefOf(raw: unknown, streamIds: ReadonlySet<string>): StreamRef {
  const o = objectAt(raw);
  const getAtt = o?.['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && streamIds.has(getAtt[0]))
    return { kind: 'resource', id: getAtt[0] };
  if (typeof o?.Ref === 'string' && streamIds.has(o.Ref)) return { kind: 'resource', id: o.Ref };
  if (typeof raw === 'string') {
    const name = streamNameOfArn(raw);
    if (name !== undefined) return { kind: 'name', name };
  }
  return { kind: 'unknown', why: intrinsic(raw) ?? 'not a stream of these files' };
}

/** CloudFormation's destination properties, in kinesis-plan's terms (S3DestinationConfiguration is the older S3). */
const DESTINATIONS: Record<string, string> = {
  ExtendedS3DestinationConfiguration: 's3',
  S3DestinationConfiguration: 's3',
  RedshiftDestinationConfiguration: 'redshift',
  AmazonopensearchserviceDestinationConfiguration: 'opensearch',
  ElasticsearchDestinationConfiguration: 'opensearch',
  HttpEndpointDestinationConfiguration: 'http',
  SplunkDestinationConfiguration: 'splunk',
  SnowflakeDestinationConfiguration: 'snowflake',
  AmazonOpenSearchServerlessDestinationConfiguration: 'opensearch-serverless',
  IcebergDestinationConfiguration: 'iceberg',
};

function destinationOf(key: string): { known: FirehoseDestination } | { other: string } {
  const d = DESTINATIONS[key] ?? key;
  return (FIREHOSE_DESTINATIONS as readonly string[]).includes(d)
    ? { known: d as FirehoseDestination }
    : { other: d };
}

/** True when the text parses as a CloudFormation template (a `Resources` mapping of typed resources). */
export function isCloudFormation(value: unknown): boolean {
  const resources = objectAt(objectAt(value)?.Resources);
  return (
    resources !== undefined && Object.values(resources).some((r) => typeof objectAt(r)?.Type === 'string')
  );
}

/**
 * The Kinesis resources a CloudFormation template declares (JSON or YAML, which covers CDK's cdk.out templates):
 * streams, EFO consumers, Firehose delivery streams, Flink applications and Lambda event source mappings.
 */
export function readCloudFormation(doc: LocatedDoc, file: string): IacFile {
  const resources = objectAt(objectAt(doc.value)?.Resources) ?? {};
  const ids = new Set(
    Object.keys(resources).filter((id) => objectAt(resources[id])?.Type === 'AWS::Kinesis::Stream'),
  );
  const out: DeclaredResource[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const type = objectAt(r)?.Type;
    const line = doc.lineOf(['Resources', id]) ?? 1;
    const propsPath = ['Resources', id, 'Properties'];
    const props = objectAt(objectAt(r)?.Properties) ?? {};
    const at = (path: readonly (string | number)[]) => ({
      raw: valueAt(props, path),
      line: doc.lineOf([...propsPath, ...path]) ?? line,
    });
    const num = (...path: (string | number)[]) => {
      const a = at(path);
      return declaredNumber(a.raw, a.line, intrinsic);
    };
    const str = (...path: (string | number)[]) => {
      const a = at(path);
      return declaredString(a.raw, a.line, intrinsic);
    };
    const bool = (...path: (string | number)[]) => {
      const a = at(path);
      return declaredBoolean(a.raw, a.line, intrinsic);
    };
    const base = { id, type: String(type), localName: id, file, format: 'cloudformation' as const, line };
    switch (type) {
      case 'AWS::Kinesis::Stream': {
        const mode = str('StreamModeDetails', 'StreamMode');
        out.push({
          ...base,
          kind: 'stream',
          name: str('Name'),
          mode:
            mode &&
            (mode.isKnown
              ? { ...mode, value: mode.value === 'ON_DEMAND' ? 'on-demand' : 'provisioned' }
              : mode),
          shards: num('ShardCount'),
          retentionHours: num('RetentionPeriodHours'),
          maxRecordSizeKiB: num('MaxRecordSizeInKiB'),
        });
        break;
      }
      case 'AWS::Kinesis::StreamConsumer':
        out.push({
          ...base,
          kind: 'efo-consumer',
          name: str('ConsumerName'),
          stream: streamRefOf(props.StreamARN, ids),
        });
        break;
      case 'AWS::KinesisFirehose::DeliveryStream': {
        const destKey = Object.keys(DESTINATIONS).find((k) => props[k] !== undefined);
        const dest = destKey !== undefined ? [destKey] : [];
        const conversion = (() => {
          const enabled =
            destKey !== undefined ? bool(destKey, 'DataFormatConversionConfiguration', 'Enabled') : undefined;
          const serializer = objectAt(
            valueAt(props, [
              ...dest,
              'DataFormatConversionConfiguration',
              'OutputFormatConfiguration',
              'Serializer',
            ]),
          );
          const l = at([...dest, 'DataFormatConversionConfiguration']).line;
          if (enabled !== undefined && !enabled.isKnown)
            return { ...enabled } as Declared<'parquet' | 'orc' | 'none'>;
          if (!serializer || enabled?.value === false)
            return { isKnown: true as const, value: 'none' as const, line: l };
          return {
            isKnown: true as const,
            value: serializer.OrcSerDe !== undefined ? ('orc' as const) : ('parquet' as const),
            line: l,
          };
        })();
        const partitioning =
          destKey !== undefined ? bool(destKey, 'DynamicPartitioningConfiguration', 'Enabled') : undefined;
        const processors = valueAt(props, [...dest, 'ProcessingConfiguration', 'Processors']);
        const lambdaIndex = Array.isArray(processors)
          ? processors.findIndex((p) => objectAt(p)?.Type === 'Lambda')
          : -1;
        const processingOn =
          destKey !== undefined ? bool(destKey, 'ProcessingConfiguration', 'Enabled') : undefined;
        const param = (name: string) => {
          const params = valueAt(processors, [lambdaIndex, 'Parameters']);
          const i = Array.isArray(params) ? params.findIndex((p) => objectAt(p)?.ParameterName === name) : -1;
          return i >= 0
            ? num(
                ...dest,
                'ProcessingConfiguration',
                'Processors',
                lambdaIndex,
                'Parameters',
                i,
                'ParameterValue',
              )
            : undefined;
        };
        const source =
          props.DeliveryStreamType === 'KinesisStreamAsSource'
            ? streamRefOf(valueAt(props, ['KinesisStreamSourceConfiguration', 'KinesisStreamARN']), ids)
            : ({ kind: 'direct-put' } as const);
        out.push({
          ...base,
          kind: 'firehose',
          name: str('DeliveryStreamName'),
          source,
          destination: destKey !== undefined ? destinationOf(destKey) : undefined,
          bufferSizeMiB: destKey !== undefined ? num(destKey, 'BufferingHints', 'SizeInMBs') : undefined,
          bufferIntervalSec:
            destKey !== undefined ? num(destKey, 'BufferingHints', 'IntervalInSeconds') : undefined,
          formatConversion: conversion,
          dynamicPartitioning: partitioning ?? { isKnown: true, value: false, line },
          lambda:
            lambdaIndex >= 0 && !(processingOn?.isKnown === true && !processingOn.value)
              ? {
                  bufferSizeMiB: param('BufferSizeInMBs'),
                  bufferIntervalSec: param('BufferIntervalInSeconds'),
                }
              : undefined,
        });
        break;
      }
      case 'AWS::KinesisAnalyticsV2::Application': {
        const p = ['ApplicationConfiguration', 'FlinkApplicationConfiguration', 'ParallelismConfiguration'];
        out.push({
          ...base,
          kind: 'flink',
          name: str('ApplicationName'),
          configurationType: str(...p, 'ConfigurationType'),
          parallelism: num(...p, 'Parallelism'),
          parallelismPerKpu: num(...p, 'ParallelismPerKPU'),
          autoScaling: bool(...p, 'AutoScalingEnabled'),
        });
        break;
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const stream = streamRefOf(props.EventSourceArn, ids);
        const isKinesis =
          stream.kind !== 'unknown' ||
          (typeof props.EventSourceArn === 'string' && props.EventSourceArn.includes(':kinesis:'));
        if (!isKinesis) break;
        out.push({
          ...base,
          kind: 'lambda-esm',
          name: undefined,
          stream,
          functionName: str('FunctionName'),
          batchSize: num('BatchSize'),
          batchWindowSec: num('MaximumBatchingWindowInSeconds'),
          parallelizationFactor: num('ParallelizationFactor'),
        });
        break;
      }
      default:
        break;
    }
  }
  return { file, format: 'cloudformation', resources: out };
}
