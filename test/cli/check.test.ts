import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Text with every run of whitespace as one space: the terminal report wraps messages to its width. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

const F = 'test/fixtures/check';
let dir: string;
let base: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kp-check-'));
  base = join(dir, 'base.json');
  const r = runCli(['plan', `${F}/within-budget.yaml`, '--format', 'json', '--output', base]);
  expect(r.code).toBe(0);
});

describe('kinesis-plan check', () => {
  it('within budget: exit 0', () => {
    const r = runCli(['check', `${F}/within-budget.yaml`]);
    expect(r.code).toBe(0);
    // 2 shards × 730 h × $0.015 = $21.90; the average 500 records/s × 2,628,000 s = 1.314e9 PUT payload units
    // (1 KiB + 36 B < 25 KiB: one each) × $0.014 per million = $18.396; total $21.90 + $18.396 = $40.296 → $40.30.
    expect(r.stdout).toContain('ok   monthly cost $40.30, within the limit of $500.00 (budget)');
    expect(r.stdout).toContain('ok   stream orders: needs 2 shards, within the limit of 10 (budget)');
  });

  it('over budget in dollars: exit 1, says the limit, the value and by how much', () => {
    const r = runCli(['check', `${F}/over-dollars.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL monthly cost $40.30, over the limit of $20.00 (budget) by $20.30');
  });

  it('over budget in shards: exit 1', () => {
    const r = runCli(['check', `${F}/over-shards.yaml`]);
    expect(r.code).toBe(1);
    // peak 1,000 records/s × (1,024 + 36) B = 1,060,000 B/s ÷ 1,048,576 × 1.2 = 1.21 → 2 shards
    expect(r.stdout).toContain('FAIL stream orders: needs 2 shards, over the limit of 1 (budget) by 1');
  });

  it('over budget in throttled share: the simulator runs, exit 1', () => {
    const r = runCli(['check', `${F}/throttled.yaml`, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { pass: boolean; files: { verdict: { checks: { key: string; value: number; limit: number; pass: boolean }[] } }[] };
    const c = report.files[0]!.verdict.checks.find((x) => x.key === 'maxThrottledShare')!;
    // 2 shards take 2,000 records/s; the 3x spike offers 3,600/s for a minute: well over 0.1 % of attempts throttle.
    expect(c.limit).toBeCloseTo(0.001, 12);
    expect(c.value).toBeGreaterThan(0.1);
    expect(c.pass).toBe(false);
  });

  it('flags win over the budget block', () => {
    const r = runCli(['check', `${F}/over-dollars.yaml`, '--max-monthly-usd', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok   monthly cost $40.30, within the limit of $100.00 (flag)');
  });

  it('an increase over the limit against a baseline: exit 1 with the change per stream and per line', () => {
    const r = runCli(['check', `${F}/grown.yaml`, '--compare-to', base]);
    expect(r.code).toBe(1);
    // 1,000 records/s average: PUT units double ($18.40 → $36.79); peak 2,000/s × 1,060 B ÷ 1 MiB × 1.2 = 2.43 → 3 shards ($21.90 → $32.85)
    expect(flat(r.stdout)).toContain('FAIL monthly cost +$29.35 against the baseline, over the limit of $10.00 (budget) by $19.35');
    expect(flat(r.stdout)).toContain('FAIL monthly cost +72.8% against the baseline, over the limit of 50% (budget) by 22.8 percentage points');
    // the shared change table: a saved report has no inputs to compare; then the cost, stream by stream, line by line
    expect(flat(r.stdout)).toContain('Inputs not compared: a saved JSON report holds the results of a plan, not the workload file.');
    expect(r.stdout).toMatch(/^ {6}total +\$40\.30 +\$69\.64 +\+\$29\.35 \(\+72\.8%\)$/m);
    expect(r.stdout).toMatch(/^ {6}stream orders +\$40\.30 +\$69\.64 +\+\$29\.35 \(\+72\.8%\)$/m);
    expect(r.stdout).toMatch(/^ {8}shards +2 +3 +\+1$/m);
    expect(r.stdout).toMatch(/^ {8}Shard hours +\$21\.90 +\$32\.85 +\+\$10\.95 \(\+50%\)$/m);
  });

  it('several files at once give one combined summary, and fail when one fails', () => {
    const r = runCli(['check', `${F}/within-budget.yaml`, `${F}/over-shards.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${F}/within-budget.yaml (orders): pass`);
    expect(r.stdout).toContain(`${F}/over-shards.yaml (orders): FAIL`);
    expect(r.stdout).toContain('1 of 2 file(s) fail.');
    // the tool and its prices: one line when it fits the width, else one part a line (80 columns here)
    expect(r.stdout).toMatch(/^kinesis-plan \d+\.\d+\.\d+\nprices: pricing\/us-east-1\.\d{4}-\d{2}-\d{2}\.json \(effective \d{4}-\d{2}-\d{2}\)$/m);
  });

  it('markdown: a pull-request comment, summary table first', async () => {
    const r = runCli(['check', `${F}/within-budget.yaml`, `${F}/over-shards.yaml`, '--format', 'markdown']);
    expect(r.code).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/check.md');
  });

  it('github: annotations on the failing line, and a job summary', async () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const r = runCli(['check', `${F}/over-dollars.yaml`, `${F}/over-shards.yaml`, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/check-github.txt');
    // budget.monthlyUsd is on line 15 of over-dollars.yaml (budget: on 14); streams[0] starts on line 5
    expect(r.stdout).toContain(`::error file=${F}/over-dollars.yaml,line=15,`);
    expect(r.stdout).toContain(`::error file=${F}/over-shards.yaml,line=5,`);
    expect(readFileSync(summary, 'utf8')).toContain('## kinesis-plan check: ❌ 2 of 2 workloads fail');
  });

  it('json output', () => {
    const r = runCli(['check', `${F}/within-budget.yaml`, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { schemaVersion: number; pass: boolean; files: unknown[] };
    expect(report).toMatchObject({ schemaVersion: 1, pass: true });
    expect(report.files).toHaveLength(1);
  });

  it('a malformed baseline: exit 2 with a located message', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schemaVersion": 2, "streams": []}\n');
    const r = runCli(['check', `${F}/grown.yaml`, '--compare-to', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kinesis-plan: ${bad}:1:19 schemaVersion: must be 1, got 2. Hint: a baseline is the JSON report of \`kinesis-plan plan\` (schemaVersion: 1); save one with \`kinesis-plan plan WORKLOAD --format json --output base.json\`.\n`,
    );
  });

  it.each([
    [['--max-shards', 'many'], "error: option '--max-shards <n>' argument 'many' is invalid. expected a whole number ≥ 1."],
    [['--max-monthly-usd', '-5'], "error: option '--max-monthly-usd <usd>' argument '-5' is invalid. expected a number ≥ 0."],
    [['--max-increase-percent', 'ten'], "error: option '--max-increase-percent <percent>' argument 'ten' is invalid. expected a percentage such as 10 or 10%."],
    [['--format', 'html'], "error: option '-f, --format <format>' argument 'html' is invalid. Allowed choices are text, json, markdown, github."],
  ])('bad flag %j: exit 2', (flags, message) => {
    const r = runCli(['check', `${F}/within-budget.yaml`, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(message);
  });
});

describe("kinesis-plan check sees the plan's findings", () => {
  it('an error finding fails the check (--fail-on error, the default), named in every format, on its line', () => {
    const r = runCli(['check', 'examples/hot-key.yaml', '--max-monthly-usd', '5000', '--fail-on', 'error']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ok   monthly cost $513.34, within the limit of $5,000.00 (flag)');
    // partitionKeys: is on line 13 of examples/hot-key.yaml
    expect(r.stdout).toContain('FAIL error at streams[0].partitionKeys (line 13) [HOT_KEY_OVER_SHARD_LIMIT]');
    expect(flat(r.stdout)).toContain('Partition key "gateway-eu-1" alone writes 4,000 records/s');
    expect(runCli(['check', 'examples/hot-key.yaml']).code).toBe(1);
    const gh = runCli(['check', 'examples/hot-key.yaml', '--format', 'github']);
    expect(gh.stdout).toMatch(/^::error file=examples\/hot-key\.yaml,line=13,title=kinesis-plan%3A error HOT_KEY_OVER_SHARD_LIMIT::streams\[0\]\.partitionKeys: Partition key "gateway-eu-1"/m);
    const md = runCli(['check', 'examples/hot-key.yaml', '--format', 'markdown']);
    expect(md.stdout).toContain('- ❌ **error** at `streams[0].partitionKeys` (line 13): Partition key "gateway-eu-1"');
    const json = JSON.parse(runCli(['check', 'examples/hot-key.yaml', '--format', 'json']).stdout) as CheckJson;
    expect(json.files[0]!.verdict.findings.map((f) => [f.code, f.isFailing])).toEqual([['HOT_KEY_OVER_SHARD_LIMIT', true]]);
  });

  it('--fail-on none still reports the error and passes; --fail-on warning fails on a warning', () => {
    const none = runCli(['check', 'examples/hot-key.yaml', '--fail-on', 'none']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('note error at streams[0].partitionKeys (line 13) [HOT_KEY_OVER_SHARD_LIMIT]');
    // within-budget.yaml has one warning (aggregation would pay) and no error
    expect(runCli(['check', `${F}/within-budget.yaml`]).code).toBe(0);
    const warning = runCli(['check', `${F}/within-budget.yaml`, '--fail-on', 'warning']);
    expect(warning.code).toBe(1);
    expect(warning.stdout).toContain('FAIL warning at streams[0].producer (line 5) [AGGREGATION_RECOMMENDED]');
  });

  it('every example with an error finding fails; the summary counts them', () => {
    const r = runCli(['check', 'examples/app-logs.yaml', 'examples/clickstream.yaml', 'examples/hot-key.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('2 of 3 file(s) fail.');
    // One error each: app-logs' seven keys over a shard's limit are one finding, and so is hot-key's one key.
    expect(r.stdout.match(/FAIL error at/g)).toHaveLength(2);
  });
});

describe('kinesis-plan check --base-dir: the base version of each file', () => {
  let tree: string;
  beforeAll(() => {
    // The base has orders (smaller), clicks and legacy (deleted in the change), and a broken copy of broken.yaml;
    // the change adds hot-key.yaml.
    tree = mkdtempSync(join(tmpdir(), 'kp-base-'));
    for (const d of ['pipelines', 'base/pipelines']) mkdirSync(join(tree, d), { recursive: true });
    const put = (from: string, to: string) => copyFileSync(from, join(tree, to));
    put(`${F}/within-budget.yaml`, 'base/pipelines/orders.yaml');
    put(`${F}/grown.yaml`, 'pipelines/orders.yaml');
    put('examples/clickstream.yaml', 'base/pipelines/clicks.yaml');
    put(`${F}/on-demand-cheaper.yaml`, 'pipelines/clicks.yaml');
    put('examples/iot-telemetry.yaml', 'base/pipelines/legacy.yaml');
    put(`${F}/does-not-plan.yaml`, 'base/pipelines/broken.yaml');
    put(`${F}/within-budget.yaml`, 'pipelines/broken.yaml');
    put('examples/hot-key.yaml', 'pipelines/hot-key.yaml');
  });
  const files = ['pipelines/broken.yaml', 'pipelines/clicks.yaml', 'pipelines/hot-key.yaml', 'pipelines/orders.yaml'];

  it('compares each file with its copy, reports new, deleted and unplannable base versions, and is not stopped by them', () => {
    const r = runCli(['check', ...files, '--base-dir', 'base', '--base-label', 'main', '--format', 'json'], { cwd: tree });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as CheckJson;
    expect(report.files.map((f) => [f.file, f.base?.status, f.verdict.pass])).toEqual([
      ['pipelines/broken.yaml', 'failed', true],
      ['pipelines/clicks.yaml', 'compared', true],
      ['pipelines/hot-key.yaml', 'added', false],
      ['pipelines/orders.yaml', 'compared', false],
    ]);
    expect(report.files[0]!.base!.message).toBe(
      'main:pipelines/broken.yaml:8:13 streams[0].records.size: unknown size unit "KG" in "1 KG". Hint: a size such as 512, 2 KiB, 1.5 MB or 4 MiB (KB = 1,000 B, KiB = 1,024 B; a plain number is bytes).',
    );
    // iot-telemetry's base plan: 55 shards (the analytic 99th-percentile skew), $2,141.09 a month (52 shards gave
    // $2,064.44; 3 more shards × 730 h × ($0.015 + $0.020 extended retention) = $76.65), gone with the file
    expect(report.deleted).toEqual([{ file: 'pipelines/legacy.yaml', workload: 'iot-telemetry', monthlyUsd: expect.closeTo(2141.09, 2) as number, message: null }]);
    const orders = report.files[3]!.verdict;
    expect(orders.diff!.inputs).toEqual([
      { path: 'streams[0].records.rate', before: '500/s', after: '1000/s', status: 'changed' },
      { path: 'budget.monthlyUsd', before: '500', after: '5000', status: 'changed' },
      { path: 'budget.maxIncreaseUsd', before: null, after: '10', status: 'added' },
      { path: 'budget.maxIncreasePercent', before: null, after: '50%', status: 'added' },
    ]);
  });

  it('writes the comment, the JSON and the annotations in one run', async () => {
    const summary = join(tree, 'summary.md');
    writeFileSync(summary, '');
    const r = runCli(
      ['check', ...files, '--base-dir', 'base', '--base-label', 'main', '--format', 'github', '--output-markdown', 'comment.md', '--output-json', 'check.json'],
      { cwd: tree, env: { GITHUB_STEP_SUMMARY: summary } },
    );
    expect(r.code).toBe(1);
    const comment = readFileSync(join(tree, 'comment.md'), 'utf8');
    expect(readFileSync(summary, 'utf8')).toBe(comment);
    expect((JSON.parse(readFileSync(join(tree, 'check.json'), 'utf8')) as CheckJson).files).toHaveLength(4);
    await expect(comment).toMatchFileSnapshot('__snapshots__/check-base-dir.md');
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/check-base-dir-github.txt');
  });

  it('only deleted workloads: no file to check is fine with --base-dir; without it, a usage error', () => {
    const r = runCli(['check', '--base-dir', 'base'], { cwd: tree });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pipelines/legacy.yaml: deleted (iot-telemetry, $2,141.09 a month)');
    const none = runCli(['check']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('kinesis-plan: name at least one workload file to check\n');
    const both = runCli(['check', ...files, '--base-dir', 'base', '--compare-to', base], { cwd: tree });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('kinesis-plan: use either --compare-to or --base-dir, not both\n');
    const missing = runCli(['check', ...files, '--base-dir', 'nowhere'], { cwd: tree });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('kinesis-plan: nowhere: is not a folder. Hint: give the folder the base version of the workload files was extracted to.\n');
  });
});

interface CheckJson {
  files: {
    file: string;
    base: { status: string; message: string | null } | null;
    verdict: { pass: boolean; findings: { code: string; isFailing: boolean }[]; diff?: { inputs: unknown } };
  }[];
  deleted: unknown[];
}

describe('kinesis-plan diff', () => {
  it('a capacity-mode change is its own row; the lines of two modes are not compared', () => {
    const r = runCli(['diff', 'examples/clickstream.yaml', `${F}/on-demand-cheaper.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {4}streams\[0\]\.records\.rate +3000\/s +200\/s$/m);
    expect(r.stdout).toMatch(/^ {6}capacity mode +provisioned +On-demand Standard +priced as a whole$/m);
    expect(r.stdout).not.toContain('Enhanced fan-out data retrieved');
    expect(r.stdout).not.toMatch(/shards +23 +23/);
    const md = runCli(['diff', 'examples/clickstream.yaml', `${F}/on-demand-cheaper.yaml`, '--format', 'markdown']);
    expect(md.stdout).toContain('| &nbsp;&nbsp;capacity mode | provisioned | On-demand Standard | priced as a whole |');
  });

  it('between a saved report and a workload', () => {
    const r = runCli(['diff', base, `${F}/grown.yaml`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {4}total +\$40\.30 +\$69\.64 +\+\$29\.35 \(\+72\.8%\)$/m);
  });
  it('between two workloads, in markdown', async () => {
    const r = runCli(['diff', `${F}/within-budget.yaml`, `${F}/grown.yaml`, '--format', 'markdown']);
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/diff.md');
  });
});
