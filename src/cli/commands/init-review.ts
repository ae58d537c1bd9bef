import type { z } from 'zod';
import { settingsSchema, streamSchema, workloadSchema } from '../../workload/schema.js';
import { firehoseSchema } from '../../workload/stages-schema.js';
import { fieldSchemaAt, isOmittable } from '../../workload/to-yaml.js';
import { asList, asRaw, issuePath, issueText, showValue, trafficPresetOf, type FieldQuestion, type Raw, type Wizard } from './init-wizard.js';

/**
 * The review before writing: every setting, answered or defaulted, as a numbered list. A number asks that part again
 * and comes back to the list; "write" (or Enter) ends, once the whole workload passes the schema.
 */

export interface ReviewItem {
  label: string;
  /** The value as the file will say it; empty for an action such as "Add a stream". */
  value: string;
  /** An assumption the value rests on (a default that followed an earlier answer). */
  note?: string | undefined;
  edit: () => Promise<void>;
}

/** A value as set, or the schema's default marked "(default)", or "not set". */
function shown(value: unknown, root: z.ZodType, path: (string | number)[], unit?: FieldQuestion['unit']): string {
  const set = showValue(value, unit);
  if (set !== undefined) return set;
  const node = fieldSchemaAt(root, path);
  const fallback = node && isOmittable(node) ? showValue(node.safeParse(undefined).data, unit) : undefined;
  return fallback !== undefined ? `${fallback} (default)` : 'not set';
}

function keysText(s: Raw): string {
  const k = asRaw(s.partitionKeys);
  const distinct = k.distinct !== undefined ? `${showValue(k.distinct) ?? ''} distinct` : 'count not given';
  const spread = k.distribution === 'zipf' ? `zipf ${String(k.zipfExponent)}` : k.distribution === 'hot-keys' ? `${asList(k.hotKeys).length} hot key(s)` : 'uniform';
  const length = showValue(k.length) ?? showValue(streamSchema.shape.partitionKeys.parse({}).length);
  const isDefault = k.length === undefined && k.distribution === undefined;
  return `${distinct}, ${length} characters, ${spread}${isDefault ? ' (default)' : ''}`;
}

function consumersText(s: Raw): string {
  const list = asList(s.consumers);
  return list.length === 0 ? 'none' : list.map((c) => `${String(c.name)} (${String(c.type)})`).join(', ');
}

function firehoseText(f: Raw): string {
  const src = asRaw(f.source);
  const from = typeof src.stream === 'string' ? `from ${src.stream}` : 'Direct PUT';
  const conversion = f.formatConversion !== undefined && f.formatConversion !== 'none' ? ` as ${showValue(f.formatConversion) ?? ''}` : '';
  return `${from} to ${String(f.destination)}${conversion}, delivered ${shown(f.outputRatio, firehoseSchema, ['outputRatio'], 'percent')} of the input`;
}

