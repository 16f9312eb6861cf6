/**
 * The live events of `GET /api/events`, as the server appends them to its event log
 * (server/live/events.ts) and the widgets apply them (widgets/core/live-store.ts). Not in the
 * OpenAPI document (a server-sent event stream has no schema there): declared here by hand. Each
 * event is small and self-describing, so a widget can apply it without a fetch.
 */
import type { Intervention } from './rest';
import type { HealthStatus, Priority, RiskLevel } from './vocabulary';

/** An account was rescored. `computed_at` orders two updates of one account. */
export interface CustomerHealthUpdate {
  account_id: string;
  company_name: string;
  health_score: number;
  previous_health_score: number | null;
  status: HealthStatus;
  risk_level: RiskLevel;
  churn_probability: number | null;
  intervention_priority: Priority;
  /** Adverse signals as display sentences ("NPS -100", "No login in 14 days"), most severe first: shown as they are, never reworded. */
  risk_factors: string[];
  /** The risk factors as codes with parameters, in the same order (`RiskFactor` of the REST API). */
  risk_factor_details?: { code: string; params: Record<string, number>; text: string }[];
  /** Component scores 0-100; the keys depend on the scorecard. */
  components: Record<string, number>;
  /** Share 0-1 of the scorecard's weight whose inputs had any data. */
  coverage: number;
  /** Factors that fell back to a default for want of data. */
  unknown_factors: string[];
  computed_at: string;
}

/**
 * An alert rule fired, or an alert was acknowledged: the same event again, with
 * `acknowledged_at` set (the later copy of one `alert_id` wins).
 */
export interface ChurnAlert {
  alert_id: string;
  account_id: string;
  company_name: string;
  severity: Priority;
  title: string;
  message: string;
  created_at: string;
  /** Null while the alert is open. */
  acknowledged_at: string | null;
  acknowledged_by: string | null;
}

/** An intervention was created or changed; `intervention` is its whole REST body. */
export interface InterventionUpdate {
  action: 'created' | 'updated';
  intervention: Intervention;
}

/** An account's lifecycle stage changed (a churn, or an account coming back). */
export interface StatusUpdate {
  account_id: string;
  company_name: string;
  lifecycle_stage: string;
  previous_lifecycle_stage: string | null;
  /** When the account churned (as reported, possibly in the past); null when it is not churned. */
  churned_at: string | null;
}

/**
 * A backfill recomputed the score history (`health-history`, each account's `history`): one
 * event at its end, not one per snapshot. Current scores are unchanged; a client refetches history.
 */
export interface HistoryRebuilt {
  from: string;
  to: string;
  every_days: number;
  steps: number;
  snapshots: number;
  /** Null: every account. */
  account_ids: string[] | null;
  scorecard_version: number;
  churn_model_version: string | null;
}

/** A new scorecard version rescored everyone: a recalibration, not customer movement. */
export interface ScorecardChanged {
  scorecard_version: number;
  previous_version: number | null;
  created_by: string;
  rescored: number;
}

/**
 * A churn model was activated and rescored everyone: a recalibration, not customer movement (no
 * alert, no intervention; automation compares probabilities of one model version only).
 */
export interface ChurnModelChanged {
  /** The model that scores now; `logistic-v1` when the hand-set model is back. */
  churn_model_version: string;
  previous_model_version: string | null;
  /** Null for the hand-set model, which has no horizon. */
  horizon_days: number | null;
  created_by: string;
  rescored: number;
}

/** The events the server logs, by type: what it appends and fans out. */
export interface LiveEventData {
  customer_health_update: CustomerHealthUpdate;
  churn_alert: ChurnAlert;
  intervention_update: InterventionUpdate;
  status_update: StatusUpdate;
  history_rebuilt: HistoryRebuilt;
  scorecard_changed: ScorecardChanged;
  churn_model_changed: ChurnModelChanged;
}

export type LiveEventType = keyof LiveEventData;

/** `reset`: sent instead of events the server no longer keeps; the client refetches everything. */
export interface ResetNotice {
  reason: string;
}

/** Every event type of the stream: the logged ones and `reset`. */
export interface StreamEventData extends LiveEventData {
  reset: ResetNotice;
}

export type StreamEventType = keyof StreamEventData;
