/** Exit codes: the contract documented in docs/exit-codes-and-bounds.md. */
export const EXIT = { OK: 0, CHECK_FAILED: 1, BAD_INPUT: 2, CANCELLED: 130 } as const;

export interface InputErrorInit {
  /** The file the input came from, as the user named it. */
  file?: string | undefined;
  /** 1-based line and column in that file, where known. */
  line?: number | undefined;
  col?: number | undefined;
  /** Field path in the document, e.g. `streams[0].records.size`. */
  path?: string | undefined;
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  hint?: string | undefined;
}

/** Bad input the user can fix: always exit 2, never a stack trace. */
export class InputError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly col: number | undefined;
  readonly path: string | undefined;
  readonly hint: string | undefined;
  readonly detail: string;

  constructor(init: InputErrorInit) {
    super(formatLocated(init));
    this.name = 'InputError';
    this.file = init.file;
    this.line = init.line;
    this.col = init.col;
    this.path = init.path;
    this.hint = init.hint;
    this.detail = init.message;
  }
}

/** The most errors of one input reported together; the rest are counted (docs/exit-codes-and-bounds.md). */
export const MAX_REPORTED_ERRORS = 20;

/**
 * Several independent errors of one input, in the order they stand in it, reported together: one located line each
 * (`message` holds them one per line), at most MAX_REPORTED_ERRORS, and a count of the rest.
 */
export class InputErrors extends InputError {
  readonly errors: readonly InputError[];
  /** Errors found beyond the reported ones. */
  readonly omitted: number;

  constructor(errors: readonly InputError[], omitted = 0) {
    const first = errors[0];
    if (!first) throw new InternalError('InputErrors needs at least one error');
    super({ file: first.file, line: first.line, col: first.col, path: first.path, message: first.detail, hint: first.hint });
    this.name = 'InputErrors';
    this.errors = errors;
    this.omitted = omitted;
    this.message = errors.map((e) => e.message).join('\n');
  }
}

/** One error for a list of them: the error itself when there is one, else InputErrors capped at MAX_REPORTED_ERRORS. */
export function combineInputErrors(errors: readonly InputError[]): InputError {
  const flat = errors.flatMap((e) => (e instanceof InputErrors ? e.errors : [e]));
  const omitted = errors.reduce((n, e) => n + (e instanceof InputErrors ? e.omitted : 0), 0);
  if (flat.length === 1 && omitted === 0) return flat[0]!;
  const shown = flat.slice(0, MAX_REPORTED_ERRORS);
  return new InputErrors(shown, omitted + flat.length - shown.length);
}

/** A command line that cannot be run as written (unknown flag, missing argument). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Something that should never happen: a bug in kinesis-plan itself. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** `file:line:col path: message. Hint: hint` with the parts that are known. */
export function formatLocated(init: InputErrorInit): string {
  let where = '';
  if (init.file !== undefined) {
    where = init.file;
    if (init.line !== undefined) where += `:${init.line}${init.col !== undefined ? `:${init.col}` : ''}`;
  }
  const head = [where, init.path].filter((s) => s !== undefined && s !== '').join(' ');
  const body = oneLine(init.message).replace(/\.$/, '');
  const hint = init.hint !== undefined ? oneLine(init.hint) : undefined;
  return `${head ? `${head}: ` : ''}${body}.${hint ? ` Hint: ${/[.?!]$/.test(hint) ? hint : `${hint}.`}` : ''}`;
}

/** A message is one line: a value quoted from the input may hold line breaks and control characters. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n|[\r\n]/g, '\\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
