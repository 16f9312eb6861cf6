import { binMatrix, fitBinEdges, type BinnedMatrix } from './binning';
import { assertLabelledSet, type LabelledSet } from './dataset';
import { marginLogLoss, sigmoid } from './loss';
import { createRandom, type Random } from './random';
import type { GbdtModel, RegressionTree } from './tree';

export interface GbdtOptions {
  /** Shrinks every leaf: smaller learns slower and generalises better. */
  readonly learningRate?: number;
  readonly maxLeaves?: number;
  readonly maxDepth?: number;
  /** A child needs at least this Hessian sum (XGBoost's min_child_weight). */
  readonly minChildWeight?: number;
  /**
   * A child also needs at least this share of the whole training set's Hessian at the start
   * (Σ w·p₀(1 − p₀)). An absolute minimum means a different thing at every base rate and size: at a
   * 2 % churn rate one unit of Hessian is some 50 rows, two or three accounts seen at every
   * snapshot instant, and a leaf that small memorises accounts instead of learning from them.
   */
  readonly minChildShare?: number;
  /** L2 penalty on leaf values (XGBoost's lambda). */
  readonly l2?: number;
  /** A split must reduce the loss by more than this (XGBoost's gamma). */
  readonly minSplitGain?: number;
  /**
   * Share of training rows each tree sees, drawn per tree (0.5: half the histogram work, and the
   * randomness regularises; churn tables have rows to spare).
   */
  readonly rowSubsample?: number;
  readonly maxRounds?: number;
  /** Stop after this many rounds without a lower validation log loss; keep the best round. */
  readonly earlyStoppingRounds?: number;
  /**
   * Never stop before this many rounds (the best round is still the one kept): a small validation
   * slice's loss is noisy, and at a small learning rate an early plateau is not the end.
   */
  readonly minRounds?: number;
  readonly maxBins?: number;
  readonly seed?: number;
}

export interface GbdtFit {
  /** Trees up to and including the best round only. */
  readonly model: GbdtModel;
  /** Validation log loss after each round; index 0 is the base score alone. */
  readonly validationLoss: readonly number[];
  /** The number of trees kept, i.e. the round with the lowest validation log loss. */
  readonly bestRound: number;
}

const DEFAULTS: Required<GbdtOptions> = {
  learningRate: 0.05,
  maxLeaves: 8,
  maxDepth: 3,
  minChildWeight: 1,
  minChildShare: 0,
  l2: 1,
  minSplitGain: 0,
  rowSubsample: 0.5,
  maxRounds: 1000,
  earlyStoppingRounds: 50,
  minRounds: 50,
  maxBins: 255,
  seed: 1,
};

/**
 * Histogram-based gradient boosting with logistic loss (the LightGBM/XGBoost-hist design): columns
 * are binned once, trees grow best-leaf-first from per-bin gradient sums, and validation log loss
 * decides how many trees to keep.
 */
