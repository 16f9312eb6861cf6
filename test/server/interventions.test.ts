import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '../../server/db/index';
import { buildTestApp } from './support/app';
import { addAccount } from './support/automation';
import { dbKinds, openTestDb, type TestDb } from './support/db';

let now = new Date('2026-06-15T12:00:00Z');

describe.each(dbKinds)('interventions on %s', (kind) => {
  let db: TestDb;
  let t: ReturnType<typeof buildTestApp>;

  const create = (body: Record<string, unknown>, role: 'csm' | 'admin' | 'viewer' | 'member' = 'csm') =>
    t.call('/api/interventions', { role, ...(role === 'member' ? { accountId: 'acme' } : {}), body });
  const patch = (id: string, body: Record<string, unknown>) => t.call(`/api/interventions/${id}`, { role: 'csm', method: 'PATCH', body });
  const base = { account_id: 'acme', intervention_type: 'health_check_call', priority: 'medium', scheduled_at: '2026-06-16T09:00:00Z' };

  beforeAll(async () => {
    db = await openTestDb(kind);
    // Manual interventions only: a successful outcome rescores, and automated triggers firing on
    // that rescore (tested in triggers.test.ts) would add interventions these lists do not expect.
    t = buildTestApp(db, { clock: () => now });
    t.deps.config.features = { ...t.deps.config.features, automatedInterventions: false };
    await addAccount(db, 'acme', { name: 'Acme', csmOwner: 'dana@cs.example' });
    await addAccount(db, 'globex', { name: 'Globex', csmOwner: 'lee@cs.example' });
  });
  afterAll(() => db.dispose());

  describe('POST /api/interventions', () => {
    it('answers 201 with the stored intervention, assigned to the account owner by default', async () => {
      const res = await create({ ...base, notes: 'Ask about the new team' });
      expect(res.status).toBe(201);
      expect(res.json.intervention).toMatchObject({
        account_id: 'acme',
        trigger_type: 'manual',
        trigger_id: null,
        intervention_type: 'health_check_call',
        title: 'Health check call',
        status: 'planned',
        priority: 'medium',
        outcome: 'pending',
        notes: 'Ask about the new team',
        assigned_to: 'dana@cs.example',
        created_by: 'csm-user',
        scheduled_at: '2026-06-16T09:00:00.000Z',
        executed_at: null,
        completed_at: null,
      });
      const stored = await t.call(`/api/interventions/${res.json.intervention.id}`, { role: 'viewer' });
      expect(stored.json.intervention).toEqual(res.json.intervention);
    });

    it('routes a critical one to the escalation assignee; an explicit assignee wins', async () => {
      const critical = await create({ ...base, priority: 'critical', intervention_type: 'csm_outreach' });
      expect(critical.json.intervention).toMatchObject({ assigned_to: 'escalations@cs.example', title: 'Critical: CSM outreach' });
      const named = await create({ ...base, priority: 'critical', assigned_to: 'sam@cs.example' });
      expect(named.json.intervention.assigned_to).toBe('sam@cs.example');
    });

    it('answers 400 with a message per invalid field', async () => {
      const res = await create({ intervention_type: 'carrier_pigeon', priority: 'urgent', scheduled_at: 'next tuesday', notes: 7 });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      const fields = res.json.error.fields.map((f: { field: string }) => f.field).sort();
      expect(fields).toEqual(['account_id', 'intervention_type', 'notes', 'priority', 'scheduled_at']);
      for (const f of res.json.error.fields) expect(f.message.length).toBeGreaterThan(0);
    });

    it('answers 400 for an account that does not exist, and for fields the server sets', async () => {
      const unknown = await create({ ...base, account_id: 'nobody' });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.fields).toEqual([{ field: 'account_id', message: "account 'nobody' does not exist" }]);
      const extra = await create({ ...base, executed_at: '2026-06-15T00:00:00Z' });
      expect(extra.status).toBe(400);
    });

    it('lets CSMs and admins act, not viewers or members', async () => {
      expect((await create(base, 'admin')).status).toBe(201);
      expect((await create(base, 'viewer')).status).toBe(403);
      expect((await create(base, 'member')).status).toBe(403);
    });
  });

  describe('PATCH /api/interventions/{id}', () => {
    const open = async () => (await create(base)).json.intervention.id as string;

    it('walks planned → executed → responded → completed, stamping executed_at and completed_at', async () => {
      const id = await open();
      now = new Date('2026-06-16T09:05:00Z');
      const executed = await patch(id, { status: 'executed' });
      expect(executed.status).toBe(200);
      expect(executed.json.intervention).toMatchObject({ status: 'executed', executed_at: '2026-06-16T09:05:00.000Z', completed_at: null });
      expect((await patch(id, { status: 'responded', notes: 'They replied' })).json.intervention.outcome_notes).toBe('They replied');
      now = new Date('2026-06-17T10:00:00Z');
      const completed = await patch(id, { status: 'completed', outcome: 'partially_successful' });
      expect(completed.json.intervention).toMatchObject({
        status: 'completed',
        outcome: 'partially_successful',
        executed_at: '2026-06-16T09:05:00.000Z',
        completed_at: '2026-06-17T10:00:00.000Z',
      });
      now = new Date('2026-06-15T12:00:00Z');

      const detail = await t.call(`/api/interventions/${id}`, { role: 'viewer' });
      expect(detail.json.activity.map((a: { action: string; actor: string }) => `${a.actor} ${a.action}`)).toEqual([
        'csm-user created',
        'csm-user updated',
        'csm-user updated',
        'csm-user updated',
      ]);
      expect(detail.json.activity[1]).toMatchObject({
        at: '2026-06-16T09:05:00.000Z',
        changes: { status: { from: 'planned', to: 'executed' }, executed_at: { from: null, to: '2026-06-16T09:05:00.000Z' } },
      });
      const events = await db.orm.select().from(schema.liveEvents).where(eq(schema.liveEvents.type, 'intervention_update'));
      const mine = events.filter((e) => (e.data as { intervention: { id: string } }).intervention.id === id);
      expect(mine.map((e) => (e.data as { action: string }).action)).toEqual(['created', 'updated', 'updated', 'updated']);
    });

    it('allows executed → completed and cancelling any open intervention', async () => {
      const a = await open();
      await patch(a, { status: 'executed' });
      expect((await patch(a, { status: 'completed' })).status).toBe(200);
      for (const path of [[], ['executed'], ['executed', 'responded']]) {
        const id = await open();
        for (const status of path) await patch(id, { status });
        expect((await patch(id, { status: 'cancelled' })).json.intervention.status).toBe('cancelled');
      }
    });

    it('answers 409 for every illegal transition', async () => {
      const planned = await open();
      for (const status of ['responded', 'completed']) {
        const res = await patch(planned, { status });
        expect(res.status).toBe(409);
        expect(res.json.error.code).toBe('illegal_transition');
      }
      const responded = await open();
      await patch(responded, { status: 'executed' });
      await patch(responded, { status: 'responded' });
      expect((await patch(responded, { status: 'executed' })).status).toBe(409);
      expect((await patch(responded, { status: 'planned' })).status).toBe(409);
      await patch(responded, { status: 'completed' });
      for (const status of ['cancelled', 'planned', 'executed', 'responded']) {
        expect((await patch(responded, { status })).status).toBe(409);
      }
      const cancelled = await open();
      await patch(cancelled, { status: 'cancelled' });
      expect((await patch(cancelled, { status: 'executed' })).status).toBe(409);
      expect((await patch(cancelled, { outcome: 'successful' })).status).toBe(409);
      expect((await patch(planned, { outcome: 'successful' })).json.error.code).toBe('outcome_not_allowed');
    });

    it('validates the body and answers 404 for unknown ids', async () => {
      const id = await open();
      expect((await patch(id, {})).status).toBe(400);
      expect((await patch(id, { status: 'done', outcome: 'great' })).json.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'outcome',
        'status',
      ]);
      expect((await patch('8d1c9a4e-0000-4000-8000-000000000000', { status: 'executed' })).status).toBe(404);
      expect((await patch('not-a-uuid', { status: 'executed' })).status).toBe(404);
      const viewer = await t.call(`/api/interventions/${id}`, { role: 'viewer', method: 'PATCH', body: { status: 'executed' } });
      expect(viewer.status).toBe(403);
    });

    it('rescores the account after a successful outcome', async () => {
      const id = await open();
      await patch(id, { status: 'executed' });
      expect(await db.orm.select().from(schema.healthScores).where(eq(schema.healthScores.accountId, 'acme'))).toHaveLength(0);
      now = new Date('2026-06-18T08:00:00Z');
      const res = await patch(id, { outcome: 'successful', notes: 'Renewed enthusiasm' });
      now = new Date('2026-06-15T12:00:00Z');
      expect(res.status).toBe(200);
      const [score] = await db.orm.select().from(schema.healthScores).where(eq(schema.healthScores.accountId, 'acme'));
      expect(score?.computedAt.toISOString()).toBe('2026-06-18T08:00:00.000Z');
      const events = await db.orm.select().from(schema.liveEvents).where(eq(schema.liveEvents.accountId, 'acme'));
      expect(events.map((e) => e.type)).toContain('customer_health_update');
    });

    it('does not rescore for any other outcome', async () => {
      const id = (await t.call('/api/interventions', { role: 'csm', body: { ...base, account_id: 'globex' } })).json.intervention.id;
      await patch(id, { status: 'executed' });
      await patch(id, { outcome: 'unsuccessful' });
      expect(await db.orm.select().from(schema.healthScores).where(eq(schema.healthScores.accountId, 'globex'))).toHaveLength(0);
    });
  });

  describe('GET /api/interventions', () => {
    it('filters by status, priority, assignee, account and due date', async () => {
      const list = async (query: string) =>
        (await t.call(`/api/interventions?${query}`, { role: 'viewer' })).json.interventions as Array<Record<string, string>>;
      await t.call('/api/interventions', { role: 'csm', body: { ...base, account_id: 'globex', priority: 'high', scheduled_at: '2026-07-01T00:00:00Z' } });
      expect((await list('status=cancelled')).every((i) => i.status === 'cancelled')).toBe(true);
      expect((await list('status=cancelled,completed')).length).toBeGreaterThan((await list('status=cancelled')).length);
      expect((await list('priority=high')).map((i) => [i.account_id, i.company_name])).toEqual([['globex', 'Globex']]);
      expect((await list('assigned_to=sam@cs.example')).length).toBe(1);
      expect((await list('account_id=globex')).every((i) => i.account_id === 'globex')).toBe(true);
      expect((await list('due_after=2026-06-20T00:00:00Z')).map((i) => i.scheduled_at)).toEqual(['2026-07-01T00:00:00.000Z']);
      expect((await list('due_before=2026-06-20T00:00:00Z')).every((i) => i.scheduled_at === '2026-06-16T09:00:00.000Z')).toBe(true);
      expect((await t.call('/api/interventions?status=done', { role: 'viewer' })).status).toBe(400);
    });

    it('pages through every intervention exactly once, soonest due first', async () => {
      const all = (await t.call('/api/interventions?limit=200', { role: 'viewer' })).json.interventions.map((i: { id: string }) => i.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { json: { interventions: Array<{ id: string }>; next_cursor: string | null } } = await t.call(
          `/api/interventions?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          { role: 'viewer' },
        );
        seen.push(...page.json.interventions.map((i) => i.id));
        cursor = page.json.next_cursor;
      } while (cursor);
      expect(seen).toEqual(all);
      expect(all.length).toBeGreaterThan(6);
      expect((await t.call('/api/interventions?cursor=garbage', { role: 'viewer' })).status).toBe(400);
    });

    it('shows a member its own account only', async () => {
      const own = await t.call('/api/interventions', { role: 'member', accountId: 'globex' });
      expect(own.status).toBe(200);
      expect(own.json.interventions.length).toBeGreaterThan(0);
      expect(own.json.interventions.every((i: { account_id: string }) => i.account_id === 'globex')).toBe(true);
      expect((await t.call('/api/interventions?account_id=acme', { role: 'member', accountId: 'globex' })).status).toBe(403);
      const acmeOne = (await t.call('/api/interventions?account_id=acme&limit=1', { role: 'viewer' })).json.interventions[0].id;
      const other = await t.call(`/api/interventions/${acmeOne}`, { role: 'member', accountId: 'globex' });
      expect(other.status).toBe(403);
      // The refusal does not tell the member whose intervention it is.
      expect(other.text).not.toContain('acme');
      expect((await t.call(`/api/interventions/${acmeOne}`, { role: 'member', accountId: 'acme' })).status).toBe(200);
    });
  });
});
