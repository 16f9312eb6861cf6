import { consume } from '@lit/context';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ApiClient } from './api-client';
import { RkElement } from './base-element';
import { apiClientContext, liveStoreContext } from './context';
import type { DataHost } from './data-controller';
import { EventStream, type EventStreamOptions } from './event-stream';
import { RkErrorEvent, RkLiveStatusEvent } from './events';
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
  private ownClientApi: string | undefined;
  private ownStore: LiveStore | undefined;
  private ownStream: { key: string; detach: () => void } | undefined;

  get apiClient(): ApiClient | undefined {
    if (this.contextClient) return this.contextClient;
    if (this.api === undefined && this.token === undefined) return undefined;
    const api = this.api ?? '';
    if (!this.ownClient || this.ownClientApi !== api) {
      this.ownClient = new ApiClient({ api, token: () => this.token });
      this.ownClientApi = api;
    }
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
  protected liveFilter(): Pick<EventStreamOptions, 'types' | 'accountIds'> {
    return {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.syncOwnStream();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownStream?.detach();
    this.ownStream = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.syncOwnStream();
  }

  /** Opens, replaces or closes the widget's own event stream (only outside a provider, with `enable-live`). */
  private syncOwnStream(): void {
    const client = this.contextStore ? undefined : this.apiClient;
    const wanted = this.isConnected && this.enableLive && client !== undefined;
    const filter = this.liveFilter();
    const key = wanted ? JSON.stringify([client.api, filter.types ?? [], filter.accountIds ?? []]) : '';
    if (this.ownStream && this.ownStream.key === key) return;
    this.ownStream?.detach();
    this.ownStream = undefined;
    if (!wanted) return;
    const stream = new EventStream({
      client,
      store: this.liveStore,
      ...filter,
      onStatus: (status) => this.emit(new RkLiveStatusEvent(status)),
      onError: (error) => this.emit(new RkErrorEvent(error)),
    });
    this.ownStream = { key, detach: stream.attach() };
  }
}
