import type { Chart, ChartConfiguration, ChartType, DefaultDataPoint } from 'chart.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ChartControllerOptions<TType extends ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown> {
  /** The canvas to draw on, usually from the shadow root; undefined while not rendered. */
  canvas: () => HTMLCanvasElement | null | undefined;
  /**
   * The chart's configuration, read after every host update. Return undefined while there is
   * nothing to draw. Responsive sizing is on, with `maintainAspectRatio: false`: give the
   * canvas's parent a height (and `position: relative`) and the chart follows it.
   */
  config: () => ChartConfiguration<TType, TData, TLabel> | undefined;
}

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Draws a Chart.js chart for a Lit element: loads Chart.js lazily (`chart-loader.ts`, only the
 * line and doughnut pieces), creates the chart on the first update that has a canvas and a
 * config, updates it in place after later updates, destroys it when the host disconnects. The
 * host updates when the page's colour scheme changes, so a config read from the theme follows it.
 *
 * ```ts
 * private chart = new ChartController(this, {
 *   canvas: () => this.renderRoot.querySelector('canvas'),
 *   config: () => this.data && { type: 'line', data: {…}, options: {…} },
 * });
 * render() { return html`<div class="plot"><canvas role="img" aria-label=…></canvas></div>`; }
 * ```
 */
export class ChartController<TType extends ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown> implements ReactiveController {
  /** The live chart, once created. */
  chart: Chart<TType, TData, TLabel> | undefined;

  private readonly host: ReactiveControllerHost;
  private readonly options: ChartControllerOptions<TType, TData, TLabel>;
  private generation = 0;
  private pending: Promise<Chart<TType, TData, TLabel> | undefined> | undefined;
  private colorScheme: MediaQueryList | undefined;
  private readonly onColorScheme = () => this.host.requestUpdate();

  constructor(host: ReactiveControllerHost, options: ChartControllerOptions<TType, TData, TLabel>) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** Resolves with the chart once drawn (undefined if the host disconnected first or there was nothing to draw). */
  get ready(): Promise<Chart<TType, TData, TLabel> | undefined> {
    return this.pending ?? Promise.resolve(this.chart);
  }

  hostConnected(): void {
    this.colorScheme = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
    this.colorScheme?.addEventListener('change', this.onColorScheme);
    // Re-created on the next update after a reconnection.
    this.host.requestUpdate();
  }

  hostUpdated(): void {
    const canvas = this.options.canvas();
    const config = canvas ? this.options.config() : undefined;
    if (!canvas || !config) {
      if (this.chart && (!canvas || this.chart.canvas !== canvas)) this.destroy();
      return;
    }
    if (this.chart && this.chart.canvas === canvas) {
      keepDatasets(this.chart.data, config.data);
      if (config.options) this.chart.options = withDefaults(config.options);
      this.chart.update(reducedMotion() ? 'none' : undefined);
      return;
    }
    this.destroy();
    const generation = ++this.generation;
    this.pending = import('./chart-loader').then(({ Chart: ChartClass }) => {
      if (generation !== this.generation || !canvas.isConnected) return undefined;
      const latest = this.options.config() ?? config;
      const full = { ...latest, options: withDefaults(latest.options ?? {}) } as unknown as ChartConfiguration;
      this.chart = new ChartClass(canvas, full) as unknown as Chart<TType, TData, TLabel>;
      return this.chart;
    });
    const settle = () => {
      if (generation === this.generation) this.pending = undefined;
    };
    this.pending.then(settle, (error: unknown) => {
      settle();
      console.error('retention-kit: could not draw the chart', error);
    });
  }

  hostDisconnected(): void {
    this.colorScheme?.removeEventListener('change', this.onColorScheme);
    this.destroy();
  }

  private destroy(): void {
    this.generation++;
    this.pending = undefined;
    this.chart?.destroy();
    this.chart = undefined;
  }
}

/**
 * Moves the new data into the chart's own dataset objects. Chart.js drops the drawn state of a
 * dataset object it no longer sees, so handing it new ones re-animated a live doughnut from zero
 * even when no count had changed; kept objects animate from where they are (not at all if equal).
 */
function keepDatasets<TType extends ChartType, TData, TLabel>(
  target: ChartConfiguration<TType, TData, TLabel>['data'],
  next: ChartConfiguration<TType, TData, TLabel>['data'],
): void {
  target.labels = next.labels;
  const kept = target.datasets;
  target.datasets = next.datasets.map((dataset, i) => {
    const old = kept[i];
    if (!old) return dataset;
    for (const key of Object.keys(old)) if (!(key in dataset)) delete (old as unknown as Record<string, unknown>)[key];
    return Object.assign(old, dataset);
  });
}

function withDefaults<T extends object>(options: T): T {
  return {
    responsive: true,
    maintainAspectRatio: false,
    ...(reducedMotion() ? { animation: false } : {}),
    ...options,
  };
}

/** The colours and direction a chart reads from its element's computed `--_rk-*` properties. */
export interface ChartTheme {
  /** A custom property's value, or `fallback` when unset. */
  read(name: string, fallback: string): string;
  rtl: boolean;
  /** Axis labels (`--_rk-text-muted`). */
  text: string;
  /** Grid lines (`--_rk-border`). */
  grid: string;
  /** Point borders (`--_rk-surface`). */
  surface: string;
  font: string;
}

/** Reads the theme of `element` now: call it in the controller's `config()`, so a theme change redraws. */
export function chartTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    read,
    rtl: style.direction === 'rtl',
    text: read('--_rk-text-muted', '#5f6368'),
    grid: read('--_rk-border', '#dadce0'),
    surface: read('--_rk-surface', '#ffffff'),
    font: style.fontFamily,
  };
}
