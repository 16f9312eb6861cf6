/**
 * Interventions and their automated triggers, from the health-scoring reference's "Intervention
 * Management": types, the status lifecycle, trigger conditions and assignment. Pure: no I/O.
 */
import type { Priority } from './scoring';

export const INTERVENTION_TYPES = [
  'automated_email',
  'csm_outreach',
  'training_scheduled',
  'health_check_call',
  'escalation_created',
] as const;
export const INTERVENTION_STATUSES = ['planned', 'executed', 'responded', 'completed', 'cancelled'] as const;
export const OPEN_STATUSES = ['planned', 'executed', 'responded'] as const;
/** Outcomes a CSM records; `pending` is only the stored default until one is. */
export const OUTCOMES = ['successful', 'partially_successful', 'unsuccessful'] as const;
export const TRIGGER_CONDITIONS = [
  'health_score_drop',
  'engagement_decline',
  'support_escalation',
  'contract_renewal',
  'churn_prediction',
  'usage_pattern_change',
] as const;
export const ASSIGNEE_RULES = ['auto', 'account_owner', 'senior_csm', 'escalation'] as const;

export type InterventionType = (typeof INTERVENTION_TYPES)[number];
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type TriggerCondition = (typeof TRIGGER_CONDITIONS)[number];
export type AssigneeRule = (typeof ASSIGNEE_RULES)[number];

/** planned → executed → responded → completed, executed → completed, any open status → cancelled. */
const TRANSITIONS: Record<InterventionStatus, readonly InterventionStatus[]> = {
  planned: ['executed', 'cancelled'],
  executed: ['responded', 'completed', 'cancelled'],
  responded: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canTransition(from: InterventionStatus, to: InterventionStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: InterventionStatus): readonly InterventionStatus[] {
  return TRANSITIONS[from];
}

/** An outcome needs something to have happened: not on a planned or cancelled intervention. */
export const outcomeAllowed = (status: InterventionStatus) => status === 'executed' || status === 'responded' || status === 'completed';

// ---- Intervals ----

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;
const INTERVAL = /^\s*(\d{1,6})\s*(minute|hour|day|week)s?\s*$/i;
/** The longest window or delay accepted: a year. */
const MAX_INTERVAL_MS = 366 * UNIT_MS.day;

/**
 * A PostgreSQL-style interval restricted to one `<n> <unit>` term (`24 hours`, `7 days`): enough
 * for every window the reference uses, and unambiguous to evaluate outside the database.
 */
export function parseInterval(text: string): number | null {
  const match = INTERVAL.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2].toLowerCase() as keyof typeof UNIT_MS];
  return ms <= MAX_INTERVAL_MS ? ms : null;
}

/** `24 hours`, `1 day`: the canonical spelling stored. */
export function normaliseInterval(text: string): string | null {
  const match = INTERVAL.exec(text);
  if (!match?.[1] || !match[2] || parseInterval(text) === null) return null;
  const n = Number(match[1]);
  return `${n} ${match[2].toLowerCase()}${n === 1 ? '' : 's'}`;
}

// ---- Titles and assignment ----

const TYPE_LABELS: Record<InterventionType, string> = {
  automated_email: 'Automated email',
  csm_outreach: 'CSM outreach',
  training_scheduled: 'Training session',
  health_check_call: 'Health check call',
  escalation_created: 'Escalation',
};

/** What an intervention's activity log records as created: its starting values. */
export function createdChanges(row: {
  interventionType: InterventionType;
  status: InterventionStatus;
  priority: Priority;
  assignedTo: string | null;
  scheduledAt: Date | null;
  triggerId: string | null;
}) {
  return {
    intervention_type: row.interventionType,
    status: row.status,
    priority: row.priority,
    assigned_to: row.assignedTo,
    scheduled_at: row.scheduledAt ? row.scheduledAt.toISOString() : null,
    ...(row.triggerId ? { trigger_id: row.triggerId } : {}),
  };
}

/** The reference's generateTitle(type, priority) for manual interventions. */
export function interventionTitle(type: InterventionType, priority: Priority): string {
  const urgency = priority === 'critical' ? 'Critical: ' : priority === 'high' ? 'High priority: ' : '';
  return `${urgency}${TYPE_LABELS[type]}`;
}

export interface Assignees {
  seniorCsm: string | null;
  escalation: string | null;
}

/**
 * Who an intervention goes to. By default the account's CSM owner; a critical one goes to the
 * escalation assignee when one is configured, since an owner may be away when it matters most.
 * A named person who is not configured falls back to the owner rather than to nobody.
 */
export function resolveAssignee(rule: AssigneeRule, priority: Priority, owner: string | null, assignees: Assignees): string | null {
  switch (rule) {
    case 'account_owner':
      return owner;
    case 'senior_csm':
      return assignees.seniorCsm ?? assignees.escalation ?? owner;
    case 'escalation':
      return assignees.escalation ?? owner;
    case 'auto':
      return priority === 'critical' && assignees.escalation ? assignees.escalation : owner;
  }
}

// ---- Trigger evaluation ----

export interface TriggerDefinition {
  id: string;
  conditionType: TriggerCondition;
  threshold: number;
  timeWindow: string;
  cooldownHours: number;
}

