import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors.js';
import { planWorkload } from '../../src/plan/index.js';
import { simulate } from '../../src/sim/index.js';
import { renderSimMarkdown } from '../../src/report/sim-markdown.js';
import { renderSimText } from '../../src/report/sim-text.js';
import { PUT_RECORDS_MAX_BYTES } from '../../src/limits.js';
import { oneStream } from './helpers.js';

// Closed producers (traffic.client.workers): N workers, each with one request in flight; a worker waits one round
// trip for its response, resends its throttled entries as the client says, and only then takes new records. These
// tests pin the rates that follow from that by hand, and that throttling slows a closed producer where it multiplies
// an open producer's attempts.

type Stream = Parameters<typeof oneStream>[0];

function run(
  stream: Stream,
  opts: {
    shards: number;
    durationSec: number;
    seed?: number;
    mode?: 'provisioned' | 'on-demand';
    stepSec?: number;
  },
) {
  const w = oneStream(stream);
  const result = simulate(w, planWorkload(w), {
    seed: opts.seed ?? 1,
    durationSec: opts.durationSec,
    shardsByStream: [opts.shards],
    ...(opts.mode ? { mode: opts.mode } : {}),
    ...(opts.stepSec ? { stepSec: opts.stepSec } : {}),
  });
  const s = result.streams[0];
  if (!s) throw new Error('no stream result');
  return { result, s };
}

function closed(s: ReturnType<typeof run>['s']) {
  if (s.producer.model !== 'closed') throw new Error('expected a closed producer');
  return s.producer;
}

