import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/rk-provider/define';
import '../widgets/customer-health-card/define';
import { ApiClient, ApiError } from '../widgets/core/api-client';
import type { RkTheme } from '../widgets/core/base-element';
import type { ConnectionStatus } from '../widgets/core/live-store';
import type { Intervention, InterventionCreate } from '../widgets/core/types';
import type { CustomerHealthCard, CustomerHealthCardData } from '../widgets/customer-health-card/customer-health-card';
// The widget tests' fixtures: a dashboard-profile health response and a live update.
import { healthResponse, healthUpdate } from '../test/widgets/support/fixtures';

interface Args {
  theme: RkTheme;
  locale: string | undefined;
  data: CustomerHealthCardData | undefined;
}

const HOUR = 3_600_000;
const at = (offset: number) => new Date(Date.now() + offset).toISOString();

function intervention(overrides: Partial<Intervention>): Intervention {
  return {
    id: 'iv',
    account_id: 'cust_acme',
    trigger_type: 'manual',
    trigger_id: null,
    intervention_type: 'health_check_call',
    title: 'Health check call',
    description: null,
    notes: null,
    status: 'planned',
    priority: 'medium',
    outcome: 'pending',
    outcome_notes: null,
    assigned_to: 'dana@example.com',
    template_id: null,
    created_by: 'dana@example.com',
    scheduled_at: at(4 * HOUR),
    executed_at: null,
    completed_at: null,
    created_at: at(-72 * HOUR),
    updated_at: at(-72 * HOUR),
    ...overrides,
  };
}

const sample: CustomerHealthCardData = {
  health: healthResponse({ risk_factors: ['low_engagement', 'No login in 14 days', '<img src=x onerror=alert(1)> (shown as text)'] }),
  interventions: [
    intervention({ id: 'iv-1', priority: 'high', intervention_type: 'csm_outreach', scheduled_at: at(-3 * HOUR), notes: 'Renewal in 30 days; exec sponsor left.' }),
    intervention({ id: 'iv-2', status: 'executed', scheduled_at: at(-20 * HOUR) }),
    intervention({ id: 'iv-3', priority: 'low', intervention_type: 'training_scheduled', scheduled_at: at(5 * 24 * HOUR) }),
  ],
};

/** A client with no server: it never answers, always fails, knows no customer, or records actions after 600 ms. */
class StoryClient extends ApiClient {
  constructor(private readonly mode: 'pending' | 'failing' | 'unknown' | 'echo') {
    super({ api: '' });
  }

  override request<T>(): Promise<T> {
    if (this.mode === 'pending') return new Promise<T>(() => {});
    if (this.mode === 'unknown') return Promise.reject(new ApiError(404, 'not_found', 'No such customer (a story without a server).'));
    return Promise.reject(new ApiError(503, 'unavailable', 'The server is unavailable (a story without a server).'));
  }

  override async createIntervention(body: InterventionCreate): Promise<Intervention> {
    await new Promise((resolve) => setTimeout(resolve, 600));
    return intervention({ id: `iv-${Date.now()}`, ...body, updated_at: new Date().toISOString() });
  }
}

function card(args: Partial<Args>, customerId?: string): CustomerHealthCard {
  const el = document.createElement('customer-health-card');
  if (args.theme) el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  if (customerId) el.customerId = customerId;
  if (args.data) el.data = args.data;
  return el;
}

/** `<rk-provider>` around the card, with a story client, a live status, or live events applied. */
function inProvider(widget: HTMLElement, options: { client?: ApiClient; status?: ConnectionStatus; events?: boolean }): HTMLElement {
  const provider = document.createElement('rk-provider');
  if (options.client) provider.client = options.client;
  if (options.status) provider.store.status.set(options.status);
  if (options.events) {
    provider.store.apply({ type: 'customer_health_update', id: 1, data: healthUpdate({ health_score: 44, computed_at: new Date().toISOString() }) });
    provider.store.apply({
      type: 'intervention_update',
      id: 2,
      data: { action: 'created', intervention: intervention({ id: 'iv-live', priority: 'high', intervention_type: 'escalation_created', scheduled_at: at(HOUR) }) },
    });
  }
  provider.append(widget);
  return provider;
}

const render = (args: Args) =>
  html`<customer-health-card theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></customer-health-card>`;

/** The width of the CRM sidebar the card is made for. */
const sidebar = (content: unknown, width = 320) => html`<div style=${`width: ${width}px`}>${content}</div>`;

const meta: Meta<Args> = {
  title: 'Widgets/customer-health-card',
  component: 'customer-health-card',
  args: { theme: 'auto', locale: undefined, data: sample },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
  },
  render: (args) => sidebar(render(args)),
};
export default meta;

type Story = StoryObj<Args>;

/** Health and interventions given by the page through `.data` (no server): the quick actions only fire `rk-action`. */
export const Default: Story = {};

/** With a client that records the quick actions after 600 ms: pending, then the new intervention and a message. */
export const WithServer: Story = {
  render: (args) => sidebar(inProvider(card(args), { client: new StoryClient('echo') })),
};

export const Loading: Story = {
  render: (args) => sidebar(inProvider(card({ ...args, data: undefined }, 'cust_acme'), { client: new StoryClient('pending') })),
};

export const Error: Story = {
  render: (args) => sidebar(inProvider(card({ ...args, data: undefined }, 'cust_acme'), { client: new StoryClient('failing') })),
};

/** An unknown customer (404): the empty message (slot `empty`). */
export const Empty: Story = {
  render: (args) => sidebar(inProvider(card({ ...args, data: undefined }, 'cust_unknown'), { client: new StoryClient('unknown') })),
};

/** No customer open in the CRM yet: the prompt (slot `idle`). */
export const NoCustomer: Story = {
  args: { data: undefined },
};

/** The live connection is down: the last data stays, with an indicator. */
export const Offline: Story = {
  render: (args) => sidebar(inProvider(card(args, 'cust_acme'), { status: 'offline' })),
};

/** Live, after a `customer_health_update` (72 → 44) and an `intervention_update` for the customer. */
export const Live: Story = {
  render: (args) => sidebar(inProvider(card(args, 'cust_acme'), { status: 'live', events: true })),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => html`<div style="background: #121212; padding: 16px">${sidebar(render(args))}</div>`,
};

/** The narrowest sidebar the card is made for. */
export const Narrow: Story = {
  render: (args) => sidebar(render(args), 280),
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => html`<div dir="rtl" lang="ar">${sidebar(render(args))}</div>`,
};
