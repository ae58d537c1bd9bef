import { DROP_CAUSES } from '../vocab/drop-causes.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import type { Workload } from '../workload/schema.js';
import { streamKeyModel, type Plan } from '../plan/index.js';
import { shardOfPlacedKey } from '../plan/key-shares.js';
import { wholeShards } from '../plan/shards.js';
import { MAX_SHARDS_PER_STREAM } from '../limits.js';
import type { SimResult, StreamSimResult } from './types.js';

/** A minute "looks fine" to CloudWatch when its average is under this share of the stream's write capacity. */
const QUIET_MINUTE_UTILISATION = 0.5;
/** Consumer lag worth reporting, ms. */
const LAG_WARNING_MS = 60_000;

/** A shard is hot when it takes this many times an even share of the records; the hot shards are named when … */
const HOT_SHARD_FACTOR = 1.5;
/** … they took at least this share of the run's throttled attempts together. */
const HOT_SHARD_THROTTLED_SHARE = 0.5;
/** A key named as a hot shard's cause takes at least this share of its shard's records. */
const HOT_SHARD_KEY_SHARE = 0.1;
/** The most keys a hot-shard finding names. */
const HOT_SHARD_KEYS_NAMED = 3;

/**
 * When shards that take more than their share of the records took most of a run's throttling: the hottest of them,
 * the keys that put them there, and the fix the plan computed: salting for keys over a shard's limit on their own (no
 * shard count helps them), explicit hash keys for keys that merely hash to the same shard, or the plan's shard count
 * for the skew when no key stands out.
 */
function hotShardFinding(workload: Workload, plan: Plan, r: StreamSimResult): Finding | undefined {
  const n = r.perShard.length;
  const total = r.records.throttledAttempts;
  if (n < 2 || total <= 0) return undefined;
  const hot = r.perShard.filter((p) => p.loadShare >= HOT_SHARD_FACTOR / n && p.throttledAttempts > 0).sort((a, b) => b.throttledAttempts - a.throttledAttempts || a.shard - b.shard);
  const hotThrottled = hot.reduce((acc, p) => acc + p.throttledAttempts, 0);
  const hottest = hot[0];
  if (!hottest || hotThrottled < HOT_SHARD_THROTTLED_SHARE * total) return undefined;
  const streamPlan = plan.streams[r.index]!;
  const onHot = new Map(hot.map((p) => [p.shard, p.loadShare]));
  // The keys the simulator placed: the plan's key model (streamKeyModel), the same for every seed.
  const keys = streamKeyModel(workload.streams[r.index]!.partitionKeys).keys
    .filter((k) => {
      const share = onHot.get(shardOfPlacedKey(k, n));
      return share !== undefined && k.share >= HOT_SHARD_KEY_SHARE * share;
    })
    .sort((a, b) => b.share - a.share);
  const over = streamPlan.partitionKeys.keysOverShardLimit.filter((k) => keys.some((x) => x.key === k.key));
  const named = (over.length > 0 ? keys.filter((k) => over.some((o) => o.key === k.key)) : keys).slice(0, HOT_SHARD_KEYS_NAMED);
  const skew = streamPlan.partitionKeys.shardsForSkew;
  return {
    code: 'SIM_HOT_SHARD',
    severity: over.length > 0 ? 'error' : 'warning',
    path: fieldPath(['streams', r.index, 'partitionKeys']),
    args: {
      stream: r.name,
      shard: hottest.shard,
      shards: n,
      hotShards: hot.length,
      loadShare: hottest.loadShare,
      hotLoadShare: hot.reduce((acc, p) => acc + p.loadShare, 0),
      throttledShare: hotThrottled / total,
      keys: named.map((k) => k.key).join(', '),
      distribution: streamPlan.partitionKeys.distribution,
      keysShare: named.reduce((acc, k) => acc + k.share, 0),
      moreKeys: (over.length > 0 ? over.length : keys.length) - named.length,
      fix: over.length > 0 ? 'salt-keys' : keys.length > 0 ? 'explicit-hash-keys' : 'more-shards',
      salts: over.length > 0 ? Math.max(...over.map((k) => k.saltsNeeded)) : 0,
      ...(over.length > 0 ? { minSalts: Math.min(...over.map((k) => k.saltsNeeded)) } : {}),
      ...(skew !== null && skew > n ? { shardsForSkew: skew } : {}),
    },
  };
}

