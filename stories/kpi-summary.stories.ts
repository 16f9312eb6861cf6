import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/kpi-summary/define';
import type { KpiSummaryData } from '../widgets/kpi-summary/kpi-summary';
import { finance, kpis } from '../test/widgets/support/fixtures';
import { createWidget, stateStories, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

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

const stories = stateStories<Args>(widget, render);

export const Default: Story = {};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

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

export const Offline: Story = stories.Offline;

export const Live: Story = stories.Live;

export const Dark: Story = stories.Dark;

export const Narrow: Story = stories.Narrow;

export const RightToLeft: Story = stories.RightToLeft;
