import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/rk-provider/define';
import '../widgets/at-risk-table/define';
import type { AtRiskTable } from '../widgets/at-risk-table/at-risk-table';
import { ApiClient, ApiError } from '../widgets/core/api-client';
import type { RkTheme } from '../widgets/core/base-element';
import type { ConnectionStatus } from '../widgets/core/live-store';
import type { AtRiskCustomer, Intervention, InterventionCreate, Priority } from '../widgets/core/types';

interface Args {
  theme: RkTheme;
  locale: string | undefined;
  data: AtRiskCustomer[] | undefined;
  maxAtRiskCustomers: number;
  sort: string;
}

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function customer(overrides: Partial<AtRiskCustomer>): AtRiskCustomer {
  return {
    customer_id: 'cust_acme',
    company_name: 'Acme Manufacturing',
    last_health_score: 42.5,
    predicted_churn_score: 0.78,
    intervention_priority: 'critical',
    risk_factors: ['No login in 14 days', 'High support tickets'],
    last_updated: ago(3 * HOUR),
    ...overrides,
  };
}

const sample: AtRiskCustomer[] = [
  customer({}),
  customer({ customer_id: 'cust_globex', company_name: 'Globex', last_health_score: 18, predicted_churn_score: 0.91, risk_factors: ['payment_failed', 'declining_usage'], last_updated: ago(20 * 60_000) }),
  customer({ customer_id: 'cust_initech', company_name: 'Initech', last_health_score: 47, predicted_churn_score: 0.58, intervention_priority: 'high', risk_factors: ['low_engagement'], last_updated: ago(26 * HOUR) }),
  customer({ customer_id: 'cust_umbrella', company_name: 'Umbrella Corporation', last_health_score: 55, predicted_churn_score: null, intervention_priority: 'high', risk_factors: [], last_updated: ago(4 * 24 * HOUR) }),
  customer({ customer_id: 'cust_hostile', company_name: '<img src=x onerror=alert(1)> (shown as text)', last_health_score: 38, predicted_churn_score: 0.52, intervention_priority: 'high', risk_factors: ['<b>not bold</b>'], last_updated: ago(9 * 24 * HOUR) }),
];

const PRIORITY_CYCLE: Priority[] = ['critical', 'high', 'high'];
const FACTORS = ['declining_usage', 'payment_failed', 'low_engagement', 'No login in 14 days', 'High support tickets'];

/** `count` generated customers (deterministic, so the story looks the same on every load). */
function many(count: number): AtRiskCustomer[] {
  return Array.from({ length: count }, (_, i) =>
    customer({
      customer_id: `cust_${String(i).padStart(4, '0')}`,
      company_name: `Customer ${(i * 7919) % count}`,
      last_health_score: (i * 37) % 50,
      predicted_churn_score: i % 13 === 0 ? null : 0.4 + ((i * 53) % 60) / 100,
      intervention_priority: PRIORITY_CYCLE[i % PRIORITY_CYCLE.length] as Priority,
      risk_factors: FACTORS.slice(i % FACTORS.length, (i % FACTORS.length) + 2),
      last_updated: ago((i % 97) * HOUR),
    }),
  );
}

/** A client with no server: it never answers, always fails, or records interventions after 600 ms. */
class StoryClient extends ApiClient {
  constructor(private readonly mode: 'pending' | 'failing' | 'echo') {
    super({ api: '' });
  }

  override request<T>(): Promise<T> {
    if (this.mode === 'pending') return new Promise<T>(() => {});
    return Promise.reject(new ApiError(503, 'unavailable', 'The server is unavailable (a story without a server).'));
  }

  override async createIntervention(body: InterventionCreate): Promise<Intervention> {
    await new Promise((resolve) => setTimeout(resolve, 600));
    const now = new Date().toISOString();
    return {
      id: `iv-${Date.now()}`,
      account_id: body.account_id,
      trigger_type: 'manual',
      trigger_id: null,
      intervention_type: body.intervention_type,
      title: 'Intervention',
      description: null,
      notes: body.notes ?? null,
      status: 'planned',
      priority: body.priority,
      outcome: 'pending',
      outcome_notes: null,
      assigned_to: 'dana@example.com',
      template_id: null,
      created_by: 'dana@example.com',
      scheduled_at: body.scheduled_at,
      executed_at: null,
      completed_at: null,
      created_at: now,
      updated_at: now,
    };
  }
}

function table(args: Partial<Args>): AtRiskTable {
  const el = document.createElement('at-risk-table');
  if (args.theme) el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  if (args.maxAtRiskCustomers !== undefined) el.maxAtRiskCustomers = args.maxAtRiskCustomers;
  if (args.sort) el.sort = args.sort;
  if (args.data) el.data = args.data;
  return el;
}

/** `<rk-provider>` around the table, with a story client or a live status. */
function inProvider(el: HTMLElement, options: { client?: ApiClient; status?: ConnectionStatus }): HTMLElement {
  const provider = document.createElement('rk-provider');
  if (options.client) provider.client = options.client;
  if (options.status) provider.store.status.set(options.status);
  provider.append(el);
  return provider;
}

const render = (args: Args) =>
  html`<at-risk-table
    theme=${args.theme}
    locale=${ifDefined(args.locale || undefined)}
    max-at-risk-customers=${args.maxAtRiskCustomers}
    sort=${args.sort}
    .data=${args.data}
  ></at-risk-table>`;

const meta: Meta<Args> = {
  title: 'Widgets/at-risk-table',
  component: 'at-risk-table',
  args: { theme: 'auto', locale: undefined, data: sample, maxAtRiskCustomers: 20, sort: '-priority' },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
    maxAtRiskCustomers: { control: { type: 'number', min: 1, max: 1000 } },
    sort: {
      control: 'select',
      options: ['-priority', 'priority', 'company', '-company', 'health', '-health', 'churn', '-churn', 'updated', '-updated'],
    },
  },
  render,
};
export default meta;

type Story = StoryObj<Args>;

/** Page data through `.data`, no server: the actions only fire `rk-action` (see the Actions panel). */
export const Default: Story = {};

/** With a client that records interventions after 600 ms: the pending state, then what was planned. */
export const WithServer: Story = {
  render: (args) => inProvider(table(args), { client: new StoryClient('echo') }),
};

export const Loading: Story = {
  render: (args) => inProvider(table({ ...args, data: undefined }), { client: new StoryClient('pending') }),
};

export const Error: Story = {
  render: (args) => inProvider(table({ ...args, data: undefined }), { client: new StoryClient('failing') }),
};

export const Empty: Story = {
  args: { data: [] },
};

/** The live connection is down: the last data stays, with an indicator. */
export const Offline: Story = {
  render: (args) => inProvider(table(args), { status: 'offline' }),
};

/** Inside a provider whose live connection is up: `customer_health_update` events move the rows. */
export const Live: Story = {
  render: (args) => inProvider(table(args), { status: 'live' }),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => html`<div style="background: #121212; padding: 16px">${render(args)}</div>`,
};

/** A 320 px container: the table scrolls sideways with the customer column kept in view. */
export const Narrow: Story = {
  render: (args) => html`<div style="width: 320px">${render(args)}</div>`,
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => html`<div dir="rtl" lang="ar">${render(args)}</div>`,
};

/** 1,000 customers (`max-at-risk-customers="1000"`): sorting and searching stay immediate. */
export const ManyRows: Story = {
  args: { data: many(1000), maxAtRiskCustomers: 1000 },
};
