import { describe, expect, it } from 'vitest';
import type { LabelledSet } from '../../../server/domain/ml/dataset';
import { encodeExamples, fitEncoder, type EncoderSpec, type RawExample } from '../../../server/domain/ml/encoding';
import { fitLogistic, fitLogisticPath, logisticContributions, logisticMargins, type LogisticModel } from '../../../server/domain/ml/logistic';
import { marginLogLoss, sigmoid } from '../../../server/domain/ml/loss';
import { createRandom } from '../../../server/domain/ml/random';
import { gaussian } from './support/synthetic-churn';

function dataset(rows: RawExample[], labels: number[], weights?: number[]) {
  const spec = fitEncoder(
    Object.keys(rows[0]!).map((name) => ({ name, kind: typeof rows.find((row) => row[name] != null)?.[name] === 'string' ? 'categorical' : 'numeric' })),
    rows,
    { minCategoryCount: 1, minCategoryShare: 0 },
  );
  const set: LabelledSet = {
    matrix: encodeExamples(spec, rows),
    labels: Uint8Array.from(labels),
    ...(weights ? { weights: Float64Array.from(weights) } : {}),
  };
  return { spec, set };
}

/** ∂/∂β of Σ wᵢ·logloss + λ/2·‖β‖², computed directly on standardised columns. */
function gradient(spec: EncoderSpec, set: LabelledSet, model: LogisticModel, l2: number): number[] {
  const margins = logisticMargins(spec, model, set.matrix);
  const n = set.matrix.rows;
  const g = new Array<number>(spec.columns.length + 1).fill(0);
  for (let r = 0; r < n; r++) {
    const residual = (set.weights?.[r] ?? 1) * (sigmoid(margins[r]!) - set.labels[r]!);
    g[0]! += residual;
    spec.columns.forEach((column, c) => {
      const value = set.matrix.values[c * n + r]!;
      g[c + 1]! += (residual * ((Number.isNaN(value) ? column.impute : value) - column.mean)) / column.scale;
    });
  }
  model.coefficients.forEach((beta, c) => (g[c + 1]! += l2 * beta));
  return g;
}

