import type { Traffic } from '../workload/traffic-schema.js';
import type { Random } from './random.js';
import type { Trace } from './trace.js';
import { SECONDS_PER_DAY } from '../vocab/units.js';

/**
 * The offered write rate over time. Shapes multiply: base rate × daily cycle × on/off × heavy-tailed bursts × spikes
 * (§5.1 of throttling-model.md). A trace replaces the base rate and shapes: each period's count is spread evenly over
 * its period (CloudWatch's one-minute Sum says nothing about the shape inside the minute), then arrivals are drawn
 * by the `arrivals` process.
 *
 * The engine asks for the records of each step as the integral of the rate over the step, [t_k, t_{k+1}), with the
 * step's ends computed once (k / steps per second), so consecutive steps share their boundary exactly: no part of the
 * run is counted twice or left out, and an edge (a spike's start, an on/off switch, a trace period's end) inside a step
 * counts for exactly the part of the step on each side of it, whatever the step. Over the run the steps add up to the
 * integral of the rate, which is what the traffic model defines. Queries must come in non-decreasing time, each
 * starting where the last ended (heavy-tailed bursts are drawn as time goes on).
 */
export interface RateModel {
  /** Mean records offered over [fromSec, toSec): the integral of the rate over it. */
  recordsIn(fromSec: number, toSec: number): number;
  /** Bytes per record from the trace at `tSec` when it has both records and bytes, else undefined. */
  traceRecordBytes(tSec: number): number | undefined;
}

const DAY_SEC = SECONDS_PER_DAY;
const DAY_RAD_PER_SEC = (2 * Math.PI) / DAY_SEC;
/** Gauss–Legendre nodes and weights on [−1, 1] (three points: exact for polynomials up to degree 5). */
const GL_X = [-Math.sqrt(3 / 5), 0, Math.sqrt(3 / 5)] as const;
const GL_W = [5 / 9, 8 / 9, 5 / 9] as const;

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
  return 1 + daily.amplitude * Math.cos(DAY_RAD_PER_SEC * (tSec + daily.startAt - daily.peakAt));
}

/**
 * ∫ of the daily-cycle multiplier over [u, v): (v − u) + A·(2/ω)·cos(ω(m + start − peakAt))·sin(ω(v − u)/2), m the
 * midpoint (the difference of two sines written as a product, so a short interval loses no precision).
 */
export function dailyIntegral(daily: NonNullable<Traffic['daily']>, u: number, v: number): number {
  const w = DAY_RAD_PER_SEC;
  const mid = (u + v) / 2;
  return v - u + ((daily.amplitude * 2) / w) * Math.cos(w * (mid + daily.startAt - daily.peakAt)) * Math.sin((w * (v - u)) / 2);
}

/** The on/off multiplier at time t. */
export function onOffFactor(onOff: NonNullable<Traffic['onOff']>, tSec: number): number {
  if (tSec < onOff.offset) return onOff.offFactor;
  const phase = (tSec - onOff.offset) % (onOff.on + onOff.off);
  return phase < onOff.on ? onOff.onFactor : onOff.offFactor;
}

/** The on/off switches strictly inside (u, v), pushed to `out`. */
function onOffEdges(onOff: NonNullable<Traffic['onOff']>, u: number, v: number, out: number[]): void {
  const period = onOff.on + onOff.off;
  if (onOff.offset > u && onOff.offset < v) out.push(onOff.offset);
  if (!(period > 0)) return;
  const from = Math.max(0, Math.floor((Math.max(u, onOff.offset) - onOff.offset) / period));
  for (let n = from; ; n++) {
    const start = onOff.offset + n * period;
    if (start >= v) break;
    if (start > u) out.push(start);
    const end = start + onOff.on;
    if (end > u && end < v) out.push(end);
  }
}

