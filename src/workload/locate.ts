import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { combineInputErrors, InputError, InputErrors, MAX_REPORTED_ERRORS } from '../errors.js';
import { fieldPath } from '../vocab/field-path.js';
import { defOf, fieldSchemaAt, fieldText, schemaAt } from './introspect.js';
import { jsonSyntaxError, jsonValueOffset, lineColAt } from './json-text.js';

/**
 * Turns text into a validated value: YAML (or JSON, a subset) → zod → value, or located `InputError`s that name the
 * file, line and column, the field path, what is wrong and how to fix it. Every independent error of the file is
 * reported, in file order (at most MAX_REPORTED_ERRORS, errors.ts); an unknown key beside a missing required one is
 * reported once, as the likely typo. Shared by workload and pricing files.
 */
export function parseDocumentWith<S extends z.ZodType>(
  schema: S,
  text: string,
  file: string,
  what: { noun: string; emptyHint: string; syntax?: 'YAML' | 'JSON' },
): z.output<S> {
  if (text.trim() === '') {
    throw new InputError({ file, message: `the ${what.noun} is empty`, hint: what.emptyHint });
  }
  if (what.syntax === 'JSON' && text.length > MAX_YAML_CHARS) return parseLargeJson(schema, text, file);
  if (what.syntax === 'JSON') checkJsonSyntax(text, file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lineCounter.linePos(yamlError.pos[0]);
    throw new InputError({
      file,
      line: pos.line,
      col: pos.col,
      message: `not valid ${what.syntax ?? 'YAML'}: ${cleanYamlMessage(yamlError.message)}`,
      hint: what.syntax === 'JSON' ? 'check the JSON syntax at this place: quotes, commas and brackets' : yamlHint(yamlError.code),
    });
  }
  const data = plainData(doc, lineCounter, file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError({
      file,
      line: 1,
      col: 1,
      message: `the ${what.noun} must be a mapping of keys to values, got ${Array.isArray(data) ? 'a list' : typeof data === 'object' ? 'nothing' : `the ${typeof data} ${JSON.stringify(data)}`}`,
      hint: what.emptyHint,
    });
  }
  const result = schema.safeParse(data, { jitless: true });
  if (result.success) return result.data;
  throw locateIssues(result.error.issues, schema, doc, lineCounter, file);
}

/**
 * JSON texts longer than this (a saved report of a large workload) skip the YAML reader, whose document model takes
 * about a second and a hundred bytes of memory per byte of text: they are parsed with JSON.parse, and their errors
 * located by scanning the text for each path.
 */
const MAX_YAML_CHARS = 1024 * 1024;

function parseLargeJson<S extends z.ZodType>(schema: S, text: string, file: string): z.output<S> {
  checkJsonSyntax(text, file);
  const result = schema.safeParse(JSON.parse(text));
  if (result.success) return result.data;
  const errors = result.error.issues.slice(0, MAX_REPORTED_ERRORS).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const { line, col } = lineColAt(text, jsonValueOffset(text, path) ?? 0);
    return new InputError({ file, line, col, path: fieldPath(path) || undefined, message: issue.message });
  });
  const omitted = result.error.issues.length - errors.length;
  throw omitted > 0 ? new InputErrors(errors, omitted) : combineInputErrors(errors);
}

/**
 * A file that says it is JSON is held to JSON: the YAML reader would accept comments, trailing commas and unquoted
 * words, and would word a JSON mistake as a YAML one. The first syntax error is located at its line and column.
 */
export function checkJsonSyntax(text: string, file: string): void {
  try {
    JSON.parse(text);
    return;
  } catch {
    // JSON.parse's message has no position on Node 20: the scanner finds it.
  }
  const e = jsonSyntaxError(text) ?? { offset: 0, message: 'not a JSON value' };
  const pos = lineColAt(text, e.offset);
  throw new InputError({
    file,
    line: pos.line,
    col: pos.col,
    message: `not valid JSON: ${e.message}`,
    hint: 'check the JSON syntax at this place: quotes, commas and brackets',
  });
}

