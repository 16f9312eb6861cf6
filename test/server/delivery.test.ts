import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import type { AppConfig } from '../../server/config';
import { schema } from '../../server/db/index';
import { claimDue, createDeliveryWorker, deliverDue, type DeliveryOptions } from '../../server/services/delivery';
import { buildTestApp } from './support/app';
import { addAccount, change, rescored } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { smtpPeer } from './support/smtp';

const SECRET = `whsec_${Buffer.from('delivery-test-key-delivery-test!').toString('base64')}`;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP peer: records every POST and answers with the status scripted for its path. */
async function httpPeer() {
  const received: Received[] = [];
  const script = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      const status = script.get(path)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    /** The next answers for a path, then 200s. */
    failNext: (path: string, ...statuses: number[]) => script.set(path, statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(dbKinds)('alert delivery on %s', (kind) => {
  let db: TestDb;
  let http: Awaited<ReturnType<typeof httpPeer>>;
  let smtp: Awaited<ReturnType<typeof smtpPeer>>;
  let config: AppConfig;
  let t: ReturnType<typeof buildTestApp>;
  // Near the real time: Webhook.verify rejects signatures more than five minutes off.
  let now = new Date();
  const clock = () => now;
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  const options: DeliveryOptions = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 4, leaseMs: 30_000, requestTimeoutMs: 5_000 };
  let n = 0;

  /** A new account whose score falls to 30: one critical alert into the outbox. */
  const raiseAlert = async () => {
    const id = `acct_${kind}_${++n}`;
    const name = `Acme <${n}> & Co`;
    await addAccount(db, id, { name });
    await rescored(t.deps, now, [{ ...change(id, 30, 35), company_name: name }]);
    const [alert] = await db.orm.select().from(schema.alerts).where(eq(schema.alerts.accountId, id));
    if (!alert) throw new Error('no alert raised');
    return alert;
  };
  const deliveries = (alertId: string) =>
    db.orm.select().from(schema.alertDeliveries).where(eq(schema.alertDeliveries.alertId, alertId));
  const byChannel = async (alertId: string, channel: string) => (await deliveries(alertId)).find((d) => d.channel === channel);

  beforeAll(async () => {
    db = await openTestDb(kind);
    http = await httpPeer();
    smtp = await smtpPeer();
    const base = buildTestApp(db).deps.config;
    config = {
      ...base,
      features: { ...base.features, slackIntegration: true },
      alertChannels: {
        emailTo: ['cs-team@cs.example'],
        smtp: { url: `smtp://127.0.0.1:${smtp.port}`, from: 'alerts@cs.example' },
        slackWebhookUrl: `${http.base}/slack`,
        webhook: { url: `${http.base}/webhook`, secret: SECRET },
        sms: { url: `${http.base}/sms`, token: 'sms-token', to: ['+15551230001'] },
      },
    };
    t = buildTestApp(db, { clock, config });
  });
  afterAll(async () => {
    await Promise.all([http.close(), smtp.close()]);
    await db.dispose();
  });
  beforeEach(() => {
    http.received.length = 0;
    smtp.messages.length = 0;
  });

  it('delivers an alert by SMTP, Slack webhook, SMS adapter and signed webhook', async () => {
    const alert = await raiseAlert();
    expect(await deliverDue({ db, config, clock }, options)).toEqual({ sent: 4, retried: 0, failed: 0 });

    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]?.to).toEqual(['cs-team@cs.example']);
    expect(smtp.messages[0]?.raw).toContain('Subject: [critical] Critical Health Score Alert: Acme <');
    expect(smtp.messages[0]?.raw).toContain('&lt;'); // the HTML part escapes the company name

    const slack = http.received.find((r) => r.path === '/slack');
    expect(JSON.parse(slack?.body ?? '{}').text).toContain('*Critical Health Score Alert* (critical): Acme &lt;');

    const sms = http.received.find((r) => r.path === '/sms');
    expect(sms?.headers.authorization).toBe('Bearer sms-token');
    expect(JSON.parse(sms?.body ?? '{}')).toMatchObject({ to: '+15551230001', body: expect.stringContaining('Health score is 30, below 40') });

    const hook = http.received.find((r) => r.path === '/webhook');
    const verified = new Webhook(SECRET).verify(hook?.body ?? '', {
      'webhook-id': String(hook?.headers['webhook-id']),
      'webhook-timestamp': String(hook?.headers['webhook-timestamp']),
      'webhook-signature': String(hook?.headers['webhook-signature']),
    }) as { type: string; data: { id: string; account_id: string; severity: string } };
    expect(verified.type).toBe('churn_alert');
    expect(verified.data).toMatchObject({ id: alert.id, account_id: alert.accountId, severity: 'critical' });
    expect(() => new Webhook(SECRET).verify(`${hook?.body} `, hook?.headers as Record<string, string>)).toThrow();

    const listed = await t.call(`/api/alerts/${alert.id}`, { role: 'viewer' });
    expect(listed.json.alert.deliveries.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
      ['sent', 1],
      ['sent', 1],
    ]);
    // Nothing is sent twice.
    expect(await deliverDue({ db, config, clock }, options)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('retries a peer that fails twice with exponential backoff, then succeeds with the same message id', async () => {
    const alert = await raiseAlert();
    http.failNext('/webhook', 500, 503);
    await deliverDue({ db, config, clock }, options);
    let hook = await byChannel(alert.id, 'webhook');
    expect(hook).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500: try later' });
    expect(hook?.nextAttemptAt.getTime()).toBe(now.getTime() + 1_000);

    // Not due yet: nothing happens.
    advance(999);
    expect(await deliverDue({ db, config, clock }, options)).toEqual({ sent: 0, retried: 0, failed: 0 });
    advance(1);
    expect(await deliverDue({ db, config, clock }, options)).toEqual({ sent: 0, retried: 1, failed: 0 });
    hook = await byChannel(alert.id, 'webhook');
    expect(hook).toMatchObject({ status: 'pending', attempts: 2, lastError: 'HTTP 503: try later' });
    expect(hook?.nextAttemptAt.getTime()).toBe(now.getTime() + 2_000);

    advance(2_000);
    expect(await deliverDue({ db, config, clock }, options)).toEqual({ sent: 1, retried: 0, failed: 0 });
    hook = await byChannel(alert.id, 'webhook');
    expect(hook).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    const ids = http.received.filter((r) => r.path === '/webhook').map((r) => r.headers['webhook-id']);
    expect(ids).toEqual([hook?.id, hook?.id, hook?.id]);
  });

  it('gives up after the last attempt and keeps the failure visible', async () => {
    const alert = await raiseAlert();
    http.failNext('/slack', 500, 500, 500, 500);
    for (const wait of [0, 1_000, 2_000, 4_000]) {
      advance(wait);
      await deliverDue({ db, config, clock }, options);
    }
    const res = await t.call(`/api/alerts?delivery_status=failed`, { role: 'csm' });
    const listed = res.json.alerts.find((a: { id: string }) => a.id === alert.id);
    expect(listed.deliveries.find((d: { channel: string }) => d.channel === 'slack')).toMatchObject({
      status: 'failed',
      attempts: 4,
      last_error: 'HTTP 500: try later',
      next_attempt_at: null,
    });
    advance(3_600_000);
    expect(await deliverDue({ db, config, clock }, options)).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('loses nothing across a restart between attempts', async () => {
    const alert = await raiseAlert();
    http.failNext('/sms', 500);
    const first = createDeliveryWorker({ db, config, clock, pipeline: t.deps.pipeline }, { ...options, pollIntervalMs: 10 });
    first.start();
    await waitFor(async () => (await byChannel(alert.id, 'sms'))?.attempts === 1);
    await first.stop();

    advance(1_000);
    const second = createDeliveryWorker({ db, config, clock, pipeline: t.deps.pipeline }, { ...options, pollIntervalMs: 10 });
    second.start();
    await waitFor(async () => (await byChannel(alert.id, 'sms'))?.status === 'sent');
    await second.stop();
    expect((await deliveries(alert.id)).every((d) => d.status === 'sent')).toBe(true);
    expect(http.received.filter((r) => r.path === '/sms')).toHaveLength(2);
  });

  it('retries a delivery whose worker died mid-send once its lease runs out', async () => {
    const alert = await raiseAlert();
    // A worker claims everything and dies before reporting back.
    expect(await claimDue(db, now, options)).toHaveLength(4);
    expect(await deliverDue({ db, config, clock }, options)).toEqual({ sent: 0, retried: 0, failed: 0 });
    advance(30_000);
    expect(await deliverDue({ db, config, clock }, options)).toEqual({ sent: 4, retried: 0, failed: 0 });
    expect((await deliveries(alert.id)).map((d) => d.attempts)).toEqual([2, 2, 2, 2]);
  });

  it('shares the outbox between concurrent workers without sending anything twice', async () => {
    const alerts = [await raiseAlert(), await raiseAlert(), await raiseAlert()];
    const results = await Promise.all([1, 2, 3].map(() => deliverDue({ db, config, clock }, { ...options, batchSize: 2 })));
    const rest = await deliverDue({ db, config, clock }, options);
    expect(results.reduce((sum, r) => sum + r.sent, rest.sent)).toBe(12);
    const rows = await db.orm
      .select()
      .from(schema.alertDeliveries)
      .where(inArray(schema.alertDeliveries.alertId, alerts.map((a) => a.id)));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(http.received.filter((r) => r.path === '/webhook')).toHaveLength(3);
    expect(smtp.messages).toHaveLength(3);
  });
});

async function waitFor(condition: () => Promise<boolean>, tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}
