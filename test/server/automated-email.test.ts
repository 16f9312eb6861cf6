/**
 * Automated emails really go out: an `automated_email` intervention opened by a trigger is
 * rendered, queued and delivered to a real SMTP peer, then executed by itself; caps, the
 * unsubscribe link, the feature flag and permanent failures each show on the intervention.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import type { AppConfig } from '../../server/config';
import { createDb, schema } from '../../server/db/index';
import { createServices } from '../../server/services/index';
import { deliverEmailsDue, type DeliveryOptions } from '../../server/services/delivery';
import { buildTestApp, testConfig } from './support/app';
import { addAccount, change, HOUR, rescored } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { smtpPeer } from './support/smtp';

const options: DeliveryOptions = { baseDelayMs: 1_000, maxDelayMs: 10_000, maxAttempts: 3, leaseMs: 30_000, requestTimeoutMs: 5_000 };

describe.each(dbKinds)('automated email on %s', (kind) => {
  let db: TestDb;
  let smtp: Awaited<ReturnType<typeof smtpPeer>>;
  let config: AppConfig;
  let t: ReturnType<typeof buildTestApp>;
  let now = new Date('2026-06-15T12:00:00Z');
  const clock = () => now;
  let n = 0;

  /** A new account with a contact whose engagement falls below 30: the engagement_decline trigger opens an automated email. */
  const lowEngagement = async (app = t, contactEmail: string | null = `contact${n + 1}@customer.example`) => {
    const id = `acct_${kind}_${++n}`;
    await addAccount(db, id, { name: `Customer ${n}`, contactName: `Pat ${n}`, contactEmail });
    await rescored(app.deps, now, [change(id, 55, 60, 20)]);
    const [row] = await db.orm.select().from(schema.interventions).where(eq(schema.interventions.accountId, id));
    if (!row) throw new Error('no intervention opened');
    return row;
  };
  const intervention = async (id: string) => (await db.orm.select().from(schema.interventions).where(eq(schema.interventions.id, id)))[0];
  const deliver = () => deliverEmailsDue({ ...t.deps, config }, options);

  beforeAll(async () => {
    db = await openTestDb(kind);
    smtp = await smtpPeer();
    const base = testConfig();
    config = {
      ...base,
      alertChannels: { ...base.alertChannels, smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'success@vendor.example' } },
      // Assignee notices have their own test below; here only the customers' emails are counted.
      automatedEmail: { ...base.automatedEmail, publicUrl: 'https://rk.vendor.example', assigneeNotices: 'off' },
    };
    t = buildTestApp(db, { clock, config });
    // Hold-outs have their own tests (holdouts.test.ts); here every firing opens its intervention.
    await db.orm.update(schema.interventionTriggers).set({ holdoutPercent: 0 });
  });
  afterAll(async () => {
    await smtp.close();
    await db.dispose();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
  });

  it("renders the trigger's template for the contact, sends it when scheduled and executes the intervention", async () => {
    const row = await lowEngagement();
    expect(row).toMatchObject({ interventionType: 'automated_email', status: 'planned', emailStatus: 'queued', emailDetail: `to contact${n}@customer.example` });

    // Scheduled 12 hours after firing: nothing goes before.
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    now = new Date(now.getTime() + 12 * HOUR);
    expect(await deliver()).toEqual({ sent: 1, retried: 0, failed: 0 });

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.to).toEqual([`contact${n}@customer.example`]);
    expect(mail.raw).toContain(`Subject: We miss you, Customer ${n}!`);
    expect(mail.raw).toMatch(/List-Unsubscribe:\s+<https:\/\/rk\.vendor\.example\/api\/unsubscribe\/[\w.-]+>/);
    expect(mail.raw).toContain(`Pat ${n}`);

    const after = await intervention(row.id);
    expect(after).toMatchObject({ status: 'executed', emailStatus: 'sent' });
    expect(after?.executedAt?.toISOString()).toBe(now.toISOString());
    const activity = await db.orm.select().from(schema.interventionActivity).where(eq(schema.interventionActivity.interventionId, row.id));
    expect(activity.map((a) => a.actor)).toEqual(['trigger:engagement_decline', 'automation:email']);
    // Delivered once: another pass sends nothing more.
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    const view = await t.call(`/api/interventions/${row.id}`, { role: 'csm' });
    expect(view.json.intervention).toMatchObject({ status: 'executed', email_status: 'sent' });
  });

  it('caps automated email per account: a second one within 7 days is skipped and says why', async () => {
    const first = await lowEngagement();
    // The first was cancelled later; a new trigger then fires for the same account.
    await db.orm.update(schema.interventions).set({ status: 'cancelled' }).where(eq(schema.interventions.id, first.id));
    await db.orm.insert(schema.interventionTriggers).values({
      id: `second_email_${kind}`,
      name: 'Second email',
      conditionType: 'engagement_decline',
      threshold: 30,
      timeWindow: '7 days',
      interventionType: 'automated_email',
      interventionTitle: 'Another nudge',
      templateId: 'reengagement_welcome_back',
      priority: 'low',
      cooldownHours: 1,
    });
    await rescored(t.deps, now, [change(first.accountId, 54, 55, 19)]);
    const rows = await db.orm.select().from(schema.interventions).where(eq(schema.interventions.accountId, first.accountId));
    const second = rows.find((r) => r.triggerId === `second_email_${kind}`);
    expect(second).toMatchObject({ emailStatus: 'skipped' });
    expect(second?.emailDetail).toMatch(/already got an automated email at .* \(at most one per 7 days\)/);
    await db.orm.delete(schema.interventionTriggers).where(eq(schema.interventionTriggers.id, `second_email_${kind}`));
  });

  it('never sends an email whose intervention was cancelled before it was due', async () => {
    const row = await lowEngagement();
    await db.orm.update(schema.interventions).set({ status: 'cancelled' }).where(eq(schema.interventions.id, row.id));
    now = new Date(now.getTime() + 13 * HOUR);
    await deliver();
    expect(smtp.messages).toHaveLength(0);
    expect(await intervention(row.id)).toMatchObject({ emailStatus: 'failed', emailDetail: 'not sent: the intervention was cancelled before the email was sent' });
  });

  it('the signed unsubscribe link needs no login and stops further automated email to that contact', async () => {
    const row = await lowEngagement(t, 'leave-me@customer.example');
    const [queued] = await db.orm.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.interventionId, row.id));
    const path = new URL(queued!.unsubscribeUrl!).pathname;

    const page = await t.app.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('leave-me@customer.example will get no further automated email');
    // A tampered token is refused, naming the field.
    const bad = await t.call(`${path.slice(0, -2)}xx`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].field).toBe('token');
    // A login token is no unsubscribe token.
    const login = await t.call(`/api/unsubscribe/${await t.token('admin')}`);
    expect(login.status).toBe(400);

    // Another account with the same contact: skipped.
    const next = await lowEngagement(t, 'Leave-Me@customer.example');
    expect(next).toMatchObject({ emailStatus: 'skipped', emailDetail: 'not sent: leave-me@customer.example unsubscribed from automated email' });
    // The email queued before the click never goes either.
    now = new Date(now.getTime() + 12 * HOUR);
    await deliver();
    expect(smtp.messages).toHaveLength(0);
    expect(await intervention(row.id)).toMatchObject({ emailStatus: 'failed', emailDetail: 'not sent: leave-me@customer.example unsubscribed before the email was sent' });
  });

  it('RK_FEATURE_EMAIL_AUTOMATION=false sends nothing and says so on the intervention', async () => {
    const off = buildTestApp(db, { clock, config: { ...config, features: { ...config.features, emailAutomation: false } } });
    const row = await lowEngagement(off);
    expect(row).toMatchObject({
      status: 'planned',
      emailStatus: 'skipped',
      emailDetail: 'not sent: email automation is switched off (RK_FEATURE_EMAIL_AUTOMATION=false)',
    });
    expect(await db.orm.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.interventionId, row.id))).toEqual([]);
  });

  it('a permanent failure, after the retries, is on the intervention with the reason', async () => {
    smtp.rejected.add('bounce@customer.example');
    const row = await lowEngagement(t, 'bounce@customer.example');
    now = new Date(now.getTime() + 12 * HOUR);
    expect(await deliver()).toMatchObject({ retried: 1 });
    now = new Date(now.getTime() + 2_000);
    expect(await deliver()).toMatchObject({ retried: 1 });
    now = new Date(now.getTime() + 4_000);
    expect(await deliver()).toMatchObject({ failed: 1 });
    const after = await intervention(row.id);
    expect(after).toMatchObject({ status: 'planned', emailStatus: 'failed' });
    expect(after?.emailDetail).toMatch(/^failed after 3 attempts: .*550.*does not exist/);
  });

  it.runIf(kind === 'postgres')('two instances on one PostgreSQL, restarted midway, send each email exactly once', async () => {
    const second = await createDb({ kind: 'postgres', url: db.url!, maxConnections: 5 });
    const rows = [];
    for (let i = 0; i < 12; i++) rows.push(await lowEngagement(t, `many${i}@customer.example`));
    now = new Date(now.getTime() + 12 * HOUR);
    const quick = { delivery: { ...options, pollIntervalMs: 10, batchSize: 3 } };
    const a = createServices(db, config, clock, quick);
    const b = createServices(second, config, clock, quick);
    await Promise.all([a.start(['delivery']), b.start(['delivery'])]);
    // One instance stops early; a replacement on the same database carries on.
    await a.stop();
    const c = createServices(db, config, clock, quick);
    await c.start(['delivery']);
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < 500; i++) {
      const done = await db.orm.select().from(schema.interventions).where(inArray(schema.interventions.id, ids));
      if (done.every((r) => r.emailStatus === 'sent')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all([b.stop(), c.stop()]);
    await second.close();
    const done = await db.orm.select().from(schema.interventions).where(inArray(schema.interventions.id, ids));
    expect(done.every((r) => r.status === 'executed' && r.emailStatus === 'sent')).toBe(true);
    const recipients = smtp.messages.flatMap((m) => m.to).sort();
    expect(recipients).toEqual(Array.from({ length: 12 }, (_, i) => `many${i}@customer.example`).sort());
  });

  it('emails an assignee when an intervention is opened for them or reassigned to them', async () => {
    const notify = buildTestApp(db, { clock, config: { ...config, automatedEmail: { ...config.automatedEmail, assigneeNotices: 'each' } } });
    await addAccount(db, `notice_${kind}`, { name: 'Initech' });
    const created = await notify.call('/api/interventions', {
      role: 'csm',
      body: { account_id: `notice_${kind}`, intervention_type: 'health_check_call', priority: 'high', scheduled_at: '2026-07-01T09:00:00Z', assigned_to: 'dana@cs.example' },
    });
    expect(created.status).toBe(201);
    const id = created.json.intervention.id;
    await notify.call(`/api/interventions/${id}`, { role: 'csm', method: 'PATCH', body: { assigned_to: 'lee@cs.example' } });
    // Assigning oneself sends nothing; nor does a change that is not a reassignment.
    await notify.call(`/api/interventions/${id}`, { role: 'csm', method: 'PATCH', body: { assigned_to: 'csm-user', notes: 'mine now' } });
    await notify.call(`/api/interventions/${id}`, { role: 'csm', method: 'PATCH', body: { notes: 'still mine' } });
    expect(await deliverEmailsDue({ ...notify.deps, config: notify.deps.config }, options)).toMatchObject({ sent: 2, failed: 0 });
    // Long headers arrive folded: unfold before reading the subject.
    const received = smtp.messages.map((m) => ({ to: m.to, subject: /Subject: ([^\r\n]+)/.exec(m.raw.replace(/\r?\n(?=[ \t])/g, ''))?.[1] }));
    // Both were due at once and go out in one pass, in no set order.
    received.sort((a, b) => a.to[0]!.localeCompare(b.to[0]!));
    expect(received).toEqual([
      { to: ['dana@cs.example'], subject: 'New intervention: High priority: Health check call (Initech)' },
      { to: ['lee@cs.example'], subject: 'Intervention reassigned to you: High priority: Health check call (Initech)' },
    ]);
    // The intervention itself is not moved along by a notice.
    expect((await intervention(id))?.status).toBe('planned');
  });

  it('with the digest option, collects the day\'s notices into one email at the digest hour', async () => {
    const digest = buildTestApp(db, { clock, config: { ...config, automatedEmail: { ...config.automatedEmail, assigneeNotices: 'digest', digestUtc: '08:00' } } });
    await addAccount(db, `digest_${kind}`, { name: 'Globex' });
    for (const type of ['csm_outreach', 'training_scheduled']) {
      const res = await digest.call('/api/interventions', {
        role: 'admin',
        body: { account_id: `digest_${kind}`, intervention_type: type, priority: 'medium', scheduled_at: '2026-07-01T09:00:00Z', assigned_to: 'sam@cs.example' },
      });
      expect(res.status).toBe(201);
    }
    const rows = await db.orm.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.recipient, 'sam@cs.example'));
    expect(rows).toHaveLength(1);
    const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8));
    expect(rows[0]?.nextAttemptAt.toISOString()).toBe((slot > now ? slot : new Date(slot.getTime() + 24 * HOUR)).toISOString());
    expect(rows[0]?.text.split('\n').filter((l) => l.startsWith('• New: '))).toHaveLength(2);
    now = new Date(rows[0]!.nextAttemptAt.getTime() + 1);
    await deliverEmailsDue({ ...digest.deps, config: digest.deps.config }, options);
    expect(smtp.messages.filter((m) => m.to.includes('sam@cs.example'))).toHaveLength(1);
  });
});
