import type { FirehoseDestination } from '../limits.js';

/**
 * What infrastructure code declares, read without guessing: a value is known (a literal in the file or the plan), or
 * unknown with the reason (a variable, a parameter, an intrinsic function, or a value known only after apply). Each
 * carries the 1-based line of the file it was read from, for annotations; a field the file leaves out is undefined,
 * and AWS's default applies.
 */
export type Declared<T> =
  { isKnown: true; value: T; line: number } | { isKnown: false; why: string; line: number };

/** The stream a consumer, delivery stream or event source mapping reads. */
export type StreamRef =
  /** A resource of the same files, by its id (Terraform address or CloudFormation logical id). */
  | { kind: 'resource'; id: string }
  /** A stream named by a literal ARN (`arn:aws:kinesis:…:stream/NAME`). */
  | { kind: 'name'; name: string }
  | { kind: 'unknown'; why: string };

/** The infrastructure formats read. */
export type IacFormat = 'cloudformation' | 'terraform-plan' | 'terraform';

interface ResourceBase {
  /** Terraform address (`module.ingest.aws_kinesis_stream.clicks`) or CloudFormation logical id. */
  id: string;
  /** The resource type as the format spells it (`aws_kinesis_stream`, `AWS::Kinesis::Stream`). */
  type: string;
  /** The last part of the id: the Terraform resource name or the logical id. */
  localName: string;
  /** The AWS name it declares (stream name, delivery stream name, application name), when it declares one. */
  name: Declared<string> | undefined;
  file: string;
  format: IacFormat;
  /** Line of the resource's declaration. */
  line: number;
}

export interface DeclaredStream extends ResourceBase {
  kind: 'stream';
  /** Absent: provisioned, the AWS default of both CloudFormation and the Terraform provider. */
  mode: Declared<'provisioned' | 'on-demand'> | undefined;
  shards: Declared<number> | undefined;
  retentionHours: Declared<number> | undefined;
  maxRecordSizeKiB: Declared<number> | undefined;
}

export interface DeclaredConsumer extends ResourceBase {
  kind: 'efo-consumer';
  stream: StreamRef;
}

export interface DeclaredFirehose extends ResourceBase {
  kind: 'firehose';
  source: StreamRef | { kind: 'direct-put' };
  /** The destination in kinesis-plan's terms; the format's own word when kinesis-plan does not model it. */
  destination: { known: FirehoseDestination } | { other: string } | undefined;
  bufferSizeMiB: Declared<number> | undefined;
  bufferIntervalSec: Declared<number> | undefined;
  formatConversion: Declared<'parquet' | 'orc' | 'none'>;
  dynamicPartitioning: Declared<boolean>;
  /** A Lambda processor, with its own buffer hints when set. */
  lambda:
    | { bufferSizeMiB: Declared<number> | undefined; bufferIntervalSec: Declared<number> | undefined }
    | undefined;
}

export interface DeclaredFlink extends ResourceBase {
  kind: 'flink';
  /** CUSTOM uses the values below; DEFAULT (or none) means AWS's defaults: parallelism 1, 1 per KPU, autoscaling on. */
  configurationType: Declared<string> | undefined;
  parallelism: Declared<number> | undefined;
  parallelismPerKpu: Declared<number> | undefined;
  autoScaling: Declared<boolean> | undefined;
}

export interface DeclaredEventSourceMapping extends ResourceBase {
  kind: 'lambda-esm';
  stream: StreamRef;
  functionName: Declared<string> | undefined;
  batchSize: Declared<number> | undefined;
  batchWindowSec: Declared<number> | undefined;
  parallelizationFactor: Declared<number> | undefined;
}

export type DeclaredResource =
  DeclaredStream | DeclaredConsumer | DeclaredFirehose | DeclaredFlink | DeclaredEventSourceMapping;

/** Everything read from one infrastructure file. */
export interface IacFile {
  file: string;
  format: IacFormat;
  resources: DeclaredResource[];
  /** The Region the file's Kinesis ARNs name, when it names one (a Terraform plan knows the ARNs of existing streams). */
  region?: string | undefined;
}

/** The stream id a reference points at, among the streams of all files read. */
export function resolveStreamRef(
  ref: StreamRef,
  streams: readonly DeclaredStream[],
): DeclaredStream | undefined {
  if (ref.kind === 'resource') return streams.find((s) => s.id === ref.id);
  if (ref.kind === 'name') return streams.find((s) => s.name?.isKnown === true && s.name.value === ref.name);
  return undefined;
}

/** The stream name in a Kinesis stream ARN, or undefined when the text is not one. */
export function streamNameOfArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:kinesis:[^:]*:[^:]*:stream\/([^/]+)$/.exec(arn)?.[1];
}
