/**
 * The live connection: ticket → EventSource → LiveStore, reconnecting with backoff.
 *
 * 1. POST /api/events/ticket with the bearer token → `{ticket, url}`;
 * 2. `new EventSource(api + url [+ &types=… &account_ids=…] [+ &last_event_id=N])`;
 * 3. each event is parsed and handed to `store.apply()` (a `reset` bumps `store.refetch`);
 * 4. on error: close, wait 1 s → 2 s → 4 s … 30 s (with jitter), fetch a fresh ticket and resume
 *    after the last event id;
 * 5. `attach()` runs the connection only while some widget holds `store.retain()`.
 */
import { ApiError, type ApiClient } from './api-client';
import type { ConnectionStatus, LiveStore } from './live-store';
import { STREAM_EVENT_TYPES, type LiveEvent, type LiveEventType, type StreamEventType } from './types';

export interface EventStreamOptions {
  client: ApiClient;
  store: LiveStore;
  /** Server-side filter: only these event types (`reset` always comes). */
  types?: readonly LiveEventType[];
  /** Server-side filter: only events of these accounts. */
  accountIds?: readonly string[];
  /** First retry delay, ms. */
  minDelay?: number;
  /** Longest retry delay, ms. */
  maxDelay?: number;
  onStatus?: (status: ConnectionStatus) => void;
  onError?: (error: Error) => void;
}

/**
 * Delay before retry number `attempt` (0-based): min × 2^attempt capped at max, then "equal
 * jitter" (half fixed, half random) so that many dashboards do not reconnect in step.
 */
export function backoffDelay(attempt: number, minDelay = 1_000, maxDelay = 30_000, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelay, minDelay * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Appends filters and the resume point to the ticket's URL. */
export function streamUrl(ticketUrl: string, filters: { types?: readonly string[]; accountIds?: readonly string[]; lastEventId?: number | null }): string {
  const extra = new URLSearchParams();
  if (filters.types?.length) extra.set('types', filters.types.join(','));
  if (filters.accountIds?.length) extra.set('account_ids', filters.accountIds.join(','));
  if (filters.lastEventId !== undefined && filters.lastEventId !== null) extra.set('last_event_id', String(filters.lastEventId));
  const query = extra.toString();
  if (!query) return ticketUrl;
  return `${ticketUrl}${ticketUrl.includes('?') ? '&' : '?'}${query}`;
}

export class EventStream {
  private readonly options: EventStreamOptions;
  private running = false;
  private source: EventSource | undefined;
  private abort: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private detachDemand: (() => void) | undefined;
  private readonly onOnline = () => {
    if (this.running && !this.source && this.timer !== undefined) this.retryNow();
  };

  constructor(options: EventStreamOptions) {
    this.options = options;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Follows the store's demand: connects while at least one widget retains it. Returns the detach function. */
  attach(): () => void {
    this.detachDemand?.();
    const follow = (demand: number) => {
      // Deferred: retain()/release may be called from a widget's update, where signals must not be written.
      queueMicrotask(() => {
        if (demand > 0 && this.options.store.demandCount > 0) this.start();
        else if (this.options.store.demandCount === 0) this.stop();
      });
    };
    const off = this.options.store.onDemandChange(follow);
    follow(this.options.store.demandCount);
    this.detachDemand = () => {
      off();
      this.detachDemand = undefined;
    };
    return () => {
      this.detachDemand?.();
      this.stop();
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    globalThis.addEventListener?.('online', this.onOnline);
    this.setStatus('connecting');
    void this.connect();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    globalThis.removeEventListener?.('online', this.onOnline);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = undefined;
    this.closeSource();
    this.setStatus('idle');
  }

  private async connect(): Promise<void> {
    const { client, store, types, accountIds } = this.options;
    const abort = (this.abort = new AbortController());
    let url: string;
    try {
      const ticket = await client.eventTicket({ signal: abort.signal });
      url = client.url(streamUrl(ticket.url, { types, accountIds, lastEventId: store.lastEventId.get() }));
    } catch (error) {
      if (abort.signal.aborted || !this.running) return;
      this.options.onError?.(error instanceof Error ? error : new ApiError(0, 'network_error', String(error)));
      this.scheduleRetry();
      return;
    }
    if (abort.signal.aborted || !this.running) return;

    const source = (this.source = new EventSource(url));
    source.onopen = () => {
      if (this.source !== source) return;
      this.attempt = 0;
      this.setStatus('live');
    };
    source.onerror = () => {
      if (this.source !== source) return;
      // The ticket is spent: never let EventSource retry with it; take a fresh one after a pause.
      this.closeSource();
      this.scheduleRetry();
    };
    for (const type of STREAM_EVENT_TYPES) {
      source.addEventListener(type, (message) => {
        if (this.source !== source) return;
        this.receive(type, message as MessageEvent<string>);
      });
    }
  }

  private receive(type: StreamEventType, message: MessageEvent<string>): void {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      this.options.onError?.(new ApiError(0, 'invalid_event', `live event ${type} is not JSON`));
      return;
    }
    const id = message.lastEventId === '' ? null : Number(message.lastEventId);
    // A first event also proves the connection is up (some proxies delay `open`).
    if (this.attempt !== 0 || this.options.store.status.get() !== 'live') {
      this.attempt = 0;
      this.setStatus('live');
    }
    this.options.store.apply({ type, id: Number.isFinite(id) ? id : null, data } as LiveEvent);
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    this.setStatus('offline');
    const delay = backoffDelay(this.attempt++, this.options.minDelay, this.options.maxDelay);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running) void this.connect();
    }, delay);
  }

  private retryNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.connect();
  }

  private closeSource(): void {
    if (!this.source) return;
    this.source.onopen = null;
    this.source.onerror = null;
    this.source.close();
    this.source = undefined;
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.options.store.status.get() === status) return;
    this.options.store.status.set(status);
    this.options.onStatus?.(status);
  }
}
