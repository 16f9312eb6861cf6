import type { FeatureMatrix, LabelledSet } from './dataset';
import type { EncoderSpec } from './encoding';
import { exampleLogLoss, marginLogLoss, sigmoid } from './loss';

/**
 * L2-regularised logistic regression on standardised columns, as plain JSON: the log-odds are
 * `intercept + Σ coefficients[j] · (x̃_j − mean_j) / scale_j`, with x̃ the value after imputation and
 * mean/scale from the encoder, so one coefficient per encoder column, comparable across columns.
 */
export interface LogisticModel {
  readonly intercept: number;
  readonly coefficients: readonly number[];
}

export interface LogisticOptions {
  /** λ in Σ wᵢ·logloss + λ/2·‖β‖² (sklearn's C = 1/λ); the intercept is not penalised. */
  readonly l2: number;
  readonly maxIterations?: number;
  /** Newton stops when no coefficient moves by more than this. */
  readonly tolerance?: number;
}

export interface LogisticFit {
  readonly model: LogisticModel;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * The fitting problem in the form Newton's method works on: numeric columns standardised and dense,
 * indicator columns scaled but not centred, so they stay sparse (a row touches only its own category
 * level). Newton's method is affine invariant and the intercept absorbs the centring, so the solution
 * is the one for fully standardised columns at a fraction of the cost of a dense Hessian.
 */
export interface Design {
  readonly rows: number;
  /** Row-major, rows × denseCount. */
  readonly dense: Float64Array;
  readonly denseCount: number;
  /** Row r's non-zero sparse columns are sparseIndex[sparseStart[r] .. sparseStart[r + 1]). */
  readonly sparseStart: Uint32Array;
  readonly sparseIndex: Uint32Array;
  /** The value of sparse column s wherever it is non-zero. */
  readonly sparseValue: Float64Array;
  /** Which parameters λ applies to: one per dense column, then one per sparse column. */
  readonly penalised: Uint8Array;
}

/** Fits the model on a training set (numeric columns imputed with the encoder's medians). */
export function fitLogistic(spec: EncoderSpec, data: LabelledSet, options: LogisticOptions): LogisticFit {
  const layout = designLayout(spec);
  const fit = fitDesign(buildDesign(spec, layout, data.matrix), data.labels, data.weights, options);
  return { model: modelFromDesign(spec, layout, fit.parameters), iterations: fit.iterations, converged: fit.converged };
}

/**
 * Fits a path of L2 strengths, strongest first, each starting from the previous solution and its
 * curvature (a few gradient steps each instead of a fresh Newton run), and keeps the one with the
 * lowest validation log loss.
 */
export function fitLogisticPath(
  spec: EncoderSpec,
  train: LabelledSet,
  validation: LabelledSet,
  strengths: readonly number[],
): { model: LogisticModel; l2: number } {
  if (strengths.length === 0) throw new Error('logistic regression: at least one L2 strength is needed');
  const layout = designLayout(spec);
  const design = buildDesign(spec, layout, train.matrix);
  let best: { model: LogisticModel; l2: number; loss: number } | null = null;
  let previous: { parameters: Float64Array; curvature: Float64Array } | undefined;
  for (const l2 of [...strengths].sort((a, b) => b - a)) {
    const fit = fitDesign(design, train.labels, train.weights, {
      l2,
      start: previous?.parameters,
      curvature: previous?.curvature,
    });
    const model = modelFromDesign(spec, layout, fit.parameters);
    const loss = marginLogLoss(logisticMargins(spec, model, validation.matrix), validation.labels, validation.weights);
    if (!best || loss < best.loss) best = { model, l2, loss };
    previous = fit;
  }
  return { model: best!.model, l2: best!.l2 };
}

/** The log-odds of every row of a matrix. */
export function logisticMargins(spec: EncoderSpec, model: LogisticModel, matrix: FeatureMatrix): Float64Array {
  const n = matrix.rows;
  const margins = new Float64Array(n).fill(model.intercept);
  spec.columns.forEach((column, c) => {
    const beta = model.coefficients[c]!;
    if (beta === 0) return;
    const base = c * n;
    for (let r = 0; r < n; r++) margins[r]! += beta * standardised(matrix.values[base + r]!, column);
  });
  return margins;
}

/**
 * Per-column contributions to the log-odds of one example: coefficient × standardised value, i.e.
 * the distance from the training mean (the reference, where every standardised value is 0). They sum
 * with the intercept to the example's log-odds.
 */
export function logisticContributions(spec: EncoderSpec, model: LogisticModel, x: Float64Array): Float64Array {
  return Float64Array.from(spec.columns, (column, c) => model.coefficients[c]! * standardised(x[c]!, column));
}

function standardised(value: number, column: { impute: number; mean: number; scale: number }): number {
  return ((Number.isNaN(value) ? column.impute : value) - column.mean) / column.scale;
}

interface DesignFitOptions {
  readonly l2: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
  /** Intercept first, then one parameter per design column; the prior log-odds and zeros by default. */
  readonly start?: Float64Array | undefined;
  /** The unpenalised Hessian at `start` (or near it), if a previous fit left one. */
  readonly curvature?: Float64Array | undefined;
}

/**
 * Newton–Raphson (IRLS) with step halving on Σ wᵢ·ℓ(tᵢ, ηᵢ) + λ/2·Σ penalised β², targets tᵢ in
 * [0, 1] (soft targets serve Platt scaling). Converges on separable data because λ > 0 keeps the
 * objective strictly convex. The Hessian (n·k²/2 work against n·k for the gradient) is factorised
 * once and reused while the steps keep shrinking fast, and rebuilt when they stop doing so: the
 * gradient is always exact, so the solution is the same, at a fraction of the cost.
 */
export function fitDesign(
  design: Design,
  targets: ArrayLike<number>,
  weights: Float64Array | undefined,
  options: DesignFitOptions,
): { parameters: Float64Array; curvature: Float64Array; iterations: number; converged: boolean } {
  const { rows } = design;
  const q = 1 + design.penalised.length;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9;
  if (targets.length !== rows) throw new Error(`logistic regression: ${targets.length} targets for ${rows} rows`);
  let beta = options.start ? Float64Array.from(options.start) : priorStart(targets, weights, q);
  const margins = new Float64Array(rows);
  let objective = evaluate(design, targets, weights, beta, options.l2, margins);
  const gradient = new Float64Array(q);
  let curvature = options.curvature ?? null;
  let factor = curvature ? penalisedFactor(curvature, design.penalised, options.l2) : null;
  let previousMove = Number.POSITIVE_INFINITY;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const hessian = factor ? null : new Float64Array(q * q);
    accumulate(design, targets, weights, margins, gradient, hessian);
    for (let j = 1; j < q; j++) if (design.penalised[j - 1] === 1) gradient[j]! += options.l2 * beta[j]!;
    if (hessian) {
      curvature = hessian;
      factor = penalisedFactor(hessian, design.penalised, options.l2);
    }
    const step = choleskySolve(factor!, q, gradient);
    let scale = 1;
    let candidate = beta;
    let candidateObjective = objective;
    for (let halving = 0; halving < 50; halving++) {
      candidate = beta.map((value, j) => value - scale * step[j]!);
      candidateObjective = evaluate(design, targets, weights, candidate, options.l2, margins);
      if (candidateObjective <= objective + 1e-12 * Math.abs(objective)) break;
      scale /= 2;
    }
    const moved = step.reduce((largest, value) => Math.max(largest, Math.abs(scale * value)), 0);
    beta = candidate;
    objective = candidateObjective;
    if (moved < tolerance) return { parameters: beta, curvature: curvature!, iterations: iteration, converged: true };
    // A stale Hessian that no longer shrinks the step at least fourfold, or needed halving, is rebuilt.
    if (scale < 1 || moved > previousMove / 4) factor = null;
    previousMove = moved;
  }
  return { parameters: beta, curvature: curvature!, iterations: maxIterations, converged: false };
}

