import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { EXIT, InputError } from '../../errors.js';
import { fieldPath } from '../../vocab/field-path.js';
import { planWorkload, type Plan } from '../../plan/index.js';
import { formatUsd } from '../../report/units.js';
import { locateInText } from '../../workload/locate.js';
import { parseWorkload } from '../../workload/parse.js';
import { parsePercent } from '../../workload/units.js';
import { budgetSchema, streamSchema, workloadSchema } from '../../workload/schema.js';
import { firehoseSchema, flinkSchema } from '../../workload/stages-schema.js';
import { fieldSchemaAt, fieldText, firstSentence, isOmittable, stripWrappers, workloadToYaml } from '../../workload/to-yaml.js';
import type { Pricing } from '../../pricing/schema.js';
import { exists, readTextFile, writeFileAtomic } from '../io.js';
import { findPricing } from '../pricing.js';
import { createPrompter, isPromptCancel, type Choice, type Prompter } from '../prompts.js';

/** Exit code when the user cancels the wizard (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_CANCELLED = EXIT.CANCELLED;

/** What `runInit` talks to; tests replace the prompter and the terminal check. */
export interface InitDeps {
  prompter: Prompter;
  /** Whether standard input is a terminal (the wizard needs one). */
  isTTY: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  readFile: (file: string) => Promise<string>;
  writeFile: (file: string, content: string) => Promise<void>;
  exists: (file: string) => Promise<boolean>;
  /** The prices for a Region, as `plan` loads them; undefined (with the reason) when there are none. */
  loadPrices: (region: string, file: string) => Promise<{ pricing: Pricing; label: string } | { reason: string }>;
}

export interface InitOptions {
  /** An existing workload file whose values pre-fill every answer. */
  from?: string | undefined;
  /** Overwrite FILE without asking. */
  force?: boolean | undefined;
}

/** The real terminal, file system and @inquirer/prompts. */
export function defaultInitDeps(): InitDeps {
  return {
    prompter: createPrompter(),
    isTTY: process.stdin.isTTY === true,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readFile: (f) => readTextFile(f, 'workload file'),
    writeFile: writeFileAtomic,
    exists,
    loadPrices: async (region) => (await findPricing({ region })) ?? { reason: `no prices for ${region}` },
  };
}

export const NO_TTY_MESSAGE =
  'kinesis-plan: init asks questions and needs a terminal, but standard input is not one.\n' +
  'Write the workload file yourself instead: "The workload file" in the README describes every field, examples/ has\n' +
  'complete files, and `kinesis-plan schema` prints the JSON Schema for editor completion and validation.\n';

export const CANCELLED_MESSAGE = 'kinesis-plan: init cancelled; nothing written.\n';

/**
 * `kinesis-plan init [FILE] [--from FILE]`: asks for a workload, shows its plan, and writes it as commented YAML.
 * Returns the exit code: 0 written, 2 no terminal or bad `--from` file, 130 cancelled (nothing written).
 */
