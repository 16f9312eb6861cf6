import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binMatrix, binOf, fitBinEdges } from '../../../server/domain/ml/binning';
import type { FeatureMatrix, LabelledSet } from '../../../server/domain/ml/dataset';
import { encodeExamples, fitEncoder } from '../../../server/domain/ml/encoding';
import { fitGbdt } from '../../../server/domain/ml/gbdt';
import { fitLogistic, logisticMargins } from '../../../server/domain/ml/logistic';
import { marginLogLoss, sigmoid } from '../../../server/domain/ml/loss';
import { rankScores, rocAuc } from '../../../server/domain/ml/metrics';
import { createRandom } from '../../../server/domain/ml/random';
import { gbdtMargin, gbdtMargins, type RegressionTree } from '../../../server/domain/ml/tree';

function columnMatrix(columns: number[][]): FeatureMatrix {
  const rows = columns[0]!.length;
  return { rows, columns: columns.length, values: Float64Array.from(columns.flat()) };
}

/** Two columns uniform in [−1, 1]; churn when exactly one is positive (10 % of labels flipped). */
function xor(n: number, seed: number): LabelledSet {
  const random = createRandom(seed);
  const a = Array.from({ length: n }, () => random.next() * 2 - 1);
  const b = Array.from({ length: n }, () => random.next() * 2 - 1);
  const labels = Uint8Array.from(a, (value, i) => ((value > 0) !== (b[i]! > 0) ? 1 : 0) ^ (random.next() < 0.1 ? 1 : 0));
  return { matrix: columnMatrix([a, b]), labels };
}

function auc(margins: Float64Array, labels: Uint8Array): number {
  return rocAuc(rankScores(margins, labels));
}

function leaves(tree: RegressionTree): number {
  return tree.feature.filter((feature) => feature < 0).length;
}

function depth(tree: RegressionTree, node = 0): number {
  return tree.feature[node]! < 0 ? 0 : 1 + Math.max(depth(tree, tree.left[node]!), depth(tree, tree.right[node]!));
}

/**
 * The reference: best-leaf-first growth written directly over raw values (every midpoint between
 * distinct values is a candidate), sharing nothing with the histogram code. Returns each row's output.
 */
function greedyTree(
  columns: number[][],
  gradient: number[],
  hessian: number,
  options: { maxLeaves: number; maxDepth: number; minChildWeight: number; l2: number },
): number[] {
  const n = gradient.length;
  const score = (rows: number[]) => rows.reduce((sum, r) => sum + gradient[r]!, 0) ** 2 / (rows.length * hessian + options.l2);
  const bestSplit = (rows: number[]) => {
    let best: { gain: number; left: number[]; right: number[] } | null = null;
    columns.forEach((column) => {
      const distinct = [...new Set(column)].sort((a, b) => a - b);
      for (let i = 0; i + 1 < distinct.length; i++) {
        const threshold = (distinct[i]! + distinct[i + 1]!) / 2;
        const left = rows.filter((r) => column[r]! <= threshold);
        const right = rows.filter((r) => column[r]! > threshold);
        if (left.length * hessian < options.minChildWeight || right.length * hessian < options.minChildWeight) continue;
        const gain = 0.5 * (score(left) + score(right) - score(rows));
        if (gain > 0 && (!best || gain > best.gain)) best = { gain, left, right };
      }
    });
    return best as { gain: number; left: number[]; right: number[] } | null;
  };
  let leaves = [{ rows: Array.from({ length: n }, (_, r) => r), depth: 0 }];
  while (leaves.length < options.maxLeaves) {
    const candidates = leaves.map((leaf) => ({ leaf, split: leaf.depth < options.maxDepth ? bestSplit(leaf.rows) : null }));
    const chosen = candidates.filter((c) => c.split).sort((a, b) => b.split!.gain - a.split!.gain)[0];
    if (!chosen) break;
    leaves = leaves.flatMap((leaf) =>
      leaf === chosen.leaf
        ? [
            { rows: chosen.split!.left, depth: leaf.depth + 1 },
            { rows: chosen.split!.right, depth: leaf.depth + 1 },
          ]
        : [leaf],
    );
  }
  const output = new Array<number>(n).fill(0);
  for (const leaf of leaves) {
    const value = -leaf.rows.reduce((sum, r) => sum + gradient[r]!, 0) / (leaf.rows.length * hessian + options.l2);
    for (const r of leaf.rows) output[r] = value;
  }
  return output;
}

