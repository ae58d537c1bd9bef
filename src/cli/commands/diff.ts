import { diffInputs } from '../../budget/inputs.js';
import { diffReports } from '../../budget/diff.js';
import { EXIT } from '../../errors.js';
import { renderDiffMarkdown, renderDiffText } from '../../report/diff.js';
import { emit, renderOptions, VERSION } from '../output.js';
import { reportOf } from './check.js';
import type { PricingOptions } from './plan.js';

export interface DiffOptions extends PricingOptions {
  format: 'text' | 'json' | 'markdown';
  output?: string | undefined;
}

/**
 * `kinesis-plan diff OLD NEW`: what changed between two workloads or saved reports: the inputs (when both are workload
 * files), then the cost per stream, stage and line.
 */
export async function runDiff(oldFile: string, newFile: string, opts: DiffOptions): Promise<number> {
  const before = await reportOf(oldFile, opts);
  const after = await reportOf(newFile, opts);
  const inputs = before.source && after.source ? diffInputs(before.source, after.source) : null;
  const diff = diffReports(before.report, after.report, inputs);
  const sides = { oldFile, newFile, toolVersion: VERSION };
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json'
      ? `${JSON.stringify({ schemaVersion: 1, tool: { name: 'kinesis-plan', version: VERSION }, old: oldFile, new: newFile, ...diff }, null, 2)}\n`
      : opts.format === 'markdown'
        ? renderDiffMarkdown(diff, sides)
        : renderDiffText(diff, sides, renderOptions(toFile));
  await emit(content, opts.output);
  return EXIT.OK;
}
