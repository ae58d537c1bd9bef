import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitOnDemand } from '../../src/plan/on-demand.js';
import { planWorkload } from '../../src/plan/index.js';
import { parseWorkload } from '../../src/workload/parse.js';

const MiB = 1_048_576;
const example = (name: string) => parseWorkload(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8'), name);

describe('on-demand doublings in the unit that drives them', () => {
  it('examples/iot-telemetry.yaml: records/s drive them (40,000 ÷ 4,000 = 10 > 7.63 ÷ 4 MiB/s = 1.9)', () => {
    const w = example('iot-telemetry.yaml');
    // Peak 2 × 20,000 = 40,000 records/s of 180 + 20 = 200 B: 8,000,000 B/s = 7.63 MiB/s.
    const { fit, findings } = fitOnDemand(w.streams[0]!, 0, 'on-demand', { writeBytesPerSec: 8_000_000, kinesisRecordsPerSec: 40_000 });
    // A new stream takes 4 MiB/s, and 1,000 records/s per MiB/s: 4,000 records/s.
    expect(fit.instantRecordsPerSec).toBe(4000);
    expect(fit.drivenBy).toBe('writeRecords');
    // ⌈log2(40,000 ÷ 4,000)⌉ = ⌈3.32⌉ = 4 doublings: 4,000 → 64,000 records/s (4 → 64 MiB/s).
    expect(fit.doublingsNeeded).toBe(4);
    expect(fit.scaledRecordsPerSec).toBe(64_000);
    expect(fit.scaledWriteBytesPerSec).toBe(64 * MiB);
    // Taking the peak at once needs 40,000 ÷ 1,000 = 40 MiB/s of write throughput, not the 7.63 MiB/s of its bytes.
    expect(fit.warmWriteBytesPerSec).toBe(40 * MiB);
    expect(findings.find((f) => f.code === 'ON_DEMAND_BURST_THROTTLES')?.args).toMatchObject({ drivenBy: 'writeRecords', warmBytesPerSec: 40 * MiB, scaledRecordsPerSec: 64_000 });
  });

  it('examples/clickstream.yaml: bytes drive them', () => {
    const plan = planWorkload(example('clickstream.yaml'));
    const od = plan.streams[0]!.onDemand[0]!;
    // 17.9 MiB/s ÷ 4 MiB/s = 4.47 > the records' ratio: ⌈log2 4.47⌉ = 3 doublings, 4 → 32 MiB/s.
    expect(od.peakWriteBytesPerSec / (4 * MiB)).toBeGreaterThan(od.peakRecordsPerSec / 4000);
    expect(od.drivenBy).toBe('writeBytes');
    expect(od.doublingsNeeded).toBe(3);
    expect(od.scaledWriteBytesPerSec).toBe(32 * MiB);
    expect(od.warmWriteBytesPerSec).toBe(od.peakWriteBytesPerSec);
  });
});
