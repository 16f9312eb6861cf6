import type { EncoderSpec } from './encoding';

export interface FeatureContribution {
  /** The raw feature (a one-hot level or missing flag counts towards the feature it came from). */
  readonly feature: string;
  /** Log-odds added by this feature, positive = towards churn. */
  readonly contribution: number;
}

/**
 * Sums per-column contributions back to the raw features they were encoded from, in the encoder's
 * feature order: a CSM reads "plan", not "plan=starter" and "plan=__other__".
 */
export function contributionsByFeature(spec: EncoderSpec, columnContributions: Float64Array): FeatureContribution[] {
  const byFeature = new Map<string, number>(spec.features.map((feature) => [feature.name, 0]));
  spec.columns.forEach((column, c) => byFeature.set(column.feature, byFeature.get(column.feature)! + columnContributions[c]!));
  return [...byFeature].map(([feature, contribution]) => ({ feature, contribution }));
}

/** The `count` features with the largest absolute contribution, largest first. */
export function topDrivers(contributions: readonly FeatureContribution[], count: number): FeatureContribution[] {
  return [...contributions]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.feature < b.feature ? -1 : 1))
    .slice(0, count);
}
