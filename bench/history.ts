/**
 * Score history: the 52-week weekly backfill of `--accounts` accounts (default 10,000), next to
 * the backfill on the single-instant path (a derivation a step) over its first `--old-steps` steps
 * on the same data (their ratio per step) and the derivation of 8 steps in one statement next to
 * 8 single-instant derivations; then the as-of factor
 * derivation of `--derive` accounts (default 100,000) at a past instant next to the derivation at
 * now, in the same run on the same data (their ratio). On PGlite and PostgreSQL; every figure is
 * printed with the load average, since the machine is shared.
 *
 *   npm run bench:history [-- --accounts 10000 --derive 100000 --weeks 52 --old-steps 4 --only pglite|postgres]
 *
 * PostgreSQL comes from BENCH_DATABASE_URL, TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres;
 * the bench creates and drops a database of its own there.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Db } from '../server/db/index';
import type { ChurnModel } from '../server/domain/churn';
import { appConfig, loadEnv } from '../server/env';
import { seedHistory } from '../server/services/history';
import { createServices } from '../server/services/index';
import { deriveFactors, deriveFactorsAtInstants, scoreAccounts, storeBackfilledSnapshots, withoutJit } from '../server/services/rescore';
import { activeScorecard } from '../server/services/scorecards';
import { onEachDatabase } from './support/databases';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    derive: { type: 'string', default: '100000' },
    weeks: { type: 'string', default: '52' },
    'old-steps': { type: 'string', default: '4' },
    only: { type: 'string' },
  },
});
const accountCount = Number(values.accounts);
const deriveCount = Math.max(accountCount, Number(values.derive));
const weeks = Number(values.weeks);
const oldSteps = Math.min(weeks, Number(values['old-steps']));
const now = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const config = appConfig(
  loadEnv({ NODE_ENV: 'test', RK_FEATURE_REAL_TIME_UPDATES: 'false', RK_FEATURE_AUTOMATED_INTERVENTIONS: 'false' }),
  { jwtSecret: 'bench-secret-that-is-at-least-32-characters', webhookSecrets: [] },
);

/**
 * Accounts `from`..`to` with a year of dated rows (activity, tickets, NPS, payments), set-based,
 * then their history from the rows as the demo loader derives it.
 */
async function generate(db: Db, from: number, to: number) {
  const at = now.toISOString();
  const run = (query: ReturnType<typeof sql>) => db.orm.execute(query);
  const id = sql.raw(`'cust_' || lpad(i::text, 6, '0')`);
  const accounts = sql`generate_series(${from}::int, ${to}::int) i`;
  await run(sql`insert into milestone_definitions (key, name, position)
    select 'step_' || i, 'Step ' || i, i from generate_series(1, 6) i on conflict do nothing`);
  await run(sql`insert into accounts (id, name, mrr, contract_end_date, client_count, payment_status, created_at)
    select ${id}, 'Company ' || i, 100 + (i % 50) * 20, (${at}::date + ((i * 7919) % 400))::date, i % 12,
           case when i % 23 = 0 then 'failed' when i % 17 = 0 then 'overdue' else 'current' end,
           ${at}::timestamptz - interval '400 days' + (i % 30) * interval '1 day'
    from ${accounts}`);
  await run(sql`insert into account_users (account_id, user_id, last_login_at, created_at)
    select ${id}, 'u' || u, ${at}::timestamptz - ((i * u) % 20) * interval '1 day', ${at}::timestamptz - interval '380 days'
    from ${accounts}, generate_series(1, 4) u`);
  await run(sql`insert into activity_events (account_id, user_id, kind, feature, duration_seconds, occurred_at)
    select ${id}, 'u' || (1 + e % 4), (array['login', 'feature_use', 'session'])[1 + e % 3],
           case when e % 3 = 1 then (array['reports', 'automation', 'api', 'export', 'workflows', 'search'])[1 + (i + e) % 6] end,
           case when e % 3 = 2 then 300 + (i * e) % 2400 end,
           ${at}::timestamptz - ((i + e * 7) % 365) * interval '1 day'
    from ${accounts}, generate_series(1, 60) e`);
  await run(sql`insert into account_milestones (account_id, milestone_key, status, completed_at, created_at)
    select ${id}, 'step_' || m, case when (i + m) % 3 = 0 then 'pending' else 'completed' end,
           case when (i + m) % 3 <> 0 then ${at}::timestamptz - ((i * m) % 360) * interval '1 day' end,
           ${at}::timestamptz - interval '380 days'
    from ${accounts}, generate_series(1, 6) m`);
  await run(sql`insert into support_interactions (account_id, subject, status, escalated, satisfaction_rating, response_time_hours, created_at, updated_at)
    select ${id}, 'Ticket', case when t = 1 and i % 5 = 0 then 'open' else 'resolved' end,
           (i + t) % 19 = 0, 1 + (i + t) % 5, ((i * t) % 30)::float8,
           ${at}::timestamptz - ((i + t * 45) % 360) * interval '1 day', ${at}::timestamptz - ((i + t * 45) % 360 - 2) * interval '1 day'
    from ${accounts}, generate_series(1, 8) t`);
  await run(sql`insert into nps_responses (account_id, score, responded_at)
    select ${id}, (i + n) % 11, ${at}::timestamptz - ((i + n * 90) % 360) * interval '1 day'
    from ${accounts}, generate_series(1, 4) n`);
  await run(sql`insert into payments (account_id, amount, status, occurred_at)
    select ${id}, 100, case when (i + p) % 13 = 0 then 'failed' else 'succeeded' end, ${at}::timestamptz - (p * 30) * interval '1 day'
    from ${accounts}, generate_series(0, 11) p`);
  await seedHistory(db.orm);
  await run(sql`analyze`);
}