/** Starts at the weighted prior log-odds with all slopes 0: one Newton step closer than all zeros. */
function priorStart(targets: ArrayLike<number>, weights: Float64Array | undefined, q: number): Float64Array {
  let positive = 0;
  let total = 0;
  for (let r = 0; r < targets.length; r++) {
    const w = weights ? weights[r]! : 1;
    positive += w * targets[r]!;
    total += w;
  }
  const beta = new Float64Array(q);
  if (positive > 0 && positive < total) beta[0] = Math.log(positive / (total - positive));
  return beta;
}

/** Cholesky factor of the Hessian plus λ on the penalised diagonal. */
function penalisedFactor(curvature: Float64Array, penalised: Uint8Array, l2: number): Float64Array {
  const q = 1 + penalised.length;
  const hessian = Float64Array.from(curvature);
  for (let j = 1; j < q; j++) if (penalised[j - 1] === 1) hessian[j * q + j]! += l2;
  return choleskyFactor(hessian, q);
}

/** The loss gradient at the current margins, and its Hessian (upper triangle) when one is asked for. */
function accumulate(
  design: Design,
  targets: ArrayLike<number>,
  weights: Float64Array | undefined,
  margins: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array | null,
): void {
  const { rows, denseCount } = design;
  const q = gradient.length;
  const active = new Uint32Array(1 + denseCount + maxSparsePerRow(design));
  const activeValue = new Float64Array(active.length);
  gradient.fill(0);
  for (let r = 0; r < rows; r++) {
    const p = sigmoid(margins[r]!);
    const w = weights ? weights[r]! : 1;
    const g = w * (p - targets[r]!);
    const k = activeColumns(design, r, active, activeValue);
    for (let a = 0; a < k; a++) gradient[active[a]!]! += g * activeValue[a]!;
    if (!hessian) continue;
    const h = w * p * (1 - p);
    for (let a = 0; a < k; a++) {
      const hv = h * activeValue[a]!;
      const rowBase = active[a]! * q;
      for (let b = a; b < k; b++) hessian[rowBase + active[b]!]! += hv * activeValue[b]!;
    }
  }
}

