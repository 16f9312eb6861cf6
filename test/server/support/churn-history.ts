import { sql } from 'drizzle-orm';
import type { Executor } from '../../../server/db/index';
import { createRandom } from '../../../server/domain/ml/random';
import { seedHistory } from '../../../server/services/history';

const DAY = 86_400_000;

export interface ChurnHistoryOptions {
  readonly end: Date;
  readonly accounts: number;
  readonly days: number;
  /** Share of accounts that churn at some point in the history. */
  readonly churnShare: number;
  /**
   * "planted": a churner's logins stop `quietDays` before it churns, the signal a model must find;
   * "none": churn dates are drawn independently of everything the accounts do.
   */
  readonly signal: 'planted' | 'none';
  readonly quietDays?: number;
  readonly seed: number;
}

/**
 * Inserts generated accounts with a login a week (one seat each), a trait and an MRR, and churn
 * dates spread over the history, straight into the tables the factor derivation reads, then gives
 * them the history a load of rows gets (their state from their first moment).
 */
export async function generateChurnHistory(executor: Executor, options: ChurnHistoryOptions): Promise<void> {
  const random = createRandom(options.seed);
  const end = options.end.getTime();
  const start = end - options.days * DAY;
  const quiet = (options.quietDays ?? 100) * DAY;
  const accounts: object[] = [];
  const users: object[] = [];
  const logins: object[] = [];
  for (let a = 0; a < options.accounts; a++) {
    const id = `acct_${String(a).padStart(5, '0')}`;
    const churnedAt = random.next() < options.churnShare ? start + 60 * DAY + random.next() * (options.days - 65) * DAY : null;
    const stop = churnedAt === null ? end : options.signal === 'planted' ? churnedAt - quiet : churnedAt;
    let last: number | null = null;
    for (let at = start + random.next() * 7 * DAY; at < stop; at += 7 * DAY) {
      logins.push({ account_id: id, occurred_at: new Date(at).toISOString() });
      last = at;
    }
    accounts.push({
      id,
      name: `Account ${a}`,
      mrr: 100 + random.int(900),
      first_seen_at: new Date(start).toISOString(),
      churned_at: churnedAt === null ? null : new Date(churnedAt).toISOString(),
      traits: { region: ['emea', 'amer', 'apac'][random.int(3)]! },
    });
    users.push({ account_id: id, last_login_at: last === null ? null : new Date(last).toISOString(), created_at: new Date(start).toISOString() });
  }
  await executor.execute(sql`
    insert into accounts (id, name, mrr, first_seen_at, churned_at, traits, lifecycle_stage)
    select id, name, mrr, first_seen_at, churned_at, traits, case when churned_at is null then 'adoption' else 'churned' end
    from jsonb_to_recordset(${JSON.stringify(accounts)}::jsonb)
      as x(id text, name text, mrr numeric, first_seen_at timestamptz, churned_at timestamptz, traits jsonb)`);
  await executor.execute(sql`
    insert into account_users (account_id, user_id, last_login_at, created_at)
    select account_id, 'u1', last_login_at, created_at
    from jsonb_to_recordset(${JSON.stringify(users)}::jsonb) as x(account_id text, last_login_at timestamptz, created_at timestamptz)`);
  for (let i = 0; i < logins.length; i += 20_000) {
    await executor.execute(sql`
      insert into activity_events (account_id, user_id, kind, occurred_at)
      select account_id, 'u1', 'login', occurred_at
      from jsonb_to_recordset(${JSON.stringify(logins.slice(i, i + 20_000))}::jsonb) as x(account_id text, occurred_at timestamptz)`);
  }
  await seedHistory(executor);
}
