import { createRoute, z } from '@hono/zod-openapi';
import { actingStaff, assertCanSeeAccount, staffOnly } from '../auth';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../domain/alerts';
import { PRIORITIES } from '../domain/scoring';
import { ApiError } from '../errors';
import { acknowledgeAlert, getAlert, listAlerts } from '../services/alerts';
import { commaList, cursorParam, encodeTimeCursor, idParam, isUuid, pageSize, timeKeyset } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';

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
    acknowledged_at: z.string().nullable().openapi({ description: 'When it was acknowledged; null while open' }),
    acknowledged_by: z.string().nullable().openapi({ description: "Who acknowledged it (the token's sub)" }),
    deliveries: z.array(deliverySchema),
  })
  .openapi('Alert');

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
          state: z.enum(['open', 'acknowledged']).optional().openapi({ description: '`open`: not acknowledged yet; `acknowledged`; absent: both' }),
          limit: pageSize(200, 50),
          cursor: cursorParam(timeKeyset),
        }),
      },
      responses: {
        200: {
          description: 'A page of alerts',
          content: {
            'application/json': {
              schema: z
                .object({
                  alerts: z.array(alertSchema),
                  next_cursor: z.string().nullable(),
                  total: z.number().int().openapi({ description: 'Alerts the filter matches, on every page (e.g. the open ones: the badge)' }),
                })
                .openapi('AlertPage'),
            },
          },
        },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listAlerts(c.var.deps.db.orm, {
        accountId: q.account_id,
        ruleId: q.rule_id,
        severity: q.severity,
        deliveryStatus: q.delivery_status,
        state: q.state,
        limit: q.limit,
        after: q.cursor,
      });
      return c.json({ alerts: page.rows, next_cursor: encodeTimeCursor(page.next), total: page.total }, 200);
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
        ...errorResponses(401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const alert = isUuid(id) ? await getAlert(c.var.deps.db.orm, id) : null;
      if (!alert) throw ApiError.notFound('alert', id);
      return c.json({ alert }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/acknowledge',
      summary: 'Acknowledge an alert (CSM, admin): it leaves the open inbox; a second acknowledgement changes nothing',
      security: bearerSecurity,
      middleware: actingStaff,
      request: { params: z.object({ id: idParam('id', '7c1e3f1a-7a51-4a4f-9a54-0d6b7b0e9c11') }) },
      responses: {
        200: { description: 'The acknowledged alert', content: { 'application/json': { schema: z.object({ alert: alertSchema }) } } },
        ...errorResponses(401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const principal = c.var.principal;
      const alert = isUuid(id) ? await acknowledgeAlert(c.var.deps, id, principal.sub, (accountId) => assertCanSeeAccount(principal, accountId)) : null;
      if (!alert) throw ApiError.notFound('alert', id);
      return c.json({ alert }, 200);
    },
  );
