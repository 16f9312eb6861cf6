import { localized, msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { LiveFilter } from '../core/connection';
import { renderRowActions, rowMessageText, runRowAction, type RowMessage } from '../core/customer-actions';
import { DataController, type DataState } from '../core/data-controller';
import { ApiError } from '../core/api-client';
import { RkDataElement } from '../core/data-element';
import { RkErrorEvent, RkExportEvent, RkViewChangeEvent, type RkAction } from '../core/events';
import type { Formatter } from '../core/format';
import { identifierStyles, renderIdentifier } from '../core/fact-list';
import { emptyMessage, renderFrame } from '../core/frame';
import { LiveListController } from '../core/live-data';
import type { AccountsSnapshot } from '../core/live-store';
import { RowWindowController } from '../core/row-window';
import { TableRowsController } from '../core/table-rows';
import { WriteAccess } from '../core/write-access';
import { rowTableStyles } from '../core/row-table-styles';
import { bandForScore, bandForStatus, clampScore, valueLabel } from '../core/status';
import { baseStyles, cardStyles, chipStyles, fieldStyles, priorityStyles, stateStyles } from '../core/styles';
import { HEALTH_STATUSES, PRIORITIES, RISK_LEVELS, type CustomerRow, type HealthStatus, type LifecycleStage } from '../core/types';
import { lastResult, withEntry } from '../core/values';
import { cleanView, DEFAULT_SORT, nextSort, queryOf, sortOrder, VIEW_KEYS, withHealth, type CustomerListView, type SortColumn } from './customer-list-view';
import { customerListStyles } from './customer-list.styles';

const LIFECYCLE_STAGES: readonly LifecycleStage[] = ['onboarding', 'adoption', 'expansion', 'renewal', 'churned'];

/** Rows that Page Up and Page Down move by; also the rows rendered beyond each edge of the view. */
const PAGE_ROWS = 10;
/** Height assumed for a row never laid out, until one has been. */
const FIRST_ROW_ESTIMATE = 56;
/** Milliseconds the search box waits after the last keystroke before it asks the server. */
const SEARCH_DELAY = 300;

/** The first page of a view and the pages loaded after it as the user scrolled. */
interface Pages {
  rows: readonly CustomerRow[];
  next: string | null;
  /** The query (view and page size) the pages answer. */
  query?: string;
}

const joinPages = (first: Pages | undefined, more: Pages | undefined): Pages | undefined =>
  first && (more ? { rows: [...first.rows, ...more.rows], next: more.next, query: first.query } : first);

const statusLabel = (status: HealthStatus) => bandForStatus(status).label;

/** A column: its key (`col-` class, `data-column`), header and, when sortable, the server's sort. */
interface ColumnHeader {
  key: string;
  label: string;
  sort?: SortColumn;
}

/**
 * @summary The whole book of customers, not only those at risk: filters (owner, status, risk
 * level, priority, plan, lifecycle stage, renewal window, MRR range, minimum coverage), sort and
 * search run on the server, pages load as the user scrolls, and each row shows MRR, renewal date,
 * owner and the open interventions and tickets, so two CSMs do not call the same customer.
 *
 * Inside `<rk-provider>` (or with `api`/`token`) it reads `GET /api/customer-success/customers`
 * with its view as the query, `page-size` rows a page; the next page loads when the last rows come
 * into view (or with "Show more"). Only the rows in view, ten beyond each edge and the current row
 * are in the document (see `<at-risk-table>`); `aria-rowcount` is the count loaded, or -1 while
 * more can load.
 *
 * The view: the attributes `owner` (`mine`: the signed-in user), `status`, `risk-level`,
 * `priority`, `lifecycle-stage` and `plan` (comma lists), `renewal-within-days`, `mrr-min`,
 * `mrr-max`, `min-coverage` (0-1), `sort` (`name`, `health_score`, `churn_probability`, `mrr`,
 * `renewal_date`, `-` first for descending) and `q` (search). They are reflected: when the user
 * changes the view, the attributes follow and `rk-view-change` carries the view, named as the
 * API's query parameters (only those set), so a host can keep it in its URL; setting the
 * attributes (or `view`) restores it.
 *
 * Live `customer_health_update` events change the listed rows in place (score, status, priority,
 * churn probability); rows never move under the user's hand: the order changes only with the view
 * or a reload.
 *
 * "Export CSV" and "Export XLSX" fetch the same view with `format=csv|xlsx` and the same token,
 * fire the cancelable `rk-export` with the file, and save it unless the page cancels.
 *
 * Keyboard: as `<at-risk-table>`: the rows are one tab stop; arrows, Page Up/Down, Home and End
 * move; Enter or Space (or a click) chooses the row (`rk-select`); Tab reaches its actions. Below
 * 600 px of its own width each row is a card with labelled cells and 44 px targets.
 *
 * The actions (Call, Email, Create task) work as `<at-risk-table>`'s: `rk-action`, then, unless the
 * page cancels it, the intervention recorded and the row saying what was planned. A token whose
 * role may not record interventions (`viewer`, `member`) is offered no actions, nor their column.
 *
 * @fires rk-select - A row was chosen (`event.customerId`).
 * @fires rk-view-change - The user changed the filters, sort or search (`event.view`).
 * @fires rk-export - An export was fetched (`event.format`, `event.blob`, `event.filename`). Cancelable: `preventDefault()` saves nothing.
 * @fires rk-action - Call, Email or Create task was pressed (`event.action`, `event.customerId`). Cancelable: `preventDefault()` records nothing.
 * @fires rk-error - Loading, a page, an export or an action failed (`event.error`).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No customers match this view." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the live/offline indicators and the export buttons.
 * @csspart title - "Customers".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart export - An export button (`data-format`: csv, xlsx).
 * @csspart toolbar - The search box and filters.
 * @csspart search - The search input.
 * @csspart filter - One filter's field (`data-filter`: its query parameter).
 * @csspart clear-filters - The button that clears the filters and search.
 * @csspart summary - "N customers shown" (a polite status).
 * @csspart scroller - The scrolling area around the table.
 * @csspart table - The table.
 * @csspart sort-button - A column header's sort button (`data-sort`).
 * @csspart row - One customer row (`data-id`, `aria-rowindex`; `aria-current="true"` when chosen).
 * @csspart customer - A row's company name and id.
 * @csspart health - A row's health score and bar (`role="meter"`, `data-band`).
 * @csspart priority - A row's priority chip.
 * @csspart mrr - A row's MRR.
 * @csspart renewal - A row's renewal date.
 * @csspart owner - A row's CSM owner.
 * @csspart open-work - A row's open interventions and tickets.
 * @csspart actions - A row's buttons.
 * @csspart action - One action button (`data-action`: call, email, create-task).
 * @csspart row-message - What a row's last action did (`data-kind`: done, error).
 * @csspart more - The "Show more" button while more pages can load.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-table-max-height - Largest height of the table before it scrolls under its sticky header (default none).
 * @cssprop --rk-health-track - Unfilled part of the health bars (default `--rk-color-surface-variant`).
 * @cssprop --rk-priority-critical - Chip colour of critical priority.
 * @cssprop --rk-priority-high - Chip colour of high priority.
 * @cssprop --rk-priority-medium - Chip colour of medium priority.
 * @cssprop --rk-priority-low - Chip colour of low priority.
 * @cssprop --rk-color-primary - Buttons, the chosen row's marker and the focus ring.
 * @cssprop --rk-color-error - Error text.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-surface-variant - Hovered and chosen rows, skeleton.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 * @cssprop --rk-touch-target - Least size of buttons and fields (default 44px).
 */
@localized()
export class CustomerList extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, priorityStyles, chipStyles, fieldStyles, rowTableStyles, identifierStyles, customerListStyles];

  /** CSM owner, exactly; `mine`: the signed-in user (the token's `sub`). */
  @property({ reflect: true }) owner = '';
  /** Health statuses, comma-separated. */
  @property({ reflect: true }) status = '';
  /** Risk levels, comma-separated. */
  @property({ attribute: 'risk-level', reflect: true }) riskLevel = '';
  /** Intervention priorities, comma-separated. */
  @property({ reflect: true }) priority = '';
  /** Plan names, comma-separated, exactly. */
  @property({ reflect: true }) plan = '';
  /** Lifecycle stages, comma-separated. */
  @property({ attribute: 'lifecycle-stage', reflect: true }) lifecycleStage = '';
  /** Contracts that end within this many days from today. */
  @property({ attribute: 'renewal-within-days', reflect: true }) renewalWithinDays = '';
  /** Least MRR. */
  @property({ attribute: 'mrr-min', reflect: true }) mrrMin = '';
  /** Largest MRR. */
  @property({ attribute: 'mrr-max', reflect: true }) mrrMax = '';
  /** Scores that stood on at least this share (0-1) of the weight. */
  @property({ attribute: 'min-coverage', reflect: true }) minCoverage = '';
  /** The server's sort: `name`, `health_score`, `churn_probability`, `mrr`, `renewal_date`, `-` first for descending. */
  @property({ reflect: true }) sort: string = DEFAULT_SORT;
  /** Search: a part of the name or id, any case. */
  @property({ reflect: true }) q = '';

  /** Rows a page (1-200, default 50). */
  @property({ attribute: 'page-size', type: Number }) pageSize = 50;

  /** The chosen customer's id (marked `aria-current`). */
  @property({ attribute: 'selected-id' }) selectedId: string | undefined;

  /** The search box's text until it is sent (debounced). */
  @state() private searchText: string | undefined;
  @state() private more: { after: Pages; pages: Pages } | undefined;
  @state() private loadingMore = false;
  @state() private exporting: 'csv' | 'xlsx' | undefined;
  @state() private pending: ReadonlyMap<string, RkAction> = new Map();
  @state() private messages: ReadonlyMap<string, RowMessage> = new Map();
  @state() private announcement = '';

  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the end of the loaded rows (a mark after the table) is in view, or nearly: then the next page loads. */
  private endInView = false;
  private readonly endObserver = new IntersectionObserver(
    (entries) => {
      this.endInView = entries.some((e) => e.isIntersecting);
      if (this.endInView) this.requestUpdate();
    },
    // Clipped by every scrolling ancestor, so it follows the table's own area as well as the page.
    { rootMargin: '0px 0px 200px 0px' },
  );
  private observedEnd: Element | undefined;

  /**
   * The view's rows from the start: its first page, or, when the same view loads again (a
   * refresh, a live `reset`, `reload()`), as many pages as were loaded, so the rows the user
   * scrolled to (and the scroll position) stay.
   */
  private readonly first = new DataController<Pages>(this, {
    args: () => [JSON.stringify(queryOf(this.view, this.limit))],
    load: async (client, signal) => {
      const query = JSON.stringify(queryOf(this.view, this.limit));
      const loaded = this.pages?.query === query ? this.pages.rows.length : 0;
      let pages: Pages = { rows: [], next: null, query };
      do {
        const page = await client.customers(queryOf(this.view, this.limit, pages.next ?? undefined), { signal });
        if (!Array.isArray(page.customers)) throw new ApiError(200, 'invalid_response', 'The server sent no customers');
        pages = { rows: [...pages.rows, ...page.customers], next: page.next_cursor, query };
      } while (pages.rows.length < loaded && pages.next);
      return pages;
    },
  });

  private readonly pagesOf = lastResult(joinPages);

  /** The loaded pages with the live changes since the first was requested laid over their rows, in place. */
  private readonly liveRows = new LiveListController<CustomerRow, Pages, AccountsSnapshot>(this, {
    key: (c) => c.customer_id,
    time: (c) => c.last_updated,
    source: () => ({ data: this.pages, since: this.first.since }),
    items: (pages) => pages.rows,
    watch: (store) => store.accounts.get(),
    copies: ({ health }, store) => {
      const byId = this.rowsById(this.pages);
      const copies = [];
      for (const [key, update] of health) {
        const row = byId.get(key);
        if (row) copies.push({ key, item: withHealth(row, update), time: update.computed_at, arrival: store.arrivalOf(update) });
      }
      return copies;
    },
    // The server filters and orders: an event never adds a row.
    admit: () => false,
  });

  private readonly rowsById = lastResult((pages: Pages | undefined) => new Map((pages?.rows ?? []).map((c) => [c.customer_id, c])));

  private readonly tableRows: TableRowsController = new TableRowsController(this, {
    keys: () => this.rows.map((c) => c.customer_id),
    page: PAGE_ROWS,
    reveal: (id) => this.rowWindow.reveal(id),
    act: (id, action) => void this.act(id, action),
  });

  private readonly rowWindow: RowWindowController<CustomerRow> = new RowWindowController<CustomerRow>(this, {
    rows: () => this.rows,
    key: (c) => c.customer_id,
    scroller: () => this.renderRoot.querySelector<HTMLElement>('.scroller') ?? undefined,
    body: () => this.renderRoot.querySelector('tbody'),
    scrollTarget: (id) => this.tableRows.rowHeader(id),
    renderedRows: () => Array.from(this.renderRoot.querySelectorAll<HTMLElement>('tbody tr[data-id]'), (element) => ({ key: element.dataset.id ?? '', element })),
    pinned: () => this.tableRows.activeKey,
    stickyHeader: () => this.renderRoot.querySelector('thead th'),
    overscan: PAGE_ROWS,
    estimate: FIRST_ROW_ESTIMATE,
  });

  /** A viewer's token is offered no actions: the server would refuse them. */
  private readonly writeAccess = new WriteAccess(this);

  /** The view: the filters, sort and search, named as the API's query (only those set). */
  get view(): CustomerListView {
    return cleanView({
      owner: this.owner,
      status: this.status,
      risk_level: this.riskLevel,
      priority: this.priority,
      plan: this.plan,
      lifecycle_stage: this.lifecycleStage,
      renewal_within_days: this.renewalWithinDays,
      mrr_min: this.mrrMin,
      mrr_max: this.mrrMax,
      min_coverage: this.minCoverage,
      sort: this.sort === DEFAULT_SORT ? '' : this.sort,
      q: this.q,
    });
  }

  /** Restores a view (what `rk-view-change` carried); parameters it does not name are cleared. */
  set view(view: CustomerListView) {
    const v = cleanView(view);
    this.owner = v.owner ?? '';
    this.status = v.status ?? '';
    this.riskLevel = v.risk_level ?? '';
    this.priority = v.priority ?? '';
    this.plan = v.plan ?? '';
    this.lifecycleStage = v.lifecycle_stage ?? '';
    this.renewalWithinDays = v.renewal_within_days ?? '';
    this.mrrMin = v.mrr_min ?? '';
    this.mrrMax = v.mrr_max ?? '';
    this.minCoverage = v.min_coverage ?? '';
    this.sort = v.sort ?? DEFAULT_SORT;
    this.q = v.q ?? '';
  }

  /** `idle`, `loading`, `error`, `empty` (no customer in the view) or `ready`. */
  get state(): DataState {
    return this.first.state === 'ready' && this.rows.length === 0 ? 'empty' : this.first.state;
  }

  /** The customers loaded so far, in the server's order, with live changes. */
  get customers(): readonly CustomerRow[] {
    return this.rows;
  }

  /** Whether more pages can load. */
  get hasMore(): boolean {
    return Boolean(this.pages?.next);
  }

  /** Loads the view again: as many rows as are loaded. */
  reload(): Promise<void> {
    return this.first.reload();
  }

  protected override liveFilter(): LiveFilter {
    return { types: ['customer_health_update'] };
  }

  private get limit(): number {
    return Math.min(200, Math.max(1, Math.round(this.pageSize) || 50));
  }

  private get pages(): Pages | undefined {
    const first = this.first.data;
    const more = this.more;
    return this.pagesOf(first, more && more.after === first ? more.pages : undefined);
  }

  private get rows(): readonly CustomerRow[] {
    return this.liveRows.items;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
    this.endObserver.disconnect();
    this.observedEnd = undefined;
    this.endInView = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('q')) this.searchText = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const end = this.renderRoot.querySelector('.end') ?? undefined;
    if (end !== this.observedEnd) {
      this.endObserver.disconnect();
      this.endInView = false;
      this.observedEnd = end;
      if (end) this.endObserver.observe(end);
    }
    // The user reached the end of the loaded rows: the next page comes (again, if it did not fill the view).
    if (end && this.endInView && !this.loadingMore) void Promise.resolve().then(() => this.loadMore());
  }

  /** Fetches the next page and adds it to the list. */
  async loadMore(): Promise<void> {
    const first = this.first.data;
    const pages = this.pages;
    const client = this.apiClient;
    if (!first || !pages?.next || !client || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await client.customers(queryOf(this.view, this.limit, pages.next));
      // The view changed or the list reloaded meanwhile: this page belongs to another list.
      if (this.first.data !== first || this.pages !== pages) return;
      this.more = { after: first, pages: { rows: [...(this.more?.after === first ? this.more.pages.rows : []), ...page.customers], next: page.next_cursor } };
    } catch (caught) {
      this.emit(new RkErrorEvent(caught instanceof Error ? caught : new Error(String(caught))));
    } finally {
      this.loadingMore = false;
    }
  }

  /** Fetches the view as a file (all its rows, not only those loaded) and saves it unless `rk-export` is cancelled. */
  async exportView(format: 'csv' | 'xlsx'): Promise<void> {
    const client = this.apiClient;
    if (!client || this.exporting) return;
    this.exporting = format;
    try {
      const { limit: _limit, cursor: _cursor, ...query } = queryOf(this.view, this.limit);
      const blob = await client.exportCustomers(query, format);
      const filename = `customers-${new Date().toISOString().slice(0, 10)}.${format}`;
      if (this.emit(new RkExportEvent(format, blob, filename))) saveBlob(blob, filename);
      this.announcement = this.inLocale(() => msg(str`Exported ${filename}`));
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.announcement = this.inLocale(() => msg(str`Export failed: ${error.message}`));
      this.emit(new RkErrorEvent(error));
    } finally {
      this.exporting = undefined;
    }
  }

  // ---- the view, changed by the user ----

  /** Applies the user's change to the view and tells the host. */
  private changeView(change: CustomerListView): void {
    this.view = { ...this.view, ...change };
    this.emit(new RkViewChangeEvent(this.view));
  }

  private onFilterChange(event: Event): void {
    const field = event.target as HTMLInputElement | HTMLSelectElement;
    const key = field.dataset.filter as keyof CustomerListView | undefined;
    if (key && (VIEW_KEYS as readonly string[]).includes(key)) this.changeView({ [key]: field.value });
  }

  private onSearchInput(event: InputEvent): void {
    const text = (event.target as HTMLInputElement).value;
    this.searchText = text;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.changeView({ q: text }), SEARCH_DELAY);
  }

  private onSortClick(event: MouseEvent): void {
    const column = (event.target as Element).closest<HTMLElement>('button[data-sort]')?.dataset.sort as SortColumn | undefined;
    if (column) this.changeView({ sort: nextSort(this.sort, column) });
  }

  private async clearFilters(): Promise<void> {
    clearTimeout(this.searchTimer);
    this.searchText = undefined;
    this.changeView(Object.fromEntries(VIEW_KEYS.filter((k) => k !== 'sort').map((k) => [k, ''])));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="search"]')?.focus();
  }

  // ---- rows ----

  private async act(id: string, action: RkAction): Promise<void> {
    const customer = this.rows.find((c) => c.customer_id === id);
    if (!customer || this.pending.has(id)) return;
    this.pending = withEntry(this.pending, id, action);
    this.messages = withEntry(this.messages, id, undefined);
    const message = await runRowAction(this, this.apiClient, action, id, customer.intervention_priority ?? 'low');
    this.pending = withEntry(this.pending, id, undefined);
    this.messages = withEntry(this.messages, id, message);
    if (message) this.announcement = `${customer.company_name}: ${this.inLocale(() => rowMessageText(message))}`;
  }

  // ---- rendering ----

  protected override render() {
    const state = this.state;
    return renderFrame(this.first, {
      state,
      title: msg('Customers'),
      hasData: this.first.data !== undefined,
      actions: this.renderExports(),
      above: this.renderToolbar(),
      skeleton: [0, 1, 2, 3, 4].map(() => html`<div class="shape"></div>`),
      loading: msg('Loading customers…'),
      failed: msg('the customers'),
      body: () => (this.rows.length > 0 ? this.renderTable(this.format) : undefined),
      empty: html`<div class="no-match">
        ${emptyMessage(msg('No customers match this view.'))}
        ${Object.keys(this.view).some((k) => k !== 'sort')
          ? html`<button part="clear-filters" type="button" @click=${() => void this.clearFilters()}>${msg('Clear filters')}</button>`
          : nothing}
      </div>`,
      after: html`<div class="visually-hidden" role="status">${this.announcement}</div>`,
    });
  }

  private renderExports() {
    if (!this.apiClient) return nothing;
    return html`<span class="exports">
      ${(['csv', 'xlsx'] as const).map(
        (format) => html`<button part="export" type="button" data-format=${format} aria-disabled=${this.exporting ? 'true' : 'false'} @click=${() => void this.exportView(format)}>
          ${this.exporting === format ? msg('Exporting…') : format === 'csv' ? msg('Export CSV') : msg('Export XLSX')}
        </button>`,
      )}
    </span>`;
  }

  private renderSelect(key: keyof CustomerListView, label: string, options: readonly (readonly [string, string])[]) {
    const value = this.view[key] ?? '';
    // A value the options do not name (a list, a custom number) is shown as it is.
    const all = value && !options.some(([v]) => v === value) ? [...options, [value, value] as const] : options;
    return html`<div class="filter">
      <label for=${`f-${key}`}>${label}</label>
      <select part="filter" id=${`f-${key}`} data-filter=${key} .value=${live(value)} @change=${this.onFilterChange}>
        <option value="" ?selected=${value === ''}>${msg('Any')}</option>
        ${all.map(([v, text]) => html`<option value=${v} ?selected=${v === value}>${text}</option>`)}
      </select>
    </div>`;
  }

  private renderInput(key: keyof CustomerListView, label: string, attributes: { type: 'text' | 'number'; min?: string; step?: string; placeholder?: string }) {
    return html`<div class="filter">
      <label for=${`f-${key}`}>${label}</label>
      <input
        part="filter"
        id=${`f-${key}`}
        data-filter=${key}
        type=${attributes.type}
        inputmode=${attributes.type === 'number' ? 'decimal' : nothing}
        min=${attributes.min ?? nothing}
        step=${attributes.step ?? nothing}
        placeholder=${attributes.placeholder ?? nothing}
        autocomplete="off"
        .value=${live(this.view[key] ?? '')}
        @change=${this.onFilterChange}
      />
    </div>`;
  }

  private renderToolbar() {
    const f = this.format;
    const days = [30, 60, 90, 180].map((d) => [String(d), msg(str`${f.number(d)} days`)] as const);
    const coverage = [0.5, 0.75, 0.9].map((c) => [String(c), f.percent(c)] as const);
    return html`<div part="toolbar" class="toolbar">
      <div class="search">
        <label for="search">${msg('Search')}</label>
        <input
          part="search"
          id="search"
          type="search"
          autocomplete="off"
          placeholder=${msg('Company or id')}
          .value=${live(this.searchText ?? this.q)}
          @input=${this.onSearchInput}
        />
      </div>
      <div class="filters" role="group" aria-label=${msg('Filters')}>
        ${this.renderSelect('owner', msg('Owner'), [['mine', msg('Mine')]])}
        ${this.renderSelect('status', msg('Status'), HEALTH_STATUSES.map((s) => [s, statusLabel(s)] as const))}
        ${this.renderSelect('risk_level', msg('Risk level'), RISK_LEVELS.map((s) => [s, valueLabel(s)] as const))}
        ${this.renderSelect('priority', msg('Priority'), [...PRIORITIES].reverse().map((s) => [s, valueLabel(s)] as const))}
        ${this.renderInput('plan', msg('Plan'), { type: 'text' })}
        ${this.renderSelect('lifecycle_stage', msg('Lifecycle stage'), LIFECYCLE_STAGES.map((s) => [s, valueLabel(s)] as const))}
        ${this.renderSelect('renewal_within_days', msg('Renewal within'), days)}
        ${this.renderInput('mrr_min', msg('MRR from'), { type: 'number', min: '0', step: 'any' })}
        ${this.renderInput('mrr_max', msg('MRR to'), { type: 'number', min: '0', step: 'any' })}
        ${this.renderSelect('min_coverage', msg('Coverage at least'), coverage)}
      </div>
      ${this.first.data
        ? html`<p part="summary" class="summary" role="status">
            ${this.shownText(f)}
          </p>`
        : nothing}
    </div>`;
  }

  private shownText(f: Formatter): string {
    const n = this.rows.length;
    if (this.hasMore) return n === 1 ? msg('1 customer shown, more load as you scroll') : msg(str`${f.number(n)} customers shown, more load as you scroll`);
    return n === 1 ? msg('1 customer shown') : msg(str`${f.number(n)} customers shown`);
  }

  private headers(actions: boolean): readonly ColumnHeader[] {
    const all: ColumnHeader[] = [
      { key: 'customer', label: msg('Customer'), sort: 'name' },
      { key: 'health', label: msg('Health'), sort: 'health' },
      { key: 'priority', label: msg('Priority') },
      { key: 'churn', label: msg('Churn probability'), sort: 'churn' },
      { key: 'mrr', label: msg('MRR', { desc: 'Monthly recurring revenue, abbreviated.' }), sort: 'mrr' },
      { key: 'renewal', label: msg('Renewal'), sort: 'renewal' },
      { key: 'owner', label: msg('Owner') },
      { key: 'open', label: msg('Open work') },
      { key: 'actions', label: msg('Actions') },
    ];
    return actions ? all : all.filter(({ key }) => key !== 'actions');
  }

  private renderTable(f: Formatter) {
    const rows = this.rows;
    const order = sortOrder(this.sort);
    const actions = this.writeAccess.offered;
    const headers = this.headers(actions);
    const entries = this.rowWindow.entries(rows);
    return html`
      <div
        part="scroller"
        class="scroller"
        tabindex=${this.rowWindow.scrollable ? '0' : nothing}
        role=${this.rowWindow.scrollable ? 'region' : nothing}
        aria-label=${this.rowWindow.scrollable ? msg('Customers (scrollable table)') : nothing}
        @scroll=${this.rowWindow.onScroll}
      >
        <table part="table" aria-labelledby="title" aria-describedby="keys" aria-rowcount=${this.hasMore ? -1 : rows.length + 1}>
          <colgroup>
            ${headers.map(({ key }) => html`<col class=${`col-${key}`} />`)}
          </colgroup>
          <thead @click=${this.onSortClick}>
            <tr aria-rowindex="1">
              ${headers.map(({ key, label, sort }) => {
                if (!sort) return html`<th scope="col" data-column=${key}>${label}</th>`;
                const sorted = order.column === sort;
                return html`<th scope="col" data-column=${key} aria-sort=${sorted ? (order.descending ? 'descending' : 'ascending') : nothing}>
                  <button part="sort-button" class="sort" type="button" data-sort=${sort}>
                    ${label} <span class="sort-icon" aria-hidden="true">${sorted ? (order.descending ? '▼' : '▲') : '↕'}</span>
                  </button>
                </th>`;
              })}
            </tr>
          </thead>
          <tbody @click=${this.tableRows.onRowClick} @keydown=${this.tableRows.onRowKeydown} @focusin=${this.tableRows.onFocusin}>
            ${repeat(
              entries,
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
                return guard([c, index, active, selected, pending, message, actions, f], () => this.renderRow(c, index, f, active, selected, pending, message, actions));
              },
            )}
          </tbody>
        </table>
        ${this.hasMore ? html`<div class="end" aria-hidden="true"></div>` : nothing}
      </div>
      ${this.hasMore
        ? html`<button part="more" class="more" type="button" aria-disabled=${this.loadingMore ? 'true' : 'false'} @click=${() => void this.loadMore()}>
            ${this.loadingMore ? msg('Loading more…') : msg('Show more')}
          </button>`
        : nothing}
      <p id="keys" class="visually-hidden">${msg('Arrow keys move between customers, Enter chooses one; the column buttons sort.')}</p>
    `;
  }

  private renderRow(
    c: CustomerRow,
    index: number,
    f: Formatter,
    active: boolean,
    selected: boolean,
    pending: RkAction | undefined,
    message: RowMessage | undefined,
    actions: boolean,
  ) {
    const tabindex = active ? '0' : '-1';
    const renewal = c.contract_end_date === null ? Number.NaN : Date.parse(`${c.contract_end_date}T00:00:00Z`);
    const unknown = html`<span aria-hidden="true">—</span><span class="visually-hidden">${msg('Unknown')}</span>`;
    return html`<tr
      part="row"
      aria-rowindex=${index + 2}
      data-id=${c.customer_id}
      data-priority=${c.intervention_priority ?? nothing}
      aria-current=${selected ? 'true' : nothing}
      aria-busy=${pending ? 'true' : 'false'}
    >
      <th part="customer" class="customer" scope="row" tabindex=${tabindex}>
        <bdi class="company">${c.company_name}</bdi> <bdi class="id">${c.customer_id}</bdi>
      </th>
      <td data-label=${msg('Health')}>${this.renderHealth(c, f)}</td>
      <td class="priority-cell" data-label=${msg('Priority')}>
        ${c.intervention_priority
          ? html`<span part="priority" class="chip" data-priority=${c.intervention_priority}
              ><span class="dot" aria-hidden="true"></span>${valueLabel(c.intervention_priority)}</span
            >`
          : nothing}
      </td>
      <td class="num" data-label=${msg('Churn probability')}>${c.churn_probability === null ? unknown : f.percent(c.churn_probability)}</td>
      <td part="mrr" class="num" data-label=${msg('MRR', { desc: 'Monthly recurring revenue, abbreviated.' })}>${f.currency(c.mrr)}</td>
      <td part="renewal" data-label=${msg('Renewal')}>
        ${Number.isFinite(renewal) ? html`<time datetime=${c.contract_end_date ?? ''}>${f.date(renewal, { dateStyle: 'medium', timeZone: 'UTC' })}</time>` : unknown}
      </td>
      <td part="owner" data-label=${msg('Owner')}>${c.csm_owner ? renderIdentifier(c.csm_owner) : html`<span class="muted">${msg('Unassigned')}</span>`}</td>
      <td part="open-work" data-label=${msg('Open work')}>
        <span class="open" data-count=${c.open_interventions}
          >${c.open_interventions === 1 ? msg('1 intervention') : msg(str`${f.number(c.open_interventions)} interventions`)}</span
        >
        <span class="open" data-count=${c.open_tickets}>${c.open_tickets === 1 ? msg('1 ticket') : msg(str`${f.number(c.open_tickets)} tickets`)}</span>
      </td>
      ${actions ? renderRowActions(c.company_name, tabindex, pending, message) : nothing}
    </tr>`;
  }

  private renderHealth(c: CustomerRow, f: Formatter) {
    if (c.health_score === null) return html`<span class="muted">${msg('Not scored')}</span>`;
    const score = clampScore(c.health_score);
    const band = bandForScore(score);
    const scoreText = f.number(c.health_score, { maximumFractionDigits: 1 });
    return html`<div
      part="health"
      class="health"
      data-band=${band.status}
      role="meter"
      aria-label=${msg('Health score')}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${score}
      aria-valuetext=${msg(str`${scoreText} of 100, ${statusLabel(band.status)}`)}
    >
      <span class="score">${scoreText}</span><span class="bar"><span class="fill" style=${styleMap({ width: `${score}%`, background: band.color })}></span></span>
    </div>`;
  }
}

/** Saves a file the way a download link does. */
function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
