import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/index';
import '../../widgets/customer-health-card/define';
import { ApiError } from '../../widgets/core/api-client';
import { RESPONSE_HOURS } from '../../widgets/core/customer-actions';
import type { RkActionEvent, RkErrorEvent, RkRecommendationStartEvent } from '../../widgets/core/events';
import type { CustomerHealth, Intervention, InterventionCreate, InterventionPage, InterventionQuery } from '../../widgets/core/types';
import type { CustomerHealthCard, CustomerHealthCardData } from '../../widgets/customer-health-card/customer-health-card';
import type { HealthGauge } from '../../widgets/health-gauge/health-gauge';
import { expectAccessible } from './support/axe';
import { deferred, RecordingClient, renderInProvider, standaloneLive } from './support/connect';
import { part, parts, root, settle as settleWidget, text } from './support/dom';
import { EVIDENCE_RECOMMENDATION, healthResponse, healthUpdate, HOSTILE, HOUR, intervention, iso, RULE_RECOMMENDATION, tokenFor } from './support/fixtures';

/** Three open interventions of the customer, in no particular order. */
function sample(): Intervention[] {
  return [
    intervention({ id: 'low', priority: 'low', intervention_type: 'automated_email', scheduled_at: iso(72 * HOUR) }),
    intervention({ id: 'crit-overdue', priority: 'critical', intervention_type: 'escalation_created', scheduled_at: iso(-2 * HOUR), notes: 'Exec sponsor left' }),
    intervention({ id: 'high-executed', priority: 'high', status: 'executed', intervention_type: 'csm_outreach', scheduled_at: iso(-5 * HOUR) }),
  ];
}

const cardData = (overrides: Partial<CustomerHealth> = {}, interventions: Intervention[] = sample()): CustomerHealthCardData => ({
  health: healthResponse(overrides),
  interventions,
});

/** An ApiClient answered by the test (no network): health and interventions per customer, creates echoed. */
class FakeClient extends RecordingClient {
  readonly healthCalls: string[] = [];
  readonly queries: InterventionQuery[] = [];
  healthOf: (id: string) => Promise<CustomerHealth> = (id) => Promise.resolve(healthResponse({ customer_id: id }));
  page: (query: InterventionQuery) => Promise<InterventionPage> = () => Promise.resolve({ interventions: sample(), next_cursor: null });
  override respond: (body: InterventionCreate) => Promise<Intervention> = (body) =>
    Promise.resolve(intervention({ id: `new-${this.created.length}`, ...body, status: 'planned', updated_at: new Date().toISOString() }));

  override health(id: string): Promise<CustomerHealth> {
    this.healthCalls.push(id);
    return this.healthOf(id);
  }

  override interventions(query: InterventionQuery = {}): Promise<InterventionPage> {
    this.queries.push(query);
    return this.page(query);
  }
}

const ids = (el: Element) => parts(el, 'intervention').map((li) => li.dataset.id);
const gauge = (el: Element) => root(el).querySelector('health-gauge') as HealthGauge | null;
const meter = (el: Element) => gauge(el)?.shadowRoot?.querySelector<HTMLElement>('[role="meter"]') ?? null;
const action = (el: Element, name: string) => root(el).querySelector<HTMLButtonElement>(`button[data-action="${name}"]`) as HTMLButtonElement;

/** Lets signal watchers, the card and its gauge finish their updates. */
async function settle(el: CustomerHealthCard) {
  await settleWidget(el);
  await gauge(el)?.updateComplete;
}

/** Accessible in the light and in the dark theme (and left in the theme it had). */
async function expectAccessibleInBothThemes(el: CustomerHealthCard) {
  const theme = el.theme;
  for (const t of ['light', 'dark'] as const) {
    el.theme = t;
    await settle(el);
    await expectAccessible(el);
  }
  el.theme = theme;
  await settle(el);
}

const inProvider = (template: ReturnType<typeof html>, client = new FakeClient()) =>
  renderInProvider<CustomerHealthCard, FakeClient>('customer-health-card', template, client, settle);

