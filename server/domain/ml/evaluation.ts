import { bootstrapIntervals, type BootstrapOptions, type Interval } from './bootstrap';
import {
  averagePrecision,
  baseRate,
  brierScore,
  brierSkillScore,
  calibrationError,
  gainsCurve,
  liftCeiling,
  rankScores,
  rocAuc,
  rocCurve,
  topDecileLift,
  type GainsPoint,
  type ReliabilityBin,
  type RocPoint,
} from './metrics';

/**
 * The evidence for one set of scores on the test examples, computed the same way for the model and
 * every baseline. Probability metrics (Brier, calibration) are null for a score that is only a
 * ranking (100 − health score, days since last login): they would measure the scale, not the skill.
 */
export interface ScoreReport {
  readonly examples: number;
  readonly positives: number;
  readonly baseRate: number;
  readonly auc: Interval;
  /** Average precision; a random ranking scores the base rate. */
  readonly prAuc: Interval;
  readonly topDecileLift: Interval;
  readonly liftCeiling: number;
  readonly brier: Interval | null;
  readonly brierSkill: Interval | null;
  readonly ece: Interval | null;
  readonly reliability: readonly ReliabilityBin[] | null;
  readonly roc: readonly RocPoint[];
  readonly gains: readonly GainsPoint[];
}

export function evaluateScores(
  scores: ArrayLike<number>,
  labels: Uint8Array,
  kind: 'probability' | 'ranking',
  options: BootstrapOptions,
): ScoreReport {
  const ranked = rankScores(scores, labels);
  const rate = baseRate(ranked);
  const rankingStatistics = [
    (w?: Float64Array) => rocAuc(ranked, w),
    (w?: Float64Array) => averagePrecision(ranked, w),
    (w?: Float64Array) => topDecileLift(ranked, w),
  ];
  const probabilityStatistics =
    kind === 'probability'
      ? [
          (w?: Float64Array) => brierScore(ranked, w),
          (w?: Float64Array) => brierSkillScore(ranked, w),
          (w?: Float64Array) => calibrationError(ranked, w).ece,
        ]
      : [];
  const [auc, prAuc, lift, brier, brierSkill, ece] = bootstrapIntervals(
    labels.length,
    [...rankingStatistics, ...probabilityStatistics],
    options,
  );
  return {
    examples: labels.length,
    positives: labels.reduce((sum, y) => sum + y, 0),
    baseRate: rate,
    auc: auc!,
    prAuc: prAuc!,
    topDecileLift: lift!,
    liftCeiling: liftCeiling(rate),
    brier: brier ?? null,
    brierSkill: brierSkill ?? null,
    ece: ece ?? null,
    reliability: kind === 'probability' ? calibrationError(ranked).bins : null,
    roc: rocCurve(ranked),
    gains: gainsCurve(ranked),
  };
}
