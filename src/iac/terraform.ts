import { FIREHOSE_DESTINATIONS, type FirehoseDestination } from '../limits.js';
import { InputError } from '../errors.js';
import {
  streamNameOfArn,
  type Declared,
  type DeclaredResource,
  type IacFile,
  type IacFormat,
  type StreamRef,
} from './declared.js';
import type { LocatedDoc } from './located.js';
import {
  declaredBoolean,
  declaredNumber,
  declaredString,
  objectAt,
  valueAt,
  type UnknownReason,
} from './values.js';

type Path = readonly (string | number)[];

/** One Terraform resource as both the plan JSON (`change.after`) and HCL-as-JSON give it: nested blocks are lists. */
interface TerraformResource {
  address: string;
  type: string;
  name: string;
  attrs: Record<string, unknown>;
  file: string;
  format: IacFormat;
  line: number;
  lineOf(path: Path): number;
  /** Why the value at a path is not a literal, or undefined. */
  unknownAt(path: Path, raw: unknown): string | undefined;
  /** The stream an ARN attribute points at. */
  streamRefAt(path: Path): StreamRef;
}

/** The provider's `destination` words, in kinesis-plan's terms, and the block each keeps its settings in. */
const DESTINATIONS: Record<string, { destination: string; block: string }> = {
  extended_s3: { destination: 's3', block: 'extended_s3_configuration' },
  redshift: { destination: 'redshift', block: 'redshift_configuration' },
  opensearch: { destination: 'opensearch', block: 'opensearch_configuration' },
  elasticsearch: { destination: 'opensearch', block: 'elasticsearch_configuration' },
  http_endpoint: { destination: 'http', block: 'http_endpoint_configuration' },
  splunk: { destination: 'splunk', block: 'splunk_configuration' },
  snowflake: { destination: 'snowflake', block: 'snowflake_configuration' },
  opensearchserverless: { destination: 'opensearch-serverless', block: 'opensearchserverless_configuration' },
  iceberg: { destination: 'iceberg', block: 'iceberg_configuration' },
};

