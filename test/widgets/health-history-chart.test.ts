import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../widgets/rk-provider/define';
import '../../widgets/health-history-chart/define';
import type { HealthHistoryChart } from '../../widgets/health-history-chart/health-history-chart';
import { expectAccessible } from './support/axe';
import { part, text } from './support/dom';
import { healthResponse, historyStep, HOSTILE, portfolioHistory } from './support/fixtures';

const history = () => portfolioHistory();

describe('<health-history-chart>', () => {
  it('stacks the live accounts per status, worst band at the bottom, one area per band', async () => {
    const el = await fixture<HealthHistoryChart>(html`<health-history-chart locale="en-US" .data=${history()}></health-history-chart>`);
    const chart = await el.chartReady;
    expect(chart?.data.labels).to.deep.equal(['May 4, 2026', 'May 11, 2026', 'May 18, 2026']);
    expect(chart?.data.datasets.map((d) => d.label)).to.deep.equal(['Churn risk', 'Critical', 'Warning', 'Good', 'Excellent']);
    expect(chart?.data.datasets[0]?.data).to.deep.equal([0, 1, 1]);
    expect(chart?.data.datasets[4]?.data).to.deep.equal([6, 5, 4]);
    expect((chart?.options.scales?.y as { stacked?: boolean } | undefined)?.stacked).to.equal(true);
    // The band colours, read from the theme: excellent is #4caf50 by default.
    expect(chart?.data.datasets[4]?.borderColor).to.equal('#4caf50');
  });

  it("draws one account's snapshots as a score line over the five status bands, with its own summary and table", async () => {
    const base = healthResponse().history[0]!;
    const snapshots = [
      { ...base, taken_at: '2026-05-04T00:00:00.000Z', health_score: 80, status: 'good' as const },
      { ...base, taken_at: '2026-05-11T00:00:00.000Z', health_score: 41, status: 'critical' as const },
    ];
    const el = await fixture<HealthHistoryChart>(html`<health-history-chart locale="en-US" .snapshots=${snapshots}></health-history-chart>`);
    const chart = await el.chartReady;
    expect(chart?.data.datasets.map((d) => d.label)).to.deep.equal(['Health score', 'Churn risk', 'Critical', 'Warning', 'Good', 'Excellent']);
    expect(chart?.data.datasets[0]?.data).to.deep.equal([80, 41]);
    // The bands' heights stack to the thresholds 25, 50, 70, 85 and 100.
    expect(chart?.data.datasets.slice(1).map((d) => d.data[0])).to.deep.equal([25, 25, 20, 15, 15]);
    expect(text(part(el, 'title'))).to.equal('Health over time');
    expect(text(part(el, 'summary'))).to.equal('On May 11, 2026: score 41 (Critical); 80 on May 4, 2026.');
    expect([...part(el, 'table')!.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => text(cell)).join(' '))).to.deep.equal(['May 4, 2026 80 Good', 'May 11, 2026 41 Critical']);
  });

  it('says the latest step in words and carries every number in a hidden table', async () => {
    const el = await fixture<HealthHistoryChart>(html`<health-history-chart locale="en-US" .data=${history()}></health-history-chart>`);
    await el.chartReady;
    expect(part(el, 'canvas')?.getAttribute('aria-hidden')).to.equal('true');
    expect(text(part(el, 'title'))).to.equal('Portfolio health over time');
    expect(text(part(el, 'summary'))).to.equal(
      'On May 18, 2026: 4 excellent, 7 good, 5 warning, 3 critical, 1 churn risk; average score 66 (74.5 on May 4, 2026).',
    );
    const rows = [...(part(el, 'table')?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.children].map(text));
    expect(rows).to.deep.equal([
      ['May 4, 2026', '6', '8', '4', '2', '0', '74.5', '0'],
      ['May 11, 2026', '5', '8', '4', '2', '1', '71.3', '0'],
      ['May 18, 2026', '4', '7', '5', '3', '1', '66', '0'],
    ]);
    await expectAccessible(el);
  });

  it('lightens and hatches the steps that stand on thin data, with a legend note and the counts in the table', async () => {
    const counts = { excellent: 6, good: 8, warning: 4, critical: 2, churn_risk: 0 };
    // Identical steps but for their thin share: 5 of 20 (a quarter) is thin, 4 of 20 is not.
    const steps = [0, 5, 4, 0, 0].map((low, i) => ({ ...historyStep(`2026-05-${String(4 + 7 * i).padStart(2, '0')}T00:00:00.000Z`, counts, 70), low_coverage: low }));
    const el = await fixture<HealthHistoryChart>(html`<health-history-chart locale="en-US" .data=${portfolioHistory(steps)}></health-history-chart>`);
    const chart = (await el.chartReady)!;
    await waitUntil(() => chart.chartArea?.width > 0);
    chart.update('none');
    chart.draw();
    const pixel = (step: number) => {
      const ratio = chart.currentDevicePixelRatio;
      const x = Math.round(chart.scales.x!.getPixelForValue(step) * ratio);
      const y = Math.round(chart.scales.y!.getPixelForValue(3) * ratio);
      // A few pixels across the slice, so a hatch line does not decide it alone.
      const data = chart.ctx.getImageData(x - 4, y, 9, 1).data;
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += data[i]! + data[i + 1]! + data[i + 2]!;
      return sum;
    };
    // The thin step is lighter than the same counts on a measured step; the two measured steps look alike.
    expect(pixel(1)).to.be.greaterThan(pixel(3) * 1.2);
    expect(pixel(2)).to.equal(pixel(3));
    expect(text(part(el, 'thin-note'))).to.equal('Hatched: thin data, a quarter or more of the accounts scored on less than half of the inputs.');
    const rows = [...(part(el, 'table')?.querySelectorAll('tbody tr') ?? [])].map((tr) => text(tr.lastElementChild));
    expect(rows).to.deep.equal(['0', '5', '4', '0', '0']);
    await expectAccessible(el);

    el.data = portfolioHistory(steps.map((step) => ({ ...step, low_coverage: 0 })));
    await el.updateComplete;
    expect(part(el, 'thin-note')).to.equal(null);
    await el.chartReady;
    chart.update('none');
    chart.draw();
    expect(pixel(1)).to.equal(pixel(3));
  });

  it('is empty without steps, and asks the server for the days and step it is given', async () => {
    const el = await fixture<HealthHistoryChart>(html`<health-history-chart .data=${{ steps: [] }}></health-history-chart>`);
    expect(el.state).to.equal('empty');
    expect(text(part(el, 'empty'))).to.equal('No health history yet.');

    const fetched = await fixture<HealthHistoryChart>(html`<health-history-chart api="" token="t" days="30" every="1d"></health-history-chart>`);
    await waitUntil(() => fetched.state === 'error', 'no error', { timeout: 5_000 });
    const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.includes('/api/customer-success/health-history'));
    const query = new URL(url ?? 'http://x/').searchParams;
    expect(query.get('every')).to.equal('1d');
    // A calendar day, as the server takes it: the day 30 days ago (or the next, across midnight).
    const daysAgo = (ms: number) => new Date(Date.now() - ms).toISOString().slice(0, 10);
    expect([daysAgo(30 * 86_400_000), daysAgo(30 * 86_400_000 - 60_000)]).to.include(query.get('from'));
  });

  it('renders a hostile date as text, not markup', async () => {
    const el = await fixture<HealthHistoryChart>(
      html`<health-history-chart .data=${{ steps: [historyStep(HOSTILE, { excellent: 1, good: 0, warning: 0, critical: 0, churn_risk: 0 }, 90)] }}></health-history-chart>`,
    );
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('img, script')).to.equal(null);
  });
});
