import { fitDesign } from './logistic';
import { probabilityLogLoss, sigmoid } from './loss';
import { createRandom } from './random';

/**
 * Maps a model's log-odds to a probability that means "chance of churning within the horizon" on
 * recent data. Plain JSON. Platt: σ(slope · margin + intercept). Isotonic: the non-decreasing step
 * fit, linear between its points and flat beyond them (as scikit-learn's IsotonicRegression).
 */
export type Calibrator =
  | { readonly method: 'platt'; readonly slope: number; readonly intercept: number }
  | { readonly method: 'isotonic'; readonly margins: readonly number[]; readonly probabilities: readonly number[] };

export function applyCalibrator(calibrator: Calibrator, margin: number): number {
  if (calibrator.method === 'platt') return sigmoid(calibrator.slope * margin + calibrator.intercept);
  const { margins, probabilities } = calibrator;
  if (margin <= margins[0]!) return probabilities[0]!;
  const last = margins.length - 1;
  if (margin >= margins[last]!) return probabilities[last]!;
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (margins[middle]! <= margin) low = middle;
    else high = middle;
  }
  const share = (margin - margins[low]!) / (margins[high]! - margins[low]!);
  return probabilities[low]! + share * (probabilities[high]! - probabilities[low]!);
}

/**
 * Platt scaling: a one-column logistic regression of the outcome on the margin, with Platt's (1999)
 * smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2), which keep it finite when the slice separates. A
 * negligible L2 on the slope keeps it defined even when every margin is the same.
 */
export function fitPlatt(margins: Float64Array, labels: Uint8Array): Calibrator {
  const n = labels.length;
  const positives = labels.reduce((sum, y) => sum + y, 0);
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (n - positives + 2);
  const targets = Float64Array.from(labels, (y) => (y === 1 ? high : low));
  const design = {
    rows: n,
    dense: margins,
    denseCount: 1,
    sparseStart: new Uint32Array(n + 1),
    sparseIndex: new Uint32Array(0),
    sparseValue: new Float64Array(0),
    penalised: Uint8Array.of(1),
  };
  const { parameters } = fitDesign(design, targets, undefined, { l2: 1e-9 });
  return { method: 'platt', slope: parameters[1]!, intercept: parameters[0]! };
}

/** Isotonic regression by pool-adjacent-violators over the margins sorted ascending (ties pooled first). */
export function fitIsotonic(margins: Float64Array, labels: Uint8Array): Calibrator {
  const order = Array.from(margins.keys()).sort((a, b) => margins[a]! - margins[b]!);
  const blocks: { low: number; high: number; count: number; positives: number }[] = [];
  for (const i of order) {
    const margin = margins[i]!;
    const top = blocks[blocks.length - 1];
    if (top && top.high === margin) {
      top.count++;
      top.positives += labels[i]!;
    } else {
      blocks.push({ low: margin, high: margin, count: 1, positives: labels[i]! });
    }
    // Merge backwards while the fit would decrease.
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const previous = blocks[blocks.length - 2]!;
      if (previous.positives / previous.count < last.positives / last.count) break;
      previous.high = last.high;
      previous.count += last.count;
      previous.positives += last.positives;
      blocks.pop();
    }
  }
  const points: number[] = [];
  const probabilities: number[] = [];
  for (const block of blocks) {
    const rate = block.positives / block.count;
    points.push(block.low);
    probabilities.push(rate);
    if (block.high !== block.low) {
      points.push(block.high);
      probabilities.push(rate);
    }
  }
  return { method: 'isotonic', margins: points, probabilities };
}

export interface CalibrationChoice {
  readonly calibrator: Calibrator;
  /**
   * Mean log loss of each method on the half of the slice it was not fitted on (two-fold); null when
   * the slice is too small to halve, and Platt is taken by rule.
   */
  readonly heldOutLogLoss: { readonly platt: number; readonly isotonic: number } | null;
}

/**
 * Chooses Platt or isotonic by two-fold cross-fitting inside the calibration slice (each fitted on
 * one half, scored by log loss on the other; halves drawn by account when `groups` is given, so one
 * account's examples stay together), then refits the winner on the whole slice. Isotonic has to beat
 * Platt: with few churners its steps overfit, and Platt's two parameters do not.
 */
export function chooseCalibrator(
  margins: Float64Array,
  labels: Uint8Array,
  { seed, groups }: { seed: number; groups?: readonly string[] },
): CalibrationChoice {
  const random = createRandom(seed);
  const foldOfGroup = new Map<string, number>();
  const fold = Uint8Array.from(margins, (_, i) => {
    const group = groups?.[i];
    if (group === undefined) return random.next() < 0.5 ? 1 : 0;
    let assigned = foldOfGroup.get(group);
    if (assigned === undefined) foldOfGroup.set(group, (assigned = random.next() < 0.5 ? 1 : 0));
    return assigned;
  });
  const halves = [rowsWhere(fold, (f) => f === 0), rowsWhere(fold, (f) => f === 1)] as const;
  if (halves.some((rows) => rows.length === 0)) return { calibrator: fitPlatt(margins, labels), heldOutLogLoss: null };
  const heldOut = { platt: 0, isotonic: 0 };
  for (const held of [0, 1] as const) {
    const testRows = halves[held];
    const fitRows = halves[1 - held]!;
    const fitMargins = Float64Array.from(fitRows, (i) => margins[i]!);
    const fitLabels = Uint8Array.from(fitRows, (i) => labels[i]!);
    const testLabels = Uint8Array.from(testRows, (i) => labels[i]!);
    for (const method of ['platt', 'isotonic'] as const) {
      const calibrator = method === 'platt' ? fitPlatt(fitMargins, fitLabels) : fitIsotonic(fitMargins, fitLabels);
      const predicted = Float64Array.from(testRows, (i) => applyCalibrator(calibrator, margins[i]!));
      heldOut[method] += (probabilityLogLoss(predicted, testLabels) * testRows.length) / labels.length;
    }
  }
  const calibrator = heldOut.isotonic < heldOut.platt ? fitIsotonic(margins, labels) : fitPlatt(margins, labels);
  return { calibrator, heldOutLogLoss: heldOut };
}

function rowsWhere(fold: Uint8Array, keep: (fold: number) => boolean): number[] {
  const rows: number[] = [];
  fold.forEach((f, i) => {
    if (keep(f)) rows.push(i);
  });
  return rows;
}
