import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, schema } from '../../server/db/index';
import { RESCORE_CLAIM_LOCK_KEY } from '../../server/services/rescore-worker';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { TEST_WEBHOOK_SECRET } from './support/app';
import { postWebhook, startTestServer, type TestServer } from './support/server';

const OTHER_SECRET = `whsec_${Buffer.from('another key, the one rotated in!').toString('base64')}`;

const event = (type: string, data: Record<string, unknown>, timestamp = new Date().toISOString()) => ({ type, timestamp, data });

describe.each(dbKinds)('inbound webhooks on %s', (kind) => {
  let db: TestDb;
  let server: TestServer;
  const count = async (table: string, where = sql`true`) =>
    (await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`))[0]!.n;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await db.orm.insert(schema.accounts).values({ id: 'acme', name: 'Acme', mrr: 500 });
    await db.orm.insert(schema.milestoneDefinitions).values({ key: 'first_project', name: 'First project' });
    // Rotation: the old secret still verifies while senders move to the new one.
    server = await startTestServer(db, { config: { webhookSecrets: [TEST_WEBHOOK_SECRET, OTHER_SECRET] } });
  });
  afterAll(async () => {
    await server.close();
    await db.dispose();
  });

  it('applies a signed event once and marks the account for rescoring', async () => {
    const res = await postWebhook(server.url, event('feature.used', { account_id: 'acme', user_id: 'u1', feature: 'reports' }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: res.id, status: 'applied' });
    expect(await count('activity_events', sql`account_id = 'acme' and feature = 'reports'`)).toBe(1);
    expect(await count('webhook_receipts', sql`webhook_id = ${res.id}`)).toBe(1);
  });

  it('answers a retried delivery 200 and changes nothing', async () => {
    const body = event('nps.response', { account_id: 'acme', score: 9 });
    const first = await postWebhook(server.url, body, { id: 'msg_retry_1' });
    const again = await postWebhook(server.url, body, { id: 'msg_retry_1' });
    expect(first.json.status).toBe('applied');
    expect(again).toMatchObject({ status: 200, json: { status: 'duplicate' } });
    expect(await count('nps_responses', sql`account_id = 'acme'`)).toBe(1);
  });

  it('applies concurrent deliveries of one id exactly once', async () => {
    const body = event('session.ended', { account_id: 'acme', duration_seconds: 321 });
    const results = await Promise.all(Array.from({ length: 5 }, () => postWebhook(server.url, body, { id: 'msg_race' })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.filter((r) => r.json.status === 'applied')).toHaveLength(1);
    expect(await count('activity_events', sql`duration_seconds = 321`)).toBe(1);
  });

  it('accepts the rotated-in secret and a header carrying several signatures', async () => {
    const rotated = await postWebhook(server.url, event('feature.used', { account_id: 'acme', feature: 'rotated' }), { secret: OTHER_SECRET });
    expect(rotated.json.status).toBe('applied');

    const body = JSON.stringify(event('feature.used', { account_id: 'acme', feature: 'two-signatures' }));
    const id = 'msg_two_signatures';
    const now = new Date();
    const unknown = new Webhook(`whsec_${Buffer.from('a secret this server does not know').toString('base64')}`).sign(id, now, body);
    const known = new Webhook(OTHER_SECRET).sign(id, now, body);
    const res = await postWebhook(server.url, body, { id, timestamp: now, signature: `${unknown} ${known}` });
    expect(res.json.status).toBe('applied');
  });

  it.each([
    ['a tampered body', { sendBody: JSON.stringify(event('payment.failed', { account_id: 'acme', amount: 1 })) }],
    ['a stale timestamp', { timestamp: new Date(Date.now() - 6 * 60_000) }],
    ['a future timestamp', { timestamp: new Date(Date.now() + 6 * 60_000) }],
    ['an unknown secret', { secret: `whsec_${Buffer.from('not configured on the server!!!').toString('base64')}` }],
    ['a garbage signature', { signature: 'v1,bm9wZQ==' }],
  ])('rejects %s with 401 and stores nothing', async (_name, delivery) => {
    const before = await count('payments');
    const res = await postWebhook(server.url, event('payment.succeeded', { account_id: 'acme', amount: 99 }), delivery);
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('invalid_signature');
    expect(await count('payments')).toBe(before);
    expect(await count('webhook_receipts', sql`webhook_id = ${res.id}`)).toBe(0);
  });

  it('rejects a request without signature headers with 401', async () => {
    const res = await fetch(`${server.url}/api/webhooks/inbound`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const res = await postWebhook(server.url, '{"type": "feature.used",');
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([{ field: 'body', message: 'not valid JSON' }]);
  });

  it.each([
    [event('payment.failed', { account_id: 'acme', amount: 'ten' }), 'data.amount'],
    [event('nps.response', { account_id: 'acme', score: 11 }), 'data.score'],
    [event('feature.used', { feature: 'x' }), 'data.account_id'],
    [event('user.teleported', { account_id: 'acme' }), 'type'],
    [{ type: 'feature.used', timestamp: 'yesterday', data: { account_id: 'acme', feature: 'x' } }, 'timestamp'],
  ])('answers a wrong field with 400 naming it (%#)', async (body, field) => {
    const res = await postWebhook(server.url, body);
    expect(res.status).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await count('webhook_receipts', sql`webhook_id = ${res.id}`)).toBe(0);
  });

  it('answers a body over the size limit with 413', async () => {
    const huge = event('feature.used', { account_id: 'acme', feature: 'x', padding: 'x'.repeat(300 * 1024) });
    const res = await postWebhook(server.url, huge);
    expect(res.status).toBe(413);
  });

  it('counts a chunked body as it streams: applied under the limit, 413 over it', async () => {
    const small = await postWebhook(server.url, event('feature.used', { account_id: 'acme', feature: 'chunked' }), { chunked: true });
    expect(small.json.status).toBe('applied');
    const huge = event('feature.used', { account_id: 'acme', feature: 'x', padding: 'x'.repeat(300 * 1024) });
    const res = await postWebhook(server.url, huge, { chunked: true });
    expect(res.status).toBe(413);
    expect(await count('webhook_receipts', sql`webhook_id = ${res.id}`)).toBe(0);
  });

  it('rolls back an event that fails midway: an unknown milestone type is a 400, nothing kept', async () => {
    const res = await postWebhook(server.url, event('milestone.updated', { account_id: 'newco', milestone_key: 'moon_landing', status: 'completed' }));
    expect(res.status).toBe(400);
    expect(res.json.error.fields[0].field).toBe('data.milestone_key');
    expect(await count('accounts', sql`id = 'newco'`)).toBe(0);
    expect(await count('webhook_receipts', sql`webhook_id = ${res.id}`)).toBe(0);
  });

  it('creates an account it has not heard of, named by its id until the host upserts it', async () => {
    await postWebhook(server.url, event('user.login', { account_id: 'cust_early', user_id: 'u9' }));
    const [created] = await queryRows<{ name: string }>(db.orm, sql`select name from accounts where id = 'cust_early'`);
    expect(created?.name).toBe('cust_early');
    await postWebhook(server.url, event('account.upserted', { account_id: 'cust_early', name: 'Early Bird Ltd', mrr: 300 }));
    const [named] = await queryRows<{ name: string; mrr: number }>(db.orm, sql`select name, mrr::float8 as mrr from accounts where id = 'cust_early'`);
    expect(named).toEqual({ name: 'Early Bird Ltd', mrr: 300 });
  });

  it('applies every event type to its table', async () => {
    const id = 'cust_all';
    const ts = '2026-11-01T10:00:00.000Z';
    const send = async (type: string, data: Record<string, unknown>) => {
      const res = await postWebhook(server.url, event(type, { account_id: id, ...data }, ts));
      expect(res.status, `${type}: ${JSON.stringify(res.json)}`).toBe(200);
    };
    await send('account.upserted', { name: 'All Types', plan: 'growth', mrr: 900, csm_owner: 'dana@cs.example', lifecycle_stage: 'adoption', contract_end_date: '2027-03-31' });
    await send('user.login', { user_id: 'u1', email: 'u1@all.example' });
    await send('feature.used', { user_id: 'u1', feature: 'dashboards' });
    await send('session.ended', { user_id: 'u1', duration_seconds: 1800 });
    await send('support.ticket.created', { ticket_id: 'T-1', subject: 'Export is slow', priority: 'high' });
    await send('support.ticket.updated', { ticket_id: 'T-1', status: 'resolved', escalated: true, satisfaction_rating: 4, response_time_hours: 2.5, resolution_time_hours: 20 });
    await send('milestone.updated', { milestone_key: 'first_project', status: 'completed' });
    await send('integration.connected', { integration: 'salesforce' });
    await send('integration.connected', { integration: 'slack' });
    await send('integration.disconnected', { integration: 'slack' });
    await send('payment.succeeded', { amount: 900 });
    await send('payment.failed', { amount: 900 });
    await send('nps.response', { user_id: 'u1', score: 3, comment: 'too slow' });
    await send('contract.updated', { contract_end_date: '2027-06-30', mrr: 950 });

    const [account] = await queryRows<Record<string, unknown>>(
      db.orm,
      sql`select name, plan, mrr::float8 as mrr, csm_owner, lifecycle_stage, payment_status, contract_end_date::text as contract_end_date
          from accounts where id = ${id}`,
    );
    expect(account).toEqual({
      name: 'All Types', plan: 'growth', mrr: 950, csm_owner: 'dana@cs.example', lifecycle_stage: 'adoption',
      payment_status: 'failed', contract_end_date: '2027-06-30',
    });
    const [seat] = await queryRows<{ last_login_at: Date | string }>(db.orm, sql`select last_login_at from account_users where account_id = ${id}`);
    expect(new Date(seat!.last_login_at).toISOString()).toBe(ts);
    expect(await count('activity_events', sql`account_id = ${id}`)).toBe(3);
    const [ticket] = await queryRows<Record<string, unknown>>(
      db.orm,
      sql`select subject, status, priority, escalated, satisfaction_rating, response_time_hours, resolution_time_hours
          from support_interactions where account_id = ${id}`,
    );
    expect(ticket).toEqual({
      subject: 'Export is slow', status: 'resolved', priority: 'high', escalated: true, satisfaction_rating: 4,
      response_time_hours: 2.5, resolution_time_hours: 20,
    });
    expect(await count('account_milestones', sql`account_id = ${id} and status = 'completed' and completed_at is not null`)).toBe(1);
    expect(await count('integrations', sql`account_id = ${id} and status = 'connected'`)).toBe(1);
    expect(await count('payments', sql`account_id = ${id}`)).toBe(2);
    expect(await count('nps_responses', sql`account_id = ${id} and score = 3`)).toBe(1);

    await send('account.churned', {});
    const [churned] = await queryRows<{ churned_at: Date | string; lifecycle_stage: string }>(
      db.orm,
      sql`select churned_at, lifecycle_stage from accounts where id = ${id}`,
    );
    expect(churned?.lifecycle_stage).toBe('churned');
    expect(new Date(churned!.churned_at).toISOString()).toBe(ts);
    const statusEvents = await queryRows<{ data: { lifecycle_stage: string; previous_lifecycle_stage: string } }>(
      db.orm,
      sql`select data from live_events where type = 'status_update' and account_id = ${id} order by id`,
    );
    expect(statusEvents.map((e) => [e.data.previous_lifecycle_stage, e.data.lifecycle_stage])).toEqual([
      ['onboarding', 'adoption'],
      ['adoption', 'churned'],
    ]);
  });

  it('rescores the account an event touched, logs a customer_health_update and measures the lag', async () => {
    await server.worker.drain();
    const before = await count('live_events', sql`type = 'customer_health_update' and account_id = 'acme'`);
    const lag = async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const value = (name: string) => Number(text.match(new RegExp(`^rescore_lag_seconds_${name} (\\S+)$`, 'm'))?.[1]);
      return { count: value('count'), sum: value('sum') };
    };
    const lagBefore = await lag();
    await postWebhook(server.url, event('payment.failed', { account_id: 'acme', amount: 500 }));
    await server.worker.drain();
    const [score] = await queryRows<{ factors: { paymentStatus: string } }>(db.orm, sql`select factors from health_scores where account_id = 'acme'`);
    expect(score?.factors.paymentStatus).toBe('failed');
    expect(await count('live_events', sql`type = 'customer_health_update' and account_id = 'acme'`)).toBe(before + 1);
    expect(await count('dirty_accounts')).toBe(0);
    // One account rescored: one lag, from its mark to the commit, on the order of this test's own time.
    const lagAfter = await lag();
    expect(lagAfter.count).toBe(lagBefore.count + 1);
    expect(lagAfter.sum - lagBefore.sum).toBeGreaterThan(0);
    expect(lagAfter.sum - lagBefore.sum).toBeLessThan(10);
  });

  it.runIf(kind === 'postgres')('leaves an account another instance is rescoring to it, and takes it once that is done', async () => {
    await server.worker.drain();
    const updates = (account: string) => count('live_events', sql`type = 'customer_health_update' and account_id = ${account}`);
    const before = { acme: await updates('acme'), other: await updates('lockco') };
    await db.orm.transaction(async (tx) => {
      // What another instance's worker holds while it rescores acme.
      await tx.execute(sql`select pg_advisory_xact_lock(${RESCORE_CLAIM_LOCK_KEY}, hashtext('acme'))`);
      await postWebhook(server.url, event('payment.succeeded', { account_id: 'acme', amount: 500 }));
      await postWebhook(server.url, event('payment.failed', { account_id: 'lockco', amount: 5 }));
      await server.worker.drain();
      expect(await updates('lockco')).toBe(before.other + 1);
      expect(await count('dirty_accounts', sql`account_id = 'acme'`)).toBe(1);
    });
    await server.worker.drain();
    expect(await updates('acme')).toBe(before.acme + 1);
    expect(await count('dirty_accounts')).toBe(0);
  });

});
