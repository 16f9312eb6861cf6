/**
 * Encoded examples, column-major (the value of column c in row r is `values[c * rows + r]`), so a
 * column can be sorted, binned and scanned without gathering. NaN marks a missing numeric value.
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly values: Float64Array;
}

/** A matrix with its outcomes (1 = churned) and optional sample weights (default 1 per row). */
export interface LabelledSet {
  readonly matrix: FeatureMatrix;
  readonly labels: Uint8Array;
  readonly weights?: Float64Array;
}

/** Checks that labels and weights line up with the matrix, so a mismatch fails loudly, not as NaN. */
export function assertLabelledSet(set: LabelledSet, name: string): void {
  if (set.labels.length !== set.matrix.rows) {
    throw new Error(`${name}: ${set.labels.length} labels for ${set.matrix.rows} rows`);
  }
  if (set.weights && set.weights.length !== set.matrix.rows) {
    throw new Error(`${name}: ${set.weights.length} weights for ${set.matrix.rows} rows`);
  }
  for (let i = 0; i < set.labels.length; i++) {
    if (set.labels[i]! > 1) throw new Error(`${name}: label ${set.labels[i]} in row ${i} is not 0 or 1`);
  }
}
