import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/kinesis-plan.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The day the CLI takes for today in tests (2026-12-01, via SOURCE_DATE_EPOCH), so that the age of the shipped prices,
 * and so the output, does not change with the calendar.
 */
export const TEST_TODAY = '2026-12-01';
export const TEST_SOURCE_DATE_EPOCH = String(Date.parse(`${TEST_TODAY}T00:00:00Z`) / 1000);

/** Runs the built CLI from the repository root with a clean environment (no colour, no CI variables, a fixed today). */
export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', SOURCE_DATE_EPOCH: TEST_SOURCE_DATE_EPOCH, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
