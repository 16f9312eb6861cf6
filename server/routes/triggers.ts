import { randomBytes } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { adminOnly, staffOnly } from '../auth';
import type { Executor } from '../db/index';
import { emailTemplates, interventionTriggers, triggerFirings } from '../db/schema';
import { ASSIGNEE_RULES, INTERVENTION_TYPES, normaliseInterval, TRIGGER_CONDITIONS, type TriggerCondition } from '../domain/interventions';
import { PRIORITIES } from '../domain/scoring';
import { ApiError, type FieldError } from '../errors';
import { decodeCursor, encodeCursor, idParam } from './query';
import { bearerSecurity, createRouter } from './router';

export const interval = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const normal = normaliseInterval(v);
    if (!normal) {
      ctx.addIssue({ code: 'custom', message: 'must be an interval such as "24 hours" or "7 days" (minutes, hours, days or weeks; at most a year)' });
      return z.NEVER;
    }
    return normal;
  })
  .openapi({ type: 'string', example: '24 hours' });

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, _ or -, starting with a letter or digit');

const conditionFields = {
  type: z.enum(TRIGGER_CONDITIONS),
  threshold: z.number().openapi({
    description: 'health_score_drop: points dropped (≥); engagement_decline: engagement below; contract_renewal: health below; support_escalation: escalations (≥)',
  }),
  time_window: interval.openapi({ description: 'The drop or escalation window; for contract_renewal, how soon the contract ends' }),
};
const actionFields = {
  type: z.enum(INTERVENTION_TYPES),
  title: z.string().trim().min(1).max(200),
  template: slug.nullable().openapi({ description: 'An email template id, or null' }),
  schedule_in: interval.openapi({ description: 'Scheduled this long after firing; "0 minutes" is now' }),
  assignee: z.enum(ASSIGNEE_RULES).openapi({
    description: "auto: the account's CSM owner, critical ones to the escalation assignee; senior_csm; escalation; account_owner",
  }),
};
const triggerFields = {
  name: z.string().trim().min(1).max(200),
  priority: z.enum(PRIORITIES),
  enabled: z.boolean(),
  cooldown_hours: z.number().int().min(0).max(8_760),
};

const createBody = z
  .strictObject({
    id: slug.optional().openapi({ description: 'Generated when absent' }),
    ...triggerFields,
    enabled: triggerFields.enabled.optional().openapi({ description: 'Default true' }),
    condition: z.strictObject(conditionFields),
    intervention: z.strictObject({
      ...actionFields,
      template: actionFields.template.optional(),
      schedule_in: actionFields.schedule_in.optional(),
      assignee: actionFields.assignee.optional(),
    }),
  })
  .openapi('NewTrigger');

