/**
 * Evaluation metrics, one implementation for the model and every baseline. Each takes scores already
 * ranked once (the bootstrap re-weights the same ranking a thousand times instead of re-sorting) and
 * optional frequency weights (a bootstrap resample's multiplicities). Undefined values (an AUC with
 * no churners) are NaN.
 */

/** Scores with their outcomes, the row order by descending score and where each run of tied scores starts. */
export interface RankedScores {
  readonly scores: Float64Array;
  readonly labels: Uint8Array;
  readonly order: Uint32Array;
  /** Rank positions where a tie group starts, then the row count: group g is [starts[g], starts[g + 1]). */
  readonly tieStarts: Uint32Array;
}

export function rankScores(scores: ArrayLike<number>, labels: Uint8Array): RankedScores {
  if (scores.length !== labels.length) throw new Error(`${scores.length} scores for ${labels.length} outcomes`);
  const values = Float64Array.from(scores);
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) throw new Error(`score ${i} is ${value}, not a finite number`);
  });
  const order = Uint32Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
  const starts: number[] = [];
  for (let k = 0; k < order.length; k++) if (k === 0 || values[order[k]!] !== values[order[k - 1]!]) starts.push(k);
  starts.push(order.length);
  return { scores: values, labels, order, tieStarts: Uint32Array.from(starts) };
}

/**
 * Weighted positives and negatives of tie group g, written to `sums` (no allocation: the bootstrap
 * calls this a few hundred million times). Every ranking metric goes through here, so ties are
 * treated the same everywhere.
 */
function groupSums(ranked: RankedScores, weights: Float64Array | undefined, g: number, sums: Float64Array): void {
  const { order, labels, tieStarts } = ranked;
  let positives = 0;
  let negatives = 0;
  for (let k = tieStarts[g]!; k < tieStarts[g + 1]!; k++) {
    const i = order[k]!;
    const w = weights ? weights[i]! : 1;
    if (labels[i] === 1) positives += w;
    else negatives += w;
  }
  sums[0] = positives;
  sums[1] = negatives;
}

const scratch = new Float64Array(2);

function totals(ranked: RankedScores, weights?: Float64Array): { positives: number; negatives: number } {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < ranked.labels.length; i++) {
    const w = weights ? weights[i]! : 1;
    if (ranked.labels[i] === 1) positives += w;
    else negatives += w;
  }
  return { positives, negatives };
}

export function baseRate(ranked: RankedScores, weights?: Float64Array): number {
  const { positives, negatives } = totals(ranked, weights);
  return positives / (positives + negatives);
}

export interface RankingMetrics {
  /** ROC AUC: the chance a random churner scores above a random retained account, ties one half (Mann–Whitney). */
  readonly auc: number;
  /** PR AUC as average precision: Σ (recall step) × precision at each distinct threshold, as scikit-learn. */
  readonly averagePrecision: number;
  /** Churn rate among the 10 % highest scores / base rate, ties at the cut pro rata. */
  readonly topDecileLift: number;
}

/**
 * The three ranking metrics in one pass over the tie groups, highest score first: the bootstrap
 * evaluates them for every score set a thousand times, so they share the walk.
 */
export function rankingMetrics(ranked: RankedScores, weights?: Float64Array): RankingMetrics {
  const { positives, negatives } = totals(ranked, weights);
  const decile = 0.1 * (positives + negatives);
  let flagged = 0;
  let truePositives = 0;
  let negativesAbove = 0;
  let concordant = 0;
  let precisionSum = 0;
  let decilePositives = 0;
  for (let g = 0; g < ranked.tieStarts.length - 1; g++) {
    groupSums(ranked, weights, g, scratch);
    const groupPositives = scratch[0]!;
    const groupNegatives = scratch[1]!;
    const size = groupPositives + groupNegatives;
    // Retained examples below this group: all of them, less those above and half of those tied.
    concordant += groupPositives * (negatives - negativesAbove - groupNegatives / 2);
    if (flagged < decile && size > 0) decilePositives += Math.min(1, (decile - flagged) / size) * groupPositives;
    flagged += size;
    truePositives += groupPositives;
    negativesAbove += groupNegatives;
    if (groupPositives > 0) precisionSum += groupPositives * (truePositives / flagged);
  }
  const rate = positives / (positives + negatives);
  return {
    auc: positives > 0 && negatives > 0 ? concordant / (positives * negatives) : Number.NaN,
    averagePrecision: positives > 0 ? precisionSum / positives : Number.NaN,
    topDecileLift: decilePositives / decile / rate,
  };
}

