import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { compareModes, costStream, type StreamCostInput } from '../../src/plan/cost.js';
import { pricingListEntry } from '../../src/pricing/rates.js';
import {
  renderCostMarkdown,
  renderCostText,
  renderPricingList,
  renderPricingShow,
} from '../../src/report/pricing.js';
import { costFindingMessages } from '../../src/report/findings-cost.js';
import type { Finding } from '../../src/vocab/findings.js';
import { loadShippedPricing, US_EAST_1, US_EAST_2 } from './shipped.js';

const plain = { style: new Chalk({ level: 0 }), width: 100 };
const east1 = loadShippedPricing(US_EAST_1);
const east2 = loadShippedPricing(US_EAST_2);

const input: StreamCostInput = {
  path: 'streams[0]',
  monthHours: 730,
  putPayloadUnitBytes: 25_600,
  gbBytes: 2 ** 30,
  provisionedShards: 10,
  kinesisRecordsPerSecAvg: 2500,
  kinesisRecordsPerSecPeak: 10_000,
  kinesisRecordBytesAvg: 1000,
  pollingConsumers: 1,
  efoConsumers: 0,
  retentionHours: 720,
  longTermReadBytesPerMonth: undefined,
};

describe('pricing list and show', () => {
  it('lists every file with its effective date, age and place; plans use the newest of a Region', () => {
    const fetched = { ...east1, effectiveDate: '2026-11-30' };
    const entries = [
      pricingListEntry(US_EAST_2, east2, '2026-12-01'),
      pricingListEntry(US_EAST_1, east1, '2026-12-01'),
      pricingListEntry('./pricing/us-east-1.2026-11-30.json', fetched, '2026-12-01', './pricing'),
    ];
    // 2026-11-22 → 2026-12-01 is 9 days.
    expect(entries.map((e) => e.ageDays)).toEqual([9, 9, 1]);
    expect(renderPricingList(entries, { ...plain, width: 80 })).toMatchInlineSnapshot(`
      "┌───────────┬────────────┬────────┬──────────────────────────┬───────────┐
      │ Region    │ Effective  │ Age    │ Prices                   │ Where     │
      ├───────────┼────────────┼────────┼──────────────────────────┼───────────┤
      │ us-east-1 │ 2026-11-30 │ 1 day  │ kinesis, firehose, flink │ ./pricing │
      │ us-east-1 │ 2026-11-22 │ 9 days │ kinesis, firehose, flink │ shipped   │
      │ us-east-2 │ 2026-11-22 │ 9 days │ kinesis, firehose        │ shipped   │
      └───────────┴────────────┴────────┴──────────────────────────┴───────────┘
      Plans use the newest file of a Region; ./pricing wins a tie.
      "
    `);
  });

  it('marks prices older than 90 days, and fits 80 columns by wrapping the sections', () => {
    // 2026-11-22 → 2027-03-01: 9 + 31 + 28 + 28 = 99 days
    const old = pricingListEntry(US_EAST_1, east1, '2027-03-01');
    expect(old.ageDays).toBe(99);
    const text = renderPricingList([{ ...old, region: 'ap-southeast-5' }], { ...plain, width: 64 });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(64);
    expect(text).toContain('Prices over 90 days old may be out of date;');
    expect(renderPricingList([old], { style: new Chalk({ level: 1 }), width: 80 })).toContain('\u001b[33m99 days\u001b[39m');
  });

  it('shows every price of a Region with its unit and confidence', () => {
    const text = renderPricingShow(east1, plain);
    expect(text.split('\n').slice(0, 6).join('\n')).toMatchInlineSnapshot(`
      "Prices for us-east-1, effective 2026-11-22 (USD)
      ┌─────────────────────────────────────────┬──────────────────────────────────────┬────────────┐
      │ Service and item                        │ Price                                │ Confidence │
      ├─────────────────────────────────────────┴──────────────────────────────────────┴────────────┤
      │ KDS provisioned                                                                             │
      │   Shard hour                            │ $0.015 per shard-hour                │ secondary  │"
    `);
    expect(text).toMatch(/│ Firehose +│\n│ {3}Ingestion, 0–512,000 GB\/month +│ \$0\.029 per GB +│ secondary +│/);
    expect(text).toContain('above 2,048,000 GB/month');
    expect(text).toContain('Sources');
    expect(text).toContain('$0.014 per million PUT payload units');
  });

  it('colours non-AWS confidence when colour is on', () => {
    const text = renderPricingShow(east1, { style: new Chalk({ level: 1 }), width: 100 });
    expect(text).toContain('\u001b[33msecondary\u001b[39m');
  });
});

