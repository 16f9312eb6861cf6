/**
 * Intervention helpers shared by `<intervention-queue>` and `<customer-health-card>`: which
 * statuses are open, the queue order, overdue, type labels, and how a list of interventions
 * follows the live events.
 */
import { msg } from '@lit/localize';
import { copiesOf, type LiveListOptions } from './live-data';
import type { LiveStore } from './live-store';
import { humanize } from './status';
import type { Intervention, InterventionStatus, InterventionType, Priority } from './types';

/** The open statuses: what the queue and the card show. */
export const OPEN_INTERVENTION_STATUSES: readonly InterventionStatus[] = ['planned', 'executed', 'responded'];

const TYPE_LABELS: Record<InterventionType, () => string> = {
  automated_email: () => msg('Automated email'),
  csm_outreach: () => msg('CSM outreach'),
  training_scheduled: () => msg('Training scheduled'),
  health_check_call: () => msg('Health check call'),
  escalation_created: () => msg('Escalation'),
};

/** An intervention type in the updating element's language. */
export const typeLabel = (type: string): string => TYPE_LABELS[type as InterventionType]?.() ?? humanize(type);

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

/** How long an intervention due the moment it was created (a critical call, a trigger's "now") has before it is overdue. */
export const IMMEDIATE_GRACE_MS = 3_600_000;

/**
 * A planned intervention whose due time has passed: at once for one scheduled ahead, after
 * `IMMEDIATE_GRACE_MS` for one due when it was created, so a call logged a moment ago (or a fresh
 * trigger's intervention) is not overdue yet.
 */
export function isOverdue(i: Intervention, now = Date.now()): boolean {
  const due = time(i.scheduled_at);
  const deadline = due <= time(i.created_at) ? due + IMMEDIATE_GRACE_MS : due;
  return i.status === 'planned' && deadline < now;
}

const identity = { key: (i: Intervention) => i.id, time: (i: Intervention) => i.updated_at };

/** How a list of interventions follows the `intervention_update` events (`LiveListController`). */
export const LIVE_INTERVENTIONS = {
  ...identity,
  watch: (store: LiveStore) => store.interventions.get(),
  copies: (interventions: ReadonlyMap<string, Intervention>, store: LiveStore) => copiesOf(interventions.values(), store, identity),
} satisfies Partial<LiveListOptions<Intervention, unknown, ReadonlyMap<string, Intervention>>>;