export async function runInit(file: string | undefined, opts: InitOptions = {}, deps: Partial<InitDeps> = {}): Promise<number> {
  const d: InitDeps = { ...defaultInitDeps(), ...deps };
  if (!d.isTTY) {
    d.err(NO_TTY_MESSAGE);
    return EXIT.BAD_INPUT;
  }
  let start: Raw = {};
  if (opts.from !== undefined) {
    const text = await d.readFile(opts.from);
    parseWorkload(text, opts.from); // a bad --from file is an InputError (exit 2) before any question
    start = parseYaml(text) as Raw;
  }
  try {
    const target = await chooseTarget(d, file ?? opts.from, opts.force === true);
    const raw = await new Wizard(d.prompter, d.out, (region) => d.loadPrices(region, target.file)).run(start, target.file);
    const yamlText = workloadToYaml(raw, {
      header: [
        'Kinesis workload, written by `kinesis-plan init`. Every field is described in the README ("The workload file").',
        `Plan it with: kinesis-plan plan ${target.file}`,
      ],
    });
    let workload;
    try {
      workload = parseWorkload(yamlText, target.file);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      d.err(`kinesis-plan: the answers do not make a valid workload: ${e.message}\nNothing written.\n`);
      return EXIT.BAD_INPUT;
    }
    const prices = await d.loadPrices(workload.region, target.file);
    let plan: Plan;
    try {
      plan =
        'pricing' in prices
          ? planWorkload(workload, { pricing: prices.pricing, pricingLabel: prices.label })
          : planWorkload(workload, { missingPricingRegion: workload.region });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      d.err(`kinesis-plan: the answers do not make a workload that can be planned: ${locateInText(e, yamlText, target.file).message}\nNothing written.\n`);
      return EXIT.BAD_INPUT;
    }
    d.out(summarize(plan, 'reason' in prices ? prices.reason : undefined));
    if (!target.confirmed && (await d.exists(target.file))) {
      const overwrite = await d.prompter.confirm({ message: `${target.file} exists now. Overwrite it?`, default: false });
      if (!overwrite) {
        d.err(`kinesis-plan: kept ${target.file}; nothing written.\n`);
        return EXIT_CANCELLED;
      }
    }
    await d.writeFile(target.file, yamlText);
    d.out(`Wrote ${target.file}. Next: kinesis-plan plan ${target.file}\n`);
    return EXIT.OK;
  } catch (e) {
    if (isPromptCancel(e)) {
      d.err(CANCELLED_MESSAGE);
      return EXIT_CANCELLED;
    }
    throw e;
  }
}

/** The file to write: FILE, or asked for; an existing file is overwritten only when confirmed (or with --force). */
async function chooseTarget(d: InitDeps, given: string | undefined, force: boolean): Promise<{ file: string; confirmed: boolean }> {
  let file = given ?? (await askFileName(d.prompter, 'workload.yaml'));
  for (;;) {
    if (force) return { file, confirmed: true };
    if (!(await d.exists(file))) return { file, confirmed: false };
    const overwrite = await d.prompter.confirm({ message: `${file} exists. Overwrite it at the end?`, default: false });
    if (overwrite) return { file, confirmed: true };
    file = await askFileName(d.prompter, freeName(file));
  }
}

function askFileName(p: Prompter, suggestion: string): Promise<string> {
  return p.text({
    message: 'File to write',
    help: 'a YAML file; nothing is written until the end',
    default: suggestion,
    validate: (a) => (a.trim() === '' ? 'give a file name' : true),
  });
}

function freeName(file: string): string {
  const ext = path.extname(file) || '.yaml';
  const stem = file.slice(0, file.length - path.extname(file).length).replace(/-\d+$/, '');
  const n = /-(\d+)$/.exec(file.slice(0, file.length - path.extname(file).length))?.[1];
  return `${stem}-${n === undefined ? 2 : Number(n) + 1}${ext}`;
}

type Raw = Record<string, unknown>;
type Path = (string | number)[];

interface FieldQuestion {
  /** The schema the path is relative to. */
  root: z.ZodType;
  path: Path;
  message: string;
  /** The current value (from --from or an earlier answer): offered as the default. */
  current?: unknown;
  /** The default when there is no current value and the schema has none. */
  suggestion?: string | undefined;
  /** How to show the schema's default in the file's units. */
  unit?: 'duration' | 'percent' | undefined;
  /** text: the answer stays a string; value: an answer that is a plain number becomes a number, as in YAML. */
  kind?: 'text' | 'value';
  /** A check beyond the field's schema, e.g. a name that is already taken. */
  check?: ((value: unknown) => true | string) | undefined;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
/** The traffic question's answer for a traffic block that is none of the presets. */
const KEEP = ':keep';

/** The traffic shapes the wizard offers, as the choices of one question. */
const TRAFFIC_CHOICES: Choice<string>[] = [
  { value: 'steady', name: 'steady', description: 'random arrivals at the peak rate throughout (no traffic block)' },
  { value: 'daily', name: 'daily cycle', description: 'the average rate ±50 %, peaking at 14:00; a run starts at 13:00' },
  { value: 'hourly', name: 'top-of-hour bursts', description: 'the average rate, 3× for the first 2 minutes of every hour' },
  { value: 'spikes', name: 'spikes', description: 'the average rate, with a 3× spike of 5 minutes after 10 minutes (30 s ramps)' },
];

/** The traffic block of each preset but steady, around the stream's average rate as answered. */
function trafficPresets(rate: unknown): Record<'daily' | 'hourly' | 'spikes', Raw> {
  const base = rate === undefined ? {} : { rate };
  return {
    daily: { ...base, daily: { amplitude: '50%', peakAt: '14h', startAt: '13h' } },
    hourly: { ...base, onOff: { on: '2min', off: '58min', onFactor: 3, offFactor: 1 } },
    spikes: { ...base, spikes: [{ at: '10min', length: '5min', factor: 3, ramp: '30s' }] },
  };
}
const DIRECT_PUT = ':direct-put';
const SKIP = 'none';

function asRaw(v: unknown): Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Raw) } : {};
}

