import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { ensureMilestoneDefinitions } from '../../server/demo/milestones';
import { applyInboundEvent, parseInboundEvent, type InboundEvent } from '../../server/services/ingest';
import { deriveFactors, scoreAccounts } from '../../server/services/rescore';
import { activeScorecard } from '../../server/services/scorecards';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const END = Date.parse('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
/** Events fall in the 200 days before END; instants are drawn from the same span and a little past it. */
const SPAN = 200 * DAY;

const accountId = fc.constantFrom('cust_a', 'cust_b', 'cust_c');
const userId = fc.constantFrom('u1', 'u2', 'u3');
const ticketId = fc.constantFrom('T1', 'T2', 'T3');
const ticketStatus = fc.constantFrom('open', 'in_progress', 'resolved', 'closed');
const isoDay = fc.integer({ min: -60, max: 400 }).map((d) => new Date(END + d * DAY).toISOString().slice(0, 10));

/** The data of every event type that changes what a score stands on. */
const eventData = fc.oneof(
  fc.record({ type: fc.constant('user.login'), data: fc.record({ account_id: accountId, user_id: userId }) }),
  fc.record({
    type: fc.constant('feature.used'),
    data: fc.record({ account_id: accountId, user_id: userId, feature: fc.constantFrom('reports', 'automation', 'api', 'export') }),
  }),
  fc.record({
    type: fc.constant('session.ended'),
    data: fc.record({ account_id: accountId, user_id: userId, duration_seconds: fc.integer({ min: 0, max: 7200 }) }),
  }),
  fc.record({
    type: fc.constant('support.ticket.created'),
    data: fc.record({ account_id: accountId, ticket_id: ticketId, subject: fc.constant('Help'), status: ticketStatus, escalated: fc.boolean() }),
  }),
  fc.record({
    type: fc.constant('support.ticket.updated'),
    data: fc.record(
      {
        account_id: accountId,
        ticket_id: ticketId,
        status: ticketStatus,
        escalated: fc.boolean(),
        satisfaction_rating: fc.integer({ min: 1, max: 5 }),
        response_time_hours: fc.integer({ min: 0, max: 100 }),
        resolution_time_hours: fc.integer({ min: 0, max: 300 }),
      },
      { requiredKeys: ['account_id', 'ticket_id'] },
    ),
  }),
  fc.record({
    type: fc.constant('milestone.updated'),
    data: fc.record({
      account_id: accountId,
      milestone_key: fc.constantFrom('onboarding_complete', 'data_imported', 'workflow_created'),
      status: fc.constantFrom('pending', 'in_progress', 'completed', 'skipped'),
    }),
  }),
  fc.record({
    type: fc.constantFrom('integration.connected', 'integration.disconnected'),
    data: fc.record({ account_id: accountId, integration: fc.constantFrom('slack', 'salesforce') }),
  }),
  fc.record({
    type: fc.constantFrom('payment.succeeded', 'payment.failed'),
    data: fc.record({ account_id: accountId, amount: fc.integer({ min: 1, max: 1000 }) }),
  }),
  fc.record({
    type: fc.constant('nps.response'),
    data: fc.record({ account_id: accountId, user_id: userId, score: fc.integer({ min: 0, max: 10 }) }),
  }),
  fc.record({
    type: fc.constant('contract.updated'),
    data: fc.record(
      { account_id: accountId, contract_end_date: fc.option(isoDay), mrr: fc.integer({ min: 0, max: 5000 }), plan: fc.constantFrom('starter', 'growth') },
      { requiredKeys: ['account_id', 'contract_end_date'] },
    ),
  }),
  fc.record({
    type: fc.constant('account.upserted'),
    data: fc.record(
      {
        account_id: accountId,
        name: fc.constant('Acme'),
        client_count: fc.integer({ min: 0, max: 50 }),
        custom_fields_used: fc.integer({ min: 0, max: 10 }),
        contract_end_date: fc.option(isoDay),
        customer_since: isoDay,
        traits: fc.dictionary(fc.constantFrom('segment', 'region'), fc.option(fc.constantFrom('smb', 'eu', 'us'))),
      },
      { requiredKeys: ['account_id', 'name'] },
    ),
  }),
  fc.record({ type: fc.constant('account.churned'), data: fc.record({ account_id: accountId }) }),
);

/** A history: events at random times, in the order they happened. */
const history = fc
  .array(fc.tuple(fc.integer({ min: 0, max: SPAN / 60_000 }), eventData), { minLength: 1, maxLength: 40 })
  .map((events) =>
    events
      .map(([minute, e]) => parseInboundEvent({ ...e, timestamp: new Date(END - SPAN + minute * 60_000).toISOString() }))
      .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp)),
  );

