import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { staffOnly } from '../auth';
import type { Executor } from '../db/index';
import { alertDeliveries, alerts } from '../db/schema';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../domain/alerts';
import { PRIORITIES } from '../domain/scoring';
import { ApiError } from '../errors';
import { commaList, decodeCursor, encodeCursor, idParam } from './query';
import { bearerSecurity, createRouter } from './router';

const deliverySchema = z.object({
  id: z.string(),
  channel: z.enum(DELIVERY_CHANNELS),
  target: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable().openapi({ description: 'When a pending delivery is next tried' }),
  last_attempt_at: z.string().nullable(),
  last_error: z.string().nullable(),
  sent_at: z.string().nullable(),
});

const alertSchema = z
  .object({
    id: z.string(),
    rule_id: z.string().nullable(),
    account_id: z.string(),
    company_name: z.string(),
    severity: z.enum(PRIORITIES),
    title: z.string(),
    message: z.string(),
    metric: z.string(),
    value: z.number(),
    threshold: z.number(),
    skipped_channels: z.array(z.object({ channel: z.string(), reason: z.string() })),
    created_at: z.string(),
    deliveries: z.array(deliverySchema),
  })
  .openapi('Alert');

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

async function withDeliveries(executor: Executor, rows: AlertRow[]) {
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

const cursorSchema = z.object({ t: z.string(), id: z.string() });

export const alertRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Alerts, newest first, each with its deliveries (status, attempts, last error)',
      security: bearerSecurity,
      middleware: staffOnly,
      request: {
        query: z.object({
          account_id: z.string().min(1).max(128).optional(),
          rule_id: z.string().min(1).max(128).optional(),
          severity: commaList(PRIORITIES).optional(),
          delivery_status: commaList(DELIVERY_STATUSES).optional().openapi({ description: 'Alerts with a delivery in one of these statuses' }),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(2048).optional(),
        }),
      },
      responses: {
        200: {
          description: 'A page of alerts',
          content: { 'application/json': { schema: z.object({ alerts: z.array(alertSchema), next_cursor: z.string().nullable() }).openapi('AlertPage') } },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const orm = c.var.deps.db.orm;
      const where: SQL[] = [];
      if (q.account_id) where.push(eq(alerts.accountId, q.account_id));
      if (q.rule_id) where.push(eq(alerts.ruleId, q.rule_id));
      if (q.severity) where.push(inArray(alerts.severity, q.severity));
      if (q.delivery_status) {
        where.push(
          sql`exists (select 1 from ${alertDeliveries} d where d.alert_id = ${alerts.id} and d.status = any(${sql.param(q.delivery_status)}::text[]))`,
        );
      }
      if (q.cursor) {
        const after = decodeCursor(q.cursor, cursorSchema);
        const t = new Date(after.t);
        where.push(or(lt(alerts.createdAt, t), and(eq(alerts.createdAt, t), lt(alerts.id, after.id))) as SQL);
      }
      const rows = await orm
        .select()
        .from(alerts)
        .where(and(...where))
        .orderBy(desc(alerts.createdAt), desc(alerts.id))
        .limit(q.limit + 1);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return c.json(
        {
          alerts: await withDeliveries(orm, page),
          next_cursor: rows.length > q.limit && last ? encodeCursor({ t: last.createdAt.toISOString(), id: last.id }) : null,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One alert with its deliveries',
      security: bearerSecurity,
      middleware: staffOnly,
      request: { params: z.object({ id: idParam('id', '7c1e3f1a-7a51-4a4f-9a54-0d6b7b0e9c11') }) },
      responses: {
        200: { description: 'The alert', content: { 'application/json': { schema: z.object({ alert: alertSchema }) } } },
        404: { description: 'Unknown alert' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const orm = c.var.deps.db.orm;
      const rows = z.uuid().safeParse(id).success ? await orm.select().from(alerts).where(eq(alerts.id, id)) : [];
      const [alert] = await withDeliveries(orm, rows);
      if (!alert) throw ApiError.notFound('alert', id);
      return c.json({ alert }, 200);
    },
  );
