import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/health-distribution/define';
import type { HealthCounts } from '../widgets/health-distribution/health-distribution';
import { HEALTH_COUNTS } from '../test/widgets/support/fixtures';
import { createWidget, stateStories, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: Partial<HealthCounts> | undefined;
}

function widget(args: Partial<Args>): HTMLElement {
  const el = createWidget('health-distribution', args);
  if (args.data) el.data = args.data;
  return el;
}

const render = (args: Args) =>
  html`<health-distribution theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></health-distribution>`;

const meta: Meta<Args> = {
  title: 'Widgets/health-distribution',
  component: 'health-distribution',
  args: { ...themeArgs, data: HEALTH_COUNTS },
  argTypes: themeArgTypes,
  render,
};
export default meta;

type Story = StoryObj<Args>;

const stories = stateStories<Args>(widget, render);

export const Default: Story = {};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

export const Empty: Story = {
  args: { data: { excellent: 0, good: 0, warning: 0, critical: 0, churn_risk: 0 } },
};

export const Offline: Story = stories.Offline;

export const Live: Story = stories.Live;

export const Dark: Story = stories.Dark;

export const Narrow: Story = stories.Narrow;

export const RightToLeft: Story = stories.RightToLeft;
