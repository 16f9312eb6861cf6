/**
 * What `<at-risk-table>` shows, as pure functions of its data: the server's order, the most urgent
 * rows, the sort orders and the filter, the attributes that choose them, and how a live
 * `customer_health_update` or churn moves a customer in or out of the list.
 */
import type { LiveListOptions } from '../core/live-data';
import type { AccountsSnapshot, LiveStore } from '../core/live-store';
import type { LiveCopy } from '../core/live-rule';
import { PRIORITIES, type AtRiskCustomer, type CustomerHealthUpdate, type Priority } from '../core/types';

/** Priorities the at-risk list holds, as the server's default `GET /at-risk`. */
export const AT_RISK_PRIORITIES: readonly Priority[] = ['critical', 'high'];

/** Most urgent first. */
export const URGENCY: readonly Priority[] = [...PRIORITIES].reverse();

/** The server's at-risk order: priority, then churn probability (unknown last), then score, then id. */
export function compareAtRisk(a: AtRiskCustomer, b: AtRiskCustomer): number {
  return (
    URGENCY.indexOf(a.intervention_priority) - URGENCY.indexOf(b.intervention_priority) ||
    (b.predicted_churn_score ?? -1) - (a.predicted_churn_score ?? -1) ||
    a.last_health_score - b.last_health_score ||
    (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0)
  );
}

/** The `limit` most urgent of `rows` in the server's order, and how many of them each priority has. */
export function topAtRisk(rows: readonly AtRiskCustomer[], limit: number): { rows: AtRiskCustomer[]; counts: ReadonlyMap<Priority, number> } {
  const top = [...rows].sort(compareAtRisk).slice(0, limit);
  const counts = new Map<Priority, number>();
  for (const c of top) counts.set(c.intervention_priority, (counts.get(c.intervention_priority) ?? 0) + 1);
  return { rows: top, counts };
}

// ---- sorting ----

/** The sortable columns. `sort="health"` sorts ascending, `sort="-health"` descending. */
export const AT_RISK_SORT_COLUMNS = ['company', 'priority', 'health', 'churn', 'updated'] as const;
export type AtRiskSortColumn = (typeof AT_RISK_SORT_COLUMNS)[number];

export interface AtRiskSortOrder {
  column: AtRiskSortColumn;
  descending: boolean;
}

/** The server's order: most urgent first (`compareAtRisk`). */
export const DEFAULT_AT_RISK_SORT = '-priority';

export const isSortColumn = (key: string): key is AtRiskSortColumn => (AT_RISK_SORT_COLUMNS as readonly string[]).includes(key);

/** `-health` → `{column: 'health', descending: true}`; anything else is the default order. */
export function parseAtRiskSort(value: string | null | undefined): AtRiskSortOrder {
  const match = /^\s*(-?)([a-z]+)\s*$/.exec(value ?? '');
  const column = match?.[2] ?? '';
  return match && isSortColumn(column) ? { column, descending: match[1] === '-' } : { column: 'priority', descending: true };
}

/** The direction of a column's first click: A-Z, most urgent, least healthy, likeliest to churn, newest. */
const FIRST_DESCENDING: Record<AtRiskSortColumn, boolean> = { company: false, priority: true, health: false, churn: true, updated: true };

/** The `sort` after a click on `column`'s header: the other direction of the current column, else the column's first. */
export function nextAtRiskSort(sort: string, column: AtRiskSortColumn): string {
  const current = parseAtRiskSort(sort);
  const descending = current.column === column ? !current.descending : FIRST_DESCENDING[column];
  return `${descending ? '-' : ''}${column}`;
}

type SortValue = string | number | null;

const SORT_VALUES: Record<Exclude<AtRiskSortColumn, 'priority'>, (c: AtRiskCustomer) => SortValue> = {
  company: (c) => c.company_name,
  health: (c) => c.last_health_score,
  churn: (c) => c.predicted_churn_score,
  updated: (c) => {
    const t = Date.parse(c.last_updated);
    return Number.isFinite(t) ? t : null;
  },
};

/**
 * `rows` in `order`. Priority descending is the server's order and ascending its reverse; every
 * other column breaks ties by the server's order. Unknown values (no churn probability, no date)
 * go last in both directions.
 */
