/**
 * Intervention helpers shared by `<intervention-queue>` and `<customer-health-card>`: which
 * statuses are open, the queue order, overdue, type labels, and which of two copies is newer.
 */
import { humanize } from './status';
import type { Intervention, InterventionStatus, InterventionType, Priority } from './types';

/** The open statuses: what the queue and the card show. */
export const OPEN_INTERVENTION_STATUSES: readonly InterventionStatus[] = ['planned', 'executed', 'responded'];

const TYPE_LABELS: Record<InterventionType, string> = {
  automated_email: 'Automated email',
  csm_outreach: 'CSM outreach',
  training_scheduled: 'Training scheduled',
  health_check_call: 'Health check call',
  escalation_created: 'Escalation',
};

export const typeLabel = (type: string): string => TYPE_LABELS[type as InterventionType] ?? humanize(type);

const URGENCY: readonly Priority[] = ['critical', 'high', 'medium', 'low'];

const time = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

/** Queue order: priority (critical first), then due time (none last), then id. */
export function compareInterventions(a: Intervention, b: Intervention): number {
  const due = (i: Intervention) => {
    const t = time(i.scheduled_at);
    return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY;
  };
  const da = due(a);
  const db = due(b);
  return (
    URGENCY.indexOf(a.priority) - URGENCY.indexOf(b.priority) ||
    (da === db ? 0 : da < db ? -1 : 1) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A planned intervention whose due time has passed. */
export const isOverdue = (i: Intervention, now = Date.now()): boolean => i.status === 'planned' && time(i.scheduled_at) < now;

/** `b` is at least as recent as `a` (a live event may be older than a widget's own change). */
export const notOlder = (b: Intervention, a: Intervention): boolean => !(Date.parse(b.updated_at) < Date.parse(a.updated_at));
