import { createRoute, z } from '@hono/zod-openapi';
import { staffOnly } from '../auth';
import { ApiError } from '../errors';
import { portfolioHistory } from '../services/health';
import { HEALTH_STATUSES, PRIORITIES, RISK_LEVELS } from '../domain/scoring';
import { riskFactorSchema } from './health';
import { atRiskCustomers, priorityTotals, churnTrend, kpis, LIFECYCLE_STAGES, listCustomers, type AtRiskKey, type CustomerQuery } from '../services/reports';
import { CUSTOMER_LIST_DESCRIPTION, customerListQuery, customerQueryOf } from './customer-list-query';
import { commaList, encodeCursor } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';
import { exportContent, exportResponse, formatParam } from './export';
import { atRiskColumns, customerColumns } from './export-columns';
import { EXPORT_PAGE_ROWS } from '../services/export';
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
        risk_factor_details: z.array(riskFactorSchema).optional().openapi({ description: 'The risk_factors as codes with parameters, in the same order (always sent; optional for data given to a widget by a page)' }),
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
  contract_end_date: z.string().nullable().openapi({ description: 'Renewal date (YYYY-MM-DD)' }),
  lifecycle_stage: z.enum(LIFECYCLE_STAGES),
  coverage: z.number().nullable().openapi({ description: "Share 0-1 of the scorecard's weight that stood on data; null unscored or before it was measured" }),
  open_interventions: count.openapi({ description: 'Interventions planned, executed or responded to' }),
  open_tickets: count.openapi({ description: 'Support tickets open or in progress' }),
  last_updated: z.string().nullable(),
  customer_since: z.string().nullable(),
  traits: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

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
          format: formatParam,
        }),
      },
      responses: {
        200: { description: 'At-risk customers', content: { 'application/json': { schema: atRiskSchema }, ...exportContent } },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const { limit, priority, min_coverage, format } = c.req.valid('query');
      const now = c.var.deps.clock();
      const orm = c.var.deps.db.orm;
      if (format !== 'json') {
        return exportResponse(c, {
          format,
          name: 'at-risk-customers',
          columns: atRiskColumns,
          fetchPage: async (after: AtRiskKey | undefined) => {
            const params = { priorities: priority ?? ['critical', 'high'], limit: EXPORT_PAGE_ROWS, minCoverage: min_coverage, after };
            const rows = await atRiskCustomers(orm, now, params);
            return { rows, next: rows.length === EXPORT_PAGE_ROWS ? (rows.at(-1) ?? null) : null };
          },
        });
      }
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
      description: CUSTOMER_LIST_DESCRIPTION,
      security: bearerSecurity,
      middleware: staffOnly,
      request: { query: customerListQuery.extend({ format: formatParam }) },
      responses: {
        200: {
          description: 'A page of customers',
          content: {
            'application/json': {
              schema: z.object({ customers: z.array(customerSchema), next_cursor: z.string().nullable() }).openapi('CustomerPage'),
            },
            ...exportContent,
          },
        },
        ...errorResponses(400, 401, 403, 429),
      },
    }),
    async (c) => {
      const { format, ...params } = c.req.valid('query');
      const now = c.var.deps.clock();
      const listing = customerQueryOf(params, c.req.queries(), c.var.principal);
      if (format !== 'json') {
        return exportResponse(c, {
          format,
          name: 'customers',
          columns: customerColumns,
          fetchPage: async (after: CustomerQuery['after']) => {
            const page = await listCustomers(c.var.deps.db.orm, now, { ...listing, limit: EXPORT_PAGE_ROWS, after });
            return { rows: page.rows, next: page.more ? page.last : null };
          },
        });
      }
      const page = await listCustomers(c.var.deps.db.orm, now, listing);
      const next = page.more && page.last ? encodeCursor({ s: params.sort, v: page.last.value, id: page.last.id }) : null;
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
