import { createRoute, z } from '@hono/zod-openapi';
import { staffOnly } from '../auth';
import { ASSIGNEE_RULES, INTERVENTION_TYPES, TRIGGER_CONDITIONS } from '../domain/interventions';
import { FIRING_OUTCOMES, MAX_HOLDOUT_PERCENT } from '../domain/playbooks';
import { PRIORITIES } from '../domain/scoring';
import { changeTrigger, createTrigger, deleteTrigger, getTrigger, listFirings, listTriggers } from '../services/triggers';
import { configRoutes, interval, newId, slug, someField } from './config-routes';
import { cursorParam, encodeTimeCursor, pageSize, timeKeyset } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';

const conditionFields = {
  type: z.enum(TRIGGER_CONDITIONS),
  threshold: z.number().openapi({
    description:
      'health_score_drop: points dropped (≥); engagement_decline: engagement below throughout the window; contract_renewal: health below; support_escalation: escalations (≥); churn_prediction: churn probability (≥, 0-1); usage_pattern_change: % drop of the last 7 days against the weekly average of the 28 before (≥)',
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
  holdout_percent: z.number().int().min(0).max(MAX_HOLDOUT_PERCENT).openapi({
    description: 'The share of firings held out as a control group (no intervention opened), 0-50; see docs/playbooks.md',
  }),
};

const createBody = z
  .strictObject({
    id: newId,
    ...triggerFields,
    enabled: triggerFields.enabled.default(true),
    holdout_percent: triggerFields.holdout_percent.default(10),
    condition: z.strictObject(conditionFields),
    intervention: z.strictObject({
      ...actionFields,
      template: actionFields.template.default(null),
      schedule_in: actionFields.schedule_in.default('0 minutes'),
      assignee: actionFields.assignee.default('auto'),
    }),
  })
  .openapi('NewTrigger');

const changeBody = someField(
  z
    .strictObject({
      ...triggerFields,
      condition: z.strictObject(conditionFields).partial(),
      intervention: z.strictObject(actionFields).partial(),
    })
    .partial(),
).openapi('TriggerChange');

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
    holdout_percent: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Trigger');

const firingSchema = z
  .object({
    id: z.string(),
    trigger_id: z.string(),
    account_id: z.string(),
    outcome: z.enum(FIRING_OUTCOMES).openapi({ description: 'fired (opened an intervention), suppressed (see reason) or held_out (control group)' }),
    reason: z.enum(['cooldown', 'open_intervention']).nullable(),
    detail: z.string(),
    value: z.number(),
    threshold: z.number(),
    intervention_id: z.string().nullable(),
    draw: z.number().nullable().openapi({ description: 'The hold-out draw in [0, 100) of a firing that was not suppressed; held out below holdout_percent' }),
    fired_at: z.string(),
  })
  .openapi('TriggerFiring');

const firingQuery = z.object({
  account_id: z.string().min(1).max(128).optional(),
  outcome: z.enum(FIRING_OUTCOMES).optional(),
  limit: pageSize(500, 100),
  cursor: cursorParam(timeKeyset),
});
const firingPage = z.object({ firings: z.array(firingSchema), next_cursor: z.string().nullable() }).openapi('TriggerFiringPage');

const routes = configRoutes({
  key: 'trigger',
  listKey: 'triggers',
  item: triggerSchema,
  create: createBody,
  change: changeBody,
  idExample: 'critical_health_drop',
  summaries: {
    list: 'Automated intervention triggers',
    get: 'One trigger',
    create: 'Add a trigger (admin)',
    change: 'Change a trigger (admin); nested condition and intervention fields merge',
    delete: 'Delete a trigger and its firings (admin); interventions it opened stay',
  },
});

const firings = async (executor: Parameters<typeof listFirings>[0], triggerId: string | undefined, q: z.infer<typeof firingQuery>) => {
  const page = await listFirings(executor, {
    triggerId,
    accountId: q.account_id,
    outcome: q.outcome,
    limit: q.limit,
    after: q.cursor,
  });
  return { firings: page.rows, next_cursor: encodeTimeCursor(page.next) };
};

export const triggerRoutes = createRouter()
  .openapi(routes.list, async (c) => c.json({ triggers: await listTriggers(c.var.deps.db.orm) }, 200))
  .openapi(routes.create, async (c) => {
    const { id, ...settings } = c.req.valid('json');
    return c.json({ trigger: await createTrigger(c.var.deps.db.orm, id, settings, c.var.deps.clock()) }, 201);
  })
  .openapi(
    createRoute({
      method: 'get',
      path: '/firings',
      summary: 'Firings of every trigger, newest first: what each opened, or why it was suppressed',
      security: bearerSecurity,
      middleware: staffOnly,
      request: { query: firingQuery.extend({ trigger_id: z.string().min(1).max(128).optional() }) },
      responses: { 200: { description: 'Firings', content: { 'application/json': { schema: firingPage } } }, ...errorResponses(400, 401, 403, 429) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await firings(c.var.deps.db.orm, q.trigger_id, q), 200);
    },
  )
  .openapi(routes.get, async (c) => c.json({ trigger: await getTrigger(c.var.deps.db.orm, c.req.valid('param').id) }, 200))
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}/firings',
      summary: "One trigger's firings, newest first",
      security: bearerSecurity,
      middleware: staffOnly,
      request: { params: routes.params, query: firingQuery },
      responses: { 200: { description: 'Firings', content: { 'application/json': { schema: firingPage } } }, ...errorResponses(400, 401, 403, 404, 429) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await getTrigger(c.var.deps.db.orm, id);
      return c.json(await firings(c.var.deps.db.orm, id, c.req.valid('query')), 200);
    },
  )
  .openapi(routes.change, async (c) => {
    const trigger = await changeTrigger(c.var.deps.db.orm, c.req.valid('param').id, c.req.valid('json'), c.var.deps.clock());
    return c.json({ trigger }, 200);
  })
  .openapi(routes.delete, async (c) => {
    await deleteTrigger(c.var.deps.db.orm, c.req.valid('param').id);
    return c.body(null, 204);
  });
