import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { LiveFilter } from '../core/connection';
import { renderRowActions, rowMessageText, runRowAction, type RowMessage } from '../core/customer-actions';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import type { RkAction } from '../core/events';
import { identifierStyles } from '../core/fact-list';
import type { Formatter } from '../core/format';
import { emptyMessage, renderFrame } from '../core/frame';
import { LiveListController } from '../core/live-data';
import type { AccountsSnapshot } from '../core/live-store';
import { MinuteTicker } from '../core/minute-ticker';
import { RowWindowController } from '../core/row-window';
import { TableRowsController } from '../core/table-rows';
import { WriteAccess } from '../core/write-access';
import { riskFactorsOf, riskFactorText } from '../core/risk-factors';
import { bandForScore, clampScore, valueLabel } from '../core/status';
import { baseStyles, cardStyles, chipStyles, fieldStyles, priorityStyles, stateStyles } from '../core/styles';
import type { AtRiskCustomer, Priority } from '../core/types';
import { lastResult, withEntry } from '../core/values';
import {
  AT_RISK_PRIORITIES,
  collatorFor,
  DEFAULT_AT_RISK_SORT,
  filterAtRisk,
  isSortColumn,
  LIVE_AT_RISK,
  nextAtRiskSort,
  parseAtRiskSort,
  parsePriorityList,
  sortAtRisk,
  topAtRisk,
  URGENCY,
  type AtRiskSortOrder,
} from './at-risk-model';
import { rowTableStyles } from '../core/row-table-styles';
import { atRiskTableStyles } from './at-risk-table.styles';

/** The columns, in order: the sortable ones have a sort button in their header. */
const HEADERS: readonly { key: AtRiskSortOrder['column'] | 'factors' | 'actions'; readonly label: string }[] = [
  { key: 'company', get label() { return msg('Customer'); } },
  { key: 'priority', get label() { return msg('Priority'); } },
  { key: 'health', get label() { return msg('Health'); } },
  { key: 'churn', get label() { return msg('Churn probability'); } },
  { key: 'factors', get label() { return msg('Risk factors'); } },
  { key: 'updated', get label() { return msg('Last updated'); } },
  { key: 'actions', get label() { return msg('Actions'); } },
];

/** Rows that Page Up and Page Down move by; also the rows rendered beyond each edge of the view. */
const PAGE_ROWS = 10;

/** Height assumed for a row never laid out, until one has been: about a one-line row with its 44 px buttons. */
const FIRST_ROW_ESTIMATE = 56;

/** The at-risk rows, and the server's count of customers at each priority (absent for the page's `.data`). */
interface AtRiskList {
  rows: readonly AtRiskCustomer[];
  totals?: Readonly<Record<Priority, number>>;
}

interface AtRiskView {
  /** Rows before filtering: the `max-at-risk-customers` most urgent. */
  total: number;
  /** Customers per priority in the whole book (the server's totals moved by live updates), else of the rows. */
  counts: ReadonlyMap<Priority, number>;
  /** Customers the list describes: of the priorities filtered, or at risk; at least the rows loaded. */
  described: number;
  /** The priorities the rows have. */
  present: ReadonlySet<Priority>;
  order: AtRiskSortOrder;
  /** The rows shown, sorted and filtered (in the held order while the user is in the table). */
  rows: readonly AtRiskCustomer[];
  /** Customers placed or present differently from the live order while it is held: what "apply" would change. */
  held: number;
}

/**
 * The order the rows keep while the pointer or focus is in the table, so live updates do not move
 * a row under the user's hand: the ids in the order shown, and each one's last row (a customer
 * who left the list stays in place until the order is applied).
 */
interface HeldOrder {
  /** The sort and filters it was taken under: changing them takes a new one. */
  basis: string;
  /** The rows as shown when the hold began, in that order. */
  rows: readonly AtRiskCustomer[];
}

/**
 * Customers per priority: the server's totals, moved by what the live updates did to the list
 * (a customer that became high is one more high, one fewer of its old priority if it was listed);
 * without totals (the page's `.data`), the counts of the rows shown.
 */
