import type { CostLine, ModeComparison, ModeCost, StreamCost } from '../plan/cost.js';
import { PRICES_STALE_AFTER_DAYS, type PricingListEntry } from '../pricing/rates.js';
import type { Price, Pricing } from '../pricing/schema.js';
import type { CostMode } from '../vocab/capacity-modes.js';
import { fitColumns, paragraph, renderTable, type TableCell } from './layout.js';
import type { RenderOptions } from './style.js';
import { formatNumber, formatPercent, formatUnitPrice, formatUnitUsd, formatUsd } from './units.js';
import { markdownCell } from './markdown-cell.js';

/** Renderers for `kinesis-plan pricing list|show` and the cost section of a plan. Pure: strings out. */

/** `pricing list`: every file, newest first within a Region, with its age; old prices stand out. */
export function renderPricingList(entries: readonly PricingListEntry[], opts: RenderOptions): string {
  if (entries.length === 0) return 'No pricing files. Download a Region\'s prices with kinesis-plan pricing fetch REGION.\n';
  const sorted = [...entries].sort((a, b) => a.region.localeCompare(b.region) || b.effectiveDate.localeCompare(a.effectiveDate));
  const rows = sorted.map((e) => {
    const age = `${formatNumber(e.ageDays)} day${e.ageDays === 1 ? '' : 's'}`;
    return [e.region, e.effectiveDate, e.ageDays > PRICES_STALE_AFTER_DAYS ? opts.style.yellow(age) : age, e.sections.join(', '), e.where];
  });
  const t = renderTable({
    head: ['Region', 'Effective', 'Age', 'Prices', 'Where'].map((h) => opts.style.bold(h)),
    rows,
    width: opts.width,
  });
  const notes = ['Plans use the newest file of a Region; ./pricing wins a tie.'];
  if (sorted.some((e) => e.ageDays > PRICES_STALE_AFTER_DAYS)) {
    notes.push(`Prices over ${PRICES_STALE_AFTER_DAYS} days old may be out of date;`, 'refresh them: kinesis-plan pricing fetch REGION');
  }
  return `${t}\n${notes.map((n) => paragraph(n, opts.width)).join('\n')}\n`;
}

const LABELS: Record<string, string> = {
  shardHour: 'Shard hour',
  putPayloadUnitsMillion: 'PUT payload units',
  extendedRetentionShardHour: 'Extended retention (24 h–7 d)',
  longTermRetentionGbMonth: 'Long-term retention (beyond 7 d)',
  longTermRetrievalGb: 'Reads of data older than 7 d',
  efoConsumerShardHour: 'Enhanced fan-out consumer-shard hour',
  efoDataGb: 'Enhanced fan-out data',
  streamHour: 'Stream hour',
  dataInGb: 'Data in',
  dataOutGb: 'Data retrieved',
  extendedRetentionGbMonth: 'Extended retention (24 h–7 d)',
  retentionGbMonth: 'Retention beyond 24 h',
  formatConversionGb: 'Format conversion',
  dynamicPartitioningGb: 'Dynamic partitioning',
  dynamicPartitioningThousandObjects: 'Dynamic partitioning objects',
  dynamicPartitioningJqHour: 'Dynamic partitioning JQ processing',
  vpcAzHour: 'VPC delivery',
  vpcGb: 'VPC delivery data',
  kpuHour: 'KPU hour',
  runningStorageGbMonth: 'Running application storage',
  backupGbMonth: 'Durable application backups',
};

/** A service's heading row across the table, then one row per price (item, price, confidence). */
function priceRows(
  t: TableCell[][],
  section: string,
  prices: Record<string, Price>,
  opts: RenderOptions,
  extra: TableCell[][] = [],
): void {
  t.push([{ content: opts.style.bold(section), colSpan: 3 }], ...extra);
  for (const [key, p] of Object.entries(prices)) {
    t.push([`  ${LABELS[key] ?? key}`, `${formatUnitUsd(p.usd)} per ${p.unit}`, confidenceText(p, opts)]);
  }
}

function confidenceText(p: Price, opts: RenderOptions): string {
  if (p.confidence === 'aws') return 'AWS';
  if (p.confidence === 'secondary') return opts.style.yellow('secondary');
  return opts.style.yellow('derived');
}

