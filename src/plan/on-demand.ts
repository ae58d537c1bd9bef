import {
  ON_DEMAND_ADVANTAGE_MAX_WRITE_BYTES_PER_SEC,
  ON_DEMAND_DOUBLING_WINDOW_SEC,
  ON_DEMAND_INITIAL_WRITE_BYTES_PER_SEC,
  ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT,
  ON_DEMAND_PEAK_MULTIPLIER,
  SHARD_WRITE_BYTES_PER_SEC,
  SHARD_WRITE_RECORDS_PER_SEC,
} from '../limits.js';
import type { Stream } from '../workload/schema.js';
import type { OnDemandMode } from '../vocab/capacity-modes.js';
import { fieldPath } from '../vocab/field-path.js';
import type { Finding } from '../vocab/findings.js';

/** How a stream's peak fits an on-demand mode's scaling rules. */
export interface OnDemandFit {
  mode: OnDemandMode;
  /** Write throughput the stream takes without throttling right now: 2 × the previous peak, or 4 MiB/s when new. */
  instantWriteBytesPerSec: number;
  /** The same in records per second, at 1,000 records/s per MiB/s of capacity (one shard's worth). */
  instantRecordsPerSec: number;
  /** Largest write throughput the mode scales to. */
  maxWriteBytesPerSec: number;
  peakWriteBytesPerSec: number;
  peakRecordsPerSec: number;
  /** Capacity doublings between the instant capacity and the peak (0 when the peak fits at once). */
  doublingsNeeded: number;
  /**
   * The unit that sets the doublings: records/s when the peak's records ÷ the instant records/s exceed its bytes ÷ the
   * instant bytes/s (small records), else bytes.
   */
  drivenBy: 'writeRecords' | 'writeBytes';
  /** The capacity after the doublings, in both units: the instant capacity × 2^doublings. */
  scaledWriteBytesPerSec: number;
  scaledRecordsPerSec: number;
  /**
   * The write throughput (MiB/s is AWS's unit for it) that takes the peak at once: the peak's bytes, or its records at
   * 1,000 records/s per MiB/s when records drive the doublings. What warm throughput or a pre-warm must reach.
   */
  warmWriteBytesPerSec: number;
  /** Rough time to get there: one doubling per 15-minute window. */
  secondsToScale: number;
  fitsInstantly: boolean;
  fitsMaximum: boolean;
}

/**
 * Evaluates on-demand modes against AWS's rules (kinesis-facts.md §2.1): a stream takes up to double its previous
 * 30-day peak (a new stream: 4 MiB/s), traffic more than doubling within 15 minutes can throttle, and scaling goes
 * by doublings. The on-demand maximum and the previous peak are workload settings because AWS's wording is unclear.
 */
export function fitOnDemand(
  stream: Stream,
  streamIndex: number,
  mode: OnDemandMode,
  peak: { writeBytesPerSec: number; kinesisRecordsPerSec: number },
): { fit: OnDemandFit; findings: Finding[] } {
  const previousPeak = stream.onDemand?.previousPeak;
  const instantWriteBytesPerSec =
    previousPeak !== undefined ? ON_DEMAND_PEAK_MULTIPLIER * previousPeak : ON_DEMAND_INITIAL_WRITE_BYTES_PER_SEC;
  const instantRecordsPerSec = (instantWriteBytesPerSec / SHARD_WRITE_BYTES_PER_SEC) * SHARD_WRITE_RECORDS_PER_SEC;
  const maxWriteBytesPerSec =
    stream.onDemand?.maxWriteThroughput ??
    (mode === 'on-demand-advantage' ? ON_DEMAND_ADVANTAGE_MAX_WRITE_BYTES_PER_SEC : ON_DEMAND_MAX_WRITE_BYTES_PER_SEC_DEFAULT);
  const ratio = Math.max(
    peak.writeBytesPerSec / instantWriteBytesPerSec,
    peak.kinesisRecordsPerSec / instantRecordsPerSec,
  );
  const doublingsNeeded = ratio <= 1 ? 0 : Math.ceil(Math.log2(ratio) - 1e-12);
  const drivenBy = peak.kinesisRecordsPerSec / instantRecordsPerSec > peak.writeBytesPerSec / instantWriteBytesPerSec ? 'writeRecords' : 'writeBytes';
  const warmWriteBytesPerSec = Math.max(peak.writeBytesPerSec, (peak.kinesisRecordsPerSec / SHARD_WRITE_RECORDS_PER_SEC) * SHARD_WRITE_BYTES_PER_SEC);
  const fit: OnDemandFit = {
    mode,
    instantWriteBytesPerSec,
    instantRecordsPerSec,
    maxWriteBytesPerSec,
    peakWriteBytesPerSec: peak.writeBytesPerSec,
    peakRecordsPerSec: peak.kinesisRecordsPerSec,
    doublingsNeeded,
    drivenBy,
    scaledWriteBytesPerSec: instantWriteBytesPerSec * 2 ** doublingsNeeded,
    scaledRecordsPerSec: instantRecordsPerSec * 2 ** doublingsNeeded,
    warmWriteBytesPerSec,
    secondsToScale: doublingsNeeded * ON_DEMAND_DOUBLING_WINDOW_SEC,
    fitsInstantly: doublingsNeeded === 0,
    fitsMaximum: peak.writeBytesPerSec <= maxWriteBytesPerSec,
  };
  const findings: Finding[] = [];
  const path = fieldPath(['streams', streamIndex, 'records', 'peak']);
  if (!fit.fitsMaximum) {
    findings.push({
      code: 'ON_DEMAND_OVER_MAXIMUM',
      severity: 'error',
      path,
      args: { mode, peakBytesPerSec: peak.writeBytesPerSec, maxBytesPerSec: maxWriteBytesPerSec },
    });
  }
  if (!fit.fitsInstantly) {
    findings.push({
      code: 'ON_DEMAND_BURST_THROTTLES',
      severity: 'warning',
      path,
      args: {
        mode,
        peakBytesPerSec: peak.writeBytesPerSec,
        peakRecordsPerSec: peak.kinesisRecordsPerSec,
        instantBytesPerSec: instantWriteBytesPerSec,
        instantRecordsPerSec,
        drivenBy,
        warmBytesPerSec: warmWriteBytesPerSec,
        scaledBytesPerSec: fit.scaledWriteBytesPerSec,
        scaledRecordsPerSec: fit.scaledRecordsPerSec,
        doublings: doublingsNeeded,
        minutes: fit.secondsToScale / 60,
        hasPreviousPeak: previousPeak !== undefined,
      },
    });
  }
  return { fit, findings };
}
