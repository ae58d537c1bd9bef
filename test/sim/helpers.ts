import { planWorkload } from '../../src/plan/index.js';
import type { StreamRunInput } from '../../src/sim/engine/index.js';
import { resolveSimParams } from '../../src/sim/params.js';
import type { SimParams } from '../../src/sim/types.js';
import { workloadSchema, type Workload, type WorkloadInput } from '../../src/workload/schema.js';

type StreamInput = NonNullable<WorkloadInput['streams']>[number];

/** A one-stream workload; `stream` overrides the defaults (1 KiB records, 100/s, 1-character keys). */
export function oneStream(stream: Partial<StreamInput>, extra: Partial<WorkloadInput> = {}): Workload {
  return workloadSchema.parse({
    version: 1,
    name: 'sim-test',
    ...extra,
    streams: [{ name: 's', records: { size: 1024, rate: 100 }, ...stream }],
  });
}

/** The engine's input for a one-stream workload's stream, planned as `simulate` plans it (no trace, no mode or shards). */
export function runInput(
  w: Workload,
  opts: { seed: number; durationSec: number; params?: Partial<SimParams> },
): Omit<StreamRunInput, 'mode' | 'shards'> {
  const plan = planWorkload(w);
  return {
    stream: w.streams[0]!,
    plan: plan.streams[0]!,
    putPayloadUnitBytes: plan.settings.putPayloadUnit,
    index: 0,
    seed: opts.seed,
    durationSec: opts.durationSec,
    params: resolveSimParams(opts.params ?? {}),
    trace: undefined,
  };
}