/** Maps one Terraform resource of a Kinesis type to what it declares; other types give undefined. */
function declaredOf(r: TerraformResource): DeclaredResource | undefined {
  const reason =
    (path: Path): UnknownReason =>
    (raw) =>
      r.unknownAt(path, raw);
  const read =
    <T>(f: (raw: unknown, line: number, u: UnknownReason) => Declared<T> | undefined) =>
    (...path: (string | number)[]) =>
      f(valueAt(r.attrs, path), r.lineOf(path), reason(path)) ??
      (r.unknownAt(path, undefined) !== undefined
        ? { isKnown: false as const, why: r.unknownAt(path, undefined)!, line: r.lineOf(path) }
        : undefined);
  const num = read(declaredNumber);
  const str = read(declaredString);
  const bool = read(declaredBoolean);
  const base = {
    id: r.address,
    type: r.type,
    localName: r.name,
    file: r.file,
    format: r.format,
    line: r.line,
    name: str('name'),
  };
  switch (r.type) {
    case 'aws_kinesis_stream': {
      const mode = str('stream_mode_details', 0, 'stream_mode');
      return {
        ...base,
        kind: 'stream',
        mode:
          mode &&
          (mode.isKnown
            ? { ...mode, value: mode.value === 'ON_DEMAND' ? 'on-demand' : 'provisioned' }
            : mode),
        shards: num('shard_count'),
        retentionHours: num('retention_period'),
        maxRecordSizeKiB: num('max_record_size_in_kib'),
      };
    }
    case 'aws_kinesis_stream_consumer':
      return { ...base, kind: 'efo-consumer', stream: r.streamRefAt(['stream_arn']) };
    case 'aws_kinesis_firehose_delivery_stream': {
      const word = typeof r.attrs.destination === 'string' ? r.attrs.destination : undefined;
      const d = word !== undefined ? DESTINATIONS[word] : undefined;
      const block = d ? [d.block, 0] : ['-'];
      const conversionOn = bool(...block, 'data_format_conversion_configuration', 0, 'enabled');
      const serializer = objectAt(
        valueAt(r.attrs, [
          ...block,
          'data_format_conversion_configuration',
          0,
          'output_format_configuration',
          0,
          'serializer',
          0,
        ]),
      );
      const conversionLine = r.lineOf([...block, 'data_format_conversion_configuration']);
      const formatConversion: Declared<'parquet' | 'orc' | 'none'> =
        conversionOn !== undefined && !conversionOn.isKnown
          ? conversionOn
          : !serializer || conversionOn?.value === false
            ? { isKnown: true, value: 'none', line: conversionLine }
            : {
                isKnown: true,
                value:
                  Array.isArray(serializer.orc_ser_de) && serializer.orc_ser_de.length > 0
                    ? 'orc'
                    : 'parquet',
                line: conversionLine,
              };
      const processors = valueAt(r.attrs, [...block, 'processing_configuration', 0, 'processors']);
      const li = Array.isArray(processors) ? processors.findIndex((p) => objectAt(p)?.type === 'Lambda') : -1;
      const processingOn = bool(...block, 'processing_configuration', 0, 'enabled');
      const param = (name: string) => {
        const params = valueAt(processors, [li, 'parameters']);
        const i = Array.isArray(params) ? params.findIndex((p) => objectAt(p)?.parameter_name === name) : -1;
        return i >= 0
          ? num(...block, 'processing_configuration', 0, 'processors', li, 'parameters', i, 'parameter_value')
          : undefined;
      };
      const hasSource =
        Array.isArray(r.attrs.kinesis_source_configuration) &&
        r.attrs.kinesis_source_configuration.length > 0;
      return {
        ...base,
        kind: 'firehose',
        source: hasSource
          ? r.streamRefAt(['kinesis_source_configuration', 0, 'kinesis_stream_arn'])
          : { kind: 'direct-put' },
        destination: d
          ? (FIREHOSE_DESTINATIONS as readonly string[]).includes(d.destination)
            ? { known: d.destination as FirehoseDestination }
            : { other: d.destination }
          : word !== undefined
            ? { other: word }
            : undefined,
        bufferSizeMiB: d ? num(...block, 'buffering_size') : undefined,
        bufferIntervalSec: d ? num(...block, 'buffering_interval') : undefined,
        formatConversion,
        dynamicPartitioning: bool(...block, 'dynamic_partitioning_configuration', 0, 'enabled') ?? {
          isKnown: true,
          value: false,
          line: r.line,
        },
        lambda:
          li >= 0 && !(processingOn?.isKnown === true && !processingOn.value)
            ? { bufferSizeMiB: param('BufferSizeInMBs'), bufferIntervalSec: param('BufferIntervalInSeconds') }
            : undefined,
      };
    }
    case 'aws_kinesisanalyticsv2_application': {
      const p = [
        'application_configuration',
        0,
        'flink_application_configuration',
        0,
        'parallelism_configuration',
        0,
      ];
      return {
        ...base,
        kind: 'flink',
        configurationType: str(...p, 'configuration_type'),
        parallelism: num(...p, 'parallelism'),
        parallelismPerKpu: num(...p, 'parallelism_per_kpu'),
        autoScaling: bool(...p, 'auto_scaling_enabled'),
      };
    }
    case 'aws_lambda_event_source_mapping': {
      const stream = r.streamRefAt(['event_source_arn']);
      const arn = r.attrs.event_source_arn;
      if (stream.kind === 'unknown' && !(typeof arn === 'string' && arn.includes('aws_kinesis_stream')))
        return undefined;
      return {
        ...base,
        kind: 'lambda-esm',
        name: undefined,
        stream,
        functionName: str('function_name'),
        batchSize: num('batch_size'),
        batchWindowSec: num('maximum_batching_window_in_seconds'),
        parallelizationFactor: num('parallelization_factor'),
      };
    }
    default:
      return undefined;
  }
}

