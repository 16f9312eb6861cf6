/**
 * POST /api/scorecard/preview on a planted history whose separation is known exactly: the
 * reference scorecard ranks every snapshot followed by a churn below every other (AUC 1), a
 * proposal without engagement cannot tell them apart (every score tied: AUC 0.5). And the preview
 * stores nothing and raises nothing, which a real PUT on the same data does.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, schema } from '../../server/db/index';
import { REFERENCE_SCORECARD, VALUE_SCORECARD } from '../../server/domain/scorecard';
import type { AccountFactors } from '../../server/domain/scoring';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/** Adoption 39 and satisfaction 80 for everyone; engagement 16 for leavers, 97 for stayers. */
const shared: AccountFactors = {
  lastLoginDays: 1,
  activeUsers: 9,
  totalUsers: 10,
  featureUsageCount: 10,
  advancedFeaturesUsed: 0,
  sessionDuration: 20,
  dailyActiveUsers: 3,
  completedMilestones: 3,
  totalMilestones: 6,
  clientCount: 4,
  integrationCount: 2,
  customFieldsUsed: 0,
  averageSupportRating: 4,
  openTicketCount: 0,
  escalationCount: 0,
  responseTimeHours: 3,
  resolutionTimeHours: 10,
  npsScore: 20,
  contractEndDays: 300,
  paymentStatus: 'current',
};
const stayer: AccountFactors = shared;
const leaver: AccountFactors = { ...shared, lastLoginDays: 45, activeUsers: 1, featureUsageCount: 1 };

