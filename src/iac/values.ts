import type { Declared } from './declared.js';

/** A plain object, or undefined. */
export function objectAt(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The value at a path of keys and indices, or undefined. */
export function valueAt(v: unknown, path: readonly (string | number)[]): unknown {
  let cur = v;
  for (const p of path) {
    if (typeof p === 'number') cur = Array.isArray(cur) ? cur[p] : undefined;
    else cur = objectAt(cur)?.[p];
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Why a value is not a literal, or undefined when it is one. */
export type UnknownReason = (raw: unknown) => string | undefined;

/** Reads a literal of one kind; any other value is unknown, never guessed. */
function declaredOf<T>(
  raw: unknown,
  line: number,
  unknownReason: UnknownReason,
  convert: (raw: unknown) => T | undefined,
  noun: string,
): Declared<T> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const why = unknownReason(raw);
  if (why !== undefined) return { isKnown: false, why, line };
  const value = convert(raw);
  return value === undefined
    ? { isKnown: false, why: `not ${noun}: ${JSON.stringify(raw)}`, line }
    : { isKnown: true, value, line };
}

export function declaredNumber(
  raw: unknown,
  line: number,
  unknownReason: UnknownReason,
): Declared<number> | undefined {
  return declaredOf(
    raw,
    line,
    unknownReason,
    (r) => {
      const n =
        typeof r === 'number'
          ? r
          : typeof r === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(r)
            ? Number(r)
            : undefined;
      return n !== undefined && Number.isFinite(n) ? n : undefined;
    },
    'a number',
  );
}

export function declaredString(
  raw: unknown,
  line: number,
  unknownReason: UnknownReason,
): Declared<string> | undefined {
  return declaredOf(
    raw,
    line,
    unknownReason,
    (r) => (typeof r === 'string' ? r : typeof r === 'number' ? String(r) : undefined),
    'text',
  );
}

export function declaredBoolean(
  raw: unknown,
  line: number,
  unknownReason: UnknownReason,
): Declared<boolean> | undefined {
  return declaredOf(
    raw,
    line,
    unknownReason,
    (r) => (typeof r === 'boolean' ? r : r === 'true' ? true : r === 'false' ? false : undefined),
    'true or false',
  );
}