export function rocAuc(ranked: RankedScores, weights?: Float64Array): number {
  return rankingMetrics(ranked, weights).auc;
}

/** Share of the positives found among the top `share` of scores, ties at the cut counted pro rata. */
function capturedPositives(ranked: RankedScores, share: number): number {
  const { positives, negatives } = totals(ranked);
  const budget = share * (positives + negatives);
  let taken = 0;
  let found = 0;
  for (let g = 0; g < ranked.tieStarts.length - 1 && taken < budget; g++) {
    groupSums(ranked, undefined, g, scratch);
    const size = scratch[0]! + scratch[1]!;
    if (size === 0) continue;
    const fraction = Math.min(1, (budget - taken) / size);
    taken += fraction * size;
    found += fraction * scratch[0]!;
  }
  return found / positives;
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

export interface ProbabilityMetrics {
  /** Mean squared difference between the probability and the outcome. */
  readonly brier: number;
  /** 1 − Brier / Brier of always predicting the base rate: 0 is no skill, 1 is perfect. */
  readonly brierSkill: number;
  /** Expected calibration error over ten equal-width bins: Σ (bin size / n) · |mean predicted − observed rate|. */
  readonly ece: number;
  /** The reliability diagram's points (empty bins left out). */
  readonly reliability: ReliabilityBin[];
}

/** The metrics that read the score as a probability, in one pass over the rows. */
export function probabilityMetrics(ranked: RankedScores, weights?: Float64Array): ProbabilityMetrics {
  const predicted = new Float64Array(10);
  const observed = new Float64Array(10);
  const size = new Float64Array(10);
  let squares = 0;
  for (let i = 0; i < ranked.labels.length; i++) {
    const p = ranked.scores[i]!;
    if (p < 0 || p > 1) throw new Error(`calibration needs probabilities, score ${i} is ${p}`);
    const bin = Math.min(9, Math.floor(p * 10));
    const w = weights ? weights[i]! : 1;
    const y = ranked.labels[i]!;
    predicted[bin]! += w * p;
    observed[bin]! += w * y;
    size[bin]! += w;
    squares += w * (p - y) ** 2;
  }
  const total = size.reduce((sum, s) => sum + s, 0);
  const rate = observed.reduce((sum, o) => sum + o, 0) / total;
  let ece = 0;
  const reliability: ReliabilityBin[] = [];
  for (let b = 0; b < 10; b++) {
    if (size[b] === 0) continue;
    ece += (size[b]! / total) * Math.abs(predicted[b]! / size[b]! - observed[b]! / size[b]!);
    reliability.push({ lower: b / 10, meanPredicted: predicted[b]! / size[b]!, observedRate: observed[b]! / size[b]!, count: size[b]! });
  }
  const brier = squares / total;
  return { brier, brierSkill: 1 - brier / (rate * (1 - rate)), ece, reliability };
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
  const groups = ranked.tieStarts.length - 1;
  for (let g = 0; g < groups; g++) {
    groupSums(ranked, undefined, g, scratch);
    truePositives += scratch[0]!;
    falsePositives += scratch[1]!;
    moved += scratch[0]! / positives + scratch[1]! / negatives;
    if (moved >= spacing || g === groups - 1) {
      const threshold = ranked.scores[ranked.order[ranked.tieStarts[g]!]!]!;
      points.push({ falsePositiveRate: falsePositives / negatives, truePositiveRate: truePositives / positives, threshold });
      moved = 0;
    }
  }
  return points;
}
