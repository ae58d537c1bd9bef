import { InputError } from '../errors.js';
import { MAX_SHARDS_PER_STREAM } from '../limits.js';
import { formatWork, MAX_SIM_WORK_UNITS } from './work.js';
import type { StreamPlan } from '../plan/index.js';
import { simulateStream, type StreamRunInput } from './engine/index.js';
import type { FoundShards } from './types.js';

/**
 * The smallest provisioned shard count of one stream whose simulated throttled share (throttled attempts ÷ attempts)
 * stays at or under `maxThrottledShare`, with the same seed and model for every candidate. When the plan already
 * knows that no count can do it (a single partition key over a shard's limit: a key always lands on one shard), it
 * says so at once. Otherwise the search doubles from the plan's count until the share is met, then bisects; a stream
 * that cannot meet it even at the 10,000-shard maximum gets null.
 */
export function findStreamShards(
  input: Omit<StreamRunInput, 'mode' | 'shards'>,
  plan: Pick<StreamPlan, 'shards' | 'partitionKeys'>,
  maxThrottledShare: number,
): Pick<FoundShards, 'shards' | 'hotKeys'> {
  if (!(maxThrottledShare >= 0 && maxThrottledShare <= 1)) {
    throw new InputError({ path: 'budget.maxThrottledShare', message: `must be between 0 and 1, got ${maxThrottledShare}` });
  }
  const hotKeys = plan.partitionKeys.keysOverShardLimit.map((k) => k.key);
  if (hotKeys.length > 0) return { shards: null, hotKeys };
  const cache = new Map<number, boolean>();
  // The search's runs add up: past the work a simulation may take (work.ts), it stops with what it has tried.
  const steps = Math.ceil(input.durationSec / input.params.stepSec - 1e-9);
  let shardSteps = 0;
  const passes = (shards: number): boolean => {
    const hit = cache.get(shards);
    if (hit !== undefined) return hit;
    shardSteps += steps * shards;
    if (shardSteps > MAX_SIM_WORK_UNITS) {
      throw new InputError({
        message:
          `the search for the fewest shards (--find-shards) stopped before simulating ${shards.toLocaleString('en-US')} shard${shards === 1 ? '' : 's'}: ` +
          `with the runs before it that is ${formatWork(shardSteps)} shard-steps, more than the ${formatWork(MAX_SIM_WORK_UNITS)} a simulation may take`,
        hint: 'search over a shorter --duration (e.g. 10min), or with a longer --step',
      });
    }
    const r = simulateStream({ ...input, mode: 'provisioned', shards });
    const ok = r.throttledShare <= maxThrottledShare + 1e-12;
    cache.set(shards, ok);
    return ok;
  };
  let hi = Math.min(MAX_SHARDS_PER_STREAM, Math.max(1, plan.shards.planned));
  let lo = 1;
  while (!passes(hi)) {
    if (hi >= MAX_SHARDS_PER_STREAM) return { shards: null, hotKeys };
    lo = hi + 1;
    hi = Math.min(MAX_SHARDS_PER_STREAM, hi * 2);
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (passes(mid)) hi = mid;
    else lo = mid + 1;
  }
  return { shards: hi, hotKeys };
}
