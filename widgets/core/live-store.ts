/**
 * The live state of the dashboard, as signals. Everything that knows about @lit-labs/signals is
 * in this module (and `SignalWatcher` in the element bases), so the store can be swapped.
 *
 * Widgets read signals in `render()` (their SignalWatcher re-renders them on change); the event
 * stream writes by `apply()`. Never write a signal from a render or update.
 */
import { computed, signal } from '@lit-labs/signals';
import { supersedes } from './live-rule';
import type { ChurnAlert, CustomerHealthUpdate, Intervention, LiveEvent, StatusUpdate } from './types';

export { SignalWatcher } from '@lit-labs/signals';

/**
 * `idle`: no live connection wanted (or none configured); `connecting`: first connection under
 * way; `live`: events arriving; `offline`: the connection dropped and is being retried.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'offline';

/** Alerts kept, newest first. */
export const MAX_ALERTS = 100;

/** What the store knows about accounts at one moment; each is replaced, never changed, by an event. */
export interface AccountsSnapshot {
  readonly health: ReadonlyMap<string, CustomerHealthUpdate>;
  readonly lifecycle: ReadonlyMap<string, StatusUpdate>;
}

let lastArrival = 0;

/**
 * A new mark in the order in which events reach the page's live stores: every event applied
 * before it has a smaller arrival number, every one after a larger. A `DataController` takes one
 * when it sends a request (see `live-rule.ts`).
 */
export function arrivalMark(): number {
  return ++lastArrival;
}

export class LiveStore {
  /** Newest health update per account id. */
  readonly health = signal<ReadonlyMap<string, CustomerHealthUpdate>>(new Map());
  /** Newest copy of each intervention, by id. */
  readonly interventions = signal<ReadonlyMap<string, Intervention>>(new Map());
  /** Churn alerts, newest first, at most MAX_ALERTS. */
  readonly alerts = signal<readonly ChurnAlert[]>([]);
  /** Latest lifecycle change per account id. */
  readonly lifecycle = signal<ReadonlyMap<string, StatusUpdate>>(new Map());
  /** `health` and `lifecycle` together: the same object until either changes. */
  readonly accounts = computed<AccountsSnapshot>(() => ({ health: this.health.get(), lifecycle: this.lifecycle.get() }));
  readonly status = signal<ConnectionStatus>('idle');
  /** Id of the last event applied: a reconnection resumes after it. */
  readonly lastEventId = signal<number | null>(null);
  /** Bumped by a `reset` event: data widgets refetch when it changes. */
  readonly refetch = signal(0);

  private demand = 0;
  private readonly demandListeners = new Set<(demand: number) => void>();
  /** Event body → its arrival number. */
  private readonly arrivals = new WeakMap<object, number>();

  /**
   * Folds one server-sent event into the signals. Events at or below `lastEventId` are duplicates
   * and ignored; of two copies of one account's health, one intervention or one alert, the store
   * keeps the newer (`supersedes`).
   */
  apply(event: LiveEvent): void {
    const last = this.lastEventId.get();
    if (event.id !== null) {
      if (last !== null && event.id <= last) return;
      this.lastEventId.set(event.id);
    }
    switch (event.type) {
      case 'customer_health_update': {
        const update = event.data;
        const previous = this.health.get().get(update.account_id);
        if (previous && !supersedes(update.computed_at, previous.computed_at)) return;
        this.health.set(this.arrived(new Map(this.health.get()), update.account_id, update));
        break;
      }
      case 'churn_alert': {
        const alert = event.data;
        const previous = this.alerts.get().find((a) => a.alert_id === alert.alert_id);
        if (previous && !supersedes(alert.created_at, previous.created_at)) return;
        this.arrivals.set(alert, arrivalMark());
        this.alerts.set([alert, ...this.alerts.get().filter((a) => a !== previous)].slice(0, MAX_ALERTS));
        break;
      }
      case 'intervention_update': {
        const intervention = event.data.intervention;
        const previous = this.interventions.get().get(intervention.id);
        if (previous && !supersedes(intervention.updated_at, previous.updated_at)) return;
        this.interventions.set(this.arrived(new Map(this.interventions.get()), intervention.id, intervention));
        break;
      }
      case 'status_update':
        this.lifecycle.set(this.arrived(new Map(this.lifecycle.get()), event.data.account_id, event.data));
        break;
      // A rebuilt history, a new scorecard or churn model changes what was fetched, not one account: refetch.
      case 'history_rebuilt':
      case 'scorecard_changed':
      case 'churn_model_changed':
      case 'reset':
        this.refetch.set(this.refetch.get() + 1);
        break;
    }
  }

  /** When `value` (the body of an event applied here) reached the store: its arrival number, 0 if it never did. */
  arrivalOf(value: object): number {
    return this.arrivals.get(value) ?? 0;
  }

  private arrived<V extends object>(map: Map<string, V>, key: string, value: V): Map<string, V> {
    this.arrivals.set(value, arrivalMark());
    return map.set(key, value);
  }

  /** The newest health update of one account (tracked: call it in render). */
  healthOf(accountId: string): CustomerHealthUpdate | undefined {
    return this.health.get().get(accountId);
  }

  /**
   * Declares that a widget wants live events; returns the release function. The event stream
   * runs while at least one widget holds it. Plain counting, not a signal: safe to call from
   * lifecycle callbacks.
   */
  retain(): () => void {
    let released = false;
    this.setDemand(this.demand + 1);
    return () => {
      if (released) return;
      released = true;
      this.setDemand(this.demand - 1);
    };
  }

  get demandCount(): number {
    return this.demand;
  }

  /** Calls `listener(demand)` whenever the number of widgets wanting live events changes. */
  onDemandChange(listener: (demand: number) => void): () => void {
    this.demandListeners.add(listener);
    return () => this.demandListeners.delete(listener);
  }

  private setDemand(demand: number): void {
    this.demand = Math.max(0, demand);
    for (const listener of [...this.demandListeners]) listener(this.demand);
  }
}
