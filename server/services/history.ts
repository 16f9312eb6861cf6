/**
 * The append-only `account_history`: what each change of an account, a ticket, a milestone or
 * an integration left behind, keyed by the time of the event that caused it. Ingest appends a
 * row with the whole new state after every such event and what the event set; the factor
 * derivation reads the latest row at or before its instant. These are the state shapes both
 * sides agree on, and the re-fold that keeps them exact when an event arrives late.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import { applyChanges, INITIAL_STATE, type HistoryKind, type HistoryState } from '../domain/history';

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
 * A first row sets its whole state, a payment's row the payment status. The migration that
 * introduced the history ran the same statements once.
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
    -- Whether an account has payments asks the indexed table: a lookup per account in the
    -- unindexed CTE was quadratic (100,000 accounts took over half an hour).
    insert into account_history (account_id, kind, valid_from, state, changes)
    select a.id, 'account', a.first_seen_at, s.state, s.state
    from fresh a cross join lateral (select ${accountState('a')} || jsonb_build_object('payment_status',
             case when exists (select 1 from payments p where p.account_id = a.id) then 'current' else a.payment_status end) as state) s
    union all
    select a.id, 'account', paid.occurred_at, ${accountState('a')} || jsonb_build_object('payment_status', paid.payment_status),
           jsonb_build_object('payment_status', paid.payment_status)
    from fresh a join paid on paid.account_id = a.id`,
  sql`
    with fresh as (
      select s.* from support_interactions s
      where not exists (select 1 from account_history h where h.account_id = s.account_id and h.kind = 'ticket' and h.item_key = s.id::text)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state, changes)
    select account_id, 'ticket', id::text, created_at, state, state
    from fresh s cross join lateral (select jsonb_build_object('status', 'open', 'escalated', escalated,
             'satisfaction_rating', null, 'response_time_hours', null, 'resolution_time_hours', null) as state) o
    where s.status <> 'open' and s.updated_at > s.created_at
    union all
    select account_id, 'ticket', id::text, greatest(created_at, updated_at), ${ticketState('s')}, ${ticketState('s')} from fresh s`,
  sql`
    with fresh as (
      select m.* from account_milestones m
      where not exists (select 1 from account_history h where h.account_id = m.account_id and h.kind = 'milestone' and h.item_key = m.milestone_key)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state, changes)
    select account_id, 'milestone', milestone_key, least(created_at, completed_at), '{"status": "pending"}'::jsonb, '{"status": "pending"}'::jsonb
    from fresh where status = 'completed' and completed_at is not null
    union all
    select account_id, 'milestone', milestone_key, coalesce(completed_at, created_at), jsonb_build_object('status', status),
           jsonb_build_object('status', status)
    from fresh`,
  sql`
    with fresh as (
      select i.*, a.first_seen_at from integrations i join accounts a on a.id = i.account_id
      where not exists (select 1 from account_history h where h.account_id = i.account_id and h.kind = 'integration' and h.item_key = i.provider)
    )
    insert into account_history (account_id, kind, item_key, valid_from, state, changes)
    select account_id, 'integration', provider, connected_at, '{"status": "connected"}'::jsonb, '{"status": "connected"}'::jsonb
    from fresh where connected_at is not null
    union all
    select account_id, 'integration', provider, coalesce(disconnected_at, first_seen_at), '{"status": "disconnected"}'::jsonb, '{"status": "disconnected"}'::jsonb
    from fresh where status = 'disconnected'
    union all
    select account_id, 'integration', provider, first_seen_at, '{"status": "connected"}'::jsonb, '{"status": "connected"}'::jsonb
    from fresh where status = 'connected' and connected_at is null`,
];

/**
 * Recomputes an account's or an item's history after an event arrived that is older than some
 * of its rows: each row's state becomes the one before it with its own changes applied, from
 * the kind's initial state on, and the current table's historised columns take the last state.
 * Runs in the transaction that stored the late row; only rows whose state moved are written.
 */
export async function refoldHistory(tx: Executor, accountId: string, kind: HistoryKind, itemKey: string): Promise<void> {
  const rows = await queryRows<{ id: string; changes: HistoryState }>(
    tx,
    sql`select id::text as id, changes from account_history
        where account_id = ${accountId} and kind = ${kind} and item_key = ${itemKey}
        order by valid_from, id for update`,
  );
  let state = INITIAL_STATE[kind];
  const folded = rows.map((row) => ({ id: row.id, state: (state = applyChanges(kind, state, row.changes)) }));
  await tx.execute(sql`
    update account_history h set state = f.state
    from jsonb_to_recordset(${JSON.stringify(folded)}::jsonb) as f(id bigint, state jsonb)
    where h.id = f.id and h.state is distinct from f.state`);
  await tx.execute(currentFromState[kind](accountId, itemKey, sql`${JSON.stringify(state)}::jsonb`));
}

/** Sets the current table's historised columns of one account or item from a state. */
const currentFromState: Record<HistoryKind, (accountId: string, itemKey: string, state: SQL) => SQL> = {
  account: (accountId, _itemKey, state) => sql`
    update accounts a set payment_status = s->>'payment_status', contract_end_date = (s->>'contract_end_date')::date,
      mrr = (s->>'mrr')::numeric, plan = s->>'plan', lifecycle_stage = s->>'lifecycle_stage',
      client_count = (s->>'client_count')::int, custom_fields_used = (s->>'custom_fields_used')::int,
      customer_since = (s->>'customer_since')::date, traits = s->'traits'
    from (select ${state} as s) f where a.id = ${accountId}`,
  ticket: (accountId, itemKey, state) => sql`
    update support_interactions t set status = s->>'status', escalated = (s->>'escalated')::boolean,
      satisfaction_rating = (s->>'satisfaction_rating')::smallint, response_time_hours = (s->>'response_time_hours')::float8,
      resolution_time_hours = (s->>'resolution_time_hours')::float8
    from (select ${state} as s) f where t.account_id = ${accountId} and t.id::text = ${itemKey}`,
  milestone: (accountId, itemKey, state) => sql`
    update account_milestones m set status = s->>'status',
      -- Completed since the first completion after its last other status, as in-order updates keep it.
      completed_at = case when s->>'status' = 'completed' then (
        select min(h.valid_from) from account_history h
        where h.account_id = m.account_id and h.kind = 'milestone' and h.item_key = m.milestone_key
          and h.valid_from > coalesce((select max(o.valid_from) from account_history o
            where o.account_id = m.account_id and o.kind = 'milestone' and o.item_key = m.milestone_key
              and o.state->>'status' <> 'completed'), '-infinity')) end
    from (select ${state} as s) f where m.account_id = ${accountId} and m.milestone_key = ${itemKey}`,
  integration: (accountId, itemKey, state) => sql`
    update integrations g set status = s->>'status'
    from (select ${state} as s) f where g.account_id = ${accountId} and g.provider = ${itemKey}`,
};
