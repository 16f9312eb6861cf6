import { createRoute, z } from '@hono/zod-openapi';
import { adminOnly, staffOnly } from '../auth';
import { ApiError } from '../errors';
import { DEFAULT_TRAINING_PARAMS, TRAINING_LIMITS } from '../services/churn-models';
import { idParam } from './query';
import { bearerSecurity, createRouter, errorResponses } from './router';

const trainingRequest = z
  .object({
    horizon_days: z.number().int().min(TRAINING_LIMITS.horizon_days.min).max(TRAINING_LIMITS.horizon_days.max).default(DEFAULT_TRAINING_PARAMS.horizon_days).openapi({
      description: 'The label: churned within this many days after a snapshot instant',
    }),
    snapshot_every_days: z.number().int().min(TRAINING_LIMITS.snapshot_every_days.min).max(TRAINING_LIMITS.snapshot_every_days.max).default(DEFAULT_TRAINING_PARAMS.snapshot_every_days),
    history_days: z.number().int().min(TRAINING_LIMITS.history_days.min).max(TRAINING_LIMITS.history_days.max).default(DEFAULT_TRAINING_PARAMS.history_days),
    activate: z.enum(['if_better', 'always', 'never']).default(DEFAULT_TRAINING_PARAMS.activate).openapi({
      description:
        'if_better: only when its test AUC beats the scoring model’s on the same test examples (paired bootstrap), its calibration error is at most 0.05 and at least 30 test examples churned',
    }),
  })
  .strict()
  .openapi('ChurnModelTrainingRequest');

const interval = z
  .object({ estimate: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() })
  .openapi('Interval', { description: 'A point estimate with its bootstrap 95 % interval (by account); null where undefined' });

const scoreReport = z
  .object({
    examples: z.number().int(),
    positives: z.number().int(),
    baseRate: z.number(),
    auc: interval,
    prAuc: interval.openapi({ description: 'Average precision; a random ranking scores the base rate' }),
    topDecileLift: interval,
    liftCeiling: z.number(),
    brier: interval.nullable(),
    brierSkill: interval.nullable(),
    ece: interval.nullable().openapi({ description: 'Expected calibration error over ten bins; null for a ranking' }),
    reliability: z
      .array(z.object({ lower: z.number(), meanPredicted: z.number(), observedRate: z.number(), count: z.number() }))
      .readonly()
      .nullable(),
    roc: z.array(z.object({ falsePositiveRate: z.number(), truePositiveRate: z.number(), threshold: z.number().nullable() })).readonly(),
    gains: z.array(z.object({ share: z.number(), captured: z.number() })).readonly(),
  })
  .openapi('ChurnScoreReport', { description: 'Measured on the out-of-time test examples, the same way for the model and every baseline' });

const sliceCounts = z.object({ examples: z.number().int(), accounts: z.number().int(), churners: z.number().int() });

const familyResult = z.object({
  validationAuc: z.number().openapi({ description: 'What chose the family' }),
  validationLogLoss: z.number(),
  testAuc: interval.openapi({ description: "The family's own ranking on the test examples, uncalibrated; for the comparison only" }),
  complexity: z.number().openapi({ description: 'λ for the linear model, the number of trees kept for the boosted trees' }),
});

