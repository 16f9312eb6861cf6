import { createRoute, z } from '@hono/zod-openapi';
import { staffOnly } from '../auth';
import { financeSummary } from '../services/reports';
import { bearerSecurity, createRouter, errorResponses } from './router';

const money = z.number().nullable();

export const financeRoutes = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/summary',
    summary: 'MRR, ARR, ARPA, LTV, CAC, LTV:CAC, payback and month-over-month growth',
    security: bearerSecurity,
    middleware: staffOnly,
    responses: {
      200: {
        description: 'Revenue summary',
        content: {
          'application/json': {
            schema: z
              .object({
                mrr: z.number(),
                arr: z.number(),
                arpa: money,
                ltv: money,
                cac: money,
                ltv_cac_ratio: money,
                payback_months: money,
                mom_growth: z.number().nullable().openapi({ description: 'Fraction, 0.05 = 5 %' }),
                customers: z.number().int(),
                monthly_churn_rate: z.number().openapi({ description: 'Fraction' }),
                currency: z.literal('USD'),
              })
              .openapi('FinanceSummary'),
          },
        },
      },
      ...errorResponses(401, 403, 429),
    },
  }),
  async (c) => c.json(await financeSummary(c.var.deps.db.orm, c.var.deps.clock()), 200),
);
