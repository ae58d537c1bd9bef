import * as path from 'node:path';
import type { z } from 'zod';
import { fieldPath } from '../../vocab/field-path.js';
import { outputRatioFor } from '../../workload/assumptions.js';
import { parseCount, parsePercent } from '../../workload/units.js';
import { budgetSchema, streamSchema, workloadSchema } from '../../workload/schema.js';
import { firehoseSchema, flinkSchema } from '../../workload/stages-schema.js';
import { fieldSchemaAt, fieldText, firstSentence, isOmittable, stripWrappers } from '../../workload/to-yaml.js';
import type { Choice, Prompter } from '../prompts.js';
import { noPricesWarning } from './init-summary.js';

/**
 * The wizard's questions. `simplePath` asks only what a plan cannot guess (about ten answers for one stream read by
 * Kinesis consumers); everything else takes the schema's defaults, which the review (init-review.ts) lists for the
 * user to change by number. The sections (`records`, `consumers`, `firehose`, …) ask one part of the workload in full,
 * for the review and for an added stream or stage. Every answer is checked by the schema that checks the file.
 */

export type Raw = Record<string, unknown>;
type Path = (string | number)[];

export interface WizardIO {
  p: Prompter;
  out: (text: string) => void;
  /** The prices of a Region, to warn at the Region question when there are none. */
  hasPrices: (region: string) => Promise<boolean>;
}

/**
 * A stream or stage being answered: its answers so far, saved in a draft on Ctrl-C so that `init --from DRAFT` asks it
 * again with them as the defaults. `index` is its place in its list (the list's length for one being added).
 */
export interface Pending {
  list: 'streams' | 'firehose' | 'flink';
  index: number;
  answers: Raw;
}

export interface FieldQuestion {
  /** The schema the path is relative to. */
  root: z.ZodType;
  path: Path;
  message: string;
  /** The current value (from --from or an earlier answer): offered as the default. */
  current?: unknown;
  /** A default that follows earlier answers: offered before the schema's own. */
  derived?: unknown;
  /** The default when there is no current value and the schema has none. */
  suggestion?: string | undefined;
  /** How to show the schema's default in the file's units. */
  unit?: 'duration' | 'percent' | undefined;
  /** text: the answer stays a string; value: an answer that is a plain number becomes a number, as in YAML. */
  kind?: 'text' | 'value';
  /** A check beyond the field's schema, e.g. a name that is already taken, or a rule across fields. */
  check?: ((value: unknown) => true | string) | undefined;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
/** The traffic question's answer for a traffic block that is none of the presets. */
const KEEP = ':keep';
const DIRECT_PUT = ':direct-put';
const SKIP = 'none';

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

/** The name of the traffic preset a stream's traffic block is, `steady` without one, or undefined for its own block. */
export function trafficPresetOf(s: Raw): string | undefined {
  if (s.traffic === undefined) return 'steady';
  const presets = trafficPresets(asRaw(s.records).rate);
  return Object.entries(presets).find(([, t]) => JSON.stringify(t) === JSON.stringify(s.traffic))?.[0];
}

/** A shallow copy of a mapping, or {} for anything else. */
export function asRaw(v: unknown): Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Raw) } : {};
}

/** A list of mappings (each a shallow copy), or [] for anything else. */
export function asList(v: unknown): Raw[] {
  return Array.isArray(v) ? v.map(asRaw) : [];
}

/** A zod issue in words: its message and hint. */
export function issueText(issue: z.core.$ZodIssue): string {
  const hint = (issue as { params?: { hint?: string } }).params?.hint;
  let message = issue.message;
  if (issue.code === 'invalid_type') message = `expected ${issue.expected === 'number' ? 'a number' : issue.expected}`;
  if (issue.code === 'invalid_union') message = 'expected a number or a value with a unit';
  return hint ? `${message} (${hint})` : message;
}

/** A zod issue's path as the file's field path, under `prefix`. */
export function issuePath(prefix: Path, issue: z.core.$ZodIssue): string {
  return fieldPath([...prefix, ...issue.path.filter((x): x is string | number => typeof x !== 'symbol')]);
}

