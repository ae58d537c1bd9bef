import { App, Duration, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as flink from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { KinesisEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';

/**
 * A CDK app with each kind of resource kinesis-plan reads: a provisioned stream, an EFO consumer, a Lambda event
 * source mapping, a Firehose delivery stream from the stream to S3 with Parquet conversion, and a Flink application.
 * Synthesised into `outdir` (no AWS account is needed); returns the path of the template written.
 */
export function synthesisePipeline(outdir: string, opts: { shards?: number } = {}): string {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Pipeline', { env: { account: '123456789012', region: 'us-east-1' } });
  const stream = new kinesis.Stream(stack, 'Clicks', {
    streamName: 'clicks',
    shardCount: opts.shards ?? 4,
    streamMode: kinesis.StreamMode.PROVISIONED,
    retentionPeriod: Duration.hours(48),
  });
  new kinesis.StreamConsumer(stack, 'Analytics', { streamConsumerName: 'analytics', stream });
  const fn = new lambda.Function(stack, 'Enrich', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  fn.addEventSource(
    new KinesisEventSource(stream, {
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 500,
      maxBatchingWindow: Duration.seconds(5),
      parallelizationFactor: 2,
    }),
  );
  const bucket = new s3.Bucket(stack, 'Lake');
  const role = new iam.Role(stack, 'DeliveryRole', {
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
  });
  new firehose.CfnDeliveryStream(stack, 'ToLake', {
    deliveryStreamName: 'clicks-to-lake',
    deliveryStreamType: 'KinesisStreamAsSource',
    kinesisStreamSourceConfiguration: { kinesisStreamArn: stream.streamArn, roleArn: role.roleArn },
    extendedS3DestinationConfiguration: {
      bucketArn: bucket.bucketArn,
      roleArn: role.roleArn,
      bufferingHints: { sizeInMBs: 128, intervalInSeconds: 300 },
      dataFormatConversionConfiguration: {
        enabled: true,
        inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
        outputFormatConfiguration: { serializer: { parquetSerDe: {} } },
        schemaConfiguration: { databaseName: 'lake', tableName: 'clicks', roleArn: role.roleArn },
      },
    },
  });
  new flink.CfnApplication(stack, 'Sessions', {
    applicationName: 'sessions',
    runtimeEnvironment: 'FLINK-1_20',
    serviceExecutionRole: role.roleArn,
    applicationConfiguration: {
      flinkApplicationConfiguration: {
        parallelismConfiguration: {
          configurationType: 'CUSTOM',
          parallelism: 4,
          parallelismPerKpu: 2,
          autoScalingEnabled: false,
        },
      },
    },
  });
  app.synth();
  return `${outdir}/Pipeline.template.json`;
}
