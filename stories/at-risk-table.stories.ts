import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/at-risk-table/define';
import type { AtRiskTable } from '../widgets/at-risk-table/at-risk-table';
import type { AtRiskCustomer, Intervention, InterventionCreate, Priority } from '../widgets/core/types';
import { ago, createdIntervention, HOUR } from '../test/widgets/support/fixtures';
import { answerLater, createWidget, inProvider, stateStories, StoryClient, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: AtRiskCustomer[] | undefined;
  maxAtRiskCustomers: number;
  sort: string;
}

function customer(overrides: Partial<AtRiskCustomer>): AtRiskCustomer {
  return {
    customer_id: 'cust_acme',
    company_name: 'Acme Manufacturing',
    last_health_score: 42.5,
    predicted_churn_score: 0.78,
    intervention_priority: 'critical',
    risk_factors: ['No login in 14 days', 'High support tickets'],
    coverage: 1,
    unknown_factors: [],
    last_updated: ago(3 * HOUR),
    ...overrides,
  };
}

const sample: AtRiskCustomer[] = [
  customer({}),
  customer({ customer_id: 'cust_globex', company_name: 'Globex', last_health_score: 18, predicted_churn_score: 0.91, risk_factors: ['Payment failed', 'Engagement score 22'], last_updated: ago(20 * 60_000) }),
  customer({ customer_id: 'cust_initech', company_name: 'Initech', last_health_score: 47, predicted_churn_score: 0.58, intervention_priority: 'high', risk_factors: ['Engagement score 28'], last_updated: ago(26 * HOUR) }),
  customer({ customer_id: 'cust_umbrella', company_name: 'Umbrella Corporation', last_health_score: 55, predicted_churn_score: null, intervention_priority: 'high', risk_factors: [], last_updated: ago(4 * 24 * HOUR) }),
  customer({ customer_id: 'cust_hooli', company_name: 'Hooli', last_health_score: 38, predicted_churn_score: 0.52, intervention_priority: 'high', risk_factors: ['High support tickets'], last_updated: ago(9 * 24 * HOUR) }),
];

const PRIORITY_CYCLE: Priority[] = ['critical', 'high', 'high'];
const FACTORS = ['Engagement score 22', 'Payment failed', 'Engagement score 28', 'No login in 14 days', 'High support tickets'];

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
class TableClient extends StoryClient<'echo'> {
  override async createIntervention(body: InterventionCreate): Promise<Intervention> {
    await answerLater();
    return createdIntervention(body, { id: `iv-${Date.now()}`, title: 'Intervention' });
  }
}

function table(args: Partial<Args>): AtRiskTable {
  const el = createWidget('at-risk-table', args);
  if (args.maxAtRiskCustomers !== undefined) el.maxAtRiskCustomers = args.maxAtRiskCustomers;
  if (args.sort) el.sort = args.sort;
  if (args.data) el.data = args.data;
  return el;
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
  args: { ...themeArgs, data: sample, maxAtRiskCustomers: 20, sort: '-priority' },
  argTypes: {
    ...themeArgTypes,
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

const stories = stateStories<Args>(table, render, { client: (mode) => new TableClient(mode), narrow: 320 });

/** Page data through `.data`, no server: the actions only fire `rk-action` (see the Actions panel). */
export const Default: Story = {};

/** With a client that records interventions after 600 ms: the pending state, then what was planned. */
export const WithServer: Story = {
  render: (args) => inProvider(table(args), { client: new TableClient('echo') }),
};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

export const Empty: Story = {
  args: { data: [] },
};

/** The live connection is down: the last data stays, with an indicator. */
export const Offline: Story = stories.Offline;

/** Inside a provider whose live connection is up: `customer_health_update` events move the rows. */
export const Live: Story = stories.Live;

export const Dark: Story = stories.Dark;

/** A 320 px container: the table scrolls sideways with the customer column kept in view. */
export const Narrow: Story = stories.Narrow;

export const RightToLeft: Story = stories.RightToLeft;

/**
 * 1,000 customers (`max-at-risk-customers="1000"`): only the rows in view are rendered, following
 * the page's scrolling, so sorting and searching stay immediate; `aria-rowcount` tells assistive
 * technology there are 1,001 rows (with the header).
 */
export const ManyRows: Story = {
  args: { data: many(1000), maxAtRiskCustomers: 1000 },
};

/** 1,000 customers in a table 480 px high (`--rk-table-max-height`): it scrolls under its sticky header; End goes to the last row. */
export const ManyRowsScrolling: Story = {
  args: { data: many(1000), maxAtRiskCustomers: 1000 },
  render: (args) => html`<div style="--rk-table-max-height: 480px">${render(args)}</div>`,
};
