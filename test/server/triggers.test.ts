import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { schema } from '../../server/db/index';
import { buildTestApp } from './support/app';
import { addAccount, addSnapshot, change, HOUR, rescored } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

describe.each(dbKinds)('automated triggers on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  const interventionsOf = (accountId: string) =>
    db.orm.select().from(schema.interventions).where(eq(schema.interventions.accountId, accountId));
  const firingsOf = (accountId: string, triggerId: string) =>
    db.orm
      .select()
      .from(schema.triggerFirings)
      .where(and(eq(schema.triggerFirings.accountId, accountId), eq(schema.triggerFirings.triggerId, triggerId)));

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => NOW });
    // Hold-outs have their own tests (holdouts.test.ts); here every firing opens its intervention.
    await db.orm.update(schema.interventionTriggers).set({ holdoutPercent: 0 });
  });
  afterAll(() => db.dispose());

  it('ships the reference defaults, enabled', async () => {
    const res = await t.call('/api/triggers', { role: 'viewer' });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.json.triggers.map((x: { id: string }) => [x.id, x]));
    expect(byId.critical_health_drop).toMatchObject({
      condition: { type: 'health_score_drop', threshold: 20, time_window: '24 hours' },
      intervention: { type: 'csm_outreach', schedule_in: '2 hours', assignee: 'senior_csm', template: 'health_check_proactive' },
      priority: 'critical',
      enabled: true,
      cooldown_hours: 48,
    });
    expect(byId.engagement_decline).toMatchObject({
      condition: { type: 'engagement_decline', threshold: 30 },
      intervention: { type: 'automated_email', schedule_in: '12 hours', template: 'reengagement_welcome_back' },
      priority: 'medium',
      enabled: true,
      cooldown_hours: 168,
    });
    expect(byId.contract_renewal_risk).toMatchObject({
      condition: { type: 'contract_renewal', threshold: 70, time_window: '60 days' },
      intervention: { type: 'escalation_created', schedule_in: '0 minutes' },
      enabled: true,
    });
  });

  describe('health drop of 20 or more within 24 hours', () => {
    it('fires at a drop of exactly 20: a critical csm_outreach in 2 hours for the senior CSM', async () => {
      await addAccount(db, 'drop_20');
      await addSnapshot(db, 'drop_20', 80, at(-23));
      await rescored(t.deps, NOW, [change('drop_20', 60, 75)]);
      const [row] = await interventionsOf('drop_20');
      expect(row).toMatchObject({
        triggerId: 'critical_health_drop',
        triggerType: 'health_score_drop',
        interventionType: 'csm_outreach',
        priority: 'critical',
        status: 'planned',
        assignedTo: 'senior-csm@cs.example',
        templateId: 'health_check_proactive',
        createdBy: 'trigger:critical_health_drop',
      });
      expect(row?.scheduledAt?.toISOString()).toBe(at(2).toISOString());
      expect(row?.description).toContain('from 80 to 60');
    });

    it('does not fire at 19, nor for a peak outside the window', async () => {
      await addAccount(db, 'drop_19');
      await addSnapshot(db, 'drop_19', 80, at(-23));
      await rescored(t.deps, NOW, [change('drop_19', 61, 75)]);
      await addAccount(db, 'drop_old');
      await addSnapshot(db, 'drop_old', 90, at(-24.5));
      await rescored(t.deps, NOW, [change('drop_old', 61, 70)]);
      expect(await interventionsOf('drop_19')).toHaveLength(0);
      expect(await interventionsOf('drop_old')).toHaveLength(0);
    });

    it('counts the score just replaced, and a first score is no drop', async () => {
      await addAccount(db, 'drop_prev');
      await rescored(t.deps, NOW, [change('drop_prev', 50, 70)]);
      await addAccount(db, 'first');
      await rescored(t.deps, NOW, [change('first', 10, null)]);
      expect(await interventionsOf('drop_prev')).toHaveLength(1);
      expect((await interventionsOf('first')).map((i) => i.triggerId)).not.toContain('critical_health_drop');
    });
  });

  describe('engagement below 30', () => {
    it('fires just below 30: an automated_email in 12 hours for the account owner', async () => {
      await addAccount(db, 'eng_low');
      await rescored(t.deps, NOW, [change('eng_low', 75, 75, 29.99)]);
      const [row] = await interventionsOf('eng_low');
      expect(row).toMatchObject({
        triggerId: 'engagement_decline',
        interventionType: 'automated_email',
        priority: 'medium',
        assignedTo: 'owner@cs.example',
        templateId: 'reengagement_welcome_back',
      });
      expect(row?.scheduledAt?.toISOString()).toBe(at(12).toISOString());
    });

    it('does not fire at 30', async () => {
      await addAccount(db, 'eng_30');
      await rescored(t.deps, NOW, [change('eng_30', 75, 75, 30)]);
      expect(await interventionsOf('eng_30')).toHaveLength(0);
    });
  });

  describe('contract ending within 60 days with health below 70', () => {
    it('fires at 60 days and health 69: an escalation now', async () => {
      await addAccount(db, 'renew_60', { contractEndDate: '2026-08-14' });
      await rescored(t.deps, NOW, [change('renew_60', 69, 69)]);
      const [row] = await interventionsOf('renew_60');
      expect(row).toMatchObject({ triggerId: 'contract_renewal_risk', interventionType: 'escalation_created', priority: 'high' });
      expect(row?.scheduledAt?.toISOString()).toBe(NOW.toISOString());
      expect(row?.description).toBe('Contract ends in 60 days with health score of 69');
    });

    it('does not fire at 61 days, nor at health 70', async () => {
      await addAccount(db, 'renew_61', { contractEndDate: '2026-08-15' });
      await addAccount(db, 'renew_70', { contractEndDate: '2026-08-14' });
      await rescored(t.deps, NOW, [change('renew_61', 69, 69), change('renew_70', 70, 70)]);
      expect(await interventionsOf('renew_61')).toHaveLength(0);
      expect(await interventionsOf('renew_70')).toHaveLength(0);
    });
  });

  describe('cooldown and de-duplication', () => {
    it('never opens a second one while one is open, then holds off for the cooldown, visibly', async () => {
      await addAccount(db, 'repeat');
      const low = (hours: number) => rescored(t.deps, at(hours), [change('repeat', 75, 75, 20)]);
      await low(0);
      await low(1);
      const open = await interventionsOf('repeat');
      expect(open).toHaveLength(1);

      const cancel = await t.call(`/api/interventions/${open[0]?.id}`, { role: 'csm', method: 'PATCH', body: { status: 'cancelled' } });
      expect(cancel.status).toBe(200);
      await low(2);
      expect(await interventionsOf('repeat')).toHaveLength(1);
      // 168 h after the first firing the cooldown is over.
      await low(168);
      expect(await interventionsOf('repeat')).toHaveLength(2);

      const firings = await t.call('/api/triggers/engagement_decline/firings?account_id=repeat', { role: 'csm' });
      expect(firings.status).toBe(200);
      expect(firings.json.firings.map((f: { outcome: string; reason: string | null }) => [f.outcome, f.reason])).toEqual([
        ['fired', null],
        ['suppressed', 'cooldown'],
        ['suppressed', 'open_intervention'],
        ['fired', null],
      ]);
      const cooldown = firings.json.firings[1];
      expect(cooldown.detail).toContain('168 h cooldown until 2026-06-22T12:00:00.000Z');
      expect(cooldown.intervention_id).toBeNull();

      const all = await t.call('/api/triggers/firings?account_id=repeat&outcome=suppressed&limit=1', { role: 'viewer' });
      expect(all.json.firings.map((f: { reason: string }) => f.reason)).toEqual(['cooldown']);
      const next = await t.call(`/api/triggers/firings?account_id=repeat&outcome=suppressed&limit=1&cursor=${all.json.next_cursor}`, { role: 'viewer' });
      expect(next.json.firings[0].reason).toBe('open_intervention');
      expect(next.json.next_cursor).toBeNull();
    });

    it('a rescore is all-or-nothing: a failed transaction leaves no firing behind', async () => {
      await addAccount(db, 'rollback');
      await expect(
        db.orm.transaction(async (tx) => {
          await t.deps.pipeline.afterScores(tx, [change('rollback', 75, 75, 10)], NOW);
          throw new Error('the score write failed');
        }),
      ).rejects.toThrow('the score write failed');
      expect(await firingsOf('rollback', 'engagement_decline')).toHaveLength(0);
      expect(await interventionsOf('rollback')).toHaveLength(0);
    });
  });

  it('records an intervention_update live event and a who/what/when activity entry', async () => {
    await addAccount(db, 'evented');
    await rescored(t.deps, NOW, [change('evented', 75, 75, 5)]);
    const [row] = await interventionsOf('evented');
    const events = await db.orm.select().from(schema.liveEvents).where(eq(schema.liveEvents.accountId, 'evented'));
    expect(events.map((e) => e.type)).toContain('intervention_update');
    const data = events.find((e) => e.type === 'intervention_update')?.data as { action: string; intervention: { id: string } };
    expect(data.action).toBe('created');
    expect(data.intervention.id).toBe(row?.id);
    const detail = await t.call(`/api/interventions/${row?.id}`, { role: 'viewer' });
    expect(detail.json.activity).toEqual([
      expect.objectContaining({ actor: 'trigger:engagement_decline', action: 'created', at: NOW.toISOString() }),
    ]);
  });

  it('runs after a real rescore in the score pipeline, on the changes it reports', async () => {
    await addAccount(db, 'real_rescore', { name: 'Dormant Ltd' });
    const result = await t.deps.pipeline.rescore(['real_rescore']);
    expect(result.changed.map((c) => c.account_id)).toEqual(['real_rescore']);
    // Nobody has ever logged in: engagement is far below 30.
    expect(result.changed[0]?.current.engagement_score).toBeLessThan(30);
    expect((await interventionsOf('real_rescore')).map((i) => i.triggerId)).toContain('engagement_decline');
    const alerts = await db.orm.select().from(schema.alerts).where(eq(schema.alerts.accountId, 'real_rescore'));
    expect(alerts.every((a) => a.companyName === 'Dormant Ltd')).toBe(true);
  });

  it('does nothing while automated interventions are switched off', async () => {
    const off = buildTestApp(db, { clock: () => NOW, config: { features: { ...t.deps.config.features, automatedInterventions: false } } });
    await addAccount(db, 'flag_off');
    await rescored(off.deps, NOW, [change('flag_off', 75, 75, 5)]);
    expect(await interventionsOf('flag_off')).toHaveLength(0);
    expect(await firingsOf('flag_off', 'engagement_decline')).toHaveLength(0);
  });

  it('evaluates a configured support_escalation trigger over its window', async () => {
    const created = await t.call('/api/triggers', {
      role: 'admin',
      body: {
        id: 'escalations',
        name: 'Repeated escalations',
        condition: { type: 'support_escalation', threshold: 2, time_window: '7 days' },
        intervention: { type: 'health_check_call', title: 'Escalations - call the customer' },
        priority: 'high',
        cooldown_hours: 24,
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.trigger).toMatchObject({ enabled: true, intervention: { assignee: 'auto', schedule_in: '0 minutes', template: null } });
    await addAccount(db, 'esc_2');
    await addAccount(db, 'esc_1');
    await db.orm.insert(schema.supportInteractions).values([
      { accountId: 'esc_2', subject: 'a', escalated: true, createdAt: at(-24) },
      { accountId: 'esc_2', subject: 'b', escalated: true, createdAt: at(-1) },
      { accountId: 'esc_1', subject: 'a', escalated: true, createdAt: at(-24 * 8) },
      { accountId: 'esc_1', subject: 'b', escalated: true, createdAt: at(-1) },
    ]);
    await rescored(t.deps, NOW, [change('esc_2', 75, 75), change('esc_1', 75, 75)]);
    expect((await interventionsOf('esc_2')).map((i) => i.triggerId)).toEqual(['escalations']);
    expect(await interventionsOf('esc_1')).toHaveLength(0);
    expect((await t.call('/api/triggers/escalations', { role: 'admin', method: 'DELETE' })).status).toBe(204);
  });

  describe('/api/triggers configuration', () => {
    it('validates every field and names it', async () => {
      const res = await t.call('/api/triggers', {
        role: 'admin',
        body: {
          name: '',
          condition: { type: 'vibes', threshold: 'x', time_window: 'tomorrow' },
          intervention: { type: 'pigeon', title: 'x', assignee: 'nobody' },
          priority: 'urgent',
          cooldown_hours: -1,
        },
      });
      expect(res.status).toBe(400);
      const fields = res.json.error.fields.map((f: { field: string }) => f.field);
      for (const field of [
        'name',
        'condition.type',
        'condition.threshold',
        'condition.time_window',
        'intervention.type',
        'intervention.assignee',
        'priority',
        'cooldown_hours',
      ]) {
        expect(fields).toContain(field);
      }
    });

    it('checks the threshold for its condition and that the template exists', async () => {
      const res = await t.call('/api/triggers', {
        role: 'admin',
        body: {
          name: 'Bad',
          condition: { type: 'health_score_drop', threshold: 150, time_window: '24 hours' },
          intervention: { type: 'automated_email', title: 'x', template: 'no_such_template' },
          priority: 'low',
          cooldown_hours: 1,
        },
      });
      expect(res.status).toBe(400);
      expect(res.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['condition.threshold', 'intervention.template']);
    });

    it('is for admins: CSMs and viewers may read, not write', async () => {
      expect((await t.call('/api/triggers/critical_health_drop', { role: 'csm', method: 'PATCH', body: { enabled: false } })).status).toBe(403);
      expect((await t.call('/api/triggers', { role: 'member', accountId: 'drop_20' })).status).toBe(403);
      expect((await t.call('/api/triggers/nope', { role: 'viewer' })).status).toBe(404);
    });

    it('merges a PATCH, and a disabled trigger no longer fires', async () => {
      const res = await t.call('/api/triggers/engagement_decline', {
        role: 'admin',
        method: 'PATCH',
        body: { enabled: false, condition: { threshold: 25 } },
      });
      expect(res.status).toBe(200);
      expect(res.json.trigger).toMatchObject({ enabled: false, condition: { type: 'engagement_decline', threshold: 25, time_window: '7 days' } });
      await addAccount(db, 'disabled');
      await rescored(t.deps, NOW, [change('disabled', 75, 75, 5)]);
      expect(await interventionsOf('disabled')).toHaveLength(0);
      await t.call('/api/triggers/engagement_decline', { role: 'admin', method: 'PATCH', body: { enabled: true, condition: { threshold: 30 } } });
    });
  });
});
