import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../server/db/index';
import { ensureMilestoneDefinitions } from '../../server/demo/milestones';
import { applyInboundEvent, changesLifecycle, parseInboundEvent, type InboundEvent } from '../../server/services/ingest';
import { accountState, ticketState } from '../../server/services/history';
import { deriveFactors } from '../../server/services/rescore';
import { activeScorecard } from '../../server/services/scorecards';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { DAY, END, history, SPAN } from './support/event-history';

/**
 * Events of a history, as a host that delivers out of order sends them: every event of a
 * random history, ticket, milestone, integration, payment, contract and upsert (traits with
 * removals) alike. Two events never share an instant (ties go by arrival, which shuffling
 * changes by design). Left out, as order-dependent by their own rule: a `customer_since`
 * before the event (its state-since row exists only when nothing dated earlier had arrived
 * yet), and an account's second churn (the last to arrive sets `churned_at`).
 */
const lateHistory = history.map((events) => {
  const instants = new Set<string>();
  const churned = new Set<string>();
  return events.flatMap((event): InboundEvent[] => {
    if (instants.has(event.timestamp)) return [];
    instants.add(event.timestamp);
    if (event.type === 'account.churned') {
      if (churned.has(event.data.account_id)) return [];
      churned.add(event.data.account_id);
    }
    if (event.type === 'account.upserted' && event.data.customer_since !== undefined) {
      const { customer_since: _since, ...data } = event.data;
      return [{ ...event, data }];
    }
    return [event];
  });
});

/** The events in time order, and a delivery: each event once in a random order, some twice. */
const deliveries = lateHistory.chain((events) => {
  const indices = events.map((_, i) => i);
  return fc.tuple(
    fc.constant(events),
    fc.shuffledSubarray(indices, { minLength: indices.length, maxLength: indices.length }),
    fc.subarray(indices, { maxLength: Math.min(5, indices.length) }),
  );
});

const instant = fc.integer({ min: 0, max: SPAN / 60_000 + 60 * 24 * 30 }).map((minute) => new Date(END - SPAN + minute * 60_000));

async function deliver(db: TestDb, events: readonly InboundEvent[], order: readonly number[]): Promise<void> {
  await db.orm.execute(sql`truncate table accounts, webhook_receipts cascade`);
  for (const i of order) {
    const event = events[i]!;
    // As the score pipeline calls it: activity outside a transaction, a lifecycle change inside one.
    if (changesLifecycle(event)) await db.orm.transaction((tx) => applyInboundEvent(tx, `evt_${i}`, event));
    else await applyInboundEvent(db.orm, `evt_${i}`, event);
  }
}

/** What the history says each account and item was at `at`, items by the host's own keys. */
const historyAsOf = (db: TestDb, at: Date) =>
  queryRows(
    db.orm,
    sql`select distinct on (h.account_id, h.kind, h.item_key) h.account_id, h.kind, coalesce(s.external_id, h.item_key) as item, h.state
        from account_history h left join support_interactions s on h.kind = 'ticket' and s.id::text = h.item_key
        where h.valid_from <= ${at.toISOString()}::timestamptz
        order by h.account_id, h.kind, h.item_key, h.valid_from desc, h.id desc`,
  ).then((rows) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));

/** The current tables' historised columns. */
const currentState = async (db: TestDb) => ({
  accounts: await queryRows(db.orm, sql`select a.id, ${accountState('a')} as state from accounts a order by a.id`),
  tickets: await queryRows(db.orm, sql`select s.account_id, s.external_id, s.created_at, ${ticketState('s')} as state from support_interactions s order by 1, 2`),
  milestones: await queryRows(db.orm, sql`select account_id, milestone_key, status from account_milestones order by 1, 2`),
  integrations: await queryRows(db.orm, sql`select account_id, provider, status from integrations order by 1, 2`),
});

describe.each(dbKinds)('events that arrive late on %s', (kind) => {
  let inOrder: TestDb;
  let shuffled: TestDb;

  beforeAll(async () => {
    [inOrder, shuffled] = await Promise.all([openTestDb(kind), openTestDb(kind)]);
    await Promise.all([ensureMilestoneDefinitions(inOrder.orm), ensureMilestoneDefinitions(shuffled.orm)]);
  });
  afterAll(() => Promise.all([inOrder.dispose(), shuffled.dispose()]));

  it('leave the history, the factors as of any instant and the current state as delivery in time order does', { timeout: 300_000 }, async () => {
    const scorecard = await activeScorecard(inOrder.orm);
    await fc.assert(
      fc.asyncProperty(deliveries, fc.array(instant, { minLength: 1, maxLength: 4 }), async ([events, order, repeated], instants) => {
        await deliver(inOrder, events, events.map((_, i) => i));
        await deliver(shuffled, events, [...order, ...repeated]);
        for (const at of [...instants, ...events.map((e) => new Date(e.timestamp))]) {
          expect(await historyAsOf(shuffled, at), at.toISOString()).toEqual(await historyAsOf(inOrder, at));
          expect(await deriveFactors(shuffled.orm, at, scorecard), at.toISOString()).toEqual(await deriveFactors(inOrder.orm, at, scorecard));
        }
        expect(await currentState(shuffled)).toEqual(await currentState(inOrder));
      }),
      { numRuns: 25, seed: 1414, endOnFailure: true },
    );
  });

  it('keep a payment status that a newer payment set', async () => {
    const at = (days: number) => new Date(END - days * DAY).toISOString();
    const payment = (type: 'payment.failed' | 'payment.succeeded', days: number) =>
      parseInboundEvent({ type, timestamp: at(days), data: { account_id: 'cust_a', amount: 10 } });
    // The failure happened first but arrives after the success that settled it.
    await deliver(shuffled, [payment('payment.succeeded', 10), payment('payment.failed', 20)], [0, 1]);
    const status = (days: number) =>
      queryRows<{ status: string }>(
        shuffled.orm,
        sql`select state->>'payment_status' as status from account_history
            where account_id = 'cust_a' and kind = 'account' and valid_from <= ${at(days)}::timestamptz
            order by valid_from desc, id desc limit 1`,
      ).then((rows) => rows[0]?.status);
    expect(await status(15)).toBe('failed');
    expect(await status(5)).toBe('current');
    const [account] = await queryRows<{ payment_status: string }>(shuffled.orm, sql`select payment_status from accounts where id = 'cust_a'`);
    expect(account?.payment_status).toBe('current');
  });

  it('keep a newer stage, with no status_update for the stage a late upsert names', async () => {
    const at = (days: number) => new Date(END - days * DAY).toISOString();
    const upsert = (days: number, stage: 'adoption' | 'renewal') =>
      parseInboundEvent({ type: 'account.upserted', timestamp: at(days), data: { account_id: 'cust_a', name: 'Acme', lifecycle_stage: stage } });
    await deliver(shuffled, [upsert(10, 'renewal')], [0]);
    const late = await shuffled.orm.transaction((tx) => applyInboundEvent(tx, 'evt_late', upsert(20, 'adoption')));
    expect(late).toEqual({ applied: true, events: [] });
    const [account] = await queryRows<{ lifecycle_stage: string }>(shuffled.orm, sql`select lifecycle_stage from accounts where id = 'cust_a'`);
    expect(account?.lifecycle_stage).toBe('renewal');
  });
});