describe('cost section', () => {
  const cost = costStream(input, east1);
  const { now } = compareModes(input, east1);

  it('renders each mode line by line with an unknown line and the account minimum set apart', () => {
    // 120 columns: wide enough that no item wraps
    const text = renderCostText(cost, now, { ...plain, width: 120 });
    const esc = (c: string) => c.replace(/[$().+]/g, '\\$&');
    // item and quantity × unit price left-aligned, the monthly amount right-aligned
    const row = (item: string, quantity: string, monthly: string) =>
      new RegExp(`│ ${esc(item)} +│ ${esc(quantity)} +│ +${esc(monthly)} │`);
    // provisioned: 10 × 730 = 7,300 shard-hours at $0.015 = $109.50; extended retention 7,300 × $0.02 = $146
    expect(text).toMatch(row('Shard hours', '7,300 shard-hour × $0.015', '$109.50'));
    expect(text).toMatch(row('Extended retention (24 h to 7 days)', '7,300 shard-hour × $0.02', '$146.00'));
    expect(text).toMatch(row('Reads of data older than 7 days', 'unknown GB × $0.021', 'unknown'));
    // 25 MiB/s × 2,628,000 s / 2^30 = 64,160.16 GiB × $0.032 = $2,053.13, set apart as an account charge
    expect(text).toMatch(row('Account minimum: 25 MiB/s ingest (per account)', '64,160 GB × $0.032', '($2,053.13)'));
    expect(text).toMatch(/│ Total \(this stream\) +│ +│ +\$453\.90 \+ unknown │/);
    expect(text).toContain('Cheapest: Provisioned at $453.90 a month, $548.42 less than On-demand Standard.');
    expect(text).toContain('On-demand Advantage is compared at its account minimum ($3,079.69)');
    expect(text).toContain('Totals leave out unknown lines.');
  });

  it('renders Markdown tables', () => {
    const md = renderCostMarkdown(cost, now);
    expect(md.split('\n').slice(0, 10).join('\n')).toMatchInlineSnapshot(`
      "#### Provisioned

      | Item | Quantity | Unit price | Monthly |
      |---|---:|---:|---:|
      | Shard hours | 7,300 shard-hour | $0.015 per shard-hour | $109.50 |
      | PUT payload units | 6,570 million PUT payload units | $0.014 per million PUT payload units | $91.98 |
      | Extended retention (24 h to 7 days) | 7,300 shard-hour | $0.02 per shard-hour | $146.00 |
      | Long-term retention (beyond 7 days) | 4,627 GB-month | $0.023 per GB-month | $106.42 |
      | Reads of data older than 7 days | unknown | $0.021 per GB | unknown |
      | **Total (this stream)** | | | **$453.90 + unknown** |"
    `);
    expect(md).toContain('**Cheapest:** Provisioned');
  });
});

describe('cost finding wording', () => {
  it('words every code the cost model emits', () => {
    const cost = costStream(input, east1);
    const findings = [
      ...cost.provisioned.findings,
      ...cost.onDemandAdvantage.findings,
      ...compareModes(input, east1).now.findings,
    ];
    for (const f of findings) expect(costFindingMessages[f.code as keyof typeof costFindingMessages], f.code).toBeDefined();
    const oda = cost.onDemandAdvantage.findings.find((f): f is Finding<'ODA_COMMITMENT_PER_ACCOUNT'> => f.code === 'ODA_COMMITMENT_PER_ACCOUNT')!;
    expect(costFindingMessages.ODA_COMMITMENT_PER_ACCOUNT(oda.args)).toMatch(
      /^On-demand Advantage bills each account a minimum of 25 MiB\/s ingest and 25 MiB\/s retrieval in the Region \(\$3,079\.69 a month\), shared by all its Advantage streams, not charged per stream\./,
    );
  });
});