function budgetText(b: unknown): string {
  const parts = Object.entries(asRaw(b))
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (k === 'monthlyUsd' ? `${showValue(v) ?? ''} a month` : `${k} ${showValue(v) ?? ''}`));
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** The review list of the workload as it stands. */
export function reviewItems(z: Wizard): ReviewItem[] {
  const w = z.w;
  const items: ReviewItem[] = [];
  const add = (label: string, value: string, edit: () => Promise<void>, note?: string) => items.push({ label, value, edit, note });
  add('Workload name', String(w.name), async () => {
    w.name = await z.field({ root: workloadSchema, path: ['name'], message: 'Workload name', current: w.name, kind: 'text' });
  });
  add('AWS Region', shown(w.region, workloadSchema, ['region']), () => z.region());
  const many = z.streams.length > 1;
  z.streams.forEach((s, i) => {
    const pre = many ? `${String(s.name)}: ` : 'Stream ';
    const r = asRaw(s.records);
    const record = (key: string, message: string) => async () => {
      const live = (s.records = asRaw(s.records));
      live[key] = await z.field({ root: streamSchema, path: ['records', key], message, current: live[key], check: z.acrossStream(s, ['records', key]) });
    };
    add(`${pre}name`, String(s.name), async () => {
      const before = s.name;
      const taken = z.streamNames().filter((_, k) => k !== i);
      s.name = await z.field({
        root: streamSchema,
        path: ['name'],
        message: 'Stream name',
        current: s.name,
        kind: 'text',
        check: (v) => (taken.includes(String(v)) ? `stream name "${String(v)}" is used twice (give each stream its own name)` : true),
      });
      // Stages that read the stream follow it to its new name.
      for (const stage of [...z.firehoseStages, ...z.flinkApps]) {
        const src = asRaw(stage.source);
        if (src.stream === before) stage.source = { ...src, stream: s.name };
      }
    });
    add(`${pre}record size`, shown(r.size, streamSchema, ['records', 'size']), record('size', 'Average record size'));
    add(`${pre}average write rate`, shown(r.rate, streamSchema, ['records', 'rate']), record('rate', 'Average write rate'));
    add(`${pre}peak write rate`, r.peak === undefined ? 'the average (default)' : String(showValue(r.peak)), record('peak', 'Peak write rate'));
    add(`${pre}partition keys`, keysText(s), () => z.partitionKeys(s));
    add(`${pre}producer aggregation`, shown(asRaw(s.producer).aggregation, streamSchema, ['producer', 'aggregation']), () => z.producer(s));
    add(`${pre}consumers`, consumersText(s), () => z.consumers(s, i));
    add(`${pre}retention`, shown(s.retention, streamSchema, ['retention'], 'duration'), () => z.retention(s));
    add(`${pre}capacity mode`, showValue(s.capacityMode) ?? 'compare all three (default)', () => z.capacityMode(s));
    add(`${pre}traffic to simulate`, trafficPresetOf(s) ?? 'as in the file', () => z.traffic(s));
  });
  add('Add a stream', '', async () => {
    z.out(`\nStream ${z.streams.length + 1}\n`);
    z.streams.push(await z.stream(z.streams.length, undefined, z.streamNames()));
  });
  if (removableStreams(z)) add('Remove a stream', '', () => removeStream(z));
  z.firehoseStages.forEach((f, j) => add(`Firehose ${String(f.name)}`, firehoseText(f), () => editStage(z, 'firehose', j), z.assumedRatios.get(f)));
  add('Add a Firehose delivery stream', '', async () => {
    const j = z.firehoseStages.length;
    z.firehoseStages.push(await z.firehose(j, undefined, z.firehoseStages.map((x) => String(x.name)), z.streamNames()));
  });
  z.flinkApps.forEach((f, j) => add(`Flink ${String(f.name)}`, `reads ${String(asRaw(f.source).stream)}`, () => editStage(z, 'flink', j)));
  if (z.streams.length > 0) {
    add('Add a Flink application', '', async () => {
      const j = z.flinkApps.length;
      z.flinkApps.push(await z.flink(j, undefined, z.flinkApps.map((x) => String(x.name)), z.streamNames()));
    });
  }
  add('Budget', budgetText(w.budget), () => z.budget());
  // Last, so that the numbers above stay put when it comes and goes.
  if (readsKplAggregates(z)) {
    const settings = asRaw(w.settings);
    add(
      'Firehose billing of KPL aggregates',
      shown(settings.firehoseKplBilling, settingsSchema, ['firehoseKplBilling']),
      () => kplBilling(z),
      'AWS does not say which; docs/uncertain-facts.md',
    );
  }
  return items;
}

const isDirectPut = (f: Raw) => asRaw(f.source).directPut !== undefined;

/** Whether a stream can go: a workload needs a stream or a Direct PUT Firehose stage, so the last stream stays without one. */
function removableStreams(z: Wizard): boolean {
  return z.streams.length > 1 || (z.streams.length === 1 && z.firehoseStages.some(isDirectPut));
}

const KEEP_STREAM = ':keep';
const REMOVE_STAGES = ':remove';

/**
 * Removes a stream. The Firehose and Flink stages that read it are not left pointing at nothing: the user chooses to
 * have them read another stream, to remove them with it, or to keep the stream after all.
 */
async function removeStream(z: Wizard): Promise<void> {
  const names = z.streamNames();
  const name = await z.p.choose({
    message: 'Stream to remove',
    choices: [...names.map((value) => ({ value })), { value: KEEP_STREAM, name: 'none', description: 'keep every stream' }],
    default: KEEP_STREAM,
  });
  if (name === KEEP_STREAM) return;
  const reads = (stage: Raw) => asRaw(stage.source).stream === name;
  const readers = [...z.firehoseStages.filter(reads).map((f) => `Firehose ${String(f.name)}`), ...z.flinkApps.filter(reads).map((f) => `Flink ${String(f.name)}`)];
  if (readers.length > 0) {
    const others = names.filter((n) => n !== name);
    const answer = await z.p.choose({
      message: `${readers.join(', ')} ${readers.length === 1 ? 'reads' : 'read'} ${name}: what becomes of ${readers.length === 1 ? 'it' : 'them'}?`,
      choices: [
        ...others.map((value) => ({ value, name: `read ${value} instead` })),
        { value: REMOVE_STAGES, name: `remove ${readers.length === 1 ? 'it' : 'them'} too` },
        { value: KEEP_STREAM, name: `keep ${name}`, description: 'remove nothing' },
      ],
      default: KEEP_STREAM,
    });
    if (answer === KEEP_STREAM) return;
    for (const list of [z.firehoseStages, z.flinkApps]) {
      if (answer === REMOVE_STAGES) {
        const kept = list.filter((stage) => !reads(stage));
        list.splice(0, list.length, ...kept);
      } else {
        for (const stage of list) if (reads(stage)) stage.source = { ...asRaw(stage.source), stream: answer };
      }
    }
    z.out(answer === REMOVE_STAGES ? `  (removed ${readers.join(', ')} with ${name})\n` : `  (${readers.join(', ')} now ${readers.length === 1 ? 'reads' : 'read'} ${answer})\n`);
  }
  z.streams.splice(names.indexOf(name), 1);
}

