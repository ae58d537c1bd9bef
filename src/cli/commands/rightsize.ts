import { EXIT } from '../../errors.js';
import { renderRightsizeJson, renderRightsizeMarkdown, renderRightsizeText } from '../../report/rightsize.js';
import { rightsize } from '../../rightsize/analyse.js';
import { parseExports } from '../../rightsize/exports.js';
import type { CapacityMode } from '../../workload/schema.js';
import { workloadToYaml } from '../../workload/to-yaml.js';
import { readTextFile, writeFileAtomic } from '../io.js';
import { emit, renderOptions, VERSION } from '../output.js';
import { loadPricing } from '../pricing.js';

export interface RightsizeCliOptions {
  shards?: number | undefined;
  mode?: CapacityMode | undefined;
  region: string;
  pricing?: string | undefined;
  stream: string;
  headroom: number;
  monthHours?: number | undefined;
  format: 'text' | 'json' | 'markdown';
  output?: string | undefined;
  writeWorkload?: string | undefined;
}

/** `kinesis-plan rightsize FILE...`: read CloudWatch exports, right-size and price the stream, write the report. */
export async function runRightsize(files: string[], opts: RightsizeCliOptions): Promise<number> {
  const texts = await Promise.all(
    files.map(async (name) => ({ name, text: await readTextFile(name, 'CloudWatch export') })),
  );
  const exports = parseExports(texts);
  const { pricing } = await loadPricing({ pricingFile: opts.pricing, region: opts.region });
  const report = rightsize(exports, {
    shards: opts.shards,
    mode: opts.mode ?? (opts.shards !== undefined ? 'provisioned' : undefined),
    headroom: opts.headroom,
    streamName: opts.stream,
    region: opts.region,
    monthHours: opts.monthHours ?? 730,
    pricing,
  });
  if (opts.writeWorkload !== undefined) {
    await writeFileAtomic(opts.writeWorkload, workloadToYaml(report.workload));
    process.stderr.write(`kinesis-plan: wrote ${opts.writeWorkload}\n`);
  }
  const toFile = opts.output !== undefined && opts.output !== '-';
  const content =
    opts.format === 'json'
      ? renderRightsizeJson(report, VERSION)
      : opts.format === 'markdown'
        ? renderRightsizeMarkdown(report)
        : renderRightsizeText(report, renderOptions(toFile));
  await emit(content, opts.output);
  return EXIT.OK;
}
