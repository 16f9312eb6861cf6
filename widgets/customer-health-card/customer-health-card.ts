import { provide } from '@lit/context';
import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { AccountLive } from '../core/account-live';
import { ApiError } from '../core/api-client';
import { churnDriverStyles, churnHorizonText, renderChurnDrivers } from '../core/churn-drivers';
import type { LiveFilter } from '../core/connection';
import { liveStoreContext } from '../core/context';
import { ACTION_LABELS, CUSTOMER_ACTIONS, runCustomerAction, startRecommendation } from '../core/customer-actions';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { RkErrorEvent, type RkAction } from '../core/events';
import { renderFactList, renderRiskFactorList } from '../core/fact-list';
import { emptyMessage, renderFrame } from '../core/frame';
import { isOverdue, OPEN_INTERVENTION_STATUSES, typeLabel } from '../core/interventions';
import type { LiveStore } from '../core/live-store';
import { MinuteTicker } from '../core/minute-ticker';
import { recommendationStyles, renderTopRecommendation } from '../core/recommendation';
import { riskFactorsOf } from '../core/risk-factors';
import { valueLabel } from '../core/status';
import { baseStyles, cardStyles, chipStyles, priorityStyles, stateStyles } from '../core/styles';
import { WriteAccess } from '../core/write-access';
import type { CustomerHealth, Intervention, InterventionPage, Priority, RecommendedAction, RiskFactor } from '../core/types';
import '../health-gauge/define';
import { customerHealthCardStyles } from './customer-health-card.styles';

/** What `.data` takes: one customer's health and, optionally, their interventions. */
export interface CustomerHealthCardData {
  /** The body of `GET /api/customer-success/health/{id}`. */
  health: CustomerHealth;
  /** The customer's interventions (closed ones are left out); none when absent. */
  interventions?: readonly Intervention[];
}

/** Open interventions listed (and fetched); the rest are counted in a note. */
const MAX_INTERVENTIONS = 5;

/** The messages of recording a quick action (or the recommended play's start), in the current language. */
const RECORDING: Record<RkAction | 'recommendation', (company: string) => string> = {
  call: (company) => msg(str`Recording the call for ${company}…`),
  email: (company) => msg(str`Recording the email for ${company}…`),
  'create-task': (company) => msg(str`Recording the task for ${company}…`),
  recommendation: (company) => msg(str`Recording the recommended play for ${company}…`),
};
const NOT_RECORDED: Record<RkAction | 'recommendation', (company: string, reason: string) => string> = {
  call: (company, reason) => msg(str`Could not record the call for ${company}: ${reason}`),
  email: (company, reason) => msg(str`Could not record the email for ${company}: ${reason}`),
  'create-task': (company, reason) => msg(str`Could not record the task for ${company}: ${reason}`),
  recommendation: (company, reason) => msg(str`Could not record the recommended play for ${company}: ${reason}`),
};

interface ActionMessage {
  /** The customer the action was run on: the message is shown only while that customer is. */
  accountId: string;
  tone: 'pending' | 'success' | 'error';
  text: string;
}