/** Findings from one stream's simulation, as data (codes worded in src/report/findings-sim.ts). */
export function simFindings(workload: Workload, plan: Plan, r: StreamSimResult): Finding[] {
  const out: Finding[] = [];
  const base = ['streams', r.index] as const;
  const budget = workload.budget?.maxThrottledShare;
  if (r.records.throttledAttempts > 0) {
    const over = budget !== undefined && r.throttledShare > budget;
    out.push({
      code: 'SIM_THROTTLED',
      severity: over ? 'error' : 'warning',
      path: fieldPath([...base, 'name']),
      args: {
        stream: r.name,
        throttledShare: r.throttledShare,
        throttledAttempts: r.records.throttledAttempts,
        attempts: r.attempts,
        ...(budget !== undefined ? { budget } : {}),
      },
    });
  }
  const hot = hotShardFinding(workload, plan, r);
  if (hot) out.push(hot);
  // The cause that gave up the most records (on a tie, the first in DROP_CAUSES); there is one whenever any was dropped.
  const byCause = r.records.droppedByCause;
  const mainCause = DROP_CAUSES.filter((c) => byCause[c] > 0).sort((a, b) => byCause[b] - byCause[a])[0];
  if (mainCause !== undefined) {
    out.push({
      code: 'SIM_RECORDS_DROPPED',
      severity: 'error',
      path: fieldPath([...base, 'traffic', 'client']),
      args: { stream: r.name, dropped: r.records.dropped, offered: r.records.offered, mainCause },
    });
  }
  let hidden: { minute: number; ratio: number; throttled: number; utilisation: number } | undefined;
  for (const m of r.perMinute) {
    const utilisation = Math.max(m.bytesUtilisation, m.recordsUtilisation);
    if (m.writeProvisionedThroughputExceeded > 0 && utilisation < QUIET_MINUTE_UTILISATION) {
      if (!hidden || m.writeProvisionedThroughputExceeded > hidden.throttled) {
        hidden = { minute: m.minute, ratio: m.hiddenBurstRatio, throttled: m.writeProvisionedThroughputExceeded, utilisation };
      }
    }
  }
  if (hidden) {
    out.push({
      code: 'SIM_HIDDEN_BURST',
      severity: 'warning',
      path: fieldPath([...base, 'traffic']),
      args: { stream: r.name, minute: hidden.minute, burstRatio: hidden.ratio, throttled: hidden.throttled, minuteUtilisation: hidden.utilisation },
    });
  }
  r.consumers.forEach((c, j) => {
    if (c.readThrottledCalls > 0) {
      out.push({
        code: 'SIM_READ_THROTTLED',
        severity: 'warning',
        path: fieldPath([...base, 'consumers', j]),
        args: { stream: r.name, consumer: c.name, throttledCalls: c.readThrottledCalls, calls: c.getRecordsCalls },
      });
    }
    if (c.maxIteratorAgeMs >= LAG_WARNING_MS) {
      out.push({
        code: 'SIM_CONSUMER_LAG',
        severity: 'warning',
        path: fieldPath([...base, 'consumers', j]),
        args: { stream: r.name, consumer: c.name, maxIteratorAgeMs: c.maxIteratorAgeMs, isCapped: c.isIteratorAgeCapped },
      });
    }
  });
  if (r.mode === 'on-demand' && r.onDemandEvents.length > 0 && r.records.throttledAttempts > 0) {
    const first = r.onDemandEvents[0];
    out.push({
      code: 'SIM_ON_DEMAND_SCALING_THROTTLE',
      severity: 'warning',
      path: fieldPath([...base, 'capacityMode']),
      args: { stream: r.name, splits: r.onDemandEvents.length, firstSplitAtSec: first?.atSec ?? 0, finalShards: r.shards.final },
    });
  }
  if (r.trace && r.trace.periodSec >= 60) {
    out.push({
      code: 'SIM_TRACE_SPREAD_EVENLY',
      severity: 'info',
      path: fieldPath([...base, 'traffic']),
      args: { stream: r.name, file: r.trace.fileName, periodSec: r.trace.periodSec },
    });
  }
  if (r.records.pending > 0) {
    out.push({
      code: 'SIM_PENDING_AT_END',
      severity: 'info',
      path: fieldPath([...base, 'traffic', 'client']),
      args: { stream: r.name, pending: r.records.pending },
    });
  }
  return out;
}

/** Whether a stream's simulated traffic can go above its declared peak. */
function hasTrafficAbovePeak(stream: Workload['streams'][number], peakRecordsPerSec: number): boolean {
  const t = stream.traffic;
  if (!t) return false;
  return (
    (t.rate !== undefined && t.rate > peakRecordsPerSec) ||
    t.daily !== undefined ||
    t.onOff !== undefined ||
    t.heavyTail !== undefined ||
    t.spikes.length > 0 ||
    t.pulses.length > 0
  );
}

/** What --find-shards found, beside the plan's count and why they differ (codes worded in src/report/findings-sim.ts). */
export function findShardsFindings(workload: Workload, plan: Plan, found: NonNullable<SimResult['findShards']>): Finding[] {
  return found.streams.map((f): Finding => {
    const s = plan.streams[f.index]!;
    const stream = workload.streams[f.index]!;
    const path = fieldPath(['streams', f.index, 'name']);
    const limit = found.maxThrottledShare;
    if (f.hotKeys.length > 0) {
      const salts = Math.max(...s.partitionKeys.keysOverShardLimit.map((k) => k.saltsNeeded));
      const minSalts = Math.min(...s.partitionKeys.keysOverShardLimit.map((k) => k.saltsNeeded));
      return { code: 'SIM_SHARDS_HOT_KEYS', severity: 'error', path: fieldPath(['streams', f.index, 'partitionKeys']), args: { stream: f.stream, maxThrottledShare: limit, keys: f.hotKeys.join(', '), distribution: s.partitionKeys.distribution, salts, minSalts } };
    }
    if (f.shards === null) return { code: 'SIM_SHARDS_NONE', severity: 'error', path, args: { stream: f.stream, maxThrottledShare: limit, maximum: MAX_SHARDS_PER_STREAM } };
    const d = s.shards.derivation;
    const withoutHeadroom = wholeShards(Math.max(...[d.writeBytes, d.writeRecords, d.readBytes].map((l) => l.demandPerSec / l.capacityPerShard)));
    const byLimits = wholeShards(Math.max(s.shards.byLimit.writeBytes, s.shards.byLimit.writeRecords, s.shards.byLimit.readBytes));
    return {
      code: 'SIM_SHARDS_VS_PLAN',
      severity: 'info',
      path,
      args: {
        stream: f.stream,
        maxThrottledShare: limit,
        foundShards: f.shards,
        plannedShards: f.plannedShards,
        headroom: stream.headroom,
        shardsWithoutHeadroom: withoutHeadroom,
        skewShards: Math.max(0, s.shards.required - byLimits),
        isExisting: s.shards.existing !== null,
        hasTrafficAbovePeak: hasTrafficAbovePeak(stream, s.load.peak.recordsPerSec),
      },
    };
  });
}
