import type { FeatureMatrix } from './dataset';

/**
 * One regression tree as parallel arrays (plain JSON, and no object per node to chase when scoring).
 * Node 0 is the root; `feature` is −1 at a leaf. An example goes left when its value is at most
 * `threshold` (the upper edge of the training bin the split was found at), or, when the value is
 * missing, when `missingLeft` says so.
 */
export interface RegressionTree {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly missingLeft: readonly boolean[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** Leaf outputs in log-odds, learning rate applied; 0 on internal nodes. */
  readonly value: readonly number[];
  /** Training weight that reached the node, which path-dependent TreeSHAP uses as the data's distribution. */
  readonly cover: readonly number[];
}

/** Gradient-boosted trees: log-odds = baseScore + Σ tree outputs. */
export interface GbdtModel {
  readonly baseScore: number;
  readonly trees: readonly RegressionTree[];
}

/** Whether an example with this value in the node's split column takes the left branch. */
export function goesLeft(tree: RegressionTree, node: number, value: number): boolean {
  return Number.isNaN(value) ? tree.missingLeft[node]! : value <= tree.threshold[node]!;
}

/** The log-odds for one encoded example (raw values; the thresholds are the stored bin edges). */
export function gbdtMargin(model: GbdtModel, x: Float64Array): number {
  let margin = model.baseScore;
  for (const tree of model.trees) {
    let node = 0;
    while (tree.feature[node]! >= 0) {
      node = goesLeft(tree, node, x[tree.feature[node]!]!) ? tree.left[node]! : tree.right[node]!;
    }
    margin += tree.value[node]!;
  }
  return margin;
}

/** The log-odds for every row of a matrix. */
export function gbdtMargins(model: GbdtModel, matrix: FeatureMatrix): Float64Array {
  const n = matrix.rows;
  const margins = new Float64Array(n).fill(model.baseScore);
  for (const tree of model.trees) {
    for (let r = 0; r < n; r++) {
      let node = 0;
      while (tree.feature[node]! >= 0) {
        const value = matrix.values[tree.feature[node]! * n + r]!;
        node = goesLeft(tree, node, value) ? tree.left[node]! : tree.right[node]!;
      }
      margins[r]! += tree.value[node]!;
    }
  }
  return margins;
}
