/**
 * The words the server sends and the widgets read: health statuses, risk levels, priorities and
 * the kinds of intervention, spelled as on the wire. Type-only: each side keeps its own runtime
 * list and checks it against these (server/domain, widgets/core/types.ts).
 */

/** Health bands, best to worst: 85-100, 70-84, 50-69, 25-49, 0-24. */
export type HealthStatus = 'excellent' | 'good' | 'warning' | 'critical' | 'churn_risk';

/** Risk levels and churn-risk categories, least to most severe. */
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

/** Intervention priorities (and alert severities), least to most urgent. */
export type Priority = 'low' | 'medium' | 'high' | 'critical';

/** Where a customer is in its lifecycle; `churned` once it left. */
export type LifecycleStage = 'onboarding' | 'adoption' | 'expansion' | 'renewal' | 'churned';

export type InterventionType = 'automated_email' | 'csm_outreach' | 'training_scheduled' | 'health_check_call' | 'escalation_created';

export type InterventionStatus = 'planned' | 'executed' | 'responded' | 'completed' | 'cancelled';

export type InterventionOutcome = 'successful' | 'partially_successful' | 'unsuccessful';