/** Whether a Firehose stage reads a stream whose producer aggregates with the KPL: then settings.firehoseKplBilling matters. */
function readsKplAggregates(z: Wizard): boolean {
  const kpl = new Set(z.streams.filter((s) => asRaw(s.producer).aggregation === 'kpl').map((s) => s.name));
  return z.firehoseStages.some((f) => kpl.has(asRaw(f.source).stream));
}

/** settings.firehoseKplBilling, asked as a choice; the default chosen when the file had none adds no settings block. */
async function kplBilling(z: Wizard): Promise<void> {
  const settings = asRaw(z.w.settings);
  const answer = await z.choice(settingsSchema, ['firehoseKplBilling'], 'How Firehose bills the KPL aggregates it reads', settings.firehoseKplBilling);
  if (answer === settingsSchema.shape.firehoseKplBilling.parse(undefined) && settings.firehoseKplBilling === undefined) return;
  settings.firehoseKplBilling = answer;
  z.w.settings = settings;
}

/** A draft's unfinished stream or stage, asked again with its answers as the defaults before the list is shown. */
async function resumePending(z: Wizard): Promise<void> {
  const r = z.resume;
  if (r === undefined) return;
  if (r.list === 'streams') {
    if (r.index >= z.streams.length) {
      z.resume = { ...r, index: z.streams.length };
      z.out(`\nStream ${z.streams.length + 1} (resumed)\n`);
      z.streams.push(await z.stream(z.streams.length, undefined, z.streamNames()));
    }
  } else {
    const stages = r.list === 'firehose' ? z.firehoseStages : z.flinkApps;
    const j = Math.min(r.index, stages.length);
    z.resume = { ...r, index: j };
    const prev = stages[j];
    const taken = stages.filter((_, k) => k !== j).map((x) => String(x.name));
    const stage = r.list === 'firehose' ? await z.firehose(j, prev, taken, z.streamNames()) : await z.flink(j, prev, taken, z.streamNames());
    stages[j] = stage;
  }
  z.resume = undefined;
}

/** A stage at the review: kept and asked again, or removed. */
async function editStage(z: Wizard, list: 'firehose' | 'flink', j: number): Promise<void> {
  const stages = list === 'firehose' ? z.firehoseStages : z.flinkApps;
  const stage = stages[j]!;
  const keep = await z.p.confirm({ message: `Keep ${list === 'firehose' ? 'the Firehose stream' : 'the Flink application'} ${String(stage.name)}?`, help: 'no removes it', default: true });
  if (!keep) {
    stages.splice(j, 1);
    return;
  }
  const taken = stages.filter((_, k) => k !== j).map((x) => String(x.name));
  stages[j] = list === 'firehose' ? await z.firehose(j, stage, taken, z.streamNames()) : await z.flink(j, stage, taken, z.streamNames());
}

/** The review text: a numbered line per item. */
export function renderReview(items: readonly ReviewItem[]): string {
  const lines = items.map((it, i) => `  ${String(i + 1).padStart(2)}. ${it.label}${it.value === '' ? '' : `: ${it.value}`}${it.note === undefined ? '' : ` (${it.note})`}`);
  return `\nThe workload (defaults marked; change any by its number):\n${lines.join('\n')}\n`;
}

/** The first problem of the whole workload, as "path: message (hint)", or undefined when it is valid. */
export function workloadProblem(w: Raw): string | undefined {
  const r = workloadSchema.safeParse(w);
  if (r.success) return undefined;
  const issue = r.error.issues[0]!;
  return `${issuePath([], issue)}: ${issueText(issue)}`;
}

/** Shows the list and edits by number until the answer is "write" and the workload is valid. */
export async function review(z: Wizard): Promise<void> {
  await resumePending(z);
  for (;;) {
    const items = reviewItems(z);
    z.out(renderReview(items));
    const answer = await z.p.text({
      message: 'Number to change, or "write"',
      default: 'write',
      validate: (typed) => {
        const a = typed.trim();
        if (a === '' || a === 'write') return true;
        const n = Number(a);
        return Number.isInteger(n) && n >= 1 && n <= items.length ? true : `a number from 1 to ${items.length}, or "write"`;
      },
    });
    const a = answer.trim();
    if (a === '' || a === 'write') {
      const problem = workloadProblem(z.w);
      if (problem === undefined) return;
      z.out(`✖ ${problem}\n  Change it by its number.\n`);
      continue;
    }
    await items[Number(a) - 1]!.edit();
  }
}
