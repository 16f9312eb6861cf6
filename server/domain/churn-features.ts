/**
 * What the trained churn model sees of an account at an instant: its scoring inputs, their recent
 * trends, its health, its commercial state and its own traits, as one raw example. Training and
 * scoring build examples with the same function, so the model meets at scoring the features it
 * was trained on.
 */
import type { FeatureDefinition, RawExample } from './ml/encoding';
import type { AccountFactors, AccountHealth } from './scoring';

/** The account's own state as of the instant (its history row then). */
export interface AccountStateAt {
  readonly mrr: number | null;
  readonly plan: string | null;
  readonly traits: Readonly<Record<string, string | number | boolean>>;
}

/** Factors and health at one instant, for the example itself or for a trend's starting point. */
export interface ScoredFactors {
  readonly factors: AccountFactors;
  readonly health: AccountHealth;
}

/** The inputs whose movement over the trend windows says most about a slide. */
export interface TrendPoint {
  readonly health_score: number;
  readonly engagement_score: number;
  readonly active_users: number;
  readonly features_used: number;
  readonly daily_active_users: number;
}

const TRENDED = ['health_score', 'engagement_score', 'active_users', 'features_used', 'daily_active_users'] as const satisfies ReadonlyArray<keyof TrendPoint>;

/** What a trend compares: the account's factors and health at an earlier instant. */
function trendPoint({ factors, health }: ScoredFactors): TrendPoint {
  return {
    health_score: health.overall_score,
    engagement_score: health.engagement_score,
    active_users: factors.activeUsers,
    features_used: factors.featureUsageCount,
    daily_active_users: factors.dailyActiveUsers,
  };
}

/**
 * The trend windows, one definition for training and scoring: a change over a window is the
 * account's value at the instant minus its latest recorded snapshot at or before the instant less
 * the window's days (`recordedTrends` reads them, for a training instant and for now alike).
 */
export const TREND_WINDOW_DAYS = { '30d': 30, '90d': 90 } as const;

export type TrendWindow = keyof typeof TREND_WINDOW_DAYS;

const TREND_WINDOWS = Object.keys(TREND_WINDOW_DAYS) as TrendWindow[];

/** Prefix of trait features, so a host trait cannot collide with a built-in one. */
export const TRAIT_PREFIX = 'trait.';

/** The built-in features, in a fixed order: numbers as numbers (null when missing), categories as text. */
export const BASE_CHURN_FEATURES: readonly FeatureDefinition[] = [
  { name: 'last_login_days', kind: 'numeric' },
  { name: 'active_users', kind: 'numeric' },
  { name: 'total_users', kind: 'numeric' },
  { name: 'active_user_share', kind: 'numeric' },
  { name: 'features_used', kind: 'numeric' },
  { name: 'advanced_features_used', kind: 'numeric' },
  { name: 'session_minutes', kind: 'numeric' },
  { name: 'daily_active_users', kind: 'numeric' },
  { name: 'milestones_completed_share', kind: 'numeric' },
  { name: 'client_count', kind: 'numeric' },
  { name: 'integrations', kind: 'numeric' },
  { name: 'custom_fields_used', kind: 'numeric' },
  { name: 'support_rating', kind: 'numeric' },
  { name: 'open_tickets', kind: 'numeric' },
  { name: 'escalations', kind: 'numeric' },
  { name: 'response_hours', kind: 'numeric' },
  { name: 'resolution_hours', kind: 'numeric' },
  { name: 'nps', kind: 'numeric' },
  { name: 'contract_days_left', kind: 'numeric' },
  { name: 'payment_status', kind: 'categorical' },
  { name: 'tenure_days', kind: 'numeric' },
  { name: 'health_score', kind: 'numeric' },
  { name: 'engagement_score', kind: 'numeric' },
  { name: 'satisfaction_score', kind: 'numeric' },
  { name: 'adoption_score', kind: 'numeric' },
  { name: 'mrr', kind: 'numeric' },
  { name: 'plan', kind: 'categorical' },
  ...TREND_WINDOWS.flatMap((window) =>
    TRENDED.map((name): FeatureDefinition => ({ name: `${name}_change_${window}`, kind: 'numeric' })),
  ),
];

/**
 * One raw example. `trends` are the same account's recorded snapshots a window earlier (null when
 * the account did not exist yet, or nothing was recorded then): a change is "now − then". Zero
 * for a measured zero, null for unknown.
 */
