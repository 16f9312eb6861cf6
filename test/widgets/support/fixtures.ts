// Plain data, no test framework: the Storybook stories import these too (stories/support/, some stories).
import type {
  ChurnTrend,
  CustomerHealth,
  CustomerHealthUpdate,
  FinanceSummary,
  HealthHistory,
  HealthHistoryStep,
  HealthStatus,
  Intervention,
  InterventionCreate,
  Kpis,
  PlaybookImpactReport,
  RecommendedAction,
  TriggerImpact,
} from '../../../widgets/core/types';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
/** The ISO time `offsetMs` from now (negative: in the past). */
export const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
/** The ISO time `ms` ago. */
export const ago = (ms: number) => iso(-ms);

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
    churn_horizon_days: null,
    churn_drivers: [],
    intervention_priority: 'medium',
    risk_factors: ['Engagement score 28'],
    coverage: 1,
    unknown_factors: [],
    scorecard_version: 3,
    last_updated: '2025-10-20T09:00:00.000Z',
    change_30d: 5,
    customer_since: '2025-01-15',
    traits: {},
    history: [
      {
        taken_at: '2025-09-20T09:00:00.000Z',
        health_score: 67,
        status: 'warning',
        risk_level: 'medium',
        churn_probability: 0.3,
        intervention_priority: 'medium',
        components: { usage: 74, engagement: 60, satisfaction: 66, value_realization: 65 },
        coverage: 1,
        scorecard_version: 3,
        backfilled: false,
      },
    ],
    recommended_actions: [],
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
    risk_factors: ['Engagement score 22'],
    components: { usage: 40, engagement: 35, satisfaction: 50, value_realization: 40 },
    coverage: 1,
    unknown_factors: [],
    computed_at: '2025-10-21T09:00:00.000Z',
    ...overrides,
  };
}

export const HOSTILE = '<img src=x onerror=alert(1)>';

/** An intervention as GET /api/interventions lists it: Acme's planned health check call, due in 3 hours. */
export function intervention(overrides: Partial<Intervention> = {}): Intervention {
  return {
    id: 'iv-1',
    account_id: 'cust_acme',
    trigger_type: 'manual',
    trigger_id: null,
    intervention_type: 'health_check_call',
    title: 'Health check call',
    description: null,
    notes: null,
    status: 'planned',
    priority: 'medium',
    outcome: 'pending',
    outcome_notes: null,
    assigned_to: 'dana@example.com',
    template_id: null,
    created_by: 'dana@example.com',
    scheduled_at: iso(3 * HOUR),
    executed_at: null,
    completed_at: null,
    email_status: null,
    email_detail: null,
    created_at: '2025-10-01T09:00:00.000Z',
    updated_at: '2025-10-01T09:00:00.000Z',
    ...overrides,
  };
}

/** The intervention POST /api/interventions answers `body` with: created now, planned, for dana@example.com. */
export function createdIntervention(body: InterventionCreate, overrides: Partial<Intervention> = {}): Intervention {
  const now = new Date().toISOString();
  return intervention({
    id: 'iv-new',
    account_id: body.account_id,
    intervention_type: body.intervention_type,
    notes: body.notes ?? null,
    priority: body.priority,
    scheduled_at: body.scheduled_at,
    created_at: now,
    updated_at: now,
    ...overrides,
  });
}

/** Customers per health status. */
export const HEALTH_COUNTS: Record<HealthStatus, number> = { excellent: 420, good: 510, warning: 180, critical: 90, churn_risk: 40 };

/** A KPI response as GET /api/customer-success/kpis sends it. */
export function kpis(overrides: Partial<Kpis> = {}): Kpis {
  return {
    overview: { total_customers: 1240, active_customers: 1180, at_risk_customers: 87, churned_customers_30d: 12 },
    health_metrics: { avg_health_score: 76.8, avg_churn_probability: 0.18, nps_score: 8.5 },
    financial_metrics: { monthly_recurring_revenue: 485000, ltv_cac_ratio: 14.7 },
    distributions: { health_status: { ...HEALTH_COUNTS }, risk_level: { low: 800, medium: 300, high: 100, critical: 40 } },
    deltas: { total_customers: 25, active_customers: -10, avg_health_score: 1.5, at_risk_customers: -3, monthly_recurring_revenue: 12000 },
    ...overrides,
  };
}

