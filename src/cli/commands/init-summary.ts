import type { Plan } from '../../plan/index.js';
import { formatNumber, formatPercent, formatUsd } from '../../report/units.js';

/** What the wizard says when the Region it was given has no prices: the plan will leave costs unknown, and how to get them. */
export function noPricesWarning(region: string): string {
  return (
    `  Warning: no prices for ${region}: the plan will leave every cost unknown.\n` +
    "  Get them from AWS's public Price List with\n" +
    `    kinesis-plan pricing fetch ${region}\n` +
    '  or convert offer files you downloaded with kinesis-plan pricing import.\n' +
    '  Shards, buffers and findings are planned either way.\n'
  );
}

const LIMIT_WORDS: Record<string, string> = {
  writeBytes: 'write throughput (1 MiB/s per shard)',
  writeRecords: 'write records (1,000/s per shard)',
  readBytes: 'shared read throughput (2 MiB/s per shard)',
};

export interface SummaryOptions {
  /** Why the plan has no costs (no prices for the Region). */
  unpricedReason?: string | undefined;
  /** The workload's `budget.monthlyUsd`, to compare the total with. */
  budgetUsd?: number | undefined;
}

/** The largest part of the bill and its share of the total, when the bill has more than one part that costs anything. */
function largestPart(plan: Plan, total: number): string | undefined {
  const t = plan.totals;
  const parts = [
    { what: plan.streams.length === 1 ? 'the stream' : 'the streams', verb: plan.streams.length === 1 ? 'is' : 'are', usd: t.streamsMonthlyUsd ?? 0 },
    { what: 'Firehose', verb: 'is', usd: t.firehoseMonthlyUsd ?? 0 },
    { what: 'Flink', verb: 'is', usd: t.flinkMonthlyUsd ?? 0 },
  ].filter((p) => p.usd > 0);
  if (parts.length < 2 || !(total > 0)) return undefined;
  const top = parts.reduce((a, b) => (b.usd > a.usd ? b : a));
  return `${top.what} ${top.verb} ${formatPercent(top.usd / total)} of it`;
}

/** The total against the budget: "7.2× your $2,000.00 budget", "35% over your …", "60% of your …". */
function againstBudget(total: number, budgetUsd: number): string {
  const budget = formatUsd(budgetUsd);
  if (budgetUsd === 0) return total > 0 ? `above your ${budget} budget` : `within your ${budget} budget`;
  const ratio = total / budgetUsd;
  if (ratio >= 2) return `${formatNumber(ratio, 1)}× your ${budget} budget`;
  if (ratio > 1) return `${formatPercent(ratio - 1)} over your ${budget} budget`;
  return `${formatPercent(ratio)} of your ${budget} budget`;
}

/**
 * The plan in a few lines: per stream the shards at peak and the binding limit, and, when priced, the cheapest mode
 * and its monthly cost (and the set mode's, when the workload sets another); then the workload's monthly total, set
 * against the budget when there is one, and the part of the bill that weighs most.
 */
export function summarize(plan: Plan, opts: SummaryOptions = {}): string {
  const lines = [`\nPlan for ${plan.workload.name} (${plan.workload.region})`];
  for (const s of plan.streams) {
    const binding = LIMIT_WORDS[s.shards.binding] ?? s.shards.binding;
    let cost = '';
    if (s.cost) {
      const cheapest = s.cost.cheapest;
      cost = `; cheapest: ${cheapest} at ${formatUsd(s.cost.comparison.monthlyUsd[cheapest])} a month`;
      if (s.cost.planned.mode !== cheapest) cost += `; as set (${s.cost.planned.mode}): ${formatUsd(s.cost.planned.monthlyUsd)} a month`;
    }
    lines.push(`  ${s.name}: ${s.shards.required} shard${s.shards.required === 1 ? '' : 's'} at peak, bound by ${binding}${cost}`);
  }
  const total = plan.totals.monthlyUsd;
  if (total !== null) {
    const comparison = opts.budgetUsd !== undefined ? `, ${againstBudget(total, opts.budgetUsd)}` : '';
    const largest = largestPart(plan, total);
    const unknown = plan.totals.hasUnknownLines ? ' (some lines could not be priced)' : '';
    lines.push(`  Total: ${formatUsd(total)} a month${unknown}${comparison}${largest === undefined ? '' : `; ${largest}`}`);
  } else if (opts.unpricedReason !== undefined) {
    lines.push(`  Costs left out: ${opts.unpricedReason.replace(/\.$/, '')}.`);
  }
  const errors = plan.findings.filter((f) => f.severity === 'error').length;
  const warnings = plan.findings.filter((f) => f.severity === 'warning').length;
  if (errors + warnings > 0) lines.push(`  ${errors} error(s), ${warnings} warning(s): run kinesis-plan plan on the file for details`);
  return `${lines.join('\n')}\n\n`;
}
