/**
 * Evaluation metrics, one implementation for the model and every baseline. Each takes scores already
 * ranked once (the bootstrap re-weights the same ranking a thousand times instead of re-sorting) and
 * optional frequency weights (a bootstrap resample's multiplicities). Undefined values (an AUC with
 * no churners) are NaN.
 */

/** Scores with their outcomes and the row order by descending score. */
export interface RankedScores {
  readonly scores: Float64Array;
  readonly labels: Uint8Array;
  readonly order: Uint32Array;
}

export function rankScores(scores: ArrayLike<number>, labels: Uint8Array): RankedScores {
  if (scores.length !== labels.length) throw new Error(`${scores.length} scores for ${labels.length} outcomes`);
  const values = Float64Array.from(scores);
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) throw new Error(`score ${i} is ${value}, not a finite number`);
  });
  const order = Uint32Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
  return { scores: values, labels, order };
}

/**
 * Visits tie groups in descending score order with their weighted positives and negatives. Every
 * metric that depends on the ranking goes through here, so ties are treated the same everywhere.
 */
function forEachTieGroup(
  ranked: RankedScores,
  weights: Float64Array | undefined,
  visit: (positives: number, negatives: number, score: number) => void,
): void {
  const { scores, labels, order } = ranked;
  let k = 0;
  while (k < order.length) {
    const score = scores[order[k]!]!;
    let positives = 0;
    let negatives = 0;
    for (; k < order.length && scores[order[k]!] === score; k++) {
      const i = order[k]!;
      const w = weights ? weights[i]! : 1;
      if (labels[i] === 1) positives += w;
      else negatives += w;
    }
    visit(positives, negatives, score);
  }
}

function totals(ranked: RankedScores, weights?: Float64Array): { positives: number; negatives: number } {
  let positives = 0;
  let negatives = 0;
  ranked.labels.forEach((y, i) => {
    const w = weights ? weights[i]! : 1;
    if (y === 1) positives += w;
    else negatives += w;
  });
  return { positives, negatives };
}

export function baseRate(ranked: RankedScores, weights?: Float64Array): number {
  const { positives, negatives } = totals(ranked, weights);
  return positives / (positives + negatives);
}

/**
 * ROC AUC as the Mann–Whitney statistic: the chance a random churner scores above a random retained
 * account, ties counting one half (the average-rank convention).
 */
export function rocAuc(ranked: RankedScores, weights?: Float64Array): number {
  const { positives, negatives } = totals(ranked, weights);
  let negativesBelow = negatives;
  let concordant = 0;
  forEachTieGroup(ranked, weights, (groupPositives, groupNegatives) => {
    negativesBelow -= groupNegatives;
    concordant += groupPositives * (negativesBelow + groupNegatives / 2);
  });
  return positives > 0 && negatives > 0 ? concordant / (positives * negatives) : Number.NaN;
}

/** PR AUC as average precision: Σ (recall step) × precision at each distinct threshold, as scikit-learn. */
export function averagePrecision(ranked: RankedScores, weights?: Float64Array): number {
  const { positives } = totals(ranked, weights);
  let truePositives = 0;
  let flagged = 0;
  let sum = 0;
  forEachTieGroup(ranked, weights, (groupPositives, groupNegatives) => {
    truePositives += groupPositives;
    flagged += groupPositives + groupNegatives;
    if (groupPositives > 0) sum += (groupPositives / positives) * (truePositives / flagged);
  });
  return positives > 0 ? sum : Number.NaN;
}

/** Mean squared difference between the probability and the outcome. */
export function brierScore(ranked: RankedScores, weights?: Float64Array): number {
  let total = 0;
  let weightSum = 0;
  ranked.labels.forEach((y, i) => {
    const w = weights ? weights[i]! : 1;
    total += w * (ranked.scores[i]! - y) ** 2;
    weightSum += w;
  });
  return total / weightSum;
}

/** 1 − Brier / Brier of always predicting the base rate: 0 is no skill, 1 is perfect. */
export function brierSkillScore(ranked: RankedScores, weights?: Float64Array): number {
  const rate = baseRate(ranked, weights);
  return 1 - brierScore(ranked, weights) / (rate * (1 - rate));
}

