import { describe, expect, test } from 'vitest';
import { Random, logFactorial } from '../../src/sim/random.js';

describe('seeded random numbers', () => {
  test('same seed, same sequence', () => {
    const a = new Random(7);
    const b = new Random(7);
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
  });
  test('ln(k!) matches the product, on both sides of the table', () => {
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    let exact = 0;
    for (let k = 2; k <= 300; k++) exact += Math.log(k);
    expect(logFactorial(300)).toBeCloseTo(exact, 8);
  });
  test.each([3, 25, 68.2, 400])('Poisson(%d): sample mean and variance both ≈ λ', (lambda) => {
    // For n = 40,000 draws, the sample mean has σ = √(λ/n): 5σ bounds below; the variance within 5%.
    const r = new Random(11);
    const n = 40_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const k = r.poisson(lambda);
      expect(Number.isInteger(k) && k >= 0).toBe(true);
      s += k;
      s2 += k * k;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(variance / lambda).toBeGreaterThan(0.95);
    expect(variance / lambda).toBeLessThan(1.05);
  });
});
