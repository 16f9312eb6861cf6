/**
 * The dashboard's aggregate reads, each one set-based statement (or a few) over all accounts.
 * A customer is an account that has not churned; "live at t" means created by t and not
 * churned by t. Every function takes the clock's `now`, so results are reproducible.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import { customerSince } from './history';
import { HEALTH_STATUSES, PRIORITIES, RISK_LEVELS, riskFactorOf, type HealthStatus, type Priority, type RiskLevel } from '../domain/scoring';
import { OPEN_STATUSES } from '../domain/interventions';

const DAY_MS = 86_400_000;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const iso = (value: Date | string) => new Date(value).toISOString();

/** Accounts that were customers at the given instant. */
const liveAt = (at: string) => sql`(a.created_at <= ${at}::timestamptz and (a.churned_at is null or a.churned_at > ${at}::timestamptz))`;

/** Priorities from most to least urgent, for ORDER BY. */
const URGENCY = sql.raw(`array[${[...PRIORITIES].reverse().map((p) => `'${p}'`).join(',')}]`);

// ---- Churn trend ----

export interface ChurnMonth {
  month: string;
  churned: number;
  customers_at_start: number;
  churn_rate: number;
  rolling_average: number;
}

/**
 * Monthly customer churn: accounts that churned in the month / customers at its start, in
 * percent, oldest first and ending with the current (partial) month; the rolling average is
 * the mean rate over the trailing `window` months including the month itself.
 */
export async function churnTrend(executor: Executor, now: Date, months: number, window: number): Promise<ChurnMonth[]> {
  const series = await churnMonths(executor, now, months + window - 1);
  return series
    .map((m, i) => {
      const trailing = series.slice(Math.max(0, i - window + 1), i + 1);
      return {
        month: m.month,
        churned: m.churned,
        customers_at_start: m.customers_at_start,
        churn_rate: round(100 * m.rate, 2),
        rolling_average: round((100 * trailing.reduce((sum, t) => sum + t.rate, 0)) / trailing.length, 2),
      };
    })
    .slice(window - 1);
}

/** The last `span` calendar months (UTC) with their churn as a fraction, unrounded. */
async function churnMonths(executor: Executor, now: Date, span: number) {
  const at = now.toISOString();
  const rows = await queryRows<{ month: string; churned: number; customers_at_start: number }>(
    executor,
    sql`
    with bounds as (
      select (m at time zone 'UTC') as starts, ((m + interval '1 month') at time zone 'UTC') as ends, m
      from generate_series(
        date_trunc('month', ${at}::timestamptz at time zone 'UTC') - ${span - 1}::int * interval '1 month',
        date_trunc('month', ${at}::timestamptz at time zone 'UTC'),
        interval '1 month') as m
    )
    select to_char(b.m, 'YYYY-MM') as month,
           count(a.id) filter (where a.churned_at >= b.starts and a.churned_at < b.ends
                               and a.churned_at <= ${at}::timestamptz)::int as churned,
           count(a.id) filter (where a.created_at < b.starts
                               and (a.churned_at is null or a.churned_at >= b.starts))::int as customers_at_start
    from bounds b left join accounts a on a.created_at < b.ends
    group by b.m
    order by b.m`,
  );
  return rows.map((r) => ({ ...r, rate: r.customers_at_start > 0 ? r.churned / r.customers_at_start : 0 }));
}

// ---- Finance ----

export interface FinanceSummary {
  mrr: number;
  arr: number;
  arpa: number | null;
  ltv: number | null;
  cac: number | null;
  ltv_cac_ratio: number | null;
  payback_months: number | null;
  mom_growth: number | null;
  customers: number;
  monthly_churn_rate: number;
  currency: 'USD';
}

