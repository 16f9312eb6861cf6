import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ApiError, type ApiClient } from '../core/api-client';
import type { LiveFilter } from '../core/connection';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { RkErrorEvent } from '../core/events';
import { identifierStyles, renderIdentifier } from '../core/fact-list';
import { emptyMessage, renderFrame } from '../core/frame';
import { compareInterventions, isOverdue, LIVE_INTERVENTIONS, OPEN_INTERVENTION_STATUSES, typeLabel } from '../core/interventions';
import { LiveListController } from '../core/live-data';
import { MinuteTicker } from '../core/minute-ticker';
import { valueLabel } from '../core/status';
import { baseStyles, cardStyles, chipStyles, fieldStyles, priorityStyles, stateStyles } from '../core/styles';
import { INTERVENTION_OUTCOMES, type Intervention, type InterventionCreate, type InterventionOutcome, type InterventionPatch } from '../core/types';
import { withEntry } from '../core/values';
import { WriteAccess } from '../core/write-access';
import { InterventionCreateForm } from './create-form';
import { interventionQueueStyles } from './intervention-queue.styles';

/** What a button of the queue (or its create form) asks for. */
export type InterventionAction = 'execute' | 'respond' | 'complete' | 'cancel' | 'create';

/**
 * An intervention was changed or created from the queue. With an API client the event comes
 * after the server accepted the change and `intervention` is the server's copy; without one the
 * queue changes nothing itself, `intervention` is undefined and the page carries `change` out.
 */
export class RkInterventionChangeEvent extends Event {
  static readonly eventName = 'rk-intervention-change';
  readonly action: InterventionAction;
  /** The intervention changed; null for `create`. */
  readonly interventionId: string | null;
  /** The PATCH body (or, for `create`, the POST body). */
  readonly change: InterventionPatch | InterventionCreate;
  /** The server's copy after the change; undefined when there is no API client. */
  readonly intervention: Intervention | undefined;

  constructor(action: InterventionAction, interventionId: string | null, change: InterventionPatch | InterventionCreate, intervention?: Intervention) {
    super(RkInterventionChangeEvent.eventName, { bubbles: true, composed: true });
    this.action = action;
    this.interventionId = interventionId;
    this.change = change;
    this.intervention = intervention;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rk-intervention-change': RkInterventionChangeEvent;
  }
}

/** "Could not …" of each action, in the updating element's language. */
const ACTION_FAILED: Record<InterventionAction, (reason: string) => string> = {
  execute: (reason) => msg(str`Could not execute: ${reason}`),
  respond: (reason) => msg(str`Could not mark as responded: ${reason}`),
  complete: (reason) => msg(str`Could not complete: ${reason}`),
  cancel: (reason) => msg(str`Could not cancel: ${reason}`),
  create: (reason) => msg(str`Could not create: ${reason}`),
};

/** What a 409 says: the intervention changed elsewhere, and the list is being refreshed. */
const ACTION_CONFLICT: Record<InterventionAction, (reason: string) => string> = {
  execute: (reason) => msg(str`Conflict: could not execute, the intervention has changed elsewhere (${reason}). The list is being refreshed.`),
  respond: (reason) => msg(str`Conflict: could not mark as responded, the intervention has changed elsewhere (${reason}). The list is being refreshed.`),
  complete: (reason) => msg(str`Conflict: could not complete, the intervention has changed elsewhere (${reason}). The list is being refreshed.`),
  cancel: (reason) => msg(str`Conflict: could not cancel, the intervention has changed elsewhere (${reason}). The list is being refreshed.`),
  create: (reason) => msg(str`Conflict: could not create, the intervention has changed elsewhere (${reason}). The list is being refreshed.`),
};