export function sortAtRisk(rows: readonly AtRiskCustomer[], order: AtRiskSortOrder, collator: Intl.Collator): AtRiskCustomer[] {
  const sign = order.descending ? -1 : 1;
  if (order.column === 'priority') return [...rows].sort((a, b) => -sign * compareAtRisk(a, b));
  const valueOf = SORT_VALUES[order.column];
  // Each value once per row rather than once per comparison (dates are parsed).
  return rows
    .map((row) => ({ row, value: valueOf(row) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        return a.value === b.value ? compareAtRisk(a.row, b.row) : a.value === null ? 1 : -1;
      }
      const diff = typeof a.value === 'string' ? collator.compare(a.value, String(b.value)) : a.value - Number(b.value);
      return sign * diff || compareAtRisk(a.row, b.row);
    })
    .map((keyed) => keyed.row);
}

const collators = new Map<string, Intl.Collator>();

/** The collator the company column sorts by in `locale` (one per locale). */
export function collatorFor(locale: string): Intl.Collator {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    collators.set(locale, collator);
  }
  return collator;
}

// ---- filtering ----

/** Lower-cased searchable text of a row, kept while the row object lives (rows are immutable). */
const haystacks = new WeakMap<AtRiskCustomer, string>();

function haystack(c: AtRiskCustomer): string {
  let text = haystacks.get(c);
  if (text === undefined) {
    text = [c.company_name, c.customer_id, ...c.risk_factors].join('\n').toLowerCase();
    haystacks.set(c, text);
  }
  return text;
}

/** Rows whose name, id or a risk factor contains `search` (any case) and whose priority is in `priorities` (empty: any). */
export function filterAtRisk(rows: readonly AtRiskCustomer[], search: string, priorities: readonly Priority[]): readonly AtRiskCustomer[] {
  const needle = search.trim().toLowerCase();
  if (!needle && priorities.length === 0) return rows;
  return rows.filter(
    (c) => (priorities.length === 0 || priorities.includes(c.intervention_priority)) && (!needle || haystack(c).includes(needle)),
  );
}

/** `priority-filter="critical,high"` → `['critical', 'high']`; unknown names are dropped. */
export function parsePriorityList(value: string | null): Priority[] {
  return (value ?? '')
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p): p is Priority => (PRIORITIES as readonly string[]).includes(p));
}

// ---- live events ----

/** The row of each update, made once: a row that did not change keeps its object (and its cached render). */
const rowsOfUpdates = new WeakMap<CustomerHealthUpdate, AtRiskCustomer>();

function atRiskRow(update: CustomerHealthUpdate): AtRiskCustomer {
  let row = rowsOfUpdates.get(update);
  if (!row) {
    row = {
      customer_id: update.account_id,
      company_name: update.company_name,
      last_health_score: update.health_score,
      predicted_churn_score: update.churn_probability,
      intervention_priority: update.intervention_priority,
      risk_factors: update.risk_factors,
      risk_factor_details: update.risk_factor_details,
      coverage: update.coverage,
      unknown_factors: update.unknown_factors,
      last_updated: update.computed_at,
    };
    rowsOfUpdates.set(update, row);
  }
  return row;
}

/** The live copies of the list's customers: a health update moves one in (at an at-risk priority) or out; a churn takes it out. */
function atRiskCopies({ health, lifecycle }: AccountsSnapshot, store: LiveStore): LiveCopy<AtRiskCustomer>[] {
  const copies: LiveCopy<AtRiskCustomer>[] = [];
  for (const [key, update] of health) {
    const item = AT_RISK_PRIORITIES.includes(update.intervention_priority) ? atRiskRow(update) : null;
    copies.push({ key, item, time: update.computed_at, arrival: store.arrivalOf(update) });
  }
  for (const [key, change] of lifecycle) {
    // The churn date may be in the past: a churn carries no time of its own, and no row outlives it.
    if (change.churned_at !== null) copies.push({ key, item: null, time: null, arrival: store.arrivalOf(change) });
  }
  return copies;
}

/** How the at-risk list follows the live events (`LiveListController`). */
export const LIVE_AT_RISK = {
  key: (c: AtRiskCustomer) => c.customer_id,
  time: (c: AtRiskCustomer) => c.last_updated,
  watch: (store: LiveStore) => store.accounts.get(),
  copies: atRiskCopies,
} satisfies Partial<LiveListOptions<AtRiskCustomer, unknown, AccountsSnapshot>>;
