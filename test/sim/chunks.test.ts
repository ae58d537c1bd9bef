import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { simulateStream, streamChunks, type ChunkSpec, type StreamRunInput } from '../../src/sim/engine/index.js';
import type { StreamSimResult } from '../../src/sim/types.js';
import { oneStream, runInput } from './helpers.js';

// Each shard draws from its own sequence (engine/sim.ts, shardSeed), so a run whose shards do not interact gives the
// same result however its shards are grouped into chunks (engine/chunks.ts): the chunks the CLI runs on worker threads
// are a grouping like any other. Record counts must match exactly; byte totals are sums of the same terms added in
// another order, so they match to the last few bits.

function input(w: ReturnType<typeof oneStream>, shards: number, durationSec: number, seed = 4, mode: 'provisioned' | 'on-demand' = 'provisioned'): StreamRunInput {
  return { ...runInput(w, { seed, durationSec }), mode, shards };
}

/** Splits [0, n) at the given cut points. */
function chunksAt(n: number, cuts: number[]): ChunkSpec[] {
  const at = [...new Set([0, ...cuts.filter((c) => c > 0 && c < n), n])].sort((a, b) => a - b);
  return at.slice(1).map((end, j) => ({ first: at[j]!, count: end - at[j]! }));
}

/** The result with byte totals rounded to 9 significant digits, for comparison. */
function comparable(s: StreamSimResult): unknown {
  return JSON.parse(JSON.stringify(s, (key, v: unknown) => (typeof v === 'number' && /bytes|Bytes|Utilisation/.test(key) ? Number(v.toPrecision(9)) : v)));
}

describe('chunks', () => {
  test('property: the grouping of shards into chunks does not change the result', () => {
    fc.assert(
      fc.property(
        fc.record({
          client: fc.constantFrom('put-records' as const, 'kpl' as const, 'none' as const),
          arrivals: fc.constantFrom('poisson' as const, 'uniform' as const),
          rate: fc.integer({ min: 500, max: 9000 }),
          shards: fc.integer({ min: 2, max: 9 }),
          cuts: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 3 }),
          hot: fc.boolean(),
          consumer: fc.boolean(),
          pulse: fc.integer({ min: 0, max: 4000 }),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (p) => {
          const w = oneStream({
            records: { size: 300, rate: p.rate },
            partitionKeys: p.hot ? { distinct: 500, distribution: 'hot-keys', hotKeys: [{ key: 'hot', share: 0.3 }] } : { distinct: 2000 },
            consumers: p.consumer ? [{ name: 'c', type: 'polling' }] : [],
            traffic: {
              arrivals: p.arrivals,
              onOff: { on: 3, off: 9, onFactor: 2.5, offFactor: 0.7 },
              pulses: p.pulse > 0 ? [{ at: 7.35, records: p.pulse }] : [],
              client: { model: p.client },
            },
          });
          const run = input(w, p.shards, 90, p.seed);
          const whole = simulateStream(run, { chunks: [{ first: 0, count: p.shards }] });
          const split = simulateStream(run, { chunks: chunksAt(p.shards, p.cuts) });
          expect(comparable(split)).toEqual(comparable(whole));
        },
      ),
      { numRuns: 40 },
    );
  });

  test('the chunks are fixed by the shard count: up to 4 of at least 32 shards, one when shards interact', () => {
    const steady = oneStream({ records: { size: 300, rate: 1000 } });
    expect(streamChunks(input(steady, 31, 60)).length).toBe(1);
    expect(streamChunks(input(steady, 100, 60))).toEqual([
      { first: 0, count: 33 },
      { first: 33, count: 33 },
      { first: 66, count: 34 },
    ]);
    expect(streamChunks(input(steady, 500, 60)).length).toBe(4);
    // The SDK's retry quota, a bounded buffer, a closed producer and on-demand splits tie the shards together.
    const sdk = oneStream({ records: { size: 300, rate: 1000 }, traffic: { client: { model: 'put-record-sdk' } } });
    const buffered = oneStream({ records: { size: 300, rate: 1000 }, traffic: { client: { bufferRecords: 10_000 } } });
    const closed = oneStream({ records: { size: 300, rate: 1000 }, traffic: { client: { workers: 8 } } });
    for (const w of [sdk, buffered, closed]) expect(streamChunks(input(w, 500, 60)).length).toBe(1);
    expect(streamChunks(input(steady, 500, 60, 4, 'on-demand')).length).toBe(1);
  });
});
