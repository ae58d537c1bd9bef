/** The capacity modes a stream can be billed in. */
export const COST_MODES = ['provisioned', 'on-demand', 'on-demand-advantage'] as const;
export type CostMode = (typeof COST_MODES)[number];

export type OnDemandMode = Exclude<CostMode, 'provisioned'>;
