import type { Stream } from '../workload/schema.js';

/** Default planning horizon when a stream grows but gives no horizon: 12 months. */
export const DEFAULT_HORIZON_MONTHS = 12;
/** Seconds in the month of the growth model (365 days ÷ 12); billing months are a setting (730 h). */
const SECONDS_PER_GROWTH_MONTH = (365 * 86_400) / 12;

/** Write load at one moment: user records and the bytes they put on the write limit (payload + partition key). */
export interface WriteLoad {
  recordsPerSec: number;
  /** Payload bytes per second (the data blobs). */
  payloadBytesPerSec: number;
  /** Bytes per second counted against the 1 MiB/s write limit: payload plus partition key. */
  writeBytesPerSec: number;
}

/** The stream's load at average, at peak, and both at the growth horizon. */
export interface StreamLoad {
  recordBytesAvg: number;
  recordBytesMax: number;
  partitionKeyBytes: number;
  peakFactor: number;
  growthPerMonth: number;
  horizonMonths: number;
  /** (1 + growth)^horizonMonths. */
  horizonFactor: number;
  average: WriteLoad;
  peak: WriteLoad;
  horizonAverage: WriteLoad;
  horizonPeak: WriteLoad;
}

function writeLoad(recordsPerSec: number, recordBytes: number, keyBytes: number): WriteLoad {
  return {
    recordsPerSec,
    payloadBytesPerSec: recordsPerSec * recordBytes,
    writeBytesPerSec: recordsPerSec * (recordBytes + keyBytes),
  };
}

/** Months from a horizon in seconds (default: 12 months when the stream grows, else none). */
export function horizonMonthsOf(growthPerMonth: number | undefined, horizonSec: number | undefined): number {
  if (horizonSec !== undefined) return horizonSec / SECONDS_PER_GROWTH_MONTH;
  return (growthPerMonth ?? 0) > 0 ? DEFAULT_HORIZON_MONTHS : 0;
}

/** Compound growth to the horizon: (1 + growth)^months. */
export function growthFactor(growthPerMonth: number | undefined, horizonSec: number | undefined): number {
  return Math.pow(1 + (growthPerMonth ?? 0), horizonMonthsOf(growthPerMonth, horizonSec));
}

/** Peak records per second of a stream, from an absolute peak or a factor of the average (default: the average). */
export function peakRecordsPerSec(stream: Stream): number {
  const peak = stream.records.peak;
  if (!peak) return stream.records.rate;
  return 'factor' in peak ? stream.records.rate * peak.factor : peak.recordsPerSec;
}

/**
 * The load of a stream. Partition keys are counted as one byte per character (ASCII keys); a key's UTF-8 bytes are
 * what AWS counts, so non-ASCII keys weigh more than this.
 */
export function streamLoad(stream: Stream): StreamLoad {
  const keyBytes = stream.partitionKeys.length;
  const size = stream.records.size;
  const peak = peakRecordsPerSec(stream);
  const growth = stream.records.growth ?? 0;
  const horizonMonths = horizonMonthsOf(growth, stream.records.horizon);
  const horizonFactor = growthFactor(growth, stream.records.horizon);
  return {
    recordBytesAvg: size,
    recordBytesMax: stream.records.maxSize ?? size,
    partitionKeyBytes: keyBytes,
    peakFactor: peak / stream.records.rate,
    growthPerMonth: growth,
    horizonMonths,
    horizonFactor,
    average: writeLoad(stream.records.rate, size, keyBytes),
    peak: writeLoad(peak, size, keyBytes),
    horizonAverage: writeLoad(stream.records.rate * horizonFactor, size, keyBytes),
    horizonPeak: writeLoad(peak * horizonFactor, size, keyBytes),
  };
}
