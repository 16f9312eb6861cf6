// Plain data, no test framework: the Storybook stories import these too (stories/support/, some stories).
import type {
  ChurnModelRun,
  ChurnScoreReport,
  ChurnTrend,
  CustomerRow,
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

/** An assignee's address wider than a table's actions column, as a CSM's address often is. */
export const LONG_ADDRESS = 'aishwarya.krishnamurthy@customersuccess.example.com';

/** The style of a wrapper laid out as the demo workspace on a 1440 px screen: a widget, then a 380 px column beside it. */
export const WORKSPACE_1440 = 'box-sizing: border-box; width: 1440px; display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 16px; padding: 0 24px';

/** A token as the server mints them for `role` (the signature is the server's to check; widgets read the claims only). */
export const tokenFor = (role: string) => `e30.${btoa(JSON.stringify({ sub: `${role}-user`, role })).replace(/=+$/, '')}.signature`;

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

/** Customer `i` of a book as `GET /api/customer-success/customers` lists it: varied owners, plans, scores and open work. */
export function customerRow(i: number, overrides: Partial<CustomerRow> = {}): CustomerRow {
  const score = 15 + ((i * 37) % 85);
  const status = score >= 85 ? 'excellent' : score >= 70 ? 'good' : score >= 50 ? 'warning' : score >= 25 ? 'critical' : 'churn_risk';
  const priority = score < 25 ? 'critical' : score < 50 ? 'high' : score < 70 ? 'medium' : 'low';
  return {
    customer_id: `c-${String(i).padStart(3, '0')}`,
    company_name: `Company ${i}`,
    plan: ['standard', 'growth', 'enterprise'][i % 3] as string,
    mrr: 1000 + i,
    csm_owner: i % 2 === 0 ? 'dana@cs.example' : null,
    health_score: score,
    status,
    risk_level: priority,
    churn_probability: Math.round((1 - score / 100) * 100) / 100,
    intervention_priority: priority,
    contract_end_date: '2026-09-30',
    lifecycle_stage: (['onboarding', 'adoption', 'expansion', 'renewal'] as const)[i % 4] ?? 'onboarding',
    coverage: 0.9,
    open_interventions: i % 3,
    open_tickets: i % 2,
    last_updated: '2026-06-14T12:00:00.000Z',
    customer_since: null,
    traits: {},
    ...overrides,
  };
}
// ---- churn model runs (GET /api/churn-models) ----

const interval = (estimate: number, halfWidth: number) => ({ estimate, lower: estimate - halfWidth, upper: estimate + halfWidth });

/**
 * A score's test evidence whose curves follow TPR = FPR^k (AUC 1/(k+1)): `auc` sets k. The gains
 * curve is the ROC's through the base rate; `calibrated` adds the probability metrics.
 */
export function scoreReport(auc: number, { positives = 120, examples = 2000, calibrated = true } = {}): ChurnScoreReport {
  const k = 1 / auc - 1;
  const baseRate = positives / examples;
  const roc = Array.from({ length: 21 }, (_, i) => {
    const fpr = i / 20;
    return { falsePositiveRate: fpr, truePositiveRate: fpr ** k, threshold: i === 0 ? null : 1 - fpr };
  });
  const gains = Array.from({ length: 11 }, (_, i) => ({ share: i / 10, captured: (i / 10) ** k }));
  const topDecile = gains[1]!.captured / 0.1;
  const reliability = calibrated
    ? [0, 0.1, 0.2, 0.3, 0.5].map((lower, i) => ({ lower, meanPredicted: lower + 0.04, observedRate: lower + 0.04 + (i % 2 ? 0.02 : -0.01), count: [1400, 320, 150, 80, 50][i]! }))
    : null;
  return {
    examples,
    positives,
    baseRate,
    auc: interval(auc, 0.04),
    prAuc: interval(Math.min(1, baseRate * (1 + 6 * (auc - 0.5))), 0.03),
    topDecileLift: interval(topDecile, 0.6),
    liftCeiling: 1 / Math.max(baseRate, 0.1),
    brier: calibrated ? interval(0.048, 0.004) : null,
    brierSkill: calibrated ? interval(0.14, 0.05) : null,
    ece: calibrated ? interval(0.021, 0.008) : null,
    reliability,
    roc,
    gains,
  };
}

const slice = (examples: number, accounts: number, churners: number) => ({ examples, accounts, churners });

/** A run that succeeded: a boosted-tree model with AUC 0.82 against the three baselines. */
export function churnModelRun(overrides: Partial<ChurnModelRun> = {}): ChurnModelRun {
  const positives = overrides.metrics?.positives ?? 120;
  return {
    id: 3,
    version: 'trained-3',
    status: 'succeeded',
    error: null,
    created_at: '2026-12-01T09:00:00.000Z',
    finished_at: '2026-12-01T09:00:14.000Z',
    horizon_days: 90,
    params: { horizon_days: 90, snapshot_every_days: 14, history_days: 730, activate: 'if_better' },
    counts: { train: slice(5800, 330, 410), validation: slice(1400, 82, 98), calibration: slice(900, 380, 110), test: slice(2000, 410, positives) },
    model_family: 'gbdt',
    families: {
      logistic: { validationAuc: 0.78, validationLogLoss: 0.21, testAuc: interval(0.79, 0.04), complexity: 0.01 },
      gbdt: { validationAuc: 0.81, validationLogLoss: 0.2, testAuc: interval(0.82, 0.04), complexity: 140 },
    },
    metrics: scoreReport(0.82, { positives }),
    baselines: [
      { name: 'health_score', metrics: scoreReport(0.61, { calibrated: false }), aucDifference: { ...interval(0.21, 0.05), shareAboveB: 1 } },
      { name: 'logistic-v1', metrics: scoreReport(0.66), aucDifference: { ...interval(0.16, 0.05), shareAboveB: 0.999 } },
      { name: 'days_since_login', metrics: scoreReport(0.58, { calibrated: false }), aucDifference: { ...interval(0.24, 0.06), shareAboveB: 1 } },
    ],
    // As the server names them (server/domain/churn-features.ts): built-in codes, trends, traits.
    features: [
      { name: 'last_login_days', importance: 0.412 },
      { name: 'health_score_change_90d', importance: 0.305 },
      { name: 'trait.contract_type', importance: 0.221 },
      { name: 'nps', importance: 0.187 },
      { name: 'active_users_change_30d', importance: 0.154 },
      { name: 'escalations', importance: 0.121 },
      { name: 'payment_status', importance: 0.098 },
      { name: 'mrr', importance: 0.071 },
      { name: 'tenure_days', importance: 0.052 },
      { name: 'features_used', importance: 0.041 },
      { name: 'integrations', importance: 0.018 },
      { name: 'plan', importance: 0.009 },
    ],
    insufficient_data: false,
    holdout: 'out_of_time',
    active: true,
    ...overrides,
  };
}

/** A run whose test period held too few churn outcomes (12 of the 30 needed). */
export function insufficientRun(overrides: Partial<ChurnModelRun> = {}): ChurnModelRun {
  const metrics = scoreReport(0.7, { positives: 12, examples: 640 });
  return churnModelRun({
    id: 5,
    version: 'trained-5',
    active: false,
    insufficient_data: true,
    metrics,
    counts: { train: slice(1800, 120, 30), validation: slice(400, 30, 8), calibration: slice(300, 110, 9), test: slice(640, 130, 12) },
    ...overrides,
  });
}

/** A run still training. */
export function runningRun(overrides: Partial<ChurnModelRun> = {}): ChurnModelRun {
  return churnModelRun({
    id: 6,
    version: 'trained-6',
    status: 'running',
    created_at: ago(2 * MINUTE),
    finished_at: null,
    counts: null,
    model_family: null,
    metrics: null,
    baselines: null,
    features: null,
    insufficient_data: null,
    holdout: null,
    active: false,
    ...overrides,
  });
}

/** A run that failed for want of history. */
export function failedRun(overrides: Partial<ChurnModelRun> = {}): ChurnModelRun {
  return runningRun({
    id: 4,
    version: 'trained-4',
    status: 'failed',
    created_at: '2026-11-28T09:00:00.000Z',
    finished_at: '2026-11-28T09:00:02.000Z',
    error: 'not enough history to train: 2 snapshot instants with a closed 90-day window and 0 churn outcomes (at least 4 instants and one churn needed)',
    ...overrides,
  });
}
