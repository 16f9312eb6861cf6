import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly } from '../auth';
import { ApiError } from '../errors';
import { importEvents, ndjsonLines } from '../services/import';
import { bearerSecurity, createRouter, errorResponses } from './router';

const summarySchema = z
  .object({
    lines: z.number().int(),
    accepted: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  })
  .openapi('ImportSummary');

export const importRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/',
    summary: 'Backfill: NDJSON of inbound events (plus an optional delivery id), streamed, one transaction per 500 lines',
    description: 'Content-Type application/x-ndjson; each line {id?, type, timestamp, data} as in POST /api/webhooks/inbound.',
    security: bearerSecurity,
    middleware: adminOnly,
    responses: {
      200: { description: 'What was accepted, already known and rejected (with line numbers)', content: { 'application/json': { schema: summarySchema } } },
      ...errorResponses(400, 401, 403, 429),
    },
  }),
  async (c) => {
    const body = c.req.raw.body;
    if (!body) throw new ApiError(400, 'invalid_request', 'body: NDJSON lines are required', [{ field: 'body', message: 'required' }]);
    const { db, pipeline, rescoreWorker } = c.var.deps;
    const summary = await importEvents(
      (work) => db.orm.transaction(work).finally(() => rescoreWorker.wake()),
      pipeline,
      ndjsonLines(body),
    );
    return c.json(summary, 200);
  },
);
