import { expect, fixture, html } from '@open-wc/testing';
import type { Chart } from 'chart.js';
import { css } from 'lit';
import { property } from 'lit/decorators.js';
import { RkElement } from '../../../widgets/core/base-element';
import { ChartController } from '../../../widgets/core/chart-controller';

class TestChart extends RkElement {
  static override styles = [RkElement.styles, css`.plot { position: relative; height: 150px; }`];
  @property({ type: Array }) values: number[] = [3, 5, 2];
  chart = new ChartController(this, {
    canvas: () => this.renderRoot.querySelector('canvas'),
    config: () => ({
      type: 'line' as const,
      data: { labels: this.values.map((_, i) => `M${i + 1}`), datasets: [{ label: 'Churn', data: this.values, fill: true }] },
      options: { plugins: { legend: { display: false } } },
    }),
  });
  override render() {
    return html`<div class="plot"><canvas role="img" aria-label="Churn trend"></canvas></div>`;
  }
}
TestChart.define('rk-test-chart');

describe('ChartController', () => {
  it('loads Chart.js lazily, draws, updates in place and destroys on disconnect', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 300px"><rk-test-chart></rk-test-chart></div>`);
    const el = wrapper.querySelector('rk-test-chart') as TestChart;
    const chart = (await el.chart.ready) as Chart<'line'>;
    expect(chart).to.not.equal(undefined);
    const canvas = el.shadowRoot?.querySelector('canvas') as HTMLCanvasElement;
    const { Chart: ChartClass } = await import('../../../widgets/core/chart-loader');
    expect(ChartClass.getChart(canvas)).to.equal(chart);
    expect(chart.data.datasets[0]?.data).to.deep.equal([3, 5, 2]);
    // Sized by its container, not by an aspect ratio.
    expect(chart.options.maintainAspectRatio).to.equal(false);
    expect(chart.height).to.equal(150);

    el.values = [1, 2, 3, 4];
    await el.updateComplete;
    expect(el.chart.chart).to.equal(chart);
    expect(chart.data.labels).to.deep.equal(['M1', 'M2', 'M3', 'M4']);

    el.remove();
    expect(el.chart.chart).to.equal(undefined);
    expect(ChartClass.getChart(canvas)).to.equal(undefined);
  });

  it('registers only the pieces the kit needs', async () => {
    const { Chart: ChartClass } = await import('../../../widgets/core/chart-loader');
    expect(ChartClass.registry.controllers.get('line')).to.not.equal(undefined);
    expect(ChartClass.registry.controllers.get('doughnut')).to.not.equal(undefined);
    expect(() => ChartClass.registry.getController('bar')).to.throw();
  });
});
