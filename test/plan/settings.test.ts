import { describe, expect, it } from 'vitest';
import { planWorkload } from '../../src/plan/index.js';
import { workloadOf } from '../helpers/workload.js';
import { loadShippedPricing, US_EAST_1 } from '../pricing/shipped.js';

const pricing = loadShippedPricing(US_EAST_1);

describe('settings for facts AWS leaves open', () => {
  const flink = (billed: boolean) =>
    planWorkload(
      workloadOf({ records: { size: '1 KiB', rate: '100/s' } }, {
        flink: [{ name: 'app', source: { stream: 's' }, kpus: 2 }],
        settings: { flinkRunningStorageBilled: billed },
      }),
      { pricing },
    ).flink[0]!;

  it('flinkRunningStorageBilled: 2 KPUs × 50 GB × $0.10 per GB-month = $10 a month, or no line at all', () => {
    const kpuHours = (2 + 1) * 730 * pricing.flink!.kpuHour.usd; // the orchestration KPU is billed too: $240.90
    expect(flink(true).cost.monthlyUsd).toBeCloseTo(kpuHours + 2 * 50 * pricing.flink!.runningStorageGbMonth.usd, 9);
    expect(flink(false).cost.monthlyUsd).toBeCloseTo(kpuHours, 9);
    expect(flink(false).cost.lines.some((l) => l.item.startsWith('Running application storage'))).toBe(false);
  });
});
