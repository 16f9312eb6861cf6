import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../widgets/rk-provider/define';
import '../widgets/churn-alerts/define';
import type { RkTheme } from '../widgets/core/base-element';
import type { ConnectionStatus } from '../widgets/core/live-store';
import type { ChurnAlert } from '../widgets/core/types';

interface Args {
  theme: RkTheme;
  locale: string | undefined;
  data: ChurnAlert[] | undefined;
  open: boolean;
  autoDismiss: number;
  showNotifications: boolean;
}

const MINUTE = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const sample: ChurnAlert[] = [
  { alert_id: 'al-1', account_id: 'cust_globex', company_name: 'Globex', severity: 'critical', title: 'Churn probability above 70%', message: 'Predicted churn rose from 48% to 74% after two missed QBRs.', created_at: ago(3 * MINUTE) },
  { alert_id: 'al-2', account_id: 'cust_initech', company_name: 'Initech', severity: 'high', title: 'Health fell below 50', message: 'Health score fell from 62 to 44 in 7 days.', created_at: ago(25 * MINUTE) },
  { alert_id: 'al-3', account_id: 'cust_umbrella', company_name: 'Umbrella Corp', severity: 'medium', title: 'Usage dropped 30%', message: 'Weekly active seats fell from 120 to 84.', created_at: ago(90 * MINUTE) },
  { alert_id: 'al-4', account_id: 'cust_hooli', company_name: '<img src=x onerror=alert(1)>', severity: 'low', title: 'NPS response: 6', message: 'Shown as text, not as an image.', created_at: ago(5 * 60 * MINUTE) },
];

let counter = 0;

/** `<rk-provider>` with a live status set by hand and, for `feed`, a new alert every 4 s (no server). */
function inProvider(args: Args, options: { status?: ConnectionStatus; feed?: boolean }): HTMLElement {
  const provider = document.createElement('rk-provider');
  if (options.status) provider.store.status.set(options.status);
  const el = document.createElement('churn-alerts');
  el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  if (args.data) el.data = args.data;
  el.open = args.open;
  el.autoDismiss = args.autoDismiss;
  el.showNotifications = args.showNotifications;
  provider.append(el);
  if (options.feed) {
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
        },
      });
    }, 4_000);
  }
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
  args: { theme: 'auto', locale: undefined, data: sample, open: false, autoDismiss: 0, showNotifications: true },
  argTypes: {
    theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
    locale: { control: 'text' },
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
  render: (args) => inProvider(args, { status: 'live', feed: true }),
};

export const Loading: Story = {
  args: { open: true, data: undefined },
  render: (args) => inProvider(args, { status: 'connecting' }),
};

export const Error: Story = {
  args: { open: true, data: undefined },
  render: (args) => inProvider(args, { status: 'offline' }),
};

export const Empty: Story = {
  args: { open: true, data: [] },
};

export const Offline: Story = {
  args: { open: true },
  render: (args) => inProvider(args, { status: 'offline' }),
};

export const Dark: Story = {
  args: { theme: 'dark', open: true },
  render: (args) => html`<div style="background: #121212; padding: 16px">${render(args)}</div>`,
};

export const Narrow: Story = {
  args: { open: true },
  render: (args) => html`<div style="width: 300px">${render(args)}</div>`,
};

export const RightToLeft: Story = {
  args: { locale: 'ar', open: true },
  render: (args) => html`<div dir="rtl" lang="ar">${render(args)}</div>`,
};