/** The `aws_kinesis_stream.NAME` a Terraform reference names, with the module prefix it is seen from. */
function streamAddressIn(text: string, modulePrefix: string): string | undefined {
  const m = /(?:^|[^\w.])(aws_kinesis_stream\.[A-Za-z0-9_-]+)/.exec(text);
  return m ? `${modulePrefix}${m[1]!}` : undefined;
}

/** The resources of a module in the plan's `configuration`, by address relative to the module, with their expressions. */
function configExpressions(plan: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (module: unknown, prefix: string) => {
    const resources = valueAt(module, ['resources']);
    if (Array.isArray(resources)) {
      for (const r of resources) {
        const address = valueAt(r, ['address']);
        if (typeof address === 'string') out.set(`${prefix}${address}`, valueAt(r, ['expressions']));
      }
    }
    for (const [name, call] of Object.entries(objectAt(valueAt(module, ['module_calls'])) ?? {}))
      walk(valueAt(call, ['module']), `${prefix}module.${name}.`);
  };
  walk(valueAt(plan, ['configuration', 'root_module']), '');
  return out;
}

/** Drops list indices of a resource's index (`aws_kinesis_stream.s["a"]` → `aws_kinesis_stream.s`) for configuration look-ups. */
function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/**
 * The Kinesis resources a Terraform plan declares, from the JSON of `terraform show -json PLANFILE`: each
 * `resource_changes[]` entry's `change.after` (modules included; resources the plan deletes are left out). Values the
 * plan marks in `after_unknown` are known only after apply; references between resources come from the plan's
 * `configuration` expressions.
 */
export function readTerraformPlan(doc: LocatedDoc, file: string): IacFile {
  const changes = valueAt(doc.value, ['resource_changes']);
  if (!Array.isArray(changes)) {
    throw new InputError({
      file,
      line: 1,
      message: 'not a Terraform plan: it has no resource_changes list',
      hint: 'write the plan with `terraform show -json PLANFILE > plan.json`',
    });
  }
  const expressions = configExpressions(doc.value);
  const out: DeclaredResource[] = [];
  changes.forEach((c, i) => {
    const actions = valueAt(c, ['change', 'actions']);
    if (Array.isArray(actions) && actions.length === 1 && actions[0] === 'delete') return;
    if (valueAt(c, ['mode']) === 'data') return;
    const address = String(valueAt(c, ['address']));
    const moduleAddress = valueAt(c, ['module_address']);
    const prefix = typeof moduleAddress === 'string' ? `${moduleAddress}.` : '';
    const attrs = objectAt(valueAt(c, ['change', 'after'])) ?? {};
    const afterUnknown = valueAt(c, ['change', 'after_unknown']);
    const afterPath = ['resource_changes', i, 'change', 'after'];
    const line = doc.lineOf(['resource_changes', i]) ?? 1;
    const expr = expressions.get(configAddress(address));
    const resource: TerraformResource = {
      address,
      type: String(valueAt(c, ['type'])),
      name: String(valueAt(c, ['name'])),
      attrs,
      file,
      format: 'terraform-plan',
      line,
      lineOf: (path) => doc.lineOf([...afterPath, ...path]) ?? line,
      unknownAt: (path) => (valueAt(afterUnknown, path) === true ? 'known only after apply' : undefined),
      streamRefAt: (path) => {
        const refs =
          valueAt(expr, [...path.filter((p) => typeof p === 'string'), 'references']) ??
          valueAt(expr, [...path, 'references']);
        if (Array.isArray(refs)) {
          for (const ref of refs) {
            const a = typeof ref === 'string' ? streamAddressIn(ref, prefix) : undefined;
            if (a !== undefined) return { kind: 'resource', id: a };
          }
        }
        const raw = valueAt(attrs, path);
        const name = typeof raw === 'string' ? streamNameOfArn(raw) : undefined;
        if (name !== undefined) return { kind: 'name', name };
        return {
          kind: 'unknown',
          why:
            valueAt(afterUnknown, path) === true ? 'known only after apply' : 'not a stream of these files',
        };
      },
    };
    const declared = declaredOf(resource);
    if (declared) out.push(declared);
  });
  const region = /"arn:aws[a-z-]*:kinesis:([a-z]{2}(?:-[a-z]+)+-\d):/.exec(JSON.stringify(changes))?.[1];
  return { file, format: 'terraform-plan', resources: out, region };
}

