import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app';
import { appConfig, isDemoMode, loadEnv } from './env';
import { serveApp } from './http';
import { openDatabase } from './open-db';
import { resolveJwtSecret, resolveWebhookSecrets } from './secrets';
import { createServices, type Services } from './services/index';
import { isDatabaseEmpty, seedDemoData } from './demo/load';
import { startActivitySimulator } from './demo/simulator';
import { backfillProgress } from './cli/progress';
import { DEFAULT_TRAINING_PARAMS } from './services/churn-models';

const env = loadEnv();
// Secrets first: outside production they may be generated into RK_DATA_DIR, which must happen
// once, before any worker of a cluster reads them.
const { secret, source } = await resolveJwtSecret(env);
const webhook = await resolveWebhookSecrets(env);
const config = appConfig(env, { jwtSecret: secret, webhookSecrets: webhook.secrets });
const demoMode = isDemoMode(env);
const clock = () => new Date();

if (cluster.isPrimary && env.RK_WORKERS > 1) {
  const db = await openDatabase(env);
  await prepare(createServices(db, config, clock));
  await db.close();
  superviseWorkers(env.RK_WORKERS);
} else {
  await serveInstance();
}

/**
 * Once per start, before anything is served (by the primary of a cluster, not by each worker):
 * training runs a stopped process left running marked failed, demo data into an empty database in demo mode, then a full rescore so the first requests see scores.
 */
async function prepare(services: Services): Promise<void> {
  const abandoned = await services.churnModels.failAbandoned();
  if (abandoned > 0) console.log(`Marked ${abandoned} churn model training run(s) failed: their process stopped`);
  if (demoMode && (await isDatabaseEmpty(services.db.orm))) {
    console.log(`Empty database: loading ${env.RK_DEMO_ACCOUNTS} demo accounts (seed ${env.RK_DEMO_SEED})…`);
    await seedDemoData(services.db, { accounts: env.RK_DEMO_ACCOUNTS, seed: env.RK_DEMO_SEED, now: clock(), progress: true });
    // The generated year of activity becomes a year of weekly scores, so the demo opens with its history.
    const history = await services.pipeline.backfill({ onProgress: backfillProgress() });
    console.log(`Backfilled ${history.snapshots} snapshots over ${history.steps} weeks in ${history.duration_ms} ms`);
  }
  const { rescored, duration_ms } = await services.pipeline.rescore();
  console.log(`Scored ${rescored} accounts in ${duration_ms} ms`);
}

/**
 * RK_WORKERS processes sharing the port (node:cluster): each is a full instance, and the jobs
 * that must run once (scheduled rescores, dirty-account batches) already coordinate through
 * PostgreSQL as separate instances do. A worker that dies is replaced in its slot.
 */
function superviseWorkers(count: number): void {
  let alive = 0;
  let stopping = false;
  const fork = (index: number) => {
    alive += 1;
    cluster.fork({ RK_WORKER_INDEX: String(index) }).once('exit', (code, signal) => {
      alive -= 1;
      if (stopping) {
        if (alive === 0) process.exit(0);
        return;
      }
      console.error(`retention-kit: worker ${index} exited (${signal ?? code}); starting another`);
      // At most one restart a second per slot, should a worker fail at start.
      setTimeout(() => fork(index), 1000);
    });
  };
  for (let index = 0; index < count; index++) fork(index);
  console.log(`retention-kit: ${count} worker processes (primary ${process.pid})`);
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The demo's first start, after the server listens: trains the churn model once on the backfilled
 * history (no run yet, on this database), in the background, activating it if it beats the hand-set
 * model on the same test examples with calibration error at most 0.05 (the validated standard).
 */
async function trainDemoModelOnce(services: Services): Promise<void> {
  try {
    if ((await services.churnModels.list()).length > 0) return;
    const started = await services.churnModels.start({ ...DEFAULT_TRAINING_PARAMS, activate: 'if_better' });
    if (!started) return;
    console.log(`  Training the demo's churn model in the background (run ${started.id})…`);
    await services.churnModels.settled();
    const run = await services.churnModels.get(started.id);
    if (run?.status !== 'succeeded') console.log(`  Churn model run ${started.id} ${run?.status ?? 'vanished'}: ${run?.error ?? ''}`);
    else console.log(`  Churn model ${run.version}: test AUC ${run.metrics?.auc.estimate?.toFixed(3)}, ${run.active ? 'active' : 'not better than the hand-set model, kept inactive'}`);
  } catch (error) {
    console.error('retention-kit: training the demo churn model failed', error);
  }
}

async function serveInstance(): Promise<void> {
  const db = await openDatabase(env);
  const services = createServices(db, config, clock);
  if (!cluster.isWorker) await prepare(services);
  await services.start();

  const app = createApp(services);
  // The first worker of a cluster (or the only process) says the rest and runs the demo's activity.
  const first = env.RK_WORKER_INDEX === 0;
  let simulator: { stop(): void } | undefined;
  const server = serveApp({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
    const which = cluster.isWorker ? `, worker ${env.RK_WORKER_INDEX} pid ${process.pid}` : '';
    console.log(`retention-kit listening on http://${host}:${info.port} (${db.kind}, JWT secret from ${source}${which})`);
    if (!first) return;
    if (!existsSync(config.assets.widgetsDir)) console.warn('  The widget kit is not built: npm run build:widgets');
    if (demoMode) {
      console.log(`  Demo: http://${host}:${info.port}/demo/`);
      void trainDemoModelOnce(services);
      if (env.RK_DEMO_ACTIVITY) {
        void startActivitySimulator({ db, url: `http://${host}:${info.port}`, webhookSecret: webhook.secrets[0]! }).then((s) => (simulator = s));
      }
    }
    console.log(`  API docs: http://${host}:${info.port}/openapi.json`);
    if (source === 'data-dir') console.log('  A token for local use: npm run token -- --role admin');
    if (webhook.source === 'data-dir') console.log(`  Webhook signing secret: ${join(env.RK_DATA_DIR, 'dev-webhook-secret')}`);
  });

  let stopping = false;
  const shutdown = () => {
    // Ctrl-C reaches a cluster's workers twice: from the terminal and from the primary.
    if (stopping) return;
    stopping = true;
    simulator?.stop();
    // Streams never end by themselves: close them so server.close() can finish.
    server.close(() =>
      void services
        .stop()
        .then(() => db.close())
        .then(() => process.exit(0)),
    );
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
