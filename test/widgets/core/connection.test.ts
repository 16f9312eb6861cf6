import { aTimeout, expect, fixture, html } from '@open-wc/testing';
import '../../../widgets/index';
import type { ChurnAlerts } from '../../../widgets/churn-alerts/churn-alerts';
import { ApiClient } from '../../../widgets/core/api-client';
import { clientFor } from '../../../widgets/core/connection';
import type { HealthGauge } from '../../../widgets/health-gauge/health-gauge';
import type { RkProvider } from '../../../widgets/rk-provider/rk-provider';
import { healthResponse } from '../support/fixtures';

describe('connection', () => {
  it('clientFor keeps a client while the api is the same, trailing slashes aside', () => {
    const token = () => 't';
    const client = clientFor(undefined, 'https://cs.example.com', token);
    expect(client).to.be.instanceOf(ApiClient);
    expect(clientFor(client, 'https://cs.example.com/', token)).to.equal(client);
    expect(clientFor(client, 'https://cs.example.com//', token)).to.equal(client);
    expect(clientFor(client, 'https://other.example.com', token)).to.not.equal(client);
  });

  it('a standalone widget and a provider treat a trailing slash alike: the same client', async () => {
    const gauge = await fixture<HealthGauge>(html`<health-gauge api="https://cs.example.com" token="t" score="50"></health-gauge>`);
    const provider = await fixture<RkProvider>(html`<rk-provider api="https://cs.example.com" token="t"></rk-provider>`);
    const before = [gauge.apiClient, provider.client];
    gauge.api = 'https://cs.example.com/';
    provider.api = 'https://cs.example.com/';
    await gauge.updateComplete;
    await provider.updateComplete;
    expect([gauge.apiClient, provider.client]).to.deep.equal(before);
    expect(gauge.apiClient?.url('/api/x')).to.equal('https://cs.example.com/api/x');
  });

  it('a data widget and <churn-alerts> hold the live stream alike, while they are on the page', async () => {
    const provider = await fixture<RkProvider>(html`<rk-provider token="t">
      <health-gauge .data=${healthResponse()}></health-gauge><churn-alerts></churn-alerts>
    </rk-provider>`);
    const gauge = provider.querySelector('health-gauge') as HealthGauge;
    const alerts = provider.querySelector('churn-alerts') as ChurnAlerts;
    await gauge.updateComplete;
    await alerts.updateComplete;
    expect(provider.store.demandCount).to.equal(2);
    alerts.remove();
    expect(provider.store.demandCount).to.equal(1);
    provider.append(alerts);
    await aTimeout(0);
    expect(provider.store.demandCount).to.equal(2);
    gauge.remove();
    alerts.remove();
    expect(provider.store.demandCount).to.equal(0);
  });
});
