import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffInputs } from '../../src/budget/inputs.js';
import { diffReports } from '../../src/budget/diff.js';
import { reportOf } from '../../src/cli/commands/check.js';
import { planFile } from '../../src/cli/commands/plan.js';
import type { CheckReport } from '../../src/report/check.js';
import { renderCheckText } from '../../src/report/check.js';
import { renderDiffText } from '../../src/report/diff.js';
import { stripAnsi } from '../../src/report/layout.js';
import { renderPricingShow } from '../../src/report/pricing.js';
import { renderRightsizeText } from '../../src/report/rightsize.js';
import { renderSimText } from '../../src/report/sim-text.js';
import type { RenderOptions } from '../../src/report/style.js';
import { renderText } from '../../src/report/text.js';
import type { RightsizeReport } from '../../src/rightsize/analyse.js';
import { simulate } from '../../src/sim/index.js';
import { ROOT, runCli, runCliAsync, TEST_SOURCE_DATE_EPOCH } from '../helpers/cli.js';
import { loadShippedPricing, shippedPricingFiles } from '../pricing/shipped.js';

/*
 * Every text report fits the width it is rendered for, down to 80 columns: every example through plan, simulate,
 * check and diff, rightsize with the example exports, and pricing show for each shipped pricing file, at 80 and 120
 * columns. The renderers run in-process (the functions the CLI calls), the check reports come from the CLI's JSON;
 * a few runs of the built CLI with COLUMNS show that the width reaches the renderers. Each example's plan at 80
 * columns is pinned in __snapshots__/width/ for reviewers to see the layout. Run `npm run build` first.
 */

const WIDTHS = [80, 120] as const;
const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => `examples/${f}`);

const plain = (width: number): RenderOptions => ({ style: new Chalk({ level: 0 }), width });
const coloured = (width: number): RenderOptions => ({ style: new Chalk({ level: 2 }), width });

/** The lines of a report wider than the width (colour codes take no room), with their widths. */
function overWidth(text: string, width: number): string[] {
  return stripAnsi(text)
    .split('\n')
    .filter((l) => [...l].length > width)
    .map((l) => `${[...l].length}: ${l}`);
}

/** Asserts the report fits the width, plain and in colour (`render` is called with each). */
function expectFits(render: (opts: RenderOptions) => string, width: number): string {
  const text = render(plain(width));
  expect(overWidth(text, width)).toEqual([]);
  expect(overWidth(render(coloured(width)), width)).toEqual([]);
  return text;
}

