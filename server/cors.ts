/**
 * Which browser origins may read the API: any by default (bearer tokens, no cookies), or only
 * those in RK_CORS_ORIGINS. One decision, used by the middleware and by the event stream, whose
 * response is written past Hono.
 */
import { cors } from 'hono/cors';

function allowedOrigin(origin: string | undefined, allowed: readonly string[] | null): string | null {
  if (allowed === null) return '*';
  return origin !== undefined && allowed.includes(origin) ? origin : null;
}

export function corsMiddleware(allowed: readonly string[] | null) {
  return cors({
    origin: allowed === null ? '*' : (origin) => allowedOrigin(origin, allowed),
    allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    exposeHeaders: ['RateLimit', 'RateLimit-Policy', 'Retry-After'],
    maxAge: 600,
  });
}

/** The CORS headers of a response written to the socket directly, as the middleware would set them. */
export function corsHeaders(origin: string | undefined, allowed: readonly string[] | null): Record<string, string> {
  const allow = allowedOrigin(origin, allowed);
  if (allow === null) return {};
  return allowed === null ? { 'access-control-allow-origin': allow } : { 'access-control-allow-origin': allow, vary: 'Origin' };
}