/**
 * Aliases (`*name`) may stand for at most this many nodes when the document is read: a few aliases that each repeat
 * an anchor of aliases multiply (a "billion laughs" bomb); the yaml package stops at this count.
 */
export const MAX_ALIAS_COUNT = 100;

interface AliasSite {
  source: string;
  offset: number;
  isResolved: boolean;
  /** Its anchor's value holds aliases itself: the layer of a bomb. */
  isNested: boolean;
}

/** The document as plain data; an alias that names no anchor, or aliases that expand too far, are located errors. */
function plainData(doc: Document, lc: LineCounter, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const aliases: AliasSite[] = [];
    visit(doc, {
      Alias(_, node) {
        const target = node.resolve(doc);
        let isNested = false;
        if (target) {
          visit(target, {
            Alias() {
              isNested = true;
              return visit.BREAK;
            },
          });
        }
        aliases.push({ source: node.source, offset: node.range?.[0] ?? 0, isResolved: target !== undefined, isNested });
      },
    });
    const reason = e instanceof Error ? e.message : String(e);
    const at = (site: AliasSite | undefined) => (site ? lc.linePos(site.offset) : { line: 1, col: 1 });
    const unresolved = aliases.find((a) => !a.isResolved);
    if (unresolved) {
      return fail(file, at(unresolved), `the alias *${unresolved.source} names no anchor`, `put &${unresolved.source} on a value above this line, or write the value out`);
    }
    if (/alias count/i.test(reason)) {
      return fail(
        file,
        at(aliases.find((a) => a.isNested) ?? aliases[0]),
        `the aliases expand to more than ${MAX_ALIAS_COUNT} copies of their anchors (aliases of anchors that hold aliases multiply, as in a YAML bomb)`,
        'write the values out, or use fewer nested aliases (*name)',
      );
    }
    return fail(file, at(aliases[0]), `cannot read the document: ${reason}`, 'check the file against the examples in examples/');
  }
}

function fail(file: string, pos: { line: number; col: number }, message: string, hint: string): never {
  throw new InputError({ file, line: pos.line, col: pos.col, message, hint });
}

/** One problem of the file: a zod issue, or one key of an issue that lists several unknown keys. */
interface Problem {
  issue: z.core.$ZodIssue;
  path: (string | number)[];
  /** For unknown keys: the key this problem is about. */
  key?: string;
}

/** Every issue as one located error, in file order; an unknown key that is a likely typo of a missing key absorbs it. */
function locateIssues(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  doc: Document,
  lc: LineCounter,
  file: string,
): InputError {
  const problems = issues.flatMap((issue): Problem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ issue, path, key })) : [{ issue, path }];
  });
  // A required field that is missing, next to an unknown key that is one typo away from it: report the typo only.
  const missing = problems.filter((p) => p.key === undefined && isMissing(p, doc));
  const typos = new Map<Problem, string>();
  const absorbed = new Set<Problem>();
  for (const p of problems) {
    if (p.key === undefined) continue;
    const parent = fieldPath(p.path);
    const siblings = missing.filter((m) => !absorbed.has(m) && m.path.length === p.path.length + 1 && fieldPath(m.path.slice(0, -1)) === parent);
    const guess = closest(p.key, siblings.map((m) => String(m.path[m.path.length - 1])));
    if (guess === undefined) continue;
    typos.set(p, guess);
    for (const m of siblings) if (String(m.path[m.path.length - 1]) === guess) absorbed.add(m);
  }
  const located = problems.filter((p) => !absorbed.has(p)).map((p) => locateIssue(p, schema, doc, lc, file, typos.get(p)));
  located.sort((a, b) => a.offset - b.offset);
  const seen = new Set<string>();
  const errors: InputError[] = [];
  for (const l of located) {
    if (seen.has(l.error.message)) continue;
    seen.add(l.error.message);
    errors.push(l.error);
  }
  return combineInputErrors(errors);
}

