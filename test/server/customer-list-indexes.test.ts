/**
 * The customer list's keyset orders on account columns are served by the `idx_accounts_sort_*`
 * indexes (migration 0012): a page, first or after a cursor, reads the index instead of sorting
 * every account. Checked on the plans PGlite and PostgreSQL choose, never on timings.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Executor } from '../../server/db/index';
import { listCustomers, type CustomerSort } from '../../server/services/reports';
import { dbKinds, openTestDb, type TestDb } from './support/db';

const NOW = new Date('2026-06-15T12:00:00Z');
const ACCOUNTS = 5000;

const INDEXED: Record<string, readonly CustomerSort[]> = {
  idx_accounts_sort_name: ['name', '-name'],
  idx_accounts_sort_mrr: ['mrr', '-mrr'],
  idx_accounts_sort_renewal_first: ['renewal_date'],
  idx_accounts_sort_renewal_last: ['-renewal_date'],
};

describe.each(dbKinds)('customer list sort indexes on %s', (kind) => {
  let db: TestDb;

  beforeAll(async () => {
    db = await openTestDb(kind);
    await db.orm.execute(sql`insert into scorecards (profile, config, created_by) values ('reference', '{}'::jsonb, 'test')`);
    await db.orm.execute(sql`insert into accounts (id, name, plan, mrr, contract_end_date, created_at)
      select 'cust_' || lpad(i::text, 5, '0'), 'Company ' || md5(i::text), 'growth', (i % 500) * 10,
             case when i % 7 = 0 then null else date '2026-01-01' + (i % 400) end, '2025-01-01T00:00:00Z'
      from generate_series(1, ${ACCOUNTS}::int) i`);
    await db.orm.execute(sql`insert into health_scores (account_id, overall_score, engagement_score, satisfaction_score, components,
        status, risk_level, churn_probability, priority, scorecard_version, risk_factors, factors, computed_at)
      select 'cust_' || lpad(i::text, 5, '0'), i % 101, 50, 50, '{}'::jsonb, 'warning', 'medium', (i % 97) / 97.0, 'medium',
             1, '[]'::jsonb, '{}'::jsonb, '2026-06-14T00:00:00Z'
      from generate_series(1, ${ACCOUNTS}::int) i`);
    // Statistics, as the demo loader takes them and autovacuum would.
    await db.orm.execute(sql`analyze`);
  }, 60_000);

  afterAll(() => db?.dispose());

  /** The plans of the statements a listing runs. */
  async function plansOf(sort: CustomerSort, after?: { value: string | number; id: string }): Promise<string> {
    const plans: string[] = [];
    const explaining = {
      execute: async (query: SQL) => {
        const rows = await queryRows<Record<string, string>>(db.orm, sql`explain ${query}`);
        plans.push(rows.map((r) => Object.values(r)[0]).join('\n'));
        return db.orm.execute(query);
      },
    } as unknown as Executor;
    await listCustomers(explaining, NOW, { includeChurned: false, sort, limit: 50, after });
    return plans.join('\n');
  }

  for (const [index, sorts] of Object.entries(INDEXED)) {
    for (const sort of sorts) {
      it(`sort=${sort}: the first page and the page after a cursor read ${index}`, async () => {
        expect(await plansOf(sort)).toContain(index);
        const first = await listCustomers(db.orm, NOW, { includeChurned: false, sort, limit: 50 });
        expect(first.last).not.toBeNull();
        expect(await plansOf(sort, first.last ?? undefined)).toContain(index);
      });
    }
  }

  it('pages through a renewal order with customers without a contract date last, either way', async () => {
    for (const sort of ['renewal_date', '-renewal_date'] as const) {
      const seen: (string | null)[] = [];
      let after: { value: string | number; id: string } | undefined;
      for (;;) {
        const page = await listCustomers(db.orm, NOW, { includeChurned: false, sort, limit: 1000, after });
        seen.push(...page.rows.map((r) => r.contract_end_date));
        if (!page.more || !page.last) break;
        after = page.last;
      }
      expect(seen).toHaveLength(ACCOUNTS);
      const dated = seen.filter((d): d is string => d !== null);
      expect(seen.slice(dated.length).every((d) => d === null)).toBe(true);
      const sorted = [...dated].sort();
      expect(dated).toEqual(sort === 'renewal_date' ? sorted : sorted.reverse());
    }
  }, 60_000);
});
