/**
 * The customer list's filters and its open-work columns (`GET /api/customer-success/customers`):
 * owner=mine, priority, plan, lifecycle stage, renewal window, MRR range, coverage; the counts
 * of open interventions and tickets per row; and a 400 naming each malformed field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/index';
import type { HealthStatus, Priority, RiskLevel } from '../../server/domain/scoring';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const created = new Date('2025-01-01T00:00:00Z');

type Score = { overall: number; churn: number; priority: Priority; status: HealthStatus; risk: RiskLevel; coverage: number | null };
const score = (accountId: string, s: Score) => ({
  accountId,
  overallScore: s.overall,
  engagementScore: s.overall,
  satisfactionScore: s.overall,
  components: { engagement: s.overall, adoption: s.overall, satisfaction: s.overall },
  factors: {} as never,
  status: s.status,
  riskLevel: s.risk,
  churnProbability: s.churn,
  priority: s.priority,
  coverage: s.coverage,
  riskFactors: [],
  scorecardVersion: 1,
  computedAt: NOW,
});

/** Five customers; `csm-user` is the `sub` of the test's csm token. */
async function insertFixture(db: TestDb) {
  const { orm } = db;
  await orm.insert(schema.scorecards).values({ profile: 'reference', config: {}, createdBy: 'test' });
  await orm.insert(schema.accounts).values([
    { id: 'k1', name: 'One', plan: 'growth', mrr: 1000, csmOwner: 'csm-user', lifecycleStage: 'adoption', contractEndDate: '2026-06-15', createdAt: created },
    { id: 'k2', name: 'Two', plan: 'enterprise', mrr: 5000, csmOwner: 'lee', lifecycleStage: 'renewal', contractEndDate: '2026-07-10', createdAt: created },
    { id: 'k3', name: 'Three', plan: 'growth', mrr: 200, csmOwner: 'csm-user', lifecycleStage: 'onboarding', contractEndDate: '2026-06-14', createdAt: created },
    { id: 'k4', name: 'Four', plan: 'standard', mrr: 50, lifecycleStage: 'expansion', contractEndDate: '2027-01-01', createdAt: created },
    { id: 'k5', name: 'Five', plan: 'standard', mrr: 0, createdAt: created },
  ]);
  await orm.insert(schema.healthScores).values([
    score('k1', { overall: 20, churn: 0.9, priority: 'critical', status: 'churn_risk', risk: 'critical', coverage: 0.95 }),
    score('k2', { overall: 45, churn: 0.5, priority: 'high', status: 'critical', risk: 'high', coverage: 0.6 }),
    score('k3', { overall: 60, churn: 0.3, priority: 'medium', status: 'warning', risk: 'medium', coverage: null }),
    score('k4', { overall: 90, churn: 0.05, priority: 'low', status: 'excellent', risk: 'low', coverage: 1 }),
  ]);
  const intervention = (accountId: string, status: 'planned' | 'executed' | 'responded' | 'completed' | 'cancelled') => ({
    accountId, interventionType: 'csm_outreach' as const, title: 'Call', priority: 'high' as const, createdBy: 'csm-user', status,
  });
  await orm.insert(schema.interventions).values([
    intervention('k1', 'planned'), intervention('k1', 'responded'), intervention('k1', 'completed'),
    intervention('k2', 'cancelled'), intervention('k3', 'executed'),
  ]);
  await orm.insert(schema.supportInteractions).values([
    { accountId: 'k1', subject: 'a', status: 'open' },
    { accountId: 'k2', subject: 'b', status: 'in_progress' },
    { accountId: 'k2', subject: 'c', status: 'open' },
    { accountId: 'k2', subject: 'd', status: 'resolved' },
    { accountId: 'k4', subject: 'e', status: 'closed' },
  ]);
}

