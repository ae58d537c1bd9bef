import type { Plan } from '../plan/index.js';
import { simulate, simulatedModeOf } from '../sim/index.js';
import type { Workload } from '../workload/schema.js';
import type { ThrottleResult } from './check.js';

/**
 * Throttling for a budget check: every stream simulated at the plan's shard count, in the plan's mode, with the same
 * engine and inputs as `kinesis-plan simulate` (one run of the simulator over the plan, not a model of its own).
 */
export function simulateThrottling(workload: Workload, plan: Plan, options: { durationSec: number; seed: number }): ThrottleResult[] {
  const result = simulate(workload, plan, { seed: options.seed, durationSec: options.durationSec });
  return result.streams.map((s) => ({
    stream: s.name,
    throttledShare: s.throttledShare,
    shards: s.shards.initial,
    mode: simulatedModeOf(plan.streams[s.index]!),
  }));
}
