import type { IacFigure, IacRow } from '../iac/compare.js';
import { markdownCell } from './markdown-cell.js';
import type { RenderOptions } from './style.js';
import { definition, paragraph } from './layout.js';
import { formatNumber } from './units.js';

const PART_WORDS: Record<IacRow['part'], string> = {
  stream: 'stream',
  firehose: 'Firehose stream',
  flink: 'Flink application',
};

function valueText(v: number | string | null): string {
  if (v === null) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}

function declaredText(f: IacFigure): string {
  return f.declared === null && f.whyUnknown !== undefined
    ? `unknown (${f.whyUnknown})`
    : valueText(f.declared);
}

/** The infrastructure beside the workload, in the terminal: one block per declared part, a line per figure. */
export function renderIacText(rows: readonly IacRow[], opts: RenderOptions): string {
  const out = [opts.style.bold('Infrastructure: declared beside needed')];
  if (rows.length === 0) out.push(paragraph('no part of the workload is declared in the files given', opts.width, '  '));
  for (const r of rows) {
    const head = `${PART_WORDS[r.part]} ${r.name} ← ${r.at.resource} (${r.at.file}:${r.at.line})`;
    out.push(paragraph(head, opts.width, '  ', 4).replace(r.name, opts.style.bold(r.name)));
    const labelWidth = Math.max(...r.figures.map((f) => f.figure.length));
    for (const f of r.figures) {
      out.push(definition(f.figure, `declared ${declaredText(f)}, needed ${valueText(f.needed)}`, opts.width, 4, labelWidth + 1));
    }
  }
  return `${out.join('\n')}\n`;
}

/** The same as a Markdown table. */
export function renderIacMarkdown(rows: readonly IacRow[]): string {
  const out = [
    '## Infrastructure: declared beside needed',
    '',
    '| part | resource | figure | declared | needed |',
    '| --- | --- | --- | ---: | ---: |',
  ];
  for (const r of rows) {
    for (const f of r.figures) {
      out.push(
        `| ${PART_WORDS[r.part]} \`${markdownCell(r.name)}\` | \`${markdownCell(r.at.resource)}\` (${markdownCell(`${r.at.file}:${r.at.line}`)}) | ${f.figure} | ${markdownCell(declaredText(f))} | ${valueText(f.needed)} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