/** Whether a problem is about a field that is not in the file at all. */
function isMissing(p: Problem, doc: Document): boolean {
  if (p.issue.code !== 'invalid_type' && p.issue.code !== 'invalid_union') return false;
  return nearestNode(doc, p.path).depth < p.path.length;
}

function nearestNode(doc: Document, path: readonly PropertyKey[]): { node: Node | undefined; depth: number } {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true) as Node | undefined;
    if (node && (isScalar(node) || isMap(node) || isSeq(node))) return { node, depth };
  }
  return { node: doc.contents ?? undefined, depth: 0 };
}

function locateIssue(
  problem: Problem,
  schema: z.ZodType,
  doc: Document,
  lc: LineCounter,
  file: string,
  typoOf: string | undefined,
): { error: InputError; offset: number } {
  const { issue } = problem;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const { node, depth } = nearestNode(doc, path);
  let offset = node?.range?.[0];
  let shownPath = fieldPath(path);
  let message = issue.message;
  let hint: string | undefined = (issue as { params?: { hint?: string } }).params?.hint;
  const raw = depth === path.length && node && isScalar(node) ? node.value : undefined;

  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = problem.key ?? '';
      const keyNode = findKeyNode(node, key);
      if (keyNode?.range) offset = keyNode.range[0];
      shownPath = fieldPath([...path, key]);
      const known = knownKeys(schema, path);
      const guess = typoOf ?? closest(key, known);
      message = `unknown key "${key}"`;
      hint =
        path.length === 0 && key === 'draft'
          ? 'this is a draft saved by a cancelled `kinesis-plan init`: finish it with `kinesis-plan init --from FILE`'
          : typoOf !== undefined
          ? `did you mean "${typoOf}"? ${typoOf} is required and missing`
          : guess
            ? `did you mean "${guess}"?`
            : known.length
              ? `known keys here: ${known.join(', ')}`
              : 'remove it';
      break;
    }
    case 'invalid_type': {
      if (depth < path.length) {
        const missing = String(path[path.length - 1]);
        message = `missing required field "${missing}"`;
        hint = fieldHint(schema, path) ?? `add ${missing}:`;
      } else {
        message = `expected ${article(issue.expected)}, got ${describeValue(raw ?? (node ? doc.getIn(path, false) : undefined))}`;
        hint = fieldHint(schema, path);
      }
      break;
    }
    case 'invalid_union': {
      const value: unknown = raw ?? doc.getIn(path, false);
      if (depth < path.length || value === undefined || value === null) {
        message = `missing required field "${String(path[path.length - 1])}"`;
      } else if (typeof value === 'number' && !Number.isFinite(value)) {
        message = `must be a finite number, got ${String(value)}`;
      } else {
        message = `expected a number or a value with a unit, got ${describeValue(value)}`;
      }
      hint = fieldHint(schema, path);
      break;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v));
      const gotValue: unknown = raw ?? doc.getIn(path, false);
      const got = typeof gotValue === 'string' ? gotValue : describeValue(gotValue);
      message = allowed.length === 1 ? `must be ${allowed[0]}, got ${describeValue(gotValue)}` : `must be one of ${allowed.join(', ')}; got ${describeValue(gotValue)}`;
      const guess = allowed.length > 1 ? closest(got, allowed) : undefined;
      hint = guess ? `did you mean "${guess}"?` : (hint ?? fieldHint(schema, path));
      break;
    }
    case 'too_small': {
      if (issue.origin === 'array') {
        message = issue.message.startsWith('Too small') ? `needs at least ${String(issue.minimum)} item(s)` : issue.message;
      } else if (issue.origin === 'string') {
        message = issue.message.startsWith('Too small') ? `must not be empty` : issue.message;
      } else {
        message = `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}, got ${String(raw)}`;
      }
      hint = hint ?? fieldHint(schema, path);
      break;
    }
    case 'too_big': {
      const items = depth === path.length && node && isSeq(node) ? node.items.length : undefined;
      message =
        issue.origin === 'string'
          ? `is longer than ${String(issue.maximum)} characters`
          : issue.origin === 'array'
            ? `has ${items !== undefined ? `${items.toLocaleString('en-US')} items, ` : ''}more than the ${Number(issue.maximum).toLocaleString('en-US')} allowed`
            : `must be at most ${String(issue.maximum)}, got ${String(raw)}`;
      // A bound given with its own words (`.max(n, 'how to fix')`) is the hint.
      hint = hint ?? (issue.message.startsWith('Too big') ? fieldHint(schema, path) : issue.message);
      break;
    }
    default:
      hint = hint ?? fieldHint(schema, path);
  }
  if (node && depth < path.length && issue.code !== 'invalid_type' && issue.code !== 'unrecognized_keys') {
    shownPath = fieldPath(path);
  }
  const pos = offset !== undefined ? lc.linePos(offset) : undefined;
  return {
    error: new InputError({ file, line: pos?.line, col: pos?.col, path: shownPath || undefined, message, hint }),
    offset: offset ?? Number.POSITIVE_INFINITY,
  };
}