const patchBody = z
  .strictObject({
    name: triggerFields.name.optional(),
    priority: triggerFields.priority.optional(),
    enabled: triggerFields.enabled.optional(),
    cooldown_hours: triggerFields.cooldown_hours.optional(),
    condition: z.strictObject(conditionFields).partial().optional(),
    intervention: z.strictObject(actionFields).partial().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' })
  .openapi('TriggerChange');

const triggerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    condition: z.object({ type: z.enum(TRIGGER_CONDITIONS), threshold: z.number(), time_window: z.string() }),
    intervention: z.object({
      type: z.enum(INTERVENTION_TYPES),
      title: z.string(),
      template: z.string().nullable(),
      schedule_in: z.string(),
      assignee: z.enum(ASSIGNEE_RULES),
    }),
    priority: z.enum(PRIORITIES),
    enabled: z.boolean(),
    cooldown_hours: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Trigger');

type TriggerRow = typeof interventionTriggers.$inferSelect;
type TriggerView = z.infer<typeof triggerSchema>;

function triggerView(r: TriggerRow): TriggerView {
  return {
    id: r.id,
    name: r.name,
    condition: { type: r.conditionType, threshold: r.threshold, time_window: r.timeWindow },
    intervention: { type: r.interventionType, title: r.interventionTitle, template: r.templateId, schedule_in: r.scheduleIn, assignee: r.assigneeRule },
    priority: r.priority,
    enabled: r.enabled,
    cooldown_hours: r.cooldownHours,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

const THRESHOLDS: Record<TriggerCondition, { min: number; max: number; integer: boolean; what: string }> = {
  health_score_drop: { min: 1, max: 100, integer: false, what: 'points of health score dropped' },
  engagement_decline: { min: 1, max: 100, integer: false, what: 'an engagement score' },
  contract_renewal: { min: 1, max: 100, integer: false, what: 'a health score' },
  support_escalation: { min: 1, max: 1_000, integer: true, what: 'a count of escalations' },
};

/** What zod cannot check alone: the threshold's range for its condition, and that the template exists. */
async function checkTrigger(executor: Executor, t: Pick<TriggerView, 'condition' | 'intervention'>): Promise<void> {
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
  if (fields.length > 0) throw new ApiError(400, 'invalid_request', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

const columns = (t: Omit<TriggerView, 'id' | 'created_at' | 'updated_at'>) => ({
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
});

const firingSchema = z
  .object({
    id: z.string(),
    trigger_id: z.string(),
    account_id: z.string(),
    outcome: z.enum(['fired', 'suppressed']),
    reason: z.enum(['cooldown', 'open_intervention']).nullable(),
    detail: z.string(),
    value: z.number(),
    threshold: z.number(),
    intervention_id: z.string().nullable(),
    fired_at: z.string(),
  })
  .openapi('TriggerFiring');

const firingQuery = z.object({
  account_id: z.string().min(1).max(128).optional(),
  outcome: z.enum(['fired', 'suppressed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2048).optional(),
});
const firingPage = z.object({ firings: z.array(firingSchema), next_cursor: z.string().nullable() }).openapi('TriggerFiringPage');
const firingCursor = z.object({ t: z.string(), id: z.string() });

/** Newest first: why a trigger did or did not open an intervention. */
async function listFirings(executor: Executor, triggerId: string | undefined, q: z.infer<typeof firingQuery>) {
  const where: SQL[] = [];
  if (triggerId) where.push(eq(triggerFirings.triggerId, triggerId));
  if (q.account_id) where.push(eq(triggerFirings.accountId, q.account_id));
  if (q.outcome) where.push(eq(triggerFirings.outcome, q.outcome));
  if (q.cursor) {
    const after = decodeCursor(q.cursor, firingCursor);
    const t = new Date(after.t);
    where.push(or(lt(triggerFirings.firedAt, t), and(eq(triggerFirings.firedAt, t), lt(triggerFirings.id, after.id))) as SQL);
  }
  const rows = await executor
    .select()
    .from(triggerFirings)
    .where(and(...where))
    .orderBy(desc(triggerFirings.firedAt), desc(triggerFirings.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    firings: page.map((f) => ({
      id: f.id,
      trigger_id: f.triggerId,
      account_id: f.accountId,
      outcome: f.outcome,
      reason: f.reason,
      detail: f.detail,
      value: f.value,
      threshold: f.threshold,
      intervention_id: f.interventionId,
      fired_at: f.firedAt.toISOString(),
    })),
    next_cursor: rows.length > q.limit && last ? encodeCursor({ t: last.firedAt.toISOString(), id: last.id }) : null,
  };
}

const idPath = z.object({ id: idParam('id', 'critical_health_drop') });
const one = z.object({ trigger: triggerSchema });

async function load(executor: Executor, id: string): Promise<TriggerRow> {
  const [row] = await executor.select().from(interventionTriggers).where(eq(interventionTriggers.id, id));
  if (!row) throw ApiError.notFound('trigger', id);
  return row;
}

export const triggerRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Automated intervention triggers',
      security: bearerSecurity,
      middleware: staffOnly,
      responses: { 200: { description: 'Triggers', content: { 'application/json': { schema: z.object({ triggers: z.array(triggerSchema) }) } } } },
    }),
    async (c) => {
      const rows = await c.var.deps.db.orm.select().from(interventionTriggers).orderBy(interventionTriggers.id);
      return c.json({ triggers: rows.map(triggerView) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Add a trigger (admin)',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { body: { required: true, content: { 'application/json': { schema: createBody } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: one } } },
        400: { description: 'A message per invalid field' },
        409: { description: 'The id is taken' },
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const orm = c.var.deps.db.orm;
      const trigger = {
        name: body.name,
        priority: body.priority,
        enabled: body.enabled ?? true,
        cooldown_hours: body.cooldown_hours,
        condition: body.condition,
        intervention: {
          ...body.intervention,
          template: body.intervention.template ?? null,
          schedule_in: body.intervention.schedule_in ?? '0 minutes',
          assignee: body.intervention.assignee ?? ('auto' as const),
        },
      };
      await checkTrigger(orm, trigger);
      const now = c.var.deps.clock();
      const id = body.id ?? `trg_${randomBytes(6).toString('hex')}`;
      const [row] = await orm
        .insert(interventionTriggers)
        .values({ id, ...columns(trigger), createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ApiError(409, 'conflict', `trigger '${id}' already exists`);
      return c.json({ trigger: triggerView(row) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/firings',
      summary: 'Firings of every trigger, newest first: what each opened, or why it was suppressed',
      security: bearerSecurity,
      middleware: staffOnly,
      request: { query: firingQuery.extend({ trigger_id: z.string().min(1).max(128).optional() }) },
      responses: { 200: { description: 'Firings', content: { 'application/json': { schema: firingPage } } } },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listFirings(c.var.deps.db.orm, q.trigger_id, q), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One trigger',
      security: bearerSecurity,
      middleware: staffOnly,
      request: { params: idPath },
      responses: { 200: { description: 'The trigger', content: { 'application/json': { schema: one } } }, 404: { description: 'Unknown trigger' } },
    }),
    async (c) => c.json({ trigger: triggerView(await load(c.var.deps.db.orm, c.req.valid('param').id)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/firings',
      summary: "One trigger's firings, newest first",
      security: bearerSecurity,
      middleware: staffOnly,
      request: { params: idPath, query: firingQuery },
      responses: { 200: { description: 'Firings', content: { 'application/json': { schema: firingPage } } }, 404: { description: 'Unknown trigger' } },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await load(c.var.deps.db.orm, id);
      return c.json(await listFirings(c.var.deps.db.orm, id, c.req.valid('query')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      summary: 'Change a trigger (admin); nested condition and intervention fields merge',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params: idPath, body: { required: true, content: { 'application/json': { schema: patchBody } } } },
      responses: {
        200: { description: 'Changed', content: { 'application/json': { schema: one } } },
        400: { description: 'A message per invalid field' },
        404: { description: 'Unknown trigger' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const orm = c.var.deps.db.orm;
      const current = triggerView(await load(orm, id));
      const merged = {
        name: body.name ?? current.name,
        priority: body.priority ?? current.priority,
        enabled: body.enabled ?? current.enabled,
        cooldown_hours: body.cooldown_hours ?? current.cooldown_hours,
        condition: { ...current.condition, ...body.condition },
        intervention: { ...current.intervention, ...body.intervention },
      };
      await checkTrigger(orm, merged);
      const [row] = await orm
        .update(interventionTriggers)
        .set({ ...columns(merged), updatedAt: c.var.deps.clock() })
        .where(eq(interventionTriggers.id, id))
        .returning();
      if (!row) throw ApiError.notFound('trigger', id);
      return c.json({ trigger: triggerView(row) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      summary: 'Delete a trigger and its firings (admin); interventions it opened stay',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params: idPath },
      responses: { 204: { description: 'Deleted' }, 404: { description: 'Unknown trigger' } },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const rows = await c.var.deps.db.orm.delete(interventionTriggers).where(eq(interventionTriggers.id, id)).returning({ id: interventionTriggers.id });
      if (rows.length === 0) throw ApiError.notFound('trigger', id);
      return c.body(null, 204);
    },
  );
