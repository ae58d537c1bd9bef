import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type Tags,
} from 'yaml';
import { InputError } from '../errors.js';

/** A parsed YAML or JSON document: its value, and the line of any node in it by path. */
export interface LocatedDoc {
  value: unknown;
  /** 1-based line of the node at `path` (keys and list indices), or undefined when there is none. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/**
 * CloudFormation's short forms (`!Ref Name`, `!GetAtt A.Arn`, `!Sub …`, …). Each tag is declared for scalars, lists
 * and mappings so that the yaml package parses it (not rejects it) and keeps it on the node; `toValue` then turns the
 * node into the long form (`{ Ref: … }`, `{ 'Fn::GetAtt': [A, Arn] }`).
 */
const SHORT_FORMS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
];

const CLOUDFORMATION_TAGS: Tags = SHORT_FORMS.flatMap((name) => [
  { tag: `!${name}`, resolve: (s: string) => s },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (v: unknown) => v },
  { tag: `!${name}`, collection: 'map' as const, resolve: (v: unknown) => v },
]);

function longForm(tag: string, value: unknown): unknown {
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value] };
  }
  return { [`Fn::${name}`]: value };
}

/** Parses YAML or JSON (a subset), with CloudFormation's short tags, keeping each node's line. Throws a located InputError. */
export function parseLocated(text: string, file: string, what: string): LocatedDoc {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    customTags: CLOUDFORMATION_TAGS,
    uniqueKeys: false,
  });
  const error = doc.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    throw new InputError({
      file,
      line: pos.line,
      col: pos.col,
      message: `not valid ${what}: ${(error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '')}`,
      hint: 'check the syntax at this place',
    });
  }
  const lines = new Map<string, number>();
  const keyOf = (path: readonly (string | number)[]) => path.join('\u0000');
  const lineAt = (n: { range?: [number, number, number] | null | undefined }) =>
    n.range ? lineCounter.linePos(n.range[0]).line : undefined;
  const toValue = (node: unknown, path: (string | number)[]): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return toValue(node.resolve(doc), path);
    const n = node as Node;
    const line = lineAt(n);
    if (line !== undefined && !lines.has(keyOf(path))) lines.set(keyOf(path), line);
    let value: unknown;
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const keyLine = isScalar(item.key) ? lineAt(item.key) : undefined;
        if (keyLine !== undefined) lines.set(keyOf([...path, key]), keyLine);
        out[key] = toValue(item.value, [...path, key]);
      }
      value = out;
    } else if (isSeq(n)) {
      value = n.items.map((item, i) => toValue(item, [...path, i]));
    } else if (isScalar(n)) {
      value = n.value;
    } else {
      value = null;
    }
    return n.tag !== undefined && n.tag.startsWith('!') ? longForm(n.tag, value) : value;
  };
  const value = toValue(doc.contents, []);
  return { value, lineOf: (path) => lines.get(keyOf(path)) };
}