const ids = (prefix: string) => Array.from({ length: 20 }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
const LEAVERS = ids('leaver_');
const STAYERS = ids('stayer_');

const snapshot = (accountId: string, factors: AccountFactors | null, takenAt: Date, components: Record<string, number> = {}) => ({
  accountId,
  overallScore: 50,
  engagementScore: 50,
  satisfactionScore: 50,
  components,
  status: 'warning' as const,
  riskLevel: 'medium' as const,
  churnProbability: null,
  priority: 'medium' as const,
  scorecardVersion: 1,
  factors,
  takenAt,
});

/** Only the engagement-free proposal: every planted snapshot scores 0.5 × 39 + 0.5 × 80 = 59.5 → 60. */
const NO_ENGAGEMENT = { profile: 'no_engagement', name: 'Adoption and satisfaction', weights: { adoption: 0.5, satisfaction: 0.5 } };

const TABLES = ['scorecards', 'health_scores', 'health_snapshots', 'alerts', 'interventions', 'live_events', 'dirty_accounts', 'trigger_firings'];

describe.each(dbKinds)('POST /api/scorecard/preview on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = (await queryRows<{ n: number }>(db.orm, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
    return counts;
  };

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => NOW });
    await db.orm.insert(schema.accounts).values([
      ...LEAVERS.map((id) => ({ id, name: `Company ${id}`, createdAt: daysAgo(400), churnedAt: daysAgo(150) })),
      ...STAYERS.map((id) => ({ id, name: `Company ${id}`, createdAt: daysAgo(400) })),
    ]);
    await db.orm.insert(schema.scorecards).values({ profile: 'reference', config: REFERENCE_SCORECARD, createdBy: 'test' });
    await db.orm.insert(schema.healthSnapshots).values([
      // 50 and 30 days before the churn: both followed by a churn within 90 days.
      ...LEAVERS.flatMap((id) => [snapshot(id, leaver, daysAgo(200)), snapshot(id, leaver, daysAgo(180))]),
      ...STAYERS.flatMap((id) => [snapshot(id, stayer, daysAgo(200)), snapshot(id, stayer, daysAgo(180))]),
      // Without stored inputs, rescored from its component scores, which hold every component both scorecards weigh.
      snapshot('leaver_01', null, daysAgo(190), { engagement: 16, adoption: 39, satisfaction: 80 }),
      // Outcome not known yet (less than 90 days old), and a snapshot that neither its inputs nor its components can rescore: left out.
      snapshot('stayer_01', leaver, daysAgo(10)),
      snapshot('stayer_02', null, daysAgo(300), { usage: 70, engagement: 60 }),
    ]);
  });
  afterAll(() => db.dispose());

  it('measures how well each scorecard separated churn within 90 days, on a history of known separation', async () => {
    const { status, json } = await t.call('/api/scorecard/preview', { role: 'admin', body: NO_ENGAGEMENT });
    expect(status).toBe(200);
    const history = json.history;
    expect(history).toMatchObject({ horizon_days: 90, snapshots: 81, accounts: 40, churned_snapshots: 41, resamples: 1000 });
    expect(history.current.auc).toEqual({ estimate: 1, lower: 1, upper: 1 });
    expect(history.proposed.auc).toEqual({ estimate: 0.5, lower: 0.5, upper: 0.5 });
    expect(history.auc_difference).toMatchObject({ estimate: -0.5, lower: -0.5, upper: -0.5, shareAboveB: 0 });
    // Reference: leavers 0.4 × 16 + 0.4 × 39 + 0.2 × 80 = 38 (critical), stayers 70.4 → 70 (good).
    expect(history.current.churn_rate_by_status.critical).toMatchObject({ snapshots: 41, churned: 41, churn_rate: { estimate: 1 } });
    expect(history.current.churn_rate_by_status.good).toMatchObject({ snapshots: 40, churned: 0, churn_rate: { estimate: 0 } });
    expect(history.current.churn_rate_by_status.excellent).toEqual({ snapshots: 0, churned: 0, churn_rate: null });
    expect(history.proposed.churn_rate_by_status.warning).toMatchObject({ snapshots: 81, churned: 41, churn_rate: { estimate: 41 / 81 } });
    const wide = history.proposed.churn_rate_by_status.warning.churn_rate;
    expect(wide.lower).toBeGreaterThan(0.38);
    expect(wide.upper).toBeLessThan(0.62);
  });

  it("counts today's statuses under both scorecards and pages the accounts that would change", async () => {
    const first = await t.call('/api/scorecard/preview?limit=8', { role: 'admin', body: NO_ENGAGEMENT });
    expect(first.status).toBe(200);
    // Today the stayers have no stored activity: reference 0.2 × 80 = 16 (churn risk); proposed 0.5 × 80 = 40 (critical).
    expect(first.json.current_scorecard_version).toBe(1);
    expect(first.json.status_counts.current).toEqual({ excellent: 0, good: 0, warning: 0, critical: 0, churn_risk: 20 });
    expect(first.json.status_counts.proposed).toEqual({ excellent: 0, good: 0, warning: 0, critical: 20, churn_risk: 0 });
    expect(first.json.changed_total).toBe(20);
    expect(first.json.changes[0]).toMatchObject({
      customer_id: 'stayer_01',
      company_name: 'Company stayer_01',
      current: { health_score: 16, status: 'churn_risk' },
      proposed: { health_score: 40, status: 'critical' },
    });
    const seen = first.json.changes.map((c: { customer_id: string }) => c.customer_id);
    let cursor = first.json.next_cursor;
    while (cursor) {
      const page = await t.call(`/api/scorecard/preview?limit=8&cursor=${cursor}`, { role: 'admin', body: NO_ENGAGEMENT });
      seen.push(...page.json.changes.map((c: { customer_id: string }) => c.customer_id));
      cursor = page.json.next_cursor;
    }
    expect(seen).toEqual(STAYERS);
  });

  it('stores nothing, raises no alert, opens no intervention and writes no live event, where saving it does', async () => {
    const before = await rowCounts();
    const preview = await t.call('/api/scorecard/preview', { role: 'admin', body: VALUE_SCORECARD });
    expect(preview.status).toBe(200);
    expect(await rowCounts()).toEqual(before);
    // The same proposal saved: the counts above do move, so the check can fail.
    expect((await t.call('/api/scorecard', { role: 'admin', method: 'PUT', body: VALUE_SCORECARD })).status).toBe(200);
    const after = await rowCounts();
    expect(after.scorecards).toBe(before.scorecards! + 1);
    expect(after.health_scores).toBe(20);
    expect(after.live_events).toBeGreaterThan(before.live_events!);
  });

  it('judges a proposal with the validation of PUT, for admins only', async () => {
    const bad = await t.call('/api/scorecard/preview', { role: 'admin', body: { ...NO_ENGAGEMENT, weights: { adoption: 0.5, satisfaction: 0.2 } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.map((f: { field: string }) => f.field)).toContain('weights');
    expect((await t.call('/api/scorecard/preview', { role: 'csm', body: NO_ENGAGEMENT })).status).toBe(403);
    expect((await t.call('/api/scorecard/preview', { body: NO_ENGAGEMENT })).status).toBe(401);
    const cursor = await t.call('/api/scorecard/preview?cursor=garbage', { role: 'admin', body: NO_ENGAGEMENT });
    expect(cursor.status).toBe(400);
    expect(cursor.json.error.fields.map((f: { field: string }) => f.field)).toContain('cursor');
  });
});
