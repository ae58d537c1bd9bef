import type { PricingRef } from '../budget/baseline.js';
import type { Change, LineDiff, ReportDiff, StreamDiff } from '../budget/diff.js';
import { displayWidth, paragraph, wrapLines } from './layout.js';
import type { RenderOptions } from './style.js';
import { markdownCell } from './markdown-cell.js';
import { formatPercent, formatUsd } from './units.js';

/*
 * One table of changes for `diff` and for `check` against a baseline, in text and in Markdown: the inputs that
 * changed first (what the author did), then the monthly cost (what it does), stream by stream and stage by stage,
 * line by line within one capacity mode. Rows are built once here; the two renderers only lay them out.
 */

/** A piece of a row's label: words, or a name or field path (code in Markdown). */
export type LabelPart = string | { code: string };

export interface DiffRow {
  /** 0: a section heading; 1: a total, a stream, a stage or an input; 2: a line under a stream or stage. */
  depth: 0 | 1 | 2;
  label: LabelPart[];
  before: string;
  after: string;
  change: string;
  /** Values written as code in Markdown (inputs as the author wrote them). */
  isCode?: boolean;
  isStrong?: boolean;
}

/** The rows of a change, with the sentences that explain what the rows cannot (mode switches, prices, inputs). */
export interface DiffTable {
  rows: DiffRow[];
  notes: string[];
}

const MODE_TITLES: Record<string, string> = {
  provisioned: 'provisioned',
  'on-demand': 'On-demand Standard',
  'on-demand-advantage': 'On-demand Advantage',
};

/** A capacity mode as people read it: "provisioned", "On-demand Standard", "On-demand Advantage". */
export function modeTitle(mode: string | null): string {
  return mode === null ? 'not priced' : (MODE_TITLES[mode] ?? mode);
}

/** A signed amount: "+$10.95", "−$3.00", "±$0.00"; "unknown" when either side is. */
export function signedUsd(v: number | null): string {
  if (v === null) return 'unknown';
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatUsd(Math.abs(v))}`;
}

/** A signed percentage of the before amount; "new" from $0, "—" when it does not apply. */
export function signedPercent(c: Change): string {
  if (c.deltaFraction === null) return c.before === 0 && (c.after ?? 0) > 0 ? 'new' : '—';
  return `${c.deltaFraction > 0 ? '+' : c.deltaFraction < 0 ? '−' : '±'}${formatPercent(Math.abs(c.deltaFraction))}`;
}

/** The change column: "+$29.35 (+72.8%)", or the amount alone when no percentage applies. */
export function changeText(c: Change): string {
  const pct = signedPercent(c);
  return pct === '—' ? signedUsd(c.deltaUsd) : `${signedUsd(c.deltaUsd)} (${pct})`;
}

const moneyRow = (depth: 1 | 2, label: LabelPart[], c: Change, isStrong = false): DiffRow => ({
  depth,
  label,
  before: formatUsd(c.before),
  after: formatUsd(c.after),
  change: changeText(c),
  isStrong,
});

const STATUS_SUFFIX = { added: ' (added)', removed: ' (deleted)', changed: '', unchanged: '' } as const;

const hasMoved = (c: Change) => c.before !== c.after;

function lineRows(lines: readonly LineDiff[]): DiffRow[] {
  return lines.filter(hasMoved).map((l) => moneyRow(2, [l.item], l));
}

/** Shards are a provisioned stream's; an on-demand side has none to compare. */
function shardRow(s: StreamDiff): DiffRow | undefined {
  const isProvisioned = (mode: string | null, shards: number | null) =>
    shards === null || mode === null || mode === 'provisioned';
  if (s.shards.before === s.shards.after) return undefined;
  if (!isProvisioned(s.mode.before, s.shards.before) || !isProvisioned(s.mode.after, s.shards.after))
    return undefined;
  const { before, after } = s.shards;
  const delta =
    before !== null && after !== null ? `${after - before > 0 ? '+' : '−'}${Math.abs(after - before)}` : '';
  return {
    depth: 2,
    label: ['shards'],
    before: before === null ? '—' : String(before),
    after: after === null ? '—' : String(after),
    change: delta,
  };
}

function pricingText(p: PricingRef): string {
  return `${p.label} (effective ${p.effectiveDate})`;
}

/** The rows and notes of a diff. Pure. */
export function diffTable(diff: ReportDiff): DiffTable {
  const rows: DiffRow[] = [];
  const notes: string[] = [];
  if (diff.inputs === null) {
    notes.push(
      'Inputs not compared: a saved JSON report holds the results of a plan, not the workload file.',
    );
  } else if (diff.inputs.length === 0) {
    notes.push('No workload input changed.');
  } else {
    rows.push({ depth: 0, label: ['inputs changed'], before: '', after: '', change: '' });
    for (const c of diff.inputs) {
      rows.push({
        depth: 1,
        label: [{ code: c.path }],
        before: c.before ?? 'not set',
        after: c.after ?? 'not set',
        change: c.status === 'changed' ? '' : c.status,
        isCode: true,
      });
    }
  }
  rows.push({ depth: 0, label: ['cost a month'], before: '', after: '', change: '' });
  rows.push(moneyRow(1, ['total'], diff.totals, true));
  for (const s of diff.streams) {
    if (s.status === 'unchanged') continue;
    rows.push(moneyRow(1, ['stream ', { code: s.name }, STATUS_SUFFIX[s.status]], s.monthlyUsd));
    if (s.isModeChange) {
      rows.push({
        depth: 2,
        label: ['capacity mode'],
        before: modeTitle(s.mode.before),
        after: modeTitle(s.mode.after),
        change: 'priced as a whole',
      });
      notes.push(
        `Stream ${s.name} changes capacity mode (${modeTitle(s.mode.before)} → ${modeTitle(s.mode.after)}): the two modes bill different things, so its cost lines are not compared.`,
      );
    }
    const shards = shardRow(s);
    if (shards) rows.push(shards);
    rows.push(...lineRows(s.lines));
  }
  for (const st of diff.stages) {
    if (st.status === 'unchanged') continue;
    rows.push(
      moneyRow(
        1,
        [st.kind === 'firehose' ? 'Firehose ' : 'Flink ', { code: st.name }, STATUS_SUFFIX[st.status]],
        st.monthlyUsd,
      ),
    );
    rows.push(...lineRows(st.lines));
  }
  if (hasMoved(diff.advantageTopUp))
    rows.push(moneyRow(1, ['On-demand Advantage account minimum (top-up)'], diff.advantageTopUp));
  const { before, after } = diff.pricing;
  if (before && after && (before.label !== after.label || before.effectiveDate !== after.effectiveDate)) {
    notes.push(
      `Priced with different files: before ${pricingText(before)}, after ${pricingText(after)}; part of the change is the prices'.`,
    );
  } else if ((before === null) !== (after === null)) {
    notes.push(
      `Only the ${before === null ? 'new' : 'base'} version was priced: the other side's costs are unknown.`,
    );
  }
  return { rows, notes };
}

