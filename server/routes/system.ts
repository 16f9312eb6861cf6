import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { createRouter, errorResponses } from './router';

export const systemRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness and database reachability',
      security: [],
      responses: {
        200: {
          description: 'Up',
          content: { 'application/json': { schema: z.object({ status: z.literal('ok'), database: z.string() }) } },
        },
        ...errorResponses(429),
        503: {
          description: 'Database unreachable',
          content: { 'application/json': { schema: z.object({ status: z.literal('unavailable'), database: z.string() }) } },
        },
      },
    }),
    async (c) => {
      const { db } = c.var.deps;
      try {
        await db.orm.execute(sql`select 1`);
      } catch {
        return c.json({ status: 'unavailable' as const, database: db.kind }, 503);
      }
      return c.json({ status: 'ok' as const, database: db.kind }, 200);
    },
  )
  .get('/metrics', async (c) => {
    const { registry } = c.var.deps.metrics;
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });
