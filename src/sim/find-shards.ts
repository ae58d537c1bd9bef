import { InputError } from '../errors.js';
import { MAX_SHARDS_PER_STREAM } from '../limits.js';
import type { Workload } from '../workload/schema.js';
import { fallbackShards, simulateStream } from './engine/index.js';
import { resolveSimParams } from './params.js';
import type { SimOptions } from './types.js';

/**
 * The smallest provisioned shard count per stream whose simulated throttled share (throttled attempts ÷ attempts)
 * stays at or under `maxThrottledShare`, with the same seed and model for every candidate. The search doubles from
 * the given (or fallback) count until the share is met, then bisects; a stream that cannot meet it even at the
 * 10,000-shard maximum (e.g. one partition key above a shard's limit) gets -1.
 */
export function findShards(workload: Workload, options: SimOptions, maxThrottledShare: number): number[] {
  if (!(maxThrottledShare >= 0 && maxThrottledShare <= 1)) {
    throw new InputError({ path: 'budget.maxThrottledShare', message: `must be between 0 and 1, got ${maxThrottledShare}` });
  }
  const params = resolveSimParams(options);
  const indices = options.streams ?? workload.streams.map((_, i) => i);
  const traceStream = options.traceStream ?? 0;
  const out: number[] = workload.streams.map(() => -1);
  for (const index of indices) {
    const stream = workload.streams[index];
    if (!stream) throw new InputError({ path: 'streams', message: `there is no stream number ${index}` });
    const cache = new Map<number, boolean>();
    const passes = (shards: number): boolean => {
      const hit = cache.get(shards);
      if (hit !== undefined) return hit;
      const r = simulateStream({
        workload,
        index,
        seed: options.seed,
        durationSec: options.durationSec,
        params,
        mode: 'provisioned',
        shards,
        trace: index === traceStream ? options.trace : undefined,
      });
      const ok = r.throttledShare <= maxThrottledShare + 1e-12;
      cache.set(shards, ok);
      return ok;
    };
    let hi = Math.min(MAX_SHARDS_PER_STREAM, Math.max(1, options.shardsByStream?.[index] ?? stream.shards ?? fallbackShards(stream)));
    let lo = 1;
    while (!passes(hi)) {
      if (hi >= MAX_SHARDS_PER_STREAM) {
        hi = -1;
        break;
      }
      lo = hi + 1;
      hi = Math.min(MAX_SHARDS_PER_STREAM, hi * 2);
    }
    if (hi === -1) continue;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (passes(mid)) hi = mid;
      else lo = mid + 1;
    }
    out[index] = hi;
  }
  return out;
}
