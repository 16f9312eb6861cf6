import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { property } from 'lit/decorators.js';
import { ApiError } from '../../../widgets/core/api-client';
import { DataController } from '../../../widgets/core/data-controller';
import { RkDataElement } from '../../../widgets/core/data-element';
import '../../../widgets/rk-provider/define';
import type { RkProvider } from '../../../widgets/rk-provider/rk-provider';

/** A load the test resolves or rejects by hand (the controller's own injection point; fetch is not touched). */
class Loads {
  calls: string[] = [];
  private pending: { resolve: (v: string[]) => void; reject: (e: Error) => void }[] = [];
  load = (id: string, signal: AbortSignal) =>
    new Promise<string[]>((resolve, reject) => {
      this.calls.push(id);
      this.pending.push({ resolve, reject });
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  resolve(value: string[]) {
    this.pending.shift()?.resolve(value);
  }
  reject(error: Error) {
    this.pending.shift()?.reject(error);
  }
}

class TestWidget extends RkDataElement {
  @property() item: string | undefined;
  loads = new Loads();
  ctl = new DataController<string[]>(this, {
    args: () => (this.item ? [this.item] : null),
    load: (_client, signal) => this.loads.load(this.item ?? '', signal),
    isEmpty: (rows) => rows.length === 0,
  });
  override render() {
    return html`<p>${this.ctl.state}${this.ctl.offline ? ' offline' : ''}${this.ctl.live ? ' live' : ''}</p>`;
  }
}
TestWidget.define('rk-test-data');

const settle = async (el: TestWidget) => {
  await aTimeout(0);
  await el.updateComplete;
};

describe('DataController', () => {
  it('goes loading → ready, and loads again when its arguments change (aborting the old load)', async () => {
    const el = await fixture<TestWidget>(html`<rk-test-data api="" item="a"></rk-test-data>`);
    expect(el.ctl.state).to.equal('loading');
    el.loads.resolve(['x']);
    await settle(el);
    expect([el.ctl.state, el.ctl.data]).to.deep.equal(['ready', ['x']]);
    el.item = 'b';
    await el.updateComplete;
    expect(el.ctl.state).to.equal('loading');
    el.item = 'c';
    await el.updateComplete;
    expect(el.loads.calls).to.deep.equal(['a', 'b', 'c']);
    el.loads.reject(new Error('should be ignored: aborted'));
    el.loads.resolve([]);
    await settle(el);
    expect(el.ctl.state).to.equal('empty');
  });

  it('is idle with nothing to load', async () => {
    const el = await fixture<TestWidget>(html`<rk-test-data api=""></rk-test-data>`);
    expect(el.ctl.state).to.equal('idle');
    expect(el.loads.calls).to.deep.equal([]);
  });

  it('shows an error, then loads again on reload()', async () => {
    const el = await fixture<TestWidget>(html`<rk-test-data api="" item="a"></rk-test-data>`);
    let events = 0;
    el.addEventListener('rk-error', () => events++);
    el.loads.reject(new ApiError(500, 'internal_error', 'boom'));
    await settle(el);
    expect([el.ctl.state, el.ctl.error?.message, events]).to.deep.equal(['error', 'boom', 1]);
    const again = el.ctl.reload();
    expect(el.ctl.state).to.equal('loading');
    el.loads.resolve(['y']);
    await again;
    expect(el.ctl.state).to.equal('ready');
  });

  it('refreshes every refresh-interval seconds, keeping the data; a network failure turns offline on', async () => {
    const el = await fixture<TestWidget>(html`<rk-test-data api="" item="a" refresh-interval="0.05"></rk-test-data>`);
    el.loads.resolve(['first']);
    await settle(el);
    await waitUntil(() => el.loads.calls.length === 2, 'no refresh', { timeout: 2_000 });
    expect(el.ctl.state).to.equal('ready');
    el.loads.reject(new ApiError(0, 'network_error', 'down'));
    await settle(el);
    expect([el.ctl.state, el.ctl.data, el.ctl.offline]).to.deep.equal(['ready', ['first'], true]);
    expect(el.shadowRoot?.textContent).to.contain('ready offline');
    await waitUntil(() => el.loads.calls.length === 3, 'no second refresh', { timeout: 2_000 });
    el.loads.resolve(['second']);
    await settle(el);
    expect([el.ctl.data, el.ctl.offline]).to.deep.equal([['second'], false]);
    el.refreshInterval = 0;
    await el.updateComplete;
    const calls = el.loads.calls.length;
    await aTimeout(150);
    expect(el.loads.calls.length).to.equal(calls);
  });

  it('uses data set by the page and fetches nothing', async () => {
    const el = await fixture<TestWidget>(html`<rk-test-data item="a"></rk-test-data>`);
    el.ctl.set(['given']);
    await el.updateComplete;
    expect([el.ctl.state, el.ctl.data]).to.deep.equal(['ready', ['given']]);
    el.ctl.set([]);
    expect(el.ctl.state).to.equal('empty');
  });

  it('inside a provider: holds the live stream, follows its status, reloads quietly on reset', async () => {
    const provider = await fixture<RkProvider>(html`<rk-provider token="t"><rk-test-data item="a"></rk-test-data></rk-provider>`);
    const el = provider.querySelector('rk-test-data') as TestWidget;
    expect(el.liveStore).to.equal(provider.store);
    expect(el.apiClient).to.equal(provider.client);
    expect(provider.store.demandCount).to.equal(1);
    el.loads.resolve(['x']);
    await settle(el);
    provider.store.status.set('live');
    await settle(el);
    expect(el.shadowRoot?.textContent).to.contain('ready live');
    provider.store.apply({ type: 'reset', id: 1, data: { reason: 'test' } });
    await settle(el);
    expect(el.loads.calls).to.deep.equal(['a', 'a']);
    expect(el.ctl.state).to.equal('ready');
    el.remove();
    expect(provider.store.demandCount).to.equal(0);
  });
});
