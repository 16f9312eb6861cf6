import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widgets/index';
import '../../widgets/customer-list/define';
import type { CustomerList } from '../../widgets/customer-list/customer-list';
import type { RkExportEvent, RkSelectEvent, RkViewChangeEvent } from '../../widgets/core/events';
import type { CustomerPage, CustomerQuery, CustomerRow } from '../../widgets/core/types';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { expectAccessible } from './support/axe';
import { RecordingClient, renderInProvider } from './support/connect';
import { expectWrappedBetweenParts, part, parts, root, settle, text } from './support/dom';
import { createdIntervention, customerRow, healthUpdate, LONG_ADDRESS, tokenFor, WORKSPACE_1440 } from './support/fixtures';

/** Customers of the tests: the shared fixture with fixed scores and stages, so rows read alike. */
const customer = (i: number, overrides: Partial<CustomerRow> = {}) =>
  customerRow(i, { health_score: 40 + (i % 50), status: 'warning', risk_level: 'medium', churn_probability: 0.3, intervention_priority: 'medium', plan: 'growth', lifecycle_stage: 'adoption', ...overrides });

/** An ApiClient answering the customer list from `book` in pages (no network), recording each query. */
class BookClient extends RecordingClient {
  book: CustomerRow[] = Array.from({ length: 65 }, (_, i) => customer(i));
  readonly queries: CustomerQuery[] = [];

  override customers(query: CustomerQuery = {}): Promise<CustomerPage> {
    this.queries.push(query);
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 50;
    const rows = this.book.slice(start, start + limit);
    const next = start + limit < this.book.length ? String(start + limit) : null;
    return Promise.resolve({ customers: rows, next_cursor: next });
  }
}

const row = (el: Element, id: string) => root(el).querySelector<HTMLTableRowElement>(`tr[data-id="${id}"]`);
const filter = (el: Element, key: string) => root(el).querySelector<HTMLInputElement & HTMLSelectElement>(`[data-filter="${key}"]`) as HTMLInputElement & HTMLSelectElement;
const lastQuery = (client: BookClient) => client.queries.at(-1);

async function inProvider(template: ReturnType<typeof html>, client = new BookClient()) {
  return renderInProvider<CustomerList, BookClient>('customer-list', template, client);
}

