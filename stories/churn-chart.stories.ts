import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/churn-chart/define';
import type { ChurnTrend } from '../widgets/core/types';
import { trend } from '../test/widgets/support/fixtures';
import { createWidget, stateStories, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

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

// Dark, Narrow and RightToLeft without `months`: the chart shows its default 6.
const stories = stateStories<Args>(widget, (args) => render({ ...args, months: undefined }));

export const Default: Story = {};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

export const Empty: Story = {
  args: { data: { window: 3, months: [] } },
};

export const Offline: Story = stories.Offline;

export const Live: Story = stories.Live;

export const Dark: Story = stories.Dark;

export const Narrow: Story = stories.Narrow;

export const RightToLeft: Story = stories.RightToLeft;