export function fitGbdt(train: LabelledSet, validation: LabelledSet, options: GbdtOptions = {}): GbdtFit {
  assertLabelledSet(train, 'training set');
  assertLabelledSet(validation, 'validation set');
  if (validation.matrix.columns !== train.matrix.columns) {
    throw new Error('validation set: column count differs from the training set');
  }
  const given = { ...DEFAULTS, ...options };
  const baseScore = priorLogOdds(train);
  const settings = { ...given, minChildWeight: Math.max(given.minChildWeight, given.minChildShare * startingHessian(train, baseScore)) };
  const random = createRandom(settings.seed);
  const edges = fitBinEdges(train.matrix, random, { maxBins: settings.maxBins });
  const learner = new TreeLearner(binMatrix(train.matrix, edges), settings);
  const validationBins = binMatrix(validation.matrix, edges);
  const n = train.matrix.rows;
  const margins = new Float64Array(n).fill(baseScore);
  const validationMargins = new Float64Array(validation.matrix.rows).fill(baseScore);
  const gradient = new Float64Array(n);
  const hessian = new Float64Array(n);
  const trees: BinTree[] = [];
  const validationLoss = [marginLogLoss(validationMargins, validation.labels, validation.weights)];
  let bestRound = 0;
  const patient = (round: number) => round <= settings.minRounds || round - bestRound <= settings.earlyStoppingRounds;
  for (let round = 1; round <= settings.maxRounds && patient(round); round++) {
    for (let r = 0; r < n; r++) {
      const p = sigmoid(margins[r]!);
      const w = train.weights ? train.weights[r]! : 1;
      gradient[r] = w * (p - train.labels[r]!);
      hessian[r] = w * p * (1 - p);
    }
    const tree = learner.grow(gradient, hessian, train.weights, sampleRows(n, settings.rowSubsample, random));
    trees.push(tree);
    addTree(tree, learner.bins, margins);
    addTree(tree, validationBins, validationMargins);
    const loss = marginLogLoss(validationMargins, validation.labels, validation.weights);
    validationLoss.push(loss);
    if (loss < validationLoss[bestRound]!) bestRound = round;
  }
  return {
    model: { baseScore, trees: trees.slice(0, bestRound).map((tree) => toModelTree(tree, edges)) },
    validationLoss,
    bestRound,
  };
}

/** A tree while it is in bin codes: `bin` is the highest bin code that goes left. */
interface BinTree {
  readonly feature: number[];
  readonly bin: number[];
  readonly missingLeft: boolean[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
  readonly cover: number[];
}

interface Split {
  readonly gain: number;
  readonly column: number;
  readonly bin: number;
  readonly missingLeft: boolean;
}

/** A leaf that may still be split: its rows are order[start, end). */
interface OpenLeaf {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly gradient: number;
  readonly hessian: number;
  histogram: Float64Array | null;
  split: Split | null;
}

/**
 * Grows one tree at a time over the binned training matrix. Allocated once per fit and reused by
 * every round: the row order, the gradient gather buffer and a pool of histograms.
 *
 * 0/1 columns (one-hot categories, missing-value flags) are most of the columns but hold one 1 per
 * row and feature: their histograms are built from each row's list of 1s, and the 0 bin is the
 * leaf's total minus the 1 bin, so a row costs its dense columns plus its few 1s, not every column.
 */
class TreeLearner {
  /** Where column c's histogram starts, in bins (each bin holds a gradient sum and a Hessian sum). */
  private readonly offsets: Uint32Array;
  /** Columns that can split at all (more than one bin, or missing values next to present ones). */
  private readonly usable: Uint32Array;
  /** Usable columns scanned row by row for every bin. */
  private readonly dense: Uint32Array;
  /** Usable 0/1 columns without missing values. */
  private readonly binary: Uint32Array;
  /** Row r's 1s in binary columns, as histogram positions of their 1 bin: onesAt[onesStart[r] .. onesStart[r + 1]). */
  private readonly onesStart: Uint32Array;
  private readonly onesAt: Uint32Array;
  private readonly histogramLength: number;
  private readonly pool: Float64Array[] = [];
  private readonly order: Uint32Array;
  private readonly rightRows: Uint32Array;
  private readonly gathered: Float64Array;

