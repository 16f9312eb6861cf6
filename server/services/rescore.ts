/**
 * Rescoring's two database steps around the pure scoring: derive every account's inputs in one
 * statement, and store a batch of scores in one statement that reports what changed. What
 * follows a change (live events, triggers, alerts) is the score pipeline's business.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import type { ChurnModel } from '../domain/churn';
import type { Scorecard } from '../domain/scorecard';
import { scoreAccount, type AccountFactors, type AccountHealth } from '../domain/scoring';
import type { HealthChange } from '../live/builders';
import { accountState, ticketState } from './history';

/** A churn-probability move that counts as a change worth a snapshot and a live update. */
const CHURN_CHANGE = 0.05;

interface FactorRow {
  account_id: string;
  last_login_days: number | null;
  total_users: number;
  active_users: number;
  features_used: number;
  advanced_features_used: number;
  avg_session_minutes: number;
  daily_active_users: number;
  completed_milestones: number;
  total_milestones: number;
  client_count: number;
  custom_fields_used: number;
  integration_count: number;
  open_tickets: number;
  escalations: number;
  avg_rating: number;
  avg_response_hours: number | null;
  avg_resolution_hours: number | null;
  nps: number | null;
  contract_end_days: number | null;
  payment_status: AccountFactors['paymentStatus'];
  tenure_days: number | null;
}

/** The 30-day activity aggregates over `activity_events e`, the same at one instant or many. */
const recentActivity = (advanced: readonly string[]): SQL => sql`
  count(distinct e.user_id)::int as active_users,
  count(distinct e.feature) filter (where e.kind = 'feature_use')::int as features_used,
  count(distinct e.feature) filter (
    where e.kind = 'feature_use' and e.feature = any(${sql.param(advanced)}::text[])
  )::int as advanced_features_used,
  coalesce(avg(e.duration_seconds) filter (where e.kind = 'session') / 60.0, 0)::float8 as avg_session_minutes,
  (count(distinct (e.user_id, date_trunc('day', e.occurred_at))) / 30.0)::float8 as daily_active_users`;

/**
 * The derived inputs' select list over the per-account aggregates (`target t`, `acc`, `seats`,
 * `recent`, `milestones`, `linked`, `support`, `nps`), `at` being the instant: the one
 * definition for the single-instant and the multi-instant derivation.
 */
const factorColumns = (at: SQL): SQL => sql`
           floor(extract(epoch from (${at} - seats.last_login_at)) / 86400)::int as last_login_days,
           coalesce(seats.total_users, 0) as total_users,
           coalesce(recent.active_users, 0) as active_users,
           coalesce(recent.features_used, 0) as features_used,
           coalesce(recent.advanced_features_used, 0) as advanced_features_used,
           coalesce(recent.avg_session_minutes, 0) as avg_session_minutes,
           coalesce(recent.daily_active_users, 0) as daily_active_users,
           coalesce(milestones.completed, 0) as completed_milestones,
           (select count(*)::int from milestone_definitions where active) as total_milestones,
           coalesce((acc.of->>'client_count')::int, 0) as client_count,
           coalesce((acc.of->>'custom_fields_used')::int, 0) as custom_fields_used,
           coalesce(linked.connected, 0) as integration_count,
           coalesce(support.open_tickets, 0) as open_tickets,
           coalesce(support.escalations, 0) as escalations,
           coalesce(support.avg_rating, 0) as avg_rating,
           support.avg_response_hours,
           support.avg_resolution_hours,
           nps.nps,
           ((acc.of->>'contract_end_date')::date - (${at} at time zone 'UTC')::date)::int as contract_end_days,
           coalesce(acc.of->>'payment_status', 'current') as payment_status,
           ((${at} at time zone 'UTC')::date
             - coalesce((acc.of->>'customer_since')::date, (t.first_seen_at at time zone 'UTC')::date))::int as tenure_days`;

