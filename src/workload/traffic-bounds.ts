import { MAX_SHARDS_PER_STREAM, MAX_STREAM_RECORDS_PER_SEC } from '../limits.js';
import { formatRecordRate } from './format.js';
import type { Traffic } from './traffic-schema.js';

/**
 * The busiest moment a `traffic:` block can offer: the base rate at the top of the daily cycle, in an on/off burst,
 * in a heavy-tailed burst, under every spike that overlaps there. Shapes multiply (src/sim/traffic.ts), so each bounded
 * factor can still add up to a rate no stream takes; this checks the product against the largest stream.
 */

export interface TrafficBoundIssue {
  path: (string | number)[];
  message: string;
  params: { hint: string };
}

/** The largest product of spike factors at any one time: spikes overlap where their ramps and plateaus do. */
function busiestSpikes(spikes: Traffic['spikes']): number {
  const up = spikes.filter((s) => s.factor > 1).map((s) => ({ from: s.at - s.ramp, to: s.at + s.length + s.ramp, factor: s.factor }));
  let best = 1;
  for (const a of up) {
    let product = 1;
    for (const b of up) if (b.from <= a.from && a.from < b.to) product *= b.factor;
    best = Math.max(best, product);
  }
  return best;
}

/** The most records per second the traffic block offers at any moment, from its base rate. */
export function busiestRecordsPerSec(traffic: Traffic, baseRecordsPerSec: number): number {
  let busiest = traffic.rate ?? baseRecordsPerSec;
  if (traffic.daily) busiest *= 1 + traffic.daily.amplitude;
  if (traffic.onOff) busiest *= Math.max(traffic.onOff.onFactor, traffic.onOff.offFactor);
  if (traffic.heavyTail) busiest *= Math.max(traffic.heavyTail.onFactor, traffic.heavyTail.offFactor);
  return busiest * busiestSpikes(traffic.spikes);
}

/** Issues for a traffic block whose busiest moment offers more than any stream takes. */
export function checkBusiestMoment(
  traffic: Traffic | undefined,
  recordsPerSec: number,
  peak: { factor: number } | { recordsPerSec: number } | undefined,
): TrafficBoundIssue[] {
  if (!traffic) return [];
  const base = peak === undefined ? recordsPerSec : 'factor' in peak ? recordsPerSec * peak.factor : peak.recordsPerSec;
  const busiest = busiestRecordsPerSec(traffic, base);
  if (busiest <= MAX_STREAM_RECORDS_PER_SEC) return [];
  return [
    {
      path: ['traffic'],
      message:
        `at its busiest moment the traffic offers ${Number.isFinite(busiest) ? formatRecordRate(busiest) : 'an unbounded rate'} ` +
        `(the base rate times the daily, on/off, heavy-tail and overlapping spike factors), more than the ` +
        `${formatRecordRate(MAX_STREAM_RECORDS_PER_SEC)} a stream of ${MAX_SHARDS_PER_STREAM.toLocaleString('en-US')} shards takes`,
      params: { hint: 'lower the factors, or spread the spikes so that fewer overlap' },
    },
  ];
}
