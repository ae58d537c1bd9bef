/**
 * The numerical pieces of the skew functions (key-skew.ts): the standard normal's upper tail, and the smallest share
 * whose union bound is within a target.
 */

/** Φ̄(z) = P(Z > z) for a standard normal (erfc by W. J. Cody's rational fit via Numerical Recipes' erfcc, 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** normalUpperTail(z) is exactly 0 from z = 40 up (its exp underflows) and exactly 1 from z = −9 down (Φ̄(9) < 2⁻⁵⁴). */
export const NORMAL_TAIL_ZERO = 40;
export const NORMAL_TAIL_ONE = 9;

/**
 * Smallest h in [lo, hi] with f(h) ≤ target, for f non-increasing: bisection to 1e-12 of a share. A bisection step
 * whose side is already known (its share is at or above one found within the target, or at or below one found over
 * it) is taken without evaluating f; once a share on each side is known, a few regula falsi steps on log f (Illinois)
 * narrow that bracket first, so most of the 40 or so steps are known. The result is the plain bisection's.
 */
export function smallestShare(f: (h: number) => number, target: number, lo: number, hi: number): number {
  // The largest share found over the target and the smallest within it, with f there.
  let over = -Infinity;
  let fOver = Infinity;
  let within = Infinity;
  let fWithin = 0;
  const isWithin = (x: number) => {
    const v = f(x);
    if (v <= target) {
      within = x;
      fWithin = v;
      return true;
    }
    over = x;
    fOver = v;
    return false;
  };
  let isNarrowed = false;
  for (let i = 0; i < 64 && hi - lo > 1e-12; i += 1) {
    const mid = (lo + hi) / 2;
    const known = mid >= within || mid <= over;
    if (known ? mid >= within : isWithin(mid)) hi = mid;
    else lo = mid;
    if (!isNarrowed && over > -Infinity && within < Infinity) {
      isNarrowed = true;
      narrowShare(isWithin, () => ({ over, fOver, within, fWithin }), Math.log(target));
    }
  }
  return hi;
}

/**
 * Regula falsi (Illinois) on log f between the shares `bracket` gives, each step evaluated by `isWithin` (which moves
 * the bracket inwards), until it is under 1e-13 wide or after 12 steps. A step outside the bracket or on a zero f
 * bisects.
 */
function narrowShare(
  isWithin: (x: number) => boolean,
  bracket: () => { over: number; fOver: number; within: number; fWithin: number },
  logTarget: number,
): void {
  let side = 0;
  let scaleOver = 1;
  let scaleWithin = 1;
  for (let i = 0; i < 12; i += 1) {
    const { over, fOver, within, fWithin } = bracket();
    if (within - over <= 1e-13) return;
    const gOver = (Math.log(fOver) - logTarget) * scaleOver;
    const gWithin = (Math.log(fWithin) - logTarget) * scaleWithin;
    let x = (over * gWithin - within * gOver) / (gWithin - gOver);
    if (!(x > over && x < within)) x = (over + within) / 2;
    const s = isWithin(x) ? 1 : -1;
    // Illinois: the side that stays twice in a row has its value halved, so the next step moves past the answer.
    if (s === side) {
      if (s > 0) scaleOver /= 2;
      else scaleWithin /= 2;
    } else {
      scaleOver = 1;
      scaleWithin = 1;
    }
    side = s;
  }
}
