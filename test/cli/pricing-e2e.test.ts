import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/**
 * End to end: `kinesis-plan pricing list|show|import` and bad pricing files, through the built CLI.
 * Run `npm run build` first: these tests spawn bin/kinesis-plan.js.
 */

interface PriceJson {
  usd: number;
  unit: string;
  usagetype?: string;
  upToGbPerMonth?: number | null;
}
interface PricingJson {
  region: string;
  effectiveDate: string;
  kinesis: unknown;
  firehose?: unknown;
  flink?: unknown;
}

const PRICING_DIR = join(ROOT, 'pricing');
const SHIPPED = readdirSync(PRICING_DIR)
  .filter((f) => /^[a-z]{2}-[a-z]+-\d\.\d{4}-\d{2}-\d{2}\.json$/.test(f))
  .sort();
const readJson = (file: string): PricingJson => JSON.parse(readFileSync(file, 'utf8')) as PricingJson;
const US_EAST_1 = join(PRICING_DIR, SHIPPED.find((f) => f.startsWith('us-east-1.'))!);
const OFFERS = ['AmazonKinesis', 'AmazonKinesisFirehose', 'AmazonKinesisAnalytics'].map(
  (code) => `test/fixtures/offers/${code}.us-east-1.json`,
);

/** Every price of a pricing file by its path (`kinesis.provisioned.shardHour`): what a plan is costed with. */
function pricesOf(p: PricingJson): Record<string, PriceJson> {
  const out: Record<string, PriceJson> = {};
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      if ('usd' in node) {
        const { usd, unit, usagetype, upToGbPerMonth } = node as PriceJson;
        out[path] = { usd, unit, usagetype, ...(upToGbPerMonth !== undefined ? { upToGbPerMonth } : {}) };
      } else for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk({ kinesis: p.kinesis, firehose: p.firehose, flink: p.flink }, '');
  return out;
}

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kp-pricing-')), name);
  writeFileSync(file, text);
  return file;
}

/** 1-based line and column of `needle`'s first occurrence in `text`, plus `offset` characters. */
function lineColOf(text: string, needle: string, offset = 0): string {
  const at = text.indexOf(needle) + offset;
  expect(at).toBeGreaterThanOrEqual(offset);
  const before = text.slice(0, at);
  return `${before.split('\n').length}:${at - before.lastIndexOf('\n')}`;
}