describe('quantile binning', () => {
  it('puts each of few distinct values in its own bin, cut halfway, and missing values in a bin after them', () => {
    const matrix = columnMatrix([[3, 1, 2, Number.NaN, 1, 3]]);
    const edges = fitBinEdges(matrix, createRandom(1));
    expect(Array.from(edges[0]!)).toEqual([1.5, 2.5]);
    const binned = binMatrix(matrix, edges);
    expect(Array.from(binned.codes)).toEqual([2, 0, 1, 3, 0, 2]);
    expect(binned.binCounts[0]).toBe(3);
  });

  it('gives a heavy value a bin of its own when there are more distinct values than bins', () => {
    const values = [...new Array<number>(600).fill(0), ...Array.from({ length: 400 }, (_, i) => 1 + i)];
    const edges = fitBinEdges(columnMatrix([values]), createRandom(1), { maxBins: 10 })[0]!;
    expect(edges.length).toBeLessThanOrEqual(9);
    expect(edges[0]).toBe(0.5);
  });

  it('is monotone and never needs more than a byte (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 800 }), fc.integer({ min: 2, max: 255 }), (values, maxBins) => {
        const edges = fitBinEdges(columnMatrix([values]), createRandom(2), { maxBins })[0]!;
        expect(edges.length).toBeLessThan(maxBins);
        for (let i = 1; i < edges.length; i++) expect(edges[i]!).toBeGreaterThan(edges[i - 1]!);
        const sorted = [...values].sort((x, y) => x - y);
        const bins = sorted.map((value) => binOf(edges, value));
        for (let i = 1; i < bins.length; i++) expect(bins[i]!).toBeGreaterThanOrEqual(bins[i - 1]!);
        expect(Math.max(...bins)).toBeLessThanOrEqual(edges.length);
      }),
    );
  });
});

