import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, staffOnly } from '../auth';
import { BUILT_IN_SCORECARDS, scorecardSchema } from '../domain/scorecard';
import { HEALTH_STATUSES, PRIORITIES } from '../domain/scoring';
import { OUTCOME_DAYS, previewScorecard } from '../services/scorecard-preview';
import { activeScorecard, saveScorecard, scorecardHistory } from '../services/scorecards';
import { cursorParam, encodeCursor, pageSize } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';

const scorecardResponse = z
  .object({
    scorecard: scorecardSchema.extend({ version: z.number().int() }),
    built_in_profiles: z.array(scorecardSchema),
  })
  .openapi('Scorecard');

const count = z.number().int();
const statusCounts = z.object(Object.fromEntries(HEALTH_STATUSES.map((s) => [s, count])) as Record<(typeof HEALTH_STATUSES)[number], typeof count>);
const interval = z.object({ estimate: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() });
const scoredState = z.object({ health_score: count, status: z.enum(HEALTH_STATUSES), intervention_priority: z.enum(PRIORITIES) });
const band = z.object({
  snapshots: count,
  churned: count,
  churn_rate: interval.nullable().openapi({ description: 'Share followed by a churn within the horizon, Wilson 95 % interval' }),
});
const separation = z.object({
  auc: interval.openapi({ description: 'ROC AUC of 100 − score for churn within the horizon, bootstrap 95 % interval by account' }),
  churn_rate_by_status: z.object(Object.fromEntries(HEALTH_STATUSES.map((s) => [s, band])) as Record<(typeof HEALTH_STATUSES)[number], typeof band>),
});

const previewResponse = z
  .object({
    current_scorecard_version: count.nullable().openapi({ description: 'Null while no scorecard was saved (the reference is in force)' }),
    status_counts: z.object({ current: statusCounts, proposed: statusCounts }).openapi({ description: "Today's live accounts by status" }),
    changes: z.array(z.object({ customer_id: z.string(), company_name: z.string(), current: scoredState, proposed: scoredState })).openapi({
      description: 'Accounts whose status or priority would change, by customer id',
    }),
    changed_total: count,
    next_cursor: z.string().nullable(),
    history: z.object({
      horizon_days: count,
      snapshots: count.openapi({ description: 'Snapshots whose outcome is known that both scorecards could rescore' }),
      accounts: count,
      churned_snapshots: count,
      resamples: count,
      current: separation,
      proposed: separation,
      auc_difference: interval
        .extend({ shareAboveB: z.number().nullable() })
        .openapi({ description: 'AUC proposed − current on the same resamples; shareAboveB: share of resamples where the proposal wins' }),
    }),
  })
  .openapi('ScorecardPreview');

export const scorecardRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'The scorecard in force and the built-in profiles',
      security: bearerSecurity,
      middleware: staffOnly,
      responses: { 200: { description: 'Scorecard', content: { 'application/json': { schema: scorecardResponse } } }, ...errorResponses(401, 403, 429) },
    }),
    async (c) =>
      c.json({ scorecard: await activeScorecard(c.var.deps.db.orm), built_in_profiles: BUILT_IN_SCORECARDS }, 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/',
      summary: 'Save a new scorecard version and rescore every account with it (admin)',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { body: { required: true, content: { 'application/json': { schema: scorecardSchema } } } },
      responses: {
        200: {
          description: 'Saved and applied',
          content: {
            'application/json': {
              schema: scorecardResponse.extend({ rescored: z.number().int() }),
            },
          },
        },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const deps = c.var.deps;
      const previous = await activeScorecard(deps.db.orm);
      const scorecard = await saveScorecard(deps.db.orm, c.req.valid('json'), c.var.principal.sub);
      const { rescored } = await deps.pipeline.rescore(undefined, { event: 'scorecard_changed', previous_version: previous.version, created_by: c.var.principal.sub });
      return c.json({ scorecard, built_in_profiles: BUILT_IN_SCORECARDS, rescored }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/preview',
      summary: `What a proposed scorecard would change today, and how well it and the current one separated churn within ${OUTCOME_DAYS} days over history (admin; stores nothing)`,
      security: bearerSecurity,
      middleware: adminOnly,
      request: {
        query: z.object({ limit: pageSize(200, 50), cursor: cursorParam(z.object({ id: z.string() })) }),
        body: { required: true, content: { 'application/json': { schema: scorecardSchema } } },
      },
      responses: {
        200: { description: 'The preview', content: { 'application/json': { schema: previewResponse } } },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const { deps } = c.var;
      const { limit, cursor } = c.req.valid('query');
      const preview = await previewScorecard(deps.db.orm, {
        now: deps.clock(),
        proposal: c.req.valid('json'),
        churnModel: deps.pipeline.churnModel,
        trained: await deps.pipeline.activeTrainedModel(deps.db.orm),
        limit,
        after: cursor?.id,
      });
      const { more_after: after, ...body } = preview;
      return c.json({ ...body, next_cursor: after === null ? null : encodeCursor({ id: after }) }, 200);
    },
  );

const scorecardVersionSchema = z
  .object({
    version: z.number().int(),
    profile: z.string(),
    created_by: z.string(),
    created_at: z.string(),
    active: z.boolean(),
    changes: z
      .array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() }))
      .openapi({ description: 'What differs from the version before (empty for the first)' }),
    scorecard: scorecardSchema,
  })
  .openapi('ScorecardVersion');

/** `GET /api/scorecards`: every saved version, newest first, with who changed what and when. */
export const scorecardVersionRoutes = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Every scorecard version, newest first: who changed what, when',
    security: bearerSecurity,
    middleware: staffOnly,
    responses: {
      200: { description: 'Versions', content: { 'application/json': { schema: z.object({ versions: z.array(scorecardVersionSchema) }) } } },
      ...errorResponses(401, 403, 429),
    },
  }),
  async (c) => c.json({ versions: await scorecardHistory(c.var.deps.db.orm) }, 200),
);
