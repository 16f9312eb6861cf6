import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/rk-provider/define';
import '../widgets/health-gauge/define';
import { ApiClient, ApiError } from '../widgets/core/api-client';
import type { RkTheme } from '../widgets/core/base-element';
import type { ConnectionStatus } from '../widgets/core/live-store';
import type { CustomerHealth } from '../widgets/core/types';
import type { HealthGauge } from '../widgets/health-gauge/health-gauge';
// The gauge tests' fixtures: a dashboard-profile health response and a live update.
import { healthResponse, healthUpdate } from '../test/widgets/support/fixtures';

interface Args {
  theme: RkTheme;
  locale: string | undefined;
  score: number | undefined;
  expanded: boolean;
  data: CustomerHealth | undefined;
}

/** A client that never answers (`pending`) or always fails (`failing`): the stories need no server. */
class StoryClient extends ApiClient {
  constructor(private readonly mode: 'pending' | 'failing') {
    super({ api: '' });
  }

  override request<T>(): Promise<T> {
    if (this.mode === 'pending') return new Promise<T>(() => {});
    return Promise.reject(new ApiError(503, 'unavailable', 'The server is unavailable (a story without a server).'));
  }
}

function gauge(args: Partial<Args>, customerId?: string): HealthGauge {
  const el = document.createElement('health-gauge');
  if (args.theme) el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  if (args.score !== undefined) el.score = args.score;
  if (args.expanded) el.expanded = true;
  if (customerId) el.customerId = customerId;
  if (args.data) el.data = args.data;
  return el;
}

/** `<rk-provider>` around the gauge, with a story client, a live status, or live updates applied. */
function inProvider(widget: HTMLElement, options: { client?: ApiClient; status?: ConnectionStatus; update?: boolean }): HTMLElement {
  const provider = document.createElement('rk-provider');
  if (options.client) provider.client = options.client;
  if (options.status) provider.store.status.set(options.status);
  if (options.update) {
    provider.store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ health_score: 64, computed_at: new Date().toISOString() }) });
  }
  provider.append(widget);
  return provider;
}

const render = (args: Args) =>
  html`<health-gauge
    theme=${args.theme}
    locale=${ifDefined(args.locale || undefined)}
    score=${ifDefined(args.score)}
    ?expanded=${args.expanded}
    .data=${args.data}
  ></health-gauge>`;

const meta: Meta<Args> = {
  title: 'Widgets/health-gauge',
  component: 'health-gauge',
  args: { theme: 'auto', locale: undefined, score: undefined, expanded: false, data: healthResponse() },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
    score: { control: { type: 'range', min: 0, max: 100, step: 1 } },
    expanded: { control: 'boolean' },
  },
  render,
};
export default meta;

type Story = StoryObj<Args>;

/** A health response given by the page through `.data` (no server). */
export const Default: Story = {};

/** Inside a provider whose live connection is up, after a `customer_health_update` for the customer. */
export const Live: Story = {
  render: (args) => inProvider(gauge(args, 'cust_acme'), { status: 'live', update: true }),
};

/** A bare score through the `score` attribute: nothing fetched, no components. */
export const ScoreOnly: Story = {
  args: { data: undefined, score: 38 },
};

export const Loading: Story = {
  render: (args) => inProvider(gauge({ ...args, data: undefined }, 'cust_acme'), { client: new StoryClient('pending') }),
};

export const Error: Story = {
  render: (args) => inProvider(gauge({ ...args, data: undefined }, 'cust_acme'), { client: new StoryClient('failing') }),
};

/** No score, no id, no data: the empty message (slot `empty`). */
export const Empty: Story = {
  args: { data: undefined },
};

/** The live connection is down: the last data stays, with an indicator. */
export const Offline: Story = {
  render: (args) => inProvider(gauge(args, 'cust_acme'), { status: 'offline' }),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => html`<div style="background: #121212; padding: 16px">${render(args)}</div>`,
};

/** A 300 px sidebar: the container query stacks the dial over the components. */
export const Narrow: Story = {
  render: (args) => html`<div style="width: 300px">${render(args)}</div>`,
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => html`<div dir="rtl" lang="ar">${render(args)}</div>`,
};

/** The "Why this score?" panel open: every factor's points, per component. */
export const WithExplanation: Story = {
  args: { expanded: true },
};
