import { createRoute, z } from '@hono/zod-openapi';
import { actingStaff, assertCanSeeAccount } from '../auth';
import { INTERVENTION_STATUSES, INTERVENTION_TYPES, OUTCOMES } from '../domain/interventions';
import { PRIORITIES } from '../domain/scoring';
import { ApiError } from '../errors';
import { interventionView } from '../live/builders';
import { createIntervention, interventionWithActivity, listInterventions, updateIntervention } from '../services/interventions';
import { commaList, decodeCursor, encodeCursor, idParam, isoDateTime } from './query';
import { bearerSecurity, createRouter } from './router';

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

const patchBody = z
  .strictObject({
    status: z.enum(INTERVENTION_STATUSES).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    notes: z.string().max(10_000).optional().openapi({ description: 'Outcome notes' }),
    assigned_to: z.string().min(1).max(320).nullable().optional(),
    priority: z.enum(PRIORITIES).optional(),
    scheduled_at: isoDateTime().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'give at least one field to change' })
  .openapi('InterventionChange');

const cursorSchema = z.object({ t: z.string(), id: z.string() });
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
        400: { description: 'A message per invalid field' },
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const row = await createIntervention(c.var.deps, c.var.principal.sub, {
        accountId: body.account_id,
        interventionType: body.intervention_type,
        priority: body.priority,
        scheduledAt: body.scheduled_at,
        notes: body.notes ?? null,
        assignedTo: body.assigned_to ?? null,
      });
      return c.json({ intervention: interventionView(row) }, 201);
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
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(2048).optional(),
        }),
      },
      responses: {
        200: {
          description: 'A page of interventions',
          content: {
            'application/json': {
              schema: z.object({ interventions: z.array(interventionSchema), next_cursor: z.string().nullable() }).openapi('InterventionPage'),
            },
          },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const principal = c.var.principal;
      if (q.account_id) assertCanSeeAccount(principal, q.account_id);
      const accountId = principal.role === 'member' ? (principal.accountId ?? '') : q.account_id;
      const after = q.cursor ? decodeCursor(q.cursor, cursorSchema) : undefined;
      const page = await listInterventions(c.var.deps.db.orm, {
        ...(q.status ? { status: q.status } : {}),
        ...(q.priority ? { priority: q.priority } : {}),
        ...(q.assigned_to ? { assignedTo: q.assigned_to } : {}),
        ...(accountId ? { accountId } : {}),
        ...(q.due_before ? { dueBefore: q.due_before } : {}),
        ...(q.due_after ? { dueAfter: q.due_after } : {}),
        limit: q.limit,
        ...(after ? { after: { scheduledAt: new Date(after.t), id: after.id } } : {}),
      });
      const last = page.rows.at(-1);
      return c.json(
        {
          interventions: page.rows.map(interventionView),
          next_cursor:
            page.more && last ? encodeCursor({ t: (last.scheduledAt ?? new Date(8.64e15)).toISOString(), id: last.id }) : null,
        },
        200,
      );
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
        404: { description: 'Unknown intervention' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const found = z.uuid().safeParse(id).success ? await interventionWithActivity(c.var.deps.db.orm, id) : null;
      if (!found) throw ApiError.notFound('intervention', id);
      assertCanSeeAccount(c.var.principal, found.row.accountId);
      return c.json({ intervention: interventionView(found.row), activity: found.activity }, 200);
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
        404: { description: 'Unknown intervention' },
        409: { description: 'Illegal transition, or a closed intervention' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!z.uuid().safeParse(id).success) throw ApiError.notFound('intervention', id);
      const body = c.req.valid('json');
      const row = await updateIntervention(
        c.var.deps,
        c.var.principal.sub,
        id,
        {
          ...(body.status ? { status: body.status } : {}),
          ...(body.outcome ? { outcome: body.outcome } : {}),
          ...(body.notes !== undefined ? { notes: body.notes } : {}),
          ...(body.assigned_to !== undefined ? { assignedTo: body.assigned_to } : {}),
          ...(body.priority ? { priority: body.priority } : {}),
          ...(body.scheduled_at ? { scheduledAt: body.scheduled_at } : {}),
        },
        (accountId) => assertCanSeeAccount(c.var.principal, accountId),
      );
      return c.json({ intervention: interventionView(row) }, 200);
    },
  );
