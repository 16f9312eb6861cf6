import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/rk-provider/define';
import '../widgets/churn-chart/define';
import { ApiClient, ApiError } from '../widgets/core/api-client';
import type { ConnectionStatus } from '../widgets/core/live-store';
import type { ChurnTrend } from '../widgets/core/types';
import type { RkTheme } from '../widgets/core/base-element';

interface Args {
  theme: RkTheme;
  locale: string | undefined;
  months: number;
  data: ChurnTrend | undefined;
}

const sample: ChurnTrend = {
  window: 3,
  months: [
    { month: '2026-03', churned: 4, customers_at_start: 200, churn_rate: 2, rolling_average: 2.2 },
    { month: '2026-04', churned: 3, customers_at_start: 210, churn_rate: 1.43, rolling_average: 1.9 },
    { month: '2026-05', churned: 6, customers_at_start: 215, churn_rate: 2.79, rolling_average: 2.07 },
    { month: '2026-06', churned: 2, customers_at_start: 220, churn_rate: 0.91, rolling_average: 1.71 },
    { month: '2026-07', churned: 3, customers_at_start: 230, churn_rate: 1.3, rolling_average: 1.67 },
    { month: '2026-08', churned: 5, customers_at_start: 240, churn_rate: 2.08, rolling_average: 1.43 },
  ],
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
  const el = document.createElement('churn-chart');
  if (args.theme) el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  if (args.months) el.months = args.months;
  if (args.data) el.data = args.data;
  return el;
}

const meta: Meta<Args> = {
  title: 'Widgets/churn-chart',
  component: 'churn-chart',
  args: { theme: 'auto', locale: undefined, months: 6, data: sample },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
    months: { control: { type: 'number', min: 1, max: 36 } },
  },
  render: (args) =>
    html`<churn-chart theme=${args.theme} locale=${ifDefined(args.locale || undefined)} months=${args.months} .data=${args.data}></churn-chart>`,
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
  args: { data: { window: 3, months: [] } },
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
    <churn-chart theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></churn-chart>
  </div>`,
};

export const Narrow: Story = {
  render: (args) => html`<div style="width: 300px">
    <churn-chart theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></churn-chart>
  </div>`,
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => html`<div dir="rtl" lang="ar">
    <churn-chart theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></churn-chart>
  </div>`,
};
