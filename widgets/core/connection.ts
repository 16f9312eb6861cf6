/**
 * The one place a widget's server connection is made, for `<rk-provider>` and for a widget standing
 * alone alike: the API client of an `api` and a token, and the live event stream into a store.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiClient } from './api-client';
import { EventStream, type EventStreamOptions } from './event-stream';
import { RkErrorEvent, RkLiveStatusEvent } from './events';
import type { LiveStore } from './live-store';

/** The server-side filters of a stream. */
export type LiveFilter = Pick<EventStreamOptions, 'types' | 'accountIds'>;

/**
 * `client` while it serves `api` (trailing slashes aside), else a new client for `api` that reads
 * the token at each request: a new token never needs a new client.
 */
export function clientFor(client: ApiClient | undefined, api: string, token: () => string | undefined): ApiClient {
  return client?.api === ApiClient.base(api) ? client : new ApiClient({ api, token });
}

/** What a stream needs; undefined when the host wants none. */
export interface StreamWish {
  client: ApiClient;
  store: LiveStore;
  filter?: LiveFilter;
}

/**
 * The event stream an element owns: opened when `wish()` names a client, replaced when the client,
 * store or filter change, closed when it names none or the element leaves the page. The
 * stream runs while some widget retains the store (`LiveDemand`); its status and errors are fired
 * from the element as `rk-live-status` and `rk-error`.
 */
export class LiveConnection implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly wish: () => StreamWish | undefined;
  private open: { wish: StreamWish; filterKey: string; detach: () => void } | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, wish: () => StreamWish | undefined) {
    this.host = host;
    this.wish = wish;
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdated(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.open?.detach();
    this.open = undefined;
  }

  private sync(): void {
    // An element updated while out of the page wants no stream.
    const wish = this.host.isConnected ? this.wish() : undefined;
    const filterKey = JSON.stringify([wish?.filter?.types ?? [], wish?.filter?.accountIds ?? []]);
    const open = this.open;
    if (open && wish && open.wish.client === wish.client && open.wish.store === wish.store && open.filterKey === filterKey) return;
    this.hostDisconnected();
    if (!wish) return;
    const stream = new EventStream({
      client: wish.client,
      store: wish.store,
      ...wish.filter,
      onStatus: (status) => this.host.dispatchEvent(new RkLiveStatusEvent(status)),
      onError: (error) => this.host.dispatchEvent(new RkErrorEvent(error)),
    });
    this.open = { wish, filterKey, detach: stream.attach() };
  }
}
