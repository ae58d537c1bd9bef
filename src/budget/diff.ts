import type { DiffableReport, PricingRef } from './baseline.js';
import type { InputChange } from './inputs.js';

/** A before/after pair of money amounts with the change (null where either side is unknown). */
export interface Change {
  before: number | null;
  after: number | null;
  deltaUsd: number | null;
  /** (after − before) ÷ before; null when before is 0 or unknown. */
  deltaFraction: number | null;
}

export interface LineDiff extends Change {
  key: string;
  item: string;
}

export interface StreamDiff {
  name: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Shards as planned (the existing count when the stream gives one), on each side. */
  shards: { before: number | null; after: number | null };
  /** The mode each side is costed in (the planned mode, or the cheapest when none is set). */
  mode: { before: string | null; after: string | null };
  /**
   * True when the stream is costed in a different capacity mode on each side. Lines of two modes bill different
   * things, so they are not compared (`lines` is empty): the switch is priced as a whole, by `monthlyUsd`.
   */
  isModeChange: boolean;
  monthlyUsd: Change;
  /** Cost lines compared key by key within one mode; empty when the mode changes. */
  lines: LineDiff[];
}

export interface StageDiff {
  kind: 'firehose' | 'flink';
  name: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  monthlyUsd: Change;
  /** The stage's cost lines, key by key (empty for a saved report that lacks them). */
  lines: LineDiff[];
}

/** What changed between a baseline report and a new one: inputs, streams, stages and cost lines. */
export interface ReportDiff {
  totals: Change;
  /**
   * The workload inputs that changed, by field path, base version first; null when they were not compared (a side is
   * a saved JSON report, which holds results, not inputs).
   */
  inputs: InputChange[] | null;
  streams: StreamDiff[];
  stages: StageDiff[];
  /** The On-demand Advantage account minimum added once for the workload, on each side. */
  advantageTopUp: Change;
  /** The pricing file each side was costed with (null: planned without prices, or not recorded). */
  pricing: { before: PricingRef | null; after: PricingRef | null };
}

function change(before: number | null | undefined, after: number | null | undefined): Change {
  const b = before ?? null;
  const a = after ?? null;
  const deltaUsd = a !== null && b !== null ? a - b : null;
  return {
    before: b,
    after: a,
    deltaUsd,
    deltaFraction: deltaUsd !== null && b !== null && b !== 0 ? deltaUsd / b : null,
  };
}

type CostLines = readonly { key: string; item: string; monthlyUsd: number | null }[];

/** Lines compared key by key; a line on one side only counts from (or to) $0. */
function diffLines(before: CostLines, after: CostLines): LineDiff[] {
  const keys = [...new Set([...before.map((l) => l.key), ...after.map((l) => l.key)])];
  return keys.map((key) => {
    const bl = before.find((l) => l.key === key);
    const al = after.find((l) => l.key === key);
    return { key, item: (al ?? bl)?.item ?? key, ...change(bl ? bl.monthlyUsd : 0, al ? al.monthlyUsd : 0) };
  });
}

type ReportStream = DiffableReport['streams'][number];

function plannedCost(s: ReportStream | undefined): {
  mode: string | null;
  monthlyUsd: number | null;
  lines: CostLines;
} {
  const planned = s?.cost?.planned;
  if (!s || !planned) return { mode: null, monthlyUsd: null, lines: [] };
  return { mode: planned.mode, monthlyUsd: planned.monthlyUsd, lines: planned.lines };
}

/** Whether an amount moved: a known amount that changed, or one side unknown and the other not. */
function hasMoved(c: Change): boolean {
  return c.before !== c.after;
}

function statusOf(isBefore: boolean, isAfter: boolean, isChanged: boolean): StreamDiff['status'] {
  return !isBefore ? 'added' : !isAfter ? 'removed' : isChanged ? 'changed' : 'unchanged';
}

/**
 * Diffs two reports of the same workload (e.g. main's and a pull request's). Pure. `inputs` are the changed inputs
 * when both sides are workload files (see diffInputs), null otherwise.
 */
export function diffReports(
  before: DiffableReport,
  after: DiffableReport,
  inputs: InputChange[] | null = null,
): ReportDiff {
  const names = [...new Set([...before.streams.map((s) => s.name), ...after.streams.map((s) => s.name)])];
  const streams: StreamDiff[] = names.map((name) => {
    const b = before.streams.find((s) => s.name === name);
    const a = after.streams.find((s) => s.name === name);
    const bc = plannedCost(b);
    const ac = plannedCost(a);
    const isModeChange = b !== undefined && a !== undefined && bc.mode !== ac.mode;
    const lines = isModeChange ? [] : diffLines(bc.lines, ac.lines);
    const monthlyUsd = change(b ? bc.monthlyUsd : 0, a ? ac.monthlyUsd : 0);
    const shards = {
      before: b ? (b.shards.planned ?? b.shards.required) : null,
      after: a ? (a.shards.planned ?? a.shards.required) : null,
    };
    const isChanged =
      shards.before !== shards.after || hasMoved(monthlyUsd) || isModeChange || lines.some(hasMoved);
    return {
      name,
      status: statusOf(!!b, !!a, isChanged),
      shards,
      mode: { before: bc.mode, after: ac.mode },
      isModeChange,
      monthlyUsd,
      lines,
    };
  });
  const stages: StageDiff[] = [];
  for (const kind of ['firehose', 'flink'] as const) {
    const bs = before[kind];
    const as = after[kind];
    for (const name of [...new Set([...bs.map((s) => s.name), ...as.map((s) => s.name)])]) {
      const b = bs.find((s) => s.name === name);
      const a = as.find((s) => s.name === name);
      const monthlyUsd = change(b ? b.cost.monthlyUsd : 0, a ? a.cost.monthlyUsd : 0);
      const lines = diffLines(b?.cost.lines ?? [], a?.cost.lines ?? []);
      const isChanged = hasMoved(monthlyUsd) || lines.some(hasMoved);
      stages.push({ kind, name, status: statusOf(!!b, !!a, isChanged), monthlyUsd, lines });
    }
  }
  return {
    totals: change(before.totals.monthlyUsd, after.totals.monthlyUsd),
    inputs,
    streams,
    stages,
    advantageTopUp: change(
      before.totals.advantageCommitmentTopUpUsd ?? 0,
      after.totals.advantageCommitmentTopUpUsd ?? 0,
    ),
    pricing: { before: pricingRef(before.pricing), after: pricingRef(after.pricing) },
  };
}

function pricingRef(p: DiffableReport['pricing']): PricingRef | null {
  return p ? { label: p.label, effectiveDate: p.effectiveDate } : null;
}