describe('L2-regularised logistic regression', () => {
  it('without a penalty reproduces the group log-odds of a binary feature (worked by hand)', () => {
    // x = 0: 2 of 8 churn → logit 0.25 = −ln 3; x = 1: 6 of 8 → ln 3. Standardised x is ±1
    // (mean 0.5, sd 0.5), so the intercept is 0 and the coefficient ln 3.
    const rows = Array.from({ length: 16 }, (_, i) => ({ x: i < 8 ? 0 : 1 }));
    const labels = [1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0];
    const { spec, set } = dataset(rows, labels);
    const fit = fitLogistic(spec, set, { l2: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.model.intercept).toBeCloseTo(0, 10);
    expect(fit.model.coefficients[0]).toBeCloseTo(Math.log(3), 10);
  });

  it('solves the penalised problem exactly: the gradient vanishes with numeric, missing and categorical columns', () => {
    const random = createRandom(3);
    const rows: RawExample[] = Array.from({ length: 400 }, () => ({
      tenure: random.next() < 0.1 ? null : 100 + 50 * gaussian(random),
      mrr: Math.exp(gaussian(random) + 6),
      plan: ['starter', 'pro', 'enterprise'][random.int(3)]!,
    }));
    const labels = rows.map((row) => (random.next() < sigmoid(-1 + (row.plan === 'starter' ? 1 : 0) - (Number(row.tenure ?? 100) - 100) / 50) ? 1 : 0));
    const weights = rows.map(() => 0.5 + random.next() * 2);
    const { spec, set } = dataset(rows, labels, weights);
    for (const l2 of [0.5, 20]) {
      const fit = fitLogistic(spec, set, { l2 });
      expect(fit.converged).toBe(true);
      for (const g of gradient(spec, set, fit.model, l2)) expect(Math.abs(g)).toBeLessThan(1e-8);
    }
  });

  it('stays finite and converges on perfectly separable data thanks to the penalty', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ x: i }));
    const labels = rows.map((row) => (row.x >= 20 ? 1 : 0));
    const { spec, set } = dataset(rows, labels);
    const fit = fitLogistic(spec, set, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.model.coefficients[0])).toBe(true);
    expect(fit.model.coefficients[0]).toBeGreaterThan(1);
    for (const g of gradient(spec, set, fit.model, 1)) expect(Math.abs(g)).toBeLessThan(1e-8);
  });

  it('treats a weight of 2 as the row appearing twice', () => {
    const random = createRandom(11);
    const rows = Array.from({ length: 60 }, () => ({ x: gaussian(random), y: gaussian(random) }));
    const labels = rows.map((row) => (random.next() < sigmoid(row.x - row.y) ? 1 : 0));
    const weights = rows.map((_, i) => (i % 3 === 0 ? 2 : 1));
    const weighted = dataset(rows, labels, weights);
    const duplicatedRows = rows.flatMap((row, i) => (i % 3 === 0 ? [row, row] : [row]));
    const duplicatedLabels = labels.flatMap((y, i) => (i % 3 === 0 ? [y, y] : [y]));
    const duplicated = { matrix: encodeExamples(weighted.spec, duplicatedRows), labels: Uint8Array.from(duplicatedLabels) };
    const a = fitLogistic(weighted.spec, weighted.set, { l2: 2 }).model;
    const b = fitLogistic(weighted.spec, duplicated, { l2: 2 }).model;
    expect(a.intercept).toBeCloseTo(b.intercept, 10);
    a.coefficients.forEach((beta, j) => expect(beta).toBeCloseTo(b.coefficients[j]!, 10));
  });

  it('fits a path of strengths warm-started from each other, landing on the cold fits, and keeps the best on validation', () => {
    const random = createRandom(13);
    const make = (n: number) => {
      const rows: RawExample[] = Array.from({ length: n }, () => ({
        x: gaussian(random),
        y: random.next() < 0.2 ? null : gaussian(random),
        plan: ['a', 'b', 'c'][random.int(3)]!,
      }));
      const labels = rows.map((row) => (random.next() < sigmoid(0.8 * Number(row.x) - 1 + (row.plan === 'a' ? 0.7 : 0)) ? 1 : 0));
      return { rows, labels };
    };
    const train = make(300);
    const { spec, set } = dataset(train.rows, train.labels);
    const held = make(300);
    const validation = { matrix: encodeExamples(spec, held.rows), labels: Uint8Array.from(held.labels) };
    const strengths = [0.01, 3, 300, 30_000];
    const path = fitLogisticPath(spec, set, validation, strengths);
    const losses = strengths.map((l2) => marginLogLoss(logisticMargins(spec, fitLogistic(spec, set, { l2 }).model, validation.matrix), validation.labels));
    expect(path.l2).toBe(strengths[losses.indexOf(Math.min(...losses))]);
    const cold = fitLogistic(spec, set, { l2: path.l2 }).model;
    expect(path.model.intercept).toBeCloseTo(cold.intercept, 8);
    path.model.coefficients.forEach((beta, j) => expect(beta).toBeCloseTo(cold.coefficients[j]!, 8));
  });

  it('explains an example by coefficient × standardised value, summing with the intercept to its log-odds', () => {
    const rows: RawExample[] = [
      { x: 1, plan: 'a' },
      { x: null, plan: 'b' },
      { x: 3, plan: 'a' },
      { x: 2, plan: 'b' },
    ];
    const { spec, set } = dataset(rows, [0, 1, 1, 0]);
    const model = fitLogistic(spec, set, { l2: 1 }).model;
    const margins = logisticMargins(spec, model, set.matrix);
    for (let r = 0; r < rows.length; r++) {
      const x = Float64Array.from(spec.columns, (_, c) => set.matrix.values[c * rows.length + r]!);
      const contributions = logisticContributions(spec, model, x);
      expect(model.intercept + contributions.reduce((sum, v) => sum + v, 0)).toBeCloseTo(margins[r]!, 12);
    }
  });
});