/** Share of the positives found among the top `share` of scores, ties at the cut counted pro rata. */
function capturedPositives(ranked: RankedScores, share: number, weights?: Float64Array): number {
  const { positives, negatives } = totals(ranked, weights);
  const budget = share * (positives + negatives);
  let taken = 0;
  let found = 0;
  forEachTieGroup(ranked, weights, (groupPositives, groupNegatives) => {
    const size = groupPositives + groupNegatives;
    if (taken >= budget || size === 0) return;
    const fraction = Math.min(1, (budget - taken) / size);
    taken += fraction * size;
    found += fraction * groupPositives;
  });
  return found / positives;
}

/**
 * Churn rate among the 10 % highest scores divided by the base rate (ties at the cut pro rata, so
 * the result does not depend on how ties happen to be ordered). Its ceiling is min(10, 1 / base rate).
 */
export function topDecileLift(ranked: RankedScores, weights?: Float64Array): number {
  return capturedPositives(ranked, 0.1, weights) / 0.1;
}

export function liftCeiling(rate: number): number {
  return Math.min(10, 1 / rate);
}

export interface ReliabilityBin {
  /** The bin covers predicted probabilities [lower, lower + 0.1). */
  readonly lower: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
  readonly count: number;
}

/**
 * Expected calibration error over ten equal-width bins, Σ (bin size / n) · |mean predicted − observed
 * rate|, and the reliability diagram's points (empty bins left out).
 */
export function calibrationError(
  ranked: RankedScores,
  weights?: Float64Array,
): { ece: number; bins: ReliabilityBin[] } {
  const predicted = new Float64Array(10);
  const observed = new Float64Array(10);
  const size = new Float64Array(10);
  ranked.labels.forEach((y, i) => {
    const p = ranked.scores[i]!;
    if (p < 0 || p > 1) throw new Error(`calibration needs probabilities, score ${i} is ${p}`);
    const bin = Math.min(9, Math.floor(p * 10));
    const w = weights ? weights[i]! : 1;
    predicted[bin]! += w * p;
    observed[bin]! += w * y;
    size[bin]! += w;
  });
  const total = size.reduce((sum, s) => sum + s, 0);
  let ece = 0;
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < 10; b++) {
    if (size[b] === 0) continue;
    ece += (size[b]! / total) * Math.abs(predicted[b]! / size[b]! - observed[b]! / size[b]!);
    bins.push({ lower: b / 10, meanPredicted: predicted[b]! / size[b]!, observedRate: observed[b]! / size[b]!, count: size[b]! });
  }
  return { ece, bins };
}

export interface GainsPoint {
  /** Share of accounts contacted, highest scores first. */
  readonly share: number;
  /** Share of all churners among them. */
  readonly captured: number;
}

/** The cumulative gains curve at `steps` equal shares (deciles by default); lift by decile follows from it. */
export function gainsCurve(ranked: RankedScores, steps = 10): GainsPoint[] {
  return Array.from({ length: steps + 1 }, (_, k) => ({
    share: k / steps,
    captured: k === 0 ? 0 : capturedPositives(ranked, k / steps),
  }));
}

export interface RocPoint {
  readonly falsePositiveRate: number;
  readonly truePositiveRate: number;
  /** Examples scoring at least this are flagged; +∞ is left off (the first point flags nobody). */
  readonly threshold: number | null;
}

/**
 * ROC curve points at every distinct score, thinned for drawing: a point is kept once the curve has
 * moved 2 / (maxPoints − 2) in FPR + TPR since the last kept one (the whole path is 2 long), plus the
 * two ends, so at most about maxPoints points and no visible corner lost.
 */
export function rocCurve(ranked: RankedScores, maxPoints = 201): RocPoint[] {
  const { positives, negatives } = totals(ranked);
  const points: RocPoint[] = [{ falsePositiveRate: 0, truePositiveRate: 0, threshold: null }];
  if (positives === 0 || negatives === 0) return points;
  const spacing = 2 / Math.max(1, maxPoints - 2);
  let truePositives = 0;
  let falsePositives = 0;
  let moved = 0;
  let pending: RocPoint | null = null;
  forEachTieGroup(ranked, undefined, (groupPositives, groupNegatives, score) => {
    truePositives += groupPositives;
    falsePositives += groupNegatives;
    moved += groupPositives / positives + groupNegatives / negatives;
    pending = { falsePositiveRate: falsePositives / negatives, truePositiveRate: truePositives / positives, threshold: score };
    if (moved >= spacing) {
      points.push(pending);
      pending = null;
      moved = 0;
    }
  });
  if (pending) points.push(pending);
  return points;
}
