/**
 * Whether an element offers its writes (record an intervention, start a play, add a note) to whoever
 * is signed in, from the role its client's token carries (token-claims.ts). What to offer, never what
 * is allowed: the server checks every request.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from './api-client';
import { mayWrite, type TokenClaims } from './token-claims';

export interface WriteAccessHost extends ReactiveControllerHost {
  /** The provider's client, or the element's own; undefined when the page feeds it (`.data`). */
  readonly apiClient: ApiClient | undefined;
  /** The element's own token: read again when it changes. */
  readonly token?: string | undefined;
  /** A provider's client is on its way: offer nothing until it came and its token was read. */
  readonly awaitingClient?: boolean;
}

interface ClaimsRead {
  client: ApiClient;
  token: string | undefined;
  /** Undefined until read, then the claims (undefined again when the token is not a JWT). */
  claims?: { value: TokenClaims | undefined };
}

export class WriteAccess implements ReactiveController {
  private readonly host: WriteAccessHost;
  private read: ClaimsRead | undefined;

  constructor(host: WriteAccessHost) {
    this.host = host;
    host.addController(this);
  }

  /** Reads the claims again when the client or the element's own token changed. */
  hostUpdate(): void {
    const [client, token] = [this.host.apiClient, this.host.token];
    if (client === this.read?.client && token === this.read?.token) return;
    if (!client) {
      this.read = undefined;
      return;
    }
    const read: ClaimsRead = (this.read = { client, token });
    void client
      .claims()
      .catch(() => undefined)
      .then((claims) => {
        if (this.read !== read) return;
        read.claims = { value: claims };
        this.host.requestUpdate();
      });
  }

  /**
   * Whether to offer writes. Without a client (none coming), yes: the page records what the element's events ask
   * for, and it alone knows who may. With one, once its token is read (a viewer is never shown a
   * button that then disappears), when the role may write; a token without a readable role may
   * (the server decides).
   */
  get offered(): boolean {
    if (!this.read) return !this.host.awaitingClient;
    return this.read.claims !== undefined && mayWrite(this.read.claims.value);
  }
}
