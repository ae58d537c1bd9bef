import { InputError } from '../errors.js';
import { MAX_SHARDS_PER_STREAM } from '../limits.js';
import { formatWork, MAX_SIM_WORK_UNITS } from './work.js';
import type { StreamPlan } from '../plan/index.js';
import type { StreamRunInput } from './engine/index.js';
import type { FoundShards } from './types.js';

/**
 * The smallest provisioned shard count of one stream whose simulated throttled share (throttled attempts ÷ attempts)
 * stays at or under `maxThrottledShare`, with the same seed and model for every candidate. When the plan already
 * knows that no count can do it (a single partition key over a shard's limit: a key always lands on one shard), it
 * says so at once. Otherwise the search doubles from the plan's count until the share is met, then bisects; a stream
 * that cannot meet it even at the 10,000-shard maximum gets null.
 *
 * The search is a generator: it yields each shard count to try and is told whether that count met the share, so that
 * the same search runs the candidates in-process or on other threads (src/sim/index.ts). Counts that `floor` shows
 * cannot meet the share are answered without a run. `stepsPerRun` (the steps of one run) counts the search's work:
 * past MAX_SIM_WORK_UNITS shard-steps in all it stops with an InputError.
 */
export function* shardSearch(
  plan: Pick<StreamPlan, 'shards' | 'partitionKeys'>,
  maxThrottledShare: number,
  floor: (shards: number) => number = () => 0,
  stepsPerRun = 0,
): Generator<number, Pick<FoundShards, 'shards' | 'hotKeys'>, boolean> {
  if (!(maxThrottledShare >= 0 && maxThrottledShare <= 1)) {
    throw new InputError({ path: 'budget.maxThrottledShare', message: `must be between 0 and 1, got ${maxThrottledShare}` });
  }
  const hotKeys = plan.partitionKeys.keysOverShardLimit.map((k) => k.key);
  if (hotKeys.length > 0) return { shards: null, hotKeys };
  const cache = new Map<number, boolean>();
  // The search's runs add up: past the work a simulation may take (work.ts), it stops with what it has tried.
  let shardSteps = 0;
  function* passes(shards: number): Generator<number, boolean, boolean> {
    const hit = cache.get(shards);
    if (hit !== undefined) return hit;
    // A count whose throttled share cannot be under the limit (engine/index.ts, throttledShareFloor) is not run.
    if (floor(shards) > maxThrottledShare + 1e-12) {
      cache.set(shards, false);
      return false;
    }
    shardSteps += stepsPerRun * shards;
    if (shardSteps > MAX_SIM_WORK_UNITS) {
      throw new InputError({
        message:
          `the search for the fewest shards (--find-shards) stopped before simulating ${shards.toLocaleString('en-US')} shard${shards === 1 ? '' : 's'}: ` +
          `with the runs before it that is ${formatWork(shardSteps)} shard-steps, more than the ${formatWork(MAX_SIM_WORK_UNITS)} a simulation may take`,
        hint: 'search over a shorter --duration (e.g. 10min), or with a longer --step',
      });
    }
    const ok: boolean = yield shards;
    cache.set(shards, ok);
    return ok;
  }
  let hi = Math.min(MAX_SHARDS_PER_STREAM, Math.max(1, plan.shards.planned));
  let lo = 1;
  while (!(yield* passes(hi))) {
    if (hi >= MAX_SHARDS_PER_STREAM) return { shards: null, hotKeys };
    lo = hi + 1;
    hi = Math.min(MAX_SHARDS_PER_STREAM, hi * 2);
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (yield* passes(mid)) hi = mid;
    else lo = mid + 1;
  }
  return { shards: hi, hotKeys };
}

/**
 * A candidate's run: the stream at `shards` provisioned shards, without its readers (reads never change what the
 * write buckets admit, and without them a quiet second can be done whole: engine/whole-seconds.ts), counting only
 * (the throttled share needs no latency, so retries due together are merged), and stopped once it is sure to throttle
 * more than `maxThrottledShare`.
 */
export function candidateInput(input: Omit<StreamRunInput, 'mode' | 'shards'>, shards: number, maxThrottledShare?: number): StreamRunInput {
  return {
    ...input,
    plan: { ...input.plan, readers: [] },
    mode: 'provisioned',
    shards,
    onSteps: undefined,
    isCountsOnly: true,
    ...(maxThrottledShare !== undefined ? { failAboveShare: maxThrottledShare } : {}),
  };
}

/** Whether a candidate's throttled share meets the limit. */
export function meetsShare(throttledShare: number, maxThrottledShare: number): boolean {
  return throttledShare <= maxThrottledShare + 1e-12;
}
