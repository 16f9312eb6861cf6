import { createRoute, z } from '@hono/zod-openapi';
import { staffOnly } from '../auth';
import { ApiError } from '../errors';
import { portfolioHistory } from '../services/health';
import { HEALTH_STATUSES, PRIORITIES, RISK_LEVELS } from '../domain/scoring';
import {
  atRiskCustomers,
  priorityTotals,
  churnTrend,
  CUSTOMER_SORTS,
  kpis,
  listCustomers,
  sortIsNumeric,
  type CustomerSort,
} from '../services/reports';
import { commaList, decodeCursor, encodeCursor, pageSize } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';
import { dayText } from '../validation';

const count = z.number().int();
const byKey = <T extends string>(keys: readonly T[]) => z.object(Object.fromEntries(keys.map((k) => [k, count])) as Record<T, typeof count>);

const kpisSchema = z
  .object({
    overview: z.object({ total_customers: count, active_customers: count, at_risk_customers: count, churned_customers_30d: count }),
    health_metrics: z.object({
      avg_health_score: z.number().nullable(),
      avg_churn_probability: z.number().nullable(),
      nps_score: z.number().nullable().openapi({ description: 'Net Promoter Score over 90 days, −100 to 100' }),
    }),
    financial_metrics: z.object({ monthly_recurring_revenue: z.number(), ltv_cac_ratio: z.number().nullable() }),
    distributions: z.object({ health_status: byKey(HEALTH_STATUSES), risk_level: byKey(RISK_LEVELS) }),
    deltas: z
      .object({
        total_customers: count,
        active_customers: count,
        avg_health_score: z.number().nullable(),
        at_risk_customers: count.nullable(),
        monthly_recurring_revenue: z.number(),
      })
      .openapi({ description: 'Change against 30 days ago' }),
  })
  .openapi('Kpis');

const atRiskSchema = z
  .object({
    at_risk_customers: z.array(
      z.object({
        customer_id: z.string(),
        company_name: z.string(),
        last_health_score: z.number(),
        predicted_churn_score: z.number().nullable(),
        intervention_priority: z.enum(PRIORITIES),
        risk_factors: z.array(z.string()),
        coverage: z.number().nullable().openapi({ description: "Share 0-1 of the scorecard's weight that stood on data; null before it was measured" }),
        unknown_factors: z.array(z.string()).nullable().openapi({ description: 'Factors that fell back to a default for want of data' }),
        last_updated: z.string(),
      }),
    ),
    totals: z
      .object(Object.fromEntries(PRIORITIES.map((p) => [p, z.number().int()])) as Record<(typeof PRIORITIES)[number], z.ZodNumber>)
      .openapi({ description: 'Customers at each priority now, whatever the limit and priority filter: the counts the list describes' }),
  })
  .openapi('AtRiskCustomers');

