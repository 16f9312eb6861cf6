import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/index';
import type { HealthStatus, Priority, RiskLevel } from '../../server/domain/scoring';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const at = (iso: string) => new Date(iso);

type Score = { overall: number; churn: number; priority: Priority; status: HealthStatus; risk: RiskLevel };
const score = (accountId: string, s: Score) => ({
  accountId,
  overallScore: s.overall,
  engagementScore: s.overall,
  satisfactionScore: s.overall,
  components: { engagement: s.overall, adoption: s.overall, satisfaction: s.overall },
  status: s.status,
  riskLevel: s.risk,
  churnProbability: s.churn,
  priority: s.priority,
  scorecardVersion: 1,
});

/**
 * Seven accounts whose every figure is worked out by hand in the tests below.
 * Customers now: c1 c2 c3 c4 c7 (c5 churned in June, c6 in April; c3 is new this month).
 */
async function insertFixture(db: TestDb) {
  const { orm } = db;
  await orm.insert(schema.scorecards).values({ profile: 'reference', config: {}, createdBy: 'test' });
  await orm.insert(schema.accounts).values([
    { id: 'c1', name: 'Alpha', plan: 'growth', mrr: 1000, acquisitionCost: 3000, csmOwner: 'dana', createdAt: at('2025-01-01T00:00:00Z') },
    { id: 'c2', name: 'Beta', mrr: 500, acquisitionCost: 1000, csmOwner: 'lee', createdAt: at('2025-06-01T00:00:00Z') },
    { id: 'c3', name: 'Gamma 100%_x', mrr: 200, acquisitionCost: 600, csmOwner: 'dana', createdAt: at('2026-06-01T00:00:00Z'), contractEndDate: '2026-09-30' },
    { id: 'c4', name: 'Delta', mrr: 300, acquisitionCost: 900, createdAt: at('2025-03-01T00:00:00Z') },
    { id: 'c5', name: 'Gone', mrr: 400, acquisitionCost: 800, createdAt: at('2025-02-01T00:00:00Z'), churnedAt: at('2026-06-05T00:00:00Z') },
    { id: 'c6', name: 'Old gone', mrr: 100, acquisitionCost: 500, createdAt: at('2024-01-01T00:00:00Z'), churnedAt: at('2026-04-10T00:00:00Z') },
    { id: 'c7', name: 'Eps', mrr: 250, acquisitionCost: 700, createdAt: at('2025-01-01T00:00:00Z') },
  ]);
  const computedAt = daysAgo(1);
  await orm.insert(schema.healthScores).values([
    { ...score('c1', { overall: 20, churn: 0.9, priority: 'critical', status: 'churn_risk', risk: 'critical' }), riskFactors: ['Payment failed'] },
    { ...score('c2', { overall: 45, churn: 0.55, priority: 'high', status: 'critical', risk: 'high' }), riskFactors: [] },
    { ...score('c3', { overall: 60, churn: 0.35, priority: 'medium', status: 'warning', risk: 'medium' }), riskFactors: [] },
    { ...score('c7', { overall: 90, churn: 0.02, priority: 'low', status: 'excellent', risk: 'low' }), riskFactors: [] },
  ].map((row) => ({ ...row, factors: {} as never, computedAt })));
  await orm.insert(schema.healthSnapshots).values([
    { ...score('c1', { overall: 70, churn: 0.2, priority: 'medium', status: 'good', risk: 'medium' }), takenAt: daysAgo(35) },
    { ...score('c2', { overall: 80, churn: 0.1, priority: 'low', status: 'good', risk: 'low' }), takenAt: daysAgo(35) },
    // Newer than 30 days ago: not part of the comparison.
    { ...score('c2', { overall: 10, churn: 0.99, priority: 'critical', status: 'churn_risk', risk: 'critical' }), takenAt: daysAgo(20) },
  ]);
  await orm.insert(schema.activityEvents).values([
    { accountId: 'c1', kind: 'login', occurredAt: daysAgo(2) },
    { accountId: 'c2', kind: 'login', occurredAt: daysAgo(40) },
    { accountId: 'c7', kind: 'login', occurredAt: daysAgo(10) },
    { accountId: 'c7', kind: 'login', occurredAt: daysAgo(35) },
  ]);
  await orm.insert(schema.npsResponses).values(
    [10, 10, 9, 3].map((s) => ({ accountId: 'c1', score: s, respondedAt: daysAgo(10) })).concat({
      accountId: 'c1', score: 0, respondedAt: daysAgo(100),
    }),
  );
}

