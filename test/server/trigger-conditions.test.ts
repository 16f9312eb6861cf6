/**
 * The reference's remaining trigger conditions (churn_prediction, usage_pattern_change), the
 * engagement-decline window, and alert rules on churn probability.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { schema } from '../../server/db/index';
import { buildTestApp } from './support/app';
import { addAccount, addSnapshot, change, HOUR, rescored } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 24 * HOUR;

describe.each(dbKinds)('trigger conditions on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  const opened = async (accountId: string, triggerId: string) =>
    db.orm
      .select()
      .from(schema.interventions)
      .where(and(eq(schema.interventions.accountId, accountId), eq(schema.interventions.triggerId, triggerId)));
  const withChurn = (id: string, p: number, engagement = 60) => {
    const c = change(id, 55, 56, engagement);
    return { ...c, current: { ...c.current, churn_probability: p } };
  };
  const addTrigger = async (id: string, type: string, threshold: number, time_window = '7 days') => {
    const res = await t.call('/api/triggers', {
      role: 'admin',
      body: {
        id,
        name: id,
        priority: 'high',
        holdout_percent: 0,
        cooldown_hours: 24,
        condition: { type, threshold, time_window },
        intervention: { type: 'csm_outreach', title: id },
      },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  };

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => NOW });
    await db.orm.update(schema.interventionTriggers).set({ holdoutPercent: 0 });
    await addTrigger('churn_risk', 'churn_prediction', 0.6);
    await addTrigger('usage_drop', 'usage_pattern_change', 50);
  });
  afterAll(() => db.dispose());

  it('churn_prediction fires at or above its probability, and refuses a threshold outside 0-1', async () => {
    await addAccount(db, 'p_high');
    await addAccount(db, 'p_edge');
    await addAccount(db, 'p_low');
    await rescored(t.deps, NOW, [withChurn('p_high', 0.72), withChurn('p_edge', 0.6), withChurn('p_low', 0.59)]);
    expect((await opened('p_high', 'churn_risk'))[0]?.description).toBe('Churn probability is 0.72, at or above 0.6');
    expect(await opened('p_edge', 'churn_risk')).toHaveLength(1);
    expect(await opened('p_low', 'churn_risk')).toHaveLength(0);
    const bad = await t.call('/api/triggers/churn_risk', { role: 'admin', method: 'PATCH', body: { condition: { threshold: 60 } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].field).toBe('condition.threshold');
  });

  it('usage_pattern_change compares the last 7 days with the weekly average of the 28 before', async () => {
    const events = (accountId: string, count: number, daysAgoFrom: number, daysAgoTo: number) =>
      Array.from({ length: count }, (_, i) => ({
        accountId,
        kind: 'login' as const,
        occurredAt: new Date(NOW.getTime() - (daysAgoFrom + ((daysAgoTo - daysAgoFrom) * (i + 0.5)) / count) * DAY),
      }));
    for (const [id, recent] of [['u_drop', 4], ['u_steady', 8], ['u_new', 0]] as const) {
      await addAccount(db, id);
      // 40 events 8-35 days ago: 10 a week on average (none for the new account).
      const rows = [...(id === 'u_new' ? [] : events(id, 40, 7.5, 34.5)), ...events(id, recent, 0.5, 6.5)];
      if (rows.length > 0) await db.orm.insert(schema.activityEvents).values(rows);
    }
    await rescored(t.deps, NOW, [change('u_drop', 55, 56), change('u_steady', 55, 56), change('u_new', 55, 56)]);
    const [drop] = await opened('u_drop', 'usage_drop');
    expect(drop?.description).toBe('Activity in the last 7 days is 4 against a weekly average of 10 over the 28 days before: down 60 %');
    expect(await opened('u_steady', 'usage_drop')).toHaveLength(0); // down 20 %
    expect(await opened('u_new', 'usage_drop')).toHaveLength(0); // no earlier pattern
  });

  it('engagement_decline needs engagement below the threshold throughout its 7-day window', async () => {
    await addAccount(db, 'e_recent_high');
    await addSnapshot(db, 'e_recent_high', 60, new Date(NOW.getTime() - 3 * DAY), 45);
    await addAccount(db, 'e_low_all_week');
    await addSnapshot(db, 'e_low_all_week', 60, new Date(NOW.getTime() - 6 * DAY), 25);
    await addSnapshot(db, 'e_low_all_week', 60, new Date(NOW.getTime() - 3 * DAY), 22);
    await addAccount(db, 'e_high_long_ago');
    await addSnapshot(db, 'e_high_long_ago', 60, new Date(NOW.getTime() - 8 * DAY), 70);
    await rescored(t.deps, NOW, [change('e_recent_high', 55, 56, 20), change('e_low_all_week', 55, 56, 20), change('e_high_long_ago', 55, 56, 20)]);
    expect(await opened('e_recent_high', 'engagement_decline')).toHaveLength(0);
    const [low] = await opened('e_low_all_week', 'engagement_decline');
    expect(low?.description).toBe('Customer engagement score is 20, below 30 throughout 7 days, starting re-engagement sequence');
    expect(await opened('e_high_long_ago', 'engagement_decline')).toHaveLength(1);
  });

  it('alert rules accept the metric churn_probability', async () => {
    const res = await t.call('/api/alert-rules', {
      role: 'admin',
      body: {
        id: 'likely_churn',
        name: 'Likely to churn',
        condition: { metric: 'churn_probability', operator: 'gt', threshold: 0.6 },
        channels: ['email'],
        severity: 'high',
        cooldown_minutes: 60,
      },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    await addAccount(db, 'a_churny');
    await rescored(t.deps, NOW, [withChurn('a_churny', 0.65)]);
    const [alert] = await db.orm
      .select()
      .from(schema.alerts)
      .where(and(eq(schema.alerts.accountId, 'a_churny'), eq(schema.alerts.ruleId, 'likely_churn')));
    expect(alert).toMatchObject({ metric: 'churn_probability', value: 0.65, threshold: 0.6, message: 'Churn probability is 0.65, above 0.60' });
  });

  it('payment.failed opens a billing intervention for the owner, once per open failure', async () => {
    let now = new Date(NOW.getTime() + DAY);
    const app = buildTestApp(db, { clock: () => now });
    await addAccount(db, 'billing', { csmOwner: 'owner-b@cs.example' });
    const payment = (type: 'payment.failed' | 'payment.succeeded') => ({ type, timestamp: now.toISOString(), data: { account_id: 'billing', amount: 499 } });
    const billing = () =>
      db.orm
        .select()
        .from(schema.interventions)
        .where(and(eq(schema.interventions.accountId, 'billing'), eq(schema.interventions.triggerType, 'payment_failed')));

    expect(await app.deps.ingest.submit('pay_1', payment('payment.failed'))).toEqual({ applied: true });
    const [first] = await billing();
    expect(first).toMatchObject({ interventionType: 'csm_outreach', priority: 'high', assignedTo: 'owner-b@cs.example', status: 'planned' });
    expect(first?.description).toContain('499.00');
    // A retried delivery, and a second failure of the same open episode, open nothing more.
    expect(await app.deps.ingest.submit('pay_1', payment('payment.failed'))).toEqual({ applied: false });
    now = new Date(now.getTime() + HOUR);
    await app.deps.ingest.submit('pay_2', payment('payment.failed'));
    expect(await billing()).toHaveLength(1);
    // Paid, then failing again: a new failure, a new intervention.
    now = new Date(now.getTime() + HOUR);
    await app.deps.ingest.submit('pay_3', payment('payment.succeeded'));
    now = new Date(now.getTime() + HOUR);
    await app.deps.ingest.submit('pay_4', payment('payment.failed'));
    expect(await billing()).toHaveLength(2);
    const events = await db.orm.select().from(schema.liveEvents).where(eq(schema.liveEvents.type, 'intervention_update'));
    expect(events.filter((e) => e.accountId === 'billing')).toHaveLength(2);
  });
});
