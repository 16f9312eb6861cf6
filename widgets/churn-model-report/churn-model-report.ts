import { localized, msg, str } from '@lit/localize';
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ApiError } from '../core/api-client';
import { ChartController, chartTheme, type ChartTheme } from '../core/chart-controller';
import { churnFeatureName } from '../core/churn-drivers';
import type { LiveFilter } from '../core/connection';
import { DataController, type DataState } from '../core/data-controller';
import { booleanish, RkDataElement } from '../core/data-element';
import { RkErrorEvent } from '../core/events';
import { emptyMessage, renderFrame } from '../core/frame';
import { baseStyles, cardStyles, chartStyles, stateStyles } from '../core/styles';
import type { ChurnModelRun, ChurnModelRunList, ChurnScoreReport, MetricInterval } from '../core/types';
import { churnModelReportStyles } from './churn-model-report.styles';

/** A chart's point: x and y from 0 to 1. */
interface Point {
  x: number;
  y: number;
}

type CurveConfig = ChartConfiguration<'line', Point[], unknown>;

/** The charts of a run. */
export type ChurnReportChart = 'roc' | 'reliability' | 'gains';

/** Fewer churned test examples than this and a run is `insufficient_data` (docs/churn-model.md). */
export const MIN_TEST_CHURNERS = 30;

/** The test slice is the latest instants holding this share of the churn outcomes (sliceExamples). */
const TEST_SHARE_OF_OUTCOMES = 0.25;

/** Held out by account instead (`holdout: "accounts"`), the test is this share of the accounts. */
const TEST_SHARE_OF_ACCOUNTS = 0.2;

/** The false positive rates the ROC table reads each curve at. */
const ROC_READINGS = [0.05, 0.1, 0.2, 0.3, 0.5] as const;

/** One curve of a chart: the model or a baseline, with its line style (not colour alone). */
interface Curve {
  key: string;
  label: string;
  report: ChurnScoreReport;
  /** `--_rk-*` property of its colour. */
  color: string;
  dash: number[];
}

const CURVE_STYLES: readonly { color: string; dash: number[]; sample: string }[] = [
  { color: '--_rk-model-curve', dash: [], sample: 'solid' },
  { color: '--_rk-baseline-1', dash: [8, 4], sample: 'dashed' },
  { color: '--_rk-baseline-2', dash: [2, 3], sample: 'dotted' },
  { color: '--_rk-baseline-3', dash: [10, 3, 2, 3], sample: 'dash-dot' },
  { color: '--_rk-baseline-4', dash: [4, 4], sample: 'short-dashed' },
];

/** A baseline's name in words. */
export function baselineLabel(name: string): string {
  switch (name) {
    case 'health_score':
      return msg('100 − health score');
    case 'logistic-v1':
      return msg('Hand-set model (logistic-v1)');
    case 'days_since_login':
      return msg('Days since last login');
    default:
      return msg(str`Active model (${name})`);
  }
}

/**
 * The run a report shows: the one asked for by id, else the one scoring, else the newest that
 * succeeded, else the newest.
 */
export function chosenRun(runs: readonly ChurnModelRun[], id: number | undefined): ChurnModelRun | undefined {
  return (
    (id !== undefined ? runs.find((r) => r.id === id) : undefined) ??
    runs.find((r) => r.active) ??
    runs.find((r) => r.status === 'succeeded') ??
    runs[0]
  );
}

/** Churned test examples still missing for a run to be judged (0 when it has enough). */
export function churnersNeeded(run: ChurnModelRun): number {
  const have = run.metrics?.positives ?? run.counts?.test.churners ?? 0;
  return Math.max(0, MIN_TEST_CHURNERS - have);
}

/** The true positive rate of a ROC curve at a false positive rate: the best reached without exceeding it. */
export function truePositiveRateAt(roc: ChurnScoreReport['roc'], falsePositiveRate: number): number {
  let best = 0;
  for (const p of roc) if (p.falsePositiveRate <= falsePositiveRate + 1e-12) best = Math.max(best, p.truePositiveRate);
  return best;
}

/** One decile of the ranking: the share of churners captured so far, and the lift in the decile and so far. */
export interface DecileLift {
  /** Upper end of the decile as a share of the examples (0.1 = the top tenth). */
  share: number;
  lowerShare: number;
  captured: number;
  lift: number;
  cumulativeLift: number;
}

/** Lift by decile, from the gains curve (cumulative share of churners at each share of the ranking). */
export function decileLifts(gains: ChurnScoreReport['gains']): DecileLift[] {
  const points = [...gains].filter((p) => p.share > 0).sort((a, b) => a.share - b.share);
  let previous = { share: 0, captured: 0 };
  return points.map((p) => {
    const lift = (p.captured - previous.captured) / (p.share - previous.share);
    const row = { share: p.share, lowerShare: previous.share, captured: p.captured, lift, cumulativeLift: p.captured / p.share };
    previous = p;
    return row;
  });
}