/** A derived row as the scoring inputs. */
const toFactors = (r: FactorRow): AccountFactors => ({
  lastLoginDays: r.last_login_days,
  activeUsers: r.active_users,
  totalUsers: r.total_users,
  featureUsageCount: r.features_used,
  advancedFeaturesUsed: r.advanced_features_used,
  sessionDuration: r.avg_session_minutes,
  dailyActiveUsers: r.daily_active_users,
  completedMilestones: r.completed_milestones,
  totalMilestones: r.total_milestones,
  clientCount: r.client_count,
  integrationCount: r.integration_count,
  customFieldsUsed: r.custom_fields_used,
  averageSupportRating: r.avg_rating,
  openTicketCount: r.open_tickets,
  escalationCount: r.escalations,
  responseTimeHours: r.avg_response_hours,
  resolutionTimeHours: r.avg_resolution_hours,
  npsScore: r.nps,
  contractEndDays: r.contract_end_days,
  paymentStatus: r.payment_status,
  tenureDays: r.tenure_days,
});

/**
 * Derives every account's scoring inputs as of the instant `asOf`, in one set-based statement
 * (no query per account), from rows dated at or before it only: the accounts that existed and
 * had not churned, seats created and not yet deactivated, activity in the 30 days up to it;
 * ratings, response times, escalations and NPS in the 90 days up to it; tickets, milestones,
 * integrations and the account's own state (payment status, contract, client count, custom
 * fields, customer since) as its history had them then. `asOf` = now gives today's scores.
 */
export async function deriveFactors(
  executor: Executor,
  asOf: Date,
  scorecard: Scorecard,
  accountIds?: readonly string[],
): Promise<Array<{ accountId: string; factors: AccountFactors }>> {
  const at = asOf.toISOString();
  const advanced = scorecard.advanced_features;
  const only = accountIds ? sql`and a.id = any(${sql.param(accountIds)}::text[])` : sql``;
  // For a list of accounts each aggregate runs once, whatever the plan: inlined, a planner that
  // expects a handful of targets (tables without fresh statistics, after a bulk load) re-runs the
  // activity aggregate once per account in a nested loop, a cost that grows with the square of
  // the list. A full rescore keeps them inlined, where the planner merges them into a faster plan
  // (figures in docs/benchmarks.md).
  const once = accountIds ? sql.raw('materialized') : sql.raw('');
  const rows = await queryRows<FactorRow>(
    executor,
    sql`
    with target as (
      select a.id, a.first_seen_at, ${accountState('a')} as current_state
      from accounts a
      where (a.churned_at is null or a.churned_at > ${at}::timestamptz)
        and (a.first_seen_at is null or a.first_seen_at <= ${at}::timestamptz) ${only}
    ),
    -- The latest history row at or before the instant, else a later one (valid false: the state
    -- did not exist yet). An account or item without any history row is read as it stands.
    state as ${once} (
      select distinct on (h.account_id) h.account_id, case when h.valid_from <= ${at}::timestamptz then h.state end as state
      from account_history h join target t on t.id = h.account_id
      where h.kind = 'account'
      order by h.account_id, h.valid_from <= ${at}::timestamptz desc, h.valid_from desc, h.id desc
    ),
    items as materialized (
      select distinct on (h.account_id, h.kind, h.item_key) h.account_id, h.kind, h.item_key,
             case when h.valid_from <= ${at}::timestamptz then h.state end as state
      from account_history h join target t on t.id = h.account_id
      where h.kind <> 'account'
      order by h.account_id, h.kind, h.item_key, h.valid_from <= ${at}::timestamptz desc, h.valid_from desc, h.id desc
    ),
    seats as ${once} (
      select u.account_id,
             count(*) filter (where u.deactivated_at is null or u.deactivated_at > ${at}::timestamptz)::int as total_users,
             max(case when u.last_login_at <= ${at}::timestamptz then u.last_login_at else (
               select max(e.occurred_at) from activity_events e
               where e.account_id = u.account_id and e.user_id = u.user_id and e.kind = 'login'
                 and e.occurred_at <= ${at}::timestamptz) end) as last_login_at
      from account_users u join target t on t.id = u.account_id
      where least(u.created_at, u.last_login_at) <= ${at}::timestamptz
      group by u.account_id
    ),
    recent as ${once} (
      select e.account_id,
             ${recentActivity(advanced)}
      from activity_events e join target t on t.id = e.account_id
      where e.occurred_at > ${at}::timestamptz - interval '30 days'
        and e.occurred_at <= ${at}::timestamptz
      group by e.account_id
    ),
    milestones as ${once} (
      select m.account_id, count(*) filter (where case when i.account_id is null then m.status else i.state->>'status' end = 'completed')::int as completed
      from account_milestones m
      join milestone_definitions d on d.key = m.milestone_key and d.active
      join target t on t.id = m.account_id
      left join items i on i.account_id = m.account_id and i.kind = 'milestone' and i.item_key = m.milestone_key
      group by m.account_id
    ),
    linked as ${once} (
      select g.account_id, count(*)::int as connected
      from integrations g join target t on t.id = g.account_id
      left join items i on i.account_id = g.account_id and i.kind = 'integration' and i.item_key = g.provider
      where case when i.account_id is null then g.status else i.state->>'status' end = 'connected'
      group by g.account_id
    ),
    tickets as (
      select s.account_id, s.created_at > ${at}::timestamptz - interval '90 days' as recent,
             case when i.account_id is null then ${ticketState('s')} else i.state end as state
      from support_interactions s join target t on t.id = s.account_id
      left join items i on i.account_id = s.account_id and i.kind = 'ticket' and i.item_key = s.id::text
      where s.created_at <= ${at}::timestamptz
    ),
    support as ${once} (
      select k.account_id,
             count(*) filter (where k.state->>'status' in ('open', 'in_progress'))::int as open_tickets,
             count(*) filter (where (k.state->>'escalated')::boolean and k.recent)::int as escalations,
             avg((k.state->>'satisfaction_rating')::float8) filter (where k.recent)::float8 as avg_rating,
             avg((k.state->>'response_time_hours')::float8) filter (where k.recent)::float8 as avg_response_hours,
             avg((k.state->>'resolution_time_hours')::float8) filter (where k.recent)::float8 as avg_resolution_hours
      from tickets k
      where k.state is not null and (k.state->>'status' in ('open', 'in_progress') or k.recent)
      group by k.account_id
    ),
    nps as ${once} (
      select n.account_id,
             (100.0 * (count(*) filter (where n.score >= 9) - count(*) filter (where n.score <= 6))
               / count(*))::float8 as nps
      from nps_responses n join target t on t.id = n.account_id
      where n.responded_at > ${at}::timestamptz - interval '90 days' and n.responded_at <= ${at}::timestamptz
      group by n.account_id
    )
    select t.id as account_id, ${factorColumns(sql`${at}::timestamptz`)}
    from target t
    left join state on state.account_id = t.id
    cross join lateral (select coalesce(state.state, case when state.account_id is null then t.current_state end) as of) acc
    left join seats on seats.account_id = t.id
    left join recent on recent.account_id = t.id
    left join milestones on milestones.account_id = t.id
    left join linked on linked.account_id = t.id
    left join support on support.account_id = t.id
    left join nps on nps.account_id = t.id
    order by t.id`,
  );
  return rows.map((r) => ({ accountId: r.account_id, factors: toFactors(r) }));
}

