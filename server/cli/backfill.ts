/**
 * Recomputes the score history of the configured database (DATABASE_URL, else PGlite in
 * RK_DATA_DIR) with the active scorecard and churn model: a snapshot of every account at every
 * step, marked backfilled. Idempotent: a second run over the same data changes nothing.
 *
 *   npm run backfill -- [--from 2025-06-01] [--every 7d]
 */
import { z } from 'zod';
import { commandArgs, withServices } from './command';
import { backfillProgress } from './progress';

const USAGE = 'usage: npm run backfill -- [--from YYYY-MM-DD] [--every Nd]';

const args = z.object({
  from: z.iso.date('--from must be a date, YYYY-MM-DD').transform((d) => new Date(`${d}T00:00:00Z`)).optional(),
  every: z
    .string()
    .regex(/^\d{1,3}d$/, '--every must be a number of days, such as 7d')
    .transform((v) => Number.parseInt(v, 10))
    .pipe(z.number().int().min(1, '--every must be at least 1d').max(366, '--every must be at most 366d'))
    .default(7),
});

const parsed = commandArgs(['from', 'every'], args, USAGE);

await withServices('Backfill failed', async (services) => {
  const result = await services.pipeline.backfill({
    ...(parsed.from ? { from: parsed.from } : {}),
    everyDays: parsed.every,
    onProgress: backfillProgress(),
  });
  console.log(
    `${result.snapshots} snapshots at ${result.steps} steps from ${result.from} every ${result.every_days} days ` +
      `(scorecard v${result.scorecard_version}, churn model ${result.churn_model_version ?? 'off'}) in ${(result.duration_ms / 1000).toFixed(1)} s`,
  );
});
