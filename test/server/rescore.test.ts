import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { AppConfig } from '../../server/config';
import { schema } from '../../server/db/index';
import { VALUE_SCORECARD } from '../../server/domain/scorecard';
import { deriveFactors } from '../../server/services/rescore';
import { activeScorecard } from '../../server/services/scorecards';
import { buildTestApp, testConfig } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (days: number, hour = 0) => new Date(NOW.getTime() - days * 86_400_000 + hour * 3_600_000);

/**
 * Three accounts whose every factor is known by hand:
 * cust_a has a bit of everything, cust_b churned, cust_c has nothing at all.
 */
async function insertAccounts(db: TestDb) {
  const { orm } = db;
  await orm.insert(schema.accounts).values([
    { id: 'cust_a', name: 'Acme', mrr: 500, contractEndDate: '2026-07-10', clientCount: 4, paymentStatus: 'current' },
    { id: 'cust_b', name: 'Gone Ltd', mrr: 100, churnedAt: daysAgo(10) },
    { id: 'cust_c', name: 'Quiet Inc', mrr: 50 },
  ]);
  await orm.insert(schema.accountUsers).values([
    { accountId: 'cust_a', userId: 'u1', lastLoginAt: daysAgo(2, -2) },
    { accountId: 'cust_a', userId: 'u2', lastLoginAt: daysAgo(5) },
    { accountId: 'cust_a', userId: 'u3', lastLoginAt: daysAgo(40) },
    { accountId: 'cust_a', userId: 'u4', lastLoginAt: daysAgo(50), deactivatedAt: daysAgo(45) },
  ]);
  await orm.insert(schema.activityEvents).values([
    { accountId: 'cust_a', userId: 'u1', kind: 'login', occurredAt: daysAgo(3) },
    { accountId: 'cust_a', userId: 'u2', kind: 'login', occurredAt: daysAgo(5) },
    { accountId: 'cust_a', userId: 'u1', kind: 'feature_use', feature: 'reports', occurredAt: daysAgo(3) },
    { accountId: 'cust_a', userId: 'u1', kind: 'feature_use', feature: 'reports', occurredAt: daysAgo(4) },
    { accountId: 'cust_a', userId: 'u1', kind: 'feature_use', feature: 'automation', occurredAt: daysAgo(3) },
    { accountId: 'cust_a', userId: 'u1', kind: 'feature_use', feature: 'api', occurredAt: daysAgo(6) },
    { accountId: 'cust_a', userId: 'u1', kind: 'session', durationSeconds: 1800, occurredAt: daysAgo(3) },
    { accountId: 'cust_a', userId: 'u2', kind: 'session', durationSeconds: 600, occurredAt: daysAgo(5) },
    // Outside the 30-day window: must not count.
    { accountId: 'cust_a', userId: 'u3', kind: 'feature_use', feature: 'export', occurredAt: daysAgo(40) },
  ]);
  await orm.insert(schema.milestoneDefinitions).values([
    { key: 'onboarding_complete', name: 'Onboarding complete' },
    { key: 'first_project_created', name: 'First project' },
    { key: 'data_imported', name: 'Data imported' },
    { key: 'workflow_created', name: 'Workflow created' },
    { key: 'retired_step', name: 'Retired', active: false },
  ]);
  await orm.insert(schema.accountMilestones).values([
    { accountId: 'cust_a', milestoneKey: 'onboarding_complete', status: 'completed', progressPercentage: 100 },
    { accountId: 'cust_a', milestoneKey: 'first_project_created', status: 'completed', progressPercentage: 100 },
    { accountId: 'cust_a', milestoneKey: 'data_imported', status: 'in_progress', progressPercentage: 40 },
    { accountId: 'cust_a', milestoneKey: 'retired_step', status: 'completed', progressPercentage: 100 },
  ]);
  await orm.insert(schema.integrations).values([
    { accountId: 'cust_a', provider: 'slack', status: 'connected' },
    { accountId: 'cust_a', provider: 'salesforce', status: 'connected' },
    { accountId: 'cust_a', provider: 'hubspot', status: 'disconnected' },
  ]);
  await orm.insert(schema.supportInteractions).values([
    { accountId: 'cust_a', subject: 'Old but still open', status: 'open', createdAt: daysAgo(100) },
    {
      accountId: 'cust_a', subject: 'Escalated, resolved', status: 'resolved', escalated: true,
      satisfactionRating: 4, responseTimeHours: 1, resolutionTimeHours: 10, createdAt: daysAgo(10),
    },
    { accountId: 'cust_a', subject: 'Long ago', status: 'closed', satisfactionRating: 1, responseTimeHours: 50, createdAt: daysAgo(200) },
  ]);
  await orm.insert(schema.npsResponses).values(
    [10, 9, 5, 7].map((score) => ({ accountId: 'cust_a', score, respondedAt: daysAgo(20) })),
  );
}