/**
 * Runs `derive` in a transaction of its own with PostgreSQL's JIT compilation off: a derivation's
 * plan is estimated above `jit_above_cost` (the left joins of per-account aggregates), so it would
 * compile with LLVM a statement that runs once, up to seconds of it (docs/benchmarks.md). Same
 * plan, same rows. Inside a caller's transaction it is a savepoint, and `set local` then holds
 * until the caller's transaction ends: its later statements run without JIT too. PGlite has no
 * JIT and accepts the setting.
 */
export function withoutJit<T>(executor: Executor, derive: (tx: Executor) => Promise<T>): Promise<T> {
  return executor.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return derive(tx);
  });
}

/**
 * `deriveFactors` at many instants in one statement, for the backfill and the churn model's
 * training examples: the same inputs by the same rules (a test holds the two equal), one list per
 * instant in the order given, with JIT off (`withoutJit`). Rather than sorting `account_history`
 * and the login events once per instant, it reads them once as validity ranges (a history row
 * holds from its `valid_from` until the item's next row, an account's time before its first row
 * holding no state; a login is a seat's last one until its next), joins to the instants only the
 * ranges the aggregates count, and joins the activity, ticket and NPS windows to the instants.
 */
export async function deriveFactorsAtInstants(
  executor: Executor,
  asOf: readonly Date[],
  scorecard: Scorecard,
  accountIds?: readonly string[],
): Promise<Array<Array<{ accountId: string; factors: AccountFactors }>>> {
  const instants = [...new Set(asOf.map((at) => at.toISOString()))];
  if (instants.length === 0) return [];
  const first = instants.reduce((a, b) => (a < b ? a : b));
  const last = instants.reduce((a, b) => (a > b ? a : b));
  const advanced = scorecard.advanced_features;
  const only = accountIds ? sql`and a.id = any(${sql.param(accountIds)}::text[])` : sql``;
  // As in deriveFactors: a list of accounts gets each aggregate once, whatever the plan.
  const once = accountIds ? sql.raw('materialized') : sql.raw('');
  const rows = await withoutJit(executor, (tx) => queryRows<FactorRow & { at: Date | string }>(
    tx,
    sql`
    with instants as materialized (
      select distinct at::timestamptz as at from unnest(${sql.param(instants)}::text[]) as at
    ),
    target as materialized (
      select i.at, a.id, a.first_seen_at, ${accountState('a')} as current_state
      from accounts a cross join instants i
      where (a.churned_at is null or a.churned_at > i.at)
        and (a.first_seen_at is null or a.first_seen_at <= i.at) ${only}
    ),
    -- Each history row's range [valid_from, the item's next row's valid_from), ties by id, and
    -- before an account's first row a range without state (it did not exist yet).
    ranges as materialized (
      select r.account_id, r.kind, r.item_key, v.state, v.valid_from, v.valid_to
      from (
        select h.account_id, h.kind, h.item_key, h.state, h.valid_from,
               lead(h.valid_from) over item as valid_to, lag(h.id) over item is null as first
        from account_history h
        ${accountIds ? sql`where h.account_id = any(${sql.param(accountIds)}::text[])` : sql``}
        window item as (partition by h.account_id, h.kind, h.item_key order by h.valid_from, h.id)
      ) r
      cross join lateral (
        select r.state, r.valid_from, r.valid_to
        union all
        select null::jsonb, '-infinity'::timestamptz, r.valid_from where r.first and r.kind = 'account'
      ) v(state, valid_from, valid_to)
    ),
    -- What each account held at each instant, and the milestones completed and integrations
    -- connected then: only the states the aggregates count are spread over the instants. The
    -- aggregates join them on (account, instant), so they need no join to the targets here.
    held as materialized (
      select r.account_id, r.kind, r.item_key, i.at, r.state
      from ranges r join instants i on r.valid_from <= i.at and (r.valid_to is null or r.valid_to > i.at)
      where r.kind = 'account'
         or (r.kind = 'milestone' and r.state->>'status' = 'completed')
         or (r.kind = 'integration' and r.state->>'status' = 'connected')
    ),
    logins as (
      select e.account_id, e.user_id, e.occurred_at,
             lead(e.occurred_at) over (partition by e.account_id, e.user_id order by e.occurred_at) as next_login
      from activity_events e
      where e.kind = 'login' and e.occurred_at <= ${last}::timestamptz
        ${accountIds ? sql`and e.account_id = any(${sql.param(accountIds)}::text[])` : sql``}
    ),
    last_logins as ${once} (
      select l.account_id, l.user_id, i.at, l.occurred_at
      from logins l join instants i on l.occurred_at <= i.at and (l.next_login is null or l.next_login > i.at)
    ),
    seats as ${once} (
      select t.at, u.account_id,
             count(*) filter (where u.deactivated_at is null or u.deactivated_at > t.at)::int as total_users,
             max(case when u.last_login_at <= t.at then u.last_login_at else l.occurred_at end) as last_login_at
      from account_users u join target t on t.id = u.account_id
      left join last_logins l on l.account_id = u.account_id and l.user_id = u.user_id and l.at = t.at
      where least(u.created_at, u.last_login_at) <= t.at
      group by t.at, u.account_id
    ),
    recent as ${once} (
      select t.at, e.account_id,
             ${recentActivity(advanced)}
      from activity_events e
      join instants i on e.occurred_at > i.at - interval '30 days' and e.occurred_at <= i.at
      join target t on t.id = e.account_id and t.at = i.at
      where e.occurred_at > ${first}::timestamptz - interval '30 days' and e.occurred_at <= ${last}::timestamptz
      group by t.at, e.account_id
    ),
    -- An item with history counts as its history had it; one without (rows written directly) as it stands.
    milestones as ${once} (
      select c.at, c.account_id, count(*)::int as completed
      from (
        select h.account_id, h.at from held h
        join account_milestones m on m.account_id = h.account_id and m.milestone_key = h.item_key
        join milestone_definitions d on d.key = m.milestone_key and d.active
        where h.kind = 'milestone'
        union all
        select m.account_id, i.at from account_milestones m
        join milestone_definitions d on d.key = m.milestone_key and d.active
        cross join instants i
        where m.status = 'completed' and not exists (select 1 from account_history x
          where x.account_id = m.account_id and x.kind = 'milestone' and x.item_key = m.milestone_key)
      ) c join target t on t.id = c.account_id and t.at = c.at
      group by c.at, c.account_id
    ),
    linked as ${once} (
      select c.at, c.account_id, count(*)::int as connected
      from (
        select h.account_id, h.at from held h
        join integrations g on g.account_id = h.account_id and g.provider = h.item_key
        where h.kind = 'integration'
        union all
        select g.account_id, i.at from integrations g cross join instants i
        where g.status = 'connected' and not exists (select 1 from account_history x
          where x.account_id = g.account_id and x.kind = 'integration' and x.item_key = g.provider)
      ) c join target t on t.id = c.account_id and t.at = c.at
      group by c.at, c.account_id
    ),
    -- The tickets the support aggregate counts at each instant: created by then, and open then or
    -- created in the 90 days up to it.
    tickets as (
      select i.at, s.account_id, s.created_at > i.at - interval '90 days' as recent, r.state
      from ranges r
      join support_interactions s on s.account_id = r.account_id and s.id::text = r.item_key
      join instants i on r.valid_from <= i.at and (r.valid_to is null or r.valid_to > i.at)
      where r.kind = 'ticket' and s.created_at <= i.at
        and (r.state->>'status' in ('open', 'in_progress') or s.created_at > i.at - interval '90 days')
      union all
      select i.at, s.account_id, s.created_at > i.at - interval '90 days' as recent, ${ticketState('s')} as state
      from support_interactions s cross join instants i
      where s.created_at <= i.at
        and (s.status in ('open', 'in_progress') or s.created_at > i.at - interval '90 days')
        and not exists (select 1 from account_history x
          where x.account_id = s.account_id and x.kind = 'ticket' and x.item_key = s.id::text)
    ),
    support as ${once} (
      select k.at, k.account_id,
             count(*) filter (where k.state->>'status' in ('open', 'in_progress'))::int as open_tickets,
             count(*) filter (where (k.state->>'escalated')::boolean and k.recent)::int as escalations,
             avg((k.state->>'satisfaction_rating')::float8) filter (where k.recent)::float8 as avg_rating,
             avg((k.state->>'response_time_hours')::float8) filter (where k.recent)::float8 as avg_response_hours,
             avg((k.state->>'resolution_time_hours')::float8) filter (where k.recent)::float8 as avg_resolution_hours
      from tickets k join target t on t.id = k.account_id and t.at = k.at
      group by k.at, k.account_id
    ),
    nps as ${once} (
      select t.at, n.account_id,
             (100.0 * (count(*) filter (where n.score >= 9) - count(*) filter (where n.score <= 6))
               / count(*))::float8 as nps
      from nps_responses n
      join instants i on n.responded_at > i.at - interval '90 days' and n.responded_at <= i.at
      join target t on t.id = n.account_id and t.at = i.at
      where n.responded_at > ${first}::timestamptz - interval '90 days' and n.responded_at <= ${last}::timestamptz
      group by t.at, n.account_id
    )
    select t.at, t.id as account_id, ${factorColumns(sql`t.at`)}
    from target t
    left join held state on state.account_id = t.id and state.at = t.at and state.kind = 'account'
    cross join lateral (select coalesce(state.state, case when state.account_id is null then t.current_state end) as of) acc
    left join seats on seats.account_id = t.id and seats.at = t.at
    left join recent on recent.account_id = t.id and recent.at = t.at
    left join milestones on milestones.account_id = t.id and milestones.at = t.at
    left join linked on linked.account_id = t.id and linked.at = t.at
    left join support on support.account_id = t.id and support.at = t.at
    left join nps on nps.account_id = t.id and nps.at = t.at
    order by t.at, t.id`,
  ));
  const byInstant = new Map<number, Array<{ accountId: string; factors: AccountFactors }>>(instants.map((at) => [Date.parse(at), []]));
  for (const row of rows) byInstant.get(new Date(row.at).getTime())!.push({ accountId: row.account_id, factors: toFactors(row) });
  return asOf.map((at) => byInstant.get(at.getTime())!);
}

