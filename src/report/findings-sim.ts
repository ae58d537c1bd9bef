import type { DropCause } from '../vocab/drop-causes.js';
import type { KeyDistributionKind } from '../vocab/findings-producer.js';
import type { SimFindingArgs } from '../vocab/findings-sim.js';
import type { Wording } from './findings.js';
import { keysLabel } from './findings-producer.js';
import { formatDuration, formatNumber, formatPercent } from './units.js';

const CAUSES: Record<DropCause, string> = {
  'not-retried': 'the client does not retry',
  'app-retries-exhausted': 'the application ran out of PutRecords retries',
  'sdk-attempts-exhausted': 'the SDK ran out of attempts',
  'retry-quota-exhausted': "the SDK's retry quota ran dry",
  'ttl-expired': "records outlived the KPL's RecordTtl",
  'buffer-overflow': "the producer's buffer was full",
};

/**
 * Keys as the plan names them, in words (keysLabel, the plan's wording): a real key in quotes, a distribution's
 * stand-in (`#seed:rank`) by its rank and the distribution's name. `keys`: comma-separated, as the findings carry them.
 */
export function keysInWords(keys: string, distribution: KeyDistributionKind): string {
  return keysLabel(keys.split(', ').filter((k) => k !== ''), distribution);
}

/** "5 sub-keys", or "2 to 5 sub-keys (each key its own count, as the plan lists them)" when the keys differ. */
export function saltsInWords(a: { salts: number; minSalts?: number | undefined }): string {
  return a.minSalts !== undefined && a.minSalts < a.salts
    ? `${formatNumber(a.minSalts)} to ${formatNumber(a.salts)} sub-keys (each key its own count, as the plan's HOT_KEY_OVER_SHARD_LIMIT lists them)`
    : `${formatNumber(a.salts)} sub-keys`;
}

/** Sub-keys of a salted key: "gateway-eu-1#0 … gateway-eu-1#4" for one real key, else "key#0 … key#4". */
function subKeys(keys: string, salts: number): string {
  const stem = keys.includes(',') || /^#\d+:\d+$/.test(keys) ? 'key' : keys;
  return `${stem}#0 … ${stem}#${salts - 1}`;
}

/** The budget beside a share: over it, or within it (never "36 % …, over the budget of 50 %"). */
function budgetWords(share: number, budget: number | undefined): string {
  if (budget === undefined) return '';
  return share > budget ? `, over the budget of ${formatPercent(budget)}` : `, within the budget of ${formatPercent(budget)}`;
}

