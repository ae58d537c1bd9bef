import type { CostMode } from '../vocab/capacity-modes.js';
import type { CostFindingArgs } from '../vocab/findings-cost.js';
import type { Wording } from './findings.js';
import { formatByteRate, formatBytes, formatDuration, formatUnitUsd, formatUsd } from './units.js';

const MODE_NAMES: Record<CostMode, string> = {
  provisioned: 'provisioned',
  'on-demand': 'On-demand Standard',
  'on-demand-advantage': 'On-demand Advantage',
};

/** Wording of the cost model's findings. */
export const costFindingMessages: Wording<CostFindingArgs> = {
  COST_INPUT_UNKNOWN: (a) =>
    `${MODE_NAMES[a.mode]}: the cost of reading data older than 7 days is unknown (${a.unitUsd === undefined ? 'the pricing file has no price for it either' : `${formatUnitUsd(a.unitUsd)} per ${a.unit}`}) and left out of the total. Set \`${a.input}:\` on the consumers that replay old data (0 if none do).`,
  COST_PRICE_UNKNOWN: (a) =>
    `${MODE_NAMES[a.mode]}: the pricing file has no price for reading data older than 7 days (the AWS Price List lists no such charge in this mode), so the ${formatBytes(a.readBytesPerMonth)} replayed a month are left out of the total, not priced at $0.`,
  PRICES_NOT_FOUND: (a) =>
    `No prices for ${a.region}: every cost is unknown. Download AWS's current prices with \`kinesis-plan pricing fetch ${a.region}\`, or convert offer files you downloaded with \`kinesis-plan pricing import\`; or price with your own file (--pricing FILE).`,
  PRICING_REGION_MISMATCH: (a) =>
    `The prices (${a.label}) are for ${a.pricingRegion}, but the workload is in ${a.workloadRegion}: the costs are ${a.pricingRegion}'s, and prices differ between Regions.`,
  PRICES_STALE: (a) =>
    `The ${a.region} prices (${a.label}) took effect on ${a.effectiveDate}, ${a.ageDays} days before ${a.today}: AWS may have changed them since. Refresh them with \`kinesis-plan pricing fetch ${a.region}\`.`,
  LONG_TERM_READS_WITHOUT_LONG_TERM_RETENTION: (a) =>
    `Consumers replay ${formatBytes(a.readBytesPerMonth)} of old data a month, but retention is ${formatDuration(a.retentionHours * 3600)}: there is no data older than 7 days to read. Raise retention above 7 days, or remove replayPerMonth.`,
  ODA_COMMITMENT_PER_ACCOUNT: (a) =>
    `On-demand Advantage bills each account a minimum of ${formatByteRate(a.commitBytesPerSec)} ingest and ${formatByteRate(a.commitBytesPerSec)} retrieval in the Region (${formatUsd(a.commitmentMonthlyUsd)} a month), shared by all its Advantage streams, not charged per stream. This stream's own usage is ${formatUsd(a.streamMonthlyUsd)} a month.`,
  ODA_BELOW_COMMITMENT: (a) =>
    `On its own this stream (${formatUsd(a.streamMonthlyUsd)} a month at Advantage rates) would not reach the account minimum of ${formatUsd(a.commitmentMonthlyUsd)}; Advantage pays off only if the account's Advantage streams together use that much.`,
};

/** One line saying what a billed GB is in this report, from settings.gigabyte: 2^30 bytes (GiB, the default) or 10^9. */
export function gigabyteLine(gigabyte: 'GiB' | 'GB'): string {
  return gigabyte === 'GiB'
    ? 'A billed GB here is 2^30 bytes (1 GiB; settings.gigabyte: GB makes it 10^9).'
    : 'A billed GB here is 10^9 bytes (settings.gigabyte: GB; GiB makes it 2^30).';
}
