import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/churn-alerts/define';
import type { ChurnAlerts } from '../widgets/churn-alerts/churn-alerts';
import type { ChurnAlert } from '../widgets/core/types';
import type { RkProvider } from '../widgets/rk-provider/rk-provider';
import { ago, MINUTE } from '../test/widgets/support/fixtures';
import { createWidget, inProvider, inWidth, onDarkPage, rightToLeft, themeArgs, themeArgTypes, type ThemeArgs } from './support/helpers';

interface Args extends ThemeArgs {
  data: ChurnAlert[] | undefined;
  open: boolean;
  autoDismiss: number;
  showNotifications: boolean;
}

const sample: ChurnAlert[] = [
  { alert_id: 'al-1', account_id: 'cust_globex', company_name: 'Globex', severity: 'critical', title: 'Churn probability above 70%', message: 'Predicted churn rose from 48% to 74% after two missed QBRs.', created_at: ago(3 * MINUTE), acknowledged_at: null, acknowledged_by: null },
  { alert_id: 'al-2', account_id: 'cust_initech', company_name: 'Initech', severity: 'high', title: 'Health fell below 50', message: 'Health score fell from 62 to 44 in 7 days.', created_at: ago(25 * MINUTE), acknowledged_at: null, acknowledged_by: null },
  { alert_id: 'al-3', account_id: 'cust_umbrella', company_name: 'Umbrella Corp', severity: 'medium', title: 'Usage dropped 30%', message: 'Weekly active seats fell from 120 to 84.', created_at: ago(90 * MINUTE), acknowledged_at: null, acknowledged_by: null },
  { alert_id: 'al-4', account_id: 'cust_hooli', company_name: 'Hooli', severity: 'low', title: 'NPS response: 6', message: 'Down from 9 after the pricing change.', created_at: ago(5 * 60 * MINUTE), acknowledged_at: null, acknowledged_by: null },
];

function alerts(args: Args): ChurnAlerts {
  const el = createWidget('churn-alerts', args);
  if (args.data) el.data = args.data;
  el.open = args.open;
  el.autoDismiss = args.autoDismiss;
  el.showNotifications = args.showNotifications;
  return el;
}

let counter = 0;

/** A new alert in the provider's store every 4 s, as if the server sent it, until the story is left. */
function feed(provider: RkProvider): RkProvider {
  const severities = ['critical', 'high', 'medium', 'low'] as const;
  const timer = setInterval(() => {
    if (!provider.isConnected && counter > 0) {
      clearInterval(timer);
      return;
    }
    counter++;
    provider.store.apply({
      type: 'churn_alert',
      id: null,
      data: {
        alert_id: `live-${counter}-${Date.now()}`,
        account_id: `cust_${counter}`,
        company_name: `Live customer ${counter}`,
        severity: severities[counter % 4] ?? 'low',
        title: 'Health score dropped',
        message: `A live alert made by the story (${counter}).`,
        created_at: new Date().toISOString(),
        acknowledged_at: null,
        acknowledged_by: null,
      },
    });
  }, 4_000);
  return provider;
}

const render = (args: Args) =>
  html`<churn-alerts
    theme=${args.theme}
    locale=${ifDefined(args.locale || undefined)}
    ?open=${args.open}
    auto-dismiss=${args.autoDismiss}
    show-notifications=${args.showNotifications ? 'true' : 'false'}
    .data=${args.data}
  ></churn-alerts>`;

const meta: Meta<Args> = {
  title: 'Widgets/churn-alerts',
  component: 'churn-alerts',
  args: { ...themeArgs, data: sample, open: false, autoDismiss: 0, showNotifications: true },
  argTypes: {
    ...themeArgTypes,
    open: { control: 'boolean' },
    autoDismiss: { control: { type: 'number', min: 0, step: 1 } },
    showNotifications: { control: 'boolean' },
  },
  render,
};
export default meta;

type Story = StoryObj<Args>;

/** The bell with four unread alerts; press it for the panel. */
export const Default: Story = {};

export const Open: Story = {
  args: { open: true },
};

/** A new alert every 4 s: toasts, the badge, and (for critical ones) the live region; non-critical ones go after 10 s. */
export const Live: Story = {
  args: { autoDismiss: 10 },
  render: (args) => feed(inProvider(alerts(args), { status: 'live' })),
};

export const Loading: Story = {
  args: { open: true, data: undefined },
  render: (args) => inProvider(alerts(args), { status: 'connecting' }),
};

export const Error: Story = {
  args: { open: true, data: undefined },
  render: (args) => inProvider(alerts(args), { status: 'offline' }),
};

export const Empty: Story = {
  args: { open: true, data: [] },
};

export const Offline: Story = {
  args: { open: true },
  render: (args) => inProvider(alerts(args), { status: 'offline' }),
};

export const Dark: Story = {
  args: { theme: 'dark', open: true },
  render: (args) => onDarkPage(render(args)),
};

export const Narrow: Story = {
  args: { open: true },
  render: (args) => inWidth(render(args)),
};

export const RightToLeft: Story = {
  args: { locale: 'ar', open: true },
  render: (args) => rightToLeft(render(args)),
};
