import type { Interval, PairedComparison } from './bootstrap';
import { chooseCalibrator, applyCalibrator, type CalibrationChoice } from './calibration';
import { churnMargins, explainChurn, type ChurnModelArtifact } from './churn-model';
import type { LabelledSet } from './dataset';
import { encodeExamples, fitEncoder, type EncoderOptions, type EncoderSpec, type FeatureDefinition } from './encoding';
import { evaluateScores, type ScoreReport } from './evaluation';
import { fitGbdt, type GbdtOptions } from './gbdt';
import { fitLogisticPath } from './logistic';
import { exampleLogLoss, marginLogLoss } from './loss';
import { rankScores, rocAuc } from './metrics';
import { createRandom } from './random';
import { selectRows, type ExampleSlice } from './split';

/** The examples, cut by time by the caller: each step below sees only the slice it may use. */
export interface ChurnTrainingData {
  readonly features: readonly FeatureDefinition[];
  /** Fits the encoder and both model families. */
  readonly train: ExampleSlice;
  /** Chooses λ, the number of trees and the family. */
  readonly validation: ExampleSlice;
  /** The most recent closed window before the test: fits and chooses the calibrator. */
  readonly calibration: ExampleSlice;
  /** The latest closed windows: evidence only, never seen by a fit or a choice. */
  readonly test: ExampleSlice;
  /** Other scores of the same test examples (same order), measured the same way. */
  readonly baselines?: readonly Baseline[];
}

export interface Baseline {
  readonly name: string;
  readonly scores: ArrayLike<number>;
  /** A "ranking" (100 − health score, days since login) gets no Brier or calibration figures. */
  readonly kind: 'probability' | 'ranking';
}

export interface ChurnTrainingOptions {
  readonly seed?: number;
  /**
   * Keep every churner and sample retained examples so the training set has at most this many,
   * weighting the sampled ones up by 1 / rate: the fit sees the original base rate, at a fraction of
   * the time (churners are few, and they carry most of the information).
   */
  readonly maxTrainingExamples?: number;
  /** L2 strengths for the linear model, per unit of training weight, tried strongest first. */
  readonly l2PerExample?: readonly number[];
  readonly encoder?: EncoderOptions;
  /** Settings for every boosted-trees fit (seed, rounds, …), under each grid point's own. */
  readonly gbdt?: GbdtOptions;
  /**
   * The boosted trees' shapes tried, one fit each with early stopping; the one with the lowest
   * validation log loss is kept (the criterion that stops each fit, picks λ and then the family).
   */
  readonly gbdtGrid?: readonly GbdtOptions[];
  /** Bootstrap resamples for every interval (1,000). */
  readonly resamples?: number;
  /** Fewer churned test examples than this, and the run says insufficient_data (30). */
  readonly minTestPositives?: number;
  /** Test examples explained for feature importance (a seeded sample). */
  readonly importanceSample?: number;
  /** Called as each stage starts (for a progress bar, or a benchmark's clock). */
  readonly onStage?: (stage: TrainingStage) => void;
}

export type TrainingStage = 'encoding' | 'logistic' | 'gbdt' | 'calibration' | 'evaluation' | 'importance';

export interface SliceCounts {
  readonly examples: number;
  readonly accounts: number;
  readonly churners: number;
}

export interface FamilyResult {
  readonly validationAuc: number;
  readonly validationLogLoss: number;
  /** Test AUC of the family's own ranking, for the comparison; the choice never looks at it. */
  readonly testAuc: Interval;
  /** λ for the linear model; the number of trees kept for the boosted trees. */
  readonly complexity: number;
}

export interface ChurnTrainingResult {
  readonly artifact: ChurnModelArtifact;
  readonly families: { readonly logistic: FamilyResult; readonly gbdt: FamilyResult };
  readonly calibration: CalibrationChoice['heldOutLogLoss'];
  /** The chosen, calibrated model on the test examples. */
  readonly metrics: ScoreReport;
  readonly baselines: readonly {
    readonly name: string;
    readonly metrics: ScoreReport;
    /** Model AUC − baseline AUC, paired over the same resamples. */
    readonly aucDifference: PairedComparison;
  }[];
  readonly counts: {
    readonly train: SliceCounts;
    readonly validation: SliceCounts;
    readonly calibration: SliceCounts;
    readonly test: SliceCounts;
  };
  readonly insufficientData: boolean;
  /** Mean absolute contribution to the log-odds per raw feature on test examples, largest first. */
  readonly importance: readonly { readonly feature: string; readonly importance: number }[];
}

const DEFAULTS = {
  seed: 1,
  maxTrainingExamples: 100_000,
  l2PerExample: [1e-1, 1e-2, 1e-3, 1e-4, 1e-5],
  // Shallow trees at a small learning rate, each leaf holding at least 0.5 % of the training
  // Hessian: an account is seen at every snapshot instant, so deep trees with small leaves
  // memorise accounts (the old 31 leaves, depth 6, learning rate 0.1 stopped at 9-12 trees).
  gbdtGrid: [
    { maxDepth: 2, maxLeaves: 4, minChildShare: 0.005 },
    { maxDepth: 3, maxLeaves: 8, minChildShare: 0.005 },
    { maxDepth: 5, maxLeaves: 16, minChildShare: 0.005 },
  ] as readonly GbdtOptions[],
  resamples: 1000,
  minTestPositives: 30,
  importanceSample: 1000,
};

/**
 * Trains both model families on the training slice, keeps their average unless one is clearly better
 * on the validation slice (`chooseModel`), calibrates it on the calibration slice and measures it,
 * each family alone and the baselines on the test slice with bootstrap intervals by account. Pure:
 * no clock, no I/O, seeded randomness only.
 */
export function trainChurnModel(data: ChurnTrainingData, options: ChurnTrainingOptions = {}): ChurnTrainingResult {
  const settings = { ...DEFAULTS, ...options };
  const seeds = createRandom(settings.seed);
  const nextSeed = () => seeds.int(2 ** 31);
  const stage = settings.onStage ?? (() => {});
  stage('encoding');
  const encoder = fitEncoder(data.features, data.train.examples, settings.encoder);
  const train = labelled(encoder, downsampleRetained(data.train, settings.maxTrainingExamples, nextSeed()));
  const validation = labelled(encoder, data.validation);
  const calibration = labelled(encoder, data.calibration);
  const test = labelled(encoder, data.test);

  stage('logistic');
  const trainingWeight = train.weights ? train.weights.reduce((sum, w) => sum + w, 0) : train.labels.length;
  const logistic = fitLogisticPath(
    encoder,
    train,
    validation,
    settings.l2PerExample.map((perExample) => perExample * trainingWeight),
  );
  const candidate = (artifact: ChurnModelArtifact): Candidate => {
    const margins = churnMargins(artifact, validation.matrix);
    return { artifact, margins, validationAuc: auc(margins, validation.labels), validationLogLoss: marginLogLoss(margins, validation.labels) };
  };
  const logisticCandidate = candidate({ family: 'logistic', encoder, model: logistic.model, calibrator: identity });
  stage('gbdt');
  const gbdtSeed = nextSeed();
  const [gbdtCandidate, gbdt] = settings.gbdtGrid
    .map((shape) => {
      const fit = fitGbdt(train, validation, { seed: gbdtSeed, ...settings.gbdt, ...shape });
      return [candidate({ family: 'gbdt', encoder, model: fit.model, calibrator: identity }), fit] as const;
    })
    .reduce((best, next) => (next[0].validationLogLoss < best[0].validationLogLoss ? next : best));
  const averageCandidate = candidate({ family: 'average', encoder, model: { logistic: logistic.model, gbdt: gbdt.model }, calibrator: identity });
  const chosen = chooseModel([logisticCandidate, gbdtCandidate], averageCandidate, validation.labels, data.validation.groups);

  stage('calibration');
  const calibrationChoice = chooseCalibrator(churnMargins(chosen.artifact, calibration.matrix), calibration.labels, {
    seed: nextSeed(),
    groups: data.calibration.groups,
  });
  const artifact = { ...chosen.artifact, calibrator: calibrationChoice.calibrator };
  stage('evaluation');
  const probabilities = churnMargins(artifact, test.matrix).map((margin) => applyCalibrator(artifact.calibrator, margin));
  const baselines = data.baselines ?? [];
  // One bootstrap for everything measured on the test slice: same resamples, comparable intervals.
  const evaluation = evaluateScores(
    [
      { scores: probabilities, kind: 'probability' },
      { scores: churnMargins(logisticCandidate.artifact, test.matrix), kind: 'ranking' },
      { scores: churnMargins(gbdtCandidate.artifact, test.matrix), kind: 'ranking' },
      ...baselines,
    ],
    test.labels,
    { resamples: settings.resamples, seed: nextSeed(), groups: data.test.groups },
  );
  const [metrics, logisticTest, gbdtTest] = evaluation.reports as [ScoreReport, ScoreReport, ScoreReport];
  const familyResult = (family: Candidate, report: ScoreReport, complexity: number): FamilyResult => ({
    validationAuc: family.validationAuc,
    validationLogLoss: family.validationLogLoss,
    testAuc: report.auc,
    complexity,
  });
  stage('importance');
  const featureImportance = importance(artifact, data.test, settings.importanceSample, nextSeed());
  return {
    artifact,
    families: {
      logistic: familyResult(logisticCandidate, logisticTest, logistic.l2),
      gbdt: familyResult(gbdtCandidate, gbdtTest, gbdt.bestRound),
    },
    calibration: calibrationChoice.heldOutLogLoss,
    metrics,
    baselines: baselines.map((baseline, j) => ({
      name: baseline.name,
      metrics: evaluation.reports[3 + j]!,
      aucDifference: evaluation.aucDifference(0, 3 + j),
    })),
    counts: {
      train: sliceCounts(data.train),
      validation: sliceCounts(data.validation),
      calibration: sliceCounts(data.calibration),
      test: sliceCounts(data.test),
    },
    insufficientData: metrics.positives < settings.minTestPositives,
    importance: featureImportance,
  };
}

