import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, gte, lte, desc } from 'drizzle-orm';
import { adminOnly, assertCanSeeAccount } from '../auth';
import { accounts, healthScores, healthSnapshots } from '../db/schema';
import { churnRiskCategory, HEALTH_STATUSES, PRIORITIES, RISK_LEVELS, scoreAccount } from '../domain/scoring';
import { ApiError } from '../errors';
import type { Services } from '../services/index';
import { scorecardVersion } from '../services/scorecards';
import { bearerSecurity, createRouter } from './router';

const DAY = 86_400_000;

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
  })
  .openapi('CustomerHealth');

const rescoreBody = z.object({
  account_ids: z.array(z.string().min(1)).min(1).max(100_000).optional(),
});

async function loadHealth(deps: Services, id: string) {
  const { orm } = deps.db;
  const [row] = await orm
    .select({ account: accounts, health: healthScores })
    .from(accounts)
    .leftJoin(healthScores, eq(healthScores.accountId, accounts.id))
    .where(eq(accounts.id, id));
  return row;
}

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
        403: { description: 'Outside the token scope' },
        404: { description: 'Unknown customer' },
      },
    }),
    async (c) => {
      const { customer_id: id } = c.req.valid('param');
      assertCanSeeAccount(c.var.principal, id);
      const deps = c.var.deps;
      let row = await loadHealth(deps, id);
      if (!row) throw ApiError.notFound('customer', id);
      // A new account is scored on first sight rather than answered with a hole.
      if (!row.health && !row.account.churnedAt) {
        await deps.pipeline.rescore([id]);
        row = await loadHealth(deps, id);
      }
      const health = row?.health;
      if (!row || !health) throw new ApiError(404, 'not_scored', `customer '${id}' churned before it was ever scored`);

      // The stored inputs and the immutable scorecard version reproduce the explanation exactly.
      const scorecard = await scorecardVersion(deps.db.orm, health.scorecardVersion);
      if (!scorecard) throw new Error(`scorecard version ${health.scorecardVersion} is missing`);
      const { explanation } = scoreAccount(health.factors, scorecard, null);

      const now = deps.clock();
      const history = await deps.db.orm
        .select()
        .from(healthSnapshots)
        .where(and(eq(healthSnapshots.accountId, id), gte(healthSnapshots.takenAt, new Date(now.getTime() - 90 * DAY))))
        .orderBy(asc(healthSnapshots.takenAt));
      const [before] = await deps.db.orm
        .select({ score: healthSnapshots.overallScore })
        .from(healthSnapshots)
        .where(and(eq(healthSnapshots.accountId, id), lte(healthSnapshots.takenAt, new Date(now.getTime() - 30 * DAY))))
        .orderBy(desc(healthSnapshots.takenAt))
        .limit(1);

      return c.json(
        {
          customer_id: id,
          company_name: row.account.name,
          health_score: health.overallScore,
          status: health.status,
          components: health.components,
          explanation,
          risk_level: health.riskLevel,
          churn_probability: health.churnProbability,
          churn_risk_category: health.churnProbability === null ? null : churnRiskCategory(health.churnProbability),
          churn_model_version: health.churnModelVersion,
          intervention_priority: health.priority,
          risk_factors: health.riskFactors,
          scorecard_version: health.scorecardVersion,
          last_updated: health.computedAt.toISOString(),
          change_30d: before ? health.overallScore - before.score : null,
          history: history.map((s) => ({
            taken_at: s.takenAt.toISOString(),
            health_score: s.overallScore,
            status: s.status,
            risk_level: s.riskLevel,
            churn_probability: s.churnProbability,
            intervention_priority: s.priority,
            components: s.components,
          })),
        },
        200,
      );
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
