import { createRoute, z } from '@hono/zod-openapi';
import { actingStaff } from '../auth';
import { INTERVENTION_TYPES } from '../domain/interventions';
import { ApiError } from '../errors';
import { defaultImpactFrom, playbookImpact } from '../services/playbooks';
import { isoDateTime } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';

const interval = z.object({ estimate: z.number(), lower: z.number(), upper: z.number() });
const group = z.object({
  firings: z.number().int(),
  churned: z.number().int(),
  churn_rate: interval.nullable().openapi({ description: 'Churn within the window after firing, Wilson 95 % interval' }),
  health_change_30d: z.object({ mean: z.number(), n: z.number().int() }).nullable(),
});
const comparison = {
  treated: group,
  held_out: group,
  churn_difference: interval.nullable().openapi({ description: 'Treated minus held-out churn rate, Newcombe 95 % interval; negative means less churn' }),
  saved_arr: interval.nullable().openapi({ description: 'ARR of treated accounts times the churn prevented, with the interval the difference implies' }),
  insufficient_evidence: z.boolean(),
  evidence_note: z.string(),
};
const byTrigger = z.object({
  trigger_id: z.string(),
  trigger_name: z.string(),
  intervention_type: z.enum(INTERVENTION_TYPES),
  holdout_percent: z.number().int(),
  ...comparison,
});
const byType = z.object({ intervention_type: z.enum(INTERVENTION_TYPES), ...comparison });
const impactSchema = z
  .object({
    window_days: z.number().int(),
    from: z.string(),
    to: z.string(),
    as_of: z.string(),
    by_trigger: z.array(byTrigger),
    by_intervention_type: z.array(byType),
    interim: z.object({ note: z.string(), by_trigger: z.array(byTrigger), by_intervention_type: z.array(byType) }),
    manual: z.object({
      causal_claim: z.literal(false),
      note: z.string(),
      by_type: z.array(group.extend({ intervention_type: z.enum(INTERVENTION_TYPES), outcomes: z.record(z.string(), z.number().int()) })),
    }),
  })
  .openapi('PlaybookImpact');

export const playbookRoutes = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/impact',
    summary: "Each play's measured effect: treated against held-out firings whose outcome window closed (csm, admin); see docs/playbooks.md",
    security: bearerSecurity,
    middleware: actingStaff,
    request: {
      query: z.object({
        window_days: z.coerce.number().int().min(7).max(365).default(90).openapi({ description: 'The outcome window after a firing, in days' }),
        from: isoDateTime().optional().openapi({ description: 'Firings from (default: a year ago)' }),
        to: isoDateTime().optional().openapi({ description: 'Firings until (default: now)' }),
      }),
    },
    responses: {
      200: { description: 'The impact report', content: { 'application/json': { schema: impactSchema } } },
      ...errorResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const now = c.var.deps.clock();
    const from = q.from ?? defaultImpactFrom(now);
    const to = q.to ?? now;
    if (from > to) throw ApiError.invalid([{ field: 'from', message: 'must not be after to' }]);
    return c.json(await playbookImpact(c.var.deps.db.orm, { windowDays: q.window_days, from, to, now }), 200);
  },
);