describe.each(dbKinds)('rescoring on %s', (kind) => {
  let db: TestDb;
  let clock = () => NOW;
  /** The score pipeline as the server builds it, on this test's clock. */
  const pipeline = (config: Partial<AppConfig> = {}) => buildTestApp(db, { clock: () => clock(), config }).deps.pipeline;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await insertAccounts(db);
  });
  afterAll(() => db.dispose());

  it('derives every factor set-based, with the documented windows', async () => {
    const scorecard = await activeScorecard(db.orm);
    const derived = await deriveFactors(db.orm, NOW, scorecard);
    expect(derived.map((d) => d.accountId)).toEqual(['cust_a', 'cust_c']);
    const a = derived[0]!.factors;
    expect(a).toMatchObject({
      lastLoginDays: 2,
      totalUsers: 3,
      activeUsers: 2,
      featureUsageCount: 3,
      advancedFeaturesUsed: 2,
      sessionDuration: 20,
      completedMilestones: 2,
      totalMilestones: 4,
      clientCount: 4,
      integrationCount: 2,
      openTicketCount: 1,
      escalationCount: 1,
      averageSupportRating: 4,
      responseTimeHours: 1,
      resolutionTimeHours: 10,
      npsScore: 25,
      contractEndDays: 25,
      paymentStatus: 'current',
    });
    // u1 active on days 3, 4, 6 and u2 on day 5: four user-days over 30.
    expect(a.dailyActiveUsers).toBeCloseTo(4 / 30, 10);
    expect(derived[1]!.factors).toMatchObject({
      lastLoginDays: null, totalUsers: 0, activeUsers: 0, featureUsageCount: 0, openTicketCount: 0,
      averageSupportRating: 0, responseTimeHours: null, npsScore: null, contractEndDays: null,
    });
  });

  it('stores scores that match the reference arithmetic worked by hand', async () => {
    const result = await pipeline().rescore();
    expect(result.rescored).toBe(2);
    expect(result.changed.map((c) => c.account_id).sort()).toEqual(['cust_a', 'cust_c']);
    const [a] = await db.orm.select().from(schema.healthScores).where(eq(schema.healthScores.accountId, 'cust_a'));
    // engagement: login 2 days 30 + active 2/3×30 = 20 + 3 features × 3 = 9 → 59
    // adoption: 2/4 × 50 = 25 + min(25, 4 × 2.5) = 10 + 2/5 depth × 15 = 6 + 2 × 2 = 4 → 45
    // satisfaction: 4 stars × 20 = 80 − 1 open × 4 − 1 escalation × 10 + fast response 10 → 76
    expect(a!.components).toEqual({ engagement: 59, adoption: 45, satisfaction: 76 });
    expect(a!.overallScore).toBe(57); // round(23.6 + 18 + 15.2)
    expect(a!.status).toBe('warning');
    expect(a!.riskLevel).toBe('critical'); // the contract ends in 25 days
    expect(a!.riskFactors).toContain('Contract ends in 25 days');
    expect(a!.scorecardVersion).toBe(1);
    expect(a!.churnProbability).toBeGreaterThan(0);
    expect(a!.churnModelVersion).toBe('logistic-v1');
    expect(await db.orm.select().from(schema.healthScores).where(eq(schema.healthScores.accountId, 'cust_b'))).toEqual([]);
    const snapshots = await db.orm.select().from(schema.healthSnapshots);
    expect(snapshots).toHaveLength(2);
  });

  it('reports and snapshots only what changed, and snapshots at least daily', async () => {
    const again = await pipeline().rescore();
    expect(again.changed).toEqual([]);
    expect(await db.orm.select().from(schema.healthSnapshots)).toHaveLength(2);

    await db.orm.update(schema.accounts).set({ paymentStatus: 'failed' }).where(eq(schema.accounts.id, 'cust_c'));
    const afterFailure = await pipeline().rescore();
    expect(afterFailure.changed).toHaveLength(1);
    const change = afterFailure.changed[0]!;
    expect(change.account_id).toBe('cust_c');
    expect(change.current.churn_probability!).toBeGreaterThan(change.previous!.churn_probability! + 0.05);
    expect(await db.orm.select().from(schema.healthSnapshots)).toHaveLength(3);

    clock = () => new Date(NOW.getTime() + 25 * 3_600_000);
    const nextDay = await pipeline().rescore(['cust_a']);
    expect(nextDay.rescored).toBe(1);
    const snapshotsOfA = await db.orm
      .select()
      .from(schema.healthSnapshots)
      .where(eq(schema.healthSnapshots.accountId, 'cust_a'));
    expect(snapshotsOfA).toHaveLength(2);
    clock = () => NOW;
  });

  it('leaves churn probability out when predictive scoring is off', async () => {
    await pipeline({ features: { ...testConfig().features, predictiveScoring: false } }).rescore(['cust_a']);
    const [a] = await db.orm.select().from(schema.healthScores).where(eq(schema.healthScores.accountId, 'cust_a'));
    expect(a!.churnProbability).toBeNull();
    expect(a!.churnModelVersion).toBeNull();
  });

  it('scores with the dashboard profile once it is the active scorecard', async () => {
    await db.orm.insert(schema.scorecards).values({ profile: VALUE_SCORECARD.profile, config: VALUE_SCORECARD, createdBy: 'test' });
    const result = await pipeline().rescore();
    expect(result.scorecard_version).toBe(2);
    const [a] = await db.orm.select().from(schema.healthScores).where(eq(schema.healthScores.accountId, 'cust_a'));
    expect(Object.keys(a!.components).sort()).toEqual(['engagement', 'satisfaction', 'usage', 'value_realization']);
    expect(a!.scorecardVersion).toBe(2);
  });
});
