import { z } from '@hono/zod-openapi';
import { ALERT_METRICS, ALERT_OPERATORS, RULE_CHANNELS } from '../domain/alerts';
import { PRIORITIES } from '../domain/scoring';
import { changeAlertRule, createAlertRule, deleteAlertRule, getAlertRule, listAlertRules } from '../services/alert-rules';
import { configRoutes, interval, newId, someField } from './config-routes';
import { createRouter } from './router';

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
    id: newId,
    ...fields,
    enabled: fields.enabled.default(true),
    condition: z.strictObject({ ...conditionFields, time_window: conditionFields.time_window.default(null) }),
  })
  .openapi('NewAlertRule');
const changeBody = someField(z.strictObject({ ...fields, condition: z.strictObject(conditionFields).partial() }).partial()).openapi(
  'AlertRuleChange',
);

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

const routes = configRoutes({
  key: 'rule',
  listKey: 'rules',
  item: ruleSchema,
  create: createBody,
  change: changeBody,
  idExample: 'critical_health_score',
  summaries: {
    list: 'Alert rules',
    get: 'One alert rule',
    create: 'Add an alert rule (admin)',
    change: 'Change an alert rule (admin); condition fields merge',
    delete: 'Delete an alert rule (admin); its alerts stay',
  },
});

export const alertRuleRoutes = createRouter()
  .openapi(routes.list, async (c) => c.json({ rules: await listAlertRules(c.var.deps.db.orm) }, 200))
  .openapi(routes.create, async (c) => {
    const { id, ...settings } = c.req.valid('json');
    return c.json({ rule: await createAlertRule(c.var.deps.db.orm, id, settings, c.var.deps.clock()) }, 201);
  })
  .openapi(routes.get, async (c) => c.json({ rule: await getAlertRule(c.var.deps.db.orm, c.req.valid('param').id) }, 200))
  .openapi(routes.change, async (c) => {
    const rule = await changeAlertRule(c.var.deps.db.orm, c.req.valid('param').id, c.req.valid('json'), c.var.deps.clock());
    return c.json({ rule }, 200);
  })
  .openapi(routes.delete, async (c) => {
    await deleteAlertRule(c.var.deps.db.orm, c.req.valid('param').id);
    return c.body(null, 204);
  });
