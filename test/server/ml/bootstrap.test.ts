import { describe, expect, it } from 'vitest';
import { bootstrap, pairedDifference, percentileInterval } from '../../../server/domain/ml/bootstrap';
import { sigmoid } from '../../../server/domain/ml/loss';
import { rankScores, rocAuc } from '../../../server/domain/ml/metrics';
import { createRandom } from '../../../server/domain/ml/random';
import { gaussian } from './support/synthetic-churn';

/** Scores where churners sit `shift` standard deviations higher: AUC = Φ(shift / √2). */
function separated(positives: number, negatives: number, shift: number, seed: number) {
  const random = createRandom(seed);
  const labels = Uint8Array.from({ length: positives + negatives }, (_, i) => (i < positives ? 1 : 0));
  const scores = Float64Array.from(labels, (y) => gaussian(random) + y * shift);
  return { labels, scores };
}

describe('bootstrap intervals', () => {
  it('match the Hanley–McNeil standard error of an AUC, and repeat exactly for a seed', () => {
    // The churn note: about 560 churners in the test window give roughly ±0.017 around 0.85.
    const { labels, scores } = separated(560, 10_640, 1.47, 1);
    const ranked = rankScores(scores, labels);
    const auc = rocAuc(ranked);
    const statistic = (w?: Float64Array) => [rocAuc(ranked, w)];
    const interval = percentileInterval(bootstrap(labels.length, statistic, { seed: 4 }), 0);
    const q1 = auc / (2 - auc);
    const q2 = (2 * auc * auc) / (1 + auc);
    const se = Math.sqrt((auc * (1 - auc) + 559 * (q1 - auc * auc) + 10_639 * (q2 - auc * auc)) / (560 * 10_640));
    expect(interval.estimate).toBe(auc);
    expect(interval.lower!).toBeLessThan(auc);
    expect(interval.upper!).toBeGreaterThan(auc);
    expect((interval.upper! - interval.lower!) / 2 / (1.96 * se)).toBeGreaterThan(0.8);
    expect((interval.upper! - interval.lower!) / 2 / (1.96 * se)).toBeLessThan(1.25);
    expect(percentileInterval(bootstrap(labels.length, statistic, { seed: 4 }), 0)).toEqual(interval);
  });

  it('widens when examples of the same account are resampled together', () => {
    // Every account appears five times with the same score and outcome.
    const base = separated(60, 940, 1, 2);
    const labels = Uint8Array.from({ length: 5000 }, (_, i) => base.labels[i % 1000]!);
    const scores = Float64Array.from({ length: 5000 }, (_, i) => base.scores[i % 1000]!);
    const groups = Array.from({ length: 5000 }, (_, i) => `acct_${i % 1000}`);
    const ranked = rankScores(scores, labels);
    const width = (options: { seed: number; groups?: string[] }) => {
      const interval = percentileInterval(bootstrap(5000, (w) => [rocAuc(ranked, w)], { ...options, resamples: 400 }), 0);
      return interval.upper! - interval.lower!;
    };
    // √5 ≈ 2.2 times wider: the rows are not independent, the accounts are.
    expect(width({ seed: 1, groups }) / width({ seed: 1 })).toBeGreaterThan(1.7);
  });

  it('leaves out resamples where the statistic is undefined', () => {
    const ranked = rankScores([0.9, 0.1, 0.2, 0.3, 0.4], Uint8Array.of(1, 0, 0, 0, 0));
    const result = bootstrap(5, (w) => [rocAuc(ranked, w)], { seed: 1, resamples: 200 });
    expect(result.replicates[0]!.some(Number.isNaN)).toBe(true);
    expect(percentileInterval(result, 0)).toEqual({ estimate: 1, lower: 1, upper: 1 });
  });

  it('paired: identical scores differ by exactly 0, a better model wins in nearly every resample', () => {
    const random = createRandom(3);
    const truth = Float64Array.from({ length: 3000 }, () => gaussian(random) * 2 - 3);
    const labels = Uint8Array.from(truth, (m) => (random.next() < sigmoid(m) ? 1 : 0));
    const good = rankScores(truth, labels);
    const noisy = rankScores(truth.map((m) => m + gaussian(random) * 2), labels);
    const result = bootstrap(3000, (w) => [rocAuc(good, w), rocAuc(good, w), rocAuc(noisy, w)], { seed: 1, resamples: 300 });
    expect(pairedDifference(result, 0, 1)).toEqual({ estimate: 0, lower: 0, upper: 0, shareAboveB: 0 });
    const better = pairedDifference(result, 0, 2);
    expect(better.estimate!).toBeGreaterThan(0.03);
    expect(better.lower!).toBeGreaterThan(0);
    expect(better.shareAboveB!).toBeGreaterThan(0.99);
  });
});