describe('pricing list', () => {
  it('lists every shipped file with its effective date, its age today and what it prices', () => {
    const r = runCli(['pricing', 'list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(SHIPPED.length).toBeGreaterThanOrEqual(2);
    const rows = r.stdout.split('\n').filter((l) => l.includes('shipped'));
    expect(rows).toHaveLength(SHIPPED.length);
    SHIPPED.forEach((f, i) => {
      const p = readJson(join(PRICING_DIR, f));
      expect(rows[i]).toContain(p.region);
      expect(rows[i]).toContain(p.effectiveDate);
      // The tests' today is 2026-12-01 (SOURCE_DATE_EPOCH): 2026-11-22 is 9 days before.
      expect(p.effectiveDate).toBe('2026-11-22');
      expect(rows[i]).toMatch(/│ 9 days +│/);
      // Sections: kinesis always; firehose and flink where the file prices them.
      expect(rows[i]).toContain(['kinesis', ...(p.firehose ? ['firehose'] : []), ...(p.flink ? ['flink'] : [])].join(', '));
    });
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('pricing show', () => {
  it('us-east-1 --format json prints the shipped file (validated)', () => {
    const r = runCli(['pricing', 'show', 'us-east-1', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(readJson(US_EAST_1));
  });

  it('us-east-1 as text: every price with its unit and confidence, and the effective date', () => {
    // 160 columns: wide enough that no price wraps within its cell
    const r = runCli(['pricing', 'show', 'us-east-1'], { env: { COLUMNS: '160' } });
    expect(r.code).toBe(0);
    const shipped = readJson(US_EAST_1);
    expect(r.stdout.split('\n')[0]).toBe(`Prices for us-east-1, effective ${shipped.effectiveDate} (USD)`);
    const prices = Object.values(pricesOf(shipped));
    expect(prices.length).toBe(29); // 17 Kinesis + 3 Firehose tiers + 6 Firehose add-ons + 3 Flink
    for (const p of prices) expect(r.stdout).toContain(`$${p.usd} per ${p.unit}`);
    expect(r.stdout).toMatch(/Shard hour\s+│ \$0\.015 per shard-hour\s+│ secondary/);
    expect(r.stdout).toMatch(/Stream hour\s+│ \$0\.04 per stream-hour\s+│ AWS/);
    // Every "per GB" price says what a GB is.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      "GB is AWS's billing unit: plans count it as 2^30 bytes (1 GiB) unless a workload sets settings.gigabyte: GB (10^9 bytes).",
    );
  });

  it('a --pricing file is shown instead of the shipped one', () => {
    const own = structuredClone(readJson(US_EAST_1)) as PricingJson & { effectiveDate: string };
    own.effectiveDate = '2027-01-01';
    const file = tempFile('own.json', JSON.stringify(own));
    const r = runCli(['pricing', 'show', 'us-east-1', '--pricing', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Prices for us-east-1, effective 2027-01-01 (USD)');
  });

  it('a Region without a file exits 2, lists the Regions there are and says how to get prices', () => {
    const r = runCli(['pricing', 'show', 'eu-west-1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const regions = SHIPPED.map((f) => f.split('.')[0]).join(', ');
    expect(r.stderr).toBe(
      `kinesis-plan: no pricing file for Region eu-west-1; there are prices for ${regions}. ` +
        'Hint: download them with `kinesis-plan pricing fetch eu-west-1`, or give your own prices with --pricing FILE.\n',
    );
  });
});

describe('pricing import', () => {
  it('the three us-east-1 offer fixtures round-trip to the prices of the shipped us-east-1 file', () => {
    const r = runCli(['pricing', 'import', ...OFFERS, '--retrieved', '2026-11-22']);
    expect(r.code).toBe(0);
    const imported = JSON.parse(r.stdout) as PricingJson & { notes: string[] };
    const shipped = readJson(US_EAST_1);
    expect(imported.region).toBe('us-east-1');
    expect(pricesOf(imported)).toEqual(pricesOf(shipped));
    expect(Object.keys(pricesOf(imported))).toHaveLength(29);
    expect(imported.notes).toContain(
      `Imported from ${OFFERS.join(', ')} on 2026-11-22.`,
    );
    // Usage types the fixtures carry that no price is taken from are named on stderr, not dropped silently.
    expect(r.stderr).toBe(
      'kinesis-plan: usage types not used: AmazonKinesisFirehose: MSKAsSourceBilledBytes, AmazonKinesisAnalytics: KPU-Hour-Python\n',
    );
  });

  it('an imported file written with --output plans a workload to the same costs as the shipped file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kp-import-')), 'us-east-1.json');
    const r = runCli(['pricing', 'import', ...OFFERS, '--retrieved', '2026-11-22', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const shipped = runCli(['plan', 'examples/clickstream-pipeline.yaml', '--format', 'json']);
    const own = runCli(['plan', 'examples/clickstream-pipeline.yaml', '--format', 'json', '--pricing', out]);
    expect(own.code).toBe(0);
    const totals = (s: string) => (JSON.parse(s) as { totals: unknown }).totals;
    expect(totals(own.stdout)).toEqual(totals(shipped.stdout));
  });

  it('an offer file that prices two Regions needs --region', () => {
    const r = runCli(['pricing', 'import', 'test/fixtures/offers/AmazonKinesis.two-regions.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'kinesis-plan: test/fixtures/offers/AmazonKinesis.two-regions.json: the offer prices 2 Regions (us-east-1, us-east-2). Hint: choose one with --region.\n',
    );
  });

  it('--region picks a Region from a two-Region offer; a --base of that Region fills the rest and is named', () => {
    const east2 = join(PRICING_DIR, SHIPPED.find((f) => f.startsWith('us-east-2.'))!);
    const r = runCli(['pricing', 'import', 'test/fixtures/offers/AmazonKinesis.two-regions.json', '--region', 'us-east-2', '--base', east2, '--retrieved', '2026-11-22']);
    expect(r.code).toBe(0);
    const imported = JSON.parse(r.stdout) as PricingJson & { notes: string[]; kinesis: { provisioned: { shardHour: { source: string } } } };
    expect(imported.region).toBe('us-east-2');
    expect(pricesOf(imported)).toEqual(pricesOf(readJson(east2)));
    // The two us-east-2 SKUs (shard hour, PUT payload units) come from the offer; every other price from the base.
    expect(imported.kinesis.provisioned.shardHour.source).toMatch(/^AWS Price List bulk offer file AmazonKinesis\.two-regions\.json \(SKU /);
    expect(r.stderr).toMatch(/^kinesis-plan: warning: kept 22 price\(s\) from the base file that the offers lack: kinesis\.provisioned\.extendedRetentionShardHour, /);
    expect(imported.notes.some((n) => n.startsWith(`Carried from the base file ${east2} (not in the offers): `))).toBe(true);
  });

  it("a --base of another Region is refused: its prices would pass for the offers' Region", () => {
    const r = runCli(['pricing', 'import', ...OFFERS.slice(0, 1), '--base', join(PRICING_DIR, SHIPPED.find((f) => f.startsWith('us-east-2.'))!)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ region: the base file prices us-east-2, but the offers are for us-east-1: its prices would be carried under us-east-1's name\. Hint: /);
  });

  it('an offer file that is not JSON is a located error (exit 2)', () => {
    const file = tempFile('index.json', '{ "offerCode": "AmazonKinesis", ');
    const r = runCli(['pricing', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^kinesis-plan: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: `));
    expect(r.stderr).toContain('Hint: give the offer file as downloaded from the AWS Price List bulk API');
  });
});

describe('malformed pricing files (exit 2, located)', () => {
  const shippedText = readFileSync(US_EAST_1, 'utf8');

  it('a negative price: file:line:col, the JSON path, and what a price is', () => {
    const text = shippedText.replace('"usd": 0.015', '"usd": -1');
    expect(text).not.toBe(shippedText);
    const file = tempFile('negative.json', text);
    const r = runCli(['plan', 'examples/clickstream.yaml', '--pricing', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // The first "usd": 0.015 is the provisioned shard-hour; the column points at the value, after `"usd": `.
    const at = lineColOf(text, '"usd": -1', '"usd": '.length);
    expect(r.stderr).toBe(
      `kinesis-plan: ${file}:${at} kinesis.provisioned.shardHour.usd: must be at least 0, got -1. Hint: Unit price in US dollars.\n`,
    );
  });

  it('a missing price names the field that is missing, at its parent', () => {
    const json = readJson(US_EAST_1) as PricingJson & { kinesis: { onDemand: Record<string, unknown> } };
    delete json.kinesis.onDemand.streamHour;
    const text = JSON.stringify(json, null, 2);
    const file = tempFile('missing.json', text);
    const r = runCli(['plan', 'examples/clickstream.yaml', '--pricing', file]);
    expect(r.code).toBe(2);
    // Located at the object that lacks it: the `{` after `"onDemand": `.
    const at = lineColOf(text, '"onDemand": {', '"onDemand": '.length);
    expect(r.stderr).toBe(
      `kinesis-plan: ${file}:${at} kinesis.onDemand.streamHour: missing required field "streamHour". Hint: One unit price.\n`,
    );
  });

  it('a truncated file is a syntax error with its position', () => {
    const file = tempFile('truncated.json', '{\n  "region": "us-east-1",\n  "effectiveDate": "2026-11-22",\n');
    const r = runCli(['pricing', 'show', 'us-east-1', '--pricing', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^kinesis-plan: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:1: not valid JSON: `));
  });

  it('a pricing file that does not exist', () => {
    const r = runCli(['plan', 'examples/clickstream.yaml', '--pricing', 'no-such-prices.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kinesis-plan: no-such-prices.json: no such pricing file. Hint: check the path; paths are relative to the current directory.\n',
    );
  });
});
