import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../widgets/index';
import '../../widgets/intervention-queue/define';
import { ApiClient, ApiError } from '../../widgets/core/api-client';
import type { RkErrorEvent } from '../../widgets/core/events';
import type { Intervention, InterventionCreate, InterventionPatch, InterventionQuery } from '../../widgets/core/types';
import type { InterventionQueue, RkInterventionChangeEvent } from '../../widgets/intervention-queue/intervention-queue';
import { expectAccessible } from './support/axe';
import { deferred, renderInProvider } from './support/connect';
import { activeIn, expectWrappedBetweenParts, part, parts, root, settle, text } from './support/dom';
import { HOSTILE, HOUR, intervention as baseIntervention, iso, LONG_ADDRESS, tokenFor } from './support/fixtures';

/** An intervention as the queue lists it: with the company name, high priority, with notes. */
const intervention = (overrides: Partial<Intervention> = {}) =>
  baseIntervention({ company_name: 'Acme Robotics', notes: 'Ask about the new seats', priority: 'high', ...overrides });

/** Five open interventions and one closed, in no particular order. */
function sample(): Intervention[] {
  return [
    intervention({ id: 'low-soon', priority: 'low', scheduled_at: iso(1 * HOUR), intervention_type: 'automated_email', notes: null }),
    intervention({ id: 'crit-later', priority: 'critical', scheduled_at: iso(48 * HOUR), intervention_type: 'escalation_created' }),
    intervention({ id: 'crit-overdue', priority: 'critical', scheduled_at: iso(-2 * HOUR), company_name: 'Globex' }),
    intervention({ id: 'high-executed', priority: 'high', status: 'executed', scheduled_at: iso(-5 * HOUR), assigned_to: null }),
    intervention({ id: 'medium-responded', priority: 'medium', status: 'responded', scheduled_at: null, company_name: undefined, account_id: 'cust_initech' }),
    intervention({ id: 'closed', priority: 'critical', status: 'completed', outcome: 'successful' }),
  ];
}

interface Call {
  method: 'PATCH' | 'POST';
  id: string | null;
  body: InterventionPatch | InterventionCreate;
}

/** An ApiClient whose intervention calls are answered by the test (no network). */
class FakeClient extends ApiClient {
  readonly calls: Call[] = [];
  list: Intervention[] = [];
  respond: (call: Call) => Promise<Intervention> = (call) =>
    Promise.resolve(intervention({ id: call.id ?? 'new', ...(call.body as object), updated_at: new Date().toISOString() } as Partial<Intervention>));

  readonly queries: InterventionQuery[] = [];

  /** With `pageSize`, the list is served in pages whose cursor is the next page's start index. */
  pageSize = 0;

  override interventions(query: InterventionQuery = {}) {
    this.queries.push(query);
    if (!this.pageSize) return Promise.resolve({ interventions: this.list, next_cursor: null });
    const start = Number(query.cursor ?? 0);
    const end = start + this.pageSize;
    return Promise.resolve({ interventions: this.list.slice(start, end), next_cursor: end < this.list.length ? String(end) : null });
  }

  override updateIntervention(id: string, patch: InterventionPatch): Promise<Intervention> {
    const call: Call = { method: 'PATCH', id, body: patch };
    this.calls.push(call);
    return this.respond(call);
  }

  override createIntervention(body: InterventionCreate): Promise<Intervention> {
    const call: Call = { method: 'POST', id: null, body };
    this.calls.push(call);
    return this.respond(call);
  }
}

const item = (el: Element, id: string) => root(el).querySelector<HTMLElement>(`li[data-id="${id}"]`);
const button = (el: Element, id: string, action: string) => item(el, id)?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`) ?? null;
const ids = (el: Element) => parts(el, 'item').map((li) => li.dataset.id);

const inProvider = (template: ReturnType<typeof html>, client = new FakeClient()) =>
  renderInProvider<InterventionQueue, FakeClient>('intervention-queue', template, client);

function setField(el: InterventionQueue, name: string, value: string) {
  const control = root(el).querySelector<HTMLInputElement>(`#create-${name}`) as HTMLInputElement;
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
}

function submitCreate(el: InterventionQueue) {
  root(el).querySelector<HTMLFormElement>('#create-form')?.requestSubmit();
}

