/**
 * The one-click customer actions (Call, Email, Create task) shared by the tables (`<at-risk-table>`,
 * `<customer-list>`), `<customer-health-card>` and `<customer-detail>`, and the card's start of a
 * recommended play: the event the host page may handle, the intervention the kit records through
 * the API when the page does not, and what a table row says after.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { ApiClient } from './api-client';
import type { RkElement } from './base-element';
import { RkActionEvent, RkErrorEvent, RkRecommendationStartEvent, type RkAction } from './events';
import { renderIdentifier } from './fact-list';
import { typeLabel } from './interventions';
import type { Intervention, InterventionCreate, InterventionType, Priority, RecommendedAction } from './types';

export const CUSTOMER_ACTIONS: readonly RkAction[] = ['call', 'email', 'create-task'];

/** The actions' button labels, in the updating element's language. */
export const ACTION_LABELS: Readonly<Record<RkAction, string>> = {
  get call() {
    return msg('Call');
  },
  get email() {
    return msg('Email');
  },
  get 'create-task'() {
    return msg('Create task');
  },
};

/** What a row says once the server recorded the intervention of an action: "Health check call planned for dana". */
function actionRecordedText(i: Intervention): string {
  const [type, assignee] = [typeLabel(i.intervention_type), i.assigned_to];
  return assignee ? msg(str`${type} planned for ${assignee}`) : msg(str`${type} planned`);
}

/**
 * `actionRecordedText` as the row shows it: the assignee, an e-mail address most often and wider
 * than the actions column, wraps only after its @ or before a dot (needs `identifierStyles`).
 */
function renderActionRecorded(i: Intervention): TemplateResult | string {
  const [type, assignee] = [typeLabel(i.intervention_type), i.assigned_to];
  return assignee ? msg(html`${type} planned for ${renderIdentifier(assignee)}`) : msg(str`${type} planned`);
}

/** What a row says when an action's intervention could not be recorded. */
function actionFailedText(action: RkAction, reason: string): string {
  return msg(str`${ACTION_LABELS[action]} failed: ${reason}`);
}

/**
 * What a table row says after its last action: the intervention the server recorded, or why it
 * could not. Kept as data, so it is worded when shown, in the element's language of the moment.
 */
export type RowMessage = { kind: 'done'; recorded: Intervention } | { kind: 'error'; action: RkAction; reason: string };

/** A row message as plain text: for the table's one live region. */
export function rowMessageText(message: RowMessage): string {
  return message.kind === 'done' ? actionRecordedText(message.recorded) : actionFailedText(message.action, message.reason);
}

/** A row message under the row's actions, `part="row-message"` with `data-kind`. */
function renderRowMessage(message: RowMessage): TemplateResult {
  return html`<p part="row-message" class="row-message" data-kind=${message.kind}>
    ${message.kind === 'done' ? renderActionRecorded(message.recorded) : html`<span aria-hidden="true">⚠ </span>${actionFailedText(message.action, message.reason)}`}
  </p>`;
}

/**
 * A table row's actions cell: the action buttons (with the row's roving `tabindex`, "Saving…" on
 * the one pending) and what the row's last action did.
 */
export function renderRowActions(companyName: string, tabindex: string, pending: RkAction | undefined, message: RowMessage | undefined): TemplateResult {
  return html`<td class="actions-cell">
    <div part="actions" class="actions">
      ${CUSTOMER_ACTIONS.map(
        (action) => html`<button part="action" type="button" data-action=${action} tabindex=${tabindex} aria-disabled=${pending ? 'true' : 'false'}>
          ${pending === action ? msg('Saving…') : ACTION_LABELS[action]}<span class="visually-hidden"> <bdi>${companyName}</bdi></span>
        </button>`,
      )}
    </div>
    ${message ? renderRowMessage(message) : nothing}
  </td>`;
}

/** The notes of a recorded action: stored with the intervention, so in English whatever the element's language. */
const ACTION_NOTES: Record<RkAction, string> = { call: 'Call', email: 'Email', 'create-task': 'Create task' };

/**
 * How soon the dashboard document's priority table asks for a response: critical immediately,
 * high within 24-48 hours (the start of that window), medium weekly, low quarterly.
 */
export const RESPONSE_HOURS: Record<Priority, number> = { critical: 0, high: 24, medium: 7 * 24, low: 90 * 24 };

/**
 * The intervention an action records. A call is a health-check call and an email a CSM outreach;
 * a task on a critical customer is an escalation ("immediate executive intervention"), otherwise
 * an outreach. It is due within the priority's response window.
 */
export function interventionForAction(action: RkAction, customerId: string, priority: Priority, now = new Date()): InterventionCreate {
  const type: InterventionType =
    action === 'call' ? 'health_check_call' : action === 'create-task' && priority === 'critical' ? 'escalation_created' : 'csm_outreach';
  return newIntervention(customerId, type, priority, `${ACTION_NOTES[action]} from the dashboard`, now);
}

/** The intervention a recommended play starts: its type, due within the priority's response window, its title and basis in the notes. */
export function interventionForRecommendation(recommendation: RecommendedAction, customerId: string, priority: Priority, now = new Date()): InterventionCreate {
  const basis = recommendation.basis === 'evidence' ? 'measured against its control group' : 'a rule, not measured evidence';
  return newIntervention(customerId, recommendation.intervention_type, priority, `Recommended: ${recommendation.title} (${basis})`, now);
}

function newIntervention(customerId: string, type: InterventionType, priority: Priority, notes: string, now: Date): InterventionCreate {
  return {
    account_id: customerId,
    intervention_type: type,
    priority,
    scheduled_at: new Date(now.getTime() + RESPONSE_HOURS[priority] * 3_600_000).toISOString(),
    notes,
  };
}

/**
 * Fires the cancelable `rk-action` from `host`; unless the page cancels it (it handles the action
 * itself) and when a client is at hand, records the intervention and resolves with the server's
 * copy. Resolves undefined when cancelled or without a client; rejects with the ApiError of a
 * failed create.
 */
export async function runCustomerAction(
  host: RkElement,
  client: ApiClient | undefined,
  action: RkAction,
  customerId: string,
  priority: Priority,
): Promise<Intervention | undefined> {
  if (!host.emit(new RkActionEvent(action, customerId))) return undefined;
  if (!client) return undefined;
  return client.createIntervention(interventionForAction(action, customerId, priority));
}

/**
 * A table row's action (`runCustomerAction`) and what the row says of it: undefined when the page
 * cancelled the event to handle the action itself, or there is no server; a failure also fires
 * `rk-error` from `host`.
 */
export async function runRowAction(
  host: RkElement,
  client: ApiClient | undefined,
  action: RkAction,
  customerId: string,
  priority: Priority,
): Promise<RowMessage | undefined> {
  try {
    const created = await runCustomerAction(host, client, action, customerId, priority);
    return created ? { kind: 'done', recorded: created } : undefined;
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    host.emit(new RkErrorEvent(error));
    return { kind: 'error', action, reason: error.message };
  }
}

/** Starts a recommended play as `runCustomerAction` runs an action, with `rk-recommendation-start` for the page to cancel. */
export async function startRecommendation(
  host: RkElement,
  client: ApiClient | undefined,
  recommendation: RecommendedAction,
  customerId: string,
  priority: Priority,
): Promise<Intervention | undefined> {
  if (!host.emit(new RkRecommendationStartEvent(recommendation, customerId))) return undefined;
  if (!client) return undefined;
  return client.createIntervention(interventionForRecommendation(recommendation, customerId, priority));
}
