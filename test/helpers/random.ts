/**
 * mulberry32, a small seeded 32-bit generator for the tests' own random draws (Monte Carlo references, fuzz cases):
 * the same seed gives the same sequence, independent of the simulator's generator (src/sim/random.ts).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