describe('<intervention-queue>', () => {
  describe('rendering', () => {
    it('lists the open interventions by priority, then due time, leaving closed ones out', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      expect(el.state).to.equal('ready');
      expect(ids(el)).to.deep.equal(['crit-overdue', 'crit-later', 'high-executed', 'medium-responded', 'low-soon']);
      expect(text(part(el, 'title'))).to.equal('Open interventions (5)');
      expect(part(el, 'list')?.getAttribute('aria-label')).to.equal('Open interventions');
    });

    it('shows type, account, priority in words, status, assignee, due time and notes', async () => {
      const data = sample();
      const el = await fixture<InterventionQueue>(html`<intervention-queue locale="en-US" .data=${data}></intervention-queue>`);
      const li = item(el, 'crit-later') as HTMLElement;
      expect(text(li.querySelector('[part~="type"]'))).to.equal('Escalation');
      expect(text(li.querySelector('[part~="account"]'))).to.equal('Acme Robotics cust_acme');
      expect(text(li.querySelector('[part~="priority"]'))).to.equal('Critical priority');
      expect(li.dataset.priority).to.equal('critical');
      expect(text(li.querySelector('.status'))).to.equal('Planned');
      expect(text(li.querySelector('.assignee'))).to.equal('dana@example.com');
      expect(text(li.querySelector('[part~="notes"]'))).to.equal('Ask about the new seats');
      const due = li.querySelector('[part~="due"]') as HTMLElement;
      expect(text(due)).to.match(/^in 2 days \(.+\)$/);
      const when = due.querySelector('time') as HTMLTimeElement;
      expect(when.dateTime).to.equal(data[1]?.scheduled_at);
      expect(text(when)).to.equal(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(when.dateTime)));

      // Account id when no company name; "Unassigned"; no due time.
      const responded = item(el, 'medium-responded') as HTMLElement;
      expect(text(responded.querySelector('[part~="account"]'))).to.equal('cust_initech');
      expect(text(responded.querySelector('[part~="due"]'))).to.equal('No due time');
      expect(text(item(el, 'high-executed')?.querySelector('.assignee'))).to.equal('Unassigned');
      expect(item(el, 'low-soon')?.querySelector('[part~="notes"]')).to.equal(null);
    });

    it('says "Overdue" in words for planned interventions past due, not for executed ones', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      const overdue = item(el, 'crit-overdue') as HTMLElement;
      expect(overdue.dataset.overdue).to.equal('true');
      expect(text(overdue.querySelector('[part~="due"]'))).to.match(/^⚠ Overdue: 2 hours ago \(.+\)$/);
      // Executed ones wait on the customer: past their due time but not overdue.
      expect(item(el, 'high-executed')?.dataset.overdue).to.equal('false');
      expect(text(item(el, 'high-executed')?.querySelector('[part~="due"]'))).to.match(/^5 hours ago \(/);
    });

    it("says who and why: the account's name and id, the title and a description that adds to the notes", async () => {
      const el = await fixture<InterventionQueue>(
        html`<intervention-queue
          .data=${[
            intervention({ id: 'trig', title: 'Critical health: call the sponsor', description: 'Health fell to 22 (critical) in 7 days', notes: null }),
            intervention({ id: 'manual', title: 'Health check call', description: 'Ask about the new seats' }),
          ]}
        ></intervention-queue>`,
      );
      const trig = item(el, 'trig') as HTMLElement;
      expect(text(trig.querySelector('[part~="account"] .company'))).to.equal('Acme Robotics');
      expect(text(trig.querySelector('[part~="account"] .id'))).to.equal('cust_acme');
      expect(text(trig.querySelector('[part~="item-title"]'))).to.equal('Critical health: call the sponsor');
      expect(text(trig.querySelector('[part~="description"]'))).to.equal('Health fell to 22 (critical) in 7 days');
      // A manual intervention's description is its notes: said once.
      expect(item(el, 'manual')?.querySelector('[part~="description"]')).to.equal(null);
      expect(text(item(el, 'manual')?.querySelector('[part~="notes"]'))).to.equal('Ask about the new seats');
    });

    it('does not call an intervention due the moment it was created overdue within the hour', async () => {
      // Due when created: one instant for both, or a millisecond between two clock reads schedules it ahead.
      const logged = iso(-2 * 60_000);
      const ignored = iso(-2 * HOUR);
      const el = await fixture<InterventionQueue>(
        html`<intervention-queue
          .data=${[
            // A call logged a moment ago, due immediately (critical).
            intervention({ id: 'just-logged', priority: 'critical', created_at: logged, scheduled_at: logged }),
            // Due immediately, two hours ago: overdue.
            intervention({ id: 'ignored', priority: 'critical', created_at: ignored, scheduled_at: ignored }),
            // Scheduled ahead, and that time has passed: overdue at once.
            intervention({ id: 'scheduled', created_at: iso(-48 * HOUR), scheduled_at: iso(-5 * 60_000) }),
          ]}
        ></intervention-queue>`,
      );
      expect(item(el, 'just-logged')?.dataset.overdue).to.equal('false');
      expect(text(item(el, 'just-logged')?.querySelector('[part~="due"]'))).to.match(/^2 minutes ago \(/);
      expect(item(el, 'ignored')?.dataset.overdue).to.equal('true');
      expect(item(el, 'scheduled')?.dataset.overdue).to.equal('true');
    });

    it('offers the actions of each status', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      const actions = (id: string) => [...(item(el, id)?.querySelectorAll<HTMLElement>('button[data-action]') ?? [])].map((b) => b.dataset.action);
      expect(actions('crit-overdue')).to.deep.equal(['execute', 'cancel']);
      expect(actions('high-executed')).to.deep.equal(['respond', 'complete', 'cancel']);
      expect(actions('medium-responded')).to.deep.equal(['complete', 'cancel']);
      // Each button names its intervention for screen readers.
      expect(text(button(el, 'crit-overdue', 'execute'))).to.equal('Execute: Health check call, Globex');
    });

    it('renders hostile text as text', async () => {
      const el = await fixture<InterventionQueue>(
        html`<intervention-queue .data=${[intervention({ notes: HOSTILE, company_name: HOSTILE, assigned_to: HOSTILE })]}></intervention-queue>`,
      );
      expect(root(el).querySelector('img')).to.equal(null);
      expect(text(part(el, 'notes'))).to.equal(HOSTILE);
      expect(text(part(el, 'account')?.querySelector('.company'))).to.equal(HOSTILE);
      expect(text(root(el).querySelector('.assignee'))).to.equal(HOSTILE);
    });

    it('formats dates in the locale attribute', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue locale="de-DE" .data=${[intervention()]}></intervention-queue>`);
      expect(text(part(el, 'due'))).to.match(/^in 3 Stunden \(/);
    });

    it('fits a 300 px sidebar with 44 px touch targets', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 300px"><intervention-queue .data=${sample()}></intervention-queue></div>`);
      const el = wrapper.querySelector('intervention-queue') as InterventionQueue;
      await el.updateComplete;
      const base = part(el, 'base') as HTMLElement;
      expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
      for (const b of root(el).querySelectorAll('button')) {
        const box = b.getBoundingClientRect();
        expect(box.height, text(b)).to.be.at.least(44);
        expect(box.width, text(b)).to.be.at.least(44);
      }
    });

    it("wraps a long assignee's address in a 300 px sidebar only after the @ or before a dot", async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="width: 300px"><intervention-queue .data=${[intervention({ assigned_to: LONG_ADDRESS })]}></intervention-queue></div>`,
      );
      const el = wrapper.querySelector('intervention-queue') as InterventionQueue;
      await el.updateComplete;
      const assignee = root(el).querySelector('.assignee') as HTMLElement;
      expect(text(assignee)).to.equal(LONG_ADDRESS);
      expectWrappedBetweenParts(assignee, LONG_ADDRESS);
      const base = part(el, 'base') as HTMLElement;
      expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
    });

    it('reflects theme, the dark theme changes the colours, and it is accessible in both', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue theme="light" .data=${sample()}></intervention-queue>`);
      expect(getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor).to.equal('rgb(255, 255, 255)');
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('dark');
      expect(getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor).to.equal('rgb(30, 30, 30)');
      await expectAccessible(el);
    });

    it('calms motion for prefers-reduced-motion', async () => {
      try {
        await emulateMedia({ reducedMotion: 'reduce' });
        const el = await fixture<InterventionQueue>(html`<intervention-queue api="/__rk_test__/slow" token="t"></intervention-queue>`);
        expect(getComputedStyle(root(el).querySelector('.skeleton .line') as Element).animationName).to.equal('none');
      } finally {
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });
  });

  describe('actions without an API client', () => {
    it('only fires rk-intervention-change (bubbling, composed) and leaves the change to the page', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      const seen: RkInterventionChangeEvent[] = [];
      const listener = (e: RkInterventionChangeEvent) => seen.push(e);
      document.addEventListener('rk-intervention-change', listener);
      try {
        button(el, 'crit-overdue', 'execute')?.click();
        await el.updateComplete;
        expect(seen.length).to.equal(1);
        const event = seen[0] as RkInterventionChangeEvent;
        expect([event.bubbles, event.composed]).to.deep.equal([true, true]);
        expect(event.action).to.equal('execute');
        expect(event.interventionId).to.equal('crit-overdue');
        expect(event.change).to.deep.equal({ status: 'executed' });
        expect(event.intervention).to.equal(undefined);
        expect(item(el, 'crit-overdue')?.dataset.status).to.equal('planned');
      } finally {
        document.removeEventListener('rk-intervention-change', listener);
      }
    });

    it('fires the outcome and the cancellation too', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      const seen: [string, string | null, unknown][] = [];
      el.addEventListener('rk-intervention-change', (e) => seen.push([e.action, e.interventionId, e.change]));
      button(el, 'high-executed', 'complete')?.click();
      await el.updateComplete;
      const form = item(el, 'high-executed')?.querySelector('form') as HTMLFormElement;
      (form.querySelector('select') as HTMLSelectElement).value = 'partially_successful';
      form.requestSubmit();
      button(el, 'low-soon', 'cancel')?.click();
      await el.updateComplete;
      item(el, 'low-soon')?.querySelector<HTMLButtonElement>('button[data-confirm="cancel"]')?.click();
      await el.updateComplete;
      expect(seen).to.deep.equal([
        ['complete', 'high-executed', { status: 'completed', outcome: 'partially_successful' }],
        ['cancel', 'low-soon', { status: 'cancelled' }],
      ]);
    });
  });

  describe('paging', () => {
    it('fetches the next page with the cursor on "Show more", until there is none', async () => {
      const client = new FakeClient();
      client.pageSize = 2;
      client.list = [1, 2, 3, 4, 5].map((n) =>
        intervention({ id: `iv-${n}`, account_id: `cust_${n}`, company_name: `Company ${n}`, scheduled_at: iso(n * HOUR) }),
      );
      const { el } = await inProvider(html`<intervention-queue limit="2"></intervention-queue>`, client);
      await waitUntil(() => ids(el).length === 2, 'first page');
      expect(client.queries.at(-1)?.cursor).to.equal(undefined);
      (part(el, 'show-more') as HTMLButtonElement).click();
      await waitUntil(() => ids(el).length === 4, 'second page');
      expect(client.queries.at(-1)?.cursor).to.equal('2');
      (part(el, 'show-more') as HTMLButtonElement).click();
      await waitUntil(() => ids(el).length === 5, 'last page');
      expect(ids(el)).to.deep.equal(['iv-1', 'iv-2', 'iv-3', 'iv-4', 'iv-5']);
      expect(text(item(el, 'iv-5')?.querySelector('[part~="account"]'))).to.equal('Company 5 cust_5');
      expect(part(el, 'show-more')).to.equal(null);
    });
  });

  describe('actions through the API client', () => {
    it('PATCHes, disables the buttons while pending, then shows the server copy and fires the event', async () => {
      const { el, client } = await inProvider(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      const answer = deferred<Intervention>();
      client.respond = () => answer.promise;
      const events: RkInterventionChangeEvent[] = [];
      el.addEventListener('rk-intervention-change', (e) => events.push(e));

      button(el, 'crit-overdue', 'execute')?.click();
      await el.updateComplete;
      expect(client.calls).to.deep.equal([{ method: 'PATCH', id: 'crit-overdue', body: { status: 'executed' } }]);
      expect(button(el, 'crit-overdue', 'execute')?.disabled).to.equal(true);
      expect(button(el, 'crit-overdue', 'cancel')?.disabled).to.equal(true);
      expect(text(button(el, 'crit-overdue', 'execute'))).to.contain('Saving…');
      expect(item(el, 'crit-overdue')?.getAttribute('aria-busy')).to.equal('true');
      expect(events.length).to.equal(0);
      // A second click while pending sends nothing.
      button(el, 'crit-overdue', 'execute')?.click();
      expect(client.calls.length).to.equal(1);

      answer.resolve({ ...(sample()[2] as Intervention), status: 'executed', updated_at: '2025-10-02T00:00:00.000Z' });
      await waitUntil(() => events.length === 1, 'no change event');
      await el.updateComplete;
      expect(events[0]?.intervention?.status).to.equal('executed');
      expect(item(el, 'crit-overdue')?.dataset.status).to.equal('executed');
      expect(button(el, 'crit-overdue', 'respond')?.disabled).to.equal(false);
      expect(text(root(el).querySelector('[role="status"]'))).to.equal('Marked as executed: Health check call, Globex.');
      // Focus stays on the item: its first button.
      expect(activeIn(el)?.dataset.action).to.equal('respond');
    });

    it('shows a 409 conflict inline in a live region, re-enables the buttons and fires rk-error', async () => {
      const { el, client } = await inProvider(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      client.respond = () => Promise.reject(new ApiError(409, 'conflict', 'cannot move from completed to executed'));
      const failed = oneEvent<RkErrorEvent>(el, 'rk-error');
      button(el, 'crit-overdue', 'execute')?.click();
      const error = await failed;
      expect([error.bubbles, error.composed]).to.deep.equal([true, true]);
      await el.updateComplete;
      const message = item(el, 'crit-overdue')?.querySelector('[part~="item-message"]') as HTMLElement;
      expect(message.getAttribute('aria-live')).to.equal('polite');
      expect(text(message)).to.match(/^Conflict: could not execute, .*cannot move from completed to executed/);
      expect(button(el, 'crit-overdue', 'execute')?.disabled).to.equal(false);
      expect(item(el, 'crit-overdue')?.dataset.status).to.equal('planned');
    });

    it('shows other failures inline too', async () => {
      const { el, client } = await inProvider(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      client.respond = () => Promise.reject(new ApiError(0, 'network_error', 'Could not reach the server'));
      button(el, 'high-executed', 'respond')?.click();
      await waitUntil(() => text(item(el, 'high-executed')?.querySelector('[part~="item-message"]')) !== '');
      expect(text(item(el, 'high-executed')?.querySelector('[part~="item-message"]'))).to.equal(
        'Could not mark as responded: Could not reach the server',
      );
      await expectAccessible(el);
    });

    it('completes with an outcome from a small form, then drops the item and moves focus on', async () => {
      const { el, client } = await inProvider(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      const complete = button(el, 'high-executed', 'complete') as HTMLButtonElement;
      expect(complete.getAttribute('aria-expanded')).to.equal('false');
      complete.click();
      await el.updateComplete;
      expect(complete.getAttribute('aria-expanded')).to.equal('true');
      const form = item(el, 'high-executed')?.querySelector<HTMLFormElement>('[part~="complete-form"]') as HTMLFormElement;
      const select = form.querySelector('select') as HTMLSelectElement;
      expect(activeIn(el)).to.equal(select);
      expect([...select.options].map((o) => [o.value, o.text])).to.deep.equal([
        ['successful', 'Successful'],
        ['partially_successful', 'Partially successful'],
        ['unsuccessful', 'Unsuccessful'],
      ]);
      await expectAccessible(el);
      select.value = 'unsuccessful';
      (form.querySelector('textarea') as HTMLTextAreaElement).value = '  No reply after three calls ';
      form.requestSubmit();
      await waitUntil(() => !item(el, 'high-executed'), 'the completed item stayed');
      expect(client.calls[0]).to.deep.equal({
        method: 'PATCH',
        id: 'high-executed',
        body: { status: 'completed', outcome: 'unsuccessful', notes: 'No reply after three calls' },
      });
      await el.updateComplete;
      expect(activeIn(el)?.closest('li')?.dataset.id).to.equal('medium-responded');
      expect(text(part(el, 'title'))).to.equal('Open interventions (4)');
    });

    it('cancels only after a confirmation; "Keep it" and Escape return focus to Cancel', async () => {
      const { el, client } = await inProvider(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      const cancel = button(el, 'low-soon', 'cancel') as HTMLButtonElement;
      cancel.click();
      await el.updateComplete;
      expect(client.calls.length).to.equal(0);
      const confirm = item(el, 'low-soon')?.querySelector('[part~="confirm"]') as HTMLElement;
      expect(text(confirm)).to.contain('Cancel this intervention?');
      expect(activeIn(el)?.dataset.confirm).to.equal('keep');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(item(el, 'low-soon')?.querySelector('[part~="confirm"]')).to.equal(null);
      expect(activeIn(el)).to.equal(button(el, 'low-soon', 'cancel'));

      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(item(el, 'low-soon')?.querySelector('[part~="confirm"]')).to.not.equal(null);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(item(el, 'low-soon')?.querySelector('[part~="confirm"]')).to.equal(null);
      expect(activeIn(el)).to.equal(button(el, 'low-soon', 'cancel'));

      button(el, 'low-soon', 'cancel')?.click();
      await el.updateComplete;
      item(el, 'low-soon')?.querySelector<HTMLButtonElement>('button[data-confirm="cancel"]')?.click();
      await waitUntil(() => !item(el, 'low-soon'), 'the cancelled item stayed');
      expect(client.calls).to.deep.equal([{ method: 'PATCH', id: 'low-soon', body: { status: 'cancelled' } }]);
    });

    it('activates buttons from the keyboard', async () => {
      const { el, client } = await inProvider(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      button(el, 'crit-overdue', 'execute')?.focus();
      await sendKeys({ press: 'Space' });
      await waitUntil(() => client.calls.length === 1);
      expect(client.calls[0]?.body).to.deep.equal({ status: 'executed' });
    });
  });

  describe('create form', () => {
    it('opens from a disclosure button, focuses the account id, and closes with Escape', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue .data=${[]}></intervention-queue>`);
      const toggle = part(el, 'create-toggle') as HTMLButtonElement;
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(part(el, 'create-form')).to.equal(null);
      toggle.click();
      await el.updateComplete;
      await el.updateComplete;
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(el.createOpen).to.equal(true);
      expect(activeIn(el)?.id).to.equal('create-account_id');
      const type = root(el).querySelector('#create-intervention_type') as HTMLSelectElement;
      expect([...type.options].map((o) => o.value)).to.deep.equal([
        'automated_email',
        'csm_outreach',
        'training_scheduled',
        'health_check_call',
        'escalation_created',
      ]);
      expect((root(el).querySelector('#create-scheduled_at') as HTMLInputElement).type).to.equal('datetime-local');
      expect((root(el).querySelector('#create-priority') as HTMLSelectElement).value).to.equal('medium');
      await expectAccessible(el);
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(part(el, 'create-form')).to.equal(null);
      expect(activeIn(el)).to.equal(part(el, 'create-toggle'));
    });

    it('checks required fields before sending, marking them invalid and focusing the first', async () => {
      const { el, client } = await inProvider(html`<intervention-queue create-open .data=${[]}></intervention-queue>`);
      submitCreate(el);
      await waitUntil(() => root(el).querySelector('[aria-invalid="true"]') !== null);
      await el.updateComplete;
      expect(client.calls.length).to.equal(0);
      const account = root(el).querySelector('#create-account_id') as HTMLInputElement;
      expect(account.getAttribute('aria-invalid')).to.equal('true');
      expect(account.getAttribute('aria-describedby')).to.equal('create-account_id-error');
      expect(text(root(el).querySelector('#create-account_id-error'))).to.equal('Enter the account id.');
      expect(root(el).querySelector('#create-scheduled_at')?.getAttribute('aria-invalid')).to.equal('true');
      expect(activeIn(el)).to.equal(account);
      await expectAccessible(el);
    });

    it("shows the server's per-field 400 messages at their fields and focuses the first invalid one", async () => {
      const { el, client } = await inProvider(html`<intervention-queue create-open .data=${[]}></intervention-queue>`);
      client.respond = () =>
        Promise.reject(
          new ApiError(400, 'invalid_request', 'scheduled_at: too far; priority: bad', [
            { field: 'scheduled_at', message: 'must be within a year' },
            { field: 'priority', message: 'Invalid option' },
          ]),
        );
      setField(el, 'account_id', 'cust_acme');
      setField(el, 'scheduled_at', '2031-05-04T10:30');
      submitCreate(el);
      await waitUntil(() => root(el).querySelector('#create-priority-error') !== null, 'no field errors');
      await el.updateComplete;
      expect(client.calls[0]?.body).to.deep.equal({
        account_id: 'cust_acme',
        intervention_type: 'csm_outreach',
        priority: 'medium',
        scheduled_at: new Date('2031-05-04T10:30').toISOString(),
      });
      const priority = root(el).querySelector('#create-priority') as HTMLSelectElement;
      expect(priority.getAttribute('aria-invalid')).to.equal('true');
      expect(priority.getAttribute('aria-describedby')).to.equal('create-priority-error');
      expect(text(root(el).querySelector('#create-priority-error'))).to.equal('Invalid option');
      expect(text(root(el).querySelector('#create-scheduled_at-error'))).to.equal('must be within a year');
      expect(root(el).querySelector('#create-account_id')?.getAttribute('aria-invalid')).to.equal('false');
      expect(activeIn(el)).to.equal(priority);
      await expectAccessible(el);
    });

    it('shows a failure that names no field as a form error', async () => {
      const { el, client } = await inProvider(html`<intervention-queue create-open .data=${[]}></intervention-queue>`);
      client.respond = () => Promise.reject(new ApiError(404, 'not_found', "account 'nobody' does not exist"));
      setField(el, 'account_id', 'nobody');
      setField(el, 'scheduled_at', '2031-05-04T10:30');
      submitCreate(el);
      await waitUntil(() => part(el, 'form-error') !== null);
      expect(text(part(el, 'form-error'))).to.equal("Could not create the intervention: account 'nobody' does not exist");
      expect(part(el, 'form-error')?.getAttribute('role')).to.equal('alert');
    });

    it('POSTs a valid form, adds the new intervention, closes and fires the event', async () => {
      const { el, client } = await inProvider(html`<intervention-queue .data=${[intervention({ id: 'a', priority: 'low' })]}></intervention-queue>`);
      el.createOpen = true;
      await el.updateComplete;
      client.respond = (call) =>
        Promise.resolve(intervention({ id: 'created', ...(call.body as InterventionCreate), company_name: undefined, status: 'planned' }));
      setField(el, 'account_id', 'cust_new');
      (root(el).querySelector('#create-intervention_type') as HTMLSelectElement).value = 'training_scheduled';
      (root(el).querySelector('#create-priority') as HTMLSelectElement).value = 'critical';
      setField(el, 'scheduled_at', '2031-05-04T10:30');
      setField(el, 'assigned_to', 'sam@example.com');
      (root(el).querySelector('#create-notes') as HTMLTextAreaElement).value = 'Kick-off';
      const changed = oneEvent<RkInterventionChangeEvent>(el, 'rk-intervention-change');
      submitCreate(el);
      const event = await changed;
      expect(event.action).to.equal('create');
      expect(event.interventionId).to.equal(null);
      expect(event.intervention?.id).to.equal('created');
      expect(client.calls[0]?.body).to.deep.equal({
        account_id: 'cust_new',
        intervention_type: 'training_scheduled',
        priority: 'critical',
        scheduled_at: new Date('2031-05-04T10:30').toISOString(),
        notes: 'Kick-off',
        assigned_to: 'sam@example.com',
      });
      await el.updateComplete;
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['created', 'a']);
      expect(part(el, 'create-form')).to.equal(null);
      expect(activeIn(el)).to.equal(part(el, 'create-toggle'));
    });

    it('without an API client only fires the event', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue create-open account-id="cust_acme" .data=${[]}></intervention-queue>`);
      expect((root(el).querySelector('#create-account_id') as HTMLInputElement).value).to.equal('cust_acme');
      setField(el, 'scheduled_at', '2031-05-04T10:30');
      const changed = oneEvent<RkInterventionChangeEvent>(el, 'rk-intervention-change');
      submitCreate(el);
      const event = await changed;
      expect(event.intervention).to.equal(undefined);
      expect((event.change as InterventionCreate).account_id).to.equal('cust_acme');
      expect(el.state).to.equal('empty');
    });

    it('hide-create removes the button', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue hide-create .data=${[]}></intervention-queue>`);
      expect(part(el, 'create-toggle')).to.equal(null);
    });

    it('offers a viewer neither the buttons nor the create form; a csm both', async () => {
      const viewerClient = new FakeClient({ token: tokenFor('viewer') });
      viewerClient.list = sample();
      const viewer = await inProvider(html`<intervention-queue create-open></intervention-queue>`, viewerClient);
      await waitUntil(() => viewer.el.state === 'ready', 'the queue loaded');
      await settle(viewer.el);
      expect(parts(viewer.el, 'item')).to.have.length(5);
      expect(parts(viewer.el, 'action')).to.have.length(0);
      // Booleans: a failing comparison of elements would serialise the whole shadow tree.
      expect(part(viewer.el, 'create-toggle') === null && part(viewer.el, 'create-form') === null, 'a viewer is offered no create form').to.equal(true);
      await expectAccessible(viewer.el);
      const csmClient = new FakeClient({ token: tokenFor('csm') });
      csmClient.list = sample();
      const csm = await inProvider(html`<intervention-queue create-open></intervention-queue>`, csmClient);
      await waitUntil(() => parts(csm.el, 'action').length > 0 && part(csm.el, 'create-form') !== null, 'a csm is offered the buttons and the form');
    });
  });

  describe('states', () => {
    it('is empty with no open interventions, with a slot for the message', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue .data=${[intervention({ status: 'cancelled' })]}></intervention-queue>`);
      expect(el.state).to.equal('empty');
      expect(text(part(el, 'empty'))).to.equal('No open interventions.');
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);
    });

    it('shows a skeleton while loading, then an error with a retry button, and fires rk-error', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue api="/__rk_test__/slow" token="t"></intervention-queue>`);
      expect(el.state).to.equal('loading');
      expect(part(el, 'skeleton')).to.not.equal(null);
      expect(part(el, 'base')?.getAttribute('aria-busy')).to.equal('true');
      expect(text(root(el).querySelector('[role="status"]'))).to.equal('Loading interventions…');
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);

      const failed = await oneEvent<RkErrorEvent>(el, 'rk-error');
      expect((failed.error as ApiError).status).to.equal(503);
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(part(el, 'error')?.getAttribute('role')).to.equal('alert');
      expect(text(part(el, 'error'))).to.contain('slow test endpoint');
      await expectAccessible(el);
      el.theme = 'light';
      await el.updateComplete;
      await expectAccessible(el);
    }).timeout(15_000);

    it('errors when the server is unreachable, and Retry loads again', async () => {
      const el = await fixture<InterventionQueue>(html`<intervention-queue api="http://127.0.0.1:9" token="t"></intervention-queue>`);
      await waitUntil(() => el.state === 'error', 'no error state', { timeout: 5_000 });
      await el.updateComplete;
      let errors = 0;
      el.addEventListener('rk-error', () => errors++);
      const retry = part(el, 'retry') as HTMLButtonElement;
      retry.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => errors === 1, 'the retry did not load again', { timeout: 5_000 });
    });

    it('loads through the provider client with the filters', async () => {
      const client = new FakeClient();
      client.list = sample().slice(0, 3);
      const { el } = await inProvider(html`<intervention-queue account-id="cust_acme" assigned-to="dana@example.com" limit="20"></intervention-queue>`, client);
      await waitUntil(() => el.state === 'ready', 'not ready');
      expect(client.queries).to.deep.equal([{ status: ['planned', 'executed', 'responded'], account_id: 'cust_acme', assigned_to: 'dana@example.com', limit: 20 }]);
      expect(ids(el)).to.deep.equal(['crit-overdue', 'crit-later', 'low-soon']);
    });

    it('shows Live while live events arrive and Offline (with the last data) while the connection is down', async () => {
      const { provider, el } = await inProvider(html`<intervention-queue .data=${sample()}></intervention-queue>`);
      provider.store.status.set('live');
      await settle(el);
      expect(text(part(el, 'live-indicator'))).to.equal('Live');
      await expectAccessible(el);
      provider.store.status.set('offline');
      await settle(el);
      expect(part(el, 'live-indicator')).to.equal(null);
      expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
      expect(ids(el).length).to.equal(5);
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);
    });
  });

  describe('live updates', () => {
    it('updates, inserts and removes items from intervention_update events', async () => {
      const { provider, el } = await inProvider(html`<intervention-queue account-id="cust_acme" .data=${sample()}></intervention-queue>`);
      const later = '2025-10-05T00:00:00.000Z';

      provider.store.apply({ type: 'intervention_update', id: 1, data: { action: 'updated', intervention: { ...(sample()[0] as Intervention), status: 'executed', updated_at: later } } });
      await settle(el);
      expect(item(el, 'low-soon')?.dataset.status).to.equal('executed');

      provider.store.apply({ type: 'intervention_update', id: 2, data: { action: 'created', intervention: intervention({ id: 'live-new', priority: 'critical', scheduled_at: iso(-9 * HOUR) }) } });
      // Another account's intervention stays out (account-id filter).
      provider.store.apply({ type: 'intervention_update', id: 3, data: { action: 'created', intervention: intervention({ id: 'other', account_id: 'cust_other', priority: 'critical' }) } });
      await settle(el);
      expect(ids(el)).to.deep.equal(['live-new', 'crit-overdue', 'crit-later', 'high-executed', 'medium-responded', 'low-soon']);

      provider.store.apply({ type: 'intervention_update', id: 4, data: { action: 'updated', intervention: { ...(sample()[1] as Intervention), status: 'completed', updated_at: later } } });
      await settle(el);
      expect(ids(el)).to.not.include('crit-later');

      // An update older than what is shown is ignored.
      el.data = [{ ...(sample()[2] as Intervention), status: 'responded', updated_at: '2025-12-01T00:00:00.000Z' }];
      provider.store.apply({ type: 'intervention_update', id: 5, data: { action: 'updated', intervention: { ...(sample()[2] as Intervention), status: 'executed', updated_at: later } } });
      await settle(el);
      expect(item(el, 'crit-overdue')?.dataset.status).to.equal('responded');
    });
  });
});
