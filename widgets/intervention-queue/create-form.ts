/**
 * The "New intervention" form of `<intervention-queue>`, a part the queue renders: its fields,
 * their checks before sending, the POST, and the server's per-field 400 messages shown at their
 * fields. The queue decides when the form is open and what follows a creation.
 */
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import { ApiError } from '../core/api-client';
import type { RkDataElement } from '../core/data-element';
import { RkErrorEvent } from '../core/events';
import { typeLabel } from '../core/interventions';
import { valueLabel } from '../core/status';
import { INTERVENTION_TYPES, PRIORITIES, type Intervention, type InterventionCreate, type InterventionType, type Priority } from '../core/types';

/** The fields in form order: the server's `fields[].field` names. */
const CREATE_FIELDS = ['account_id', 'intervention_type', 'priority', 'scheduled_at', 'assigned_to', 'notes'] as const;
type CreateField = (typeof CREATE_FIELDS)[number];

interface CreateFormOptions {
  /** What the account and assignee fields start with (the queue's filters). */
  defaults: () => { accountId?: string | undefined; assignedTo?: string | undefined };
  /** The form was sent: `created` is the server's copy, undefined without an API client (the page creates it). */
  sent: (body: InterventionCreate, created: Intervention | undefined) => Promise<void>;
  /** Escape, or the Close button. */
  close: () => Promise<void>;
}

interface ControlAttributes {
  id: string;
  invalid: boolean;
  describedby: string | typeof nothing;
}

interface FormState {
  /** The POST is under way. */
  pending: boolean;
  /** Field → its message. */
  errors: ReadonlyMap<CreateField, string>;
  /** A failure that belongs to no field. */
  formError: string;
}

export class InterventionCreateForm {
  private readonly host: RkDataElement;
  private readonly options: CreateFormOptions;
  private state: FormState = { pending: false, errors: new Map(), formError: '' };

  constructor(host: RkDataElement, options: CreateFormOptions) {
    this.host = host;
    this.options = options;
  }

  /** Forgets the messages (the form closed). */
  clear(): void {
    this.state = { ...this.state, errors: new Map(), formError: '' };
  }

  /** Focuses the first field (the form has just opened). */
  focus(): void {
    this.host.renderRoot.querySelector<HTMLElement>('#create-account_id')?.focus();
  }

  private set(change: Partial<FormState>): void {
    this.state = { ...this.state, ...change };
    this.host.requestUpdate();
  }

  private async focusFirstInvalid(): Promise<void> {
    await this.host.updateComplete;
    const first = CREATE_FIELDS.find((f) => this.state.errors.has(f));
    const root = this.host.renderRoot;
    (first ? root.querySelector<HTMLElement>(`#create-${first}`) : root.querySelector<HTMLElement>('[part~="form-error"]'))?.focus();
  }

