import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { checkBudget } from '../../src/budget/check.js';
import { diffReports } from '../../src/budget/diff.js';
import { diffInputs } from '../../src/budget/inputs.js';
import { planWorkload } from '../../src/plan/index.js';
import { renderCheckText, type CheckReport } from '../../src/report/check.js';
import { renderDiffMarkdown, renderDiffText } from '../../src/report/diff.js';
import { toPlanReport } from '../../src/report/json.js';
import { parseWorkload } from '../../src/workload/parse.js';
import { ROOT } from '../helpers/cli.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

/*
 * The terminal reports of check and diff at 80 columns: every line fits, labels wrap, values keep their columns.
 * Built with the pure pipeline (parse → plan → report → check), colour off, plus one look with colour on.
 */

const pricing = loadShippedPricing(US_EAST_1);
const plain = { style: new Chalk({ level: 0 }), width: 80 };

function planned(file: string) {
  return plannedText(readFileSync(`${ROOT}${file}`, 'utf8'), file);
}

/** A workload's text planned with the shipped us-east-1 prices, as `check` and `diff` see it. */
function plannedText(text: string, name: string) {
  const workload = parseWorkload(text, name);
  const report = toPlanReport(
    planWorkload(workload, { pricing, pricingLabel: `pricing/${US_EAST_1}` }),
    '9.9.9',
  );
  return { text, workload, report };
}

function checkReport(): CheckReport {
  const base = planned('examples/clickstream.yaml');
  const head = planned('test/fixtures/check/on-demand-cheaper.yaml');
  const hot = planned('examples/hot-key.yaml');
  const clicks = checkBudget({
    report: head.report,
    limits: { monthlyUsd: 200, maxIncreasePercent: 0.1 },
    sources: { monthlyUsd: 'flag', maxIncreasePercent: 'flag' },
    baseline: base.report,
    inputs: diffInputs(base, head),
  });
  const hotKey = checkBudget({
    report: hot.report,
    limits: {},
    sources: {},
    noBaselineReason: 'a new workload',
  });
  const pricingRef = { label: `pricing/${US_EAST_1}`, effectiveDate: '2026-11-22' };
  return {
    schemaVersion: 1,
    tool: { name: 'kinesis-plan', version: '9.9.9' },
    pass: false,
    failOn: 'error',
    files: [
      {
        file: 'pipelines/clicks.yaml',
        workload: 'clickstream',
        verdict: clicks,
        lines: { 'budget.monthlyUsd': 1 },
        monthlyUsd: head.report.totals.monthlyUsd,
        pricing: pricingRef,
        base: { file: 'main:pipelines/clicks.yaml', status: 'compared', message: null },
      },
      {
        file: 'pipelines/hot-key.yaml',
        workload: 'hot-key-telemetry',
        verdict: hotKey,
        lines: { 'streams[0].partitionKeys': 13 },
        monthlyUsd: hot.report.totals.monthlyUsd,
        pricing: pricingRef,
        base: { file: 'main:pipelines/hot-key.yaml', status: 'added', message: null },
      },
    ],
    deleted: [
      { file: 'pipelines/legacy.yaml', workload: 'iot-telemetry', monthlyUsd: 2141.09, message: null },
    ],
  };
}

const widest = (text: string) => Math.max(...text.split('\n').map((l) => l.length));

