import { consume } from '@lit/context';
import { property, state } from 'lit/decorators.js';
import type { ApiClient } from './api-client';
import { RkElement } from './base-element';
import { clientFor, LiveConnection, type LiveFilter } from './connection';
import { apiClientContext, liveStoreContext } from './context';
import type { DataHost } from './data-controller';
import { LiveStore, SignalWatcher } from './live-store';

/** `enable-live`, `enable-live="true"`: on; absent or `enable-live="false"`: off. */
export const booleanish = {
  fromAttribute: (value: string | null) => value !== null && value.trim().toLowerCase() !== 'false',
  toAttribute: (value: boolean) => (value ? '' : null),
};

/**
 * Base class of the data widgets. Finds its server and live store in an enclosing
 * `<rk-provider>`; outside one it makes its own from its `api` and `token` attributes (and, with
 * `enable-live`, its own event stream). Pair it with a `DataController` per data source.
 */
export class RkDataElement extends SignalWatcher(RkElement) implements DataHost {
  /** Server base URL when not inside `<rk-provider>` (e.g. `https://cs.example.com`; empty: this page's origin). */
  @property() api: string | undefined;

  /** Bearer token when not inside `<rk-provider>`. */
  @property() token: string | undefined;

  /** Seconds between background refreshes; 0 (default) polls never. */
  @property({ attribute: 'refresh-interval', type: Number }) refreshInterval = 0;

  /**
   * Follow live events. Outside a provider the widget opens its own connection; inside one the
   * provider's `enable-live` decides whether there is a connection at all.
   */
  @property({ attribute: 'enable-live', reflect: true, converter: booleanish }) enableLive = false;

  @consume({ context: apiClientContext, subscribe: true })
  @state()
  protected contextClient: ApiClient | undefined;

  @consume({ context: liveStoreContext, subscribe: true })
  @state()
  protected contextStore: LiveStore | undefined;

  private ownClient: ApiClient | undefined;
  private ownStore: LiveStore | undefined;

  /** The widget's own event stream: only outside a provider, with `enable-live`. */
  private readonly ownConnection = new LiveConnection(this, () => {
    const client = this.contextStore || !this.enableLive ? undefined : this.apiClient;
    return client && { client, store: this.liveStore, filter: this.liveFilter() };
  });

  get apiClient(): ApiClient | undefined {
    if (this.contextClient) return this.contextClient;
    if (this.api === undefined && this.token === undefined) return undefined;
    this.ownClient = clientFor(this.ownClient, this.api ?? '', () => this.token);
    return this.ownClient;
  }

  /** Inside a provider that has no client yet (it has no token): the widget waits for one. */
  get awaitingClient(): boolean {
    return this.contextStore !== undefined && this.apiClient === undefined;
  }

  get liveStore(): LiveStore {
    return this.contextStore ?? (this.ownStore ??= new LiveStore());
  }

  get liveEnabled(): boolean {
    return this.contextStore !== undefined || this.enableLive;
  }

  /** Server-side filter of the widget's own stream (outside a provider); override to narrow it. */
  protected liveFilter(): LiveFilter {
    return {};
  }
}