function bookCounts(list: AtRiskList | undefined, liveRows: readonly AtRiskCustomer[], shown: ReadonlyMap<Priority, number>): ReadonlyMap<Priority, number> {
  if (!list?.totals) return shown;
  const counts = new Map<Priority, number>(Object.entries(list.totals) as [Priority, number][]);
  const move = (rows: readonly AtRiskCustomer[], sign: number) => {
    for (const c of rows) counts.set(c.intervention_priority, Math.max(0, (counts.get(c.intervention_priority) ?? 0) + sign));
  };
  move(list.rows, -1);
  move(liveRows, +1);
  return counts;
}

/**
 * `live` (the rows as they would be shown now) in the held order: each held customer in its place
 * with its newest row (or its row when the hold began, once it left the list); customers new to
 * the list wait until the order is applied. `moved`: when the live order differs from the one
 * shown, how many customers changed, arrived or left since the hold began (else 0).
 */
function holdRows(live: readonly AtRiskCustomer[], hold: HeldOrder): { rows: AtRiskCustomer[]; moved: number } {
  const current = new Map(live.map((c) => [c.customer_id, c]));
  const rows = hold.rows.map((c) => current.get(c.customer_id) ?? c);
  if (live.length === rows.length && live.every((c, i) => c === rows[i])) return { rows, moved: 0 };
  const heldIds = new Set(hold.rows.map((c) => c.customer_id));
  const changed = hold.rows.filter((c) => current.get(c.customer_id) !== c).length;
  const arrived = live.filter((c) => !heldIds.has(c.customer_id)).length;
  return { rows, moved: changed + arrived };
}