describe.each(dbKinds)('customer list on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await insertFixture(db);
    t = buildTestApp(db, { clock: () => NOW });
  });
  afterAll(() => db.dispose());

  const ids = async (query: string, role: 'viewer' | 'csm' = 'viewer') => {
    const res = await t.call(`/api/customer-success/customers?${query}`, { role });
    expect(res.status).toBe(200);
    return (res.json.customers as Array<{ customer_id: string }>).map((c) => c.customer_id);
  };

  it.each([
    ['owner=mine', 'csm', ['k1', 'k3']],
    ['owner=mine', 'viewer', []],
    ['owner=lee', 'viewer', ['k2']],
    ['priority=critical,medium', 'viewer', ['k1', 'k3']],
    ['plan=growth', 'viewer', ['k1', 'k3']],
    ['plan=standard,%20enterprise', 'viewer', ['k2', 'k4', 'k5']],
    ['lifecycle_stage=renewal,expansion', 'viewer', ['k2', 'k4']],
    // Today (2026-06-15) to 2026-07-15: k1 renews today, k2 in 25 days; k3's date has passed.
    ['renewal_within_days=30', 'viewer', ['k1', 'k2']],
    ['renewal_within_days=0', 'viewer', ['k1']],
    ['mrr_min=200&mrr_max=1000', 'viewer', ['k1', 'k3']],
    ['mrr_min=1000', 'viewer', ['k1', 'k2']],
    ['mrr_max=0', 'viewer', ['k5']],
    // Unmeasured coverage (k3) and unscored customers (k5) drop out.
    ['min_coverage=0.6', 'viewer', ['k1', 'k2', 'k4']],
    ['min_coverage=0.9&plan=growth&owner=mine', 'csm', ['k1']],
  ] as const)('%s as %s keeps %j', async (query, role, expected) => {
    expect(await ids(`${query}&sort=name`, role).then((found) => [...found].sort())).toEqual([...expected].sort());
  });

  it('counts the open interventions and tickets of each row', async () => {
    const res = await t.call('/api/customer-success/customers?sort=name', { role: 'viewer' });
    const counts = Object.fromEntries(
      (res.json.customers as Array<{ customer_id: string; open_interventions: number; open_tickets: number; lifecycle_stage: string; coverage: number | null }>).map(
        (c) => [c.customer_id, [c.open_interventions, c.open_tickets, c.lifecycle_stage, c.coverage]],
      ),
    );
    expect(counts).toEqual({
      k1: [2, 1, 'adoption', 0.95],
      k2: [0, 2, 'renewal', 0.6],
      k3: [1, 0, 'onboarding', null],
      k4: [0, 0, 'expansion', 1],
      k5: [0, 0, 'onboarding', null],
    });
  });

  it('sorts by renewal date both ways, no date last, across pages', async () => {
    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.call(`/api/customer-success/customers?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { role: 'viewer' });
        expect(res.status).toBe(200);
        seen.push(...res.json.customers.map((c: { customer_id: string }) => c.customer_id));
        cursor = res.json.next_cursor;
      } while (cursor && seen.length < 10);
      return seen;
    };
    expect(await walk('renewal_date')).toEqual(['k3', 'k1', 'k2', 'k4', 'k5']);
    expect(await walk('-renewal_date')).toEqual(['k4', 'k2', 'k1', 'k3', 'k5']);
  });

  it('pages a filtered view with the same filters', async () => {
    const first = await t.call('/api/customer-success/customers?plan=growth,standard&sort=-mrr&limit=2', { role: 'viewer' });
    expect(first.json.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual(['k1', 'k3']);
    const second = await t.call(`/api/customer-success/customers?plan=growth,standard&sort=-mrr&limit=2&cursor=${first.json.next_cursor}`, { role: 'viewer' });
    expect(second.json.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual(['k4', 'k5']);
    expect(second.json.next_cursor).toBeNull();
  });

  it.each([
    ['priority=urgent', 'priority'],
    ['plan=', 'plan'],
    ['plan=,,', 'plan'],
    [`plan=${'x'.repeat(101)}`, 'plan'],
    ['lifecycle_stage=trial', 'lifecycle_stage'],
    ['renewal_within_days=-1', 'renewal_within_days'],
    ['renewal_within_days=1.5', 'renewal_within_days'],
    ['renewal_within_days=soon', 'renewal_within_days'],
    ['mrr_min=-5', 'mrr_min'],
    ['mrr_max=lots', 'mrr_max'],
    ['mrr_min=100&mrr_max=50', 'mrr_min'],
    ['min_coverage=1.5', 'min_coverage'],
    ['owner=', 'owner'],
  ])('%s answers 400 naming %s', async (query, field) => {
    const res = await t.call(`/api/customer-success/customers?${query}`, { role: 'viewer' });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  it('is not for members', async () => {
    expect((await t.call('/api/customer-success/customers', { role: 'member', accountId: 'k1' })).status).toBe(403);
  });
});
