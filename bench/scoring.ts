/**
 * Rescoring throughput: the set-based rescore of every account against the reference's own
 * design (`update_customer_health(org_id)` in a loop: one factor query, one scoring call and
 * one write per account), in the same process on the same data. Both score and store only: the
 * score pipeline runs with live events and automated interventions switched off and the alert
 * rules disabled, as the reference's loop follows a score with nothing.
 *
 *   npm run bench:scoring [-- --accounts 100000 --baseline 2000 --only pglite|postgres]
 *
 * PostgreSQL comes from BENCH_DATABASE_URL, TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres;
 * the bench creates and drops a database of its own there.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Db } from '../server/db/index';
import { logisticChurnModel } from '../server/domain/churn';
import { scoreAccount } from '../server/domain/scoring';
import { appConfig, loadEnv } from '../server/env';
import { createServices } from '../server/services/index';
import { deriveFactors, storeScores } from '../server/services/rescore';
import { activeScorecard } from '../server/services/scorecards';
import { onEachDatabase } from './support/databases';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    baseline: { type: 'string', default: '2000' },
    only: { type: 'string' },
  },
});
const accountCount = Number(values.accounts);
const baselineCount = Math.min(Number(values.baseline), accountCount);
const now = new Date('2026-06-15T12:00:00Z');
const config = appConfig(
  loadEnv({ NODE_ENV: 'test', RK_FEATURE_REAL_TIME_UPDATES: 'false', RK_FEATURE_AUTOMATED_INTERVENTIONS: 'false' }),
  { jwtSecret: 'bench-secret-that-is-at-least-32-characters', webhookSecrets: [] },
);

/** Generates the accounts inside the database, set-based, so setup takes seconds, not minutes. */
async function generate(db: Db, n: number) {
  const at = now.toISOString();
  const run = (query: ReturnType<typeof sql>) => db.orm.execute(query);
  await run(sql`insert into milestone_definitions (key, name, position)
    select 'step_' || i, 'Step ' || i, i from generate_series(1, 6) i`);
  await run(sql`insert into accounts (id, name, mrr, contract_end_date, client_count, payment_status)
    select 'cust_' || lpad(i::text, 6, '0'), 'Company ' || i, 100 + (i % 50) * 20,
           (${at}::date + ((i * 7919) % 400))::date, i % 12,
           case when i % 23 = 0 then 'failed' when i % 17 = 0 then 'overdue' else 'current' end
    from generate_series(1, ${n}) i`);
  await run(sql`insert into account_users (account_id, user_id, last_login_at)
    select 'cust_' || lpad(i::text, 6, '0'), 'u' || u, ${at}::timestamptz - ((i * u) % 60) * interval '1 day'
    from generate_series(1, ${n}) i, generate_series(1, 4) u`);
  await run(sql`insert into activity_events (account_id, user_id, kind, feature, duration_seconds, occurred_at)
    select 'cust_' || lpad(i::text, 6, '0'), 'u' || (1 + e % 4),
           (array['login', 'feature_use', 'session'])[1 + e % 3],
           case when e % 3 = 1 then (array['reports', 'automation', 'api', 'export', 'workflows', 'search'])[1 + (i + e) % 6] end,
           case when e % 3 = 2 then 300 + (i * e) % 2400 end,
           ${at}::timestamptz - ((i + e * 3) % 45) * interval '1 day'
    from generate_series(1, ${n}) i, generate_series(1, 10) e`);
  await run(sql`insert into account_milestones (account_id, milestone_key, status)
    select 'cust_' || lpad(i::text, 6, '0'), 'step_' || m, case when (i + m) % 3 = 0 then 'pending' else 'completed' end
    from generate_series(1, ${n}) i, generate_series(1, 6) m`);
  await run(sql`insert into support_interactions (account_id, subject, status, escalated, satisfaction_rating, response_time_hours, created_at)
    select 'cust_' || lpad(i::text, 6, '0'), 'Ticket', case when t = 1 and i % 5 = 0 then 'open' else 'resolved' end,
           (i + t) % 19 = 0, 1 + (i + t) % 5, ((i * t) % 30)::float8, ${at}::timestamptz - ((i + t) % 80) * interval '1 day'
    from generate_series(1, ${n}) i, generate_series(1, 2) t`);
  await run(sql`insert into nps_responses (account_id, score, responded_at)
    select 'cust_' || lpad(i::text, 6, '0'), i % 11, ${at}::timestamptz - (i % 60) * interval '1 day'
    from generate_series(1, ${n}) i`);
  await run(sql`update alert_rules set enabled = false`);
  await run(sql`analyze`);
}

async function measure(label: string, db: Db) {
  const churnModel = logisticChurnModel();
  const { pipeline } = createServices(db, config, () => now, { churnModel });
  let started = performance.now();
  await generate(db, accountCount);
  console.log(`${label}: generated ${accountCount.toLocaleString()} accounts in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // The reference's loop: one account at a time, each its own query round trip and write.
  const scorecard = await activeScorecard(db.orm);
  const ids = Array.from({ length: baselineCount }, (_, i) => `cust_${String(i + 1).padStart(6, '0')}`);
  started = performance.now();
  for (const id of ids) {
    const [one] = await deriveFactors(db.orm, now, scorecard, [id]);
    if (!one) continue;
    await storeScores(db.orm, now, scorecard.version, [
      { accountId: id, factors: one.factors, health: scoreAccount(one.factors, scorecard, churnModel) },
    ]);
  }
  const loopSeconds = (performance.now() - started) / 1000;
  const loopRate = baselineCount / loopSeconds;

  started = performance.now();
  const result = await pipeline.rescore();
  const setSeconds = (performance.now() - started) / 1000;
  const setRate = result.rescored / setSeconds;

  console.log(
    `${label}: set-based ${result.rescored.toLocaleString()} accounts in ${setSeconds.toFixed(2)} s = ${Math.round(setRate).toLocaleString()} accounts/s`,
  );
  console.log(
    `${label}: per-account loop ${baselineCount.toLocaleString()} accounts in ${loopSeconds.toFixed(2)} s = ${Math.round(loopRate).toLocaleString()} accounts/s`,
  );
  console.log(`${label}: set-based is ${(setRate / loopRate).toFixed(1)}× the per-account loop (target ≥ 20×; 100k in < 10 s on PostgreSQL)`);
}

await onEachDatabase(values.only, measure);
