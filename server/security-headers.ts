/**
 * The security headers of every answer (hono's secureHeaders), in four kinds: the API and
 * everything else may not be framed; the widget kit is loaded by other origins' pages, so it may
 * be fetched cross-origin; the demo pages get a Content-Security-Policy that allows their own
 * scripts only; the CRM-sidebar page may also be framed by the origins in RK_FRAME_ANCESTORS.
 * The event stream writes its head past Hono and sets its own (see live/stream.ts).
 */
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context';

/** Pages a CRM embeds in an iframe. */
const FRAMED_PAGES = new Set(['/demo/sidebar.html']);

// HSTS is the TLS terminator's call (see docs/production.md); CORP is set per kind below.
const common = { strictTransportSecurity: false, referrerPolicy: 'no-referrer', crossOriginResourcePolicy: 'same-origin' } as const;

const demoPolicy = (frameAncestors: string[]) => ({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Lit's styleMap writes a style attribute on an element's first render, which CSP counts as
  // inline style; style cannot run code, so only scripts are held to 'self'.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors,
});

export function securityHeaders(frameAncestors: readonly string[]) {
  const api = secureHeaders({
    ...common,
    // The API is read with CORS from any allowed origin, which CORP does not restrict.
    xFrameOptions: 'DENY',
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
  const widgets = secureHeaders({ ...common, crossOriginResourcePolicy: 'cross-origin', xFrameOptions: false });
  const demo = secureHeaders({ ...common, xFrameOptions: 'SAMEORIGIN', contentSecurityPolicy: demoPolicy(["'self'"]) });
  // No X-Frame-Options: it cannot name origins, and browsers that read frame-ancestors ignore it.
  const framed = secureHeaders({ ...common, xFrameOptions: false, contentSecurityPolicy: demoPolicy(["'self'", ...frameAncestors]) });
  const nothing = async () => {};
  return createMiddleware<AppEnv>(async (c, next) => {
    const { path } = c.req;
    if (c.req.method === 'GET' && path === '/api/events') {
      await next();
      // A stream's head is already on the socket (with its own headers); a refusal is an ordinary answer.
      if (c.res !== RESPONSE_ALREADY_SENT) await api(c, nothing);
      return;
    }
    if (path.startsWith('/widgets/')) return widgets(c, next);
    if (FRAMED_PAGES.has(path)) return framed(c, next);
    if (path === '/' || path.startsWith('/demo/')) return demo(c, next);
    return api(c, next);
  });
}