let previousEpoch: string | undefined;
let dir: string;
beforeAll(() => {
  // the CLI's today (pricing age) as in the CLI tests
  previousEpoch = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = TEST_SOURCE_DATE_EPOCH;
  dir = mkdtempSync(join(tmpdir(), 'kp-width-'));
});
afterAll(() => {
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = previousEpoch;
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of an example with more traffic (every rate and peak doubled), so that a diff has inputs and costs to show. */
function grownCopy(example: string): string {
  const text = readFileSync(join(ROOT, example), 'utf8').replace(/^(\s+rate:\s*)(\d+(?:\.\d+)?)/gm, (_, key: string, n: string) => `${key}${Number(n) * 2}`);
  const file = join(dir, example.replace(/\//g, '-'));
  writeFileSync(file, text);
  return file;
}

describe.each(EXAMPLES)('%s', (example) => {
  const name = example.replace(/^examples\//, '').replace(/\.yaml$/, '');

  it('plan: fits 80 and 120 columns; the 80-column text is pinned', async () => {
    const { report } = await planFile(example, {});
    for (const width of WIDTHS) expectFits((opts) => renderText(report, opts), width);
    await expect(renderText(report, plain(80))).toMatchFileSnapshot(`__snapshots__/width/${name}.plan.txt`);
  });

  it('simulate (2 min): fits 80 and 120 columns', async () => {
    const { workload, plan } = await planFile(example, {});
    const result = simulate(workload, plan, { seed: 1, durationSec: 120 });
    for (const width of WIDTHS) expectFits((opts) => renderSimText(result, opts), width);
  });

  it('diff against itself and against a copy with more traffic: fits 80 and 120 columns', async () => {
    for (const other of [example, grownCopy(example)]) {
      const before = await reportOf(example, {});
      const after = await reportOf(other, {});
      const diff = diffReports(before.report, after.report, diffInputs(before.source!, after.source!));
      const sides = { oldFile: example, newFile: other, toolVersion: '0.0.0' };
      for (const width of WIDTHS) expectFits((opts) => renderDiffText(diff, sides, opts), width);
    }
  });

  it('check (1 min of simulation, against a copy with more traffic): fits 80 and 120 columns', async () => {
    const baseDir = join(dir, `base-${name}`);
    const copy = join(baseDir, example);
    mkdirSync(join(baseDir, 'examples'), { recursive: true });
    writeFileSync(copy, readFileSync(grownCopy(example), 'utf8'));
    const r = await runCliAsync(['check', example, '--base-dir', baseDir, '--sim-duration', '60', '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as CheckReport;
    for (const width of WIDTHS) expectFits((opts) => renderCheckText(report, opts), width);
  });
});

describe.each(shippedPricingFiles())('pricing show %s', (file) => {
  it('fits 80 and 120 columns', () => {
    const pricing = loadShippedPricing(file);
    for (const width of WIDTHS) expectFits((opts) => renderPricingShow(pricing, opts), width);
  });
});

describe('rightsize', () => {
  it('the example exports: fits 80 and 120 columns', () => {
    const r = runCli(['rightsize', 'examples/cloudwatch/orders.csv', '--shards', '10', '--stream', 'orders', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as RightsizeReport;
    for (const width of WIDTHS) expectFits((opts) => renderRightsizeText(report, opts), width);
  });
});

describe('the built CLI lays its text out for COLUMNS when standard output is not a terminal', () => {
  it('plan, simulate, check, diff and pricing at COLUMNS=80 and 120, the same text as in-process', async () => {
    const runs = await Promise.all(
      WIDTHS.flatMap((width) =>
        [
          ['examples/clickstream-pipeline.yaml'],
          ['simulate', 'examples/hot-key.yaml', '--duration', '2m'],
          ['check', 'test/fixtures/check/grown.yaml', 'examples/app-logs.yaml', '--sim-duration', '60'],
          ['diff', 'examples/clickstream.yaml', 'test/fixtures/check/on-demand-cheaper.yaml'],
          ['pricing', 'list'],
          ['pricing', 'show', 'us-east-1'],
          ['rightsize', 'examples/cloudwatch/orders.csv', '--shards', '10', '--stream', 'orders'],
        ].map(async (args) => ({ args, width, run: await runCliAsync(args, { env: { COLUMNS: String(width) } }) })),
      ),
    );
    for (const { args, width, run } of runs) {
      expect(run.stderr, args.join(' ')).toBe('');
      expect(overWidth(run.stdout, width), `${args.join(' ')} at ${width}`).toEqual([]);
    }
    const { report } = await planFile('examples/clickstream-pipeline.yaml', {});
    for (const width of WIDTHS) {
      const cli = runs.find((r) => r.width === width && r.args.length === 1)!;
      expect(cli.run.stdout).toBe(renderText(report, plain(width)));
    }
  });

  it('without COLUMNS: 80 columns; COLUMNS that is not a positive number is ignored; never narrower than 80', () => {
    const plan = (env: Record<string, string>) => runCli(['examples/clickstream-pipeline.yaml'], { env }).stdout;
    const at80 = plan({});
    expect(plan({ COLUMNS: 'wide' })).toBe(at80);
    expect(plan({ COLUMNS: '0' })).toBe(at80);
    expect(plan({ COLUMNS: '40' })).toBe(at80);
    expect(Math.max(...at80.split('\n').map((l) => [...l].length))).toBe(80);
  });
});
