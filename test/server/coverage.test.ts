/**
 * Coverage: how much of a score stands on data. The pure rule first, then the whole path: a rescore
 * stores it with the score and the snapshot, the health endpoint and the at-risk list answer it,
 * and the at-risk list filters on it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/index';
import { REFERENCE_SCORECARD, VALUE_SCORECARD, type Scorecard } from '../../server/domain/scorecard';
import { scoreAccount, scoreCoverage, type AccountFactors } from '../../server/domain/scoring';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const REFERENCE: Scorecard = { ...REFERENCE_SCORECARD, version: 1 };
const DASHBOARD: Scorecard = { ...VALUE_SCORECARD, version: 2 };

/** An account the kit knows nothing about: every input at its no-data value. */
const nothingKnown: AccountFactors = {
  lastLoginDays: null,
  activeUsers: 0,
  totalUsers: 0,
  featureUsageCount: 0,
  advancedFeaturesUsed: 0,
  sessionDuration: 0,
  dailyActiveUsers: 0,
  completedMilestones: 0,
  totalMilestones: 6,
  clientCount: 0,
  integrationCount: 0,
  customFieldsUsed: 0,
  averageSupportRating: 0,
  openTicketCount: 0,
  escalationCount: 0,
  responseTimeHours: null,
  resolutionTimeHours: null,
  npsScore: null,
  contractEndDays: null,
  paymentStatus: 'current',
};

/** One user who logged in once, yesterday: engagement is measured, nothing else is. */
const oneLogin: AccountFactors = { ...nothingKnown, lastLoginDays: 1, totalUsers: 1, activeUsers: 1 };

const everythingKnown: AccountFactors = {
  ...oneLogin,
  featureUsageCount: 4,
  completedMilestones: 2,
  averageSupportRating: 4.5,
  responseTimeHours: 3,
  npsScore: 20,
};

describe('scoreCoverage', () => {
  it('counts only the engagement weight of a new account with one login, and names every default', () => {
    expect(scoreCoverage(oneLogin, REFERENCE)).toEqual({
      coverage: 0.4,
      unknown_factors: ['milestone_completion', 'client_portfolio', 'feature_depth', 'integrations', 'support_rating', 'response_time', 'nps'],
    });
  });

  it('is 0 with nothing known and 1 with every component measured', () => {
    expect(scoreCoverage(nothingKnown, REFERENCE).coverage).toBe(0);
    expect(scoreCoverage(everythingKnown, REFERENCE)).toEqual({ coverage: 1, unknown_factors: [] });
  });

  it('reports the neutral 80 of satisfaction without support data as a default, not a measurement', () => {
    const health = scoreAccount(oneLogin, REFERENCE, null);
    // The score keeps the reference's defaults; coverage only says they are defaults.
    expect(health.components.satisfaction).toBe(80);
    expect(health.components.adoption).toBe(0);
    expect(health.coverage).toBe(0.4);
    expect(health.unknown_factors).toContain('support_rating');
  });

  it('measures support from open tickets or escalations alone, still naming the rating it lacks', () => {
    const ticketOnly = { ...oneLogin, openTicketCount: 1, completedMilestones: 1 };
    expect(scoreCoverage(ticketOnly, REFERENCE)).toEqual({ coverage: 1, unknown_factors: ['support_rating', 'response_time', 'nps'] });
  });

  it('weighs by the scorecard: the dashboard profile measures usage and engagement from the same activity', () => {
    // usage 0.3 + engagement 0.25 measured; satisfaction 0.25 and value realisation 0.2 not.
    const result = scoreCoverage(oneLogin, DASHBOARD);
    expect(result.coverage).toBe(0.55);
    expect(result.unknown_factors).toEqual(['support_rating', 'response_time', 'nps', 'milestone_completion', 'integrations', 'feature_depth']);
  });

  it('names a seat factor as unknown when there is activity but no seat', () => {
    const noSeats = { ...everythingKnown, totalUsers: 0 };
    expect(scoreCoverage(noSeats, REFERENCE)).toEqual({ coverage: 1, unknown_factors: ['active_users'] });
  });

  it('counts a client portfolio as adoption data for the reference profile only', () => {
    const clients = { ...oneLogin, clientCount: 3 };
    expect(scoreCoverage(clients, REFERENCE).coverage).toBe(0.8);
    expect(scoreCoverage(clients, DASHBOARD).coverage).toBe(0.55);
  });
});

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;

