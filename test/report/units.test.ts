import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed } from '../../src/report/units.js';

describe('formatFixed', () => {
  const intl = (n: number, max: number, min = 0) =>
    new Intl.NumberFormat('en-US', { maximumFractionDigits: max, minimumFractionDigits: min }).format(n);

  it('equals Intl.NumberFormat en-US on chosen values: ties, −0, negatives rounding to zero, grouping', () => {
    const values = [0, -0, 0.5, 1.5, 2.5, -2.5, 0.125, 1.005, 999.995, 1234567.891, -0.0001, 1e20, 1e21, 123456789012, 0.045, 10.05];
    for (const n of values)
      for (const max of [0, 1, 2, 3]) {
        expect(formatFixed(n, max)).toBe(intl(n, max));
        expect(formatFixed(n, max, Math.min(max, 2))).toBe(intl(n, max, Math.min(max, 2)));
      }
  });

  it('equals Intl.NumberFormat en-US over random doubles and digits (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e22, max: 1e22, noNaN: true }), fc.integer({ min: 0, max: 3 }), (n, max) => {
        expect(formatFixed(n, max)).toBe(intl(n, max));
        expect(formatFixed(n, 2, 2)).toBe(intl(n, 2, 2));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (k, shift, max) => {
        const n = k / 10 ** shift + (k % 7 === 0 ? 0.005 : 0);
        expect(formatFixed(n, max)).toBe(intl(n, max));
      }),
      { numRuns: 5000 },
    );
  });
});
