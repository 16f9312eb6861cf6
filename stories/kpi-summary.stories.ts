import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/rk-provider/define';
import '../widgets/kpi-summary/define';
import { ApiClient, ApiError } from '../widgets/core/api-client';
import type { RkTheme } from '../widgets/core/base-element';
import type { ConnectionStatus } from '../widgets/core/live-store';
import type { KpiSummaryData } from '../widgets/kpi-summary/kpi-summary';

interface Args {
  theme: RkTheme;
  locale: string | undefined;
  data: KpiSummaryData | undefined;
}

const sample: KpiSummaryData = {
  kpis: {
    overview: { total_customers: 1240, active_customers: 1180, at_risk_customers: 87, churned_customers_30d: 12 },
    health_metrics: { avg_health_score: 76.8, avg_churn_probability: 0.18, nps_score: 8.5 },
    financial_metrics: { monthly_recurring_revenue: 485000, ltv_cac_ratio: 14.7 },
    distributions: {
      health_status: { excellent: 420, good: 510, warning: 180, critical: 90, churn_risk: 40 },
      risk_level: { low: 800, medium: 300, high: 100, critical: 40 },
    },
    deltas: { total_customers: 25, active_customers: 0, avg_health_score: -1.4, at_risk_customers: null, monthly_recurring_revenue: 12000 },
  },
  finance: {
    mrr: 485000,
    arr: 5820000,
    arpa: 391,
    ltv: 10290,
    cac: 700,
    ltv_cac_ratio: 14.7,
    payback_months: 1.8,
    mom_growth: 0.025,
    customers: 1240,
    monthly_churn_rate: 0.012,
    currency: 'USD',
  },
};

/** A client that never answers (`pending`) or always fails (`failing`): the stories need no server. */
class StoryClient extends ApiClient {
  constructor(private readonly mode: 'pending' | 'failing') {
    // The provider's own api (empty): it keeps a client whose api matches its attribute.
    super({ api: '' });
  }

  override request<T>(): Promise<T> {
    if (this.mode === 'pending') return new Promise<T>(() => {});
    return Promise.reject(new ApiError(503, 'unavailable', 'The server is unavailable (a story without a server).'));
  }
}

/** `<rk-provider>` around the widget, with a story client or a live status set by hand. */
function inProvider(widget: HTMLElement, options: { client?: ApiClient; status?: ConnectionStatus }): HTMLElement {
  const provider = document.createElement('rk-provider');
  if (options.client) provider.client = options.client;
  if (options.status) provider.store.status.set(options.status);
  provider.append(widget);
  return provider;
}

function widget(args: Partial<Args>): HTMLElement {
  const el = document.createElement('kpi-summary');
  if (args.theme) el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  if (args.data) el.data = args.data;
  return el;
}

const meta: Meta<Args> = {
  title: 'Widgets/kpi-summary',
  component: 'kpi-summary',
  args: { theme: 'auto', locale: undefined, data: sample },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
  },
  render: (args) => html`<kpi-summary theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></kpi-summary>`,
};
export default meta;

type Story = StoryObj<Args>;

export const Default: Story = {};

export const Loading: Story = {
  render: (args) => inProvider(widget({ ...args, data: undefined }), { client: new StoryClient('pending') }),
};

export const Error: Story = {
  render: (args) => inProvider(widget({ ...args, data: undefined }), { client: new StoryClient('failing') }),
};

export const Empty: Story = {
  args: {
    data: {
      kpis: {
        ...sample.kpis,
        overview: { total_customers: 0, active_customers: 0, at_risk_customers: 0, churned_customers_30d: 0 },
      },
    },
  },
};

export const Offline: Story = {
  render: (args) => inProvider(widget(args), { status: 'offline' }),
};

export const Live: Story = {
  render: (args) => inProvider(widget(args), { status: 'live' }),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => html`<div style="background: #121212; padding: 16px">
    <kpi-summary theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></kpi-summary>
  </div>`,
};

export const Narrow: Story = {
  render: (args) => html`<div style="width: 300px">
    <kpi-summary theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></kpi-summary>
  </div>`,
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => html`<div dir="rtl" lang="ar">
    <kpi-summary theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></kpi-summary>
  </div>`,
};
