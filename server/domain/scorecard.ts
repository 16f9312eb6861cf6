import { z } from 'zod';

/** Every component a scorecard may weigh, in the order the overall score adds them. */
export const COMPONENT_KEYS = ['engagement', 'adoption', 'satisfaction', 'usage', 'value_realization'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/**
 * A scorecard: which components make the overall score and with what weights. Saved
 * versions are kept, and every stored score names the version that made it.
 */
export const scorecardSchema = z
  .object({
    profile: z.string().regex(/^[a-z0-9_-]{1,64}$/, 'profile: 1-64 of a-z, 0-9, _ and -'),
    name: z.string().min(1).max(200),
    weights: z
      .partialRecord(z.enum(COMPONENT_KEYS), z.number().gt(0).max(1))
      .refine((w) => Object.keys(w).length >= 2, 'weights: a scorecard needs at least two components')
      .refine(
        (w) => Math.abs(Object.values(w).reduce((sum, x) => sum + (x ?? 0), 0) - 1) <= 1e-6,
        'weights must sum to 1 (within 1e-6)',
      ),
    /** Features that count as advanced use: feature depth in adoption and value realisation. */
    advanced_features: z
      .array(z.string().min(1).max(100))
      .max(200)
      .refine((list) => new Set(list).size === list.length, 'advanced_features must not repeat')
      .default([]),
  })
  .strict();

/** A scorecard as a client sends it: the version is not the client's to choose. */
export type ScorecardConfig = z.infer<typeof scorecardSchema>;
/** A saved scorecard: the version is assigned by storage. */
export type Scorecard = ScorecardConfig & { version: number };

const ADVANCED_FEATURES = ['automation', 'api', 'custom_reports', 'workflows', 'sso'];

/** The health-scoring reference: engagement 40 %, adoption 40 %, satisfaction 20 %. The default. */
export const REFERENCE_SCORECARD: ScorecardConfig = {
  profile: 'reference',
  name: 'Engagement, adoption and satisfaction (40/40/20)',
  weights: { engagement: 0.4, adoption: 0.4, satisfaction: 0.2 },
  advanced_features: ADVANCED_FEATURES,
};

/** The dashboard document's breakdown: usage 30 %, engagement 25 %, satisfaction 25 %, value realisation 20 %. */
export const VALUE_SCORECARD: ScorecardConfig = {
  profile: 'dashboard',
  name: 'Usage, engagement, satisfaction and value realisation (30/25/25/20)',
  weights: { usage: 0.3, engagement: 0.25, satisfaction: 0.25, value_realization: 0.2 },
  advanced_features: ADVANCED_FEATURES,
};

export const BUILT_IN_SCORECARDS: ScorecardConfig[] = [REFERENCE_SCORECARD, VALUE_SCORECARD];
