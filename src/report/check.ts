import type { PricingRef } from '../budget/baseline.js';
import type { CheckOutcome, FailOn, FindingOutcome, Verdict } from '../budget/check.js';
import { diffTable, renderDiffTableText, renderNotesText, provenanceLines, signedUsd } from './diff-table.js';
import { provenance } from './provenance.js';
import type { RenderOptions } from './style.js';
import { paragraph } from './layout.js';
import { formatPercent, formatUsd } from './units.js';

/** The version of the workload a file is compared with, and how that went. */
export interface BaseVersion {
  /** The saved report or the base branch's copy of the workload file. */
  file: string;
  /**
   * `compared`: planned and diffed; `added`: the base has no version of this workload (a new file); `failed`: the base
   * version does not plan (its message says why), so nothing is compared against it.
   */
  status: 'compared' | 'added' | 'failed';
  /** Why the base version does not plan (status `failed`); null otherwise. */
  message: string | null;
}

/** One workload file's check, as the renderers see it. */
export interface FileCheck {
  file: string;
  workload: string;
  verdict: Verdict;
  /** 1-based line in the file of each path a check or finding points at, for annotations. */
  lines: Record<string, number>;
  /** The workload's monthly total (each stream in its planned mode, stages included); null when not priced. */
  monthlyUsd: number | null;
  /** The pricing file the workload was costed with; null when it was planned without prices. */
  pricing: PricingRef | null;
  /** The base version the file is compared with; null when no comparison was asked for. */
  base: BaseVersion | null;
}

/** A workload file of the base version with no counterpart among the files checked: deleted by the change. */
export interface DeletedWorkload {
  file: string;
  /** The workload's name; null when the base version does not plan. */
  workload: string | null;
  /** What the deleted workload cost a month; null when unknown. */
  monthlyUsd: number | null;
  /** Why the base version does not plan; null when it does. */
  message: string | null;
}

/** The JSON output of `kinesis-plan check`. */
export interface CheckReport {
  schemaVersion: 1;
  tool: { name: 'kinesis-plan'; version: string };
  /** True when every file passes. */
  pass: boolean;
  /** Which of the plan's findings fail a file (`--fail-on`). */
  failOn: FailOn;
  files: FileCheck[];
  /** Workload files of the base version that the change deletes (`--base-dir`). */
  deleted: DeletedWorkload[];
}

export const LIMIT_WORDS: Record<CheckOutcome['key'], string> = {
  monthlyUsd: 'monthly cost',
  maxShards: 'shards',
  maxThrottledShare: 'throttled share',
  maxIncreaseUsd: 'monthly increase',
  maxIncreasePercent: 'monthly increase (%)',
};

function value(c: CheckOutcome, v: number): string {
  switch (c.key) {
    case 'monthlyUsd':
    case 'maxIncreaseUsd':
      return formatUsd(v);
    case 'maxShards':
      return String(v);
    case 'maxThrottledShare':
    case 'maxIncreasePercent':
      return formatPercent(v);
  }
}

function excess(c: CheckOutcome): string {
  if (c.key === 'maxThrottledShare' || c.key === 'maxIncreasePercent')
    return `${formatPercent(c.excess).replace('%', '')} percentage points`;
  return value(c, c.excess);
}

/** One sentence for a check: what limit, what value, and by how much it is over. */
export function checkMessage(c: CheckOutcome): string {
  const who = c.stream !== undefined ? `stream ${c.stream}: ` : '';
  const from = c.source === 'flag' ? ' (flag)' : ' (budget)';
  if (c.skipped) return `${who}${LIMIT_WORDS[c.key]} not checked: ${c.skipped}`;
  if (c.unknown) return `${who}${LIMIT_WORDS[c.key]} cannot be checked against the limit of ${value(c, c.limit)}${from}: ${c.unknown}`;
  const what =
    c.key === 'maxShards'
      ? `needs ${c.value} shards`
      : c.key === 'maxThrottledShare'
        ? `${formatPercent(c.value)} of write attempts throttled in simulation`
        : c.key === 'maxIncreaseUsd'
          ? `monthly cost ${c.value >= 0 ? '+' : ''}${formatUsd(c.value)} against the baseline`
          : c.key === 'maxIncreasePercent'
            ? `monthly cost ${c.value >= 0 ? '+' : ''}${formatPercent(c.value)} against the baseline`
            : `monthly cost ${formatUsd(c.value)}`;
  if (c.pass) return `${who}${what}, within the limit of ${value(c, c.limit)}${from}`;
  return `${who}${what}, over the limit of ${value(c, c.limit)}${from} by ${excess(c)}`;
}

/** How many checks and findings fail a file. */
export function failureCount(v: Verdict): number {
  return v.checks.filter((c) => !c.pass).length + v.findings.filter((f) => f.isFailing).length;
}

/** What a file's base version says, in one sentence; undefined when it was compared as usual. */
export function baseSentence(base: BaseVersion | null): string | undefined {
  if (!base || base.status === 'compared') return undefined;
  if (base.status === 'added')
    return 'A new workload: the base has no version of it, so nothing is compared.';
  return `The base version does not plan, so nothing is compared: ${base.message ?? 'unknown error'}`;
}

/** A finding's place: its field path and, when known, its line. */
export function findingPlace(f: FindingOutcome, lines: Record<string, number>): string {
  const line = lines[f.path];
  return line === undefined ? f.path : `${f.path} (line ${line})`;
}