/**
 * MRR Σ mrr of customers; ARR 12 × MRR; ARPA MRR / customers; monthly churn rate the mean
 * customer churn of the last 3 complete months; LTV ARPA / monthly churn; CAC the mean
 * acquisition cost of accounts acquired in the last 12 months (all accounts when none);
 * payback CAC / ARPA; MoM growth against the MRR of the customers of 30 days ago, valued at
 * today's MRR (the history of price changes is not kept).
 */
export async function financeSummary(executor: Executor, now: Date): Promise<FinanceSummary> {
  const at = now.toISOString();
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const [row] = await queryRows<{ customers: number; mrr: number; mrr_before: number; cac_recent: number | null; cac_all: number | null }>(
    executor,
    sql`
    select count(*) filter (where ${liveAt(at)})::int as customers,
           coalesce(sum(a.mrr) filter (where ${liveAt(at)}), 0)::float8 as mrr,
           coalesce(sum(a.mrr) filter (where ${liveAt(monthAgo)}), 0)::float8 as mrr_before,
           avg(a.acquisition_cost) filter (
             where a.created_at > ${at}::timestamptz - interval '12 months' and a.created_at <= ${at}::timestamptz)::float8 as cac_recent,
           avg(a.acquisition_cost)::float8 as cac_all
    from accounts a`,
  );
  const { customers, mrr, mrr_before: mrrBefore } = row!;
  const completeMonths = (await churnMonths(executor, now, 4)).slice(0, 3);
  const monthlyChurn = completeMonths.reduce((sum, m) => sum + m.rate, 0) / completeMonths.length;
  const arpa = customers > 0 ? mrr / customers : null;
  const ltv = arpa !== null && monthlyChurn > 0 ? arpa / monthlyChurn : null;
  const cac = row!.cac_recent ?? row!.cac_all;
  const money = (x: number | null) => (x === null ? null : round(x, 2));
  return {
    mrr: round(mrr, 2),
    arr: round(12 * mrr, 2),
    arpa: money(arpa),
    ltv: money(ltv),
    cac: money(cac),
    ltv_cac_ratio: ltv !== null && cac ? round(ltv / cac, 2) : null,
    payback_months: arpa && cac !== null ? round(cac / arpa, 2) : null,
    mom_growth: mrrBefore > 0 ? round((mrr - mrrBefore) / mrrBefore, 4) : null,
    customers,
    monthly_churn_rate: round(monthlyChurn, 4),
    currency: 'USD',
  };
}

// ---- KPIs ----

interface HealthAggregate {
  avg_health: number | null;
  avg_churn: number | null;
  at_risk: number;
  statuses: Record<string, number> | null;
  risks: Record<string, number> | null;
}

/** Average health, at-risk count and distributions over a set of score rows `s` of live accounts. */
const healthAggregate = (rows: SQL) => sql`
  select avg(s.overall_score)::float8 as avg_health,
         avg(s.churn_probability)::float8 as avg_churn,
         count(*) filter (where s.priority in ('critical', 'high'))::int as at_risk,
         (select jsonb_object_agg(status, n) from (select status, count(*)::int n from (${rows}) x group by status) y) as statuses,
         (select jsonb_object_agg(risk_level, n) from (select risk_level, count(*)::int n from (${rows}) x group by risk_level) y) as risks
  from (${rows}) s`;

const counts = <K extends string>(keys: readonly K[], found: Record<string, number> | null) =>
  Object.fromEntries(keys.map((k) => [k, found?.[k] ?? 0])) as Record<K, number>;

export interface Kpis {
  overview: { total_customers: number; active_customers: number; at_risk_customers: number; churned_customers_30d: number };
  health_metrics: { avg_health_score: number | null; avg_churn_probability: number | null; nps_score: number | null };
  financial_metrics: { monthly_recurring_revenue: number; ltv_cac_ratio: number | null };
  distributions: { health_status: Record<HealthStatus, number>; risk_level: Record<RiskLevel, number> };
  deltas: {
    total_customers: number;
    active_customers: number;
    avg_health_score: number | null;
    at_risk_customers: number | null;
    monthly_recurring_revenue: number;
  };
}

