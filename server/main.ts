import { serve } from '@hono/node-server';
import { createApp } from './app';
import type { AppDeps } from './context';
import { logisticChurnModel } from './domain/churn';
import { featureFlags, loadEnv } from './env';
import { createMetrics } from './metrics';
import { openDatabase } from './open-db';
import { resolveJwtSecret } from './secrets';
import { rescoreAccounts } from './services/rescore';
import { isDatabaseEmpty, seedDemoData } from './demo/load';

const env = loadEnv();
const { secret, source } = await resolveJwtSecret(env);
const db = await openDatabase(env);
const deps: AppDeps = {
  db,
  clock: () => new Date(),
  config: { jwtSecret: secret, rateLimitPerMinute: env.RK_RATE_LIMIT_PER_MINUTE, features: featureFlags(env) },
  churnModel: logisticChurnModel(),
  metrics: createMetrics(),
};

// Demo data only outside production, and only into an empty database.
if (env.NODE_ENV !== 'production' && (await isDatabaseEmpty(db.orm))) {
  console.log(`Empty database: loading ${env.RK_DEMO_ACCOUNTS} demo accounts (seed ${env.RK_DEMO_SEED})…`);
  await seedDemoData(db, { accounts: env.RK_DEMO_ACCOUNTS, seed: env.RK_DEMO_SEED, now: deps.clock(), progress: true });
}
const { rescored, duration_ms } = await rescoreAccounts(deps);
console.log(`Scored ${rescored} accounts in ${duration_ms} ms`);

const app = createApp(deps);
const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  console.log(`retention-kit listening on http://${host}:${info.port} (${db.kind}, JWT secret from ${source})`);
  console.log(`  API docs: http://${host}:${info.port}/openapi.json`);
  if (source === 'data-dir') console.log('  A token for local use: npm run token -- --role admin');
});

const shutdown = () => {
  server.close(() => void db.close().then(() => process.exit(0)));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
