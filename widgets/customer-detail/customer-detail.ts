import { provide } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AccountLive } from '../core/account-live';
import { ApiError } from '../core/api-client';
import type { LiveFilter } from '../core/connection';
import { liveStoreContext } from '../core/context';
import { ACTION_LABELS, CUSTOMER_ACTIONS, runCustomerAction, startRecommendation } from '../core/customer-actions';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { RkErrorEvent, RkNoteAddedEvent, type RkAction } from '../core/events';
import { identifierStyles, renderFactList, renderIdentifier, renderRiskFactorList, type Fact } from '../core/fact-list';
import { emptyMessage, renderFrame } from '../core/frame';
import { isOverdue, OPEN_INTERVENTION_STATUSES, typeLabel } from '../core/interventions';
import type { LiveStore } from '../core/live-store';
import { MinuteTicker } from '../core/minute-ticker';
import { recommendationStyles, renderTopRecommendation } from '../core/recommendation';
import { riskFactorsOf } from '../core/risk-factors';
import { humanize, valueLabel } from '../core/status';
import { baseStyles, cardStyles, chipStyles, fieldStyles, priorityStyles, stateStyles } from '../core/styles';
import { WriteAccess } from '../core/write-access';
import type {
  AccountNote,
  AccountNotePage,
  AccountProfile,
  AccountTimelinePage,
  CustomerHealth,
  Intervention,
  InterventionPage,
  RecommendedAction,
  TimelineItem,
} from '../core/types';
import '../health-gauge/define';
import '../health-history-chart/define';
import { customerDetailStyles } from './customer-detail.styles';

/** Longest note the server takes. */
const MAX_NOTE = 10_000;
const PAGE = 20;

/** A page of a listing the element extends with "Load more". */
interface Paged<T> {
  items: T[];
  next: string | null;
}

/**
 * @summary Everything about one account in one place: its facts (plan, MRR and ARR, renewal,
 * owner, lifecycle, contacts, traits), the health score with its components and the "Why?"
 * explanation, the health trend over the status bands, risk factors, the recommended next step
 * with a one-click Start, open interventions with the Call / Email / Create task actions, the
 * timeline of everything that happened (activity, tickets, payments, NPS answers, interventions,
 * alerts, notes; newest first, "Load more"), and the notes with a form to add one.
 *
 * Set `account-id`: the account's facts (`GET /api/accounts/{id}`), health, open interventions,
 * timeline and notes are fetched from the enclosing `<rk-provider>` (or the `api`/`token`
 * attributes), and the account's `customer_health_update` and `intervention_update` live events
 * keep the score and interventions current (a saved note reloads the timeline's first page).
 * An unknown account shows the empty state.
 *
 * It is content, not a container: shown inline it fills its box; as a drawer the host wraps it
 * (the demo puts it in a `<dialog>` at the side, as one would in `<sl-drawer>`). Container
 * queries lay it out in one column below 600 px of its own width, down to 320 px.
 *
 * The top entry of the health's `recommended_actions` is shown as `<customer-health-card>` shows it:
 * for a play measured against its control group (`basis: "evidence"`), the churn it prevented among
 * accounts in the same risk band with its 95 % interval and treated / held-out counts; for the
 * reference's rule (`basis: "rule"`), labelled as a rule, not evidence. Its Start fires the
 * cancelable `rk-recommendation-start` and, unless cancelled, records the play's intervention
 * through `POST /api/interventions` as the quick actions do.
 *
 * Notes and every other text from the server are rendered as text, never as HTML. Writing notes,
 * the quick actions and Start need a csm or admin token: a token whose `role` claim is another (a
 * viewer's, a member's) is shown neither the note form nor the actions nor Start (the server
 * refuses them anyway); a member token reads notes only with the `notes:read` scope and is not
 * shown the timeline.
 *
 * @fires rk-action - A quick action was chosen on the account (`event.action`, `event.customerId`). Cancelable: `preventDefault()` stops the element from recording it.
 * @fires rk-recommendation-start - Start was pressed on the recommended play (`event.recommendation`, `event.customerId`). Cancelable: `preventDefault()` stops the element from recording it.
 * @fires rk-note-added - A note was saved (`event.note`).
 * @fires rk-error - Loading or saving failed (`event.error`).
 * @fires rk-toggle - The gauge's explanation opened or closed (`event.open`).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot idle - Replaces the "Choose a customer to see their details." text.
 * @slot empty - Replaces the "No such customer." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row.
 * @csspart title - The company name.
 * @csspart customer-id - The account id.
 * @csspart live-indicator - "Live" badge.
 * @csspart offline-indicator - "Offline" badge.
 * @csspart facts - The facts list (plan, MRR, ARR, renewal, owner…).
 * @csspart contacts - The contacts list.
 * @csspart traits - The traits list.
 * @csspart gauge - The `<health-gauge>` with the components and "Why?".
 * @csspart trend - The `<health-history-chart>` of the account's score.
 * @csspart risk-factors - The risk factors list.
 * @csspart risk-factor - One risk factor (`data-code`).
 * @csspart recommendation - The recommended play (`data-basis`: evidence or rule).
 * @csspart recommendation-title - Its title.
 * @csspart recommendation-reason - Why it is recommended.
 * @csspart recommendation-evidence - The measured effect and counts, or "Rule, not evidence".
 * @csspart recommendation-start - Its Start button.
 * @csspart interventions - The open interventions list.
 * @csspart intervention - One open intervention (`data-priority`, `data-overdue`).
 * @csspart actions - The quick action buttons.
 * @csspart action - One quick action (`data-action`).
 * @csspart timeline - The timeline list.
 * @csspart timeline-item - One timeline entry (`data-kind`).
 * @csspart load-more - A "Load more" button.
 * @csspart notes - The notes list.
 * @csspart note - One note.
 * @csspart note-form - The add-note form.
 * @csspart note-input - Its text area.
 * @csspart note-submit - Its Save button.
 * @csspart message - A polite live region saying how an action or save went.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - An error message block.
 * @csspart retry - A retry button.
 * @csspart idle - The message shown without an account.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-color-primary - Buttons and focus ring.
 * @cssprop --rk-color-error - Error text and the overdue marker.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-surface-variant - Section and chip backgrounds.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 * @cssprop --rk-touch-target - Least size of buttons (default 44px).
 */
