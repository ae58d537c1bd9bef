/**
 * Places in JSON text, for located errors: where the first syntax error is (JSON.parse's messages carry no position
 * on Node 20), and where the value at a path such as `Datapoints[3].Sum` starts. One iterative scanner serves both,
 * so deep nesting cannot overflow the stack. It follows RFC 8259, as JSON.parse does.
 */

export type JsonPath = readonly (string | number)[];

/** A syntax error: the offset of the character that breaks the grammar, and what was expected there. */
export interface JsonSyntaxError {
  offset: number;
  message: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);

/**
 * Scans `text` as one JSON value. `onValue` is called with each value's path and start offset, in document order;
 * returning true stops the scan. Returns the first syntax error, or undefined.
 */
export function scanJson(text: string, onValue?: (path: JsonPath, offset: number) => boolean): JsonSyntaxError | undefined {
  let i = 0;
  const n = text.length;
  const path: (string | number)[] = [];
  const open: ('{' | '[')[] = [];
  const skip = () => {
    while (i < n && WS.has(text[i]!)) i += 1;
  };
  const err = (message: string): JsonSyntaxError => ({ offset: Math.min(i, n), message: i >= n ? 'the text ends too early' : message });

  /** Scans a string at i (on its opening quote); returns its value or an error. */
  const string = (): string | JsonSyntaxError => {
    i += 1;
    let out = '';
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i += 1;
        return out;
      }
      if (c < ' ') return err('a string must not hold a line break or control character; close it with "');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return err('\\u must be followed by four hex digits');
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === undefined || map[e] === undefined) return err(`unknown escape \\${e ?? ''} in a string`);
        out += map[e];
        i += 2;
        continue;
      }
      out += c;
      i += 1;
    }
    return err('a string is not closed');
  };

  const digits = (): number => {
    const from = i;
    while (i < n && text[i]! >= '0' && text[i]! <= '9') i += 1;
    return i - from;
  };
  /** Scans a number at i: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. */
  const number = (): JsonSyntaxError | undefined => {
    if (text[i] === '-') i += 1;
    if (text[i] === '0') i += 1;
    else if (digits() === 0) return err('expected a digit');
    if (text[i] === '.') {
      i += 1;
      if (digits() === 0) return err('expected a digit after the decimal point');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i += 1;
      if (text[i] === '+' || text[i] === '-') i += 1;
      if (digits() === 0) return err('expected a digit in the exponent');
    }
    return undefined;
  };

  /** Scans a scalar (string, number, true, false, null) at i; undefined when fine. */
  const scalar = (): JsonSyntaxError | undefined => {
    const c = text[i]!;
    if (c === '"') {
      const s = string();
      return typeof s === 'string' ? undefined : s;
    }
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return undefined;
      }
    }
    return err(`expected a value (a string in double quotes, a number, true, false, null, { or [), got ${JSON.stringify(c)}`);
  };

  /** Scans an object key and its colon; pushes nothing. */
  const key = (): string | JsonSyntaxError => {
    skip();
    if (text[i] !== '"') return err('expected a key in double quotes');
    const k = string();
    if (typeof k !== 'string') return k;
    skip();
    if (text[i] !== ':') return err('expected a colon after the key');
    i += 1;
    return k;
  };

  skip();
  if (i >= n) return { offset: 0, message: 'the text holds no JSON value' };
  for (;;) {
    // A value starts here.
    skip();
    if (i >= n) return err('');
    if (onValue?.(path, i)) return undefined;
    const c = text[i]!;
    if (c === '{' || c === '[') {
      i += 1;
      skip();
      if (text[i] === (c === '{' ? '}' : ']')) {
        i += 1;
      } else {
        open.push(c);
        if (c === '{') {
          const k = key();
          if (typeof k !== 'string') return k;
          path.push(k);
        } else {
          path.push(0);
        }
        continue;
      }
    } else {
      const e = scalar();
      if (e) return e;
    }
    // After a value: close containers, or go on to the next member.
    for (;;) {
      skip();
      const top = open[open.length - 1];
      if (top === undefined) {
        return i < n ? err('unexpected text after the JSON value') : undefined;
      }
      const close = top === '{' ? '}' : ']';
      if (text[i] === close) {
        i += 1;
        open.pop();
        path.pop();
        continue;
      }
      if (text[i] !== ',') return err(`expected a comma or ${close}`);
      i += 1;
      if (top === '{') {
        const k = key();
        if (typeof k !== 'string') return k;
        path[path.length - 1] = k;
      } else {
        path[path.length - 1] = (path[path.length - 1] as number) + 1;
      }
      break;
    }
  }
}

/** The first syntax error of a JSON text (undefined when it is valid JSON). */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  return scanJson(text);
}

/** Where the value at `path` starts, or the deepest part of the path the text has. */
export function jsonValueOffset(text: string, path: JsonPath): number | undefined {
  let best: number | undefined;
  let bestDepth = -1;
  scanJson(text, (at, offset) => {
    if (at.length > path.length || at.length <= bestDepth) return false;
    for (let k = 0; k < at.length; k += 1) if (at[k] !== path[k]) return false;
    best = offset;
    bestDepth = at.length;
    return at.length === path.length;
  });
  return best;
}

/** 1-based line and column of an offset (columns count UTF-16 code units, as editors mostly do). */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
    line += 1;
    start = k + 1;
  }
  return { line, col: offset - start + 1 };
}
