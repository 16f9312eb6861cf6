import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { HTTPException } from 'hono/http-exception';
import { rateLimiter } from 'hono-rate-limiter';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { authenticate, bearerToken } from './auth';
import type { AppEnv } from './context';
import { limitBodySize } from './body-limit';
import { corsHeaders, corsMiddleware } from './cors';
import { ApiError } from './errors';
import { securityHeaders } from './security-headers';
import { assetRoutes } from './routes/assets';
import { createRouter, documentErrors } from './routes/router';
import { alertRuleRoutes } from './routes/alert-rules';
import { accountRoutes } from './routes/accounts';
import { alertRoutes } from './routes/alerts';
import { interventionRoutes } from './routes/interventions';
import { playbookRoutes } from './routes/playbooks';
import { templateRoutes } from './routes/templates';
import { triggerRoutes } from './routes/triggers';
import { unsubscribeRoutes } from './routes/unsubscribe';
import { customerSuccessRoutes } from './routes/customer-success';
import { eventStreamRoutes, eventTicketRoutes } from './routes/events';
import { financeRoutes } from './routes/finance';
import { healthRoutes } from './routes/health';
import { importRoutes } from './routes/import';
import { churnModelRoutes } from './routes/churn-models';
import { scorecardRoutes, scorecardVersionRoutes } from './routes/scorecard';
import { systemRoutes } from './routes/system';
import { webhookRoutes } from './routes/webhooks';
import type { Services } from './services/index';

const clientAddress = (c: Context<AppEnv>) => {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made with app.request() in tests have no socket.
    return 'local';
  }
};

/**
 * A fixed one-minute window per key. `countOnly` counts just the answers it matches (the 401s of
 * the failed-authentication limiter); such a limiter sets no headers until it refuses, so the
 * answers it passes through stay as they are.
 */
const limiter = (limit: number, key: (c: Context<AppEnv>) => string, countOnly?: (status: number) => boolean) =>
  rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit,
    keyGenerator: key,
    ...(countOnly
      ? { standardHeaders: false, skipSuccessfulRequests: true, requestWasSuccessful: (c: Context<AppEnv>) => !countOnly(c.res.status) }
      : { standardHeaders: 'draft-7' as const }),
    handler: (c) => {
      // The limiter's own record of this key (hono-rate-limiter's `rateLimit` variable).
      const { resetTime } = (c.var as { rateLimit?: { resetTime?: Date } }).rateLimit ?? {};
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
      c.header('retry-after', String(seconds));
      throw new ApiError(429, 'rate_limited', `more than ${limit} requests a minute; retry after the Retry-After seconds`);
    },
  });

/** `/metrics` behind `Authorization: Bearer RK_METRICS_TOKEN` when that is set; public otherwise (documented). */
const metricsGuard = (expected: string | null) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (expected !== null) {
      const given = Buffer.from(bearerToken(c.req.header('authorization')) ?? '');
      const wanted = Buffer.from(expected);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        throw new ApiError(401, 'unauthorized', 'Authorization: Bearer <RK_METRICS_TOKEN> is required');
      }
    }
    await next();
  });

