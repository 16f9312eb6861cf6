import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildChurnExamples, snapshotInstants, type ChurnExampleRow } from '../../server/services/churn-examples';
import { activeScorecard } from '../../server/services/scorecards';
import { examplesNow } from '../../server/services/churn-scoring';
import { deriveFactors } from '../../server/services/rescore';
import { buildTestApp } from './support/app';
import { queryRows } from '../../server/db/index';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { generateChurnHistory } from './support/churn-history';

const END = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const OPTIONS = { now: END, horizonDays: 90, snapshotEveryDays: 14, historyDays: 400 };

describe('snapshot instants', () => {
  it('steps back from now and keeps only instants whose horizon has closed', () => {
    const instants = snapshotInstants(OPTIONS);
    expect(instants.every((at) => at + 90 * DAY <= END.getTime() && at >= END.getTime() - 400 * DAY)).toBe(true);
    expect(instants.at(-1)).toBe(END.getTime() - 98 * DAY);
    // k·14 days back for k = 7 (the first step past the 90-day horizon) … 28 (the last within 400 days).
    expect(instants.length).toBe(28 - 7 + 1);
  });
});

describe.each(dbKinds)('churn training examples (%s)', (kind) => {
  let db: TestDb;
  let rows: ChurnExampleRow[];

  beforeAll(async () => {
    db = await openTestDb(kind);
    await generateChurnHistory(db.orm, { end: END, accounts: 60, days: 500, churnShare: 0.5, signal: 'planted', seed: 7 });
    // The recorded history the trends start from, as a deployment has it after `npm run backfill`.
    await buildTestApp(db, { clock: () => END }).deps.pipeline.backfill({ everyDays: 7 });
    rows = await buildChurnExamples(db.orm, await activeScorecard(db.orm), OPTIONS);
  }, 120_000);
  afterAll(() => db?.dispose());

  it('has one example per account live at each instant, labelled by churn within the horizon', async () => {
    const accounts = await queryRows<{ id: string; first_seen_at: string; churned_at: string | null }>(db.orm, sql`select id, first_seen_at, churned_at from accounts`);
    const expected = snapshotInstants(OPTIONS).flatMap((at) =>
      accounts
        .filter((a) => Date.parse(a.first_seen_at) <= at && (a.churned_at === null || Date.parse(a.churned_at) > at))
        .map((a) => `${a.id}@${at}:${a.churned_at !== null && Date.parse(a.churned_at) <= at + 90 * DAY ? 1 : 0}`),
    );
    expect(rows.map((row) => `${row.accountId}@${row.at}:${row.label}`).sort()).toEqual(expected.sort());
    expect(rows.some((row) => row.label === 1)).toBe(true);
  });

  it('carries factors, trends, health, baselines, state and traits as of the instant', () => {
    const row = rows.find((r) => r.at === snapshotInstants(OPTIONS)[10])!;
    expect(row.example).toMatchObject({ payment_status: 'current', plan: 'standard', 'trait.region': expect.any(String) });
    expect(typeof row.example.mrr).toBe('number');
    expect(typeof row.example.health_score_change_30d).toBe('number');
    expect(typeof row.example.health_score_change_90d).toBe('number');
    expect(row.baselines.healthRisk).toBe(100 - (row.example.health_score as number));
    expect(row.baselines.handSet).toBeGreaterThan(0);
  });

  it('builds at scoring time the very example training built for the same instant, trends included', async () => {
    const at = snapshotInstants(OPTIONS).at(-1)!;
    const scorecard = await activeScorecard(db.orm);
    const derived = await deriveFactors(db.orm, new Date(at), scorecard);
    const scored = await examplesNow(db.orm, new Date(at), derived, scorecard);
    const trainedAt = new Map(rows.filter((row) => row.at === at).map((row) => [row.accountId, row.example]));
    const compared = derived.flatMap(({ accountId }, i) => (trainedAt.has(accountId) ? [[scored[i]!.example, trainedAt.get(accountId)!]] : []));
    expect(compared.length).toBe(trainedAt.size);
    for (const [atScoring, atTraining] of compared) expect(atScoring).toEqual(atTraining);
    expect(compared.filter(([example]) => typeof example!.health_score_change_90d === 'number').length).toBeGreaterThan(0);
  });

  it('leaves every example at or before an instant unchanged by anything planted after it', async () => {
    const cut = snapshotInstants(OPTIONS)[12]!;
    const after = new Date(cut + DAY).toISOString();
    const next = snapshotInstants(OPTIONS)[13]!;
    const target = rows.find((row) => row.at === cut && rows.some((later) => later.at === next && later.accountId === row.accountId))!.accountId;
    await db.orm.execute(sql`insert into activity_events (account_id, user_id, kind, feature, duration_seconds, occurred_at)
      values (${target}, 'u9', 'login', null, null, ${after}), (${target}, 'u9', 'feature_use', 'reports', null, ${after}),
             (${target}, 'u9', 'session', null, 3600, ${after})`);
    await db.orm.execute(sql`insert into account_users (account_id, user_id, last_login_at, created_at) values (${target}, 'u9', ${after}, ${after})`);
    await db.orm.execute(sql`update account_users set last_login_at = ${after} where account_id = ${target} and user_id = 'u1'`);
    await db.orm.execute(sql`insert into nps_responses (account_id, user_id, score, responded_at) values (${target}, 'u9', 0, ${after})`);
    await db.orm.execute(sql`insert into account_history (account_id, kind, valid_from, state, changes)
      select ${target}, 'account', ${after}, planted, planted
      from jsonb_build_object('payment_status', 'failed', 'mrr', 1, 'plan', 'enterprise',
        'contract_end_date', '2026-01-01', 'customer_since', '2020-01-01', 'client_count', 99, 'custom_fields_used', 9,
        'traits', jsonb_build_object('region', 'mars', 'seats', 5)) as planted`);
    const replanted = await buildChurnExamples(db.orm, await activeScorecard(db.orm), OPTIONS);
    const upTo = (list: ChurnExampleRow[]) => list.filter((row) => row.at <= cut);
    expect(upTo(replanted)).toEqual(upTo(rows));
    // The plant is seen from the next instant on: the test can fail.
    const seen = (list: ChurnExampleRow[]) => list.find((row) => row.at === next && row.accountId === target)!.example;
    expect(seen(replanted)).not.toEqual(seen(rows));
    expect(seen(replanted)).toMatchObject({ payment_status: 'failed', mrr: 1, plan: 'enterprise', 'trait.region': 'mars', 'trait.seats': 5 });
  }, 120_000);
});