/**
 * Lines of a Terraform configuration file: where each resource block starts, and the first line at or below a place
 * that sets an attribute or opens a block of a name. HCL-as-JSON carries no positions, so they are found in the text.
 */
function tfLines(text: string): {
  resourceLine(type: string, name: string): number | undefined;
  lineOf(start: number, path: Path): number;
} {
  const lines = text.split('\n');
  const blockEnd = (start: number): number => {
    let depth = 0;
    for (let i = start - 1; i < lines.length; i += 1) {
      const code = lines[i]!.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(#|\/\/).*$/, '');
      for (const ch of code) {
        if (ch === '{') depth += 1;
        else if (ch === '}') {
          depth -= 1;
          if (depth === 0) return i + 1;
        }
      }
    }
    return lines.length;
  };
  return {
    resourceLine: (type, name) => {
      const re = new RegExp(`^\\s*resource\\s+"${type}"\\s+"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`);
      const i = lines.findIndex((l) => re.test(l));
      return i >= 0 ? i + 1 : undefined;
    },
    lineOf: (start, path) => {
      const end = blockEnd(start);
      let at = start;
      for (const p of path) {
        if (typeof p === 'number') continue;
        const re = new RegExp(`^\\s*"?${p}"?\\s*(=|\\{)`);
        let found: number | undefined;
        for (let i = at; i <= end; i += 1) {
          if (re.test(lines[i - 1] ?? '')) {
            found = i;
            break;
          }
        }
        if (found === undefined) break;
        at = found;
      }
      return at;
    },
  };
}

/** Why a value from HCL is not a literal: an interpolation or expression (`${var.shards}`), resolved by Terraform. */
function hclExpression(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw.includes('${')) return undefined;
  return `from the expression ${raw.replace(/^\$\{(.*)\}$/s, '$1')}`;
}

/**
 * The Kinesis resources a Terraform configuration file declares, from its HCL as JSON (the shape of @cdktn/hcl2json:
 * `resource.TYPE.NAME[0]`, nested blocks as lists) and its text (for lines). Only literals are known: variables, locals
 * and references are unknown, never guessed.
 */
export function readTerraformConfig(hcl: unknown, text: string, file: string): IacFile {
  const where = tfLines(text);
  const out: DeclaredResource[] = [];
  for (const [type, byName] of Object.entries(objectAt(valueAt(hcl, ['resource'])) ?? {})) {
    for (const [name, bodies] of Object.entries(objectAt(byName) ?? {})) {
      const attrs = objectAt(Array.isArray(bodies) ? bodies[0] : bodies) ?? {};
      const line = where.resourceLine(type, name) ?? 1;
      const resource: TerraformResource = {
        address: `${type}.${name}`,
        type,
        name,
        attrs,
        file,
        format: 'terraform',
        line,
        lineOf: (path) => where.lineOf(line, path),
        unknownAt: (_path, raw) => hclExpression(raw),
        streamRefAt: (path) => {
          const raw = valueAt(attrs, path);
          if (typeof raw === 'string') {
            const a = streamAddressIn(raw.includes('${') ? raw : '', '');
            if (a !== undefined) return { kind: 'resource', id: a };
            const arnName = streamNameOfArn(raw);
            if (arnName !== undefined) return { kind: 'name', name: arnName };
          }
          return { kind: 'unknown', why: hclExpression(raw) ?? 'not a stream of these files' };
        },
      };
      const declared = declaredOf(resource);
      if (declared) out.push(declared);
    }
  }
  // HCL-as-JSON lists resources by type and name; the file's own order reads better in reports and skeletons.
  return { file, format: 'terraform', resources: out.sort((a, b) => a.line - b.line) };
}
