import type { z } from 'zod';

/**
 * Reading the workload schema itself: the node at a field path, its wrappers, its description and examples. Used
 * for located errors ("known keys here", hints), the commented YAML writer and the wizard's questions, so that all
 * three take their words from the one schema.
 */

export interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
}

export function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

export function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 20; i += 1) {
    const d = defOf(cur);
    const next = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
    if (!next) return cur;
    cur = next;
  }
  return cur;
}

/** The schema node at `path`, if the schema is made of objects and arrays down to there. */
export function schemaAt(schema: z.ZodType, path: readonly (string | number)[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!cur) return undefined;
    const d = defOf(cur);
    if (typeof seg === 'number') cur = d.type === 'array' && d.element ? unwrap(d.element) : undefined;
    else cur = d.type === 'object' && d.shape?.[seg] ? unwrap(d.shape[seg]) : undefined;
  }
  return cur;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch']);

/**
 * The schema of the field at `path` under `root`, with its `.optional()`/`.default()` wrappers but nothing else
 * removed: unit transforms and range checks stay, so `safeParse` of a typed answer checks it as the file would.
 */
export function fieldSchemaAt(root: z.ZodType, path: readonly (string | number)[]): z.ZodType | undefined {
  if (path.length === 0) return root;
  const parent = schemaAt(root, path.slice(0, -1));
  if (!parent) return undefined;
  const d = defOf(parent);
  const last = path[path.length - 1]!;
  if (typeof last === 'number') return d.type === 'array' ? d.element : undefined;
  return d.type === 'object' ? d.shape?.[last] : undefined;
}

/** The field schema without its optional/default wrappers (unit transforms kept). */
export function stripWrappers(node: z.ZodType): z.ZodType {
  let cur = node;
  for (let i = 0; i < 20 && WRAPPERS.has(defOf(cur).type) && defOf(cur).innerType; i += 1) cur = defOf(cur).innerType!;
  return cur;
}

/** Whether a field may be left out (it is optional or has a default). */
export function isOmittable(node: z.ZodType): boolean {
  const t = defOf(node).type;
  return t === 'optional' || t === 'default' || t === 'prefault';
}

export interface FieldText {
  description: string | undefined;
  examples: readonly unknown[];
}

/** A field's description and examples, from the first wrapper (outermost first) that carries them. */
export function fieldText(node: z.ZodType | undefined): FieldText {
  let description: string | undefined;
  let examples: readonly unknown[] = [];
  let cur: z.ZodType | undefined = node;
  for (let i = 0; cur && i < 20; i += 1) {
    const meta = (cur as unknown as { meta(): { description?: string; examples?: unknown } | undefined }).meta();
    description ??= meta?.description ?? cur.description;
    if (examples.length === 0 && Array.isArray(meta?.examples)) examples = meta.examples as unknown[];
    const d = defOf(cur);
    cur = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
  }
  return { description, examples };
}

