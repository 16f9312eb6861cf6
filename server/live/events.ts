/**
 * The live update types of the dashboard document, as they travel through the event log and
 * `GET /api/events`. Each is small and self-describing: a widget can apply it without a fetch.
 */
import type { LiveEventData, LiveEventType } from '../../contract';

// The shapes are the wire contract's, shared with the widgets: a change there fails the type check here.
export type {
  ChurnAlert, ChurnModelChanged, CustomerHealthUpdate, HistoryRebuilt, InterventionUpdate, LiveEventData, LiveEventType, ScorecardChanged, StatusUpdate,
} from '../../contract';

export const LIVE_EVENT_TYPES = [
  'customer_health_update', 'churn_alert', 'intervention_update', 'status_update', 'history_rebuilt', 'scorecard_changed', 'churn_model_changed',
] as const satisfies readonly LiveEventType[];

/** Events about the whole portfolio rather than one account (members do not receive them). */
type PortfolioEventType = 'history_rebuilt' | 'scorecard_changed' | 'churn_model_changed';

/** An event to append; `accountId` scopes it (a member sees only its own account's events). */
export type LiveEventInput = {
  [K in LiveEventType]: { type: K; accountId: K extends PortfolioEventType ? null : string; data: LiveEventData[K] };
}[LiveEventType];

/** An event as stored, with its log id. */
export interface LiveEvent {
  id: number;
  type: LiveEventType;
  accountId: string | null;
  data: unknown;
}
