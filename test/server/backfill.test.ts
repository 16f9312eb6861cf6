import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/db/index';
import { generateDemoData } from '../../server/demo/generate';
import { loadDemoData } from '../../server/demo/load';
import { DEFAULT_TRAINING_PARAMS } from '../../server/services/churn-models';
import { examplesNow } from '../../server/services/churn-scoring';
import { parseInboundEvent } from '../../server/services/ingest';
import { deriveFactors, scoreAccounts, scoredRecord } from '../../server/services/rescore';
import { activeScorecard } from '../../server/services/scorecards';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;

/** Every backfilled snapshot, in a stable order and without its row id. */
const backfilled = (db: TestDb) =>
  queryRows(
    db.orm,
    sql`select account_id, taken_at, overall_score, status, churn_probability, scorecard_version, churn_model_version
        from health_snapshots where backfilled order by account_id, taken_at`,
  );
const counted = async (db: TestDb, table: string) =>
  (await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

/**
 * Factors with every number to 12 significant digits: the backfill's multi-instant derivation
 * averages in another order than the per-instant one, so averages can differ in their last bits.
 */
const lastBitsAside = (factors: unknown) =>
  Object.fromEntries(Object.entries(factors as Record<string, unknown>).map(([key, value]) => [key, typeof value === 'number' ? Number(value.toPrecision(12)) : value]));

describe.each(dbKinds)('score history backfill on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;
  let churned: string;
  let live: string;

  beforeAll(async () => {
    db = await openTestDb(kind);
    const dataset = generateDemoData({ accounts: 24, seed: 5, now: NOW });
    await loadDemoData(db.orm, dataset);
    churned = dataset.accounts.find((a) => a.churnedAt)!.id;
    live = dataset.accounts.find((a) => !a.churnedAt)!.id;
    t = buildTestApp(db, { clock: () => NOW });
    await t.deps.pipeline.rescore();
  }, 120_000);
  afterAll(() => db.dispose());

  it('is for admins and validates its body', async () => {
    expect((await t.call('/api/customer-success/backfill', { role: 'csm', body: {} })).status).toBe(403);
    const bad = await t.call('/api/customer-success/backfill', { role: 'admin', body: { every_days: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].field).toBe('every_days');
  });

  it('writes weekly backfilled snapshots from the oldest event, no alert, no intervention, one history_rebuilt; twice changes nothing', { timeout: 120_000 }, async () => {
    const alertsBefore = await counted(db, 'alerts');
    const interventionsBefore = await counted(db, 'interventions');
    const eventsBefore = await counted(db, 'live_events');
    const res = await t.call('/api/customer-success/backfill', { role: 'admin', body: {} });
    expect(res.status).toBe(200);
    expect(res.json.every_days).toBe(7);
    // The demo's records cover the year before NOW.
    expect(res.json.steps).toBeGreaterThanOrEqual(52);
    expect(res.json.snapshots).toBeGreaterThan(24 * 20);
    expect(res.json).toMatchObject({ scorecard_version: 1, churn_model_version: 'logistic-v1', to: NOW.toISOString() });
    const first = await backfilled(db);
    expect(first).toHaveLength(res.json.snapshots);
    expect(new Set(first.map((s) => (s as { scorecard_version: number }).scorecard_version))).toEqual(new Set([1]));
    expect(await counted(db, 'alerts')).toBe(alertsBefore);
    expect(await counted(db, 'interventions')).toBe(interventionsBefore);
    const events = await queryRows<{ type: string }>(db.orm, sql`select type from live_events order by id offset ${eventsBefore}`);
    expect(events.map((e) => e.type)).toEqual(['history_rebuilt']);

    const again = await t.call('/api/customer-success/backfill', { role: 'admin', body: {} });
    expect(again.json.snapshots).toBe(res.json.snapshots);
    expect(await backfilled(db)).toEqual(first);

    // A start before the first event begins at the first event, on the same grid.
    const early = await t.call('/api/customer-success/backfill', { role: 'admin', body: { from: '1970-01-01' } });
    expect(early.json).toMatchObject({ from: res.json.from, steps: res.json.steps, snapshots: res.json.snapshots });
    expect(await backfilled(db)).toEqual(first);
  });

  it('stores at every step exactly what the per-instant derivation scores', async () => {
    const scorecard = await activeScorecard(db.orm);
    const instants = await queryRows<{ at: Date | string }>(db.orm, sql`select distinct taken_at as at from health_snapshots where backfilled`);
    // Three steps drawn at random.
    const picked = [...instants].sort(() => Math.random() - 0.5).slice(0, 3);
    for (const { at } of picked) {
      const instant = new Date(at);
      // Every column the stores write from a scored account (a snapshot keeps no risk factors), the
      // JSON ones as JSON keeps them (factors without undefined fields).
      const expected = scoreAccounts(await deriveFactors(db.orm, instant, scorecard), scorecard, t.deps.pipeline.churnModel).map((scored) => {
        const { risk_factors: _riskFactors, factors, ...record } = scoredRecord(scored);
        return { ...record, scorecard_version: scorecard.version, factors: lastBitsAside(JSON.parse(JSON.stringify(factors))) };
      });
      const stored = await queryRows<Record<string, unknown>>(
        db.orm,
        sql`select account_id, overall_score, engagement_score, satisfaction_score, components, status, risk_level, churn_probability,
              churn_model_version, priority, scorecard_version, factors, coverage, unknown_factors from health_snapshots
            where backfilled and taken_at = ${instant.toISOString()}::timestamptz order by account_id`,
      );
      expect(stored.map((row) => ({ ...row, factors: lastBitsAside(row.factors) }))).toEqual(expected);
    }
  });

  it('serves an account history of any length, a member its own only', async () => {
    const year = await t.call(`/api/customer-success/health/${live}?history_days=400`, { role: 'member', accountId: live });
    expect(year.status).toBe(200);
    const first = Date.parse(year.json.history[0].taken_at);
    expect(NOW.getTime() - first).toBeGreaterThan(300 * DAY);
    expect(year.json.history.some((s: { backfilled: boolean }) => s.backfilled)).toBe(true);
    expect(year.json.change_30d).not.toBeNull();
    const short = await t.call(`/api/customer-success/health/${live}?history_days=10`, { role: 'csm' });
    expect(short.json.history.every((s: { taken_at: string }) => NOW.getTime() - Date.parse(s.taken_at) <= 10 * DAY)).toBe(true);
    expect((await t.call(`/api/customer-success/health/${churned}`, { role: 'member', accountId: live })).status).toBe(403);
    expect((await t.call(`/api/customer-success/health/${live}?history_days=0`, { role: 'csm' })).status).toBe(400);
  });

  it('answers a churned account with its last score and the history up to the churn', async () => {
    const res = await t.call(`/api/customer-success/health/${churned}?history_days=3650`, { role: 'csm' });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('churned');
    const churnedAt = Date.parse(res.json.churned_at);
    const last = res.json.history.at(-1);
    expect(Date.parse(last.taken_at)).toBeLessThanOrEqual(churnedAt);
    expect(res.json.health_score).toBe(last.health_score);
    expect(res.json.history.length).toBeGreaterThan(1);
  });

  it('serves the portfolio per step, to staff only', async () => {
    const res = await t.call('/api/customer-success/health-history?from=2025-07-01&to=2026-06-14&every=28d', { role: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.json.steps.length).toBe(13);
    for (const step of res.json.steps) {
      const total = Object.values(step.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(total).toBe(step.accounts);
    }
    expect(res.json.steps.at(-1).accounts).toBeGreaterThan(0);
    expect(res.json.steps.at(-1).average_score).toBeGreaterThan(0);
    // Thin data is counted, and on request left out: what is left out is exactly what was counted as low.
    // One account's history as if it had stood on a fifth of the weight (the next test rewrites it).
    await db.orm.execute(sql`update health_snapshots set coverage = 0.2 where account_id = ${live} and backfilled`);
    const thin = await t.call('/api/customer-success/health-history?from=2025-07-01&to=2026-06-14&every=28d', { role: 'viewer' });
    expect(thin.json.min_coverage).toBe(0);
    expect(thin.json.steps.map((s: { accounts: number }) => s.accounts)).toEqual(res.json.steps.map((s: { accounts: number }) => s.accounts));
    expect(thin.json.steps.every((s: { excluded: number }) => s.excluded === 0)).toBe(true);
    expect(thin.json.steps.at(-1).low_coverage).toBe(res.json.steps.at(-1).low_coverage + 1);
    const measured = await t.call('/api/customer-success/health-history?from=2025-07-01&to=2026-06-14&every=28d&min_coverage=0.5', { role: 'viewer' });
    expect(measured.status).toBe(200);
    measured.json.steps.forEach((step: { accounts: number; excluded: number; low_coverage: number }, i: number) => {
      const all = thin.json.steps[i];
      expect(step).toMatchObject({ excluded: all.low_coverage, low_coverage: 0, accounts: all.accounts - all.low_coverage });
    });
    const over = await t.call('/api/customer-success/health-history?min_coverage=2', { role: 'viewer' });
    expect(over.status).toBe(400);
    expect(over.json.error.fields[0].field).toBe('min_coverage');
    expect((await t.call('/api/customer-success/health-history', { role: 'member', accountId: live })).status).toBe(403);
    const bad = await t.call('/api/customer-success/health-history?every=7w', { role: 'viewer' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].field).toBe('every');
  });

  it('backfills the accounts an import of older events touched, by itself', async () => {
    const before = await queryRows<{ score: number }>(
      db.orm,
      sql`select overall_score as score from health_snapshots where account_id = ${live} and backfilled and taken_at > ${new Date(NOW.getTime() - 60 * DAY).toISOString()}::timestamptz order by taken_at`,
    );
    const old = new Date(NOW.getTime() - 60 * DAY).toISOString();
    const lines = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ id: `late-${i}`, type: 'support.ticket.created', timestamp: old, data: { account_id: live, ticket_id: `LATE-${i}`, subject: 'Down', escalated: true, priority: 'urgent' } }),
    ).join('\n');
    const res = await t.app.request('/api/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.token('admin')}`, 'content-type': 'application/x-ndjson' },
      body: lines,
    });
    const summary = (await res.json()) as { accepted: number };
    expect(summary.accepted).toBe(12);
    const after = await queryRows<{ score: number }>(
      db.orm,
      sql`select overall_score as score from health_snapshots where account_id = ${live} and backfilled and taken_at > ${new Date(NOW.getTime() - 60 * DAY).toISOString()}::timestamptz order by taken_at`,
    );
    // Twelve open escalated tickets from then on lower every later score.
    expect(after.length).toBeGreaterThanOrEqual(8);
    expect(after.length).toBe(before.length);
    after.forEach((s, i) => expect(s.score).toBeLessThan(before[i]!.score));
  });
  it('scores the history with the active trained model, as live rescoring scores, and names its version', { timeout: 240_000 }, async () => {
    const started = await t.deps.churnModels.start({ ...DEFAULT_TRAINING_PARAMS, activate: 'always' });
    await t.deps.churnModels.settled();
    const version = `trained-${started!.id}`;
    // Activation rescored every live account at NOW with the trained model.
    const live = await queryRows<{ account_id: string; churn_probability: number; churn_model_version: string }>(
      db.orm,
      sql`select account_id, churn_probability, churn_model_version from health_scores h
          join accounts a on a.id = h.account_id where a.churned_at is null order by account_id`,
    );
    expect(live.length).toBeGreaterThan(0);
    expect(new Set(live.map((r) => r.churn_model_version))).toEqual(new Set([version]));

    // One step at NOW itself (the route takes days, the pipeline instants): the same instant as the live scores.
    expect(await t.deps.pipeline.backfill({ from: NOW })).toMatchObject({ steps: 1, churn_model_version: version });
    const step = await queryRows<{ account_id: string; churn_probability: number; churn_model_version: string }>(
      db.orm,
      sql`select account_id, churn_probability, churn_model_version from health_snapshots
          where backfilled and taken_at = ${NOW.toISOString()}::timestamptz order by account_id`,
    );
    expect(step).toEqual(live);
  });

  it('scores a backfilled step with the plan, MRR and traits of its instant, not today\'s', { timeout: 240_000 }, async () => {
    // The trained model of the test before is active.
    const at = new Date(NOW.getTime() - 91 * DAY);
    const probabilities = async () => {
      await t.deps.pipeline.backfill({ from: at, to: at });
      return queryRows<{ account_id: string; churn_probability: number }>(
        db.orm,
        sql`select account_id, churn_probability from health_snapshots where backfilled and taken_at = ${at.toISOString()}::timestamptz order by account_id`,
      );
    };
    const before = await probabilities();
    const changed = before.map((row) => row.account_id).filter((id) => id !== churned);
    // After the instant, every account changes plan, MRR and traits.
    // At now: the demo's own account history runs up to now (payments, renewals), and a change dated
    // before its latest row would not be the latest state.
    const later = NOW.toISOString();
    for (const id of changed) {
      await t.deps.pipeline.accept(db.orm, null, parseInboundEvent({ type: 'contract.updated', timestamp: later, data: { account_id: id, contract_end_date: null, mrr: 99_999, plan: 'platinum' } }));
      await t.deps.pipeline.accept(db.orm, null, parseInboundEvent({ type: 'account.upserted', timestamp: later, data: { account_id: id, name: `Renamed ${id}`, traits: { region: 'antarctica', segment: 'zz', industry: null } } }));
    }
    const scorecard = await activeScorecard(db.orm);
    const example = async (instant: Date) => {
      const derived = (await deriveFactors(db.orm, instant, scorecard)).filter((d) => d.accountId === changed[0]);
      return (await examplesNow(db.orm, instant, derived, scorecard))[0]!.example;
    };
    // Today's example reads the new state; the step's example the state it had then.
    expect(await example(NOW)).toMatchObject({ mrr: 99_999, plan: 'platinum', 'trait.region': 'antarctica' });
    const then = await example(at);
    expect(then.mrr).not.toBe(99_999);
    expect(then.plan).not.toBe('platinum');
    expect(then['trait.region']).not.toBe('antarctica');
    expect(await probabilities()).toEqual(before);
  });
});
