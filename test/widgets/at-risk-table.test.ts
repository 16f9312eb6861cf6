import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../widgets/index';
import '../../widgets/at-risk-table/define';
import type { AtRiskTable } from '../../widgets/at-risk-table/at-risk-table';
import { ApiError } from '../../widgets/core/api-client';
import type { RkActionEvent, RkErrorEvent, RkSelectEvent } from '../../widgets/core/events';
import type { AtRiskCustomer, Intervention, InterventionCreate, Priority } from '../../widgets/core/types';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { expectAccessible } from './support/axe';
import { deferred, RecordingClient, renderInProvider, standaloneLive } from './support/connect';
import { activeIn, expectWrappedBetweenParts, part, parts, root, settle, text } from './support/dom';
import { ago, createdIntervention, healthUpdate, HOSTILE, HOUR, LONG_ADDRESS, tokenFor, WORKSPACE_1440 } from './support/fixtures';

function customer(overrides: Partial<AtRiskCustomer> = {}): AtRiskCustomer {
  return {
    customer_id: 'c-acme',
    company_name: 'Acme Robotics',
    last_health_score: 22,
    predicted_churn_score: 0.81,
    intervention_priority: 'critical',
    risk_factors: ['No login in 14 days', 'High support tickets'],
    coverage: 1,
    unknown_factors: [],
    last_updated: ago(2 * HOUR),
    ...overrides,
  };
}

/** Five customers, not in the server's order. Server order: acme, initech, umbrella, globex, hooli. */
function sample(): AtRiskCustomer[] {
  return [
    customer({ customer_id: 'c-globex', company_name: 'Globex', last_health_score: 41, predicted_churn_score: 0.55, intervention_priority: 'high', risk_factors: ['Engagement score 22'], last_updated: ago(26 * HOUR) }),
    customer({ customer_id: 'c-hooli', company_name: 'Hooli', last_health_score: 45, predicted_churn_score: 0.55, intervention_priority: 'high', risk_factors: ['Engagement score 22'], last_updated: ago(240 * HOUR) }),
    customer(),
    customer({ customer_id: 'c-umbrella', company_name: 'Umbrella Corp', last_health_score: 48, predicted_churn_score: 0.62, intervention_priority: 'high', risk_factors: [], last_updated: ago(5 * 60_000) }),
    customer({ customer_id: 'c-initech', company_name: 'Initech', last_health_score: 30, predicted_churn_score: null, intervention_priority: 'critical', risk_factors: ['Payment failed'], last_updated: ago(72 * HOUR) }),
  ];
}

const SERVER_ORDER = ['c-acme', 'c-initech', 'c-umbrella', 'c-globex', 'c-hooli'];

/** An ApiClient whose at-risk list and intervention creation are answered by the test (no network). */
class FakeClient extends RecordingClient {
  list: AtRiskCustomer[] = [];
  /** The server's totals; default: the list's own counts. */
  totals: Record<Priority, number> | undefined;
  /** When set, the at-risk request fails with it. */
  failure: Error | undefined;
  readonly queries: { limit?: number; priority?: Priority[] }[] = [];

  override atRisk(query: { limit?: number; priority?: Priority[] } = {}) {
    this.queries.push(query);
    const totals = this.totals ?? { critical: 0, high: 0, medium: 0, low: 0 };
    if (!this.totals) for (const c of this.list) totals[c.intervention_priority]++;
    return this.failure ? Promise.reject(this.failure) : Promise.resolve({ at_risk_customers: this.list, totals });
  }
}

