import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, staffOnly } from '../auth';
import { BUILT_IN_SCORECARDS, scorecardSchema } from '../domain/scorecard';
import { activeScorecard, saveScorecard } from '../services/scorecards';
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
      const scorecard = await saveScorecard(deps.db.orm, c.req.valid('json'), c.var.principal.sub);
      const { rescored } = await deps.pipeline.rescore();
      return c.json({ scorecard, built_in_profiles: BUILT_IN_SCORECARDS, rescored }, 200);
    },
  );
