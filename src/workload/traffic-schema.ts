import { z } from 'zod';
import { MAX_STREAM_RECORDS_PER_SEC } from '../limits.js';
import {
  MAX_CLIENT_WAIT_SEC,
  MAX_CLOSED_WORKERS,
  MAX_COUNT,
  MAX_FACTOR,
  MAX_PULSES,
  MAX_RETRIES,
  MAX_ROUND_TRIP_SEC,
  MAX_SPIKES,
  MAX_TRAFFIC_TIME_SEC,
  MIN_ROUND_TRIP_SEC,
} from './bounds.js';
import { count, duration, percent, recordRate } from './fields.js';
import { CLIENT_MODELS } from '../vocab/client-models.js';
import { formatRecordRate } from './format.js';

/**
 * The `traffic:` block of a stream: what `kinesis-plan simulate` replays. The rate over time is the base rate times
 * every modulator given (a daily cycle, on/off bursts, heavy-tailed bursts, spikes), so they compose; `pulses` add
 * instantaneous bursts on top. `client` says how the producer reacts to throttling.
 */

const factor = (description: string) => z.number().nonnegative().max(MAX_FACTOR).describe(description);
/** A time within the longest simulation. */
const MOMENT = { max: MAX_TRAFFIC_TIME_SEC } as const;

const dailySchema = z
  .strictObject({
    amplitude: percent('Swing of the daily cycle around the base rate, e.g. 50% (rate × (1 ± 0.5)).', { min: 0, max: 1 }),
    peakAt: duration('Time of day of the daily peak, e.g. 14h.', { min: 0, max: 86_400, examples: ['14h', '20h'] }).default(
      14 * 3600,
    ),
    startAt: duration('Time of day at which the run starts, e.g. 0h (midnight).', {
      min: 0,
      max: 86_400,
      examples: ['0h', '9h'],
    }).default(0),
  })
  .describe('A daily (sinusoidal) cycle: rate × (1 + amplitude · cos(2π (t − peakAt) / 24h)).');

const onOffSchema = z
  .strictObject({
    on: duration('Length of each burst.', { min: 0, exclusiveMin: true, ...MOMENT, examples: ['10s'] }),
    off: duration('Time between bursts.', { min: 0, ...MOMENT, examples: ['50s'] }),
    onFactor: factor('Rate multiplier during a burst, e.g. 5.'),
    offFactor: factor('Rate multiplier between bursts, e.g. 0.2. Default 0.').default(0),
    offset: duration('When the first burst starts.', { min: 0, ...MOMENT, examples: ['0s'] }).default(0),
  })
  .describe('Periodic on/off bursts.');

const heavyTailSchema = z
  .strictObject({
    alpha: z.number().gt(1).max(2).default(1.5).describe('Pareto shape α of burst and gap lengths (1 < α ≤ 2; smaller is burstier).'),
    meanOn: duration('Mean burst length.', { min: 0, exclusiveMin: true, ...MOMENT, examples: ['2s'] }),
    meanOff: duration('Mean gap between bursts.', { min: 0, exclusiveMin: true, ...MOMENT, examples: ['30s'] }),
    onFactor: factor('Rate multiplier during a burst, e.g. 4.'),
    offFactor: factor('Rate multiplier between bursts. Default 1.').default(1),
  })
  .describe('Heavy-tailed (Pareto on/off) bursts, drawn from the seed.');

const spikeSchema = z
  .strictObject({
    at: duration('When the spike starts, from the start of the run.', { min: 0, ...MOMENT, examples: ['10min'] }),
    length: duration('How long the spike lasts at its peak.', { min: 0, exclusiveMin: true, ...MOMENT, examples: ['30s', '5min'] }),
    factor: z.number().positive().max(MAX_FACTOR).describe('Rate multiplier at the peak of the spike, e.g. 5.'),
    ramp: duration('Linear ramp up before and down after the peak.', { min: 0, ...MOMENT, examples: ['0s', '1min'] }).default(0),
  })
  .describe('A flash crowd: the rate is multiplied by `factor` from `at` for `length`.');

const pulseSchema = z
  .strictObject({
    at: duration('When the pulse arrives, from the start of the run.', { min: 0, ...MOMENT, examples: ['0s'] }),
    records: count('Records that arrive at that instant (at most one second of the largest stream).', {
      min: 1,
      max: MAX_STREAM_RECORDS_PER_SEC,
    }),
  })
  .describe('Records arriving all at once (a buffer flush, a batch job).');

/**
 * Round trip of one Kinesis request for closed producers: 20 ms, the low end of the 20–30 ms per call that
 * throttling-model.md §7.3 recommends (from the Stack Overflow answer it cites in §1.1). Not an AWS figure: a parameter.
 */