/**
 * @summary The customers at risk, most urgent first: priority chips, health bars, churn
 * probability, risk factors and last update, sortable and filterable, with one-click Call, Email
 * and Create task actions.
 *
 * Two ways to feed it:
 * - `.data = [...]` (the `at_risk_customers` of `GET /api/customer-success/at-risk`): no server at all;
 * - inside `<rk-provider>` (or with `api`/`token`): fetched (`limit` = `max-at-risk-customers`),
 *   refreshed every `refresh-interval` seconds and on a live `reset`.
 *
 * Following live events (inside a provider, or standalone with `enable-live`),
 * `customer_health_update` events that arrive after its list move, add and remove rows as the
 * priorities change; a churned customer (`status_update`) leaves. Each table keeps its own list.
 * While the pointer or focus is in the table the rows keep their places (their values still
 * change), so no row moves under the user's hand: a button says "n updates, click to apply", and
 * the new order applies when the pointer and focus leave, on that click, or with `applyUpdates()`.
 *
 * At most `max-at-risk-customers` rows are shown: the most urgent. Sorting: the column header
 * buttons (a second click reverses), or `sort` (`company`, `priority`, `health`, `churn`,
 * `updated`, with `-` for descending; default `-priority`, the server's order). Filtering: the
 * search box (company, id or risk factor, any case) and the priority toggles; a polite status says
 * how many rows are shown.
 *
 * Only the rows in view, ten more beyond each edge and the current row are in the document; gap
 * rows of the right height stand for the others, so the scrollbar is true and scrolling (the
 * table's own area with `--rk-table-max-height`, the page, or any scrolling ancestor) brings the
 * rows in as they come into view. `aria-rowcount` on the table and `aria-rowindex` on each row give
 * assistive technology the full count and each row's place. The search box finds any row; the
 * browser's find-in-page sees only the rendered ones.
 *
 * Keyboard: the rows are one tab stop, on the customer cell of the current row. Arrow Up/Down,
 * Page Up/Down, Home and End move between all the rows shown, scrolling the row into view; Enter or
 * Space chooses the row (as does clicking it), which fires `rk-select`. Tab goes from the current
 * row to its action buttons.
 *
 * The actions fire the cancelable `rk-action`; unless the page cancels it, and when there is an
 * API client, they record an intervention (a call: health-check call; an email: outreach; a task:
 * an escalation for critical customers, else outreach) and the row says what was planned, or why
 * it failed. A token whose role may not record interventions (`viewer`, `member`) is offered no
 * actions, nor their column; without a client (`.data`, the page acting on `rk-action`) they are
 * always offered.
 *
 * Below 600 px of its own width (a container query: the kit lives in sidebars) each row is a card
 * with the same actions, its cells labelled, the sortable headers a row of buttons; nothing
 * scrolls sideways and words are not broken. Between 600 px and the columns' width the table
 * scrolls sideways (with the customer column kept in view), and the scrolling area becomes a
 * labelled tab stop.
 *
 * @fires rk-select - A row was chosen (`event.customerId`).
 * @fires rk-action - Call, Email or Create task was pressed (`event.action`, `event.customerId`). Cancelable: `preventDefault()` records nothing.
 * @fires rk-error - Loading failed, or an action's intervention could not be recorded (`event.error`).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No customers at risk." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the live/offline indicators.
 * @csspart title - "Customers at risk".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart toolbar - The search box, priority toggles and summary.
 * @csspart search - The search input.
 * @csspart priority-filter - The group of priority toggles.
 * @csspart priority-toggle - One priority toggle (`data-priority`, `aria-pressed`).
 * @csspart summary - "N of M customers shown" (a polite status).
 * @csspart apply-updates - "n updates, click to apply", while live updates wait for the pointer or focus to leave the table.
 * @csspart scroller - The scrolling area around the table.
 * @csspart table - The table.
 * @csspart sort-button - A column header's sort button (`data-sort`).
 * @csspart row - One customer row (`data-id`, `data-priority`, `aria-rowindex`; `aria-current="true"` when chosen).
 * @csspart customer - A row's company name and id.
 * @csspart priority - A row's priority chip.
 * @csspart health - A row's health score and bar (`role="meter"`, `data-band`).
 * @csspart health-bar - The bar of a health score.
 * @csspart churn - A row's churn probability.
 * @csspart risk-factors - A row's list of risk factors.
 * @csspart updated - A row's last update.
 * @csspart actions - A row's buttons.
 * @csspart action - One action button (`data-action`: call, email, create-task).
 * @csspart row-message - What a row's last action did (`data-kind`: done, error).
 * @csspart no-match - The message when the filters leave no row.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-priority-critical - Chip colour of critical priority (default `--rk-color-churn-risk`).
 * @cssprop --rk-priority-high - Chip colour of high priority (default `--rk-color-warning`).
 * @cssprop --rk-priority-medium - Chip colour of medium priority (default `--rk-color-primary`).
 * @cssprop --rk-priority-low - Chip colour of low priority (default `--rk-color-good`).
 * @cssprop --rk-health-track - Unfilled part of the health bars (default `--rk-color-surface-variant`).
 * @cssprop --rk-table-max-height - Largest height of the table before it scrolls under its sticky header (default none).
 * @cssprop --rk-color-excellent - Health bars 85-100.
 * @cssprop --rk-color-good - Health bars 70-84.
 * @cssprop --rk-color-warning - Health bars 50-69.
 * @cssprop --rk-color-critical - Health bars 25-49.
 * @cssprop --rk-color-churn-risk - Health bars 0-24.
 * @cssprop --rk-color-primary - Buttons, the chosen row's marker and the focus ring.
 * @cssprop --rk-color-error - Error text.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-surface-variant - Hovered and chosen rows, pressed toggles, skeleton.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 * @cssprop --rk-touch-target - Least size of buttons and fields (default 44px).
 */
