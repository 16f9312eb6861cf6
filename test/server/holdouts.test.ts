/**
 * Control groups: every trigger holds out a reproducible share of its firings, recorded as
 * `held_out` with the draw that decided it, and opens nothing for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { schema } from '../../server/db/index';
import { firingPeriod, holdoutDraw, isHeldOut } from '../../server/domain/playbooks';
import { buildTestApp } from './support/app';
import { addAccount, change, HOUR, rescored } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');

describe('the hold-out draw', () => {
  it('is the same for the same trigger, account and period, and differs when any changes', () => {
    const a = holdoutDraw('engagement_decline', 'acct_1', '2026-06-15');
    expect(holdoutDraw('engagement_decline', 'acct_1', '2026-06-15')).toBe(a);
    expect(holdoutDraw('engagement_decline', 'acct_1', '2026-06-16')).not.toBe(a);
    expect(holdoutDraw('critical_health_drop', 'acct_1', '2026-06-15')).not.toBe(a);
    expect(holdoutDraw('engagement_decline', 'acct_2', '2026-06-15')).not.toBe(a);
    expect(firingPeriod(NOW)).toBe('2026-06-15');
    expect(firingPeriod(new Date('2026-06-15T23:59:59Z'))).toBe('2026-06-15');
  });

  it('holds out the configured share of many accounts', () => {
    const n = 20_000;
    for (const percent of [0, 10, 25, 50]) {
      let held = 0;
      for (let i = 0; i < n; i++) if (isHeldOut(holdoutDraw('t', `acct_${i}`, '2026-06-15'), percent)) held += 1;
      // 4 standard errors of a binomial share: fails only if the draw is not uniform.
      const se = Math.sqrt((percent / 100) * (1 - percent / 100) / n);
      expect(Math.abs(held / n - percent / 100)).toBeLessThanOrEqual(4 * se);
    }
  });
});

describe.each(dbKinds)('trigger hold-outs on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;
  let now = NOW;

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => now });
  });
  afterAll(() => db.dispose());

  it('defaults to 10 % and refuses anything but a whole number from 0 to 50, naming the field', async () => {
    const trigger = (holdout: unknown) => ({
      name: 'Low health',
      priority: 'high',
      condition: { type: 'engagement_decline', threshold: 30, time_window: '7 days' },
      intervention: { type: 'csm_outreach', title: 'Call them' },
      cooldown_hours: 24,
      ...(holdout === undefined ? {} : { holdout_percent: holdout }),
    });
    const created = await t.call('/api/triggers', { role: 'admin', body: trigger(undefined) });
    expect(created.status).toBe(201);
    expect(created.json.trigger.holdout_percent).toBe(10);
    const seeded = await t.call('/api/triggers/engagement_decline', { role: 'admin' });
    expect(seeded.json.trigger.holdout_percent).toBe(10);
    for (const bad of [51, -1, 10.5, 'ten', null]) {
      const res = await t.call('/api/triggers', { role: 'admin', body: trigger(bad) });
      expect(res.status, String(bad)).toBe(400);
      expect(res.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['holdout_percent']);
    }
    const patched = await t.call(`/api/triggers/${created.json.trigger.id}`, { role: 'admin', method: 'PATCH', body: { holdout_percent: 60 } });
    expect(patched.status).toBe(400);
    expect(patched.json.error.fields[0].field).toBe('holdout_percent');
    await t.call(`/api/triggers/${created.json.trigger.id}`, { role: 'admin', method: 'DELETE' });
  });

  it('records held-out firings with their draw, opens nothing for them, and keeps them out for the cooldown', async () => {
    await db.orm.update(schema.interventionTriggers).set({ holdoutPercent: 50 }).where(eq(schema.interventionTriggers.id, 'engagement_decline'));
    const ids = Array.from({ length: 40 }, (_, i) => `hold_${kind}_${i}`);
    for (const id of ids) await addAccount(db, id);
    await rescored(t.deps, now, ids.map((id) => change(id, 55, 60, 20)));

    const firings = await db.orm.select().from(schema.triggerFirings).where(eq(schema.triggerFirings.triggerId, 'engagement_decline'));
    const mine = firings.filter((f) => ids.includes(f.accountId));
    expect(mine).toHaveLength(40);
    for (const f of mine) {
      const draw = holdoutDraw('engagement_decline', f.accountId, '2026-06-15');
      expect(f.draw).toBeCloseTo(draw, 9);
      expect(f.outcome).toBe(draw < 50 ? 'held_out' : 'fired');
      if (f.outcome === 'held_out') {
        expect(f.interventionId).toBeNull();
        expect(f.detail).toMatch(/held out as control: draw \d+\.\d{3} < 50 %/);
      }
    }
    const held = mine.filter((f) => f.outcome === 'held_out');
    expect(held.length).toBeGreaterThan(5); // 40 fair coin flips
    expect(held.length).toBeLessThan(35);
    const opened = await db.orm.select().from(schema.interventions).where(eq(schema.interventions.triggerId, 'engagement_decline'));
    expect(new Set(opened.map((r) => r.accountId))).toEqual(new Set(mine.filter((f) => f.outcome === 'fired').map((f) => f.accountId)));

    // Visible to staff among the firings, filtered by outcome and account (the account's timeline).
    const heldOne = held[0]!;
    const listed = await t.call(`/api/triggers/firings?outcome=held_out&account_id=${heldOne.accountId}`, { role: 'csm' });
    expect(listed.status).toBe(200);
    expect(listed.json.firings).toEqual([expect.objectContaining({ outcome: 'held_out', account_id: heldOne.accountId, intervention_id: null, draw: heldOne.draw })]);

    // Later the same day the condition still holds: the held-out account is in its cooldown, not redrawn.
    now = new Date(NOW.getTime() + 2 * HOUR);
    await rescored(t.deps, now, [change(heldOne.accountId, 54, 55, 19)]);
    const again = await db.orm
      .select()
      .from(schema.triggerFirings)
      .where(and(eq(schema.triggerFirings.accountId, heldOne.accountId), eq(schema.triggerFirings.triggerId, 'engagement_decline')));
    expect(again.map((f) => f.outcome).sort()).toEqual(['held_out', 'suppressed']);
    expect(again.find((f) => f.outcome === 'suppressed')?.reason).toBe('cooldown');
  });

  it('never holds out a manual intervention', async () => {
    await db.orm.update(schema.interventionTriggers).set({ holdoutPercent: 50 });
    const held = (await db.orm.select().from(schema.triggerFirings).where(eq(schema.triggerFirings.outcome, 'held_out')))[0]!;
    const res = await t.call('/api/interventions', {
      role: 'csm',
      body: { account_id: held.accountId, intervention_type: 'csm_outreach', priority: 'high', scheduled_at: '2026-06-16T09:00:00Z' },
    });
    expect(res.status).toBe(201);
    expect(res.json.intervention).toMatchObject({ account_id: held.accountId, status: 'planned', trigger_type: 'manual' });
  });
});