/** `pricing show REGION`: every price with its unit and how sure it is, then the sources. */
export function renderPricingShow(pricing: Pricing, opts: RenderOptions): string {
  const out: string[] = [
    paragraph(`${opts.style.bold(`Prices for ${pricing.region}`)}, effective ${pricing.effectiveDate} (${pricing.currency})`, opts.width, '', 2),
  ];
  const t: TableCell[][] = [];
  const k = pricing.kinesis;
  priceRows(t, 'KDS provisioned', k.provisioned, opts);
  priceRows(t, 'KDS On-demand Standard', k.onDemand, opts);
  priceRows(t, 'KDS On-demand Advantage', k.onDemandAdvantage, opts);
  if (pricing.firehose) {
    const { ingestionGbTiers, ...rest } = pricing.firehose;
    const tiers: TableCell[][] = [];
    let from = 0;
    for (const tier of ingestionGbTiers) {
      const range =
        tier.upToGbPerMonth === null
          ? `above ${formatNumber(from)} GB/month`
          : `${formatNumber(from)}–${formatNumber(tier.upToGbPerMonth)} GB/month`;
      tiers.push([
        `  Ingestion, ${range}`,
        `${formatUnitUsd(tier.usd)} per ${tier.unit}`,
        confidenceText(tier, opts),
      ]);
      from = tier.upToGbPerMonth ?? from;
    }
    priceRows(t, 'Firehose', rest, opts, tiers);
  }
  if (pricing.flink) priceRows(t, 'Managed Flink', pricing.flink, opts);
  out.push(renderTable({ head: ['Service and item', 'Price', 'Confidence'].map((h) => opts.style.bold(h)), rows: t, width: opts.width }));
  const sources = new Set<string>();
  const collect = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      if ('source' in node && typeof node.source === 'string')
        sources.add(`${node.source} (read ${String((node as Price).retrieved)})`);
      else Object.values(node).forEach(collect);
    }
  };
  collect([pricing.kinesis, pricing.firehose, pricing.flink]);
  out.push(opts.style.bold('Sources'), ...[...sources].map((s) => paragraph(s, opts.width, '  - ')));
  if (pricing.notes.length) out.push(opts.style.bold('Notes'), ...pricing.notes.map((n) => paragraph(n, opts.width, '  - ')));
  out.push(opts.style.dim(paragraph(PRICE_GB_LINE, opts.width)));
  return `${out.join('\n')}\n`;
}

/** What "GB" means in a price list: AWS's billing unit, whose size a workload's settings.gigabyte chooses. */
export const PRICE_GB_LINE =
  'GB is AWS\'s billing unit: plans count it as 2^30 bytes (1 GiB) unless a workload sets settings.gigabyte: GB (10^9 bytes).';

const MODE_TITLES: Record<CostMode, string> = {
  provisioned: 'Provisioned',
  'on-demand': 'On-demand Standard',
  'on-demand-advantage': 'On-demand Advantage',
};

function quantityText(l: CostLine): string {
  return l.quantity === null ? 'unknown' : `${formatNumber(l.quantity)} ${l.unit}`;
}

function modeTotalText(m: ModeCost): string {
  return `${formatUsd(m.monthlyUsd)}${m.hasUnknownLines ? ' + unknown' : ''}`;
}

/** "8,760 shard-hour × $0.015": a line's quantity times its unit price, the unit said once. */
export function quantityTimesPrice(l: CostLine): string {
  const quantity = l.quantity === null ? `unknown ${l.unit}` : `${formatNumber(l.quantity)} ${l.unit}`;
  return l.unitUsd === null ? `${quantity}, no price` : `${quantity} × ${formatUnitUsd(l.unitUsd)}`;
}

function billHead(opts: RenderOptions): string[] {
  return ['Item', 'Quantity × unit price', 'Monthly'].map((h) => opts.style.bold(h));
}

/** A bill's rows: item, quantity × unit price, monthly; a line billed per account says so, its amount in parentheses. */
function billRows(lines: readonly CostLine[], total: { label: string; text: string }, opts: RenderOptions): string[][] {
  const rows = lines.map((l) =>
    l.scope === 'account'
      ? [`${l.item} (per account)`, quantityTimesPrice(l), opts.style.dim(`(${formatUsd(l.monthlyUsd)})`)]
      : [l.item, quantityTimesPrice(l), formatUsd(l.monthlyUsd)],
  );
  rows.push([opts.style.bold(total.label), '', opts.style.bold(total.text)]);
  return rows;
}

