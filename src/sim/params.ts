import { ON_DEMAND_SPLIT_BYTES_PER_SEC_PER_SHARD, ON_DEMAND_SPLIT_DELAY_SEC } from '../limits.js';
import type { SimParams } from './types.js';

/** Model defaults (throttling-model.md §7.0). */
export const DEFAULT_SIM_PARAMS: SimParams = {
  stepSec: 0.1,
  burstSeconds: 1,
  enforcement: 'token-bucket',
  writeBytesRule: 'auto',
  onDemandSplitDelaySec: ON_DEMAND_SPLIT_DELAY_SEC,
  onDemandSplitBytesPerSec: ON_DEMAND_SPLIT_BYTES_PER_SEC_PER_SHARD,
  clientModel: undefined,
};

/** The model parameters of a run: the options' values over the defaults. */
export function resolveSimParams(options: Partial<SimParams>): SimParams {
  const p: SimParams = { ...DEFAULT_SIM_PARAMS };
  for (const key of Object.keys(DEFAULT_SIM_PARAMS) as (keyof SimParams)[]) {
    const v = options[key];
    if (v !== undefined) (p as unknown as Record<string, unknown>)[key] = v;
  }
  return p;
}
