import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/health-history-chart/define';
import type { HealthHistory } from '../widgets/core/types';
import { portfolioHistory } from '../test/widgets/support/fixtures';
import { createWidget, stateStories, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: HealthHistory | undefined;
}

function widget(args: Partial<Args>): HTMLElement {
  const el = createWidget('health-history-chart', args);
  if (args.data) el.data = args.data;
  return el;
}

const render = (args: Args) =>
  html`<health-history-chart theme=${args.theme} locale=${ifDefined(args.locale || undefined)} .data=${args.data}></health-history-chart>`;

const meta: Meta<Args> = {
  title: 'Widgets/health-history-chart',
  component: 'health-history-chart',
  args: { ...themeArgs, data: portfolioHistory() },
  argTypes: { ...themeArgTypes },
  render,
};
export default meta;

type Story = StoryObj<Args>;

const stories = stateStories<Args>(widget, render);

export const Default: Story = {};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

export const Empty: Story = { args: { data: portfolioHistory([]) } };

export const Offline: Story = stories.Offline;

export const Live: Story = stories.Live;

export const Dark: Story = stories.Dark;

export const Narrow: Story = stories.Narrow;

export const RightToLeft: Story = stories.RightToLeft;
