import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, schema } from '../../server/db/index';
import type { Role } from '../../server/principal';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { postWebhook, startTestServer, type TestServer } from './support/server';

/** Inputs that PostgreSQL or JavaScript cannot take as they are: each is a 400 naming its field, never a 500. */
describe.each(dbKinds)('hostile input on %s', (kind) => {
  let db: TestDb;
  let server: TestServer;

  const api = async (path: string, role: Role = 'admin', init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${await server.token(role)}`, 'content-type': 'application/json' },
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, json: (await res.json()) as any };
  };
  const fields = (res: { json: { error?: { fields: Array<{ field: string }> } } }) => res.json.error?.fields.map((f) => f.field);
  const event = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: 'account.upserted',
    timestamp: '2026-10-01T09:00:00Z',
    data: { account_id: 'cust_in', name: 'Input Ltd', ...data },
    ...extra,
  });
  const importLines = async (lines: unknown[]) => {
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await server.token('admin')}`, 'content-type': 'application/x-ndjson' },
      body: lines.map((l) => JSON.stringify(l)).join('\n'),
    });
    return { status: res.status, json: await res.json() };
  };

  beforeAll(async () => {
    db = await openTestDb(kind);
    server = await startTestServer(db);
    await db.orm.insert(schema.accounts).values({ id: 'cust_in', name: 'Input Ltd' });
  });
  afterAll(async () => {
    await server.close();
    await db.dispose();
  });

  describe('a NUL character', () => {
    it.each([
      ['/api/customer-success/customers?q=a%00b', 'q'],
      ['/api/customer-success/customers?owner=a%00b', 'owner'],
      ['/api/interventions?account_id=a%00b', 'account_id'],
      ['/api/alerts?account_id=a%00b', 'account_id'],
      ['/api/triggers/firings?trigger_id=a%00b', 'trigger_id'],
      ['/api/customer-success/health/a%00b', 'customer_id'],
      ['/api/triggers/a%00b/firings', 'id'],
    ])('in %s answers 400 naming %s', async (path, field) => {
      const res = await api(path);
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual([field]);
    });

    it('in a JSON body answers 400 naming the field', async () => {
      const res = await api('/api/interventions', 'admin', {
        body: { account_id: 'cust_in', intervention_type: 'csm_outreach', priority: 'low', scheduled_at: '2026-10-02T09:00:00Z', notes: 'x\u0000y' },
      });
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['notes']);
      const template = await api('/api/templates', 'admin', { body: { name: 'T\u0000', category: 'renewal', subject: 's', body: 'b' } });
      expect(template.status).toBe(400);
      expect(fields(template)).toEqual(['name']);
    });

    it('in a signed webhook answers 400 naming the field, and nothing is stored', async () => {
      const res = await postWebhook(server.url, event({ name: 'Evil\u0000Corp' }));
      expect(res.status).toBe(400);
      expect(res.json.error.fields).toEqual([{ field: 'data.name', message: expect.any(String) }]);
      const again = await postWebhook(server.url, event({}, { type: 'feature.used', data: { account_id: 'cust_in', feature: 'f\u0000' } }));
      expect(again.status).toBe(400);
      expect(again.json.error.fields[0].field).toBe('data.feature');
      const rows = await queryRows<{ n: number }>(db.orm, sql`select count(*)::int as n from webhook_receipts where webhook_id in (${res.id}, ${again.id})`);
      expect(rows[0]!.n).toBe(0);
    });

    it('or an unpaired surrogate, which PostgreSQL refuses in JSON too, answers 400 naming the field', async () => {
      const res = await postWebhook(server.url, { type: 'nps.response', timestamp: '2026-10-01T09:00:00Z', data: { account_id: 'a\udfff\ud800', score: 3 } });
      expect(res.status).toBe(400);
      expect(res.json.error.fields[0].field).toBe('data.account_id');
      const body = await api('/api/interventions?assigned_to=%ED%A0%80', 'admin');
      expect(body.status).toBeLessThan(500);
    });

    it('in an import line rejects that line naming the field, and applies the rest', async () => {
      const res = await importLines([
        { id: 'imp-nul-1', ...event({ contact_name: 'a\u0000' }) },
        { id: 'imp-nul\u0000-2', ...event({}) },
        { id: 'imp-ok-3', ...event({}) },
      ]);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ lines: 3, accepted: 1, rejected: 2 });
      expect(res.json.errors.map((e: { message: string }) => e.message.split(':')[0])).toEqual(['data.contact_name', 'id']);
    });

    it('in a forged cursor answers 400 naming cursor', async () => {
      const cursor = Buffer.from(JSON.stringify({ s: 'name', v: 'a\u0000', id: 'cust_in' })).toString('base64url');
      const res = await api(`/api/customer-success/customers?sort=name&cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(fields(res)).toEqual(['cursor']);
    });
  });

  it('answers a count beyond the integer column with 400 naming it', async () => {
    const res = await postWebhook(server.url, event({ client_count: 9_007_199_254_740_980 }));
    expect(res.status).toBe(400);
    expect(res.json.error.fields[0].field).toBe('data.client_count');
  });

  describe('the webhook-id', () => {
    it('of 3,000 characters, or not printable ASCII, answers 400 naming webhook-id', async () => {
      for (const id of ['x'.repeat(3000), 'x'.repeat(257), 'msg with spaces', 'msg_é']) {
        const res = await postWebhook(server.url, event({}), { id });
        expect(res.status, id.slice(0, 20)).toBe(400);
        expect(res.json.error.fields[0].field).toBe('webhook-id');
      }
      expect((await postWebhook(server.url, event({}), { id: 'x'.repeat(256) })).status).toBe(200);
    });
  });

  describe('dates', () => {
    const outOfRange = ['0017-05-16T09:29:06Z', '0010-01-01T00:00:00Z', '0050-06-01T00:00:00Z', '1969-12-31T23:59:59Z'];

    it.each(outOfRange)('answers %s in a body or a query filter with 400 naming the field', async (at) => {
      const created = await api('/api/interventions', 'admin', {
        body: { account_id: 'cust_in', intervention_type: 'csm_outreach', priority: 'low', scheduled_at: at },
      });
      expect(created.status).toBe(400);
      expect(fields(created)).toEqual(['scheduled_at']);
      const listed = await api(`/api/interventions?due_before=${encodeURIComponent(at)}`);
      expect(listed.status).toBe(400);
      expect(fields(listed)).toEqual(['due_before']);
    });

    it('answers out-of-range years in webhooks with 400 and rejects them in import lines', async () => {
      const stamped = await postWebhook(server.url, event({}, { timestamp: '0010-05-16T09:29:06Z' }));
      expect(stamped.status).toBe(400);
      expect(stamped.json.error.fields[0].field).toBe('timestamp');
      const contract = await postWebhook(server.url, event({ contract_end_date: '0050-03-31' }));
      expect(contract.status).toBe(400);
      expect(contract.json.error.fields[0].field).toBe('data.contract_end_date');
      const churned = await postWebhook(server.url, { type: 'account.churned', timestamp: '2026-10-01T09:00:00Z', data: { account_id: 'cust_in', churned_at: '0017-05-16T09:29:06Z' } });
      expect(churned.status).toBe(400);
      const imported = await importLines([event({ contract_end_date: '0017-05-16' }), event({}, { timestamp: '1969-07-20T20:17:00Z' })]);
      expect(imported.json).toMatchObject({ accepted: 0, rejected: 2 });
      const [account] = await queryRows<{ contract_end_date: string | null; churned_at: string | null }>(
        db.orm,
        sql`select contract_end_date::text, churned_at::text from accounts where id = 'cust_in'`,
      );
      expect(account).toEqual({ contract_end_date: null, churned_at: null });
    });

    it('accepts the edges of the range', async () => {
      expect((await postWebhook(server.url, event({ contract_end_date: '9999-12-31' }))).status).toBe(200);
      expect((await api('/api/interventions?due_after=1970-01-01T00:00:00Z&due_before=9999-12-31T23:59:59Z')).status).toBe(200);
    });
  });
});