@localized()
export class CustomerDetail extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, priorityStyles, chipStyles, fieldStyles, identifierStyles, recommendationStyles, customerDetailStyles];

  private readonly profile = new DataController<AccountProfile>(this, {
    args: () => (this.accountId ? [this.accountId] : null),
    load: (client, signal) => client.account(this.accountId ?? '', { signal }),
    emptyOn: (error) => error instanceof ApiError && error.status === 404,
  });

  private readonly health = new DataController<CustomerHealth>(this, {
    args: () => (this.accountId ? [this.accountId] : null),
    load: (client, signal) => client.health(this.accountId ?? '', { signal }),
    emptyOn: (error) => error instanceof ApiError && error.status === 404,
  });

  private readonly interventionPage = new DataController<InterventionPage>(this, {
    args: () => (this.accountId ? [this.accountId] : null),
    load: (client, signal) => client.interventions({ account_id: this.accountId ?? '', status: [...OPEN_INTERVENTION_STATUSES], limit: 50 }, { signal }),
  });

  private readonly timeline = new DataController<Paged<TimelineItem>>(this, {
    args: () => (this.accountId ? [this.accountId, this.timelineReloads] : null),
    load: async (client, signal) => pagedOf(await client.accountTimeline(this.accountId ?? '', { limit: PAGE }, { signal })),
    isEmpty: (page) => page.items.length === 0,
  });

  private readonly notes = new DataController<Paged<AccountNote>>(this, {
    args: () => (this.accountId ? [this.accountId] : null),
    load: async (client, signal) => notesOf(await client.accountNotes(this.accountId ?? '', { limit: PAGE }, { signal })),
  });

  /** A role that may not write is not offered the note form, the actions or the recommended play's Start. */
  private readonly writeAccess = new WriteAccess(this);

  /** The account's health and open interventions with its live updates (and the element's own interventions) laid over them. */
  private readonly live = new AccountLive(this, {
    health: () => this.health,
    interventions: () => this.interventionPage,
    accountId: () => this.accountId,
  });

  private readonly ticker = new MinuteTicker(this);

  /** The gauge shows what it is given (with the live updates already laid over it), following no store. */
  @provide({ context: liveStoreContext }) protected gaugeStore: LiveStore | undefined = undefined;

  /** The account to show. */
  @property({ attribute: 'account-id', reflect: true }) accountId: string | undefined;

  @state() private pending: RkAction | 'recommendation' | 'note' | 'timeline' | 'notes' | undefined;
  @state() private message: { tone: 'pending' | 'success' | 'error'; text: string } | undefined;
  @state() private draft = '';
  @state() private timelineReloads = 0;

  /** The state of the account's facts: `idle`, `loading`, `error`, `empty` (unknown account) or `ready`. */
  get state(): DataState {
    return this.profile.state;
  }

  /** Loads everything again. */
  reload(): Promise<void> {
    return Promise.all([this.profile, this.health, this.interventionPage, this.timeline, this.notes].map((c) => c.reload())).then(() => undefined);
  }

  protected override liveFilter(): LiveFilter {
    const id = this.accountId;
    return { types: ['customer_health_update', 'intervention_update'], ...(id ? { accountIds: [id] } : {}) };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('accountId')) {
      this.message = undefined;
      this.draft = '';
    }
  }

  private get openInterventions(): Intervention[] {
    return this.live.openInterventions;
  }

  // ---- handlers ----

  private act(action: RkAction, health: CustomerHealth): Promise<void> {
    return this.record(action, () => runCustomerAction(this, this.apiClient, action, health.customer_id, health.intervention_priority));
  }

  private start(recommendation: RecommendedAction, health: CustomerHealth): Promise<void> {
    return this.record('recommendation', () => startRecommendation(this, this.apiClient, recommendation, health.customer_id, health.intervention_priority));
  }

  /** Records what `run` creates, one thing at a time: lists it at once, and says how it went in the live region. */
  private async record(what: RkAction | 'recommendation', run: () => Promise<Intervention | undefined>): Promise<void> {
    if (this.pending) return;
    this.pending = what;
    this.message = { tone: 'pending', text: this.inLocale(() => msg('Saving…')) };
    try {
      const created = await run();
      if (created) {
        this.live.put(created);
        this.message = { tone: 'success', text: this.inLocale(() => msg(str`Created: ${typeLabel(created.intervention_type)}.`)) };
      } else {
        this.message = undefined;
      }
    } catch (caught) {
      this.fail(caught);
    } finally {
      this.pending = undefined;
    }
  }

  private async more(which: 'timeline' | 'notes'): Promise<void> {
    const client = this.apiClient;
    const id = this.accountId;
    const source = which === 'timeline' ? this.timeline : this.notes;
    const cursor = source.data?.next;
    if (!client || !id || !cursor || this.pending) return;
    this.pending = which;
    try {
      const next =
        which === 'timeline'
          ? pagedOf(await client.accountTimeline(id, { limit: PAGE, cursor }))
          : notesOf(await client.accountNotes(id, { limit: PAGE, cursor }));
      const current = source.data;
      if (current && this.accountId === id) (source as DataController<Paged<unknown>>).data = { items: [...current.items, ...next.items], next: next.next };
    } catch (caught) {
      this.fail(caught);
    } finally {
      this.pending = undefined;
    }
  }

  private async addNote(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const client = this.apiClient;
    const id = this.accountId;
    const text = this.draft;
    if (!client || !id || this.pending) return;
    if (text.trim().length === 0) {
      this.message = { tone: 'error', text: this.inLocale(() => msg('Write a note first.')) };
      this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
      return;
    }
    this.pending = 'note';
    this.message = { tone: 'pending', text: this.inLocale(() => msg('Saving the note…')) };
    try {
      const note = await client.addAccountNote(id, text);
      const current = this.notes.data;
      this.notes.data = { items: [note, ...(current?.items ?? [])], next: current?.next ?? null };
      this.notes.state = 'ready';
      this.draft = '';
      this.message = { tone: 'success', text: this.inLocale(() => msg('Note saved.')) };
      this.timelineReloads++;
      this.emit(new RkNoteAddedEvent(note));
    } catch (caught) {
      this.fail(caught);
    } finally {
      this.pending = undefined;
    }
  }

  private fail(caught: unknown): void {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    this.message = { tone: 'error', text: this.inLocale(() => msg(str`Could not save: ${error.message}`)) };
    this.emit(new RkErrorEvent(error));
  }

  // ---- rendering ----

  protected override render() {
    const profile = this.profile.state === 'ready' ? this.profile.data : undefined;
    return renderFrame(this.profile, {
      heading: html`<h2 part="title" class="title" id="title">
        ${profile ? html`<bdi>${profile.company_name}</bdi>` : msg('Customer details')}
        ${this.accountId ? html`<span part="customer-id" class="customer-id"><span class="visually-hidden">${msg('Customer id')} </span><bdi>${this.accountId}</bdi></span>` : nothing}
      </h2>`,
      also: [this.health, this.interventionPage],
      hasData: profile !== undefined,
      skeleton: html`<div class="shape line"></div><div class="shape line short"></div><div class="shape area"></div>`,
      loading: msg('Loading customer details…'),
      failed: msg("the customer's details"),
      body: () => profile && this.renderReady(profile),
      empty:
        this.profile.state === 'idle'
          ? emptyMessage(msg('Choose a customer to see their details.'), 'idle')
          : emptyMessage(msg('No such customer.')),
      after: html`<p part="message" class="message-line" role="status" data-tone=${this.message?.tone ?? nothing}>${this.message?.text ?? nothing}</p>`,
    });
  }

  private renderReady(profile: AccountProfile) {
    return html`
      <div class="layout">
        <div class="column">${this.renderFacts(profile)} ${this.renderHealth()}</div>
        <div class="column">${this.renderRecommendation()} ${this.renderInterventions()} ${this.renderNotes()} ${this.renderTimeline()}</div>
      </div>
    `;
  }

  private renderFacts(p: AccountProfile) {
    const f = this.format;
    const facts: Fact[] = [
      { term: msg('Plan'), value: html`<bdi>${p.plan}</bdi>` },
      { term: msg('MRR', { desc: 'Monthly recurring revenue, abbreviated.' }), value: f.currency(p.mrr) },
      { term: msg('ARR'), value: f.currency(p.arr) },
      {
        term: msg('Renewal'),
        value: p.contract_end_date ? html`<time datetime=${p.contract_end_date}>${f.date(p.contract_end_date, { dateStyle: 'medium', timeZone: 'UTC' })}</time>` : msg('Not set'),
      },
      { term: msg('Owner'), value: p.csm_owner ? renderIdentifier(p.csm_owner) : msg('Unassigned') },
      { term: msg('Lifecycle stage'), value: valueLabel(p.lifecycle_stage) },
      { term: msg('Payment'), value: valueLabel(p.payment_status) },
      { term: msg('Customer since'), value: p.customer_since ? f.date(p.customer_since, { dateStyle: 'medium', timeZone: 'UTC' }) : msg('Unknown') },
    ];
    const traits = Object.entries(p.traits);
    return html`
      <section aria-labelledby="facts-title">
        <h3 id="facts-title" class="section-title">${msg('Account')}</h3>
        ${renderFactList(facts, { part: 'facts', className: 'facts' })}
        <h3 id="contacts-title" class="section-title">${msg('Contacts')}</h3>
        ${p.contacts.length > 0
          ? html`<ul part="contacts" class="plain" aria-labelledby="contacts-title">
              ${p.contacts.map(
                (c) => html`<li>
                  ${c.name ? html`<bdi>${c.name}</bdi>` : c.email ? renderIdentifier(c.email) : '—'}${c.primary ? html` <span class="tag">${msg('Primary')}</span>` : nothing}
                  ${c.email && c.name ? html`<br /><a class="email" href=${`mailto:${c.email}`}>${renderIdentifier(c.email)}</a>` : nothing}
                </li>`,
              )}
            </ul>`
          : html`<p class="none">${msg('No contacts.')}</p>`}
        ${traits.length > 0
          ? html`<h3 id="traits-title" class="section-title">${msg('Traits')}</h3>
              ${renderFactList(
                traits.map(([k, v]) => ({ term: humanize(k), value: html`<bdi>${String(v)}</bdi>` })),
                { part: 'traits', className: 'facts' },
              )}`
          : nothing}
      </section>
    `;
  }

  private renderHealth() {
    const state = this.health.state;
    const health = state === 'ready' ? this.live.health : undefined;
    if (state === 'loading') return html`<p class="none" role="status">${msg('Loading health…')}</p>`;
    if (state === 'error') return this.sectionError(msg('Could not load the health score.'), this.health);
    if (!health) return html`<p class="none">${msg('No health score for this customer yet.')}</p>`;
    const factors = riskFactorsOf(health);
    return html`
      <section aria-labelledby="health-title">
        <h3 id="health-title" class="section-title">${msg('Health')}</h3>
        <health-gauge part="gauge" theme=${this.theme} locale=${this.format.locale} .data=${health}></health-gauge>
        <h3 id="risk-title" class="section-title">${msg('Risk factors')}</h3>
        ${renderRiskFactorList(factors, this.format, { labelledBy: 'risk-title', className: 'chips' })}
        <health-history-chart part="trend" theme=${this.theme} locale=${this.format.locale} .snapshots=${health.history}></health-history-chart>
      </section>
    `;
  }

  private renderRecommendation() {
    const health = this.health.state === 'ready' ? this.live.health : undefined;
    if (!health) return nothing;
    return renderTopRecommendation(health, {
      format: this.format,
      startable: this.writeAccess.offered,
      busy: this.pending !== undefined,
      starting: this.pending === 'recommendation',
      headingLevel: 3,
      start: (top) => void this.start(top, health),
    });
  }

  private renderInterventions() {
    const health = this.health.state === 'ready' ? this.live.health : undefined;
    const page = this.interventionPage;
    const items = this.openInterventions;
    const now = Date.now();
    return html`
      <section aria-labelledby="interventions-title">
        <h3 id="interventions-title" class="section-title">${msg('Open interventions')}</h3>
        ${page.state === 'error'
          ? this.sectionError(msg('Could not load the open interventions.'), page)
          : items.length > 0
            ? html`<ul part="interventions" class="plain" aria-labelledby="interventions-title">
                ${items.map(
                  (i) => html`<li part="intervention" class="item" data-priority=${i.priority} data-overdue=${isOverdue(i, now) ? 'true' : 'false'}>
                    ${i.title ? html`<strong dir="auto">${i.title}</strong>` : html`<strong>${typeLabel(i.intervention_type)}</strong>`}
                    <span class="meta"
                      >${typeLabel(i.intervention_type)} · ${msg(str`${valueLabel(i.priority)} priority`)} · ${valueLabel(i.status)}${isOverdue(i, now)
                        ? html` · <span class="overdue">${msg('overdue')}</span>`
                        : nothing}</span
                    >
                    ${i.description ? html`<span class="text" dir="auto">${i.description}</span>` : nothing}
                  </li>`,
                )}
              </ul>`
            : html`<p class="none">${page.state === 'loading' ? msg('Loading…') : msg('No open interventions.')}</p>`}
        ${health && this.writeAccess.offered
          ? html`<div part="actions" class="actions" role="group" aria-label=${msg(str`Quick actions for ${health.company_name}`)}>
              ${CUSTOMER_ACTIONS.map(
                (action) => html`<button part="action" type="button" data-action=${action} aria-disabled=${this.pending ? 'true' : 'false'} @click=${() => void this.act(action, health)}>
                  ${ACTION_LABELS[action]}
                </button>`,
              )}
            </div>`
          : nothing}
      </section>
    `;
  }

  private renderNotes() {
    const notes = this.notes;
    const refused = notes.state === 'error' && notes.error instanceof ApiError && notes.error.status === 403;
    return html`
      <section aria-labelledby="notes-title">
        <h3 id="notes-title" class="section-title">${msg('Notes')}</h3>
        ${this.writeAccess.offered ? this.renderNoteForm() : nothing}
        ${refused
          ? html`<p class="none">${msg('This sign-in may not read notes.')}</p>`
          : notes.state === 'error'
            ? this.sectionError(msg('Could not load the notes.'), notes)
            : notes.data && notes.data.items.length > 0
              ? html`<ul part="notes" class="plain" aria-labelledby="notes-title">
                  ${notes.data.items.map(
                    (n) => html`<li part="note" class="item">
                      <span class="meta">${renderIdentifier(n.author)} · <time datetime=${n.created_at}>${this.format.relativeTime(n.created_at)}</time></span>
                      <span class="text note-text" dir="auto">${n.text}</span>
                    </li>`,
                  )}
                </ul>
                ${this.loadMore('notes', notes.data.next)}`
              : html`<p class="none">${notes.state === 'loading' ? msg('Loading…') : msg('No notes yet.')}</p>`}
      </section>
    `;
  }

  private renderNoteForm() {
    const saving = this.pending === 'note';
    return html`<form part="note-form" class="note-form" @submit=${(e: SubmitEvent) => void this.addNote(e)}>
      <label for="note-input">${msg('Add a note')}</label>
      <textarea
        id="note-input"
        part="note-input"
        rows="3"
        maxlength=${MAX_NOTE}
        .value=${this.draft}
        @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <button part="note-submit" class="primary" type="submit" aria-disabled=${saving ? 'true' : 'false'}>${saving ? msg('Saving…') : msg('Save note')}</button>
    </form>`;
  }

  private renderTimeline() {
    const timeline = this.timeline;
    if (timeline.state === 'error' && timeline.error instanceof ApiError && timeline.error.status === 403) return nothing;
    return html`
      <section aria-labelledby="timeline-title">
        <h3 id="timeline-title" class="section-title">${msg('Timeline')}</h3>
        ${timeline.state === 'error'
          ? this.sectionError(msg('Could not load the timeline.'), timeline)
          : timeline.data && timeline.data.items.length > 0
            ? html`<ol part="timeline" class="plain timeline" aria-labelledby="timeline-title">
                  ${timeline.data.items.map((item) => this.renderItem(item))}
                </ol>
                ${this.loadMore('timeline', timeline.data.next)}`
            : html`<p class="none">${timeline.state === 'loading' ? msg('Loading…') : msg('Nothing has happened yet.')}</p>`}
      </section>
    `;
  }

  private renderItem(item: TimelineItem) {
    const f = this.format;
    const what = describe(item, f);
    return html`<li part="timeline-item" class="item" data-kind=${item.kind}>
      <span class="meta"><span class="kind">${kindLabel(item.kind)}</span> · <time datetime=${item.at}>${f.date(item.at, { dateStyle: 'medium', timeStyle: 'short' })}</time></span>
      ${what ? html`<span class="text">${what}</span>` : nothing}
      ${item.summary && item.kind !== 'note' && item.kind !== 'nps' ? html`<span class="text muted" dir="auto">${item.summary}</span>` : nothing}
    </li>`;
  }

  private loadMore(which: 'timeline' | 'notes', next: string | null) {
    if (!next) return nothing;
    const busy = this.pending === which;
    return html`<button part="load-more" type="button" aria-disabled=${busy ? 'true' : 'false'} @click=${() => void this.more(which)}>
      ${busy ? msg('Loading…') : msg('Load more')}<span class="visually-hidden">: ${which === 'timeline' ? msg('Timeline') : msg('Notes')}</span>
    </button>`;
  }

  private sectionError(text: string, source: { error: Error | undefined; reload(): Promise<void> }) {
    return html`<div part="error" class="message" role="alert">
      <p class="error-text">${text}</p>
      ${source.error ? html`<p class="detail">${source.error.message}</p>` : nothing}
      <button part="retry" type="button" @click=${() => void source.reload()}>${msg('Retry')}</button>
    </div>`;
  }
}

