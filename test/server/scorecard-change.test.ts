import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/db/index';
import { generateDemoData } from '../../server/demo/generate';
import { loadDemoData } from '../../server/demo/load';
import { VALUE_SCORECARD } from '../../server/domain/scorecard';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');

const counted = async (db: TestDb, table: string) =>
  (await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

describe.each(dbKinds)('a scorecard change on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;
  let clock = NOW;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await loadDemoData(db.orm, generateDemoData({ accounts: 40, seed: 5, now: NOW }));
    t = buildTestApp(db, { clock: () => clock });
    // Rules that fire on any level or drop of the health score, as a host might configure them.
    for (const [id, condition] of [
      ['any_drop', { metric: 'health_score', operator: 'changed_by', threshold: -1, time_window: '7 days' }],
      ['below_90', { metric: 'health_score', operator: 'lt', threshold: 90 }],
    ] as const) {
      const res = await t.call('/api/alert-rules', {
        role: 'admin',
        body: { id, name: id, condition, channels: ['slack'], severity: 'critical', cooldown_minutes: 0 },
      });
      expect(res.status).toBe(201);
    }
    await t.deps.pipeline.rescore();
    clock = new Date(NOW.getTime() + 3_600_000);
  }, 120_000);
  afterAll(() => db.dispose());

  it('rescores everyone with one scorecard_changed event: no alert, no intervention, no per-account event', async () => {
    const alerts = await counted(db, 'alerts');
    const interventions = await counted(db, 'interventions');
    const events = await counted(db, 'live_events');
    const res = await t.call('/api/scorecard', { role: 'admin', method: 'PUT', body: VALUE_SCORECARD });
    expect(res.status).toBe(200);
    expect(res.json.rescored).toBeGreaterThan(0);
    // The new version moved scores (else this test would prove nothing) …
    const moved = await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from health_snapshots where scorecard_version = 2`);
    expect(moved[0]!.n).toBeGreaterThan(0);
    // … yet raised nothing: a recalibration is not customer movement.
    expect(await counted(db, 'alerts')).toBe(alerts);
    expect(await counted(db, 'interventions')).toBe(interventions);
    const logged = await queryRows<{ type: string; data: Record<string, unknown> }>(db.orm, sql`select type, data from live_events order by id offset ${events}`);
    expect(logged.map((e) => e.type)).toEqual(['scorecard_changed']);
    expect(logged[0]!.data).toMatchObject({ scorecard_version: 2, previous_version: 1, created_by: 'admin-user', rescored: res.json.rescored });
  });

  it('compares later scores with scores of the same version only', async () => {
    const account = (await queryRows<{ account_id: string; overall_score: number }>(
      db.orm,
      sql`select account_id, overall_score from health_scores where overall_score > 30 order by account_id limit 1`,
    ))[0]!;
    // A version-1 snapshot far above today's score sits in the window: it must not count as the peak.
    await db.orm.execute(sql`insert into health_snapshots (account_id, overall_score, engagement_score, satisfaction_score, components,
      status, risk_level, churn_probability, priority, scorecard_version, taken_at)
      values (${account.account_id}, 100, 100, 100, '{}'::jsonb, 'excellent', 'low', 0, 'low', 1, ${new Date(NOW.getTime() - 86_400_000).toISOString()}::timestamptz)`);
    await db.orm.execute(sql`update health_scores set overall_score = overall_score + 1 where account_id = ${account.account_id}`);
    clock = new Date(NOW.getTime() + 2 * 3_600_000);
    await t.deps.pipeline.rescore([account.account_id]);
    const raised = await queryRows<{ rule_id: string; message: string }>(
      db.orm,
      sql`select rule_id, message from alerts where account_id = ${account.account_id} and rule_id = 'any_drop'`,
    );
    // A drop of 1 from the version-2 score just replaced, not of (100 − score) from the old version's snapshot.
    expect(raised.map((r) => r.message)).toEqual([`Health score dropped by 1 points (from ${account.overall_score + 1} to ${account.overall_score}) within 7 days`]);
  });

  it('lists every version with who changed what, when', async () => {
    const res = await t.call('/api/scorecards', { role: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.json.versions.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([[2, true], [1, false]]);
    const [latest, first] = res.json.versions;
    expect(latest).toMatchObject({ created_by: 'admin-user', profile: VALUE_SCORECARD.profile });
    expect(latest.changes.map((c: { field: string }) => c.field)).toContain('profile');
    expect(first.changes).toEqual([]);
    expect((await t.call('/api/scorecards', { role: 'member', accountId: 'x' })).status).toBe(403);
  });
});