/** What the automation knows about an account at the moment of a rescore. */
export interface AccountObservation {
  healthScore: number;
  engagementScore: number;
  /** The score before this rescore, if it had one. */
  previousHealthScore: number | null;
  /** Days until the contract ends (negative once past); null without an end date. */
  contractEndDays: number | null;
  /** The highest health score among snapshots inside the trigger's window. */
  peakHealthScore: number | null;
  /** Escalated support tickets opened inside the trigger's window. */
  escalations: number;
  /** The stored churn probability; null while predictive scoring is off. */
  churnProbability: number | null;
  /** The highest engagement score among snapshots inside the trigger's window. */
  peakEngagementScore: number | null;
  /** Activity events (logins, feature uses, sessions) in the last 7 days, and in the 28 days before. */
  activityLast7Days: number;
  activityPrevious28Days: number;
}

export interface ConditionResult {
  met: boolean;
  /** The measured value compared with the threshold: the drop, the score, the count. */
  value: number;
  description: string;
}

/**
 * Whether a trigger's condition holds. Thresholds are inclusive where the issue says "or more"
 * (a drop of 20 or more, as many escalations as the threshold) and strict where it says "below".
 */
export function evaluateCondition(trigger: TriggerDefinition, o: AccountObservation): ConditionResult {
  const t = trigger.threshold;
  switch (trigger.conditionType) {
    case 'health_score_drop': {
      // The highest score in the window, or the score just replaced: a first score is no drop.
      const candidates = [o.peakHealthScore, o.previousHealthScore].filter((v): v is number => v !== null);
      if (candidates.length === 0) return { met: false, value: 0, description: 'No earlier score to compare with' };
      const peak = Math.max(...candidates);
      const drop = peak - o.healthScore;
      return {
        met: drop >= t,
        value: drop,
        description: `Health score dropped from ${peak} to ${o.healthScore} within ${trigger.timeWindow}`,
      };
    }
    case 'engagement_decline': {
      // The window as the reference documents it: engagement stayed below the threshold throughout
      // it (its highest snapshot in the window too), not one low reading.
      const highest = Math.max(o.engagementScore, o.peakEngagementScore ?? -Infinity);
      const score = round1(o.engagementScore);
      return {
        met: highest < t,
        value: o.engagementScore,
        description:
          highest < t
            ? `Customer engagement score is ${score}, below ${t} throughout ${trigger.timeWindow}, starting re-engagement sequence`
            : `Customer engagement score is ${score}, but was ${round1(highest)} within ${trigger.timeWindow}`,
      };
    }
    case 'churn_prediction': {
      const p = o.churnProbability;
      return {
        met: p !== null && p >= t,
        value: p ?? 0,
        description: p === null ? 'No churn probability (predictive scoring is off)' : `Churn probability is ${p.toFixed(2)}, at or above ${t}`,
      };
    }
    case 'usage_pattern_change': {
      const weeklyAverage = o.activityPrevious28Days / 4;
      // No earlier activity is no pattern to change from.
      const drop = weeklyAverage > 0 ? ((weeklyAverage - o.activityLast7Days) / weeklyAverage) * 100 : 0;
      return {
        met: weeklyAverage > 0 && drop >= t,
        value: round1(drop),
        description: `Activity in the last 7 days is ${o.activityLast7Days} against a weekly average of ${round1(weeklyAverage)} over the 28 days before: ${drop >= 0 ? 'down' : 'up'} ${round1(Math.abs(drop))} %`,
      };
    }
    case 'contract_renewal': {
      const windowDays = Math.floor((parseInterval(trigger.timeWindow) ?? 0) / UNIT_MS.day);
      const days = o.contractEndDays;
      const ending = days !== null && days >= 0 && days <= windowDays;
      return {
        met: ending && o.healthScore < t,
        value: o.healthScore,
        description:
          days === null
            ? 'No contract end date'
            : `Contract ends in ${days} days with health score of ${o.healthScore}`,
      };
    }
    case 'support_escalation':
      return {
        met: o.escalations >= t,
        value: o.escalations,
        description: `${o.escalations} escalated support tickets within ${trigger.timeWindow}`,
      };
  }
}

export type TriggerDecision =
  | { outcome: 'fired' }
  | { outcome: 'suppressed'; reason: 'cooldown' | 'open_intervention'; detail: string };

/**
 * Whether a met condition opens an intervention: never a second open one for the same trigger
 * and account, and nothing inside the cooldown since the last one it opened.
 */
export function decideFiring(
  trigger: TriggerDefinition,
  now: Date,
  lastFiredAt: Date | null,
  openInterventionId: string | null,
): TriggerDecision {
  if (openInterventionId) {
    return {
      outcome: 'suppressed',
      reason: 'open_intervention',
      detail: `intervention ${openInterventionId} from this trigger is still open`,
    };
  }
  if (lastFiredAt) {
    const until = new Date(lastFiredAt.getTime() + trigger.cooldownHours * UNIT_MS.hour);
    if (now < until) {
      return {
        outcome: 'suppressed',
        reason: 'cooldown',
        detail: `fired at ${lastFiredAt.toISOString()}; ${trigger.cooldownHours} h cooldown until ${until.toISOString()}`,
      };
    }
  }
  return { outcome: 'fired' };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
