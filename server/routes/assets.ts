import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { signToken } from '../auth';
import type { AppEnv } from '../context';
import { ApiError } from '../errors';

/** Entry files keep their names (hosts link to them) and revalidate; hashed chunks never change. */
const ENTRY = /^[a-z-]+(\.loader)?\.js$|\.json$|\.d\.ts$/;
const DEMO_TOKEN_TTL_SECONDS = 8 * 3600;

/**
 * The built widget kit under `/widgets/*`, readable from any origin (module scripts are fetched
 * with CORS), and, in demo mode only, the demo pages and a session that hands them a token.
 */
export function assetRoutes(assets: { widgetsDir: string; demoDir: string | null }) {
  const routes = new Hono<AppEnv>();
  // Not built (a test, or a checkout before `npm run build:widgets`): /widgets answers 404.
  if (existsSync(assets.widgetsDir)) {
    routes.use(
      '/widgets/*',
      async (c, next) => {
        await next();
        if (c.res.status !== 200) return;
        const file = c.req.path.split('/').pop() ?? '';
        c.header('access-control-allow-origin', '*');
        c.header('cache-control', ENTRY.test(file) ? 'public, max-age=300, must-revalidate' : 'public, max-age=31536000, immutable');
      },
      serveStatic({ root: assets.widgetsDir, rewriteRequestPath: (path) => path.replace(/^\/widgets/, '') }),
    );
  }
  if (assets.demoDir) {
    const demoDir = assets.demoDir;
    // The query goes along: a shared link such as `/?theme=dark&locale=de` opens the demo that way.
    routes.get('/', (c) => c.redirect(`/demo/${new URL(c.req.url).search}`));
    // The demo's own token: a CSM token, minted only because this server runs in demo mode, one
    // subject per visit so no two visitors share anything keyed by who they are.
    routes.get('/demo/session', async (c) => {
      const { jwtSecret } = c.var.deps.config;
      const token = await signToken({ sub: `demo-visitor-${randomUUID()}`, role: 'csm', ttl: DEMO_TOKEN_TTL_SECONDS }, jwtSecret);
      c.header('cache-control', 'no-store');
      return c.json({ token, api: new URL(c.req.url).origin });
    });
    routes.use('/demo/*', serveStatic({ root: demoDir, rewriteRequestPath: (path) => path.replace(/^\/demo/, '') || '/' }));
  } else {
    routes.get('/demo/*', () => {
      throw new ApiError(404, 'not_found', 'the demo is served only with RK_DEMO=true');
    });
  }
  return routes;
}