/**
 * The dashboard's KPI cards. Total: customers now; active: customers with any activity in the
 * last 30 days; at risk: scored customers whose priority is critical or high; churned_30d:
 * churned in the last 30 days; NPS over the last 90 days. Deltas compare with 30 days ago:
 * customers and MRR from account dates, activity in the 30 days before that, and health from
 * each account's newest snapshot taken by then.
 */
export async function kpis(executor: Executor, now: Date): Promise<Kpis> {
  const at = now.toISOString();
  const before = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const activeIn = (from: string, to: string) => sql`exists (
    select 1 from activity_events e
    where e.account_id = a.id and e.occurred_at > ${from}::timestamptz - interval '30 days' and e.occurred_at <= ${to}::timestamptz)`;
  const [people] = await queryRows<{
    total: number; active: number; churned_30d: number; total_before: number; active_before: number;
    mrr_before: number; nps: number | null;
  }>(
    executor,
    sql`
    select count(*) filter (where ${liveAt(at)})::int as total,
           count(*) filter (where ${liveAt(at)} and ${activeIn(at, at)})::int as active,
           count(*) filter (where a.churned_at > ${at}::timestamptz - interval '30 days' and a.churned_at <= ${at}::timestamptz)::int as churned_30d,
           count(*) filter (where ${liveAt(before)})::int as total_before,
           count(*) filter (where ${liveAt(before)} and ${activeIn(before, before)})::int as active_before,
           coalesce(sum(a.mrr) filter (where ${liveAt(before)}), 0)::float8 as mrr_before,
           (select 100.0 * (count(*) filter (where n.score >= 9) - count(*) filter (where n.score <= 6)) / nullif(count(*), 0)
            from nps_responses n
            where n.responded_at > ${at}::timestamptz - interval '90 days' and n.responded_at <= ${at}::timestamptz)::float8 as nps
    from accounts a`,
  );
  const [current] = await queryRows<HealthAggregate>(
    executor,
    healthAggregate(sql`select h.* from health_scores h join accounts a on a.id = h.account_id where ${liveAt(at)}`),
  );
  const [previous] = await queryRows<HealthAggregate>(
    executor,
    healthAggregate(sql`
      select distinct on (h.account_id) h.*
      from health_snapshots h join accounts a on a.id = h.account_id
      where ${liveAt(before)} and h.taken_at <= ${before}::timestamptz
      order by h.account_id, h.taken_at desc`),
  );
  const finance = await financeSummary(executor, now);
  const p = people!;
  const avgNow = current!.avg_health === null ? null : round(current!.avg_health, 1);
  const avgBefore = previous!.avg_health === null ? null : round(previous!.avg_health, 1);
  return {
    overview: {
      total_customers: p.total,
      active_customers: p.active,
      at_risk_customers: current!.at_risk,
      churned_customers_30d: p.churned_30d,
    },
    health_metrics: {
      avg_health_score: avgNow,
      avg_churn_probability: current!.avg_churn === null ? null : round(current!.avg_churn, 4),
      nps_score: p.nps === null ? null : round(p.nps, 1),
    },
    financial_metrics: { monthly_recurring_revenue: finance.mrr, ltv_cac_ratio: finance.ltv_cac_ratio },
    distributions: {
      health_status: counts(HEALTH_STATUSES, current!.statuses),
      risk_level: counts(RISK_LEVELS, current!.risks),
    },
    deltas: {
      total_customers: p.total - p.total_before,
      active_customers: p.active - p.active_before,
      avg_health_score: avgNow !== null && avgBefore !== null ? round(avgNow - avgBefore, 1) : null,
      // No snapshot that old (a fresh install): the change is unknown, not "all of them".
      at_risk_customers: avgBefore === null ? null : current!.at_risk - previous!.at_risk,
      monthly_recurring_revenue: round(finance.mrr - p.mrr_before, 2),
    },
  };
}