const run = z
  .object({
    id: z.number().int(),
    version: z.string().openapi({ example: 'trained-3', description: 'What probabilities scored with this model name as churn_model_version' }),
    status: z.enum(['running', 'succeeded', 'failed']),
    error: z.string().nullable(),
    created_at: z.string(),
    finished_at: z.string().nullable(),
    horizon_days: z.number().int(),
    params: trainingRequest,
    counts: z.object({ train: sliceCounts, validation: sliceCounts, calibration: sliceCounts, test: sliceCounts }).nullable(),
    model_family: z
      .enum(['logistic', 'gbdt', 'average'])
      .nullable()
      .openapi({ description: 'The model that scores: logistic regression, boosted trees, or the average of both log-odds' }),
    families: z
      .object({ logistic: familyResult, gbdt: familyResult })
      .nullable()
      .openapi({ description: 'Both families, fitted on the same examples: the one with the higher validation AUC scores' }),
    metrics: scoreReport.nullable(),
    baselines: z
      .array(
        z.object({
          name: z.string().openapi({ example: 'health_score' }),
          metrics: scoreReport,
          aucDifference: interval.extend({ shareAboveB: z.number().nullable() }).openapi({
            description: 'Model AUC − baseline AUC on the same resamples; shareAboveB: share of resamples where the model wins',
          }),
        }),
      )
      .readonly()
      .nullable(),
    features: z
      .array(z.object({ name: z.string(), importance: z.number().openapi({ description: 'Mean |contribution| to the log-odds on test examples' }) }))
      .nullable(),
    insufficient_data: z.boolean().nullable().openapi({ description: 'Fewer than 30 churned test examples: read the intervals accordingly' }),
    holdout: z
      .enum(['out_of_time', 'accounts'])
      .nullable()
      .openapi({
        description:
          'How the test examples were held back: out_of_time, the latest instants; accounts, a fifth of the accounts at every instant, when fewer than 30 churn outcomes came before the latest windows (not activated "if_better")',
      }),
    active: z.boolean(),
  })
  .openapi('ChurnModelRun');

const runPath = z.object({ id: idParam('id', '3') });

/** A run id is a positive integer: anything else names no run (404), rather than a query error. */
function runId(text: string): number {
  const id = /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id)) throw ApiError.notFound('churn model run', text);
  return id;
}

export const churnModelRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/',
      summary: 'Train a churn model on the accounts’ own history, in the background (admin; one run at a time)',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { body: { required: false, content: { 'application/json': { schema: trainingRequest } } } },
      responses: {
        202: {
          description: 'Training started; follow it with GET /api/churn-models/{id}',
          content: { 'application/json': { schema: z.object({ id: z.number().int(), status: z.literal('running') }) } },
        },
        ...errorResponses(400, 401, 403, 409, 429),
      },
    }),
    async (c) => {
      const started = await c.var.deps.churnModels.start(c.req.valid('json') ?? DEFAULT_TRAINING_PARAMS);
      if (!started) throw new ApiError(409, 'training_running', 'a churn model is already being trained; wait for it to finish');
      return c.json(started, 202);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/',
      summary: 'Churn model training runs, newest first',
      security: bearerSecurity,
      middleware: staffOnly,
      responses: {
        200: { description: 'The runs', content: { 'application/json': { schema: z.object({ data: z.array(run) }) } } },
        ...errorResponses(401, 403, 429),
      },
    }),
    async (c) => c.json({ data: await c.var.deps.churnModels.list() }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/{id}',
      summary: 'One churn model training run with its evidence',
      security: bearerSecurity,
      middleware: staffOnly,
      request: { params: runPath },
      responses: {
        200: { description: 'The run', content: { 'application/json': { schema: run } } },
        ...errorResponses(401, 403, 404, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const found = await c.var.deps.churnModels.get(runId(id));
      if (!found) throw ApiError.notFound('churn model run', id);
      return c.json(found, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/{id}/activate',
      summary: 'Score with this run’s model from now on and rescore every account with it (admin)',
      security: bearerSecurity,
      middleware: adminOnly,
      request: { params: runPath },
      responses: {
        200: {
          description: 'Activated; every live account rescored as a recalibration (one churn_model_changed event, no alert, no intervention)',
          content: { 'application/json': { schema: z.object({ run, rescored: z.number().int() }) } },
        },
        ...errorResponses(401, 403, 404, 409, 429),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await c.var.deps.churnModels.activate(runId(id), c.var.principal.sub);
      if (!result) throw ApiError.notFound('churn model run', id);
      if (result === 'not_succeeded') throw new ApiError(409, 'run_not_succeeded', 'only a run that succeeded has a model to activate');
      return c.json(result, 200);
    },
  );