  constructor(
    readonly bins: BinnedMatrix,
    private readonly settings: Required<GbdtOptions>,
  ) {
    const { rows, columns, codes, binCounts } = bins;
    this.offsets = new Uint32Array(columns + 1);
    const dense: number[] = [];
    const binary: number[] = [];
    for (let c = 0; c < columns; c++) {
      this.offsets[c + 1] = this.offsets[c]! + binCounts[c]! + 1;
      const present = new Uint8Array(binCounts[c]! + 1);
      for (let r = c * rows; r < (c + 1) * rows; r++) present[codes[r]!] = 1;
      const seen = present.reduce((sum, p) => sum + p, 0);
      if (seen < 2) continue;
      (binCounts[c] === 2 && present[2] === 0 ? binary : dense).push(c);
    }
    this.dense = Uint32Array.from(dense);
    this.binary = Uint32Array.from(binary);
    this.usable = Uint32Array.from([...dense, ...binary]);
    this.onesStart = new Uint32Array(rows + 1);
    for (const c of binary) for (let r = 0; r < rows; r++) if (codes[c * rows + r] === 1) this.onesStart[r + 1]!++;
    for (let r = 0; r < rows; r++) this.onesStart[r + 1]! += this.onesStart[r]!;
    this.onesAt = new Uint32Array(this.onesStart[rows]!);
    const fill = this.onesStart.slice(0, rows);
    for (const c of binary) {
      for (let r = 0; r < rows; r++) if (codes[c * rows + r] === 1) this.onesAt[fill[r]!++] = 2 * (this.offsets[c]! + 1);
    }
    this.histogramLength = 2 * this.offsets[columns]!;
    this.order = new Uint32Array(rows);
    this.rightRows = new Uint32Array(rows);
    this.gathered = new Float64Array(2 * rows);
  }

  grow(gradient: Float64Array, hessian: Float64Array, weights: Float64Array | undefined, rows: Uint32Array): BinTree {
    const { maxLeaves, maxDepth, l2, learningRate } = this.settings;
    const tree: BinTree = { feature: [], bin: [], missingLeft: [], left: [], right: [], value: [], cover: [] };
    this.order.set(rows);
    let rootGradient = 0;
    let rootHessian = 0;
    let rootCover = 0;
    for (const r of rows) {
      rootGradient += gradient[r]!;
      rootHessian += hessian[r]!;
      rootCover += weights ? weights[r]! : 1;
    }
    const root = this.openLeaf(tree, rootCover, 0, rows.length, 0, rootGradient, rootHessian);
    const leaves: OpenLeaf[] = [root];
    if (maxDepth > 0 && maxLeaves > 1) {
      root.histogram = this.histogram(gradient, hessian, root);
      root.split = this.bestSplit(root.histogram, root.gradient, root.hessian);
    }
    for (let leafCount = 1; leafCount < maxLeaves; leafCount++) {
      const parent = leaves.reduce<OpenLeaf | null>(
        (best, leaf) => (leaf.split && (!best || leaf.split.gain > best.split!.gain) ? leaf : best),
        null,
      );
      if (!parent) break;
      const [left, right] = this.divide(tree, parent, gradient, hessian, weights);
      leaves.splice(leaves.indexOf(parent), 1, left, right);
      this.prepareChildren(parent, left, right, gradient, hessian);
    }
    for (const leaf of leaves) {
      tree.value[leaf.node] = (-leaf.gradient / (leaf.hessian + l2)) * learningRate;
      this.release(leaf);
    }
    return tree;
  }

  private openLeaf(tree: BinTree, cover: number, start: number, end: number, depth: number, g: number, h: number): OpenLeaf {
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.missingLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.cover.push(cover);
    return { node, start, end, depth, gradient: g, hessian: h, histogram: null, split: null };
  }

  /** Turns a leaf into a split node: partitions its rows (stable) and opens the two children. */
  private divide(
    tree: BinTree,
    parent: OpenLeaf,
    gradient: Float64Array,
    hessian: Float64Array,
    weights: Float64Array | undefined,
  ): [OpenLeaf, OpenLeaf] {
    const split = parent.split!;
    const { rows, codes, binCounts } = this.bins;
    const base = split.column * rows;
    const missing = binCounts[split.column]!;
    const order = this.order;
    let leftCount = 0;
    let rightCount = 0;
    let leftGradient = 0;
    let leftHessian = 0;
    let leftCover = 0;
    let rightCover = 0;
    for (let k = parent.start; k < parent.end; k++) {
      const r = order[k]!;
      const code = codes[base + r]!;
      if (code === missing ? split.missingLeft : code <= split.bin) {
        order[parent.start + leftCount++] = r;
        leftGradient += gradient[r]!;
        leftHessian += hessian[r]!;
        leftCover += weights ? weights[r]! : 1;
      } else {
        this.rightRows[rightCount++] = r;
        rightCover += weights ? weights[r]! : 1;
      }
    }
    const middle = parent.start + leftCount;
    order.set(this.rightRows.subarray(0, rightCount), middle);
    const depth = parent.depth + 1;
    const left = this.openLeaf(tree, leftCover, parent.start, middle, depth, leftGradient, leftHessian);
    const right = this.openLeaf(
      tree,
      rightCover,
      middle,
      parent.end,
      depth,
      parent.gradient - leftGradient,
      parent.hessian - leftHessian,
    );
    tree.feature[parent.node] = split.column;
    tree.bin[parent.node] = split.bin;
    tree.missingLeft[parent.node] = split.missingLeft;
    tree.left[parent.node] = left.node;
    tree.right[parent.node] = right.node;
    return [left, right];
  }

