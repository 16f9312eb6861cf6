/**
 * What follows a rescore inside the transaction that stored it: automated triggers open
 * interventions (or record why they did not) and alert rules raise alerts into the delivery
 * outbox. Everything commits or rolls back with the scores themselves; the live events it
 * returns are appended by the score pipeline.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppConfig } from '../config';
import { queryRows, type Executor } from '../db/index';
import {
  alertDeliveries,
  alertRules,
  alerts,
  interventionActivity,
  interventions,
  interventionTriggers,
  triggerFirings,
} from '../db/schema';
import { evaluateAlertRule, inCooldown, planDeliveries, type AlertMetric, type AlertRuleDefinition } from '../domain/alerts';
import {
  createdChanges,
  decideFiring,
  evaluateCondition,
  OPEN_STATUSES,
  parseInterval,
  resolveAssignee,
  type AccountObservation,
} from '../domain/interventions';
import { firingPeriod, heldOutDetail, holdoutDraw, isHeldOut, suppressedDetail } from '../domain/playbooks';
import { churnAlertEvent, interventionEvent, type HealthChange } from '../live/builders';
import type { LiveEventInput } from '../live/events';
import { queueAssigneeNotices, queueAutomatedEmails } from './automated-email';

/** Conditions that read the account's snapshots inside the trigger's window. */
const WINDOWED_CONDITIONS = new Set<string>(['health_score_drop', 'engagement_decline']);

/** Serialises trigger and alert evaluation per account across concurrent rescores (two-key advisory lock space). */
const AUTOMATION_LOCK_KEY = 72_830_003;

interface AutomationContext {
  config: AppConfig;
  now: Date;
}

type TriggerRow = typeof interventionTriggers.$inferSelect;
type RuleRow = typeof alertRules.$inferSelect;

/** The enabled triggers (none while automated interventions are switched off) and alert rules. */
export interface Automation {
  triggers: TriggerRow[];
  rules: RuleRow[];
}

export async function loadAutomation(executor: Executor, config: AppConfig): Promise<Automation> {
  const triggers = config.features.automatedInterventions
    ? await executor.select().from(interventionTriggers).where(eq(interventionTriggers.enabled, true))
    : [];
  const rules = await executor.select().from(alertRules).where(eq(alertRules.enabled, true));
  return { triggers, rules };
}

interface AccountRow {
  id: string;
  csm_owner: string | null;
  contract_end_days: number | null;
  satisfaction_score: number | null;
}

interface SnapshotRow {
  account_id: string;
  scorecard_version: number;
  overall_score: number;
  engagement_score: number;
  satisfaction_score: number;
  churn_probability: number | null;
  churn_model_version: string | null;
  taken_at: Date | string;
}

const SNAPSHOT_COLUMN: Record<AlertMetric, 'overall_score' | 'engagement_score' | 'satisfaction_score' | 'churn_probability'> = {
  health_score: 'overall_score',
  engagement_score: 'engagement_score',
  satisfaction_score: 'satisfaction_score',
  churn_probability: 'churn_probability',
};

/**
 * Evaluates `automation` for the accounts a rescore changed, inside `tx`, the transaction that
 * wrote their scores, and returns the live events of what it opened and raised. "Drop within a
 * window" compares the current score with the highest snapshot in the window and with the score
 * just replaced.
 */
