import {
  bootstrap,
  pairedDifference,
  percentileInterval,
  type BootstrapOptions,
  type Interval,
  type PairedComparison,
} from './bootstrap';
import {
  baseRate,
  gainsCurve,
  liftCeiling,
  probabilityMetrics,
  rankingMetrics,
  rankScores,
  rocCurve,
  type GainsPoint,
  type ReliabilityBin,
  type RocPoint,
} from './metrics';

/**
 * The evidence for one set of scores on the test examples, computed the same way for the model and
 * every baseline. Probability metrics (Brier, calibration) are null for a score that is only a
 * ranking (100 − health score, days since last login): they would measure its scale, not its skill.
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

export interface ScoresToEvaluate {
  readonly scores: ArrayLike<number>;
  readonly kind: 'probability' | 'ranking';
}

export interface Evaluation {
  /** One report per score set, in the order given. */
  readonly reports: readonly ScoreReport[];
  /** AUC of set a − AUC of set b, paired over the same resamples. */
  aucDifference(a: number, b: number): PairedComparison;
}

/**
 * Evaluates several score sets on the same test examples with one bootstrap (the same resamples for
 * all, by account when groups are given), so their intervals and paired differences are comparable.
 */
export function evaluateScores(
  sets: readonly ScoresToEvaluate[],
  labels: Uint8Array,
  options: BootstrapOptions,
): Evaluation {
  const ranked = sets.map((set) => rankScores(set.scores, labels));
  // Statistics per set, in this order: AUC, PR AUC, lift, then Brier, skill, ECE for probabilities.
  const offsets: number[] = [];
  let count = 0;
  for (const set of sets) {
    offsets.push(count);
    count += set.kind === 'probability' ? 6 : 3;
  }
  const result = bootstrap(
    labels.length,
    (weights) =>
      sets.flatMap((set, i) => {
        const ranking = rankingMetrics(ranked[i]!, weights);
        const statistics = [ranking.auc, ranking.averagePrecision, ranking.topDecileLift];
        if (set.kind === 'ranking') return statistics;
        const probability = probabilityMetrics(ranked[i]!, weights);
        return [...statistics, probability.brier, probability.brierSkill, probability.ece];
      }),
    options,
  );
  const positives = labels.reduce((sum, y) => sum + y, 0);
  const reports = sets.map((set, i): ScoreReport => {
    const at = (k: number) => percentileInterval(result, offsets[i]! + k);
    const probability = set.kind === 'probability';
    const rate = baseRate(ranked[i]!);
    return {
      examples: labels.length,
      positives,
      baseRate: rate,
      auc: at(0),
      prAuc: at(1),
      topDecileLift: at(2),
      liftCeiling: liftCeiling(rate),
      brier: probability ? at(3) : null,
      brierSkill: probability ? at(4) : null,
      ece: probability ? at(5) : null,
      reliability: probability ? probabilityMetrics(ranked[i]!).reliability : null,
      roc: rocCurve(ranked[i]!),
      gains: gainsCurve(ranked[i]!),
    };
  });
  return { reports, aucDifference: (a, b) => pairedDifference(result, offsets[a]!, offsets[b]!) };
}