/** A finance summary as GET /api/finance/summary sends it. */
export function finance(overrides: Partial<FinanceSummary> = {}): FinanceSummary {
  return {
    mrr: 490000,
    arr: 5880000,
    arpa: 395,
    ltv: 9800,
    cac: 700,
    ltv_cac_ratio: 14,
    payback_months: 1.8,
    mom_growth: 0.025,
    customers: 1240,
    monthly_churn_rate: 0.012,
    currency: 'USD',
    ...overrides,
  };
}

/** One step of the portfolio's health history. */
export const historyStep = (at: string, counts: HealthHistoryStep['counts'], average: number | null): HealthHistoryStep => ({
  at,
  accounts: Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0),
  counts,
  average_score: average,
  low_coverage: 0,
  excluded: 0,
});

/** Three weekly steps of a 20-account portfolio getting worse, as GET /api/customer-success/health-history sends them. */
export function portfolioHistory(steps?: HealthHistoryStep[]): HealthHistory {
  return {
    from: '2026-05-04T00:00:00.000Z',
    to: '2026-05-18T00:00:00.000Z',
    every_days: 7,
    min_coverage: 0,
    steps: steps ?? [
      historyStep('2026-05-04T00:00:00.000Z', { excellent: 6, good: 8, warning: 4, critical: 2, churn_risk: 0 }, 74.5),
      historyStep('2026-05-11T00:00:00.000Z', { excellent: 5, good: 8, warning: 4, critical: 2, churn_risk: 1 }, 71.25),
      historyStep('2026-05-18T00:00:00.000Z', { excellent: 4, good: 7, warning: 5, critical: 3, churn_risk: 1 }, 66),
    ],
  };
}

/** Six months of churn as GET /api/customer-success/churn-trend sends them (3-month rolling average). */
export function trend(overrides: Partial<ChurnTrend> = {}): ChurnTrend {
  return {
    window: 3,
    months: [
      { month: '2026-03', churned: 4, customers_at_start: 200, churn_rate: 2, rolling_average: 2.2 },
      { month: '2026-04', churned: 3, customers_at_start: 210, churn_rate: 1.43, rolling_average: 1.9 },
      { month: '2026-05', churned: 6, customers_at_start: 215, churn_rate: 2.79, rolling_average: 2.07 },
      { month: '2026-06', churned: 2, customers_at_start: 220, churn_rate: 0.91, rolling_average: 1.71 },
      { month: '2026-07', churned: 3, customers_at_start: 230, churn_rate: 1.3, rolling_average: 1.67 },
      { month: '2026-08', churned: 5, customers_at_start: 240, churn_rate: 2.08, rolling_average: 1.43 },
    ],
    ...overrides,
  };
}

type ImpactGroup = TriggerImpact['treated'];

/** A group of firings: `churned` of `firings`, with its rate's interval (a rough Wald, fine for display tests). */
export function impactGroup(firings: number, churned: number, health = 0): ImpactGroup {
  const p = firings > 0 ? churned / firings : 0;
  const half = firings > 0 ? 1.96 * Math.sqrt((p * (1 - p)) / firings) : 0;
  return {
    firings,
    churned,
    churn_rate: firings > 0 ? { estimate: p, lower: Math.max(0, p - half), upper: Math.min(1, p + half) } : null,
    health_change_30d: firings > 0 ? { mean: health, n: firings } : null,
  };
}

/** A trigger's comparison: `treated` against `held` firings, `difference` the treated minus held-out rate with its interval. */
export function triggerImpact(
  overrides: Partial<TriggerImpact> & Pick<TriggerImpact, 'trigger_id' | 'trigger_name'>,
): TriggerImpact {
  return {
    intervention_type: 'health_check_call',
    holdout_percent: 20,
    treated: impactGroup(1200, 180),
    held_out: impactGroup(300, 90),
    churn_difference: { estimate: -0.15, lower: -0.2, upper: -0.1 },
    saved_arr: { estimate: 540_000, lower: 360_000, upper: 720_000 },
    insufficient_evidence: false,
    evidence_note: '1,200 treated and 300 held-out firings with a closed window',
    ...overrides,
  };
}

