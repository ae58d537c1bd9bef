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
