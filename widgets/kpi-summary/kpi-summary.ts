import { msg } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { LiveFilter } from '../core/connection';
import { DataController, type DataState } from '../core/data-controller';
import { RkDataElement } from '../core/data-element';
import { emptyMessage, renderFrame } from '../core/frame';
import { baseStyles, cardStyles, stateStyles } from '../core/styles';
import type { FinanceSummary, Kpis } from '../core/types';
import { kpiSummaryStyles } from './kpi-summary.styles';

/** What `.data` takes: the KPI response and, optionally, the finance summary. */
export interface KpiSummaryData {
  kpis: Kpis;
  /** Without it MRR and LTV:CAC come from the KPI response, in US dollars. */
  finance?: FinanceSummary | null;
}

/** The cards, in order. */
export const KPI_KEYS = [
  'total_customers',
  'active_customers',
  'avg_health_score',
  'at_risk_customers',
  'monthly_recurring_revenue',
  'ltv_cac_ratio',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

interface Card {
  key: KpiKey;
  label: string;
  value: string;
  /** Change against 30 days ago; null when unknown. */
  delta: number | null;
  /** Formats a change (with its sign). */
  formatDelta: (change: number) => string;
  /** Whether a rise is good news (colours the arrow; the words say the direction). */
  higherIsBetter: boolean;
}

/**
 * @summary The headline figures of customer success: total and active customers, average health
 * score, at-risk customers, MRR and LTV:CAC, each with its change over 30 days.
 *
 * Two ways to feed it:
 * - `.data = {kpis, finance}`: the bodies of `GET /api/customer-success/kpis` and
 *   `GET /api/finance/summary` (finance optional): no server at all;
 * - inside `<rk-provider>` (or with `api`/`token`): fetched from both endpoints, refreshed every
 *   `refresh-interval` seconds and on a live `reset`.
 *
 * The cards form a grid that follows the element's own width (container queries): one column
 * below 420 px, two up to 640 px, three up to 1000 px, six above. Every change is given as an
 * arrow, a signed number and words ("up", "down", "no change", "unknown"): colour is never the
 * only signal. Numbers and money follow `locale`.
 *
 * @fires rk-error - Loading failed (`event.error`, an ApiError for server and network failures).
 * @fires rk-live-status - Standalone with `enable-live`: the widget's own connection changed state.
 *
 * @slot empty - Replaces the "No customers yet." text.
 *
 * @csspart base - The card around the grid.
 * @csspart header - Title row with the live/offline indicators.
 * @csspart title - "Customer success KPIs".
 * @csspart live-indicator - "Live" badge while live events arrive.
 * @csspart offline-indicator - "Offline" badge while the last data is shown without a connection.
 * @csspart grid - The list of KPI cards.
 * @csspart kpi - One KPI card (`data-kpi` names it, e.g. `monthly_recurring_revenue`).
 * @csspart label - A card's name.
 * @csspart value - A card's figure.
 * @csspart delta - A card's 30-day change (`data-trend`: up, down, flat, unknown; `data-tone`: positive, negative, neutral).
 * @csspart note - The note shown when the finance summary could not be loaded.
 * @csspart skeleton - The loading placeholder.
 * @csspart error - The error message block.
 * @csspart retry - The retry button.
 * @csspart empty - The empty-state message.
 *
 * @cssprop --rk-kpi-min-height - Least height of a card (default 6.5em).
 * @cssprop --rk-color-trend-positive - Arrow of good news (default #2e7d32 / dark #81c784).
 * @cssprop --rk-color-trend-negative - Arrow of bad news (default #c62828 / dark #ef9a9a).
 * @cssprop --rk-color-primary - Buttons and focus ring.
 * @cssprop --rk-color-surface - Background.
 * @cssprop --rk-color-text - Text.
 * @cssprop --rk-color-text-muted - Labels and secondary text.
 * @cssprop --rk-color-border - Borders.
 * @cssprop --rk-font-family - Font.
 * @cssprop --rk-spacing - Padding and gaps (default 16px).
 * @cssprop --rk-radius - Corner radius (default 8px).
 */
export class KpiSummary extends RkDataElement {
  static override styles = [baseStyles, cardStyles, stateStyles, kpiSummaryStyles];

  private readonly kpis = new DataController<Kpis>(this, {
    args: () => [],
    load: (client, signal) => client.kpis({ signal }),
    isEmpty: (kpis) => !(kpis.overview?.total_customers > 0),
  });

  private readonly finance = new DataController<FinanceSummary>(this, {
    // With page data the finance summary is whatever the page gave: never fetched.
    args: () => (this.data ? null : []),
    load: (client, signal) => client.financeSummary({ signal }),
  });

  /** The KPI response and finance summary given by the page (no fetch). */
  @property({ attribute: false }) data: KpiSummaryData | undefined;

  /** The combined data state: `loading` while either source loads, `error` when the KPIs failed, else the KPIs' state. */
  get state(): DataState {
    const k = this.kpis.state;
    const f = this.finance.state;
    if (k === 'loading' || f === 'loading') return 'loading';
    return k;
  }

  /** Loads what failed (or everything) again; what the retry button does. */
  reload(): Promise<void> {
    const failed = [this.kpis, this.finance].filter((c) => c.state === 'error');
    return Promise.all((failed.length > 0 ? failed : [this.kpis, this.finance]).map((c) => c.reload())).then(() => undefined);
  }

  protected override liveFilter(): LiveFilter {
    // The figures are refetched on a `reset` (which always comes) and by `refresh-interval`.
    return { types: ['status_update'] };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('data')) {
      this.kpis.set(this.data?.kpis);
      this.finance.set(this.data?.finance ?? undefined);
    }
  }

  private cards(kpis: Kpis, finance: FinanceSummary | undefined): Card[] {
    const f = this.format;
    const count = (n: number) => f.number(n);
    const signedCount = (n: number) => f.signed(n, { maximumFractionDigits: 0 });
    const currency = finance?.currency ?? 'USD';
    // An unknown currency code makes Intl throw: then the number and the code as text.
    const inCurrency = (n: number, options: Intl.NumberFormatOptions) => {
      try {
        return f.currency(n, currency, options);
      } catch {
        return `${f.number(n, { maximumFractionDigits: 0, ...options })} ${String(currency)}`;
      }
    };
    const money = (n: number) => inCurrency(n, {});
    const signedMoney = (n: number) => inCurrency(n, { signDisplay: 'exceptZero' });
    const mrr = finance?.mrr ?? kpis.financial_metrics?.monthly_recurring_revenue;
    const ltvCac = finance ? finance.ltv_cac_ratio : kpis.financial_metrics?.ltv_cac_ratio;
    const health = kpis.health_metrics?.avg_health_score;
    const deltas = kpis.deltas ?? ({} as Partial<Kpis['deltas']>);
    const known = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
    const show = (n: number | null | undefined, fmt: (n: number) => string) => {
      const v = known(n);
      return v === null ? '—' : fmt(v);
    };
    return [
      {
        key: 'total_customers',
        label: msg('Total customers'),
        value: show(kpis.overview.total_customers, count),
        delta: known(deltas.total_customers),
        formatDelta: signedCount,
        higherIsBetter: true,
      },
      {
        key: 'active_customers',
        label: msg('Active customers'),
        value: show(kpis.overview.active_customers, count),
        delta: known(deltas.active_customers),
        formatDelta: signedCount,
        higherIsBetter: true,
      },
      {
        key: 'avg_health_score',
        label: msg('Average health score'),
        value: show(health, (n) => f.number(n, { maximumFractionDigits: 1 })),
        delta: known(deltas.avg_health_score),
        formatDelta: (n) => f.signed(n, { maximumFractionDigits: 1 }),
        higherIsBetter: true,
      },
      {
        key: 'at_risk_customers',
        label: msg('At-risk customers'),
        value: show(kpis.overview.at_risk_customers, count),
        delta: known(deltas.at_risk_customers),
        formatDelta: signedCount,
        higherIsBetter: false,
      },
      {
        key: 'monthly_recurring_revenue',
        label: msg('MRR', { desc: 'Monthly recurring revenue, abbreviated.' }),
        value: show(mrr, money),
        delta: known(deltas.monthly_recurring_revenue),
        formatDelta: signedMoney,
        higherIsBetter: true,
      },
      {
        key: 'ltv_cac_ratio',
        label: msg('LTV:CAC', { desc: 'Lifetime value to customer acquisition cost, abbreviated.' }),
        value: show(ltvCac, (n) => `${f.number(n, { maximumFractionDigits: 1 })}:1`),
        // Neither source reports a 30-day change of LTV:CAC.
        delta: null,
        formatDelta: (n) => f.signed(n, { maximumFractionDigits: 1 }),
        higherIsBetter: true,
      },
    ];
  }

  // ---- rendering ----

  protected override render() {
    const state = this.state;
    const kpis = state === 'ready' ? this.kpis.data : undefined;
    return renderFrame(this.kpis, {
      state,
      title: msg('Customer success KPIs'),
      also: [this.finance],
      retry: () => void this.reload(),
      hasData: kpis !== undefined,
      skeleton: KPI_KEYS.map(() => html`<div class="shape"></div>`),
      loading: msg('Loading KPIs…'),
      failed: msg('the KPIs'),
      body: () => kpis && this.renderReady(kpis),
      empty: emptyMessage(msg('No customers yet.')),
    });
  }

  private renderReady(kpis: Kpis) {
    const financeFailed = this.finance.state === 'error';
    const finance = this.finance.state === 'ready' ? this.finance.data : undefined;
    return html`
      <ul part="grid" class="grid" aria-label=${msg('Key figures')}>
        ${this.cards(kpis, finance).map((card) => this.renderCard(card))}
      </ul>
      ${financeFailed
        ? html`<p part="note" class="note">${msg('The finance summary could not be loaded: MRR and LTV:CAC are from the KPI report.')}</p>`
        : nothing}
    `;
  }

  private renderCard(card: Card) {
    return html`
      <li part="kpi" class="kpi" data-kpi=${card.key}>
        <span part="label" class="label">${card.label}</span>
        <span part="value" class="value"><bdi>${card.value}</bdi></span>
        ${this.renderDelta(card)}
      </li>
    `;
  }

  private renderDelta(card: Card) {
    const { delta } = card;
    if (delta === null) {
      return html`<span part="delta" class="delta" data-trend="unknown" data-tone="neutral">${msg('30-day change unknown')}</span>`;
    }
    if (delta === 0) {
      return html`<span part="delta" class="delta" data-trend="flat" data-tone="neutral"
        ><span class="arrow" aria-hidden="true">▬</span> ${msg('No change in 30 days')}</span
      >`;
    }
    const up = delta > 0;
    const tone = up === card.higherIsBetter ? 'positive' : 'negative';
    return html`<span part="delta" class="delta" data-trend=${up ? 'up' : 'down'} data-tone=${tone}
      ><span class="arrow" aria-hidden="true">${up ? '▲' : '▼'}</span> ${this.deltaText(up, card.formatDelta(delta))}</span
    >`;
  }

  private deltaText(up: boolean, change: string) {
    const value = html`<bdi>${change}</bdi>`;
    return up ? msg(html`<strong>${value}</strong> up in 30 days`) : msg(html`<strong>${value}</strong> down in 30 days`);
  }
}
