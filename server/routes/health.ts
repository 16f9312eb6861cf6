import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, assertCanSeeAccount } from '../auth';
import { INTERVENTION_TYPES } from '../domain/interventions';
import { HEALTH_STATUSES, PRIORITIES, RISK_LEVELS } from '../domain/scoring';
import { customerHealth } from '../services/health';
import { bearerSecurity, createRouter, errorResponses } from './router';
import { dayText } from '../validation';

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
  coverage: z.number().nullable().openapi({ description: 'Share of the weight that stood on data; null before it was measured' }),
  scorecard_version: z.number().int().openapi({ description: 'The scorecard version that made the snapshot' }),
  backfilled: z.boolean().openapi({ description: 'Computed afterwards, as of taken_at, by a backfill' }),
});

const upliftSchema = z.object({ estimate: z.number(), lower: z.number(), upper: z.number() });
const recommendedActionSchema = z
  .discriminatedUnion('basis', [
    z.object({
      basis: z.literal('evidence'),
      trigger_id: z.string(),
      intervention_type: z.enum(INTERVENTION_TYPES),
      title: z.string(),
      reason: z.string(),
      evidence: z.object({
        risk_level: z.enum(RISK_LEVELS),
        window_days: z.number().int(),
        treated: z.number().int(),
        held_out: z.number().int(),
        uplift: upliftSchema.openapi({ description: 'Churn prevented (held-out minus treated rate), 95 % interval' }),
      }),
    }),
    z.object({
      basis: z.literal('rule'),
      rule: z.string(),
      intervention_type: z.enum(INTERVENTION_TYPES),
      title: z.string(),
      reason: z.string(),
      evidence: z.null(),
    }),
  ])
  .openapi('RecommendedAction');

/** A risk factor as a code with parameters (what a client translates) and its English sentence. */
export const riskFactorSchema = z
  .object({
    code: z.string().openapi({
      description:
        'payment_failed, payment_overdue, contract_ended_days, contract_ends_today, contract_ends_days, never_logged_in, no_login_days, low_engagement, escalations_90d, open_tickets, negative_nps; other for a sentence no code describes (more codes may come: show text for one you do not know)',
      example: 'no_login_days',
    }),
    params: z.record(z.string(), z.number()).openapi({ example: { days: 14 } }),
    text: z.string().openapi({ description: 'The English sentence, as in risk_factors', example: 'No login in 14 days' }),
  })
  .openapi('RiskFactor');

const healthDetailSchema = z
  .object({
    customer_id: z.string(),
    company_name: z.string(),
    health_score: z.number().int().openapi({ description: 'For a churned account: its last score before the churn' }),
    status: z.enum([...HEALTH_STATUSES, 'churned']),
    churned_at: z.string().optional().openapi({ description: 'Only for a churned account' }),
    components: z.record(z.string(), z.number()),
    explanation: z.unknown().openapi({ description: 'Null for a churned account' }),
    risk_level: z.enum(RISK_LEVELS),
    churn_probability: z.number().nullable(),
    churn_risk_category: z.enum(RISK_LEVELS).nullable(),
    churn_model_version: z.string().nullable(),
    churn_horizon_days: z.number().int().nullable().openapi({
      description: 'The probability is the chance of churning within this many days; null for the hand-set model, which has no horizon',
    }),
    churn_drivers: z
      .array(
        z.object({
          feature: z.string(),
          value: z.union([z.number(), z.string()]).nullable(),
          contribution: z.number().openapi({ description: 'Log-odds added; positive raises the churn probability' }),
          text: z.string().openapi({ example: 'no login for 41 days' }),
        }),
      )
      .openapi({ description: "The five features that moved the trained model's probability most; empty for the hand-set model and a churned account" }),
    intervention_priority: z.enum(PRIORITIES),
    risk_factors: z.array(z.string()),
    risk_factor_details: z.array(riskFactorSchema).optional().openapi({ description: 'The risk_factors as codes with parameters, in the same order (always sent; optional for data given to a widget by a page)' }),
    coverage: z.number().min(0).max(1).nullable().openapi({
      description:
        "Share 0-1 of the scorecard's weight whose inputs had any data for the account when it was scored; null only for a churned account whose last snapshot predates coverage",
    }),
    unknown_factors: z.array(z.string()).openapi({
      description: 'Factors that fell back to a default for want of data (missing support data scores a neutral 80, missing adoption data 0)',
    }),
    scorecard_version: z.number().int(),
    last_updated: z.string(),
    change_30d: z.number().nullable().openapi({ description: 'Score now minus the score 30 days ago' }),
    history: z.array(snapshotSchema).openapi({ description: 'Snapshots of the last history_days (up to the churn for a churned account), oldest first' }),
    customer_since: z.string().nullable().openapi({ description: "The host's date, else the day of the first event" }),
    traits: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    recommended_actions: z.array(recommendedActionSchema).openapi({
      description:
        "Staff only (empty for a member and for a churned account): plays ranked by measured uplift in the account's risk band, with their evidence; without sufficient evidence, the reference's rule, labelled basis: rule",
    }),
  })
  .openapi('CustomerHealth');

const backfillBody = z.object({
  from: dayText.optional().openapi({ description: 'First step (UTC midnight); default: the day of the oldest activity' }),
  every_days: z.number().int().min(1).max(366).default(7),
});

const backfillResult = z
  .object({
    from: z.string(),
    to: z.string(),
    every_days: z.number().int(),
    steps: z.number().int(),
    snapshots: z.number().int(),
    scorecard_version: z.number().int(),
    churn_model_version: z.string().nullable(),
    duration_ms: z.number(),
  })
  .openapi('BackfillResult');

const rescoreBody = z.object({
  account_ids: z.array(z.string().min(1)).min(1).max(100_000).optional(),
});

export const healthRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/health/{customer_id}',
      summary: "One customer's health: score, components, explanation, risk and its history (90 days unless asked)",
      security: bearerSecurity,
      request: {
        params: z.object({ customer_id: customerId }),
        query: z.object({
          history_days: z.coerce.number().int().min(1).max(36_500).default(90).openapi({ description: 'Days of history, up to the whole of it' }),
        }),
      },
      responses: {
        200: { description: 'Current health', content: { 'application/json': { schema: healthDetailSchema } } },
        ...errorResponses(400, 401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { customer_id: id } = c.req.valid('param');
      assertCanSeeAccount(c.var.principal, id);
      return c.json(await customerHealth(c.var.deps, id, { withRecommendations: c.var.principal.role !== 'member', historyDays: c.req.valid('query').history_days }), 200);
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
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/backfill',
      summary: 'Recompute the score history with the active scorecard and churn model (admin); no alerts, one history_rebuilt event',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { body: { required: false, content: { 'application/json': { schema: backfillBody } } } },
      responses: {
        200: { description: 'Backfilled', content: { 'application/json': { schema: backfillResult } } },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const body = c.req.valid('json') ?? { every_days: 7 };
      const result = await c.var.deps.pipeline.backfill({
        ...(body.from ? { from: new Date(`${body.from}T00:00:00Z`) } : {}),
        everyDays: body.every_days,
      });
      return c.json(result, 200);
    },
  );
