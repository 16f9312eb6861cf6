import { msg, str } from '@lit/localize';
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ApiError } from '../core/api-client';
import { churnDriverStyles, renderChurnDrivers } from '../core/churn-drivers';
import type { LiveFilter } from '../core/connection';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { RkToggleEvent } from '../core/events';
import { emptyMessage, renderFrame } from '../core/frame';
import { LiveItemController } from '../core/live-data';
import {
  bandForScore,
  bandForStatus,
  clampScore,
  DEFAULT_COMPONENT_WEIGHTS,
  HEALTH_BANDS,
  LIVE_HEALTH,
  missingInputs,
  orList,
  valueLabel,
  type HealthBand,
} from '../core/status';
import { baseStyles, cardStyles, stateStyles } from '../core/styles';
import type { CustomerHealth, CustomerHealthUpdate, HealthExplanation, HealthSnapshot, HealthStatus } from '../core/types';
import { healthGaugeStyles } from './health-gauge.styles';

/** What the gauge draws: a server response, possibly overlaid by a newer live update, or a bare score. */
interface GaugeView {
  score: number;
  status: HealthStatus;
  companyName: string | undefined;
  components: Record<string, number>;
  weights: Record<string, number>;
  change30d: number | null | undefined;
  /** Share 0-1 of the scorecard's weight that stood on data; undefined for a bare score. */
  coverage: number | undefined;
  unknownFactors: readonly string[];
  /** The score over time, oldest first: the response's history, then the score shown if newer. */
  trend: ReadonlyArray<{ at: string; score: number }>;
  explanation: HealthExplanation | null;
  /** The explanation belongs to an older score than the one shown (a live update came since). */
  explanationStale: boolean;
  updatedAt: string | undefined;
}

/** The score over the response's history, then the score shown when it is newer than the last snapshot. */
function trendOf(history: readonly HealthSnapshot[], shown: CustomerHealth): GaugeView['trend'] {
  const trend = history.map((s) => ({ at: s.taken_at, score: s.health_score }));
  const last = trend[trend.length - 1];
  if (!last || Date.parse(shown.last_updated) > Date.parse(last.at)) trend.push({ at: shown.last_updated, score: shown.health_score });
  return trend;
}

// Sparkline box, stretched to the dial's width.
const TREND_WIDTH = 120;
const TREND_HEIGHT = 28;

// Dial geometry: a half circle over the centre (100, 100), in a 200 × 108 box.
const CX = 100;
const CY = 100;
const R_BANDS = 88;
const R_VALUE = 70;
const arc = (r: number) => `M ${CX - r} ${CY} A ${r} ${r} 0 0 1 ${CX + r} ${CY}`;
const pointAt = (r: number, value: number) => {
  const angle = Math.PI * (1 - value / 100);
  return { x: CX + r * Math.cos(angle), y: CY - r * Math.sin(angle) };
};

/**
 * @summary A customer's health score 0-100 on a dial coloured by the five health bands, with its
 * status in words, its components and weights, the change over 30 days and, on demand, the
 * factor-by-factor explanation.
 *
 * Three ways to feed it:
 * - `score="72"`: a bare score, nothing fetched;
 * - `.data = {…}` (the body of `GET /api/customer-success/health/{id}`): no server at all;
 * - `customer-id="cust_123"`: fetched from the enclosing `<rk-provider>` (or the `api`/`token`
 *   attributes) and kept current by `customer_health_update` live events for that customer.
 *
 * @fires rk-error - Loading failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-toggle - The explanation opened or closed (`event.open`).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No health score yet" text.
 *
 * @csspart base - The card.
 * @csspart header - Title row with the live/offline indicators.
 * @csspart title - The company name (or "Health score").
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart gauge - The dial (`role="meter"`).
 * @csspart score - The number in the dial.
 * @csspart status - The status label with its colour swatch.
 * @csspart change - The 30-day change.
 * @csspart trend - The sparkline of the score over the history (`role="img"`, its label says where it went).
 * @csspart coverage - "Based on 40 % of the inputs: …", shown when the score stood on part of the data.
 * @csspart components - The component breakdown list.
 * @csspart component - One component row.
 * @csspart component-bar - One component's bar.
 * @csspart disclosure - The "Why this score?" button.
 * @csspart explanation - The explanation panel.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-gauge-size - Largest width of the dial (default 240px).
 * @cssprop --rk-gauge-track - Colour of the unfilled track and bars (default `--rk-color-surface-variant`).
 * @cssprop --rk-color-excellent - Band 85-100 (default #4caf50).
 * @cssprop --rk-color-good - Band 70-84 (default #8bc34a).
 * @cssprop --rk-color-warning - Band 50-69 (default #ff9800).
 * @cssprop --rk-color-critical - Band 25-49 (default #f44336).
 * @cssprop --rk-color-churn-risk - Band 0-24 (default #d32f2f).
 * @cssprop --rk-color-primary - Buttons and focus ring.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 */
