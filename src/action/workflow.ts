import { appendFileSync, readFileSync } from 'node:fs';

/*
 * The little of the GitHub Actions runner protocol the action's scripts need: workflow commands on standard output
 * (annotations), step outputs in $GITHUB_OUTPUT, and the event that started the run.
 */

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Prints an annotation (`::notice`, `::warning`, `::error`), optionally on a line of a file. */
export function annotate(
  level: 'notice' | 'warning' | 'error',
  message: string,
  where: { title?: string; file?: string; line?: number; col?: number } = {},
): void {
  const props = [
    where.file !== undefined ? `file=${escapeProperty(where.file)}` : undefined,
    where.line !== undefined ? `line=${where.line}` : undefined,
    where.col !== undefined ? `col=${where.col}` : undefined,
    `title=${escapeProperty(where.title ?? 'kinesis-plan')}`,
  ].filter((p) => p !== undefined);
  process.stdout.write(`::${level} ${props.join(',')}::${escapeData(message)}\n`);
}

/** Sets a step output (single-line values). Outside a runner it is printed instead. */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (file) appendFileSync(file, `${name}=${value.replace(/[\r\n]+/g, ' ')}\n`);
  else process.stdout.write(`${name}=${value}\n`);
}

/** The pull request of the event that started the run, as far as the action's scripts read it. */
export interface PullRequestEvent {
  number: number;
  baseSha: string | undefined;
  baseRef: string | undefined;
  headSha: string | undefined;
  /** `owner/name` of the repository the pull request's head branch lives in (null: deleted fork). */
  headRepo: string | null;
  /** `owner/name` of the repository the pull request is opened against. */
  baseRepo: string | undefined;
}

interface RawEvent {
  pull_request?: {
    number?: number;
    base?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
    head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
  };
}

/** The pull request in $GITHUB_EVENT_PATH; undefined when the event is not about one (a push, a schedule). */
export function pullRequestOfEvent(): PullRequestEvent | undefined {
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file) return undefined;
  let event: RawEvent;
  try {
    event = JSON.parse(readFileSync(file, 'utf8')) as RawEvent;
  } catch {
    return undefined;
  }
  const pr = event.pull_request;
  if (!pr || typeof pr.number !== 'number') return undefined;
  return {
    number: pr.number,
    baseSha: pr.base?.sha,
    baseRef: pr.base?.ref,
    headSha: pr.head?.sha,
    headRepo: pr.head?.repo?.full_name ?? null,
    baseRepo: pr.base?.repo?.full_name,
  };
}

/** An input of the action, as the composite step passes it in the environment (`INPUT_FAIL_ON` for `fail-on`). */
export function input(name: string, fallback = ''): string {
  return (process.env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`] ?? fallback).trim();
}
