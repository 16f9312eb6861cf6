/**
 * The view of `<customer-list>` (its filters, sort and search) as pure functions: the view is
 * named exactly as the query of `GET /api/customer-success/customers`, so a host can put it in its
 * own URL as it is, and the element sends it to the server as it is.
 */
import type { CustomerQuery, CustomerRow, CustomerSort, CustomerHealthUpdate } from '../core/types';

/** The view's parameters, in the order they appear in a URL. */
export const VIEW_KEYS = [
  'owner', 'status', 'risk_level', 'priority', 'plan', 'lifecycle_stage', 'renewal_within_days', 'mrr_min', 'mrr_max', 'min_coverage', 'sort', 'q',
] as const;
export type ViewKey = (typeof VIEW_KEYS)[number];

/** The view: each parameter's text as in a query string; absent or empty: not filtered. */
export type CustomerListView = Partial<Record<ViewKey, string>>;

export const DEFAULT_SORT: CustomerSort = '-churn_probability';

/** The sortable columns and the server's sort of each; the first click's direction is the sign of the default. */
export const SORT_COLUMNS = {
  name: 'name',
  health: 'health_score',
  churn: '-churn_probability',
  mrr: '-mrr',
  renewal: 'renewal_date',
} as const satisfies Record<string, CustomerSort>;
export type SortColumn = keyof typeof SORT_COLUMNS;

const bare = (sort: string) => sort.replace(/^-/, '');

/** The column `sort` orders by, and whether descending. */
export function sortOrder(sort: string): { column: SortColumn | undefined; descending: boolean } {
  const column = (Object.keys(SORT_COLUMNS) as SortColumn[]).find((c) => bare(SORT_COLUMNS[c]) === bare(sort));
  return { column, descending: sort.startsWith('-') };
}

/** The sort after a click on `column`'s header: the other direction of the current column, else the column's first. */
export function nextSort(sort: string, column: SortColumn): CustomerSort {
  const first = SORT_COLUMNS[column];
  const current = sortOrder(sort);
  if (current.column !== column) return first;
  return (current.descending ? bare(first) : `-${bare(first)}`) as CustomerSort;
}

/** Only the parameters that filter (blank ones dropped, text trimmed): what the event carries and the URL holds. */
export function cleanView(view: CustomerListView): CustomerListView {
  const clean: CustomerListView = {};
  for (const key of VIEW_KEYS) {
    const value = view[key]?.trim();
    if (value) clean[key] = value;
  }
  return clean;
}

const list = (value: string | undefined) => value?.split(',').map((v) => v.trim()).filter(Boolean);
const numberOf = (value: string | undefined) => (value === undefined || value === '' || !Number.isFinite(Number(value)) ? undefined : Number(value));

/** The query of a page of the view (the server validates it; a bad value comes back as a 400 naming it). */
export function queryOf(view: CustomerListView, limit: number, cursor?: string): CustomerQuery {
  const v = cleanView(view);
  const query: CustomerQuery = {
    owner: v.owner,
    status: list(v.status) as CustomerQuery['status'],
    risk_level: list(v.risk_level) as CustomerQuery['risk_level'],
    priority: list(v.priority) as CustomerQuery['priority'],
    plan: list(v.plan),
    lifecycle_stage: list(v.lifecycle_stage) as CustomerQuery['lifecycle_stage'],
    renewal_within_days: numberOf(v.renewal_within_days),
    mrr_min: numberOf(v.mrr_min),
    mrr_max: numberOf(v.mrr_max),
    min_coverage: numberOf(v.min_coverage),
    sort: (v.sort ?? DEFAULT_SORT) as CustomerSort,
    q: v.q,
    limit,
    cursor,
  };
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as CustomerQuery;
}

/** The same view, whichever order its keys were given in. */
export const sameView = (a: CustomerListView, b: CustomerListView) => JSON.stringify(cleanView(a)) === JSON.stringify(cleanView(b));

/** A listed customer with a newer score laid over it (same object for the same pair, so rows render once). */
const merged = new WeakMap<CustomerRow, WeakMap<CustomerHealthUpdate, CustomerRow>>();

export function withHealth(row: CustomerRow, update: CustomerHealthUpdate): CustomerRow {
  let byUpdate = merged.get(row);
  if (!byUpdate) merged.set(row, (byUpdate = new WeakMap()));
  let next = byUpdate.get(update);
  if (!next) {
    next = {
      ...row,
      health_score: update.health_score,
      status: update.status,
      risk_level: update.risk_level,
      churn_probability: update.churn_probability,
      intervention_priority: update.intervention_priority,
      coverage: update.coverage,
      last_updated: update.computed_at,
    };
    byUpdate.set(update, next);
  }
  return next;
}
