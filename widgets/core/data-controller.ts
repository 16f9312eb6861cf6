import type { ReactiveController } from 'lit';
import { ApiError, type ApiClient } from './api-client';
import { RkErrorEvent } from './events';
import { LiveDemand, type LiveHost } from './live-demand';
import { arrivalMark } from './live-store';
import { sameValues } from './values';

/**
 * `idle`: nothing to load (no id, no data); `loading`: first load under way (show a skeleton);
 * `error`: the load failed (show the error and a retry button); `empty`: loaded, nothing to
 * show; `ready`: data to show. A failed *refresh* keeps `ready` and the last data (see `offline`).
 */
export type DataState = 'idle' | 'loading' | 'error' | 'empty' | 'ready';

/** What the controller needs from its element; `RkDataElement` provides all of it. */
export interface DataHost extends LiveHost, EventTarget {
  /** The client of the provider, or of the widget's own `api`/`token`; undefined when neither. */
  readonly apiClient: ApiClient | undefined;
  /** Seconds between refreshes; 0 or less: no polling. */
  readonly refreshInterval: number;
  /** No client yet, but one is coming (a provider still waiting for its token): wait, do not fail. */
  readonly awaitingClient?: boolean;
}

export interface DataControllerOptions<T> {
  /**
   * The load's arguments, read on every update: when they change (shallow compare) the
   * controller loads again; `null` means there is nothing to load (state `idle`).
   */
  args: () => readonly unknown[] | null;
  /** Fetches the data; must honour `signal`. */
  load: (client: ApiClient, signal: AbortSignal) => Promise<T>;
  /** Loaded but nothing to show. Default: never. */
  isEmpty?: (data: T) => boolean;
  /** Errors that mean "nothing to show" rather than a failure (e.g. a 404 for an unknown id). */
  emptyOn?: (error: Error) => boolean;
}

const sameArgs = (a: readonly unknown[] | null, b: readonly unknown[] | null) => a === b || (a !== null && b !== null && sameValues(a, b));

/**
 * Loads a widget's data and tracks its state. One per data source of a widget.
 *
 * - first load when connected (and again whenever `args()` or the client change);
 * - `refresh-interval` seconds: quiet reloads that keep the data on screen (skipped while the page is hidden);
 * - a `reset` live event (`store.refetch`): quiet reload;
 * - `set(data)`: data from the page, no server at all (`.data` property); `set(undefined)` goes back to loading;
 * - a refresh that fails for want of a network keeps the last data and turns `offline` on.
 *
 * Read `state`, `data`, `error`, `offline` and `live` in `render()`.
 */
export class DataController<T> implements ReactiveController {
  state: DataState = 'idle';
  data: T | undefined;
  /** The error of the failed load (state `error`) or of the last failed refresh. */
  error: Error | undefined;
  /**
   * The arrival mark taken when `data` was requested: live events that reached the store before
   * it are already in `data` (live-rule.ts). 0 for data the page gave.
   */
  since = 0;

  private readonly host: DataHost;
  private readonly options: DataControllerOptions<T>;
  private manual = false;
  private abort: AbortController | undefined;
  private lastArgs: readonly unknown[] | null = null;
  private lastClient: ApiClient | undefined;
  private lastRefetch: number | undefined;
  private loadedOnce = false;
  private refreshFailedOffline = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private timerSeconds = 0;
  private connected = false;

  constructor(host: DataHost, options: DataControllerOptions<T>) {
    this.host = host;
    this.options = options;
    host.addController(this);
    // The live stream runs while the widget is on the page and follows live events (for `reset`, and the Live badge).
    LiveDemand.of(host);
  }

  /** The last data is being shown while the network or the live connection is down. */
  get offline(): boolean {
    return this.refreshFailedOffline || (this.host.liveEnabled && this.host.liveStore.status.get() === 'offline');
  }

  /** Live events are arriving for this widget. */
  get live(): boolean {
    return this.host.liveEnabled && this.host.liveStore.status.get() === 'live';
  }

  /** Data given by the page: shown as is, nothing is fetched. `undefined` returns to fetching. */
  set(data: T | undefined): void {
    this.abort?.abort();
    this.abort = undefined;
    this.manual = data !== undefined;
    this.data = data;
    this.since = 0;
    this.error = undefined;
    this.refreshFailedOffline = false;
    this.state = data === undefined ? 'idle' : this.options.isEmpty?.(data) ? 'empty' : 'ready';
    this.loadedOnce = false;
    this.host.requestUpdate();
  }

