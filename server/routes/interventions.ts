import { createRoute, z } from '@hono/zod-openapi';
import { actingStaff, assertCanSeeAccount } from '../auth';
import { INTERVENTION_STATUSES, INTERVENTION_TYPES, OUTCOMES } from '../domain/interventions';
import { PRIORITIES } from '../domain/scoring';
import { ApiError } from '../errors';
import { createIntervention, interventionWithActivity, listInterventions, updateIntervention } from '../services/interventions';
import { someField } from './config-routes';
import { commaList, cursorParam, encodeTimeCursor, idParam, isoDateTime, isUuid, pageSize, timeKeyset } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';
import { exportContent, exportResponse, formatParam } from './export';
import { interventionColumns } from './export-columns';
import { EXPORT_PAGE_ROWS } from '../services/export';
import type { TimeKey } from '../services/page';

const timestamp = z.string().nullable();

export const interventionSchema = z
  .object({
    id: z.string(),
    account_id: z.string(),
    trigger_type: z.string().openapi({ description: "`manual`, or the condition type of the trigger that opened it" }),
    trigger_id: z.string().nullable(),
    intervention_type: z.enum(INTERVENTION_TYPES),
    title: z.string(),
    description: z.string().nullable(),
    notes: z.string().nullable(),
    status: z.enum(INTERVENTION_STATUSES),
    priority: z.enum(PRIORITIES),
    outcome: z.enum([...OUTCOMES, 'pending']),
    outcome_notes: z.string().nullable(),
    assigned_to: z.string().nullable(),
    template_id: z.string().nullable(),
    created_by: z.string(),
    scheduled_at: timestamp,
    executed_at: timestamp,
    completed_at: timestamp,
    email_status: z.enum(['queued', 'sent', 'failed', 'skipped']).nullable().openapi({
      description: "automated_email only: queued, sent, failed (after its last attempt) or skipped; null for other types",
    }),
    email_detail: z.string().nullable().openapi({ description: 'To whom it went, or why it was skipped or failed' }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Intervention');

const activitySchema = z.object({
  actor: z.string(),
  action: z.enum(['created', 'updated']),
  changes: z.record(z.string(), z.unknown()),
  at: z.string(),
});

const createBody = z
  .strictObject({
    account_id: z.string().min(1).max(128),
    intervention_type: z.enum(INTERVENTION_TYPES),
    priority: z.enum(PRIORITIES),
    scheduled_at: isoDateTime(),
    notes: z.string().max(10_000).optional(),
    assigned_to: z.string().min(1).max(320).optional().openapi({ description: "Default: the account's CSM owner; critical ones go to the escalation assignee" }),
  })
  .openapi('NewIntervention');

const patchBody = someField(
  z.strictObject({
    status: z.enum(INTERVENTION_STATUSES).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    notes: z.string().max(10_000).optional().openapi({ description: 'Outcome notes' }),
    assigned_to: z.string().min(1).max(320).nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    scheduled_at: isoDateTime().optional(),
  }),
).openapi('InterventionChange');

const one = z.object({ intervention: interventionSchema });
const idPath = z.object({ id: idParam('id', '0b9d6a8e-4f7e-4c52-9b7a-2f4f3f2b9a10') });

export const interventionRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Create a manual intervention (CSM, admin)',
      security: bearerSecurity,
      middleware: actingStaff,
      request: { body: { required: true, content: { 'application/json': { schema: createBody } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: one } } },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const intervention = await createIntervention(c.var.deps, c.var.principal.sub, {
        accountId: body.account_id,
        interventionType: body.intervention_type,
        priority: body.priority,
        scheduledAt: body.scheduled_at,
        notes: body.notes ?? null,
        assignedTo: body.assigned_to ?? null,
      });
      return c.json({ intervention }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Interventions, soonest due first, with filters and cursor pagination (a member sees its own account only)',
      security: bearerSecurity,
      request: {
        query: z.object({
          status: commaList(INTERVENTION_STATUSES).optional(),
          priority: commaList(PRIORITIES).optional(),
          assigned_to: z.string().min(1).max(320).optional(),
          account_id: z.string().min(1).max(128).optional(),
          due_before: isoDateTime().optional(),
          due_after: isoDateTime().optional(),
          limit: pageSize(200, 50),
          cursor: cursorParam(timeKeyset),
          format: formatParam,
        }),
      },
      responses: {
        200: {
          description: 'A page of interventions',
          content: {
            'application/json': {
              schema: z
                .object({
                  interventions: z.array(interventionSchema.extend({ company_name: z.string().openapi({ description: "The account's name" }) })),
                  next_cursor: z.string().nullable(),
                })
                .openapi('InterventionPage'),
            },
            ...exportContent,
          },
        },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const principal = c.var.principal;
      if (q.account_id) assertCanSeeAccount(principal, q.account_id);
      const accountId = principal.role === 'member' ? (principal.accountId ?? '') : q.account_id;
      const filters = {
        status: q.status,
        priority: q.priority,
        assignedTo: q.assigned_to,
        accountId,
        dueBefore: q.due_before,
        dueAfter: q.due_after,
      };
      if (q.format !== 'json') {
        return exportResponse(c, {
          format: q.format,
          name: 'interventions',
          columns: interventionColumns,
          fetchPage: (after: TimeKey | undefined) => listInterventions(c.var.deps.db.orm, { ...filters, limit: EXPORT_PAGE_ROWS, after }),
        });
      }
      const page = await listInterventions(c.var.deps.db.orm, { ...filters, limit: q.limit, after: q.cursor });
      return c.json({ interventions: page.rows, next_cursor: encodeTimeCursor(page.next) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One intervention with its activity log',
      security: bearerSecurity,
      request: { params: idPath },
      responses: {
        200: {
          description: 'The intervention',
          content: { 'application/json': { schema: one.extend({ activity: z.array(activitySchema) }) } },
        },
        ...errorResponses(401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const found = isUuid(id) ? await interventionWithActivity(c.var.deps.db.orm, id) : null;
      if (!found) throw ApiError.notFound('intervention', id);
      assertCanSeeAccount(c.var.principal, found.intervention.account_id);
      return c.json(found, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      summary: 'Move an intervention along its lifecycle, record its outcome, reassign (CSM, admin)',
      description:
        'planned → executed → responded → completed, executed → completed, any open status → cancelled; anything else is 409. ' +
        'executed_at and completed_at are set by the server. A successful outcome rescores the account.',
      security: bearerSecurity,
      middleware: actingStaff,
      request: { params: idPath, body: { required: true, content: { 'application/json': { schema: patchBody } } } },
      responses: {
        200: { description: 'Changed', content: { 'application/json': { schema: one } } },
        ...errorResponses(400, 401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!isUuid(id)) throw ApiError.notFound('intervention', id);
      const body = c.req.valid('json');
      const intervention = await updateIntervention(
        c.var.deps,
        c.var.principal.sub,
        id,
        {
          status: body.status,
          outcome: body.outcome,
          notes: body.notes,
          assignedTo: body.assigned_to,
          priority: body.priority,
          scheduledAt: body.scheduled_at,
        },
        (accountId) => assertCanSeeAccount(c.var.principal, accountId),
      );
      return c.json({ intervention }, 200);
    },
  );
