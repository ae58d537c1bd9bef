import type { ReportDiff } from '../budget/diff.js';
import {
  diffTable,
  markdownCode,
  renderDiffTableMarkdown,
  renderDiffTableText,
  renderNotesText,
  provenanceLines,
} from './diff-table.js';
import { paragraph } from './layout.js';
import { provenance } from './provenance.js';
import type { RenderOptions } from './style.js';

/** The two sides of a diff as given, and the version of the tool that compared them. */
export interface DiffSides {
  oldFile: string;
  newFile: string;
  toolVersion: string;
}

/** `kinesis-plan diff` in the terminal: the shared change table, then the tool and the prices. */
export function renderDiffText(diff: ReportDiff, sides: DiffSides, opts: RenderOptions): string {
  const table = diffTable(diff);
  const out = [
    opts.style.bold(paragraph(`${sides.oldFile} → ${sides.newFile}`, opts.width, '', 2)),
    ...renderDiffTableText(table, opts, 2),
    ...renderNotesText(table.notes, opts.width, 2),
    ...provenanceLines(
      provenance(sides.toolVersion, [diff.pricing.before, diff.pricing.after]),
      opts.width,
    ).map((l) => opts.style.dim(l)),
  ];
  return `${out.join('\n')}\n`;
}

/** `kinesis-plan diff` as Markdown (a pull-request comment): the same table. */
export function renderDiffMarkdown(diff: ReportDiff, sides: DiffSides): string {
  const out = [
    `## kinesis-plan diff: ${markdownCode(sides.oldFile)} → ${markdownCode(sides.newFile)}`,
    '',
    ...renderDiffTableMarkdown(diffTable(diff)),
    '',
    '---',
    `<sub>${provenance(sides.toolVersion, [diff.pricing.before, diff.pricing.after]).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</sub>`,
  ];
  return `${out.join('\n')}\n`;
}
