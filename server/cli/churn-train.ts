/**
 * Trains a churn model on the configured database's history (DATABASE_URL, else PGlite in
 * RK_DATA_DIR), as `POST /api/churn-models` does, with a progress bar, and prints its evidence.
 *
 *   npm run churn:train -- [--horizon-days 90] [--every-days 14] [--history-days 730] [--activate if_better|always|never]
 */
import { z } from 'zod';
import { DEFAULT_TRAINING_PARAMS, TRAINING_LIMITS } from '../services/churn-models';
import { commandArgs, withServices } from './command';
import { trainingProgress } from './progress';

const USAGE = 'usage: npm run churn:train -- [--horizon-days N] [--every-days N] [--history-days N] [--activate if_better|always|never]';

const days = (flag: string, { min, max }: { min: number; max: number }, fallback: number) =>
  z.coerce.number().int(`${flag} must be a whole number of days`).min(min, `${flag} must be at least ${min}`).max(max, `${flag} must be at most ${max}`).default(fallback);

const args = z.object({
  'horizon-days': days('--horizon-days', TRAINING_LIMITS.horizon_days, DEFAULT_TRAINING_PARAMS.horizon_days),
  'every-days': days('--every-days', TRAINING_LIMITS.snapshot_every_days, DEFAULT_TRAINING_PARAMS.snapshot_every_days),
  'history-days': days('--history-days', TRAINING_LIMITS.history_days, DEFAULT_TRAINING_PARAMS.history_days),
  activate: z.enum(['if_better', 'always', 'never'], '--activate must be if_better, always or never').default(DEFAULT_TRAINING_PARAMS.activate),
});

const interval = (i: { estimate: number | null; lower: number | null; upper: number | null } | null) =>
  i?.estimate == null ? 'n/a' : `${i.estimate.toFixed(3)} (95 % ${i.lower?.toFixed(3)}–${i.upper?.toFixed(3)})`;

const parsed = commandArgs(['horizon-days', 'every-days', 'history-days', 'activate'], args, USAGE);

await withServices('Training failed', async (services) => {
  const started = await services.churnModels.start(
    {
      horizon_days: parsed['horizon-days'],
      snapshot_every_days: parsed['every-days'],
      history_days: parsed['history-days'],
      activate: parsed.activate,
    },
    trainingProgress(),
  );
  if (!started) throw new Error('a churn model is already being trained');
  await services.churnModels.settled();
  const run = (await services.churnModels.get(started.id))!;
  if (run.status !== 'succeeded') throw new Error(run.error ?? run.status);
  console.log(`${run.version}: ${run.model_family}, ${run.counts!.test.examples} test examples, ${run.counts!.test.churners} churned`);
  console.log(`  model        AUC ${interval(run.metrics!.auc)}, ECE ${interval(run.metrics!.ece)}`);
  for (const baseline of run.baselines!) console.log(`  ${baseline.name.padEnd(12)} AUC ${interval(baseline.metrics.auc)}`);
  console.log(run.active ? '  active: every account rescored with it' : `  not active${run.insufficient_data ? ' (insufficient data)' : ''}`);
});
