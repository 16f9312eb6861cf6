import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../server/db/index';
import { ensureMilestoneDefinitions } from '../../server/demo/milestones';
import { deriveFactors, deriveFactorsAtInstants } from '../../server/services/rescore';
import { activeScorecard } from '../../server/services/scorecards';
import { dbKinds, openTestDb, type TestDb } from './support/db';
import { END, history, reset, SPAN } from './support/event-history';

/** An instant in the history's span or a little past it, to the minute. */
const instant = fc.integer({ min: 0, max: SPAN / 60_000 + 60 * 24 * 30 }).map((minute) => new Date(END - SPAN + minute * 60_000));

describe.each(dbKinds)('the backfill’s multi-instant derivation on %s', (kind) => {
  let db: TestDb;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await ensureMilestoneDefinitions(db.orm);
  });
  afterAll(() => db.dispose());

  it('equals the per-instant derivation at every instant, for all accounts and for a list', { timeout: 240_000 }, async () => {
    const scorecard = await activeScorecard(db.orm);
    await fc.assert(
      fc.asyncProperty(
        history,
        // Random instants, unordered, a repeat and the events' own times among them (a history row's valid_from).
        fc.array(instant, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.subarray(['cust_a', 'cust_b', 'cust_c'], { minLength: 1 }),
        fc.boolean(),
        async (events, drawn, pick, accountIds, written) => {
          const instants = [...drawn, drawn[0]!, new Date(events[pick % events.length]!.timestamp)];
          await reset(db, events);
          // Rows written directly, outside ingest, have no history: read as they stand.
          if (written) await db.orm.execute(sql`delete from account_history where item_key in ('T1', 'slack', 'data_imported') or (account_id = 'cust_b' and kind = 'account')`);
          const together = await deriveFactorsAtInstants(db.orm, instants, scorecard);
          const oneByOne = await Promise.all(instants.map((at) => deriveFactors(db.orm, at, scorecard)));
          expect(together).toEqual(oneByOne);
          const listed = await deriveFactorsAtInstants(db.orm, instants, scorecard, accountIds);
          expect(listed).toEqual(await Promise.all(instants.map((at) => deriveFactors(db.orm, at, scorecard, accountIds))));
        },
      ),
      { numRuns: 30, seed: 41, endOnFailure: true },
    );
  });

  it('derives with JIT off, which in a caller’s transaction holds until that transaction ends', async () => {
    const scorecard = await activeScorecard(db.orm);
    const jit = async (executor: Executor) => (await queryRows<{ jit: string }>(executor, sql`select current_setting('jit') as jit`))[0]!.jit;
    const outside = await jit(db.orm);
    await db.orm.transaction(async (tx) => {
      await tx.execute(sql`set local jit = on`);
      await deriveFactorsAtInstants(tx, [new Date(END)], scorecard);
      expect(await jit(tx)).toBe('off');
    });
    expect(await jit(db.orm)).toBe(outside);
  });
});
