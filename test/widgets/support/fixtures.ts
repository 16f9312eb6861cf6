import type { CustomerHealth, CustomerHealthUpdate, HealthStatus } from '../../../widgets/core/types';

/** A health response as GET /api/customer-success/health/{id} sends it (dashboard profile). */
export function healthResponse(overrides: Partial<CustomerHealth> = {}): CustomerHealth {
  return {
    customer_id: 'cust_acme',
    company_name: 'Acme Robotics',
    health_score: 72,
    status: 'good',
    components: { usage: 80, engagement: 65, satisfaction: 70, value_realization: 68 },
    explanation: {
      scorecard_version: 3,
      profile: 'dashboard',
      components: {
        usage: {
          score: 80,
          weight: 0.3,
          weighted: 24,
          clamped: false,
          contributions: [
            { factor: 'active_seat_ratio', label: 'Active seats', value: 0.8, points: 40, max_points: 50, capped: false },
            { factor: 'feature_breadth', label: 'Features used', value: 12, points: 40, max_points: 40, capped: true },
          ],
        },
        engagement: {
          score: 65,
          weight: 0.25,
          weighted: 16.25,
          clamped: false,
          contributions: [
            { factor: 'logins_30d', label: 'Logins in 30 days', value: 41, points: 45, max_points: 60, capped: false },
            { factor: 'days_since_login', label: 'Days since last login', value: 3, points: 20, max_points: 40, capped: false },
          ],
        },
        satisfaction: {
          score: 70,
          weight: 0.25,
          weighted: 17.5,
          clamped: false,
          contributions: [
            { factor: 'nps', label: 'NPS', value: 8, points: 80, max_points: 100, capped: false },
            { factor: 'open_tickets', label: 'Open support tickets', value: 2, points: -10, max_points: 20, capped: false },
          ],
        },
        value_realization: {
          score: 68,
          weight: 0.2,
          weighted: 13.6,
          clamped: false,
          contributions: [{ factor: 'milestones', label: 'Milestones completed', value: 0.68, points: 68, max_points: 100, capped: false }],
        },
      },
      overall: { weighted_sum: 71.35, rounded: 71 },
    },
    risk_level: 'medium',
    churn_probability: 0.22,
    churn_risk_category: 'low',
    churn_model_version: 'logit-2025-10',
    intervention_priority: 'medium',
    risk_factors: ['low_engagement'],
    scorecard_version: 3,
    last_updated: '2025-10-20T09:00:00.000Z',
    change_30d: 5,
    history: [
      {
        taken_at: '2025-09-20T09:00:00.000Z',
        health_score: 67,
        status: 'warning',
        risk_level: 'medium',
        churn_probability: 0.3,
        intervention_priority: 'medium',
        components: { usage: 74, engagement: 60, satisfaction: 66, value_realization: 65 },
      },
    ],
    ...overrides,
  };
}

export function statusOf(score: number): HealthStatus {
  return score >= 85 ? 'excellent' : score >= 70 ? 'good' : score >= 50 ? 'warning' : score >= 25 ? 'critical' : 'churn_risk';
}

/** A `customer_health_update` live event body. */
export function healthUpdate(overrides: Partial<CustomerHealthUpdate> = {}): CustomerHealthUpdate {
  const score = overrides.health_score ?? 41;
  return {
    account_id: 'cust_acme',
    company_name: 'Acme Robotics',
    health_score: score,
    previous_health_score: 72,
    status: statusOf(score),
    risk_level: 'high',
    churn_probability: 0.58,
    intervention_priority: 'high',
    risk_factors: ['declining_usage'],
    components: { usage: 40, engagement: 35, satisfaction: 50, value_realization: 40 },
    computed_at: '2025-10-21T09:00:00.000Z',
    ...overrides,
  };
}

export const HOSTILE = '<img src=x onerror=alert(1)>';
