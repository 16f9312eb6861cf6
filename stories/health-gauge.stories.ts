import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/health-gauge/define';
import type { CustomerHealth } from '../widgets/core/types';
import type { HealthGauge } from '../widgets/health-gauge/health-gauge';
// The gauge tests' fixtures: a dashboard-profile health response and a live update.
import { healthResponse, healthUpdate } from '../test/widgets/support/fixtures';
import { createWidget, inProvider, stateStories, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  score: number | undefined;
  expanded: boolean;
  data: CustomerHealth | undefined;
}

function gauge(args: Partial<Args>, customerId?: string): HealthGauge {
  const el = createWidget('health-gauge', args);
  if (args.score !== undefined) el.score = args.score;
  if (args.expanded) el.expanded = true;
  if (customerId) el.customerId = customerId;
  if (args.data) el.data = args.data;
  return el;
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
  args: { ...themeArgs, score: undefined, expanded: false, data: healthResponse() },
  argTypes: {
    ...themeArgTypes,
    score: { control: { type: 'range', min: 0, max: 100, step: 1 } },
    expanded: { control: 'boolean' },
  },
  render,
};
export default meta;

type Story = StoryObj<Args>;

const stories = stateStories<Args>((args) => gauge(args, 'cust_acme'), render);

/** A health response given by the page through `.data` (no server). */
export const Default: Story = {};

/** Inside a provider whose live connection is up, after a `customer_health_update` for the customer. */
export const Live: Story = {
  render: (args) =>
    inProvider(gauge(args, 'cust_acme'), {
      status: 'live',
      events: [{ type: 'customer_health_update', id: 1, data: healthUpdate({ health_score: 64, computed_at: new Date().toISOString() }) }],
    }),
};

/** A bare score through the `score` attribute: nothing fetched, no components. */
export const ScoreOnly: Story = {
  args: { data: undefined, score: 38 },
};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

/** No score, no id, no data: the empty message (slot `empty`). */
export const Empty: Story = {
  args: { data: undefined },
};

/** The live connection is down: the last data stays, with an indicator. */
export const Offline: Story = stories.Offline;

export const Dark: Story = stories.Dark;

/** A 300 px sidebar: the container query stacks the dial over the components. */
export const Narrow: Story = stories.Narrow;

export const RightToLeft: Story = stories.RightToLeft;

/** The "Why this score?" panel open: every factor's points, per component. */
export const WithExplanation: Story = {
  args: { expanded: true },
};
