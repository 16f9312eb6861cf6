import { createRoute, z } from '@hono/zod-openapi';
import { escapeHtml } from '../domain/templates';
import { unsubscribe } from '../services/automated-email';
import { createRouter, errorResponses } from './router';

const params = z.object({ token: z.string().min(1).max(2048).openapi({ param: { name: 'token', in: 'path' } }) });

/** Outside `/api`'s bearer check: the signed token in the link is the proof. */
export const unsubscribeRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/{token}',
      summary: 'Stop automated email to the address a signed link names (the link in every automated email; no login)',
      // A signed link, not a login: no bearer token, limited per address.
      security: [],
      request: { params },
      responses: {
        200: { description: 'Unsubscribed: a short page saying so', content: { 'text/html': { schema: z.string() } } },
        ...errorResponses(400, 429),
      },
    }),
    async (c) => {
      const { db, config, clock } = c.var.deps;
      const email = await unsubscribe(db, config.jwtSecret, c.req.valid('param').token, clock());
      return c.html(
        `<!doctype html><meta charset="utf-8"><title>Unsubscribed</title><p>${escapeHtml(email)} will get no further automated email from us.</p>`,
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{token}',
      summary: 'One-click unsubscribe (RFC 8058 List-Unsubscribe-Post), as mail clients send it',
      // A signed link, not a login: no bearer token, limited per address.
      security: [],
      request: { params },
      responses: {
        200: { description: 'Unsubscribed', content: { 'application/json': { schema: z.object({ unsubscribed: z.string() }) } } },
        ...errorResponses(400, 429),
      },
    }),
    async (c) => {
      const { db, config, clock } = c.var.deps;
      return c.json({ unsubscribed: await unsubscribe(db, config.jwtSecret, c.req.valid('param').token, clock()) }, 200);
    },
  );
