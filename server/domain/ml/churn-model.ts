import { z } from 'zod';
import { applyCalibrator, type Calibrator } from './calibration';
import { encodeExample, type EncoderSpec, type RawExample } from './encoding';
import { contributionsByFeature, topDrivers, type FeatureContribution } from './explain';
import { logisticContributions, logisticMargins, type LogisticModel } from './logistic';
import { gbdtMargin, gbdtMargins, type GbdtModel } from './tree';
import { gbdtContributions } from './tree-shap';
import type { FeatureMatrix } from './dataset';

/**
 * A trained churn model as stored: the encoder it was trained with, one model family or the average
 * of both families' log-odds, and the calibrator that turns the log-odds into "chance of churning
 * within the horizon". Plain JSON.
 */
export type ChurnModelArtifact =
  | {
      readonly family: 'logistic';
      readonly encoder: EncoderSpec;
      readonly model: LogisticModel;
      readonly calibrator: Calibrator;
    }
  | { readonly family: 'gbdt'; readonly encoder: EncoderSpec; readonly model: GbdtModel; readonly calibrator: Calibrator }
  | {
      readonly family: 'average';
      readonly encoder: EncoderSpec;
      readonly model: { readonly logistic: LogisticModel; readonly gbdt: GbdtModel };
      readonly calibrator: Calibrator;
    };

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const encoderSchema = z.object({
  features: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('numeric'), name: z.string(), median: finite, missingIndicator: z.boolean() }),
      z.object({ kind: z.literal('categorical'), name: z.string(), levels: z.array(z.string()) }),
    ]),
  ),
  columns: z.array(
    z.object({
      name: z.string(),
      feature: z.string(),
      kind: z.enum(['numeric', 'indicator']),
      impute: finite,
      mean: finite,
      scale: finite.refine((scale) => scale > 0, 'must be positive'),
    }),
  ),
});

const treeSchema = z.object({
  feature: z.array(z.number().int()),
  threshold: z.array(finite),
  missingLeft: z.array(z.boolean()),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  value: z.array(finite),
  cover: z.array(finite),
});

const logisticSchema = z.object({ intercept: finite, coefficients: z.array(finite) });
const gbdtSchema = z.object({ baseScore: finite, trees: z.array(treeSchema) });

const calibratorSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('platt'), slope: finite, intercept: finite }),
  z.object({ method: z.literal('isotonic'), margins: z.array(finite).min(1), probabilities: z.array(finite).min(1) }),
]);

/** Validates a stored artifact where it enters (from the database), so scoring can trust its shape. */
export const churnModelArtifactSchema: z.ZodType<ChurnModelArtifact> = z.discriminatedUnion('family', [
  z.object({
    family: z.literal('logistic'),
    encoder: encoderSchema,
    model: logisticSchema,
    calibrator: calibratorSchema,
  }),
  z.object({ family: z.literal('gbdt'), encoder: encoderSchema, model: gbdtSchema, calibrator: calibratorSchema }),
  z.object({
    family: z.literal('average'),
    encoder: encoderSchema,
    model: z.object({ logistic: logisticSchema, gbdt: gbdtSchema }),
    calibrator: calibratorSchema,
  }),
]);

/** Uncalibrated log-odds of every row of an encoded matrix. */
export function churnMargins(artifact: ChurnModelArtifact, matrix: FeatureMatrix): Float64Array {
  switch (artifact.family) {
    case 'logistic':
      return logisticMargins(artifact.encoder, artifact.model, matrix);
    case 'gbdt':
      return gbdtMargins(artifact.model, matrix);
    case 'average': {
      const trees = gbdtMargins(artifact.model.gbdt, matrix);
      return logisticMargins(artifact.encoder, artifact.model.logistic, matrix).map((linear, r) => (linear + trees[r]!) / 2);
    }
  }
}

/** Calibrated chance of churning within the horizon for one raw example, without explanation. */
export function scoreChurn(artifact: ChurnModelArtifact, example: RawExample): number {
  const x = encodeExample(artifact.encoder, example);
  const linear = (model: LogisticModel) => model.intercept + logisticContributions(artifact.encoder, model, x).reduce((sum, v) => sum + v, 0);
  const margin =
    artifact.family === 'logistic'
      ? linear(artifact.model)
      : artifact.family === 'gbdt'
        ? gbdtMargin(artifact.model, x)
        : (linear(artifact.model.logistic) + gbdtMargin(artifact.model.gbdt, x)) / 2;
  return applyCalibrator(artifact.calibrator, margin);
}

/** Per-column contributions to the log-odds and the base they add to. */
interface ColumnExplanation {
  readonly base: number;
  readonly contributions: Float64Array;
}

export interface ChurnExplanation {
  /** Calibrated chance of churning within the horizon. */
  readonly probability: number;
  /** The model's log-odds before calibration: base + Σ contributions. */
  readonly margin: number;
  readonly base: number;
  /** Every raw feature's contribution to the log-odds, in the encoder's feature order. */
  readonly contributions: readonly FeatureContribution[];
}

/**
 * Scores one raw example and says why: per-feature contributions to the log-odds (TreeSHAP for trees,
 * coefficient × standardised value for the linear model, the mean of both for their average) that
 * add up with `base` to the margin.
 */
export function explainChurn(artifact: ChurnModelArtifact, example: RawExample): ChurnExplanation {
  const x = encodeExample(artifact.encoder, example);
  const linear = (model: LogisticModel) => ({ base: model.intercept, contributions: logisticContributions(artifact.encoder, model, x) });
  const averaged = (a: ColumnExplanation, b: ColumnExplanation): ColumnExplanation => ({
    base: (a.base + b.base) / 2,
    contributions: a.contributions.map((value, c) => (value + b.contributions[c]!) / 2),
  });
  const { base, contributions } =
    artifact.family === 'logistic'
      ? linear(artifact.model)
      : artifact.family === 'gbdt'
        ? gbdtContributions(artifact.model, x)
        : averaged(linear(artifact.model.logistic), gbdtContributions(artifact.model.gbdt, x));
  const margin = base + contributions.reduce((sum, value) => sum + value, 0);
  return {
    probability: applyCalibrator(artifact.calibrator, margin),
    margin,
    base,
    contributions: contributionsByFeature(artifact.encoder, contributions),
  };
}

/** The five (or `count`) features that pushed this example's probability up or down most. */
export function churnDrivers(explanation: ChurnExplanation, count = 5): FeatureContribution[] {
  return topDrivers(explanation.contributions, count);
}