const labelText = (parts: readonly LabelPart[]) =>
  parts.map((p) => (typeof p === 'string' ? p : p.code)).join('');

/** The tool-and-prices line on one line when it fits the width, else one part (`a · b`) per line. */
export function provenanceLines(text: string, width: number): string[] {
  return text.length <= width ? [text] : text.split(' · ').flatMap((part) => wrapLines(part, width));
}

const GAP = 2;
const MIN_LABEL = 16;

/**
 * The table as text, `indent` spaces in, never wider than the width: values keep their natural width when they fit
 * (else they wrap within their column), and labels wrap in the room left.
 */
export function renderDiffTableText(table: DiffTable, opts: RenderOptions, indent = 2): string[] {
  const pad = ' '.repeat(indent);
  const gap = ' '.repeat(GAP);
  const widths = ['before', 'after', 'change'].map((head, i) =>
    Math.max(head.length, ...table.rows.map((r) => displayWidth([r.before, r.after, r.change][i]!))),
  );
  const room = opts.width - indent - 3 * GAP;
  while (widths[0]! + widths[1]! + widths[2]! > room - MIN_LABEL) {
    const widest = widths.indexOf(Math.max(...widths));
    widths[widest] = widths[widest]! - 1;
  }
  const [wB, wA, wC] = widths as [number, number, number];
  const natural = Math.max(0, ...table.rows.map((r) => r.depth * 2 + displayWidth(labelText(r.label))));
  const wL = Math.min(natural, room - wB - wA - wC);
  const padStart = (text: string, w: number) => `${' '.repeat(Math.max(0, w - displayWidth(text)))}${text}`;
  const padEnd = (text: string, w: number) => `${text}${' '.repeat(Math.max(0, w - displayWidth(text)))}`;
  const out = [`${pad}${' '.repeat(wL)}${gap}${padStart('before', wB)}${gap}${padStart('after', wA)}${gap}change`.trimEnd()];
  for (const r of table.rows) {
    const depthPad = ' '.repeat(r.depth * 2);
    const labels = wrapLines(labelText(r.label), wL - depthPad.length);
    const [before, after, change] = [wrapLines(r.before, wB), wrapLines(r.after, wA), wrapLines(r.change, wC)];
    const height = Math.max(labels.length, before.length, after.length, change.length);
    for (let i = 0; i < height; i++) {
      const cell = padEnd(labels[i] === undefined ? '' : `${depthPad}${labels[i]}`, wL);
      const styled = r.depth === 0 || r.isStrong ? opts.style.bold(cell) : cell;
      out.push(`${pad}${styled}${gap}${padStart(before[i] ?? '', wB)}${gap}${padStart(after[i] ?? '', wA)}${gap}${change[i] ?? ''}`.trimEnd());
    }
  }
  return out;
}

/** Notes under a text table, wrapped to the width. */
export function renderNotesText(notes: readonly string[], width: number, indent = 2): string[] {
  return notes.flatMap((n) => paragraph(n, Math.max(MIN_LABEL + indent, width), ' '.repeat(indent)).split('\n'));
}

/** Inline code that survives any backtick in the text. */
export function markdownCode(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${markdownCell(text)}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function labelMarkdown(parts: readonly LabelPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? markdownCell(p) : markdownCode(p.code))).join('');
}

/** The table as Markdown, its notes below it. */
export function renderDiffTableMarkdown(table: DiffTable): string[] {
  const out = ['| | before | after | change |', '| --- | ---: | ---: | ---: |'];
  for (const r of table.rows) {
    const label = labelMarkdown(r.label);
    if (r.depth === 0) {
      out.push(`| **${label}** | | | |`);
      continue;
    }
    const cell = (v: string) =>
      v === '' ? '' : r.isCode && v !== 'not set' ? markdownCode(v) : markdownCell(v);
    const shown = r.isStrong ? `**${label}**` : r.depth === 2 ? `&nbsp;&nbsp;${label}` : label;
    out.push(`| ${shown} | ${cell(r.before)} | ${cell(r.after)} | ${markdownCell(r.change)} |`);
  }
  if (table.notes.length > 0) out.push('', ...table.notes.map((n) => `- ${n}`));
  return out;
}