export class HealthGauge extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, churnDriverStyles, healthGaugeStyles];

  private readonly health = new DataController<CustomerHealth>(this, {
    args: () => (this.customerId ? [this.customerId] : null),
    load: (client, signal) => client.health(this.customerId ?? '', { signal }),
    emptyOn: (error) => error instanceof ApiError && error.status === 404 && error.code === 'not_found',
  });

  /** The health with its customer's live updates laid over it. */
  private readonly liveHealth = new LiveItemController<CustomerHealth, CustomerHealthUpdate>(this, {
    ...LIVE_HEALTH,
    source: () => this.health,
    key: () => this.customerId ?? this.health.data?.customer_id,
  });

  /** A bare score 0-100, used when there is no `customer-id` and no `data`. */
  @property({ type: Number }) score: number | null | undefined;

  /** Fetch this customer's health and follow its live updates. */
  @property({ attribute: 'customer-id' }) customerId: string | undefined;

  /** The health response given by the page (no fetch). */
  @property({ attribute: false }) data: CustomerHealth | undefined;

  /** Whether the explanation is shown. */
  @property({ type: Boolean, reflect: true }) expanded = false;

  /** The data state: `idle`, `loading`, `error`, `empty` or `ready`. */
  get state(): DataState {
    return this.health.state;
  }

  /** Loads the data again (what the retry button does). */
  reload(): Promise<void> {
    return this.health.reload();
  }

  protected override liveFilter(): LiveFilter {
    return { types: ['customer_health_update'], ...(this.customerId ? { accountIds: [this.customerId] } : {}) };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) this.health.set(this.data);
  }

  private view(): GaugeView | undefined {
    const data = this.health.data;
    const shown = this.liveHealth.value;
    const update = this.liveHealth.event;
    if (data && shown) {
      const weights = Object.fromEntries(
        Object.keys(data.components).map((key) => [key, data.explanation?.components[key]?.weight ?? DEFAULT_COMPONENT_WEIGHTS[key] ?? NaN]),
      );
      return {
        score: shown.health_score,
        // A churned account shows its last score in the colour of the last band before a churn.
        status: shown.status === 'churned' ? 'churn_risk' : shown.status,
        companyName: shown.company_name,
        components: shown.components,
        weights,
        change30d: shown.change_30d,
        coverage: shown.coverage ?? undefined,
        unknownFactors: shown.unknown_factors,
        trend: trendOf(data.history, shown),
        // The gauge keeps the explanation of the response, with a note when a live update moved the score.
        explanation: data.explanation,
        explanationStale: shown.health_score !== data.health_score,
        updatedAt: shown.last_updated,
      };
    }
    if (update && this.health.state !== 'loading' && this.health.state !== 'error') {
      return {
        score: update.health_score,
        status: update.status,
        companyName: update.company_name,
        components: update.components,
        weights: Object.fromEntries(Object.keys(update.components).map((k) => [k, DEFAULT_COMPONENT_WEIGHTS[k] ?? NaN])),
        change30d: undefined,
        coverage: update.coverage,
        unknownFactors: update.unknown_factors,
        trend: [],
        explanation: null,
        explanationStale: false,
        updatedAt: update.computed_at,
      };
    }
    if (typeof this.score === 'number' && Number.isFinite(this.score) && this.health.state === 'idle') {
      const score = Math.round(clampScore(this.score));
      return {
        score,
        status: bandForScore(score).status,
        companyName: undefined,
        components: {},
        weights: {},
        change30d: undefined,
        coverage: undefined,
        unknownFactors: [],
        trend: [],
        explanation: null,
        explanationStale: false,
        updatedAt: undefined,
      };
    }
    return undefined;
  }

  // ---- handlers ----

  private toggle(): void {
    this.expanded = !this.expanded;
    this.emit(new RkToggleEvent(this.expanded));
  }

  // ---- rendering ----

  protected override render() {
    const state = this.health.state;
    const view = state === 'loading' || state === 'error' ? undefined : this.view();
    return renderFrame(this.health, {
      title: view?.companyName ?? msg('Health score'),
      hasData: view !== undefined,
      skeleton: html`<div class="shape arc"></div><div class="shape line"></div><div class="shape line"></div>`,
      loading: msg('Loading health score…'),
      failed: msg('the health score'),
      body: () => view && this.renderReady(view),
      empty: emptyMessage(msg('No health score yet.')),
    });
  }

  private renderReady(view: GaugeView) {
    const band = bandForStatus(view.status);
    const components = Object.entries(view.components);
    return html`
      <div class="layout">
        <div class="dial">
          ${this.renderDial(view, band)}
          <div part="status" class="status" data-status=${band.status} style=${styleMap({ '--_rk-status-color': band.color })}>
            <span class="swatch" aria-hidden="true"></span>${band.label}
          </div>
          ${this.renderChange(view.change30d)} ${this.renderTrend(view.trend)} ${this.renderCoverage(view)}
          ${view.updatedAt
            ? html`<p class="updated">${msg(html`Updated ${html`<time datetime=${view.updatedAt}>${this.format.relativeTime(view.updatedAt)}</time>`}`)}</p>`
            : nothing}
        </div>
        ${components.length > 0 || view.explanation
          ? html`<div class="details">
              ${components.length > 0 ? this.renderComponents(components, view.weights) : nothing}
              ${view.explanation ? this.renderExplanation(view) : nothing}
            </div>`
          : nothing}
      </div>
    `;
  }

  private renderDial(view: GaugeView, band: HealthBand) {
    const marker = pointAt(R_VALUE, view.score);
    const company = view.companyName;
    const label = company ? msg(str`Health score of ${company}`) : msg('Health score');
    const score = this.format.number(view.score);
    const status = band.label;
    return html`
      <div
        part="gauge"
        class="gauge"
        role="meter"
        aria-label=${label}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${view.score}
        aria-valuetext=${msg(str`${score} of 100, ${status}`)}
      >
        <svg viewBox="0 -4 200 112" aria-hidden="true" focusable="false">
          ${HEALTH_BANDS.map((b) => {
            const end = Math.min(100, b.max + 1);
            return svg`<path class="band" data-status=${b.status} d=${arc(R_BANDS)} pathLength="100" fill="none"
              stroke=${b.color} stroke-width="6" stroke-dasharray=${`${end - b.min} 100`} stroke-dashoffset=${-b.min}></path>`;
          })}
          <path class="track" d=${arc(R_VALUE)} pathLength="100" fill="none" stroke-width="18"></path>
          <path class="value" d=${arc(R_VALUE)} pathLength="100" fill="none" stroke=${band.color} stroke-width="18"
            stroke-dasharray=${`${view.score} 100`}></path>
          <circle class="marker" cx=${marker.x.toFixed(2)} cy=${marker.y.toFixed(2)} r="6"></circle>
        </svg>
        <div class="readout"><span part="score" class="score">${this.format.number(view.score)}</span><span class="of"> / 100</span></div>
      </div>
    `;
  }

  private renderChange(change: number | null | undefined) {
    if (change === undefined) return nothing;
    let text: TemplateResult;
    if (change === null) text = html`${msg('No score from 30 days ago')}`;
    else if (change === 0) text = msg(html`<strong>No change</strong> against 30 days ago`);
    else {
      const arrow = change > 0 ? '▲' : '▼';
      const value = html`<bdi>${this.format.signed(change, { maximumFractionDigits: 1 })}</bdi>`;
      text = html`<span aria-hidden="true">${arrow} </span>${change > 0
        ? msg(html`<strong>${value}</strong> up against 30 days ago`)
        : msg(html`<strong>${value}</strong> down against 30 days ago`)}`;
    }
    return html`<p part="change" class="change">${text}</p>`;
  }

  /** A sparkline of the score over the history, from two points on; its text alternative says where it went. */
  private renderTrend(trend: GaugeView['trend']) {
    const first = trend[0];
    const last = trend[trend.length - 1];
    if (!first || !last || trend.length < 2) return nothing;
    const start = Date.parse(first.at);
    const span = Math.max(1, Date.parse(last.at) - start);
    const points = trend
      .map((p) => `${(((Date.parse(p.at) - start) / span) * TREND_WIDTH).toFixed(1)},${(TREND_HEIGHT - (clampScore(p.score) / 100) * TREND_HEIGHT).toFixed(1)}`)
      .join(' ');
    const f = this.format;
    const day = (at: string) => f.date(at, { dateStyle: 'medium' });
    const [from, fromDay, to, toDay] = [f.number(first.score), day(first.at), f.number(last.score), day(last.at)];
    const label = msg(str`Score trend: ${from} on ${fromDay} to ${to} on ${toDay}`);
    return html`<svg part="trend" class="trend" role="img" aria-label=${label} viewBox=${`0 -2 ${TREND_WIDTH} ${TREND_HEIGHT + 4}`}
      preserveAspectRatio="none" style=${styleMap({ '--_rk-status-color': bandForScore(last.score).color })}>
      ${svg`<polyline points=${points} fill="none" stroke-width="2" vector-effect="non-scaling-stroke"></polyline>`}
    </svg>`;
  }

  /** Only for a score that stood on part of the data: how much, and what was missing. */
  private renderCoverage(view: GaugeView) {
    const coverage = view.coverage;
    if (coverage === undefined || !Number.isFinite(coverage) || coverage >= 1) return nothing;
    const missing = missingInputs(view.unknownFactors);
    const share = this.format.percent(Math.max(0, coverage));
    const inputs = orList(missing);
    return html`<p part="coverage" class="coverage">
      ${missing.length > 0 ? msg(str`Based on ${share} of the inputs: no ${inputs} data yet`) : msg(str`Based on ${share} of the inputs`)}
    </p>`;
  }

  private renderComponents(components: [string, number][], weights: Record<string, number>) {
    return html`
      <p class="section-title" id="components-title">${msg('Components')}</p>
      <ul part="components" class="components" aria-labelledby="components-title">
        ${components.map(([key, value]) => {
          const weight = weights[key];
          const score = clampScore(value);
          return html`<li part="component" class="component" data-component=${key}
            style=${styleMap({ '--_rk-status-color': bandForScore(score).color })}>
            <span class="name">${valueLabel(key)} ${weight !== undefined && Number.isFinite(weight)
              ? html`<span class="weight">${msg(str`(${this.format.percent(weight)} weight)`)}</span>`
              : nothing}</span>
            <span class="points">${this.format.number(value, { maximumFractionDigits: 1 })}</span>
            <span part="component-bar" class="bar" aria-hidden="true"><span style=${styleMap({ width: `${score}%` })}></span></span>
          </li>`;
        })}
      </ul>
    `;
  }

  private renderExplanation(view: GaugeView) {
    const explanation = view.explanation;
    if (!explanation) return nothing;
    const f = this.format;
    const pts = (n: number) => f.number(n, { maximumFractionDigits: 1 });
    return html`
      <button
        part="disclosure"
        class="disclosure"
        type="button"
        aria-expanded=${this.expanded ? 'true' : 'false'}
        aria-controls="explanation"
        @click=${this.toggle}
      >
        <span class="chevron" aria-hidden="true">▸</span>${msg('Why this score?')}
      </button>
      <div part="explanation" id="explanation" class="explanation" ?hidden=${!this.expanded}>
        ${view.explanationStale
          ? html`<p class="note">${msg(str`This explanation is of the score of ${f.date(view.updatedAt ?? Date.now(), { dateStyle: 'medium', timeStyle: 'short' })} before the latest live update.`)}</p>`
          : nothing}
        ${Object.entries(explanation.components).map(([key, component]) =>
          component
            ? html`<div class="table-scroll">
                <table data-component=${key}>
                  <caption>
                    ${valueLabel(key)}: <bdi>${pts(component.score)} × ${f.percent(component.weight)} = ${msg(str`${pts(component.weighted)} points`)}</bdi>
                  </caption>
                  <thead>
                    <tr><th scope="col">${msg('Factor')}</th><th scope="col" class="num">${msg('Value')}</th><th scope="col" class="num">${msg('Points')}</th></tr>
                  </thead>
                  <tbody>
                    ${component.contributions.map(
                      (c) => html`<tr>
                        <td><span dir="auto">${c.label}</span> ${c.capped ? html`<span class="note">${msg('(capped)')}</span>` : nothing}</td>
                        <td class="num">${c.value === null ? '—' : pts(c.value)}</td>
                        <td class="num">${f.signed(c.points, { maximumFractionDigits: 1 })} <span class="note">${msg(str`of ${pts(c.max_points)}`)}</span></td>
                      </tr>`,
                    )}
                  </tbody>
                </table>
                ${component.clamped ? html`<p class="note">${msg("The factors' sum was held to the 0-100 range.")}</p>` : nothing}
              </div>`
            : nothing,
        )}
        <p>${msg(html`Weighted sum ${pts(explanation.overall.weighted_sum)}, rounded to <strong>${explanation.overall.rounded}</strong>.`)}</p>
        ${this.health.data ? renderChurnDrivers(f, this.health.data, { id: 'churn-drivers', withProbability: true }) : nothing}
      </div>
    `;
  }
}
