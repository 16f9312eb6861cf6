import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/playbook-impact/define';
import type { PlaybookImpactReport } from '../widgets/core/types';
import type { ImpactGrouping } from '../widgets/playbook-impact/playbook-impact';
// The widget tests' fixtures: a play that halves churn, one that does nothing, one below the minimum counts.
import { impactGroup, impactReport, triggerImpact } from '../test/widgets/support/fixtures';
import { createWidget, stateStories, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: PlaybookImpactReport | undefined;
  groupBy: ImpactGrouping;
  sort: string;
}

function widget(args: Partial<Args>): HTMLElement {
  const el = createWidget('playbook-impact', args);
  if (args.groupBy) el.groupBy = args.groupBy;
  if (args.sort) el.sort = args.sort;
  if (args.data) el.data = args.data;
  return el;
}

const render = (args: Args) =>
  html`<playbook-impact
    theme=${args.theme}
    locale=${ifDefined(args.locale || undefined)}
    group-by=${args.groupBy}
    sort=${args.sort}
    .data=${args.data}
  ></playbook-impact>`;

const meta: Meta<Args> = {
  title: 'Widgets/playbook-impact',
  component: 'playbook-impact',
  args: { ...themeArgs, data: impactReport(), groupBy: 'trigger', sort: '-uplift' },
  argTypes: {
    ...themeArgTypes,
    groupBy: { control: 'inline-radio', options: ['trigger', 'type'] },
    sort: { control: 'select', options: ['-uplift', 'uplift', '-treated', 'treated', '-held-out', 'held-out'] },
  },
  render,
};
export default meta;

type Story = StoryObj<Args>;

const stories = stateStories<Args>(widget, render, { narrow: 360 });

/** A play that halves churn, one with no measurable effect, one below the minimum counts; interim and manual figures below. */
export const Default: Story = {};

/** One row per intervention type, over every trigger opening it. */
export const ByInterventionType: Story = { args: { groupBy: 'type' } };

/** Sorted by the held-out firings, most first. */
export const SortedByControlCount: Story = { args: { sort: '-held-out' } };

/** Every play below the minimum counts: the figures stay, each row says so. */
export const InsufficientEvidence: Story = {
  args: {
    data: impactReport({
      by_trigger: [
        triggerImpact({
          trigger_id: 'trg_new',
          trigger_name: 'Usage drop call',
          treated: impactGroup(12, 3),
          held_out: impactGroup(2, 1),
          churn_difference: { estimate: -0.25, lower: -0.7, upper: 0.2 },
          saved_arr: { estimate: 90_000, lower: -70_000, upper: 250_000 },
          insufficient_evidence: true,
          evidence_note: 'Insufficient evidence: 12 treated (20 needed) and 2 held-out (10 needed) firings with a closed window',
        }),
        triggerImpact({
          trigger_id: 'trg_none',
          trigger_name: 'Renewal reminder',
          intervention_type: 'automated_email',
          treated: impactGroup(0, 0),
          held_out: impactGroup(0, 0),
          churn_difference: null,
          saved_arr: null,
          insufficient_evidence: true,
          evidence_note: 'No firing with a closed window yet',
        }),
      ],
      by_intervention_type: [],
    }),
  },
};

/** A play that makes churn worse: its interval lies wholly on the harmful side of zero. */
export const Harmful: Story = {
  args: {
    data: impactReport({
      by_trigger: [
        triggerImpact({ trigger_id: 'trg_call', trigger_name: 'Health check call for high risk' }),
        triggerImpact({
          trigger_id: 'trg_nag',
          trigger_name: 'Daily usage nudge',
          intervention_type: 'automated_email',
          treated: impactGroup(800, 240),
          held_out: impactGroup(200, 36),
          churn_difference: { estimate: 0.12, lower: 0.06, upper: 0.17 },
          saved_arr: { estimate: -300_000, lower: -430_000, upper: -150_000 },
          evidence_note: '800 treated and 200 held-out firings with a closed window',
        }),
      ],
    }),
  },
};

/** Only interim figures: no outcome window has closed yet. */
export const InterimOnly: Story = {
  args: { data: { ...impactReport(), by_trigger: [], by_intervention_type: [], manual: { causal_claim: false, note: '', by_type: [] } } },
};

export const Loading: Story = stories.Loading;

export const Error: Story = stories.Error;

/** No play has fired. */
export const Empty: Story = {
  args: {
    data: impactReport({
      by_trigger: [],
      by_intervention_type: [],
      interim: { note: '', by_trigger: [], by_intervention_type: [] },
      manual: { causal_claim: false, note: '', by_type: [] },
    }),
  },
};

export const Offline: Story = stories.Offline;

export const Live: Story = stories.Live;

export const Dark: Story = stories.Dark;

export const Narrow: Story = stories.Narrow;

export const RightToLeft: Story = stories.RightToLeft;