/**
 * A `GET /api/playbooks/impact` body: a play that halves churn, one that does nothing measurable,
 * one below the minimum counts; interim figures and manual outcomes.
 */
export function impactReport(overrides: Partial<PlaybookImpactReport> = {}): PlaybookImpactReport {
  const byTrigger = [
    triggerImpact({ trigger_id: 'trg_call', trigger_name: 'Health check call for high risk' }),
    triggerImpact({
      trigger_id: 'trg_email',
      trigger_name: 'Re-engagement email',
      intervention_type: 'automated_email',
      holdout_percent: 10,
      treated: impactGroup(900, 270),
      held_out: impactGroup(100, 31),
      churn_difference: { estimate: -0.01, lower: -0.1, upper: 0.08 },
      saved_arr: { estimate: 27_000, lower: -216_000, upper: 270_000 },
      evidence_note: '900 treated and 100 held-out firings with a closed window',
    }),
    triggerImpact({
      trigger_id: 'trg_training',
      trigger_name: 'Training after onboarding stalls',
      intervention_type: 'training_scheduled',
      holdout_percent: 10,
      treated: impactGroup(14, 2),
      held_out: impactGroup(3, 1),
      churn_difference: { estimate: -0.19, lower: -0.6, upper: 0.12 },
      saved_arr: { estimate: 80_000, lower: -50_000, upper: 250_000 },
      insufficient_evidence: true,
      evidence_note: 'Insufficient evidence: 14 treated (20 needed) and 3 held-out (10 needed) firings with a closed window',
    }),
  ];
  const byType = ({ trigger_id: _id, trigger_name: _name, holdout_percent: _holdout, ...rest }: TriggerImpact) => rest;
  return {
    window_days: 90,
    from: '2025-01-01T00:00:00.000Z',
    to: '2026-01-01T00:00:00.000Z',
    as_of: '2026-01-01T00:00:00.000Z',
    by_trigger: byTrigger,
    by_intervention_type: byTrigger.slice(0, 2).map(byType),
    interim: {
      note: 'Interim: the outcome windows of these firings are still open; churn so far, which can only rise.',
      by_trigger: [
        triggerImpact({
          trigger_id: 'trg_call',
          trigger_name: 'Health check call for high risk',
          treated: impactGroup(80, 4),
          held_out: impactGroup(20, 2),
          churn_difference: { estimate: -0.05, lower: -0.2, upper: 0.05 },
          saved_arr: { estimate: 12_000, lower: -12_000, upper: 48_000 },
          insufficient_evidence: false,
          evidence_note: '80 treated and 20 held-out firings, window still open',
        }),
      ],
      by_intervention_type: [],
    },
    manual: {
      causal_claim: false,
      note: 'Manual interventions have no control group: these are outcome rates, not effects.',
      by_type: [{ intervention_type: 'csm_outreach', ...impactGroup(60, 9), outcomes: { successful: 30, unsuccessful: 12 } }],
    },
    ...overrides,
  };
}

/** The health card's recommendations: a measured play, and the rule-based fallback. */
export const EVIDENCE_RECOMMENDATION: RecommendedAction = {
  basis: 'evidence',
  trigger_id: 'trg_call',
  intervention_type: 'health_check_call',
  title: 'Health check call',
  reason: 'Cut 90-day churn of high-risk accounts against its control group',
  evidence: { risk_level: 'high', treated: 420, held_out: 96, uplift: { estimate: 0.12, lower: 0.05, upper: 0.19 }, window_days: 90 },
};

export const RULE_RECOMMENDATION: RecommendedAction = {
  basis: 'rule',
  evidence: null,
  rule: 'medium_or_high_risk',
  intervention_type: 'health_check_call',
  title: 'Health check call',
  reason: 'Medium or high risk: a health check call',
};