const seconds = (started: number) => (performance.now() - started) / 1000;
/** The 1-minute load average (Linux), printed with every figure: other work on the machine slows them all. */
const load = () => {
  try {
    return `load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`;
  } catch {
    return 'load unknown';
  }
};

/**
 * The backfill on the single-instant path, as it ran before the multi-instant derivation: per
 * step one derivation (JIT off, the next step's derived while a step is scored and stored), then
 * scoring with the hand-set model and storing. Returns seconds a step.
 */
async function singleInstantBackfill(db: Db, churnModel: ChurnModel | null, steps: readonly Date[]): Promise<number> {
  const scorecard = await activeScorecard(db.orm);
  const started = performance.now();
  const derive = (at: Date) => withoutJit(db.orm, (tx) => deriveFactors(tx, at, scorecard));
  let next = derive(steps[0]!);
  for (const [i, at] of steps.entries()) {
    const derived = await next;
    if (steps[i + 1]) next = derive(steps[i + 1]!);
    for (let start = 0; start < derived.length; start += 2_000) {
      const batch = scoreAccounts(derived.slice(start, start + 2_000), scorecard, churnModel);
      await storeBackfilledSnapshots(db.orm, at, scorecard.version, batch);
    }
  }
  return seconds(started) / steps.length;
}

/** The derivation alone for `steps`: one statement for all of them, and one per step; seconds each. */
async function derivations(db: Db, steps: readonly Date[]): Promise<{ together: number; oneByOne: number }> {
  const scorecard = await activeScorecard(db.orm);
  let started = performance.now();
  await deriveFactorsAtInstants(db.orm, steps, scorecard);
  const together = seconds(started);
  started = performance.now();
  for (const at of steps) await withoutJit(db.orm, (tx) => deriveFactors(tx, at, scorecard));
  return { together, oneByOne: seconds(started) };
}

async function measure(label: string, db: Db) {
  const { pipeline } = createServices(db, config, () => now);
  let started = performance.now();
  await generate(db, 1, accountCount);
  console.log(`${label}: generated ${accountCount.toLocaleString()} accounts with a year of history in ${seconds(started).toFixed(1)} s (${load()})`);

  const from = new Date(now.getTime() - (weeks - 1) * 7 * DAY);
  const grid = (count: number) => Array.from({ length: count }, (_, i) => new Date(from.getTime() + i * 7 * DAY));
  let singlePerStep: number | null = null;
  if (oldSteps > 0) {
    singlePerStep = await singleInstantBackfill(db, pipeline.churnModel, grid(oldSteps));
    console.log(`${label}: single-instant path (a derivation a step, JIT off, one step ahead): ${singlePerStep.toFixed(2)} s a step over ${oldSteps} steps (${load()})`);
    const { together, oneByOne } = await derivations(db, grid(Math.min(weeks, 8)));
    console.log(
      `${label}: derivation of ${Math.min(weeks, 8)} steps: ${together.toFixed(2)} s in one statement, ${oneByOne.toFixed(2)} s one by one, ` +
        `one by one ÷ together ${(oneByOne / together).toFixed(2)} (${load()})`,
    );
  }

  const stages = { derive: 0, score: 0, store: 0 };
  started = performance.now();
  const result = await pipeline.backfill({ from, everyDays: 7, onStage: (stage, ms) => (stages[stage] += ms) });
  const backfillSeconds = seconds(started);
  const perStep = backfillSeconds / result.steps;
  console.log(
    `${label}: backfill ${result.steps} weekly steps × ${accountCount.toLocaleString()} accounts = ${result.snapshots.toLocaleString()} snapshots ` +
      `in ${backfillSeconds.toFixed(1)} s (${perStep.toFixed(2)} s a step; target < 60 s on PostgreSQL) (${load()})`,
  );
  const waited = (stage: keyof typeof stages) => `${stage} ${(stages[stage] / 1000 / result.steps).toFixed(2)} s`;
  console.log(`${label}: a step waited on: ${waited('derive')}, ${waited('score')}, ${waited('store')} (the rest overlapped)`);
  if (singlePerStep !== null) console.log(`${label}: single-instant ÷ multi-instant, a step: ${(singlePerStep / perStep).toFixed(2)}`);

  if (deriveCount > accountCount) {
    started = performance.now();
    await generate(db, accountCount + 1, deriveCount);
    console.log(`${label}: generated up to ${deriveCount.toLocaleString()} accounts in ${seconds(started).toFixed(1)} s`);
  }
  const scorecard = await activeScorecard(db.orm);
  const past = new Date(now.getTime() - 180 * DAY);
  // Warm once each, then time each twice and keep the faster: the two share caches, not order.
  const time = async (at: Date) => {
    let best = Infinity;
    let count = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      count = (await deriveFactors(db.orm, at, scorecard)).length;
      if (i > 0) best = Math.min(best, seconds(t0));
    }
    return { best, count };
  };
  const atNow = await time(now);
  const atPast = await time(past);
  console.log(`${label}: derivation at now of ${atNow.count.toLocaleString()} accounts ${atNow.best.toFixed(2)} s`);
  console.log(`${label}: derivation as of ${past.toISOString().slice(0, 10)} of ${atPast.count.toLocaleString()} accounts ${atPast.best.toFixed(2)} s`);
  console.log(`${label}: as-of ÷ now = ${(atPast.best / atNow.best).toFixed(2)} (target ≤ 1.5) (${load()})`);
}

await onEachDatabase(values.only, measure);
