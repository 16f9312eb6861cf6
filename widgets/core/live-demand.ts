import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveStore } from './live-store';

/** What `LiveDemand` reads of its element. */
export interface LiveHost extends ReactiveControllerHost {
  /** The provider's store, or the widget's own. */
  readonly liveStore: LiveStore;
  /** Whether the widget follows live events. */
  readonly liveEnabled: boolean;
}

/** Each element's one demand, however many of its controllers ask for it. */
const demands = new WeakMap<LiveHost, LiveDemand>();

/**
 * Retains the element's live store while the element is in the page and follows live events, and
 * releases it otherwise: the store's event stream runs while some widget retains it. One per
 * element (`LiveDemand.of`): every `DataController` asks for it, so an element with several (the
 * bell's open and acknowledged inboxes) still counts once.
 */
export class LiveDemand implements ReactiveController {
  /** The element's demand, made the first time one of its controllers asks. */
  static of(host: LiveHost): LiveDemand {
    let demand = demands.get(host);
    if (!demand) demands.set(host, (demand = new LiveDemand(host)));
    return demand;
  }

  private readonly host: LiveHost;
  private connected = false;
  private held: { store: LiveStore; release: () => void } | undefined;

  private constructor(host: LiveHost) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.sync();
  }

  /** Runs inside the element's update: `retain()` only counts, it writes no signal. */
  hostUpdate(): void {
    this.sync();
  }

  private sync(): void {
    const store = this.connected && this.host.liveEnabled ? this.host.liveStore : undefined;
    if (this.held?.store === store) return;
    this.held?.release();
    this.held = store ? { store, release: store.retain() } : undefined;
  }
}