export async function evaluateAutomation(
  tx: Executor,
  ctx: AutomationContext,
  changes: readonly HealthChange[],
  { triggers, rules }: Automation,
): Promise<LiveEventInput[]> {
  if (changes.length === 0 || (triggers.length === 0 && rules.length === 0)) return [];
  const { now } = ctx;
  const at = now.toISOString();

  const ids = [...new Set(changes.map((c) => c.account_id))].sort();
  // A concurrent rescore of the same account waits here, so cooldowns and de-duplication hold.
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(${AUTOMATION_LOCK_KEY}, hashtext(s.id)))
    from (select unnest(${sql.param(ids)}::text[]) as id order by 1) s`);

  const windows = [
    ...triggers.filter((t) => WINDOWED_CONDITIONS.has(t.conditionType)).map((t) => parseInterval(t.timeWindow) ?? 0),
    ...rules.filter((r) => r.operator === 'changed_by').map((r) => parseInterval(r.timeWindow ?? '') ?? 0),
  ];
  const longest = Math.max(0, ...windows);
  // Sequential, not Promise.all: one transaction is one connection on either driver.
  const accountRows = await queryRows<AccountRow>(
    tx,
    sql`select a.id, a.csm_owner,
               (a.contract_end_date - (${at}::timestamptz at time zone 'UTC')::date)::int as contract_end_days,
               h.satisfaction_score
        from accounts a left join health_scores h on h.account_id = a.id
        where a.id = any(${sql.param(ids)}::text[])`,
  );
  const snapshotRows =
    longest > 0
      ? await queryRows<SnapshotRow>(
          tx,
          sql`select account_id, scorecard_version, overall_score, engagement_score, satisfaction_score, churn_probability, churn_model_version, taken_at
              from health_snapshots
              where account_id = any(${sql.param(ids)}::text[])
                and taken_at >= ${new Date(now.getTime() - longest).toISOString()}::timestamptz
                and taken_at <= ${at}::timestamptz`,
        )
      : [];
  const accountById = new Map(accountRows.map((a) => [a.id, a]));
  const snapshotsOf = new Map<string, SnapshotRow[]>();
  for (const s of snapshotRows) snapshotsOf.set(s.account_id, [...(snapshotsOf.get(s.account_id) ?? []), s]);
  // A score is compared only with scores made under the same scorecard version, and a churn
  // probability only with probabilities of the same model: a new scorecard or an activated model
  // is a recalibration, not customer movement.
  const currentOf = new Map(changes.map((c) => [c.account_id, c.current]));
  const extremes = (accountId: string, metric: AlertMetric, windowMs: number) => {
    const since = now.getTime() - windowMs;
    const current = currentOf.get(accountId);
    const version = current?.scorecard_version;
    const model = metric === 'churn_probability' ? current?.churn_model_version : undefined;
    const values = (snapshotsOf.get(accountId) ?? [])
      .filter(
        (s) =>
          new Date(s.taken_at).getTime() >= since &&
          (version === undefined || s.scorecard_version === version) &&
          (model === undefined || s.churn_model_version === model),
      )
      .flatMap((s) => (s[SNAPSHOT_COLUMN[metric]] === null ? [] : [Number(s[SNAPSHOT_COLUMN[metric]])]));
    return values.length > 0 ? { max: Math.max(...values), min: Math.min(...values) } : { max: null, min: null };
  };

  const round: Round = { ...ctx, tx, changes, accountById, extremes };
  const events: LiveEventInput[] = [];
  if (triggers.length > 0) events.push(...(await runTriggers(round, triggers)));
  if (rules.length > 0) events.push(...(await runAlertRules(round, rules)));
  return events;
}

/** The score a change replaced, if the same scorecard version made it. */
const comparablePrevious = (change: HealthChange) =>
  change.previous && change.previous.scorecard_version === change.current.scorecard_version ? change.previous : null;

/** One evaluation: the changed accounts, what is known of them, and the transaction to write in. */
interface Round extends AutomationContext {
  tx: Executor;
  changes: readonly HealthChange[];
  accountById: Map<string, AccountRow>;
  /** The metric's extremes among the account's snapshots in the last `windowMs`. */
  extremes(accountId: string, metric: AlertMetric, windowMs: number): { max: number | null; min: number | null };
}

async function runTriggers({ tx, now, config, changes, accountById, extremes }: Round, triggers: TriggerRow[]): Promise<LiveEventInput[]> {
  const ids = [...accountById.keys()];
  const triggerIds = triggers.map((t) => t.id);
  const lastFired = await queryRows<{ trigger_id: string; account_id: string; fired_at: Date | string }>(
    tx,
    sql`select trigger_id, account_id, max(fired_at) as fired_at from trigger_firings
        where outcome in ('fired', 'held_out') and account_id = any(${sql.param(ids)}::text[])
          and trigger_id = any(${sql.param(triggerIds)}::text[])
        group by trigger_id, account_id`,
  );
  const open = await tx
    .select({ id: interventions.id, triggerId: interventions.triggerId, accountId: interventions.accountId })
    .from(interventions)
    .where(
      and(
        inArray(interventions.accountId, ids),
        inArray(interventions.triggerId, triggerIds),
        inArray(interventions.status, [...OPEN_STATUSES]),
      ),
    );
  const escalations = await escalationCounts(tx, now, triggers, ids);
  const activity = triggers.some((t) => t.conditionType === 'usage_pattern_change') ? await activityCounts(tx, now, ids) : new Map<string, ActivityCounts>();
  const key = (triggerId: string, accountId: string) => `${triggerId}\u0000${accountId}`;
  const lastFiredAt = new Map(lastFired.map((r) => [key(r.trigger_id, r.account_id), new Date(r.fired_at)]));
  const openBy = new Map(open.map((r) => [key(r.triggerId ?? '', r.accountId), r.id]));

  type Planned = {
    trigger: TriggerRow;
    accountId: string;
    value: number;
    description: string;
    intervention: typeof interventions.$inferInsert | null;
    suppressed: { reason: 'cooldown' | 'open_intervention'; detail: string } | null;
    /** The hold-out draw of a firing that was not suppressed. */
    draw: number | null;
  };
  const planned: Planned[] = [];
  for (const change of changes) {
    const account = accountById.get(change.account_id);
    if (!account) continue;
    for (const trigger of triggers) {
      const windowMs = parseInterval(trigger.timeWindow) ?? 0;
      const observation: AccountObservation = {
        healthScore: change.current.overall_score,
        engagementScore: change.current.engagement_score,
        previousHealthScore: comparablePrevious(change)?.overall_score ?? null,
        contractEndDays: account.contract_end_days,
        peakHealthScore: trigger.conditionType === 'health_score_drop' ? extremes(account.id, 'health_score', windowMs).max : null,
        escalations: escalations.get(key(trigger.id, account.id)) ?? 0,
        churnProbability: change.current.churn_probability,
        peakEngagementScore: trigger.conditionType === 'engagement_decline' ? extremes(account.id, 'engagement_score', windowMs).max : null,
        activityLast7Days: activity.get(account.id)?.last7 ?? 0,
        activityPrevious28Days: activity.get(account.id)?.previous28 ?? 0,
      };
      const result = evaluateCondition(trigger, observation);
      if (!result.met) continue;
      const decision = decideFiring(trigger, now, lastFiredAt.get(key(trigger.id, account.id)) ?? null, openBy.get(key(trigger.id, account.id)) ?? null);
      const base = { trigger, accountId: account.id, value: result.value, description: result.description };
      if (decision.outcome === 'suppressed') {
        planned.push({ ...base, intervention: null, suppressed: { reason: decision.reason, detail: decision.detail }, draw: null });
        continue;
      }
      const draw = holdoutDraw(trigger.id, account.id, firingPeriod(now));
      if (isHeldOut(draw, trigger.holdoutPercent)) {
        planned.push({ ...base, intervention: null, suppressed: null, draw });
        continue;
      }
      planned.push({
        ...base,
        suppressed: null,
        draw,
        intervention: {
          id: randomUUID(),
          accountId: account.id,
          triggerType: trigger.conditionType,
          triggerId: trigger.id,
          templateId: trigger.templateId,
          interventionType: trigger.interventionType,
          title: trigger.interventionTitle,
          description: result.description,
          priority: trigger.priority,
          assignedTo: resolveAssignee(trigger.assigneeRule, trigger.priority, account.csm_owner, config.assignees),
          createdBy: `trigger:${trigger.id}`,
          scheduledAt: new Date(now.getTime() + (parseInterval(trigger.scheduleIn) ?? 0)),
          createdAt: now,
          updatedAt: now,
        },
      });
    }
  }
  if (planned.length === 0) return [];

  const toInsert = planned.flatMap((p) => (p.intervention ? [p.intervention] : []));
  // The partial unique index is the last word on "one open intervention per trigger and account".
  const opened = toInsert.length > 0 ? await tx.insert(interventions).values(toInsert).onConflictDoNothing().returning() : [];
  const inserted = await queueAutomatedEmails(tx, config, opened, now);
  await queueAssigneeNotices(tx, config, inserted.map((row) => ({ row, reason: 'created' as const, actor: row.createdBy })), now);
  const insertedIds = new Set(inserted.map((r) => r.id));
  await tx.insert(triggerFirings).values(
    planned.map((p) => {
      const opened = p.intervention?.id && insertedIds.has(p.intervention.id) ? p.intervention.id : null;
      const heldOut = !p.suppressed && !p.intervention;
      const suppressed =
        p.suppressed ?? (opened || heldOut ? null : { reason: 'open_intervention' as const, detail: 'an open intervention from this trigger already exists' });
      const detail = suppressed
        ? suppressedDetail(p.description, suppressed.detail)
        : heldOut
          ? heldOutDetail(p.description, p.draw ?? 0, p.trigger.holdoutPercent)
          : p.description;
      return {
        triggerId: p.trigger.id,
        accountId: p.accountId,
        outcome: suppressed ? ('suppressed' as const) : heldOut ? ('held_out' as const) : ('fired' as const),
        reason: suppressed?.reason ?? null,
        detail,
        value: p.value,
        threshold: p.trigger.threshold,
        interventionId: opened,
        draw: p.draw,
        firedAt: now,
      };
    }),
  );
  if (inserted.length > 0) {
    await tx.insert(interventionActivity).values(
      inserted.map((row) => ({
        interventionId: row.id,
        accountId: row.accountId,
        actor: row.createdBy,
        action: 'created' as const,
        changes: createdChanges(row),
        at: now,
      })),
    );
  }
  return inserted.map((row) => interventionEvent('created', row));
}

interface ActivityCounts {
  last7: number;
  previous28: number;
}

/** Activity events per account in the last 7 days and in the 28 days before them (usage_pattern_change). */
async function activityCounts(tx: Executor, now: Date, ids: string[]): Promise<Map<string, ActivityCounts>> {
  const day = 86_400_000;
  const at = (days: number) => new Date(now.getTime() - days * day).toISOString();
  const rows = await queryRows<{ account_id: string; last7: number; previous28: number }>(
    tx,
    sql`select account_id,
               count(*) filter (where occurred_at > ${at(7)}::timestamptz)::int as last7,
               count(*) filter (where occurred_at <= ${at(7)}::timestamptz)::int as previous28
        from activity_events
        where account_id = any(${sql.param(ids)}::text[])
          and occurred_at > ${at(35)}::timestamptz and occurred_at <= ${now.toISOString()}::timestamptz
        group by account_id`,
  );
  return new Map(rows.map((r) => [r.account_id, { last7: Number(r.last7), previous28: Number(r.previous28) }]));
}

/** Escalated tickets per support_escalation trigger and account, each over its own window. */
async function escalationCounts(tx: Executor, now: Date, triggers: TriggerRow[], ids: string[]) {
  const counts = new Map<string, number>();
  for (const trigger of triggers.filter((t) => t.conditionType === 'support_escalation')) {
    const since = new Date(now.getTime() - (parseInterval(trigger.timeWindow) ?? 0)).toISOString();
    const rows = await queryRows<{ account_id: string; n: number }>(
      tx,
      sql`select account_id, count(*)::int as n from support_interactions
          where escalated and account_id = any(${sql.param(ids)}::text[])
            and created_at >= ${since}::timestamptz and created_at <= ${now.toISOString()}::timestamptz
          group by account_id`,
    );
    for (const r of rows) counts.set(`${trigger.id}\u0000${r.account_id}`, Number(r.n));
  }
  return counts;
}

async function runAlertRules({ tx, now, config, changes, accountById, extremes }: Round, rules: RuleRow[]): Promise<LiveEventInput[]> {
  const ids = [...accountById.keys()];
  const last = await queryRows<{ rule_id: string; account_id: string; created_at: Date | string }>(
    tx,
    sql`select rule_id, account_id, max(created_at) as created_at from alerts
        where account_id = any(${sql.param(ids)}::text[])
          and rule_id = any(${sql.param(rules.map((r) => r.id))}::text[])
        group by rule_id, account_id`,
  );
  const lastAt = new Map(last.map((r) => [`${r.rule_id}\u0000${r.account_id}`, new Date(r.created_at)]));

  const newAlerts: Array<typeof alerts.$inferInsert & { id: string }> = [];
  const deliveries: Array<typeof alertDeliveries.$inferInsert> = [];
  for (const change of changes) {
    const account = accountById.get(change.account_id);
    if (!account) continue;
    const current: Record<AlertMetric, number | null> = {
      health_score: change.current.overall_score,
      engagement_score: change.current.engagement_score,
      satisfaction_score: account.satisfaction_score,
      churn_probability: change.current.churn_probability,
    };
    for (const row of rules) {
      const rule = ruleDefinition(row);
      const value = current[rule.metric];
      if (value === null) continue;
      const window = rule.operator === 'changed_by' ? extremes(account.id, rule.metric, parseInterval(rule.timeWindow ?? '') ?? 0) : { max: null, min: null };
      const evaluation = evaluateAlertRule(rule, {
        current: value,
        windowMax: window.max,
        windowMin: window.min,
        previous: rule.metric === 'health_score' ? (comparablePrevious(change)?.overall_score ?? null) : null,
      });
      if (!evaluation.met || inCooldown(rule, now, lastAt.get(`${rule.id}\u0000${account.id}`) ?? null)) continue;
      const plan = planDeliveries(row.channels, config.alertChannels, config.features);
      const alertId = randomUUID();
      newAlerts.push({
        id: alertId,
        ruleId: rule.id,
        accountId: account.id,
        companyName: change.company_name,
        severity: rule.severity,
        title: rule.name,
        message: evaluation.message,
        metric: rule.metric,
        value: evaluation.value,
        threshold: rule.threshold,
        skippedChannels: plan.skipped,
        createdAt: now,
      });
      for (const target of plan.targets) {
        deliveries.push({ alertId, channel: target.channel, target: target.target, nextAttemptAt: now, createdAt: now });
      }
    }
  }
  if (newAlerts.length === 0) return [];
  await tx.insert(alerts).values(newAlerts);
  if (deliveries.length > 0) await tx.insert(alertDeliveries).values(deliveries);
  return newAlerts.map((a) =>
    churnAlertEvent({
      alert_id: a.id,
      account_id: a.accountId,
      company_name: a.companyName,
      severity: a.severity,
      title: a.title,
      message: a.message,
      created_at: now.toISOString(),
      acknowledged_at: null,
      acknowledged_by: null,
    }),
  );
}

function ruleDefinition(row: RuleRow): AlertRuleDefinition {
  return {
    id: row.id,
    name: row.name,
    metric: row.metric,
    operator: row.operator,
    threshold: row.threshold,
    timeWindow: row.timeWindow,
    severity: row.severity,
    cooldownMinutes: row.cooldownMinutes,
  };
}
