import { getConnInfo } from '@hono/node-server/conninfo';
import { HTTPException } from 'hono/http-exception';
import { rateLimiter } from 'hono-rate-limiter';
import type { Context } from 'hono';
import { authenticate } from './auth';
import type { AppEnv } from './context';
import { corsMiddleware } from './cors';
import { ApiError } from './errors';
import { assetRoutes } from './routes/assets';
import { createRouter } from './routes/router';
import { alertRuleRoutes } from './routes/alert-rules';
import { alertRoutes } from './routes/alerts';
import { interventionRoutes } from './routes/interventions';
import { templateRoutes } from './routes/templates';
import { triggerRoutes } from './routes/triggers';
import { customerSuccessRoutes } from './routes/customer-success';
import { eventStreamRoutes, eventTicketRoutes } from './routes/events';
import { financeRoutes } from './routes/finance';
import { healthRoutes } from './routes/health';
import { importRoutes } from './routes/import';
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

const limiter = (limit: number, key: (c: Context<AppEnv>) => string) =>
  rateLimiter<AppEnv>({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-7',
    keyGenerator: key,
    handler: () => {
      throw new ApiError(429, 'rate_limited', `more than ${limit} requests a minute; retry after the Retry-After seconds`);
    },
  });

export function createApp(deps: Services) {
  const { rateLimitPerMinute } = deps.config;
  const corsHeaders = corsMiddleware(deps.config.corsOrigins);
  const ipLimiter = limiter(rateLimitPerMinute, (c) => `ip:${clientAddress(c)}`);
  const api = createRouter()
    .use(authenticate)
    .use(limiter(rateLimitPerMinute, (c) => `token:${c.var.principal.sub}`))
    .route('/customer-success', customerSuccessRoutes)
    .route('/customer-success', healthRoutes)
    .route('/finance', financeRoutes)
    .route('/scorecard', scorecardRoutes)
    .route('/scorecards', scorecardVersionRoutes)
    .route('/interventions', interventionRoutes)
    .route('/triggers', triggerRoutes)
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
    // Unauthenticated routes are limited per address; /api is limited per token once authenticated.
    .use('/*', (c, next) => (c.req.path.startsWith('/api/') ? next() : ipLimiter(c, next)))
    // Not on webhooks: they come from servers (a browser must never hold a webhook secret), and
    // a header set before the handler makes Hono copy every answer into a full web Response, a
    // cost every inbound event would pay. Not on the event stream: that copy of its
    // RESPONSE_ALREADY_SENT would be written over the stream; it sets the same headers itself.
    .use('/api/*', (c, next) =>
      (c.req.method === 'GET' && c.req.path === '/api/events') || c.req.path.startsWith('/api/webhooks/') ? next() : corsHeaders(c, next),
    )
    .route('/', systemRoutes)
    .route('/', assetRoutes(deps.config.assets))
    // Before `/api`: webhooks prove themselves by signature and streams by ticket, not by bearer token.
    .route('/api/webhooks', webhookRoutes(deps.config.webhookSecrets))
    .route('/api/events', eventStreamRoutes)
    .route('/api', api);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'retention-kit API', version: '0.1.0' },
  });

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.method} ${c.req.path}`, fields: [] } }, 404));
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
