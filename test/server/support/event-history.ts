/**
 * Random event histories for the as-of tests: events of every type that changes what a score
 * stands on, at random times in the SPAN before END, and a database reset to a list of them.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { applyInboundEvent, parseInboundEvent, type InboundEvent } from '../../../server/services/ingest';
import type { TestDb } from './db';

export const END = Date.parse('2026-06-15T12:00:00Z');
export const DAY = 86_400_000;
/** Events fall in the 200 days before END; instants are drawn from the same span and a little past it. */
export const SPAN = 200 * DAY;

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
export const history = fc
  .array(fc.tuple(fc.integer({ min: 0, max: SPAN / 60_000 }), eventData), { minLength: 1, maxLength: 40 })
  .map((events) =>
    events
      .map(([minute, e]) => parseInboundEvent({ ...e, timestamp: new Date(END - SPAN + minute * 60_000).toISOString() }))
      .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp)),
  );

export async function reset(db: TestDb, events: readonly InboundEvent[]): Promise<void> {
  await db.orm.execute(sql`truncate table accounts, webhook_receipts cascade`);
  for (const event of events) await db.orm.transaction((tx) => applyInboundEvent(tx, null, event));
}

