import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, staffOnly } from '../auth';
import { BUILT_IN_SCORECARDS, scorecardSchema } from '../domain/scorecard';
import { activeScorecard, saveScorecard, scorecardHistory } from '../services/scorecards';
import { bearerSecurity, createRouter, errorResponses } from './router';

const scorecardResponse = z
  .object({
    scorecard: scorecardSchema.extend({ version: z.number().int() }),
    built_in_profiles: z.array(scorecardSchema),
  })
  .openapi('Scorecard');

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
      const { rescored } = await deps.pipeline.rescore(undefined, { previous_version: previous.version, created_by: c.var.principal.sub });
      return c.json({ scorecard, built_in_profiles: BUILT_IN_SCORECARDS, rescored }, 200);
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
