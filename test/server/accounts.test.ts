import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/index';
import { buildTestApp } from './support/app';
import { addAccount, HOUR } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

describe.each(dbKinds)('account detail API on %s', (kind) => {
  let db: TestDb;
  let clock = NOW;
  let t: ReturnType<typeof buildTestApp>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    t = buildTestApp(db, { clock: () => clock });
    await addAccount(db, 'acct_a', {
      plan: 'enterprise',
      mrr: 1250.5,
      contractEndDate: '2026-09-30',
      contactName: 'Ada Admin',
      contactEmail: 'ada@a.example',
      traits: { segment: 'enterprise', seats: 40 },
    });
    await addAccount(db, 'acct_b');
    await db.orm.insert(schema.accountUsers).values([
      { accountId: 'acct_a', userId: 'u1', email: 'ada@a.example', name: 'Ada Admin', lastLoginAt: at(-2) },
      { accountId: 'acct_a', userId: 'u2', email: 'bo@a.example', name: 'Bo', lastLoginAt: at(-1) },
      { accountId: 'acct_a', userId: 'u3', email: 'gone@a.example', name: 'Gone', deactivatedAt: at(-5) },
    ]);
  });
  afterAll(() => db.dispose());

  it('answers the account facts with its contacts; 404 for an unknown account; a member only its own', async () => {
    const res = await t.call('/api/accounts/acct_a', { role: 'viewer' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ customer_id: 'acct_a', plan: 'enterprise', mrr: 1250.5, arr: 15006, contract_end_date: '2026-09-30', csm_owner: 'owner@cs.example' });
    expect(res.json.contacts.map((c: { email: string; primary: boolean }) => [c.email, c.primary])).toEqual([
      ['ada@a.example', true],
      ['bo@a.example', false],
    ]);
    expect(res.json.traits).toEqual({ segment: 'enterprise', seats: 40 });
    expect((await t.call('/api/accounts/nobody', { role: 'viewer' })).status).toBe(404);
    expect((await t.call('/api/accounts/acct_a', { role: 'member', accountId: 'acct_a' })).status).toBe(200);
    expect((await t.call('/api/accounts/acct_a', { role: 'member', accountId: 'acct_b' })).status).toBe(403);
  });

  it('lets csm and admin write notes, stored verbatim with the author from the token, and nobody else', async () => {
    const hostile = '<script>alert(1)</script> & <b>bold</b>\n  second line  ';
    clock = at(1);
    const created = await t.call('/api/accounts/acct_a/notes', { role: 'csm', body: { text: hostile } });
    expect(created.status).toBe(201);
    expect(created.json.note).toMatchObject({ account_id: 'acct_a', author: 'csm-user', text: hostile, created_at: at(1).toISOString() });
    clock = at(2);
    expect((await t.call('/api/accounts/acct_a/notes', { role: 'admin', body: { text: 'Renewal call booked' } })).status).toBe(201);

    for (const [role, accountId] of [['viewer'], ['member', 'acct_a']] as const) {
      const refused = await t.call('/api/accounts/acct_a/notes', { role, ...(accountId ? { accountId, scopes: ['notes:read'] } : {}), body: { text: 'x' } });
      expect(refused.status).toBe(403);
    }
    const unknown = await t.call('/api/accounts/nobody/notes', { role: 'csm', body: { text: 'x' } });
    expect(unknown.status).toBe(404);

    const [stored] = await db.orm.select().from(schema.accountNotes).where(eq(schema.accountNotes.author, 'csm-user'));
    expect(stored?.body).toBe(hostile);
  });

  it('refuses a text that is missing, empty, blank, too long or not text, naming the field', async () => {
    for (const body of [{}, { text: '' }, { text: '   \n' }, { text: 'x'.repeat(10_001) }, { text: 42 }]) {
      const res = await t.call('/api/accounts/acct_b/notes', { role: 'csm', body });
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.json.error.fields.map((f: { field: string }) => f.field)).toContain('text');
    }
    expect((await t.call('/api/accounts/acct_b/notes', { role: 'csm', body: { text: 'é'.repeat(10_000) } })).status).toBe(201);
  });

  it('pages the notes newest first; a member reads its own account only with the notes:read scope', async () => {
    const first = await t.call('/api/accounts/acct_a/notes?limit=1', { role: 'viewer' });
    expect(first.status).toBe(200);
    expect(first.json.notes.map((n: { text: string }) => n.text)).toEqual(['Renewal call booked']);
    const second = await t.call(`/api/accounts/acct_a/notes?limit=1&cursor=${first.json.next_cursor}`, { role: 'viewer' });
    expect(second.json.notes[0].author).toBe('csm-user');
    expect(second.json.next_cursor).toBeNull();
    expect((await t.call('/api/accounts/acct_a/notes?cursor=garbage', { role: 'viewer' })).json.error.fields[0].field).toBe('cursor');

    expect((await t.call('/api/accounts/acct_a/notes', { role: 'member', accountId: 'acct_a' })).status).toBe(403);
    const scoped = await t.call('/api/accounts/acct_a/notes', { role: 'member', accountId: 'acct_a', scopes: ['notes:read'] });
    expect(scoped.status).toBe(200);
    expect(scoped.json.notes).toHaveLength(2);
    expect((await t.call('/api/accounts/acct_b/notes', { role: 'member', accountId: 'acct_a', scopes: ['notes:read'] })).status).toBe(403);
    expect((await t.call('/api/accounts/nobody/notes', { role: 'viewer' })).status).toBe(404);
  });

  it('pages a timeline of every kind, newest first, with no item twice or missed', async () => {
    const o = db.orm;
    await o.insert(schema.activityEvents).values([
      { accountId: 'acct_b', userId: 'u9', kind: 'login', occurredAt: at(-10) },
      { accountId: 'acct_b', userId: 'u9', kind: 'feature_use', feature: 'reports', occurredAt: at(-9) },
    ]);
    await o.insert(schema.supportInteractions).values({ accountId: 'acct_b', subject: 'Export broken', status: 'open', createdAt: at(-8) });
    await o.insert(schema.payments).values({ accountId: 'acct_b', amount: 99.5, status: 'failed', occurredAt: at(-7) });
    await o.insert(schema.npsResponses).values({ accountId: 'acct_b', score: 3, comment: 'slow', respondedAt: at(-6) });
    await o.insert(schema.interventions).values({ accountId: 'acct_b', interventionType: 'csm_outreach', title: 'Call them', priority: 'high', createdBy: 'csm-user', createdAt: at(-5) });
    await o.insert(schema.alerts).values({ accountId: 'acct_b', companyName: 'B', severity: 'high', title: 'Health dropped', message: 'by 20', metric: 'health_score', value: 40, threshold: 20, createdAt: at(-4) });
    // Two items at the same instant: the keyset orders them by kind, then id.
    await o.insert(schema.activityEvents).values({ accountId: 'acct_b', userId: 'u9', kind: 'session', durationSeconds: 600, occurredAt: at(-4) });
    // Another account's items never appear.
    await o.insert(schema.payments).values({ accountId: 'acct_a', amount: 1, status: 'succeeded', occurredAt: at(-3) });

    const all = await t.call('/api/accounts/acct_b/timeline?limit=100', { role: 'viewer' });
    expect(all.status).toBe(200);
    const kinds = all.json.items.map((i: { kind: string }) => i.kind);
    // acct_b's note from the validation test is the newest.
    expect(kinds).toEqual(['note', 'alert', 'activity', 'intervention', 'nps', 'payment', 'ticket', 'activity', 'activity']);
    expect(all.json.items[1]).toMatchObject({ kind: 'alert', subtype: 'high', title: 'Health dropped', summary: 'by 20', status: 'open', at: at(-4).toISOString() });
    expect(all.json.items.find((i: { kind: string }) => i.kind === 'payment')).toMatchObject({ subtype: 'failed', value: 99.5 });
    expect(all.json.items.find((i: { kind: string }) => i.kind === 'nps')).toMatchObject({ value: 3, summary: 'slow' });
    expect(all.json.next_cursor).toBeNull();

    const paged: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { items: unknown[]; next_cursor: string | null } } = await t.call(
        `/api/accounts/acct_b/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { role: 'viewer' },
      );
      paged.push(...page.json.items);
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(paged).toEqual(all.json.items);

    expect((await t.call('/api/accounts/acct_b/timeline?cursor=eyJ1cyI6IjEiLCJraW5kIjoieCIsImlkIjoiMSJ9', { role: 'viewer' })).status).toBe(400);
    expect((await t.call('/api/accounts/nobody/timeline', { role: 'viewer' })).status).toBe(404);
    expect((await t.call('/api/accounts/acct_b/timeline', { role: 'member', accountId: 'acct_b' })).status).toBe(403);
  });
});