export function churnExample(
  now: ScoredFactors,
  trends: Readonly<Record<TrendWindow, TrendPoint | null>>,
  state: AccountStateAt,
): RawExample {
  const { factors: f, health } = now;
  const example: Record<string, number | string | null> = {
    last_login_days: f.lastLoginDays,
    active_users: f.activeUsers,
    total_users: f.totalUsers,
    active_user_share: f.totalUsers > 0 ? f.activeUsers / f.totalUsers : null,
    features_used: f.featureUsageCount,
    advanced_features_used: f.advancedFeaturesUsed,
    session_minutes: f.sessionDuration,
    daily_active_users: f.dailyActiveUsers,
    milestones_completed_share: f.totalMilestones > 0 ? f.completedMilestones / f.totalMilestones : null,
    client_count: f.clientCount,
    integrations: f.integrationCount,
    custom_fields_used: f.customFieldsUsed,
    support_rating: f.averageSupportRating > 0 ? f.averageSupportRating : null,
    open_tickets: f.openTicketCount,
    escalations: f.escalationCount,
    response_hours: f.responseTimeHours,
    resolution_hours: f.resolutionTimeHours,
    nps: f.npsScore,
    contract_days_left: f.contractEndDays,
    payment_status: f.paymentStatus,
    tenure_days: f.tenureDays ?? null,
    health_score: health.overall_score,
    engagement_score: health.engagement_score,
    satisfaction_score: health.satisfaction_score,
    adoption_score: health.components.adoption ?? null,
    mrr: state.mrr,
    plan: state.plan,
  };
  const current = trendPoint(now);
  for (const window of TREND_WINDOWS) {
    const then = trends[window];
    for (const name of TRENDED) example[`${name}_change_${window}`] = then ? current[name] - then[name] : null;
  }
  for (const [trait, value] of Object.entries(state.traits)) {
    example[TRAIT_PREFIX + trait] = typeof value === 'boolean' ? String(value) : value;
  }
  return example;
}

/**
 * The built-in features and one per trait the examples carry: numeric when every value seen is a
 * number, categorical otherwise. Sorted by name, so the definition does not depend on row order.
 */
export function churnFeatures(examples: readonly RawExample[]): FeatureDefinition[] {
  const traits = new Map<string, boolean>();
  for (const example of examples) {
    for (const [name, value] of Object.entries(example)) {
      if (!name.startsWith(TRAIT_PREFIX) || value === null || value === undefined) continue;
      traits.set(name, (traits.get(name) ?? true) && typeof value === 'number');
    }
  }
  return [
    ...BASE_CHURN_FEATURES,
    ...[...traits].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, numeric]): FeatureDefinition => ({ name, kind: numeric ? 'numeric' : 'categorical' })),
  ];
}

/** One reason for an account's churn probability, as a CSM reads it. */
export interface ChurnDriver {
  readonly feature: string;
  /** The account's value of the feature (null when unknown). */
  readonly value: number | string | null;
  /** Log-odds added, positive = towards churn. */
  readonly contribution: number;
  /** "no login for 41 days", "plan: starter", "health score down 12 points over 30 days". */
  readonly text: string;
}

const FEATURE_WORDS: Record<string, (value: number) => string> = {
  last_login_days: (v) => `no login for ${v} days`,
  active_users: (v) => `${v} active users in 30 days`,
  total_users: (v) => `${v} seats`,
  active_user_share: (v) => `${Math.round(v * 100)} % of seats active`,
  features_used: (v) => `${v} features used in 30 days`,
  advanced_features_used: (v) => `${v} advanced features in use`,
  session_minutes: (v) => `sessions of ${v.toFixed(0)} minutes on average`,
  daily_active_users: (v) => `${v.toFixed(1)} daily active users`,
  milestones_completed_share: (v) => `${Math.round(v * 100)} % of milestones completed`,
  integrations: (v) => `${v} integrations connected`,
  open_tickets: (v) => `${v} open tickets`,
  escalations: (v) => `${v} escalations in 90 days`,
  support_rating: (v) => `support rated ${v.toFixed(1)} of 5`,
  nps: (v) => `NPS ${v.toFixed(0)}`,
  contract_days_left: (v) => (v < 0 ? `contract ended ${-v} days ago` : `contract ends in ${v} days`),
  tenure_days: (v) => `customer for ${v} days`,
  health_score: (v) => `health score ${v}`,
  mrr: (v) => `MRR ${v}`,
};

const UNKNOWN_WORDS: Record<string, string> = {
  last_login_days: 'nobody ever logged in',
  contract_days_left: 'contract: no end date',
  nps: 'no NPS answers',
  support_rating: 'no support ratings',
};

/** Words for one driver: the feature and the account's value of it. */
export function describeDriver(feature: string, raw: RawExample[string], contribution: number): ChurnDriver {
  const value = typeof raw === 'number' || typeof raw === 'string' ? raw : null;
  const trend = /^(.*)_change_(30d|90d)$/.exec(feature);
  const label = feature.startsWith(TRAIT_PREFIX) ? feature.slice(TRAIT_PREFIX.length) : feature.replaceAll('_', ' ');
  let text: string;
  if (value === null) text = UNKNOWN_WORDS[feature] ?? `${label}: unknown`;
  else if (typeof value === 'string') text = `${label}: ${value.replaceAll('_', ' ')}`;
  else if (trend) {
    const what = trend[1]!.replaceAll('_', ' ');
    const amount = Number.isInteger(value) ? Math.abs(value) : Math.abs(value).toFixed(1);
    text = value === 0 ? `${what} unchanged over ${trend[2]!.slice(0, -1)} days` : `${what} ${value > 0 ? 'up' : 'down'} ${amount} over ${trend[2]!.slice(0, -1)} days`;
  } else text = FEATURE_WORDS[feature]?.(value) ?? `${label}: ${Number.isInteger(value) ? value : value.toFixed(2)}`;
  return { feature, value, contribution, text };
}
