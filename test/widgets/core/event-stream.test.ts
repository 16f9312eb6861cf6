import { expect, waitUntil } from '@open-wc/testing';
import { ApiClient, ApiError } from '../../../widgets/core/api-client';
import { backoffDelay, EventStream, streamUrl } from '../../../widgets/core/event-stream';
import { LiveStore } from '../../../widgets/core/live-store';
import type { ConnectionStatus } from '../../../widgets/core/live-store';

describe('EventStream', () => {
  it('backs off exponentially from 1 s to 30 s with jitter', () => {
    const low = (attempt: number) => backoffDelay(attempt, 1_000, 30_000, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, 1_000, 30_000, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(high)).to.deep.equal([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect([0, 1, 5].map(low)).to.deep.equal([500, 1_000, 15_000]);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3);
      expect(d).to.be.within(4_000, 8_000);
    }
  });

  it('adds filters and the resume point to the ticket URL', () => {
    expect(streamUrl('/api/events?ticket=abc', {})).to.equal('/api/events?ticket=abc');
    expect(streamUrl('/api/events?ticket=abc', { types: ['customer_health_update', 'churn_alert'], accountIds: ['a', 'b'], lastEventId: 42 })).to.equal(
      '/api/events?ticket=abc&types=customer_health_update%2Cchurn_alert&account_ids=a%2Cb&last_event_id=42',
    );
    expect(streamUrl('/api/events', { lastEventId: 0 })).to.equal('/api/events?last_event_id=0');
  });

  it('goes offline and keeps retrying with fresh tickets when the ticket request fails, until stopped', async () => {
    const store = new LiveStore();
    const statuses: ConnectionStatus[] = [];
    const errors: Error[] = [];
    // The test server has no /api/events/ticket: every ticket request is a real 404.
    const stream = new EventStream({
      client: new ApiClient({ api: '', token: 't' }),
      store,
      minDelay: 20,
      maxDelay: 80,
      onStatus: (s) => statuses.push(s),
      onError: (e) => errors.push(e),
    });
    stream.start();
    expect(store.status.get()).to.equal('connecting');
    await waitUntil(() => errors.length >= 3, 'did not retry', { timeout: 5_000 });
    expect(store.status.get()).to.equal('offline');
    expect(errors[0]).to.be.instanceOf(ApiError);
    expect((errors[0] as ApiError).status).to.equal(404);
    stream.stop();
    const count = errors.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(errors.length).to.be.at.most(count + 1);
    expect(store.status.get()).to.equal('idle');
    expect(statuses).to.deep.equal(['connecting', 'offline', 'idle']);
  });

  it('runs only while some widget retains the store', async () => {
    const store = new LiveStore();
    const stream = new EventStream({ client: new ApiClient({ api: 'http://127.0.0.1:9' }), store, minDelay: 1_000 });
    const detach = stream.attach();
    await Promise.resolve();
    expect(stream.isRunning).to.equal(false);
    const release = store.retain();
    await Promise.resolve();
    expect(stream.isRunning).to.equal(true);
    release();
    await Promise.resolve();
    expect(stream.isRunning).to.equal(false);
    expect(store.status.get()).to.equal('idle');
    store.retain();
    await Promise.resolve();
    expect(stream.isRunning).to.equal(true);
    detach();
    expect(stream.isRunning).to.equal(false);
  });
});