/** The announcement of a done action: `Completed: Health check call, Acme.` */
const ACTION_DONE: Record<InterventionAction, (what: string, account: string) => string> = {
  execute: (what, account) => msg(str`Marked as executed: ${what}, ${account}.`),
  respond: (what, account) => msg(str`Marked as responded: ${what}, ${account}.`),
  complete: (what, account) => msg(str`Completed: ${what}, ${account}.`),
  cancel: (what, account) => msg(str`Cancelled: ${what}, ${account}.`),
  create: (what, account) => msg(str`Created: ${what}, ${account}.`),
};

/** A page of open interventions and the cursor of the next (null: the last page). */
interface QueuePage {
  items: readonly Intervention[];
  next: string | null;
}

interface OpenForm {
  id: string;
  kind: 'complete' | 'cancel';
}

/**
 * @summary The open interventions (planned, executed, responded), most urgent first, with the
 * buttons that move each one along its lifecycle and a form to create one.
 *
 * Order: priority (critical first), then due time; a planned intervention past its due time says
 * "Overdue" in words once an hour's grace has passed. Each item shows its type, account (name and
 * id), title, description, priority, status, assignee, due time (relative and absolute) and notes;
 * "Show more" fetches the next page. The buttons follow the status: Execute (planned), Mark
 * responded (executed), Complete with an outcome (executed, responded) and Cancel, after a
 * confirmation (any open status).
 *
 * Two ways to feed it:
 * - `.data = [...]` (the `interventions` of `GET /api/interventions`): shown as is;
 * - inside `<rk-provider>` (or with `api`/`token`): fetched, filtered by `account-id` and
 *   `assigned-to`, refreshed every `refresh-interval` seconds and on a live `reset`.
 *
 * With an API client the buttons and the create form PATCH and POST through it (a 409 conflict or
 * any other failure is shown at the item; the server's per-field 400 messages at the form's
 * fields) and `rk-intervention-change` follows the server's answer. Without one (a page that feeds
 * `.data`) they only fire `rk-intervention-change`, and the page carries the change out. A token
 * whose role may not change interventions (`viewer`, `member`) is offered neither the buttons nor
 * the create form.
 * Live `intervention_update` events add, change and (once completed or cancelled) remove items.
 *
 * @fires rk-intervention-change - An intervention was changed or created (`event.action`, `event.interventionId`, `event.change`, `event.intervention`).
 * @fires rk-error - Loading or saving failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No open interventions." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the count, the live/offline indicators and the "New intervention" button.
 * @csspart title - "Open interventions".
 * @csspart count - The number of open interventions.
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart create-toggle - The "New intervention" button.
 * @csspart create-form - The create form.
 * @csspart field - One labelled field of a form.
 * @csspart field-error - A field's error message.
 * @csspart form-error - A form's error that belongs to no field.
 * @csspart list - The list of interventions.
 * @csspart item - One intervention (`data-priority`, `data-status`, `data-overdue`).
 * @csspart type - An item's intervention type.
 * @csspart account - An item's account: its name and id (the id alone when the name is unknown).
 * @csspart item-title - An item's title (the server's, e.g. the trigger's).
 * @csspart description - An item's description, when it says more than its notes.
 * @csspart show-more - Fetches the next page of open interventions (the list holds `limit` a page).
 * @csspart priority - An item's priority chip.
 * @csspart due - An item's due time.
 * @csspart notes - An item's notes.
 * @csspart actions - An item's buttons.
 * @csspart action - One action button (`data-action`).
 * @csspart complete-form - The outcome form of an item.
 * @csspart confirm - The cancel confirmation of an item.
 * @csspart item-message - An item's error (a polite live region).
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-priority-critical - Chip colour of critical priority (default `--rk-color-churn-risk`).
 * @cssprop --rk-priority-high - Chip colour of high priority (default `--rk-color-warning`).
 * @cssprop --rk-priority-medium - Chip colour of medium priority (default `--rk-color-primary`).
 * @cssprop --rk-priority-low - Chip colour of low priority (default `--rk-color-good`).
 * @cssprop --rk-color-primary - Buttons and focus ring.
 * @cssprop --rk-color-error - Error text and the overdue marker.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-surface-variant - Skeleton and form backgrounds.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 * @cssprop --rk-touch-target - Least size of buttons and fields (default 44px).
 */
