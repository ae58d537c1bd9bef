/** Exit codes: the contract documented in the README. */
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
  const body = init.message.replace(/\.$/, '');
  return `${head ? `${head}: ` : ''}${body}.${init.hint ? ` Hint: ${/[.?!]$/.test(init.hint) ? init.hint : `${init.hint}.`}` : ''}`;
}
