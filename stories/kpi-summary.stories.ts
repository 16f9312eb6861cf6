import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/kpi-summary/define';
import type { KpiSummaryData } from '../widgets/kpi-summary/kpi-summary';
import { finance, kpis } from '../test/widgets/support/fixtures';
import { createWidget, inProvider, inWidth, onDarkPage, rightToLeft, StoryClient, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: KpiSummaryData | undefined;
}

const sample: KpiSummaryData = {
  kpis: kpis({ deltas: { total_customers: 25, active_customers: 0, avg_health_score: -1.4, at_risk_customers: null, monthly_recurring_revenue: 12000 } }),
  finance: finance({ mrr: 485000, arr: 5820000, arpa: 391, ltv: 10290, ltv_cac_ratio: 14.7 }),
};

function widget(args: Partial<Args>): HTMLElement {
  const el = createWidget('kpi-summary', args);
  if (args.data) el.data = args.data;
  return el;
}

const render = (args: Args) => html`<kpi-summary theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></kpi-summary>`;

const meta: Meta<Args> = {
  title: 'Widgets/kpi-summary',
  component: 'kpi-summary',
  args: { ...themeArgs, data: sample },
  argTypes: themeArgTypes,
  render,
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
  render: (args) => onDarkPage(render(args)),
};

export const Narrow: Story = {
  render: (args) => inWidth(render(args)),
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => rightToLeft(render(args)),
};