  private onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    void this.options.close();
  };

  private onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.state.pending) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const value = (name: CreateField) => String(data.get(name) ?? '').trim();
    const errors = new Map<CreateField, string>();
    const accountId = value('account_id');
    if (!accountId) errors.set('account_id', this.host.inLocale(() => msg('Enter the account id.')));
    const scheduled = value('scheduled_at');
    const scheduledAt = scheduled ? new Date(scheduled) : undefined;
    if (!scheduledAt || Number.isNaN(scheduledAt.getTime())) errors.set('scheduled_at', this.host.inLocale(() => msg('Choose the date and time it is due.')));
    this.set({ errors, formError: '' });
    if (errors.size > 0 || !scheduledAt) {
      await this.focusFirstInvalid();
      return;
    }
    const notes = value('notes');
    const assignedTo = value('assigned_to');
    const body: InterventionCreate = {
      account_id: accountId,
      intervention_type: value('intervention_type') as InterventionType,
      priority: value('priority') as Priority,
      scheduled_at: scheduledAt.toISOString(),
      ...(notes ? { notes } : {}),
      ...(assignedTo ? { assigned_to: assignedTo } : {}),
    };
    const client = this.host.apiClient;
    if (!client) {
      form.reset();
      await this.options.sent(body, undefined);
      return;
    }
    this.set({ pending: true });
    let created: Intervention;
    try {
      created = await client.createIntervention(body);
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.showFailure(error);
      this.host.emit(new RkErrorEvent(error));
      await this.focusFirstInvalid();
      return;
    }
    this.set({ pending: false });
    form.reset();
    await this.options.sent(body, created);
  };

  /** The server's per-field messages at their fields; the rest above them. */
  private showFailure(error: Error): void {
    const errors = new Map<CreateField, string>();
    const other: string[] = [];
    if (error instanceof ApiError) {
      for (const f of error.fields) {
        const name = (f.field.split('.').pop() ?? f.field) as CreateField;
        if (CREATE_FIELDS.includes(name)) errors.set(name, errors.has(name) ? `${errors.get(name)} ${f.message}` : f.message);
        else other.push(f.message);
      }
    }
    const formError = this.host.inLocale(() =>
      errors.size === 0
        ? msg(str`Could not create the intervention: ${error.message}`)
        : other.length > 0
          ? msg(str`Check the fields marked below. ${other.join(' ')}`)
          : '',
    );
    this.set({ pending: false, errors, formError });
  }

  private field(name: CreateField, label: string, control: (attrs: ControlAttributes) => unknown, required = false) {
    const id = `create-${name}`;
    const error = this.state.errors.get(name);
    return html`<div part="field" class="field" data-field=${name}>
      <label for=${id}>${label} ${required ? html`<span class="required">${msg('(required)')}</span>` : nothing}</label>
      ${control({ id, invalid: error !== undefined, describedby: error !== undefined ? `${id}-error` : nothing })}
      ${error !== undefined ? html`<p part="field-error" class="field-error" id=${`${id}-error`}>${error}</p>` : nothing}
    </div>`;
  }

  render() {
    const { pending: busy, formError } = this.state;
    const { accountId, assignedTo } = this.options.defaults();
    const invalid = (a: ControlAttributes) => (a.invalid ? 'true' : 'false');
    return html`
      <form
        part="create-form"
        id="create-form"
        class="create-form"
        aria-label=${msg('New intervention')}
        novalidate
        aria-busy=${busy ? 'true' : 'false'}
        @submit=${(e: SubmitEvent) => void this.onSubmit(e)}
        @keydown=${this.onKeydown}
      >
        ${formError ? html`<p part="form-error" class="form-error" role="alert" tabindex="-1">${formError}</p>` : nothing}
        <div class="fields">
          ${this.field(
            'account_id',
            msg('Account id'),
            (a) => html`<input id=${a.id} name="account_id" type="text" autocomplete="off" maxlength="128" required
              value=${accountId ?? ''} aria-invalid=${invalid(a)} aria-describedby=${a.describedby} ?disabled=${busy} />`,
            true,
          )}
          ${this.field(
            'intervention_type',
            msg('Type'),
            (a) => html`<select id=${a.id} name="intervention_type" aria-invalid=${invalid(a)} aria-describedby=${a.describedby} ?disabled=${busy}>
              ${INTERVENTION_TYPES.map((t) => html`<option value=${t} ?selected=${t === 'csm_outreach'}>${typeLabel(t)}</option>`)}
            </select>`,
          )}
          ${this.field(
            'priority',
            msg('Priority'),
            (a) => html`<select id=${a.id} name="priority" aria-invalid=${invalid(a)} aria-describedby=${a.describedby} ?disabled=${busy}>
              ${[...PRIORITIES].reverse().map((p) => html`<option value=${p} ?selected=${p === 'medium'}>${valueLabel(p)}</option>`)}
            </select>`,
          )}
          ${this.field(
            'scheduled_at',
            msg('Scheduled at'),
            (a) => html`<input id=${a.id} name="scheduled_at" type="datetime-local" required
              aria-invalid=${invalid(a)} aria-describedby=${a.describedby} ?disabled=${busy} />`,
            true,
          )}
          ${this.field(
            'assigned_to',
            msg('Assigned to (optional)'),
            (a) => html`<input id=${a.id} name="assigned_to" type="text" autocomplete="off" maxlength="320"
              value=${assignedTo ?? ''} aria-invalid=${invalid(a)} aria-describedby=${a.describedby} ?disabled=${busy} />`,
          )}
          ${this.field(
            'notes',
            msg('Notes (optional)'),
            (a) => html`<textarea id=${a.id} name="notes" rows="3" maxlength="10000"
              aria-invalid=${invalid(a)} aria-describedby=${a.describedby} ?disabled=${busy}></textarea>`,
          )}
        </div>
        <div class="form-actions">
          <button class="primary" type="submit" ?disabled=${busy}>${busy ? msg('Creating…') : msg('Create intervention')}</button>
          <button type="button" ?disabled=${busy} @click=${() => void this.options.close()}>${msg('Close')}</button>
        </div>
      </form>
    `;
  }
}
