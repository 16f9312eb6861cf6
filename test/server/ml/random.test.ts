import { describe, expect, it } from 'vitest';
import { createRandom, xoshiro128ss } from '../../../server/domain/ml/random';

describe('seeded random numbers', () => {
  it('follows the xoshiro128** reference recurrence (state 1, 2, 3, 4, worked by hand)', () => {
    // next = rotl(s1·5, 7)·9; first: rotl(10, 7)·9 = 1280·9 = 11520. After one step s1 = 0, so the
    // second output is 0; the third is rotl(1029·5, 7)·9 = 658560·9 = 5927040.
    const next = xoshiro128ss(Uint32Array.of(1, 2, 3, 4));
    expect([next(), next(), next(), next()]).toEqual([11520, 0, 5927040, 70819200]);
  });

  it('refuses the all-zero state, which would only ever produce zeros', () => {
    expect(() => xoshiro128ss(new Uint32Array(4))).toThrow(/not all zero/);
  });

  it('repeats exactly for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(0)).not.toEqual(draw(1));
  });

  it('draws uniformly in [0, 1) and over integer ranges', () => {
    const random = createRandom(7);
    const counts = new Array<number>(10).fill(0);
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = random.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      counts[random.int(10)]!++;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    // χ² with 9 degrees of freedom: 27.9 is its 99.9th percentile.
    const chiSquare = counts.reduce((total, count) => total + (count - n / 10) ** 2 / (n / 10), 0);
    expect(chiSquare).toBeLessThan(27.9);
  });
});
