import type { LiveItemOptions } from './live-data';
import type { LiveStore } from './live-store';
import type { CustomerHealth, CustomerHealthUpdate, HealthStatus } from './types';

export interface HealthBand {
  status: HealthStatus;
  /** Lowest score of the band, inclusive. */
  min: number;
  /** Highest score of the band, inclusive. */
  max: number;
  /** Plain-language label: shown as text so colour is never the only signal. */
  label: string;
  /** The custom property carrying the band's colour. */
  color: string;
}

/** The five health bands of the spec, best first. Integer scores; 84.5 belongs to `good`. */
export const HEALTH_BANDS: readonly HealthBand[] = [
  { status: 'excellent', min: 85, max: 100, label: 'Excellent', color: 'var(--_rk-excellent)' },
  { status: 'good', min: 70, max: 84, label: 'Good', color: 'var(--_rk-good)' },
  { status: 'warning', min: 50, max: 69, label: 'Warning', color: 'var(--_rk-warning)' },
  { status: 'critical', min: 25, max: 49, label: 'Critical', color: 'var(--_rk-critical)' },
  { status: 'churn_risk', min: 0, max: 24, label: 'Churn risk', color: 'var(--_rk-churn-risk)' },
];

/** Clamps to 0-100; NaN becomes 0. */
export function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : 0;
}

/** The band of a 0-100 score (as the server bands it: thresholds 85/70/50/25 on the score). */
export function bandForScore(score: number): HealthBand {
  const s = clampScore(score);
  return HEALTH_BANDS.find((b) => s >= b.min) ?? (HEALTH_BANDS[HEALTH_BANDS.length - 1] as HealthBand);
}

export function bandForStatus(status: HealthStatus): HealthBand {
  return HEALTH_BANDS.find((b) => b.status === status) ?? bandForScore(0);
}

/** `value_realization` → `Value realization`. */
export function humanize(key: string): string {
  const text = key.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The input a scoring factor reads, as a sentence names it; factors not listed read usage. */
const FACTOR_INPUTS: Readonly<Record<string, string>> = {
  active_users: 'seat',
  seat_activation: 'seat',
  milestone_completion: 'adoption',
  client_portfolio: 'adoption',
  feature_depth: 'adoption',
  integrations: 'adoption',
  support_rating: 'support',
  response_time: 'support',
  nps: 'NPS',
};

/**
 * The inputs missing behind a score's `unknown_factors`, each named once in the order first met:
 * `['support_rating', 'response_time', 'nps']` → `['support', 'NPS']`.
 */
export function missingInputs(unknownFactors: readonly string[]): string[] {
  return [...new Set(unknownFactors.map((factor) => FACTOR_INPUTS[factor] ?? 'usage'))];
}

/** `['a']` → `a`, `['a', 'b']` → `a or b`, `['a', 'b', 'c']` → `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The spec's default component weights, used when a response carries no explanation. */
export const DEFAULT_COMPONENT_WEIGHTS: Readonly<Record<string, number>> = {
  usage: 0.3,
  engagement: 0.25,
  satisfaction: 0.25,
  value_realization: 0.2,
};

/**
 * A health response with a live update of the same customer laid over it: score, status, risk
 * level, churn probability, priority, risk factors and components come from the update, and the
 * 30-day change moves with the score. The explanation is dropped when the score moved (it explains
 * the old score); fields the update does not carry keep the response's values. Whether the update
 * counts at all is the live rule's to say (`LIVE_HEALTH`).
 */
export function mergeHealthUpdate(health: CustomerHealth, update: CustomerHealthUpdate): CustomerHealth {
  const moved = update.health_score - health.health_score;
  return {
    ...health,
    company_name: update.company_name,
    health_score: update.health_score,
    status: update.status,
    components: { ...health.components, ...update.components },
    explanation: moved === 0 ? health.explanation : null,
    risk_level: update.risk_level,
    churn_probability: update.churn_probability,
    intervention_priority: update.intervention_priority,
    risk_factors: update.risk_factors,
    coverage: update.coverage,
    unknown_factors: update.unknown_factors,
    last_updated: update.computed_at,
    change_30d: health.change_30d === null ? null : health.change_30d + moved,
  };
}

/** How a customer's health follows its `customer_health_update` events (`LiveItemController`). */
export const LIVE_HEALTH = {
  event: (store: LiveStore, customerId: string) => store.healthOf(customerId),
  time: (health: CustomerHealth) => health.last_updated,
  eventTime: (update: CustomerHealthUpdate) => update.computed_at,
  merge: mergeHealthUpdate,
} satisfies Partial<LiveItemOptions<CustomerHealth, CustomerHealthUpdate>>;