const isRunning = (runs: readonly ChurnModelRun[]) => runs.some((r) => r.status === 'running');

/**
 * @summary How good is the churn model? The chosen training run's test metrics with their
 * bootstrap 95 % intervals (ROC AUC, PR AUC against the base rate, Brier score and skill,
 * top-decile lift against its ceiling, expected calibration error), each baseline's AUC and the
 * paired difference, the ROC curves of the model and the baselines, the reliability diagram, lift
 * and gains by decile, feature importance, and the list of training runs with the one that scores.
 *
 * Two ways to feed it:
 * - `.data` (the body of `GET /api/churn-models`): no server at all, nothing to change;
 * - inside `<rk-provider>` (or with `api`/`token`; csm or admin): fetched, polled every
 *   `poll-interval` seconds while a run is training, refreshed every `refresh-interval` seconds
 *   and on a live `reset`. With an admin token, "Train a new model" starts a run
 *   (`POST /api/churn-models`) and "Score with this model" activates the chosen one
 *   (`POST /api/churn-models/{id}/activate`); a refusal (403, 409) is said in words.
 *
 * A run with fewer than 30 churned test examples says how many more are needed; its figures are
 * still shown. A running run says so until it ends, a failed one shows its error.
 *
 * Every chart has its numbers as text: the canvases are `aria-hidden`, each followed by a table
 * (ROC: the true positive rate of each curve at a few false positive rates, reliability: each
 * bin, gains: lift by decile, shown); feature importance is a table with decorative bars. Chart.js
 * is loaded on first use. Below 480 px of its own width the sections stack and the tables wrap.
 *
 * @fires rk-error - Loading, training or activation failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No churn model has been trained yet." text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the live/offline indicators and the train button.
 * @csspart title - "Churn model".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart train-button - "Train a new model".
 * @csspart activate-button - "Score with this model".
 * @csspart action-message - What a train or activate request answered.
 * @csspart runs - The table of training runs.
 * @csspart run - One run's row.
 * @csspart run-button - The button choosing a run.
 * @csspart active-badge - "Scoring" beside the run that scores.
 * @csspart run-summary - The chosen run's family, horizon and counts.
 * @csspart running - The "training" message.
 * @csspart failed - A failed run's error.
 * @csspart insufficient - The insufficient-data message.
 * @csspart metrics - The metrics table.
 * @csspart baselines - The baselines table.
 * @csspart chart - Each chart's section.
 * @csspart legend - A chart's legend.
 * @csspart plot - The box a chart fills (`position: relative`, height `--rk-chart-height`).
 * @csspart canvas - A chart's canvas (`aria-hidden`).
 * @csspart table - A chart's table (visually hidden for ROC and reliability).
 * @csspart lift-table - Lift and gains by decile.
 * @csspart features - The feature importance table.
 * @csspart feature-bar - One feature's bar.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-chart-height - Height of each chart (default 240px).
 * @cssprop --rk-churn-model-color - The model's curve and feature bars (default `--rk-color-primary`).
 * @cssprop --rk-churn-baseline-1-color - First baseline's curve (default `--rk-color-secondary`).
 * @cssprop --rk-churn-baseline-2-color - Second baseline's curve (default `--rk-color-warning`).
 * @cssprop --rk-churn-baseline-3-color - Third baseline's curve (default `--rk-color-text-muted`).
 * @cssprop --rk-churn-baseline-4-color - The active model's curve, as a baseline (default `--rk-color-good`).
 * @cssprop --rk-color-primary - Buttons and focus ring.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-surface-variant - Bar track, skeleton, the chosen run.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text, axes, the diagonal.
 * @cssprop --rk-color-border - Borders and grid lines.
 * @cssprop --rk-color-error - Refusals and failed runs.
 * @cssprop --rk-font-family - Font (also of the charts' labels).
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 * @cssprop --rk-touch-target - Least size of buttons (default 44px).
 */