/** Writes the row's non-zero design entries (intercept first) into `index`/`value`; returns how many. */
function activeColumns(design: Design, r: number, index: Uint32Array, value: Float64Array): number {
  const { denseCount } = design;
  index[0] = 0;
  value[0] = 1;
  const denseBase = r * denseCount;
  for (let d = 0; d < denseCount; d++) {
    index[1 + d] = 1 + d;
    value[1 + d] = design.dense[denseBase + d]!;
  }
  let k = 1 + denseCount;
  for (let e = design.sparseStart[r]!; e < design.sparseStart[r + 1]!; e++) {
    const s = design.sparseIndex[e]!;
    index[k] = 1 + denseCount + s;
    value[k] = design.sparseValue[s]!;
    k++;
  }
  return k;
}

/** Fills `margins` for the parameters and returns the penalised objective. */
function evaluate(
  design: Design,
  targets: ArrayLike<number>,
  weights: Float64Array | undefined,
  beta: Float64Array,
  l2: number,
  margins: Float64Array,
): number {
  const { rows, denseCount } = design;
  let objective = 0;
  for (let r = 0; r < rows; r++) {
    let eta = beta[0]!;
    const denseBase = r * denseCount;
    for (let d = 0; d < denseCount; d++) eta += beta[1 + d]! * design.dense[denseBase + d]!;
    for (let e = design.sparseStart[r]!; e < design.sparseStart[r + 1]!; e++) {
      const s = design.sparseIndex[e]!;
      eta += beta[1 + denseCount + s]! * design.sparseValue[s]!;
    }
    margins[r] = eta;
    objective += (weights ? weights[r]! : 1) * exampleLogLoss(eta, targets[r]!);
  }
  for (let j = 1; j < beta.length; j++) if (design.penalised[j - 1] === 1) objective += (l2 / 2) * beta[j]! ** 2;
  return objective;
}