describe('closed producers: rates by hand', () => {
  test('1 worker, 20 ms round trip, 500-record batches: 25,000 records/s reach Kinesis, never more', () => {
    // 1 s / 20 ms = 50 requests a second × 500 records = 25,000 records/s. 100,000/s arrive, so the worker is never
    // idle; 100 shards (100,000 records/s, 100 MiB/s) throttle nothing. Over 60 s: 3,000 requests, 1,500,000 records
    // accepted, every second at exactly 25,000 attempts; the rest waits in the (unbounded) buffer.
    const { s } = run(
      { records: { size: 100, rate: 100_000 }, traffic: { client: { workers: 1 } } },
      { shards: 100, durationSec: 60 },
    );
    const p = closed(s);
    expect(p.workers).toBe(1);
    expect(p.roundTripMs).toBeCloseTo(20, 9);
    expect(p.maxRecordsPerRequest).toBe(500);
    expect(p.requests).toBe(3000);
    expect(p.maxRequestsInFlight).toBe(1);
    expect(s.records.throttledAttempts).toBe(0);
    expect(s.records.accepted).toBe(1_500_000);
    expect(s.perMinute[0]?.peakSecondAttempts).toBe(25_000);
    expect(s.records.pending).toBe(s.records.offered - 1_500_000);
  });

  test('the 10 MiB request limit caps a batch of large records', () => {
    // 100 KiB records with 36-byte keys cost 102,436 bytes: ⌊10,485,760 / 102,436⌋ = 102 records a request, so one
    // worker at 20 ms sends 50 × 102 = 5,100 records/s. Ten shards admit far less (1 MiB/s each, about 10 records/s),
    // and with no retries every throttled entry is dropped at once, so the worker keeps its pace: 5,100 attempts in
    // every second.
    const { s } = run(
      { records: { size: 100 * 1024, rate: 20_000 }, traffic: { client: { workers: 1, model: 'none' } } },
      { shards: 10, durationSec: 60 },
    );
    expect(Math.floor(PUT_RECORDS_MAX_BYTES / (100 * 1024 + 36))).toBe(102);
    expect(closed(s).maxRecordsPerRequest).toBe(102);
    expect(s.perMinute[0]?.peakSecondAttempts).toBe(5100);
    expect(s.attempts).toBe(60 * 5100);
    expect(s.records.droppedByCause['not-retried']).toBe(s.records.throttledAttempts);
  });

  test('PutRecord workers against one shard: at most N requests in flight, throttled attempts at most N per round trip', () => {
    // 8 workers of put-record-sdk (one record a request, 20 ms round trip) can offer at most 8 × 50 = 400 records a
    // second; in any one-second window a worker starts at most ⌊1 s / 20 ms⌋ + 1 = 51 requests. The shard admits
    // 1,000 records/s (and 1 MiB/s at PutRecord's 1 KiB rounding: 1,024 records), so 3,000 arrivals a second cannot
    // throttle it: the workers, not the shard, are the bottleneck, and the arrivals pile up in the buffer.
    // With 30 workers (1,500 requests a second) the shard throttles, and a throttled request waits its SDK backoff
    // (U · 500 ms, then U · 1 s): throttled attempts stay below 30 × 51 = 1,530 in every second, where the open
    // producer of the same traffic, which sends every arrival at once, makes 2,000 and more a second.
    const slow = run(
      { records: { size: 100, rate: 3000 }, traffic: { client: { workers: 8, model: 'put-record-sdk' } } },
      { shards: 1, durationSec: 60 },
    );
    expect(closed(slow.s).maxRequestsInFlight).toBe(8);
    expect(slow.s.records.throttledAttempts).toBe(0);
    expect(slow.s.records.accepted).toBe(8 * 50 * 60);
    for (const m of slow.s.perMinute) expect(m.peakSecondAttempts).toBeLessThanOrEqual(8 * 51);

    const busy = run(
      { records: { size: 100, rate: 3000 }, traffic: { client: { workers: 30, model: 'put-record-sdk' } } },
      { shards: 1, durationSec: 120 },
    );
    const p = closed(busy.s);
    expect(p.maxRequestsInFlight).toBeLessThanOrEqual(30);
    expect(busy.s.records.throttledAttempts).toBeGreaterThan(0);
    for (const m of busy.s.perMinute) expect(m.peakSecondAttempts).toBeLessThanOrEqual(30 * 51);
    expect(busy.s.records.throttledAttempts).toBeLessThanOrEqual(30 * 50 * 120 + 30);

    const open = run(
      { records: { size: 100, rate: 3000 }, traffic: { client: { model: 'put-record-sdk' } } },
      { shards: 1, durationSec: 120 },
    );
    expect(open.s.producer.model).toBe('open');
    // About 3,000 new records a second meet 1,000 tokens: 2,000 throttled first attempts a second, plus retries.
    expect(open.s.records.throttledAttempts / 120).toBeGreaterThan(2000);
    expect(busy.s.records.throttledAttempts / 120).toBeLessThan(1530);
  });

  test('a saturated shard accepts its refill, whatever the workers do', () => {
    // One shard starts with 1,000 tokens and refills 1,000 a second: over 60 s it can admit at most 61,000 records.
    // 16 workers of 500-record requests (400,000 records/s of requests) keep it saturated, so it admits exactly that,
    // and the rest is throttled, retried by the application (exp-jitter, 5 retries) and dropped or left waiting.
    const { s } = run(
      { records: { size: 100, rate: 5000 }, traffic: { client: { workers: 16 } } },
      { shards: 1, durationSec: 60 },
    );
    expect(s.records.accepted).toBe(61_000);
    expect(s.records.offered).toBe(s.records.accepted + s.records.dropped + s.records.pending);
    expect(closed(s).maxRequestsInFlight).toBeLessThanOrEqual(16);
  });

  test('a full buffer drops new records with cause buffer-overflow, and the buffer never holds more than its bound', () => {
    // 2 workers drain at most 1,000 tokens' worth plus refill from a 1-shard stream while 5,000 records/s arrive: the
    // buffer of 10,000 records fills within seconds and the rest of the arrivals are dropped at the door.
    const { s } = run(
      { records: { size: 100, rate: 5000 }, traffic: { client: { workers: 2, bufferRecords: 10_000 } } },
      { shards: 1, durationSec: 60 },
    );
    const p = closed(s);
    expect(p.bufferRecords).toBe(10_000);
    expect(p.maxBufferedRecords).toBeLessThanOrEqual(10_000);
    expect(s.records.pending).toBeLessThanOrEqual(10_000);
    // Every record let in was accepted (at most 1,000 + 1,000/s × 60 s = 61,000 on one shard), given up after its
    // retries, or is still waiting (at most 10,000); of about 300,000 arrivals (σ ≈ 550) the rest overflowed.
    const r = s.records;
    const overflow = r.droppedByCause['buffer-overflow'];
    expect(r.accepted).toBeLessThanOrEqual(61_000);
    expect(overflow).toBe(r.offered - r.accepted - r.pending - r.droppedByCause['app-retries-exhausted']);
    expect(overflow).toBeGreaterThanOrEqual(
      r.offered - 61_000 - 10_000 - r.droppedByCause['app-retries-exhausted'],
    );
    expect(overflow / r.offered).toBeGreaterThan(0.5);
  });

  test('round trip and workers come from the workload; the default round trip is 20 ms', () => {
    const w = oneStream({ traffic: { client: { workers: 3, roundTrip: '50ms' } } });
    expect(w.streams[0]?.traffic?.client.roundTrip).toBeCloseTo(0.05, 12);
    expect(oneStream({ traffic: { client: { workers: 3 } } }).streams[0]?.traffic?.client.roundTrip).toBe(
      0.02,
    );
    // 3 workers at 50 ms: 3 × 20 = 60 requests a second.
    const { s } = run(
      { records: { size: 100, rate: 100_000 }, traffic: { client: { workers: 3, roundTrip: '50ms' } } },
      { shards: 200, durationSec: 10 },
    );
    expect(closed(s).requests).toBe(600);
    expect(s.records.accepted).toBe(600 * 500);
  });

  test('the KPL cannot be a closed producer', () => {
    // The workload schema rejects it for every command; a --client kpl override of a closed producer is bad input too.
    expect(() => oneStream({ producer: { aggregation: 'kpl' }, traffic: { client: { workers: 2 } } })).toThrow(/closed producer/);
    const w = oneStream({ traffic: { client: { workers: 2 } } });
    expect(() => simulate(w, planWorkload(w), { seed: 1, durationSec: 10, shardsByStream: [1], clientModel: 'kpl' })).toThrow(InputError);
  });

  test('reports say which producer model ran', () => {
    const { result } = run(
      { records: { size: 100, rate: 3000 }, traffic: { client: { workers: 4, bufferRecords: 50_000 } } },
      { shards: 1, durationSec: 30 },
    );
    const text = renderSimText(result, { style: new Chalk({ level: 0 }), width: 120 });
    expect(text).toContain(
      'closed producer: 4 workers, 20 ms round trip, up to 500 records a request, at most 50,000 records waiting',
    );
    expect(text).toContain('latency from arrival to acceptance');
    const md = renderSimMarkdown(result);
    expect(md).toContain('closed producer: 4 workers, 20 ms round trip');
    const json = JSON.parse(JSON.stringify(result)) as {
      streams: { producer: { model: string; workers: number } }[];
    };
    expect(json.streams[0]?.producer).toMatchObject({ model: 'closed', workers: 4 });
    const openRun = run({ records: { size: 100, rate: 300 } }, { shards: 1, durationSec: 5 });
    expect(renderSimText(openRun.result, { style: new Chalk({ level: 0 }), width: 120 })).toContain(
      'records are sent as they arrive, whatever happened to earlier ones (an open producer); no limit on records waiting',
    );
  });
});