  /**
   * Histograms and best splits for two new children: only the child with fewer rows is scanned; the
   * other's histogram is the parent's minus it, computed in the parent's buffer.
   */
  private prepareChildren(parent: OpenLeaf, left: OpenLeaf, right: OpenLeaf, gradient: Float64Array, hessian: Float64Array): void {
    const parentHistogram = parent.histogram!;
    parent.histogram = null;
    if (left.depth >= this.settings.maxDepth) {
      this.pool.push(parentHistogram);
      return;
    }
    const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
    small.histogram = this.histogram(gradient, hessian, small);
    for (const c of this.usable) {
      const to = 2 * this.offsets[c + 1]!;
      for (let i = 2 * this.offsets[c]!; i < to; i++) parentHistogram[i]! -= small.histogram[i]!;
    }
    large.histogram = parentHistogram;
    for (const child of [left, right]) {
      child.split = this.bestSplit(child.histogram!, child.gradient, child.hessian);
      if (!child.split) this.release(child);
    }
  }

  private release(leaf: OpenLeaf): void {
    if (leaf.histogram) this.pool.push(leaf.histogram);
    leaf.histogram = null;
  }

  /** Per-bin gradient and Hessian sums of the leaf's rows, for every usable column. */
  private histogram(gradient: Float64Array, hessian: Float64Array, leaf: OpenLeaf): Float64Array {
    const histogram = this.pool.pop() ?? new Float64Array(this.histogramLength);
    histogram.fill(0);
    const { rows, codes } = this.bins;
    const { order, gathered, onesStart, onesAt } = this;
    const { start } = leaf;
    const count = leaf.end - start;
    for (let k = 0; k < count; k++) {
      const r = order[start + k]!;
      gathered[2 * k] = gradient[r]!;
      gathered[2 * k + 1] = hessian[r]!;
    }
    for (const c of this.dense) {
      const base = c * rows;
      const offset = 2 * this.offsets[c]!;
      for (let k = 0; k < count; k++) {
        const slot = offset + 2 * codes[base + order[start + k]!]!;
        histogram[slot]! += gathered[2 * k]!;
        histogram[slot + 1]! += gathered[2 * k + 1]!;
      }
    }
    for (let k = 0; k < count; k++) {
      const r = order[start + k]!;
      const g = gathered[2 * k]!;
      const h = gathered[2 * k + 1]!;
      for (let e = onesStart[r]!; e < onesStart[r + 1]!; e++) {
        histogram[onesAt[e]!]! += g;
        histogram[onesAt[e]! + 1]! += h;
      }
    }
    for (const c of this.binary) {
      const zero = 2 * this.offsets[c]!;
      histogram[zero] = leaf.gradient - histogram[zero + 2]!;
      histogram[zero + 1] = leaf.hessian - histogram[zero + 3]!;
    }
    return histogram;
  }