/** Wording of the simulator's findings. */
export const simFindingMessages: Wording<SimFindingArgs> = {
  SIM_THROTTLED: (a) =>
    `${formatNumber(a.throttledAttempts)} of ${formatNumber(a.attempts)} write attempts (${formatPercent(a.throttledShare)}) were throttled${budgetWords(a.throttledShare, a.budget)}.`,
  SIM_HOT_SHARD: (a) => {
    const head =
      a.hotShards === 1
        ? `Shard ${a.shard} of ${formatNumber(a.shards)} took ${formatPercent(a.loadShare)} of the records (${formatNumber(a.loadShare * a.shards)}× an even share) and ${formatPercent(a.throttledShare)} of the throttled attempts`
        : `${formatNumber(a.hotShards)} of ${formatNumber(a.shards)} shards took ${formatPercent(a.hotLoadShare)} of the records (shard ${a.shard} alone ${formatNumber(a.loadShare * a.shards)}× an even share) and ${formatPercent(a.throttledShare)} of the throttled attempts`;
    const keys = keysInWords(a.keys, a.distribution) + (a.moreKeys > 0 ? ` and ${formatNumber(a.moreKeys)} more` : '');
    const several = a.keys.includes(',') || a.moreKeys > 0;
    const more = a.shardsForSkew !== undefined ? `, or use ${formatNumber(a.shardsForSkew)} shards (the plan's count for this skew)` : '';
    switch (a.fix) {
      case 'salt-keys':
        return `${head}: ${keys} (${a.moreKeys > 0 ? 'the named ' : ''}${formatPercent(a.keysShare)} of the records) ${several ? 'are' : 'is'} over one shard's write limit on ${several ? 'their' : 'its'} own, and a key always lands on one shard. Salt ${several ? 'each' : 'it'} into ${saltsInWords(a)}${a.minSalts !== undefined && a.minSalts < a.salts ? '' : ` (${subKeys(a.keys, a.salts)})`}, as the plan computes; no shard count helps.`;
      case 'explicit-hash-keys':
        return `${head}: ${keys} (${formatPercent(a.keysShare)} of the records) hash to ${a.hotShards === 1 ? 'it' : 'them'}. Send the heaviest with explicit hash keys that place them on other shards${more}.`;
      case 'more-shards':
        return `${head}, though no key stands out: the keys' hashes fall unevenly. Spread them with explicit hash keys${more}.`;
    }
  },
  SIM_RECORDS_DROPPED: (a) =>
    `${formatNumber(a.dropped)} of ${formatNumber(a.offered)} records were given up, mostly because ${CAUSES[a.mainCause]}: that data is lost unless the application keeps it elsewhere.`,
  SIM_HIDDEN_BURST: (a) =>
    `Minute ${a.minute} shows only ${formatPercent(a.minuteUtilisation)} of write capacity in one-minute metrics, yet ${formatNumber(a.throttled)} write attempts were throttled: its busiest second carried ${formatNumber(a.burstRatio)}× the minute's average. CloudWatch will not show this burst; WriteProvisionedThroughputExceeded will be the only sign.`,
  SIM_READ_THROTTLED: (a) =>
    `Consumer ${a.consumer} had ${formatNumber(a.throttledCalls)} of ${formatNumber(a.calls)} GetRecords calls throttled (5 calls/s and 2 MiB/s per shard are shared by all polling consumers). Poll less often, or use enhanced fan-out.`,
  SIM_CONSUMER_LAG: (a) =>
    `Consumer ${a.consumer} fell ${a.isCapped ? 'at least ' : ''}${formatDuration(a.maxIteratorAgeMs / 1000)} behind (iterator age).`,
  SIM_ON_DEMAND_SCALING_THROTTLE: (a) =>
    `On-demand throttled while it scaled: the first split landed at ${formatDuration(a.firstSplitAtSec)} into the run (${a.splits} split event(s), ${a.finalShards} shards at the end). Traffic more than doubling the previous peak within 15 minutes throttles; pre-warm, or use warm throughput on On-demand Advantage.`,
  SIM_TRACE_SPREAD_EVENLY: (a) =>
    `The trace ${a.file} has one point per ${formatDuration(a.periodSec)}; each period's records were spread evenly over it, so bursts shorter than that are not in the replay. Add traffic.spikes or heavyTail to test them.`,
  SIM_PENDING_AT_END: (a) =>
    `${formatNumber(a.pending)} records were still waiting for a retry when the run ended.`,
  SIM_SHARDS_VS_PLAN: (a) => shardsVsPlan(a),
  SIM_SHARDS_HOT_KEYS: (a) =>
    `No shard count keeps ${a.stream}'s throttled share at or under ${formatPercent(a.maxThrottledShare)}, so none was tried: ${keysInWords(a.keys, a.distribution)} alone exceed${a.keys.includes(',') ? '' : 's'} one shard's write limit, and a key always lands on one shard. Salt ${a.keys.includes(',') ? 'each' : 'it'} into ${saltsInWords(a)}, as the plan says; then search again.`,
  SIM_SHARDS_NONE: (a) =>
    `No shard count up to ${formatNumber(a.maximum)} keeps ${a.stream}'s throttled share at or under ${formatPercent(a.maxThrottledShare)} in this simulation.`,
};

/** Why the simulation's shard count and the plan's differ, one sentence per reason. */
function shardsVsPlan(a: SimFindingArgs['SIM_SHARDS_VS_PLAN']): string {
  const head = `${formatNumber(a.foundShards)} shards keep ${a.stream}'s throttled share at or under ${formatPercent(a.maxThrottledShare)} in this simulation; the plan has ${formatNumber(a.plannedShards)}.`;
  if (a.foundShards === a.plannedShards) return `${head} They agree.`;
  const why: string[] = [];
  if (a.isExisting)
    why.push(`The plan's count is the stream's existing shards (\`shards:\`), not what it needs.`);
  if (a.foundShards < a.plannedShards) {
    if (a.headroom > 0) {
      why.push(
        `The plan adds ${formatPercent(a.headroom)} headroom over the steady peak, which alone needs ${formatNumber(a.shardsWithoutHeadroom)}; the simulation measures throttling, not headroom.`,
      );
    }
    if (a.skewShards > 0)
      why.push(
        `The plan adds ${formatNumber(a.skewShards)} for the hottest shard, which the simulation's throttling limit tolerates.`,
      );
    if (!a.hasTrafficAbovePeak) why.push('The simulation offered no traffic above the declared peak.');
  } else {
    why.push(
      a.hasTrafficAbovePeak
        ? 'The simulation offered traffic above the declared peak (traffic.rate, a daily cycle, on/off periods or bursts), which the plan does not size for.'
        : "Random arrivals at the peak throttle more than the limit allows at the plan's count: raise the headroom, or allow more throttling.",
    );
  }
  return `${head} ${why.join(' ')}`;
}