/**
 * @summary One customer at a glance, sized for a 280-400 px CRM sidebar: the health gauge with
 * its components, risk level, churn probability, intervention priority, risk factors, the open
 * interventions and the Call / Email / Create task quick actions.
 *
 * Two ways to feed it:
 * - `customer-id="cust_123"`: the health and up to five open interventions are fetched from the
 *   enclosing `<rk-provider>` (or the `api`/`token` attributes), refreshed every
 *   `refresh-interval` seconds, and kept current by the `customer_health_update` and
 *   `intervention_update` live events of that customer (`enable-live` outside a provider);
 * - `.data = {health, interventions}` (`CustomerHealthCardData`): shown as given, nothing fetched.
 *
 * Without `customer-id` or data the card asks for a customer (slot `idle`); an unknown customer
 * (404) shows the empty state (slot `empty`).
 *
 * The quick actions fire the cancelable `rk-action`. Unless the page cancels it (it handles the
 * action itself), and when there is an API client, the card records the intervention through the
 * API (a call is a health-check call, an email a CSM outreach, a task an outreach or, for a
 * critical customer, an escalation; due within the priority's response time), lists it at once
 * and says so in a polite live region. A failure is said there too, and fires `rk-error`.
 *
 * The top entry of the health's `recommended_actions` is shown with its title and reason: for a
 * play measured against its control group (`basis: "evidence"`), the churn it prevented among
 * accounts in the same risk band with its 95 % interval and counts; for the reference's rule
 * (`basis: "rule"`), labelled as a rule, not evidence. Its Start button fires the cancelable
 * `rk-recommendation-start` and, unless cancelled and with a client, records the play's
 * intervention through `POST /api/interventions` as the quick actions do. A token whose `role`
 * claim may not record interventions (a viewer's) is shown the recommendation without Start.
 *
 * A token whose role may not record interventions (`viewer`, `member`) is offered neither the
 * quick actions nor Start (the recommendation is still shown); without a client (`.data`, the page
 * acting on the events) they are always offered.
 *
 * The dial is a `<health-gauge>` (`role="meter"`) in the card's shadow root; `theme` and `locale`
 * pass through to it.
 *
 * @fires rk-action - A quick action was chosen (`event.action`: call, email, create-task; `event.customerId`). Cancelable: `preventDefault()` stops the card from recording it.
 * @fires rk-recommendation-start - Start was pressed on the recommended play (`event.recommendation`, `event.customerId`). Cancelable: `preventDefault()` stops the card from recording it.
 * @fires rk-error - Loading or recording an action failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-toggle - The gauge's explanation opened or closed (`event.open`).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot idle - Replaces the "Choose a customer to see their health." text shown without a customer.
 * @slot empty - Replaces the "No health score for this customer yet." text (unknown customer).
 *
 * @csspart base - The card.
 * @csspart header - Title row with the customer id and the live/offline indicators.
 * @csspart title - The company name (or "Customer health").
 * @csspart customer-id - The customer id.
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart gauge - The `<health-gauge>` element.
 * @csspart gauge-dial - The gauge's dial (`role="meter"`).
 * @csspart gauge-score - The number in the dial.
 * @csspart gauge-status - The gauge's status label.
 * @csspart gauge-change - The gauge's 30-day change.
 * @csspart gauge-trend - The gauge's sparkline of the score over the history.
 * @csspart gauge-coverage - The gauge's "Based on 40 % of the inputs" note, shown when the score stood on part of the data.
 * @csspart gauge-components - The gauge's component list.
 * @csspart risk - The risk level, churn probability and priority list.
 * @csspart risk-level - The risk level.
 * @csspart churn-probability - The churn probability.
 * @csspart priority - The customer's intervention priority chip (`data-priority`).
 * @csspart risk-factors - The list of risk factors.
 * @csspart risk-factor - One risk factor.
 * @csspart interventions - The list of open interventions.
 * @csspart intervention - One open intervention (`data-priority`, `data-status`, `data-overdue`).
 * @csspart intervention-type - An intervention's type.
 * @csspart intervention-priority - An intervention's priority chip.
 * @csspart intervention-due - An intervention's status and due time.
 * @csspart intervention-notes - An intervention's notes (two lines at most).
 * @csspart more - The "N more open interventions" note.
 * @csspart interventions-error - The message when the interventions could not be loaded.
 * @csspart interventions-retry - Its retry button.
 * @csspart recommendation - The recommended play (`data-basis`: evidence or rule).
 * @csspart recommendation-title - Its title.
 * @csspart recommendation-reason - Why it is recommended.
 * @csspart recommendation-evidence - The measured effect and counts, or "Rule, not evidence".
 * @csspart recommendation-start - Its Start button.
 * @csspart actions - The quick action buttons.
 * @csspart action - One quick action button (`data-action`: call, email, create-task).
 * @csspart action-message - The outcome of the last quick action (a polite live region).
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart idle - The message shown without a customer.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-gauge-size - Largest width of the dial (default 240px).
 * @cssprop --rk-priority-critical - Chip colour of critical priority (default `--rk-color-churn-risk`).
 * @cssprop --rk-priority-high - Chip colour of high priority (default `--rk-color-warning`).
 * @cssprop --rk-priority-medium - Chip colour of medium priority (default `--rk-color-primary`).
 * @cssprop --rk-priority-low - Chip colour of low priority (default `--rk-color-good`).
 * @cssprop --rk-color-primary - Buttons and focus ring.
 * @cssprop --rk-color-error - Error text and the overdue marker.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-surface-variant - Skeleton and risk factor backgrounds.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px; three quarters of it below 340 px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 * @cssprop --rk-touch-target - Least size of buttons (default 44px).
 */
