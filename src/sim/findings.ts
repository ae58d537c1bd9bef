import { DROP_CAUSES } from '../vocab/drop-causes.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';
import type { Workload } from '../workload/schema.js';
import type { Plan } from '../plan/index.js';
import { wholeShards } from '../plan/shards.js';
import { MAX_SHARDS_PER_STREAM } from '../limits.js';
import type { SimResult, StreamSimResult } from './types.js';

/** A minute "looks fine" to CloudWatch when its average is under this share of the stream's write capacity. */
const QUIET_MINUTE_UTILISATION = 0.5;
/** Consumer lag worth reporting, ms. */
const LAG_WARNING_MS = 60_000;

/** Findings from one stream's simulation, as data (codes worded in src/report/findings-sim.ts). */
export function simFindings(workload: Workload, r: StreamSimResult): Finding[] {
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
      return { code: 'SIM_SHARDS_HOT_KEYS', severity: 'error', path: fieldPath(['streams', f.index, 'partitionKeys']), args: { stream: f.stream, maxThrottledShare: limit, keys: f.hotKeys.join(', '), salts } };
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