describe.each(dbKinds)('report routes on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await insertFixture(db);
    t = buildTestApp(db, { clock: () => NOW });
  });
  afterAll(() => db.dispose());

  const routes = [
    '/api/customer-success/kpis',
    '/api/customer-success/at-risk',
    '/api/customer-success/customers',
    '/api/customer-success/churn-trend',
    '/api/finance/summary',
  ];

  it.each(routes)('%s answers 401 without a token and 403 to a member', async (path) => {
    expect((await t.call(path)).status).toBe(401);
    expect((await t.call(path, { role: 'member', accountId: 'c1' })).status).toBe(403);
    expect((await t.call(path, { role: 'viewer' })).status).toBe(200);
  });

  it('computes the KPIs and their 30-day deltas', async () => {
    const { json } = await t.call('/api/customer-success/kpis', { role: 'viewer' });
    expect(json).toEqual({
      overview: { total_customers: 5, active_customers: 2, at_risk_customers: 2, churned_customers_30d: 1 },
      health_metrics: { avg_health_score: 53.8, avg_churn_probability: 0.455, nps_score: 50 },
      financial_metrics: { monthly_recurring_revenue: 2250, ltv_cac_ratio: 13.5 },
      distributions: {
        health_status: { excellent: 1, good: 0, warning: 1, critical: 1, churn_risk: 1 },
        risk_level: { low: 1, medium: 1, high: 1, critical: 1 },
      },
      // 30 days ago: c1 c2 c4 c5 c7 were customers (MRR 2,450), c2 and c7 active, c1 70 and c2 80 their last scores.
      deltas: { total_customers: 0, active_customers: 0, avg_health_score: -21.2, at_risk_customers: 2, monthly_recurring_revenue: -200 },
    });
  });

  it('reports unknown health deltas, not a jump, when no snapshot is 30 days old', async () => {
    // Six days earlier the oldest snapshot (35 days before NOW) is newer than "30 days ago".
    const earlier = buildTestApp(db, { clock: () => daysAgo(6) });
    const { json } = await earlier.call('/api/customer-success/kpis', { role: 'viewer' });
    expect(json.deltas.avg_health_score).toBeNull();
    expect(json.deltas.at_risk_customers).toBeNull();
  });

  it('lists at-risk customers most urgent first, with priority and limit filters', async () => {
    const all = await t.call('/api/customer-success/at-risk', { role: 'csm' });
    expect(all.json.at_risk_customers).toEqual([
      {
        customer_id: 'c1', company_name: 'Alpha', last_health_score: 20, predicted_churn_score: 0.9,
        intervention_priority: 'critical', risk_factors: ['Payment failed'],
        risk_factor_details: [{ code: 'payment_failed', params: {}, text: 'Payment failed' }], coverage: null, unknown_factors: null,
        last_updated: daysAgo(1).toISOString(),
      },
      expect.objectContaining({ customer_id: 'c2', intervention_priority: 'high' }),
    ]);
    // The counts describe the book, not the rows the limit let through.
    expect(all.json.totals).toEqual({ critical: 1, high: 1, medium: 1, low: 1 });
    const calmer = await t.call('/api/customer-success/at-risk?priority=low,medium', { role: 'csm' });
    expect(calmer.json.at_risk_customers.map((c: { customer_id: string }) => c.customer_id)).toEqual(['c3', 'c7']);
    const one = await t.call('/api/customer-success/at-risk?limit=1', { role: 'csm' });
    expect(one.json.at_risk_customers).toHaveLength(1);
    expect(one.json.totals).toEqual(all.json.totals);
  });

  it.each([
    ['/api/customer-success/at-risk?priority=urgent', 'priority'],
    ['/api/customer-success/at-risk?limit=0', 'limit'],
    ['/api/customer-success/at-risk?limit=abc', 'limit'],
    ['/api/customer-success/customers?status=fine', 'status'],
    ['/api/customer-success/customers?risk_level=low,extreme', 'risk_level'],
    ['/api/customer-success/customers?sort=revenue', 'sort'],
    ['/api/customer-success/customers?limit=201', 'limit'],
    ['/api/customer-success/customers?cursor=not-a-cursor', 'cursor'],
    ['/api/customer-success/churn-trend?months=37', 'months'],
    ['/api/customer-success/churn-trend?window=0', 'window'],
  ])('%s answers 400 naming %s', async (path, field) => {
    const res = await t.call(path, { role: 'viewer' });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field)).toContain(field);
  });

  describe('customers', () => {
    const ids = (json: { customers: Array<{ customer_id: string }> }) => json.customers.map((c) => c.customer_id);

    async function walk(query: string) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await t.call(`/api/customer-success/customers?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { role: 'viewer' });
        expect(res.status).toBe(200);
        seen.push(...ids(res.json));
        cursor = res.json.next_cursor;
        pages++;
      } while (cursor && pages < 10);
      return { seen, pages };
    }

    it('sorts most likely to churn first by default, unscored last, and pages without gaps or repeats', async () => {
      expect(await walk('')).toEqual({ seen: ['c1', 'c2', 'c3', 'c7', 'c4'], pages: 3 });
    });

    it.each([
      ['health_score', ['c1', 'c2', 'c3', 'c7', 'c4']],
      ['-health_score', ['c7', 'c3', 'c2', 'c1', 'c4']],
      ['churn_probability', ['c7', 'c3', 'c2', 'c1', 'c4']],
      ['name', ['c1', 'c2', 'c4', 'c7', 'c3']],
      ['-mrr', ['c1', 'c2', 'c4', 'c7', 'c3']],
    ])('sorts by %s across pages', async (sort, expected) => {
      expect((await walk(`sort=${sort}`)).seen).toEqual(expected);
    });

    it('filters by status, risk level, owner and a literal search', async () => {
      expect(ids((await t.call('/api/customer-success/customers?status=critical,churn_risk', { role: 'viewer' })).json)).toEqual(['c1', 'c2']);
      expect(ids((await t.call('/api/customer-success/customers?risk_level=low', { role: 'viewer' })).json)).toEqual(['c7']);
      expect(ids((await t.call('/api/customer-success/customers?owner=dana', { role: 'viewer' })).json)).toEqual(['c1', 'c3']);
      // % and _ are searched for literally, not as LIKE wildcards.
      expect(ids((await t.call('/api/customer-success/customers?q=%25', { role: 'viewer' })).json)).toEqual(['c3']);
      expect(ids((await t.call('/api/customer-success/customers?q=ALPHA', { role: 'viewer' })).json)).toEqual(['c1']);
      const withChurned = await t.call('/api/customer-success/customers?include_churned=true&sort=name', { role: 'viewer' });
      expect(ids(withChurned.json)).toEqual(['c1', 'c2', 'c4', 'c7', 'c3', 'c5', 'c6']);
    });

    it('returns the documented fields', async () => {
      const res = await t.call('/api/customer-success/customers?q=Gamma', { role: 'viewer' });
      expect(res.json.customers[0]).toEqual({
        customer_id: 'c3', company_name: 'Gamma 100%_x', plan: 'standard', mrr: 200, csm_owner: 'dana',
        health_score: 60, status: 'warning', risk_level: 'medium', churn_probability: 0.35,
        intervention_priority: 'medium', contract_end_date: '2026-09-30', lifecycle_stage: 'onboarding', coverage: null,
        open_interventions: 0, open_tickets: 0, last_updated: daysAgo(1).toISOString(),
        // Written straight into the table, with no event: no start date known, no traits.
        customer_since: null, traits: {},
      });
    });

    it('rejects a cursor made for another sort', async () => {
      const first = await t.call('/api/customer-success/customers?sort=name&limit=1', { role: 'viewer' });
      const res = await t.call(`/api/customer-success/customers?sort=mrr&cursor=${first.json.next_cursor}`, { role: 'viewer' });
      expect(res.status).toBe(400);
      expect(res.json.error.fields[0].field).toBe('cursor');
    });
  });

  it('computes monthly churn and its trailing average', async () => {
    const { json } = await t.call('/api/customer-success/churn-trend?months=3&window=2', { role: 'viewer' });
    // March 0/6, April 1/6 (c6), May 0/5, June 1/5 (c5; c3 arrived on June 1 and does not count).
    expect(json).toEqual({
      window: 2,
      months: [
        { month: '2026-04', churned: 1, customers_at_start: 6, churn_rate: 16.67, rolling_average: 8.33 },
        { month: '2026-05', churned: 0, customers_at_start: 5, churn_rate: 0, rolling_average: 8.33 },
        { month: '2026-06', churned: 1, customers_at_start: 5, churn_rate: 20, rolling_average: 10 },
      ],
    });
    expect((await t.call('/api/customer-success/churn-trend', { role: 'viewer' })).json.months).toHaveLength(6);
  });

  it('summarises revenue with the documented definitions', async () => {
    const { json } = await t.call('/api/finance/summary', { role: 'viewer' });
    expect(json).toEqual({
      mrr: 2250,
      arr: 27000,
      arpa: 450,
      // churn of the last 3 complete months: (0 + 1/6 + 0) / 3 = 1/18 a month → LTV 450 × 18
      ltv: 8100,
      cac: 600, // only c3 was acquired in the last 12 months
      ltv_cac_ratio: 13.5,
      payback_months: 1.33,
      mom_growth: -0.0816, // (2,250 − 2,450) / 2,450
      customers: 5,
      monthly_churn_rate: 0.0556,
      currency: 'USD',
    });
  });
});
