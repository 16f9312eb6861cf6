import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/churn-model-report/define';
import { ApiError } from '../widgets/core/api-client';
import type { ChurnModelRun, ChurnModelRunList } from '../widgets/core/types';
// The widget tests' fixtures: a model with AUC 0.82 against three baselines, a run with too few churners, one training, one failed.
import { churnModelRun, failedRun, insufficientRun, runningRun, scoreReport } from '../test/widgets/support/fixtures';
import { answerLater, createWidget, inProvider, stateStories, StoryClient, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: ChurnModelRunList | undefined;
  runId: number | undefined;
  topFeatures: number;
}

const list = (...runs: ChurnModelRun[]): ChurnModelRunList => ({ data: runs });

function widget(args: Partial<Args>) {
  const el = createWidget('churn-model-report', args);
  if (args.runId !== undefined) el.runId = args.runId;
  if (args.topFeatures) el.topFeatures = args.topFeatures;
  if (args.data) el.data = args.data;
  return el;
}

const render = (args: Args) =>
  html`<churn-model-report
    theme=${args.theme}
    locale=${ifDefined(args.locale || undefined)}
    run-id=${ifDefined(args.runId)}
    top-features=${args.topFeatures}
    .data=${args.data}
  ></churn-model-report>`;

/**
 * A server in the story: answers the runs, and trains and activates like an admin's token would
 * (`admin`), or refuses both like a csm's (`csm`: 403).
 */
class ModelClient extends StoryClient<'admin' | 'csm'> {
  private runs: ChurnModelRun[] = [insufficientRun({ id: 7, version: 'trained-7', insufficient_data: false, metrics: scoreReport(0.86) }), churnModelRun()];

  override async churnModels(): Promise<ChurnModelRunList> {
    return list(...this.runs);
  }

  override async trainChurnModel(): Promise<{ id: number; status: 'running' }> {
    await answerLater();
    if (this.mode === 'csm') throw new ApiError(403, 'forbidden', 'admin only');
    const id = Math.max(...this.runs.map((r) => r.id)) + 1;
    this.runs = [runningRun({ id, version: `trained-${id}` }), ...this.runs];
    // The story's run ends after 6 s, with a model that is not activated.
    setTimeout(() => (this.runs = this.runs.map((r) => (r.id === id ? churnModelRun({ id, version: `trained-${id}`, active: false, metrics: scoreReport(0.79) }) : r))), 6_000);
    return { id, status: 'running' };
  }

  override async activateChurnModel(id: number): Promise<{ run: ChurnModelRun; rescored: number }> {
    await answerLater();
    if (this.mode === 'csm') throw new ApiError(403, 'forbidden', 'admin only');
    this.runs = this.runs.map((r) => ({ ...r, active: r.id === id }));
    return { run: this.runs.find((r) => r.id === id)!, rescored: 500 };
  }
}

const meta: Meta<Args> = {
  title: 'Widgets/churn-model-report',
  component: 'churn-model-report',
  args: { ...themeArgs, data: list(insufficientRun(), failedRun(), churnModelRun()), runId: undefined, topFeatures: 10 },
  argTypes: {
    ...themeArgTypes,
    runId: { control: 'select', options: [undefined, 3, 4, 5] },
    topFeatures: { control: { type: 'range', min: 1, max: 12 } },
  },
  render,
};
export default meta;

type Story = StoryObj<Args>;

const stories = stateStories<Args>(widget, render, { narrow: 320 });

/** The model that scores (boosted trees, AUC 0.82) against the three baselines, with the runs below. */
export const Default: Story = {};

/** Fewer than 30 churned test examples: the run says how many more are needed, its figures still shown. */
export const InsufficientData: Story = { args: { runId: 5 } };

/**
 * A customer table exported today, its churns all in the last weeks: no earlier outcomes to test a later
 * period on, so a fifth of the accounts were held out instead, and the summary says so.
 */
export const HeldOutAccounts: Story = { args: { data: list(churnModelRun({ holdout: 'accounts', active: false })) } };

/** A run still training: the report says so and polls until it ends. */
export const Running: Story = { args: { data: list(runningRun(), churnModelRun()), runId: 6 } };

/** A run that failed, with its error. */
export const Failed: Story = { args: { runId: 4 } };

/** The five most important features only. */
export const TopFiveFeatures: Story = { args: { topFeatures: 5 } };

/** With an admin's token: "Train a new model" starts a run (it ends after 6 s), "Score with this model" activates the chosen one. */
export const Admin: Story = { render: (args) => inProvider(widget({ ...args, data: undefined, runId: 7 }), { client: new ModelClient('admin') }) };

/** With a csm's token: training and activation are refused (403), in words. */
export const Refused: Story = { render: (args) => inProvider(widget({ ...args, data: undefined, runId: 7 }), { client: new ModelClient('csm') }) };

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

/** No run yet. */
export const Empty: Story = { args: { data: list() } };

export const Offline: Story = stories.Offline;

export const Live: Story = stories.Live;

export const Dark: Story = stories.Dark;

export const Narrow: Story = stories.Narrow;

export const RightToLeft: Story = stories.RightToLeft;
