import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ensureMilestoneDefinitions } from '../../server/demo/milestones';
import { parseInboundEvent } from '../../server/services/ingest';
import { deriveFactors, scoreAccounts } from '../../server/services/rescore';
import { activeScorecard } from '../../server/services/scorecards';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { DAY, END, history, reset, SPAN } from './support/event-history';

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