interface Candidate {
  readonly artifact: ChurnModelArtifact;
  /** Log-odds of the validation examples. */
  readonly margins: Float64Array;
  readonly validationAuc: number;
  readonly validationLogLoss: number;
}

/**
 * The average of both families' log-odds, unless one family alone has a lower validation log loss
 * by more than one standard error of the difference (accounts as clusters): averaging two fair
 * models of different kinds ranks better than either on fresh data (docs/churn-model.md), and a
 * single family wins only where the other is clearly worse (a linear model blind to an
 * interaction), not by the noise of a few hundred validation churners.
 */
function chooseModel(families: readonly Candidate[], average: Candidate, labels: Uint8Array, groups: readonly string[]): Candidate {
  const best = families.reduce((a, b) => (b.validationLogLoss < a.validationLogLoss ? b : a));
  if (best.validationLogLoss >= average.validationLogLoss) return average;
  const { mean, standardError } = pairedLossDifference(average.margins, best.margins, labels, groups);
  return mean > standardError ? best : average;
}

/** Mean per-example log loss of `a` minus that of `b`, with its standard error over accounts. */
function pairedLossDifference(a: Float64Array, b: Float64Array, labels: Uint8Array, groups: readonly string[]): { mean: number; standardError: number } {
  const byAccount = new Map<string, { difference: number; examples: number }>();
  for (let i = 0; i < labels.length; i++) {
    const total = byAccount.get(groups[i]!) ?? { difference: 0, examples: 0 };
    total.difference += exampleLogLoss(a[i]!, labels[i]!) - exampleLogLoss(b[i]!, labels[i]!);
    total.examples += 1;
    byAccount.set(groups[i]!, total);
  }
  const mean = [...byAccount.values()].reduce((sum, t) => sum + t.difference, 0) / labels.length;
  const k = byAccount.size;
  const spread = [...byAccount.values()].reduce((sum, t) => sum + (t.difference - mean * t.examples) ** 2, 0);
  return { mean, standardError: k > 1 ? Math.sqrt((k / (k - 1)) * spread) / labels.length : Infinity };
}

/** Stands in while the families are compared: the ranking is all validation AUC looks at. */
const identity = { method: 'platt', slope: 1, intercept: 0 } as const;

function labelled(encoder: EncoderSpec, slice: ExampleSlice): LabelledSet {
  return {
    matrix: encodeExamples(encoder, slice.examples),
    labels: slice.labels,
    ...(slice.weights ? { weights: slice.weights } : {}),
  };
}

/** Every churner, and retained examples at the rate that fits the budget, weighted by 1 / rate. */
function downsampleRetained(slice: ExampleSlice, budget: number, seed: number): ExampleSlice {
  const churners = slice.labels.reduce((sum, y) => sum + y, 0);
  const retained = slice.labels.length - churners;
  const rate = Math.min(1, Math.max(0, budget - churners) / retained);
  if (rate >= 1) return slice;
  if (rate <= 0) throw new Error(`maxTrainingExamples ${budget} leaves no room for retained examples next to ${churners} churners`);
  const random = createRandom(seed);
  const keep: number[] = [];
  slice.labels.forEach((y, i) => {
    if (y === 1 || random.next() < rate) keep.push(i);
  });
  const kept = selectRows(slice, keep);
  const weights = Float64Array.from(keep, (i, k) => (slice.weights?.[i] ?? 1) * (kept.labels[k] === 1 ? 1 : 1 / rate));
  return { ...kept, weights };
}

function auc(margins: Float64Array, labels: Uint8Array): number {
  return rocAuc(rankScores(margins, labels));
}

function sliceCounts(slice: ExampleSlice): SliceCounts {
  return {
    examples: slice.labels.length,
    accounts: new Set(slice.groups).size,
    churners: slice.labels.reduce((sum, y) => sum + y, 0),
  };
}

function importance(
  artifact: ChurnModelArtifact,
  test: ExampleSlice,
  sampleSize: number,
  seed: number,
): { feature: string; importance: number }[] {
  const random = createRandom(seed);
  const n = test.examples.length;
  const rows = n <= sampleSize ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: sampleSize }, () => random.int(n));
  const totals = new Map<string, number>(artifact.encoder.features.map((feature) => [feature.name, 0]));
  for (const row of rows) {
    for (const { feature, contribution } of explainChurn(artifact, test.examples[row]!).contributions) {
      totals.set(feature, totals.get(feature)! + Math.abs(contribution) / rows.length);
    }
  }
  return [...totals]
    .map(([feature, importance]) => ({ feature, importance }))
    .sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
}
