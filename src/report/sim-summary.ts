import type { Finding } from '../vocab/findings.js';
import type { FoundShards, OfferedTraffic, ProducerStats, RetrySettings, SimResult, StreamSimResult } from '../sim/types.js';
import { keysInWords, saltsInWords } from './findings-sim.js';
import { formatDuration, formatNumber, formatPercent, formatRecordRate } from './units.js';

/**
 * The opening of a simulation report, per stream, in the user's words: one sentence of what was simulated (the
 * traffic's shape and rates, the duration, the shards, the client), the verdict, and what to change. Pure: the
 * result in, sentences out; the text and Markdown renderers lay them out.
 */

/** "14:00" for a time of day in seconds. */
function timeOfDay(sec: number): string {
  const minutes = Math.round(sec / 60) % (24 * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A multiplier: "3×", "0.5×". */
const times = (f: number) => `${formatNumber(f)}×`;

/** The traffic offered, in words: its base rate and arrivals, then each shape. */
export function describeTraffic(t: OfferedTraffic, traceFile: string | undefined): string {
  const arrivals = t.arrivals === 'poisson' ? 'random (Poisson) arrivals' : 'evenly spaced arrivals';
  const base = traceFile
    ? `the records of ${traceFile}`
    : `${formatRecordRate(t.baseRecordsPerSec)}${t.isPlanPeak ? " (the plan's peak)" : ''}`;
  const shapes: string[] = [];
  if (t.daily) shapes.push(`a daily cycle of ±${formatPercent(t.daily.amplitude)} peaking at ${timeOfDay(t.daily.peakAtSec)} (the run starts at ${timeOfDay(t.daily.startAtSec)})`);
  if (t.onOff) {
    const o = t.onOff;
    const off = o.offFactor === 0 ? 'nothing' : times(o.offFactor);
    shapes.push(`bursts of ${times(o.onFactor)} for ${formatDuration(o.onSec)} every ${formatDuration(o.onSec + o.offSec)} (${off} between)`);
  }
  if (t.heavyTail) {
    const h = t.heavyTail;
    shapes.push(`heavy-tailed bursts of ${times(h.onFactor)} (about ${formatDuration(h.meanOnSec)} on, ${formatDuration(h.meanOffSec)} off)`);
  }
  for (const s of t.spikes.slice(0, 3)) {
    shapes.push(`a ${times(s.factor)} spike of ${formatDuration(s.lengthSec)} at ${formatDuration(s.atSec)}${s.rampSec > 0 ? ` (${formatDuration(s.rampSec)} ramps)` : ''}`);
  }
  if (t.spikes.length > 3) shapes.push(`${t.spikes.length - 3} more spikes`);
  if (t.pulses.length === 1) shapes.push(`${formatNumber(t.pulses[0]!.records)} records at once ${t.pulses[0]!.atSec === 0 ? 'at the start' : `at ${formatDuration(t.pulses[0]!.atSec)}`}`);
  else if (t.pulses.length > 1) shapes.push(`${t.pulses.length} pulses of ${formatNumber(t.pulses.reduce((a, p) => a + p.records, 0))} records in all`);
  const shape = shapes.length === 0 ? ', steady' : ` with ${joinWords(shapes)}`;
  return `${base}${shape}, ${arrivals}`;
}

/** "a, b and c". */
function joinWords(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The producer's client and its retries, in words. */
export function describeClient(client: StreamSimResult['client'], r: RetrySettings, producer: ProducerStats): string {
  let who: string;
  switch (client) {
    case 'put-records':
      who =
        r.backoff === 'immediate'
          ? `an application that resends throttled PutRecords entries at once, up to ${formatNumber((r.maxAttempts ?? 1) - 1)} times`
          : r.backoff === 'fixed'
            ? `an application that resends throttled PutRecords entries after ${formatDuration(r.baseDelaySec)}, up to ${formatNumber((r.maxAttempts ?? 1) - 1)} times`
            : `an application that resends throttled PutRecords entries after a random wait of up to ${formatDuration(r.baseDelaySec)}, doubling to ${formatDuration(r.maxDelaySec)}, up to ${formatNumber((r.maxAttempts ?? 1) - 1)} times`;
      break;
    case 'put-record-sdk':
    case 'put-record-sdk-2026':
      who = `PutRecord calls retried by the AWS SDK for JavaScript v3${client === 'put-record-sdk-2026' ? ' (2026 retry constants)' : ''}: ${formatNumber(r.maxAttempts ?? 1)} attempts, a random wait of up to ${formatDuration(r.baseDelaySec)} doubling, while its retry quota of ${formatNumber(r.quotaTokens ?? 0)} tokens lasts`;
      break;
    case 'kpl':
      who = `the KPL, sending at up to ${formatPercent(r.rateLimit ?? 1)} of a shard's limits and retrying after ${formatDuration(r.baseDelaySec)} until a record is ${formatDuration(r.recordTtlSec ?? 0)} old`;
      break;
    case 'none':
      who = 'a producer that does not retry';
      break;
  }
  if (producer.model === 'closed') who += `, with ${formatNumber(producer.workers)} worker${producer.workers === 1 ? '' : 's'} each waiting for its response`;
  return who;
}

/** The opening sentence: what was simulated. */
export function simulatedSentence(result: SimResult, s: StreamSimResult): string {
  const shards = s.shards.initial === s.shards.final ? `${formatNumber(s.shards.initial)} ${s.mode} shard${s.shards.initial === 1 ? '' : 's'}` : `${s.mode} shards scaling from ${s.shards.initial} to ${s.shards.final}`;
  return `Simulated ${formatDuration(result.durationSec)} of ${s.name} on ${shards}: ${describeTraffic(s.traffic, s.trace?.fileName)}, written by ${describeClient(s.client, s.retry, s.producer)}.`;
}

/** The findings of one stream. */
function findingsOf(result: SimResult, s: StreamSimResult): Finding[] {
  const base = `streams[${s.index}]`;
  return result.findings.filter((f) => f.path === base || f.path.startsWith(`${base}.`));
}

/** The verdict: how much was throttled (and in how many minutes), against the budget, and whether records were lost. */
export function verdictSentence(result: SimResult, s: StreamSimResult): string {
  const r = s.records;
  const throttledMinutes = s.perMinute.filter((m) => m.writeProvisionedThroughputExceeded > 0).length;
  const budget = findingsOf(result, s).find((f) => f.code === 'SIM_THROTTLED')?.args;
  const limit = budget && 'budget' in budget ? budget.budget : undefined;
  let head: string;
  if (r.throttledAttempts === 0) head = 'Nothing was throttled';
  else {
    const where = throttledMinutes < s.perMinute.length ? `, in ${formatNumber(throttledMinutes)} of ${formatNumber(s.perMinute.length)} minutes` : '';
    head = `${formatPercent(s.throttledShare)} of write attempts were throttled${where}`;
    if (limit !== undefined) head += s.throttledShare > limit ? `, over the budget of ${formatPercent(limit)}` : `, within the budget of ${formatPercent(limit)}`;
  }
  const lost = r.dropped > 0 ? `records are lost: ${formatNumber(r.dropped)} of ${formatNumber(r.offered)} (${formatPercent(r.dropped / Math.max(1, r.offered))})` : 'no records lost';
  const waiting = r.pending > 0 ? `, ${formatNumber(r.pending)} still waiting at the end` : '';
  return `${head}; ${lost}${waiting}.`;
}

/** What to change, from the findings and the --find-shards search: the fixes the plan and the simulation name. */
export function changeSentences(result: SimResult, s: StreamSimResult): string[] {
  const out: string[] = [];
  const fs = findingsOf(result, s);
  const found: FoundShards | undefined = result.findShards?.streams.find((f) => f.index === s.index);
  const hot = fs.find((f) => f.code === 'SIM_HOT_SHARD');
  if (hot?.code === 'SIM_HOT_SHARD') {
    const a = hot.args;
    const keys = keysInWords(a.keys, a.distribution) + (a.moreKeys > 0 ? ` and ${formatNumber(a.moreKeys)} more` : '');
    const each = a.keys.includes(',') || a.moreKeys > 0 ? ' each' : '';
    if (a.fix === 'salt-keys') out.push(`Salt ${keys} into ${saltsInWords(a)}${a.minSalts !== undefined && a.minSalts < a.salts ? '' : each}, as the plan computes: no shard count helps a key over a shard's limit.`);
    else if (a.fix === 'explicit-hash-keys') out.push(`Send ${keys} with explicit hash keys that place them on other shards${a.shardsForSkew !== undefined ? `, or use ${formatNumber(a.shardsForSkew)} shards` : ''}.`);
    else out.push(`Spread the keys with explicit hash keys${a.shardsForSkew !== undefined ? `, or use ${formatNumber(a.shardsForSkew)} shards` : ''}.`);
  }
  if (found && found.shards !== null) {
    const limit = formatPercent(result.findShards?.maxThrottledShare ?? 0);
    out.push(
      found.shards === found.plannedShards
        ? `Keep ${formatNumber(found.shards)} shards: the fewest that keep throttling within ${limit}, as planned.`
        : `Use ${formatNumber(found.shards)} shards: the fewest that keep throttling within ${limit} (the plan has ${formatNumber(found.plannedShards)}).`,
    );
  } else if (found && found.hotKeys.length === 0) {
    out.push(`No shard count up to 10,000 keeps throttling within ${formatPercent(result.findShards?.maxThrottledShare ?? 0)}: change the traffic or the client.`);
  } else if (!found && s.records.throttledAttempts > 0 && s.mode === 'provisioned' && !(hot?.code === 'SIM_HOT_SHARD' && hot.args.fix === 'salt-keys')) {
    const budget = fs.find((f) => f.code === 'SIM_THROTTLED')?.args;
    const within = budget && 'budget' in budget && budget.budget !== undefined ? `the budget of ${formatPercent(budget.budget)}` : 'your limit (budget.maxThrottledShare or --max-throttled-share)';
    out.push(`Run again with --find-shards for the fewest shards that keep throttling within ${within}.`);
  }
  if (fs.some((f) => f.code === 'SIM_ON_DEMAND_SCALING_THROTTLE')) out.push('Pre-warm the on-demand stream, or use warm throughput: it throttled while it scaled.');
  if (fs.some((f) => f.code === 'SIM_READ_THROTTLED')) out.push('Poll less often, or move a reader to enhanced fan-out: reads were throttled.');
  if (out.length === 0) {
    const t = s.traffic;
    const isSteady = !t.daily && !t.onOff && !t.heavyTail && t.spikes.length === 0 && t.pulses.length === 0 && !s.trace;
    out.push(
      s.records.throttledAttempts > 0 || s.records.dropped > 0
        ? 'See the findings below.'
        : isSteady
          ? 'Nothing, for steady traffic; give the stream a traffic shape (traffic: daily, onOff, spikes) to see how it takes bursts.'
          : 'Nothing: the shards take this traffic.',
    );
  }
  return out;
}
