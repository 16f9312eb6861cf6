/**
 * Exports: `--rows` customers (default 100,000) on PGlite and on PostgreSQL, downloaded over
 * loopback HTTP as CSV and as XLSX from GET /api/customer-success/customers?sort=…&format=…;
 * prints rows/s, the file size and the peak growth of the process's RSS over its level before the
 * download (server and client are this one process, so that bounds what the export holds).
 *
 *   npm run bench:exports [-- --rows 100000 --sort name --only pglite|postgres]
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createApp } from '../server/app';
import { signToken } from '../server/auth';
import type { Db } from '../server/db/index';
import { appConfig, loadEnv } from '../server/env';
import { serveApp } from '../server/http';
import { createServices } from '../server/services/index';
import { activeScorecard } from '../server/services/scorecards';
import { onEachDatabase } from './support/databases';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, sort: { type: 'string', default: 'name' }, only: { type: 'string' } },
});
const rows = Number(values.rows);
const now = new Date('2026-06-15T12:00:00Z');
const secret = 'bench-secret-that-is-at-least-32-characters';
const config = appConfig(
  loadEnv({ NODE_ENV: 'test', RK_FEATURE_REAL_TIME_UPDATES: 'false', RK_FEATURE_AUTOMATED_INTERVENTIONS: 'false', RK_RATE_LIMIT_PER_MINUTE: '10000' }),
  { jwtSecret: secret, webhookSecrets: [] },
);

const token = await signToken({ sub: 'bench', role: 'viewer', ttl: 3600 }, secret);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function measure(label: string, db: Db): Promise<void> {
  await activeScorecard(db.orm);
  await db.orm.execute(sql`insert into accounts (id, name, plan, mrr, csm_owner, created_at)
    select 'cust_' || lpad(i::text, 6, '0'), 'Company ' || md5(i::text), case when i % 3 = 0 then 'growth' else 'starter' end,
           (i % 500) * 10, 'owner' || (i % 20) || '@cs.example', '2025-01-01T00:00:00Z'
    from generate_series(1, ${rows}::int) i`);
  await db.orm.execute(sql`insert into health_scores (account_id, overall_score, engagement_score, satisfaction_score, components,
      status, risk_level, churn_probability, priority, scorecard_version, risk_factors, factors, computed_at)
    select 'cust_' || lpad(i::text, 6, '0'), i % 101, 50, 50, '{}'::jsonb, 'warning', 'medium', (i % 97) / 97.0, 'medium',
           (select max(version) from scorecards), '["No login in 14 days"]'::jsonb, '{}'::jsonb, '2026-06-14T00:00:00Z'
    from generate_series(1, ${rows}::int) i`);
  // Statistics, as the demo loader takes them and PostgreSQL's autovacuum would (PGlite has none):
  // without them the planner guesses a few rows and sorts the whole list on every page.
  await db.orm.execute(sql`analyze`);

  const deps = createServices(db, config, () => now);
  const server = serveApp({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/customer-success/customers?sort=${encodeURIComponent(values.sort)}&format=`;
  console.log(`${rows.toLocaleString('en')} customers on ${label}, sort=${values.sort}`);
  for (const format of ['csv', 'xlsx']) {
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    const res = await fetch(`${url}${format}`, { headers: { authorization: `Bearer ${token}` } });
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    console.log(
      `${format.padEnd(4)} ${res.status} ${Math.round(rows / seconds).toLocaleString('en')} rows/s, ${seconds.toFixed(1)} s, ${mb(bytes)} MB file, ` +
        `RSS ${mb(before)} MB before, peak +${mb(peak - before)} MB`,
    );
  }
  server.close();
}

await onEachDatabase(values.only, measure);