export const CLOSED_ROUND_TRIP_SEC = 0.02;

/** The client a stream's producer uses: `auto` is the KPL when the producer aggregates with it, else put-records. */
export function resolveClientModel(model: ClientModel, aggregation: 'none' | 'kpl'): Exclude<ClientModel, 'auto'> {
  if (model !== 'auto') return model;
  return aggregation === 'kpl' ? 'kpl' : 'put-records';
}

export { CLIENT_MODELS };
export const APP_RETRY_POLICIES = ['exp-jitter', 'fixed', 'immediate'] as const;

const clientSchema = z
  .strictObject({
    model: z
      .enum(CLIENT_MODELS)
      .default('auto')
      .describe(
        'How the producer retries throttled records: put-records (the application resends failed PutRecords entries), ' +
          'put-record-sdk (single PutRecord calls retried by the AWS SDK for JavaScript v3 standard mode), ' +
          'put-record-sdk-2026 (the same with the 2026 retry constants), kpl (the KPL), none (no retry). ' +
          'auto: kpl when the producer aggregates with the KPL, else put-records.',
      ),
    policy: z
      .enum(APP_RETRY_POLICIES)
      .default('exp-jitter')
      .describe('put-records: how the application waits before resending failed entries.'),
    maxRetries: count('put-records: resends of a failed entry before the application gives up.', { min: 0, max: MAX_RETRIES }).default(5),
    baseDelay: duration('put-records: first retry delay (exp-jitter: the first jitter window; fixed: the delay).', {
      min: 0,
      max: MAX_CLIENT_WAIT_SEC,
      examples: ['100ms'],
    }).default(0.1),
    maxDelay: duration('put-records: largest retry delay.', { min: 0, max: MAX_CLIENT_WAIT_SEC, examples: ['5s'] }).default(5),
    bufferRecords: count(
      'Records the producer can hold (waiting for a retry, and with `workers` also waiting for a free worker) before it ' +
        'drops new ones (cause buffer-overflow). Default: unbounded.',
      { min: 1, max: MAX_COUNT },
    ).optional(),
    workers: count(
      'A closed producer: this many workers, each with one request in flight at a time. A worker takes the oldest ' +
        'waiting records (a PutRecords batch of up to 500 records and 10 MiB, or one record for put-record-sdk), waits ' +
        'one round trip for the response, resends its throttled entries as the client model says (waiting its backoff) ' +
        'until they are accepted or dropped, and only then takes new records; arrivals wait in the buffer meanwhile, so ' +
        'throttling slows the producer instead of adding attempts. Not with the KPL, which runs its own connections. ' +
        'Default: an open producer (every arrival is sent at once, whatever happened to the earlier ones).',
      { min: 1, max: MAX_CLOSED_WORKERS, examples: [1, 8, 64] },
    ).optional(),
    roundTrip: duration('Closed producers (`workers`): time from sending a request to its response. Default 20 ms.', {
      min: MIN_ROUND_TRIP_SEC,
      max: MAX_ROUND_TRIP_SEC,
      examples: ['20ms', '50ms'],
    }).default(CLOSED_ROUND_TRIP_SEC),
  })
  .describe('The producer client and its retry behaviour.');

/** The `traffic:` block of a stream: what the simulator replays. */
export const trafficSchema = z
  .strictObject({
    rate: recordRate('Base rate in records per second. Default: records.peak, or records.rate when there is no peak.', {
      min: 0,
      exclusiveMin: true,
      max: MAX_STREAM_RECORDS_PER_SEC,
      showMax: formatRecordRate,
    }).optional(),
    arrivals: z
      .enum(['poisson', 'uniform'])
      .default('poisson')
      .describe('How records arrive at a given rate: poisson (random) or uniform (evenly spaced).'),
    daily: dailySchema.optional(),
    onOff: onOffSchema.optional(),
    heavyTail: heavyTailSchema.optional(),
    spikes: z.array(spikeSchema).max(MAX_SPIKES, 'merge spikes that overlap or follow each other; each is looked at in every step').default([]).describe('Flash crowds on top of the other shapes.'),
    pulses: z.array(pulseSchema).max(MAX_PULSES, 'merge pulses that come close together into one').default([]).describe('Instantaneous bursts on top of the other shapes.'),
    client: clientSchema.prefault({}),
  })
  .describe('Traffic model for `kinesis-plan simulate`.');

export type Traffic = z.output<typeof trafficSchema>;
export type TrafficInput = z.input<typeof trafficSchema>;
export type ClientModel = (typeof CLIENT_MODELS)[number];
