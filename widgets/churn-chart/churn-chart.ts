import { msg, str } from '@lit/localize';
import type { Chart, ChartConfiguration, TooltipItem } from 'chart.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ChartController } from '../core/chart-controller';
import type { LiveFilter } from '../core/connection';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { emptyMessage, renderFrame } from '../core/frame';
import { baseStyles, cardStyles, chartStyles, stateStyles } from '../core/styles';
import type { ChurnMonth, ChurnTrend } from '../core/types';
import { churnChartStyles } from './churn-chart.styles';

type LineConfig = ChartConfiguration<'line', number[], string>;

const DEFAULT_MONTHS = 6;

/** `2026-08` → a Date at the first of that month, UTC (formatted with `timeZone: 'UTC'`). */
const monthDate = (month: string) => `${month}-01T00:00:00.000Z`;

/**
 * @summary The monthly churn rate (percent) with its rolling average as a line chart, with a
 * plain-text summary of the latest month and a data table for screen readers.
 *
 * Two ways to feed it:
 * - `.data = {months: […], window: 3}` (the body of `GET /api/customer-success/churn-trend`): no server at all;
 * - inside `<rk-provider>` (or with `api`/`token`): fetched for the last `months` months, refreshed
 *   every `refresh-interval` seconds and on a live `reset`.
 *
 * Chart.js is loaded lazily, the first time there is a chart to draw, and the chart is destroyed
 * when the element leaves the page. The chart follows the element's width and the
 * `--rk-chart-height` height; its colours come from the `--rk-*` custom properties and follow the
 * light and dark themes. The canvas is hidden from assistive technology: the summary and the
 * visually hidden table carry the same numbers.
 *
 * @fires rk-error - Loading failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No churn data yet." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the live/offline indicators.
 * @csspart title - "Monthly churn rate".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart plot - The box the chart fills (`position: relative`, height `--rk-chart-height`).
 * @csspart canvas - The chart's canvas (`aria-hidden`).
 * @csspart legend - The legend list (line samples with their names).
 * @csspart summary - The text summary of the latest month.
 * @csspart table - The visually hidden data table.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-chart-height - Height of the chart (default 240px).
 * @cssprop --rk-churn-rate-color - Line of the monthly churn rate (default `--rk-color-critical`).
 * @cssprop --rk-churn-average-color - Dashed line of the rolling average (default `--rk-color-primary`).
 * @cssprop --rk-color-critical - Default colour of the churn rate line (default #f44336).
 * @cssprop --rk-color-primary - Rolling average line, buttons and focus ring.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text and axis labels.
 * @cssprop --rk-color-border - Borders and grid lines.
 * @cssprop --rk-font-family - Font (also of the chart's labels).
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 */
export class ChurnChart extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, chartStyles, churnChartStyles];

  private readonly trend = new DataController<ChurnTrend>(this, {
    args: () => [this.monthCount],
    load: (client, signal) => client.churnTrend({ months: this.monthCount }, { signal }),
    isEmpty: (data) => data.months.length === 0,
  });

  private readonly plot = new ChartController<'line', number[], string>(this, {
    canvas: () => this.renderRoot.querySelector<HTMLCanvasElement>('canvas'),
    config: () => this.chartConfig(),
  });

  /** How many months to fetch, most recent last (1-36; default 6). */
  @property({ type: Number }) months = DEFAULT_MONTHS;

  /** The churn trend given by the page (no fetch). */
  @property({ attribute: false }) data: ChurnTrend | undefined;

  /** The data state: `idle`, `loading`, `error`, `empty` or `ready`. */
  get state(): DataState {
    return this.trend.state;
  }

  /** Loads the data again (what the retry button does). */
  reload(): Promise<void> {
    return this.trend.reload();
  }

  /** The Chart.js chart once drawn (undefined before Chart.js has loaded and after disconnection). */
  get chart(): Chart<'line', number[], string> | undefined {
    return this.plot.chart;
  }

  /** Resolves with the chart once it is drawn (undefined when there is nothing to draw). */
  get chartReady(): Promise<Chart<'line', number[], string> | undefined> {
    return this.updateComplete.then(() => this.plot.ready);
  }

  protected override liveFilter(): LiveFilter {
    // Nothing in the stream changes the trend but a `reset` (which always comes): ask for as little as possible.
    return { types: ['status_update'] };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) this.trend.set(this.data);
  }

  private get monthCount(): number {
    const n = Math.round(Number(this.months));
    return Number.isFinite(n) && n >= 1 ? Math.min(36, n) : DEFAULT_MONTHS;
  }

  private monthLabel(month: string, style: 'short' | 'long' = 'short'): string {
    try {
      return this.format.date(monthDate(month), { month: style, year: 'numeric', timeZone: 'UTC' });
    } catch {
      return month;
    }
  }

  /** A percentage given in percent: 1.25 → `1.3%` (in the element's locale). */
  private pct(value: number | null | undefined): string {
    if (value === null || value === undefined || !Number.isFinite(value)) return '—';
    return this.format.percent(value / 100, 1);
  }

  private chartConfig(): LineConfig | undefined {
    const data = this.trend.data;
    if (!data || data.months.length === 0 || this.trend.state !== 'ready') return undefined;
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const rtl = style.direction === 'rtl';
    const rate = read('--_rk-churn-rate', '#f44336');
    const average = read('--_rk-churn-average', '#1976d2');
    const text = read('--_rk-text-muted', '#5f6368');
    const grid = read('--_rk-border', '#dadce0');
    const surface = read('--_rk-surface', '#ffffff');
    const font = style.fontFamily;
    const months = data.months;
    const windowLabel = this.averageLabel(data);
    return {
      type: 'line',
      data: {
        labels: months.map((m) => this.monthLabel(m.month)),
        datasets: [
          {
            label: msg('Churn rate'),
            data: months.map((m) => m.churn_rate),
            borderColor: rate,
            backgroundColor: rate,
            pointBackgroundColor: rate,
            pointBorderColor: surface,
            pointRadius: 4,
            pointHoverRadius: 6,
            pointStyle: 'circle',
            borderWidth: 2.5,
            tension: 0.25,
          },
          {
            label: windowLabel,
            data: months.map((m) => m.rolling_average),
            borderColor: average,
            backgroundColor: average,
            pointBackgroundColor: average,
            pointBorderColor: surface,
            pointRadius: 3,
            pointHoverRadius: 5,
            pointStyle: 'rectRot',
            borderWidth: 2,
            borderDash: [6, 4],
            tension: 0.25,
          },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        locale: this.format.locale,
        font: { family: font },
        scales: {
          x: { ticks: { color: text, font: { family: font } }, grid: { color: grid } },
          y: {
            beginAtZero: true,
            ticks: { color: text, font: { family: font }, callback: (value) => this.pct(Number(value)) },
            grid: { color: grid },
            border: { color: grid },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            rtl,
            textDirection: rtl ? 'rtl' : 'ltr',
            callbacks: {
              label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${this.pct(item.parsed.y)}`,
              footer: (items: TooltipItem<'line'>[]) => {
                const month = months[items[0]?.dataIndex ?? -1];
                return month ? this.inLocale(() => this.churnedText(month)) : '';
              },
            },
          },
        },
      },
    };
  }

  private averageLabel(data: ChurnTrend): string {
    return Number.isFinite(data.window) && data.window > 0
      ? msg(str`${this.format.number(data.window)}-month rolling average`)
      : msg('Rolling average');
  }

  private churnedText(month: ChurnMonth): string {
    const [churned, total] = [this.format.number(month.churned), this.format.number(month.customers_at_start)];
    return msg(str`${churned} of ${total} customers churned`);
  }

  // ---- rendering ----

  protected override render() {
    const state = this.trend.state;
    const data = state === 'ready' ? this.trend.data : undefined;
    return renderFrame(this.trend, {
      title: msg('Monthly churn rate'),
      hasData: data !== undefined,
      skeleton: html`<div class="shape area"></div><div class="shape line"></div>`,
      loading: msg('Loading churn trend…'),
      failed: msg('the churn trend'),
      body: () => data && this.renderReady(data),
      empty: emptyMessage(msg('No churn data yet.')),
    });
  }

  private renderReady(data: ChurnTrend) {
    const months = data.months;
    const averageLabel = this.averageLabel(data);
    return html`
      <p part="summary" class="summary">${this.renderSummary(months, averageLabel)}</p>
      <ul part="legend" class="legend" aria-label=${msg('Legend')}>
        <li><span class="sample rate" aria-hidden="true"></span>${msg('Churn rate (solid line)')}</li>
        <li><span class="sample average" aria-hidden="true"></span>${msg(str`${averageLabel} (dashed line)`)}</li>
      </ul>
      <div part="plot" class="plot">
        <canvas part="canvas" aria-hidden="true"></canvas>
      </div>
      <div class="visually-hidden">
        <table part="table">
          <caption>${msg(str`Monthly churn rate and ${averageLabel.toLowerCase()}`)}</caption>
          <thead>
            <tr>
              <th scope="col">${msg('Month')}</th>
              <th scope="col">${msg('Churn rate')}</th>
              <th scope="col">${averageLabel}</th>
              <th scope="col">${msg('Churned / customers at start')}</th>
            </tr>
          </thead>
          <tbody>
            ${months.map(
              (m) => html`<tr>
                <th scope="row">${this.monthLabel(m.month, 'long')}</th>
                <td>${this.pct(m.churn_rate)}</td>
                <td>${this.pct(m.rolling_average)}</td>
                <td><bdi>${this.format.number(m.churned)} / ${this.format.number(m.customers_at_start)}</bdi></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private renderSummary(months: readonly ChurnMonth[], averageLabel: string) {
    const last = months[months.length - 1];
    if (!last) return nothing;
    const previous = months[months.length - 2];
    let trend = '';
    if (previous) {
      const diff = last.churn_rate - previous.churn_rate;
      const [rate, month] = [this.pct(previous.churn_rate), this.monthLabel(previous.month, 'long')];
      trend = Math.abs(diff) < 0.05 ? msg(str`Level with ${rate} in ${month}.`) : diff > 0 ? msg(str`Up from ${rate} in ${month}.`) : msg(str`Down from ${rate} in ${month}.`);
    }
    const [month, rate, churned, average] = [
      this.monthLabel(last.month, 'long'),
      html`<strong>${this.pct(last.churn_rate)}</strong>`,
      this.churnedText(last),
      html`<strong>${this.pct(last.rolling_average)}</strong>`,
    ];
    return html`${msg(html`In ${month} the churn rate was ${rate} (${churned}); ${averageLabel.toLowerCase()}: ${average}.`)} ${trend}`;
  }
}
