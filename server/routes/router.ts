import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { ApiError, type ErrorStatus } from '../errors';
import { rejectNul } from '../validation';

/**
 * A resource's router: failed validation becomes one 400 ApiError naming each field, and so does
 * a NUL character in any validated text (query, path, header, body), for every route at once.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw ApiError.fromZod(result.error, result.target);
      rejectNul(result.data, result.target);
    },
  });
}

export const bearerSecurity = [{ bearerAuth: [] }];

/** The one error body every route answers with (see `app.onError`). */
const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).openapi({ description: 'One entry per invalid field' }),
    }),
  })
  .openapi('Error');

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Invalid input: the message and `fields` name each field',
  401: 'No valid token (or signature, or ticket)',
  403: 'The role, or the account, is not allowed',
  404: 'No such resource',
  409: 'Conflicts with the current state; the message says how',
  413: 'The body is too large',
  429: 'Rate limited: retry after the Retry-After seconds',
  503: 'Switched off or unavailable here',
};

/** The documented error responses a route may give, all in the one error shape. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: errorSchema } } }]),
  ) as Record<S, { description: string; content: { 'application/json': { schema: typeof errorSchema } } }>;
}
