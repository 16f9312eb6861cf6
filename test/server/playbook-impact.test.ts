/**
 * The impact report recovers effects planted in generated data: a play that halves churn in its
 * treated group and one that does nothing, each against its held-out control group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '../../server/db/index';
import { createRandom } from '../../server/domain/ml/random';
import { holdoutDraw, isHeldOut, ruleSuggestion } from '../../server/domain/playbooks';
import { activeScorecard } from '../../server/services/scorecards';
import { buildTestApp } from './support/app';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
const MRR = 1_000;
const CONTROL_CHURN = 0.3;

/** Each play: its intervention type, the treated churn rate it causes, and the health it adds in 30 days. */
const PLAYS = [
  { id: 'play_halves', type: 'health_check_call', treatedChurn: CONTROL_CHURN / 2, healthLift: 6, accounts: 1_500 },
  { id: 'play_null', type: 'automated_email', treatedChurn: CONTROL_CHURN, healthLift: 0, accounts: 1_500 },
  { id: 'play_tiny', type: 'training_scheduled', treatedChurn: CONTROL_CHURN, healthLift: 0, accounts: 12 },
] as const;
const HOLDOUT = 20;

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

describe.each(dbKinds)('playbook impact on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;
  const truth = new Map<string, { treatedArr: number }>();

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => NOW });
    await activeScorecard(db.orm);
    const random = createRandom(17);
    const accounts: Array<typeof schema.accounts.$inferInsert> = [];
    const firings: Array<typeof schema.triggerFirings.$inferInsert> = [];
    const snapshots: Array<typeof schema.healthSnapshots.$inferInsert> = [];
    const snapshot = (accountId: string, score: number, at: Date) => ({
      accountId, overallScore: score, engagementScore: 50, satisfactionScore: 50, components: {}, status: 'warning' as const,
      riskLevel: 'medium' as const, churnProbability: 0.3, priority: 'medium' as const, scorecardVersion: 1, takenAt: at,
    });
    for (const play of PLAYS) {
      await db.orm.insert(schema.interventionTriggers).values({
        id: play.id, name: play.id, conditionType: 'engagement_decline', threshold: 30, timeWindow: '7 days',
        interventionType: play.type, interventionTitle: play.id, priority: 'medium', cooldownHours: 24, holdoutPercent: HOLDOUT,
      });
      let treatedArr = 0;
      // Closed windows (fired 100-300 days ago), then a few still open (fired 20 days ago).
      for (let i = 0; i < play.accounts + 40; i++) {
        const accountId = `${play.id}_${i}`;
        const open = i >= play.accounts;
        const firedAt = open ? daysAgo(20) : daysAgo(100 + random.int(200));
        const heldOut = isHeldOut(holdoutDraw(play.id, accountId, firedAt.toISOString().slice(0, 10)), HOLDOUT);
        const churns = random.next() < (heldOut ? CONTROL_CHURN : play.treatedChurn);
        const churnedAt = churns ? new Date(firedAt.getTime() + (1 + random.int(88)) * DAY) : null;
        accounts.push({ id: accountId, name: accountId, mrr: MRR, ...(churnedAt && churnedAt <= NOW ? { churnedAt, lifecycleStage: 'churned' } : {}) });
        firings.push({
          triggerId: play.id, accountId, outcome: heldOut ? 'held_out' : 'fired', detail: 'planted', value: 20, threshold: 30, firedAt,
        });
        if (!heldOut && !open) treatedArr += MRR * 12;
        const before = 40 + random.int(20);
        snapshots.push(snapshot(accountId, before, new Date(firedAt.getTime() - DAY)));
        if (!open) snapshots.push(snapshot(accountId, before + (heldOut ? 0 : play.healthLift), new Date(firedAt.getTime() + 31 * DAY)));
      }
      truth.set(play.id, { treatedArr });
    }
    await insertInBatches(accounts, (b) => db.orm.insert(schema.accounts).values(b));
    await insertInBatches(firings, (b) => db.orm.insert(schema.triggerFirings).values(b));
    await insertInBatches(snapshots, (b) => db.orm.insert(schema.healthSnapshots).values(b));
    // Manual interventions: outcome rates only.
    await db.orm.insert(schema.interventions).values(
      ['play_null_1', 'play_null_2', 'play_null_3'].map((accountId) => ({
        accountId, interventionType: 'csm_outreach' as const, title: 'Call', priority: 'medium' as const, createdBy: 'csm-user',
        createdAt: daysAgo(150), outcome: 'successful' as const, status: 'completed' as const,
      })),
    );
  }, 120_000);
  afterAll(() => db.dispose());

  const impact = async (query = '') => {
    const res = await t.call(`/api/playbooks/impact?window_days=90${query}`, { role: 'csm' });
    expect(res.status).toBe(200);
    return res.json;
  };

  it('recovers a play that halves churn, within its interval, and the saved ARR it implies', async () => {
    const report = await impact();
    const play = report.by_trigger.find((p: { trigger_id: string }) => p.trigger_id === 'play_halves');
    expect(play.insufficient_evidence).toBe(false);
    expect(play.intervention_type).toBe('health_check_call');
    expect(play.held_out.firings + play.treated.firings).toBe(1_500);
    expect(play.held_out.firings / 1_500).toBeCloseTo(0.2, 1);
    const trueDifference = PLAYS[0].treatedChurn - CONTROL_CHURN;
    expect(play.churn_difference.lower).toBeLessThanOrEqual(trueDifference);
    expect(play.churn_difference.upper).toBeGreaterThanOrEqual(trueDifference);
    expect(play.churn_difference.upper).toBeLessThan(0); // a real effect: the interval excludes none
    const trueSaved = -trueDifference * truth.get('play_halves')!.treatedArr;
    expect(play.saved_arr.lower).toBeLessThanOrEqual(trueSaved);
    expect(play.saved_arr.upper).toBeGreaterThanOrEqual(trueSaved);
    expect(play.treated.health_change_30d.mean).toBeCloseTo(6, 5);
    expect(play.held_out.health_change_30d.mean).toBeCloseTo(0, 5);
  });

  it('finds nothing in a play that does nothing: its interval contains zero', async () => {
    const report = await impact();
    const play = report.by_trigger.find((p: { trigger_id: string }) => p.trigger_id === 'play_null');
    expect(play.insufficient_evidence).toBe(false);
    expect(play.churn_difference.lower).toBeLessThanOrEqual(0);
    expect(play.churn_difference.upper).toBeGreaterThanOrEqual(0);
    expect(play.saved_arr.lower).toBeLessThanOrEqual(0);
    // The same figures per intervention type, one trigger each here; the effective play ranks first.
    expect(report.by_intervention_type.map((p: { intervention_type: string }) => p.intervention_type)[0]).toBe('health_check_call');
    expect(report.by_intervention_type.find((p: { intervention_type: string }) => p.intervention_type === 'automated_email').churn_difference).toEqual(
      play.churn_difference,
    );
  });

  it('flags too few firings as insufficient evidence, keeps open windows apart as interim, and makes no causal claim for manual work', async () => {
    const report = await impact();
    const tiny = report.by_trigger.find((p: { trigger_id: string }) => p.trigger_id === 'play_tiny');
    expect(tiny.insufficient_evidence).toBe(true);
    expect(tiny.evidence_note).toMatch(/^insufficient evidence: \d+ treated and \d+ held-out firings with a closed window; at least 20 and 10 are needed$/);

    const interim = report.interim.by_trigger.find((p: { trigger_id: string }) => p.trigger_id === 'play_halves');
    expect(interim.treated.firings + interim.held_out.firings).toBe(40);
    expect(report.interim.note).toContain('interim');

    expect(report.manual.causal_claim).toBe(false);
    expect(report.manual.note).toContain('not measured effects');
    expect(report.manual.by_type).toEqual([
      expect.objectContaining({ intervention_type: 'csm_outreach', firings: 3, outcomes: { successful: 3 } }),
    ]);
  });

  it("recommends the plays that worked in the account's risk band, with their evidence, and otherwise the reference's rule", async () => {
    // The planted firings' accounts were all in the medium band when they fired.
    for (const [id, band] of [['reco_medium', 'medium'], ['reco_high', 'high']] as const) {
      await db.orm.insert(schema.accounts).values({ id, name: id, mrr: MRR });
      await t.deps.pipeline.rescore([id]);
      await db.orm.update(schema.healthScores).set({ riskLevel: band, overallScore: 55, engagementScore: 60 }).where(eq(schema.healthScores.accountId, id));
    }
    const medium = await t.call('/api/customer-success/health/reco_medium', { role: 'csm' });
    expect(medium.status).toBe(200);
    // Only the play that cut churn: the null play estimates no benefit, the tiny one has too little evidence.
    expect(medium.json.recommended_actions).toEqual([
      {
        basis: 'evidence',
        trigger_id: 'play_halves',
        intervention_type: 'health_check_call',
        title: 'play_halves',
        reason: expect.stringMatching(/^in the medium risk band, play_halves cut 90-day churn by \d+\.\d points against its control group$/),
        evidence: {
          risk_level: 'medium',
          window_days: 90,
          treated: expect.any(Number),
          held_out: expect.any(Number),
          uplift: { estimate: expect.any(Number), lower: expect.any(Number), upper: expect.any(Number) },
        },
      },
    ]);
    const { uplift } = medium.json.recommended_actions[0].evidence;
    expect(uplift.lower).toBeGreaterThan(0);
    expect(uplift.lower).toBeLessThanOrEqual(0.15);
    expect(uplift.upper).toBeGreaterThanOrEqual(0.15);

    // No firings in the high band: the reference's rule, labelled as one.
    const high = await t.call('/api/customer-success/health/reco_high', { role: 'admin' });
    expect(high.json.recommended_actions).toEqual([
      { basis: 'rule', rule: 'elevated_risk', intervention_type: 'health_check_call', title: 'Book a health check call', reason: 'risk is high', evidence: null },
    ]);
    // A member's own view carries no playbook evidence.
    const member = await t.call('/api/customer-success/health/reco_medium', { role: 'member', accountId: 'reco_medium' });
    expect(member.status).toBe(200);
    expect(member.json.recommended_actions).toEqual([]);
  });

  it('reads only the firings in [from, to], for csm and admin only, and names a bad field', async () => {
    const narrow = await impact(`&from=${daysAgo(150).toISOString()}&to=${daysAgo(100).toISOString()}`);
    const play = narrow.by_trigger.find((p: { trigger_id: string }) => p.trigger_id === 'play_halves');
    expect(play.treated.firings + play.held_out.firings).toBeLessThan(600);
    expect((await t.call('/api/playbooks/impact', { role: 'viewer' })).status).toBe(403);
    expect((await t.call('/api/playbooks/impact', { role: 'admin' })).status).toBe(200);
    const bad = await t.call('/api/playbooks/impact?window_days=3', { role: 'csm' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].field).toBe('window_days');
    const backwards = await t.call(`/api/playbooks/impact?from=${NOW.toISOString()}&to=${daysAgo(10).toISOString()}`, { role: 'csm' });
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.fields[0].field).toBe('from');
  });
});

describe('the rule-based suggestion', () => {
  const account = { riskLevel: 'low' as const, healthScore: 80, engagementScore: 60, contractEndDays: null };
  it("follows the reference's triggers, most pressing first", () => {
    expect(ruleSuggestion({ ...account, riskLevel: 'high', healthScore: 60, contractEndDays: 30 })).toMatchObject({ basis: 'rule', rule: 'contract_renewal_risk', intervention_type: 'escalation_created' });
    expect(ruleSuggestion({ ...account, healthScore: 35, engagementScore: 10 })).toMatchObject({ rule: 'critical_health', intervention_type: 'csm_outreach' });
    expect(ruleSuggestion({ ...account, engagementScore: 29 })).toMatchObject({ rule: 'engagement_decline', intervention_type: 'automated_email' });
    expect(ruleSuggestion({ ...account, riskLevel: 'medium' })).toMatchObject({ rule: 'elevated_risk', intervention_type: 'health_check_call' });
    expect(ruleSuggestion({ ...account, contractEndDays: 61, healthScore: 60 })).toBeNull();
  });
});
