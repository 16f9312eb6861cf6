import { describe, it, expect } from 'vitest';
import {
  BUILT_IN_SCORECARDS,
  COMPONENT_KEYS,
  REFERENCE_SCORECARD,
  VALUE_SCORECARD,
  scorecardSchema,
} from '../../server/domain/scorecard';

/** The issues of a rejected config, as [path, message] pairs. */
function rejection(config: unknown): Array<{ path: PropertyKey[]; message: string }> {
  const result = scorecardSchema.safeParse(config);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
}

const fieldsOf = (config: unknown) => rejection(config).map((issue) => issue.path[0]);

describe('built-in scorecards', () => {
  it.each(BUILT_IN_SCORECARDS.map((card) => [card.profile, card] as const))('%s is valid as it stands', (_, card) => {
    expect(scorecardSchema.parse(card)).toEqual(card);
  });

  it('the reference profile is 40/40/20 engagement, adoption, satisfaction', () => {
    expect(REFERENCE_SCORECARD.profile).toBe('reference');
    expect(REFERENCE_SCORECARD.weights).toEqual({ engagement: 0.4, adoption: 0.4, satisfaction: 0.2 });
  });

  it('the dashboard profile is 30/25/25/20 usage, engagement, satisfaction, value realisation', () => {
    expect(VALUE_SCORECARD.profile).toBe('dashboard');
    expect(VALUE_SCORECARD.weights).toEqual({ usage: 0.3, engagement: 0.25, satisfaction: 0.25, value_realization: 0.2 });
  });

  it('both share the advanced features and are listed, reference first', () => {
    expect(REFERENCE_SCORECARD.advanced_features.length).toBeGreaterThan(0);
    expect(VALUE_SCORECARD.advanced_features).toEqual(REFERENCE_SCORECARD.advanced_features);
    expect(BUILT_IN_SCORECARDS).toEqual([REFERENCE_SCORECARD, VALUE_SCORECARD]);
  });

  it('every built-in component is a known component', () => {
    for (const card of BUILT_IN_SCORECARDS) {
      for (const key of Object.keys(card.weights)) expect(COMPONENT_KEYS).toContain(key);
    }
  });
});

describe('scorecardSchema', () => {
  const valid = { profile: 'custom_1', name: 'Custom', weights: { engagement: 0.5, adoption: 0.5 } };

  it('accepts a minimal scorecard and defaults advanced_features to none', () => {
    expect(scorecardSchema.parse(valid)).toEqual({ ...valid, advanced_features: [] });
  });

  it('accepts weights that sum to 1 within floating-point error (1e-6)', () => {
    const weights = { engagement: 0.1, adoption: 0.2, satisfaction: 0.7 };
    expect(scorecardSchema.safeParse({ ...valid, weights }).success).toBe(true);
    expect(scorecardSchema.safeParse({ ...valid, weights: { engagement: 0.5, adoption: 0.5000005 } }).success).toBe(true);
  });

  it('rejects weights that do not sum to 1, naming weights', () => {
    const issues = rejection({ ...valid, weights: { usage: 0.5, engagement: 0.1 } });
    expect(issues).toEqual([{ path: ['weights'], message: expect.stringContaining('weights must sum to 1') }]);
    expect(fieldsOf({ ...valid, weights: { engagement: 0.5, adoption: 0.500002 } })).toEqual(['weights']);
  });

  it('rejects an unknown component, naming weights', () => {
    const issues = rejection({ ...valid, weights: { engagement: 0.5, loyalty: 0.5 } });
    expect(issues.map((i) => i.path[0])).toContain('weights');
    expect(issues.some((i) => i.message.includes('loyalty'))).toBe(true);
  });

  it('rejects a single component, naming weights', () => {
    expect(rejection({ ...valid, weights: { engagement: 1 } })).toEqual([
      { path: ['weights'], message: expect.stringContaining('at least two components') },
    ]);
  });

  it.each([0, -0.1, 1.5])('rejects a weight of %s, naming weights', (weight) => {
    expect(rejection({ ...valid, weights: { engagement: weight, adoption: 1 - weight } })[0]?.path).toEqual([
      'weights',
      'engagement',
    ]);
  });

  it('rejects duplicate advanced features, naming advanced_features', () => {
    expect(rejection({ ...valid, advanced_features: ['api', 'sso', 'api'] })).toEqual([
      { path: ['advanced_features'], message: expect.stringContaining('must not repeat') },
    ]);
  });

  it.each(['', 'Reference', 'has space', 'dash!', 'a'.repeat(65)])('rejects the profile %j, naming profile', (profile) => {
    expect(fieldsOf({ ...valid, profile })).toEqual(['profile']);
  });

  it('accepts a 64-character profile of a-z, 0-9, _ and -', () => {
    expect(scorecardSchema.safeParse({ ...valid, profile: 'a-1_'.repeat(16) }).success).toBe(true);
  });

  it('rejects an empty name, naming name', () => {
    expect(fieldsOf({ ...valid, name: '' })).toEqual(['name']);
  });

  it('rejects a version from the client: storage assigns it', () => {
    expect(rejection({ ...valid, version: 7 })).toEqual([{ path: [], message: expect.stringContaining('version') }]);
  });
});