/** A value as the file would show it: a number of seconds as a duration, a fraction as a percentage. */
export function showValue(value: unknown, unit?: FieldQuestion['unit']): string | undefined {
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

const FILLER = new Set(['a', 'an', 'the', 'of', 'in', 'to', 'for', 'per', 'and', 'or', 'by', 'its', 'it', 'is', 'this', 'acceptable', 'any', 'one']);

/** The words that carry meaning, without a one-word example ("e.g. 10%"). */
function contentWords(text: string): string[] {
  const said = text.toLowerCase().replace(/\be\.g\.\s*\S+/g, ' ');
  return (said.match(/[a-z]+/g) ?? []).filter((w) => !FILLER.has(w));
}

/** Whether a field's description only says the question again ("Workload name" / "Name of the workload."). */
export function restates(message: string, description: string): boolean {
  const said = new Set(contentWords(message));
  return contentWords(description).every((w) => said.has(w));
}

/** The help a question shows: the description's first sentence, unless it only restates the question. */
function helpFrom(message: string, description: string | undefined): string | undefined {
  if (description === undefined) return undefined;
  const first = firstSentence(description).replace(/\.$/, '');
  if (restates(message, first)) return undefined;
  // "Peak write rate: a rate such as …" after the question "Peak write rate": only what follows is new.
  const lead = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rest = first.replace(new RegExp(`^${lead}(?:\\s*[:,]\\s*|\\s+(?=(?:in|for|as|per)\\b|\\())`, 'i'), '');
  return rest.replace(/^\((.*)\)$/, '$1') || undefined;
}

/** A copy of `obj` with `value` at `path` (objects and lists made on the way). */
function withValue(obj: Raw, p: Path, value: unknown): Raw {
  const copy = structuredClone(obj);
  let cur: Record<string | number, unknown> = copy;
  p.forEach((seg, i) => {
    if (i === p.length - 1) cur[seg] = value;
    else {
      const next = cur[seg];
      cur[seg] = next !== null && typeof next === 'object' ? next : typeof p[i + 1] === 'number' ? [] : {};
      cur = cur[seg] as Record<string | number, unknown>;
    }
  });
  return copy;
}

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export class Wizard {
  /** The workload as written so far: the draft saved on Ctrl-C, and what the file gets. */
  readonly w: Raw;
  /** The simple path's questions answered (in this run or in a resumed draft): a resumed draft skips them. */
  readonly answered: Set<string>;
  /** Firehose stages whose delivered size is a default that followed their format conversion: the review says so. */
  readonly assumedRatios = new WeakMap<Raw, string>();
  readonly p: Prompter;
  readonly out: (text: string) => void;
  /** The stream or stage being answered now, if any: a draft keeps its answers. */
  pending: Pending | undefined;
  /** A resumed draft's unfinished stream or stage: asked again, its answers the defaults, when its turn comes. */
  resume: Pending | undefined;

  constructor(
    private readonly io: WizardIO,
    start: Raw,
    answered: readonly string[] = [],
    resume?: Pending,
  ) {
    this.resume = resume;
    this.p = io.p;
    this.out = io.out;
    this.w = { ...start, version: 1, streams: asList(start.streams), firehose: asList(start.firehose), flink: asList(start.flink) };
    if (start.budget !== undefined) this.w.budget = asRaw(start.budget);
    this.answered = new Set(answered);
    this.isDraft = answered.length > 0;
  }

  /** Whether the start is a draft (some questions answered, the rest not asked yet), not a complete file. */
  private readonly isDraft: boolean;

  get streams(): Raw[] {
    return this.w.streams as Raw[];
  }
  get firehoseStages(): Raw[] {
    return this.w.firehose as Raw[];
  }
  get flinkApps(): Raw[] {
    return this.w.flink as Raw[];
  }
  streamNames(): string[] {
    return this.streams.map((s) => String(s.name));
  }

  /** The answers a resumed draft keeps for this stream or stage (once), or {}. */
  private resumed(list: Pending['list'], index: number): Raw {
    const r = this.resume;
    if (r === undefined || r.list !== list || r.index !== index) return {};
    this.resume = undefined;
    return { ...r.answers };
  }

  private async once(key: string, ask: () => Promise<void>): Promise<void> {
    if (this.answered.has(key)) return;
    await ask();
    this.answered.add(key);
  }

  /**
   * What matters for a first plan: name, Region, record size, rate, peak, who reads the stream, what else it feeds,
   * and a budget. A draft's answered questions are skipped; an existing file's answers are the defaults.
   */
  async simplePath(file: string): Promise<void> {
    const w = this.w;
    const stem = path.basename(file, path.extname(file)).replace(/[^a-zA-Z0-9_.-]+/g, '-');
    await this.once('name', async () => {
      w.name = await this.field({ root: workloadSchema, path: ['name'], message: 'Workload name', current: w.name, suggestion: stem || 'my-workload', kind: 'text' });
    });
    await this.once('region', () => this.region());
    // A workload of Direct PUT Firehose stages needs no stream: one started from such a file gets none unless added.
    if (this.streams.length === 0 && this.firehoseStages.length > 0) {
      await this.once('budget', () => this.monthlyBudget());
      return;
    }
    const isNew = this.streams.length === 0;
    if (isNew) this.streams.push({});
    const s = this.streams[0]!;
    s.name ??= w.name;
    if (this.streams.length > 1) this.out(`\nStream ${String(s.name)} (the others are in the review)\n`);
    const r = (s.records = asRaw(s.records));
    const record = (key: string, message: string) =>
      this.once(`streams[0].records.${key}`, async () => {
        r[key] = await this.field({ root: streamSchema, path: ['records', key], message, current: r[key], check: this.acrossStream(s, ['records', key]) });
      });
    await record('size', 'Average record size');
    await record('rate', 'Average write rate');
    await record('peak', 'Peak write rate');
    await this.once('streams[0].consumers', () => this.readers(s, isNew || (this.isDraft && s.consumers === undefined) ? 1 : asList(s.consumers).length));
    await this.once('stages', () => this.feeds());
    await this.once('budget', () => this.monthlyBudget());
  }

  async region(): Promise<void> {
    this.w.region = await this.field({ root: workloadSchema, path: ['region'], message: 'AWS Region', current: this.w.region, kind: 'text' });
    const region = typeof this.w.region === 'string' ? this.w.region : 'us-east-1';
    if (!(await this.io.hasPrices(region))) this.out(noPricesWarning(region));
  }

  /** A check that runs the stream's own schema on the stream with this answer and reports an issue at this field. */
  acrossStream(s: Raw, p: Path): (value: unknown) => true | string {
    return (value) => {
      const r = streamSchema.safeParse(withValue(s, p, value));
      const issue = r.success ? undefined : r.error.issues.find((i) => samePath(i.path, p));
      return issue ? issueText(issue) : true;
    };
  }

  /** How many applications read the stream and how: one count and one choice; names and speeds are for the review. */
  private async readers(s: Raw, suggested: number): Promise<void> {
    const before = asList(s.consumers);
    let n = suggested;
    let type: string | undefined;
    for (;;) {
      n = await this.count('How many applications read the stream?', 'Kinesis consumers such as KCL applications or Lambda functions; Firehose and Flink come next', n);
      const types = [...new Set(before.slice(0, n).map((c) => String(c.type)))];
      if (n > 0) {
        const mixed = types.length > 1 ? [{ value: KEEP, name: 'as in the file', description: types.join(', ') }] : [];
        type = await this.choice(streamSchema, ['consumers', 0, 'type'], n === 1 ? 'How does it read the stream?' : 'How do they read the stream?', type ?? (mixed.length ? KEEP : types[0]), mixed);
      }
      const list = Array.from({ length: n }, (_, k) => {
        const c: Raw = { ...(before[k] ?? { name: `consumer-${k + 1}` }) };
        if (type !== undefined && type !== KEEP) c.type = type;
        if (c.type === 'efo') delete c.pollInterval;
        return c;
      });
      const issue = this.acrossStream(s, ['consumers'])(list);
      if (issue === true) {
        s.consumers = list;
        return;
      }
      this.out(`✖ ${fieldPath(['streams', 0, 'consumers'])}: ${issue}\n`);
    }
  }

  /** A whole number of things, read by the workload's own count parser. */
  private async count(message: string, help: string, current: number): Promise<number> {
    const answer = await this.p.text({
      message,
      help,
      default: String(current),
      validate: (typed) => {
        const r = parseCount(typed.trim());
        if (!r.ok) return `${r.message} (${r.hint})`;
        return Number.isInteger(r.value) && r.value >= 0 ? true : `must be a whole number of at least 0, got ${typed.trim()}`;
      },
    });
    const r = parseCount(answer.trim());
    return r.ok ? r.value : current;
  }

  /** What else reads the stream: a Firehose delivery stream, a Flink application, both or neither; each is asked next. */
  private async feeds(): Promise<void> {
    const hasFirehose = this.firehoseStages.length > 0;
    const hasFlink = this.flinkApps.length > 0;
    // A draft cancelled inside the Firehose or Flink questions offers that stage again.
    const wantsFirehose = hasFirehose || (this.resume?.list === 'firehose' && this.resume.index === 0);
    const wantsFlink = hasFlink || (this.resume?.list === 'flink' && this.resume.index === 0);
    const answer = await this.p.choose({
      message: 'What else reads the stream?',
      help: 'each is asked for next; the review adds more',
      choices: [
        { value: 'none', name: 'nothing else' },
        { value: 'firehose', name: 'a Firehose delivery stream', description: 'to S3, Redshift, OpenSearch, HTTP, Splunk or Snowflake' },
        { value: 'flink', name: 'a Flink application', description: 'Managed Service for Apache Flink' },
        { value: 'both', name: 'both' },
      ],
      default: wantsFirehose && wantsFlink ? 'both' : wantsFirehose ? 'firehose' : wantsFlink ? 'flink' : 'none',
    });
    const names = this.streamNames();
    if (answer === 'firehose' || answer === 'both') {
      if (!hasFirehose) this.firehoseStages.push(await this.firehose(0, undefined, [], names));
    } else this.firehoseStages.length = 0;
    if (answer === 'flink' || answer === 'both') {
      if (!hasFlink) this.flinkApps.push(await this.flink(0, undefined, [], names));
    } else this.flinkApps.length = 0;
    // A resumed stage the answer left out is not asked for later.
    if (this.resume?.list !== 'streams') this.resume = undefined;
  }

  /** The budget's monthly limit: the one budget figure the summary compares with; the other limits are in the review. */
  private async monthlyBudget(): Promise<void> {
    const b = asRaw(this.w.budget);
    b.monthlyUsd = await this.field({ root: budgetSchema, path: ['monthlyUsd'], message: 'Monthly budget (USD)', current: b.monthlyUsd });
    this.w.budget = Object.values(b).some((v) => v !== undefined) ? b : undefined;
  }

  /** One text answer, validated as it is typed by the field's own schema. Returns undefined for a skipped optional field. */
  async field(q: FieldQuestion): Promise<unknown> {
    const node = fieldSchemaAt(q.root, q.path);
    if (!node) throw new Error(`init: no schema field at ${q.path.join('.')}`);
    const inner = stripWrappers(node);
    const optional = isOmittable(node) && node.safeParse(undefined).data === undefined;
    const schemaDefault = isOmittable(node) ? showValue(node.safeParse(undefined).data, q.unit) : undefined;
    const text = fieldText(node);
    const examples = text.examples.length ? `e.g. ${text.examples.map(String).join(', ')}` : undefined;
    const help = [helpFrom(q.message, text.description), examples, optional ? `optional: Enter or "${SKIP}" leaves it out` : undefined]
      .filter((s) => s !== undefined)
      .join('; ');
    const toValue = (answer: string): unknown => (q.kind !== 'text' && NUMBER.test(answer) ? Number(answer) : answer);
    const current = showValue(q.current, q.unit);
    const suggested = current ?? showValue(q.derived, q.unit) ?? schemaDefault ?? q.suggestion ?? (optional ? undefined : text.examples.map(String)[0]);
    const answer = await this.p.text({
      message: q.message,
      help: help || undefined,
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
    return this.p.choose({ message, help: helpFrom(message, fieldText(node).description), choices, default: wanted ?? choices[0]?.value });
  }

  /** Every question of one stream, for a stream added at the review. */
  async stream(i: number, prev: Raw | undefined, taken: readonly string[]): Promise<Raw> {
    const s: Raw = { ...(prev ?? {}), ...this.resumed('streams', i) };
    this.pending = { list: 'streams', index: i, answers: s };
    s.name = await this.field({
      root: streamSchema,
      path: ['name'],
      message: 'Stream name',
      current: s.name,
      suggestion: `stream-${i + 1}`,
      kind: 'text',
      check: (v) => (taken.includes(String(v)) ? `stream name "${String(v)}" is used twice (give each stream its own name)` : true),
    });
    await this.records(s);
    await this.partitionKeys(s);
    await this.producer(s);
    await this.consumers(s, i);
    await this.retention(s);
    await this.capacityMode(s);
    await this.traffic(s);
    this.pending = undefined;
    return s;
  }

  async records(s: Raw): Promise<void> {
    const r = (s.records = asRaw(s.records));
    const ask = async (key: string, message: string) => {
      r[key] = await this.field({ root: streamSchema, path: ['records', key], message, current: r[key], check: this.acrossStream(s, ['records', key]) });
    };
    await ask('size', 'Average record size');
    await ask('rate', 'Average write rate');
    await ask('peak', 'Peak write rate');
  }

  async partitionKeys(s: Raw): Promise<void> {
    const k = asRaw(s.partitionKeys);
    const root = streamSchema;
    k.distinct = await this.field({ root, path: ['partitionKeys', 'distinct'], message: 'Distinct partition keys', current: k.distinct });
    k.length = await this.field({ root, path: ['partitionKeys', 'length'], message: 'Partition key length (characters)', current: k.length });
    k.distribution = await this.choice(root, ['partitionKeys', 'distribution'], 'How records spread over the keys', k.distribution);
    if (k.distribution === 'zipf') {
      k.zipfExponent = await this.field({ root, path: ['partitionKeys', 'zipfExponent'], message: 'Zipf exponent s', current: k.zipfExponent, suggestion: '1' });
    } else {
      delete k.zipfExponent;
    }
    if (k.distribution === 'hot-keys') {
      const before = asList(k.hotKeys);
      const hot: Raw[] = [];
      for (let j = 0; ; j += 1) {
        const prev = before[j] ?? {};
        const key = await this.field({ root, path: ['partitionKeys', 'hotKeys', j, 'key'], message: `Hot key ${j + 1}`, current: prev.key, suggestion: `tenant-${j + 1}`, kind: 'text' });
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

  async producer(s: Raw): Promise<void> {
    const pr = asRaw(s.producer);
    pr.aggregation = await this.choice(streamSchema, ['producer', 'aggregation'], 'Producer aggregation', pr.aggregation);
    s.producer = pr;
  }

  /** Each consumer in full: name, how it reads, poll interval. */
  async consumers(s: Raw, i: number): Promise<void> {
    const before = asList(s.consumers);
    const list: Raw[] = [];
    for (let j = 0; ; j += 1) {
      const more = await this.p.confirm({
        message: j === 0 ? 'Does an application read this stream (a consumer)?' : 'Add another consumer?',
        help: j === 0 ? 'Firehose and Flink stages are separate' : undefined,
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
    const issue = this.acrossStream(s, ['consumers'])(list);
    if (issue !== true) this.out(`✖ ${fieldPath(['streams', i, 'consumers'])}: ${issue}\n`);
    s.consumers = list;
  }

  async retention(s: Raw): Promise<void> {
    s.retention = await this.field({ root: streamSchema, path: ['retention'], message: 'Retention', current: s.retention, unit: 'duration' });
  }

  async capacityMode(s: Raw): Promise<void> {
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
  async traffic(s: Raw): Promise<void> {
    const presets = trafficPresets(asRaw(s.records).rate);
    const current = trafficPresetOf(s) ?? KEEP;
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

  async firehose(j: number, prev: Raw | undefined, taken: readonly string[], streams: readonly string[]): Promise<Raw> {
    const f: Raw = { ...(prev ?? {}), ...this.resumed('firehose', j) };
    this.pending = { list: 'firehose', index: j, answers: f };
    const root = firehoseSchema;
    this.out(`\nFirehose stream ${j + 1}\n`);
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
        help: helpFrom('Source', fieldText(fieldSchemaAt(root, ['source'])).description),
        choices: [...streams.map((value) => ({ value, description: `reads the Kinesis stream ${value}` })), { value: DIRECT_PUT, name: 'Direct PUT', description: 'producers write to Firehose directly' }],
        default: typeof src.stream === 'string' && streams.includes(src.stream) ? src.stream : src.directPut !== undefined ? DIRECT_PUT : streams[0],
      });
      if (from === DIRECT_PUT) {
        const put = asRaw(src.directPut);
        f.source = { directPut: put };
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
      await this.outputRatio(f, prev);
      const target = asRaw(f.target);
      target.maxLatency = await this.field({ root, path: ['target', 'maxLatency'], message: 'Longest acceptable delivery latency', current: target.maxLatency });
      f.target = Object.values(target).some((v) => v !== undefined) ? target : undefined;
      const r = firehoseSchema.safeParse(f);
      if (r.success) {
        this.pending = undefined;
        return f;
      }
      this.out(`✖ ${issuePath(['firehose', j], r.error.issues[0]!)}: ${issueText(r.error.issues[0]!)}\n`);
    }
  }

  /**
   * The delivered size: after a Parquet or ORC conversion chosen here the default is CONVERTED_OUTPUT_RATIO (stated
   * as an assumption at the review when kept); a ratio the file or the user gave stays the default otherwise.
   */
  private async outputRatio(f: Raw, prev: Raw | undefined): Promise<void> {
    const derived = outputRatioFor(f.formatConversion);
    const follows = derived !== undefined && (prev === undefined || prev.formatConversion !== f.formatConversion || this.assumedRatios.has(prev));
    const answer = await this.field({
      root: firehoseSchema,
      path: ['outputRatio'],
      message: 'Delivered size as a share of the input',
      current: follows ? undefined : f.outputRatio,
      derived: follows ? derived : undefined,
      unit: 'percent',
    });
    f.outputRatio = answer;
    if (follows && answer === showValue(derived, 'percent')) {
      this.assumedRatios.set(f, `assumed for ${String(f.formatConversion)}: columnar encoding with compression; give your measured ratio if you have one`);
    }
  }

  async flink(j: number, prev: Raw | undefined, taken: readonly string[], streams: readonly string[]): Promise<Raw> {
    const f: Raw = { ...(prev ?? {}), ...this.resumed('flink', j) };
    this.pending = { list: 'flink', index: j, answers: f };
    const root = flinkSchema;
    this.out(`\nFlink application ${j + 1}\n`);
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
      f.source = src;
      src.stream = await this.p.choose({
        message: 'Source stream',
        help: helpFrom('Source stream', fieldText(fieldSchemaAt(root, ['source', 'stream'])).description),
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
      if (r.success) {
        this.pending = undefined;
        return f;
      }
      this.out(`✖ ${issuePath(['flink', j], r.error.issues[0]!)}: ${issueText(r.error.issues[0]!)}\n`);
    }
  }

  /** Every budget limit. */
  async budget(): Promise<void> {
    const b = asRaw(this.w.budget);
    const q = (key: string, message: string) => ({ root: budgetSchema, path: [key], message, current: b[key] });
    b.monthlyUsd = await this.field(q('monthlyUsd', 'Monthly budget (USD)'));
    b.maxShards = await this.field(q('maxShards', 'Largest shard count of a stream'));
    b.maxThrottledShare = await this.field(q('maxThrottledShare', 'Largest throttled share of writes'));
    b.maxIncreaseUsd = await this.field(q('maxIncreaseUsd', 'Largest monthly increase against a baseline (USD)'));
    b.maxIncreasePercent = await this.field(q('maxIncreasePercent', 'Largest monthly increase against a baseline (%)'));
    this.w.budget = Object.values(b).some((v) => v !== undefined) ? b : undefined;
  }
}
