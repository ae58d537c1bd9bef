import { Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLSeq } from 'yaml';
import type { z } from 'zod';
import { InternalError } from '../errors.js';
import { defOf, fieldSchemaAt, fieldText, isOmittable, stripWrappers } from './introspect.js';
import { workloadSchema } from './schema.js';

/**
 * Writes a workload object as a commented YAML document: every key carries a short comment taken from the schema's
 * `.describe()`/`.meta()` text, so the file explains itself. Accepts what a user writes (`2 KiB`, `3x`) or a
 * validated `Workload` (base units); either way the text parses back to the same workload. Pure: no I/O.
 */

export { fieldSchemaAt, fieldText, isOmittable, stripWrappers };

/** The first sentence of a description: what fits in a comment line. */
export function firstSentence(text: string): string {
  // A sentence ends at ".", "!" or "?" before a capital letter or the end, but not in "e.g." or "i.e.".
  const end = /[.!?](?=\s+[A-Z]|\s*$)/g;
  for (let m = end.exec(text); m !== null; m = end.exec(text)) {
    if (!/\b(e\.g|i\.e)$/i.test(text.slice(0, m.index))) return text.slice(0, m.index + 1).trim();
  }
  return text.trim();
}

/** A validated value back in a form the schema accepts: only `peak` (`{ factor }` / `{ recordsPerSec }`) differs. */
function toInputLeaf(value: unknown, path: readonly (string | number)[]): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as { factor?: unknown; recordsPerSec?: unknown };
  if (typeof v.factor === 'number') return `${v.factor}x`;
  if (typeof v.recordsPerSec === 'number') return v.recordsPerSec;
  throw new InternalError(`workloadToYaml: cannot write the object at ${path.join('.')} as a value`);
}

/** Orders and cleans a value by the schema: keys in schema order, undefined and empty defaulted lists left out. */
function normalize(value: unknown, root: z.ZodType, path: (string | number)[]): unknown {
  const node = fieldSchemaAt(root, path);
  const inner = node ? stripWrappers(node) : undefined;
  const kind = inner ? defOf(inner).type : undefined;
  if (Array.isArray(value)) return value.map((item, i) => normalize(item, root, [...path, i]));
  if (value === null || typeof value !== 'object') return value;
  if (kind !== undefined && kind !== 'object') return toInputLeaf(value, path);
  const record = value as Record<string, unknown>;
  const order = inner ? Object.keys(defOf(inner).shape ?? {}) : [];
  const keys = [...order.filter((k) => k in record), ...Object.keys(record).filter((k) => !order.includes(k))];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    const child = fieldSchemaAt(root, [...path, key]);
    if (Array.isArray(v) && v.length === 0 && child && isOmittable(child)) continue;
    out[key] = normalize(v, root, [...path, key]);
  }
  return out;
}

function commentFor(root: z.ZodType, path: readonly (string | number)[]): string | undefined {
  const { description } = fieldText(fieldSchemaAt(root, path));
  return description ? ` ${firstSentence(description)}` : undefined;
}

function annotate(node: Node | null, root: z.ZodType, path: (string | number)[], seen: Set<string>): void {
  if (isMap(node)) {
    (node).items.forEach((pair, i) => {
      const p = pair as Pair<unknown, Node | null>;
      if (!isScalar(p.key)) return;
      const key = String(p.key.value);
      const childPath = [...path, key];
      // One comment per field: in a list, only the first item's keys are described.
      const generic = childPath.map((s) => (typeof s === 'number' ? '#' : s)).join('.');
      if (!seen.has(generic)) {
        seen.add(generic);
        const comment = commentFor(root, childPath);
        if (comment !== undefined) {
          if (i === 0 && typeof path[path.length - 1] === 'number') {
            // The first key of a list item: its comment goes above the "- " line, after the item's own.
            node.commentBefore = [node.commentBefore, ` ${key}:${comment}`].filter((c) => c !== undefined).join('\n');
          } else {
            p.key.commentBefore = comment;
          }
        }
      }
      annotate(p.value, root, childPath, seen);
    });
  } else if (isSeq(node)) {
    (node as YAMLSeq<Node | null>).items.forEach((item, i) => {
      const generic = [...path, '#'].join('.');
      if (i === 0 && item && !seen.has(generic)) {
        seen.add(generic);
        const inner = fieldSchemaAt(root, [...path, i]);
        const { description } = fieldText(inner);
        if (description && isMap(item)) item.commentBefore = ` ${firstSentence(description)}`;
      }
      annotate(item, root, [...path, i], seen);
    });
  }
}

export interface ToYamlOptions {
  /** Comment lines at the top of the file, without the leading "#". */
  header?: readonly string[];
  /** Describe each field in a comment (default true). */
  comments?: boolean;
  /** The schema the object follows; the workload schema by default. */
  schema?: z.ZodType;
}

/** A workload object (as written or validated) → a commented YAML document that parses back to the same workload. */
export function workloadToYaml(workload: unknown, opts: ToYamlOptions = {}): string {
  const root = opts.schema ?? workloadSchema;
  const doc = new Document(normalize(workload, root, []));
  if (opts.comments !== false) annotate(doc.contents, root, [], new Set());
  if (opts.header && opts.header.length > 0) doc.commentBefore = opts.header.map((l) => (l === '' ? '' : ` ${l}`)).join('\n');
  return doc.toString({ lineWidth: 0 });
}
