/**
 * The churn model end to end on a database: `--accounts` accounts (default 10,000) with 24 months
 * of history and a planted signal (test/server/support/churn-history.ts: a churner's logins stop
 * 45 days before it leaves, so half of a 90-day horizon's churners still look active), then a
 * training run as `POST /api/churn-models` starts one, with `activate: "always"`. Prints the examples built per second, the fit time of each model family,
 * the time from the start of training to an activated model, the test metrics, and a full rescore
 * with the hand-set model next to one with the trained model active (same run, same data).
 *
 *   npm run bench:churn [-- --accounts 10000 --days 730 --only pglite|postgres]
 *
 * PostgreSQL comes from BENCH_DATABASE_URL, TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres;
 * the bench creates and drops a database of its own there.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Db } from '../server/db/index';
import { logisticChurnModel } from '../server/domain/churn';
import type { TrainingStage } from '../server/domain/ml/train-churn-model';
import { appConfig, loadEnv } from '../server/env';
import { DEFAULT_TRAINING_PARAMS } from '../server/services/churn-models';
import { createServices } from '../server/services/index';
import { generateChurnHistory } from '../test/server/support/churn-history';
import { onEachDatabase } from './support/databases';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    days: { type: 'string', default: '730' },
    only: { type: 'string' },
  },
});
const accountCount = Number(values.accounts);
const days = Number(values.days);
const now = new Date('2026-06-15T12:00:00Z');
const config = appConfig(
  loadEnv({ NODE_ENV: 'test', RK_FEATURE_REAL_TIME_UPDATES: 'false', RK_FEATURE_AUTOMATED_INTERVENTIONS: 'false' }),
  { jwtSecret: 'bench-secret-that-is-at-least-32-characters', webhookSecrets: [] },
);

const seconds = (started: number) => (performance.now() - started) / 1000;

async function measure(label: string, db: Db) {
  const { pipeline, churnModels } = createServices(db, config, () => now, { churnModel: logisticChurnModel() });
  let started = performance.now();
  await generateChurnHistory(db.orm, { end: now, accounts: accountCount, days, churnShare: 0.3, signal: 'planted', quietDays: 45, seed: 7 });
  await db.orm.execute(sql`update alert_rules set enabled = false`);
  await db.orm.execute(sql`analyze`);
  console.log(`${label}: generated ${accountCount.toLocaleString('en')} accounts with ${days} days of history in ${seconds(started).toFixed(1)} s`);

  // Scores as the hand-set model gives them: once to warm up, once timed.
  await pipeline.rescore();
  started = performance.now();
  const handSet = await pipeline.rescore();
  const handSetSeconds = seconds(started);

  const stageAt = new Map<TrainingStage | 'examples', number>();
  started = performance.now();
  const claimed = await churnModels.start({ ...DEFAULT_TRAINING_PARAMS, activate: 'always' }, (event) => {
    if (event.phase === 'training' && !stageAt.has(event.stage)) stageAt.set(event.stage, performance.now());
  });
  if (!claimed) throw new Error('a training run is already running');
  await churnModels.settled();
  const finished = performance.now();
  const trainedSeconds = seconds(started);
  const run = (await churnModels.get(claimed.id))!;
  if (run.status !== 'succeeded') throw new Error(`the run failed: ${run.error}`);
  const since = (from: TrainingStage | number, to: TrainingStage | number) =>
    ((typeof to === 'number' ? to : stageAt.get(to)!) - (typeof from === 'number' ? from : stageAt.get(from)!)) / 1000;
  const examples = Object.values(run.counts!).reduce((sum, slice) => sum + slice.examples, 0);
  const examplesSeconds = since(started, 'encoding');
  console.log(
    `${label}: ${examples.toLocaleString('en')} examples in ${examplesSeconds.toFixed(1)} s = ${Math.round(examples / examplesSeconds).toLocaleString('en')} examples/s ` +
      `(train ${run.counts!.train.examples.toLocaleString('en')}, test ${run.counts!.test.examples.toLocaleString('en')} with ${run.counts!.test.churners} churned)`,
  );
  console.log(
    `${label}: fit: encoding ${since('encoding', 'logistic').toFixed(1)} s, logistic regression ${since('logistic', 'gbdt').toFixed(1)} s, ` +
      `boosted trees ${since('gbdt', 'calibration').toFixed(1)} s, calibration ${since('calibration', 'evaluation').toFixed(1)} s, ` +
      `evidence ${since('evaluation', 'importance').toFixed(1)} s, importance, storing and activating (a rescore) ${since('importance', finished).toFixed(1)} s`,
  );
  console.log(`${label}: start of training to an activated model (all accounts rescored with it): ${trainedSeconds.toFixed(1)} s (target < 60 s on PostgreSQL)`);
  const auc = run.metrics!.auc;
  console.log(
    `${label}: chosen ${run.model_family}; test AUC ${auc.estimate?.toFixed(3)} (${auc.lower?.toFixed(3)}–${auc.upper?.toFixed(3)}), ` +
      `PR AUC ${run.metrics!.prAuc.estimate?.toFixed(3)} (base rate ${run.metrics!.baseRate.toFixed(3)}), Brier skill ${run.metrics!.brierSkill?.estimate?.toFixed(3)}, ` +
      `ECE ${run.metrics!.ece?.estimate?.toFixed(3)}, top-decile lift ${run.metrics!.topDecileLift.estimate?.toFixed(2)}; ` +
      `logistic ${run.families!.logistic.testAuc.estimate?.toFixed(3)}, boosted trees ${run.families!.gbdt.testAuc.estimate?.toFixed(3)}; ` +
      run.baselines!.map((b) => `${b.name} ${b.metrics.auc.estimate?.toFixed(3)}`).join(', '),
  );

  started = performance.now();
  const trained = await pipeline.rescore();
  const trainedRescoreSeconds = seconds(started);
  console.log(
    `${label}: full rescore: hand-set model ${handSet.rescored.toLocaleString('en')} accounts in ${handSetSeconds.toFixed(2)} s, ` +
      `trained model ${trained.rescored.toLocaleString('en')} in ${trainedRescoreSeconds.toFixed(2)} s = ${(trainedRescoreSeconds / handSetSeconds).toFixed(2)}× (target ≤ 1.2×)`,
  );
}

await onEachDatabase(values.only, measure);
