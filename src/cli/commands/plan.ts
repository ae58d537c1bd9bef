import { EXIT } from '../../errors.js';
import { planWorkload } from '../../plan/index.js';
import { renderJson, toPlanReport } from '../../report/json.js';
import { renderMarkdown } from '../../report/markdown.js';
import { renderText } from '../../report/text.js';
import { parseWorkload } from '../../workload/parse.js';
import { readTextFile } from '../io.js';
import { emit, renderOptions, VERSION } from '../output.js';

export interface PlanOptions {
  format: 'text' | 'json' | 'markdown';
  output?: string | undefined;
}

/** `kinesis-plan plan FILE`: read, plan, render, write. Returns the exit code. */
export async function runPlan(file: string, opts: PlanOptions): Promise<number> {
  const workload = parseWorkload(await readTextFile(file, 'workload file'), file);
  const report = toPlanReport(planWorkload(workload), VERSION);
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json' ? renderJson(report) : opts.format === 'markdown' ? renderMarkdown(report) : renderText(report, renderOptions(toFile));
  await emit(content, opts.output);
  return EXIT.OK;
}
