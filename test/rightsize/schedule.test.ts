import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cheapestSchedule, isAllowedStep } from '../../src/rightsize/schedule.js';

/** Every schedule of counts 1…top per hour, kept when it meets the needs and the limits: the cheapest shard-hours. */
function bruteForce(required: readonly number[], maxChanges: number): number {
  const top = Math.max(...required);
  const hours = required.length;
  let best = Number.POSITIVE_INFINITY;
  const counts = new Array<number>(hours).fill(1);
  const total = top ** hours;
  for (let i = 0; i < total; i++) {
    let x = i;
    for (let h = 0; h < hours; h++) {
      counts[h] = (x % top) + 1;
      x = Math.floor(x / top);
    }
    if (counts.some((n, h) => n < required[h]!)) continue;
    let changes = 0;
    let ok = true;
    for (let h = 0; h < hours; h++) {
      const a = counts[h]!;
      const b = counts[(h + 1) % hours]!;
      if (a !== b) changes += 1;
      if (!isAllowedStep(a, b)) ok = false;
    }
    if (!ok || changes > maxChanges) continue;
    best = Math.min(
      best,
      counts.reduce((s, n) => s + n, 0),
    );
  }
  return best;
}

describe('the cheapest scaling schedule', () => {
  it('a day at 2 shards with a 3-hour peak at 8: steps 2 → 4 → 8 and back need 4 changes, 2 → 8 is not one step', () => {
    const required = [2, 2, 2, 8, 8, 8, 2, 2];
    const s = cheapestSchedule(required, 10);
    // 8 needs a 4 before it (double at most) and after it (half at most): 2,2,4,8,8,8,4,2 = 38 shard-hours
    expect(s.shardsByHour).toEqual([2, 2, 4, 8, 8, 8, 4, 2]);
    expect(s.shardHours).toBe(38);
    expect(s.changes).toBe(4);
    expect(s.shardHours).toBe(bruteForce(required, 10));
  });

  it('with no changes allowed, the schedule is the fixed peak count', () => {
    const s = cheapestSchedule([1, 3, 5, 2], 0);
    expect(s.shardsByHour).toEqual([5, 5, 5, 5]);
    expect(s.shardHours).toBe(20);
  });

  it('matches a brute-force search on small cases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (required, maxChanges) => {
          const s = cheapestSchedule(required, maxChanges);
          expect(s.shardHours).toBe(bruteForce(required, maxChanges));
          expect(s.changes).toBeLessThanOrEqual(maxChanges);
          expect(s.shardsByHour.every((n, h) => n >= required[h]!)).toBe(true);
          expect(s.shardsByHour.reduce((a, n) => a + n, 0)).toBe(s.shardHours);
        },
      ),
      { numRuns: 300 },
    );
  });
});