describe('gradient-boosted trees', () => {
  it('learns an XOR interaction that a linear model cannot', () => {
    const train = xor(4000, 1);
    const validation = xor(2000, 2);
    const test = xor(2000, 3);
    const fit = fitGbdt(train, validation, { seed: 1 });
    expect(auc(gbdtMargins(fit.model, test.matrix), test.labels)).toBeGreaterThan(0.85);
    const rows = (set: LabelledSet) =>
      Array.from({ length: set.matrix.rows }, (_, r) => ({ a: set.matrix.values[r]!, b: set.matrix.values[set.matrix.rows + r]! }));
    const spec = fitEncoder([{ name: 'a', kind: 'numeric' }, { name: 'b', kind: 'numeric' }], rows(train));
    const linear = fitLogistic(spec, train, { l2: 1 }).model;
    expect(Math.abs(auc(logisticMargins(spec, linear, encodeExamples(spec, rows(test))), test.labels) - 0.5)).toBeLessThan(0.05);
  });

  it('gives identical models for the same seed and different ones for another seed', () => {
    const train = xor(1500, 4);
    const validation = xor(500, 5);
    const options = { rowSubsample: 0.5, maxRounds: 30 };
    const a = JSON.stringify(fitGbdt(train, validation, { ...options, seed: 9 }).model);
    expect(JSON.stringify(fitGbdt(train, validation, { ...options, seed: 9 }).model)).toBe(a);
    expect(JSON.stringify(fitGbdt(train, validation, { ...options, seed: 10 }).model)).not.toBe(a);
  });

  it('stops early and keeps the round with the lowest validation log loss', () => {
    // Pure noise: every tree after the first few only overfits.
    const random = createRandom(6);
    const noise = (n: number): LabelledSet => ({
      matrix: columnMatrix([Array.from({ length: n }, () => random.next()), Array.from({ length: n }, () => random.next())]),
      labels: Uint8Array.from({ length: n }, () => (random.next() < 0.3 ? 1 : 0)),
    });
    const validation = noise(1000);
    const train = noise(1000);
    const options = { learningRate: 0.5, minChildWeight: 0.01, earlyStoppingRounds: 5, maxRounds: 200, seed: 1 };
    const fit = fitGbdt(train, validation, { ...options, minRounds: 0 });
    const best = fit.validationLoss.indexOf(Math.min(...fit.validationLoss));
    expect(fit.bestRound).toBe(best);
    expect(fit.model.trees.length).toBe(best);
    expect(fit.validationLoss.length).toBe(best + 5 + 1);
    // Scoring the kept model from raw values (thresholds) reproduces the loss seen in bins.
    expect(marginLogLoss(gbdtMargins(fit.model, validation.matrix), validation.labels)).toBeCloseTo(fit.validationLoss[best]!, 12);
    // A minimum number of rounds looks further, and still keeps the best round seen.
    const patient = fitGbdt(train, validation, { ...options, minRounds: 40 });
    expect(patient.validationLoss.length).toBeGreaterThanOrEqual(41);
    expect(patient.bestRound).toBe(patient.validationLoss.indexOf(Math.min(...patient.validationLoss)));
    expect(patient.validationLoss.slice(0, fit.validationLoss.length)).toEqual(fit.validationLoss);
  });

  it('holds every leaf to a share of the starting Hessian with minChildShare', () => {
    const train = xor(4000, 11);
    const validation = xor(1000, 12);
    // 4,000 rows at p₀ ≈ ½: a Hessian of about 1,000, so 10 % is some 400 rows per leaf.
    const fit = fitGbdt(train, validation, { minChildShare: 0.1, maxRounds: 5, minRounds: 0, seed: 1 });
    for (const tree of fit.model.trees) {
      for (let node = 0; node < tree.feature.length; node++) if (tree.feature[node]! < 0) expect(tree.cover[node]!).toBeGreaterThan(300);
    }
    const loose = fitGbdt(train, validation, { maxRounds: 5, minRounds: 0, seed: 1 });
    expect(loose.model.trees.some((tree) => tree.cover.some((cover, node) => tree.feature[node]! < 0 && cover < 100))).toBe(true);
  });

  it('learns from missingness itself and routes missing values by the learnt direction', () => {
    const random = createRandom(8);
    const make = (n: number): LabelledSet => {
      const x = Array.from({ length: n }, () => (random.next() < 0.3 ? Number.NaN : random.next()));
      return { matrix: columnMatrix([x]), labels: Uint8Array.from(x, (value) => (random.next() < (Number.isNaN(value) ? 0.8 : 0.1) ? 1 : 0)) };
    };
    const fit = fitGbdt(make(3000), make(1000), { seed: 2, minChildWeight: 10 });
    expect(sigmoid(gbdtMargin(fit.model, Float64Array.of(Number.NaN)))).toBeCloseTo(0.8, 1);
    const present = Array.from({ length: 19 }, (_, i) => sigmoid(gbdtMargin(fit.model, Float64Array.of((i + 1) / 20))));
    expect(present.reduce((sum, p) => sum + p, 0) / present.length).toBeCloseTo(0.1, 1);
  });

  it('respects the leaf, depth and child-weight limits, and scores the same after a JSON round trip', () => {
    const train = xor(3000, 7);
    const validation = xor(1000, 8);
    const fit = fitGbdt(train, validation, { maxLeaves: 5, maxDepth: 3, maxRounds: 20, earlyStoppingRounds: 20, seed: 3 });
    for (const tree of fit.model.trees) {
      expect(leaves(tree)).toBeLessThanOrEqual(5);
      expect(depth(tree)).toBeLessThanOrEqual(3);
    }
    const copy = JSON.parse(JSON.stringify(fit.model)) as typeof fit.model;
    expect(Array.from(gbdtMargins(copy, validation.matrix))).toEqual(Array.from(gbdtMargins(fit.model, validation.matrix)));
    const stump = fitGbdt(train, validation, { minChildWeight: 1e9, maxRounds: 3, seed: 3 });
    for (const tree of stump.model.trees) expect(leaves(tree)).toBe(1);
  });

  it('grows the first tree exactly as a brute-force greedy search over 0/1 and numeric columns', () => {
    const random = createRandom(12);
    const n = 400;
    const columns = [
      ...Array.from({ length: 4 }, (_, c) => Array.from({ length: n }, () => (random.next() < 0.2 + 0.15 * c ? 1 : 0))),
      Array.from({ length: n }, () => random.int(6)),
    ];
    const labels = Uint8Array.from({ length: n }, (_, r) =>
      random.next() < 0.15 + 0.5 * columns[0]![r]! * columns[2]![r]! + 0.05 * columns[4]![r]! ? 1 : 0,
    );
    const set = { matrix: columnMatrix(columns), labels };
    const options = { maxLeaves: 6, maxDepth: 3, minChildWeight: 2, l2: 1.5, learningRate: 1, rowSubsample: 1, maxRounds: 1 };
    const fit = fitGbdt(set, set, { ...options, seed: 1 });
    expect(fit.bestRound).toBe(1);
    const positives = labels.reduce((sum, y) => sum + y, 0);
    const prior = Math.log(positives / (n - positives));
    const p = sigmoid(prior);
    const expected = greedyTree(columns, Array.from(labels, (y) => p - y), p * (1 - p), options);
    const margins = gbdtMargins(fit.model, set.matrix);
    for (let r = 0; r < n; r++) expect(margins[r]!).toBeCloseTo(prior + expected[r]!, 10);
  });

  it('honours sample weights: a weight of 3 acts like three copies of the row', () => {
    // Values on a 0.01 grid: fewer distinct values than bins, so both fits get the same bin edges.
    const raw = xor(600, 9);
    const train = { ...raw, matrix: { ...raw.matrix, values: raw.matrix.values.map((v) => Math.round(v * 100) / 100) } };
    const validation = xor(300, 10);
    const weights = Float64Array.from({ length: 600 }, (_, i) => (i % 4 === 0 ? 3 : 1));
    const copies = Array.from({ length: 600 }, (_, i) => (i % 4 === 0 ? [i, i, i] : [i])).flat();
    const copied: LabelledSet = {
      matrix: columnMatrix([0, 1].map((c) => copies.map((i) => train.matrix.values[c * 600 + i]!))),
      labels: Uint8Array.from(copies, (i) => train.labels[i]!),
    };
    const options = { rowSubsample: 1, maxRounds: 10, seed: 4 };
    const weighted = fitGbdt({ ...train, weights }, validation, options).model;
    const repeated = fitGbdt(copied, validation, options).model;
    const margins = (model: typeof weighted) => Array.from(gbdtMargins(model, validation.matrix), (m) => m.toFixed(9));
    expect(margins(weighted)).toEqual(margins(repeated));
  });
});