describe('<customer-health-card>', () => {
  describe('rendering from .data', () => {
    it('shows the company, id, gauge, risk, priority, risk factors and open interventions', async () => {
      const data = cardData();
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card locale="en-US" .data=${data}></customer-health-card>`);
      await settle(el);
      expect(el.state).to.equal('ready');
      expect(text(part(el, 'title'))).to.equal('Acme Robotics');
      expect(text(part(el, 'customer-id'))).to.equal('Customer id cust_acme');

      // The dial is the health-gauge's, fed the response, without a title row of its own.
      expect(part(el, 'gauge')?.localName).to.equal('health-gauge');
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('72');
      expect(meter(el)?.getAttribute('aria-label')).to.equal('Health score of Acme Robotics');
      const gaugeHeader = gauge(el)?.shadowRoot?.querySelector('[part~="header"]') as HTMLElement;
      expect(getComputedStyle(gaugeHeader).display).to.equal('none');
      expect(gauge(el)?.shadowRoot?.querySelectorAll('[part~="component"]').length).to.equal(4);

      expect(text(part(el, 'risk-level'))).to.equal('Medium');
      expect(text(part(el, 'churn-probability'))).to.equal('22%');
      const priority = part(el, 'priority') as HTMLElement;
      expect(text(priority)).to.equal('Medium');
      expect(priority.dataset.priority).to.equal('medium');
      expect(parts(el, 'risk-factor').map(text)).to.deep.equal(['Engagement score 28']);

      expect(ids(el)).to.deep.equal(['crit-overdue', 'high-executed', 'low']);
      const [first, second, third] = parts(el, 'intervention');
      expect(text(first?.querySelector('[part~="intervention-type"]'))).to.equal('Escalation');
      expect(text(first?.querySelector('[part~="intervention-priority"]'))).to.equal('Critical priority');
      expect(first?.dataset.overdue).to.equal('true');
      expect(text(first?.querySelector('[part~="intervention-due"]'))).to.equal('Planned, ⚠ overdue: due 2 hours ago');
      expect(text(first?.querySelector('[part~="intervention-notes"]'))).to.equal('Exec sponsor left');
      expect(text(second?.querySelector('[part~="intervention-due"]'))).to.equal('Executed, due 5 hours ago');
      expect(second?.dataset.overdue).to.equal('false');
      expect(text(third?.querySelector('[part~="intervention-due"]'))).to.equal('Planned, due in 3 days');
      expect(third?.querySelector('time')?.dateTime).to.equal(data.interventions?.[0]?.scheduled_at);
      expect(part(el, 'more')).to.equal(null);
    });

    it("shows the server's risk factors word for word: a negative NPS keeps its sign", async () => {
      const el = await fixture<CustomerHealthCard>(
        html`<customer-health-card .data=${{ health: healthResponse({ risk_factors: ['NPS -100', 'payment-overdue'] }) }}></customer-health-card>`,
      );
      expect(parts(el, 'risk-factor').map(text)).to.deep.equal(['NPS -100', 'payment-overdue']);
    });

    it('says when churn is not predicted, and when there are no risk factors or open interventions', async () => {
      const el = await fixture<CustomerHealthCard>(
        html`<customer-health-card .data=${{ health: healthResponse({ churn_probability: null, risk_factors: [] }) }}></customer-health-card>`,
      );
      expect(text(part(el, 'churn-probability'))).to.equal('Not predicted');
      expect(part(el, 'risk-factors')).to.equal(null);
      expect(text(root(el).querySelector('.facts'))).to.contain('No risk factors.').and.to.contain('No open interventions.');
      expect(parts(el, 'intervention')).to.deep.equal([]);
    });

    it('lists five open interventions at most, counts the rest, and leaves closed ones out', async () => {
      const many = [
        ...Array.from({ length: 7 }, (_, n) => intervention({ id: `iv-${n}`, scheduled_at: iso((n + 1) * HOUR) })),
        intervention({ id: 'done', priority: 'critical', status: 'completed' }),
      ];
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card .data=${cardData({}, many)}></customer-health-card>`);
      expect(ids(el)).to.deep.equal(['iv-0', 'iv-1', 'iv-2', 'iv-3', 'iv-4']);
      expect(text(part(el, 'more'))).to.equal('2 more open interventions');
      expect(el.interventions.length).to.equal(7);
    });

    it('passes theme and locale through to the gauge, and formats in the locale', async () => {
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card theme="dark" locale="de-DE" .data=${cardData()}></customer-health-card>`);
      await settle(el);
      expect(gauge(el)?.theme).to.equal('dark');
      expect(gauge(el)?.locale).to.equal('de-DE');
      expect(text(part(el, 'churn-probability'))).to.equal('22 %');
      expect(text(root(el).querySelector('li[data-id="low"] [part~="intervention-due"]'))).to.equal('Geplant, fällig in 3 Tagen');
      expect(getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor).to.equal('rgb(30, 30, 30)');

      // Without `locale`, the nearest lang attribute outside the card reaches the gauge too.
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="fr"><customer-health-card .data=${cardData()}></customer-health-card></div>`);
      const inner = wrapper.querySelector('customer-health-card') as CustomerHealthCard;
      await settle(inner);
      expect(gauge(inner)?.locale).to.equal('fr');
    });

    it('exports the gauge parts', async () => {
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      expect(gauge(el)?.getAttribute('exportparts')).to.contain('score: gauge-score');
      expect(gauge(el)?.getAttribute('exportparts')).to.contain('coverage: gauge-coverage');
      expect(gauge(el)?.getAttribute('exportparts')).to.contain('trend: gauge-trend');
      await settle(el);
      // The fixture's one snapshot and the current score: the card shows the trend through its gauge.
      expect(gauge(el)?.shadowRoot?.querySelector('[part~="trend"]')?.getAttribute('aria-label')).to.contain('Score trend: 67');
    });

    it('says how much of the score stands on data when some inputs are missing', async () => {
      const el = await fixture<CustomerHealthCard>(
        html`<customer-health-card .data=${cardData({ coverage: 0.4, unknown_factors: ['support_rating', 'response_time', 'nps'] })}></customer-health-card>`,
      );
      await settle(el);
      const note = gauge(el)?.shadowRoot?.querySelector('[part~="coverage"]') ?? null;
      expect(text(note)).to.equal('Based on 40% of the inputs: no support or NPS data yet');
      const full = await fixture<CustomerHealthCard>(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      await settle(full);
      expect(gauge(full)?.shadowRoot?.querySelector('[part~="coverage"]')).to.equal(null);
    });

    it('renders hostile company names, risk factors and notes as text', async () => {
      const el = await fixture<CustomerHealthCard>(
        html`<customer-health-card
          .data=${cardData({ company_name: HOSTILE, risk_factors: [HOSTILE] }, [intervention({ notes: HOSTILE })])}
        ></customer-health-card>`,
      );
      await settle(el);
      expect(root(el).querySelector('img')).to.equal(null);
      expect(gauge(el)?.shadowRoot?.querySelector('img')).to.equal(null);
      expect(text(part(el, 'title'))).to.equal(HOSTILE);
      expect(text(part(el, 'risk-factor'))).to.equal(HOSTILE);
      expect(text(part(el, 'intervention-notes'))).to.equal(HOSTILE);
      expect(part(el, 'actions')?.getAttribute('aria-label')).to.equal(`Quick actions for ${HOSTILE}`);
    });

    for (const width of [320, 280]) {
      it(`fits a ${width} px sidebar without horizontal overflow, with 44 px touch targets`, async () => {
        const long = 'Extraordinarily-long-company-name-without-spaces-International-Holdings';
        const wrapper = await fixture<HTMLDivElement>(
          html`<div style=${`width: ${width}px`}>
            <customer-health-card
              .data=${cardData({ company_name: long, risk_factors: ['No login in 14 days', '6 open support tickets', long] }, [
                ...sample(),
                intervention({ id: 'long', notes: long.repeat(3), intervention_type: 'training_scheduled' }),
              ])}
            ></customer-health-card>
          </div>`,
        );
        const el = wrapper.querySelector('customer-health-card') as CustomerHealthCard;
        await settle(el);
        expect(el.clientWidth).to.equal(width);
        expect(el.scrollWidth).to.be.at.most(el.clientWidth);
        const base = part(el, 'base') as HTMLElement;
        expect(base.scrollWidth).to.be.at.most(base.clientWidth);
        for (const b of root(el).querySelectorAll('button')) {
          const box = b.getBoundingClientRect();
          expect(box.height, text(b)).to.be.at.least(44);
          expect(box.width, text(b)).to.be.at.least(44);
          expect(box.right, text(b)).to.be.at.most(base.getBoundingClientRect().right);
        }
        await expectAccessible(el);
      });
    }

    it('lays out right to left without overflow', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div dir="rtl" lang="ar" style="width: 320px"><customer-health-card .data=${cardData()}></customer-health-card></div>`,
      );
      const el = wrapper.querySelector('customer-health-card') as CustomerHealthCard;
      await settle(el);
      expect(getComputedStyle(part(el, 'base') as HTMLElement).direction).to.equal('rtl');
      expect(el.scrollWidth).to.be.at.most(el.clientWidth);
      // The accent border of an intervention is on its start side: the right.
      const item = part(el, 'intervention') as HTMLElement;
      expect(getComputedStyle(item).borderRightWidth).to.equal('4px');
      await expectAccessible(el);
    });

    it('uses container queries: tighter padding in a narrow card, the facts beside the gauge in a wide one', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 300px"><customer-health-card .data=${cardData()}></customer-health-card></div>`);
      const el = wrapper.querySelector('customer-health-card') as CustomerHealthCard;
      await settle(el);
      expect(getComputedStyle(part(el, 'base') as HTMLElement).paddingLeft).to.equal('12px');
      const body = root(el).querySelector('.body') as HTMLElement;
      expect(getComputedStyle(body).gridTemplateColumns.split(' ').length).to.equal(1);
      wrapper.style.width = '800px';
      await settle(el);
      expect(getComputedStyle(part(el, 'base') as HTMLElement).paddingLeft).to.equal('16px');
      expect(getComputedStyle(body).gridTemplateColumns.split(' ').length).to.equal(2);
    });
  });

  describe('from an API client', () => {
    it('fetches the health and the open interventions of customer-id through the provider', async () => {
      const client = new FakeClient();
      const { el } = await inProvider(html`<customer-health-card customer-id="cust_acme"></customer-health-card>`, client);
      await waitUntil(() => el.state === 'ready' && parts(el, 'intervention').length === 3, 'not ready');
      expect(client.healthCalls).to.deep.equal(['cust_acme']);
      expect(client.queries).to.deep.equal([{ account_id: 'cust_acme', status: ['planned', 'executed', 'responded'], limit: 5 }]);
      await settle(el);
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('72');
      expect(text(part(el, 'title'))).to.equal('Acme Robotics');
    });

    it('says that the server holds more open interventions than it fetched', async () => {
      const client = new FakeClient();
      client.page = () => Promise.resolve({ interventions: sample(), next_cursor: 'next' });
      const { el } = await inProvider(html`<customer-health-card customer-id="cust_acme"></customer-health-card>`, client);
      await waitUntil(() => part(el, 'more') !== null, 'no note');
      expect(text(part(el, 'more'))).to.equal('At least 1 more open intervention');
    });

    it('loads the next customer when customer-id changes, with the skeleton in between', async () => {
      const client = new FakeClient();
      const { el } = await inProvider(html`<customer-health-card customer-id="cust_acme"></customer-health-card>`, client);
      await waitUntil(() => el.state === 'ready');
      const next = deferred<CustomerHealth>();
      client.healthOf = () => next.promise;
      el.setAttribute('customer-id', 'cust_globex');
      await el.updateComplete;
      expect(el.customerId).to.equal('cust_globex');
      expect(el.state).to.equal('loading');
      expect(part(el, 'skeleton')).to.not.equal(null);
      next.resolve(healthResponse({ customer_id: 'cust_globex', company_name: 'Globex', health_score: 30, status: 'critical' }));
      await waitUntil(() => el.state === 'ready');
      await settle(el);
      expect(client.healthCalls).to.deep.equal(['cust_acme', 'cust_globex']);
      expect(client.queries.map((q) => q.account_id)).to.deep.equal(['cust_acme', 'cust_globex']);
      expect(text(part(el, 'title'))).to.equal('Globex');
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('30');
    });

    it('shows the interventions error at its section, with its own retry, and keeps the health', async () => {
      const client = new FakeClient();
      let fail = true;
      client.page = () => (fail ? Promise.reject(new ApiError(500, 'internal', 'database down')) : Promise.resolve({ interventions: sample(), next_cursor: null }));
      const { el } = await inProvider(html`<customer-health-card customer-id="cust_acme"></customer-health-card>`, client);
      await waitUntil(() => part(el, 'interventions-error') !== null, 'no section error');
      expect(el.state).to.equal('ready');
      expect(part(el, 'interventions-error')?.getAttribute('role')).to.equal('alert');
      expect(text(part(el, 'interventions-error'))).to.contain('database down');
      await expectAccessibleInBothThemes(el);
      fail = false;
      part(el, 'interventions-retry')?.click();
      await waitUntil(() => parts(el, 'intervention').length === 3, 'the retry did not load');
      expect(client.healthCalls.length).to.equal(1);
    });
  });

  describe('attributes and properties', () => {
    it('reads customer-id, refresh-interval and enable-live, and reflects theme', async () => {
      const el = await fixture<CustomerHealthCard>(
        html`<customer-health-card customer-id="cust_acme" refresh-interval="30" enable-live="false" theme="light"></customer-health-card>`,
      );
      expect(el.customerId).to.equal('cust_acme');
      expect(el.refreshInterval).to.equal(30);
      expect(el.enableLive).to.equal(false);
      el.theme = 'dark';
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('dark');
    });

    it('refreshes quietly every refresh-interval seconds, keeping the data on screen', async () => {
      const client = new FakeClient();
      let score = 72;
      client.healthOf = (id) => Promise.resolve(healthResponse({ customer_id: id, health_score: score, last_updated: new Date().toISOString() }));
      const { el } = await inProvider(html`<customer-health-card customer-id="cust_acme" refresh-interval="1"></customer-health-card>`, client);
      await waitUntil(() => el.state === 'ready');
      score = 80;
      await waitUntil(() => client.healthCalls.length >= 2, 'no refresh', { timeout: 3_000 });
      await waitUntil(() => meter(el)?.getAttribute('aria-valuenow') === '80', 'the refresh is not shown', { timeout: 3_000 });
      expect(part(el, 'skeleton')).to.equal(null);
    });

    it('falls back to fetching when .data is removed', async () => {
      const client = new FakeClient();
      client.healthOf = (id) => Promise.resolve(healthResponse({ customer_id: id, company_name: 'Fetched Inc' }));
      const { el } = await inProvider(html`<customer-health-card customer-id="cust_acme" .data=${cardData()}></customer-health-card>`, client);
      expect(client.healthCalls).to.deep.equal([]);
      el.data = undefined;
      await waitUntil(() => text(part(el, 'title')) === 'Fetched Inc', 'not fetched');
    });
  });

  describe('quick actions', () => {
    it('names each button with its company, and fires rk-action (bubbling, composed) that reaches the page', async () => {
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      expect(parts(el, 'action').map(text)).to.deep.equal(['Call: Acme Robotics', 'Email: Acme Robotics', 'Create task: Acme Robotics']);
      expect(parts(el, 'action').map((b) => b.dataset.action)).to.deep.equal(['call', 'email', 'create-task']);
      const seen: RkActionEvent[] = [];
      const origins: EventTarget[] = [];
      const listener = (e: RkActionEvent) => {
        seen.push(e);
        // The path is known only while the event is dispatched.
        origins.push(e.composedPath()[0] as EventTarget);
      };
      document.addEventListener('rk-action', listener);
      try {
        action(el, 'email').click();
        await el.updateComplete;
        expect(seen.length).to.equal(1);
        const event = seen[0] as RkActionEvent;
        expect([event.bubbles, event.composed, event.cancelable]).to.deep.equal([true, true, true]);
        expect(event.action).to.equal('email');
        expect(event.customerId).to.equal('cust_acme');
        expect(origins[0] === el).to.equal(true);
        // No client: nothing recorded, nothing claimed.
        await settle(el);
        expect(text(part(el, 'action-message'))).to.equal('');
      } finally {
        document.removeEventListener('rk-action', listener);
      }
    });

    it('records nothing when the page cancels rk-action', async () => {
      const { el, client } = await inProvider(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      el.addEventListener('rk-action', (e) => e.preventDefault());
      action(el, 'call').click();
      await settle(el);
      expect(client.created).to.deep.equal([]);
      expect(text(part(el, 'action-message'))).to.equal('');
      expect(action(el, 'call').getAttribute('aria-disabled')).to.equal('false');
    });

    it('with a client: creates the intervention, shows it pending, then lists it and says so politely', async () => {
      const { el, client } = await inProvider(html`<customer-health-card .data=${cardData({ intervention_priority: 'high' })}></customer-health-card>`);
      const answer = deferred<Intervention>();
      client.respond = () => answer.promise;
      const before = Date.now();
      action(el, 'call').focus();
      await sendKeys({ press: 'Enter' });
      await settle(el);

      expect(client.created.length).to.equal(1);
      const body = client.created[0] as InterventionCreate;
      expect({ ...body, scheduled_at: undefined }).to.deep.equal({
        account_id: 'cust_acme',
        intervention_type: 'health_check_call',
        priority: 'high',
        scheduled_at: undefined,
        notes: 'Call from the dashboard',
      });
      const due = Date.parse(body.scheduled_at) - before;
      expect(due).to.be.within(RESPONSE_HOURS.high * HOUR - 1_000, RESPONSE_HOURS.high * HOUR + 5_000);

      // Pending: the pressed button keeps the focus and says so; a second press does nothing.
      expect(text(action(el, 'call'))).to.equal('Saving…: Acme Robotics');
      expect(root(el).activeElement).to.equal(action(el, 'call'));
      expect(parts(el, 'action').map((b) => b.getAttribute('aria-disabled'))).to.deep.equal(['true', 'true', 'true']);
      const message = part(el, 'action-message') as HTMLElement;
      expect(message.getAttribute('role')).to.equal('status');
      expect(text(message)).to.equal('Recording the call for Acme Robotics…');
      action(el, 'email').click();
      expect(client.created.length).to.equal(1);
      await expectAccessible(el);

      answer.resolve(intervention({ id: 'created', ...body, status: 'planned', updated_at: new Date().toISOString() }));
      await waitUntil(() => ids(el).includes('created'), 'the new intervention is not listed');
      await settle(el);
      expect(ids(el)).to.deep.equal(['crit-overdue', 'high-executed', 'created', 'low']);
      expect(text(message)).to.equal('Created: Health check call for Acme Robotics.');
      expect(message.dataset.tone).to.equal('success');
      expect(text(action(el, 'call'))).to.equal('Call: Acme Robotics');
      expect(action(el, 'call').getAttribute('aria-disabled')).to.equal('false');
    });

    it('creates an escalation for a task on a critical customer', async () => {
      const { el, client } = await inProvider(html`<customer-health-card .data=${cardData({ intervention_priority: 'critical' })}></customer-health-card>`);
      action(el, 'create-task').click();
      await waitUntil(() => client.created.length === 1);
      expect(client.created[0]?.intervention_type).to.equal('escalation_created');
      expect(client.created[0]?.priority).to.equal('critical');
    });

    it('says when recording fails, and fires rk-error', async () => {
      const { el, client } = await inProvider(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      client.respond = () => Promise.reject(new ApiError(403, 'forbidden', 'viewers cannot create interventions'));
      const failed = oneEvent<RkErrorEvent>(el, 'rk-error');
      action(el, 'create-task').click();
      const event = await failed;
      expect([event.bubbles, event.composed]).to.deep.equal([true, true]);
      expect((event.error as ApiError).status).to.equal(403);
      await settle(el);
      const message = part(el, 'action-message') as HTMLElement;
      expect(text(message)).to.equal('Could not record the task for Acme Robotics: viewers cannot create interventions');
      expect(message.dataset.tone).to.equal('error');
      expect(ids(el).length).to.equal(3);
      await expectAccessibleInBothThemes(el);
    });

    it('shows the outcome only while the customer it was for is shown', async () => {
      const { el } = await inProvider(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      action(el, 'call').click();
      await waitUntil(() => text(part(el, 'action-message')).startsWith('Created'));
      el.data = cardData({ customer_id: 'cust_globex', company_name: 'Globex' }, []);
      await settle(el);
      expect(text(part(el, 'action-message'))).to.equal('');
      expect(ids(el)).to.deep.equal([]);
    });
  });

  describe('recommended action', () => {
    const start = (el: CustomerHealthCard) => part(el, 'recommendation-start') as HTMLButtonElement;

    it('shows no recommendation when the server has none', async () => {
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      expect(part(el, 'recommendation')).to.equal(null);
    });

    it('shows the top measured play with its uplift, interval and counts', async () => {
      const el = await fixture<CustomerHealthCard>(
        html`<customer-health-card locale="en-US" .data=${cardData({ recommended_actions: [EVIDENCE_RECOMMENDATION, RULE_RECOMMENDATION] })}></customer-health-card>`,
      );
      const section = part(el, 'recommendation') as HTMLElement;
      expect(section.dataset.basis).to.equal('evidence');
      expect(parts(el, 'recommendation').length).to.equal(1);
      expect(text(part(el, 'recommendation-title'))).to.equal('Health check call');
      expect(text(part(el, 'recommendation-reason'))).to.equal('Cut 90-day churn of high-risk accounts against its control group');
      expect(text(part(el, 'recommendation-evidence'))).to.equal(
        'Measured Churn prevented +12 pts (95 % interval +5 pts to +19 pts) in 90 days among high-risk accounts: 420 treated, 96 held out',
      );
      expect(text(start(el))).to.equal('Start: Health check call: Acme Robotics');
      await expectAccessibleInBothThemes(el);
    });

    it('labels a rule-based suggestion as a rule, not evidence', async () => {
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card .data=${cardData({ recommended_actions: [RULE_RECOMMENDATION] })}></customer-health-card>`);
      expect((part(el, 'recommendation') as HTMLElement).dataset.basis).to.equal('rule');
      expect(text(part(el, 'recommendation-evidence'))).to.equal('Rule A rule of thumb, not measured evidence');
      expect(text(part(el, 'recommendation-evidence'))).not.to.contain('treated');
    });

    it('renders an untrusted title and reason as text', async () => {
      const el = await fixture<CustomerHealthCard>(
        html`<customer-health-card .data=${cardData({ recommended_actions: [{ ...RULE_RECOMMENDATION, title: HOSTILE, reason: HOSTILE }] })}></customer-health-card>`,
      );
      expect(text(part(el, 'recommendation-title'))).to.equal(HOSTILE);
      expect(text(part(el, 'recommendation-reason'))).to.equal(HOSTILE);
      expect(root(el).querySelector('img')).to.equal(null);
    });

    it('starts the play in one click: fires rk-recommendation-start, creates its intervention and lists it', async () => {
      const { el, client } = await inProvider(
        html`<customer-health-card .data=${cardData({ intervention_priority: 'high', recommended_actions: [EVIDENCE_RECOMMENDATION] })}></customer-health-card>`,
      );
      const fired = oneEvent<RkRecommendationStartEvent>(document, 'rk-recommendation-start');
      const before = Date.now();
      start(el).click();
      const event = await fired;
      expect([event.bubbles, event.composed, event.cancelable, event.customerId]).to.deep.equal([true, true, true, 'cust_acme']);
      expect(event.recommendation).to.deep.equal(EVIDENCE_RECOMMENDATION);
      await waitUntil(() => text(part(el, 'action-message')).startsWith('Created'), 'the play was not started');
      expect(client.created.length).to.equal(1);
      const body = client.created[0] as InterventionCreate;
      expect({ ...body, scheduled_at: undefined }).to.deep.equal({
        account_id: 'cust_acme',
        intervention_type: 'health_check_call',
        priority: 'high',
        scheduled_at: undefined,
        notes: 'Recommended: Health check call (measured against its control group)',
      });
      expect(Date.parse(body.scheduled_at) - before).to.be.within(RESPONSE_HOURS.high * HOUR - 1_000, RESPONSE_HOURS.high * HOUR + 5_000);
      expect(text(part(el, 'action-message'))).to.equal('Created: Health check call for Acme Robotics.');
      expect(ids(el).length).to.equal(4);
    });

    it('records nothing when the page cancels rk-recommendation-start, and says when recording fails', async () => {
      const { el, client } = await inProvider(html`<customer-health-card .data=${cardData({ recommended_actions: [RULE_RECOMMENDATION] })}></customer-health-card>`);
      const cancel = (e: Event) => e.preventDefault();
      el.addEventListener('rk-recommendation-start', cancel);
      start(el).click();
      await settle(el);
      expect(client.created).to.deep.equal([]);
      el.removeEventListener('rk-recommendation-start', cancel);
      client.respond = () => Promise.reject(new ApiError(403, 'forbidden', 'viewers cannot create interventions'));
      const failed = oneEvent<RkErrorEvent>(el, 'rk-error');
      start(el).click();
      await failed;
      await settle(el);
      expect(client.created[0]?.notes).to.equal('Recommended: Health check call (a rule, not measured evidence)');
      expect(text(part(el, 'action-message'))).to.equal('Could not record the recommended play for Acme Robotics: viewers cannot create interventions');
    });

    it("shows a viewer's token the recommendation without Start; a csm's with it", async () => {
      const template = html`<customer-health-card .data=${cardData({ recommended_actions: [EVIDENCE_RECOMMENDATION] })}></customer-health-card>`;
      const viewer = await inProvider(template, new FakeClient({ token: tokenFor('viewer') }));
      expect(text(viewer.el.shadowRoot!.querySelector('[part~="recommendation-evidence"]'))).to.contain('420 treated, 96 held out');
      // Booleans: a failing comparison of elements would serialise the whole shadow tree.
      expect(part(viewer.el, 'recommendation-start') === null, 'a viewer is shown no Start').to.equal(true);
      await expectAccessible(viewer.el);
      const csm = await inProvider(template, new FakeClient({ token: tokenFor('csm') }));
      expect(part(csm.el, 'recommendation-start') !== null, 'a csm is shown Start').to.equal(true);
    });
  });

  describe('roles', () => {
    it('offers a viewer neither the quick actions nor Start, still showing the recommendation; a csm both', async () => {
      const data = cardData({ recommended_actions: [EVIDENCE_RECOMMENDATION] });
      const viewer = await inProvider(html`<customer-health-card .data=${data}></customer-health-card>`, new FakeClient({ token: tokenFor('viewer') }));
      expect(text(part(viewer.el, 'recommendation-title'))).to.equal(EVIDENCE_RECOMMENDATION.title);
      // Booleans: a failing comparison of elements would serialise the whole shadow tree.
      expect(part(viewer.el, 'actions') === null, 'a viewer is shown no quick actions').to.equal(true);
      expect(part(viewer.el, 'recommendation-start') === null, 'a viewer is shown no Start').to.equal(true);
      await expectAccessible(viewer.el);
      const csm = await inProvider(html`<customer-health-card .data=${data}></customer-health-card>`, new FakeClient({ token: tokenFor('csm') }));
      await waitUntil(() => parts(csm.el, 'action').length === 3, 'a csm is offered the quick actions');
      expect(part(csm.el, 'recommendation-start') !== null, 'a csm is offered Start').to.equal(true);
    });
  });

  describe('states', () => {
    it('asks for a customer without customer-id or data, with a slot for the prompt', async () => {
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card></customer-health-card>`);
      expect(el.state).to.equal('idle');
      expect(text(part(el, 'idle'))).to.equal('Choose a customer to see their health.');
      expect(meter(el)).to.equal(null);
      await expectAccessibleInBothThemes(el);
      const slotted = await fixture<CustomerHealthCard>(html`<customer-health-card><span slot="idle">Open a customer</span></customer-health-card>`);
      const slot = part(slotted, 'idle')?.querySelector('slot') as HTMLSlotElement;
      expect(slot.assignedElements().map(text)).to.deep.equal(['Open a customer']);
    });

    it('shows a skeleton while loading, then an error with a retry button, and fires rk-error', async () => {
      // A real endpoint of the test server that answers 503 after 4 s.
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card api="/__rk_test__/slow" token="t" customer-id="cust_acme"></customer-health-card>`);
      expect(el.state).to.equal('loading');
      expect(part(el, 'skeleton')).to.not.equal(null);
      expect(part(el, 'base')?.getAttribute('aria-busy')).to.equal('true');
      expect(text(root(el).querySelector('[role="status"]'))).to.equal('Loading customer health…');
      await expectAccessibleInBothThemes(el);

      const failed = await oneEvent<RkErrorEvent>(el, 'rk-error');
      expect((failed.error as ApiError).status).to.equal(503);
      await settle(el);
      expect(el.state).to.equal('error');
      expect(part(el, 'error')?.getAttribute('role')).to.equal('alert');
      expect(text(part(el, 'error'))).to.contain('slow test endpoint');
      expect(text(part(el, 'retry'))).to.equal('Retry');
      await expectAccessibleInBothThemes(el);
    }).timeout(15_000);

    it('retries from the retry button', async () => {
      const client = new FakeClient();
      let fail = true;
      client.healthOf = (id) => (fail ? Promise.reject(new ApiError(500, 'internal', 'boom')) : Promise.resolve(healthResponse({ customer_id: id })));
      const { el } = await inProvider(html`<customer-health-card customer-id="cust_acme"></customer-health-card>`, client);
      await waitUntil(() => el.state === 'error', 'no error state');
      await settle(el);
      fail = false;
      const retry = part(el, 'retry') as HTMLButtonElement;
      expect(retry.getBoundingClientRect().height).to.be.at.least(44);
      retry.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.state === 'ready', 'the retry did not load');
      expect(client.healthCalls.length).to.equal(2);
      // The interventions had loaded: only what failed was fetched again.
      expect(client.queries.length).to.equal(1);
    });

    it('shows the empty state for an unknown customer (404), with a slot for the message', async () => {
      const client = new FakeClient();
      client.healthOf = (id) => Promise.reject(new ApiError(404, 'not_found', `customer '${id}' does not exist`));
      client.page = () => Promise.resolve({ interventions: [], next_cursor: null });
      const errors: RkErrorEvent[] = [];
      const { el } = await inProvider(
        html`<customer-health-card customer-id="nobody" @rk-error=${(e: RkErrorEvent) => errors.push(e)}></customer-health-card>`,
        client,
      );
      await waitUntil(() => el.state === 'empty', 'not empty');
      await settle(el);
      expect(errors).to.deep.equal([]);
      expect(text(part(el, 'empty'))).to.equal('No health score for this customer yet.');
      expect(text(part(el, 'customer-id'))).to.equal('Customer id nobody');
      expect(part(el, 'actions')).to.equal(null);
      await expectAccessibleInBothThemes(el);
    });

    it('shows Live while live events arrive and Offline, with the last data, while the connection is down', async () => {
      const { provider, el } = await inProvider(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      expect(part(el, 'live-indicator')).to.equal(null);
      expect(part(el, 'offline-indicator')).to.equal(null);

      provider.store.status.set('live');
      await settle(el);
      expect(text(part(el, 'live-indicator'))).to.equal('Live');
      await expectAccessibleInBothThemes(el);

      provider.store.status.set('offline');
      await settle(el);
      expect(part(el, 'live-indicator')).to.equal(null);
      expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
      expect(part(el, 'offline-indicator')?.getAttribute('role')).to.equal('status');
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('72');
      expect(ids(el).length).to.equal(3);
      await expectAccessibleInBothThemes(el);
    });

    it('keeps the last data and shows Offline when a refresh cannot reach the server', async () => {
      const client = new FakeClient();
      const { el } = await inProvider(html`<customer-health-card customer-id="cust_acme"></customer-health-card>`, client);
      await waitUntil(() => el.state === 'ready');
      client.healthOf = () => Promise.reject(new ApiError(0, 'network_error', 'Could not reach the server'));
      const failed = oneEvent<RkErrorEvent>(el, 'rk-error');
      await el.reload();
      expect((await failed).error.message).to.equal('Could not reach the server');
      await settle(el);
      expect(el.state).to.equal('ready');
      expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('72');
    });

    it('standalone with enable-live: opens its own connection, filtered to its customer, and shows offline when it cannot', async () => {
      const el = document.createElement('customer-health-card');
      el.data = cardData();
      const { statuses, container } = standaloneLive(el);
      try {
        await waitUntil(() => statuses.includes('offline'), 'never offline', { timeout: 5_000 });
        await settle(el);
        expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
        const filter = (el as unknown as { liveFilter(): unknown }).liveFilter();
        expect(filter).to.deep.equal({ types: ['customer_health_update', 'intervention_update'], accountIds: ['cust_acme'] });
        el.remove();
        expect(statuses.at(-1)).to.equal('idle');
      } finally {
        container.remove();
      }
    });
  });

  describe('live updates', () => {
    it('shows a newer customer_health_update of its customer: score, risk, priority and factors', async () => {
      const { provider, el } = await inProvider(html`<customer-health-card customer-id="cust_acme"></customer-health-card>`);
      await waitUntil(() => el.state === 'ready');
      await settle(el);
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('72');

      provider.store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ account_id: 'someone_else', health_score: 5 }) });
      await settle(el);
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('72');

      provider.store.apply({ type: 'customer_health_update', id: 2, data: healthUpdate({ health_score: 41 }) });
      await settle(el);
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('41');
      expect(text(part(el, 'risk-level'))).to.equal('High');
      expect(text(part(el, 'churn-probability'))).to.equal('58%');
      expect(text(part(el, 'priority'))).to.equal('High');
      expect(parts(el, 'risk-factor').map(text)).to.deep.equal(['Engagement score 22']);
      // The 30-day change moves with the score; the explanation of the old score is not offered.
      expect(text(gauge(el)?.shadowRoot?.querySelector('[part~="change"]'))).to.equal('▼ -26 down against 30 days ago');
      expect(gauge(el)?.shadowRoot?.querySelector('[part~="disclosure"]')).to.equal(null);
      // Actions now carry the new priority.
      const client = provider.client as FakeClient;
      action(el, 'call').click();
      await waitUntil(() => client.created.length === 1);
      expect(client.created[0]?.priority).to.equal('high');
    });

    it('ignores an update older than the data it has', async () => {
      const { provider, el } = await inProvider(
        html`<customer-health-card .data=${cardData({ last_updated: '2025-10-22T00:00:00.000Z' })}></customer-health-card>`,
      );
      provider.store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ health_score: 41 }) });
      await settle(el);
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('72');
    });

    it('standalone with enable-live: follows its own store', async () => {
      const el = await fixture<CustomerHealthCard>(html`<customer-health-card enable-live .data=${cardData()}></customer-health-card>`);
      el.liveStore.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ health_score: 90, status: 'excellent' }) });
      await settle(el);
      expect(meter(el)?.getAttribute('aria-valuenow')).to.equal('90');
      expect(gauge(el)?.shadowRoot?.querySelector<HTMLElement>('[part~="status"]')?.dataset.status).to.equal('excellent');
    });

    it('adds, updates and removes interventions from intervention_update events of its customer', async () => {
      const { provider, el } = await inProvider(html`<customer-health-card .data=${cardData()}></customer-health-card>`);
      const later = '2025-10-05T00:00:00.000Z';

      provider.store.apply({ type: 'intervention_update', id: 1, data: { action: 'created', intervention: intervention({ id: 'live-new', priority: 'high', scheduled_at: iso(-9 * HOUR) }) } });
      // Another customer's intervention stays out.
      provider.store.apply({ type: 'intervention_update', id: 2, data: { action: 'created', intervention: intervention({ id: 'other', account_id: 'cust_other', priority: 'critical' }) } });
      await settle(el);
      expect(ids(el)).to.deep.equal(['crit-overdue', 'live-new', 'high-executed', 'low']);

      provider.store.apply({ type: 'intervention_update', id: 3, data: { action: 'updated', intervention: { ...(sample()[0] as Intervention), status: 'executed', updated_at: later } } });
      await settle(el);
      expect(root(el).querySelector<HTMLElement>('li[data-id="low"]')?.dataset.status).to.equal('executed');

      provider.store.apply({ type: 'intervention_update', id: 4, data: { action: 'updated', intervention: { ...(sample()[1] as Intervention), status: 'completed', updated_at: later } } });
      await settle(el);
      expect(ids(el)).to.deep.equal(['live-new', 'high-executed', 'low']);
    });

    it('refetches on a reset', async () => {
      const client = new FakeClient();
      const { provider, el } = await inProvider(html`<customer-health-card customer-id="cust_acme"></customer-health-card>`, client);
      await waitUntil(() => el.state === 'ready');
      provider.store.apply({ type: 'reset', id: 9, data: { reason: 'log truncated' } });
      await waitUntil(() => client.healthCalls.length === 2 && client.queries.length === 2, 'no refetch after reset');
    });
  });
});
