import { provide } from '@lit/context';
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { ApiClient } from '../core/api-client';
import { RkElement } from '../core/base-element';
import { clientFor, LiveConnection } from '../core/connection';
import { apiClientContext, liveStoreContext } from '../core/context';
import { booleanish } from '../core/data-element';
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

  /**
   * The shared client: made once `token` is set (every API route needs one), replaced when `api`
   * changes, withdrawn when the token is removed. Until then the widgets inside show their
   * loading state instead of sending requests that cannot succeed. A client set by the page
   * (`.client = new ApiClient(…)`) is kept as given.
   */
  @provide({ context: apiClientContext })
  client: ApiClient | undefined;

  /** The shared live store. */
  @provide({ context: liveStoreContext })
  store: LiveStore = new LiveStore();

  /** The client this provider made from `api` and `token` (as opposed to one set by the page). */
  private ownClient: ApiClient | undefined;

  /** The shared stream, with `enable-live` and a client. */
  private readonly connection = new LiveConnection(this, () => (this.enableLive && this.client ? { client: this.client, store: this.store } : undefined));

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!changed.has('api') && !changed.has('token')) return;
    if (this.client !== this.ownClient) return;
    this.ownClient = this.token ? clientFor(this.ownClient, this.api, () => this.token) : undefined;
    this.client = this.ownClient;
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
