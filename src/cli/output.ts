import { Chalk, type ChalkInstance } from 'chalk';
import type { RenderOptions } from '../report/style.js';
import { writeFileAtomic, writeStdout } from './io.js';

export { VERSION } from './version.js';

/** Colour only for a terminal, never into a file, and never when NO_COLOR is set (no-color.org). */
export function makeStyle(toFile: boolean): ChalkInstance {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  const forced = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  const level = noColor || toFile ? 0 : forced || process.stdout.isTTY ? 2 : 0;
  return new Chalk({ level });
}

/** Render options for the current terminal (or for a file). */
export function renderOptions(toFile: boolean): RenderOptions {
  const width = toFile || !process.stdout.isTTY ? 100 : Math.max(60, Math.min(process.stdout.columns || 100, 140));
  return { style: makeStyle(toFile), width };
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
