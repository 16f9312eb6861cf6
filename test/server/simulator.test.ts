/**
 * The demo's live simulator keeps the portfolio where it is: many ticks of real signed webhooks
 * through a real server leave the status distribution within a band (it used to push the 40 most
 * at-risk accounts upward until all were active).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/db/index';
import { seedDemoData } from '../../server/demo/load';
import { nextAction, startActivitySimulator } from '../../server/demo/simulator';
import { createRandom } from '../../server/domain/ml/random';
import { HEALTH_STATUSES, type HealthStatus } from '../../server/domain/scoring';
import { TEST_WEBHOOK_SECRET } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { startTestServer, type TestServer } from './support/server';

const ACCOUNTS = 80;
const TICKS = 400;

describe('nextAction', () => {
  const pool = {
    activity: [{ account_id: 'a', user_id: 'u', kind: 'feature_use' as const, feature: 'reports', duration_seconds: null }],
    answers: [{ account_id: 'b', user_id: null, score: 3 }],
    tickets: [{ account_id: 'c', satisfaction_rating: 2, response_time_hours: 30 }],
  };

  it('replays what was done lately, never a feature or an account that is not in the pool', () => {
    const random = createRandom(1);
    const seen = new Set<string>();
    for (let n = 0; n < 500; n++) {
      const action = nextAction(pool, random, n);
      if (!action) throw new Error('an action from a full pool');
      seen.add(action.now.type);
      if (action.now.type === 'feature.used') expect(action.now.data).toEqual({ account_id: 'a', user_id: 'u', feature: 'reports' });
      if (action.now.type === 'nps.response') expect(action.now.data).toEqual({ account_id: 'b', score: 3 });
      if (action.now.type === 'support.ticket.created') {
        // Opened now, resolved later the way the account's recent ticket was.
        expect(action.then?.data).toMatchObject({ account_id: 'c', ticket_id: action.now.data.ticket_id, status: 'resolved', satisfaction_rating: 2, response_time_hours: 30 });
      }
    }
    expect([...seen].sort()).toEqual(['feature.used', 'nps.response', 'support.ticket.created']);
  });

  it('does nothing with an empty pool', () => {
    expect(nextAction({ activity: [], answers: [], tickets: [] }, createRandom(2), 1)).toBeNull();
  });
});

describe.each(dbKinds)('the live simulator on %s', (kind) => {
  let db: TestDb;
  let server: TestServer;

  const distribution = async () => {
    const rows = await queryRows<{ status: HealthStatus; n: number }>(
      db.orm,
      sql`select h.status, count(*)::int as n from health_scores h join accounts a on a.id = h.account_id
          where a.churned_at is null group by h.status`,
    );
    const counts = Object.fromEntries(HEALTH_STATUSES.map((s) => [s, 0])) as Record<HealthStatus, number>;
    for (const row of rows) counts[row.status] = row.n;
    const [atRisk] = await queryRows<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from health_scores h join accounts a on a.id = h.account_id
          where a.churned_at is null and h.priority in ('critical', 'high')`,
    );
    return { ...counts, at_risk: atRisk?.n ?? 0 };
  };
  const activityCount = async () =>
    (await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from activity_events`))[0]?.n ?? 0;

  beforeAll(async () => {
    db = await openTestDb(kind);
    // Webhook timestamps are checked against the wall clock, so the demo ends now.
    await seedDemoData(db, { seed: 3, accounts: ACCOUNTS, now: new Date(), progress: false });
    server = await startTestServer(db);
    await server.deps.pipeline.rescore();
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await db?.dispose();
  });

  it(`keeps the status distribution within a band over ${TICKS} ticks`, async () => {
    const before = await distribution();
    const activityBefore = await activityCount();
    const simulator = await startActivitySimulator({ db, url: server.url, webhookSecret: TEST_WEBHOOK_SECRET, intervalMs: 0, seed: 11 });
    for (let n = 0; n < TICKS; n++) await simulator.tick();
    simulator.stop();
    // The ticks were real: most of them stored an activity row.
    expect((await activityCount()) - activityBefore).toBeGreaterThan(TICKS * 0.7);
    await server.deps.pipeline.rescore();
    const after = await distribution();
    const band = Math.max(3, Math.round(ACCOUNTS * 0.1));
    for (const key of [...HEALTH_STATUSES, 'at_risk'] as const) {
      expect(Math.abs(after[key] - before[key]), `${key}: ${before[key]} → ${after[key]}`).toBeLessThanOrEqual(band);
    }
  }, 180_000);
});