/** Instants per multi-instant derivation: each statement reads the history and the login events once for all of them. */
const INSTANTS_PER_DERIVATION = 8;

/**
 * Runs `derive` (a `deriveFactorsAtInstants`, with whatever else the caller reads per batch) on
 * `instants` in batches of eight, and yields each batch with its result in order while the next
 * `ahead` batches are derived: the database works on them while the caller turns a batch into
 * scores or examples. On PostgreSQL `ahead` > 1 puts as many backends to work; PGlite has one
 * connection and queues them.
 */
export async function* derivedInBatches<T>(
  instants: readonly Date[],
  ahead: number,
  derive: (batch: Date[]) => Promise<T>,
): AsyncGenerator<{ instants: Date[]; derived: T }> {
  const batches: Date[][] = [];
  for (let start = 0; start < instants.length; start += INSTANTS_PER_DERIVATION) batches.push(instants.slice(start, start + INSTANTS_PER_DERIVATION));
  const running: Array<Promise<T>> = [];
  const start = (index: number) => {
    if (index >= batches.length) return;
    running[index] = derive(batches[index]!);
    running[index].catch(() => {}); // awaited in its turn; a failure must not go unhandled meanwhile
  };
  for (let index = 0; index < ahead; index++) start(index);
  for (const [index, batch] of batches.entries()) {
    const derived = await running[index]!;
    start(index + ahead);
    yield { instants: batch, derived };
  }
}

