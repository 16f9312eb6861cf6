import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../widgets/health-gauge/define';
import '../widgets/kpi-summary/define';
import { finance, healthResponse, kpis } from '../test/widgets/support/fixtures';
import { createWidget, inProvider } from './support/helpers';

/**
 * `<rk-provider>`'s page is stories/rk-provider.mdx (attached to this file, hence no autodocs):
 * what it provides, its attributes, one provider for many widgets.
 */
const meta: Meta = {
  title: 'Widgets/rk-provider',
  component: 'rk-provider',
  tags: ['!autodocs'],
};
export default meta;

type Story = StoryObj;

/**
 * Two widgets under one provider whose live connection is up: both show the provider's one
 * status (no server here, so the page gives them their data).
 */
export const ManyWidgets: Story = {
  render: () => {
    const summary = createWidget('kpi-summary', {});
    summary.data = { kpis: kpis(), finance: finance() };
    const gauge = createWidget('health-gauge', {});
    gauge.data = healthResponse();
    const provider = inProvider(summary, { status: 'live' });
    provider.append(gauge);
    return provider;
  },
};
