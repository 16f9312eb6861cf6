/** The logistic function, written so neither tail overflows. */
export function sigmoid(margin: number): number {
  if (margin >= 0) return 1 / (1 + Math.exp(-margin));
  const e = Math.exp(margin);
  return e / (1 + e);
}

/**
 * Mean (weighted) log loss of log-odds margins: the validation criterion for early stopping and for
 * choosing λ, computed from margins so a confident wrong answer costs its full price, not a clipped one.
 */
export function marginLogLoss(margins: Float64Array, labels: Uint8Array, weights?: Float64Array): number {
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < margins.length; i++) {
    const w = weights ? weights[i]! : 1;
    total += w * exampleLogLoss(margins[i]!, labels[i]!);
    weightSum += w;
  }
  return total / weightSum;
}

/** The log loss of one example with log-odds η and outcome y: softplus(η) − y·η. */
export function exampleLogLoss(eta: number, label: number): number {
  return softplus(eta) - label * eta;
}

/** log(1 + e^η) without overflow: the log loss of margin η is softplus(η) − y·η. */
export function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/**
 * Mean log loss of probabilities, clipped at 1e-15 as scikit-learn does, so a calibrator that
 * claims certainty (an isotonic step at 0 or 1) and is wrong pays a large but finite price.
 */
export function probabilityLogLoss(probabilities: ArrayLike<number>, labels: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probabilities[i]!, 1e-15), 1 - 1e-15);
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / labels.length;
}
