import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../../../server/domain/ml/dataset';
import { fitGbdt } from '../../../server/domain/ml/gbdt';
import { createRandom } from '../../../server/domain/ml/random';
import { gbdtMargin, goesLeft, type GbdtModel, type RegressionTree } from '../../../server/domain/ml/tree';
import { gbdtContributions } from '../../../server/domain/ml/tree-shap';

/** Path-dependent E[f(x) | x_S]: known columns follow x, unknown ones average both branches by cover. */
function conditionalExpectation(tree: RegressionTree, x: Float64Array, known: Set<number>, node = 0): number {
  const feature = tree.feature[node]!;
  if (feature < 0) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  if (known.has(feature)) return conditionalExpectation(tree, x, known, goesLeft(tree, node, x[feature]!) ? left : right);
  return (
    (tree.cover[left]! * conditionalExpectation(tree, x, known, left) +
      tree.cover[right]! * conditionalExpectation(tree, x, known, right)) /
    tree.cover[node]!
  );
}

/** Shapley values by enumerating every subset of the other columns. */
function bruteForceShapley(model: GbdtModel, x: Float64Array): Float64Array {
  const m = x.length;
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      const known = new Set(Array.from({ length: m }, (_, j) => j).filter((j) => mask & (1 << j)));
      const size = known.size;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      const withI = new Set([...known, i]);
      for (const tree of model.trees) {
        phi[i]! += weight * (conditionalExpectation(tree, x, withI) - conditionalExpectation(tree, x, known));
      }
    }
  }
  return phi;
}

/** x0 at the root and again two levels down (the case UNWIND exists for); missing x1 goes left. */
const handTree: RegressionTree = {
  feature: [0, 1, 2, -1, 0, -1, -1, -1, -1],
  threshold: [0.5, 0.2, 0.7, 0, 0.1, 0, 0, 0, 0],
  missingLeft: [false, true, false, false, false, false, false, false, false],
  left: [1, 3, 5, -1, 7, -1, -1, -1, -1],
  right: [2, 4, 6, -1, 8, -1, -1, -1, -1],
  value: [0, 0, 0, -1.5, 0, 0.25, 2, 0.5, -0.75],
  cover: [20, 12, 8, 5, 7, 6, 2, 3, 4],
};

describe('TreeSHAP (path-dependent, Algorithm 2)', () => {
  it('on a stump: the leaf value minus the cover-weighted mean (worked by hand)', () => {
    const stump: RegressionTree = {
      feature: [0, -1, -1],
      threshold: [0.5, 0, 0],
      missingLeft: [false, false, false],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, -1, 1],
      cover: [4, 3, 1],
    };
    // E = (3·(−1) + 1·1) / 4 = −0.5; x0 = 0.7 goes right: φ0 = 1 − (−0.5) = 1.5.
    const { base, contributions } = gbdtContributions({ baseScore: 0.2, trees: [stump] }, Float64Array.of(0.7, 9));
    expect(base).toBeCloseTo(-0.3, 12);
    expect(Array.from(contributions)).toEqual([1.5, 0]);
  });

  it('equals brute-force Shapley values on a hand-built tree with a repeated column and a missing value', () => {
    const model = { baseScore: 0, trees: [handTree] };
    for (const x of [
      Float64Array.of(0.05, 0.9, 0.3),
      Float64Array.of(0.3, Number.NaN, 0.8),
      Float64Array.of(0.9, 0.1, 0.8),
      Float64Array.of(0.4, 0.5, Number.NaN),
    ]) {
      const { contributions } = gbdtContributions(model, x);
      const expected = bruteForceShapley(model, x);
      contributions.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 12));
    }
  });

  it('equals brute-force Shapley values on fitted ensembles, and sums with the base to the margin', () => {
    const random = createRandom(5);
    const n = 800;
    const columns = 4;
    const values = Float64Array.from({ length: n * columns }, () => (random.next() < 0.1 ? Number.NaN : random.next()));
    const matrix: FeatureMatrix = { rows: n, columns, values };
    const value = (c: number, r: number) => values[c * n + r]!;
    const labels = Uint8Array.from({ length: n }, (_, r) =>
      (value(0, r) > 0.5) !== (value(1, r) > 0.3) || Number.isNaN(value(2, r)) ? (random.next() < 0.8 ? 1 : 0) : random.next() < 0.2 ? 1 : 0,
    );
    const model = fitGbdt({ matrix, labels }, { matrix, labels }, { maxRounds: 6, maxDepth: 4, maxLeaves: 12, minChildWeight: 0.5, seed: 1 }).model;
    expect(model.trees.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { minLength: columns, maxLength: columns }),
        (raw) => {
          const x = Float64Array.from(raw, (v) => v ?? Number.NaN);
          const { base, contributions } = gbdtContributions(model, x);
          expect(base + contributions.reduce((sum, v) => sum + v, 0)).toBeCloseTo(gbdtMargin(model, x), 10);
          const expected = bruteForceShapley(model, x);
          contributions.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10));
        },
      ),
      { numRuns: 60 },
    );
  });
});