@localized()
export class ChurnModelReport extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, chartStyles, churnModelReportStyles];

  private readonly runs = new DataController<ChurnModelRunList>(this, {
    args: () => [],
    load: (client, signal) => client.churnModels({ signal }),
    isEmpty: (body) => body.data.length === 0,
  });

  private readonly charts = {
    roc: this.chartOf('roc', () => this.rocConfig()),
    reliability: this.chartOf('reliability', () => this.reliabilityConfig()),
    gains: this.chartOf('gains', () => this.gainsConfig()),
  };

  private pollTimer: ReturnType<typeof setTimeout> | undefined;

  /** The runs given by the page (the body of `GET /api/churn-models`; no fetch, no actions). */
  @property({ attribute: false }) data: ChurnModelRunList | undefined;

  /** The run shown; default the one scoring, else the newest that succeeded, else the newest. */
  @property({ attribute: 'run-id', type: Number, reflect: true }) runId: number | undefined;

  /** How many features the importance table lists, most important first (1-50; default 10). */
  @property({ attribute: 'top-features', type: Number }) topFeatures = 10;

  /** Seconds between checks while a run is training (2-600; default 5). */
  @property({ attribute: 'poll-interval', type: Number }) pollInterval = 5;

  /** No train and activate buttons (they show only with a server anyway). */
  @property({ attribute: 'read-only', reflect: true, converter: booleanish }) readOnly = false;

  @state() private pending: 'train' | 'activate' | undefined;
  @state() private actionMessage: { kind: 'error' | 'done'; text: string } | undefined;

  /** The data state: `idle`, `loading`, `error`, `empty` or `ready`. */
  get state(): DataState {
    return this.runs.state;
  }

  /** The run on screen, once loaded. */
  get run(): ChurnModelRun | undefined {
    return this.runs.state === 'ready' && this.runs.data ? chosenRun(this.runs.data.data, this.runId) : undefined;
  }

  /** Loads the runs again (what the retry button does). */
  reload(): Promise<void> {
    return this.runs.reload();
  }

  /** Resolves once the charts of the run on screen are drawn. */
  get chartsReady(): Promise<void> {
    return this.updateComplete.then(() => Promise.all(Object.values(this.charts).map((c) => c.ready))).then(() => undefined);
  }

  /** The Chart.js chart of `name`, once drawn. */
  chart(name: ChurnReportChart) {
    return this.charts[name].chart;
  }

  protected override liveFilter(): LiveFilter {
    // Nothing in the stream tells of a training run but a `reset` (which always comes): ask for as little as possible.
    return { types: ['status_update'] };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) this.runs.set(this.data);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.syncPolling();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  private chartOf(name: ChurnReportChart, config: () => CurveConfig | undefined) {
    return new ChartController<'line', Point[], unknown>(this, {
      canvas: () => this.renderRoot.querySelector<HTMLCanvasElement>(`canvas[data-chart="${name}"]`),
      config,
    });
  }

  /** While a run trains (and the runs come from a server), look again every `poll-interval` seconds. */
  private syncPolling(): void {
    const training = this.data === undefined && this.runs.state === 'ready' && isRunning(this.runs.data?.data ?? []);
    if (!training || !this.isConnected) {
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
      return;
    }
    if (this.pollTimer !== undefined) return;
    const seconds = Math.min(600, Math.max(2, Number(this.pollInterval) || 5));
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.runs.reload();
    }, seconds * 1000);
  }

  private get canAct(): boolean {
    return !this.readOnly && this.data === undefined && this.apiClient !== undefined;
  }

  // ---- actions ----

  private async train(): Promise<void> {
    const client = this.apiClient;
    if (!client || this.pending) return;
    this.pending = 'train';
    this.actionMessage = undefined;
    try {
      const started = await client.trainChurnModel({});
      this.runId = started.id;
      this.actionMessage = { kind: 'done', text: this.inLocale(() => msg('Training started. This report follows the run until it ends.')) };
      await this.runs.reload();
    } catch (error) {
      this.refused(error, () => ({
        403: msg('Only an admin can train a churn model.'),
        409: msg('A churn model is already being trained: wait for it to finish.'),
      }));
    } finally {
      this.pending = undefined;
    }
  }

  private async activate(run: ChurnModelRun): Promise<void> {
    const client = this.apiClient;
    if (!client || this.pending) return;
    this.pending = 'activate';
    this.actionMessage = undefined;
    try {
      const { rescored } = await client.activateChurnModel(run.id);
      const count = this.format.number(rescored);
      this.actionMessage = {
        kind: 'done',
        text: this.inLocale(() => (rescored === 1 ? msg(str`${run.version} now scores every account: 1 rescored.`) : msg(str`${run.version} now scores every account: ${count} rescored.`))),
      };
      await this.runs.reload();
    } catch (error) {
      this.refused(error, () => ({
        403: msg('Only an admin can choose the model that scores.'),
        409: msg('Only a run that succeeded has a model to score with.'),
      }));
    } finally {
      this.pending = undefined;
    }
  }

  /** Says why a request failed: a refusal (403, 409) in the element's words, anything else as the error says. */
  private refused(caught: unknown, byStatus: () => Record<403 | 409, string>): void {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    const status = error instanceof ApiError ? error.status : 0;
    const text = status === 403 || status === 409 ? this.inLocale(byStatus)[status] : error.message;
    this.actionMessage = { kind: 'error', text };
    this.emit(new RkErrorEvent(error));
  }

  private onRunClick(event: MouseEvent): void {
    const id = Number((event.target as Element).closest<HTMLElement>('button[data-run]')?.dataset.run);
    if (Number.isSafeInteger(id)) {
      this.runId = id;
      this.actionMessage = undefined;
    }
  }

  // ---- numbers ----

  private fixed(value: number | null | undefined, digits = 3): string {
    return value === null || value === undefined || !Number.isFinite(value)
      ? '—'
      : this.format.number(value, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  private range(interval: MetricInterval | null | undefined, digits = 3): string {
    if (!interval || interval.lower === null || interval.upper === null) return '—';
    return msg(str`${this.fixed(interval.lower, digits)} to ${this.fixed(interval.upper, digits)}`);
  }

  private pct(value: number, digits = 1): string {
    return this.format.percent(value, digits);
  }

  private times(value: number | null | undefined): string {
    return value === null || value === undefined || !Number.isFinite(value) ? '—' : msg(str`${this.fixed(value, 2)}×`);
  }

  private day(at: string): string {
    const t = Date.parse(at);
    return Number.isFinite(t) ? this.format.date(t, { dateStyle: 'medium', timeStyle: 'short' }) : at;
  }

  // ---- charts ----

  /** The model first, then each baseline, with their line styles. */
  private curves(run: ChurnModelRun): Curve[] {
    if (!run.metrics) return [];
    const curves: Curve[] = [{ key: 'model', label: msg(str`This model (${run.version})`), report: run.metrics, ...this.curveStyle(0) }];
    (run.baselines ?? []).forEach((b, i) => curves.push({ key: b.name, label: baselineLabel(b.name), report: b.metrics, ...this.curveStyle(i + 1) }));
    return curves;
  }

  private curveStyle(i: number): { color: string; dash: number[] } {
    const style = CURVE_STYLES[Math.min(i, CURVE_STYLES.length - 1)]!;
    return { color: style.color, dash: style.dash };
  }

  private shownReady(): ChurnModelRun | undefined {
    const run = this.run;
    return run?.status === 'succeeded' && run.metrics ? run : undefined;
  }

  private line(theme: ChartTheme, curve: Pick<Curve, 'label' | 'color' | 'dash'>, data: Point[], points = false) {
    const color = theme.read(curve.color, '#1976d2');
    return {
      label: curve.label,
      data,
      borderColor: color,
      backgroundColor: color,
      borderDash: curve.dash,
      borderWidth: curve.color === '--_rk-model-curve' ? 3 : 2,
      pointRadius: points ? 4 : 0,
      pointHoverRadius: points ? 6 : 3,
      pointBorderColor: theme.surface,
      tension: 0,
    };
  }

  private diagonal(theme: ChartTheme, label: string, max = 1) {
    return { ...this.line(theme, { label, color: '--_rk-text-muted', dash: [3, 3] }, [{ x: 0, y: 0 }, { x: max, y: max }]), borderWidth: 1 };
  }

  private curveConfig(theme: ChartTheme, datasets: CurveConfig['data']['datasets'], axes: { x: string; y: string; max?: number }, label: (p: Point) => string): CurveConfig {
    const max = axes.max ?? 1;
    const scale = (title: string) => ({
      type: 'linear' as const,
      min: 0,
      max,
      title: { display: true, text: title, color: theme.text, font: { family: theme.font } },
      ticks: { color: theme.text, font: { family: theme.font }, callback: (v: string | number) => this.pct(Number(v), 0) },
      grid: { color: theme.grid },
      border: { color: theme.grid },
    });
    return {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        locale: this.format.locale,
        font: { family: theme.font },
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: scale(axes.x), y: scale(axes.y) },
        plugins: {
          legend: { display: false },
          tooltip: {
            rtl: theme.rtl,
            textDirection: theme.rtl ? 'rtl' : 'ltr',
            callbacks: { label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${this.inLocale(() => label(item.raw as Point))}` },
          },
        },
      },
    };
  }

  private rocConfig(): CurveConfig | undefined {
    const run = this.shownReady();
    if (!run) return undefined;
    const theme = chartTheme(this);
    const datasets = this.curves(run).map((c) =>
      this.line(theme, c, c.report.roc.map((p) => ({ x: p.falsePositiveRate, y: p.truePositiveRate }))),
    );
    return this.curveConfig(theme, [...datasets, this.diagonal(theme, msg('Random ranking'))], { x: msg('False positive rate'), y: msg('True positive rate') }, (p) =>
      msg(str`${this.pct(p.y)} of churners at ${this.pct(p.x)} false alarms`),
    );
  }

  private reliabilityMax(report: ChurnScoreReport): number {
    const top = Math.max(0, ...(report.reliability ?? []).flatMap((b) => [b.meanPredicted, b.observedRate]));
    return Math.min(1, Math.max(0.1, Math.ceil(top * 10 - 1e-9) / 10));
  }

  private reliabilityConfig(): CurveConfig | undefined {
    const run = this.shownReady();
    const bins = run?.metrics?.reliability;
    if (!run?.metrics || !bins?.length) return undefined;
    const theme = chartTheme(this);
    const max = this.reliabilityMax(run.metrics);
    const model = this.line(theme, { label: msg('This model'), ...this.curveStyle(0) }, bins.map((b) => ({ x: b.meanPredicted, y: b.observedRate })), true);
    return this.curveConfig(theme, [model, this.diagonal(theme, msg('Perfect calibration'), max)], { x: msg('Predicted probability'), y: msg('Observed churn rate'), max }, (p) =>
      msg(str`predicted ${this.pct(p.x)}, observed ${this.pct(p.y)}`),
    );
  }

  private gainsConfig(): CurveConfig | undefined {
    const run = this.shownReady();
    if (!run) return undefined;
    const theme = chartTheme(this);
    const datasets = this.curves(run).map((c) =>
      this.line(theme, c, [{ x: 0, y: 0 }, ...[...c.report.gains].filter((p) => p.share > 0).sort((a, b) => a.share - b.share).map((p) => ({ x: p.share, y: p.captured }))], true),
    );
    return this.curveConfig(theme, [...datasets, this.diagonal(theme, msg('Random ranking'))], { x: msg('Share of accounts, riskiest first'), y: msg('Share of churners captured') }, (p) =>
      msg(str`${this.pct(p.y)} of churners in the riskiest ${this.pct(p.x, 0)}`),
    );
  }

  // ---- rendering ----

  protected override render() {
    const state = this.runs.state;
    const runs = state === 'ready' ? this.runs.data?.data : undefined;
    return renderFrame(this.runs, {
      title: msg('Churn model'),
      hasData: runs !== undefined,
      actions: this.canAct
        ? html`<button part="train-button" class="primary train" type="button" ?disabled=${this.pending !== undefined || isRunning(runs ?? [])} @click=${this.train}>
            ${this.pending === 'train' ? msg('Starting…') : msg('Train a new model')}
          </button>`
        : nothing,
      above: this.actionMessage
        ? html`<p part="action-message" class="action-message" data-kind=${this.actionMessage.kind} role=${this.actionMessage.kind === 'error' ? 'alert' : 'status'}>
            ${this.actionMessage.text}
          </p>`
        : nothing,
      skeleton: html`<div class="shape line"></div><div class="shape line short"></div><div class="shape area"></div>`,
      loading: msg('Loading the churn model…'),
      failed: msg('the churn model runs'),
      body: () => runs && this.renderReady(runs),
      empty: emptyMessage(msg('No churn model has been trained yet.')),
    });
  }

  private renderReady(runs: readonly ChurnModelRun[]) {
    const run = chosenRun(runs, this.runId);
    return html`
      ${run ? this.renderRun(run) : nothing}
      <section class="section runs-section" aria-labelledby="runs-title">
        <h3 class="section-title" id="runs-title">${msg('Training runs')}</h3>
        ${this.renderRuns(runs, run)}
      </section>
    `;
  }

  private renderRuns(runs: readonly ChurnModelRun[], shown: ChurnModelRun | undefined) {
    const status = (r: ChurnModelRun) => (r.status === 'running' ? msg('Training') : r.status === 'failed' ? msg('Failed') : r.insufficient_data ? msg('Too few churners') : msg('Succeeded'));
    return html`<div class="scroller" tabindex="0" role="region" aria-label=${msg('Training runs (scrollable table)')}>
      <table part="runs" class="runs" @click=${this.onRunClick}>
        <caption class="visually-hidden">${msg('Training runs, newest first; choose one to see its evidence')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Run')}</th>
            <th scope="col">${msg('Status')}</th>
            <th scope="col">${msg('Started')}</th>
            <th scope="col">${msg('Test ROC AUC')}</th>
          </tr>
        </thead>
        <tbody>
          ${runs.map(
            (r) => html`<tr part="run" data-run=${r.id} data-status=${r.status} aria-current=${r === shown ? 'true' : nothing}>
              <th scope="row">
                <button part="run-button" class="run-button" type="button" data-run=${r.id} aria-pressed=${r === shown ? 'true' : 'false'}>${r.version}</button>
                ${r.active ? html`<span part="active-badge" class="badge active">${msg('Scoring')}</span>` : nothing}
              </th>
              <td data-label=${msg('Status')}>${status(r)}</td>
              <td data-label=${msg('Started')}>${this.day(r.created_at)}</td>
              <td data-label=${msg('Test ROC AUC')} class="num">${this.fixed(r.metrics?.auc.estimate)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderRun(run: ChurnModelRun) {
    const heading = html`<h3 class="section-title run-title" id="run-title">
      ${msg(str`Run ${run.version}`)} ${run.active ? html`<span class="badge active">${msg('Scoring')}</span>` : nothing}
    </h3>`;
    if (run.status === 'running') {
      const started = this.format.relativeTime(run.created_at);
      return html`<section class="section" aria-labelledby="run-title">
        ${heading}
        <p part="running" class="running" role="status">
          <span class="spinner" aria-hidden="true"></span>${msg(str`Training since ${started}. This report shows the evidence when the run ends.`)}
        </p>
      </section>`;
    }
    if (run.status === 'failed') {
      return html`<section class="section" aria-labelledby="run-title">
        ${heading}
        <div part="failed" class="failed" role="alert">
          <p class="error-text">${msg('This run failed.')}</p>
          ${run.error ? html`<p class="detail">${run.error}</p>` : nothing}
        </div>
      </section>`;
    }
    const m = run.metrics;
    return html`<section class="section" aria-labelledby="run-title">
      <div class="run-head">
        ${heading}
        ${this.canAct && !run.active
          ? html`<button part="activate-button" class="activate" type="button" ?disabled=${this.pending !== undefined} @click=${() => void this.activate(run)}>
              ${this.pending === 'activate' ? msg('Activating…') : msg('Score with this model')}
            </button>`
          : nothing}
      </div>
      ${this.renderSummary(run)} ${run.insufficient_data ? this.renderInsufficient(run) : nothing}
      ${m
        ? html`<div class="grid tables">
              ${this.renderMetrics(m)} ${this.renderBaselines(run)}
            </div>
            <div class="grid charts">${this.renderRoc(run)} ${this.renderReliability(m)}</div>
            <div class="grid charts">${this.renderGains(run, m)} ${this.renderFeatures(run)}</div>`
        : nothing}
    </section>`;
  }

  private renderSummary(run: ChurnModelRun) {
    const family =
      run.model_family === 'gbdt'
        ? msg('boosted trees')
        : run.model_family === 'logistic'
          ? msg('logistic regression')
          : run.model_family === 'average'
            ? msg('the average of logistic regression and boosted trees')
            : '—';
    const horizon = this.format.number(run.horizon_days);
    const test = run.counts?.test;
    const train = run.counts?.train;
    return html`<p part="run-summary" class="note">
      ${msg(str`Chance of churning within ${horizon} days, by ${family}.`)}
      ${test && train
        ? msg(
            str`Measured on ${this.format.number(test.examples)} test examples (${this.format.number(test.churners)} churned, ${this.format.number(test.accounts)} accounts) after training on ${this.format.number(train.examples)}.`,
          )
        : nothing}
      ${run.holdout === 'accounts'
        ? msg('Tested on accounts held out of training, at the same dates: the history has too few churn outcomes before its latest windows to test on a later period.')
        : nothing}
      ${run.finished_at ? msg(str`Finished ${this.day(run.finished_at)}.`) : nothing}
    </p>`;
  }

  private renderInsufficient(run: ChurnModelRun) {
    const haveCount = run.metrics?.positives ?? run.counts?.test.churners ?? 0;
    const have = this.format.number(haveCount);
    const missing = churnersNeeded(run);
    const more = this.format.number(missing);
    const outcomes = this.format.number(Math.ceil(missing / TEST_SHARE_OF_OUTCOMES));
    const accounts = this.format.number(Math.ceil(missing / TEST_SHARE_OF_ACCOUNTS));
    const minimum = this.format.number(MIN_TEST_CHURNERS);
    return html`<div part="insufficient" class="insufficient" role="note">
      <p class="insufficient-title">${msg('Insufficient data')}</p>
      <p>
        ${haveCount === 1 ? msg('The test examples hold the outcome of 1 churned account.') : msg(str`The test examples hold the outcomes of ${have} churned accounts.`)}
        ${msg(str`At least ${minimum} are needed to judge the model: ${more} more.`)}
        ${run.holdout === 'accounts'
          ? msg(str`The test accounts are a fifth of all accounts: about ${accounts} more churned accounts in the history.`)
          : msg(str`The test period is the latest quarter of the churn outcomes: about ${outcomes} more churn outcomes in the history.`)}
        ${msg('The figures below are shown, but their intervals are wide; a run like this is not activated "if better".')}
      </p>
    </div>`;
  }

  private renderMetrics(m: ChurnScoreReport) {
    const rows: { key: string; label: string; value: string; interval: string; reference: string }[] = [
      { key: 'auc', label: msg('ROC AUC'), value: this.fixed(m.auc.estimate), interval: this.range(m.auc), reference: msg('0.5 is a coin toss, 1 a perfect ranking') },
      { key: 'pr-auc', label: msg('PR AUC'), value: this.fixed(m.prAuc.estimate), interval: this.range(m.prAuc), reference: msg(str`Base rate ${this.pct(m.baseRate)}`) },
      { key: 'brier', label: msg('Brier score'), value: this.fixed(m.brier?.estimate), interval: this.range(m.brier), reference: msg('Lower is better') },
      { key: 'brier-skill', label: msg('Brier skill'), value: this.fixed(m.brierSkill?.estimate), interval: this.range(m.brierSkill), reference: msg('0 is always predicting the base rate') },
      {
        key: 'lift',
        label: msg('Top-decile lift'),
        value: this.times(m.topDecileLift.estimate),
        interval: this.range(m.topDecileLift, 2),
        reference: msg(str`Ceiling ${this.times(m.liftCeiling)}`),
      },
      { key: 'ece', label: msg('Calibration error (ECE)'), value: this.fixed(m.ece?.estimate), interval: this.range(m.ece), reference: msg('At most 0.050 to be activated "if better"') },
    ];
    return html`<div class="scroller" tabindex="0" role="region" aria-label=${msg('Test metrics (scrollable table)')}>
      <table part="metrics" class="metrics">
        <caption>${msg(str`Test metrics with bootstrap 95 % intervals, ${this.format.number(m.examples)} examples`)}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Metric')}</th>
            <th scope="col">${msg('Estimate')}</th>
            <th scope="col">${msg('95 % interval')}</th>
            <th scope="col">${msg('Compare with')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr data-metric=${r.key}>
              <th scope="row">${r.label}</th>
              <td class="num" data-label=${msg('Estimate')}>${r.value}</td>
              <td class="num" data-label=${msg('95 % interval')}>${r.interval}</td>
              <td class="sub" data-label=${msg('Compare with')}>${r.reference}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderBaselines(run: ChurnModelRun) {
    const baselines = run.baselines ?? [];
    if (baselines.length === 0) return nothing;
    return html`<div class="scroller" tabindex="0" role="region" aria-label=${msg('Baselines (scrollable table)')}>
      <table part="baselines" class="baselines">
        <caption>${msg('The model against each baseline on the same test examples')}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Baseline')}</th>
            <th scope="col">${msg('ROC AUC')}</th>
            <th scope="col">${msg('Model − baseline (95 % interval)')}</th>
            <th scope="col">${msg('Model wins in')}</th>
          </tr>
        </thead>
        <tbody>
          ${baselines.map((b) => {
            const d = b.aucDifference;
            const share = d.shareAboveB;
            return html`<tr data-baseline=${b.name}>
              <th scope="row">${baselineLabel(b.name)}</th>
              <td class="num" data-label=${msg('ROC AUC')}>${this.fixed(b.metrics.auc.estimate)} <span class="sub">${this.range(b.metrics.auc)}</span></td>
              <td class="num" data-label=${msg('Model − baseline (95 % interval)')}>
                ${d.estimate === null ? '—' : this.format.signed(d.estimate, { minimumFractionDigits: 3, maximumFractionDigits: 3 })}
                <span class="sub">${this.range(d)}</span>
              </td>
              <td class="num" data-label=${msg('Model wins in')}>${share === null ? '—' : msg(str`${this.pct(share, 0)} of resamples`)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderLegend(curves: readonly Pick<Curve, 'key' | 'label'>[], extra: string) {
    return html`<ul part="legend" class="legend" aria-hidden="true">
      ${curves.map((c, i) => html`<li><span class="sample" data-curve=${String(Math.min(i, CURVE_STYLES.length - 1))}></span>${c.label}</li>`)}
      <li><span class="sample diagonal"></span>${extra}</li>
    </ul>`;
  }

  private renderChart(name: ChurnReportChart, title: string, description: unknown, legend: unknown, table: unknown) {
    return html`<figure part="chart" class="chart" data-chart=${name} aria-labelledby=${`${name}-title`}>
      <figcaption>
        <h4 class="chart-title" id=${`${name}-title`}>${title}</h4>
        <p class="note">${description}</p>
      </figcaption>
      ${legend}
      <div part="plot" class="plot"><canvas part="canvas" data-chart=${name} aria-hidden="true"></canvas></div>
      ${table}
    </figure>`;
  }

  private renderRoc(run: ChurnModelRun) {
    const curves = this.curves(run);
    return this.renderChart(
      'roc',
      msg('ROC curve'),
      msg('The share of churners caught against the share of false alarms, as the threshold falls: the model against the baselines.'),
      this.renderLegend(curves, msg('Random ranking')),
      html`<div class="visually-hidden">
        <table part="table">
          <caption>${msg('True positive rate of each score at a few false positive rates')}</caption>
          <thead>
            <tr>
              <th scope="col">${msg('Score')}</th>
              <th scope="col">${msg('ROC AUC')}</th>
              ${ROC_READINGS.map((f) => html`<th scope="col">${msg(str`At ${this.pct(f, 0)} false positives`)}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${curves.map(
              (c) => html`<tr>
                <th scope="row">${c.label}</th>
                <td>${this.fixed(c.report.auc.estimate)}</td>
                ${ROC_READINGS.map((f) => html`<td>${this.pct(truePositiveRateAt(c.report.roc, f))}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
    );
  }

  private renderReliability(m: ChurnScoreReport) {
    const bins = m.reliability ?? [];
    if (bins.length === 0) return nothing;
    return this.renderChart(
      'reliability',
      msg('Reliability diagram'),
      msg('The churn rate observed among test examples against the probability predicted for them, by tenths of probability: on the diagonal, the probabilities can be taken at their word.'),
      this.renderLegend([{ key: 'model', label: msg('This model') }], msg('Perfect calibration')),
      html`<div class="visually-hidden">
        <table part="table">
          <caption>${msg('Predicted against observed churn, by bin of predicted probability')}</caption>
          <thead>
            <tr>
              <th scope="col">${msg('Predicted probability')}</th>
              <th scope="col">${msg('Examples')}</th>
              <th scope="col">${msg('Mean predicted')}</th>
              <th scope="col">${msg('Observed churn rate')}</th>
            </tr>
          </thead>
          <tbody>
            ${bins.map(
              (b) => html`<tr>
                <th scope="row">${msg(str`${this.pct(b.lower, 0)} to ${this.pct(Math.min(1, b.lower + 0.1), 0)}`)}</th>
                <td>${this.format.number(b.count)}</td>
                <td>${this.pct(b.meanPredicted)}</td>
                <td>${this.pct(b.observedRate)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
    );
  }

  private renderGains(run: ChurnModelRun, m: ChurnScoreReport) {
    const deciles = decileLifts(m.gains);
    const top = Math.max(1, ...deciles.map((d) => d.lift));
    return this.renderChart(
      'gains',
      msg('Lift and gains by decile'),
      msg(str`The share of churners found by working down the model's ranking, riskiest first; the ceiling of the top decile's lift is ${this.times(m.liftCeiling)}.`),
      this.renderLegend(this.curves(run), msg('Random ranking')),
      html`<div class="scroller" tabindex="0" role="region" aria-label=${msg('Lift by decile (scrollable table)')}>
        <table part="lift-table" class="lift">
          <caption class="visually-hidden">${msg("Lift and cumulative gains of the model's ranking, by decile")}</caption>
          <thead>
            <tr>
              <th scope="col">${msg('Riskiest')}</th>
              <th scope="col">${msg('Churners captured')}</th>
              <th scope="col">${msg('Lift in the decile')}</th>
              <th scope="col">${msg('Cumulative lift')}</th>
            </tr>
          </thead>
          <tbody>
            ${deciles.map(
              (d) => html`<tr>
                <th scope="row">${msg(str`${this.pct(d.lowerShare, 0)} to ${this.pct(d.share, 0)}`)}</th>
                <td class="num" data-label=${msg('Churners captured')}>${this.pct(d.captured)}</td>
                <td class="num" data-label=${msg('Lift in the decile')}>
                  <div class="bar-cell">
                    <span class="value">${this.times(d.lift)}</span>
                    <span class="track" aria-hidden="true"><span class="bar" style=${styleMap({ inlineSize: `${Math.max(0, (d.lift / top) * 100)}%` })}></span></span>
                  </div>
                </td>
                <td class="num" data-label=${msg('Cumulative lift')}>${this.times(d.cumulativeLift)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
    );
  }

  private renderFeatures(run: ChurnModelRun) {
    const n = Math.min(50, Math.max(1, Math.round(Number(this.topFeatures)) || 10));
    const features = [...(run.features ?? [])].sort((a, b) => b.importance - a.importance).slice(0, n);
    if (features.length === 0) return nothing;
    const top = features[0]!.importance || 1;
    return html`<section part="chart" class="chart" aria-labelledby="features-title">
      <h4 class="chart-title" id="features-title">${msg('Feature importance')}</h4>
      <p class="note">
        ${features.length === 1
          ? msg("The feature that moved the test examples' log-odds most (mean absolute contribution).")
          : msg(str`The ${this.format.number(features.length)} features that moved the test examples' log-odds most (mean absolute contribution).`)}
      </p>
      <table part="features" class="features">
        <caption class="visually-hidden">${msg('Feature importance, most important first')}</caption>
        <thead class="visually-hidden">
          <tr>
            <th scope="col">${msg('Feature')}</th>
            <th scope="col">${msg('Mean absolute contribution to the log-odds')}</th>
          </tr>
        </thead>
        <tbody>
          ${features.map(
            (f) => html`<tr>
              <th scope="row" class="feature-name">${churnFeatureName(this.format, f.name)}</th>
              <td>
                <div class="bar-cell">
                  <span class="track" aria-hidden="true"><span part="feature-bar" class="bar" style=${styleMap({ inlineSize: `${Math.max(1, (f.importance / top) * 100)}%` })}></span></span>
                  <span class="value">${this.fixed(f.importance)}</span>
                </div>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }
}