/** A bill as a text table fitted to the width (or to the given column widths, to line up with other bills). */
export function renderBillText(
  lines: readonly CostLine[],
  total: { label: string; text: string },
  opts: RenderOptions,
  indent: number,
  widths?: number[],
): string {
  return renderTable({
    head: billHead(opts),
    rows: billRows(lines, total, opts),
    width: opts.width,
    indent,
    align: ['left', 'left', 'right'],
    ...(widths ? { widths } : {}),
  });
}

/** The cost section of one stream as text tables: every mode line by line (the tables lined up), then the comparison. */
export function renderCostText(cost: StreamCost, comparison: ModeComparison, opts: RenderOptions, indent = 0): string {
  const modes = [cost.provisioned, cost.onDemand, cost.onDemandAdvantage];
  const totalOf = (m: ModeCost) => ({ label: 'Total (this stream)', text: modeTotalText(m) });
  const { widths } = fitColumns({
    head: billHead(opts),
    rows: modes.flatMap((m) => billRows(m.lines, totalOf(m), opts)),
    width: opts.width,
    indent,
  });
  const pad = ' '.repeat(indent);
  const out = modes.map((m) => `${pad}${opts.style.bold(MODE_TITLES[m.mode])}\n${renderBillText(m.lines, totalOf(m), opts, indent, widths)}`);
  out.push(
    comparisonText(comparison, (x) => opts.style.bold(x))
      .split('\n')
      .map((l) => paragraph(l, opts.width, pad, indent + 2))
      .join('\n'),
  );
  return `${out.join('\n')}\n`;
}

function comparisonText(c: ModeComparison, bold: (s: string) => string): string {
  const lines = [
    `${bold('Cheapest:')} ${MODE_TITLES[c.cheapest]} at ${formatUsd(c.monthlyUsd[c.cheapest])} a month, ${formatUsd(c.differenceUsd)} less than ${MODE_TITLES[c.runnerUp]}.`,
    `Provisioned pays for the peak all month: the average uses ${formatPercent(c.provisionedUtilisationAvg)} of the shards' write capacity (average = ${formatPercent(c.averageShareOfPeak)} of peak).`,
    c.breakEvenShareOfPeak === null
      ? 'Provisioned and On-demand Standard do not cross at any traffic level.'
      : `Break-even: provisioned and On-demand Standard cost the same when the average is ${formatPercent(c.breakEvenShareOfPeak)} of the peak (${formatNumber(c.breakEvenRecordsPerSecAvg ?? 0)} records/s); above it provisioned is cheaper.`,
  ];
  const advantageUsage = c.advantageStreamMonthlyUsd;
  if (c.monthlyUsd['on-demand-advantage'] > advantageUsage) {
    lines.push(
      `On-demand Advantage is compared at its account minimum (${formatUsd(c.monthlyUsd['on-demand-advantage'])}), as if this were the account's only Advantage stream; this stream alone uses ${formatUsd(advantageUsage)}.`,
    );
  }
  if (c.hasUnknownLines) lines.push('Totals leave out unknown lines.');
  return lines.join('\n');
}

/** The cost section of one stream in Markdown. */
export function renderCostMarkdown(cost: StreamCost, comparison: ModeComparison): string {
  const out: string[] = [];
  for (const m of [cost.provisioned, cost.onDemand, cost.onDemandAdvantage]) {
    out.push(
      `#### ${MODE_TITLES[m.mode]}`,
      '',
      '| Item | Quantity | Unit price | Monthly |',
      '|---|---:|---:|---:|',
    );
    for (const l of m.lines) {
      const monthly =
        l.scope === 'account' ? `(${formatUsd(l.monthlyUsd)}, per account)` : formatUsd(l.monthlyUsd);
      out.push(
        `| ${markdownCell(l.item)} | ${quantityText(l)} | ${formatUnitPrice(l.unitUsd, l.unit)} | ${monthly} |`,
      );
    }
    out.push(`| **Total (this stream)** | | | **${modeTotalText(m)}** |`, '');
  }
  out.push(comparisonText(comparison, (x) => `**${x}**`));
  return `${out.join('\n')}\n`;
}
