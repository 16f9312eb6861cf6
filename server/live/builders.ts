/**
 * The live events the app writes, built from what changed: one function per event type, so
 * every writer (the score pipeline, ingest, interventions) produces the same shapes.
 */
import type { interventions } from '../db/schema';
import { riskFactorOf, type HealthStatus, type Priority, type RiskLevel } from '../domain/scoring';
import type { ChurnAlert, LiveEventInput, StatusUpdate } from './events';

/** The scored state of an account as a change reports it. */
export interface HealthState {
  overall_score: number;
  status: HealthStatus;
  risk_level: RiskLevel;
  priority: Priority;
  churn_probability: number | null;
  /** The scorecard version that made the score: automation compares scores of one version only. */
  scorecard_version?: number;
  /** The churn model that made the probability: automation compares probabilities of one model only. */
  churn_model_version?: string | null;
}

/** What a rescore changed for one account: the score pipeline turns these into events. */
export interface HealthChange {
  account_id: string;
  company_name: string;
  previous: HealthState | null;
  current: HealthState & {
    engagement_score: number;
    components: Record<string, number>;
    risk_factors: string[];
    coverage: number;
    unknown_factors: string[];
  };
}

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
      status: change.current.status,
      risk_level: change.current.risk_level,
      churn_probability: change.current.churn_probability,
      intervention_priority: change.current.priority,
      risk_factors: change.current.risk_factors,
      risk_factor_details: change.current.risk_factors.map(riskFactorOf),
      components: change.current.components,
      coverage: change.current.coverage,
      unknown_factors: change.current.unknown_factors,
      computed_at: computedAt.toISOString(),
    },
  }));
}

export const churnAlertEvent = (alert: ChurnAlert): LiveEventInput => ({ type: 'churn_alert', accountId: alert.account_id, data: alert });

export const statusUpdateEvent = (status: StatusUpdate): LiveEventInput => ({ type: 'status_update', accountId: status.account_id, data: status });

export type InterventionRow = typeof interventions.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An intervention as the API and the live log carry it. */
export function interventionView(row: InterventionRow) {
  return {
    id: row.id,
    account_id: row.accountId,
    trigger_type: row.triggerType,
    trigger_id: row.triggerId,
    intervention_type: row.interventionType,
    title: row.title,
    description: row.description,
    notes: row.notes,
    status: row.status,
    priority: row.priority,
    outcome: row.outcome,
    outcome_notes: row.outcomeNotes,
    assigned_to: row.assignedTo,
    template_id: row.templateId,
    created_by: row.createdBy,
    scheduled_at: iso(row.scheduledAt),
    executed_at: iso(row.executedAt),
    completed_at: iso(row.completedAt),
    email_status: row.emailStatus,
    email_detail: row.emailDetail,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export type InterventionView = ReturnType<typeof interventionView>;

export const interventionEvent = (action: 'created' | 'updated', row: InterventionRow): LiveEventInput => ({
  type: 'intervention_update',
  accountId: row.accountId,
  data: { action, intervention: interventionView(row) },
});
