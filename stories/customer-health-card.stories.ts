import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/customer-health-card/define';
import { ApiError } from '../widgets/core/api-client';
import type { Intervention, InterventionCreate, LiveEvent } from '../widgets/core/types';
import type { CustomerHealthCard, CustomerHealthCardData } from '../widgets/customer-health-card/customer-health-card';
// The widget tests' fixtures: a dashboard-profile health response and a live update.
import { EVIDENCE_RECOMMENDATION, healthResponse, healthUpdate, HOUR, iso, RULE_RECOMMENDATION } from '../test/widgets/support/fixtures';
import { answerLater, createWidget, inProvider, inWidth, stateStories, StoryClient, storyIntervention, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: CustomerHealthCardData | undefined;
}

const sample: CustomerHealthCardData = {
  health: healthResponse({ risk_factors: ['Engagement score 28', 'No login in 14 days'] }),
  interventions: [
    storyIntervention({ id: 'iv-1', priority: 'high', intervention_type: 'csm_outreach', scheduled_at: iso(-3 * HOUR), notes: 'Renewal in 30 days; exec sponsor left.' }),
    storyIntervention({ id: 'iv-2', status: 'executed', scheduled_at: iso(-20 * HOUR) }),
    storyIntervention({ id: 'iv-3', priority: 'low', intervention_type: 'training_scheduled', scheduled_at: iso(5 * 24 * HOUR) }),
  ],
};

/** A client with no server: it never answers, always fails, knows no customer, or records actions after 600 ms. */
class CardClient extends StoryClient<'unknown' | 'echo'> {
  override request<T>(): Promise<T> {
    if (this.mode === 'unknown') return Promise.reject(new ApiError(404, 'not_found', 'No such customer (a story without a server).'));
    return super.request<T>();
  }

  override async createIntervention(body: InterventionCreate): Promise<Intervention> {
    await answerLater();
    return storyIntervention({ id: `iv-${Date.now()}`, ...body, updated_at: new Date().toISOString() });
  }
}

function card(args: Partial<Args>, customerId?: string): CustomerHealthCard {
  const el = createWidget('customer-health-card', args);
  if (customerId) el.customerId = customerId;
  if (args.data) el.data = args.data;
  return el;
}

/** Live events for the customer: a `customer_health_update` (72 → 44) and a new intervention. */
const liveEvents = (): LiveEvent[] => [
  { type: 'customer_health_update', id: 1, data: healthUpdate({ health_score: 44, computed_at: new Date().toISOString() }) },
  {
    type: 'intervention_update',
    id: 2,
    data: { action: 'created', intervention: storyIntervention({ id: 'iv-live', priority: 'high', intervention_type: 'escalation_created', scheduled_at: iso(HOUR) }) },
  },
];

const render = (args: Args) =>
  html`<customer-health-card theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></customer-health-card>`;

/** The width of the CRM sidebar the card is made for. */
const sidebar = (content: unknown, width = 320) => inWidth(content, width);

const meta: Meta<Args> = {
  title: 'Widgets/customer-health-card',
  component: 'customer-health-card',
  args: { ...themeArgs, data: sample },
  argTypes: themeArgTypes,
  render: (args) => sidebar(render(args)),
};
export default meta;

type Story = StoryObj<Args>;

const stories = stateStories<Args>((args) => card(args, 'cust_acme'), render, { client: (mode) => new CardClient(mode), frame: sidebar });

/** Health and interventions given by the page through `.data` (no server): the quick actions only fire `rk-action`. */
export const Default: Story = {};

/** With a client that records the quick actions after 600 ms: pending, then the new intervention and a message. */
export const WithServer: Story = {
  render: (args) => sidebar(inProvider(card(args), { client: new CardClient('echo') })),
};

/** The top recommendation measured against its control group, with its uplift and counts; Start records it (600 ms). */
export const RecommendedByEvidence: Story = {
  args: { data: { ...sample, health: { ...sample.health, recommended_actions: [EVIDENCE_RECOMMENDATION] } } },
  render: (args) => sidebar(inProvider(card(args), { client: new CardClient('echo') })),
};

/** Without enough evidence: the reference's rule, labelled as a rule, not evidence. */
export const RecommendedByRule: Story = {
  args: { data: { ...sample, health: { ...sample.health, recommended_actions: [RULE_RECOMMENDATION] } } },
  render: (args) => sidebar(inProvider(card(args), { client: new CardClient('echo') })),
};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

/** An unknown customer (404): the empty message (slot `empty`). */
export const Empty: Story = {
  render: (args) => sidebar(inProvider(card({ ...args, data: undefined }, 'cust_unknown'), { client: new CardClient('unknown') })),
};

/** No customer open in the CRM yet: the prompt (slot `idle`). */
export const NoCustomer: Story = {
  args: { data: undefined },
};

/** The live connection is down: the last data stays, with an indicator. */
export const Offline: Story = stories.Offline;

/** Live, after a `customer_health_update` (72 → 44) and an `intervention_update` for the customer. */
export const Live: Story = {
  render: (args) => sidebar(inProvider(card(args, 'cust_acme'), { status: 'live', events: liveEvents() })),
};

export const Dark: Story = stories.Dark;

/** The narrowest sidebar the card is made for. */
export const Narrow: Story = {
  render: (args) => sidebar(render(args), 280),
};

export const RightToLeft: Story = stories.RightToLeft;
