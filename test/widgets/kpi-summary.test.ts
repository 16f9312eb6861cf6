import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/rk-provider/define';
import '../../widgets/kpi-summary/define';
import type { ApiError } from '../../widgets/core/api-client';
import type { RkErrorEvent } from '../../widgets/core/events';
import type { KpiSummary } from '../../widgets/kpi-summary/kpi-summary';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { expectAccessible } from './support/axe';
import { part, parts, text } from './support/dom';
import { finance, HOSTILE, kpis } from './support/fixtures';

const card = (el: Element, key: string) => el.shadowRoot?.querySelector<HTMLElement>(`[data-kpi="${key}"]`) ?? null;

describe('<kpi-summary>', () => {
  describe('rendering', () => {
    it('shows the six KPIs with their 30-day changes', async () => {
      const el = await fixture<KpiSummary>(html`<kpi-summary locale="en-US" .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary>`);
      expect(el.state).to.equal('ready');
      expect(text(part(el, 'title'))).to.equal('Customer success KPIs');
      expect(part(el, 'grid')?.tagName).to.equal('UL');
      const cards = parts(el, 'kpi');
      expect(cards.map((c) => c.dataset.kpi)).to.deep.equal([
        'total_customers',
        'active_customers',
        'avg_health_score',
        'at_risk_customers',
        'monthly_recurring_revenue',
        'ltv_cac_ratio',
      ]);
      expect(cards.map(text)).to.deep.equal([
        'Total customers 1,240 ▲ +25 up in 30 days',
        'Active customers 1,180 ▼ -10 down in 30 days',
        'Average health score 76.8 ▲ +1.5 up in 30 days',
        'At-risk customers 87 ▼ -3 down in 30 days',
        'MRR $490,000 ▲ +$12,000 up in 30 days',
        'LTV:CAC 14:1 30-day change unknown',
      ]);
      // The arrow is decoration: the sign and the words carry the direction.
      expect(cards[0]?.querySelector('.arrow')?.getAttribute('aria-hidden')).to.equal('true');
    });

    it('marks good and bad news by tone, an at-risk rise being bad', async () => {
      const el = await fixture<KpiSummary>(
        html`<kpi-summary .data=${{ kpis: kpis({ deltas: { total_customers: 0, active_customers: -10, avg_health_score: null, at_risk_customers: 4, monthly_recurring_revenue: 1 } }) }}></kpi-summary>`,
      );
      const delta = (key: string) => card(el, key)?.querySelector<HTMLElement>('[part~="delta"]') ?? null;
      expect([delta('total_customers')?.dataset.trend, delta('total_customers')?.dataset.tone]).to.deep.equal(['flat', 'neutral']);
      expect(text(delta('total_customers'))).to.equal('▬ No change in 30 days');
      expect([delta('active_customers')?.dataset.trend, delta('active_customers')?.dataset.tone]).to.deep.equal(['down', 'negative']);
      expect([delta('avg_health_score')?.dataset.trend, delta('avg_health_score')?.dataset.tone]).to.deep.equal(['unknown', 'neutral']);
      expect(text(delta('avg_health_score'))).to.equal('30-day change unknown');
      expect([delta('at_risk_customers')?.dataset.trend, delta('at_risk_customers')?.dataset.tone]).to.deep.equal(['up', 'negative']);
      expect(text(delta('at_risk_customers'))).to.equal('▲ +4 up in 30 days');
      expect(getComputedStyle(delta('at_risk_customers')?.querySelector('.arrow') as Element).color).to.equal('rgb(198, 40, 40)');
      expect(getComputedStyle(delta('monthly_recurring_revenue')?.querySelector('.arrow') as Element).color).to.equal('rgb(46, 125, 50)');
    });

    it('falls back to the KPI report for MRR and LTV:CAC without a finance summary, and shows unknown values as a dash', async () => {
      const el = await fixture<KpiSummary>(
        html`<kpi-summary locale="en-US" .data=${{ kpis: kpis({ health_metrics: { avg_health_score: null, avg_churn_probability: null, nps_score: null }, financial_metrics: { monthly_recurring_revenue: 485000, ltv_cac_ratio: null } }) }}></kpi-summary>`,
      );
      expect(el.state).to.equal('ready');
      expect(text(card(el, 'monthly_recurring_revenue')?.querySelector('[part~="value"]') ?? null)).to.equal('$485,000');
      expect(text(card(el, 'ltv_cac_ratio')?.querySelector('[part~="value"]') ?? null)).to.equal('—');
      expect(text(card(el, 'avg_health_score')?.querySelector('[part~="value"]') ?? null)).to.equal('—');
    });

    it('formats numbers and money in the locale attribute', async () => {
      const el = await fixture<KpiSummary>(html`<kpi-summary locale="de-DE" .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary>`);
      expect(text(card(el, 'total_customers'))).to.equal('Kunden gesamt 1.240 ▲ +25 mehr in 30 Tagen');
      expect(text(card(el, 'avg_health_score')?.querySelector('[part~="value"]') ?? null)).to.equal('76,8');
      expect(text(card(el, 'monthly_recurring_revenue')?.querySelector('[part~="value"]') ?? null)).to.equal('490.000 $');
    });

    it('renders a hostile currency code as text instead of failing', async () => {
      const el = await fixture<KpiSummary>(
        html`<kpi-summary locale="en-US" .data=${{ kpis: kpis(), finance: finance({ currency: HOSTILE as 'USD' }) }}></kpi-summary>`,
      );
      expect(el.shadowRoot?.querySelector('img')).to.equal(null);
      expect(text(card(el, 'monthly_recurring_revenue')?.querySelector('[part~="value"]') ?? null)).to.equal(`490,000 ${HOSTILE}`);
    });
  });

  describe('responsive grid', () => {
    const columns = (el: KpiSummary) => getComputedStyle(part(el, 'grid') as HTMLElement).gridTemplateColumns.split(' ').length;
    const distinctLefts = (el: KpiSummary) => new Set(parts(el, 'kpi').map((c) => Math.round(c.getBoundingClientRect().left))).size;

    it('has two columns of compact tiles on a phone, one below 240 px, three at medium widths, six when wide', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 375px"><kpi-summary .data=${{ kpis: kpis() }}></kpi-summary></div>`);
      const el = wrapper.querySelector('kpi-summary') as KpiSummary;
      expect(columns(el)).to.equal(2);
      expect(distinctLefts(el)).to.equal(2);
      const phone = el.getBoundingClientRect().height;
      await expectAccessible(el);
      const at = async (width: number) => {
        wrapper.style.width = `${width}px`;
        await aTimeout(0);
        return [columns(el), distinctLefts(el)];
      };
      expect(await at(300)).to.deep.equal([2, 2]);
      expect(await at(200)).to.deep.equal([1, 1]);
      // Two a row on a phone: well under the height of the six stacked.
      expect(phone).to.be.below(0.7 * el.getBoundingClientRect().height);
      expect(await at(500)).to.deep.equal([2, 2]);
      expect(await at(760)).to.deep.equal([3, 3]);
      expect(await at(1100)).to.deep.equal([6, 6]);
      // No card is wider than the grid at any width.
      for (const width of [200, 280, 300, 375, 400]) {
        await at(width);
        const grid = (part(el, 'grid') as HTMLElement).getBoundingClientRect();
        expect(parts(el, 'kpi').every((c) => c.getBoundingClientRect().right <= grid.right + 0.5)).to.equal(true);
      }
    });

    it('lays out right to left', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl" style="width: 500px"><kpi-summary .data=${{ kpis: kpis() }}></kpi-summary></div>`);
      const el = wrapper.querySelector('kpi-summary') as KpiSummary;
      const [first, second] = parts(el, 'kpi');
      expect((first?.getBoundingClientRect().left ?? 0) > (second?.getBoundingClientRect().left ?? 0)).to.equal(true);
      await expectAccessible(el);
    });
  });

  describe('states', () => {
    it('shows a skeleton while loading, then an error with a retry button, and fires a composed rk-error', async () => {
      const el = await fixture<KpiSummary>(html`<kpi-summary api="/__rk_test__/slow" token="t"></kpi-summary>`);
      expect(el.state).to.equal('loading');
      expect(part(el, 'skeleton')).to.not.equal(null);
      expect(part(el, 'base')?.getAttribute('aria-busy')).to.equal('true');
      expect(text(el.shadowRoot?.querySelector('[role="status"]') ?? null)).to.equal('Loading KPIs…');
      await expectAccessible(el);
      const failed = await oneEvent<RkErrorEvent>(el, 'rk-error');
      expect(failed.bubbles).to.equal(true);
      expect(failed.composed).to.equal(true);
      expect((failed.error as ApiError).status).to.equal(503);
      await waitUntil(() => el.state === 'error', 'no error state', { timeout: 5_000 });
      expect(part(el, 'error')?.getAttribute('role')).to.equal('alert');
      expect(text(part(el, 'error'))).to.contain('Could not load the KPIs.');
      await expectAccessible(el);
    }).timeout(15_000);

    it('asks both endpoints, and retries from the keyboard', async () => {
      const seen: string[] = [];
      const listener = (e: RkErrorEvent) => seen.push((e.error as ApiError).code);
      document.addEventListener('rk-error', listener);
      try {
        const el = await fixture<KpiSummary>(html`<kpi-summary api="" token="t"></kpi-summary>`);
        await waitUntil(() => seen.length === 2 && el.state === 'error', 'both loads did not fail', { timeout: 5_000 });
        const urls = performance.getEntriesByType('resource').map((e) => e.name);
        expect(urls.some((u) => u.endsWith('/api/customer-success/kpis'))).to.equal(true);
        expect(urls.some((u) => u.endsWith('/api/finance/summary'))).to.equal(true);
        await el.updateComplete;
        const retry = part(el, 'retry') as HTMLButtonElement;
        expect(retry.getBoundingClientRect().height).to.be.at.least(44);
        retry.focus();
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => seen.length === 4, 'retry did not reload both', { timeout: 5_000 });
      } finally {
        document.removeEventListener('rk-error', listener);
      }
    });

    it('reports a missing server configuration', async () => {
      const el = await fixture<KpiSummary>(html`<kpi-summary></kpi-summary>`);
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(text(part(el, 'error'))).to.contain('No server configured');
    });

    it('is empty without customers, with a slot for the message', async () => {
      const empty = kpis({ overview: { total_customers: 0, active_customers: 0, at_risk_customers: 0, churned_customers_30d: 0 } });
      const el = await fixture<KpiSummary>(html`<kpi-summary .data=${{ kpis: empty }}></kpi-summary>`);
      expect(el.state).to.equal('empty');
      expect(text(part(el, 'empty'))).to.equal('No customers yet.');
      await expectAccessible(el);
    });

    it('shows Live, then Offline with the last data, inside a provider', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><kpi-summary .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary></rk-provider>`);
      const el = provider.querySelector('kpi-summary') as KpiSummary;
      provider.store.status.set('live');
      await aTimeout(0);
      await el.updateComplete;
      expect(text(part(el, 'live-indicator'))).to.equal('Live');
      await expectAccessible(el);
      provider.store.status.set('offline');
      await aTimeout(0);
      await el.updateComplete;
      expect(part(el, 'live-indicator')).to.equal(null);
      expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
      expect(parts(el, 'kpi').length).to.equal(6);
      await expectAccessible(el);
    });

    it('refetches on a reset from the store', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><kpi-summary></kpi-summary></rk-provider>`);
      const el = provider.querySelector('kpi-summary') as KpiSummary;
      await waitUntil(() => el.state === 'error', 'first load did not fail', { timeout: 5_000 });
      await aTimeout(100);
      let errors = 0;
      el.addEventListener('rk-error', () => errors++);
      provider.store.apply({ type: 'reset', id: 1, data: { reason: 'test' } });
      await waitUntil(() => errors === 2, 'no refetch of both after reset', { timeout: 5_000 });
    });

    it('is accessible when ready, light and dark', async () => {
      const el = await fixture<KpiSummary>(html`<kpi-summary theme="light" .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary>`);
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      expect(getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor).to.equal('rgb(30, 30, 30)');
      expect(getComputedStyle(card(el, 'total_customers')?.querySelector('.arrow') as Element).color).to.equal('rgb(129, 199, 132)');
      await expectAccessible(el);
    });
  });
});