// ---- At-risk list ----

export interface AtRiskCustomer {
  customer_id: string;
  company_name: string;
  last_health_score: number;
  predicted_churn_score: number | null;
  intervention_priority: Priority;
  risk_factors: string[];
  /** Always sent; optional in the contract for data a page gives a widget. */
  risk_factor_details?: { code: string; params: Record<string, number>; text: string }[];
  coverage: number | null;
  unknown_factors: string[] | null;
  last_updated: string;
}

/** Where the next page of the at-risk list starts: its last row's sort values. */
export type AtRiskKey = Pick<AtRiskCustomer, 'intervention_priority' | 'predicted_churn_score' | 'last_health_score' | 'customer_id'>;

/**
 * The at-risk order (priority, churn probability descending with unknown last, health, id) as one
 * ascending row value, so a page can start after a key.
 */
const atRiskOrder = sql`(array_position(${URGENCY}, h.priority), coalesce(-h.churn_probability, 1), h.overall_score::int, a.id)`;

/**
 * Scored customers with the given priorities, most urgent first; with `minCoverage`, only scores
 * that stood on at least that share of the weight (scores made before coverage was measured drop out);
 * with `after`, those that follow that row.
 */
export async function atRiskCustomers(
  executor: Executor,
  now: Date,
  params: { priorities: readonly Priority[]; limit: number; minCoverage?: number; after?: AtRiskKey },
): Promise<AtRiskCustomer[]> {
  const covered = params.minCoverage === undefined ? sql`` : sql`and h.coverage >= ${params.minCoverage}`;
  const k = params.after;
  const after = k
    ? sql`and ${atRiskOrder} > (array_position(${URGENCY}, ${k.intervention_priority}::text), coalesce(-(${k.predicted_churn_score}::float8), 1), ${k.last_health_score}::int, ${k.customer_id}::text)`
    : sql``;
  const at = now.toISOString();
  const rows = await queryRows<Omit<AtRiskCustomer, 'last_updated' | 'risk_factor_details'> & { last_updated: Date | string }>(
    executor,
    sql`
    select a.id as customer_id, a.name as company_name, h.overall_score::int as last_health_score,
           h.churn_probability as predicted_churn_score, h.priority as intervention_priority,
           h.risk_factors, h.coverage, h.unknown_factors, h.computed_at as last_updated
    from health_scores h join accounts a on a.id = h.account_id
    where ${liveAt(at)} and h.priority = any(${sql.param(params.priorities)}::text[]) ${covered} ${after}
    order by ${atRiskOrder}
    limit ${params.limit}`,
  );
  return rows.map((r) => ({ ...r, risk_factor_details: r.risk_factors.map(riskFactorOf), last_updated: iso(r.last_updated) }));
}

/**
 * How many customers each priority holds now (every priority, zeros included): the at-risk list's
 * counts, which describe the whole book, not the rows a limit let through.
 */
export async function priorityTotals(executor: Executor, now: Date): Promise<Record<Priority, number>> {
  const rows = await queryRows<{ priority: Priority; n: number | string }>(
    executor,
    sql`select h.priority, count(*) as n from health_scores h join accounts a on a.id = h.account_id where ${liveAt(now.toISOString())} group by h.priority`,
  );
  const totals = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  for (const r of rows) totals[r.priority] = Number(r.n);
  return totals;
}

// ---- Customer list ----

export const CUSTOMER_SORTS = [
  'health_score', '-health_score', 'churn_probability', '-churn_probability', 'name', '-name', 'mrr', '-mrr',
  'renewal_date', '-renewal_date',
] as const;

