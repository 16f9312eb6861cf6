import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { createRoute, z } from '@hono/zod-openapi';
import { bearerToken, verifyToken } from '../auth';
import { corsHeaders } from '../cors';
import { ApiError } from '../errors';
import { LIVE_EVENT_TYPES } from '../live/events';
import { openEventStream } from '../live/stream';
import type { Principal } from '../principal';
import { issueTicket, redeemTicket } from '../services/event-tickets';
import type { Services } from '../services/index';
import { bearerSecurity, createRouter, errorResponses } from './router';

const commaSet = <T extends string>(values: readonly [T, ...T[]] | null, field: string) =>
  z
    .string()
    .max(10_000)
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return null;
      const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = values ? items.filter((i) => !(values as readonly string[]).includes(i)) : [];
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `${field}: unknown ${unknown.join(', ')}; one of ${values!.join(', ')}` });
        return z.NEVER;
      }
      return new Set(items) as Set<T>;
    });

const streamQuery = z.object({
  ticket: z.string().max(200).optional().openapi({ description: 'From POST /api/events/ticket; or send a bearer token' }),
  types: commaSet(LIVE_EVENT_TYPES, 'types').openapi({ type: 'string', description: 'Comma list of event types' }),
  account_ids: commaSet(null, 'account_ids').openapi({ type: 'string', description: 'Comma list of account ids' }),
  last_event_id: z.coerce.number().int().min(0).optional().openapi({ description: 'Resume after this id (or send Last-Event-ID)' }),
});

/** When a client whose token holds every stream slot may try again. */
const STREAM_RETRY_AFTER_SECONDS = 30;

/** The stream itself: outside the bearer-only `/api` router, since EventSource cannot send headers. */
export const eventStreamRoutes = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/',
    summary: 'Server-sent events: customer_health_update, churn_alert, intervention_update, status_update',
    security: bearerSecurity,
    request: { query: streamQuery },
    responses: {
      200: { description: 'An event stream; a `reset` event means "refetch everything"', content: { 'text/event-stream': { schema: z.string() } } },
      ...errorResponses(400, 401, 429, 503),
    },
  }),
  async (c) => {
    const { deps } = c.var;
    if (!deps.hub) throw new ApiError(503, 'live_disabled', 'real-time updates are switched off (RK_FEATURE_REAL_TIME_UPDATES)');
    const query = c.req.valid('query');
    const principal = await streamPrincipal(c.req.header('authorization'), query.ticket, deps);
    const headerId = c.req.header('last-event-id');
    const lastEventId = query.last_event_id ?? (headerId && /^\d+$/.test(headerId) ? Number(headerId) : null);
    const { outgoing } = (c.env ?? {}) as Partial<HttpBindings>;
    if (!outgoing) throw new ApiError(503, 'stream_unavailable', 'event streams need the Node HTTP server');
    // None while the response waits behind a pipelined one.
    const socket = outgoing.socket;
    if (!socket) throw new ApiError(503, 'stream_unavailable', 'an event stream needs a connection of its own');
    const release = deps.streamQuota.acquire(principal.tokenId);
    if (!release) {
      c.header('retry-after', String(STREAM_RETRY_AFTER_SECONDS));
      throw new ApiError(429, 'too_many_streams', `this token already holds ${deps.streamQuota.perToken} open event streams; close one first`);
    }
    await openEventStream(deps.hub, outgoing, socket, {
      principal,
      filter: { types: query.types, accountIds: query.account_ids },
      lastEventId,
      // Written past Hono, whose CORS middleware never sees this response (see app.ts).
      headers: corsHeaders(c.req.header('origin'), deps.config.corsOrigins),
      onClose: release,
    });
    return RESPONSE_ALREADY_SENT;
  },
);

/** A ticket (single use, within 60 s) or a bearer token, which also bounds the stream's life. */
async function streamPrincipal(authorization: string | undefined, ticket: string | undefined, deps: Services): Promise<Principal> {
  if (ticket) {
    const principal = await redeemTicket(deps.db.orm, ticket, new Date());
    if (!principal) throw new ApiError(401, 'unauthorized', 'ticket is unknown, used or expired; request a new one');
    return principal;
  }
  const token = bearerToken(authorization);
  if (!token) throw new ApiError(401, 'unauthorized', 'a ticket or Authorization: Bearer <token> is required');
  return verifyToken(token, deps.config.jwtSecret);
}

/** Inside `/api`: a bearer token in, a single-use stream ticket out. */
export const eventTicketRoutes = createRouter().openapi(
  createRoute({
    method: 'post',
    path: '/ticket',
    summary: 'Exchange the bearer token for a single-use EventSource ticket valid 60 s',
    security: bearerSecurity,
    responses: {
      201: {
        description: 'The ticket and the stream URL to open with it',
        content: {
          'application/json': {
            schema: z.object({ ticket: z.string(), url: z.string(), expires_at: z.string() }).openapi('EventTicket'),
          },
        },
      },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    // Wall-clock time, like the token expiry it is checked beside.
    const { ticket, expiresAt } = await issueTicket(c.var.deps.db.orm, c.var.principal, new Date());
    return c.json({ ticket, url: `/api/events?ticket=${ticket}`, expires_at: expiresAt.toISOString() }, 201);
  },
);
