/**
 * The shapes the widgets read and send, from the wire contract (contract/, shared with the server),
 * and the runtime lists of its words, each checked to name every member of its type.
 */
import type {
  HealthStatus,
  InterventionOutcome,
  InterventionStatus,
  InterventionType,
  Priority,
  RiskLevel,
  StreamEventData,
  StreamEventType,
} from '../../contract';

export type * from '../../contract';

export const HEALTH_STATUSES = ['excellent', 'good', 'warning', 'critical', 'churn_risk'] as const satisfies readonly HealthStatus[];
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const satisfies readonly RiskLevel[];
/** Least to most urgent. */
export const PRIORITIES = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Priority[];
export const INTERVENTION_TYPES = [
  'automated_email', 'csm_outreach', 'training_scheduled', 'health_check_call', 'escalation_created',
] as const satisfies readonly InterventionType[];
export const INTERVENTION_STATUSES = ['planned', 'executed', 'responded', 'completed', 'cancelled'] as const satisfies readonly InterventionStatus[];
export const INTERVENTION_OUTCOMES = ['successful', 'partially_successful', 'unsuccessful'] as const satisfies readonly InterventionOutcome[];
/** The event types of `GET /api/events` the stream listens for. */
export const STREAM_EVENT_TYPES = [
  'customer_health_update', 'churn_alert', 'intervention_update', 'status_update', 'history_rebuilt', 'scorecard_changed', 'churn_model_changed', 'reset',
] as const satisfies readonly StreamEventType[];

/** `true` when `List` names every member of `T`: a member added to the contract fails the type check here. */
type NamesEvery<T, List extends readonly T[]> = [T] extends [List[number]] ? true : false;
type Assert<Condition extends true> = Condition;
type _ListsAreComplete = [
  Assert<NamesEvery<HealthStatus, typeof HEALTH_STATUSES>>,
  Assert<NamesEvery<RiskLevel, typeof RISK_LEVELS>>,
  Assert<NamesEvery<Priority, typeof PRIORITIES>>,
  Assert<NamesEvery<InterventionType, typeof INTERVENTION_TYPES>>,
  Assert<NamesEvery<InterventionStatus, typeof INTERVENTION_STATUSES>>,
  Assert<NamesEvery<InterventionOutcome, typeof INTERVENTION_OUTCOMES>>,
  Assert<NamesEvery<StreamEventType, typeof STREAM_EVENT_TYPES>>,
];

/** One server-sent event as the live store applies it: its `event:` type, integer `id:` (null when absent) and parsed `data:`. */
export type LiveEvent = {
  [K in StreamEventType]: { type: K; id: number | null; data: StreamEventData[K] };
}[StreamEventType];
