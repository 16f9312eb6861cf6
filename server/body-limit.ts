import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { ApiError } from './errors';

/**
 * A request body size limit, answered with the one 413 before the body is read. A body that
 * declares its length is judged by the header alone and then read through @hono/node-server's
 * direct path: hono's bodyLimit asks for `c.req.raw.body` first, which builds a full web Request
 * (stream, AbortSignal, headers) per request, a cost that shows at thousands of webhooks a
 * second. A request with neither header has no body. Chunked bodies are counted as they
 * stream, by bodyLimit, and refused as soon as they pass the limit.
 */
export const limitBodySize = (maxBytes: (c: Context<AppEnv>) => number, what: string) =>
  createMiddleware<AppEnv>((c, next) => {
    const max = maxBytes(c);
    const tooLarge = () => {
      throw new ApiError(413, 'payload_too_large', `${what} are limited to ${max} bytes`);
    };
    if (c.req.header('transfer-encoding') === undefined) {
      return Number(c.req.header('content-length') ?? 0) > max ? tooLarge() : next();
    }
    return bodyLimit({ maxSize: max, onError: tooLarge })(c, next);
  });
