import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/rk-provider/define';
import '../widgets/intervention-queue/define';
import { ApiClient, ApiError } from '../widgets/core/api-client';
import type { RkTheme } from '../widgets/core/base-element';
import type { ConnectionStatus } from '../widgets/core/live-store';
import type { Intervention, InterventionCreate, InterventionPatch } from '../widgets/core/types';

interface Args {
  theme: RkTheme;
  locale: string | undefined;
  data: Intervention[] | undefined;
  createOpen: boolean;
}

const HOUR = 3_600_000;
const at = (offset: number) => new Date(Date.now() + offset).toISOString();

function intervention(overrides: Partial<Intervention>): Intervention {
  return {
    id: 'iv',
    account_id: 'cust_acme',
    company_name: 'Acme Robotics',
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

const sample: Intervention[] = [
  intervention({ id: 'iv-1', priority: 'critical', intervention_type: 'escalation_created', company_name: 'Globex', scheduled_at: at(-3 * HOUR), notes: 'Renewal in 30 days; exec sponsor left.' }),
  intervention({ id: 'iv-2', priority: 'high', status: 'executed', intervention_type: 'csm_outreach', company_name: 'Initech', scheduled_at: at(-20 * HOUR) }),
  intervention({ id: 'iv-3', priority: 'high', status: 'responded', company_name: 'Umbrella Corp', scheduled_at: at(26 * HOUR), assigned_to: null }),
  intervention({ id: 'iv-4', priority: 'medium', intervention_type: 'training_scheduled', scheduled_at: at(5 * 24 * HOUR), notes: '<img src=x onerror=alert(1)> (shown as text)' }),
  intervention({ id: 'iv-5', priority: 'low', intervention_type: 'automated_email', company_name: undefined, account_id: 'cust_hooli', scheduled_at: null }),
];

/** A client with no server: it never answers, always fails, or echoes changes back. */
class StoryClient extends ApiClient {
  constructor(private readonly mode: 'pending' | 'failing' | 'echo') {
    super({ api: '' });
  }

  override request<T>(): Promise<T> {
    if (this.mode === 'pending') return new Promise<T>(() => {});
    return Promise.reject(new ApiError(503, 'unavailable', 'The server is unavailable (a story without a server).'));
  }

  override async updateIntervention(id: string, patch: InterventionPatch): Promise<Intervention> {
    await new Promise((resolve) => setTimeout(resolve, 600));
    const current = sample.find((i) => i.id === id) ?? intervention({ id });
    if (current.status === 'planned' && patch.status === 'completed') {
      throw new ApiError(409, 'conflict', 'cannot move from planned to completed');
    }
    return { ...current, ...(patch.status ? { status: patch.status } : {}), ...(patch.outcome ? { outcome: patch.outcome } : {}), updated_at: new Date().toISOString() };
  }

  override async createIntervention(body: InterventionCreate): Promise<Intervention> {
    await new Promise((resolve) => setTimeout(resolve, 600));
    if (Date.parse(body.scheduled_at) < Date.now()) {
      throw new ApiError(400, 'invalid_request', 'scheduled_at: must not be in the past', [
        { field: 'scheduled_at', message: 'must not be in the past (a story rule)' },
      ]);
    }
    return intervention({ id: `iv-${Date.now()}`, ...body, company_name: undefined, updated_at: new Date().toISOString() });
  }
}

function widget(args: Partial<Args>): HTMLElement {
  const el = document.createElement('intervention-queue');
  if (args.theme) el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  if (args.data) el.data = args.data;
  el.createOpen = args.createOpen ?? false;
  return el;
}

function inProvider(el: HTMLElement, options: { client?: ApiClient; status?: ConnectionStatus }): HTMLElement {
  const provider = document.createElement('rk-provider');
  if (options.client) provider.client = options.client;
  if (options.status) provider.store.status.set(options.status);
  provider.append(el);
  return provider;
}

const render = (args: Args) =>
  html`<intervention-queue
    theme=${args.theme}
    locale=${ifDefined(args.locale || undefined)}
    ?create-open=${args.createOpen}
    .data=${args.data}
  ></intervention-queue>`;

const meta: Meta<Args> = {
  title: 'Widgets/intervention-queue',
  component: 'intervention-queue',
  args: { theme: 'auto', locale: undefined, data: sample, createOpen: false },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
    createOpen: { control: 'boolean' },
  },
  render,
};
export default meta;

type Story = StoryObj<Args>;

/** Without a client: the buttons only fire `rk-intervention-change` (see the Actions panel). */
export const Default: Story = {};

/** With a client that answers after 600 ms: pending buttons, and the create form's server errors (choose a past date). */
export const WithServer: Story = {
  args: { createOpen: true },
  render: (args) => inProvider(widget(args), { client: new StoryClient('echo') }),
};

export const Loading: Story = {
  render: (args) => inProvider(widget({ ...args, data: undefined }), { client: new StoryClient('pending') }),
};

export const Error: Story = {
  render: (args) => inProvider(widget({ ...args, data: undefined }), { client: new StoryClient('failing') }),
};

export const Empty: Story = {
  args: { data: [] },
};

export const Offline: Story = {
  render: (args) => inProvider(widget(args), { status: 'offline' }),
};

export const Live: Story = {
  render: (args) => inProvider(widget(args), { status: 'live' }),
};

export const Dark: Story = {
  args: { theme: 'dark' },
  render: (args) => html`<div style="background: #121212; padding: 16px">${render(args)}</div>`,
};

export const Narrow: Story = {
  args: { createOpen: true },
  render: (args) => html`<div style="width: 300px">${render(args)}</div>`,
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => html`<div dir="rtl" lang="ar">${render(args)}</div>`,
};
