/**
 * The query of the customer list (`GET /api/customer-success/customers`), in one place: the
 * declared parameters, the host's `trait.<key>` filters, and how they become the service's
 * `CustomerQuery`. Every representation of the list (the JSON page, a file export of the same
 * view) reads its query through here, so they filter alike.
 */
import { z } from '@hono/zod-openapi';
import { ApiError } from '../errors';
import type { Principal } from '../principal';
import { HEALTH_STATUSES, PRIORITIES, RISK_LEVELS } from '../domain/scoring';
import { CUSTOMER_SORTS, LIFECYCLE_STAGES, sortIsNumeric, type CustomerQuery, type CustomerSort } from '../services/reports';
import { commaList, decodeCursor, pageSize } from './query';

/** `owner=mine`: the customers owned by whoever asks (the token's `sub`). */
export const OWNER_MINE = 'mine';

const MONEY_LIMIT = 1e12;

/** `a,b` → the distinct non-blank names, each at most 100 characters, at most 20 of them. */
const nameList = z
  .string()
  .min(1)
  .max(2100)
  .transform((text, ctx) => {
    const list = [...new Set(text.split(',').map((v) => v.trim()).filter(Boolean))];
    if (list.length === 0 || list.length > 20 || list.some((v) => v.length > 100)) {
      ctx.addIssue({ code: 'custom', message: 'one to 20 comma-separated names of at most 100 characters' });
      return z.NEVER;
    }
    return list;
  })
  .openapi({ type: 'string' });

const money = (description: string) => z.coerce.number().min(0).max(MONEY_LIMIT).optional().openapi({ description });

/** The declared query parameters of the customer list (the `trait.<key>` filters come besides). */
export const customerListQuery = z.object({
  status: commaList(HEALTH_STATUSES).optional(),
  risk_level: commaList(RISK_LEVELS).optional(),
  priority: commaList(PRIORITIES).optional().openapi({ description: 'Comma list of intervention priorities' }),
  plan: nameList.optional().openapi({ description: 'Comma list of plan names, exactly' }),
  lifecycle_stage: commaList(LIFECYCLE_STAGES).optional(),
  owner: z
    .string()
    .min(1)
    .max(320)
    .optional()
    .openapi({ description: 'The CSM owner, exactly; `mine` for the owner named by the token (its `sub`)' }),
  renewal_within_days: z.coerce
    .number()
    .int()
    .min(0)
    .max(3660)
    .optional()
    .openapi({ description: 'Contract ends between today (UTC) and this many days from today' }),
  mrr_min: money('Least MRR'),
  mrr_max: money('Largest MRR; not below mrr_min'),
  min_coverage: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .openapi({ description: 'Only scores that stood on at least this share (0-1) of the weight; unscored customers drop out' }),
  q: z.string().min(1).max(200).optional().openapi({ description: 'Substring of the name or id, any case' }),
  include_churned: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  sort: z.enum(CUSTOMER_SORTS).default('-churn_probability'),
  limit: pageSize(200, 50),
  cursor: z.string().max(2048).optional().openapi({ description: 'next_cursor of the previous page, with the same sort' }),
});

export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const CUSTOMER_LIST_DESCRIPTION =
  'Besides the declared filters, `trait.<key>=value` keeps the customers whose trait `key` has that value as text (`trait.segment=smb`, `trait.seats=10`), once per key.';

const TRAIT_FILTER = /^trait\.([A-Za-z][A-Za-z0-9_]{0,63})$/;

/**
 * The `trait.<key>=value` filters of a query string (their keys are the host's, so they are not
 * in the declared schema); a malformed key or a repeated one is a 400 naming it.
 */
function traitFilters(queries: Record<string, string[]>): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [name, values] of Object.entries(queries)) {
    if (!name.startsWith('trait.')) continue;
    const key = TRAIT_FILTER.exec(name)?.[1];
    const value = values[0];
    if (!key || values.length !== 1 || value === undefined || value.length > 200) {
      throw new ApiError(400, 'invalid_request', `${name}: one value of at most 200 characters for a trait name starting with a letter`, [
        { field: name, message: 'one value of at most 200 characters for a trait name starting with a letter' },
      ]);
    }
    filters[key] = value;
  }
  return filters;
}

/** The keyset of a customer listing: its sort, the sort value and the id of the last row. */
function decodeKey(cursor: string, sort: CustomerSort) {
  const key = decodeCursor(cursor, z.object({ s: z.literal(sort), v: sortIsNumeric(sort) ? z.number() : z.string(), id: z.string() }));
  return { value: key.v, id: key.id };
}

/**
 * The service's query from the validated parameters, the raw query string (for `trait.<key>`)
 * and who asks (for `owner=mine`); a range the wrong way round is a 400 naming `mrr_min`.
 */
export function customerQueryOf(query: CustomerListQuery, queries: Record<string, string[]>, principal: Principal): CustomerQuery {
  if (query.mrr_min !== undefined && query.mrr_max !== undefined && query.mrr_min > query.mrr_max) {
    throw ApiError.invalid([{ field: 'mrr_min', message: 'must not be above mrr_max' }]);
  }
  return {
    status: query.status,
    riskLevel: query.risk_level,
    priority: query.priority,
    plan: query.plan,
    lifecycleStage: query.lifecycle_stage,
    owner: query.owner === OWNER_MINE ? principal.sub : query.owner,
    renewalWithinDays: query.renewal_within_days,
    mrrMin: query.mrr_min,
    mrrMax: query.mrr_max,
    minCoverage: query.min_coverage,
    q: query.q,
    includeChurned: query.include_churned,
    sort: query.sort,
    limit: query.limit,
    after: query.cursor === undefined ? undefined : decodeKey(query.cursor, query.sort),
    traits: traitFilters(queries),
  };
}
