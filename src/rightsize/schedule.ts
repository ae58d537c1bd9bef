/*
 * The cheapest provisioned scaling schedule for a repeating day.
 *
 * Input: the shards each hour of the day needs (r₀ … r₂₃, the day repeating). A schedule holds nₕ ≥ rₕ shards in hour
 * h and may call UpdateShardCount at each hour boundary, within AWS's default limits (kinesis-facts.md §1.6): at most
 * 10 scaling operations per rolling 24 hours, and one operation at most doubles the count and lowers it to no less than
 * half. A schedule that repeats every day has the same number of changes in every 24-hour window, so the rolling
 * limit is a limit on the changes in one cycle, the wrap from the last hour to the first included. Cost is shard-hours,
 * Σ nₕ. One operation per boundary is assumed (two calls in one boundary, 10 → 20 → 40, are not used).
 *
 * Dynamic programming: for each first-hour count s, the fewest shard-hours to reach hour h with count n after k
 * changes; close the cycle back to s. Counts above max rₕ never help (lowering them costs changes and shard-hours), so
 * counts run from 1 to max rₕ: O(max r³ × hours × changes).
 */

/** A schedule: shards per hour, its shard-hours a cycle, and how many changes it makes a cycle. */
export interface ScalingSchedule {
  shardsByHour: number[];
  shardHours: number;
  changes: number;
}

/** Whether one UpdateShardCount call can take `from` shards to `to`: at most double, at least half. */
export function isAllowedStep(from: number, to: number): boolean {
  return to <= 2 * from && 2 * to >= from;
}

/** The cheapest schedule meeting `required` (shards per hour, repeating) with at most `maxChanges` changes a cycle. */
export function cheapestSchedule(required: readonly number[], maxChanges: number): ScalingSchedule {
  const hours = required.length;
  const top = Math.max(1, ...required);
  const INF = Number.POSITIVE_INFINITY;
  let best: ScalingSchedule = { shardsByHour: required.map(() => top), shardHours: top * hours, changes: 0 };
  for (let s = Math.max(1, required[0] ?? 1); s <= top; s++) {
    // cost[k][n]: fewest shard-hours up to the current hour, at count n after k changes; prev for the path.
    let cost: number[][] = Array.from({ length: maxChanges + 1 }, () => new Array<number>(top + 1).fill(INF));
    cost[0]![s] = s;
    const back: Int32Array[][] = [];
    for (let h = 1; h < hours; h++) {
      const need = Math.max(1, required[h] ?? 1);
      const next: number[][] = Array.from({ length: maxChanges + 1 }, () =>
        new Array<number>(top + 1).fill(INF),
      );
      const from: Int32Array[] = Array.from({ length: maxChanges + 1 }, () =>
        new Int32Array(top + 1).fill(-1),
      );
      for (let k = 0; k <= maxChanges; k++) {
        for (let n = 1; n <= top; n++) {
          const c = cost[k]![n]!;
          if (c === INF) continue;
          const lo = Math.max(need, Math.ceil(n / 2));
          const hi = Math.min(top, 2 * n);
          for (let m = lo; m <= hi; m++) {
            const k2 = m === n ? k : k + 1;
            if (k2 > maxChanges) continue;
            if (c + m < next[k2]![m]!) {
              next[k2]![m] = c + m;
              from[k2]![m] = n;
            }
          }
        }
      }
      cost = next;
      back.push(from);
    }
    for (let k = 0; k <= maxChanges; k++) {
      for (let n = 1; n <= top; n++) {
        const c = cost[k]![n]!;
        if (c === INF || !isAllowedStep(n, s)) continue;
        const changes = k + (n === s ? 0 : 1);
        if (changes > maxChanges || c > best.shardHours || (c === best.shardHours && changes >= best.changes))
          continue;
        const path = [n];
        let kk = k;
        let cur = n;
        for (let h = hours - 1; h >= 1; h--) {
          const prev = back[h - 1]![kk]![cur]!;
          if (prev !== cur) kk -= 1;
          cur = prev;
          path.push(cur);
        }
        best = { shardsByHour: path.reverse(), shardHours: c, changes };
      }
    }
  }
  return best;
}
