import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, staffOnly } from '../auth';
import { normaliseInterval } from '../domain/interventions';
import { idParam } from './query';
import { bearerSecurity, errorResponses } from './router';

/** A slug id: what admins name triggers, rules and templates. */
export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, _ or -, starting with a letter or digit');

/** A window or delay: one `<n> minutes|hours|days|weeks` term, normalised. */
export const interval = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const normal = normaliseInterval(v);
    if (!normal) {
      ctx.addIssue({ code: 'custom', message: 'must be an interval such as "24 hours" or "7 days" (minutes, hours, days or weeks; at most a year)' });
      return z.NEVER;
    }
    return normal;
  })
  .openapi({ type: 'string', example: '24 hours' });

/** The optional id of a new configured row. */
export const newId = slug.optional().openapi({ description: 'Generated when absent' });

const json = <S extends z.ZodType>(description: string, schema: S) => ({ description, content: { 'application/json': { schema } } });

/**
 * The routes every admin-configured resource has (list, one, create, change, delete), declared
 * once: staff read, admins write, `{ [key]: item }` bodies, the same statuses and error responses.
 */
export function configRoutes<
  K extends string,
  L extends string,
  V extends z.ZodType,
  C extends z.ZodType,
  P extends z.ZodType,
  E extends z.ZodRawShape = Record<never, never>,
>(resource: {
  /** The body's key for one item, e.g. `trigger`, and for the list, e.g. `triggers`. */
  key: K;
  listKey: L;
  item: V;
  create: C;
  change: P;
  idExample: string;
  summaries: { list: string; get: string; create: string; change: string; delete: string };
  /** More fields of the list's body. */
  listExtra?: E;
  /** Whether a delete may be refused while something uses the item. */
  deleteConflicts?: boolean;
}) {
  const one = z.object({ [resource.key]: resource.item } as { [key in K]: V });
  const all = z.object({ [resource.listKey]: z.array(resource.item), ...resource.listExtra } as { [key in L]: z.ZodArray<V> } & E);
  const params = z.object({ id: idParam('id', resource.idExample) });
  const body = <S extends z.ZodType>(schema: S) => ({ body: { required: true, content: { 'application/json': { schema } } } });
  return {
    params,
    list: createRoute({
      method: 'get',
      path: '/',
      summary: resource.summaries.list,
      security: bearerSecurity,
      middleware: staffOnly,
      responses: { 200: json('The list', all), ...errorResponses(401, 403, 429) },
    }),
    get: createRoute({
      method: 'get',
      path: '/{id}',
      summary: resource.summaries.get,
      security: bearerSecurity,
      middleware: staffOnly,
      request: { params },
      responses: { 200: json('The item', one), ...errorResponses(401, 403, 404, 429) },
    }),
    create: createRoute({
      method: 'post',
      path: '/',
      summary: resource.summaries.create,
      security: bearerSecurity,
      middleware: adminOnly,
      request: body(resource.create),
      responses: { 201: json('Created', one), ...errorResponses(400, 401, 403, 409, 429) },
    }),
    change: createRoute({
      method: 'patch',
      path: '/{id}',
      summary: resource.summaries.change,
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params, ...body(resource.change) },
      responses: { 200: json('Changed', one), ...errorResponses(400, 401, 403, 404, 429) },
    }),
    delete: createRoute({
      method: 'delete',
      path: '/{id}',
      summary: resource.summaries.delete,
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(...(resource.deleteConflicts ? ([401, 403, 404, 409, 429] as const) : ([401, 403, 404, 429] as const))) },
    }),
  };
}

/** `give at least one field`: a change body that changes nothing is refused, and the schema says so. */
export const someField = <S extends z.ZodObject>(schema: S) =>
  schema.refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' }).openapi({ minProperties: 1 });