async function reset(db: TestDb, events: readonly InboundEvent[]): Promise<void> {
  await db.orm.execute(sql`truncate table accounts, webhook_receipts cascade`);
  for (const event of events) await db.orm.transaction((tx) => applyInboundEvent(tx, null, event));
}

describe.each(dbKinds)('factors as of an instant on %s', (kind) => {
  let full: TestDb;
  let upToT: TestDb;

  beforeAll(async () => {
    [full, upToT] = await Promise.all([openTestDb(kind), openTestDb(kind)]);
    await Promise.all([ensureMilestoneDefinitions(full.orm), ensureMilestoneDefinitions(upToT.orm)]);
  });
  afterAll(() => Promise.all([full.dispose(), upToT.dispose()]));

  it('equal, on the whole history, those of a database that received only the events up to it', { timeout: 240_000 }, async () => {
    const scorecard = await activeScorecard(full.orm);
    await fc.assert(
      fc.asyncProperty(history, fc.integer({ min: 0, max: SPAN / 60_000 + 60 * 24 * 30 }), async (events, minute) => {
        const t = new Date(END - SPAN + minute * 60_000);
        await reset(full, events);
        await reset(upToT, events.filter((e) => Date.parse(e.timestamp) <= t.getTime()));
        const asOf = await deriveFactors(full.orm, t, scorecard);
        const received = await deriveFactors(upToT.orm, t, scorecard);
        expect(asOf).toEqual(received);
        expect(scoreAccounts(asOf, scorecard, null)).toEqual(scoreAccounts(received, scorecard, null));
      }),
      { numRuns: 20, seed: 14, endOnFailure: true },
    );
  });

  it('leaves out a change made after the instant, and shows it after', async () => {
    const at = (days: number) => new Date(END - days * DAY).toISOString();
    await reset(full, [
      parseInboundEvent({ type: 'account.upserted', timestamp: at(100), data: { account_id: 'cust_a', name: 'Acme', client_count: 3 } }),
      parseInboundEvent({ type: 'payment.failed', timestamp: at(50), data: { account_id: 'cust_a', amount: 10 } }),
      parseInboundEvent({ type: 'support.ticket.created', timestamp: at(40), data: { account_id: 'cust_a', ticket_id: 'T1', subject: 'Down' } }),
      parseInboundEvent({ type: 'support.ticket.updated', timestamp: at(30), data: { account_id: 'cust_a', ticket_id: 'T1', status: 'resolved', satisfaction_rating: 2 } }),
      parseInboundEvent({ type: 'account.upserted', timestamp: at(20), data: { account_id: 'cust_a', name: 'Acme', client_count: 9 } }),
    ]);
    const scorecard = await activeScorecard(full.orm);
    const factors = async (days: number) => (await deriveFactors(full.orm, new Date(END - days * DAY), scorecard))[0]?.factors;
    expect(await factors(101)).toBeUndefined(); // the account did not exist yet
    expect(await factors(60)).toMatchObject({ clientCount: 3, paymentStatus: 'current', openTicketCount: 0, tenureDays: 40 });
    expect(await factors(35)).toMatchObject({ paymentStatus: 'failed', openTicketCount: 1, averageSupportRating: 0 });
    expect(await factors(10)).toMatchObject({ clientCount: 9, openTicketCount: 0, averageSupportRating: 2, tenureDays: 90 });
  });
});
