import { msg, str } from '@lit/localize';
import type { Chart, ChartConfiguration, Plugin, TooltipItem } from 'chart.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ChartController } from '../core/chart-controller';
import type { LiveFilter } from '../core/connection';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { emptyMessage, renderFrame } from '../core/frame';
import { HEALTH_BANDS } from '../core/status';
import { baseStyles, cardStyles, chartStyles, stateStyles } from '../core/styles';
import type { HealthHistory, HealthHistoryStep, HealthSnapshot } from '../core/types';
import { healthHistoryChartStyles } from './health-history-chart.styles';

type AreaConfig = ChartConfiguration<'line', number[], string>;

/** One account's snapshots as steps of one account each: its score as the average, its status counted once. */
function accountSteps(snapshots: readonly HealthSnapshot[]): HealthHistory {
  const steps = snapshots.map((s) => ({
    at: s.taken_at,
    accounts: 1,
    average_score: s.health_score,
    counts: { [s.status]: 1 } as HealthHistoryStep['counts'],
    low_coverage: s.coverage !== null && s.coverage < 0.5 ? 1 : 0,
    excluded: 0,
  }));
  return { from: steps[0]?.at ?? '', to: steps.at(-1)?.at ?? '', every_days: 0, min_coverage: 0, steps };
}

/** The status of a one-account step, in words. */
const statusLabel = (step: HealthHistoryStep) => HEALTH_BANDS.find((b) => (step.counts[b.status] ?? 0) > 0)?.label ?? '—';

/**
 * A step stands on thin data when at least this share of its accounts were scored on less than
 * half of the scorecard's weight (the server's `low_coverage`): young accounts with a login and no
 * support or NPS data yet, which fill the first weeks of a backfilled history.
 */
const THIN_SHARE = 0.25;

const isThin = (step: HealthHistoryStep) => step.accounts > 0 && step.low_coverage / step.accounts >= THIN_SHARE;

/** The thin-data plugin's options: the steps to mark and the theme's colours. */
interface ThinDataOptions {
  steps: readonly number[];
  veil: string;
  hatch: string;
}

/**
 * Lightens and hatches the thin steps' slices of the plot, over the areas. Stateless: it reads the
 * steps from the chart's options, which the controller replaces on every update.
 */
const thinDataBands: Plugin<'line', ThinDataOptions> = {
  id: 'rkThinData',
  afterDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea: area, scales } = chart;
    const x = scales.x;
    if (!x || !options.steps?.length) return;
    const count = chart.data.labels?.length ?? 0;
    const half = count > 1 ? Math.abs(x.getPixelForValue(1) - x.getPixelForValue(0)) / 2 : area.width / 2;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.width, area.height);
    ctx.clip();
    for (const index of options.steps) {
      const left = Math.max(area.left, x.getPixelForValue(index) - half);
      const right = Math.min(area.right, x.getPixelForValue(index) + half);
      ctx.fillStyle = options.veil;
      ctx.globalAlpha = 0.55;
      ctx.fillRect(left, area.top, right - left, area.height);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = options.hatch;
      ctx.lineWidth = 1;
      // The hatch lines start left of the slice; clipped to it, they fill it edge to edge.
      ctx.save();
      ctx.beginPath();
      ctx.rect(left, area.top, right - left, area.height);
      ctx.clip();
      ctx.beginPath();
      for (let start = left - area.height; start < right; start += 6) {
        ctx.moveTo(start, area.bottom);
        ctx.lineTo(start + area.height, area.top);
      }
      ctx.stroke();
      ctx.restore();
    }
    ctx.restore();
  },
};