const pagedOf = (page: AccountTimelinePage): Paged<TimelineItem> => ({ items: page.items, next: page.next_cursor });
const notesOf = (page: AccountNotePage): Paged<AccountNote> => ({ items: page.notes, next: page.next_cursor });

function kindLabel(kind: TimelineItem['kind']): string {
  switch (kind) {
    case 'activity':
      return msg('Activity');
    case 'alert':
      return msg('Alert');
    case 'intervention':
      return msg('Intervention');
    case 'note':
      return msg('Note');
    case 'nps':
      return msg('NPS answer');
    case 'payment':
      return msg('Payment');
    case 'ticket':
      return msg('Ticket');
  }
}

/** The line a timeline item shows, in words; data (titles, notes, comments) stays as sent. */
function describe(item: TimelineItem, f: { currency(v: number): string; number(v: number): string }): unknown {
  const value = item.value;
  switch (item.kind) {
    case 'activity':
      return item.subtype === 'login'
        ? msg(html`Login by ${item.actor ? renderIdentifier(item.actor) : '—'}`)
        : item.subtype === 'session' && value !== null
          ? msg(str`Session of ${f.number(Math.round(value / 60))} min`)
          : msg(html`Used <bdi>${item.title ?? '—'}</bdi>`);
    case 'payment':
      return item.subtype === 'failed' ? msg(str`Payment of ${f.currency(value ?? 0)} failed`) : msg(str`Payment of ${f.currency(value ?? 0)}`);
    case 'nps':
      return html`${msg(str`Score ${f.number(value ?? 0)}`)}${item.summary ? html`: <q dir="auto">${item.summary}</q>` : nothing}`;
    case 'note':
      return html`${item.actor ? renderIdentifier(item.actor) : nothing}: <span dir="auto">${item.summary}</span>`;
    case 'ticket':
    case 'intervention':
    case 'alert':
      return html`<span dir="auto">${item.title ?? ''}</span>${item.status ? html` <span class="tag">${valueLabel(item.status)}</span>` : nothing}`;
  }
}