export type ScoredBatch = Array<{ accountId: string; factors: AccountFactors; health: AccountHealth }>;

/** One scored account as the JSON row the store statements read with `jsonb_to_recordset`. */
export const scoredRecord = ({ accountId, factors, health }: ScoredBatch[number]) => ({
  account_id: accountId,
  overall_score: health.overall_score,
  engagement_score: health.engagement_score,
  satisfaction_score: health.satisfaction_score,
  components: health.components,
  status: health.status,
  risk_level: health.risk_level,
  churn_probability: health.churn_probability,
  churn_model_version: health.churn_model_version,
  priority: health.priority,
  risk_factors: health.risk_factors,
  factors,
  coverage: health.coverage,
  unknown_factors: health.unknown_factors,
});

/** Scores derived inputs in memory; `churnModel` null leaves churn probability out. */
export function scoreAccounts(
  derived: ReadonlyArray<{ accountId: string; factors: AccountFactors }>,
  scorecard: Scorecard,
  churnModel: ChurnModel | null,
): ScoredBatch {
  return derived.map(({ accountId, factors }) => ({ accountId, factors, health: scoreAccount(factors, scorecard, churnModel) }));
}

/**
 * Upserts a batch of scores in one statement, writes a snapshot where the score moved (or none
 * was taken in 24 hours), and returns what changed.
 */
