import { msg, str } from '@lit/localize';
import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { LiveFilter } from '../core/connection';
import { ApiError, type ApiClient } from '../core/api-client';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { RkErrorEvent, RkSelectEvent } from '../core/events';
import { FocusGroupController } from '../core/focus-group';
import { loadingPlaceholder } from '../core/frame';
import { copiesOf, LiveListController } from '../core/live-data';
import { valueLabel } from '../core/status';
import { WriteAccess } from '../core/write-access';
import { baseStyles, cardStyles, chipStyles, stateStyles } from '../core/styles';
import type { Alert, ChurnAlert, Priority } from '../core/types';
import { churnAlertsStyles } from './churn-alerts.styles';

/** Why alerts were dismissed: one by its button, all by "Dismiss all", or by `auto-dismiss`. */
export type AlertDismissReason = 'dismiss' | 'dismiss-all' | 'auto';

/** Alerts are being dismissed. Cancelable: `preventDefault()` keeps them. */
export class RkAlertDismissEvent extends Event {
  static readonly eventName = 'rk-alert-dismiss';
  readonly alerts: readonly ChurnAlert[];
  readonly reason: AlertDismissReason;

  constructor(alerts: readonly ChurnAlert[], reason: AlertDismissReason) {
    super(RkAlertDismissEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.alerts = alerts;
    this.reason = reason;
  }

  /** The ids of the dismissed alerts. */
  get alertIds(): string[] {
    return this.alerts.map((a) => a.alert_id);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rk-alert-dismiss': RkAlertDismissEvent;
  }
}

const SEVERITY_ORDER: readonly Priority[] = ['critical', 'high', 'medium', 'low'];
/** Most toasts shown at once. */
const MAX_TOASTS = 3;

const createdAt = (a: ChurnAlert) => {
  const t = Date.parse(a.created_at);
  return Number.isFinite(t) ? t : 0;
};

/** Alert order: critical first, then newest, then id. */
export function compareAlerts(a: ChurnAlert, b: ChurnAlert): number {
  const sa = SEVERITY_ORDER.indexOf(a.severity);
  const sb = SEVERITY_ORDER.indexOf(b.severity);
  return (
    (sa < 0 ? 4 : sa) - (sb < 0 ? 4 : sb) ||
    createdAt(b) - createdAt(a) ||
    (a.alert_id < b.alert_id ? -1 : a.alert_id > b.alert_id ? 1 : 0)
  );
}

/** An acknowledgement is a later copy of the alert: its time is when it was acknowledged. */
const ALERT_IDENTITY = { key: (a: ChurnAlert) => a.alert_id, time: (a: ChurnAlert) => a.acknowledged_at ?? a.created_at };

/** The inbox's two views: the open alerts, and those someone acknowledged. */
export type AlertView = 'open' | 'acknowledged';
const VIEWS: readonly AlertView[] = ['open', 'acknowledged'];

/** An alert of `GET /api/alerts` as the live event carries it. */
const churnAlertOf = (a: Alert): ChurnAlert => ({
  alert_id: a.id,
  account_id: a.account_id,
  company_name: a.company_name,
  severity: a.severity,
  title: a.title,
  message: a.message,
  created_at: a.created_at,
  acknowledged_at: a.acknowledged_at,
  acknowledged_by: a.acknowledged_by,
});

/** A page of `GET /api/alerts?state=…` and the cursor of the next (null: the last page). */
interface InboxPage {
  alerts: readonly ChurnAlert[];
  next: string | null;
  /** Alerts of the view on the server when they were fetched. */
  total: number;
}

/** The pages "Load more" fetched after a view's first page (`after`), and the cursor of the next. */
interface MorePages {
  after: InboxPage;
  alerts: readonly ChurnAlert[];
  next: string | null;
}

const viewOf = {
  fromAttribute: (value: string | null): AlertView => (value?.trim().toLowerCase() === 'acknowledged' ? 'acknowledged' : 'open'),
};

/** Newest first, as the server pages them. */
const newestFirst = (a: ChurnAlert, b: ChurnAlert) => createdAt(b) - createdAt(a) || (a.alert_id < b.alert_id ? 1 : a.alert_id > b.alert_id ? -1 : 0);

/** The panel's margin to the viewport's edges. */
const EDGE = 8;

/** `show-notifications`: absent or any value but `false` is on. */
const defaultOn = {
  fromAttribute: (value: string | null) => value === null || value.trim().toLowerCase() !== 'false',
  toAttribute: (value: boolean) => (value ? null : 'false'),
};

const bellIcon = svg`<path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" fill="currentColor"></path>`;

/**
 * @summary A notification bell for churn alerts: a badge with the unread count, a panel listing
 * the alerts (critical first, then newest), toasts for new ones, and dismissal.
 *
 * With an API client (inside `<rk-provider>`, or standalone with `api`/`token`) it loads the open
 * alerts when it starts (`GET /api/alerts?state=open`) and the badge counts the server's open
 * alerts, moved by live arrivals and acknowledgements; "Acknowledge" (csm, admin; a viewer is not
 * offered it) takes an alert out of every open inbox. New and acknowledged alerts follow
 * `churn_alert` live events. With `.data` instead, nothing is fetched and the badge counts unread
 * alerts. Opening the panel marks them read. The panel is a popover in the top layer, placed under the bell and kept inside the
 * viewport at any width; toasts float over the page, outside its flow.
 * The panel has two tabs, "Open" and "Acknowledged" (`view`): the acknowledged alerts
 * (`GET /api/alerts?state=acknowledged`, fetched when the tab is chosen, with those acknowledged
 * live laid over them) say who acknowledged them and when. Both views fetch `limit` alerts a page,
 * newest first on the server, and "Load more" fetches the next page.
 * Alerts that arrive after the widget first rendered are shown as toasts under the bell (unless
 * `show-notifications="false"`, when only the badge counts them) and new critical ones are
 * announced to screen readers through a polite live region.
 *
 * With `auto-dismiss="N"` a non-critical alert dismisses itself N seconds after the widget first
 * showed it; critical alerts never do. The clock does not run out while the panel is open: alerts
 * whose time has passed go when it closes.
 *
 * Keyboard: the bell is a button (Enter/Space toggle the panel); Escape closes the panel and
 * returns focus to the bell. The tabs are one tab stop: Arrow Left and Right (mirrored right to
 * left), Home and End move between them and show their view.
 *
 * @fires rk-alert-dismiss - Alerts are being dismissed (`event.alerts`, `event.alertIds`, `event.reason`: dismiss, dismiss-all, auto). Cancelable.
 * @fires rk-select - The company of an alert was chosen (`event.customerId`).
 * @fires rk-error - Standalone with `enable-live`: the live connection failed (it keeps retrying); or an acknowledgement failed.
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No alerts." text.
 *
 * @csspart base - The widget.
 * @csspart bell - The bell button.
 * @csspart badge - The unread counter on the bell.
 * @csspart toasts - The toasts under the bell.
 * @csspart toast - One toast (`data-severity`).
 * @csspart panel - The alert panel.
 * @csspart panel-header - The panel's title row with the indicators and "Dismiss all".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the live connection is down.
 * @csspart dismiss-all - The "Dismiss all" button.
 * @csspart tabs - The tab list of the two views.
 * @csspart tab - A tab (`data-view`: open, acknowledged; `aria-selected`).
 * @csspart view - The tab panel of the chosen view.
 * @csspart list - The list of alerts.
 * @csspart alert - One alert (`data-severity`, `data-unread`).
 * @csspart acknowledgement - Who acknowledged an alert and when (the acknowledged view).
 * @csspart load-more - Fetches the view's next page ("Load more").
 * @csspart severity - An alert's severity chip.
 * @csspart company - An alert's company (a button that fires `rk-select`).
 * @csspart alert-title - An alert's title.
 * @csspart alert-message - An alert's message.
 * @csspart time - An alert's time.
 * @csspart dismiss - An alert's dismiss button (hides it in this page only).
 * @csspart acknowledge - An alert's acknowledge button (with an API client whose token may acknowledge).
 * @csspart skeleton - The placeholder while the live connection opens.
 * @csspart error - The message when the live connection cannot be opened.
 * @csspart retry - The "Retry now" button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-severity-critical - Colour of critical alerts and the badge with a critical unread (default `--rk-color-churn-risk`).
 * @cssprop --rk-severity-high - Colour of high alerts (default `--rk-color-warning`).
 * @cssprop --rk-severity-medium - Colour of medium alerts (default `--rk-color-primary`).
 * @cssprop --rk-severity-low - Colour of low alerts (default `--rk-color-good`).
 * @cssprop --rk-alerts-panel-max-height - Largest height of the alert list before it scrolls (default 28em).
 * @cssprop --rk-color-primary - Buttons, the badge and the focus ring.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 * @cssprop --rk-touch-target - Least size of buttons (default 44px).
 */
export class ChurnAlerts extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, chipStyles, churnAlertsStyles];

  /**
   * The open alerts when the widget starts (not only those arriving while the page is open); it
   * also holds the live stream while the bell is on the page, as every data controller does.
   * A viewer token (403) or a server without the inbox (404) leaves it to the live alerts.
   */
  private readonly inbox = new DataController<InboxPage>(this, {
    args: () => (this.data === undefined ? [this.pageSize] : null),
    load: (client, signal) => this.fetchPage(client, 'open', undefined, signal),
    emptyOn: (error) => error instanceof ApiError && (error.status === 403 || error.status === 404),
  });
  /** The acknowledged alerts' first page: fetched (again) each time their tab is chosen. */
  private readonly acknowledgedInbox = new DataController<InboxPage>(this, {
    args: () => (this.data === undefined && this.view === 'acknowledged' ? [this.pageSize] : null),
    load: (client, signal) => this.fetchPage(client, 'acknowledged', undefined, signal),
    emptyOn: (error) => error instanceof ApiError && (error.status === 403 || error.status === 404),
  });
  /** Per view, the pages "Load more" fetched. */
  @state() private more: Partial<Record<AlertView, MorePages>> = {};
  @state() private loadingMore = false;
  private readonly joinedPages = new WeakMap<MorePages, readonly ChurnAlert[]>();
  /** The page's alerts, or the open inbox's pages, with the live ones laid over them, by id (the live rule). */
  private readonly liveAlerts = new LiveListController<ChurnAlert, readonly ChurnAlert[], readonly ChurnAlert[]>(this, {
    ...ALERT_IDENTITY,
    source: () => (this.data !== undefined ? { data: this.data, since: 0 } : { data: this.inbox.data && this.fetched('open'), since: this.inbox.since }),
    items: (alerts) => alerts,
    watch: (store) => store.alerts.get(),
    copies: (alerts, store) => copiesOf(alerts, store, ALERT_IDENTITY),
  });

  private readonly dismissed = new Set<string>();
  private readonly read = new Set<string>();
  /** Alerts that were unread when the panel last opened: marked "New" in it. */
  private highlighted = new Set<string>();
  /** When the widget first showed each alert (the `auto-dismiss` clock). */
  private readonly firstSeen = new Map<string, number>();
  /** Alerts that arrived after the first render: the toast candidates. */
  private readonly fresh = new Set<string>();
  private initialised = false;
  private wasOpen = false;
  private announcement = '';
  private lastError: Error | undefined;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private timerSeconds = 0;
  private current: ChurnAlert[] = [];
  /** Whether the panel's popover is shown or being shown. */
  private popoverOpen = false;
  /** Alerts whose acknowledgement is under way. */
  private readonly acknowledging = new Set<string>();
  private readonly onViewportChange = () => {
    if (this.open) this.placePanel();
  };
  /** The tabs are one tab stop; the arrow keys move between them (automatic activation: focus shows the view). */
  private readonly tabFocus = new FocusGroupController(this, {
    keys: () => VIEWS,
    item: (view) => this.renderRoot.querySelector<HTMLElement>(`[part~="tab"][data-view="${view}"]`),
    keyOf: (element) => element.closest<HTMLElement>('[part~="tab"]')?.dataset.view,
    focusTarget: (tab) => tab,
    page: 1,
    orientation: 'horizontal',
  });
  /** Acknowledge is offered to the roles that may record it (csm, admin), never to a viewer. */
  private readonly writeAccess = new WriteAccess(this);

  constructor() {
    super();
    // Errors of the widget's own live connection (standalone with enable-live).
    this.addEventListener(RkErrorEvent.eventName, (event) => {
      if (event.target === this) {
        this.lastError = event.error;
        this.requestUpdate();
      }
    });
  }

  /** Alerts given by the page, merged with the live ones (by `alert_id`). */
  @property({ attribute: false }) data: readonly ChurnAlert[] | undefined;

  /** Seconds after which a non-critical alert dismisses itself; 0 (default): never. */
  @property({ attribute: 'auto-dismiss', type: Number }) autoDismiss = 0;

  /** Show toasts for new alerts (default). `show-notifications="false"`: only the badge counts them. */
  @property({ attribute: 'show-notifications', converter: defaultOn }) showNotifications = true;

  /** Whether the panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** The panel's tab: `open` (default) or `acknowledged` alerts. */
  @property({ reflect: true, converter: viewOf }) view: AlertView = 'open';

  /** Alerts fetched a page (1-200, default 50), in each view; "Load more" fetches the next. */
  @property({ type: Number }) limit = 50;

  /**
   * `loading` while the live connection opens and no alert has come, `error` while it is down with
   * none, otherwise `ready` or `empty` (no alert to show).
   */
  get state(): DataState {
    const status = this.liveEnabled ? this.liveStore.status.get() : 'idle';
    if (this.collect().length > 0) return 'ready';
    if (status === 'offline') return 'error';
    return status === 'connecting' || this.inbox.state === 'loading' ? 'loading' : 'empty';
  }

  /** The alerts shown (not dismissed), critical first, then newest. */
  get alerts(): ChurnAlert[] {
    return this.collect();
  }

  /** The acknowledged alerts shown in their tab: the fetched pages with those acknowledged live, newest first. */
  get acknowledgedAlerts(): ChurnAlert[] {
    const byId = new Map(this.fetched('acknowledged').map((a) => [a.alert_id, a]));
    for (const a of this.liveAlerts.items) if (a.acknowledged_at !== null) byId.set(a.alert_id, a);
    return [...byId.values()].sort(newestFirst);
  }

  /** Alerts not yet seen in the open panel. */
  get unreadCount(): number {
    return this.collect().filter((a) => !this.read.has(a.alert_id)).length;
  }

  /**
   * Open alerts: with the inbox loaded, the server's total moved by what happened since (live
   * arrivals, acknowledgements, dismissals); otherwise undefined (the badge counts unread ones).
   */
  get openCount(): number | undefined {
    const inbox = this.data === undefined ? this.inbox.data : undefined;
    if (!inbox) return undefined;
    const fetched = this.fetched('open').filter((a) => a.acknowledged_at === null).length;
    return Math.max(0, inbox.total - fetched + this.collect().length);
  }

  /** Acknowledges an alert through the API (csm, admin): it leaves the open list. Resolves whether it did. */
  async acknowledge(alert: ChurnAlert): Promise<boolean> {
    const client = this.apiClient;
    if (!client || this.acknowledging.has(alert.alert_id)) return false;
    this.acknowledging.add(alert.alert_id);
    this.requestUpdate();
    try {
      this.liveAlerts.put(churnAlertOf(await client.acknowledgeAlert(alert.alert_id)));
      return true;
    } catch (caught) {
      this.emit(new RkErrorEvent(caught instanceof Error ? caught : new Error(String(caught))));
      return false;
    } finally {
      this.acknowledging.delete(alert.alert_id);
      this.requestUpdate();
    }
  }

  /** Dismisses alerts (fires `rk-alert-dismiss`; a cancelled event keeps them). Returns whether they went. */
  dismiss(alerts: readonly ChurnAlert[], reason: AlertDismissReason = 'dismiss'): boolean {
    const live = alerts.filter((a) => !this.dismissed.has(a.alert_id));
    if (live.length === 0) return false;
    if (!this.emit(new RkAlertDismissEvent(live, reason))) return false;
    for (const a of live) {
      this.dismissed.add(a.alert_id);
      clearTimeout(this.timers.get(a.alert_id));
      this.timers.delete(a.alert_id);
    }
    this.requestUpdate();
    return true;
  }

  /** Dismisses every alert shown. */
  dismissAll(): boolean {
    return this.dismiss(this.collect(), 'dismiss-all');
  }

  /** Fetches the next page of the current view and adds it to the list; resolves whether it did. */
  async loadMore(): Promise<boolean> {
    const view = this.view;
    const first = this.firstPage(view).data;
    const cursor = this.nextCursor(view);
    const client = this.apiClient;
    if (!cursor || !first || !client || this.loadingMore) return false;
    this.loadingMore = true;
    try {
      const page = await this.fetchPage(client, view, cursor);
      // A reload meanwhile replaced the first page: its own next page is to come, this one is stale.
      if (this.firstPage(view).data !== first) return false;
      const before = this.more[view]?.after === first ? this.more[view].alerts : [];
      this.more = { ...this.more, [view]: { after: first, alerts: [...before, ...page.alerts], next: page.next } };
      return true;
    } catch (caught) {
      this.emit(new RkErrorEvent(caught instanceof Error ? caught : new Error(String(caught))));
      return false;
    } finally {
      this.loadingMore = false;
    }
  }

  /** Opens or closes the panel. */
  async toggle(open = !this.open): Promise<void> {
    this.open = open;
    await this.updateComplete;
  }

  private get pageSize(): number {
    return Math.min(200, Math.max(1, Math.round(this.limit) || 50));
  }

  private fetchPage(client: ApiClient, view: AlertView, cursor: string | undefined, signal?: AbortSignal): Promise<InboxPage> {
    return client
      .alerts({ state: view, limit: this.pageSize, ...(cursor ? { cursor } : {}) }, { signal })
      .then((page) => ({ alerts: page.alerts.map(churnAlertOf), next: page.next_cursor, total: page.total }));
  }

  private firstPage(view: AlertView): DataController<InboxPage> {
    return view === 'open' ? this.inbox : this.acknowledgedInbox;
  }

  /** A view's fetched alerts: its first page and those "Load more" added to it. */
  private fetched(view: AlertView): readonly ChurnAlert[] {
    const first = this.firstPage(view).data;
    if (!first) return [];
    const more = this.more[view];
    if (more?.after !== first) return first.alerts;
    // The same array until another page comes: the live list is worked out again only then.
    const joined = this.joinedPages.get(more);
    if (joined) return joined;
    const alerts = [...first.alerts, ...more.alerts];
    this.joinedPages.set(more, alerts);
    return alerts;
  }

  /** Where a view's next page starts: after the last page "Load more" fetched, else after the first; null: no more. */
  private nextCursor(view: AlertView): string | null {
    const first = this.firstPage(view).data;
    if (!first) return null;
    const more = this.more[view];
    return more?.after === first ? more.next : first.next;
  }

  protected override liveFilter(): LiveFilter {
    return { types: ['churn_alert'] };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.clearTimers();
    this.listenToViewport(false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const shown = this.current;
    const alerts = (this.current = this.collect());
    const now = Date.now();
    const arrivedCritical: ChurnAlert[] = [];
    // The inbox's alerts were there before the page opened: no toast, no announcement.
    const fetched = new Set(this.fetched('open').map((a) => a.alert_id));
    for (const a of alerts) {
      if (this.firstSeen.has(a.alert_id)) continue;
      this.firstSeen.set(a.alert_id, now);
      if (!this.initialised || fetched.has(a.alert_id)) continue;
      this.fresh.add(a.alert_id);
      if (a.severity === 'critical') arrivedCritical.push(a);
    }
    this.initialised = true;
    if (arrivedCritical.length > 0) {
      this.announcement = this.inLocale(() => arrivedCritical.map((a) => msg(str`New critical churn alert: ${a.company_name}: ${a.title}`)).join('. '));
    }
    if (this.open !== this.wasOpen) {
      // Opening marks every alert read (the unread ones stay highlighted while open); closing marks those that came meanwhile.
      if (this.open) this.highlighted = new Set(alerts.filter((a) => !this.read.has(a.alert_id)).map((a) => a.alert_id));
      for (const a of this.open ? alerts : shown) this.read.add(a.alert_id);
      this.wasOpen = this.open;
    }
    if (changed.has('view')) this.tabFocus.activeKey = this.view;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.syncTimers();
    this.syncPopover();
  }

  // ---- the panel: a popover in the top layer, kept inside the viewport ----

  private get panel(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="panel"]');
  }

  /** `open` drives the popover (the bell, Escape and a click outside drive `open` through `toggle` events). */
  private syncPopover(): void {
    const panel = this.panel;
    if (!panel?.isConnected) return;
    // The state `beforetoggle` announced: an update may run while the browser is still showing it.
    const shown = this.popoverOpen;
    if (this.open && !shown) panel.showPopover();
    else if (!this.open && shown) panel.hidePopover();
    if (this.open) this.placePanel();
    this.listenToViewport(this.open);
  }

  private listenToViewport(on: boolean): void {
    const method = on ? 'addEventListener' : 'removeEventListener';
    globalThis[method]('resize', this.onViewportChange);
    globalThis[method]('scroll', this.onViewportChange, true);
  }

  /** `beforetoggle` (synchronous, unlike `toggle`): the bell, Escape or a click outside opened or closed the popover. */
  private onPanelToggle(event: ToggleEvent): void {
    const open = event.newState === 'open';
    this.popoverOpen = open;
    if (open !== this.open) this.open = open;
  }

  /** Shown (the `toggle` event comes once it is laid out): placed with its real size. */
  private onPanelShown(event: ToggleEvent): void {
    if (event.newState === 'open') this.placePanel();
  }

  /**
   * Under the bell, its end edge on the bell's (start edge in right-to-left), moved and narrowed
   * to stay `EDGE` px inside the viewport at any width; above the bell when there is more room there.
   */
  private placePanel(): void {
    const panel = this.panel;
    const bell = this.renderRoot.querySelector<HTMLElement>('[part~="bell"]');
    // Not laid out yet (an update inside the browser's show): the `toggle` event places it.
    if (!panel || !bell || panel.offsetWidth === 0) return;
    const view = { width: document.documentElement.clientWidth || innerWidth, height: innerHeight };
    const anchor = bell.getBoundingClientRect();
    panel.style.maxWidth = `${view.width - 2 * EDGE}px`;
    const width = Math.min(panel.offsetWidth, view.width - 2 * EDGE);
    const rtl = getComputedStyle(this).direction === 'rtl';
    const preferred = rtl ? anchor.left : anchor.right - width;
    const left = Math.min(Math.max(EDGE, preferred), view.width - EDGE - width);
    const below = view.height - anchor.bottom - 2 * EDGE;
    const above = anchor.top - 2 * EDGE;
    const down = below >= Math.min(320, above);
    panel.style.left = `${Math.max(EDGE, left)}px`;
    panel.style.top = down ? `${anchor.bottom + EDGE}px` : 'auto';
    panel.style.bottom = down ? 'auto' : `${view.height - anchor.top + EDGE}px`;
    panel.style.maxHeight = `${Math.max(120, down ? below : above)}px`;
  }

  private collect(): ChurnAlert[] {
    return this.liveAlerts.items.filter((a) => a.acknowledged_at === null && !this.dismissed.has(a.alert_id)).sort(compareAlerts);
  }

  // ---- auto-dismiss ----

  private clearTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private syncTimers(): void {
    const seconds = this.autoDismiss > 0 && Number.isFinite(this.autoDismiss) ? this.autoDismiss : 0;
    if (seconds !== this.timerSeconds || this.open || !this.isConnected) {
      this.clearTimers();
      this.timerSeconds = seconds;
    }
    if (seconds === 0 || this.open || !this.isConnected) return;
    const visible = new Set(this.current.map((a) => a.alert_id));
    for (const [id, timer] of this.timers) {
      if (!visible.has(id)) {
        clearTimeout(timer);
        this.timers.delete(id);
      }
    }
    const now = Date.now();
    for (const a of this.current) {
      if (a.severity === 'critical' || this.timers.has(a.alert_id)) continue;
      const due = (this.firstSeen.get(a.alert_id) ?? now) + seconds * 1000;
      this.timers.set(
        a.alert_id,
        setTimeout(() => {
          this.timers.delete(a.alert_id);
          this.dismiss([a], 'auto');
        }, Math.max(0, due - now)),
      );
    }
  }

  // ---- handlers ----

  private async close(): Promise<void> {
    await this.toggle(false);
    this.renderRoot.querySelector<HTMLElement>('[part~="bell"]')?.focus();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.open) return;
    event.stopPropagation();
    void this.close();
  }

  private async onDismissOne(alert: ChurnAlert, where: 'panel' | 'toast'): Promise<void> {
    const list = where === 'panel' ? this.current : this.toasts();
    const index = list.findIndex((a) => a.alert_id === alert.alert_id);
    const neighbour = list[index + 1] ?? list[index - 1];
    if (!this.dismiss([alert], 'dismiss')) return;
    await this.updateComplete;
    const selector = where === 'panel' ? '[part~="alert"]' : '[part~="toast"]';
    const next = neighbour
      ? this.renderRoot.querySelector<HTMLElement>(`${selector}[data-id="${CSS.escape(neighbour.alert_id)}"] [part~="dismiss"]`)
      : null;
    (next ?? this.renderRoot.querySelector<HTMLElement>('[part~="bell"]'))?.focus();
  }

  private async onAcknowledge(alert: ChurnAlert): Promise<void> {
    const index = this.current.findIndex((a) => a.alert_id === alert.alert_id);
    const neighbour = this.current[index + 1] ?? this.current[index - 1];
    if (!(await this.acknowledge(alert))) return;
    await this.updateComplete;
    const next = neighbour
      ? this.renderRoot.querySelector<HTMLElement>(`[part~="alert"][data-id="${CSS.escape(neighbour.alert_id)}"] [part~="acknowledge"]`)
      : null;
    (next ?? this.renderRoot.querySelector<HTMLElement>('[part~="bell"]'))?.focus();
  }

  private async onDismissAll(): Promise<void> {
    if (!this.dismissAll()) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="bell"]')?.focus();
  }

  /** A tab took the focus (the arrow keys, a click, Tab): its view shows. */
  private onTabFocusin(event: FocusEvent): void {
    this.tabFocus.onFocusin(event);
    const view = (event.target as Element).closest<HTMLElement>('[part~="tab"]')?.dataset.view;
    if (view === 'open' || view === 'acknowledged') this.view = view;
  }

  /** "Load more" keeps the focus while there is more; after the last page it moves to the first alert it added. */
  private async onLoadMore(): Promise<void> {
    const shown = () => (this.view === 'open' ? this.current : this.acknowledgedAlerts);
    const before = new Set(shown().map((a) => a.alert_id));
    if (!(await this.loadMore())) return;
    await this.updateComplete;
    if (this.renderRoot.querySelector('[part~="load-more"]')) return;
    const added = shown().find((a) => !before.has(a.alert_id));
    const company = added
      ? this.renderRoot.querySelector<HTMLElement>(`[part~="alert"][data-id="${CSS.escape(added.alert_id)}"] [part~="company"]`)
      : null;
    company?.focus();
  }

  private select(alert: ChurnAlert): void {
    this.emit(new RkSelectEvent(alert.account_id));
  }

  private retry(): void {
    // Every event stream waiting to reconnect retries at once when the browser says it is online.
    globalThis.dispatchEvent(new Event('online'));
  }

  // ---- rendering ----

  private toasts(): ChurnAlert[] {
    if (!this.showNotifications || this.open) return [];
    return this.current
      .filter((a) => this.fresh.has(a.alert_id) && !this.read.has(a.alert_id))
      .sort((a, b) => createdAt(b) - createdAt(a) || compareAlerts(a, b))
      .slice(0, MAX_TOASTS);
  }

  protected override render() {
    const alerts = this.current;
    const unread = alerts.filter((a) => !this.read.has(a.alert_id));
    const criticalUnread = unread.some((a) => a.severity === 'critical');
    const open = this.openCount;
    const count = open ?? unread.length;
    const label = this.bellLabel(open, unread.length, criticalUnread);
    return html`
      <div part="base" class="base" @keydown=${this.onKeydown}>
        <div class="bar">
          <button
            part="bell"
            class="bell"
            type="button"
            aria-label=${label}
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="panel"
            popovertarget="panel"
            data-critical=${criticalUnread ? 'true' : 'false'}
          >
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${bellIcon}</svg>
            ${count > 0 ? html`<span part="badge" class="badge" aria-hidden="true">${count > 99 ? '99+' : this.format.number(count)}</span>` : nothing}
          </button>
        </div>
        ${this.renderToasts()} ${this.renderPanel(alerts)}
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </div>
    `;
  }

  /** The bell's name: how many alerts are open (or unread), and whether critical ones are new. */
  private bellLabel(open: number | undefined, unread: number, criticalUnread: boolean): string {
    if (open === undefined) {
      const n = this.format.number(unread);
      if (unread === 0) return msg('Churn alerts: no unread alerts');
      return criticalUnread ? msg(str`Churn alerts: ${n} unread, including critical`) : msg(str`Churn alerts: ${n} unread`);
    }
    const n = this.format.number(open);
    if (open === 0) return criticalUnread ? msg('Churn alerts: no open alerts, new critical ones among them') : msg('Churn alerts: no open alerts');
    return criticalUnread ? msg(str`Churn alerts: ${n} open, new critical ones among them`) : msg(str`Churn alerts: ${n} open`);
  }

  private severityChip(a: ChurnAlert) {
    return html`<span part="severity" class="chip" data-severity=${a.severity}
      ><span class="dot" aria-hidden="true"></span>${valueLabel(String(a.severity))}</span
    >`;
  }

  private colour(a: ChurnAlert) {
    const severity = SEVERITY_ORDER.includes(a.severity) ? a.severity : 'low';
    return styleMap({ '--_rk-chip-color': `var(--_rk-severity-${severity})` });
  }

  private renderTime(a: ChurnAlert) {
    if (!Number.isFinite(Date.parse(a.created_at))) return nothing;
    return html`<time part="time" class="time" datetime=${a.created_at} title=${this.format.date(a.created_at, { dateStyle: 'medium', timeStyle: 'short' })}
      >${this.format.relativeTime(a.created_at)}</time
    >`;
  }

  private renderToasts() {
    const toasts = this.toasts();
    if (toasts.length === 0) return nothing;
    return html`<div part="toasts" class="toasts">
      ${toasts.map(
        (a) => html`<div part="toast" class="toast" role="group" aria-label=${msg(str`${valueLabel(String(a.severity))} alert`)}
          data-id=${a.alert_id} data-severity=${a.severity} style=${this.colour(a)}>
          <div class="alert-head">${this.severityChip(a)} ${this.renderTime(a)}</div>
          <button part="company" class="company" type="button" dir="auto" @click=${() => this.select(a)}>${a.company_name}</button>
          <p part="alert-title" class="alert-title" dir="auto">${a.title}</p>
          <button part="dismiss" class="dismiss" type="button" @click=${() => void this.onDismissOne(a, 'toast')}>
            ${msg('Dismiss')}<span class="visually-hidden"> ${msg(str`alert: ${a.company_name}, ${a.title}`)}</span>
          </button>
        </div>`,
      )}
    </div>`;
  }

  private renderPanel(alerts: ChurnAlert[]) {
    const status = this.liveEnabled ? this.liveStore.status.get() : 'idle';
    const loading = this.view === 'open' ? this.state === 'loading' : this.acknowledgedInbox.state === 'loading';
    const offline = status === 'offline' && alerts.length > 0;
    return html`
      <div part="panel" id="panel" class="card panel" popover="auto" role="region" aria-label=${msg('Churn alerts')} aria-busy=${loading ? 'true' : 'false'}
        @beforetoggle=${this.onPanelToggle} @toggle=${this.onPanelShown}>
        <div part="panel-header" class="header">
          <span class="title">${msg('Churn alerts')}</span>
          ${status === 'live' ? html`<span part="live-indicator" class="badge-text live">${msg('Live')}</span>` : nothing}
          ${offline ? html`<span part="offline-indicator" class="badge-text offline">${msg('Offline: alerts may be out of date')}</span>` : nothing}
          ${this.view === 'open' && alerts.length > 1
            ? html`<button part="dismiss-all" class="dismiss-all" type="button" @click=${() => void this.onDismissAll()}>${msg('Dismiss all')}</button>`
            : nothing}
        </div>
        ${this.renderTabs()}
        <div part="view" id="view" class="view" role="tabpanel" aria-labelledby="tab-${this.view}">
          ${this.view === 'open' ? this.renderOpen(alerts) : this.renderAcknowledgedView()} ${this.renderLoadMore()}
        </div>
      </div>
    `;
  }

  private renderTabs() {
    return html`<div part="tabs" class="tabs" role="tablist" aria-label=${msg('Alerts to show')} @keydown=${this.tabFocus.onKeydown}
      @focusin=${this.onTabFocusin}>
      ${VIEWS.map(
        (view) => html`<button part="tab" class="tab" role="tab" type="button" id="tab-${view}" data-view=${view} aria-controls="view"
          aria-selected=${view === this.view ? 'true' : 'false'} tabindex=${view === this.tabFocus.activeKey ? '0' : '-1'} @click=${() => (this.view = view)}>
          ${valueLabel(view)}
        </button>`,
      )}
    </div>`;
  }

  private renderOpen(alerts: ChurnAlert[]) {
    const state = this.state;
    if (state === 'loading') return loadingPlaceholder(html`<div class="shape line"></div><div class="shape line short"></div>`, msg('Connecting to live alerts…'));
    if (state === 'error') {
      return html`<div part="error" class="message">
        <p class="error-text">${msg('Live alerts are unavailable: the connection failed. Retrying automatically.')}</p>
        ${this.lastError ? html`<p class="detail">${this.lastError.message}</p>` : nothing}
        <button part="retry" type="button" @click=${() => this.retry()}>${msg('Retry now')}</button>
      </div>`;
    }
    if (alerts.length === 0) return html`<p part="empty" class="empty"><slot name="empty">${msg('No alerts.')}</slot></p>`;
    return html`<ul part="list" class="list" aria-label=${msg('Alerts, critical first')}>
      ${alerts.map((a) => this.renderAlert(a))}
    </ul>`;
  }

  private renderAcknowledgedView() {
    const page = this.acknowledgedInbox;
    const alerts = this.acknowledgedAlerts;
    if (alerts.length === 0 && page.state === 'loading') {
      return loadingPlaceholder(html`<div class="shape line"></div><div class="shape line short"></div>`, msg('Loading acknowledged alerts…'));
    }
    if (alerts.length === 0 && page.state === 'error') {
      return html`<div part="error" class="message">
        <p class="error-text">${msg('The acknowledged alerts could not be loaded.')}</p>
        ${page.error ? html`<p class="detail">${page.error.message}</p>` : nothing}
        <button part="retry" type="button" @click=${() => void page.reload()}>${msg('Retry now')}</button>
      </div>`;
    }
    if (alerts.length === 0) return html`<p part="empty" class="empty">${msg('No acknowledged alerts.')}</p>`;
    return html`<ul part="list" class="list" aria-label=${msg('Acknowledged alerts, newest first')}>
      ${alerts.map((a) => this.renderAcknowledged(a))}
    </ul>`;
  }

  private renderLoadMore() {
    if (!this.nextCursor(this.view)) return nothing;
    // aria-disabled, not disabled, while loading: a disabled button would drop the focus.
    return html`<button part="load-more" class="load-more" type="button" aria-disabled=${this.loadingMore ? 'true' : 'false'}
      @click=${() => void this.onLoadMore()}>
      ${this.loadingMore ? msg('Loading…') : msg('Load more')}
    </button>`;
  }

  private renderAcknowledged(a: ChurnAlert) {
    return html`<li part="alert" class="alert" data-id=${a.alert_id} data-severity=${a.severity} data-unread="false" style=${this.colour(a)}>
      <div class="alert-head">${this.severityChip(a)} ${this.renderTime(a)}</div>
      <button part="company" class="company" type="button" dir="auto" @click=${() => this.select(a)}>${a.company_name}</button>
      <p part="alert-title" class="alert-title" dir="auto">${a.title}</p>
      <p part="alert-message" class="alert-message" dir="auto">${a.message}</p>
      <p part="acknowledgement" class="acknowledgement">${this.acknowledgement(a)}</p>
    </li>`;
  }

  /** "Acknowledged by <who>, <when>": the name isolated (a Latin e-mail address inside Arabic text). */
  private acknowledgement(a: ChurnAlert) {
    const at = a.acknowledged_at ?? '';
    const when = Number.isFinite(Date.parse(at))
      ? html`<time datetime=${at} title=${this.format.date(at, { dateStyle: 'medium', timeStyle: 'short' })}>${this.format.relativeTime(at)}</time>`
      : '';
    return a.acknowledged_by ? msg(html`Acknowledged by <bdi>${a.acknowledged_by}</bdi>, ${when}`) : msg(html`Acknowledged ${when}`);
  }

  private renderAlert(a: ChurnAlert) {
    const isNew = this.highlighted.has(a.alert_id) || !this.read.has(a.alert_id);
    return html`<li part="alert" class="alert" data-id=${a.alert_id} data-severity=${a.severity} data-unread=${isNew ? 'true' : 'false'}
      style=${this.colour(a)}>
      <div class="alert-head">
        ${this.severityChip(a)} ${isNew ? html`<span class="new">${msg('New', { desc: 'An alert not seen before.' })}</span>` : nothing} ${this.renderTime(a)}
      </div>
      <button part="company" class="company" type="button" dir="auto" @click=${() => this.select(a)}>${a.company_name}</button>
      <p part="alert-title" class="alert-title" dir="auto">${a.title}</p>
      <p part="alert-message" class="alert-message" dir="auto">${a.message}</p>
      <div class="alert-actions">
        ${this.apiClient && this.writeAccess.offered
          ? html`<button part="acknowledge" class="acknowledge" type="button" ?disabled=${this.acknowledging.has(a.alert_id)}
              @click=${() => void this.onAcknowledge(a)}>
              ${this.acknowledging.has(a.alert_id) ? msg('Saving…') : msg('Acknowledge')}<span class="visually-hidden"> ${msg(str`alert: ${a.company_name}, ${a.title}`)}</span>
            </button>`
          : nothing}
        <button part="dismiss" class="dismiss" type="button" @click=${() => void this.onDismissOne(a, 'panel')}>
          ${msg('Dismiss')}<span class="visually-hidden"> ${msg(str`alert: ${a.company_name}, ${a.title}`)}</span>
        </button>
      </div>
    </li>`;
  }
}
