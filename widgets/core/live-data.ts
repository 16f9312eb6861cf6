/**
 * Fetched data + live events → what a widget shows, by the one rule of `live-rule.ts`:
 * `LiveListController` for a list of items (the table's customers, the queue's and the card's
 * interventions, the alerts), `LiveItemController` for one item (the gauge's and the card's
 * health). Both read the data of a `DataController` (or the page's) and the host's live store, and
 * give the same object back until one of them changes, so a widget may cache what it derives.
 */
import type { ReactiveController } from 'lit';
import type { LiveHost } from './live-demand';
import { overlay, supersedes, type ItemIdentity, type LiveCopy } from './live-rule';
import { arrivalMark, type LiveStore } from './live-store';
import { sameValues } from './values';

/** What a live controller lays the events over: a `DataController`, or data the page gave. */
export interface LiveSource<D> {
  readonly data: D | undefined;
  /** The arrival mark taken when `data` was requested; 0 for data the page gave. */
  readonly since: number;
}

/** Copies of whole items (an intervention, an alert), one per stored event body. */
export function copiesOf<T extends object>(values: Iterable<T>, store: LiveStore, { key, time }: ItemIdentity<T>): LiveCopy<T>[] {
  return Array.from(values, (item) => ({ key: key(item), item, time: time(item), arrival: store.arrivalOf(item) }));
}

export interface LiveListOptions<T, D, S> extends ItemIdentity<T> {
  /** The data, read on every access. */
  source: () => LiveSource<D>;
  /** The items of the data. */
  items: (data: D) => readonly T[];
  /** The part of the store the list follows (a tracked signal read: the same object until it changes). */
  watch: (store: LiveStore) => S;
  /** The copies that part holds. */
  copies: (watched: S, store: LiveStore) => Iterable<LiveCopy<T>>;
  /** Whether an event may add an item the data does not hold (the widget's filters); default: always. */
  admit?: (item: T) => boolean;
  /** What `admit` reads: the list is worked out again when it changes. */
  admitBy?: () => readonly unknown[];
}

/**
 * A list kept current by live events. Read `items` in `willUpdate` or `render`. `put()` takes the
 * server's copy of a change the widget itself made: it counts as an event arriving then.
 */
export class LiveListController<T, D = readonly T[], S = unknown> implements ReactiveController {
  private readonly host: LiveHost;
  private readonly options: LiveListOptions<T, D, S>;
  private own: readonly LiveCopy<T>[] = [];
  private last: { inputs: readonly unknown[]; items: readonly T[] } | undefined;

  constructor(host: LiveHost, options: LiveListOptions<T, D, S>) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** The items to show: the data's, with the events that count laid over them (unsorted). */
  get items(): readonly T[] {
    const { source, items, watch, copies, admit, admitBy } = this.options;
    const { data, since } = source();
    const store = this.host.liveStore;
    const watched = this.host.liveEnabled ? watch(store) : undefined;
    const inputs = [data, since, store, watched, this.own, ...(admitBy?.() ?? [])];
    if (this.last && sameValues(this.last.inputs, inputs)) return this.last.items;
    const events = watched === undefined ? [] : [...copies(watched, store)];
    const shown = overlay(data === undefined ? [] : items(data), [...events, ...this.own], since, this.options, admit);
    this.last = { inputs, items: shown };
    return shown;
  }

  /** The server's copy of the widget's own change (an intervention it created or moved on). */
  put(item: T): void {
    const { key, time } = this.options;
    this.own = [...this.own, { key: key(item), item, time: time(item), arrival: arrivalMark() }];
    this.host.requestUpdate();
  }

  /** Off the page: let go of the last list (and the store state it was made from). */
  hostDisconnected(): void {
    this.last = undefined;
  }
}

export interface LiveItemOptions<T, E> {
  /** The data, read on every access. */
  source: () => LiveSource<T>;
  /** The item's id (from the widget's properties or its data); undefined: none. */
  key: () => string | undefined;
  /** The store's event of that item (a tracked signal read). */
  event: (store: LiveStore, key: string) => E | undefined;
  /** The time the data carries. */
  time: (item: T) => string | null;
  /** The time an event carries. */
  eventTime: (event: E) => string | null;
  /** The data with an event that counts laid over it. */
  merge: (item: T, event: E) => T;
}

/** One item kept current by live events: `value` to show, and `event`, the event that counts (even without data). */
export class LiveItemController<T, E extends object> implements ReactiveController {
  private readonly host: LiveHost;
  private readonly options: LiveItemOptions<T, E>;
  private last: { data: T | undefined; event: E | undefined; value: T | undefined } | undefined;

  constructor(host: LiveHost, options: LiveItemOptions<T, E>) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** The store's event of the item, if it counts against the data (rules 1 and 2). */
  get event(): E | undefined {
    const { source, key, event, time, eventTime } = this.options;
    const id = key();
    if (!this.host.liveEnabled || id === undefined) return undefined;
    const store = this.host.liveStore;
    const found = event(store, id);
    if (!found) return undefined;
    const { data, since } = source();
    if (store.arrivalOf(found) <= since) return undefined;
    return data === undefined || supersedes(eventTime(found), time(data)) ? found : undefined;
  }

  /** The data with the event that counts laid over it: the same object until either changes. */
  get value(): T | undefined {
    const data = this.options.source().data;
    const event = this.event;
    if (!this.last || this.last.data !== data || this.last.event !== event) {
      this.last = { data, event, value: data !== undefined && event ? this.options.merge(data, event) : data };
    }
    return this.last.value;
  }

  /** Off the page: let go of the last value. */
  hostDisconnected(): void {
    this.last = undefined;
  }
}
