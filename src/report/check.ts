import type { CheckOutcome, Verdict } from '../budget/check.js';
import type { Change, ReportDiff } from '../budget/diff.js';
import type { RenderOptions } from './style.js';
import { formatPercent, formatUsd } from './units.js';
import { markdownCell } from './markdown-cell.js';

/** One workload file's check, as the renderers see it. */
export interface FileCheck {
  file: string;
  workload: string;
  verdict: Verdict;
  /** 1-based line in the file that each failed check points at (by path), for annotations. */
  lines: Record<string, number>;
}

/** The JSON output of `kinesis-plan check`. */
export interface CheckReport {
  schemaVersion: 1;
  pass: boolean;
  files: FileCheck[];
}

const LIMIT_WORDS: Record<CheckOutcome['key'], string> = {
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
  if (c.key === 'maxThrottledShare' || c.key === 'maxIncreasePercent') return `${formatPercent(c.excess).replace('%', '')} percentage points`;
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

function signedUsd(v: number | null): string {
  if (v === null) return 'unknown';
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatUsd(Math.abs(v))}`;
}

function signedPercent(c: Change): string {
  if (c.deltaFraction === null) return c.before === 0 && (c.after ?? 0) > 0 ? 'new' : '—';
  return `${c.deltaFraction > 0 ? '+' : c.deltaFraction < 0 ? '−' : '±'}${formatPercent(Math.abs(c.deltaFraction))}`;
}

function diffLines(diff: ReportDiff): string[] {
  const out: string[] = [];
  out.push(`  total: ${formatUsd(diff.totals.before)} → ${formatUsd(diff.totals.after)} (${signedUsd(diff.totals.deltaUsd)}, ${signedPercent(diff.totals)})`);
  for (const s of diff.streams) {
    if (s.status === 'unchanged') continue;
    out.push(
      `  stream ${s.name} (${s.status}): shards ${s.shards.before ?? '—'} → ${s.shards.after ?? '—'}, ${formatUsd(s.monthlyUsd.before)} → ${formatUsd(s.monthlyUsd.after)} (${signedUsd(s.monthlyUsd.deltaUsd)}, ${signedPercent(s.monthlyUsd)})`,
    );
    for (const l of s.lines) {
      if (l.deltaUsd === 0) continue;
      out.push(`    ${l.item}: ${formatUsd(l.before)} → ${formatUsd(l.after)} (${signedUsd(l.deltaUsd)}, ${signedPercent(l)})`);
    }
  }
  for (const st of diff.stages) {
    if (st.monthlyUsd.deltaUsd === 0) continue;
    out.push(`  ${st.kind} ${st.name}: ${formatUsd(st.monthlyUsd.before)} → ${formatUsd(st.monthlyUsd.after)} (${signedUsd(st.monthlyUsd.deltaUsd)})`);
  }
  return out;
}

/** Terminal output of `check`. */
export function renderCheckText(report: CheckReport, opts: RenderOptions): string {
  const out: string[] = [];
  for (const f of report.files) {
    out.push(`${opts.style.bold(f.file)} ${opts.style.dim(`(${f.workload})`)}: ${f.verdict.pass ? opts.style.green('pass') : opts.style.red.bold('FAIL')}`);
    if (f.verdict.checks.length === 0) out.push('  no limits set: add a budget: block or --max-* flags');
    for (const c of f.verdict.checks) {
      const mark = c.skipped ? opts.style.dim('skip') : c.pass ? opts.style.green('ok  ') : opts.style.red.bold('FAIL');
      out.push(`  ${mark} ${checkMessage(c)}`);
    }
    if (f.verdict.diff) out.push(`  change against the baseline:`, ...diffLines(f.verdict.diff).map((l) => `  ${l}`));
  }
  const failed = report.files.filter((f) => !f.verdict.pass).length;
  out.push('', report.pass ? opts.style.green(`All ${report.files.length} file(s) within budget.`) : opts.style.red.bold(`${failed} of ${report.files.length} file(s) over budget.`));
  return `${out.join('\n')}\n`;
}


/** A pull-request comment: summary table first, details folded. */
export function renderCheckMarkdown(report: CheckReport): string {
  const out: string[] = [];
  out.push(`## kinesis-plan budget check: ${report.pass ? '✅ pass' : '❌ fail'}`, '');
  out.push('| file | workload | result | monthly cost | change |', '| --- | --- | --- | ---: | ---: |');
  for (const f of report.files) {
    const cost = f.verdict.checks.find((c) => c.key === 'monthlyUsd');
    const d = f.verdict.diff?.totals;
    out.push(
      `| ${markdownCell(f.file)} | ${markdownCell(f.workload)} | ${f.verdict.pass ? '✅ pass' : '❌ fail'} | ${cost?.unknown ? 'unknown' : cost && !cost.skipped ? formatUsd(cost.value) : d ? formatUsd(d.after) : '—'} | ${d ? `${signedUsd(d.deltaUsd)} (${signedPercent(d)})` : '—'} |`,
    );
  }
  out.push('');
  for (const f of report.files) {
    out.push(`<details${f.verdict.pass ? '' : ' open'}><summary><b>${markdownCell(f.file)}</b>: ${f.verdict.pass ? 'all checks pass' : `${f.verdict.checks.filter((c) => !c.pass).length} check(s) fail`}</summary>`, '');
    out.push('| check | result |', '| --- | --- |');
    for (const c of f.verdict.checks) out.push(`| ${LIMIT_WORDS[c.key]} | ${c.skipped ? '⏭️' : c.pass ? '✅' : '❌'} ${markdownCell(checkMessage(c))} |`);
    if (f.verdict.checks.length === 0) out.push('| — | no limits set |');
    if (f.verdict.diff) {
      out.push('', '**Change against the baseline**', '', '```', ...diffLines(f.verdict.diff).map((l) => l.slice(2)), '```');
    }
    out.push('', '</details>', '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function escapeProperty(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub Actions workflow commands: one `::error` per failed check, on the workload line that breaks it. */
export function renderCheckGithub(report: CheckReport): string {
  const out: string[] = [];
  for (const f of report.files) {
    for (const c of f.verdict.checks) {
      if (c.pass) continue;
      const line = f.lines[c.path] ?? 1;
      out.push(`::error file=${escapeProperty(f.file)},line=${line},title=${escapeProperty(`kinesis-plan: ${LIMIT_WORDS[c.key]} ${c.unknown ? 'unknown' : 'over budget'}`)}::${escapeData(checkMessage(c))}`);
    }
    if (f.verdict.pass) out.push(`::notice file=${escapeProperty(f.file)},line=1,title=kinesis-plan::${escapeData(`${f.workload}: within budget`)}`);
  }
  return `${out.join('\n')}\n`;
}

/** `kinesis-plan diff` in the terminal. */
export function renderDiffText(diff: ReportDiff, oldFile: string, newFile: string, opts: RenderOptions): string {
  return `${opts.style.bold(`${oldFile} → ${newFile}`)}\n${diffLines(diff).join('\n')}\n`;
}

/** `kinesis-plan diff` as a pull-request comment. */
export function renderDiffMarkdown(diff: ReportDiff, oldFile: string, newFile: string): string {
  const out = [`## kinesis-plan diff: \`${oldFile}\` → \`${newFile}\``, ''];
  out.push('| | before | after | change |', '| --- | ---: | ---: | ---: |');
  out.push(`| **total a month** | ${formatUsd(diff.totals.before)} | ${formatUsd(diff.totals.after)} | ${signedUsd(diff.totals.deltaUsd)} (${signedPercent(diff.totals)}) |`);
  for (const s of diff.streams) {
    out.push(`| stream \`${markdownCell(s.name)}\` (${s.status}) | ${formatUsd(s.monthlyUsd.before)} | ${formatUsd(s.monthlyUsd.after)} | ${signedUsd(s.monthlyUsd.deltaUsd)} (${signedPercent(s.monthlyUsd)}) |`);
    out.push(`| &nbsp;&nbsp;shards | ${s.shards.before ?? '—'} | ${s.shards.after ?? '—'} | ${s.shards.before !== null && s.shards.after !== null ? `${s.shards.after - s.shards.before >= 0 ? '+' : ''}${s.shards.after - s.shards.before}` : '—'} |`);
    for (const l of s.lines) {
      if (l.deltaUsd === 0) continue;
      out.push(`| &nbsp;&nbsp;${markdownCell(l.item)} | ${formatUsd(l.before)} | ${formatUsd(l.after)} | ${signedUsd(l.deltaUsd)} (${signedPercent(l)}) |`);
    }
  }
  for (const st of diff.stages) {
    out.push(`| ${st.kind} \`${markdownCell(st.name)}\` | ${formatUsd(st.monthlyUsd.before)} | ${formatUsd(st.monthlyUsd.after)} | ${signedUsd(st.monthlyUsd.deltaUsd)} (${signedPercent(st.monthlyUsd)}) |`);
  }
  return `${out.join('\n')}\n`;
}
