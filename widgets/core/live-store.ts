/**
 * The live state of the dashboard, as signals. Everything that knows about @lit-labs/signals is
 * in this module (and `SignalWatcher` in the element bases), so the store can be swapped.
 *
 * Widgets read signals in `render()` (their SignalWatcher re-renders them on change); the event
 * stream writes by `apply()`. Never write a signal from a render or update.
 */
import { computed, signal } from '@lit-labs/signals';
import type {
  AtRiskCustomer,
  ChurnAlert,
  CustomerHealthUpdate,
  Intervention,
  LiveEvent,
  Priority,
  StatusUpdate,
} from './types';

export { SignalWatcher } from '@lit-labs/signals';

/**
 * `idle`: no live connection wanted (or none configured); `connecting`: first connection under
 * way; `live`: events arriving; `offline`: the connection dropped and is being retried.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'offline';

/** Priorities the at-risk list holds, as the server's default `GET /at-risk`. */
export const AT_RISK_PRIORITIES: readonly Priority[] = ['critical', 'high'];
/** Alerts kept, newest first. */
export const MAX_ALERTS = 100;

const URGENCY: readonly Priority[] = ['critical', 'high', 'medium', 'low'];

/** The server's at-risk order: priority, then churn probability (unknown last), then score, then id. */
export function compareAtRisk(a: AtRiskCustomer, b: AtRiskCustomer): number {
  return (
    URGENCY.indexOf(a.intervention_priority) - URGENCY.indexOf(b.intervention_priority) ||
    (b.predicted_churn_score ?? -1) - (a.predicted_churn_score ?? -1) ||
    a.last_health_score - b.last_health_score ||
    (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0)
  );
}

/** What the store knows about accounts at one moment; each is replaced, never changed, by an event. */
export interface AccountsSnapshot {
  readonly health: ReadonlyMap<string, CustomerHealthUpdate>;
  readonly lifecycle: ReadonlyMap<string, StatusUpdate>;
}

/**
 * A fetched at-risk list kept current: the health updates and churns that arrived after `since`
 * (the store's snapshot when the list was taken) move customers in, out and within it. Unsorted;
 * sort with `compareAtRisk`. Pure, so each widget derives its own list from one shared store.
 */
export function liveAtRisk(list: readonly AtRiskCustomer[], since: AccountsSnapshot, now: AccountsSnapshot): readonly AtRiskCustomer[] {
  if (since === now) return list;
  const rows = new Map(list.map((c) => [c.customer_id, c]));
  for (const [id, update] of now.health) {
    if (since.health.get(id) === update) continue;
    const row = rows.get(id);
    // The list may have been computed after this update was.
    if (row && Date.parse(row.last_updated) > Date.parse(update.computed_at)) continue;
    if (AT_RISK_PRIORITIES.includes(update.intervention_priority)) rows.set(id, atRiskRow(update));
    else rows.delete(id);
  }
  for (const [id, change] of now.lifecycle) {
    if (since.lifecycle.get(id) !== change && change.churned_at !== null) rows.delete(id);
  }
  return [...rows.values()];
}

const atRiskRow = (update: CustomerHealthUpdate): AtRiskCustomer => ({
  customer_id: update.account_id,
  company_name: update.company_name,
  last_health_score: update.health_score,
  predicted_churn_score: update.churn_probability,
  intervention_priority: update.intervention_priority,
  risk_factors: update.risk_factors,
  last_updated: update.computed_at,
});

export class LiveStore {
  /** Latest health update per account id. */
  readonly health = signal<ReadonlyMap<string, CustomerHealthUpdate>>(new Map());
  /** Interventions by id. Seed with `setInterventions`. */
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

  /** Folds one server-sent event into the signals. Events at or below `lastEventId` are duplicates and ignored. */
  apply(event: LiveEvent): void {
    const last = this.lastEventId.get();
    if (event.id !== null) {
      if (last !== null && event.id <= last) return;
      this.lastEventId.set(event.id);
    }
    switch (event.type) {
      case 'customer_health_update':
        this.applyHealth(event.data);
        break;
      case 'churn_alert': {
        const alerts = this.alerts.get().filter((a) => a.alert_id !== event.data.alert_id);
        this.alerts.set([event.data, ...alerts].slice(0, MAX_ALERTS));
        break;
      }
      case 'intervention_update': {
        const map = new Map(this.interventions.get());
        map.set(event.data.intervention.id, event.data.intervention);
        this.interventions.set(map);
        break;
      }
      case 'status_update': {
        const map = new Map(this.lifecycle.get());
        map.set(event.data.account_id, event.data);
        this.lifecycle.set(map);
        break;
      }
      case 'reset':
        this.refetch.set(this.refetch.get() + 1);
        break;
    }
  }

  private applyHealth(update: CustomerHealthUpdate): void {
    const previous = this.health.get().get(update.account_id);
    if (previous && Date.parse(previous.computed_at) > Date.parse(update.computed_at)) return;
    const map = new Map(this.health.get());
    map.set(update.account_id, update);
    this.health.set(map);
  }

  /** Merges fetched interventions into the map. */
  setInterventions(list: readonly Intervention[]): void {
    const map = new Map(this.interventions.get());
    for (const i of list) map.set(i.id, i);
    this.interventions.set(map);
  }

  /** The latest health update of one account (tracked: call it in render). */
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
