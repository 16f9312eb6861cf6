import { describe, expect, it } from 'vitest';
import { newcombeDifference, wilsonInterval } from '../../../server/domain/ml/proportions';

describe('intervals for proportions', () => {
  it("Wilson's score interval: Newcombe's (1998) worked examples", () => {
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [x, n, lower, upper] of cases) {
      const interval = wilsonInterval(x, n);
      expect(interval.estimate).toBe(x / n);
      expect(interval.lower).toBeCloseTo(lower, 4);
      expect(interval.upper).toBeCloseTo(upper, 4);
    }
  });

  it("Newcombe's hybrid score interval for a difference (method 10): the paper's worked examples", () => {
    const cases: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [0, 10, 0, 10, -0.2775, 0.2775],
      [10, 10, 0, 20, 0.6791, 1],
      [10, 10, 0, 10, 0.6075, 1],
    ];
    for (const [a, m, b, n, lower, upper] of cases) {
      const interval = newcombeDifference(a, m, b, n);
      expect(interval.estimate).toBeCloseTo(a / m - b / n, 12);
      expect(interval.lower).toBeCloseTo(lower, 4);
      expect(interval.upper).toBeCloseTo(upper, 4);
    }
  });

  it('refuses impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(/0 ≤ successes ≤ trials/);
    expect(() => newcombeDifference(1, 0, 0, 5)).toThrow(/trials > 0/);
  });
});
