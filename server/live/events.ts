/**
 * The live update types of the dashboard document, as they travel through the event log and
 * `GET /api/events`. Each is small and self-describing: a widget can apply it without a fetch.
 */
import type { HealthStatus, Priority, RiskLevel } from '../domain/scoring';

export interface CustomerHealthUpdate {
  account_id: string;
  company_name: string;
  health_score: number;
  previous_health_score: number | null;
  status: HealthStatus;
  risk_level: RiskLevel;
  churn_probability: number | null;
  intervention_priority: Priority;
  risk_factors: string[];
  components: Record<string, number>;
  computed_at: string;
}

export interface ChurnAlert {
  alert_id: string;
  account_id: string;
  company_name: string;
  severity: Priority;
  title: string;
  message: string;
  created_at: string;
}

export interface InterventionUpdate {
  action: 'created' | 'updated';
  intervention: Record<string, unknown> & { id: string; account_id: string };
}

export interface StatusUpdate {
  account_id: string;
  company_name: string;
  lifecycle_stage: string;
  previous_lifecycle_stage: string | null;
  churned_at: string | null;
}

export interface LiveEventData {
  customer_health_update: CustomerHealthUpdate;
  churn_alert: ChurnAlert;
  intervention_update: InterventionUpdate;
  status_update: StatusUpdate;
}

export type LiveEventType = keyof LiveEventData;
export const LIVE_EVENT_TYPES = ['customer_health_update', 'churn_alert', 'intervention_update', 'status_update'] as const satisfies readonly LiveEventType[];

/** An event to append; `accountId` scopes it (a member sees only its own account's events). */
export type LiveEventInput = {
  [K in LiveEventType]: { type: K; accountId: string; data: LiveEventData[K] };
}[LiveEventType];

/** An event as stored, with its log id. */
export interface LiveEvent {
  id: number;
  type: LiveEventType;
  accountId: string | null;
  data: unknown;
}
