import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildChurnExamples, sliceExamples, snapshotInstants, type ChurnExampleRow } from '../../server/services/churn-examples';
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
  it('steps back from the latest closed window, so an outcome dated today is a label', () => {
    const instants = snapshotInstants(OPTIONS);
    expect(instants.every((at) => at + 90 * DAY <= END.getTime() && at >= END.getTime() - 400 * DAY)).toBe(true);
    expect(instants.at(-1)).toBe(END.getTime() - 90 * DAY);
    // 90 + k·14 days back for k = 0 … 22 (the last within 400 days).
    expect(instants.length).toBe(23);
  });
});

describe('slicing the examples', () => {
  const row = (accountId: string, days: number, label: 0 | 1): ChurnExampleRow => ({
    accountId,
    at: END.getTime() - days * DAY,
    example: { tenure_days: days },
    label,
    baselines: { healthRisk: 50, handSet: 0.1, lastLoginDays: 3 },
  });
  /** 400 accounts at 20 instants; `churnedAt(a)` is the instant (days back) account a churns after, or null. */
  const history = (churnedAt: (a: number) => number | null) =>
    Array.from({ length: 400 }, (_, a) => a).flatMap((a) =>
      Array.from({ length: 20 }, (_, k) => 90 + 14 * (19 - k)).flatMap((days) => {
        const churn = churnedAt(a);
        if (churn !== null && days < churn) return [];
        return [row(`a${a}`, days, churn === days ? 1 : 0)];
      }),
    );

  it('tests out of time when churn outcomes are spread over the history', () => {
    const rows = history((a) => (a % 2 === 0 ? 90 + 14 * ((a / 2) % 20) : null));
    const slices = sliceExamples(rows, { horizonDays: 90, seed: 3 });
    expect(slices.holdout).toBe('out_of_time');
    const latest = (slice: { examples: readonly { tenure_days?: unknown }[] }) => Math.min(...slice.examples.map((e) => Number(e.tenure_days)));
    const earliestTest = Math.max(...slices.test.examples.map((e) => Number(e.tenure_days)));
    // Everything learnt from lies a horizon before the test period.
    expect(latest(slices.train)).toBeGreaterThanOrEqual(earliestTest + 90);
    expect(latest(slices.validation)).toBeGreaterThanOrEqual(earliestTest + 90);
  });

  it('holds accounts out when every churn outcome is in the latest window (a table exported today)', () => {
    const rows = history((a) => (a % 4 === 0 ? 90 : null));
    const slices = sliceExamples(rows, { horizonDays: 90, seed: 3 });
    expect(slices.holdout).toBe('accounts');
    const parts = [slices.train, slices.validation, slices.calibration, slices.test].map((slice) => new Set(slice.groups));
    // Every account with all its instants in one part, and churners in each part to learn, choose, calibrate and test on.
    expect(parts.reduce((sum, part) => sum + part.size, 0)).toBe(400);
    expect(new Set(parts.flatMap((part) => [...part])).size).toBe(400);
    expect(parts.map((part) => part.size / 400)).toEqual([expect.closeTo(0.6, 1), expect.closeTo(0.1, 1), expect.closeTo(0.1, 1), expect.closeTo(0.2, 1)]);
    for (const slice of [slices.train, slices.validation, slices.calibration, slices.test]) {
      expect(slice.labels.reduce((sum, y) => sum + y, 0)).toBeGreaterThan(0);
      expect(slice.examples.length).toBe(slice.groups.length);
    }
    expect(slices.testRows.map((r) => r.accountId)).toEqual(slices.test.groups);
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
