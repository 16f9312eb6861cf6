import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/churn-chart/define';
import type { ChurnTrend } from '../widgets/core/types';
import { trend } from '../test/widgets/support/fixtures';
import { createWidget, inProvider, inWidth, onDarkPage, rightToLeft, StoryClient, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  months: number;
  data: ChurnTrend | undefined;
}

const sample: ChurnTrend = trend();

function widget(args: Partial<Args>): HTMLElement {
  const el = createWidget('churn-chart', args);
  if (args.months) el.months = args.months;
  if (args.data) el.data = args.data;
  return el;
}

/** The chart; without `months` (as in the Dark, Narrow and RightToLeft stories) it shows its default 6. */
const render = (args: Omit<Args, 'months'> & { months?: number }) =>
  html`<churn-chart theme=${args.theme} locale=${ifDefined(args.locale || undefined)} months=${ifDefined(args.months)} .data=${args.data}></churn-chart>`;

const meta: Meta<Args> = {
  title: 'Widgets/churn-chart',
  component: 'churn-chart',
  args: { ...themeArgs, months: 6, data: sample },
  argTypes: {
    ...themeArgTypes,
    months: { control: { type: 'number', min: 1, max: 36 } },
  },
  render,
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
  render: (args) => onDarkPage(render({ ...args, months: undefined })),
};

export const Narrow: Story = {
  render: (args) => inWidth(render({ ...args, months: undefined })),
};

export const RightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => rightToLeft(render({ ...args, months: undefined })),
};
