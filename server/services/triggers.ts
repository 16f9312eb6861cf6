/**
 * Automated intervention triggers as admins configure them, and the record of every firing:
 * what each opened, or why it opened nothing.
 */
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/index';
import { emailTemplates, interventionTriggers, triggerFirings } from '../db/schema';
import type { AssigneeRule, InterventionType, TriggerCondition } from '../domain/interventions';
import type { FiringOutcome } from '../domain/playbooks';
import type { Priority } from '../domain/scoring';
import { ApiError, type FieldError } from '../errors';
import { configStore, mergePatch } from './config-store';
import { pageOf, type TimeKey } from './page';

export interface TriggerSettings {
  name: string;
  condition: { type: TriggerCondition; threshold: number; time_window: string };
  intervention: { type: InterventionType; title: string; template: string | null; schedule_in: string; assignee: AssigneeRule };
  priority: Priority;
  enabled: boolean;
  cooldown_hours: number;
  /** 0-50: the share of firings held out as a control group. */
  holdout_percent: number;
}

export interface Trigger extends TriggerSettings {
  id: string;
  created_at: string;
  updated_at: string;
}

export type TriggerChange = Partial<Omit<TriggerSettings, 'condition' | 'intervention'>> & {
  condition?: Partial<TriggerSettings['condition']>;
  intervention?: Partial<TriggerSettings['intervention']>;
};

const store = configStore(interventionTriggers, 'trigger', 'trg');

function view(r: typeof interventionTriggers.$inferSelect): Trigger {
  return {
    id: r.id,
    name: r.name,
    condition: { type: r.conditionType, threshold: r.threshold, time_window: r.timeWindow },
    intervention: { type: r.interventionType, title: r.interventionTitle, template: r.templateId, schedule_in: r.scheduleIn, assignee: r.assigneeRule },
    priority: r.priority,
    enabled: r.enabled,
    cooldown_hours: r.cooldownHours,
    holdout_percent: r.holdoutPercent,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

const columns = (t: TriggerSettings) => ({
  name: t.name,
  conditionType: t.condition.type,
  threshold: t.condition.threshold,
  timeWindow: t.condition.time_window,
  interventionType: t.intervention.type,
  interventionTitle: t.intervention.title,
  templateId: t.intervention.template,
  scheduleIn: t.intervention.schedule_in,
  assigneeRule: t.intervention.assignee,
  priority: t.priority,
  enabled: t.enabled,
  cooldownHours: t.cooldown_hours,
  holdoutPercent: t.holdout_percent,
});

const THRESHOLDS: Record<TriggerCondition, { min: number; max: number; integer: boolean; what: string }> = {
  health_score_drop: { min: 1, max: 100, integer: false, what: 'points of health score dropped' },
  engagement_decline: { min: 1, max: 100, integer: false, what: 'an engagement score' },
  contract_renewal: { min: 1, max: 100, integer: false, what: 'a health score' },
  support_escalation: { min: 1, max: 1_000, integer: true, what: 'a count of escalations' },
  churn_prediction: { min: 0.01, max: 1, integer: false, what: 'a churn probability' },
  usage_pattern_change: { min: 1, max: 100, integer: false, what: 'a percentage drop of weekly activity' },
};

/** What the request schema cannot check alone: the threshold's range for its condition, and that the template exists. */
async function check(executor: Executor, t: TriggerSettings): Promise<void> {
  const fields: FieldError[] = [];
  const range = THRESHOLDS[t.condition.type];
  const value = t.condition.threshold;
  if (!Number.isFinite(value) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
    fields.push({
      field: 'condition.threshold',
      message: `for ${t.condition.type} it is ${range.what}: ${range.integer ? 'a whole number ' : ''}from ${range.min} to ${range.max}`,
    });
  }
  if (t.intervention.template) {
    const [found] = await executor.select({ id: emailTemplates.id }).from(emailTemplates).where(eq(emailTemplates.id, t.intervention.template));
    if (!found) fields.push({ field: 'intervention.template', message: `template '${t.intervention.template}' does not exist` });
  }
  if (fields.length > 0) throw ApiError.invalid(fields);
}

export const listTriggers = async (executor: Executor) => (await store.list(executor)).map(view);

export const getTrigger = async (executor: Executor, id: string) => view(await store.get(executor, id));

export async function createTrigger(executor: Executor, id: string | undefined, settings: TriggerSettings, now: Date): Promise<Trigger> {
  await check(executor, settings);
  return view(await store.insert(executor, id, columns(settings), now));
}

/** Nested condition and intervention fields merge into the current ones. */
export async function changeTrigger(executor: Executor, id: string, change: TriggerChange, now: Date): Promise<Trigger> {
  const merged = mergePatch<TriggerSettings>(await getTrigger(executor, id), change);
  await check(executor, merged);
  return view(await store.update(executor, id, columns(merged), now));
}

/** Its firings go with it; interventions it opened stay. */
export const deleteTrigger = (executor: Executor, id: string) => store.remove(executor, id);

export interface FiringFilter {
  triggerId?: string;
  accountId?: string;
  outcome?: FiringOutcome;
  limit: number;
  /** Keyset: the last firing of the previous page. */
  after?: TimeKey;
}

/** Newest first: why a trigger did or did not open an intervention. */
export async function listFirings(executor: Executor, f: FiringFilter) {
  const where: SQL[] = [];
  if (f.triggerId) where.push(eq(triggerFirings.triggerId, f.triggerId));
  if (f.accountId) where.push(eq(triggerFirings.accountId, f.accountId));
  if (f.outcome) where.push(eq(triggerFirings.outcome, f.outcome));
  if (f.after) {
    const { t, id } = f.after;
    where.push(or(lt(triggerFirings.firedAt, t), and(eq(triggerFirings.firedAt, t), lt(triggerFirings.id, id))) as SQL);
  }
  const rows = await executor
    .select()
    .from(triggerFirings)
    .where(and(...where))
    .orderBy(desc(triggerFirings.firedAt), desc(triggerFirings.id))
    .limit(f.limit + 1);
  return pageOf(
    rows,
    f.limit,
    (r) => ({ t: r.firedAt, id: r.id }),
    (r) => ({
      id: r.id,
      trigger_id: r.triggerId,
      account_id: r.accountId,
      outcome: r.outcome,
      reason: r.reason,
      detail: r.detail,
      value: r.value,
      threshold: r.threshold,
      intervention_id: r.interventionId,
      draw: r.draw,
      fired_at: r.firedAt.toISOString(),
    }),
  );
}