export async function storeScores(
  executor: Executor,
  now: Date,
  scorecardVersion: number,
  batch: ScoredBatch,
): Promise<HealthChange[]> {
  const records = batch.map(scoredRecord);
  const at = now.toISOString();
  return queryRows<HealthChange>(
    executor,
    sql`
    with incoming as (
      select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(
        account_id text, overall_score smallint, engagement_score float8, satisfaction_score float8,
        components jsonb, status text, risk_level text, churn_probability float8,
        churn_model_version text, priority text, risk_factors jsonb, factors jsonb,
        coverage float8, unknown_factors jsonb)
    ),
    previous as (
      select h.account_id, h.overall_score, h.status, h.risk_level, h.priority, h.churn_probability, h.scorecard_version
      from health_scores h join incoming i using (account_id)
    ),
    upserted as (
      insert into health_scores (account_id, overall_score, engagement_score, satisfaction_score, components,
        status, risk_level, churn_probability, churn_model_version, priority, risk_factors, factors,
        scorecard_version, computed_at, coverage, unknown_factors)
      select account_id, overall_score, engagement_score, satisfaction_score, components, status,
        risk_level, churn_probability, churn_model_version, priority, risk_factors, factors,
        ${scorecardVersion}, ${at}::timestamptz, coverage, unknown_factors
      from incoming
      on conflict (account_id) do update set
        overall_score = excluded.overall_score, engagement_score = excluded.engagement_score,
        satisfaction_score = excluded.satisfaction_score, components = excluded.components,
        status = excluded.status, risk_level = excluded.risk_level,
        churn_probability = excluded.churn_probability, churn_model_version = excluded.churn_model_version,
        priority = excluded.priority, risk_factors = excluded.risk_factors, factors = excluded.factors,
        scorecard_version = excluded.scorecard_version, computed_at = excluded.computed_at,
        coverage = excluded.coverage, unknown_factors = excluded.unknown_factors
    ),
    diff as (
      select i.*, p.account_id is not null as had_previous,
             p.overall_score as prev_score, p.status as prev_status, p.risk_level as prev_risk,
             p.priority as prev_priority, p.churn_probability as prev_churn, p.scorecard_version as prev_version,
             (p.account_id is null
               or p.overall_score <> i.overall_score or p.status <> i.status
               or p.risk_level <> i.risk_level or p.priority <> i.priority
               or abs(coalesce(p.churn_probability, 0) - coalesce(i.churn_probability, 0)) >= ${CHURN_CHANGE}
             ) as changed
      from incoming i left join previous p using (account_id)
    ),
    snapshots as (
      insert into health_snapshots (account_id, overall_score, engagement_score, satisfaction_score, components,
        status, risk_level, churn_probability, churn_model_version, priority, scorecard_version, taken_at, coverage, unknown_factors, factors)
      select account_id, overall_score, engagement_score, satisfaction_score, components, status, risk_level,
        churn_probability, churn_model_version, priority, ${scorecardVersion}, ${at}::timestamptz, coverage, unknown_factors, factors
      from diff d
      where d.changed or not exists (
        select 1 from health_snapshots s
        where s.account_id = d.account_id and s.taken_at > ${at}::timestamptz - interval '24 hours'
      )
    )
    select d.account_id, a.name as company_name,
           case when had_previous then jsonb_build_object('overall_score', prev_score, 'status', prev_status,
             'risk_level', prev_risk, 'priority', prev_priority, 'churn_probability', prev_churn,
             'scorecard_version', prev_version) end as previous,
           jsonb_build_object('overall_score', overall_score, 'status', status, 'risk_level', risk_level,
             'scorecard_version', ${scorecardVersion}::int, 'churn_model_version', churn_model_version,
             'priority', priority, 'churn_probability', churn_probability, 'engagement_score', engagement_score,
             'components', components, 'risk_factors', risk_factors,
             'coverage', coverage, 'unknown_factors', unknown_factors) as current
    from diff d join accounts a on a.id = d.account_id
    where changed`,
  );
}

