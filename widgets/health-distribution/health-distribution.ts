import { msg, str } from '@lit/localize';
import type { Chart, ChartConfiguration, TooltipItem } from 'chart.js';
import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ChartController } from '../core/chart-controller';
import type { LiveFilter } from '../core/connection';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { emptyMessage, renderFrame } from '../core/frame';
import { HEALTH_BANDS } from '../core/status';
import { baseStyles, cardStyles, chartStyles, stateStyles } from '../core/styles';
import { HEALTH_STATUSES, type HealthStatus, type Kpis } from '../core/types';
import { healthDistributionStyles } from './health-distribution.styles';

/** Customers per health status. */
export type HealthCounts = Record<HealthStatus, number>;

type DoughnutConfig = ChartConfiguration<'doughnut', number[], string>;

const DEFAULT_THROTTLE_SECONDS = 5;

/** The counts of a KPI response, or counts given as they are; missing or invalid counts are 0. */
export function healthCounts(data: Kpis | Partial<HealthCounts>): HealthCounts {
  const source: Partial<Record<string, unknown>> = 'distributions' in data ? (data.distributions?.health_status ?? {}) : data;
  return Object.fromEntries(
    HEALTH_STATUSES.map((status) => {
      const n = Number(source[status]);
      return [status, Number.isFinite(n) && n > 0 ? n : 0];
    }),
  ) as HealthCounts;
}

const totalOf = (counts: HealthCounts) => HEALTH_STATUSES.reduce((sum, s) => sum + counts[s], 0);

/**
 * @summary Customers by health status (excellent, good, warning, critical, churn risk) as a
 * doughnut, with a legend that gives every status's count and share in words.
 *
 * Two ways to feed it:
 * - `.data`: a KPI response (`GET /api/customer-success/kpis`) or just its
 *   `distributions.health_status` counts (`{excellent: 420, good: 510, …}`): no server at all;
 * - inside `<rk-provider>` (or with `api`/`token`): fetched from the KPI endpoint, refreshed every
 *   `refresh-interval` seconds, on a live `reset`, and (when live) after `customer_health_update`
 *   events, at most once every `live-throttle` seconds.
 *
 * Chart.js is loaded lazily, the first time there is a chart to draw, and destroyed when the
 * element leaves the page. The canvas is hidden from assistive technology: the legend list holds
 * the numbers, so colour is never the only signal.
 *
 * @fires rk-error - Loading failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No customers with a health score yet." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the live/offline indicators.
 * @csspart title - "Customer health".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart total - The number of customers.
 * @csspart plot - The box the doughnut fills (`position: relative`, height `--rk-chart-height`).
 * @csspart canvas - The chart's canvas (`aria-hidden`).
 * @csspart legend - The legend list.
 * @csspart legend-item - One status: swatch, name, count, share (`data-status`).
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-chart-height - Height of the doughnut (default 200px).
 * @cssprop --rk-color-excellent - Excellent (default #4caf50).
 * @cssprop --rk-color-good - Good (default #8bc34a).
 * @cssprop --rk-color-warning - Warning (default #ff9800).
 * @cssprop --rk-color-critical - Critical (default #f44336).
 * @cssprop --rk-color-churn-risk - Churn risk (default #d32f2f).
 * @cssprop --rk-color-primary - Buttons and focus ring.
 * @cssprop --rk-color-surface - Background and the gaps between segments.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 */