export class AtRiskTable extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, priorityStyles, chipStyles, fieldStyles, rowTableStyles, identifierStyles, atRiskTableStyles];

  private readonly list = new DataController<AtRiskList>(this, {
    args: () => [this.limit],
    load: async (client, signal) => {
      const answer = await client.atRisk({ limit: this.limit }, { signal });
      return { rows: answer.at_risk_customers, totals: answer.totals };
    },
  });

  /** The list with the live changes since it was requested laid over it. */
  private readonly liveRows = new LiveListController<AtRiskCustomer, AtRiskList, AccountsSnapshot>(this, {
    ...LIVE_AT_RISK,
    source: () => this.list,
    items: (list) => list.rows,
  });

  /**
   * The rows are one tab stop, on the customer cell of the current row. (Not named `focusGroup`:
   * Chromium gives every element a `focusGroup` property, which a field assignment would hit.)
   */
  private readonly tableRows: TableRowsController = new TableRowsController(this, {
    keys: () => this.view().rows.map((c) => c.customer_id),
    page: PAGE_ROWS,
    reveal: (id) => this.rowWindow.reveal(id),
    act: (id, action) => void this.act(id, action),
  });

  /** Only the rows in view (and the current row) are rendered. */
  private readonly rowWindow: RowWindowController<AtRiskCustomer> = new RowWindowController<AtRiskCustomer>(this, {
    rows: () => this.view().rows,
    key: (c) => c.customer_id,
    scroller: () => this.renderRoot.querySelector<HTMLElement>('.scroller') ?? undefined,
    body: () => this.renderRoot.querySelector('tbody'),
    scrollTarget: (id) => this.tableRows.rowHeader(id),
    renderedRows: () => Array.from(this.renderRoot.querySelectorAll<HTMLElement>('tbody tr[data-id]'), (element) => ({ key: element.dataset.id ?? '', element })),
    pinned: () => this.tableRows.activeKey,
    // The header cells stick, not the thead.
    stickyHeader: () => this.renderRoot.querySelector('thead th'),
    overscan: PAGE_ROWS,
    estimate: FIRST_ROW_ESTIMATE,
  });

  /** Relative times ("5 minutes ago") move on with the clock; `tick` invalidates the cached rows. */
  private readonly ticker = new MinuteTicker(this);

  /** A viewer's token is offered no actions: the server would refuse them. */
  private readonly writeAccess = new WriteAccess(this);

  /** Customer id → the action under way. */
  @state() private pending: ReadonlyMap<string, RkAction> = new Map();
  /** Customer id → what its last action did. */
  @state() private messages: ReadonlyMap<string, RowMessage> = new Map();
  @state() private announcement = '';

  private readonly topOf = lastResult(topAtRisk);
  private readonly sortedOf = lastResult((rows: readonly AtRiskCustomer[], sort: string, locale: string) =>
    sortAtRisk(rows, parseAtRiskSort(sort), collatorFor(locale)),
  );
  private readonly filteredOf = lastResult(filterAtRisk);
  private readonly heldOf = lastResult(holdRows);
  private readonly countsOf = lastResult(bookCounts);

  /** Set while the pointer or focus is in the table: its rows then keep their places. */
  @state() private hold: HeldOrder | undefined;
  private pointerInside = false;
  private focusInside = false;

  /** At-risk customers given by the page (no fetch). */
  @property({ attribute: false }) data: readonly AtRiskCustomer[] | undefined;

  /** Most rows shown, the most urgent, and the fetch limit (1-1000, default 20 as in the dashboard document). */
  @property({ attribute: 'max-at-risk-customers', type: Number }) maxAtRiskCustomers = 20;

  /** Sort order: `company`, `priority`, `health`, `churn` or `updated`, `-` first for descending. Default `-priority`. */
  @property() sort = DEFAULT_AT_RISK_SORT;

  /** Text the rows are filtered by (company, id or risk factor, any case); the search box edits it. */
  @property() search = '';

  /** Priorities shown (`priority-filter="critical"`); empty (default): all. The priority toggles edit it. */
  @property({ attribute: 'priority-filter', converter: { fromAttribute: parsePriorityList } }) priorityFilter: readonly Priority[] = [];

  /** The chosen customer's id (marked `aria-current`); set by Enter, Space or a click on a row. */
  @property({ attribute: 'selected-id' }) selectedId: string | undefined;

  /** `idle`, `loading`, `error`, `empty` (no customer at risk) or `ready`. */
  get state(): DataState {
    const s = this.list.state;
    if (s === 'ready' || s === 'empty') return this.view().total > 0 ? 'ready' : 'empty';
    return s;
  }

  /** The customers shown, in the order shown (after `max-at-risk-customers`, the filters and the sort). */
  get customers(): readonly AtRiskCustomer[] {
    return this.view().rows;
  }

  /** Loads the list again (what the retry button does). */
  reload(): Promise<void> {
    return this.list.reload();
  }

  protected override liveFilter(): LiveFilter {
    return { types: ['customer_health_update', 'status_update'] };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) this.list.set(this.data && { rows: this.data });
  }

  /** `max-at-risk-customers` as the server takes it: a whole number 1-1000. */
  private get limit(): number {
    return Math.min(1000, Math.max(1, Math.round(this.maxAtRiskCustomers) || 20));
  }

  private view(): AtRiskView {
    const top = this.topOf(this.liveRows.items, this.limit);
    const sorted = this.sortedOf(top.rows, this.sort, this.format.locale);
    const live = this.filteredOf(sorted, this.search, this.priorityFilter);
    const hold = this.hold?.basis === this.holdBasis() ? this.hold : undefined;
    const held = hold ? this.heldOf(live, hold) : { rows: live, moved: 0 };
    const counts = this.countsOf(this.list.data, this.liveRows.items, top.counts);
    const priorities = this.priorityFilter.length > 0 ? this.priorityFilter : AT_RISK_PRIORITIES;
    // A held customer who left the list is still shown, so still counted: never "12 of 11".
    const described = Math.max(top.rows.length, held.rows.length, priorities.reduce((sum, p) => sum + (counts.get(p) ?? 0), 0));
    return { total: top.rows.length, counts, described, present: new Set(top.counts.keys()), order: parseAtRiskSort(this.sort), rows: held.rows, held: held.moved };
  }

  /** What a held order depends on besides the data: the sort and the filters. */
  private holdBasis(): string {
    return JSON.stringify([this.sort, this.search, this.priorityFilter, this.limit]);
  }

  // ---- holding the order while the user is in the table ----

  private onTableEnter(kind: 'pointer' | 'focus'): void {
    if (kind === 'pointer') this.pointerInside = true;
    else this.focusInside = true;
    if (this.hold?.basis !== this.holdBasis()) this.hold = { basis: this.holdBasis(), rows: this.view().rows };
  }

  private onTableLeave(kind: 'pointer' | 'focus', event: Event): void {
    if (kind === 'focus' && (event as FocusEvent).relatedTarget instanceof Node && this.tableArea()?.contains((event as FocusEvent).relatedTarget as Node)) return;
    if (kind === 'pointer') this.pointerInside = false;
    else this.focusInside = false;
    if (!this.pointerInside && !this.focusInside) this.hold = undefined;
  }

  private tableArea(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.table-area');
  }

  /** Applies the live order now (the "n updates" button); the user stays in the table, so a new hold starts from it. */
  applyUpdates(): void {
    this.hold = undefined;
    if (this.pointerInside || this.focusInside) this.hold = { basis: this.holdBasis(), rows: this.view().rows };
  }

  // ---- handlers (delegated: one listener per table, none per row) ----

  private onSortClick(event: MouseEvent): void {
    const column = (event.target as Element).closest<HTMLElement>('button[data-sort]')?.dataset.sort;
    if (column && isSortColumn(column)) this.sort = nextAtRiskSort(this.sort, column);
  }

  private onPriorityClick(event: MouseEvent): void {
    const priority = (event.target as Element).closest<HTMLElement>('button[data-priority]')?.dataset.priority as Priority | undefined;
    if (!priority) return;
    this.priorityFilter = this.priorityFilter.includes(priority)
      ? this.priorityFilter.filter((p) => p !== priority)
      : [...this.priorityFilter, priority];
  }

  private onSearchInput(event: InputEvent): void {
    this.search = (event.target as HTMLInputElement).value;
  }

  private async clearFilters(): Promise<void> {
    this.search = '';
    this.priorityFilter = [];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="search"]')?.focus();
  }

  /** Runs a customer action: `rk-action`, then (not cancelled, with a client) the intervention; the row tells what happened. */
  private async act(id: string, action: RkAction): Promise<void> {
    const customer = this.view().rows.find((c) => c.customer_id === id);
    if (!customer || this.pending.has(id)) return;
    this.pending = withEntry(this.pending, id, action);
    this.messages = withEntry(this.messages, id, undefined);
    const message = await runRowAction(this, this.apiClient, action, id, customer.intervention_priority);
    this.pending = withEntry(this.pending, id, undefined);
    this.messages = withEntry(this.messages, id, message);
    // One live region for every row's result, rather than one per row.
    if (message) this.announcement = `${customer.company_name}: ${this.inLocale(() => rowMessageText(message))}`;
  }

  // ---- rendering ----

  protected override render() {
    const state = this.list.state;
    const view = state === 'loading' || state === 'error' ? undefined : this.view();
    return renderFrame(this.list, {
      title: msg('Customers at risk'),
      hasData: view !== undefined,
      skeleton: [0, 1, 2, 3, 4].map(() => html`<div class="shape"></div>`),
      loading: msg('Loading at-risk customers…'),
      failed: msg('the at-risk customers'),
      body: () => (view && view.total > 0 ? this.renderReady(view) : undefined),
      empty: emptyMessage(msg('No customers at risk.')),
      after: html`<div class="visually-hidden" role="status">${this.announcement}</div>`,
    });
  }

  private renderReady(view: AtRiskView) {
    const f = this.format;
    const [shown, described] = [f.number(view.rows.length), f.number(view.described)];
    return html`
      <div part="toolbar" class="toolbar">
        <div class="search">
          <label for="search">${msg('Search')}</label>
          <input
            part="search"
            id="search"
            type="search"
            autocomplete="off"
            placeholder=${msg('Company, id or risk factor')}
            .value=${live(this.search)}
            @input=${this.onSearchInput}
          />
        </div>
        ${this.renderPriorityFilter(view, f)}
        <p part="summary" class="summary" role="status">
          ${view.described === 1 ? msg(str`${shown} of ${described} customer shown`) : msg(str`${shown} of ${described} customers shown`)}
        </p>
      </div>
      ${view.rows.length > 0
        ? this.renderTable(view, f)
        : html`<div part="no-match" class="no-match">
            <p>${msg('No customer matches the search and priority filter.')}</p>
            <button type="button" @click=${() => void this.clearFilters()}>${msg('Clear filters')}</button>
          </div>`}
    `;
  }

  private renderPriorityFilter(view: AtRiskView, f: Formatter) {
    // The at-risk priorities always; others when the rows (or the filter) have them.
    const shown = URGENCY.filter((p) => AT_RISK_PRIORITIES.includes(p) || view.present.has(p) || this.priorityFilter.includes(p));
    return html`
      <div part="priority-filter" class="priorities" role="group" aria-labelledby="priority-label" @click=${this.onPriorityClick}>
        <span class="label" id="priority-label">${msg('Priority')}</span>
        ${shown.map((p) => {
          const pressed = this.priorityFilter.includes(p);
          return html`<button part="priority-toggle" class="toggle" type="button" data-priority=${p} aria-pressed=${pressed ? 'true' : 'false'}>
            <span class="check" aria-hidden="true">${pressed ? '✓' : ''}</span>${valueLabel(p)}
            <span class="toggle-count">(${f.number(view.counts.get(p) ?? 0)})</span>
          </button>`;
        })}
      </div>
    `;
  }

  private renderTable(view: AtRiskView, f: Formatter) {
    const { order } = view;
    const now = Date.now();
    const actions = this.writeAccess.offered;
    const headers = actions ? HEADERS : HEADERS.filter(({ key }) => key !== 'actions');
    return html`
      <div
        class="table-area"
        @pointerenter=${() => this.onTableEnter('pointer')}
        @pointerleave=${(e: PointerEvent) => this.onTableLeave('pointer', e)}
        @focusin=${() => this.onTableEnter('focus')}
        @focusout=${(e: FocusEvent) => this.onTableLeave('focus', e)}
      >
      ${view.held > 0
        ? html`<button part="apply-updates" class="apply-updates" type="button" @click=${() => this.applyUpdates()}>
            ${view.held === 1 ? msg('1 update, click to apply') : msg(str`${f.number(view.held)} updates, click to apply`)}
          </button>`
        : nothing}
      <div
        part="scroller"
        class="scroller"
        tabindex=${this.rowWindow.scrollable ? '0' : nothing}
        role=${this.rowWindow.scrollable ? 'region' : nothing}
        aria-label=${this.rowWindow.scrollable ? msg('Customers at risk (scrollable table)') : nothing}
        @scroll=${this.rowWindow.onScroll}
      >
        <table part="table" aria-labelledby="title" aria-describedby="keys" aria-rowcount=${view.rows.length + 1}>
          <colgroup>
            ${headers.map(({ key }) => html`<col class=${`col-${key}`} />`)}
          </colgroup>
          <thead @click=${this.onSortClick}>
            <tr aria-rowindex="1">
              ${headers.map(({ key, label }) => {
                if (!isSortColumn(key)) return html`<th scope="col" data-column=${key}>${label}</th>`;
                const sorted = order.column === key;
                return html`<th scope="col" data-column=${key} aria-sort=${sorted ? (order.descending ? 'descending' : 'ascending') : nothing}>
                  <button part="sort-button" class="sort" type="button" data-sort=${key}>
                    ${label} <span class="sort-icon" aria-hidden="true">${sorted ? (order.descending ? '▼' : '▲') : '↕'}</span>
                  </button>
                </th>`;
              })}
            </tr>
          </thead>
          <tbody @click=${this.tableRows.onRowClick} @keydown=${this.tableRows.onRowKeydown} @focusin=${this.tableRows.onFocusin}>
            ${repeat(
              this.rowWindow.entries(view.rows),
              // Gap keys are numbers, customer ids strings: they never meet.
              (e) => ('row' in e ? e.row.customer_id : e.key),
              (e) => {
                if (!('row' in e)) {
                  return html`<tr class="gap" aria-hidden="true"><td colspan=${headers.length} style=${styleMap({ height: `${e.gap}px` })}></td></tr>`;
                }
                const { row: c, index } = e;
                const id = c.customer_id;
                const active = id === this.tableRows.activeKey;
                const selected = id === this.selectedId;
                const pending = this.pending.get(id);
                const message = this.messages.get(id);
                // A row renders again only when one of these changed: scrolling and updates stay cheap.
                return guard([c, index, active, selected, pending, message, actions, this.ticker.tick, f], () =>
                  this.renderRow(c, index, f, now, active, selected, pending, message, actions),
                );
              },
            )}
          </tbody>
        </table>
      </div>
      </div>
      <p id="keys" class="visually-hidden">${msg('Arrow keys move between customers, Enter chooses one; the column buttons sort.')}</p>
    `;
  }

  private renderRow(
    c: AtRiskCustomer,
    index: number,
    f: Formatter,
    now: number,
    active: boolean,
    selected: boolean,
    pending: RkAction | undefined,
    message: RowMessage | undefined,
    actions: boolean,
  ) {
    const score = clampScore(c.last_health_score);
    const band = bandForScore(score);
    const scoreText = f.number(c.last_health_score, { maximumFractionDigits: 1 });
    const updated = Date.parse(c.last_updated);
    const tabindex = active ? '0' : '-1';
    return html`<tr
      part="row"
      aria-rowindex=${index + 2}
      data-id=${c.customer_id}
      data-priority=${c.intervention_priority}
      aria-current=${selected ? 'true' : nothing}
      aria-busy=${pending ? 'true' : 'false'}
    >
      <th part="customer" class="customer" scope="row" tabindex=${tabindex}><bdi class="company">${c.company_name}</bdi> <bdi class="id">${c.customer_id}</bdi></th>
      <td class="priority-cell" data-label=${msg('Priority')}>
        <span part="priority" class="chip" data-priority=${c.intervention_priority}
          ><span class="dot" aria-hidden="true"></span>${valueLabel(c.intervention_priority)}</span
        >
      </td>
      <td data-label=${msg('Health')}>
        <div
          part="health"
          class="health"
          data-band=${band.status}
          role="meter"
          aria-label=${msg('Health score')}
          aria-valuemin="0"
          aria-valuemax="100"
          aria-valuenow=${score}
          aria-valuetext=${msg(str`${scoreText} of 100, ${band.label}`)}
        >
          <span class="score">${scoreText}</span
          ><span part="health-bar" class="bar"><span class="fill" style=${styleMap({ width: `${score}%`, background: band.color })}></span></span>
        </div>
      </td>
      <td part="churn" class="num" data-label=${msg('Churn probability')}>
        ${c.predicted_churn_score === null
          ? html`<span aria-hidden="true">—</span><span class="visually-hidden">${msg('Unknown')}</span>`
          : f.percent(c.predicted_churn_score)}
      </td>
      <td class="factors" data-label=${msg('Risk factors')}>
        ${c.risk_factors.length > 0
          ? html`<ul part="risk-factors">
              ${riskFactorsOf(c).map((r) => html`<li data-code=${r.code}>${riskFactorText(r, f)}</li>`)}
            </ul>`
          : html`<span class="muted">${msg('None')}</span>`}
      </td>
      <td part="updated" class="updated" data-label=${msg('Last updated')}>
        ${Number.isFinite(updated)
          ? html`<time datetime=${c.last_updated}>${f.relativeTime(updated, now)}</time
              ><span class="absolute">${f.date(updated, { dateStyle: 'medium', timeStyle: 'short' })}</span>`
          : html`<span class="muted">${msg('Unknown')}</span>`}
      </td>
      ${actions ? renderRowActions(c.company_name, tabindex, pending, message) : nothing}
    </tr>`;
  }
}
