import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import type { AppDeps } from './context';
import { logisticChurnModel } from './domain/churn';
import { automationConfig, featureFlags, loadEnv } from './env';
import { createMetrics } from './metrics';
import { openDatabase } from './open-db';
import { LiveHub } from './live/hub';
import { resolveJwtSecret, resolveWebhookSecrets } from './secrets';
import { scheduledJobs } from './services/jobs';
import { startDeliveryWorker } from './services/delivery';
import { rescoreAccounts } from './services/rescore';
import { startRescoreWorker } from './services/rescore-worker';
import { startScheduler } from './services/scheduler';
import { isDatabaseEmpty, seedDemoData } from './demo/load';
import { startActivitySimulator } from './demo/simulator';

const env = loadEnv();
const { secret, source } = await resolveJwtSecret(env);
const webhook = await resolveWebhookSecrets(env);
const db = await openDatabase(env);
const features = featureFlags(env);
/** Demo mode: outside production. The demo pages, their token and the simulated activity exist only then. */
const demoMode = env.NODE_ENV !== 'production';
const hub = features.realTimeUpdates ? new LiveHub(db) : undefined;
const deps: AppDeps = {
  db,
  clock: () => new Date(),
  config: {
    jwtSecret: secret,
    rateLimitPerMinute: env.RK_RATE_LIMIT_PER_MINUTE,
    features,
    webhookSecrets: webhook.secrets,
    webhookMaxBytes: env.RK_WEBHOOK_MAX_BYTES,
    corsOrigins: env.RK_CORS_ORIGINS,
    assets: {
      widgetsDir: fileURLToPath(new URL('../dist/widgets', import.meta.url)),
      demoDir: demoMode ? fileURLToPath(new URL('../demo', import.meta.url)) : null,
    },
    ...automationConfig(env),
  },
  churnModel: logisticChurnModel(),
  metrics: createMetrics(),
  ...(hub ? { hub } : {}),
};

// Demo data only in demo mode, and only into an empty database.
if (demoMode && (await isDatabaseEmpty(db.orm))) {
  console.log(`Empty database: loading ${env.RK_DEMO_ACCOUNTS} demo accounts (seed ${env.RK_DEMO_SEED})…`);
  await seedDemoData(db, { accounts: env.RK_DEMO_ACCOUNTS, seed: env.RK_DEMO_SEED, now: deps.clock(), progress: true });
}
const { rescored, duration_ms } = await rescoreAccounts(deps);
console.log(`Scored ${rescored} accounts in ${duration_ms} ms`);

await hub?.start();
const worker = await startRescoreWorker(deps);
deps.rescoreWorker = worker;
const delivery = startDeliveryWorker(deps);
const scheduler = await startScheduler(
  deps,
  scheduledJobs(deps, {
    fullRescoreUtc: env.RK_FULL_RESCORE_UTC,
    criticalRescoreMinutes: env.RK_CRITICAL_RESCORE_MINUTES,
    eventRetentionHours: env.RK_EVENT_RETENTION_HOURS,
  }),
  { tickMs: env.RK_SCHEDULER_TICK_SECONDS * 1000 },
);

const app = createApp(deps);
let simulator: { stop(): void } | undefined;
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  console.log(`retention-kit listening on http://${host}:${info.port} (${db.kind}, JWT secret from ${source})`);
  if (!existsSync(deps.config.assets.widgetsDir)) console.warn('  The widget kit is not built: npm run build:widgets');
  if (demoMode) {
    console.log(`  Demo: http://${host}:${info.port}/demo/`);
    if (env.RK_DEMO_ACTIVITY) {
      void startActivitySimulator({ db, url: `http://${host}:${info.port}`, webhookSecret: webhook.secrets[0]! }).then((s) => (simulator = s));
    }
  }
  console.log(`  API docs: http://${host}:${info.port}/openapi.json`);
  if (source === 'data-dir') console.log('  A token for local use: npm run token -- --role admin');
  if (webhook.source === 'data-dir') console.log(`  Webhook signing secret: ${join(env.RK_DATA_DIR, 'dev-webhook-secret')}`);
});

const shutdown = () => {
  simulator?.stop();
  // Streams never end by themselves: close them so server.close() can finish.
  server.close(() => void Promise.all([worker.stop(), scheduler.stop(), delivery.stop(), hub?.stop()]).then(() => db.close()).then(() => process.exit(0)));
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