function asList(v: unknown): Raw[] {
  return Array.isArray(v) ? v.map(asRaw) : [];
}

function issueText(issue: z.core.$ZodIssue): string {
  const hint = (issue as { params?: { hint?: string } }).params?.hint;
  let message = issue.message;
  if (issue.code === 'invalid_type') message = `expected ${issue.expected === 'number' ? 'a number' : issue.expected}`;
  if (issue.code === 'invalid_union') message = 'expected a number or a value with a unit';
  return hint ? `${message} (${hint})` : message;
}

function showDefault(value: unknown, unit: FieldQuestion['unit']): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && unit === 'duration') {
    if (value !== 0 && value % 86_400 === 0 && value >= 172_800) return `${value / 86_400}d`;
    if (value !== 0 && value % 3600 === 0) return `${value / 3600}h`;
    return `${value}s`;
  }
  if (typeof value === 'number' && unit === 'percent') {
    const shown = `${Number((value * 100).toPrecision(12))}%`;
    const back = parsePercent(shown);
    return back.ok && back.value === value ? shown : String(value);
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

class Wizard {
  constructor(
    private readonly p: Prompter,
    private readonly out: (text: string) => void,
    /** The prices of a Region, to warn at the Region question when there are none. */
    private readonly loadPrices: (region: string) => ReturnType<InitDeps['loadPrices']>,
  ) {}

  /** Asks every question, starting from `start` (a workload as written, or {}), and returns the workload as written. */
  async run(start: Raw, file: string): Promise<Raw> {
    const w: Raw = { ...start, version: 1 };
    const stem = path.basename(file, path.extname(file)).replace(/[^a-zA-Z0-9_.-]+/g, '-');
    w.name = await this.field({ root: workloadSchema, path: ['name'], message: 'Workload name', current: start.name, suggestion: stem || 'my-workload', kind: 'text' });
    w.region = await this.field({ root: workloadSchema, path: ['region'], message: 'AWS Region', current: start.region, kind: 'text' });
    const region = typeof w.region === 'string' ? w.region : 'us-east-1';
    if ('reason' in (await this.loadPrices(region))) this.out(noPricesWarning(region));

    const before = asList(start.streams);
    const streams: Raw[] = [];
    // A workload of Direct PUT Firehose stages needs no stream: when starting from one, a stream is offered, not assumed.
    const isStreamless = before.length === 0 && asList(start.firehose).length > 0;
    if (!isStreamless || (await this.p.confirm({ message: 'Add a Kinesis data stream?', default: false }))) {
      for (let i = 0; ; i += 1) {
        this.out(`\nStream ${i + 1}\n`);
        streams.push(await this.stream(i, before[i], streams.map((s) => String(s.name)), String(w.name)));
        const more = await this.p.confirm({ message: 'Add another stream?', default: i + 1 < before.length });
        if (!more) break;
      }
    }
    w.streams = streams.length > 0 ? streams : undefined;
    const names = streams.map((s) => String(s.name));

    w.firehose = await this.stages('firehose', 'a Firehose delivery stream (to S3, Redshift, OpenSearch, HTTP, Splunk or Snowflake)', asList(start.firehose), (j, prev, taken) =>
      this.firehose(j, prev, taken, names),
    );
    // A Flink application reads a stream: without one there is nothing to ask.
    w.flink =
      names.length > 0
        ? await this.stages('flink', 'a Managed Service for Apache Flink application', asList(start.flink), (j, prev, taken) => this.flink(j, prev, taken, names))
        : undefined;
    w.budget = await this.budget(start.budget === undefined ? undefined : asRaw(start.budget));
    return w;
  }

  /** One text answer, validated as it is typed by the field's own schema. Returns undefined for a skipped optional field. */
  async field(q: FieldQuestion): Promise<unknown> {
    const node = fieldSchemaAt(q.root, q.path);
    if (!node) throw new Error(`init: no schema field at ${q.path.join('.')}`);
    const inner = stripWrappers(node);
    const optional = isOmittable(node) && node.safeParse(undefined).data === undefined;
    const schemaDefault = isOmittable(node) ? showDefault(node.safeParse(undefined).data, q.unit) : undefined;
    const text = fieldText(node);
    const examples = text.examples.length ? `e.g. ${text.examples.map(String).join(', ')}` : undefined;
    const help = [text.description ? firstSentence(text.description).replace(/\.$/, '') : undefined, examples, optional ? `optional: Enter or "${SKIP}" leaves it out` : undefined]
      .filter((s) => s !== undefined)
      .join('; ');
    const toValue = (answer: string): unknown => (q.kind !== 'text' && NUMBER.test(answer) ? Number(answer) : answer);
    const current = showDefault(q.current, q.unit);
    const suggested = current ?? schemaDefault ?? q.suggestion ?? (optional ? undefined : text.examples.map(String)[0]);
    const answer = await this.p.text({
      message: q.message,
      help,
      default: suggested,
      validate: (typed) => {
        const a = typed.trim();
        if (optional && (a === '' || a === SKIP)) return true;
        if (a === '') return 'an answer is needed';
        const value = toValue(a);
        const r = inner.safeParse(value);
        if (!r.success) return issueText(r.error.issues[0]!);
        return q.check ? q.check(value) : true;
      },
    });
    const a = answer.trim();
    return optional && (a === '' || a === SKIP) ? undefined : toValue(a);
  }

  /** A choice among the values of the field's enum, in schema order, with extra leading choices if given. */
  async choice<T extends string>(root: z.ZodType, p: Path, message: string, current: unknown, extra: readonly Choice<T>[] = []): Promise<string> {
    const node = fieldSchemaAt(root, p);
    if (!node) throw new Error(`init: no schema field at ${p.join('.')}`);
    const options = (stripWrappers(node) as unknown as { options?: readonly string[] }).options ?? [];
    const schemaDefault: unknown = isOmittable(node) ? node.safeParse(undefined).data : undefined;
    const choices: Choice<string>[] = [...extra, ...options.map((value) => ({ value }))];
    const wanted = [current, schemaDefault].find((v) => typeof v === 'string' && choices.some((c) => c.value === v)) as string | undefined;
    const { description } = fieldText(node);
    return this.p.choose({ message, help: description ? firstSentence(description).replace(/\.$/, '') : undefined, choices, default: wanted ?? choices[0]?.value });
  }

  private async stream(i: number, prev: Raw | undefined, taken: readonly string[], workloadName: string): Promise<Raw> {
    const s: Raw = { ...(prev ?? {}) };
    const root = streamSchema;
    s.name = await this.field({
      root,
      path: ['name'],
      message: 'Stream name',
      current: prev?.name,
      suggestion: i === 0 ? workloadName : `stream-${i + 1}`,
      kind: 'text',
      check: (v) => (taken.includes(String(v)) ? `stream name "${String(v)}" is used twice (give each stream its own name)` : true),
    });
    await this.records(s);
    await this.partitionKeys(s);
    await this.producer(s);
    await this.consumers(s);
    await this.retentionAndMode(s);
    await this.traffic(s);
    // Checks across the stream's fields: show the first, and ask that part again until the stream is valid.
    for (let r = streamSchema.safeParse(s); !r.success; r = streamSchema.safeParse(s)) {
      const issue = r.error.issues[0]!;
      const where = fieldPath(['streams', i, ...issue.path.filter((x): x is string | number => typeof x !== 'symbol')]);
      this.out(`✖ ${where}: ${issueText(issue)}\n`);
      const part = issue.path[0];
      if (part === 'records') await this.records(s);
      else if (part === 'partitionKeys') await this.partitionKeys(s);
      else if (part === 'consumers') await this.consumers(s);
      else if (part === 'shards' || part === 'capacityMode' || part === 'retention') await this.retentionAndMode(s);
      else {
        await this.records(s);
        await this.partitionKeys(s);
      }
    }
    return s;
  }

  private async records(s: Raw): Promise<void> {
    const r = asRaw(s.records);
    const q = (key: string, message: string) => ({ root: streamSchema, path: ['records', key], message, current: r[key] });
    r.size = await this.field(q('size', 'Average record size'));
    r.rate = await this.field(q('rate', 'Average write rate'));
    r.peak = await this.field(q('peak', 'Peak write rate'));
    s.records = r;
  }

  private async partitionKeys(s: Raw): Promise<void> {
    const k = asRaw(s.partitionKeys);
    const root = streamSchema;
    k.distinct = await this.field({ root, path: ['partitionKeys', 'distinct'], message: 'Distinct partition keys', current: k.distinct });
    k.length = await this.field({ root, path: ['partitionKeys', 'length'], message: 'Partition key length (characters)', current: k.length });
    k.distribution = await this.choice(root, ['partitionKeys', 'distribution'], 'How records spread over the keys', k.distribution);
    if (k.distribution === 'zipf') {
      k.zipfExponent = await this.field({
        root,
        path: ['partitionKeys', 'zipfExponent'],
        message: 'Zipf exponent',
        current: k.zipfExponent,
        suggestion: '1',
      });
    } else {
      delete k.zipfExponent;
    }
    if (k.distribution === 'hot-keys') {
      const before = asList(k.hotKeys);
      const hot: Raw[] = [];
      for (let j = 0; ; j += 1) {
        const prev = before[j] ?? {};
        const key = await this.field({
          root,
          path: ['partitionKeys', 'hotKeys', j, 'key'],
          message: `Hot key ${j + 1}`,
          current: prev.key,
          suggestion: `tenant-${j + 1}`,
          kind: 'text',
        });
        const share = await this.field({
          root,
          path: ['partitionKeys', 'hotKeys', j, 'share'],
          message: `Share of all records with key ${String(key)}`,
          current: prev.share,
          suggestion: '30%',
        });
        hot.push({ key, share });
        if (!(await this.p.confirm({ message: 'Add another hot key?', default: j + 1 < before.length }))) break;
      }
      k.hotKeys = hot;
    } else {
      delete k.hotKeys;
    }
    s.partitionKeys = k;
  }

  private async producer(s: Raw): Promise<void> {
    const pr = asRaw(s.producer);
    pr.aggregation = await this.choice(streamSchema, ['producer', 'aggregation'], 'Producer aggregation', pr.aggregation);
    s.producer = pr;
  }

  private async consumers(s: Raw): Promise<void> {
    const before = asList(s.consumers);
    const list: Raw[] = [];
    for (let j = 0; ; j += 1) {
      const more = await this.p.confirm({
        message: j === 0 ? 'Does an application read this stream (a consumer)?' : 'Add another consumer?',
        help: j === 0 ? 'Firehose and Flink stages are asked for later' : undefined,
        default: j < before.length,
      });
      if (!more) break;
      const prev = before[j] ?? {};
      const c: Raw = { ...prev };
      const taken = list.map((x) => String(x.name));
      c.name = await this.field({
        root: streamSchema,
        path: ['consumers', j, 'name'],
        message: 'Consumer name',
        current: prev.name,
        suggestion: `consumer-${j + 1}`,
        kind: 'text',
        check: (v) => (taken.includes(String(v)) ? `consumer name "${String(v)}" is used twice (give each consumer its own name)` : true),
      });
      c.type = await this.choice(streamSchema, ['consumers', j, 'type'], 'How it reads', prev.type);
      if (c.type === 'efo') delete c.pollInterval;
      else {
        c.pollInterval = await this.field({ root: streamSchema, path: ['consumers', j, 'pollInterval'], message: 'Poll interval', current: prev.pollInterval });
      }
      list.push(c);
    }
    s.consumers = list;
  }

  private async retentionAndMode(s: Raw): Promise<void> {
    s.retention = await this.field({ root: streamSchema, path: ['retention'], message: 'Retention', current: s.retention, unit: 'duration' });
    const mode = await this.choice(streamSchema, ['capacityMode'], 'Capacity mode', s.capacityMode ?? 'compare', [
      { value: 'compare', name: 'compare', description: 'price all three modes and show the cheapest' },
    ]);
    s.capacityMode = mode === 'compare' ? undefined : mode;
    if (s.shards !== undefined && mode !== 'compare' && mode !== 'provisioned') {
      this.out(`  (shards: ${JSON.stringify(s.shards)} is the count of a provisioned stream; left out for ${mode})\n`);
      delete s.shards;
    }
  }

  /** The traffic `kinesis-plan simulate` offers the stream: one question, with presets (traffic.ts's shapes). */
  private async traffic(s: Raw): Promise<void> {
    const rate = asRaw(s.records).rate;
    const presets = trafficPresets(rate);
    const current = s.traffic === undefined ? 'steady' : (Object.entries(presets).find(([, t]) => JSON.stringify(t) === JSON.stringify(s.traffic))?.[0] ?? KEEP);
    const choices: Choice<string>[] = [
      ...(current === KEEP ? [{ value: KEEP, name: 'as in the file', description: 'keep the traffic block the file has' }] : []),
      ...TRAFFIC_CHOICES,
    ];
    const answer = await this.p.choose({
      message: 'Traffic shape to simulate',
      help: 'what `kinesis-plan simulate` offers the stream; the plan itself sizes for the peak',
      choices,
      default: current,
    });
    if (answer === KEEP) return;
    if (answer === 'steady') delete s.traffic;
    else s.traffic = presets[answer as keyof typeof presets];
  }

  private async stages(
    list: 'firehose' | 'flink',
    what: string,
    before: Raw[],
    ask: (j: number, prev: Raw | undefined, taken: readonly string[]) => Promise<Raw>,
  ): Promise<Raw[]> {
    const out: Raw[] = [];
    for (let j = 0; ; j += 1) {
      const more = await this.p.confirm({ message: j === 0 ? `Add ${what}?` : `Add another ${list === 'firehose' ? 'Firehose stream' : 'Flink application'}?`, default: j < before.length });
      if (!more) break;
      this.out(`\n${list === 'firehose' ? 'Firehose stream' : 'Flink application'} ${j + 1}\n`);
      out.push(await ask(j, before[j], out.map((x) => String(x.name))));
    }
    return out;
  }

  private async firehose(j: number, prev: Raw | undefined, taken: readonly string[], streams: readonly string[]): Promise<Raw> {
    const f: Raw = { ...(prev ?? {}) };
    const root = firehoseSchema;
    for (;;) {
      f.name = await this.field({
        root,
        path: ['name'],
        message: 'Firehose stream name',
        current: f.name,
        suggestion: `${streams[0] ?? 'stream'}-delivery${j === 0 ? '' : `-${j + 1}`}`,
        kind: 'text',
        check: (v) => (taken.includes(String(v)) ? `Firehose stream name "${String(v)}" is used twice (give each stage its own name)` : true),
      });
      const src = asRaw(f.source);
      const from = await this.p.choose({
        message: 'Source',
        help: firstSentence(fieldText(fieldSchemaAt(root, ['source'])).description ?? ''),
        choices: [...streams.map((value) => ({ value, description: `reads the Kinesis stream ${value}` })), { value: DIRECT_PUT, name: 'Direct PUT', description: 'producers write to Firehose directly' }],
        default: typeof src.stream === 'string' && streams.includes(src.stream) ? src.stream : src.directPut !== undefined ? DIRECT_PUT : streams[0],
      });
      if (from === DIRECT_PUT) {
        const put = asRaw(src.directPut);
        put.size = await this.field({ root, path: ['source', 'directPut', 'size'], message: 'Average record size', current: put.size });
        put.rate = await this.field({ root, path: ['source', 'directPut', 'rate'], message: 'Average rate', current: put.rate });
        f.source = { directPut: put };
      } else {
        f.source = { stream: from };
      }
      f.destination = await this.choice(root, ['destination'], 'Destination', f.destination);
      if (f.destination === 's3') {
        f.formatConversion = await this.choice(root, ['formatConversion'], 'Format conversion', f.formatConversion);
        if (f.formatConversion === 'none') f.compression = await this.choice(root, ['compression'], 'Compression', f.compression);
        else delete f.compression;
      } else {
        delete f.formatConversion;
        delete f.dynamicPartitioning;
      }
      f.outputRatio = await this.field({ root, path: ['outputRatio'], message: 'Delivered size as a share of the input', current: f.outputRatio, unit: 'percent' });
      const target = asRaw(f.target);
      target.maxLatency = await this.field({ root, path: ['target', 'maxLatency'], message: 'Longest acceptable delivery latency', current: target.maxLatency });
      f.target = Object.values(target).some((v) => v !== undefined) ? target : undefined;
      const r = firehoseSchema.safeParse(f);
      if (r.success) return f;
      const issue = r.error.issues[0]!;
      this.out(`✖ ${fieldPath(['firehose', j, ...issue.path.filter((x): x is string | number => typeof x !== 'symbol')])}: ${issueText(issue)}\n`);
    }
  }

  private async flink(j: number, prev: Raw | undefined, taken: readonly string[], streams: readonly string[]): Promise<Raw> {
    const f: Raw = { ...(prev ?? {}) };
    const root = flinkSchema;
    for (;;) {
      f.name = await this.field({
        root,
        path: ['name'],
        message: 'Flink application name',
        current: f.name,
        suggestion: `${streams[0] ?? 'stream'}-app${j === 0 ? '' : `-${j + 1}`}`,
        kind: 'text',
        check: (v) => (taken.includes(String(v)) ? `Flink application name "${String(v)}" is used twice (give each stage its own name)` : true),
      });
      const src = asRaw(f.source);
      src.stream = await this.p.choose({
        message: 'Source stream',
        help: firstSentence(fieldText(fieldSchemaAt(root, ['source', 'stream'])).description ?? ''),
        choices: streams.map((value) => ({ value })),
        default: typeof src.stream === 'string' && streams.includes(src.stream) ? src.stream : streams[0],
      });
      src.type = await this.choice(root, ['source', 'type'], 'How it reads the stream', src.type);
      if (src.type === 'efo') delete src.pollInterval;
      f.source = src;
      const sizing = await this.p.choose({
        message: 'How to size it',
        choices: [
          { value: 'kpus', name: 'KPUs', description: firstSentence(fieldText(fieldSchemaAt(root, ['kpus'])).description ?? '') },
          { value: 'parallelism', name: 'parallelism', description: firstSentence(fieldText(fieldSchemaAt(root, ['parallelism'])).description ?? '') },
          { value: 'throughputPerKpu', name: 'throughput per KPU', description: firstSentence(fieldText(fieldSchemaAt(root, ['throughputPerKpu'])).description ?? '') },
        ],
        default: f.kpus !== undefined ? 'kpus' : f.parallelism !== undefined ? 'parallelism' : f.throughputPerKpu !== undefined ? 'throughputPerKpu' : 'kpus',
      });
      const messages = { kpus: 'KPUs', parallelism: 'Parallelism', throughputPerKpu: 'Throughput one KPU sustains' } as const;
      for (const key of ['kpus', 'parallelism', 'throughputPerKpu'] as const) {
        if (key === sizing) f[key] = await this.field({ root, path: [key], message: messages[key], current: f[key] });
        else delete f[key];
      }
      if (sizing !== 'parallelism') delete f.parallelismPerKpu;
      f.backups = await this.field({ root, path: ['backups'], message: 'Application backups kept', current: f.backups });
      const r = flinkSchema.safeParse(f);
      if (r.success) return f;
      const issue = r.error.issues[0]!;
      this.out(`✖ ${fieldPath(['flink', j, ...issue.path.filter((x): x is string | number => typeof x !== 'symbol')])}: ${issueText(issue)}\n`);
    }
  }

  private async budget(prev: Raw | undefined): Promise<Raw | undefined> {
    const wanted = await this.p.confirm({
      message: 'Set a budget for `kinesis-plan check`?',
      help: firstSentence(budgetSchema.description ?? ''),
      default: prev !== undefined,
    });
    if (!wanted) return undefined;
    const b: Raw = { ...(prev ?? {}) };
    const q = (key: string, message: string, unit?: FieldQuestion['unit']) => ({ root: budgetSchema, path: [key], message, current: b[key], unit });
    b.monthlyUsd = await this.field(q('monthlyUsd', 'Largest monthly cost (USD)'));
    b.maxShards = await this.field(q('maxShards', 'Largest shard count of a stream'));
    b.maxThrottledShare = await this.field(q('maxThrottledShare', 'Largest throttled share of writes'));
    b.maxIncreaseUsd = await this.field(q('maxIncreaseUsd', 'Largest monthly increase against a baseline (USD)'));
    b.maxIncreasePercent = await this.field(q('maxIncreasePercent', 'Largest monthly increase against a baseline (%)'));
    return Object.values(b).some((v) => v !== undefined) ? b : undefined;
  }
}

/** What the wizard says when the Region it was given has no prices: the plan will leave costs unknown, and how to get them. */
export function noPricesWarning(region: string): string {
  return (
    `  Warning: no prices for ${region}: the plan will leave every cost unknown.\n` +
    "  Get them from AWS's public Price List with\n" +
    `    kinesis-plan pricing fetch ${region}\n` +
    '  or convert offer files you downloaded with kinesis-plan pricing import.\n' +
    '  Shards, buffers and findings are planned either way.\n'
  );
}

const LIMIT_WORDS: Record<string, string> = {
  writeBytes: 'write throughput (1 MiB/s per shard)',
  writeRecords: 'write records (1,000/s per shard)',
  readBytes: 'shared read throughput (2 MiB/s per shard)',
};

/**
 * The plan in a few lines: per stream the shards at peak and the binding limit, and, when priced, the cheapest mode
 * and its monthly cost (and the set mode's, when the workload sets another); then the workload's monthly total.
 */
export function summarize(plan: Plan, unpricedReason?: string): string {
  const lines = [`\nPlan for ${plan.workload.name} (${plan.workload.region})`];
  for (const s of plan.streams) {
    const binding = LIMIT_WORDS[s.shards.binding] ?? s.shards.binding;
    let cost = '';
    if (s.cost) {
      const cheapest = s.cost.cheapest;
      cost = `; cheapest: ${cheapest} at ${formatUsd(s.cost.comparison.monthlyUsd[cheapest])} a month`;
      if (s.cost.planned.mode !== cheapest) cost += `; as set (${s.cost.planned.mode}): ${formatUsd(s.cost.planned.monthlyUsd)} a month`;
    }
    lines.push(`  ${s.name}: ${s.shards.required} shard${s.shards.required === 1 ? '' : 's'} at peak, bound by ${binding}${cost}`);
  }
  if (plan.totals.monthlyUsd !== null) {
    lines.push(`  Total: ${formatUsd(plan.totals.monthlyUsd)} a month${plan.totals.hasUnknownLines ? ' (some lines could not be priced)' : ''}`);
  } else if (unpricedReason !== undefined) {
    lines.push(`  Costs left out: ${unpricedReason.replace(/\.$/, '')}.`);
  }
  const errors = plan.findings.filter((f) => f.severity === 'error').length;
  const warnings = plan.findings.filter((f) => f.severity === 'warning').length;
  if (errors + warnings > 0) lines.push(`  ${errors} error(s), ${warnings} warning(s): run kinesis-plan plan on the file for details`);
  return `${lines.join('\n')}\n\n`;
}