describe('closed producers: properties', () => {
  test('conservation, request bounds and determinism over random closed configurations', () => {
    // offered = accepted + dropped + pending (the engine checks it and throws); per-minute sums match the totals;
    // no worker has two requests in flight (at most N at once); each worker starts at most one request per round trip
    // (so at most N · (⌈T / R⌉ + 1) requests in T seconds); a bounded buffer is never exceeded; same seed, same JSON.
    fc.assert(
      fc.property(
        fc.record({
          workers: fc.integer({ min: 1, max: 24 }),
          roundTripMs: fc.integer({ min: 1, max: 400 }),
          rate: fc.double({ min: 10, max: 20_000, noNaN: true }),
          size: fc.integer({ min: 50, max: 200_000 }),
          shards: fc.integer({ min: 1, max: 6 }),
          client: fc.constantFrom(
            'put-records' as const,
            'put-record-sdk' as const,
            'put-record-sdk-2026' as const,
            'none' as const,
          ),
          policy: fc.constantFrom('exp-jitter' as const, 'fixed' as const, 'immediate' as const),
          maxRetries: fc.integer({ min: 0, max: 6 }),
          buffer: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: undefined }),
          stepSec: fc.constantFrom(0.01, 0.05, 0.1, 0.5, 1),
          onFactor: fc.double({ min: 1, max: 4, noNaN: true }),
          pulse: fc.integer({ min: 0, max: 20_000 }),
          mode: fc.constantFrom('provisioned' as const, 'on-demand' as const),
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
        }),
        (p) => {
          const stream: Stream = {
            records: { size: p.size, rate: p.rate },
            traffic: {
              onOff: { on: 5, off: 10, onFactor: p.onFactor, offFactor: 0.5 },
              ...(p.pulse > 0 ? { pulses: [{ at: 20, records: p.pulse }] } : {}),
              client: {
                model: p.client,
                workers: p.workers,
                roundTrip: p.roundTripMs / 1000,
                policy: p.policy,
                maxRetries: p.maxRetries,
                ...(p.buffer !== undefined ? { bufferRecords: p.buffer } : {}),
              },
            },
          };
          const durationSec = 90;
          const opts = { shards: p.shards, durationSec, seed: p.seed, mode: p.mode, stepSec: p.stepSec };
          const { result, s } = run(stream, opts);
          const r = s.records;
          expect(r.offered).toBe(r.accepted + r.dropped + r.pending);
          expect(s.attempts).toBe(r.accepted + r.throttledAttempts);
          expect(s.perMinute.reduce((a, m) => a + m.offeredRecords, 0)).toBe(r.offered);
          expect(s.perMinute.reduce((a, m) => a + m.incomingRecords, 0)).toBe(r.accepted);
          expect(s.perMinute.reduce((a, m) => a + m.dropped, 0)).toBe(r.dropped);
          const c = closed(s);
          expect(c.maxRequestsInFlight).toBeLessThanOrEqual(p.workers);
          expect(c.requests).toBeLessThanOrEqual(
            p.workers * (Math.ceil(durationSec / (p.roundTripMs / 1000)) + 1),
          );
          if (p.client !== 'put-records')
            expect(s.attempts).toBeLessThanOrEqual(c.requests * c.maxRecordsPerRequest);
          if (p.buffer !== undefined) {
            expect(r.pending).toBeLessThanOrEqual(p.buffer);
            expect(c.maxBufferedRecords).toBeLessThanOrEqual(p.buffer);
          }
          expect(JSON.stringify(run(stream, opts).result)).toBe(JSON.stringify(result));
        },
      ),
      { numRuns: 60 },
    );
  });
});