export class HealthDistribution extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, chartStyles, healthDistributionStyles];

  private readonly counts = new DataController<HealthCounts>(this, {
    args: () => [],
    load: async (client, signal) => healthCounts(await client.kpis({ signal })),
    isEmpty: (counts) => totalOf(counts) === 0,
  });

  private readonly plot = new ChartController<'doughnut', number[], string>(this, {
    canvas: () => this.renderRoot.querySelector<HTMLCanvasElement>('canvas'),
    config: () => this.chartConfig(),
  });

  private seenHealth: unknown;
  private lastHealth: unknown;
  private lastLiveRefetch = 0;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;

  /** A KPI response, or the health-status counts alone, given by the page (no fetch). */
  @property({ attribute: false }) data: Kpis | Partial<HealthCounts> | undefined;

  /** Live: the least number of seconds between two refetches caused by `customer_health_update` events (default 5). */
  @property({ attribute: 'live-throttle', type: Number }) liveThrottle = DEFAULT_THROTTLE_SECONDS;

  /** The data state: `idle`, `loading`, `error`, `empty` or `ready`. */
  get state(): DataState {
    return this.counts.state;
  }

  /** Loads the data again (what the retry button does). */
  reload(): Promise<void> {
    return this.counts.reload();
  }

  /** The Chart.js chart once drawn (undefined before Chart.js has loaded and after disconnection). */
  get chart(): Chart<'doughnut', number[], string> | undefined {
    return this.plot.chart;
  }

  /** Resolves with the chart once it is drawn (undefined when there is nothing to draw). */
  get chartReady(): Promise<Chart<'doughnut', number[], string> | undefined> {
    return this.updateComplete.then(() => this.plot.ready);
  }

  protected override liveFilter(): LiveFilter {
    return { types: ['customer_health_update'] };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    this.lastHealth = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) this.counts.set(this.data === undefined ? undefined : healthCounts(this.data));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // A health update arrived since the last render: refetch the counts, throttled.
    const seen = this.seenHealth;
    if (seen !== this.lastHealth) {
      const first = this.lastHealth === undefined;
      this.lastHealth = seen;
      if (!first && seen !== undefined) this.scheduleLiveRefetch();
    }
  }

  private scheduleLiveRefetch(): void {
    if (this.liveTimer !== undefined || this.data !== undefined) return;
    const throttle = Number.isFinite(this.liveThrottle) && this.liveThrottle >= 0 ? this.liveThrottle * 1000 : DEFAULT_THROTTLE_SECONDS * 1000;
    const run = () => {
      this.liveTimer = undefined;
      if (!this.isConnected || this.counts.state === 'loading' || this.counts.state === 'idle') return;
      this.lastLiveRefetch = Date.now();
      void this.counts.reload();
    };
    this.liveTimer = setTimeout(run, Math.max(0, this.lastLiveRefetch + throttle - Date.now()));
  }

  private chartConfig(): DoughnutConfig | undefined {
    const counts = this.counts.data;
    if (!counts || this.counts.state !== 'ready') return undefined;
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const rtl = style.direction === 'rtl';
    const colours = HEALTH_BANDS.map((b) => read(`--_rk-${b.status.replace('_', '-')}`, '#888888'));
    const surface = read('--_rk-surface', '#ffffff');
    const total = totalOf(counts);
    return {
      type: 'doughnut',
      data: {
        labels: HEALTH_BANDS.map((b) => b.label),
        datasets: [
          {
            label: msg('Customers'),
            data: HEALTH_BANDS.map((b) => counts[b.status]),
            backgroundColor: colours,
            hoverBackgroundColor: colours,
            borderColor: surface,
            hoverBorderColor: surface,
            borderWidth: 2,
          },
        ],
      },
      options: {
        cutout: '62%',
        locale: this.format.locale,
        plugins: {
          legend: { display: false },
          tooltip: {
            rtl,
            textDirection: rtl ? 'rtl' : 'ltr',
            callbacks: {
              label: (item: TooltipItem<'doughnut'>) => ` ${this.inLocale(() => this.countText(item.parsed))} (${this.share(item.parsed, total)})`,
            },
          },
        },
      },
    };
  }

  private share(count: number, total: number): string {
    return total > 0 ? this.format.percent(count / total, 1) : '—';
  }

  private countText(count: number): string {
    const n = this.format.number(count);
    return count === 1 ? msg('1 customer') : msg(str`${n} customers`);
  }

  // ---- rendering ----

  protected override render() {
    // Tracked read: a new health update re-renders, and `updated()` schedules the refetch.
    this.seenHealth = this.liveEnabled ? this.liveStore.health.get() : undefined;
    const state = this.counts.state;
    const counts = state === 'ready' ? this.counts.data : undefined;
    return renderFrame(this.counts, {
      title: msg('Customer health'),
      hasData: counts !== undefined,
      skeleton: html`<div class="shape area"></div><div class="shape line"></div><div class="shape line"></div>`,
      loading: msg('Loading customer health…'),
      failed: msg('the customer health distribution'),
      body: () => counts && this.renderReady(counts),
      empty: emptyMessage(msg('No customers with a health score yet.')),
    });
  }

  private totalText(total: number) {
    const n = html`<strong>${this.format.number(total)}</strong>`;
    return total === 1 ? msg(html`${n} customer`) : msg(html`${n} customers`);
  }

  private renderReady(counts: HealthCounts) {
    const total = totalOf(counts);
    return html`
      <p part="total" class="total">${this.totalText(total)}</p>
      <div class="layout">
        <div part="plot" class="plot">
          <canvas part="canvas" aria-hidden="true"></canvas>
        </div>
        <ul part="legend" class="legend" aria-label=${msg('Customers by health status')}>
          ${HEALTH_BANDS.map(
            (band) => html`<li part="legend-item" data-status=${band.status} style=${styleMap({ '--_rk-status-color': band.color })}>
              <span class="swatch" aria-hidden="true"></span>
              <span class="label">${band.label}</span>
              <span class="count"
                >${this.format.number(counts[band.status])}<span class="visually-hidden"> ${counts[band.status] === 1 ? msg('customer') : msg('customers')},</span></span
              >
              <span class="share">${this.share(counts[band.status], total)}</span>
            </li>`,
          )}
        </ul>
      </div>
    `;
  }
}