export function createApp(deps: Services) {
  const { rateLimitPerMinute } = deps.config;
  const cors = corsMiddleware(deps.config.corsOrigins);
  const ipLimiter = limiter(rateLimitPerMinute, (c) => `ip:${clientAddress(c)}`);
  // Guessing tokens or webhook signatures costs a verification each: answers 401 count per address.
  const failedAuthLimiter = limiter(rateLimitPerMinute, (c) => `unauthorized:${clientAddress(c)}`, (status) => status === 401);
  const limitJsonBody = limitBodySize(() => deps.config.bodyMaxBytes, 'request bodies');
  const api = createRouter()
    .use(authenticate)
    // Per token, not per subject: two tokens minted for one user are two buckets.
    .use(limiter(rateLimitPerMinute, (c) => `token:${c.var.principal.tokenId}`))
    .route('/accounts', accountRoutes)
    .route('/customer-success', customerSuccessRoutes)
    .route('/customer-success', healthRoutes)
    .route('/finance', financeRoutes)
    .route('/scorecard', scorecardRoutes)
    .route('/churn-models', churnModelRoutes)
    .route('/scorecards', scorecardVersionRoutes)
    .route('/interventions', interventionRoutes)
    .route('/triggers', triggerRoutes)
    .route('/playbooks', playbookRoutes)
    .route('/templates', templateRoutes)
    .route('/alert-rules', alertRuleRoutes)
    .route('/alerts', alertRoutes)
    .route('/events', eventTicketRoutes)
    .route('/import', importRoutes);

  const app = createRouter();
  app
    .use(async (c, next) => {
      c.set('deps', deps);
      await next();
      deps.metrics.httpRequests.inc({ method: c.req.method, route: c.req.routePath, status: c.res.status });
    })
    .use(securityHeaders(deps.config.frameAncestors))
    // Unauthenticated routes (the unsubscribe link among them) are limited per address; /api is
    // limited per token once authenticated, and its 401s per address. Not the kit's static files:
    // one page of widgets asks for a dozen chunks, and a team behind one address shares a budget.
    .use('/*', (c, next) => {
      const path = c.req.path;
      if (path.startsWith('/widgets/')) return next();
      return path.startsWith('/api/') && !path.startsWith('/api/unsubscribe/') ? failedAuthLimiter(c, next) : ipLimiter(c, next);
    })
    // Not on webhooks: they come from servers (a browser must never hold a webhook secret), and
    // a header set before the handler makes Hono copy every answer into a full web Response, a
    // cost every inbound event would pay. Not on the event stream: that copy of its
    // RESPONSE_ALREADY_SENT would be written over the stream; it sets the same headers itself.
    .use('/api/*', async (c, next) => {
      if (c.req.path.startsWith('/api/webhooks/')) return next();
      if (c.req.method !== 'GET' || c.req.path !== '/api/events') return cors(c, next);
      await next();
      // The stream's refusals (400, 401, 429, 503) are ordinary answers a browser must be able to read.
      if (c.res !== RESPONSE_ALREADY_SENT) {
        for (const [name, value] of Object.entries(corsHeaders(c.req.header('origin'), deps.config.corsOrigins))) c.res.headers.set(name, value);
      }
    })
    // Before anything reads a body, authentication included. Webhooks have their own limit and
    // the NDJSON import streams, one line at a time (see services/import.ts).
    .use('/api/*', (c, next) =>
      c.req.path.startsWith('/api/webhooks/') || c.req.path === '/api/import' ? next() : limitJsonBody(c, next),
    )
    .use('/metrics', metricsGuard(deps.config.metricsToken))
    .route('/', systemRoutes)
    .route('/', assetRoutes(deps.config.assets))
    // Before `/api`: webhooks prove themselves by signature and streams by ticket, not by bearer token.
    .route('/api/webhooks', webhookRoutes(deps.config.webhookSecrets))
    .route('/api/events', eventStreamRoutes)
    .route('/api/unsubscribe', unsubscribeRoutes)
    .route('/api', api);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  // Built on first request, when every route is registered, and kept: the routes never change.
  let document: unknown;
  app.get('/openapi.json', (c) =>
    c.json(
      (document ??= documentErrors(
        app.getOpenAPI31Document({
          openapi: '3.1.0',
          info: { title: 'retention-kit API', version: '0.1.0', license: { name: 'MIT', url: 'https://opensource.org/license/mit' } },
          servers: [{ url: '/', description: 'The server that serves this document' }],
        }),
      )),
    ),
  );

  const allowed = allowedMethods(app.routes);
  app.notFound((c) => {
    const allow = allowed(c.req.path);
    if (allow.length > 0) {
      c.header('allow', allow.join(', '));
      return c.json({ error: { code: 'method_not_allowed', message: `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow.join(', ')}`, fields: [] } }, 405);
    }
    return c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}`, fields: [] } }, 404);
  });
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      // The rest of an oversized body is never read: the connection cannot carry another request.
      if (error.status === 413) c.header('connection', 'close');
      return c.json({ error: { code: error.code, message: error.message, fields: error.fields } }, error.status);
    }
    if (error instanceof HTTPException) {
      return c.json({ error: { code: 'http_error', message: error.message, fields: [] } }, error.status);
    }
    console.error(error);
    return c.json({ error: { code: 'internal_error', message: 'internal server error', fields: [] } }, 500);
  });
  return app;
}

/**
 * The methods the routes answer on a path (HEAD wherever GET is), for a 405's `Allow`: a known
 * path asked with another method is not a missing resource. Middleware (`ALL`) does not count.
 */
function allowedMethods(routes: ReadonlyArray<{ method: string; path: string }>) {
  const patterns = routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => ({
      method: r.method,
      pattern: new RegExp(
        `^${r.path
          .split('/')
          .map((segment) => (segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/')}/?$`,
      ),
    }));
  return (path: string): string[] => {
    const methods = new Set(patterns.filter((p) => p.pattern.test(path)).map((p) => p.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
