import type { FailOn } from '../budget/check.js';
import {
  baseSentence,
  checkMessage,
  failureCount,
  LIMIT_WORDS,
  type CheckReport,
  type FileCheck,
} from './check.js';
import { changeText, diffTable, markdownCode, renderDiffTableMarkdown, signedUsd } from './diff-table.js';
import { markdownCell } from './markdown-cell.js';
import { provenance } from './provenance.js';
import { formatUsd } from './units.js';

/*
 * The pull-request comment (and job summary) of `check`, ordered for a reviewer: the verdict, one row per workload,
 * then each failing workload open with why it fails and what changed, passing ones folded, and the tool and prices
 * last.
 */

const FAIL_ON_WORDS: Record<FailOn, string> = {
  error: 'fails on budget limits and error findings',
  warning: 'fails on budget limits, error and warning findings',
  none: 'fails on budget limits only',
};

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Prose for Markdown: a `<` would open an HTML tag. */
function prose(text: string): string {
  return text.replace(/</g, '&lt;');
}

function changeCell(f: FileCheck): string {
  if (f.verdict.diff) return markdownCell(changeText(f.verdict.diff.totals));
  if (f.base?.status === 'added') return 'new workload';
  if (f.base?.status === 'failed') return 'base does not plan';
  return '—';
}

function failureLines(f: FileCheck): string[] {
  const out: string[] = [];
  for (const fd of f.verdict.findings) {
    const line = f.lines[fd.path];
    const where = `${markdownCode(fd.path)}${line === undefined ? '' : ` (line ${line})`}`;
    const mark = fd.isFailing ? '❌' : '⚠️';
    out.push(`- ${mark} **${fd.severity}** at ${where}: ${prose(fd.message)} \`${fd.code}\``);
  }
  for (const c of f.verdict.checks)
    if (!c.pass) out.push(`- ❌ **${LIMIT_WORDS[c.key]}**: ${prose(checkMessage(c))}`);
  return out;
}

function checkLines(f: FileCheck): string[] {
  return f.verdict.checks
    .filter((c) => c.pass)
    .map((c) => `- ${c.skipped ? '⏭️' : '✅'} **${LIMIT_WORDS[c.key]}**: ${prose(checkMessage(c))}`);
}

function changeSection(f: FileCheck): string[] {
  const out: string[] = [];
  const base = baseSentence(f.base);
  if (base) out.push(`${f.base?.status === 'failed' ? '⚠️ ' : ''}${prose(base)}`, '');
  if (f.verdict.diff) {
    const against = f.base ? markdownCode(f.base.file) : 'the baseline';
    out.push(`**Change against ${against}**`, '', ...renderDiffTableMarkdown(diffTable(f.verdict.diff)), '');
  }
  return out;
}

function fileSection(f: FileCheck): string[] {
  const title = `${markdownCode(f.workload)} (${markdownCode(f.file)})`;
  const held = checkLines(f);
  if (!f.verdict.pass) {
    const n = failureCount(f.verdict);
    const out = [
      `### ❌ ${title}: ${n} failure${n === 1 ? '' : 's'}`,
      '',
      ...failureLines(f),
      '',
      ...changeSection(f),
    ];
    if (held.length > 0)
      out.push(
        `<details><summary>Checks that hold (${held.length})</summary>`,
        '',
        ...held,
        '',
        '</details>',
        '',
      );
    return out;
  }
  const summary = `✅ <code>${html(f.workload)}</code> (<code>${html(f.file)}</code>): passes`;
  const body = [...failureLines(f), ...held];
  if (body.length === 0) body.push('- no limits set: add a `budget:` block or `--max-*` flags');
  return [`<details><summary>${summary}</summary>`, '', ...body, '', ...changeSection(f), '</details>', ''];
}

/** A pull-request comment: the verdict and a row per workload first, failing workloads open, passing ones folded. */
export function renderCheckMarkdown(report: CheckReport): string {
  const failed = report.files.filter((f) => !f.verdict.pass).length;
  const total = report.files.length;
  const headline = report.pass
    ? `✅ ${total === 1 ? 'the workload passes' : `all ${total} workloads pass`}`
    : `❌ ${failed} of ${total} workload${total === 1 ? '' : 's'} fail${failed === 1 ? 's' : ''}`;
  const out = [`## kinesis-plan check: ${headline}`, ''];
  out.push('| | workload | file | monthly cost | change |', '| --- | --- | --- | ---: | ---: |');
  for (const f of report.files) {
    const mark = f.verdict.pass ? '✅' : '❌';
    out.push(
      `| ${mark} | ${markdownCode(f.workload)} | ${markdownCode(f.file)} | ${formatUsd(f.monthlyUsd)} | ${changeCell(f)} |`,
    );
  }
  for (const d of report.deleted) {
    const change = d.monthlyUsd === null ? 'deleted' : `${signedUsd(-d.monthlyUsd)} (deleted)`;
    out.push(
      `| 🗑️ | ${d.workload === null ? '—' : markdownCode(d.workload)} | ${markdownCode(d.file)} | — | ${change} |`,
    );
  }
  out.push('');
  for (const f of report.files.filter((x) => !x.verdict.pass)) out.push(...fileSection(f));
  for (const f of report.files.filter((x) => x.verdict.pass)) out.push(...fileSection(f));
  for (const d of report.deleted.filter((x) => x.workload === null)) {
    out.push(
      `🗑️ ${markdownCode(d.file)} is deleted; its base version does not plan: ${prose(d.message ?? 'unknown error')}`,
      '',
    );
  }
  out.push(
    '---',
    `<sub>${html(
      provenance(
        report.tool.version,
        report.files.map((f) => f.pricing),
      ),
    )} · ${FAIL_ON_WORDS[report.failOn]}</sub>`,
  );
  return `${out.join('\n')}\n`;
}
