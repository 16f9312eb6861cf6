/**
 * Which browser origins may read the API: any by default (bearer tokens, no cookies), or only
 * those in RK_CORS_ORIGINS. One decision, used by the middleware and by the event stream, whose
 * response is written past Hono.
 */
import { cors } from 'hono/cors';

/** What a browser script may read of an answer besides the basics: the rate limit, when to retry, an export's file name. */
const EXPOSED_HEADERS = ['RateLimit', 'RateLimit-Policy', 'Retry-After', 'Content-Disposition'];

function allowedOrigin(origin: string | undefined, allowed: readonly string[] | null): string | null {
  if (allowed === null) return '*';
  return origin !== undefined && allowed.includes(origin) ? origin : null;
}

export function corsMiddleware(allowed: readonly string[] | null) {
  return cors({
    origin: allowed === null ? '*' : (origin) => allowedOrigin(origin, allowed),
    allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}

/** The CORS headers of an answer the middleware does not see (the event stream's), as it would set them. */
export function corsHeaders(origin: string | undefined, allowed: readonly string[] | null): Record<string, string> {
  const allow = allowedOrigin(origin, allowed);
  // With a list, the answer depends on the origin even when it is refused: caches must know.
  const vary: Record<string, string> = allowed === null ? {} : { vary: 'Origin' };
  return allow === null ? vary : { 'access-control-allow-origin': allow, 'access-control-expose-headers': EXPOSED_HEADERS.join(','), ...vary };
}
