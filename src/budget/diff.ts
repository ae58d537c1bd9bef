import type { DiffableReport } from './baseline.js';

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
  shards: { before: number | null; after: number | null };
  /** The mode each side is costed in (the planned mode, or the cheapest when none is set). */
  mode: { before: string | null; after: string | null };
  monthlyUsd: Change;
  lines: LineDiff[];
}

export interface StageDiff {
  kind: 'firehose' | 'flink';
  name: string;
  monthlyUsd: Change;
}

/** What changed between a baseline report and a new one, per stream and per cost line. */
export interface ReportDiff {
  totals: Change;
  streams: StreamDiff[];
  stages: StageDiff[];
}

function change(before: number | null | undefined, after: number | null | undefined): Change {
  const b = before ?? null;
  const a = after ?? null;
  const deltaUsd = a !== null && b !== null ? a - b : a !== null && b === null ? null : null;
  return { before: b, after: a, deltaUsd, deltaFraction: deltaUsd !== null && b !== null && b !== 0 ? deltaUsd / b : null };
}

type ReportStream = DiffableReport['streams'][number];

function plannedCost(s: ReportStream | undefined): { mode: string | null; monthlyUsd: number | null; lines: readonly { key: string; item: string; monthlyUsd: number | null }[] } {
  const planned = s?.cost?.planned;
  if (!s || !planned) return { mode: null, monthlyUsd: null, lines: [] };
  return { mode: planned.mode, monthlyUsd: planned.monthlyUsd, lines: planned.lines };
}

/** Diffs two reports of the same workload (e.g. main's and a pull request's). Pure. */
export function diffReports(before: DiffableReport, after: DiffableReport): ReportDiff {
  const names = [...new Set([...before.streams.map((s) => s.name), ...after.streams.map((s) => s.name)])];
  const streams: StreamDiff[] = names.map((name) => {
    const b = before.streams.find((s) => s.name === name);
    const a = after.streams.find((s) => s.name === name);
    const bc = plannedCost(b);
    const ac = plannedCost(a);
    const keys = [...new Set([...bc.lines.map((l) => l.key), ...ac.lines.map((l) => l.key)])];
    const lines: LineDiff[] = keys.map((key) => {
      const bl = bc.lines.find((l) => l.key === key);
      const al = ac.lines.find((l) => l.key === key);
      return { key, item: (al ?? bl)?.item ?? key, ...change(bl ? bl.monthlyUsd : 0, al ? al.monthlyUsd : 0) };
    });
    const monthlyUsd = change(b ? bc.monthlyUsd : 0, a ? ac.monthlyUsd : 0);
    const shards = { before: b?.shards.required ?? null, after: a?.shards.required ?? null };
    const status: StreamDiff['status'] = !b
      ? 'added'
      : !a
        ? 'removed'
        : shards.before !== shards.after || monthlyUsd.deltaUsd !== 0 || bc.mode !== ac.mode || lines.some((l) => l.deltaUsd !== 0)
          ? 'changed'
          : 'unchanged';
    return { name, status, shards, mode: { before: bc.mode, after: ac.mode }, monthlyUsd, lines };
  });
  const stages: StageDiff[] = [];
  for (const kind of ['firehose', 'flink'] as const) {
    const bs = before[kind];
    const as = after[kind];
    const stageNames = [...new Set([...bs.map((s) => s.name), ...as.map((s) => s.name)])];
    for (const name of stageNames) {
      const b = bs.find((s) => s.name === name);
      const a = as.find((s) => s.name === name);
      stages.push({ kind, name, monthlyUsd: change(b ? b.cost.monthlyUsd : 0, a ? a.cost.monthlyUsd : 0) });
    }
  }
  return { totals: change(before.totals.monthlyUsd, after.totals.monthlyUsd), streams, stages };
}
