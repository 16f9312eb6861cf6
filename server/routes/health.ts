import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, assertCanSeeAccount } from '../auth';
import { HEALTH_STATUSES, PRIORITIES, RISK_LEVELS } from '../domain/scoring';
import { customerHealth } from '../services/health';
import { bearerSecurity, createRouter, errorResponses } from './router';

const customerId = z
  .string()
  .min(1)
  .max(128)
  .openapi({ param: { name: 'customer_id', in: 'path' }, example: 'cust_12345' });

const snapshotSchema = z.object({
  taken_at: z.string(),
  health_score: z.number(),
  status: z.enum(HEALTH_STATUSES),
  risk_level: z.enum(RISK_LEVELS),
  churn_probability: z.number().nullable(),
  intervention_priority: z.enum(PRIORITIES),
  components: z.record(z.string(), z.number()),
});

const healthDetailSchema = z
  .object({
    customer_id: z.string(),
    company_name: z.string(),
    health_score: z.number().int(),
    status: z.enum(HEALTH_STATUSES),
    components: z.record(z.string(), z.number()),
    explanation: z.unknown(),
    risk_level: z.enum(RISK_LEVELS),
    churn_probability: z.number().nullable(),
    churn_risk_category: z.enum(RISK_LEVELS).nullable(),
    churn_model_version: z.string().nullable(),
    intervention_priority: z.enum(PRIORITIES),
    risk_factors: z.array(z.string()),
    scorecard_version: z.number().int(),
    last_updated: z.string(),
    change_30d: z.number().nullable().openapi({ description: 'Score now minus the score 30 days ago' }),
    history: z.array(snapshotSchema).openapi({ description: 'Snapshots of the last 90 days, oldest first' }),
    customer_since: z.string().nullable().openapi({ description: "The host's date, else the day of the first event" }),
    traits: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  })
  .openapi('CustomerHealth');

const rescoreBody = z.object({
  account_ids: z.array(z.string().min(1)).min(1).max(100_000).optional(),
});

export const healthRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/health/{customer_id}',
      summary: "One customer's health: score, components, explanation, risk and 90 days of history",
      security: bearerSecurity,
      request: { params: z.object({ customer_id: customerId }) },
      responses: {
        200: { description: 'Current health', content: { 'application/json': { schema: healthDetailSchema } } },
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { customer_id: id } = c.req.valid('param');
      assertCanSeeAccount(c.var.principal, id);
      return c.json(await customerHealth(c.var.deps, id), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/rescore',
      summary: 'Rescore every account, or the listed ones (admin)',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { body: { required: false, content: { 'application/json': { schema: rescoreBody } } } },
      responses: {
        200: {
          description: 'Rescored',
          content: {
            'application/json': {
              schema: z.object({ rescored: z.number().int(), changed: z.number().int(), scorecard_version: z.number().int(), duration_ms: z.number() }),
            },
          },
        },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const body = c.req.valid('json') ?? {};
      const result = await c.var.deps.pipeline.rescore(body.account_ids);
      return c.json(
        {
          rescored: result.rescored,
          changed: result.changed.length,
          scorecard_version: result.scorecard_version,
          duration_ms: result.duration_ms,
        },
        200,
      );
    },
  );
