import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { AppConfig } from '../../server/config';
import { schema } from '../../server/db/index';
import { buildTestApp } from './support/app';
import { addAccount, addSnapshot, change, HOUR, rescored } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

const channels: AppConfig['alertChannels'] = {
  emailTo: ['cs-team@cs.example', 'vp@cs.example'],
  smtp: { url: 'smtp://127.0.0.1:2525', from: 'alerts@cs.example' },
  slackWebhookUrl: 'https://hooks.slack.example/services/T000/B000/secret',
  webhook: { url: 'https://receiver.example/alerts', secret: `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}` },
  sms: { url: 'https://sms.example/send', token: 't', to: ['+15551230001'] },
};

describe.each(dbKinds)('alert rules on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;
  let config: AppConfig;

  const alertsOf = (accountId: string) => db.orm.select().from(schema.alerts).where(eq(schema.alerts.accountId, accountId));
  const deliveriesOf = async (alertId: string) =>
    (await db.orm.select().from(schema.alertDeliveries).where(eq(schema.alertDeliveries.alertId, alertId)))
      .map((d) => `${d.channel} ${d.target}`)
      .sort();

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, {
      clock: () => NOW,
      config: { alertChannels: channels, features: { ...buildTestApp(db).deps.config.features, slackIntegration: true } },
    });
    config = t.deps.config;
  });
  afterAll(() => db.dispose());

  it('ships the reference rules, enabled', async () => {
    const res = await t.call('/api/alert-rules', { role: 'viewer' });
    expect(res.json.rules).toEqual([
      expect.objectContaining({
        id: 'critical_health_score',
        condition: { metric: 'health_score', operator: 'lt', threshold: 40, time_window: null },
        channels: ['email', 'slack', 'sms'],
        severity: 'critical',
        enabled: true,
        cooldown_minutes: 60,
      }),
      expect.objectContaining({
        id: 'health_score_drop',
        condition: { metric: 'health_score', operator: 'changed_by', threshold: -20, time_window: '24 hours' },
        channels: ['email', 'slack'],
        severity: 'high',
        enabled: true,
        cooldown_minutes: 180,
      }),
    ]);
  });

  describe('health below 40', () => {
    it('fires at 39 into the outbox (email, Slack, SMS and the webhook) and the live log, in one go', async () => {
      await addAccount(db, 'low_39');
      await rescored(t.deps, NOW, [change('low_39', 39, 45)]);
      const [alert] = await alertsOf('low_39');
      expect(alert).toMatchObject({ ruleId: 'critical_health_score', severity: 'critical', title: 'Critical Health Score Alert', value: 39, threshold: 40 });
      expect(alert?.message).toBe('Health score is 39, below 40');
      expect(await deliveriesOf(alert?.id ?? '')).toEqual([
        'email cs-team@cs.example',
        'email vp@cs.example',
        'slack https://hooks.slack.example/services/T000/B000/secret',
        'sms +15551230001',
        'webhook https://receiver.example/alerts',
      ]);
      const [event] = await db.orm
        .select()
        .from(schema.liveEvents)
        .where(and(eq(schema.liveEvents.accountId, 'low_39'), eq(schema.liveEvents.type, 'churn_alert')));
      expect(event?.data).toEqual({
        alert_id: alert?.id,
        account_id: 'low_39',
        company_name: 'Company low_39',
        severity: 'critical',
        title: 'Critical Health Score Alert',
        message: 'Health score is 39, below 40',
        created_at: NOW.toISOString(),
        acknowledged_at: null,
        acknowledged_by: null,
      });
    });

    it('does not fire at 40', async () => {
      await addAccount(db, 'low_40');
      await rescored(t.deps, NOW, [change('low_40', 40, 45)]);
      expect(await alertsOf('low_40')).toHaveLength(0);
    });

    it('holds off for its 60-minute cooldown', async () => {
      await rescored(t.deps, at(0.5), [change('low_39', 38, 39)]);
      expect(await alertsOf('low_39')).toHaveLength(1);
      await rescored(t.deps, at(1), [change('low_39', 37, 38)]);
      expect(await alertsOf('low_39')).toHaveLength(2);
    });
  });

  describe('drop of 20 or more within 24 hours', () => {
    it('fires at a drop of exactly 20 (email and Slack), not at 19', async () => {
      await addAccount(db, 'fall_20');
      await addAccount(db, 'fall_19');
      await addSnapshot(db, 'fall_20', 85, at(-20));
      await addSnapshot(db, 'fall_19', 85, at(-20));
      await rescored(t.deps, NOW, [change('fall_20', 65, 70), change('fall_19', 66, 70)]);
      const [alert] = await alertsOf('fall_20');
      expect(alert).toMatchObject({ ruleId: 'health_score_drop', severity: 'high', value: -20 });
      expect(alert?.message).toBe('Health score dropped by 20 points (from 85 to 65) within 24 hours');
      expect(await deliveriesOf(alert?.id ?? '')).toEqual([
        'email cs-team@cs.example',
        'email vp@cs.example',
        'slack https://hooks.slack.example/services/T000/B000/secret',
        'webhook https://receiver.example/alerts',
      ]);
      expect(await alertsOf('fall_19')).toHaveLength(0);
    });
  });

  it('really switches email and Slack off with their feature flags, and says so on the alert', async () => {
    const off = buildTestApp(db, {
      clock: () => NOW,
      config: { alertChannels: { ...channels, webhook: null, sms: null }, features: { ...config.features, emailAutomation: false, slackIntegration: false } },
    });
    await addAccount(db, 'quiet');
    await rescored(off.deps, NOW, [change('quiet', 10, 50)]);
    const rows = await alertsOf('quiet');
    expect(rows.map((r) => r.ruleId).sort()).toEqual(['critical_health_score', 'health_score_drop']);
    for (const alert of rows) expect(await deliveriesOf(alert.id)).toEqual([]);
    const critical = rows.find((r) => r.ruleId === 'critical_health_score');
    expect(critical?.skippedChannels).toEqual([
      { channel: 'email', reason: 'the emailAutomation feature is off' },
      { channel: 'slack', reason: 'the slackIntegration feature is off' },
      { channel: 'sms', reason: 'no SMS provider or numbers configured' },
    ]);
  });

  it('lists alerts with their deliveries, hiding webhook URLs', async () => {
    const res = await t.call('/api/alerts?account_id=low_39&limit=1', { role: 'viewer' });
    expect(res.status).toBe(200);
    const [alert] = res.json.alerts;
    expect(alert.deliveries).toHaveLength(5);
    expect(alert.deliveries.find((d: { channel: string }) => d.channel === 'slack')).toMatchObject({
      target: 'https://hooks.slack.example/…',
      status: 'pending',
      attempts: 0,
      last_error: null,
    });
    const next = await t.call(`/api/alerts?account_id=low_39&limit=1&cursor=${res.json.next_cursor}`, { role: 'viewer' });
    expect(next.json.alerts[0].id).not.toBe(alert.id);
    expect(next.json.next_cursor).toBeNull();
    expect((await t.call(`/api/alerts/${alert.id}`, { role: 'csm' })).json.alert.id).toBe(alert.id);
    expect((await t.call('/api/alerts?delivery_status=sent', { role: 'viewer' })).json.alerts).toEqual([]);
    expect((await t.call('/api/alerts', { role: 'member', accountId: 'low_39' })).status).toBe(403);
  });

  it('keeps an inbox: open alerts with a total, acknowledged once by a CSM or admin, with a live event', async () => {
    const open = await t.call('/api/alerts?state=open&limit=1', { role: 'viewer' });
    expect(open.status).toBe(200);
    const total = open.json.total as number;
    expect(total).toBeGreaterThan(1);
    expect(open.json.alerts).toHaveLength(1);
    const [alert] = open.json.alerts;
    expect(alert).toMatchObject({ acknowledged_at: null, acknowledged_by: null });

    // Viewers read, they do not acknowledge; unknown ids are 404, not 500.
    expect((await t.call(`/api/alerts/${alert.id}/acknowledge`, { role: 'viewer', method: 'POST' })).status).toBe(403);
    expect((await t.call('/api/alerts/not-a-uuid/acknowledge', { role: 'csm', method: 'POST' })).status).toBe(404);
    expect((await t.call('/api/alerts/7c1e3f1a-7a51-4a4f-9a54-0d6b7b0e9c11/acknowledge', { role: 'csm', method: 'POST' })).status).toBe(404);

    const acked = await t.call(`/api/alerts/${alert.id}/acknowledge`, { role: 'csm', method: 'POST' });
    expect(acked.status).toBe(200);
    expect(acked.json.alert).toMatchObject({ id: alert.id, acknowledged_at: NOW.toISOString(), acknowledged_by: 'csm-user' });
    // A second acknowledgement (another admin) changes nothing and logs nothing.
    const again = await t.call(`/api/alerts/${alert.id}/acknowledge`, { role: 'admin', method: 'POST' });
    expect(again.json.alert.acknowledged_by).toBe('csm-user');
    const events = await db.orm
      .select()
      .from(schema.liveEvents)
      .where(and(eq(schema.liveEvents.type, 'churn_alert'), sql`${schema.liveEvents.data}->>'acknowledged_at' is not null`));
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ alert_id: alert.id, acknowledged_at: NOW.toISOString(), acknowledged_by: 'csm-user' }),
    ]);

    expect((await t.call('/api/alerts?state=open', { role: 'viewer' })).json.total).toBe(total - 1);
    const done = await t.call('/api/alerts?state=acknowledged', { role: 'viewer' });
    expect(done.json.alerts.map((a: { id: string }) => a.id)).toEqual([alert.id]);
    expect(done.json.total).toBe(1);
    expect((await t.call('/api/alerts?state=closed', { role: 'viewer' })).status).toBe(400);
  });

  describe('/api/alert-rules configuration', () => {
    it('validates the condition and channels, naming each field', async () => {
      const res = await t.call('/api/alert-rules', {
        role: 'admin',
        body: { name: 'x', condition: { metric: 'mood', operator: 'lte', threshold: 1 }, channels: ['pager'], severity: 'meh', cooldown_minutes: 1.5 },
      });
      expect(res.status).toBe(400);
      expect(res.json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'channels.0',
        'condition.metric',
        'condition.operator',
        'cooldown_minutes',
        'severity',
      ]);
      const noWindow = await t.call('/api/alert-rules', {
        role: 'admin',
        body: { name: 'x', condition: { metric: 'health_score', operator: 'changed_by', threshold: 0 }, channels: ['email'], severity: 'low', cooldown_minutes: 5 },
      });
      expect(noWindow.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['condition.threshold', 'condition.time_window']);
    });

    it('creates, merges, evaluates and deletes a rule; only admins write', async () => {
      const created = await t.call('/api/alert-rules', {
        role: 'admin',
        body: {
          id: 'engagement_rise',
          name: 'Engagement back up',
          condition: { metric: 'engagement_score', operator: 'changed_by', threshold: 15, time_window: '2 days' },
          channels: ['slack'],
          severity: 'low',
          cooldown_minutes: 0,
        },
      });
      expect(created.status).toBe(201);
      await addAccount(db, 'rising');
      await addSnapshot(db, 'rising', 70, at(-40), 20);
      await rescored(t.deps, NOW, [change('rising', 70, 70, 35)]);
      expect((await alertsOf('rising')).map((a) => a.message)).toEqual(['Engagement score rose by 15 points (from 20 to 35) within 2 days']);

      const patched = await t.call('/api/alert-rules/engagement_rise', { role: 'admin', method: 'PATCH', body: { condition: { operator: 'gt', threshold: 90 } } });
      expect(patched.json.rule.condition).toEqual({ metric: 'engagement_score', operator: 'gt', threshold: 90, time_window: null });
      expect((await t.call('/api/alert-rules/engagement_rise', { role: 'csm', method: 'DELETE' })).status).toBe(403);
      expect((await t.call('/api/alert-rules/engagement_rise', { role: 'admin', method: 'DELETE' })).status).toBe(204);
      expect((await t.call('/api/alert-rules/engagement_rise', { role: 'viewer' })).status).toBe(404);
    });
  });
});
