import { Chalk, type ChalkInstance } from 'chalk';
import type { RenderOptions } from '../report/style.js';
import { isStdoutTerminal, writeFileAtomic, writeStdout } from './io.js';

export { VERSION } from './version.js';

/** Colour only for a terminal, never into a file, and never when NO_COLOR is set (no-color.org). */
export function makeStyle(toFile: boolean): ChalkInstance {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const forced = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  const level = noColor || toFile ? 0 : forced || isStdoutTerminal() ? 2 : 0;
  return new Chalk({ level });
}

/** The width reports are laid out for when neither the terminal nor `COLUMNS` says: a classic terminal's. */
export const DEFAULT_WIDTH = 80;
/** Reports are never laid out narrower than this: the tables need it (a narrower terminal wraps their lines). */
export const MIN_WIDTH = 80;
/** Nor wider than this: longer lines are hard to read. */
export const MAX_WIDTH = 160;

/** A positive whole number of columns, else undefined. */
function columnsOf(value: string | number | undefined): number | undefined {
  const n = typeof value === 'number' ? value : value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The width to lay reports out for: the terminal's columns when standard output is one, else the `COLUMNS`
 * environment variable when it is a positive whole number, else 80; kept within 80–160. A file (`--output`) gets the
 * same width as the terminal would.
 */
export function outputWidth(stdout: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  const width = (stdout.isTTY ? columnsOf(stdout.columns) : undefined) ?? columnsOf(env.COLUMNS) ?? DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.min(width, MAX_WIDTH));
}

/** Render options for the current terminal (or for a file). */
export function renderOptions(toFile: boolean): RenderOptions {
  return { style: makeStyle(toFile), width: outputWidth(isStdoutTerminal() ? process.stdout : { isTTY: false }, process.env) };
}

/**
 * Writes a report to `--output` (atomically for a regular file, straight to a device or FIFO), or to standard output
 * (`-` or no `--output`), where a reader that closes early ends the output quietly.
 */
export async function emit(content: string, output: string | undefined): Promise<void> {
  if (output !== undefined && output !== '-') {
    await writeFileAtomic(output, content);
    process.stderr.write(`kinesis-plan: wrote ${output}\n`);
    return;
  }
  await writeStdout(content);
}
