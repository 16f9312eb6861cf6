import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../widgets/index';
import type { HealthGauge } from '../../widgets/health-gauge/health-gauge';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { healthResponse } from './support/fixtures';

describe('<rk-provider>', () => {
  it('gives the widgets inside one client and one store, and a new client when api changes', async () => {
    const provider = await fixture<RkProvider>(html`<rk-provider api="https://cs.example.com/" token="t1">
      <health-gauge score="10"></health-gauge><div><health-gauge score="90"></health-gauge></div>
    </rk-provider>`);
    const [a, b] = [...provider.querySelectorAll('health-gauge')] as HealthGauge[];
    expect(a?.apiClient).to.equal(provider.client);
    expect(b?.apiClient).to.equal(provider.client);
    expect(a?.liveStore).to.equal(provider.store);
    expect(provider.client?.url('/api/x')).to.equal('https://cs.example.com/api/x');
    expect(getComputedStyle(provider).display).to.equal('contents');

    const first = provider.client;
    provider.token = 't2';
    await provider.updateComplete;
    expect(provider.client).to.equal(first);
    provider.api = 'https://other.example.com';
    await provider.updateComplete;
    expect(provider.client).to.not.equal(first);
    expect(a?.apiClient).to.equal(provider.client);
  });

  it('holds its widgets in their loading state, sending nothing, until it has a token', async () => {
    const requests = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/customer-success/health/cust_wait')).length;
    const provider = await fixture<RkProvider>(html`<rk-provider><health-gauge customer-id="cust_wait"></health-gauge></rk-provider>`);
    const gauge = provider.querySelector('health-gauge') as HealthGauge;
    await aTimeout(300);
    expect([provider.client, gauge.state, requests()]).to.deep.equal([undefined, 'loading', 0]);

    // The test server has no /api routes: the first real request fails, which shows it was sent.
    provider.token = 'late';
    await waitUntil(() => gauge.state === 'error', 'no request once the token came', { timeout: 5_000 });
    expect(requests()).to.equal(1);
    expect(gauge.apiClient).to.equal(provider.client);

    provider.token = undefined;
    await provider.updateComplete;
    expect(provider.client).to.equal(undefined);
  });

  it('with enable-live: connects while a widget follows, reports its status, stops when none does', async () => {
    const statuses: string[] = [];
    // The test server has no ticket endpoint: connecting fails, and the stream retries.
    const provider = await fixture<RkProvider>(html`<rk-provider api="" token="t" enable-live @rk-live-status=${(e: Event & { status: string }) => statuses.push(e.status)}>
      <health-gauge customer-id="cust_acme" .data=${healthResponse()}></health-gauge>
    </rk-provider>`);
    await waitUntil(() => statuses.includes('offline'), 'never went offline', { timeout: 5_000 });
    expect(statuses.slice(0, 2)).to.deep.equal(['connecting', 'offline']);
    expect(provider.store.demandCount).to.equal(1);

    provider.querySelector('health-gauge')?.remove();
    await waitUntil(() => statuses.at(-1) === 'idle', 'did not stop', { timeout: 2_000 });
    expect(provider.store.status.get()).to.equal('idle');
  });
});
