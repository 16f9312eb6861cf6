/**
 * The REST bodies of the retention-kit server, snake_case as on the wire: what the routes answer
 * (and take) and the widgets' ApiClient reads (and sends). Kept apart from the live events so that
 * this file alone can be replaced by types generated from the OpenAPI document.
 */
import type { HealthStatus, InterventionOutcome, InterventionStatus, InterventionType, Priority, RiskLevel } from './vocabulary';

// ---- GET /api/customer-success/health/{id} ----

export interface FactorContribution {
  factor: string;
  label: string;
  /** The input the points came from (a ratio for rates); null when there was none. */
  value: number | null;
  /** Signed: what the factor added or took away. */
  points: number;
  /** The most the factor can add (or, for a penalty, take away). */
  max_points: number;
  /** A cap held this factor's points down. */
  capped: boolean;
}

export interface ComponentExplanation {
  score: number;
  weight: number;
  /** score × weight */
  weighted: number;
  /** The 0-100 clamp changed the sum of the contributions. */
  clamped: boolean;
  contributions: FactorContribution[];
}

export interface HealthExplanation {
  scorecard_version: number;
  profile: string;
  components: Record<string, ComponentExplanation | undefined>;
  overall: { weighted_sum: number; rounded: number };
}

export interface HealthSnapshot {
  taken_at: string;
  health_score: number;
  status: HealthStatus;
  risk_level: RiskLevel;
  churn_probability: number | null;
  intervention_priority: Priority;
  components: Record<string, number>;
  /** The scorecard version that made the snapshot. */
  scorecard_version: number;
  /** Computed afterwards, as of `taken_at`, by a backfill. */
  backfilled: boolean;
}

export interface CustomerHealth {
  customer_id: string;
  company_name: string;
  /** For a churned account: its last score before the churn. */
  health_score: number;
  status: HealthStatus | 'churned';
  /** Only for a churned account. */
  churned_at?: string;
  /** Component scores 0-100; the keys depend on the scorecard. */
  components: Record<string, number>;
  explanation: HealthExplanation | null;
  risk_level: RiskLevel;
  churn_probability: number | null;
  churn_risk_category: RiskLevel | null;
  churn_model_version: string | null;
  intervention_priority: Priority;
  risk_factors: string[];
  scorecard_version: number;
  /** When the score was computed: orders this body against live updates of the account. */
  last_updated: string;
  /** Score now minus the score 30 days ago. */
  change_30d: number | null;
  /** When the customer relationship began (the host's date, else the day of its first event). */
  customer_since: string | null;
  /** The host's own attributes of the customer. */
  traits: Record<string, string | number | boolean>;
  /** Snapshots of the last `history_days` (default 90; up to the churn for a churned account), oldest first. */
  history: HealthSnapshot[];
}

// ---- Reports: GET /api/customer-success/{kpis,at-risk,customers,churn-trend}, GET /api/finance/summary ----

export interface Kpis {
  overview: { total_customers: number; active_customers: number; at_risk_customers: number; churned_customers_30d: number };
  health_metrics: { avg_health_score: number | null; avg_churn_probability: number | null; nps_score: number | null };
  financial_metrics: { monthly_recurring_revenue: number; ltv_cac_ratio: number | null };
  distributions: { health_status: Record<HealthStatus, number>; risk_level: Record<RiskLevel, number> };
  /** Change against 30 days ago. */
  deltas: {
    total_customers: number;
    active_customers: number;
    avg_health_score: number | null;
    at_risk_customers: number | null;
    monthly_recurring_revenue: number;
  };
}

export interface AtRiskCustomer {
  customer_id: string;
  company_name: string;
  last_health_score: number;
  predicted_churn_score: number | null;
  intervention_priority: Priority;
  risk_factors: string[];
  /** When the score was computed: orders this row against live updates of the account. */
  last_updated: string;
}

export interface AtRiskResponse {
  at_risk_customers: AtRiskCustomer[];
}

export type CustomerSort = 'health_score' | '-health_score' | 'churn_probability' | '-churn_probability' | 'name' | '-name' | 'mrr' | '-mrr';

export interface CustomerQuery {
  status?: HealthStatus[];
  risk_level?: RiskLevel[];
  owner?: string;
  q?: string;
  include_churned?: boolean;
  sort?: CustomerSort;
  limit?: number;
  cursor?: string;
}

export interface CustomerRow {
  customer_id: string;
  company_name: string;
  plan: string;
  mrr: number;
  csm_owner: string | null;
  health_score: number | null;
  status: HealthStatus | null;
  risk_level: RiskLevel | null;
  churn_probability: number | null;
  intervention_priority: Priority | null;
  contract_end_date: string | null;
  last_updated: string | null;
  customer_since: string | null;
  traits: Record<string, string | number | boolean>;
}

export interface CustomerPage {
  customers: CustomerRow[];
  next_cursor: string | null;
}

export interface ChurnMonth {
  /** `YYYY-MM` */
  month: string;
  churned: number;
  customers_at_start: number;
  /** Percent. */
  churn_rate: number;
  rolling_average: number;
}

export interface ChurnTrend {
  months: ChurnMonth[];
  window: number;
}

export interface FinanceSummary {
  mrr: number;
  arr: number;
  arpa: number | null;
  ltv: number | null;
  cac: number | null;
  ltv_cac_ratio: number | null;
  payback_months: number | null;
  /** Fraction, 0.05 = 5 %. */
  mom_growth: number | null;
  customers: number;
  /** Fraction. */
  monthly_churn_rate: number;
  currency: 'USD';
}

// ---- /api/interventions ----

export interface Intervention {
  id: string;
  account_id: string;
  /** Not in the server's body; a page's own `.data` may carry it (the queue shows it then). */
  company_name?: string;
  /** `manual`, or the condition type of the trigger that opened it. */
  trigger_type: string;
  trigger_id: string | null;
  intervention_type: InterventionType;
  title: string;
  description: string | null;
  notes: string | null;
  status: InterventionStatus;
  priority: Priority;
  /** `pending` until a CSM records one. */
  outcome: InterventionOutcome | 'pending';
  outcome_notes: string | null;
  assigned_to: string | null;
  template_id: string | null;
  created_by: string;
  scheduled_at: string | null;
  executed_at: string | null;
  completed_at: string | null;
  created_at: string;
  /** Orders two copies of one intervention (a fetched one and a live one). */
  updated_at: string;
}

export interface InterventionQuery {
  status?: InterventionStatus[];
  priority?: Priority[];
  assigned_to?: string;
  account_id?: string;
  due_before?: string;
  due_after?: string;
  limit?: number;
  cursor?: string;
}

export interface InterventionPage {
  interventions: Intervention[];
  next_cursor: string | null;
}

export interface InterventionCreate {
  account_id: string;
  intervention_type: InterventionType;
  priority: Priority;
  /** ISO date-time. */
  scheduled_at: string;
  notes?: string;
  /** Default: the account's CSM owner (critical ones go to the escalation assignee). */
  assigned_to?: string;
}

/** planned → executed → responded → completed, executed → completed, open → cancelled; else 409. */
export interface InterventionPatch {
  status?: InterventionStatus;
  outcome?: InterventionOutcome;
  /** Outcome notes. */
  notes?: string;
  assigned_to?: string | null;
  priority?: Priority;
  scheduled_at?: string;
}

// ---- POST /api/events/ticket ----

export interface EventTicket {
  ticket: string;
  /** Path under the API base, e.g. `/api/events?ticket=…`. */
  url: string;
  /** The ticket is single-use and expires (60 s). */
  expires_at: string;
}

// ---- Every error ----

/** The server's one error body. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[] };
}
