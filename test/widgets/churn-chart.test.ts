import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
// Only the elements under test: nothing else may pull Chart.js into the page before they draw.
import '../../widgets/rk-provider/define';
import '../../widgets/churn-chart/define';
import { ApiError } from '../../widgets/core/api-client';
import type { RkErrorEvent } from '../../widgets/core/events';
import type { ChurnChart } from '../../widgets/churn-chart/churn-chart';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { expectAccessible } from './support/axe';
import { chartJsRequested, part, text } from './support/dom';
import { HOSTILE, trend } from './support/fixtures';

describe('<churn-chart>', () => {
  describe('lazy Chart.js', () => {
    // First in the file: the page is fresh, so no other test has loaded Chart.js yet.
    it('does not load Chart.js until there is a chart to draw', async () => {
      expect(chartJsRequested()).to.equal(false);
      // No server and no data: an error that says so, and still no Chart.js.
      const el = await fixture<ChurnChart>(html`<churn-chart></churn-chart>`);
      expect(el.state).to.equal('error');
      el.data = trend({ months: [] });
      await el.updateComplete;
      expect(el.state).to.equal('empty');
      await aTimeout(50);
      expect(chartJsRequested()).to.equal(false);
      expect(el.chart === undefined).to.equal(true);

      el.data = trend();
      const chart = await el.chartReady;
      expect(chart !== undefined).to.equal(true);
      expect(chartJsRequested()).to.equal(true);
      expect(chart?.canvas === el.shadowRoot?.querySelector('canvas')).to.equal(true);
    });
  });

  describe('rendering', () => {
    it('draws the churn rate and its rolling average as two datasets', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart locale="en-US" .data=${trend()}></churn-chart>`);
      const chart = await el.chartReady;
      expect((chart?.config as { type?: string } | undefined)?.type).to.equal('line');
      expect(chart?.data.labels).to.deep.equal(['Mar 2026', 'Apr 2026', 'May 2026', 'Jun 2026', 'Jul 2026', 'Aug 2026']);
      expect(chart?.data.datasets.map((d) => d.label)).to.deep.equal(['Churn rate', '3-month rolling average']);
      expect(chart?.data.datasets[0]?.data).to.deep.equal([2, 1.43, 2.79, 0.91, 1.3, 2.08]);
      expect(chart?.data.datasets[1]?.data).to.deep.equal([2.2, 1.9, 2.07, 1.71, 1.67, 1.43]);
      // Not colour alone: the average is dashed.
      expect(chart?.data.datasets[1]?.borderDash).to.deep.equal([6, 4]);
      expect(chart?.options.responsive).to.equal(true);
      expect(chart?.options.maintainAspectRatio).to.equal(false);
    });

    it('hides the canvas from assistive technology and gives a summary, a legend and a data table', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart locale="en-US" .data=${trend()}></churn-chart>`);
      await el.chartReady;
      expect(part(el, 'canvas')?.getAttribute('aria-hidden')).to.equal('true');
      expect(text(part(el, 'title'))).to.equal('Monthly churn rate');
      expect(text(part(el, 'summary'))).to.equal(
        'In August 2026 the churn rate was 2.1% (5 of 240 customers churned); 3-month rolling average: 1.4%. Up from 1.3% in July 2026.',
      );
      expect([...(part(el, 'legend')?.querySelectorAll('li') ?? [])].map(text)).to.deep.equal([
        'Churn rate (solid line)',
        '3-month rolling average (dashed line)',
      ]);
      const table = part(el, 'table') as HTMLTableElement;
      expect(table.parentElement?.classList.contains('visually-hidden')).to.equal(true);
      expect(table.parentElement?.getBoundingClientRect().width).to.be.at.most(1);
      expect(text(table.querySelector('caption'))).to.equal('Monthly churn rate and 3-month rolling average');
      expect([...table.querySelectorAll('thead th')].map(text)).to.deep.equal([
        'Month',
        'Churn rate',
        '3-month rolling average',
        'Churned / customers at start',
      ]);
      const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(text));
      expect(rows.length).to.equal(6);
      expect(rows[0]).to.deep.equal(['March 2026', '2.0%', '2.2%', '4 / 200']);
      expect(rows[5]).to.deep.equal(['August 2026', '2.1%', '1.4%', '5 / 240']);
    });

    it('words a fall and a level month', async () => {
      const months = trend().months.slice(0, 4);
      const el = await fixture<ChurnChart>(html`<churn-chart locale="en-US" .data=${{ window: 3, months }}></churn-chart>`);
      expect(text(part(el, 'summary'))).to.contain('Down from 2.8% in May 2026.');
      el.data = { window: 3, months: [months[0]!, { ...months[1]!, churn_rate: 2.01 }] };
      await el.updateComplete;
      expect(text(part(el, 'summary'))).to.contain('Level with 2.0% in March 2026.');
      el.data = { window: 3, months: [months[0]!] };
      await el.updateComplete;
      expect(text(part(el, 'summary'))).to.not.contain('from');
    });

    it('gives tooltips with the rate and the churned count', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart locale="en-US" .data=${trend()}></churn-chart>`);
      const chart = await el.chartReady;
      if (!chart) throw new Error('no chart');
      const point = chart.getDatasetMeta(0).data[5];
      chart.tooltip?.setActiveElements(
        [
          { datasetIndex: 0, index: 5 },
          { datasetIndex: 1, index: 5 },
        ],
        { x: point?.x ?? 0, y: point?.y ?? 0 },
      );
      chart.update('none');
      const tooltip = chart.tooltip;
      expect(tooltip?.title).to.deep.equal(['Aug 2026']);
      expect(tooltip?.body.map((b) => b.lines.join(''))).to.deep.equal(['Churn rate: 2.1%', '3-month rolling average: 1.4%']);
      expect(tooltip?.footer).to.deep.equal(['5 of 240 customers churned']);
    });

    it('formats in the locale attribute', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart locale="de-DE" .data=${trend()}></churn-chart>`);
      const chart = await el.chartReady;
      expect(text(part(el, 'summary'))).to.contain('2,1 %');
      expect(chart?.data.labels?.[0]).to.equal('März 2026');
    });

    it('renders a hostile month as text, not markup', async () => {
      const data = trend({ months: [{ month: HOSTILE, churned: 1, customers_at_start: 10, churn_rate: 10, rolling_average: 10 }] });
      const el = await fixture<ChurnChart>(html`<churn-chart .data=${data}></churn-chart>`);
      await el.chartReady;
      expect(el.shadowRoot?.querySelector('img')).to.equal(null);
      expect(text(part(el, 'table')?.querySelector('tbody th') ?? null)).to.equal(HOSTILE);
      expect(text(part(el, 'summary'))).to.contain(HOSTILE);
    });
  });

  describe('attributes, theme and size', () => {
    it('has months 6 by default and asks the server for the months it is given', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart api="" token="t"></churn-chart>`);
      expect(el.months).to.equal(6);
      await waitUntil(() => el.state === 'error', 'no error', { timeout: 5_000 });
      el.setAttribute('months', '12');
      await el.updateComplete;
      await waitUntil(() => el.state === 'error', 'no error', { timeout: 5_000 });
      const urls = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/churn-trend'));
      expect(urls.some((u) => u.endsWith('/api/customer-success/churn-trend?months=6'))).to.equal(true);
      expect(urls.some((u) => u.endsWith('/api/customer-success/churn-trend?months=12'))).to.equal(true);
    });

    it('takes its colours from --rk-* properties, and the dark theme changes them', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--rk-churn-rate-color: rgb(1, 2, 3)"><churn-chart theme="light" .data=${trend()}></churn-chart></div>`,
      );
      const el = wrapper.querySelector('churn-chart') as ChurnChart;
      const chart = await el.chartReady;
      expect(chart?.data.datasets[0]?.borderColor).to.equal('rgb(1, 2, 3)');
      expect(chart?.data.datasets[1]?.borderColor).to.equal('#1976d2');
      el.theme = 'dark';
      await el.updateComplete;
      expect(el.chart === chart).to.equal(true);
      expect(chart?.data.datasets[1]?.borderColor).to.equal('#90caf9');
      const y = chart?.options.scales?.y as { ticks: { color: string } } | undefined;
      expect(y?.ticks.color).to.equal('#b0b3b8');
      await expectAccessible(el);
    });

    it('follows its container size', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 300px"><churn-chart .data=${trend()}></churn-chart></div>`);
      const el = wrapper.querySelector('churn-chart') as ChurnChart;
      const chart = await el.chartReady;
      const plot = part(el, 'plot') as HTMLElement;
      expect(getComputedStyle(plot).position).to.equal('relative');
      await waitUntil(() => chart !== undefined && chart.width > 0, 'no size');
      expect(Math.round(chart?.width ?? 0)).to.equal(Math.round(plot.clientWidth));
      expect(chart?.height).to.equal(240);
      wrapper.style.width = '640px';
      await waitUntil(() => Math.round(chart?.width ?? 0) === Math.round(plot.clientWidth) && plot.clientWidth > 500, 'did not grow');
      el.style.setProperty('--rk-chart-height', '180px');
      await waitUntil(() => chart?.height === 180, 'did not follow the height');
    });
  });

  describe('lifecycle', () => {
    it('destroys the chart on disconnect and draws a new one on reconnect', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart .data=${trend()}></churn-chart>`);
      const chart = await el.chartReady;
      expect(chart?.canvas !== null).to.equal(true);
      const parent = el.parentElement as HTMLElement;
      el.remove();
      expect(chart?.canvas === null).to.equal(true);
      expect(el.chart === undefined).to.equal(true);
      parent.append(el);
      const again = await el.chartReady;
      expect(again !== undefined && again !== chart).to.equal(true);
      expect(again?.canvas === el.shadowRoot?.querySelector('canvas')).to.equal(true);
    });

    it('destroys the chart when the data goes away', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart .data=${trend()}></churn-chart>`);
      const chart = await el.chartReady;
      el.data = trend({ months: [] });
      await el.updateComplete;
      expect(chart?.canvas === null).to.equal(true);
      expect(text(part(el, 'empty'))).to.equal('No churn data yet.');
    });
  });

  describe('states', () => {
    it('shows a skeleton while loading, then an error with a retry button, and fires a composed rk-error', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart api="/__rk_test__/slow" token="t"></churn-chart>`);
      expect(el.state).to.equal('loading');
      expect(part(el, 'skeleton')).to.not.equal(null);
      expect(part(el, 'base')?.getAttribute('aria-busy')).to.equal('true');
      expect(text(el.shadowRoot?.querySelector('[role="status"]') ?? null)).to.equal('Loading churn trend…');
      await expectAccessible(el);

      const failed = await oneEvent<RkErrorEvent>(el, 'rk-error');
      expect(failed.bubbles).to.equal(true);
      expect(failed.composed).to.equal(true);
      expect(failed.error instanceof ApiError).to.equal(true);
      expect((failed.error as ApiError).status).to.equal(503);
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(part(el, 'error')?.getAttribute('role')).to.equal('alert');
      expect(text(part(el, 'error'))).to.contain('slow test endpoint');
      await expectAccessible(el);
    }).timeout(15_000);

    it('retries from the keyboard, and the error reaches document', async () => {
      let seen = 0;
      const listener = () => seen++;
      document.addEventListener('rk-error', listener);
      try {
        const el = await fixture<ChurnChart>(html`<churn-chart api="" token="t"></churn-chart>`);
        await waitUntil(() => seen === 1, 'no rk-error on document', { timeout: 5_000 });
        await el.updateComplete;
        const retry = part(el, 'retry') as HTMLButtonElement;
        expect(text(retry)).to.equal('Retry');
        expect(retry.getBoundingClientRect().height).to.be.at.least(44);
        retry.focus();
        await sendKeys({ press: 'Enter' });
        await waitUntil(() => seen === 2, 'retry did not load again', { timeout: 5_000 });
        await el.updateComplete;
        (part(el, 'retry') as HTMLButtonElement).focus();
        await sendKeys({ press: 'Space' });
        await waitUntil(() => seen === 3, 'space did not retry', { timeout: 5_000 });
      } finally {
        document.removeEventListener('rk-error', listener);
      }
    });

    it('is empty with no months, with a slot for the message', async () => {
      const el = await fixture<ChurnChart>(html`<churn-chart .data=${trend({ months: [] })}><span slot="empty">Nothing yet</span></churn-chart>`);
      expect(el.state).to.equal('empty');
      const slot = part(el, 'empty')?.querySelector('slot') as HTMLSlotElement;
      expect(slot.assignedElements().map(text)).to.deep.equal(['Nothing yet']);
      expect(el.shadowRoot?.querySelector('canvas')).to.equal(null);
      await expectAccessible(el);
    });

    it('shows Live, then Offline with the last data, inside a provider', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><churn-chart .data=${trend()}></churn-chart></rk-provider>`);
      const el = provider.querySelector('churn-chart') as ChurnChart;
      await el.chartReady;
      expect(part(el, 'live-indicator')).to.equal(null);
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
      expect(el.chart !== undefined).to.equal(true);
      await expectAccessible(el);
    });

    it('refetches on a reset from the store', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><churn-chart></churn-chart></rk-provider>`);
      const el = provider.querySelector('churn-chart') as ChurnChart;
      await waitUntil(() => el.state === 'error', 'first load did not fail', { timeout: 5_000 });
      let errors = 0;
      el.addEventListener('rk-error', () => errors++);
      provider.store.apply({ type: 'reset', id: 1, data: { reason: 'test' } });
      await waitUntil(() => errors === 1, 'no refetch after reset', { timeout: 5_000 });
    });

    it('is accessible when ready, light and dark, narrow and right to left', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div dir="rtl" style="width: 300px"><churn-chart theme="light" .data=${trend()}></churn-chart></div>`);
      const el = wrapper.querySelector('churn-chart') as ChurnChart;
      await el.chartReady;
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      await expectAccessible(el);
      expect(getComputedStyle(part(el, 'base') as HTMLElement).backgroundColor).to.equal('rgb(30, 30, 30)');
    });
  });
});
