/**
 * The demo's plays, loaded as the server's first start loads them (default seed and size): the
 * impact report recovers the planted effects, calls halving 90-day churn and the re-engagement
 * email doing nothing, and the firings are the trigger engine's own records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/db/index';
import { seedDemoData } from '../../server/demo/load';
import { CONTROL_CHURN_90D, DEMO_PLAYS, HEALTH_CHECK_CALL_TRIGGER } from '../../server/demo/playbooks';
import { loadEnv } from '../../server/env';
import { firingPeriod, holdoutDraw, isHeldOut } from '../../server/domain/playbooks';
import { buildTestApp } from './support/app';
import { openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const env = loadEnv({ NODE_ENV: 'test' });

interface Play {
  trigger_id: string;
  intervention_type: string;
  insufficient_evidence: boolean;
  treated: { firings: number };
  held_out: { firings: number };
  churn_difference: { estimate: number; lower: number; upper: number };
}

// The demo runs on its embedded PGlite; the impact queries themselves are tested on both databases (playbook-impact.test.ts).
describe('the demo plays on pglite', () => {
  const kind = 'pglite' as const;
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => NOW });
    await seedDemoData(db, { accounts: env.RK_DEMO_ACCOUNTS, seed: env.RK_DEMO_SEED, now: NOW, progress: false });
  }, 600_000);
  afterAll(() => db.dispose());

  const impact = async () => {
    const res = await t.call('/api/playbooks/impact?window_days=90', { role: 'csm' });
    expect(res.status).toBe(200);
    return res.json as { by_trigger: Play[]; interim: { by_trigger: Play[] } };
  };

  it('shows the calls cutting churn (an interval excluding 0 that holds the planted effect) and the email doing nothing', async () => {
    const report = await impact();
    const call = report.by_trigger.find((p) => p.trigger_id === HEALTH_CHECK_CALL_TRIGGER.id)!;
    const email = report.by_trigger.find((p) => p.trigger_id === 'engagement_decline')!;
    const ratio = (id: string) => DEMO_PLAYS.find((p) => p.trigger.id === id)!.churnRatio;

    expect(call.intervention_type).toBe('health_check_call');
    expect(call.insufficient_evidence).toBe(false);
    const planted = CONTROL_CHURN_90D * ratio(call.trigger_id) - CONTROL_CHURN_90D;
    expect(planted).toBeLessThan(0);
    expect(call.churn_difference.upper).toBeLessThan(0);
    expect(call.churn_difference.lower).toBeLessThanOrEqual(planted);
    expect(call.churn_difference.upper).toBeGreaterThanOrEqual(planted);

    expect(email.intervention_type).toBe('automated_email');
    expect(ratio(email.trigger_id)).toBe(1);
    expect(email.insufficient_evidence).toBe(false);
    expect(email.churn_difference.lower).toBeLessThanOrEqual(0);
    expect(email.churn_difference.upper).toBeGreaterThanOrEqual(0);

    // The last weeks' firings are there too, labelled interim.
    expect(report.interim.by_trigger.map((p) => p.trigger_id).sort()).toEqual(['engagement_decline', HEALTH_CHECK_CALL_TRIGGER.id]);
  });

  it("records every firing as the trigger engine does: the trigger's own hold-out draw, an intervention for each treated one", async () => {
    const firings = await queryRows<{
      trigger_id: string;
      account_id: string;
      outcome: string;
      draw: number | null;
      fired_at: Date | string;
      holdout_percent: number;
      intervention_trigger: string | null;
      intervention_type: string | null;
      detail: string;
    }>(
      db.orm,
      sql`select f.trigger_id, f.account_id, f.outcome, f.draw, f.fired_at, t.holdout_percent, f.detail,
                 i.trigger_id as intervention_trigger, i.intervention_type
          from trigger_firings f join intervention_triggers t on t.id = f.trigger_id
          left join interventions i on i.id = f.intervention_id`,
    );
    expect(firings.length).toBeGreaterThan(200);
    for (const f of firings) {
      if (f.outcome === 'suppressed') {
        expect(f.draw).toBeNull();
        continue;
      }
      const draw = holdoutDraw(f.trigger_id, f.account_id, firingPeriod(new Date(f.fired_at)));
      expect(Number(f.draw)).toBeCloseTo(draw, 9);
      expect(f.outcome).toBe(isHeldOut(draw, f.holdout_percent) ? 'held_out' : 'fired');
      if (f.outcome === 'fired') expect(f.intervention_trigger).toBe(f.trigger_id);
      else expect(f.detail).toContain('held out as control');
    }
    // Treated interventions carry an outcome once settled; the engine's partial unique index held.
    const [settled] = await queryRows<{ completed: number; with_outcome: number }>(
      db.orm,
      sql`select count(*) filter (where status = 'completed')::int as completed,
                 count(*) filter (where status = 'completed' and outcome in ('successful', 'unsuccessful'))::int as with_outcome
          from interventions where trigger_id is not null`,
    );
    expect(settled!.completed).toBeGreaterThan(100);
    expect(settled!.with_outcome).toBe(settled!.completed);
  });

  it('recommends the calls from that evidence, in the risk band the plays fired in, once the history is backfilled', async () => {
    await t.deps.pipeline.backfill();
    await t.deps.pipeline.rescore();
    // The backfilled weekly scores put most firings in the medium band (the last snapshot before them).
    const accountAt = async (band: string) =>
      (
        await queryRows<{ account_id: string }>(
          db.orm,
          sql`select h.account_id from health_scores h join accounts a on a.id = h.account_id
              where h.risk_level = ${band} and a.churned_at is null order by h.account_id limit 1`,
        )
      )[0]!.account_id;
    const medium = await t.call(`/api/customer-success/health/${await accountAt('medium')}`, { role: 'csm' });
    expect(medium.status).toBe(200);
    const [top] = medium.json.recommended_actions;
    expect(top).toMatchObject({ basis: 'evidence', trigger_id: HEALTH_CHECK_CALL_TRIGGER.id, intervention_type: 'health_check_call' });
    expect(top.evidence.risk_level).toBe('medium');
    expect(top.evidence.uplift.lower).toBeGreaterThan(0);
    // Too few firings in the high band for evidence: the rule, which names the same play.
    const high = await t.call(`/api/customer-success/health/${await accountAt('high')}`, { role: 'csm' });
    expect(high.json.recommended_actions[0]).toMatchObject({ intervention_type: 'health_check_call' });
  }, 600_000);
});
