/** Alert rules as admins configure them (the reference's AlertRule); the defaults ship in migration 0002. */
import type { Executor } from '../db/index';
import { alertRules } from '../db/schema';
import type { AlertMetric, AlertOperator, RuleChannel } from '../domain/alerts';
import type { Priority } from '../domain/scoring';
import { ApiError, type FieldError } from '../errors';
import { configStore, mergePatch } from './config-store';

export interface AlertRuleSettings {
  name: string;
  condition: { metric: AlertMetric; operator: AlertOperator; threshold: number; time_window: string | null };
  channels: RuleChannel[];
  severity: Priority;
  enabled: boolean;
  cooldown_minutes: number;
}

export interface AlertRule extends AlertRuleSettings {
  id: string;
  created_at: string;
  updated_at: string;
}

export type AlertRuleChange = Partial<Omit<AlertRuleSettings, 'condition'>> & { condition?: Partial<AlertRuleSettings['condition']> };

const store = configStore(alertRules, 'alert rule', 'rule');

const view = (r: typeof alertRules.$inferSelect): AlertRule => ({
  id: r.id,
  name: r.name,
  condition: { metric: r.metric, operator: r.operator, threshold: r.threshold, time_window: r.timeWindow },
  channels: r.channels,
  severity: r.severity,
  enabled: r.enabled,
  cooldown_minutes: r.cooldownMinutes,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
});

const columns = (r: AlertRuleSettings) => ({
  name: r.name,
  metric: r.condition.metric,
  operator: r.condition.operator,
  threshold: r.condition.threshold,
  // A level rule has no window: one left over from a changed_by rule would only mislead.
  timeWindow: r.condition.operator === 'changed_by' ? r.condition.time_window : null,
  channels: r.channels,
  severity: r.severity,
  enabled: r.enabled,
  cooldownMinutes: r.cooldown_minutes,
});

/** What the request schema cannot express per field: ranges by operator, and the window changed_by needs. */
function check(c: AlertRuleSettings['condition']): void {
  const fields: FieldError[] = [];
  if (c.operator === 'changed_by') {
    if (c.threshold === 0 || Math.abs(c.threshold) > 100) {
      fields.push({ field: 'condition.threshold', message: 'for changed_by: a change from −100 to 100 other than 0 (negative is a drop)' });
    }
    if (!c.time_window) fields.push({ field: 'condition.time_window', message: 'changed_by needs the window the change is measured over' });
  } else if (c.threshold < 0 || c.threshold > 100) {
    fields.push({ field: 'condition.threshold', message: `for ${c.operator}: a score from 0 to 100` });
  }
  if (fields.length > 0) throw ApiError.invalid(fields);
}

export const listAlertRules = async (executor: Executor) => (await store.list(executor)).map(view);

export const getAlertRule = async (executor: Executor, id: string) => view(await store.get(executor, id));

export async function createAlertRule(executor: Executor, id: string | undefined, settings: AlertRuleSettings, now: Date): Promise<AlertRule> {
  check(settings.condition);
  return view(await store.insert(executor, id, columns(settings), now));
}

/** Condition fields merge into the current ones. */
export async function changeAlertRule(executor: Executor, id: string, change: AlertRuleChange, now: Date): Promise<AlertRule> {
  const merged = mergePatch<AlertRuleSettings>(await getAlertRule(executor, id), change);
  check(merged.condition);
  return view(await store.update(executor, id, columns(merged), now));
}

/** Its alerts stay. */
export const deleteAlertRule = (executor: Executor, id: string) => store.remove(executor, id);
