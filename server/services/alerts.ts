/** Raised alerts, each with its deliveries: what was sent where, what is still being tried and why. */
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/index';
import { alertDeliveries, alerts } from '../db/schema';
import type { DeliveryStatus } from '../domain/alerts';
import type { Priority } from '../domain/scoring';
import { pageOf, type TimeKey } from './page';

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
    deliveries: deliveries.filter((d) => d.alertId === a.id).map(deliveryView),
  }));
}

export interface AlertFilter {
  accountId?: string;
  ruleId?: string;
  severity?: Priority[];
  /** Alerts with a delivery in one of these statuses. */
  deliveryStatus?: DeliveryStatus[];
  limit: number;
  /** Keyset: the last alert of the previous page. */
  after?: TimeKey;
}

/** Newest first. */
export async function listAlerts(executor: Executor, f: AlertFilter) {
  const where: SQL[] = [];
  if (f.accountId) where.push(eq(alerts.accountId, f.accountId));
  if (f.ruleId) where.push(eq(alerts.ruleId, f.ruleId));
  if (f.severity) where.push(inArray(alerts.severity, f.severity));
  if (f.deliveryStatus) {
    where.push(
      sql`exists (select 1 from ${alertDeliveries} d where d.alert_id = ${alerts.id} and d.status = any(${sql.param(f.deliveryStatus)}::text[]))`,
    );
  }
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
  return { ...page, rows: await withDeliveries(executor, page.rows) };
}

/** One alert with its deliveries, or null; `id` is a uuid. */
export async function getAlert(executor: Executor, id: string) {
  const [alert] = await withDeliveries(executor, await executor.select().from(alerts).where(eq(alerts.id, id)));
  return alert ?? null;
}
