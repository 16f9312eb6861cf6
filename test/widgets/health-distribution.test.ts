import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
// Only the elements under test: nothing else may pull Chart.js into the page before they draw.
import '../../widgets/rk-provider/define';
import '../../widgets/health-distribution/define';
import { ApiError } from '../../widgets/core/api-client';
import type { RkErrorEvent } from '../../widgets/core/events';
import { healthCounts, type HealthDistribution } from '../../widgets/health-distribution/health-distribution';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { expectAccessible } from './support/axe';
import { chartJsRequested, part, parts, settle, text } from './support/dom';
import { HEALTH_COUNTS, healthUpdate, HOSTILE, kpis } from './support/fixtures';

describe('<health-distribution>', () => {
  it('does not load Chart.js until there is a chart to draw', async () => {
    expect(chartJsRequested()).to.equal(false);
    const el = await fixture<HealthDistribution>(html`<health-distribution .data=${{}}></health-distribution>`);
    expect(el.state).to.equal('empty');
    await aTimeout(50);
    expect(chartJsRequested()).to.equal(false);
    el.data = HEALTH_COUNTS;
    const chart = await el.chartReady;
    expect(chart !== undefined).to.equal(true);
    expect(chartJsRequested()).to.equal(true);
  });

  describe('rendering', () => {
    it('draws a doughnut of the five statuses in the spec colours', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution theme="light" .data=${kpis()}></health-distribution>`);
      const chart = await el.chartReady;
      expect((chart?.config as { type?: string } | undefined)?.type).to.equal('doughnut');
      expect(chart?.data.labels).to.deep.equal(['Excellent', 'Good', 'Warning', 'Critical', 'Churn risk']);
      expect(chart?.data.datasets[0]?.data).to.deep.equal([420, 510, 180, 90, 40]);
      expect(chart?.data.datasets[0]?.backgroundColor).to.deep.equal(['#4caf50', '#8bc34a', '#ff9800', '#f44336', '#d32f2f']);
      expect(chart?.data.datasets[0]?.borderColor).to.equal('#ffffff');
      expect(part(el, 'canvas')?.getAttribute('aria-hidden')).to.equal('true');
    });

    it('keeps its drawn doughnut when new data arrives: no re-animation from zero', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution .data=${kpis()}></health-distribution>`);
      const chart = await el.chartReady;
      const meta = chart?.getDatasetMeta(0);
      const arcs = meta?.data.slice();
      // The same counts in a new object, as a live refetch brings them.
      el.data = kpis();
      await el.updateComplete;
      expect(chart?.getDatasetMeta(0)).to.equal(meta);
      expect(chart?.getDatasetMeta(0).data).to.deep.equal(arcs);
      // Changed counts move the same arcs.
      el.data = { ...HEALTH_COUNTS, excellent: 1 };
      await el.updateComplete;
      expect(chart?.getDatasetMeta(0)).to.equal(meta);
      expect(chart?.data.datasets[0]?.data[0]).to.equal(1);
    });

    it('lists every status with its count and share, with matching swatches', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution locale="en-US" .data=${kpis()}></health-distribution>`);
      expect(text(part(el, 'total'))).to.equal('1,240 customers');
      expect(part(el, 'legend')?.getAttribute('aria-label')).to.equal('Customers by health status');
      const items = parts(el, 'legend-item');
      expect(items.map((i) => i.dataset.status)).to.deep.equal(['excellent', 'good', 'warning', 'critical', 'churn_risk']);
      expect(items.map(text)).to.deep.equal([
        'Excellent 420 customers, 33.9%',
        'Good 510 customers, 41.1%',
        'Warning 180 customers, 14.5%',
        'Critical 90 customers, 7.3%',
        'Churn risk 40 customers, 3.2%',
      ]);
      // What a sighted reader sees: the screen-reader words are visually hidden.
      expect(items[0]?.querySelector('.count .visually-hidden')).to.not.equal(null);
      const swatches = items.map((i) => getComputedStyle(i.querySelector('.swatch') as Element).backgroundColor);
      expect(swatches).to.deep.equal(['rgb(76, 175, 80)', 'rgb(139, 195, 74)', 'rgb(255, 152, 0)', 'rgb(244, 67, 54)', 'rgb(211, 47, 47)']);
    });

    it('takes the counts alone too, and treats missing or invalid counts as 0', async () => {
      const el = await fixture<HealthDistribution>(
        html`<health-distribution locale="en-US" .data=${{ excellent: 1, good: -3, warning: HOSTILE as unknown as number }}></health-distribution>`,
      );
      expect(text(part(el, 'total'))).to.equal('1 customer');
      expect(parts(el, 'legend-item').map((i) => text(i.querySelector('.count')))).to.deep.equal([
        '1 customer,',
        '0 customers,',
        '0 customers,',
        '0 customers,',
        '0 customers,',
      ]);
      expect(el.shadowRoot?.querySelector('img')).to.equal(null);
      expect(healthCounts(kpis())).to.deep.equal(HEALTH_COUNTS);
    });

    it('gives tooltips with the count and share', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution locale="en-US" .data=${HEALTH_COUNTS}></health-distribution>`);
      const chart = await el.chartReady;
      if (!chart) throw new Error('no chart');
      const arc = chart.getDatasetMeta(0).data[1];
      chart.tooltip?.setActiveElements([{ datasetIndex: 0, index: 1 }], { x: arc?.x ?? 0, y: arc?.y ?? 0 });
      chart.update('none');
      expect(chart.tooltip?.title).to.deep.equal(['Good']);
      expect(chart.tooltip?.body.map((b) => b.lines.join(''))).to.deep.equal([' 510 customers (41.1%)']);
    });

    it('formats in the locale attribute', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution locale="de-DE" .data=${kpis()}></health-distribution>`);
      expect(text(part(el, 'total'))).to.equal('1.240 Kunden');
      expect(text(parts(el, 'legend-item')[0] ?? null)).to.equal('Ausgezeichnet 420 Kunden, 33,9 %');
    });

    it('follows the theme and --rk-* properties, and is accessible in both themes', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--rk-color-good: rgb(1, 2, 3)"><health-distribution theme="light" .data=${HEALTH_COUNTS}></health-distribution></div>`,
      );
      const el = wrapper.querySelector('health-distribution') as HealthDistribution;
      const chart = await el.chartReady;
      expect((chart?.data.datasets[0]?.backgroundColor as string[])[1]).to.equal('rgb(1, 2, 3)');
      await expectAccessible(el);
      el.theme = 'dark';
      await el.updateComplete;
      expect(chart?.data.datasets[0]?.borderColor).to.equal('#1e1e1e');
      await expectAccessible(el);
    });

    it('follows prefers-color-scheme in the auto theme', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution .data=${HEALTH_COUNTS}></health-distribution>`);
      const chart = await el.chartReady;
      try {
        await emulateMedia({ colorScheme: 'dark' });
        await waitUntil(() => chart?.data.datasets[0]?.borderColor === '#1e1e1e', 'did not switch to dark');
        await expectAccessible(el);
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });

    it('puts the doughnut beside the legend when wide, above it when narrow', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 300px"><health-distribution .data=${HEALTH_COUNTS}></health-distribution></div>`);
      const el = wrapper.querySelector('health-distribution') as HealthDistribution;
      await el.chartReady;
      const plot = () => (part(el, 'plot') as HTMLElement).getBoundingClientRect();
      const legend = () => (part(el, 'legend') as HTMLElement).getBoundingClientRect();
      expect(legend().top).to.be.at.least(plot().bottom - 1);
      wrapper.style.width = '600px';
      await el.updateComplete;
      expect(Math.round(legend().left)).to.be.at.least(Math.round(plot().right));
    });
  });

  describe('lifecycle', () => {
    it('destroys the chart on disconnect', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution .data=${HEALTH_COUNTS}></health-distribution>`);
      const chart = await el.chartReady;
      el.remove();
      expect(chart?.canvas === null).to.equal(true);
      expect(el.chart === undefined).to.equal(true);
    });
  });

  describe('states', () => {
    it('shows a skeleton while loading, then an error with a retry button, and fires a composed rk-error', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution api="/__rk_test__/slow" token="t"></health-distribution>`);
      expect(el.state).to.equal('loading');
      expect(part(el, 'skeleton')).to.not.equal(null);
      expect(part(el, 'base')?.getAttribute('aria-busy')).to.equal('true');
      await expectAccessible(el);
      const failed = await oneEvent<RkErrorEvent>(el, 'rk-error');
      expect(failed.bubbles && failed.composed).to.equal(true);
      expect((failed.error as ApiError).status).to.equal(503);
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(part(el, 'error')?.getAttribute('role')).to.equal('alert');
      await expectAccessible(el);
    }).timeout(15_000);

    it('retries from the keyboard', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution api="" token="t"></health-distribution>`);
      await waitUntil(() => el.state === 'error', 'no error', { timeout: 5_000 });
      let errors = 0;
      el.addEventListener('rk-error', () => errors++);
      const retry = part(el, 'retry') as HTMLButtonElement;
      expect(retry.getBoundingClientRect().height).to.be.at.least(44);
      retry.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => errors === 1, 'no retry', { timeout: 5_000 });
      expect(failedStatus(el)).to.equal(404);
    });

    it('is empty when no customer has a score', async () => {
      const el = await fixture<HealthDistribution>(html`<health-distribution .data=${kpis({ distributions: { health_status: { excellent: 0, good: 0, warning: 0, critical: 0, churn_risk: 0 }, risk_level: { low: 0, medium: 0, high: 0, critical: 0 } } })}></health-distribution>`);
      expect(el.state).to.equal('empty');
      expect(text(part(el, 'empty'))).to.equal('No customers with a health score yet.');
      await expectAccessible(el);
    });

    it('shows Live, then Offline with the last data, inside a provider', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><health-distribution .data=${HEALTH_COUNTS}></health-distribution></rk-provider>`);
      const el = provider.querySelector('health-distribution') as HealthDistribution;
      provider.store.status.set('live');
      await settle(el);
      expect(text(part(el, 'live-indicator'))).to.equal('Live');
      await expectAccessible(el);
      provider.store.status.set('offline');
      await settle(el);
      expect(text(part(el, 'offline-indicator'))).to.equal('Offline: showing the last data');
      expect(parts(el, 'legend-item').length).to.equal(5);
      await expectAccessible(el);
    });
  });

  describe('live', () => {
    it('refetches after customer_health_update events, at most once per live-throttle seconds', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><health-distribution live-throttle="0.6"></health-distribution></rk-provider>`);
      const el = provider.querySelector('health-distribution') as HealthDistribution;
      expect(el.liveThrottle).to.equal(0.6);
      // The test server has no /api routes: every load is a 404, which makes loads countable.
      await waitUntil(() => el.state === 'error', 'first load did not fail', { timeout: 5_000 });
      const times: number[] = [];
      el.addEventListener('rk-error', () => times.push(performance.now()));

      const start = performance.now();
      provider.store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ account_id: 'a' }) });
      provider.store.apply({ type: 'customer_health_update', id: 2, data: healthUpdate({ account_id: 'b' }) });
      await waitUntil(() => times.length === 1, 'no refetch after an update', { timeout: 5_000 });
      await el.updateComplete;
      provider.store.apply({ type: 'customer_health_update', id: 3, data: healthUpdate({ account_id: 'c' }) });
      await aTimeout(50);
      provider.store.apply({ type: 'customer_health_update', id: 4, data: healthUpdate({ account_id: 'd' }) });
      await waitUntil(() => times.length === 2, 'no trailing refetch', { timeout: 5_000 });
      // The throttle spaces the requests' starts, which resource timing records whatever the
      // server's answer time (the answers' arrival, in `times`, varies on a loaded machine).
      const starts = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/customer-success/kpis') && e.startTime >= start)
        .map((e) => e.startTime);
      expect(starts.length).to.equal(2);
      expect((starts[1] ?? 0) - (starts[0] ?? 0)).to.be.at.least(500);
      await aTimeout(900);
      expect(times.length).to.equal(2);
      expect(performance.now() - start).to.be.above(0);
    });

    it('does not refetch page data on live updates, and stops when disconnected', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><health-distribution live-throttle="0"></health-distribution></rk-provider>`);
      const el = provider.querySelector('health-distribution') as HealthDistribution;
      await waitUntil(() => el.state === 'error', 'first load did not fail', { timeout: 5_000 });
      let errors = 0;
      el.addEventListener('rk-error', () => errors++);
      el.data = HEALTH_COUNTS;
      await el.updateComplete;
      provider.store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate() });
      await aTimeout(300);
      expect(errors).to.equal(0);
      expect(el.state).to.equal('ready');
      el.data = undefined;
      await waitUntil(() => errors === 1, 'no load after the data was removed', { timeout: 5_000 });
      el.remove();
      provider.store.apply({ type: 'customer_health_update', id: 2, data: healthUpdate({ account_id: 'z' }) });
      await aTimeout(300);
      expect(errors).to.equal(1);
    });

    it('refetches on a reset from the store', async () => {
      const provider = await fixture<RkProvider>(html`<rk-provider token="t"><health-distribution></health-distribution></rk-provider>`);
      const el = provider.querySelector('health-distribution') as HealthDistribution;
      await waitUntil(() => el.state === 'error', 'first load did not fail', { timeout: 5_000 });
      let errors = 0;
      el.addEventListener('rk-error', () => errors++);
      provider.store.apply({ type: 'reset', id: 1, data: { reason: 'test' } });
      await waitUntil(() => errors === 1, 'no refetch after reset', { timeout: 5_000 });
    });
  });
});

function failedStatus(el: HealthDistribution): number | undefined {
  const error = (el as unknown as { counts: { error?: Error } }).counts.error;
  return error instanceof ApiError ? error.status : undefined;
}
