import type { LiveHost } from './live-demand';
import { LiveItemController, LiveListController, type LiveSource } from './live-data';
import { compareInterventions, LIVE_INTERVENTIONS, OPEN_INTERVENTION_STATUSES } from './interventions';
import { LIVE_HEALTH } from './status';
import type { CustomerHealth, CustomerHealthUpdate, Intervention, InterventionPage } from './types';

export interface AccountLiveOptions {
  /** The account's health as loaded (or given). */
  health: () => LiveSource<CustomerHealth>;
  /** The account's interventions as loaded (or given). */
  interventions: () => LiveSource<InterventionPage>;
  /** The account shown: live interventions of other accounts are not admitted. */
  accountId: () => string | undefined;
}

/**
 * One account's health and open interventions kept current by its live events, as
 * `<customer-detail>` and `<customer-health-card>` show them: the health with the account's
 * `customer_health_update` laid over it, and its interventions with the `intervention_update`s
 * and the element's own (`put`) laid over them. Two reactive controllers of `live-data.ts`,
 * configured once.
 */
export class AccountLive {
  private readonly liveHealth: LiveItemController<CustomerHealth, CustomerHealthUpdate>;
  private readonly liveInterventions: LiveListController<Intervention, InterventionPage, ReadonlyMap<string, Intervention>>;

  constructor(host: LiveHost, { health, interventions, accountId }: AccountLiveOptions) {
    this.liveHealth = new LiveItemController<CustomerHealth, CustomerHealthUpdate>(host, {
      ...LIVE_HEALTH,
      source: health,
      key: () => health().data?.customer_id,
    });
    this.liveInterventions = new LiveListController<Intervention, InterventionPage, ReadonlyMap<string, Intervention>>(host, {
      ...LIVE_INTERVENTIONS,
      source: interventions,
      items: (page) => page.interventions,
      admit: (i) => i.account_id === accountId(),
      admitBy: () => [accountId()],
    });
  }

  /** The health with the live update laid over it: the same object until either changes. */
  get health(): CustomerHealth | undefined {
    return this.liveHealth.value;
  }

  /** The open interventions (loaded, live and own), most urgent first. */
  get openInterventions(): Intervention[] {
    return this.liveInterventions.items.filter((i) => OPEN_INTERVENTION_STATUSES.includes(i.status)).sort(compareInterventions);
  }

  /** An intervention the element itself created, listed at once (it counts as an event arriving now). */
  put(intervention: Intervention): void {
    this.liveInterventions.put(intervention);
  }
}