  /**
   * The split with the largest loss reduction ½·[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)], trying
   * missing values on either side (and alone on the right); a node without missing values sends
   * future missing ones to its heavier child.
   */
  private bestSplit(histogram: Float64Array, g: number, h: number): Split | null {
    const { l2, minChildWeight, minSplitGain } = this.settings;
    const parentScore = (g * g) / (h + l2);
    let best: Split | null = null;
    let bestGain = Math.max(minSplitGain, 0);
    const consider = (column: number, bin: number, missingLeft: boolean, gl: number, hl: number) => {
      const hr = h - hl;
      if (hl < minChildWeight || hr < minChildWeight) return;
      const gr = g - gl;
      const gain = 0.5 * ((gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore);
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, column, bin, missingLeft };
      }
    };
    for (const c of this.usable) {
      const binCount = this.bins.binCounts[c]!;
      const offset = 2 * this.offsets[c]!;
      const missingG = histogram[offset + 2 * binCount]!;
      const missingH = histogram[offset + 2 * binCount + 1]!;
      let gl = 0;
      let hl = 0;
      for (let b = 0; b < binCount; b++) {
        gl += histogram[offset + 2 * b]!;
        hl += histogram[offset + 2 * b + 1]!;
        if (missingH > 0) {
          consider(c, b, false, gl, hl);
          if (b < binCount - 1) consider(c, b, true, gl + missingG, hl + missingH);
        } else if (b < binCount - 1) {
          consider(c, b, hl >= h - hl, gl, hl);
        }
      }
    }
    return best;
  }
}

/** Adds a tree's outputs to the margins of every row of a binned matrix. */
function addTree(tree: BinTree, bins: BinnedMatrix, margins: Float64Array): void {
  const { rows, codes, binCounts } = bins;
  for (let r = 0; r < rows; r++) {
    let node = 0;
    while (tree.feature[node]! >= 0) {
      const column = tree.feature[node]!;
      const code = codes[column * rows + r]!;
      const left = code === binCounts[column]! ? tree.missingLeft[node]! : code <= tree.bin[node]!;
      node = left ? tree.left[node]! : tree.right[node]!;
    }
    margins[r]! += tree.value[node]!;
  }
}

/**
 * Bin codes to raw thresholds: "code ≤ b" is "value ≤ upper edge of bin b". The split that sends
 * every present value left and missing ones right has no edge above it; the largest double stands
 * in for +∞, which JSON cannot carry.
 */
function toModelTree(tree: BinTree, edges: readonly Float64Array[]): RegressionTree {
  const threshold = tree.feature.map((column, node) =>
    column < 0 ? 0 : (edges[column]![tree.bin[node]!] ?? Number.MAX_VALUE),
  );
  return {
    feature: tree.feature,
    threshold,
    missingLeft: tree.missingLeft,
    left: tree.left,
    right: tree.right,
    value: tree.value,
    cover: tree.cover,
  };
}

/** The weighted prior log-odds, where boosting starts. */
function priorLogOdds(train: LabelledSet): number {
  let positive = 0;
  let negative = 0;
  for (let r = 0; r < train.labels.length; r++) {
    const w = train.weights ? train.weights[r]! : 1;
    if (train.labels[r] === 1) positive += w;
    else negative += w;
  }
  if (positive === 0 || negative === 0) throw new Error('training set: needs both churned and retained examples');
  return Math.log(positive / negative);
}

/** Σ w·p₀(1 − p₀): the training set's Hessian before the first tree. */
function startingHessian(train: LabelledSet, baseScore: number): number {
  const p = sigmoid(baseScore);
  const weight = train.weights ? train.weights.reduce((sum, w) => sum + w, 0) : train.labels.length;
  return weight * p * (1 - p);
}

/** Rows for one tree: each row independently with probability `share`, in ascending order. */
function sampleRows(n: number, share: number, random: Random): Uint32Array {
  if (share >= 1) return Uint32Array.from({ length: n }, (_, r) => r);
  const rows = new Uint32Array(n);
  let count = 0;
  for (let r = 0; r < n; r++) if (random.next() < share) rows[count++] = r;
  return rows.subarray(0, count);
}