  /** Loads again now: with the skeleton after an error, quietly (keeping the data) otherwise. */
  reload(): Promise<void> {
    if (this.manual) return Promise.resolve();
    return this.run(this.state === 'error' || this.data === undefined ? 'loud' : 'quiet');
  }

  hostConnected(): void {
    this.connected = true;
    this.syncPolling();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.abort?.abort();
    this.abort = undefined;
    this.syncPolling();
  }

  hostUpdate(): void {
    // Runs inside the element's update (and its signal tracking): reads only, no signal writes.
    const refetch = this.host.liveStore.refetch.get();
    this.syncPolling();
    if (this.manual) {
      this.lastRefetch = refetch;
      return;
    }
    const args = this.options.args();
    const client = this.host.apiClient;
    const argsChanged = !this.loadedOnce || !sameArgs(args, this.lastArgs) || client !== this.lastClient;
    const reset = this.lastRefetch !== undefined && refetch !== this.lastRefetch;
    this.lastRefetch = refetch;
    if (argsChanged) {
      this.lastArgs = args;
      this.lastClient = client;
      this.loadedOnce = true;
      if (args === null) {
        this.abort?.abort();
        this.abort = undefined;
        this.data = undefined;
        this.error = undefined;
        this.state = 'idle';
        return;
      }
      void this.run('loud', true);
    } else if (reset && args !== null) {
      void this.run('quiet', true);
    }
  }

  private async run(mode: 'loud' | 'quiet', inUpdate = false): Promise<void> {
    this.abort?.abort();
    const client = this.host.apiClient;
    if (!client) {
      this.abort = undefined;
      if (this.host.awaitingClient) {
        // Loads once the client arrives (a new client is new arguments, see hostUpdate).
        this.state = 'loading';
        this.data = undefined;
        this.error = undefined;
        if (!inUpdate) this.host.requestUpdate();
        return;
      }
      this.fail(new ApiError(0, 'not_configured', 'No server configured: set the api and token attributes, or place the widget inside <rk-provider>.'), inUpdate);
      return;
    }
    const abort = (this.abort = new AbortController());
    if (mode === 'loud') {
      this.state = 'loading';
      this.data = undefined;
      this.error = undefined;
      if (!inUpdate) this.host.requestUpdate();
    }
    const since = arrivalMark();
    try {
      const data = await this.options.load(client, abort.signal);
      if (abort !== this.abort) return;
      this.data = data;
      this.since = since;
      this.error = undefined;
      this.refreshFailedOffline = false;
      this.state = this.options.isEmpty?.(data) ? 'empty' : 'ready';
    } catch (caught) {
      if (abort !== this.abort || abort.signal.aborted) return;
      const error = caught instanceof Error ? caught : new Error(String(caught));
      if (this.options.emptyOn?.(error)) {
        this.data = undefined;
        this.since = since;
        this.error = undefined;
        this.state = 'empty';
      } else if (mode === 'quiet' && this.data !== undefined) {
        // A refresh failed: keep what is on screen.
        this.error = error;
        this.refreshFailedOffline = error instanceof ApiError && error.isNetworkError;
        this.host.dispatchEvent(new RkErrorEvent(error));
      } else {
        this.fail(error, false);
        return;
      }
    } finally {
      if (abort === this.abort) this.abort = undefined;
    }
    this.host.requestUpdate();
  }

  private fail(error: Error, inUpdate: boolean): void {
    this.data = undefined;
    this.error = error;
    this.state = 'error';
    if (inUpdate) {
      // Let the update finish before listeners run.
      queueMicrotask(() => this.host.dispatchEvent(new RkErrorEvent(error)));
    } else {
      this.host.requestUpdate();
      this.host.dispatchEvent(new RkErrorEvent(error));
    }
  }

  /** The polling timer follows the connection and `refresh-interval`. */
  private syncPolling(): void {
    const seconds = this.connected && !this.manual ? this.host.refreshInterval : 0;
    if (seconds === this.timerSeconds) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.timerSeconds = seconds;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        if (this.manual || this.abort || this.state === 'loading' || this.state === 'idle') return;
        if (globalThis.document?.visibilityState === 'hidden') return;
        void this.run(this.data === undefined ? 'loud' : 'quiet');
      }, seconds * 1000);
    }
  }
}
