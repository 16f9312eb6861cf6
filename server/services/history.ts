/**
 * The append-only `account_history`: what each change of an account, a ticket, a milestone or
 * an integration left behind, keyed by the time of the event that caused it. Ingest appends a
 * row with the whole new state after every such event; the factor derivation reads the latest
 * row at or before its instant. These are the state shapes both sides agree on.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/index';

/** An account's historised state, from a row of `accounts` under `alias`. */
export const accountState = (alias: string): SQL =>
  sql.raw(`jsonb_build_object(
    'payment_status', ${alias}.payment_status, 'contract_end_date', ${alias}.contract_end_date,
    'mrr', ${alias}.mrr, 'plan', ${alias}.plan, 'lifecycle_stage', ${alias}.lifecycle_stage,
    'client_count', ${alias}.client_count, 'custom_fields_used', ${alias}.custom_fields_used,
    'customer_since', ${alias}.customer_since, 'traits', ${alias}.traits)`);

/**
 * The state of the account under `alias` as its history had it at `at`, the rule the factor
 * derivation follows: the latest `account` row at or before the instant; null while its rows all
 * lie later (it did not exist yet); as it stands when it has no history at all.
 */
export const accountStateAsOf = (alias: string, at: Date): SQL => sql`(case
    when not exists (select 1 from account_history h where h.account_id = ${sql.raw(alias)}.id and h.kind = 'account') then ${accountState(alias)}
    else (select h.state from account_history h
          where h.account_id = ${sql.raw(alias)}.id and h.kind = 'account' and h.valid_from <= ${at.toISOString()}::timestamptz
          order by h.valid_from desc, h.id desc limit 1) end)`;

/** When the relationship began: the host's date, else the day of the account's first event (ISO text). */
export const customerSince = (alias: string): SQL =>
  sql.raw(`coalesce(${alias}.customer_since, (${alias}.first_seen_at at time zone 'UTC')::date)::text`);

/** A ticket's historised state, from a row of `support_interactions` under `alias`. */
export const ticketState = (alias: string): SQL =>
  sql.raw(`jsonb_build_object(
    'status', ${alias}.status, 'escalated', ${alias}.escalated, 'satisfaction_rating', ${alias}.satisfaction_rating,
    'response_time_hours', ${alias}.response_time_hours, 'resolution_time_hours', ${alias}.resolution_time_hours)`);

/**
 * Gives accounts and items that have no history yet one from their current state (rows loaded
 * directly, such as the demo data): the account's state from its first moment, a ticket open
 * from its creation and as it stands from its last update, a milestone pending until it was
 * completed, an integration connected from its connection until its disconnection. Payment
 * status follows the payments: each one sets it, the last one to the account's current status.
 * The migration that introduced the history ran the same statements once.
 */
export async function seedHistory(executor: Executor): Promise<void> {
  for (const statement of SEED_HISTORY) await executor.execute(statement);
}

const SEED_HISTORY: readonly SQL[] = [
  sql`
    update accounts a set first_seen_at = least(a.created_at,
      (select min(e.occurred_at) from activity_events e where e.account_id = a.id),
      (select min(s.created_at) from support_interactions s where s.account_id = a.id),
      (select min(p.occurred_at) from payments p where p.account_id = a.id))
    where a.first_seen_at is null`,
  sql`
    with fresh as (
      select a.* from accounts a
      where not exists (select 1 from account_history h where h.account_id = a.id and h.kind = 'account')
    ),
    paid as (
      select p.account_id, p.occurred_at,
             case when p.occurred_at = max(p.occurred_at) over (partition by p.account_id) then a.payment_status
                  when p.status = 'failed' then 'failed' else 'current' end as payment_status
      from payments p join fresh a on a.id = p.account_id
    )
    insert into account_history (account_id, kind, valid_from, state)
    select a.id, 'account', a.first_seen_at,
           ${accountState('a')} || jsonb_build_object('payment_status',
             case when exists (select 1 from paid where paid.account_id = a.id) then 'current' else a.payment_status end)
    from fresh a
    union all
    select a.id, 'account', paid.occurred_at, ${accountState('a')} || jsonb_build_object('payment_status', paid.payment_status)
    from fresh a join paid on paid.account_id = a.id`,
  sql`
    with fresh as (
      select s.* from support_interactions s
      where not exists (select 1 from account_history h where h.account_id = s.account_id and h.kind = 'ticket' and h.item_key = s.id::text)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state)
    select account_id, 'ticket', id::text, created_at, jsonb_build_object('status', 'open', 'escalated', escalated,
             'satisfaction_rating', null, 'response_time_hours', null, 'resolution_time_hours', null)
    from fresh s where s.status <> 'open' and s.updated_at > s.created_at
    union all
    select account_id, 'ticket', id::text, greatest(created_at, updated_at), ${ticketState('s')} from fresh s`,
  sql`
    with fresh as (
      select m.* from account_milestones m
      where not exists (select 1 from account_history h where h.account_id = m.account_id and h.kind = 'milestone' and h.item_key = m.milestone_key)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state)
    select account_id, 'milestone', milestone_key, least(created_at, completed_at), jsonb_build_object('status', 'pending')
    from fresh where status = 'completed' and completed_at is not null
    union all
    select account_id, 'milestone', milestone_key, coalesce(completed_at, created_at), jsonb_build_object('status', status)
    from fresh`,
  sql`
    with fresh as (
      select i.*, a.first_seen_at from integrations i join accounts a on a.id = i.account_id
      where not exists (select 1 from account_history h where h.account_id = i.account_id and h.kind = 'integration' and h.item_key = i.provider)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state)
    select account_id, 'integration', provider, connected_at, jsonb_build_object('status', 'connected')
    from fresh where connected_at is not null
    union all
    select account_id, 'integration', provider, coalesce(disconnected_at, first_seen_at), jsonb_build_object('status', 'disconnected')
    from fresh where status = 'disconnected'
    union all
    select account_id, 'integration', provider, first_seen_at, jsonb_build_object('status', 'connected')
    from fresh where status = 'connected' and connected_at is null`,
];
