/** Raised alerts, each with its deliveries: what was sent where, what is still being tried and why. */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Clock } from '../config';
import type { Db, Executor } from '../db/index';
import { alertDeliveries, alerts } from '../db/schema';
import type { DeliveryStatus } from '../domain/alerts';
import type { Priority } from '../domain/scoring';
import { churnAlertEvent } from '../live/builders';
import { pageOf, type TimeKey } from './page';
import type { ScorePipeline } from './score-pipeline';

type AlertRow = typeof alerts.$inferSelect;
type DeliveryRow = typeof alertDeliveries.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  channel: d.channel,
  target: d.channel === 'email' || d.channel === 'sms' ? d.target : redactUrl(d.target),
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  last_attempt_at: iso(d.lastAttemptAt),
  last_error: d.lastError,
  sent_at: iso(d.sentAt),
});

/** A Slack or webhook URL is itself a credential: only its origin is shown. */
function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}

async function withDeliveries(executor: Executor, rows: readonly AlertRow[]) {
  const deliveries =
    rows.length > 0
      ? await executor
          .select()
          .from(alertDeliveries)
          .where(inArray(alertDeliveries.alertId, rows.map((r) => r.id)))
          .orderBy(asc(alertDeliveries.createdAt), asc(alertDeliveries.channel), asc(alertDeliveries.id))
      : [];
  return rows.map((a) => ({
    id: a.id,
    rule_id: a.ruleId,
    account_id: a.accountId,
    company_name: a.companyName,
    severity: a.severity,
    title: a.title,
    message: a.message,
    metric: a.metric,
    value: a.value,
    threshold: a.threshold,
    skipped_channels: a.skippedChannels,
    created_at: a.createdAt.toISOString(),
    acknowledged_at: iso(a.acknowledgedAt),
    acknowledged_by: a.acknowledgedBy,
    deliveries: deliveries.filter((d) => d.alertId === a.id).map(deliveryView),
  }));
}

export interface AlertFilter {
  accountId?: string;
  ruleId?: string;
  severity?: Priority[];
  /** Alerts with a delivery in one of these statuses. */
  deliveryStatus?: DeliveryStatus[];
  /** `open`: not acknowledged; `acknowledged`: acknowledged; absent: both. */
  state?: 'open' | 'acknowledged';
  limit: number;
  /** Keyset: the last alert of the previous page. */
  after?: TimeKey;
}

/** The filter's conditions, but for the keyset. */
function alertConditions(f: Omit<AlertFilter, 'limit' | 'after'>): SQL[] {
  const where: SQL[] = [];
  if (f.accountId) where.push(eq(alerts.accountId, f.accountId));
  if (f.ruleId) where.push(eq(alerts.ruleId, f.ruleId));
  if (f.severity) where.push(inArray(alerts.severity, f.severity));
  if (f.state) where.push(f.state === 'open' ? isNull(alerts.acknowledgedAt) : isNotNull(alerts.acknowledgedAt));
  if (f.deliveryStatus) {
    where.push(
      sql`exists (select 1 from ${alertDeliveries} d where d.alert_id = ${alerts.id} and d.status = any(${sql.param(f.deliveryStatus)}::text[]))`,
    );
  }
  return where;
}

/** Newest first, with the number of alerts the filter matches on every page (the inbox's badge). */
export async function listAlerts(executor: Executor, f: AlertFilter) {
  const where = alertConditions(f);
  const [{ total } = { total: 0 }] = await executor.select({ total: count() }).from(alerts).where(and(...where));
  if (f.after) {
    const { t, id } = f.after;
    where.push(or(lt(alerts.createdAt, t), and(eq(alerts.createdAt, t), lt(alerts.id, id))) as SQL);
  }
  const rows = await executor
    .select()
    .from(alerts)
    .where(and(...where))
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(f.limit + 1);
  const page = pageOf(rows, f.limit, (a) => ({ t: a.createdAt, id: a.id }), (a) => a);
  return { ...page, total, rows: await withDeliveries(executor, page.rows) };
}

/** The alert as the live `churn_alert` event carries it. */
export const churnAlertOf = (a: AlertRow) => ({
  alert_id: a.id,
  account_id: a.accountId,
  company_name: a.companyName,
  severity: a.severity,
  title: a.title,
  message: a.message,
  created_at: a.createdAt.toISOString(),
  acknowledged_at: iso(a.acknowledgedAt),
  acknowledged_by: a.acknowledgedBy,
});

/**
 * Acknowledges an alert once: the first acknowledgement stands (a second answers the same alert)
 * and is logged as a `churn_alert` event carrying `acknowledged_at`. Null for an unknown id.
 */
export async function acknowledgeAlert(deps: { db: Db; clock: Clock; pipeline: ScorePipeline }, id: string, actor: string, canSee: (accountId: string) => void) {
  return deps.db.orm.transaction(async (tx) => {
    const [found] = await tx.select().from(alerts).where(eq(alerts.id, id)).for('update');
    if (!found) return null;
    canSee(found.accountId);
    if (found.acknowledgedAt === null) {
      const [row] = await tx
        .update(alerts)
        .set({ acknowledgedAt: deps.clock(), acknowledgedBy: actor })
        .where(eq(alerts.id, id))
        .returning();
      if (!row) throw new Error('update returned no row');
      await deps.pipeline.within(tx, { events: [churnAlertEvent(churnAlertOf(row))] });
    }
    const [alert] = await withDeliveries(tx, await tx.select().from(alerts).where(eq(alerts.id, id)));
    return alert ?? null;
  });
}

/** One alert with its deliveries, or null; `id` is a uuid. */
export async function getAlert(executor: Executor, id: string) {
  const [alert] = await withDeliveries(executor, await executor.select().from(alerts).where(eq(alerts.id, id)));
  return alert ?? null;
}
