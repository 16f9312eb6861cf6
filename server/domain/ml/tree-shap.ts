import { goesLeft, type GbdtModel, type RegressionTree } from './tree';

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2): the Shapley values of each column for one example,
 * where "a column is unknown" means following both branches weighted by the training cover, in
 * O(leaves · depth²) per tree instead of enumerating column subsets. The values sum with
 * `base` (the cover-weighted mean output) to the example's log-odds.
 */
export function gbdtContributions(model: GbdtModel, x: Float64Array): { base: number; contributions: Float64Array } {
  const { base, path } = prepared(model);
  const contributions = new Float64Array(x.length);
  for (const tree of model.trees) recurse(tree, x, contributions, path, 0, 0, 0, 1, 1, -1);
  return { base, contributions };
}

/**
 * What every explanation of a model shares, computed on its first explanation: the base value and
 * a path buffer for the deepest tree (each recursion level copies the path into the next segment,
 * so depth D needs (D + 2)(D + 3) / 2 entries). Rescoring every account reuses it.
 */
const preparedModels = new WeakMap<GbdtModel, { base: number; path: Path }>();

function prepared(model: GbdtModel): { base: number; path: Path } {
  let entry = preparedModels.get(model);
  if (!entry) {
    const depth = model.trees.reduce((deepest, tree) => Math.max(deepest, treeDepth(tree, 0)), 0);
    const size = ((depth + 2) * (depth + 3)) / 2;
    const path = { feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), weight: new Float64Array(size) };
    entry = { base: model.trees.reduce((sum, tree) => sum + expectedValue(tree, 0), model.baseScore), path };
    preparedModels.set(model, entry);
  }
  return entry;
}

/** The path of unique split columns from the root, with the fractions of "zero" and "one" paths. */
interface Path {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
}

function recurse(
  tree: RegressionTree,
  x: Float64Array,
  phi: Float64Array,
  path: Path,
  parentOffset: number,
  node: number,
  uniqueDepth: number,
  zeroFraction: number,
  oneFraction: number,
  feature: number,
): void {
  // Each call works on its own copy of the path, in the next free segment of the buffer.
  const offset = parentOffset + uniqueDepth + 1;
  copyPath(path, parentOffset, offset, uniqueDepth);
  extend(path, offset, uniqueDepth, zeroFraction, oneFraction, feature);
  const split = tree.feature[node]!;
  if (split < 0) {
    for (let i = 1; i <= uniqueDepth; i++) {
      const w = unwoundSum(path, offset, uniqueDepth, i);
      phi[path.feature[offset + i]!]! += w * (path.one[offset + i]! - path.zero[offset + i]!) * tree.value[node]!;
    }
    return;
  }
  const left = goesLeft(tree, node, x[split]!);
  const hot = left ? tree.left[node]! : tree.right[node]!;
  const cold = left ? tree.right[node]! : tree.left[node]!;
  const cover = tree.cover[node]!;
  let incomingZero = 1;
  let incomingOne = 1;
  let depth = uniqueDepth;
  let k = 1;
  while (k <= depth && path.feature[offset + k] !== split) k++;
  if (k <= depth) {
    // The column already split higher up: undo that entry and redo it with this node's fractions.
    incomingZero = path.zero[offset + k]!;
    incomingOne = path.one[offset + k]!;
    unwind(path, offset, depth, k);
    depth--;
  }
  recurse(tree, x, phi, path, offset, hot, depth + 1, (tree.cover[hot]! / cover) * incomingZero, incomingOne, split);
  recurse(tree, x, phi, path, offset, cold, depth + 1, (tree.cover[cold]! / cover) * incomingZero, 0, split);
}

/** Element by element: paths are a few entries long, too short for copyWithin's call to pay off. */
function copyPath(path: Path, from: number, to: number, length: number): void {
  for (let i = 0; i < length; i++) {
    path.feature[to + i] = path.feature[from + i]!;
    path.zero[to + i] = path.zero[from + i]!;
    path.one[to + i] = path.one[from + i]!;
    path.weight[to + i] = path.weight[from + i]!;
  }
}

/** EXTEND: adds a split to the path and updates the weights of every subset size. */
function extend(path: Path, offset: number, length: number, zero: number, one: number, feature: number): void {
  path.feature[offset + length] = feature;
  path.zero[offset + length] = zero;
  path.one[offset + length] = one;
  path.weight[offset + length] = length === 0 ? 1 : 0;
  for (let i = length - 1; i >= 0; i--) {
    path.weight[offset + i + 1]! += (one * path.weight[offset + i]! * (i + 1)) / (length + 1);
    path.weight[offset + i] = (zero * path.weight[offset + i]! * (length - i)) / (length + 1);
  }
}

/** UNWIND: removes entry `index` from the path, undoing its EXTEND. */
function unwind(path: Path, offset: number, length: number, index: number): void {
  const one = path.one[offset + index]!;
  const zero = path.zero[offset + index]!;
  let next = path.weight[offset + length]!;
  for (let i = length - 1; i >= 0; i--) {
    if (one !== 0) {
      const saved = path.weight[offset + i]!;
      path.weight[offset + i] = (next * (length + 1)) / ((i + 1) * one);
      next = saved - (path.weight[offset + i]! * zero * (length - i)) / (length + 1);
    } else {
      path.weight[offset + i] = (path.weight[offset + i]! * (length + 1)) / (zero * (length - i));
    }
  }
  for (let i = index; i < length; i++) {
    path.feature[offset + i] = path.feature[offset + i + 1]!;
    path.zero[offset + i] = path.zero[offset + i + 1]!;
    path.one[offset + i] = path.one[offset + i + 1]!;
  }
}

/** The total weight the path would have with entry `index` unwound, without changing the path. */
function unwoundSum(path: Path, offset: number, length: number, index: number): number {
  const one = path.one[offset + index]!;
  const zero = path.zero[offset + index]!;
  let next = path.weight[offset + length]!;
  let total = 0;
  for (let i = length - 1; i >= 0; i--) {
    if (one !== 0) {
      const w = (next * (length + 1)) / ((i + 1) * one);
      total += w;
      next = path.weight[offset + i]! - (w * zero * (length - i)) / (length + 1);
    } else if (zero !== 0) {
      total += (path.weight[offset + i]! * (length + 1)) / (zero * (length - i));
    }
  }
  return total;
}

/** The cover-weighted mean leaf value below a node: what the tree predicts knowing nothing. */
function expectedValue(tree: RegressionTree, node: number): number {
  if (tree.feature[node]! < 0) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  return (tree.cover[left]! * expectedValue(tree, left) + tree.cover[right]! * expectedValue(tree, right)) / tree.cover[node]!;
}

function treeDepth(tree: RegressionTree, node: number): number {
  if (tree.feature[node]! < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node]!), treeDepth(tree, tree.right[node]!));
}
