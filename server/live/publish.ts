import type { HealthChange } from '../services/rescore';
import type { LiveEventInput } from './events';
import type { HealthStatus, Priority, RiskLevel } from '../domain/scoring';

/** One `customer_health_update` per changed account, carrying what a widget shows. */
export function healthUpdateEvents(changes: readonly HealthChange[], computedAt: Date): LiveEventInput[] {
  return changes.map((change) => ({
    type: 'customer_health_update',
    accountId: change.account_id,
    data: {
      account_id: change.account_id,
      company_name: change.company_name,
      health_score: change.current.overall_score,
      previous_health_score: change.previous?.overall_score ?? null,
      status: change.current.status as HealthStatus,
      risk_level: change.current.risk_level as RiskLevel,
      churn_probability: change.current.churn_probability,
      intervention_priority: change.current.priority as Priority,
      risk_factors: change.current.risk_factors,
      components: change.current.components,
      computed_at: computedAt.toISOString(),
    },
  }));
}
