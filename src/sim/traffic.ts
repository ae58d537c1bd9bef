import type { Traffic } from '../workload/traffic-schema.js';
import type { Random } from './random.js';
import type { Trace } from './trace.js';
import { SECONDS_PER_DAY } from '../vocab/units.js';

/**
 * The offered write rate over time. Shapes multiply: base rate × daily cycle × on/off × heavy-tailed bursts × spikes
 * (§5.1 of throttling-model.md). A trace replaces the base rate and shapes: each period's count is spread evenly over
 * its period (CloudWatch's one-minute Sum says nothing about the shape inside the minute), then arrivals are drawn
 * by the `arrivals` process. Queries must come in non-decreasing time (heavy-tailed bursts are drawn as time goes on).
 */
export interface RateModel {
  /** Offered records per second at time `tSec` (from the start of the run). */
  recordsPerSec(tSec: number): number;
  /** Bytes per record from the trace at `tSec` when it has both records and bytes, else undefined. */
  traceRecordBytes(tSec: number): number | undefined;
  /** Records arriving at one instant in [fromSec, toSec). */
  pulseRecords(fromSec: number, toSec: number): number;
}

const DAY_SEC = SECONDS_PER_DAY;

/** A spike's multiplier at time t: 1 outside, `factor` at the peak, linear ramps either side. */
export function spikeFactor(spike: Traffic['spikes'][number], tSec: number): number {
  const { at, length, factor, ramp } = spike;
  if (tSec < at - ramp || tSec >= at + length + ramp) return 1;
  if (tSec < at) return 1 + ((factor - 1) * (tSec - (at - ramp))) / ramp;
  if (tSec < at + length) return factor;
  return factor + ((1 - factor) * (tSec - (at + length))) / ramp;
}

/** The daily-cycle multiplier at time t: 1 + A·cos(2π(t + start − peakAt)/24h). */
export function dailyFactor(daily: NonNullable<Traffic['daily']>, tSec: number): number {
  return 1 + daily.amplitude * Math.cos((2 * Math.PI * (tSec + daily.startAt - daily.peakAt)) / DAY_SEC);
}

/** The on/off multiplier at time t. */
export function onOffFactor(onOff: NonNullable<Traffic['onOff']>, tSec: number): number {
  if (tSec < onOff.offset) return onOff.offFactor;
  const phase = (tSec - onOff.offset) % (onOff.on + onOff.off);
  return phase < onOff.on ? onOff.onFactor : onOff.offFactor;
}

/** Builds the rate model of one stream. `baseRecordsPerSec` is the stream's base rate; `trace` replaces it. */
export function buildRateModel(traffic: Traffic | undefined, baseRecordsPerSec: number, random: Random, trace?: Trace): RateModel {
  const spikes = traffic?.spikes ?? [];
  const pulses = [...(traffic?.pulses ?? [])].sort((a, b) => a.at - b.at);
  const daily = traffic?.daily;
  const onOff = traffic?.onOff;
  const heavy = traffic?.heavyTail;
  let heavyOn = false;
  let heavyUntil = 0;
  if (heavy) {
    heavyOn = random.next() < heavy.meanOn / (heavy.meanOn + heavy.meanOff);
    heavyUntil = random.pareto(heavy.alpha, heavyOn ? heavy.meanOn : heavy.meanOff) * random.next();
  }
  const traceRates = trace ? traceSeries(trace) : undefined;

  return {
    recordsPerSec(tSec) {
      let rate: number;
      if (traceRates) {
        const k = Math.floor(tSec / traceRates.periodSec);
        rate = k >= 0 && k < traceRates.records.length ? (traceRates.records[k] ?? 0) / traceRates.periodSec : 0;
      } else {
        rate = baseRecordsPerSec;
        if (daily) rate *= dailyFactor(daily, tSec);
        if (onOff) rate *= onOffFactor(onOff, tSec);
      }
      if (heavy) {
        while (tSec >= heavyUntil) {
          heavyOn = !heavyOn;
          heavyUntil += random.pareto(heavy.alpha, heavyOn ? heavy.meanOn : heavy.meanOff);
        }
        rate *= heavyOn ? heavy.onFactor : heavy.offFactor;
      }
      for (const s of spikes) rate *= spikeFactor(s, tSec);
      return rate;
    },
    traceRecordBytes(tSec) {
      if (!traceRates?.bytesPerRecord) return undefined;
      const k = Math.floor(tSec / traceRates.periodSec);
      const v = traceRates.bytesPerRecord[k];
      return v !== undefined && v > 0 ? v : undefined;
    },
    pulseRecords(fromSec, toSec) {
      let n = 0;
      for (const p of pulses) if (p.at >= fromSec && p.at < toSec) n += p.records;
      return n;
    },
  };
}

interface TraceSeries {
  periodSec: number;
  records: Float64Array;
  bytesPerRecord?: Float64Array;
}

/** The trace as dense per-period arrays; a trace of bytes only is turned into records by the caller's record size. */
function traceSeries(trace: Trace): TraceSeries {
  const n = Math.round(trace.durationSec / trace.periodSec);
  const records = new Float64Array(n);
  const bytes = new Float64Array(n);
  for (const p of trace.points) {
    const k = Math.round(p.offsetSec / trace.periodSec);
    records[k] = p.records ?? 0;
    bytes[k] = p.bytes ?? 0;
  }
  if (!trace.hasRecords) return { periodSec: trace.periodSec, records: bytes, bytesPerRecord: undefined };
  if (!trace.hasBytes) return { periodSec: trace.periodSec, records };
  const bytesPerRecord = new Float64Array(n);
  for (let k = 0; k < n; k++) bytesPerRecord[k] = (records[k] ?? 0) > 0 ? (bytes[k] ?? 0) / (records[k] ?? 1) : 0;
  return { periodSec: trace.periodSec, records, bytesPerRecord };
}

/** Whether the rate model is driven by a bytes-only trace (its `recordsPerSec` then returns bytes per second). */
export function isBytesOnlyTrace(trace: Trace | undefined): boolean {
  return trace !== undefined && !trace.hasRecords && trace.hasBytes;
}
