import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/rk-provider/define';
import '../widgets/health-distribution/define';
import { ApiClient, ApiError } from '../widgets/core/api-client';
import type { RkTheme } from '../widgets/core/base-element';
import type { ConnectionStatus } from '../widgets/core/live-store';
import type { HealthCounts } from '../widgets/health-distribution/health-distribution';

interface Args {
  theme: RkTheme;
  locale: string | undefined;
  data: Partial<HealthCounts> | undefined;
}

const sample: HealthCounts = { excellent: 420, good: 510, warning: 180, critical: 90, churn_risk: 40 };

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
  const el = document.createElement('health-distribution');
  if (args.theme) el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  if (args.data) el.data = args.data;
  return el;
}

const meta: Meta<Args> = {
  title: 'Widgets/health-distribution',
  component: 'health-distribution',
  args: { theme: 'auto', locale: undefined, data: sample },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
  },
  render: (args) =>
    html`<health-distribution theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></health-distribution>`,
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
  args: { data: { excellent: 0, good: 0, warning: 0, critical: 0, churn_risk: 0 } },
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
    <health-distribution theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></health-distribution>
  </div>`,
};

export const Narrow: Story = {
  render: (args) => html`<div style="width: 300px">
    <health-distribution theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></health-distribution>
  </div>`,
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => html`<div dir="rtl" lang="ar">
    <health-distribution theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></health-distribution>
  </div>`,
};
