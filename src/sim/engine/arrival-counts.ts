import type { Random } from '../random.js';

/**
 * How a shard's new records in one step are drawn with Poisson arrivals: exactly below a mean of
 * EXACT_POISSON_MAX_MEAN per step, above it by the normal approximation, whose error there is far below one record in
 * a thousand. The approximation reads a table of standard normal deviates drawn once from the run's seed.
 */

export const EXACT_POISSON_MAX_MEAN = 1000;
/** The table holds 2^16 deviates; a draw indexes it with the top 16 bits of a uniform 32-bit integer. */
const NORMAL_TABLE_BITS = 16;
export const NORMAL_INDEX_SHIFT = 32 - NORMAL_TABLE_BITS;

/** The table of standard normal deviates for the normal approximation of large Poisson counts. */
export function drawNormalTable(random: Random): Float64Array {
  const normals = new Float64Array(1 << NORMAL_TABLE_BITS);
  for (let j = 0; j < normals.length; j++) normals[j] = random.normal();
  return normals;
}
