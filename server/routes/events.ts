import { createHash, randomBytes } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { verifyToken } from '../auth';
import type { AppDeps } from '../context';
import { queryRows } from '../db/index';
import { ApiError } from '../errors';
import { LIVE_EVENT_TYPES } from '../live/events';
import type { Principal } from '../principal';
import type { Subscriber } from '../live/hub';
import { bearerSecurity, createRouter } from './router';

const TICKET_TTL_MS = 60_000;
/** A subscriber this far behind is cut off; it reconnects and resumes from its last id. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const RETRY_MS = 3000;
const encoder = new TextEncoder();

const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

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
    },
  }),
  async (c) => {
    const { deps } = c.var;
    if (!deps.config.features.realTimeUpdates || !deps.hub) {
      throw new ApiError(503, 'live_disabled', 'real-time updates are switched off (RK_FEATURE_REAL_TIME_UPDATES)');
    }
    const query = c.req.valid('query');
    const principal = await streamPrincipal(c.req.header('authorization'), query.ticket, deps);
    const headerId = c.req.header('last-event-id');
    const lastEventId = query.last_event_id ?? (headerId && /^\d+$/.test(headerId) ? Number(headerId) : null);
    const { outgoing } = (c.env ?? {}) as Partial<HttpBindings>;
    if (!outgoing) throw new ApiError(503, 'stream_unavailable', 'event streams need the Node HTTP server');
    // None while the response waits behind a pipelined one.
    const socket = outgoing.socket;
    if (!socket) throw new ApiError(503, 'stream_unavailable', 'an event stream needs a connection of its own');

    // Written to the raw response: the hub's shared chunks of frames instead of a stream per connection.
    // (Touching c.res here would make Hono wrap RESPONSE_ALREADY_SENT in a new Response.)
    const headers: Record<string, string> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The body ends when the connection does (below).
      connection: 'close',
      'x-accel-buffering': 'no',
      ...corsHeader(c.req.header('origin'), deps.config.corsOrigins),
    };
    // No chunked encoding: the body ends when the connection does (HTTP/1.1 allows it, and a
    // stream holds its connection anyway), so each frame goes to the socket as it is, one write,
    // instead of being framed and corked per stream: the fan-out to 10,000 streams is that loop.
    outgoing.removeHeader('transfer-encoding');
    outgoing.writeHead(200, headers);
    outgoing.write(`retry: ${RETRY_MS}\n\n`);
    // After the head, frames go to the socket itself: the response's write would cork it and
    // uncork it on the next tick, a deferred second pass over every stream of the fan-out.
    socket.setNoDelay(true);

    let closed = false;
    let detach: (() => void) | undefined;
    const subscriber: Subscriber = {
      principal,
      filter: { types: query.types, accountIds: query.account_ids },
      write: (frame) => {
        if (closed) return;
        if (socket.writableLength > MAX_BUFFERED_BYTES) return close();
        socket.write(frame);
      },
    };
    const expiry = setTimeout(() => close(), Math.max(0, principal.expiresAt.getTime() - Date.now()));
    function close() {
      if (closed) return;
      closed = true;
      clearTimeout(expiry);
      detach?.();
      deps.metrics.liveSubscribers.dec();
      outgoing!.end();
    }
    deps.metrics.liveSubscribers.inc();
    // Before the replay, and checked now: the client may have left during the sign-in or leave during the replay.
    outgoing.on('close', close);
    if (socket.destroyed) close();
    const attached = await deps.hub.attach(subscriber, lastEventId);
    if (closed) attached.detach();
    else detach = attached.detach;
    if (attached.reset) {
      subscriber.write(encoder.encode(`event: reset\ndata: ${JSON.stringify({ reason: 'the requested event id is no longer kept; refetch' })}\n\n`));
    }
    return RESPONSE_ALREADY_SENT;
  },
);

/** The CORS middleware's answer, repeated by hand: this response bypasses Hono's. */
function corsHeader(origin: string | undefined, allowed: string[] | null): Record<string, string> {
  if (allowed === null) return { 'access-control-allow-origin': '*' };
  return origin && allowed.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}

/** A ticket (single use, within 60 s) or a bearer token, which also bounds the stream's life. */
async function streamPrincipal(
  authorization: string | undefined,
  ticket: string | undefined,
  deps: AppDeps,
): Promise<Principal> {
  if (ticket) {
    const [row] = await queryRows<{ sub: string; role: Principal['role']; account_id: string | null; token_expires_at: Date | string; expires_at: Date | string }>(
      deps.db.orm,
      sql`delete from event_tickets where ticket_hash = ${hashTicket(ticket)}
          returning sub, role, account_id, token_expires_at, expires_at`,
    );
    if (!row || new Date(row.expires_at).getTime() <= Date.now()) {
      throw new ApiError(401, 'unauthorized', 'ticket is unknown, used or expired; request a new one');
    }
    return { sub: row.sub, role: row.role, accountId: row.account_id, expiresAt: new Date(row.token_expires_at) };
  }
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) throw new ApiError(401, 'unauthorized', 'a ticket or Authorization: Bearer <token> is required');
  return verifyToken(match[1], deps.config.jwtSecret);
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
    },
  }),
  async (c) => {
    const { principal, deps } = c.var;
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + TICKET_TTL_MS);
    await deps.db.orm.execute(sql`
      insert into event_tickets (ticket_hash, sub, role, account_id, token_expires_at, expires_at)
      values (${hashTicket(ticket)}, ${principal.sub}, ${principal.role}, ${principal.accountId},
        ${principal.expiresAt.toISOString()}, ${expiresAt.toISOString()})`);
    return c.json({ ticket, url: `/api/events?ticket=${ticket}`, expires_at: expiresAt.toISOString() }, 201);
  },
);