/** The Cholesky factor L (A = L·Lᵀ) of a symmetric positive-definite A of which only the upper triangle is filled. */
function choleskyFactor(a: Float64Array, q: number): Float64Array {
  const l = new Float64Array(q * q);
  for (let j = 0; j < q; j++) {
    let diagonal = a[j * q + j]!;
    for (let k = 0; k < j; k++) diagonal -= l[j * q + k]! ** 2;
    if (!(diagonal > 0)) {
      throw new Error('logistic regression: the Hessian is singular (a constant or duplicated column without L2)');
    }
    const root = Math.sqrt(diagonal);
    l[j * q + j] = root;
    for (let i = j + 1; i < q; i++) {
      let sum = a[j * q + i]!;
      for (let k = 0; k < j; k++) sum -= l[i * q + k]! * l[j * q + k]!;
      l[i * q + j] = sum / root;
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b by forward and back substitution. */
function choleskySolve(l: Float64Array, q: number, b: Float64Array): Float64Array {
  const y = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * q + k]! * y[k]!;
    y[i] = sum / l[i * q + i]!;
  }
  const x = new Float64Array(q);
  for (let i = q - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < q; k++) sum -= l[k * q + i]! * x[k]!;
    x[i] = sum / l[i * q + i]!;
  }
  return x;
}

function maxSparsePerRow(design: Design): number {
  let largest = 0;
  for (let r = 0; r < design.rows; r++) largest = Math.max(largest, design.sparseStart[r + 1]! - design.sparseStart[r]!);
  return largest;
}

/** Where each encoder column sits in the design: dense position for numeric, sparse for indicators. */
interface DesignLayout {
  readonly dense: readonly number[];
  readonly sparse: readonly number[];
}

function designLayout(spec: EncoderSpec): DesignLayout {
  const dense: number[] = [];
  const sparse: number[] = [];
  spec.columns.forEach((column, c) => (column.kind === 'numeric' ? dense : sparse).push(c));
  return { dense, sparse };
}

function buildDesign(spec: EncoderSpec, layout: DesignLayout, matrix: FeatureMatrix): Design {
  const n = matrix.rows;
  const denseCount = layout.dense.length;
  const dense = new Float64Array(n * denseCount);
  layout.dense.forEach((c, d) => {
    const column = spec.columns[c]!;
    const base = c * n;
    for (let r = 0; r < n; r++) dense[r * denseCount + d] = standardised(matrix.values[base + r]!, column);
  });
  const sparseStart = new Uint32Array(n + 1);
  for (const c of layout.sparse) {
    const base = c * n;
    for (let r = 0; r < n; r++) if (matrix.values[base + r] !== 0) sparseStart[r + 1]!++;
  }
  for (let r = 0; r < n; r++) sparseStart[r + 1]! += sparseStart[r]!;
  const sparseIndex = new Uint32Array(sparseStart[n]!);
  const fill = sparseStart.slice(0, n);
  layout.sparse.forEach((c, s) => {
    const base = c * n;
    for (let r = 0; r < n; r++) if (matrix.values[base + r] !== 0) sparseIndex[fill[r]!++] = s;
  });
  const sparseValue = Float64Array.from(layout.sparse, (c) => 1 / spec.columns[c]!.scale);
  const penalised = new Uint8Array(denseCount + layout.sparse.length).fill(1);
  return { rows: n, dense, denseCount, sparseStart, sparseIndex, sparseValue, penalised };
}

/**
 * Back from design parameters to standardised coefficients: the same slopes, and an intercept that
 * takes up the centring the sparse columns skipped (β·(x − m)/s = β·x/s − β·m/s).
 */
function modelFromDesign(spec: EncoderSpec, layout: DesignLayout, parameters: Float64Array): LogisticModel {
  const coefficients = new Array<number>(spec.columns.length).fill(0);
  layout.dense.forEach((c, d) => (coefficients[c] = parameters[1 + d]!));
  let intercept = parameters[0]!;
  layout.sparse.forEach((c, s) => {
    const beta = parameters[1 + layout.dense.length + s]!;
    coefficients[c] = beta;
    const column = spec.columns[c]!;
    intercept += (beta * column.mean) / column.scale;
  });
  return { intercept, coefficients };
}