describe('check and diff in the terminal', () => {
  it('check: every line within 80 columns; the change table under its file', () => {
    const text = renderCheckText(checkReport(), plain);
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).toMatchInlineSnapshot(`
      "pipelines/clicks.yaml (clickstream): FAIL
        FAIL monthly cost $241.31, over the limit of $200.00 (flag) by $41.31
        ok   monthly cost -70.3% against the baseline, within the limit of 10% (flag)
        change against main:pipelines/clicks.yaml:
                                         before               after  change
          inputs changed
            streams[0].records.          3000/s               200/s
            rate
          cost a month
            total                       $813.00             $241.31  −$571.69 (−70.3%)
            stream clicks               $813.00             $241.31  −$571.69 (−70.3%)
              capacity mode         provisioned  On-demand Standard  priced as a whole
          Stream clicks changes capacity mode (provisioned → On-demand Standard): the
          two modes bill different things, so its cost lines are not compared.
      pipelines/hot-key.yaml (hot-key-telemetry): FAIL
        FAIL error at streams[0].partitionKeys (line 13) [HOT_KEY_OVER_SHARD_LIMIT]
             Partition key "gateway-eu-1" alone writes 4,000 records/s (2.33 MiB/s) at
             peak, 400% of one shard's 1,000 records/s. A key always lands on one
             shard, so no shard count fixes this: salt the key into 5 sub-keys (e.g.
             key#0 … key#4). Salting it is not enough at 20 shards: the hottest shard
             would still run at 150.8% of its limit at peak (over its limit); with the
             key salted the stream needs 109 shards. Salting finer, every key above
             5.2% of a shard's limit ("gateway-eu-1") into sub-keys of at most that
             (77 sub-keys in all), needs 27 shards (the hottest of 20 at 106.7% of its
             limit at peak).
        A new workload: the base has no version of it, so nothing is compared.
      pipelines/legacy.yaml: deleted (iot-telemetry, $2,141.09 a month)

      2 of 2 file(s) fail.
      kinesis-plan 9.9.9
      prices: pricing/us-east-1.2026-11-22.json (effective 2026-11-22)
      "
    `);
  });

  it('diff: long labels wrap and values are never cut at 80 columns', () => {
    const before = planned('examples/clickstream-pipeline.yaml');
    const text = readFileSync(`${ROOT}examples/clickstream-pipeline.yaml`, 'utf8').replace(
      /rate: 3000\/s/,
      'rate: 4500/s',
    );
    const after = plannedText(text, 'after.yaml');
    const diff = diffReports(before.report, after.report, diffInputs(before, after));
    const out = renderDiffText(
      diff,
      {
        oldFile: 'main:pipelines/clickstream.yaml',
        newFile: 'pipelines/clickstream.yaml',
        toolVersion: '9.9.9',
      },
      plain,
    );
    expect(widest(out)).toBeLessThanOrEqual(80);
    expect(out).not.toContain('…');
    // the Firehose and Flink stages are broken into their lines, under their own rows
    expect(out).toMatch(/^ {4}Firehose clicks-to-s3 +\$[\d,.]+ +\$[\d,.]+ +\+\$[\d,.]+ \(\+[\d.]+%\)$/m);
    expect(out).toMatch(/^ {4}Flink anomaly-detector +\$[\d,.]+ +\$[\d,.]+ +\+\$[\d,.]+ \(\+[\d.]+%\)$/m);
  });

  it('with colour: headings and the total in bold, the tool line dim', () => {
    const out = renderCheckText(checkReport(), { style: new Chalk({ level: 1 }), width: 80 });
    expect(out).toContain('    \u001b[1minputs changed          \u001b[22m');
    expect(out).toContain('\u001b[2mkinesis-plan 9.9.9');
  });

  it('a stream added and a stage deleted are named as such, with their lines', () => {
    const before = planned('examples/clickstream-pipeline.yaml');
    const source = readFileSync(`${ROOT}examples/clickstream-pipeline.yaml`, 'utf8');
    // drop the Flink application (the flink: block to the end of its item) and add a second stream
    const withoutFlink = source.replace(/\nflink:\n(?: {2}.*\n|\n)*/, '\n');
    const text = withoutFlink.replace(
      'streams:\n',
      'streams:\n  - name: audit\n    records:\n      size: 512\n      rate: 10/s\n',
    );
    const after = plannedText(text, 'after.yaml');
    const diff = diffReports(before.report, after.report, diffInputs(before, after));
    const md = renderDiffMarkdown(diff, { oldFile: 'a.yaml', newFile: 'b.yaml', toolVersion: '9.9.9' });
    expect(md).toContain('| `streams[0]` | not set | `audit` | added |');
    expect(md).toContain('| `flink[0]` | `anomaly-detector` | not set | removed |');
    expect(md).toMatch(/^\| stream `audit` \(added\) \| \$0\.00 \| \$[\d.]+ \| \+\$[\d.]+ \(new\) \|$/m);
    expect(md).toMatch(
      /^\| Flink `anomaly-detector` \(deleted\) \| \$507\.03 \| \$0\.00 \| −\$507\.03 \(−100%\) \|$/m,
    );
    expect(md).toMatch(
      /^\| &nbsp;&nbsp;Flink KPUs \(\d+ \+ 1 orchestration\) \| \$[\d.]+ \| \$0\.00 \| −\$[\d.]+ \(−100%\) \|$/m,
    );
  });
});