export class InterventionQueue extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, priorityStyles, chipStyles, fieldStyles, identifierStyles, interventionQueueStyles];

  private readonly queue = new DataController<QueuePage>(this, {
    args: () => [this.accountId ?? null, this.assignedTo ?? null, this.limit],
    load: (client, signal) => this.fetchPage(client, undefined, signal),
  });

  /** The pages "Show more" fetched after the first, and where the next one starts (null: none). */
  @state() private more: { after: QueuePage; items: readonly Intervention[]; next: string | null } | undefined;
  @state() private loadingMore = false;

  /** The list with the live changes and the queue's own laid over it; the filters admit new items. */
  private readonly liveItems = new LiveListController<Intervention, QueuePage, ReadonlyMap<string, Intervention>>(this, {
    ...LIVE_INTERVENTIONS,
    source: () => this.queue,
    items: (page) => (this.more?.after === page ? [...page.items, ...this.more.items] : page.items),
    admit: (i) => this.matchesFilter(i),
    admitBy: () => [this.accountId, this.assignedTo, this.more],
  });

  /** Relative due times and "overdue" move on with the clock. */
  private readonly ticker = new MinuteTicker(this);

  /** A viewer's token is offered no buttons nor create form: the server would refuse them. */
  private readonly writeAccess = new WriteAccess(this);

  private readonly createForm = new InterventionCreateForm(this, {
    defaults: () => ({ accountId: this.accountId, assignedTo: this.assignedTo }),
    sent: (body, created) => this.onCreated(body, created),
    close: () => this.closeCreate(),
  });

  /** Item id → the action under way. */
  @state() private pending: ReadonlyMap<string, InterventionAction> = new Map();
  /** Item id → its error message. */
  @state() private itemErrors: ReadonlyMap<string, string> = new Map();
  @state() private openForm: OpenForm | undefined;
  @state() private announcement = '';

  /** Interventions given by the page (no fetch); closed ones are left out. */
  @property({ attribute: false }) data: readonly Intervention[] | undefined;

  /** Only this account's interventions (fetch filter, and filter of live additions). */
  @property({ attribute: 'account-id' }) accountId: string | undefined;

  /** Only interventions assigned to this person (fetch filter, and filter of live additions). */
  @property({ attribute: 'assigned-to' }) assignedTo: string | undefined;

  /** Interventions fetched a page (1-200, default 50); "Show more" fetches the next page. */
  @property({ type: Number }) limit = 50;

  /** Hides the "New intervention" button and form. */
  @property({ attribute: 'hide-create', type: Boolean, reflect: true }) hideCreate = false;

  /** Whether the create form is shown. */
  @property({ attribute: 'create-open', type: Boolean, reflect: true }) createOpen = false;

  /** `idle`, `loading`, `error`, `empty` (nothing open) or `ready`. */
  get state(): DataState {
    const s = this.queue.state;
    if (s === 'ready' || s === 'empty') return this.openItems().length > 0 ? 'ready' : 'empty';
    return s;
  }

  /** The open interventions as shown (fetched or given, with live and own changes), most urgent first. */
  get interventions(): Intervention[] {
    return this.openItems();
  }

  /** Loads the list again (what the retry button does). */
  reload(): Promise<void> {
    return this.queue.reload();
  }

  protected override liveFilter(): LiveFilter {
    return { types: ['intervention_update'], ...(this.accountId ? { accountIds: [this.accountId] } : {}) };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) this.queue.set(this.data ? { items: [...this.data], next: null } : undefined);
  }

  private fetchPage(client: ApiClient, cursor: string | undefined, signal?: AbortSignal): Promise<QueuePage> {
    return client
      .interventions(
        {
          status: [...OPEN_INTERVENTION_STATUSES],
          ...(this.accountId ? { account_id: this.accountId } : {}),
          ...(this.assignedTo ? { assigned_to: this.assignedTo } : {}),
          limit: Math.min(200, Math.max(1, Math.round(this.limit) || 50)),
          ...(cursor ? { cursor } : {}),
        },
        { signal },
      )
      .then((page) => ({ items: page.interventions, next: page.next_cursor }));
  }

  /** Where the next page starts: after the last page "Show more" fetched for the current list, else after the first. */
  private get nextCursor(): string | null {
    const first = this.queue.data;
    if (!first) return null;
    return this.more?.after === first ? this.more.next : first.next;
  }

  /** Fetches the next page of open interventions and adds it to the list. */
  async showMore(): Promise<void> {
    const cursor = this.nextCursor;
    const first = this.queue.data;
    const client = this.apiClient;
    if (!cursor || !first || !client || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await this.fetchPage(client, cursor);
      // A reload meanwhile replaced the list: its own first page stands, this one is stale.
      if (this.queue.data !== first) return;
      const before = this.more?.after === first ? this.more.items : [];
      this.more = { after: first, items: [...before, ...page.items], next: page.next };
    } catch (caught) {
      this.emit(new RkErrorEvent(caught instanceof Error ? caught : new Error(String(caught))));
    } finally {
      this.loadingMore = false;
    }
  }

  /** Account id → name, from the fetched pages (live events carry no name). */
  private accountNames(): ReadonlyMap<string, string> {
    const names = new Map<string, string>();
    const first = this.queue.data;
    const pages = [first?.items ?? [], first && this.more?.after === first ? this.more.items : []];
    for (const i of pages.flat()) if (i.company_name) names.set(i.account_id, i.company_name);
    return names;
  }

  private matchesFilter(i: Intervention): boolean {
    return (!this.accountId || i.account_id === this.accountId) && (!this.assignedTo || i.assigned_to === this.assignedTo);
  }

  private openItems(): Intervention[] {
    return this.liveItems.items.filter((i) => OPEN_INTERVENTION_STATUSES.includes(i.status)).sort(compareInterventions);
  }

  /** The id of the item after `id` (or before it, when it is the last). */
  private neighbourOf(id: string): string | undefined {
    const items = this.openItems();
    const index = items.findIndex((i) => i.id === id);
    return (items[index + 1] ?? items[index - 1])?.id;
  }

  private itemElement(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"]`);
  }

  private focusAction(id: string, action: string): void {
    this.itemElement(id)?.querySelector<HTMLElement>(`button[data-action="${action}"]`)?.focus();
  }

  private focusFirstAction(id: string): void {
    this.itemElement(id)?.querySelector<HTMLButtonElement>('button[data-action]:not([disabled])')?.focus();
  }

  private focusAfterRemoval(neighbour: string | undefined): void {
    if (neighbour && this.itemElement(neighbour)) this.focusFirstAction(neighbour);
    else this.renderRoot.querySelector<HTMLElement>('.list, .empty, [part~="create-toggle"]')?.focus();
  }

  // ---- handlers ----

  /** Moves an item along its lifecycle through the API (or, without a client, asks the page to). */
  private async act(item: Intervention, action: Exclude<InterventionAction, 'create'>, patch: InterventionPatch): Promise<void> {
    if (this.pending.has(item.id)) return;
    const client = this.apiClient;
    this.itemErrors = withEntry(this.itemErrors, item.id, undefined);
    if (!client) {
      this.openForm = undefined;
      this.emit(new RkInterventionChangeEvent(action, item.id, patch));
      await this.updateComplete;
      this.focusAction(item.id, action);
      return;
    }
    this.pending = withEntry(this.pending, item.id, action);
    try {
      const updated = await client.updateIntervention(item.id, patch);
      const closes = !OPEN_INTERVENTION_STATUSES.includes(updated.status);
      const nextFocus = closes ? this.neighbourOf(item.id) : undefined;
      this.liveItems.put(updated);
      this.pending = withEntry(this.pending, item.id, undefined);
      if (this.openForm?.id === item.id) this.openForm = undefined;
      this.announcement = this.inLocale(() => ACTION_DONE[action](typeLabel(item.intervention_type), item.company_name ?? item.account_id));
      this.emit(new RkInterventionChangeEvent(action, item.id, patch, updated));
      await this.updateComplete;
      if (closes) this.focusAfterRemoval(nextFocus);
      else this.focusFirstAction(item.id);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.pending = withEntry(this.pending, item.id, undefined);
      const conflict = error instanceof ApiError && error.status === 409;
      const message = this.inLocale(() => (conflict ? ACTION_CONFLICT : ACTION_FAILED)[action](error.message));
      this.itemErrors = withEntry(this.itemErrors, item.id, message);
      this.emit(new RkErrorEvent(error));
      if (conflict) void this.queue.reload();
    }
  }

  private async openItemForm(item: Intervention, kind: OpenForm['kind']): Promise<void> {
    this.openForm = { id: item.id, kind };
    await this.updateComplete;
    const target = kind === 'complete' ? 'select' : 'button[data-confirm="keep"]';
    this.itemElement(item.id)?.querySelector<HTMLElement>(`.item-form ${target}`)?.focus();
  }

  private async closeItemForm(): Promise<void> {
    const form = this.openForm;
    if (!form) return;
    this.openForm = undefined;
    await this.updateComplete;
    this.focusAction(form.id, form.kind);
  }

  private onItemKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.openForm) return;
    event.stopPropagation();
    void this.closeItemForm();
  }

  private onComplete(event: SubmitEvent, item: Intervention): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const outcome = String(data.get('outcome') ?? 'successful') as InterventionOutcome;
    const notes = String(data.get('notes') ?? '').trim();
    void this.act(item, 'complete', { status: 'completed', outcome, ...(notes ? { notes } : {}) });
  }

  private async toggleCreate(): Promise<void> {
    this.createOpen = !this.createOpen;
    await this.updateComplete;
    if (this.createOpen) this.createForm.focus();
  }

  private async closeCreate(): Promise<void> {
    this.createOpen = false;
    this.createForm.clear();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="create-toggle"]')?.focus();
  }

  /** The create form was sent: with a client, `created` is the server's copy, listed at once. */
  private async onCreated(body: InterventionCreate, created: Intervention | undefined): Promise<void> {
    if (created) {
      this.liveItems.put(created);
      this.announcement = this.inLocale(() => ACTION_DONE.create(typeLabel(created.intervention_type), created.company_name ?? created.account_id));
    } else {
      this.announcement = this.inLocale(() => msg('New intervention sent.'));
    }
    this.emit(new RkInterventionChangeEvent('create', null, body, created));
    await this.closeCreate();
  }

  // ---- rendering ----

  /** The "New intervention" button and its form: unless hidden, or the token may not write. */
  private get offersCreate(): boolean {
    return !this.hideCreate && this.writeAccess.offered;
  }

  protected override render() {
    const state = this.queue.state;
    const items = state === 'ready' || state === 'empty' || state === 'idle' ? this.openItems() : [];
    const hasData = state === 'ready' || state === 'empty';
    return renderFrame(this.queue, {
      // One template: the kit's build trims whitespace at a template's edges, which took the space before the count.
      title: hasData ? html`${msg('Open interventions')} <span part="count" class="count">(${this.format.number(items.length)})</span>` : msg('Open interventions'),
      hasData,
      actions: !this.offersCreate
        ? nothing
        : html`<button
            part="create-toggle"
            class="create-toggle"
            type="button"
            aria-expanded=${this.createOpen ? 'true' : 'false'}
            aria-controls="create-form"
            @click=${() => void this.toggleCreate()}
          >
            <span aria-hidden="true">+</span> ${msg('New intervention')}
          </button>`,
      above: this.createOpen && this.offersCreate ? this.createForm.render() : nothing,
      skeleton: [0, 1, 2].map(() => html`<div class="shape row"><div class="shape line"></div><div class="shape line short"></div></div>`),
      loading: msg('Loading interventions…'),
      failed: msg('the interventions'),
      body: () => (items.length > 0 ? this.renderList(items) : undefined),
      empty: emptyMessage(msg('No open interventions.')),
      after: html`<div class="visually-hidden" role="status">${this.announcement}</div>`,
    });
  }

  private renderList(items: Intervention[]) {
    const now = Date.now();
    const names = this.accountNames();
    return html`<ul part="list" class="list" aria-label=${msg('Open interventions')} tabindex="-1">
        ${items.map((i) => this.renderItem(i, i.company_name ?? names.get(i.account_id), now))}
      </ul>
      ${this.nextCursor && this.apiClient
        ? html`<button part="show-more" class="show-more" type="button" ?disabled=${this.loadingMore} @click=${() => void this.showMore()}>
            ${this.loadingMore ? msg('Loading…') : msg('Show more')}
          </button>`
        : nothing}`;
  }

  private renderItem(i: Intervention, companyName: string | undefined, now: number) {
    const overdue = isOverdue(i, now);
    const account = companyName ?? i.account_id;
    const context = `${typeLabel(i.intervention_type)}, ${account}`;
    const pending = this.pending.get(i.id);
    const busy = pending !== undefined;
    const form = this.openForm?.id === i.id ? this.openForm : undefined;
    const error = this.itemErrors.get(i.id) ?? '';
    const action = (name: string, label: string, onClick: () => void, primary = false) =>
      html`<button
        part="action"
        class=${primary ? 'primary' : ''}
        type="button"
        data-action=${name}
        ?disabled=${busy}
        aria-expanded=${name === 'complete' || name === 'cancel' ? (form?.kind === name ? 'true' : 'false') : nothing}
        @click=${onClick}
      >
        ${pending === name ? msg('Saving…') : label}<span class="visually-hidden">: ${context}</span>
      </button>`;
    return html`
      <li
        part="item"
        class="item"
        data-id=${i.id}
        data-priority=${i.priority}
        data-status=${i.status}
        data-overdue=${overdue ? 'true' : 'false'}
        aria-busy=${busy ? 'true' : 'false'}
        style=${styleMap({ '--_rk-chip-color': `var(--_rk-priority-${i.priority})` })}
        @keydown=${this.onItemKeydown}
      >
        <div class="item-head">
          <span part="type" class="type">${typeLabel(i.intervention_type)}</span>
          <span part="priority" class="chip" data-priority=${i.priority}
            ><span class="dot" aria-hidden="true"></span>${msg(str`${valueLabel(i.priority)} priority`)}</span
          >
        </div>
        <span part="account" class="account"
          >${companyName ? html`<bdi class="company">${companyName}</bdi> <bdi class="id">${i.account_id}</bdi>` : html`<bdi>${i.account_id}</bdi>`}</span
        >
        <p part="item-title" class="item-title" dir="auto">${i.title}</p>
        ${i.description && i.description !== i.notes ? html`<p part="description" class="description" dir="auto">${i.description}</p>` : nothing}
        <dl class="meta">
          <div><dt>${msg('Status')}</dt><dd class="status">${valueLabel(i.status)}</dd></div>
          <div><dt>${msg('Assignee')}</dt><dd class="assignee">${i.assigned_to ? renderIdentifier(i.assigned_to) : msg('Unassigned')}</dd></div>
          <div><dt>${msg('Due')}</dt><dd part="due" class="due">${this.renderDue(i, overdue, now)}</dd></div>
        </dl>
        ${i.notes ? html`<p part="notes" class="notes" dir="auto">${i.notes}</p>` : nothing}
        ${this.writeAccess.offered
          ? html`<div part="actions" class="actions">
              ${i.status === 'planned' ? action('execute', msg('Execute'), () => void this.act(i, 'execute', { status: 'executed' }), true) : nothing}
              ${i.status === 'executed' ? action('respond', msg('Mark responded'), () => void this.act(i, 'respond', { status: 'responded' }), true) : nothing}
              ${i.status === 'executed' || i.status === 'responded'
                ? action('complete', msg('Complete'), () => (form?.kind === 'complete' ? void this.closeItemForm() : void this.openItemForm(i, 'complete')), i.status === 'responded')
                : nothing}
              ${action('cancel', msg('Cancel'), () => (form?.kind === 'cancel' ? void this.closeItemForm() : void this.openItemForm(i, 'cancel')))}
            </div>`
          : nothing}
        ${form?.kind === 'complete' ? this.renderCompleteForm(i, busy) : nothing}
        ${form?.kind === 'cancel' ? this.renderConfirm(i, busy, context) : nothing}
        <p part="item-message" class="item-message" aria-live="polite">${error}</p>
      </li>
    `;
  }

  private renderDue(i: Intervention, overdue: boolean, now: number) {
    if (!i.scheduled_at || !Number.isFinite(Date.parse(i.scheduled_at))) return msg('No due time');
    const relative = this.format.relativeTime(i.scheduled_at, now);
    const absolute = this.format.date(i.scheduled_at, { dateStyle: 'medium', timeStyle: 'short' });
    // The space sits between expressions: the kit's build trims whitespace at a template's edges.
    return html`${overdue ? html`<strong class="overdue"><span aria-hidden="true">⚠ </span>${msg('Overdue:')}</strong>` : nothing} ${relative}
      (<time datetime=${i.scheduled_at}>${absolute}</time>)`;
  }

  private renderCompleteForm(i: Intervention, busy: boolean) {
    const id = `complete-${i.id}`;
    return html`
      <form part="complete-form" class="item-form" aria-label=${msg('Complete with an outcome')} @submit=${(e: SubmitEvent) => this.onComplete(e, i)}>
        <div part="field" class="field">
          <label for=${`${id}-outcome`}>${msg('Outcome')}</label>
          <select id=${`${id}-outcome`} name="outcome" ?disabled=${busy}>
            ${INTERVENTION_OUTCOMES.map((o) => html`<option value=${o}>${valueLabel(o)}</option>`)}
          </select>
        </div>
        <div part="field" class="field">
          <label for=${`${id}-notes`}>${msg('Outcome notes (optional)')}</label>
          <textarea id=${`${id}-notes`} name="notes" rows="2" maxlength="10000" ?disabled=${busy}></textarea>
        </div>
        <div class="form-actions">
          <button class="primary" type="submit" ?disabled=${busy}>${busy ? msg('Saving…') : msg('Save outcome')}</button>
          <button type="button" ?disabled=${busy} @click=${() => void this.closeItemForm()}>${msg('Back')}</button>
        </div>
      </form>
    `;
  }

  private renderConfirm(i: Intervention, busy: boolean, context: string) {
    return html`
      <div part="confirm" class="item-form confirm" role="group" aria-label=${msg('Confirm cancellation')}>
        <p>${msg('Cancel this intervention? It leaves the queue.')}</p>
        <div class="form-actions">
          <button class="danger" type="button" data-confirm="cancel" ?disabled=${busy}
            @click=${() => void this.act(i, 'cancel', { status: 'cancelled' })}>
            ${busy ? msg('Cancelling…') : msg('Yes, cancel it')}<span class="visually-hidden">: ${context}</span>
          </button>
          <button type="button" data-confirm="keep" ?disabled=${busy} @click=${() => void this.closeItemForm()}>${msg('Keep it')}</button>
        </div>
      </div>
    `;
  }
}
