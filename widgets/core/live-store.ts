/**
 * The live state of the dashboard, as signals. Everything that knows about @lit-labs/signals is
 * in this module (and `SignalWatcher` in the element bases), so the store can be swapped.
 *
 * Widgets read signals in `render()` (their SignalWatcher re-renders them on change); the event
 * stream writes by `apply()`. Never write a signal from a render or update.
 */
import { signal } from '@lit-labs/signals';
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

export class LiveStore {
  /** Latest health update per account id. */
  readonly health = signal<ReadonlyMap<string, CustomerHealthUpdate>>(new Map());
  /** At-risk customers (critical and high priority), most urgent first. Seed it with `setAtRisk`. */
  readonly atRisk = signal<readonly AtRiskCustomer[]>([]);
  /** Interventions by id. Seed with `setInterventions`. */
  readonly interventions = signal<ReadonlyMap<string, Intervention>>(new Map());
  /** Churn alerts, newest first, at most MAX_ALERTS. */
  readonly alerts = signal<readonly ChurnAlert[]>([]);
  /** Latest lifecycle change per account id. */
  readonly lifecycle = signal<ReadonlyMap<string, StatusUpdate>>(new Map());
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
        if (event.data.churned_at !== null) {
          this.atRisk.set(this.atRisk.get().filter((c) => c.customer_id !== event.data.account_id));
        }
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

    const rest = this.atRisk.get().filter((c) => c.customer_id !== update.account_id);
    if (AT_RISK_PRIORITIES.includes(update.intervention_priority)) {
      const row: AtRiskCustomer = {
        customer_id: update.account_id,
        company_name: update.company_name,
        last_health_score: update.health_score,
        predicted_churn_score: update.churn_probability,
        intervention_priority: update.intervention_priority,
        risk_factors: update.risk_factors,
        last_updated: update.computed_at,
      };
      this.atRisk.set([...rest, row].sort(compareAtRisk));
    } else if (rest.length !== this.atRisk.get().length) {
      this.atRisk.set(rest);
    }
  }

  /** Replaces the at-risk list with a fetched one (live updates then keep it current). */
  setAtRisk(list: readonly AtRiskCustomer[]): void {
    this.atRisk.set([...list].sort(compareAtRisk));
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
