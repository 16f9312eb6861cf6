import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/db/index';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { postWebhook, startTestServer, type TestServer } from './support/server';

const upsert = (data: Record<string, unknown>, at = new Date()) => ({
  type: 'account.upserted',
  timestamp: at.toISOString(),
  data: { name: 'Acme', ...data },
});

describe.each(dbKinds)('account traits and customer since on %s', (kind) => {
  let db: TestDb;
  let server: TestServer;

  beforeAll(async () => {
    db = await openTestDb(kind);
    server = await startTestServer(db);
  });
  afterAll(async () => {
    await server.close();
    await db.dispose();
  });

  it('rejects a bad trait with a 400 naming data.traits.<key>, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ tier: { nested: true } }, 'data.traits.tier'],
      [{ note: 'x'.repeat(201) }, 'data.traits.note'],
      [{ '9lives': 'cat' }, 'data.traits.9lives'],
      [{ seats: [1, 2] }, 'data.traits.seats'],
    ];
    for (const [traits, field] of cases) {
      const res = await postWebhook(server.url, upsert({ account_id: 'cust_bad', traits }));
      expect(res.status, field).toBe(400);
      expect(res.json.error.fields.map((d: { field: string }) => d.field), field).toContain(field);
    }
    const tooMany = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`t${i}`, i]));
    const res = await postWebhook(server.url, upsert({ account_id: 'cust_bad', traits: tooMany }));
    expect(res.status).toBe(400);
    expect(res.json.error.fields[0].field).toBe('data.traits');
    const rows = await queryRows(db.orm, sql`select 1 from accounts where id = 'cust_bad'`);
    expect(rows).toHaveLength(0);
  });

  it('keeps traits with their history, removes one on null, and serves and filters them', async () => {
    const t0 = new Date(Date.now() - 60_000);
    const t1 = new Date(Date.now() - 30_000);
    expect((await postWebhook(server.url, upsert({ account_id: 'cust_t', customer_since: '2024-03-01', traits: { segment: 'smb', seats: 10, trial: true } }, t0))).status).toBe(200);
    expect((await postWebhook(server.url, upsert({ account_id: 'cust_t', traits: { trial: null, region: 'eu' } }, t1))).status).toBe(200);
    expect((await postWebhook(server.url, upsert({ account_id: 'cust_u', traits: { segment: 'enterprise' } }))).status).toBe(200);

    const history = await queryRows<{ since: string; traits: unknown }>(
      db.orm,
      sql`select (valid_from at time zone 'UTC')::date::text as since, state->'traits' as traits
          from account_history where account_id = 'cust_t' and kind = 'account' order by valid_from`,
    );
    // The first state, sent with an earlier customer_since, holds from that day (docs/churn-model.md, "Customer tables").
    expect(history.map((h) => h.traits)).toEqual([
      { segment: 'smb', seats: 10, trial: true },
      { segment: 'smb', seats: 10, trial: true },
      { segment: 'smb', seats: 10, region: 'eu' },
    ]);
    expect(history[0]!.since).toBe('2024-03-01');

    const health = await server.call('/api/customer-success/health/cust_t', { role: 'csm' });
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ customer_since: '2024-03-01', traits: { segment: 'smb', seats: 10, region: 'eu' } });
    // Without a date of its own, the relationship began with the account's first event.
    const other = await server.call('/api/customer-success/health/cust_u', { role: 'csm' });
    expect(other.json.customer_since).toBe(new Date().toISOString().slice(0, 10));

    const smb = await server.call('/api/customer-success/customers?trait.segment=smb&trait.seats=10', { role: 'csm' });
    expect(smb.status).toBe(200);
    expect(smb.json.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual(['cust_t']);
    expect(smb.json.customers[0].traits).toEqual({ segment: 'smb', seats: 10, region: 'eu' });
    const none = await server.call('/api/customer-success/customers?trait.trial=true', { role: 'csm' });
    expect(none.json.customers).toEqual([]);
    const bad = await server.call('/api/customer-success/customers?trait.1x=a', { role: 'csm' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].field).toBe('trait.1x');
  });
});
