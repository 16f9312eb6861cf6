import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { ApiError, type ErrorStatus } from '../errors';
import { rejectUnstorableText } from '../validation';

/**
 * A resource's router: failed validation becomes one 400 ApiError naming each field, and so does
 * text PostgreSQL cannot store (a NUL, an unpaired surrogate) anywhere in the validated query,
 * path, headers or body, for every route at once.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw ApiError.fromZod(result.error, result.target);
      rejectUnstorableText(result.data, result.target);
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

type Operation = {
  operationId?: string;
  security?: unknown[];
  parameters?: Array<{ in?: string }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * The statuses a kind of route answers whatever it does, added to every operation of the
 * document so no route can forget them: a bearer route 401 (no valid token) and 429 (the
 * per-token limit); a route with parameters or a body 400 (validation); one with path
 * parameters 404; one with a JSON body 413 (the body limit). A route adds what is its own
 * (403 for a role guard, 409 for a conflict) with `errorResponses`. Each operation gets an
 * `operationId` from its method and path (`getInterventionsById`) unless it names its own.
 */
export function documentErrors<D extends { paths?: object }>(doc: D): D {
  const error = (status: ErrorStatus) => ({
    description: ERROR_DESCRIPTIONS[status],
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const paths = (doc.paths ?? {}) as Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const statuses: ErrorStatus[] = [];
      const bearer = (operation.security ?? []).some((s) => typeof s === 'object' && s !== null && 'bearerAuth' in s);
      if (bearer) statuses.push(401, 429);
      if ((operation.parameters ?? []).length > 0 || operation.requestBody) statuses.push(400);
      if ((operation.parameters ?? []).some((p) => p.in === 'path')) statuses.push(404);
      if (operation.requestBody) statuses.push(413);
      for (const status of statuses) operation.responses[status] ??= error(status);
      operation.operationId ??= operationId(method, path);
    }
  }
  return doc;
}

const operationId = (method: string, path: string) =>
  method +
  path
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const words = segment.replace(/^\{(.*)\}$/, 'by-$1').split(/[-_]/);
      return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
    })
    .join('');
