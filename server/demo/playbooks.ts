/**
 * The demo's plays and the effects planted in them (docs/demo-data.md, "Plays and their
 * effects"): the generator records a year of their firings with hold-outs, and decides each
 * account's churn after the firing from whether it was treated.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/index';
import { interventionTriggers } from '../db/schema';

/** What the generator needs of a trigger: the columns the live engine reads when it fires. */
export type DemoTrigger = Pick<
  typeof interventionTriggers.$inferSelect,
  | 'id'
  | 'conditionType'
  | 'threshold'
  | 'timeWindow'
  | 'interventionType'
  | 'interventionTitle'
  | 'templateId'
  | 'scheduleIn'
  | 'assigneeRule'
  | 'priority'
  | 'cooldownHours'
  | 'holdoutPercent'
>;

export interface DemoPlay {
  trigger: DemoTrigger;
  /** The treated group's 90-day churn against the control group's: 0.5 halves it, 1 does nothing. */
  churnRatio: number;
}

/**
 * 90-day churn of an account whose engagement has collapsed (below 30 for two weeks, a high
 * risk at least) when no play treats it. Each treating play multiplies it by its `churnRatio`.
 */
export const CONTROL_CHURN_90D = 0.75;

/**
 * The share held out of both plays' firings in the demo. The shipped default (10 %) would leave
 * about a dozen held-out firings a year among 500 accounts: too few to measure anything.
 */
export const DEMO_HOLDOUT_PERCENT = 30;

/** The demo's own trigger: a CSM health check call once engagement has collapsed. */
export const HEALTH_CHECK_CALL_TRIGGER = {
  id: 'high_risk_health_check',
  name: 'High-Risk Health Check Call',
  conditionType: 'engagement_decline',
  threshold: 30,
  timeWindow: '14 days',
  interventionType: 'health_check_call',
  interventionTitle: 'High risk - book a health check call',
  templateId: 'health_check_proactive',
  scheduleIn: '1 day',
  assigneeRule: 'account_owner',
  priority: 'high',
  // Once a quarter at most: each firing's 90-day outcome window closes before the next one.
  cooldownHours: 90 * 24,
  holdoutPercent: DEMO_HOLDOUT_PERCENT,
} as const satisfies DemoTrigger & { name: string };

/** The shipped re-engagement trigger (migration 0002), as the demo configures it. */
const ENGAGEMENT_EMAIL_TRIGGER = {
  id: 'engagement_decline',
  conditionType: 'engagement_decline',
  threshold: 30,
  timeWindow: '7 days',
  interventionType: 'automated_email',
  interventionTitle: 'Low Engagement - Re-engagement Campaign',
  templateId: 'reengagement_welcome_back',
  scheduleIn: '12 hours',
  assigneeRule: 'auto',
  priority: 'medium',
  cooldownHours: 168,
  holdoutPercent: DEMO_HOLDOUT_PERCENT,
} as const satisfies DemoTrigger;

/** The planted effects: calls halve 90-day churn, the re-engagement email changes nothing. */
const EFFECTS: Record<string, number> = { [HEALTH_CHECK_CALL_TRIGGER.id]: 0.5, [ENGAGEMENT_EMAIL_TRIGGER.id]: 1 };

/** The plays as the generator assumes them without a database (the configuration `ensureDemoPlays` sets). */
export const DEMO_PLAYS: readonly DemoPlay[] = [ENGAGEMENT_EMAIL_TRIGGER, HEALTH_CHECK_CALL_TRIGGER].map((trigger) => ({
  trigger,
  churnRatio: EFFECTS[trigger.id] ?? 1,
}));

/**
 * Adds the health check call trigger when absent and sets both plays' hold-out to the demo's,
 * then returns the plays as configured now (an admin's changes to the call trigger stay), so the
 * generator draws with the triggers' own settings. A play whose trigger is gone or disabled is left out.
 */
export async function ensureDemoPlays(executor: Executor): Promise<DemoPlay[]> {
  await executor.insert(interventionTriggers).values(HEALTH_CHECK_CALL_TRIGGER).onConflictDoNothing({ target: interventionTriggers.id });
  await executor
    .update(interventionTriggers)
    .set({ holdoutPercent: DEMO_HOLDOUT_PERCENT })
    .where(eq(interventionTriggers.id, ENGAGEMENT_EMAIL_TRIGGER.id));
  const rows = await executor
    .select()
    .from(interventionTriggers)
    .where(inArray(interventionTriggers.id, Object.keys(EFFECTS)));
  return rows
    .filter((row) => row.enabled)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((trigger) => ({ trigger, churnRatio: EFFECTS[trigger.id] ?? 1 }));
}
