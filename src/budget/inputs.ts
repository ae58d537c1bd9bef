import { parse, stringify } from 'yaml';
import { fieldPath } from '../vocab/field-path.js';
import type { Workload } from '../workload/schema.js';

/*
 * Which workload inputs changed between two versions of a workload file, by field path.
 *
 * The validated workloads decide whether a field changed, so that `2 KiB` → `2048` (the same value in other words) is
 * no change; the text as written is what the change shows (`3000/s` → `6000/s`), so that a reviewer reads what the
 * author wrote. A field that neither version sets is never listed, even when its default moves with another field:
 * that is an effect, shown by the costs, not an input. Lists of named items (streams, consumers, delivery stages) are
 * matched by name, so that inserting a stream does not list every later one as changed.
 */

/** One input that differs between the base version of a workload file and the new one. */
export interface InputChange {
  /** Field path in the new version (in the base version for a removed item), e.g. `streams[0].records.rate`. */
  path: string;
  /** The value as written in the base version; null when the field (or item) is not set there. */
  before: string | null;
  /** The value as written in the new version; null when the field (or item) is not set there. */
  after: string | null;
  /** `added`: set only in the new version; `removed`: set only in the base version. */
  status: 'changed' | 'added' | 'removed';
}

/** A workload file's text and its validated workload. */
export interface WorkloadSource {
  text: string;
  workload: Workload;
}

/** Longest value kept in a change: a list of thousands of keys is cut, not copied into a comment. */
const MAX_VALUE_CHARS = 120;

/** The inputs that differ between two versions of a workload, in the order of the new file. Pure. */
export function diffInputs(before: WorkloadSource, after: WorkloadSource): InputChange[] {
  const out: InputChange[] = [];
  walk([], rawOf(before.text), rawOf(after.text), before.workload, after.workload, out);
  return out;
}

function rawOf(text: string): unknown {
  try {
    return parse(text) as unknown;
  } catch {
    return undefined;
  }
}

type Path = (string | number)[];

function walk(
  path: Path,
  rawBefore: unknown,
  rawAfter: unknown,
  before: unknown,
  after: unknown,
  out: InputChange[],
): void {
  if (isEqual(before, after) || isEqual(rawBefore, rawAfter)) return;
  const isRawCollection = (v: unknown) => v === undefined || (v !== null && typeof v === 'object');
  if ((isRecord(before) || isRecord(after)) && isRawCollection(rawBefore) && isRawCollection(rawAfter)) {
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    const rb = isRecord(rawBefore) ? rawBefore : {};
    const ra = isRecord(rawAfter) ? rawAfter : {};
    for (const key of union(Object.keys(a), Object.keys(b)))
      walk([...path, key], rb[key], ra[key], b[key], a[key], out);
    return;
  }
  if (isNamedList(before) && isNamedList(after) && isRawCollection(rawBefore) && isRawCollection(rawAfter)) {
    const rb = Array.isArray(rawBefore) ? rawBefore : [];
    const ra = Array.isArray(rawAfter) ? rawAfter : [];
    for (const name of union(
      after.map((i) => i.name),
      before.map((i) => i.name),
    )) {
      const ib = before.findIndex((i) => i.name === name);
      const ia = after.findIndex((i) => i.name === name);
      if (ib < 0) out.push({ path: fieldPath([...path, ia]), before: null, after: name, status: 'added' });
      else if (ia < 0)
        out.push({ path: fieldPath([...path, ib]), before: name, after: null, status: 'removed' });
      else walk([...path, ia], rb[ib], ra[ia], before[ib], after[ia], out);
    }
    return;
  }
  // A field neither version sets: its default moved with another field (an effect, not an input).
  if (rawBefore === undefined && rawAfter === undefined) return;
  const b = valueText(rawBefore);
  const a = valueText(rawAfter);
  out.push({
    path: fieldPath(path),
    before: b,
    after: a,
    status: b === null ? 'added' : a === null ? 'removed' : 'changed',
  });
}

/** A value as written: a scalar as it reads, a list or block on one line (YAML flow style), cut when long. */
function valueText(raw: unknown): string | null {
  if (raw === undefined) return null;
  const text =
    typeof raw === 'string'
      ? raw
      : typeof raw === 'number' || typeof raw === 'boolean' || raw === null
        ? String(raw)
        : stringify(raw, { collectionStyle: 'flow', lineWidth: 0 }).trim();
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isNamedList(v: unknown): v is ({ name: string } & Record<string, unknown>)[] {
  return Array.isArray(v) && v.every((i) => isRecord(i) && typeof i.name === 'string');
}

function union(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}

function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => isEqual(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = union(Object.keys(a), Object.keys(b));
    return keys.every((k) => isEqual(a[k], b[k]));
  }
  return false;
}