const row = (el: Element, id: string) => root(el).querySelector<HTMLTableRowElement>(`tr[data-id="${id}"]`);
const cell = (el: Element, id: string) => row(el, id)?.querySelector<HTMLTableCellElement>('th') ?? null;
const button = (el: Element, id: string, action: string) => row(el, id)?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`) ?? null;
const ids = (el: Element) => parts(el, 'row').map((tr) => tr.dataset.id);
const sortButton = (el: Element, column: string) => root(el).querySelector<HTMLButtonElement>(`button[data-sort="${column}"]`) as HTMLButtonElement;
const header = (el: Element, column: string) => sortButton(el, column).closest('th') as HTMLTableCellElement;
const toggle = (el: Element, priority: Priority) => root(el).querySelector<HTMLButtonElement>(`[part~="priority-toggle"][data-priority="${priority}"]`) as HTMLButtonElement;

/** Axe in the light and the dark theme, leaving the element light. */
async function expectAccessibleInBothThemes(el: AtRiskTable) {
  el.theme = 'light';
  await el.updateComplete;
  await expectAccessible(el);
  el.theme = 'dark';
  await el.updateComplete;
  await expectAccessible(el);
  el.theme = 'light';
  await el.updateComplete;
}

const inProvider = (template: ReturnType<typeof html>, client = new FakeClient()) =>
  renderInProvider<AtRiskTable, FakeClient>('at-risk-table', template, client);

function search(el: AtRiskTable, value: string) {
  const input = part(el, 'search') as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** `count` customers with distinct, spread-out values (deterministic). */
function many(count: number): AtRiskCustomer[] {
  return Array.from({ length: count }, (_, i) =>
    customer({
      customer_id: `c-${String(i).padStart(4, '0')}`,
      company_name: `Company ${(i * 7919) % count}`,
      last_health_score: (i * 37) % 50,
      predicted_churn_score: i % 13 === 0 ? null : ((i * 53) % 100) / 100,
      intervention_priority: i % 3 === 0 ? 'critical' : 'high',
      risk_factors: i % 2 ? ['Engagement score 22'] : ['Payment failed', 'No login in 14 days'],
      last_updated: ago((i % 97) * HOUR),
    }),
  );
}

describe('<at-risk-table>', () => {
  describe('rendering', () => {
    it("shows the page's customers in the server's order, most urgent first", async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      expect(el.state).to.equal('ready');
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      expect(el.customers.map((c) => c.customer_id)).to.deep.equal(SERVER_ORDER);
      expect(text(part(el, 'title'))).to.equal('Customers at risk');
      expect(part(el, 'table')?.getAttribute('aria-labelledby')).to.equal(part(el, 'title')?.id);
      expect([...root(el).querySelectorAll('thead th')].map(text)).to.deep.equal([
        'Customer ↕',
        'Priority ▼',
        'Health ↕',
        'Churn probability ↕',
        'Risk factors',
        'Last updated ↕',
        'Actions',
      ]);
    });

    it('shows name and id, priority in words, health, churn, risk factors and the last update', async () => {
      const data = sample();
      const el = await fixture<AtRiskTable>(html`<at-risk-table locale="en-US" .data=${data}></at-risk-table>`);
      const acme = row(el, 'c-acme') as HTMLTableRowElement;
      expect(acme.dataset.priority).to.equal('critical');
      const name = acme.querySelector('th') as HTMLTableCellElement;
      expect(name.scope).to.equal('row');
      expect(text(name)).to.equal('Acme Robotics c-acme');
      const chip = acme.querySelector('[part~="priority"]') as HTMLElement;
      expect(text(chip)).to.equal('Critical');
      expect(chip.dataset.priority).to.equal('critical');

      const meter = acme.querySelector('[part~="health"]') as HTMLElement;
      expect(meter.getAttribute('role')).to.equal('meter');
      expect(meter.getAttribute('aria-label')).to.equal('Health score');
      expect(meter.getAttribute('aria-valuemin')).to.equal('0');
      expect(meter.getAttribute('aria-valuemax')).to.equal('100');
      expect(meter.getAttribute('aria-valuenow')).to.equal('22');
      expect(meter.getAttribute('aria-valuetext')).to.equal('22 of 100, Churn risk');
      expect(meter.dataset.band).to.equal('churn_risk');
      const fill = meter.querySelector<HTMLElement>('.fill') as HTMLElement;
      expect(fill.style.width).to.equal('22%');
      expect(getComputedStyle(fill).backgroundColor).to.equal('rgb(211, 47, 47)');
      expect(row(el, 'c-globex')?.querySelector('[part~="health"]')?.getAttribute('data-band')).to.equal('critical');

      expect(text(acme.querySelector('[part~="churn"]'))).to.equal('81%');
      // No probability: a dash for the eye, "Unknown" for screen readers.
      const unknown = row(el, 'c-initech')?.querySelector('[part~="churn"]') as HTMLElement;
      expect(unknown.querySelector('[aria-hidden="true"]')?.textContent).to.equal('—');
      expect(text(unknown.querySelector('.visually-hidden'))).to.equal('Unknown');

      expect([...acme.querySelectorAll('[part~="risk-factors"] li')].map(text)).to.deep.equal(['No login in 14 days', 'High support tickets']);
      expect(text(row(el, 'c-umbrella')?.querySelector('.factors'))).to.equal('None');

      const updated = acme.querySelector('[part~="updated"]') as HTMLElement;
      const time = updated.querySelector('time') as HTMLTimeElement;
      expect(time.dateTime).to.equal(data[2]?.last_updated);
      expect(text(time)).to.equal('2 hours ago');
      expect(text(updated.querySelector('.absolute'))).to.equal(
        new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(time.dateTime)),
      );

      expect([...acme.querySelectorAll<HTMLButtonElement>('[part~="action"]')].map(text)).to.deep.equal([
        'Call Acme Robotics',
        'Email Acme Robotics',
        'Create task Acme Robotics',
      ]);
    });

    it('formats numbers and dates in the locale attribute', async () => {
      const el = await fixture<AtRiskTable>(
        html`<at-risk-table locale="de-DE" .data=${[customer({ last_health_score: 42.5, predicted_churn_score: 0.785 })]}></at-risk-table>`,
      );
      const acme = row(el, 'c-acme') as HTMLTableRowElement;
      expect(text(acme.querySelector('.score'))).to.equal('42,5');
      expect(text(acme.querySelector('[part~="churn"]'))).to.equal('79 %');
      expect(text(acme.querySelector('time'))).to.equal('vor 2 Stunden');
      expect(text(part(el, 'summary'))).to.equal('1 von 1 Kunde angezeigt');
    });

    it('reflects theme, and the dark theme changes the colours', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table theme="light" .data=${sample()}></at-risk-table>`);
      const cellOf = () => getComputedStyle(root(el).querySelector('tbody td') as HTMLElement).backgroundColor;
      expect(cellOf()).to.equal('rgb(255, 255, 255)');
      el.theme = 'dark';
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('dark');
      expect(cellOf()).to.equal('rgb(30, 30, 30)');
    });

    it('follows prefers-color-scheme unless theme="light", and calms motion for prefers-reduced-motion', async () => {
      try {
        await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
        const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
        const td = root(el).querySelector('tbody td') as HTMLElement;
        expect(getComputedStyle(td).backgroundColor).to.equal('rgb(30, 30, 30)');
        expect(getComputedStyle(root(el).querySelector('.fill') as HTMLElement).transitionProperty).to.equal('none');
        el.theme = 'light';
        await el.updateComplete;
        expect(getComputedStyle(td).backgroundColor).to.equal('rgb(255, 255, 255)');
      } finally {
        await emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
      }
    });

    it('has touch targets of at least 44 px', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      const targets = [part(el, 'search'), ...parts(el, 'priority-toggle'), ...parts(el, 'sort-button'), ...parts(el, 'action')];
      for (const target of targets) {
        const box = (target as HTMLElement).getBoundingClientRect();
        expect(Math.min(box.width, box.height), target?.outerHTML).to.be.at.least(44);
      }
    });

    it("shows the server's risk factors word for word: a negative NPS keeps its sign", async () => {
      const el = await fixture<AtRiskTable>(
        html`<at-risk-table .data=${[customer({ risk_factors: ['NPS -100', 'No login in 14 days', 'Contract ends in 1 day'] })]}></at-risk-table>`,
      );
      const factors = [...(row(el, 'c-acme')?.querySelectorAll('[part~="risk-factors"] li') ?? [])].map(text);
      expect(factors).to.deep.equal(['NPS -100', 'No login in 14 days', 'Contract ends in 1 day']);
      search(el, 'nps -100');
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['c-acme']);
    });

    it('renders company names and risk factors as text, creating no element', async () => {
      const el = await fixture<AtRiskTable>(
        html`<at-risk-table .data=${[customer({ company_name: HOSTILE, customer_id: HOSTILE, risk_factors: [HOSTILE] })]}></at-risk-table>`,
      );
      expect(root(el).querySelector('img')).to.equal(null);
      const tr = row(el, HOSTILE) as HTMLTableRowElement;
      expect(text(tr.querySelector('.company'))).to.equal(HOSTILE);
      expect(text(tr.querySelector('[part~="risk-factors"] li'))).to.equal(HOSTILE);
      expect(text(tr.querySelector('[data-action="call"]'))).to.equal(`Call ${HOSTILE}`);
      search(el, 'ONERROR');
      await el.updateComplete;
      expect(ids(el)).to.deep.equal([HOSTILE]);
      expect(root(el).querySelector('img')).to.equal(null);
    });
  });

  describe('max-at-risk-customers', () => {
    it('shows the 20 most urgent by default, and as many as the attribute says', async () => {
      const data = many(30);
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${data}></at-risk-table>`);
      expect(el.maxAtRiskCustomers).to.equal(20);
      expect(ids(el).length).to.equal(20);
      // The most urgent: every critical customer (10 of 30) is among them.
      const critical = data.filter((c) => c.intervention_priority === 'critical').map((c) => c.customer_id);
      expect(ids(el).slice(0, 10).sort()).to.deep.equal([...critical].sort());
      expect(text(part(el, 'summary'))).to.equal('20 of 20 customers shown');

      el.setAttribute('max-at-risk-customers', '5');
      await el.updateComplete;
      expect(el.maxAtRiskCustomers).to.equal(5);
      expect(ids(el).length).to.equal(5);
      // The limit applies before the sort: a re-sort reorders the same five.
      const five = ids(el).sort();
      sortButton(el, 'health').click();
      await el.updateComplete;
      expect([...ids(el)].sort()).to.deep.equal(five);
    });

    it('fetches with the limit (held to 1-1000) and fetches again when it changes', async () => {
      const client = new FakeClient();
      client.list = sample();
      const { el } = await inProvider(html`<at-risk-table max-at-risk-customers="3"></at-risk-table>`, client);
      await waitUntil(() => el.state === 'ready', 'not ready');
      expect(client.queries).to.deep.equal([{ limit: 3 }]);
      expect(ids(el)).to.deep.equal(SERVER_ORDER.slice(0, 3));
      el.maxAtRiskCustomers = 5000;
      await waitUntil(() => client.queries.length === 2, 'no second fetch');
      expect(client.queries[1]).to.deep.equal({ limit: 1000 });
    });
  });

  describe('sorting', () => {
    it('sorts by a column header button, toggling the direction, with aria-sort on the header', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      expect(el.sort).to.equal('-priority');
      expect(header(el, 'priority').getAttribute('aria-sort')).to.equal('descending');
      expect(header(el, 'health').hasAttribute('aria-sort')).to.equal(false);
      // Only the sortable columns have buttons.
      expect(root(el).querySelectorAll('thead button').length).to.equal(5);

      sortButton(el, 'health').click();
      await el.updateComplete;
      expect(el.sort).to.equal('health');
      expect(header(el, 'health').getAttribute('aria-sort')).to.equal('ascending');
      expect(header(el, 'priority').hasAttribute('aria-sort')).to.equal(false);
      expect(ids(el)).to.deep.equal(['c-acme', 'c-initech', 'c-globex', 'c-hooli', 'c-umbrella']);

      sortButton(el, 'health').click();
      await el.updateComplete;
      expect(el.sort).to.equal('-health');
      expect(header(el, 'health').getAttribute('aria-sort')).to.equal('descending');
      expect(ids(el)).to.deep.equal(['c-umbrella', 'c-hooli', 'c-globex', 'c-initech', 'c-acme']);

      // Priority ascending is the server's order reversed.
      sortButton(el, 'priority').click();
      sortButton(el, 'priority').click();
      await el.updateComplete;
      expect(el.sort).to.equal('priority');
      expect(ids(el)).to.deep.equal([...SERVER_ORDER].reverse());
    });

    it('takes the sort attribute: company A-Z, churn with unknown last both ways, newest first', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table sort="company" .data=${sample()}></at-risk-table>`);
      expect(ids(el)).to.deep.equal(['c-acme', 'c-globex', 'c-hooli', 'c-initech', 'c-umbrella']);
      el.sort = '-churn';
      await el.updateComplete;
      // Equal probabilities: the server's order (lower health first) breaks the tie.
      expect(ids(el)).to.deep.equal(['c-acme', 'c-umbrella', 'c-globex', 'c-hooli', 'c-initech']);
      el.sort = 'churn';
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['c-globex', 'c-hooli', 'c-umbrella', 'c-acme', 'c-initech']);
      el.setAttribute('sort', '-updated');
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['c-umbrella', 'c-acme', 'c-globex', 'c-initech', 'c-hooli']);
      expect(header(el, 'updated').getAttribute('aria-sort')).to.equal('descending');
      // An unknown column falls back to the server's order.
      el.sort = 'mrr';
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      expect(header(el, 'priority').getAttribute('aria-sort')).to.equal('descending');
    });
  });

  describe('filtering', () => {
    it('filters by company, id or risk factor in any case, and says how many are shown', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      const summary = part(el, 'summary') as HTMLElement;
      expect(summary.getAttribute('role')).to.equal('status');
      expect(text(summary)).to.equal('5 of 5 customers shown');
      const input = part(el, 'search') as HTMLInputElement;
      expect(input.type).to.equal('search');
      expect(text(root(el).querySelector(`label[for="${input.id}"]`))).to.equal('Search');

      search(el, 'GLOB');
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['c-globex']);
      expect(text(summary)).to.equal('1 of 5 customers shown');
      search(el, 'c-initech');
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['c-initech']);
      // Risk factors are the server's sentences, found in any case.
      search(el, 'ENGAGEMENT score 22');
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['c-globex', 'c-hooli']);
      expect(el.search).to.equal('ENGAGEMENT score 22');
    });

    it("counts the whole book from the server's totals, not the rows loaded, and moves them with live updates", async () => {
      const client = new FakeClient();
      client.list = sample();
      client.totals = { critical: 13, high: 34, medium: 120, low: 300 };
      const { provider, el } = await inProvider(html`<at-risk-table max-at-risk-customers="5"></at-risk-table>`, client);
      await waitUntil(() => ids(el).length === 5, 'rows');
      expect(text(part(el, 'summary'))).to.equal('5 of 47 customers shown');
      expect(parts(el, 'priority-toggle').map(text)).to.deep.equal(['Critical (13)', 'High (34)']);
      toggle(el, 'critical').click();
      await el.updateComplete;
      expect(text(part(el, 'summary'))).to.equal('2 of 13 customers shown');
      toggle(el, 'critical').click();

      // Globex (high) turns critical.
      provider.store.apply({
        type: 'customer_health_update',
        id: 1,
        data: healthUpdate({ account_id: 'c-globex', company_name: 'Globex', health_score: 12, churn_probability: 0.9, intervention_priority: 'critical', computed_at: new Date(Date.now() + 60_000).toISOString() }),
      });
      await settle(el);
      expect(parts(el, 'priority-toggle').map(text)).to.deep.equal(['Critical (14)', 'High (33)']);
      expect(text(part(el, 'summary'))).to.equal('5 of 47 customers shown');
    });

    it('filters by priority with toggle buttons and the priority-filter attribute', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${[...sample(), customer({ customer_id: 'c-med', intervention_priority: 'medium' })]}></at-risk-table>`);
      const group = part(el, 'priority-filter') as HTMLElement;
      expect(group.getAttribute('role')).to.equal('group');
      expect(text(root(el).getElementById(group.getAttribute('aria-labelledby') ?? ''))).to.equal('Priority');
      // The at-risk priorities always, others when present.
      expect(parts(el, 'priority-toggle').map(text)).to.deep.equal(['Critical (2)', 'High (3)', 'Medium (1)']);
      expect(parts(el, 'priority-toggle').map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false', 'false']);

      toggle(el, 'critical').click();
      await el.updateComplete;
      expect(toggle(el, 'critical').getAttribute('aria-pressed')).to.equal('true');
      expect(el.priorityFilter).to.deep.equal(['critical']);
      expect(ids(el)).to.deep.equal(['c-acme', 'c-initech']);
      toggle(el, 'medium').click();
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['c-acme', 'c-initech', 'c-med']);
      expect(text(part(el, 'summary'))).to.equal('3 of 6 customers shown');
      toggle(el, 'critical').click();
      toggle(el, 'medium').click();
      await el.updateComplete;
      expect(ids(el).length).to.equal(6);

      el.setAttribute('priority-filter', 'high, bogus');
      await el.updateComplete;
      expect(el.priorityFilter).to.deep.equal(['high']);
      expect(ids(el)).to.deep.equal(['c-umbrella', 'c-globex', 'c-hooli']);
    });

    it('says when nothing matches, and "Clear filters" brings every row back', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table priority-filter="high" search="acme" .data=${sample()}></at-risk-table>`);
      expect(part(el, 'table')).to.equal(null);
      expect(text(part(el, 'no-match'))).to.contain('No customer matches the search and priority filter.');
      expect(text(part(el, 'summary'))).to.equal('0 of 5 customers shown');
      expect(el.state).to.equal('ready');
      await expectAccessibleInBothThemes(el);
      part(el, 'no-match')?.querySelector('button')?.click();
      await el.updateComplete;
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      expect(el.search).to.equal('');
      expect(el.priorityFilter).to.deep.equal([]);
      expect(activeIn(el)).to.equal(part(el, 'search'));
    });
  });

  describe('keyboard and selection', () => {
    it('is one tab stop: the current row, then its buttons; other rows are reached with the arrows', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      const tabbable = [...root(el).querySelectorAll<HTMLElement>('tbody [tabindex="0"]')];
      expect(tabbable.map((e) => e.dataset.action ?? e.tagName)).to.deep.equal(['TH', 'call', 'email', 'create-task']);
      expect(tabbable[0]?.closest('tr')?.dataset.id).to.equal('c-acme');
      expect(button(el, 'c-hooli', 'call')?.tabIndex).to.equal(-1);

      cell(el, 'c-acme')?.focus();
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, 'c-initech'));
      expect(cell(el, 'c-initech')?.tabIndex).to.equal(0);
      expect(cell(el, 'c-acme')?.tabIndex).to.equal(-1);
      expect(getComputedStyle(cell(el, 'c-initech') as HTMLElement).outlineStyle).to.equal('solid');

      await sendKeys({ press: 'End' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, 'c-hooli'));
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, 'c-hooli'));
      await sendKeys({ press: 'ArrowUp' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, 'c-globex'));
      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, 'c-acme'));
      await sendKeys({ press: 'PageDown' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, 'c-hooli'));

      // Tab goes on to the current row's buttons, not to the first row's.
      await sendKeys({ press: 'Tab' });
      expect(activeIn(el)).to.equal(button(el, 'c-hooli', 'call'));
      expect(button(el, 'c-hooli', 'call')?.getBoundingClientRect().height).to.be.at.least(44);
    });

    it('Enter, Space and a click choose a row: rk-select (bubbling, composed) and aria-current', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      const seen: string[] = [];
      const listener = (e: RkSelectEvent) => {
        expect(e.bubbles && e.composed).to.equal(true);
        seen.push(e.customerId);
      };
      document.addEventListener('rk-select', listener);
      try {
        cell(el, 'c-acme')?.focus();
        await sendKeys({ press: 'ArrowDown' });
        await el.updateComplete;
        await sendKeys({ press: 'Enter' });
        await el.updateComplete;
        expect(seen).to.deep.equal(['c-initech']);
        expect(el.selectedId).to.equal('c-initech');
        expect(row(el, 'c-initech')?.getAttribute('aria-current')).to.equal('true');
        await sendKeys({ press: 'ArrowDown' });
        await sendKeys({ press: 'Space' });
        await el.updateComplete;
        expect(seen).to.deep.equal(['c-initech', 'c-umbrella']);
        expect(row(el, 'c-initech')?.hasAttribute('aria-current')).to.equal(false);

        (row(el, 'c-hooli')?.querySelector('[part~="churn"]') as HTMLElement).click();
        await el.updateComplete;
        expect(seen.at(-1)).to.equal('c-hooli');
        expect(row(el, 'c-hooli')?.getAttribute('aria-current')).to.equal('true');
        await expectAccessibleInBothThemes(el);

        // A button is not a row choice.
        el.addEventListener('rk-action', (e) => e.preventDefault());
        button(el, 'c-acme', 'email')?.click();
        await el.updateComplete;
        expect(seen.length).to.equal(3);
      } finally {
        document.removeEventListener('rk-select', listener);
      }
    });

    it('takes selected-id from the page', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table selected-id="c-globex" .data=${sample()}></at-risk-table>`);
      expect(row(el, 'c-globex')?.getAttribute('aria-current')).to.equal('true');
    });

    it('keeps the focus on a row that a live update moves, and passes it on when the row leaves', async () => {
      const { provider, el } = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      cell(el, 'c-hooli')?.focus();
      provider.store.apply({
        type: 'customer_health_update',
        id: 1,
        data: healthUpdate({ account_id: 'c-hooli', company_name: 'Hooli', health_score: 10, churn_probability: 0.95, intervention_priority: 'critical', computed_at: new Date().toISOString() }),
      });
      await settle(el);
      // Held while the focus is in the table; applied, the row moves and keeps the focus.
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      el.applyUpdates();
      await settle(el);
      expect(ids(el)[0]).to.equal('c-hooli');
      expect(activeIn(el)).to.equal(cell(el, 'c-hooli'));

      // Hooli recovers (medium priority): it leaves the list and its neighbour takes the focus.
      provider.store.apply({
        type: 'customer_health_update',
        id: 2,
        data: healthUpdate({ account_id: 'c-hooli', company_name: 'Hooli', health_score: 66, churn_probability: 0.2, intervention_priority: 'medium', computed_at: new Date(Date.now() + 1000).toISOString() }),
      });
      await settle(el);
      el.applyUpdates();
      await settle(el);
      expect(ids(el)).to.deep.equal(SERVER_ORDER.filter((id) => id !== 'c-hooli'));
      expect(activeIn(el)).to.equal(cell(el, 'c-acme'));
      expect(cell(el, 'c-acme')?.tabIndex).to.equal(0);
    });
  });

  describe('actions', () => {
    it('fires a cancelable rk-action that bubbles out of the shadow root; without a server nothing else happens', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      const fired = oneEvent<RkActionEvent>(document, 'rk-action');
      button(el, 'c-globex', 'call')?.click();
      const event = await fired;
      expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
      expect(event.action).to.equal('call');
      expect(event.customerId).to.equal('c-globex');
      await settle(el);
      expect(row(el, 'c-globex')?.querySelector('[part~="row-message"]')).to.equal(null);
    });

    it('records the intervention through the API, shows the pending state, then what was planned', async () => {
      const client = new FakeClient();
      const answer = deferred<Intervention>();
      client.respond = () => answer.promise;
      const { el } = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`, client);
      const call = button(el, 'c-acme', 'call') as HTMLButtonElement;
      call.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(client.created.length).to.equal(1);
      expect(client.created[0]).to.include({ account_id: 'c-acme', intervention_type: 'health_check_call', priority: 'critical' });
      expect(text(call)).to.equal('Saving… Acme Robotics');
      expect(row(el, 'c-acme')?.getAttribute('aria-busy')).to.equal('true');
      expect(parts(el, 'action').filter((b) => b.closest('tr')?.dataset.id === 'c-acme').map((b) => b.getAttribute('aria-disabled'))).to.deep.equal([
        'true',
        'true',
        'true',
      ]);
      // The focus stays on the pressed button (aria-disabled, not disabled).
      expect(activeIn(el)).to.equal(call);
      // A second press while pending does nothing.
      call.click();
      expect(client.created.length).to.equal(1);

      answer.resolve(createdIntervention(client.created[0] as InterventionCreate));
      await waitUntil(() => row(el, 'c-acme')?.querySelector('[part~="row-message"]'), 'no message');
      const message = row(el, 'c-acme')?.querySelector('[part~="row-message"]') as HTMLElement;
      expect(message.dataset.kind).to.equal('done');
      expect(text(message)).to.equal('Health check call planned for dana@example.com');
      expect(text(root(el).querySelector('.card > [role="status"]'))).to.equal('Acme Robotics: Health check call planned for dana@example.com');
      expect(text(call)).to.equal('Call Acme Robotics');
      expect(row(el, 'c-acme')?.getAttribute('aria-busy')).to.equal('false');
      await expectAccessibleInBothThemes(el);

      // A task on a critical customer is an escalation; an email an outreach.
      client.respond = (body) => Promise.resolve(createdIntervention(body, { assigned_to: null }));
      button(el, 'c-acme', 'create-task')?.click();
      await waitUntil(() => text(row(el, 'c-acme')?.querySelector('[part~="row-message"]')) === 'Escalation planned');
      expect(client.created[1]?.intervention_type).to.equal('escalation_created');
      button(el, 'c-globex', 'email')?.click();
      await waitUntil(() => text(row(el, 'c-globex')?.querySelector('[part~="row-message"]')) === 'CSM outreach planned');
      expect(client.created[2]).to.include({ account_id: 'c-globex', intervention_type: 'csm_outreach', priority: 'high' });
    });

    for (const [lang, planned] of [['en', 'Health check call planned for'], ['de', 'Health-Check-Anruf geplant für']]) {
      it(`in ${lang} at 1440 px, wraps the assignee's address in the row only after the @ or before a dot, never inside a word`, async () => {
        const client = new FakeClient();
        client.respond = (body) => Promise.resolve(createdIntervention(body, { assigned_to: LONG_ADDRESS }));
        const { el } = await inProvider(html`<div lang=${lang} style=${WORKSPACE_1440}><at-risk-table .data=${sample()}></at-risk-table><aside></aside></div>`, client);
        button(el, 'c-acme', 'call')?.click();
        await waitUntil(() => row(el, 'c-acme')?.querySelector('[part~="row-message"]'), 'no message');
        await settle(el);
        const message = row(el, 'c-acme')?.querySelector('[part~="row-message"]') as HTMLElement;
        expect(text(message)).to.equal(`${planned} ${LONG_ADDRESS}`);
        expectWrappedBetweenParts(message, LONG_ADDRESS);
        // The live region reads the same words, as plain text.
        expect(text(root(el).querySelector('.card > [role="status"]'))).to.equal(`Acme Robotics: ${text(message)}`);
        await expectAccessible(el);
      });
    }

    it('offers a viewer no actions nor their column; a csm, and a page without a server, all of them', async () => {
      const viewer = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`, new FakeClient({ token: tokenFor('viewer') }));
      await settle(viewer.el);
      expect(parts(viewer.el, 'action')).to.have.length(0);
      // Booleans: a failing comparison of elements would serialise the whole shadow tree.
      expect(root(viewer.el).querySelector('[data-column="actions"], col.col-actions, .actions-cell') === null, 'no actions column').to.equal(true);
      expect(Array.from(parts(viewer.el, 'row'), (tr) => (tr as HTMLTableRowElement).cells.length)).to.deep.equal(Array(5).fill(root(viewer.el).querySelectorAll('thead th').length));
      await expectAccessible(viewer.el);
      const csm = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`, new FakeClient({ token: tokenFor('csm') }));
      await waitUntil(() => parts(csm.el, 'action').length === 15, 'a csm is offered every action');
      expect(root(csm.el).querySelector('th[data-column="actions"]') !== null, 'a csm has the actions column').to.equal(true);
      const page = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      expect(parts(page, 'action')).to.have.length(15);
    });

    it('creates nothing when the page cancels rk-action', async () => {
      const { el, client } = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      const handled: string[] = [];
      el.addEventListener('rk-action', (e) => {
        e.preventDefault();
        handled.push(`${e.action}:${e.customerId}`);
      });
      button(el, 'c-umbrella', 'email')?.click();
      await settle(el);
      expect(handled).to.deep.equal(['email:c-umbrella']);
      expect(client.created).to.deep.equal([]);
      expect(row(el, 'c-umbrella')?.querySelector('[part~="row-message"]')).to.equal(null);
    });

    it("shows the server's error at the row and fires rk-error", async () => {
      const client = new FakeClient();
      client.respond = () => Promise.reject(new ApiError(404, 'not_found', "account 'c-acme' does not exist"));
      const { el } = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`, client);
      const failed = oneEvent<RkErrorEvent>(el, 'rk-error');
      button(el, 'c-acme', 'create-task')?.click();
      expect(((await failed).error as ApiError).status).to.equal(404);
      await settle(el);
      const message = row(el, 'c-acme')?.querySelector('[part~="row-message"]') as HTMLElement;
      expect(message.dataset.kind).to.equal('error');
      expect(text(message)).to.equal("⚠ Create task failed: account 'c-acme' does not exist");
      expect(text(root(el).querySelector('.card > [role="status"]'))).to.equal("Acme Robotics: Create task failed: account 'c-acme' does not exist");
      await expectAccessibleInBothThemes(el);
    });
  });

  describe('states', () => {
    it('is accessible when ready, light and dark', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      await expectAccessibleInBothThemes(el);
    });

    it('is empty with no customer at risk, with a slot for the message', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table .data=${[]}></at-risk-table>`);
      expect(el.state).to.equal('empty');
      expect(text(part(el, 'empty'))).to.equal('No customers at risk.');
      expect(part(el, 'toolbar')).to.equal(null);
      await expectAccessibleInBothThemes(el);
      const slotted = await fixture<HTMLDivElement>(html`<div><at-risk-table .data=${[]}><span slot="empty">All is well.</span></at-risk-table></div>`);
      const inner = slotted.querySelector('at-risk-table') as AtRiskTable;
      await inner.updateComplete;
      const slot = part(inner, 'empty')?.querySelector('slot') as HTMLSlotElement;
      expect(slot.assignedElements().map(text)).to.deep.equal(['All is well.']);
    });

    it('shows a skeleton while loading, then an error with a retry button, and fires rk-error', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table api="/__rk_test__/slow" token="t"></at-risk-table>`);
      expect(el.state).to.equal('loading');
      expect(part(el, 'skeleton')).to.not.equal(null);
      expect(part(el, 'base')?.getAttribute('aria-busy')).to.equal('true');
      expect(text(root(el).querySelector('[role="status"]'))).to.equal('Loading at-risk customers…');
      await expectAccessibleInBothThemes(el);

      const failed = await oneEvent<RkErrorEvent>(el, 'rk-error');
      expect((failed.error as ApiError).status).to.equal(503);
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(part(el, 'error')?.getAttribute('role')).to.equal('alert');
      expect(text(part(el, 'error'))).to.contain('Could not load the at-risk customers.');
      expect(text(part(el, 'error'))).to.contain('slow test endpoint');
      await expectAccessibleInBothThemes(el);
    }).timeout(15_000);

    it('errors when the server is unreachable, and Retry loads again', async () => {
      const el = await fixture<AtRiskTable>(html`<at-risk-table api="http://127.0.0.1:9" token="t"></at-risk-table>`);
      await waitUntil(() => el.state === 'error', 'no error state', { timeout: 5_000 });
      await el.updateComplete;
      let errors = 0;
      el.addEventListener('rk-error', () => errors++);
      const retry = part(el, 'retry') as HTMLButtonElement;
      expect(retry.getBoundingClientRect().height).to.be.at.least(44);
      retry.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => errors === 1, 'the retry did not load again', { timeout: 5_000 });
    });

    it('shows Live while live events arrive and Offline (with the last data) while the connection is down', async () => {
      const { provider, el } = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      expect(part(el, 'live-indicator')).to.equal(null);
      provider.store.status.set('live');
      await settle(el);
      expect(text(part(el, 'live-indicator'))).to.equal('Live');
      await expectAccessibleInBothThemes(el);
      provider.store.status.set('offline');
      await settle(el);
      expect(part(el, 'live-indicator')).to.equal(null);
      expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      await expectAccessibleInBothThemes(el);
    });

    it('refreshes every refresh-interval seconds, keeping the rows (offline) when the network fails', async () => {
      const client = new FakeClient();
      client.list = sample().slice(0, 2);
      const { el } = await inProvider(html`<at-risk-table refresh-interval="1"></at-risk-table>`, client);
      await waitUntil(() => el.state === 'ready', 'not ready');
      expect(ids(el)).to.deep.equal(['c-globex', 'c-hooli']);
      client.list = sample();
      await waitUntil(() => ids(el).length === 5, 'no refresh', { timeout: 3_000 });
      client.failure = new ApiError(0, 'network_error', 'Could not reach the server');
      await waitUntil(() => part(el, 'offline-indicator') !== null, 'not offline', { timeout: 3_000 });
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      await expectAccessible(el);
    }).timeout(10_000);

    it('standalone with enable-live: opens its own connection and shows offline, with the rows, when it cannot', async () => {
      const el = document.createElement('at-risk-table');
      el.data = sample();
      const { statuses, container } = standaloneLive(el);
      try {
        await waitUntil(() => statuses.includes('offline'), 'never offline', { timeout: 5_000 });
        await el.updateComplete;
        expect(statuses.slice(0, 2)).to.deep.equal(['connecting', 'offline']);
        expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
        expect(ids(el)).to.deep.equal(SERVER_ORDER);
        // Its own store's events move its rows.
        el.liveStore.apply({ type: 'status_update', id: 1, data: { account_id: 'c-acme', company_name: 'Acme Robotics', lifecycle_stage: 'churned', previous_lifecycle_stage: 'active', churned_at: new Date().toISOString() } });
        await settle(el);
        expect(ids(el)).to.deep.equal(SERVER_ORDER.slice(1));
        el.remove();
        expect(statuses.at(-1)).to.equal('idle');
      } finally {
        container.remove();
      }
    });

    it('becomes a labelled, focusable scrolling area when the table is wider than a narrow container', async () => {
      // Narrow, but not card-narrow (below 600 px each row is a card).
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px"><at-risk-table .data=${sample()}></at-risk-table></div>`);
      const el = wrapper.querySelector('at-risk-table') as AtRiskTable;
      await waitUntil(() => part(el, 'scroller')?.getAttribute('tabindex') === '0', 'not scrollable', { timeout: 2_000 });
      const scroller = part(el, 'scroller') as HTMLElement;
      expect(scroller.getAttribute('role')).to.equal('region');
      expect(scroller.getAttribute('aria-label')).to.equal('Customers at risk (scrollable table)');
      expect(scroller.scrollWidth).to.be.greaterThan(scroller.clientWidth);
      expect(el.getBoundingClientRect().width).to.equal(640);
      await expectAccessibleInBothThemes(el);

      wrapper.style.width = '1600px';
      await waitUntil(() => !scroller.hasAttribute('tabindex'), 'still a tab stop when nothing scrolls', { timeout: 2_000 });
      expect(scroller.hasAttribute('role')).to.equal(false);
    });

    for (const width of [320, 375, 768]) {
      it(`in a ${width} px container: ${width < 600 ? 'a card per row with the same actions' : 'the table'}, no sideways overflow, whole words, 44 px targets`, async () => {
        const long = customer({
          customer_id: 'c-long',
          company_name: 'Bergstrom-Kertzmann Internationalisation Services',
          risk_factors: ['No login in 14 days', 'Contract ends in 19 days', 'NPS -100'],
        });
        const wrapper = await fixture<HTMLDivElement>(html`<div style=${`width: ${width}px`}><at-risk-table .data=${[long, ...sample()]}></at-risk-table></div>`);
        const el = wrapper.querySelector('at-risk-table') as AtRiskTable;
        await settle(el);
        const tr = row(el, 'c-long') as HTMLTableRowElement;
        expect(getComputedStyle(tr).display).to.equal(width < 600 ? 'grid' : 'table-row');
        expect([...tr.querySelectorAll<HTMLElement>('[data-action]')].map((b) => b.dataset.action)).to.deep.equal(['call', 'email', 'create-task']);
        if (width < 600) {
          // Nothing overflows the widget sideways; each card fits.
          const scroller = part(el, 'scroller') as HTMLElement;
          expect(scroller.scrollWidth).to.be.at.most(scroller.clientWidth);
          expect(el.scrollWidth).to.be.at.most(width);
          for (const card of parts(el, 'row')) expect(card.getBoundingClientRect().right).to.be.at.most(wrapper.getBoundingClientRect().right + 0.5);
          // Labelled cells.
          expect(getComputedStyle(tr.querySelector('[part~="churn"]') as Element, '::before').content).to.equal('"Churn probability"');
          // No word is broken across lines.
          const texts = [tr.querySelector('.company'), ...tr.querySelectorAll('[part~="risk-factors"] li')].flatMap((node) => {
            const walker = document.createTreeWalker(node as Node, NodeFilter.SHOW_TEXT);
            const found: Text[] = [];
            while (walker.nextNode()) found.push(walker.currentNode as Text);
            return found;
          });
          expect(texts.length).to.be.greaterThan(3);
          for (const textNode of texts) {
            for (const match of textNode.data.matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(textNode, match.index ?? 0);
              range.setEnd(textNode, (match.index ?? 0) + match[0].length);
              const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              expect(lines.size, match[0]).to.equal(1);
            }
          }
        }
        const targets = [...tr.querySelectorAll<HTMLElement>('[data-action]'), ...parts(el, 'sort-button'), ...parts(el, 'priority-toggle')];
        for (const target of targets) {
          const box = target.getBoundingClientRect();
          expect(Math.min(box.width, box.height), target.outerHTML).to.be.at.least(44);
        }
        // A click on the card still chooses the customer, and a button still acts.
        const chosen = oneEvent<RkSelectEvent>(el, 'rk-select');
        (tr.querySelector('[part~="updated"]') as HTMLElement).click();
        expect((await chosen).customerId).to.equal('c-long');
        await expectAccessible(el);
      });
    }

    it('wraps long German headers inside their columns at 1440 px, never over the next one', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div lang="de" style="width: 1440px"><at-risk-table .data=${sample()}></at-risk-table></div>`);
      const el = wrapper.querySelector('at-risk-table') as AtRiskTable;
      await settle(el);
      const headers = Array.from(root(el).querySelectorAll<HTMLTableCellElement>('thead th'));
      expect(headers.map((th) => text(th).replace(/[↕▲▼\u00ad]/g, '').trim())).to.include.members(['Zustand', 'Abwanderungswahrscheinlichkeit']);
      for (const th of headers) {
        const cellBox = th.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(th);
        for (const line of Array.from(range.getClientRects()).filter((r) => r.width > 0)) {
          // Each line of the label stays within its own column.
          expect(line.left, `${text(th)} starts inside its column`).to.be.at.least(cellBox.left - 1);
          expect(line.right, `${text(th)} ends inside its column`).to.be.at.most(cellBox.right + 1);
        }
      }
    });

    it('stays usable in a right-to-left page', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl" lang="ar"><at-risk-table .data=${sample()}></at-risk-table></div>`);
      const el = wrapper.querySelector('at-risk-table') as AtRiskTable;
      await el.updateComplete;
      const first = cell(el, 'c-acme') as HTMLElement;
      const priority = row(el, 'c-acme')?.querySelector('td') as HTMLElement;
      // The customer column is at the right, the fill grows from the right.
      expect(first.getBoundingClientRect().left).to.be.greaterThan(priority.getBoundingClientRect().left);
      const bar = row(el, 'c-acme')?.querySelector('.bar') as HTMLElement;
      const fill = bar.querySelector('.fill') as HTMLElement;
      expect(Math.round(fill.getBoundingClientRect().right)).to.equal(Math.round(bar.getBoundingClientRect().right));
      expect(text(row(el, 'c-acme')?.querySelector('.score'))).to.equal(new Intl.NumberFormat('ar').format(22));
      await expectAccessible(el);
    });
  });

  describe('live updates', () => {
    it('holds the order while the pointer or focus is in the table, says how many updates wait, and applies them on leave or click', async () => {
      const { provider, el } = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
      const area = root(el).querySelector('.table-area') as HTMLElement;
      const makeCritical = (id: number, account: string, name: string, minutes: number) =>
        provider.store.apply({
          type: 'customer_health_update',
          id,
          // Each later one likelier to churn: it goes first.
          data: healthUpdate({ account_id: account, company_name: name, health_score: 10, churn_probability: 0.9 + id / 100, intervention_priority: 'critical', computed_at: at(minutes) }),
        });

      area.dispatchEvent(new PointerEvent('pointerenter'));
      makeCritical(1, 'c-globex', 'Globex', 1);
      await settle(el);
      // Globex would move to the top: it stays in place, with its new score shown.
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      expect(row(el, 'c-globex')?.querySelector('[part~="health"]')?.getAttribute('aria-valuenow')).to.equal('10');
      expect(text(part(el, 'apply-updates'))).to.equal('1 update, click to apply');
      // A customer new to the list waits too.
      makeCritical(2, 'c-new', 'Newco', 2);
      await settle(el);
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      expect(text(part(el, 'apply-updates'))).to.equal('2 updates, click to apply');

      (part(el, 'apply-updates') as HTMLButtonElement).click();
      await settle(el);
      expect(ids(el)).to.deep.equal(['c-new', 'c-globex', 'c-acme', 'c-initech', 'c-umbrella', 'c-hooli']);
      expect(part(el, 'apply-updates')).to.equal(null);

      // Still inside: held again. Leaving applies.
      makeCritical(3, 'c-hooli', 'Hooli', 3);
      await settle(el);
      expect(ids(el)).to.deep.equal(['c-new', 'c-globex', 'c-acme', 'c-initech', 'c-umbrella', 'c-hooli']);
      area.dispatchEvent(new PointerEvent('pointerleave'));
      await settle(el);
      expect(ids(el)).to.deep.equal(['c-hooli', 'c-new', 'c-globex', 'c-acme', 'c-initech', 'c-umbrella']);

      // Focus holds it as well, until it leaves the table.
      (cell(el, 'c-acme') as HTMLElement).focus();
      makeCritical(4, 'c-umbrella', 'Umbrella Corp', 4);
      await settle(el);
      expect(ids(el)[0]).to.equal('c-hooli');
      (part(el, 'search') as HTMLElement).focus();
      await settle(el);
      expect(ids(el)[0]).to.equal('c-umbrella');

      // A customer who leaves the list while it is held keeps its place, and is counted while shown.
      area.dispatchEvent(new PointerEvent('pointerenter'));
      provider.store.apply({
        type: 'customer_health_update',
        id: 5,
        data: healthUpdate({ account_id: 'c-acme', company_name: 'Acme', health_score: 90, churn_probability: 0.02, intervention_priority: 'low', computed_at: at(5) }),
      });
      await settle(el);
      expect(ids(el)).to.include('c-acme');
      expect(text(part(el, 'summary'))).to.equal(`${ids(el).length} of ${ids(el).length} customers shown`);
      area.dispatchEvent(new PointerEvent('pointerleave'));
      await settle(el);
      expect(ids(el)).not.to.include('c-acme');
      expect(text(part(el, 'summary'))).to.equal(`${ids(el).length} of ${ids(el).length} customers shown`);
    });

    it('moves, adds and removes rows from customer_health_update and status_update events', async () => {
      const { provider, el } = await inProvider(html`<at-risk-table .data=${sample()}></at-risk-table>`);
      expect(ids(el)).to.deep.equal(SERVER_ORDER);
      const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

      // Globex becomes critical: it moves to the top.
      provider.store.apply({
        type: 'customer_health_update',
        id: 1,
        data: healthUpdate({ account_id: 'c-globex', company_name: 'Globex', health_score: 15, churn_probability: 0.9, intervention_priority: 'critical', risk_factors: ['Payment failed'], computed_at: at(1) }),
      });
      await settle(el);
      expect(ids(el)).to.deep.equal(['c-globex', 'c-acme', 'c-initech', 'c-umbrella', 'c-hooli']);
      const globex = row(el, 'c-globex') as HTMLTableRowElement;
      expect(text(globex.querySelector('[part~="priority"]'))).to.equal('Critical');
      expect(globex.querySelector('[part~="health"]')?.getAttribute('aria-valuenow')).to.equal('15');
      expect(text(globex.querySelector('[part~="risk-factors"]'))).to.equal('Payment failed');

      // A customer not in the list becomes high priority: a new row.
      provider.store.apply({
        type: 'customer_health_update',
        id: 2,
        data: healthUpdate({ account_id: 'c-new', company_name: 'Newcomer', health_score: 44, churn_probability: 0.6, intervention_priority: 'high', computed_at: at(2) }),
      });
      // Initech churned: it leaves.
      provider.store.apply({
        type: 'status_update',
        id: 3,
        data: { account_id: 'c-initech', company_name: 'Initech', lifecycle_stage: 'churned', previous_lifecycle_stage: 'active', churned_at: at(3) },
      });
      await settle(el);
      expect(ids(el)).to.deep.equal(['c-globex', 'c-acme', 'c-umbrella', 'c-new', 'c-hooli']);
      expect(text(part(el, 'summary'))).to.equal('5 of 5 customers shown');

      // The live rows keep following the user's sort.
      el.sort = 'company';
      await el.updateComplete;
      expect(ids(el)).to.deep.equal(['c-acme', 'c-globex', 'c-hooli', 'c-new', 'c-umbrella']);
    });

    it('follows the fetched list and keeps max-at-risk-customers', async () => {
      const client = new FakeClient();
      client.list = sample();
      const { provider, el } = await inProvider(html`<at-risk-table max-at-risk-customers="3"></at-risk-table>`, client);
      await waitUntil(() => el.state === 'ready', 'not ready');
      expect(ids(el)).to.deep.equal(SERVER_ORDER.slice(0, 3));
      provider.store.apply({
        type: 'customer_health_update',
        id: 1,
        data: healthUpdate({ account_id: 'c-hooli', company_name: 'Hooli', health_score: 5, churn_probability: 0.99, intervention_priority: 'critical', computed_at: new Date().toISOString() }),
      });
      await settle(el);
      expect(ids(el)).to.deep.equal(['c-hooli', 'c-acme', 'c-initech']);
    });
    it('keeps its own list beside another table in the same provider', async () => {
      const provider = await fixture<RkProvider>(html`
        <rk-provider .client=${new FakeClient()}>
          <at-risk-table id="first" .data=${sample().slice(0, 2)}></at-risk-table>
          <at-risk-table id="second" .data=${sample().slice(2)}></at-risk-table>
        </rk-provider>
      `);
      const [first, second] = [...provider.querySelectorAll('at-risk-table')];
      await settle(first!);
      await settle(second!);
      expect(ids(first!)).to.deep.equal(['c-globex', 'c-hooli']);
      expect(ids(second!)).to.deep.equal(['c-acme', 'c-initech', 'c-umbrella']);

      // One event reaches both; each applies it to its own rows.
      provider.store.apply({
        type: 'customer_health_update',
        id: 1,
        data: healthUpdate({ account_id: 'c-new', company_name: 'Newcomer', health_score: 10, churn_probability: 0.95, intervention_priority: 'critical', computed_at: new Date(Date.now() + 60_000).toISOString() }),
      });
      await settle(first!);
      await settle(second!);
      expect(ids(first!)).to.deep.equal(['c-new', 'c-globex', 'c-hooli']);
      expect(ids(second!)).to.deep.equal(['c-new', 'c-acme', 'c-initech', 'c-umbrella']);
    });
  });

  describe('1,000 rows', () => {
    /** The shown row (its aria-rowindex counts the header row, from 1) at a point of the screen, if any. */
    const rowAt = (el: Element, x: number, y: number) => root(el).elementFromPoint(x, y)?.closest<HTMLTableRowElement>('tr[data-id]') ?? null;
    const rowIndex = (tr: Element | null | undefined) => Number(tr?.getAttribute('aria-rowindex'));
    const nextFrame = () => new Promise((done) => requestAnimationFrame(done));
    /** The rendered rows, in order, are the customers at their aria-rowindex. */
    const expectRowsInPlace = (el: AtRiskTable) => {
      const rendered = parts(el, 'row');
      expect(rendered.map((tr) => tr.dataset.id)).to.deep.equal(rendered.map((tr) => el.customers[rowIndex(tr) - 2]?.customer_id));
      expect(rendered.every((tr, i) => i === 0 || rowIndex(tr) > rowIndex(rendered[i - 1]))).to.equal(true);
    };
    /** The middle of the rows' area, below the sticky header. */
    const middleOf = (scroller: HTMLElement) => {
      const r = scroller.getBoundingClientRect();
      return [r.left + r.width / 2, r.top + r.height / 2] as const;
    };

    it('renders the rows in view only, telling assistive technology the full count and each row place', async () => {
      const data = many(1000);
      const el = await fixture<AtRiskTable>(html`<at-risk-table max-at-risk-customers="1000" .data=${data}></at-risk-table>`);
      const rendered = parts(el, 'row');
      expect(rendered.length).to.be.within(10, 60);
      expect(text(part(el, 'summary'))).to.equal('1,000 of 1,000 customers shown');
      expect(part(el, 'table')?.getAttribute('aria-rowcount')).to.equal('1001');
      expect(root(el).querySelector('thead tr')?.getAttribute('aria-rowindex')).to.equal('1');
      expect(rendered.map(rowIndex)).to.deep.equal(rendered.map((_, i) => i + 2));
      expect(ids(el)).to.deep.equal(el.customers.slice(0, rendered.length).map((c) => c.customer_id));
      // The others are one gap row, hidden from assistive technology, as tall as they would be.
      const gaps = [...root(el).querySelectorAll<HTMLTableRowElement>('tbody tr.gap')];
      expect(gaps.length).to.equal(1);
      expect(gaps[0]?.getAttribute('aria-hidden')).to.equal('true');
      // Every row is at least as tall as its 44 px buttons.
      expect((part(el, 'table') as HTMLElement).getBoundingClientRect().height).to.be.greaterThan(1000 * 44);
      await expectAccessible(el);

      sortButton(el, 'health').click();
      await el.updateComplete;
      const scores = el.customers.map((c) => c.last_health_score);
      expect(scores.every((s, i) => i === 0 || (scores[i - 1] as number) <= s)).to.equal(true);
      expectRowsInPlace(el);

      sortButton(el, 'churn').click();
      await el.updateComplete;
      const churn = el.customers.map((c) => c.predicted_churn_score);
      const known = churn.filter((p): p is number => p !== null);
      expect(known.every((p, i) => i === 0 || (known[i - 1] as number) >= p)).to.equal(true);
      // Unknown probabilities last.
      expect(churn.slice(known.length).every((p) => p === null)).to.equal(true);
      expectRowsInPlace(el);

      search(el, 'company 99');
      await el.updateComplete;
      // "Company 99" and "Company 990"-"Company 999": every one rendered, no gap.
      expect(ids(el)).to.deep.equal(el.customers.map((c) => c.customer_id));
      expect(ids(el).length).to.equal(11);
      expect(root(el).querySelector('tbody tr.gap')).to.equal(null);
      expect(part(el, 'table')?.getAttribute('aria-rowcount')).to.equal('12');
      await expectAccessible(el);
    }).timeout(20_000);

    it('brings rows in as its scrolling area or the page scrolls', async () => {
      const el = await fixture<AtRiskTable>(
        html`<at-risk-table style="--rk-table-max-height: 400px" max-at-risk-customers="1000" .data=${many(1000)}></at-risk-table>`,
      );
      const scroller = part(el, 'scroller') as HTMLElement;
      await waitUntil(() => scroller.getAttribute('tabindex') === '0', 'the tall table is no tab stop', { timeout: 2_000 });
      const [x, y] = middleOf(scroller);
      scroller.scrollTop = scroller.scrollHeight / 2;
      await nextFrame();
      await waitUntil(() => rowAt(el, x, y) !== null, 'no row in the middle of the scrolled area', { timeout: 2_000 });
      expect(rowIndex(rowAt(el, x, y))).to.be.within(400, 600);
      expect(parts(el, 'row').length).to.be.below(60);
      expectRowsInPlace(el);

      scroller.scrollTop = scroller.scrollHeight;
      await nextFrame();
      await waitUntil(() => rowIndex(parts(el, 'row').at(-1)) === 1001, 'the last row did not come in', { timeout: 2_000 });
      expect(root(el).querySelectorAll('tbody tr.gap').length).to.equal(1);

      // Without a height of its own, the table follows the page's scrolling.
      el.style.removeProperty('--rk-table-max-height');
      await waitUntil(() => scroller.scrollHeight <= scroller.clientHeight + 1, 'still scrolls up and down', { timeout: 2_000 });
      const table = part(el, 'table') as HTMLElement;
      const top = table.getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, top + table.offsetHeight / 2);
      try {
        await nextFrame();
        await waitUntil(() => rowAt(el, x, window.innerHeight / 2) !== null, 'no row in the middle of the page', { timeout: 2_000 });
        expect(rowIndex(rowAt(el, x, window.innerHeight / 2))).to.be.within(400, 600);
      } finally {
        window.scrollTo(0, 0);
      }
    }).timeout(20_000);

    it('moves the focus to any row with the keys, rendering and scrolling to it, and keeps it while scrolled away', async () => {
      const el = await fixture<AtRiskTable>(
        html`<at-risk-table style="--rk-table-max-height: 400px" max-at-risk-customers="1000" .data=${many(1000)}></at-risk-table>`,
      );
      const scroller = part(el, 'scroller') as HTMLElement;
      const inView = (cellEl: Element | null) => {
        const r = (cellEl as HTMLElement).getBoundingClientRect();
        const area = scroller.getBoundingClientRect();
        return r.top >= area.top - 1 && r.bottom <= area.bottom + 1;
      };
      const last = el.customers[999] as AtRiskCustomer;
      expect(row(el, last.customer_id)).to.equal(null);

      root(el).querySelector<HTMLElement>('tbody th')?.focus();
      await sendKeys({ press: 'End' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, last.customer_id));
      expect(rowIndex(row(el, last.customer_id))).to.equal(1001);
      expect(inView(activeIn(el))).to.equal(true);
      expect(parts(el, 'row').length).to.be.below(60);

      await sendKeys({ press: 'PageUp' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, (el.customers[989] as AtRiskCustomer).customer_id));
      expect(inView(activeIn(el))).to.equal(true);

      await sendKeys({ press: 'Home' });
      await el.updateComplete;
      expect(activeIn(el)).to.equal(cell(el, (el.customers[0] as AtRiskCustomer).customer_id));
      expect(scroller.scrollTop).to.equal(0);

      // Page Down, 30 times: 300 rows on, each rendered and in view on arrival.
      for (let i = 0; i < 30; i++) await sendKeys({ press: 'PageDown' });
      await el.updateComplete;
      const target = el.customers[300] as AtRiskCustomer;
      expect(activeIn(el)).to.equal(cell(el, target.customer_id));
      expect(inView(activeIn(el))).to.equal(true);

      // Scrolled far away, the current row stays rendered and focused: the tab stop is never lost.
      scroller.scrollTop = 0;
      await nextFrame();
      await waitUntil(() => rowIndex(parts(el, 'row')[0]) === 2, 'the first rows did not come back', { timeout: 2_000 });
      expect(activeIn(el)).to.equal(cell(el, target.customer_id));
      expect(root(el).querySelectorAll('tbody [tabindex="0"]').length).to.equal(4);

      // The keys go on from it, and Enter chooses it.
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      const chosen = el.customers[301] as AtRiskCustomer;
      expect(activeIn(el)).to.equal(cell(el, chosen.customer_id));
      expect(inView(activeIn(el))).to.equal(true);
      const selected = oneEvent<RkSelectEvent>(el, 'rk-select');
      await sendKeys({ press: 'Enter' });
      expect((await selected).customerId).to.equal(chosen.customer_id);
      await sendKeys({ press: 'Tab' });
      expect(activeIn(el)).to.equal(button(el, chosen.customer_id, 'call'));
      await expectAccessible(el);
    }).timeout(30_000);
  });
});