describe('customer-list', () => {
  it('shows the first page with MRR, renewal date, owner and open work, and chooses a row', async () => {
    const { el, client } = await inProvider(html`<customer-list page-size="20"></customer-list>`);
    expect(client.queries).to.deep.equal([{ sort: '-churn_probability', limit: 20 }]);
    expect(el.state).to.equal('ready');
    expect(el.customers).to.have.length(20);
    const tr = row(el, 'c-002') as HTMLTableRowElement;
    expect(text(tr.querySelector('[part~="mrr"]'))).to.equal('$1,002');
    expect(text(tr.querySelector('[part~="renewal"]'))).to.equal('Sep 30, 2026');
    expect(text(tr.querySelector('[part~="owner"]'))).to.equal('dana@cs.example');
    expect(text(tr.querySelector('[part~="open-work"]'))).to.equal('2 interventions 0 tickets');
    expect(text(row(el, 'c-001')?.querySelector('[part~="owner"]'))).to.equal('Unassigned');
    expect(text(part(el, 'summary'))).to.equal('20 customers shown, more load as you scroll');
    expect(part(el, 'table')?.getAttribute('aria-rowcount')).to.equal('-1');

    const chosen = oneEvent<RkSelectEvent>(el, 'rk-select');
    (tr.querySelector('[part~="mrr"]') as HTMLElement).click();
    expect((await chosen).customerId).to.equal('c-002');
    expect(tr.getAttribute('aria-current')).to.equal('true');
    await expectAccessible(el);
  });

  it('loads the next page with the cursor as the user scrolls to the end, and no more after the last', async () => {
    const { el, client } = await inProvider(html`<customer-list page-size="20" style="--rk-table-max-height: 400px"></customer-list>`);
    const scroller = part(el, 'scroller') as HTMLElement;
    scroller.scrollIntoView({ block: 'end' });
    expect(client.queries).to.have.length(1);
    // The first screenful does not reach the end of the page: nothing more is fetched yet.
    await aTimeout(50);
    expect(client.queries).to.have.length(1);
    // Scrolling to the end brings the next page, each asked for once, with the cursor of the one before.
    for (let tries = 0; tries < 20 && el.hasMore; tries++) {
      scroller.scrollTop = scroller.scrollHeight;
      await aTimeout(50);
      await settle(el);
    }
    expect(client.queries.map((q) => q.cursor)).to.deep.equal([undefined, '20', '40', '60']);
    // Every page keeps the view.
    for (const q of client.queries) expect(q.sort).to.equal('-churn_probability');
    await waitUntil(() => el.customers.length === 65);
    expect(el.hasMore).to.equal(false);
    // Only the rows near the view are in the document.
    expect(parts(el, 'row').length).to.be.lessThan(65);
    expect(part(el, 'table')?.getAttribute('aria-rowcount')).to.equal('66');
    scroller.scrollTop = scroller.scrollHeight;
    await aTimeout(50);
    expect(client.queries).to.have.length(4);
    expect(text(part(el, 'summary'))).to.equal('65 customers shown');
  });

  it('keeps the pages loaded and the scroll position through a quiet reload (a live reset)', async () => {
    const book = new BookClient();
    book.book = Array.from({ length: 200 }, (_, i) => customer(i));
    const { el, client, provider } = await inProvider(html`<customer-list page-size="20" style="--rk-table-max-height: 400px"></customer-list>`, book);
    const scroller = part(el, 'scroller') as HTMLElement;
    await el.loadMore();
    await el.loadMore();
    await settle(el);
    scroller.scrollTop = 600;
    await aTimeout(50);
    await settle(el);
    const loaded = el.customers.length;
    expect(loaded).to.be.at.least(60).and.below(200);
    const scrolled = scroller.scrollTop;
    expect(scrolled).to.be.greaterThan(0);
    const asked = client.queries.length;
    client.book = client.book.map((c) => (c.customer_id === 'c-030' ? { ...c, company_name: 'Renamed 30' } : c));
    (provider as RkProvider).store.apply({ type: 'reset', id: 1, data: { reason: 'test' } });
    await waitUntil(() => client.queries.length >= asked + loaded / 20, 'the view is loaded again, page by page');
    await settle(el);
    // As many rows as were loaded, fresh from the server, and the user where they were.
    expect(client.queries.slice(asked).map((q) => q.cursor)).to.deep.equal(Array.from({ length: loaded / 20 }, (_, i) => (i === 0 ? undefined : String(i * 20))));
    expect(el.customers.map((c) => c.customer_id)).to.deep.equal(client.book.slice(0, loaded).map((c) => c.customer_id));
    expect(el.customers.find((c) => c.customer_id === 'c-030')?.company_name).to.equal('Renamed 30');
    expect(scroller.scrollTop).to.equal(scrolled);
    expect(el.hasMore).to.equal(true);
  });

  it('sends the view given as attributes, owner "mine" included, as the query', async () => {
    const { client } = await inProvider(html`<customer-list
      owner="mine"
      status="critical,churn_risk"
      risk-level="high"
      priority="critical"
      plan="growth,enterprise"
      lifecycle-stage="renewal"
      renewal-within-days="90"
      mrr-min="500"
      mrr-max="5000"
      min-coverage="0.75"
      sort="-mrr"
      q="acme"
    ></customer-list>`);
    expect(lastQuery(client)).to.deep.equal({
      owner: 'mine',
      status: ['critical', 'churn_risk'],
      risk_level: ['high'],
      priority: ['critical'],
      plan: ['growth', 'enterprise'],
      lifecycle_stage: ['renewal'],
      renewal_within_days: 90,
      mrr_min: 500,
      mrr_max: 5000,
      min_coverage: 0.75,
      sort: '-mrr',
      q: 'acme',
      limit: 50,
    });
  });

  it('reflects filter changes in attributes, fires rk-view-change, asks the server again, and the view round-trips', async () => {
    const { el, client } = await inProvider(html`<customer-list></customer-list>`);
    const changes: RkViewChangeEvent[] = [];
    el.addEventListener('rk-view-change', (e) => changes.push(e));

    const owner = filter(el, 'owner');
    owner.value = 'mine';
    owner.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(el);
    expect(el.getAttribute('owner')).to.equal('mine');
    expect(changes.at(-1)?.view).to.deep.equal({ owner: 'mine' });
    expect(lastQuery(client)?.owner).to.equal('mine');

    const renewal = filter(el, 'renewal_within_days');
    renewal.value = '30';
    renewal.dispatchEvent(new Event('change', { bubbles: true }));
    const mrr = filter(el, 'mrr_min');
    mrr.value = '250';
    mrr.dispatchEvent(new Event('change', { bubbles: true }));
    const stage = filter(el, 'lifecycle_stage');
    stage.value = 'renewal';
    stage.dispatchEvent(new Event('change', { bubbles: true }));
    (root(el).querySelector('button[data-sort="mrr"]') as HTMLButtonElement).click();
    await settle(el);
    expect(el.getAttribute('renewal-within-days')).to.equal('30');
    expect(el.getAttribute('mrr-min')).to.equal('250');
    expect(el.getAttribute('lifecycle-stage')).to.equal('renewal');
    expect(el.getAttribute('sort')).to.equal('-mrr');
    const view = changes.at(-1)?.view;
    expect(view).to.deep.equal({ owner: 'mine', lifecycle_stage: 'renewal', renewal_within_days: '30', mrr_min: '250', sort: '-mrr' });
    expect(lastQuery(client)).to.deep.include({ owner: 'mine', renewal_within_days: 30, mrr_min: 250, lifecycle_stage: ['renewal'], sort: '-mrr' });
    expect(root(el).querySelector('th[data-column="mrr"]')?.getAttribute('aria-sort')).to.equal('descending');

    // A host keeps the view in its URL and gives it back to a new list: the same query.
    const params = new URLSearchParams(view as Record<string, string>);
    const restored = await inProvider(html`<customer-list></customer-list>`);
    const events: Event[] = [];
    restored.el.addEventListener('rk-view-change', (e) => events.push(e));
    restored.el.view = Object.fromEntries(params);
    await settle(restored.el);
    const { limit: _a, ...sent } = lastQuery(client) ?? {};
    const { limit: _b, ...again } = lastQuery(restored.client) ?? {};
    expect(again).to.deep.equal(sent);
    expect(restored.el.getAttribute('owner')).to.equal('mine');
    // Restoring is the host's doing: no event echoes it.
    expect(events).to.have.length(0);

    // Clear filters keeps the sort.
    restored.el.view = { owner: 'nobody' };
    restored.client.book = [];
    await settle(restored.el);
    (part(restored.el, 'clear-filters') as HTMLButtonElement).click();
    await settle(restored.el);
    expect(restored.el.hasAttribute('owner') && restored.el.owner !== '').to.equal(false);
  });

  it('searches once the user stops typing', async () => {
    const { el, client } = await inProvider(html`<customer-list></customer-list>`);
    const search = part(el, 'search') as HTMLInputElement;
    for (const value of ['a', 'ac', 'acm']) {
      search.value = value;
      search.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }
    await settle(el);
    expect(client.queries).to.have.length(1);
    const change = await oneEvent<RkViewChangeEvent>(el, 'rk-view-change');
    await settle(el);
    expect(change.view).to.deep.equal({ q: 'acm' });
    expect(client.queries).to.have.length(2);
    expect(lastQuery(client)?.q).to.equal('acm');
    expect(el.getAttribute('q')).to.equal('acm');
  });

  it('changes a listed row in place on a live health update, without reordering or adding rows', async () => {
    const client = new BookClient();
    client.book = client.book.slice(0, 5);
    const { el, provider } = await inProvider(html`<customer-list></customer-list>`, client);
    const before = el.customers.map((c) => c.customer_id);
    (provider as RkProvider).store.apply({
      type: 'customer_health_update',
      id: 1,
      data: healthUpdate({ account_id: 'c-003', company_name: 'Company 3', health_score: 12, churn_probability: 0.95, intervention_priority: 'critical', computed_at: new Date(Date.now() + 60_000).toISOString() }),
    });
    (provider as RkProvider).store.apply({
      type: 'customer_health_update',
      id: 2,
      data: healthUpdate({ account_id: 'c-999', company_name: 'Elsewhere', computed_at: new Date(Date.now() + 60_000).toISOString() }),
    });
    await settle(el);
    expect(el.customers.map((c) => c.customer_id)).to.deep.equal(before);
    expect(text(row(el, 'c-003')?.querySelector('[part~="priority"]'))).to.equal('Critical');
    expect(row(el, 'c-003')?.querySelector('[part~="health"]')?.getAttribute('aria-valuenow')).to.equal('12');
  });

  it('exports the current view: the same query with format, the same token, over HTTP', async () => {
    const el = await fixture<CustomerList>(html`<customer-list api="/__rk_test__/echo" token="secret-token" owner="mine" plan="growth" mrr-min="100" sort="name"></customer-list>`);
    // The echo endpoint is no customer API: the list itself fails to load, the export is what is checked.
    await waitUntil(() => el.state === 'error' || el.state === 'ready');
    const exported = oneEvent<RkExportEvent>(el, 'rk-export');
    (root(el).querySelector('[part~="export"][data-format="csv"]') as HTMLButtonElement).click();
    const event = await exported;
    event.preventDefault();
    expect(event.format).to.equal('csv');
    expect(event.filename).to.match(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const sent = JSON.parse(await event.blob.text()) as { method: string; url: string; accept: string; authorization: string };
    expect(sent.method).to.equal('GET');
    expect(sent.authorization).to.equal('Bearer secret-token');
    expect(sent.accept).to.equal('text/csv');
    const url = new URL(sent.url, location.origin);
    expect(url.pathname).to.equal('/api/customer-success/customers');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ owner: 'mine', plan: 'growth', mrr_min: '100', sort: 'name', format: 'csv' });

    const xlsx = oneEvent<RkExportEvent>(el, 'rk-export');
    (root(el).querySelector('[part~="export"][data-format="xlsx"]') as HTMLButtonElement).click();
    const second = await xlsx;
    second.preventDefault();
    const sentXlsx = JSON.parse(await second.blob.text()) as { url: string; accept: string };
    expect(new URL(sentXlsx.url, location.origin).searchParams.get('format')).to.equal('xlsx');
    expect(sentXlsx.accept).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  for (const [lang, planned] of [['en', 'CSM outreach planned for'], ['de', 'Kontaktaufnahme durch CSM geplant für']]) {
    it(`in ${lang} at 1440 px, records an action and wraps the assignee's address in the row only after the @ or before a dot`, async () => {
      const client = new BookClient();
      client.respond = (body) => Promise.resolve(createdIntervention(body, { assigned_to: LONG_ADDRESS }));
      const { el } = await inProvider(html`<div lang=${lang} style=${WORKSPACE_1440}><customer-list page-size="20"></customer-list><aside></aside></div>`, client);
      row(el, 'c-002')?.querySelector<HTMLButtonElement>('button[data-action="email"]')?.click();
      await waitUntil(() => row(el, 'c-002')?.querySelector('[part~="row-message"]'), 'no message');
      await settle(el);
      expect(client.created[0]).to.include({ account_id: 'c-002', intervention_type: 'csm_outreach' });
      const message = row(el, 'c-002')?.querySelector('[part~="row-message"]') as HTMLElement;
      expect(text(message)).to.equal(`${planned} ${LONG_ADDRESS}`);
      expectWrappedBetweenParts(message, LONG_ADDRESS);
      // The live region reads the same words, as plain text.
      expect(text(root(el).querySelector('.card > [role="status"]'))).to.equal(`Company 2: ${text(message)}`);
      await expectAccessible(el);
    });
  }

  it('offers a viewer no actions nor their column; a csm all of them', async () => {
    const viewer = await inProvider(html`<customer-list page-size="5"></customer-list>`, new BookClient({ token: tokenFor('viewer') }));
    await settle(viewer.el);
    expect(parts(viewer.el, 'row').length).to.be.greaterThan(0);
    expect(parts(viewer.el, 'action')).to.have.length(0);
    // Booleans: a failing comparison of elements would serialise the whole shadow tree.
    expect(root(viewer.el).querySelector('[data-column="actions"], col.col-actions, .actions-cell') === null, 'no actions column').to.equal(true);
    await expectAccessible(viewer.el);
    const csm = await inProvider(html`<customer-list page-size="5"></customer-list>`, new BookClient({ token: tokenFor('csm') }));
    await waitUntil(() => parts(csm.el, 'row').length > 0 && parts(csm.el, 'action').length === 3 * parts(csm.el, 'row').length, 'a csm is offered every action');
    expect(root(csm.el).querySelector('th[data-column="actions"]') !== null, 'a csm has the actions column').to.equal(true);
  });

  for (const width of [320, 375, 768]) {
    it(`in a ${width} px container: ${width < 600 ? 'cards' : 'the table'}, no sideways overflow, whole words, 44 px targets`, async () => {
      const client = new BookClient();
      client.book = [customer(1, { company_name: 'Bergstrom-Kertzmann Internationalisation Services', csm_owner: 'alexandra.vandenberg@cs.example' }), ...client.book.slice(2, 6)];
      const provider = await fixture<RkProvider>(html`<div style=${`width: ${width}px`}><rk-provider .client=${client}><customer-list></customer-list></rk-provider></div>`);
      const el = provider.querySelector('customer-list') as CustomerList;
      await waitUntil(() => el.state === 'ready');
      await settle(el);
      const tr = row(el, 'c-001') as HTMLTableRowElement;
      expect(getComputedStyle(tr).display).to.equal(width < 600 ? 'grid' : 'table-row');
      expect([...tr.querySelectorAll<HTMLElement>('[data-action]')].map((b) => b.dataset.action)).to.deep.equal(['call', 'email', 'create-task']);
      if (width < 600) {
        const scroller = part(el, 'scroller') as HTMLElement;
        expect(scroller.scrollWidth).to.be.at.most(scroller.clientWidth);
        expect(el.scrollWidth).to.be.at.most(width);
        expect(getComputedStyle(tr.querySelector('[part~="mrr"]') as Element, '::before').content).to.equal('"MRR"');
        const texts = [tr.querySelector('.company'), tr.querySelector('[part~="owner"]')].flatMap((node) => {
          const walker = document.createTreeWalker(node as Node, NodeFilter.SHOW_TEXT);
          const found: Text[] = [];
          while (walker.nextNode()) found.push(walker.currentNode as Text);
          return found;
        });
        for (const textNode of texts) {
          for (const match of textNode.data.matchAll(/\S+/g)) {
            // A word longer than the line (an e-mail address at 320 px) may wrap; any other stays whole.
            if (match[0].length > 24) continue;
            const range = document.createRange();
            range.setStart(textNode, match.index ?? 0);
            range.setEnd(textNode, (match.index ?? 0) + match[0].length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            expect(lines.size, match[0]).to.equal(1);
          }
        }
      }
      const targets = [...tr.querySelectorAll<HTMLElement>('[data-action]'), ...parts(el, 'sort-button'), ...parts(el, 'export'), ...parts(el, 'filter'), part(el, 'search') as HTMLElement];
      for (const target of targets) {
        const box = target.getBoundingClientRect();
        expect(Math.min(box.width, box.height), target.outerHTML).to.be.at.least(44);
      }
      await expectAccessible(el);
    });
  }
});