describe.each(dbKinds)('coverage through the API on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => NOW });
    const { orm } = db;
    await orm.insert(schema.accounts).values([
      { id: 'new', name: 'New Co', createdAt: new Date(NOW.getTime() - 2 * DAY) },
      { id: 'known', name: 'Known Co', clientCount: 0, createdAt: new Date(NOW.getTime() - 400 * DAY) },
    ]);
    await orm.insert(schema.accountUsers).values([
      { accountId: 'new', userId: 'u1', lastLoginAt: new Date(NOW.getTime() - DAY) },
      { accountId: 'known', userId: 'k1', lastLoginAt: new Date(NOW.getTime() - 50 * DAY) },
    ]);
    await orm.insert(schema.activityEvents).values([{ accountId: 'new', userId: 'u1', kind: 'login', occurredAt: new Date(NOW.getTime() - DAY) }]);
    await orm.insert(schema.integrations).values([{ accountId: 'known', provider: 'crm', status: 'connected' }]);
    await orm.insert(schema.supportInteractions).values([
      {
        accountId: 'known', subject: 'Broken export', status: 'open', escalated: true, satisfactionRating: 1,
        responseTimeHours: 30, createdAt: new Date(NOW.getTime() - 10 * DAY),
      },
    ]);
    await t.deps.pipeline.rescore();
  });
  afterAll(() => db.dispose());

  it('returns coverage and the unknown factors with a health score, and keeps them with the snapshot', async () => {
    const { status, json } = await t.call('/api/customer-success/health/new', { role: 'csm' });
    expect(status).toBe(200);
    expect(json.coverage).toBe(0.4);
    expect(json.unknown_factors).toEqual(['milestone_completion', 'client_portfolio', 'feature_depth', 'integrations', 'support_rating', 'response_time', 'nps']);
    expect(json.history.at(-1).coverage).toBe(0.4);
    const [snapshot] = await db.orm.select().from(schema.healthSnapshots).where(eq(schema.healthSnapshots.accountId, 'new'));
    expect(snapshot).toMatchObject({ coverage: 0.4, unknownFactors: json.unknown_factors });
    // The snapshot keeps its inputs too, so a proposed scorecard can rescore history (the preview).
    expect(snapshot?.factors).toMatchObject({ lastLoginDays: 1, totalUsers: 1, activeUsers: 1 });
    const known = await t.call('/api/customer-success/health/known', { role: 'csm' });
    expect(known.json).toMatchObject({ coverage: 1, unknown_factors: ['nps'] });
  });

  it('rebuilds coverage from the stored inputs for a score stored before coverage was measured', async () => {
    await db.orm.update(schema.healthScores).set({ coverage: null, unknownFactors: null }).where(eq(schema.healthScores.accountId, 'new'));
    const { json } = await t.call('/api/customer-success/health/new', { role: 'csm' });
    expect(json.coverage).toBe(0.4);
    expect(json.unknown_factors).toContain('support_rating');
    await t.deps.pipeline.rescore(['new']);
  });

  it('lists coverage in the at-risk list and filters on a minimum coverage', async () => {
    const all = await t.call('/api/customer-success/at-risk?priority=low,medium,high,critical', { role: 'csm' });
    const byId = Object.fromEntries(all.json.at_risk_customers.map((c: { customer_id: string }) => [c.customer_id, c]));
    expect(byId.new).toMatchObject({ coverage: 0.4, unknown_factors: expect.arrayContaining(['support_rating']) });
    expect(byId.known).toMatchObject({ coverage: 1, unknown_factors: ['nps'] });
    const measured = await t.call('/api/customer-success/at-risk?priority=low,medium,high,critical&min_coverage=0.5', { role: 'csm' });
    expect(measured.json.at_risk_customers.map((c: { customer_id: string }) => c.customer_id)).toEqual(['known']);
    const exact = await t.call('/api/customer-success/at-risk?priority=low,medium,high,critical&min_coverage=0.4', { role: 'csm' });
    expect(exact.json.at_risk_customers).toHaveLength(2);
  });

  it.each(['1.5', '-0.1', 'most'])('answers min_coverage=%s with a 400 naming the field', async (value) => {
    const { status, json } = await t.call(`/api/customer-success/at-risk?min_coverage=${value}`, { role: 'csm' });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toContain('min_coverage');
  });

  it('carries coverage in the live health update of a changed score', async () => {
    const rows = await db.orm.select().from(schema.liveEvents).where(eq(schema.liveEvents.accountId, 'new'));
    const update = rows.map((r) => r.data as { coverage?: number }).find((d) => d.coverage !== undefined);
    expect(update?.coverage).toBe(0.4);
  });
});
