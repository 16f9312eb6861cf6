import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/intervention-queue/define';
import { ApiError } from '../widgets/core/api-client';
import type { Intervention, InterventionCreate, InterventionPatch } from '../widgets/core/types';
import { HOUR, iso } from '../test/widgets/support/fixtures';
import { answerLater, createWidget, inProvider, stateStories, StoryClient, storyIntervention, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: Intervention[] | undefined;
  createOpen: boolean;
}

/** An intervention as the queue lists it: with the company name. */
const intervention = (overrides: Partial<Intervention>) => storyIntervention({ company_name: 'Acme Robotics', ...overrides });

const sample: Intervention[] = [
  intervention({ id: 'iv-1', priority: 'critical', intervention_type: 'escalation_created', company_name: 'Globex', scheduled_at: iso(-3 * HOUR), notes: 'Renewal in 30 days; exec sponsor left.' }),
  intervention({ id: 'iv-2', priority: 'high', status: 'executed', intervention_type: 'csm_outreach', company_name: 'Initech', scheduled_at: iso(-20 * HOUR) }),
  intervention({ id: 'iv-3', priority: 'high', status: 'responded', company_name: 'Umbrella Corp', scheduled_at: iso(26 * HOUR), assigned_to: null }),
  intervention({ id: 'iv-4', priority: 'medium', intervention_type: 'training_scheduled', scheduled_at: iso(5 * 24 * HOUR), notes: 'Onboarding for the new Berlin team.' }),
  intervention({ id: 'iv-5', priority: 'low', intervention_type: 'automated_email', company_name: undefined, account_id: 'cust_hooli', scheduled_at: null }),
];

/** A client with no server: it never answers, always fails, or echoes changes back. */
class QueueClient extends StoryClient<'echo'> {
  override async updateIntervention(id: string, patch: InterventionPatch): Promise<Intervention> {
    await answerLater();
    const current = sample.find((i) => i.id === id) ?? intervention({ id });
    if (current.status === 'planned' && patch.status === 'completed') {
      throw new ApiError(409, 'conflict', 'cannot move from planned to completed');
    }
    return { ...current, ...(patch.status ? { status: patch.status } : {}), ...(patch.outcome ? { outcome: patch.outcome } : {}), updated_at: new Date().toISOString() };
  }

  override async createIntervention(body: InterventionCreate): Promise<Intervention> {
    await answerLater();
    if (Date.parse(body.scheduled_at) < Date.now()) {
      throw new ApiError(400, 'invalid_request', 'scheduled_at: must not be in the past', [
        { field: 'scheduled_at', message: 'must not be in the past (a story rule)' },
      ]);
    }
    return intervention({ id: `iv-${Date.now()}`, ...body, company_name: undefined, updated_at: new Date().toISOString() });
  }
}

function widget(args: Partial<Args>): HTMLElement {
  const el = createWidget('intervention-queue', args);
  if (args.data) el.data = args.data;
  el.createOpen = args.createOpen ?? false;
  return el;
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
  args: { ...themeArgs, data: sample, createOpen: false },
  argTypes: {
    ...themeArgTypes,
    createOpen: { control: 'boolean' },
  },
  render,
};
export default meta;

type Story = StoryObj<Args>;

const stories = stateStories<Args>(widget, render, { client: (mode) => new QueueClient(mode) });

/** Without a client: the buttons only fire `rk-intervention-change` (see the Actions panel). */
export const Default: Story = {};

/** With a client that answers after 600 ms: pending buttons, and the create form's server errors (choose a past date). */
export const WithServer: Story = {
  args: { createOpen: true },
  render: (args) => inProvider(widget(args), { client: new QueueClient('echo') }),
};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

export const Empty: Story = {
  args: { data: [] },
};

export const Offline: Story = stories.Offline;

export const Live: Story = stories.Live;

export const Dark: Story = stories.Dark;

export const Narrow: Story = { ...stories.Narrow, args: { createOpen: true } };

export const RightToLeft: Story = stories.RightToLeft;