/**
 * Stores a backfill step: the batch's snapshots as of `at`, marked backfilled, replacing what an
 * earlier backfill stored for these accounts at that instant (so running it again changes
 * nothing). Current scores, alerts and interventions are not touched. Returns the rows written.
 */
export async function storeBackfilledSnapshots(
  executor: Executor,
  at: Date,
  scorecardVersion: number,
  batch: ScoredBatch,
): Promise<number> {
  // With their inputs and coverage, as live snapshots: the scorecard preview rescores history from them.
  const records = batch.map(scoredRecord);
  const [row] = await queryRows<{ written: number }>(
    executor,
    sql`
    with incoming as (
      select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x(
        account_id text, overall_score smallint, engagement_score float8, satisfaction_score float8,
        components jsonb, status text, risk_level text, churn_probability float8, churn_model_version text, priority text,
        factors jsonb, coverage float8, unknown_factors jsonb)
    ),
    replaced as (
      delete from health_snapshots s using incoming i
      where s.account_id = i.account_id and s.backfilled and s.taken_at = ${at.toISOString()}::timestamptz
    ),
    written as (
      insert into health_snapshots (account_id, overall_score, engagement_score, satisfaction_score, components, status,
        risk_level, churn_probability, churn_model_version, priority, scorecard_version, backfilled, taken_at,
        factors, coverage, unknown_factors)
      select account_id, overall_score, engagement_score, satisfaction_score, components, status, risk_level,
        churn_probability, churn_model_version, priority, ${scorecardVersion}, true, ${at.toISOString()}::timestamptz,
        factors, coverage, unknown_factors
      from incoming
      returning 1
    )
    select count(*)::int as written from written`,
  );
  return row?.written ?? 0;
}