export const LIFECYCLE_STAGES = ['onboarding', 'adoption', 'expansion', 'renewal', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Support tickets still waiting on someone. */
const OPEN_TICKET_STATUSES = ['open', 'in_progress'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomerQuery {
  status?: HealthStatus[];
  riskLevel?: RiskLevel[];
  priority?: Priority[];
  /** Plan names, exactly. */
  plan?: string[];
  lifecycleStage?: LifecycleStage[];
  owner?: string;
  /** Contract ends between today (UTC) and this many days from today. */
  renewalWithinDays?: number;
  mrrMin?: number;
  mrrMax?: number;
  /** Scores that stood on at least this share (0-1) of the weight; unscored accounts drop out. */
  minCoverage?: number;
  q?: string;
  includeChurned: boolean;
  sort: CustomerSort;
  limit: number;
  /** Decoded cursor: the last row's sort value and id. */
  after?: { value: string | number; id: string };
  /** Trait key → value (as text) every listed customer has. */
  traits?: Record<string, string>;
}

export interface CustomerRow {
  customer_id: string;
  company_name: string;
  plan: string;
  mrr: number;
  csm_owner: string | null;
  health_score: number | null;
  status: HealthStatus | null;
  risk_level: RiskLevel | null;
  churn_probability: number | null;
  intervention_priority: Priority | null;
  contract_end_date: string | null;
  lifecycle_stage: LifecycleStage;
  coverage: number | null;
  /** Interventions planned, executed or responded to: someone is already on it. */
  open_interventions: number;
  /** Support tickets open or in progress. */
  open_tickets: number;
  last_updated: string | null;
  customer_since: string | null;
  traits: Record<string, string | number | boolean>;
}

/**
 * Sort keys. Unscored accounts sort last either way: their missing numbers stand in as the
 * largest finite double ascending and the smallest descending (finite, so a cursor can hold it).
 * The keys on `accounts` are the expressions of its `idx_accounts_sort_*` indexes, exactly, so
 * a page is an index range rather than a sort of every account; `cursor` casts a cursor's value
 * back to the key's type.
 */
const SORT_KEYS: Record<CustomerSort, { expr: SQL; descending: boolean; numeric: boolean; cursor: 'float8' | 'text' | 'date' }> = {
  health_score: { expr: sql`coalesce(h.overall_score::float8, 1e308)`, descending: false, numeric: true, cursor: 'float8' },
  '-health_score': { expr: sql`coalesce(h.overall_score::float8, -1e308)`, descending: true, numeric: true, cursor: 'float8' },
  churn_probability: { expr: sql`coalesce(h.churn_probability, 1e308)`, descending: false, numeric: true, cursor: 'float8' },
  '-churn_probability': { expr: sql`coalesce(h.churn_probability, -1e308)`, descending: true, numeric: true, cursor: 'float8' },
  name: { expr: sql`a.name`, descending: false, numeric: false, cursor: 'text' },
  '-name': { expr: sql`a.name`, descending: true, numeric: false, cursor: 'text' },
  mrr: { expr: sql`(a.mrr::float8)`, descending: false, numeric: true, cursor: 'float8' },
  '-mrr': { expr: sql`(a.mrr::float8)`, descending: true, numeric: true, cursor: 'float8' },
  // No contract date sorts last either way; the cursor holds the date as ISO text ('infinity' for none).
  renewal_date: { expr: sql`coalesce(a.contract_end_date, 'infinity'::date)`, descending: false, numeric: false, cursor: 'date' },
  '-renewal_date': { expr: sql`coalesce(a.contract_end_date, '-infinity'::date)`, descending: true, numeric: false, cursor: 'date' },
};

export const sortIsNumeric = (sort: CustomerSort) => SORT_KEYS[sort].numeric;

/** One page of customers and the sort value of its last row, for the next cursor. */
export async function listCustomers(
  executor: Executor,
  now: Date,
  query: CustomerQuery,
): Promise<{ rows: CustomerRow[]; last: { value: string | number; id: string } | null; more: boolean }> {
  const at = now.toISOString();
  const key = SORT_KEYS[query.sort];
  const direction = sql.raw(key.descending ? 'desc' : 'asc');
  const where: SQL[] = [query.includeChurned ? sql`a.created_at <= ${at}::timestamptz` : liveAt(at)];
  if (query.status) where.push(sql`h.status = any(${sql.param(query.status)}::text[])`);
  if (query.riskLevel) where.push(sql`h.risk_level = any(${sql.param(query.riskLevel)}::text[])`);
  if (query.priority) where.push(sql`h.priority = any(${sql.param(query.priority)}::text[])`);
  if (query.plan) where.push(sql`a.plan = any(${sql.param(query.plan)}::text[])`);
  if (query.lifecycleStage) where.push(sql`a.lifecycle_stage = any(${sql.param(query.lifecycleStage)}::text[])`);
  if (query.owner) where.push(sql`a.csm_owner = ${query.owner}`);
  if (query.renewalWithinDays !== undefined) {
    const today = sql`(${at}::timestamptz at time zone 'UTC')::date`;
    where.push(sql`a.contract_end_date between ${today} and ${today} + ${query.renewalWithinDays}::int`);
  }
  if (query.mrrMin !== undefined) where.push(sql`a.mrr >= ${query.mrrMin}`);
  if (query.mrrMax !== undefined) where.push(sql`a.mrr <= ${query.mrrMax}`);
  if (query.minCoverage !== undefined) where.push(sql`h.coverage >= ${query.minCoverage}`);
  for (const [trait, value] of Object.entries(query.traits ?? {})) where.push(sql`a.traits ->> ${trait} = ${value}`);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(a.name ilike ${pattern} or a.id ilike ${pattern})`);
  }
  if (query.after) {
    const value = sql`${query.after.value}::${sql.raw(key.cursor)}`;
    where.push(
      key.descending
        ? sql`(${key.expr}, a.id) < (${value}, ${query.after.id})`
        : sql`(${key.expr}, a.id) > (${value}, ${query.after.id})`,
    );
  }
  // The page first, then its open work counted for those rows only: one statement, each count an
  // index probe (idx_interventions_org_active, idx_support_org_status), never a query per row.
  const rows = await queryRows<Omit<CustomerRow, 'last_updated'> & { last_updated: Date | string | null; sort_key: unknown; sort_value: string | number }>(
    executor,
    sql`
    with page as (
      select a.id as customer_id, a.name as company_name, a.plan, a.mrr::float8 as mrr, a.csm_owner,
             h.overall_score::int as health_score, h.status, h.risk_level, h.churn_probability,
             h.priority as intervention_priority, a.contract_end_date::text as contract_end_date,
             a.lifecycle_stage, h.coverage, h.computed_at as last_updated, ${customerSince('a')} as customer_since, a.traits,
             ${key.expr} as sort_key, ${key.cursor === 'date' ? sql`${key.expr}::text` : key.expr} as sort_value
      from accounts a left join health_scores h on h.account_id = a.id
      where ${sql.join(where, sql` and `)}
      order by ${key.expr} ${direction}, a.id ${direction}
      limit ${query.limit + 1}
    )
    select p.*,
           (select count(*) from interventions i
            where i.account_id = p.customer_id and i.status in (${sql.raw(OPEN_STATUSES.map((st) => `'${st}'`).join(', '))}))::int as open_interventions,
           (select count(*) from support_interactions t
            where t.account_id = p.customer_id and t.status in (${sql.raw(OPEN_TICKET_STATUSES.map((st) => `'${st}'`).join(', '))}))::int as open_tickets
    from page p
    order by p.sort_key ${direction}, p.customer_id ${direction}`,
  );
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const lastRow = page.at(-1);
  return {
    rows: page.map(({ sort_key: _sortKey, sort_value: _sortValue, last_updated, ...row }) => ({
      ...row,
      last_updated: last_updated === null ? null : iso(last_updated),
    })),
    last: lastRow ? { value: key.numeric ? Number(lastRow.sort_value) : String(lastRow.sort_value), id: lastRow.customer_id } : null,
    more,
  };
}
