import { msg, str } from '@lit/localize';
import type { LiveItemOptions } from './live-data';
import type { LiveStore } from './live-store';
import type { CustomerHealth, CustomerHealthUpdate, HealthStatus } from './types';

export interface HealthBand {
  status: HealthStatus;
  /** Lowest score of the band, inclusive. */
  min: number;
  /** Highest score of the band, inclusive. */
  max: number;
  /** Plain-language label, in the updating element's language: shown as text so colour is never the only signal. */
  readonly label: string;
  /** The custom property carrying the band's colour. */
  color: string;
}

/** The five health bands of the spec, best first. Integer scores; 84.5 belongs to `good`. */
export const HEALTH_BANDS: readonly HealthBand[] = [
  { status: 'excellent', min: 85, max: 100, get label() { return msg('Excellent'); }, color: 'var(--_rk-excellent)' },
  { status: 'good', min: 70, max: 84, get label() { return msg('Good'); }, color: 'var(--_rk-good)' },
  { status: 'warning', min: 50, max: 69, get label() { return msg('Warning'); }, color: 'var(--_rk-warning)' },
  { status: 'critical', min: 25, max: 49, get label() { return msg('Critical'); }, color: 'var(--_rk-critical)' },
  { status: 'churn_risk', min: 0, max: 24, get label() { return msg('Churn risk'); }, color: 'var(--_rk-churn-risk)' },
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

/**
 * A word the server sends (a risk level, priority, intervention status or outcome, a score
 * component, a lifecycle stage, a payment, ticket or alert status), in the updating element's
 * language; a word not known here is humanized.
 */
export function valueLabel(key: string): string {
  switch (key) {
    case 'low': return msg('Low');
    case 'medium': return msg('Medium');
    case 'high': return msg('High');
    case 'critical': return msg('Critical');
    case 'planned': return msg('Planned');
    case 'executed': return msg('Executed');
    case 'responded': return msg('Responded');
    case 'completed': return msg('Completed');
    case 'cancelled': return msg('Cancelled');
    case 'successful': return msg('Successful');
    case 'partially_successful': return msg('Partially successful');
    case 'unsuccessful': return msg('Unsuccessful');
    case 'usage': return msg('Usage');
    case 'engagement': return msg('Engagement');
    case 'satisfaction': return msg('Satisfaction');
    case 'value_realization': return msg('Value realization');
    case 'onboarding': return msg('Onboarding');
    case 'adoption': return msg('Adoption');
    case 'expansion': return msg('Expansion');
    case 'renewal': return msg('Renewal');
    case 'churned': return msg('Churned');
    case 'current': return msg('Current', { desc: 'A payment status: paid up.' });
    case 'overdue': return msg('Overdue');
    case 'failed': return msg('Failed');
    case 'open': return msg('Open');
    case 'in_progress': return msg('In progress');
    case 'resolved': return msg('Resolved');
    case 'closed': return msg('Closed');
    case 'acknowledged': return msg('Acknowledged');
    default: return humanize(key);
  }
}

/** The input a scoring factor reads, as a sentence names it; factors not listed read usage. */
const FACTOR_INPUTS: Readonly<Record<string, () => string>> = {
  active_users: () => msg('seat'),
  seat_activation: () => msg('seat'),
  milestone_completion: () => msg('adoption'),
  client_portfolio: () => msg('adoption'),
  feature_depth: () => msg('adoption'),
  integrations: () => msg('adoption'),
  support_rating: () => msg('support'),
  response_time: () => msg('support'),
  nps: () => msg('NPS'),
};

/**
 * The inputs missing behind a score's `unknown_factors`, each named once in the order first met:
 * `['support_rating', 'response_time', 'nps']` → `['support', 'NPS']`.
 */
export function missingInputs(unknownFactors: readonly string[]): string[] {
  return [...new Set(unknownFactors.map((factor) => FACTOR_INPUTS[factor]?.() ?? msg('usage')))];
}

/** `['a']` → `a`, `['a', 'b']` → `a or b`, `['a', 'b', 'c']` → `a, b or c`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  const head = items.slice(0, -1).join(msg(', ', { desc: 'Between items of a list, before the last.' }));
  const last = items[items.length - 1];
  return msg(str`${head} or ${last}`);
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
    risk_factor_details: update.risk_factor_details,
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
