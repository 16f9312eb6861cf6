import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baseRate,
  gainsCurve,
  liftCeiling,
  probabilityMetrics,
  rankingMetrics,
  rankScores,
  rocAuc,
  rocCurve,
  type RankedScores,
} from '../../../server/domain/ml/metrics';

const averagePrecision = (set: RankedScores, weights?: Float64Array) => rankingMetrics(set, weights).averagePrecision;
const topDecileLift = (set: RankedScores, weights?: Float64Array) => rankingMetrics(set, weights).topDecileLift;

const ranked = (scores: number[], labels: number[]) => rankScores(scores, Uint8Array.from(labels));

/** Every (churner, retained) pair: 1 when the churner scores higher, ½ on a tie. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let sum = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((n, j) => {
      if (labels[j] !== 0) return;
      sum += p > n ? 1 : p === n ? 0.5 : 0;
      pairs++;
    });
  });
  return sum / pairs;
}

/** Average precision from its definition: precision and recall at every distinct threshold. */
function definitionAveragePrecision(scores: number[], labels: number[]): number {
  const positives = labels.filter((y) => y === 1).length;
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  let previousRecall = 0;
  let ap = 0;
  for (const t of thresholds) {
    const flagged = scores.map((s, i) => (s >= t ? i : -1)).filter((i) => i >= 0);
    const truePositives = flagged.filter((i) => labels[i] === 1).length;
    const recall = truePositives / positives;
    ap += (recall - previousRecall) * (truePositives / flagged.length);
    previousRecall = recall;
  }
  return ap;
}

const scoredLabels = fc
  .array(fc.record({ score: fc.integer({ min: 0, max: 6 }), label: fc.integer({ min: 0, max: 1 }) }), { minLength: 2, maxLength: 60 })
  .filter((rows) => rows.some((row) => row.label === 1) && rows.some((row) => row.label === 0));

describe('ranking metrics', () => {
  it('match scikit-learn on its documented example', () => {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75; average_precision_score = 0.8333…
    const example = ranked([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(rocAuc(example)).toBe(0.75);
    expect(averagePrecision(example)).toBeCloseTo(0.8333333333, 9);
  });

  it('count ties as one half, so constant scores give AUC 0.5', () => {
    expect(rocAuc(ranked([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]))).toBe(0.5);
    // Churners at 1 and 0.5, retained at 0.5 and 0: 1 + 1 + ½ + 1 of 4 pairs.
    expect(rocAuc(ranked([1, 0.5, 0.5, 0], [1, 1, 0, 0]))).toBe(0.875);
    expect(rocAuc(ranked([1, 2], [1, 1]))).toBeNaN();
  });

  it('AUC equals the pairwise count, AP its definition, with ties (property)', () => {
    fc.assert(
      fc.property(scoredLabels, (rows) => {
        const scores = rows.map((row) => row.score);
        const labels = rows.map((row) => row.label);
        expect(rocAuc(ranked(scores, labels))).toBeCloseTo(pairwiseAuc(scores, labels), 12);
        expect(averagePrecision(ranked(scores, labels))).toBeCloseTo(definitionAveragePrecision(scores, labels), 12);
      }),
    );
  });

  it('treats integer weights as repeated rows, which the bootstrap relies on (property)', () => {
    fc.assert(
      fc.property(scoredLabels, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }), (rows, counts) => {
        const scores = rows.map((row) => row.score);
        const labels = rows.map((row) => row.label);
        const weights = Float64Array.from(rows, (_, i) => counts[i]!);
        const repeatedScores = scores.flatMap((s, i) => new Array<number>(counts[i]!).fill(s));
        const repeatedLabels = labels.flatMap((y, i) => new Array<number>(counts[i]!).fill(y));
        const weightedSet = ranked(scores, labels);
        const repeatedSet = ranked(repeatedScores, repeatedLabels);
        const weighted = rankingMetrics(weightedSet, weights);
        const repeated = rankingMetrics(repeatedSet);
        for (const key of ['auc', 'averagePrecision', 'topDecileLift'] as const) {
          if (Number.isNaN(repeated[key])) expect(weighted[key]).toBeNaN();
          else expect(weighted[key]).toBeCloseTo(repeated[key], 10);
        }
        if (repeatedScores.length > 0) {
          const probabilities = (set: RankedScores) => ({ ...set, scores: set.scores.map((s) => s / 6) });
          const a = probabilityMetrics(probabilities(weightedSet), weights);
          const b = probabilityMetrics(probabilities(repeatedSet));
          expect(a.brier).toBeCloseTo(b.brier, 10);
          expect(a.ece).toBeCloseTo(b.ece, 10);
        }
      }),
    );
  });

  it('top-decile lift: a perfect ranking reaches the ceiling, ties at the cut count pro rata', () => {
    const labels = Array.from({ length: 100 }, (_, i) => (i < 5 ? 1 : 0));
    const perfect = ranked(labels.map((y, i) => (y === 1 ? 100 - i : 0.5 - i / 1000)), labels);
    // Base rate 5 %: the top 10 % holds all 5 churners, a rate of 50 % = 10× the base rate.
    expect(topDecileLift(perfect)).toBeCloseTo(10, 12);
    expect(liftCeiling(baseRate(perfect))).toBe(10);
    expect(liftCeiling(0.25)).toBe(4);
    // 20 examples share the top score, 4 of them churners: the top 10 (of 100) holds 2 on average.
    const tied = ranked(
      Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0)),
      Array.from({ length: 100 }, (_, i) => (i < 4 || i === 50 ? 1 : 0)),
    );
    expect(topDecileLift(tied)).toBeCloseTo(2 / 10 / (5 / 100), 12);
  });

  it('gains curve: the share of churners captured at each decile of contacted accounts', () => {
    const labels = [1, 1, 0, 0, 0, 0, 0, 0, 0, 1];
    const gains = gainsCurve(ranked([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], labels));
    expect(gains.map((point) => point.share)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(gains.map((point) => point.captured)).toEqual([0, 1 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 1]);
  });

  it('ROC curve runs from (0, 0) to (1, 1), never goes back, and is thinned to about maxPoints', () => {
    const n = 5000;
    const scores = Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const labels = scores.map((s, i) => (s + Math.cos(i) * 0.5 > 0.3 ? 1 : 0));
    const set = ranked(scores, labels);
    const full = rocCurve(set, Number.POSITIVE_INFINITY);
    const thin = rocCurve(set, 101);
    for (const curve of [full, thin]) {
      expect(curve[0]).toEqual({ falsePositiveRate: 0, truePositiveRate: 0, threshold: null });
      expect(curve.at(-1)).toMatchObject({ falsePositiveRate: 1, truePositiveRate: 1 });
      for (let i = 1; i < curve.length; i++) {
        expect(curve[i]!.falsePositiveRate).toBeGreaterThanOrEqual(curve[i - 1]!.falsePositiveRate);
        expect(curve[i]!.truePositiveRate).toBeGreaterThanOrEqual(curve[i - 1]!.truePositiveRate);
      }
    }
    expect(thin.length).toBeLessThanOrEqual(102);
    // The unthinned curve's trapezoid area is the AUC.
    let area = 0;
    for (let i = 1; i < full.length; i++) {
      area += ((full[i]!.falsePositiveRate - full[i - 1]!.falsePositiveRate) * (full[i]!.truePositiveRate + full[i - 1]!.truePositiveRate)) / 2;
    }
    expect(area).toBeCloseTo(rocAuc(set), 12);
  });
});

