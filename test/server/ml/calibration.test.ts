import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCalibrator, chooseCalibrator, fitIsotonic, fitPlatt } from '../../../server/domain/ml/calibration';
import { sigmoid } from '../../../server/domain/ml/loss';
import { probabilityMetrics, rankScores } from '../../../server/domain/ml/metrics';
import { createRandom } from '../../../server/domain/ml/random';
import { gaussian } from './support/synthetic-churn';

/** Margins whose true churn probability is `truth(margin)`. */
function sample(n: number, seed: number, truth: (margin: number) => number) {
  const random = createRandom(seed);
  const margins = Float64Array.from({ length: n }, () => gaussian(random) * 1.5 - 1);
  const labels = Uint8Array.from(margins, (m) => (random.next() < truth(m) ? 1 : 0));
  return { margins, labels };
}

function ece(probabilities: Float64Array, labels: Uint8Array): number {
  return probabilityMetrics(rankScores(probabilities, labels)).ece;
}

describe('calibration', () => {
  it('Platt scaling recovers a known slope and intercept', () => {
    const { margins, labels } = sample(40_000, 1, (m) => sigmoid(0.5 * m - 1));
    const platt = fitPlatt(margins, labels);
    expect(platt).toMatchObject({ method: 'platt' });
    if (platt.method !== 'platt') return;
    expect(platt.slope).toBeCloseTo(0.5, 1);
    expect(platt.intercept).toBeCloseTo(-1, 1);
  });

  it('isotonic regression pools adjacent violators (worked by hand) and interpolates between blocks', () => {
    const isotonic = fitIsotonic(Float64Array.of(1, 2, 3, 4, 5), Uint8Array.of(1, 0, 0, 1, 1));
    // 1, 0, 0 violate the order: pooled to ⅓; 1, 1 tie and pool.
    expect(isotonic).toEqual({ method: 'isotonic', margins: [1, 3, 4, 5], probabilities: [1 / 3, 1 / 3, 1, 1] });
    expect(applyCalibrator(isotonic, 3.5)).toBeCloseTo(2 / 3, 12);
    expect(applyCalibrator(isotonic, -10)).toBe(1 / 3);
    expect(applyCalibrator(isotonic, 10)).toBe(1);
  });

  it('isotonic fit equals the min–max formula max_{j≤i} min_{k≥i} mean(y_j..y_k) (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 1, maxLength: 40 }), (labels) => {
        const isotonic = fitIsotonic(Float64Array.from(labels, (_, i) => i), Uint8Array.from(labels));
        labels.forEach((_, i) => {
          let best = -Infinity;
          for (let j = 0; j <= i; j++) {
            let lowest = Infinity;
            for (let k = i; k < labels.length; k++) {
              const slice = labels.slice(j, k + 1);
              lowest = Math.min(lowest, slice.reduce((sum, y) => sum + y, 0) / slice.length);
            }
            best = Math.max(best, lowest);
          }
          expect(applyCalibrator(isotonic, i)).toBeCloseTo(best, 12);
        });
      }),
    );
  });

  it('brings the calibration error of an overconfident score down on new examples', () => {
    // The score claims σ(3m + 1); the truth is σ(m − 1).
    const truth = (m: number) => sigmoid(m - 1);
    const fitting = sample(20_000, 2, truth);
    const test = sample(20_000, 3, truth);
    const raw = test.margins.map((m) => sigmoid(3 * m + 1));
    expect(ece(raw, test.labels)).toBeGreaterThan(0.1);
    const { calibrator } = chooseCalibrator(fitting.margins.map((m) => 3 * m + 1), fitting.labels, { seed: 1 });
    const calibrated = test.margins.map((m) => applyCalibrator(calibrator, 3 * m + 1));
    expect(ece(calibrated, test.labels)).toBeLessThan(0.015);
  });

  it('chooses Platt when the truth is logistic and isotonic when it is a step, by held-out log loss', () => {
    const logistic = sample(4000, 4, (m) => sigmoid(0.8 * m - 1));
    const platt = chooseCalibrator(logistic.margins, logistic.labels, { seed: 1 });
    expect(platt.calibrator.method).toBe('platt');
    expect(platt.heldOutLogLoss!.platt).toBeLessThan(platt.heldOutLogLoss!.isotonic);
    const step = sample(20_000, 5, (m) => (m < -1 ? 0.05 : m < 0 ? 0.6 : 0.3));
    const isotonic = chooseCalibrator(step.margins, step.labels, { seed: 1 });
    expect(isotonic.calibrator.method).toBe('isotonic');
  });

  it('takes Platt by rule when the slice cannot be halved (a single account)', () => {
    const margins = Float64Array.of(-1, 0, 1, 2);
    const labels = Uint8Array.of(0, 0, 1, 1);
    const single = chooseCalibrator(margins, labels, { seed: 1, groups: ['a', 'a', 'a', 'a'] });
    expect(single.heldOutLogLoss).toBeNull();
    expect(single.calibrator.method).toBe('platt');
  });

  it('survives a JSON round trip', () => {
    const { margins, labels } = sample(2000, 6, (m) => sigmoid(m));
    for (const calibrator of [fitPlatt(margins, labels), fitIsotonic(margins, labels)]) {
      const copy = JSON.parse(JSON.stringify(calibrator)) as typeof calibrator;
      for (const m of [-3, -0.5, 0, 0.7, 4]) expect(applyCalibrator(copy, m)).toBe(applyCalibrator(calibrator, m));
    }
  });
});