const customerSchema = z.object({
  customer_id: z.string(),
  company_name: z.string(),
  plan: z.string(),
  mrr: z.number(),
  csm_owner: z.string().nullable(),
  health_score: z.number().nullable(),
  status: z.enum(HEALTH_STATUSES).nullable(),
  risk_level: z.enum(RISK_LEVELS).nullable(),
  churn_probability: z.number().nullable(),
  intervention_priority: z.enum(PRIORITIES).nullable(),
  contract_end_date: z.string().nullable(),
  last_updated: z.string().nullable(),
  customer_since: z.string().nullable(),
  traits: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

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

const portfolioStep = z.object({
  at: z.string(),
  accounts: count,
  average_score: z.number().nullable(),
  low_coverage: count.openapi({ description: 'Counted accounts whose score stood on less than half of the weight (coverage < 0.5)' }),
  excluded: count.openapi({ description: 'Accounts left out for a coverage below min_coverage' }),
  counts: z.record(z.enum(HEALTH_STATUSES), count),
});

const DAY = 86_400_000;

export const customerSuccessRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/health-history',
      summary: 'The portfolio over time: per step, accounts per health status and their average score',
      security: bearerSecurity,
      middleware: staffOnly,
      request: {
        query: z.object({
          from: dayText.optional().openapi({ description: 'First step (UTC midnight); default: a year before `to`' }),
          to: dayText.optional().openapi({ description: 'Last step (UTC midnight of the day after); default: now' }),
          every: z
            .string()
            .regex(/^\d{1,3}d$/, 'a number of days, such as 7d')
            .transform((v) => Number.parseInt(v, 10))
            .pipe(z.number().int().min(1).max(366))
            .default(7)
            .openapi({ type: 'string', example: '7d' }),
          min_coverage: z.coerce
            .number()
            .min(0)
            .max(1)
            .default(0)
            .openapi({ description: 'Leave out scores that stood on less than this share (0-1) of the weight; default 0 (none)' }),
        }),
      },
      responses: {
        200: {
          description: 'The steps, oldest first',
          content: {
            'application/json': {
              schema: z
                .object({ from: z.string(), to: z.string(), every_days: z.number().int(), min_coverage: z.number(), steps: z.array(portfolioStep) })
                .openapi('PortfolioHistory'),
            },
          },
        },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const to = query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY) : c.var.deps.clock();
      const from = query.from ? new Date(`${query.from}T00:00:00Z`) : new Date(to.getTime() - 365 * DAY);
      if (from > to) throw ApiError.invalid([{ field: 'from', message: 'must not be after to' }]);
      if ((to.getTime() - from.getTime()) / (query.every * DAY) > 1_000) {
        throw ApiError.invalid([{ field: 'every', message: 'at most 1000 steps: widen the step or shorten the period' }]);
      }
      return c.json(await portfolioHistory(c.var.deps.db, from, to, query.every, query.min_coverage), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/kpis',
      summary: 'KPI summary: customers, health, finance, distributions and 30-day deltas',
      security: bearerSecurity,
      middleware: staffOnly,
      responses: { 200: { description: 'KPIs', content: { 'application/json': { schema: kpisSchema } } }, ...errorResponses(401, 403, 429) },
    }),
    async (c) => {
      const { deps, principal } = c.var;
      const started = performance.now();
      const body = await kpis(deps.db.orm, deps.clock());
      deps.metrics.dashboardLoadTime.observe({ user_role: principal.role, filter_type: 'none' }, (performance.now() - started) / 1000);
      return c.json(body, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/at-risk',
      summary: 'At-risk customers, most urgent first',
      security: bearerSecurity,
      middleware: staffOnly,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(20),
          priority: commaList(PRIORITIES).optional().openapi({ description: 'Comma list; default critical,high' }),
          min_coverage: z.coerce
            .number()
            .min(0)
            .max(1)
            .optional()
            .openapi({ description: 'Only scores that stood on at least this share (0-1) of the weight' }),
        }),
      },
      responses: { 200: { description: 'At-risk customers', content: { 'application/json': { schema: atRiskSchema } } }, ...errorResponses(400, 401, 403, 429) },
    }),
    async (c) => {
      const { limit, priority, min_coverage } = c.req.valid('query');
      const now = c.var.deps.clock();
      const orm = c.var.deps.db.orm;
      const [rows, totals] = await Promise.all([
        atRiskCustomers(orm, now, { priorities: priority ?? ['critical', 'high'], limit, minCoverage: min_coverage }),
        priorityTotals(orm, now),
      ]);
      return c.json({ at_risk_customers: rows, totals }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/customers',
      summary: 'Customers with filters, sorting and cursor pagination',
      description: 'Besides the declared filters, `trait.<key>=value` keeps the customers whose trait `key` has that value as text (`trait.segment=smb`, `trait.seats=10`), once per key.',
      security: bearerSecurity,
      middleware: staffOnly,
      request: {
        query: z.object({
          status: commaList(HEALTH_STATUSES).optional(),
          risk_level: commaList(RISK_LEVELS).optional(),
          owner: z.string().min(1).max(320).optional(),
          q: z.string().min(1).max(200).optional().openapi({ description: 'Substring of the name or id, any case' }),
          include_churned: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
          sort: z.enum(CUSTOMER_SORTS).default('-churn_probability'),
          limit: pageSize(200, 50),
          cursor: z.string().max(2048).optional().openapi({ description: 'next_cursor of the previous page, with the same sort' }),
        }),
      },
      responses: {
        200: {
          description: 'A page of customers',
          content: {
            'application/json': {
              schema: z.object({ customers: z.array(customerSchema), next_cursor: z.string().nullable() }).openapi('CustomerPage'),
            },
          },
        },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const page = await listCustomers(c.var.deps.db.orm, c.var.deps.clock(), {
        status: query.status,
        riskLevel: query.risk_level,
        owner: query.owner,
        q: query.q,
        includeChurned: query.include_churned,
        sort: query.sort,
        limit: query.limit,
        after: query.cursor === undefined ? undefined : decodeKey(query.cursor, query.sort),
        traits: traitFilters(c.req.queries()),
      });
      const next = page.more && page.last ? encodeCursor({ s: query.sort, v: page.last.value, id: page.last.id }) : null;
      return c.json({ customers: page.rows, next_cursor: next }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/churn-trend',
      summary: 'Monthly churn rate with its rolling average',
      security: bearerSecurity,
      middleware: staffOnly,
      request: {
        query: z.object({
          months: z.coerce.number().int().min(1).max(36).default(6),
          window: z.coerce.number().int().min(1).max(12).default(6),
        }),
      },
      responses: {
        200: {
          description: 'Oldest month first, ending with the current one',
          content: {
            'application/json': {
              schema: z
                .object({
                  months: z.array(
                    z.object({
                      month: z.string(),
                      churned: count,
                      customers_at_start: count,
                      churn_rate: z.number().openapi({ description: 'Percent' }),
                      rolling_average: z.number(),
                    }),
                  ),
                  window: count,
                })
                .openapi('ChurnTrend'),
            },
          },
        },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const { months, window } = c.req.valid('query');
      return c.json({ months: await churnTrend(c.var.deps.db.orm, c.var.deps.clock(), months, window), window }, 200);
    },
  );