const read = (style: CSSStyleDeclaration, name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;

const DAY = 86_400_000;
const DEFAULT_DAYS = 365;

/**
 * @summary The portfolio's health over time: live accounts per status at each step as stacked
 * areas in the five band colours, with a plain-text summary of the latest step (and the average
 * score then and at the first step) and a data table for screen readers. Steps that stand on thin
 * data are lightened and hatched, with a note under the chart.
 *
 * Three ways to feed it:
 * - `.data = {steps: […]}` (the body of `GET /api/customer-success/health-history`): no server at all;
 * - `.snapshots = health.history` (one account's snapshots, oldest first, from
 *   `GET /api/customer-success/health/{id}`): that account's score as a line over the five status
 *   bands, nothing fetched (what `<customer-detail>` shows);
 * - inside `<rk-provider>` (or with `api`/`token`): fetched for the last `days` days at steps of
 *   `every` (the server's default when not set), refreshed every `refresh-interval` seconds and
 *   on a live `reset`.
 *
 * Chart.js is loaded lazily, the first time there is a chart to draw. The canvas is hidden from
 * assistive technology: the summary and the visually hidden table carry the same numbers.
 *
 * @fires rk-error - Loading failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No health history yet." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the live/offline indicators.
 * @csspart title - "Portfolio health over time".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart plot - The box the chart fills (`position: relative`, height `--rk-chart-height`).
 * @csspart canvas - The chart's canvas (`aria-hidden`).
 * @csspart summary - The text summary of the latest step.
 * @csspart thin-note - The legend note under the chart when steps stand on thin data (a quarter or
 *   more of their accounts scored on less than half of the inputs): those steps are lightened and hatched.
 * @csspart table - The visually hidden data table.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-chart-height - Height of the chart (default 240px).
 * @cssprop --rk-color-excellent - Band 85-100 (default #4caf50).
 * @cssprop --rk-color-good - Band 70-84 (default #8bc34a).
 * @cssprop --rk-color-warning - Band 50-69 (default #ff9800).
 * @cssprop --rk-color-critical - Band 25-49 (default #f44336).
 * @cssprop --rk-color-churn-risk - Band 0-24 (default #d32f2f).
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text and axis labels.
 * @cssprop --rk-color-border - Borders and grid lines.
 * @cssprop --rk-font-family - Font (also of the chart's labels).
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 */
export class HealthHistoryChart extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, chartStyles, healthHistoryChartStyles];

  private readonly history = new DataController<HealthHistory>(this, {
    args: () => [this.dayCount, this.every ?? ''],
    load: (client, signal) =>
      client.healthHistory(
        { from: new Date(Date.now() - this.dayCount * DAY).toISOString().slice(0, 10), ...(this.every ? { every: this.every } : {}) },
        { signal },
      ),
    isEmpty: (data) => data.steps.length === 0,
  });

  private readonly plot = new ChartController<'line', number[], string>(this, {
    canvas: () => this.renderRoot.querySelector<HTMLCanvasElement>('canvas'),
    config: () => this.chartConfig(),
  });

  /** How many days back to fetch (1-3650; default 365). */
  @property({ type: Number }) days = DEFAULT_DAYS;

  /** The step between points, as the server takes it (`7d`); the server's default when not set. */
  @property() every: string | undefined;

  /** The history given by the page (no fetch). */
  @property({ attribute: false }) data: HealthHistory | undefined;

  /** One account's snapshots, oldest first: its score over the status bands instead of the portfolio (no fetch). */
  @property({ attribute: false }) snapshots: readonly HealthSnapshot[] | undefined;

  /** The data state: `idle`, `loading`, `error`, `empty` or `ready`. */
  get state(): DataState {
    return this.history.state;
  }

  /** Loads the data again (what the retry button does). */
  reload(): Promise<void> {
    return this.history.reload();
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
    // Nothing in the stream changes past steps but a `reset` (which always comes): ask for as little as possible.
    return { types: ['status_update'] };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data') || changed.has('snapshots')) this.history.set(this.snapshots ? accountSteps(this.snapshots) : this.data);
  }

  private get dayCount(): number {
    const n = Math.round(Number(this.days));
    return Number.isFinite(n) && n >= 1 ? Math.min(3650, n) : DEFAULT_DAYS;
  }

  /** A step's date; a date the browser cannot read is shown as sent. */
  private day(at: string): string {
    try {
      return this.format.date(at, { dateStyle: 'medium', timeZone: 'UTC' });
    } catch {
      return at;
    }
  }

  private score(value: number | null): string {
    return value === null || !Number.isFinite(value) ? '—' : this.format.number(value, { maximumFractionDigits: 1 });
  }

  private chartConfig(): AreaConfig | undefined {
    const data = this.history.data;
    if (!data || data.steps.length === 0 || this.history.state !== 'ready') return undefined;
    const style = getComputedStyle(this);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const rtl = style.direction === 'rtl';
    const text = read('--_rk-text-muted', '#5f6368');
    const grid = read('--_rk-border', '#dadce0');
    const font = style.fontFamily;
    const steps = data.steps;
    // Worst band at the bottom, so the accounts at risk sit on the axis.
    const bands = [...HEALTH_BANDS].reverse();
    const colorOf = (band: (typeof bands)[number]) => read(band.color.replace(/^var\((.*)\)$/, '$1'), '#888888');
    if (this.snapshots) return this.accountConfig(steps, bands.map((band) => ({ band, color: colorOf(band) })), { text, grid, font, rtl });
    const thin: ThinDataOptions = {
      steps: steps.flatMap((step, i) => (isThin(step) ? [i] : [])),
      veil: read('--_rk-surface', '#ffffff'),
      hatch: text,
    };
    return {
      type: 'line',
      plugins: [thinDataBands as unknown as Plugin<'line'>],
      data: {
        labels: steps.map((s) => this.day(s.at)),
        datasets: bands.map((band) => {
          // The band's colour is `var(--_rk-…)`: Chart.js needs the value.
          const color = read(band.color.replace(/^var\((.*)\)$/, '$1'), '#888888');
          return {
            label: band.label,
            data: steps.map((s) => s.counts[band.status] ?? 0),
            borderColor: color,
            backgroundColor: color,
            fill: true,
            pointRadius: 0,
            pointHoverRadius: 4,
            borderWidth: 1,
            tension: 0.2,
          };
        }),
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        locale: this.format.locale,
        font: { family: font },
        scales: {
          x: { ticks: { color: text, font: { family: font }, maxTicksLimit: 12 }, grid: { color: grid } },
          y: { stacked: true, beginAtZero: true, ticks: { color: text, font: { family: font }, precision: 0 }, grid: { color: grid }, border: { color: grid } },
        },
        plugins: {
          legend: { display: false },
          ...({ rkThinData: thin } as object),
          tooltip: {
            rtl,
            textDirection: rtl ? 'rtl' : 'ltr',
            callbacks: {
              label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${this.format.number(item.parsed.y ?? 0)}`,
              footer: (items: TooltipItem<'line'>[]) => {
                const step = steps[items[0]?.dataIndex ?? -1];
                const score = step ? this.score(step.average_score) : '';
                if (!step) return '';
                const average = this.inLocale(() => msg(str`Average score ${score}`));
                return isThin(step) ? [average, this.inLocale(() => msg('Thin data'))] : average;
              },
            },
          },
        },
      },
    };
  }

  /** One account: its score as a line over the five status bands (stacked apart from the line). */
  private accountConfig(
    steps: readonly HealthHistoryStep[],
    bands: ReadonlyArray<{ band: (typeof HEALTH_BANDS)[number]; color: string }>,
    look: { text: string; grid: string; font: string; rtl: boolean },
  ): AreaConfig {
    const { text, grid, font, rtl } = look;
    const line = read(getComputedStyle(this), '--_rk-text', '#202124');
    return {
      type: 'line',
      data: {
        labels: steps.map((s) => this.day(s.at)),
        datasets: [
          {
            label: msg('Health score'),
            data: steps.map((s) => s.average_score ?? 0),
            stack: 'score',
            borderColor: line,
            backgroundColor: line,
            fill: false,
            pointRadius: steps.length > 40 ? 0 : 2,
            borderWidth: 2,
            tension: 0.2,
          },
          ...bands.map(({ band, color }) => ({
            label: band.label,
            // Each band's height, stacked from the worst band up: its edges are the status thresholds.
            data: steps.map(() => (band.max === 100 ? 100 : band.max + 1) - band.min),
            stack: 'bands',
            borderColor: 'transparent',
            backgroundColor: /^#[0-9a-f]{6}$/i.test(color) ? `${color}33` : color,
            fill: true,
            pointRadius: 0,
            pointHoverRadius: 0,
            borderWidth: 0,
          })),
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        locale: this.format.locale,
        font: { family: font },
        scales: {
          x: { ticks: { color: text, font: { family: font }, maxTicksLimit: 8 }, grid: { color: grid } },
          y: { stacked: true, min: 0, max: 100, ticks: { color: text, font: { family: font }, stepSize: 25 }, grid: { color: grid }, border: { color: grid } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            rtl,
            textDirection: rtl ? 'rtl' : 'ltr',
            filter: (item: TooltipItem<'line'>) => item.datasetIndex === 0,
            callbacks: {
              label: (item: TooltipItem<'line'>) => {
                const step = steps[item.dataIndex];
                if (!step) return '';
                const score = this.score(step.average_score);
                return this.inLocale(() => msg(str`Health score ${score} (${statusLabel(step)})`));
              },
            },
          },
        },
      },
    };
  }

  // ---- rendering ----

  protected override render() {
    const state = this.history.state;
    const data = state === 'ready' ? this.history.data : undefined;
    if (this.snapshots) return this.renderAccount(state, data);
    return renderFrame(this.history, {
      title: msg('Portfolio health over time'),
      hasData: data !== undefined,
      skeleton: html`<div class="shape area"></div><div class="shape line"></div>`,
      loading: msg('Loading health history…'),
      failed: msg('the health history'),
      body: () => data && this.renderReady(data.steps),
      empty: emptyMessage(msg('No health history yet.')),
    });
  }

  private renderReady(steps: readonly HealthHistoryStep[]) {
    return html`
      <p part="summary" class="summary">${this.renderSummary(steps)}</p>
      <div part="plot" class="plot">
        <canvas part="canvas" aria-hidden="true"></canvas>
      </div>
      ${steps.some(isThin)
        ? html`<p part="thin-note" class="thin-note">
            <span class="hatched" aria-hidden="true"></span>${msg('Hatched: thin data, a quarter or more of the accounts scored on less than half of the inputs.')}
          </p>`
        : nothing}
      <div class="visually-hidden">
        <table part="table">
          <caption>${msg('Live accounts by health status and average score')}</caption>
          <thead>
            <tr>
              <th scope="col">${msg('Date')}</th>
              ${HEALTH_BANDS.map((b) => html`<th scope="col">${b.label}</th>`)}
              <th scope="col">${msg('Average score')}</th>
              <th scope="col">${msg('Scored on thin data')}</th>
            </tr>
          </thead>
          <tbody>
            ${steps.map(
              (s) => html`<tr>
                <th scope="row">${this.day(s.at)}</th>
                ${HEALTH_BANDS.map((b) => html`<td>${this.format.number(s.counts[b.status] ?? 0)}</td>`)}
                <td>${this.score(s.average_score)}</td>
                <td>${this.format.number(s.low_coverage)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  /** One account's trend: its own title, summary and table (date, score, status). */
  private renderAccount(state: DataState, data: HealthHistory | undefined) {
    return renderFrame(this.history, {
      title: msg('Health over time'),
      hasData: data !== undefined,
      skeleton: html`<div class="shape area"></div>`,
      loading: msg('Loading health history…'),
      failed: msg('the health history'),
      body: () =>
        data &&
        state === 'ready' &&
        html`
          <p part="summary" class="summary">${this.renderAccountSummary(data.steps)}</p>
          <div part="plot" class="plot"><canvas part="canvas" aria-hidden="true"></canvas></div>
          <div class="visually-hidden">
            <table part="table">
              <caption>${msg('Health score and status over time')}</caption>
              <thead>
                <tr>
                  <th scope="col">${msg('Date')}</th>
                  <th scope="col">${msg('Health score')}</th>
                  <th scope="col">${msg('Status')}</th>
                </tr>
              </thead>
              <tbody>
                ${data.steps.map((s) => html`<tr><th scope="row">${this.day(s.at)}</th><td>${this.score(s.average_score)}</td><td>${statusLabel(s)}</td></tr>`)}
              </tbody>
            </table>
          </div>
        `,
      empty: emptyMessage(msg('No health history yet.')),
    });
  }

  private renderAccountSummary(steps: readonly HealthHistoryStep[]) {
    const first = steps[0];
    const last = steps[steps.length - 1];
    if (!first || !last) return nothing;
    const [day, status] = [this.day(last.at), statusLabel(last)];
    const score = html`<strong>${this.score(last.average_score)}</strong>`;
    if (first === last) return msg(html`On ${day}: score ${score} (${status}).`);
    const [before, since] = [this.score(first.average_score), this.day(first.at)];
    return msg(html`On ${day}: score ${score} (${status}); ${before} on ${since}.`);
  }

  private renderSummary(steps: readonly HealthHistoryStep[]) {
    const first = steps[0];
    const last = steps[steps.length - 1];
    if (!first || !last) return nothing;
    const counts = HEALTH_BANDS.map((b) => `${this.format.number(last.counts[b.status] ?? 0)} ${b.label.toLowerCase()}`).join(', ');
    const day = this.day(last.at);
    const score = html`<strong>${this.score(last.average_score)}</strong>`;
    if (first === last) return msg(html`On ${day}: ${counts}; average score ${score}.`);
    const [before, since] = [this.score(first.average_score), this.day(first.at)];
    return msg(html`On ${day}: ${counts}; average score ${score} (${before} on ${since}).`);
  }
}