export class CustomerHealthCard extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, priorityStyles, chipStyles, churnDriverStyles, recommendationStyles, customerHealthCardStyles];

  private readonly health = new DataController<CustomerHealth>(this, {
    args: () => (this.customerId ? [this.customerId] : null),
    load: (client, signal) => client.health(this.customerId ?? '', { signal }),
    emptyOn: (error) => error instanceof ApiError && error.status === 404 && error.code === 'not_found',
  });

  private readonly interventionPage = new DataController<InterventionPage>(this, {
    args: () => (this.customerId ? [this.customerId] : null),
    load: (client, signal) =>
      client.interventions(
        { account_id: this.customerId ?? '', status: [...OPEN_INTERVENTION_STATUSES], limit: MAX_INTERVENTIONS },
        { signal },
      ),
  });

  /** The account's health and open interventions with its live updates (and the element's own interventions) laid over them. */
  private readonly live = new AccountLive(this, {
    health: () => this.health,
    interventions: () => this.interventionPage,
    accountId: () => this.accountId,
  });

  /** Relative due times and "overdue" move on with the clock. */
  private readonly ticker = new MinuteTicker(this);

  /** A viewer's token is offered no quick actions nor Start: the server would refuse them. */
  private readonly writeAccess = new WriteAccess(this);

  /** The quick action (or recommended play) being recorded; one at a time. */
  @state() private pendingAction: RkAction | 'recommendation' | undefined;
  /** The card lays the live updates over the health itself: the gauge in it shows what it is given, following no store. */
  @provide({ context: liveStoreContext }) protected gaugeStore: LiveStore | undefined = undefined;
  @state() private actionMessage: ActionMessage | undefined;

  /** The customer to fetch and follow. */
  @property({ attribute: 'customer-id' }) customerId: string | undefined;

  /** The health (and interventions) given by the page: nothing is fetched. */
  @property({ attribute: false }) data: CustomerHealthCardData | undefined;

  /** The state of the health data: `idle` (no customer), `loading`, `error`, `empty` (unknown customer) or `ready`. */
  get state(): DataState {
    return this.health.state;
  }

  /** The customer's open interventions as known (loaded or given, with live and own changes), most urgent first. */
  get interventions(): Intervention[] {
    return this.live.openInterventions;
  }

  /** Loads again what failed, or everything (what the retry buttons do). */
  reload(): Promise<void> {
    const failed = [this.health, this.interventionPage].filter((c) => c.state === 'error');
    return Promise.all((failed.length > 0 ? failed : [this.health, this.interventionPage]).map((c) => c.reload())).then(() => undefined);
  }

  protected override liveFilter(): LiveFilter {
    const id = this.accountId;
    return { types: ['customer_health_update', 'intervention_update'], ...(id ? { accountIds: [id] } : {}) };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) {
      this.health.set(this.data?.health);
      this.interventionPage.set(this.data ? { interventions: [...(this.data.interventions ?? [])], next_cursor: null } : undefined);
    }
  }

  /** The customer shown: the loaded or given health's, else `customer-id`. */
  private get accountId(): string | undefined {
    return this.health.data?.customer_id ?? this.customerId;
  }

  // ---- handlers ----

  private act(action: RkAction, health: CustomerHealth): Promise<void> {
    return this.record(action, health, () => runCustomerAction(this, this.apiClient, action, health.customer_id, health.intervention_priority));
  }

  private start(recommendation: RecommendedAction, health: CustomerHealth): Promise<void> {
    return this.record('recommendation', health, () =>
      startRecommendation(this, this.apiClient, recommendation, health.customer_id, health.intervention_priority),
    );
  }

  /** Records what `run` creates, one at a time: lists it at once, and says how it went in the live region. */
  private async record(what: RkAction | 'recommendation', health: CustomerHealth, run: () => Promise<Intervention | undefined>): Promise<void> {
    if (this.pendingAction) return;
    const accountId = health.customer_id;
    const company = health.company_name;
    this.pendingAction = what;
    this.actionMessage = { accountId, tone: 'pending', text: this.inLocale(() => RECORDING[what](company)) };
    try {
      const created = await run();
      if (created) {
        this.live.put(created);
        const type = this.inLocale(() => typeLabel(created.intervention_type));
        this.actionMessage = { accountId, tone: 'success', text: this.inLocale(() => msg(str`Created: ${type} for ${company}.`)) };
      } else {
        // The page handles the action (it cancelled the event, or there is no server to record it).
        this.actionMessage = undefined;
      }
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.actionMessage = { accountId, tone: 'error', text: this.inLocale(() => NOT_RECORDED[what](company, error.message)) };
      this.emit(new RkErrorEvent(error));
    } finally {
      this.pendingAction = undefined;
    }
  }

  // ---- rendering ----

  protected override render() {
    const state = this.health.state;
    const health = state === 'ready' ? this.live.health : undefined;
    const id = health?.customer_id ?? this.customerId;
    return renderFrame(this.health, {
      heading: html`<div class="identity">
        <span part="title" class="title" dir=${health ? 'auto' : nothing}>${health?.company_name ?? msg('Customer health')}</span>
        ${id ? html`<span part="customer-id" class="customer-id"><span class="visually-hidden">${msg('Customer id')} </span><bdi>${id}</bdi></span>` : nothing}
      </div>`,
      also: [this.interventionPage],
      retry: () => void this.reload(),
      hasData: health !== undefined,
      skeleton: html`<div class="shape arc"></div><div class="shape line"></div><div class="shape line short"></div><div class="shape line"></div>`,
      loading: msg('Loading customer health…'),
      failed: msg("the customer's health"),
      body: () => health && this.renderReady(health),
      empty:
        state === 'idle'
          ? emptyMessage(msg('Choose a customer to see their health.'), 'idle')
          : emptyMessage(msg('No health score for this customer yet.')),
    });
  }

  private renderReady(health: CustomerHealth) {
    return html`
      <div class="body">
        <health-gauge
          part="gauge"
          exportparts="gauge: gauge-dial, score: gauge-score, status: gauge-status, change: gauge-change, trend: gauge-trend, coverage: gauge-coverage, components: gauge-components"
          theme=${this.theme}
          locale=${this.format.locale}
          .data=${health}
        ></health-gauge>
        <div class="facts">
          ${this.renderRisk(health)}
          ${renderTopRecommendation(health, {
            format: this.format,
            startable: this.writeAccess.offered,
            busy: this.pendingAction !== undefined,
            starting: this.pendingAction === 'recommendation',
            start: (top) => void this.start(top, health),
          })}
          ${this.renderRiskFactors(riskFactorsOf(health))} ${this.renderInterventions()}
        </div>
      </div>
      ${this.writeAccess.offered ? this.renderActions(health) : nothing}
    `;
  }

  private renderChip(priority: Priority, part: string, label: string) {
    return html`<span part=${part} class="chip" data-priority=${priority} style=${styleMap({ '--_rk-chip-color': `var(--_rk-priority-${priority})` })}
      ><span class="dot" aria-hidden="true"></span>${label}</span
    >`;
  }

  private renderRisk(health: CustomerHealth) {
    const churn = health.churn_probability;
    return html`
      ${renderFactList(
        [
          { term: msg('Risk level'), value: valueLabel(health.risk_level), part: 'risk-level' },
          {
            term: msg('Churn probability'),
            value: html`${typeof churn === 'number' && Number.isFinite(churn) ? this.format.percent(churn) : msg('Not predicted')}
            ${typeof churn === 'number' ? html`<span part="churn-horizon" class="churn-horizon">${churnHorizonText(this.format, health.churn_horizon_days) ?? nothing}</span>` : nothing}`,
            part: 'churn-probability',
          },
          { term: msg('Priority'), value: this.renderChip(health.intervention_priority, 'priority', valueLabel(health.intervention_priority)) },
        ],
        { part: 'risk', className: 'risk' },
      )}
      ${renderChurnDrivers(this.format, health, { id: 'card-churn-drivers', withProbability: false })}
    `;
  }

  private renderRiskFactors(factors: readonly RiskFactor[]) {
    return html`
      <div>
        <p class="section-title" id="risk-factors-title">${msg('Risk factors')}</p>
        ${renderRiskFactorList(factors, this.format, { labelledBy: 'risk-factors-title', className: 'factors' })}
      </div>
    `;
  }

  private renderInterventions() {
    const page = this.interventionPage;
    return html`
      <div>
        <p class="section-title" id="interventions-title">${msg('Open interventions')}</p>
        ${page.state === 'loading'
          ? html`<div class="skeleton small" aria-hidden="true"><div class="shape line"></div><div class="shape line short"></div></div>
              <span class="visually-hidden" role="status">${msg('Loading open interventions…')}</span>`
          : page.state === 'error'
            ? html`<div part="interventions-error" class="message" role="alert">
                <p class="error-text">${msg('Could not load the open interventions.')}</p>
                ${page.error ? html`<p class="detail">${page.error.message}</p>` : nothing}
                <button part="interventions-retry" type="button" @click=${() => void page.reload()}>
                  ${msg('Retry')}<span class="visually-hidden">: ${msg('open interventions')}</span>
                </button>
              </div>`
            : this.renderInterventionList()}
      </div>
    `;
  }

  private renderInterventionList() {
    const items = this.interventions;
    const now = Date.now();
    const hidden = items.length - MAX_INTERVENTIONS;
    // A fetched page that has a next one: the server holds more than the card knows of.
    const atLeast = (this.interventionPage.data?.next_cursor ?? null) !== null;
    const more = atLeast ? Math.max(1, hidden) : hidden;
    return html`
      ${items.length > 0
        ? html`<ul part="interventions" class="interventions" aria-labelledby="interventions-title">
            ${items.slice(0, MAX_INTERVENTIONS).map((i) => this.renderIntervention(i, now))}
          </ul>`
        : html`<p class="none">${msg('No open interventions.')}</p>`}
      ${more > 0
        ? html`<p part="more" class="more">
            ${this.moreText(more, atLeast)}
          </p>`
        : nothing}
    `;
  }

  private moreText(more: number, atLeast: boolean): string {
    const n = this.format.number(more);
    if (atLeast) return more === 1 ? msg('At least 1 more open intervention') : msg(str`At least ${n} more open interventions`);
    return more === 1 ? msg('1 more open intervention') : msg(str`${n} more open interventions`);
  }

  private renderIntervention(i: Intervention, now: number) {
    const overdue = isOverdue(i, now);
    const due = i.scheduled_at && Number.isFinite(Date.parse(i.scheduled_at)) ? i.scheduled_at : undefined;
    return html`
      <li
        part="intervention"
        class="intervention"
        data-id=${i.id}
        data-priority=${i.priority}
        data-status=${i.status}
        data-overdue=${overdue ? 'true' : 'false'}
        style=${styleMap({ '--_rk-chip-color': `var(--_rk-priority-${i.priority})` })}
      >
        <div class="intervention-head">
          <span part="intervention-type" class="type">${typeLabel(i.intervention_type)}</span>
          ${this.renderChip(i.priority, 'intervention-priority', msg(str`${valueLabel(i.priority)} priority`))}
        </div>
        <p part="intervention-due" class="meta">
          ${valueLabel(i.status)},
          ${due === undefined
            ? msg('no due time')
            : html`${overdue ? html`<strong class="overdue"><span aria-hidden="true">⚠ </span>${msg('overdue:')}</strong>` : nothing} ${msg('due')}
                <time datetime=${due}>${this.format.relativeTime(due, now)}</time>`}
        </p>
        ${i.notes ? html`<p part="intervention-notes" class="notes" dir="auto">${i.notes}</p>` : nothing}
      </li>
    `;
  }

  private renderActions(health: CustomerHealth) {
    const company = health.company_name;
    const message = this.actionMessage?.accountId === health.customer_id ? this.actionMessage : undefined;
    const busy = this.pendingAction !== undefined;
    return html`
      <div class="quick">
        <div part="actions" class="actions" role="group" aria-label=${msg(str`Quick actions for ${company}`)}>
          ${CUSTOMER_ACTIONS.map(
            (action) => html`<button
              part="action"
              type="button"
              data-action=${action}
              aria-disabled=${busy ? 'true' : 'false'}
              @click=${() => void this.act(action, health)}
            >
              ${this.pendingAction === action ? msg('Saving…') : ACTION_LABELS[action]}<span class="visually-hidden">: <bdi>${company}</bdi></span>
            </button>`,
          )}
        </div>
        <p part="action-message" class="action-message" role="status" data-tone=${message?.tone ?? nothing}>${message ? message.text : nothing}</p>
      </div>
    `;
  }
}
