import { provide } from '@lit/context';
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ApiClient } from '../core/api-client';
import { RkElement } from '../core/base-element';
import { apiClientContext, liveStoreContext } from '../core/context';
import { booleanish } from '../core/data-element';
import { EventStream } from '../core/event-stream';
import { RkErrorEvent, RkLiveStatusEvent } from '../core/events';
import { LiveStore } from '../core/live-store';

/**
 * @summary Gives every retention-kit widget inside it one server connection and one live store.
 *
 * Widgets inside find the provider through context: they share its ApiClient (one `api`, one
 * `token`) and its LiveStore, and with `enable-live` one event stream that runs while at least
 * one widget follows it. The provider renders nothing of its own (`display: contents`).
 *
 * ```html
 * <rk-provider api="https://cs.example.com" token="…" enable-live>
 *   <health-gauge customer-id="cust_123"></health-gauge>
 * </rk-provider>
 * ```
 *
 * @slot - The widgets.
 * @fires rk-live-status - The live connection changed state (`event.status`).
 * @fires rk-error - The live connection failed to get a ticket (it keeps retrying).
 */
export class RkProvider extends RkElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Server base URL (empty: this page's origin). */
  @property() api = '';

  /** Bearer token sent with every request; may be replaced at any time (the next request uses it). */
  @property() token: string | undefined;

  /** Open the live event stream (while some widget inside follows it). `enable-live="false"` is off. */
  @property({ attribute: 'enable-live', reflect: true, converter: booleanish }) enableLive = false;

  /** The shared client (replaced when `api` changes). */
  @provide({ context: apiClientContext })
  client: ApiClient = this.makeClient();

  /** The shared live store. */
  @provide({ context: liveStoreContext })
  store: LiveStore = new LiveStore();

  private stream: { api: string; detach: () => void } | undefined;

  private makeClient(api = ''): ApiClient {
    return new ApiClient({ api, token: () => this.token });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api') && this.client.api !== this.api.replace(/\/+$/, '')) {
      this.client = this.makeClient(this.api);
    }
  }

  protected override updated(): void {
    this.syncStream();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.syncStream();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stream?.detach();
    this.stream = undefined;
  }

  private syncStream(): void {
    const wanted = this.isConnected && this.enableLive;
    if (this.stream && (!wanted || this.stream.api !== this.client.api)) {
      this.stream.detach();
      this.stream = undefined;
    }
    if (!wanted || this.stream) return;
    const stream = new EventStream({
      client: this.client,
      store: this.store,
      onStatus: (status) => this.emit(new RkLiveStatusEvent(status)),
      onError: (error) => this.emit(new RkErrorEvent(error)),
    });
    this.stream = { api: this.client.api, detach: stream.attach() };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