describe('probability metrics', () => {
  it('Brier score and skill score (worked by hand)', () => {
    const { brier, brierSkill } = probabilityMetrics(ranked([0.1, 0.9, 0.2, 0.6], [0, 1, 0, 1]));
    // (0.01 + 0.01 + 0.04 + 0.16) / 4 = 0.055; base rate 0.5: skill 1 − 0.055 / 0.25 = 0.78.
    expect(brier).toBeCloseTo(0.055, 12);
    expect(brierSkill).toBeCloseTo(0.78, 12);
  });

  it('a small ECE next to a negative Brier skill at a low base rate (worked by hand)', () => {
    // 900 accounts at 2 % of whom 18 churn (calibrated), 100 at 50 % of whom 10 churn (overconfident).
    const scores = [...new Array<number>(900).fill(0.02), ...new Array<number>(100).fill(0.5)];
    const labels = [...new Array<number>(900).fill(0).fill(1, 0, 18), ...new Array<number>(100).fill(0).fill(1, 0, 10)];
    const { brier, brierSkill, ece } = probabilityMetrics(ranked(scores, labels));
    // ECE = 0.1 · |0.5 − 0.1| = 0.04, the same figure as a model 4 points off everywhere.
    expect(ece).toBeCloseTo(0.04, 12);
    // Brier = (18 · 0.98² + 882 · 0.02² + 100 · 0.5²) / 1000 = 0.04264; the base rate 0.028 of these
    // same examples scores 0.028 · 0.972 = 0.027216, so the skill is 1 − 0.04264 / 0.027216 = −0.5667:
    // the squared error of the tenth put at 0.5 costs more than the ranking gains.
    expect(brier).toBeCloseTo(0.04264, 12);
    expect(brierSkill).toBeCloseTo(1 - 0.04264 / 0.027216, 12);
  });

  it('expected calibration error over ten bins with the reliability points (worked by hand)', () => {
    const scores = [...new Array<number>(10).fill(0.15), ...new Array<number>(10).fill(0.85)];
    const labels = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    const { ece, reliability: bins } = probabilityMetrics(ranked(scores, labels));
    // ½ · |0.15 − 0.3| + ½ · |0.85 − 0.8| = 0.1
    expect(ece).toBeCloseTo(0.1, 12);
    expect(bins).toHaveLength(2);
    expect(bins[0]).toMatchObject({ lower: 0.1, count: 10 });
    expect(bins[0]!.meanPredicted).toBeCloseTo(0.15, 12);
    expect(bins[0]!.observedRate).toBeCloseTo(0.3, 12);
    expect(bins[1]).toMatchObject({ lower: 0.8, count: 10, observedRate: 0.8 });
    expect(probabilityMetrics(ranked([1, 0], [1, 0])).reliability.map((bin) => bin.lower)).toEqual([0, 0.9]);
    expect(() => probabilityMetrics(ranked([1.5], [1]))).toThrow(/probabilities/);
  });

  it('refuses scores that are not finite numbers and mismatched lengths', () => {
    expect(() => ranked([0.1, Number.NaN], [0, 1])).toThrow(/score 1 is NaN/);
    expect(() => ranked([0.1], [0, 1])).toThrow(/1 scores for 2 outcomes/);
  });
});
