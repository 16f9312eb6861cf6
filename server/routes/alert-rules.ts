import { randomBytes } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { adminOnly, staffOnly } from '../auth';
import type { Executor } from '../db/index';
import { alertRules } from '../db/schema';
import { ALERT_METRICS, ALERT_OPERATORS, RULE_CHANNELS } from '../domain/alerts';
import { PRIORITIES } from '../domain/scoring';
import { ApiError, type FieldError } from '../errors';
import { idParam } from './query';
import { bearerSecurity, createRouter } from './router';
import { interval, slug } from './triggers';

const conditionFields = {
  metric: z.enum(ALERT_METRICS),
  operator: z.enum(ALERT_OPERATORS),
  threshold: z.number().openapi({ description: 'A score for lt/gt/eq; for changed_by a signed change: −20 is a drop of 20 or more' }),
  time_window: interval.nullable().openapi({ description: 'Required for changed_by' }),
};
const fields = {
  name: z.string().trim().min(1).max(200),
  channels: z
    .array(z.enum(RULE_CHANNELS))
    .min(1)
    .max(RULE_CHANNELS.length)
    .refine((list) => new Set(list).size === list.length, { message: 'each channel once' }),
  severity: z.enum(PRIORITIES),
  enabled: z.boolean(),
  cooldown_minutes: z.number().int().min(0).max(525_600),
};

const createBody = z
  .strictObject({
    id: slug.optional().openapi({ description: 'Generated when absent' }),
    ...fields,
    enabled: fields.enabled.optional().openapi({ description: 'Default true' }),
    condition: z.strictObject({ ...conditionFields, time_window: conditionFields.time_window.optional() }),
  })
  .openapi('NewAlertRule');
const patchBody = z
  .strictObject({
    name: fields.name.optional(),
    channels: fields.channels.optional(),
    severity: fields.severity.optional(),
    enabled: fields.enabled.optional(),
    cooldown_minutes: fields.cooldown_minutes.optional(),
    condition: z.strictObject(conditionFields).partial().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' })
  .openapi('AlertRuleChange');

const ruleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    condition: z.object({
      metric: z.enum(ALERT_METRICS),
      operator: z.enum(ALERT_OPERATORS),
      threshold: z.number(),
      time_window: z.string().nullable(),
    }),
    channels: z.array(z.enum(RULE_CHANNELS)),
    severity: z.enum(PRIORITIES),
    enabled: z.boolean(),
    cooldown_minutes: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('AlertRule');

type RuleRow = typeof alertRules.$inferSelect;
type RuleView = z.infer<typeof ruleSchema>;

const view = (r: RuleRow): RuleView => ({
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

/** The rules zod cannot express per field: ranges by operator, and the window changed_by needs. */
function checkCondition(c: RuleView['condition']) {
  const errors: FieldError[] = [];
  if (c.operator === 'changed_by') {
    if (c.threshold === 0 || Math.abs(c.threshold) > 100) {
      errors.push({ field: 'condition.threshold', message: 'for changed_by: a change from −100 to 100 other than 0 (negative is a drop)' });
    }
    if (!c.time_window) errors.push({ field: 'condition.time_window', message: 'changed_by needs the window the change is measured over' });
  } else if (c.threshold < 0 || c.threshold > 100) {
    errors.push({ field: 'condition.threshold', message: `for ${c.operator}: a score from 0 to 100` });
  }
  if (errors.length > 0) throw new ApiError(400, 'invalid_request', errors.map((f) => `${f.field}: ${f.message}`).join('; '), errors);
}

const columns = (r: Omit<RuleView, 'id' | 'created_at' | 'updated_at'>) => ({
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

async function load(executor: Executor, id: string): Promise<RuleRow> {
  const [row] = await executor.select().from(alertRules).where(eq(alertRules.id, id));
  if (!row) throw ApiError.notFound('alert rule', id);
  return row;
}

const idPath = z.object({ id: idParam('id', 'critical_health_score') });
const one = z.object({ rule: ruleSchema });

export const alertRuleRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Alert rules',
      security: bearerSecurity,
      middleware: staffOnly,
      responses: { 200: { description: 'Rules', content: { 'application/json': { schema: z.object({ rules: z.array(ruleSchema) }) } } } },
    }),
    async (c) => {
      const rows = await c.var.deps.db.orm.select().from(alertRules).orderBy(alertRules.id);
      return c.json({ rules: rows.map(view) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Add an alert rule (admin)',
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
      const rule = { ...body, enabled: body.enabled ?? true, condition: { ...body.condition, time_window: body.condition.time_window ?? null } };
      checkCondition(rule.condition);
      const now = c.var.deps.clock();
      const id = body.id ?? `rule_${randomBytes(6).toString('hex')}`;
      const [row] = await c.var.deps.db.orm
        .insert(alertRules)
        .values({ id, ...columns(rule), createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ApiError(409, 'conflict', `alert rule '${id}' already exists`);
      return c.json({ rule: view(row) }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One alert rule',
      security: bearerSecurity,
      middleware: staffOnly,
      request: { params: idPath },
      responses: { 200: { description: 'The rule', content: { 'application/json': { schema: one } } }, 404: { description: 'Unknown rule' } },
    }),
    async (c) => c.json({ rule: view(await load(c.var.deps.db.orm, c.req.valid('param').id)) }, 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/{id}',
      summary: 'Change an alert rule (admin); condition fields merge',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params: idPath, body: { required: true, content: { 'application/json': { schema: patchBody } } } },
      responses: {
        200: { description: 'Changed', content: { 'application/json': { schema: one } } },
        400: { description: 'A message per invalid field' },
        404: { description: 'Unknown rule' },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const orm = c.var.deps.db.orm;
      const current = view(await load(orm, id));
      const merged = {
        name: body.name ?? current.name,
        channels: body.channels ?? current.channels,
        severity: body.severity ?? current.severity,
        enabled: body.enabled ?? current.enabled,
        cooldown_minutes: body.cooldown_minutes ?? current.cooldown_minutes,
        condition: { ...current.condition, ...body.condition },
      };
      checkCondition(merged.condition);
      const [row] = await orm
        .update(alertRules)
        .set({ ...columns(merged), updatedAt: c.var.deps.clock() })
        .where(eq(alertRules.id, id))
        .returning();
      if (!row) throw ApiError.notFound('alert rule', id);
      return c.json({ rule: view(row) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/{id}',
      summary: 'Delete an alert rule (admin); its alerts stay',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params: idPath },
      responses: { 204: { description: 'Deleted' }, 404: { description: 'Unknown rule' } },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const rows = await c.var.deps.db.orm.delete(alertRules).where(eq(alertRules.id, id)).returning({ id: alertRules.id });
      if (rows.length === 0) throw ApiError.notFound('alert rule', id);
      return c.body(null, 204);
    },
  );