function findKeyNode(node: Node | undefined, key: string): Node | undefined {
  if (!node || !isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item.key;
  }
  return undefined;
}

function knownKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  const node = schemaAt(schema, path);
  const d = node ? defOf(node) : undefined;
  return d?.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

function fieldHint(schema: z.ZodType, path: readonly (string | number)[]): string | undefined {
  const { description, examples } = fieldText(fieldSchemaAt(schema, path));
  if (!description) return undefined;
  const e = examples.length > 0 ? ` (e.g. ${examples.map(String).join(', ')})` : '';
  return `${description.replace(/\.$/, '')}${e}`;
}

function describeValue(v: unknown): string {
  if (v === undefined || v === null) return 'nothing';
  if (typeof v === 'string') return `"${v}"`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : (JSON.stringify(v) ?? 'nothing');
}

function article(expected: string): string {
  const words: Record<string, string> = {
    number: 'a number',
    string: 'text',
    object: 'a mapping (key: value lines)',
    array: 'a list (lines starting with "- ")',
    boolean: 'true or false',
    int: 'a whole number',
  };
  return words[expected] ?? expected;
}

function cleanYamlMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; remove or rename one';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation: nested keys are indented by the same number of spaces';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    default:
      return 'check the line against the examples in examples/ or run `kinesis-plan schema`';
  }
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a small edit distance. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Splits a printed field path (`streams[0].consumers[1].name`) into segments. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/**
 * The 1-based line of a field in a YAML text: the field itself, or the nearest ancestor that exists
 * (a budget given by a flag points at the `budget:` block or the top of the file).
 */
export function lineOfPath(text: string, path: string): number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const parts = parseFieldPath(path);
  for (let depth = parts.length; depth > 0; depth -= 1) {
    const prefix = parts.slice(0, depth);
    const parent = doc.getIn(prefix.slice(0, -1), true) as Node | undefined;
    const last = prefix[prefix.length - 1]!;
    if (typeof last === 'string') {
      const keyNode = findKeyNode(parent ?? (depth === 1 ? (doc.contents ?? undefined) : undefined), last);
      if (keyNode?.range) return lineCounter.linePos(keyNode.range[0]).line;
    } else {
      const node = doc.getIn(prefix, true) as Node | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
  }
  return 1;
}

/**
 * Errors a later stage raised about fields of a workload (the planner knows the path, not the file) located in the
 * text they came from: `file:line:col`, at the field or the nearest part of it that the file has. Errors that already
 * name a file are kept as they are.
 */
export function locateInText(error: InputError, text: string, file: string): InputError {
  const errors = error instanceof InputErrors ? error.errors : [error];
  if (errors.every((e) => e.file !== undefined)) return error;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const located = errors.map((e) => {
    if (e.file !== undefined) return e;
    const { node } = nearestNode(doc, e.path !== undefined ? parseFieldPath(e.path) : []);
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
    return new InputError({ file, line: pos?.line, col: pos?.col, path: e.path, message: e.detail, hint: e.hint });
  });
  return located.length === 1 ? located[0]! : new InputErrors(located, error instanceof InputErrors ? error.omitted : 0);
}