/** Builds the rate model of one stream. `baseRecordsPerSec` is the stream's base rate; `trace` replaces it. */
export function buildRateModel(traffic: Traffic | undefined, baseRecordsPerSec: number, random: Random, trace?: Trace): RateModel {
  const spikes = traffic?.spikes ?? [];
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
  const edges: number[] = [];

  /** The heavy-tailed multiplier from `tSec` on, drawing the switches up to it. */
  const heavyAt = (tSec: number): number => {
    if (!heavy) return 1;
    while (tSec >= heavyUntil) {
      heavyOn = !heavyOn;
      heavyUntil += random.pareto(heavy.alpha, heavyOn ? heavy.meanOn : heavy.meanOff);
    }
    return heavyOn ? heavy.onFactor : heavy.offFactor;
  };

  /** ∫ over [u, v) of the shapes without heavy tails: on/off and spike edges split it, then each piece is integrated. */
  const shapeIntegral = (u: number, v: number): number => {
    if (traceRates) return traceIntegral(traceRates, u, v);
    edges.length = 0;
    edges.push(u);
    if (onOff) onOffEdges(onOff, u, v, edges);
    for (const s of spikes) {
      for (const e of [s.at - s.ramp, s.at, s.at + s.length, s.at + s.length + s.ramp]) if (e > u && e < v) edges.push(e);
    }
    edges.push(v);
    if (edges.length > 2) edges.sort((a, b) => a - b);
    let sum = 0;
    for (let x = 0; x + 1 < edges.length; x++) {
      const a = edges[x] as number;
      const b = edges[x + 1] as number;
      if (!(b > a)) continue;
      const mid = (a + b) / 2;
      let constant = baseRecordsPerSec;
      if (onOff) constant *= onOffFactor(onOff, mid);
      let ramping = false;
      for (const s of spikes) {
        if (s.ramp > 0 && ((mid > s.at - s.ramp && mid < s.at) || (mid > s.at + s.length && mid < s.at + s.length + s.ramp))) ramping = true;
      }
      if (!ramping) {
        for (const s of spikes) constant *= spikeFactor(s, mid);
        sum += constant * (daily ? dailyIntegral(daily, a, b) : b - a);
        continue;
      }
      // Ramps are linear on the piece and the daily cycle is smooth: three-point Gauss–Legendre.
      const half = (b - a) / 2;
      let piece = 0;
      for (let g = 0; g < 3; g++) {
        const t = mid + half * (GL_X[g] as number);
        let f = daily ? dailyFactor(daily, t) : 1;
        for (const s of spikes) f *= spikeFactor(s, t);
        piece += (GL_W[g] as number) * f;
      }
      sum += constant * piece * half;
    }
    return sum;
  };

  return {
    recordsIn(fromSec, toSec) {
      if (!(toSec > fromSec)) return 0;
      if (!heavy) {
        // The common shapes, without edges in the way: a steady rate or a daily cycle alone.
        if (!traceRates && !onOff && spikes.length === 0) return baseRecordsPerSec * (daily ? dailyIntegral(daily, fromSec, toSec) : toSec - fromSec);
        return shapeIntegral(fromSec, toSec);
      }
      let sum = 0;
      let u = fromSec;
      while (u < toSec) {
        const factor = heavyAt(u);
        const v = heavyUntil < toSec ? heavyUntil : toSec;
        sum += factor * shapeIntegral(u, v);
        u = v;
      }
      return sum;
    },
    traceRecordBytes(tSec) {
      if (!traceRates?.bytesPerRecord) return undefined;
      const k = Math.floor(tSec / traceRates.periodSec);
      const v = traceRates.bytesPerRecord[k];
      return v !== undefined && v > 0 ? v : undefined;
    },
  };
}

interface TraceSeries {
  periodSec: number;
  records: Float64Array;
  bytesPerRecord?: Float64Array;
}

/** ∫ over [u, v) of a trace's rate: each period's records spread evenly over it, nothing outside the trace. */
function traceIntegral(t: TraceSeries, u: number, v: number): number {
  const p = t.periodSec;
  const n = t.records.length;
  let first = Math.floor(u / p);
  if (first < 0) first = 0;
  let sum = 0;
  for (let k = first; k < n; k++) {
    const start = k * p;
    if (start >= v) break;
    const end = start + p;
    const a = u > start ? u : start;
    const b = v < end ? v : end;
    if (b > a) sum += ((t.records[k] as number) * (b - a)) / p;
  }
  return sum;
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

/** Whether the rate model is driven by a bytes-only trace (its `recordsIn` then gives bytes). */
export function isBytesOnlyTrace(trace: Trace | undefined): boolean {
  return trace !== undefined && !trace.hasRecords && trace.hasBytes;
}

/** Float noise allowed when an instant is placed in a step, relative to its position in steps (a few ulps of it). */
const STEP_TOLERANCE = 1e-12;

/**
 * The step that holds the instant `tSec` with `stepsPerSec` steps a second: step k covers [k/n, (k+1)/n). An instant
 * within float noise of a boundary (a pulse at 4.1 s read as 4.0999999999999996) belongs to the step that starts there.
 */
export function stepOf(tSec: number, stepsPerSec: number): number {
  const x = tSec * stepsPerSec;
  return Math.floor(x + STEP_TOLERANCE * Math.max(1, Math.abs(x)));
}

/** Pulses by step: the steps (ascending) and the records arriving in each, for steps before `steps`. */
export function pulseSchedule(traffic: Traffic | undefined, stepsPerSec: number, steps: number): { steps: Int32Array; records: Float64Array } {
  const byStep = new Map<number, number>();
  for (const p of traffic?.pulses ?? []) {
    const k = stepOf(p.at, stepsPerSec);
    if (k >= 0 && k < steps) byStep.set(k, (byStep.get(k) ?? 0) + p.records);
  }
  const keys = [...byStep.keys()].sort((a, b) => a - b);
  return { steps: Int32Array.from(keys), records: Float64Array.from(keys.map((k) => byStep.get(k) ?? 0)) };
}