/** Terminal output of `check`. */
export function renderCheckText(report: CheckReport, opts: RenderOptions): string {
  const out: string[] = [];
  for (const f of report.files) {
    out.push(
      paragraph(`${opts.style.bold(f.file)} ${opts.style.dim(`(${f.workload})`)}: ${f.verdict.pass ? opts.style.green('pass') : opts.style.red.bold('FAIL')}`, opts.width, '', 2),
    );
    if (f.verdict.checks.length === 0 && f.verdict.findings.length === 0)
      out.push(paragraph('no limits set: add a budget: block or --max-* flags', opts.width, '  '));
    for (const c of f.verdict.checks) {
      const mark = c.skipped
        ? opts.style.dim('skip')
        : c.pass
          ? opts.style.green('ok  ')
          : opts.style.red.bold('FAIL');
      out.push(paragraph(checkMessage(c), opts.width, `  ${mark} `, 7));
    }
    for (const fd of f.verdict.findings) {
      const mark = fd.isFailing ? opts.style.red.bold('FAIL') : opts.style.yellow('note');
      out.push(
        paragraph(`${fd.severity} at ${findingPlace(fd, f.lines)} [${fd.code}]`, opts.width, `  ${mark} `, 7),
        paragraph(fd.message, opts.width, ' '.repeat(7)),
      );
    }
    const base = baseSentence(f.base);
    if (base) out.push(paragraph(base, opts.width, '  '));
    if (f.verdict.diff) {
      const table = diffTable(f.verdict.diff);
      out.push(
        paragraph(`change against ${f.base ? f.base.file : 'the baseline'}:`, opts.width, '  ', 4),
        ...renderDiffTableText(table, opts, 4),
        ...renderNotesText(table.notes, opts.width, 4),
      );
    }
  }
  for (const d of report.deleted) {
    const what =
      d.workload === null
        ? `does not plan: ${d.message ?? 'unknown error'}`
        : `${d.workload}, ${formatUsd(d.monthlyUsd)} a month`;
    out.push(paragraph(`${opts.style.bold(d.file)}: deleted (${what})`, opts.width, '', 2));
  }
  const failed = report.files.filter((f) => !f.verdict.pass).length;
  out.push(
    '',
    report.pass
      ? opts.style.green(`All ${report.files.length} file(s) pass.`)
      : opts.style.red.bold(`${failed} of ${report.files.length} file(s) fail.`),
    ...provenanceLines(
      provenance(
        report.tool.version,
        report.files.map((f) => f.pricing),
      ),
      opts.width,
    ).map((l) => opts.style.dim(l)),
  );
  return `${out.join('\n')}\n`;
}

function escapeProperty(s: string): string {
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function annotation(
  level: 'error' | 'warning' | 'notice',
  file: string | undefined,
  line: number,
  title: string,
  message: string,
): string {
  const where = file === undefined ? '' : `file=${escapeProperty(file)},line=${line},`;
  return `::${level} ${where}title=${escapeProperty(title)}::${escapeData(message)}`;
}

/**
 * GitHub Actions workflow commands, on the workload line each one is about: an `::error` per failed check and per
 * finding that fails the check, a `::warning` per finding reported without failing and per base version that does
 * not plan, a `::notice` per passing file and per deleted workload.
 */
/** The infrastructure file and line a finding's arguments name (IAC_* findings), if any. */
function declarationOf(args: Record<string, unknown>): { file: string; line: number } | undefined {
  return typeof args.file === 'string' && typeof args.line === 'number' ? { file: args.file, line: args.line } : undefined;
}

export function renderCheckGithub(report: CheckReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    for (const c of f.verdict.checks) {
      if (c.pass) continue;
      out.push(
        annotation(
          'error',
          f.file,
          f.lines[c.path] ?? 1,
          `kinesis-plan: ${LIMIT_WORDS[c.key]} ${c.unknown ? 'unknown' : 'over budget'}`,
          checkMessage(c),
        ),
      );
    }
    for (const fd of f.verdict.findings) {
      const title = `kinesis-plan: ${fd.severity} ${fd.code}`;
      // An infrastructure finding (--iac) points at the declaration's file and line when it has one.
      const at = declarationOf(fd.args);
      out.push(
        annotation(
          fd.isFailing ? 'error' : 'warning',
          at?.file ?? f.file,
          at?.line ?? f.lines[fd.path] ?? 1,
          title,
          `${fd.path}: ${fd.message}`,
        ),
      );
    }
    if (f.base?.status === 'failed')
      out.push(
        annotation('warning', f.file, 1, 'kinesis-plan: base version does not plan', baseSentence(f.base)!),
      );
    if (f.verdict.pass) out.push(annotation('notice', f.file, 1, 'kinesis-plan', `${f.workload}: passes`));
  }
  for (const d of report.deleted) {
    const what =
      d.workload === null
        ? `${d.file} is deleted (its base version does not plan)`
        : `${d.workload} (${d.file}) is deleted: ${signedUsd(d.monthlyUsd === null ? null : -d.monthlyUsd)} a month`;
    out.push(annotation('notice', undefined, 1, 'kinesis-plan: workload deleted', what));
  }
  return `${out.join('\n')}\n`;
}
