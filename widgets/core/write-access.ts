/**
 * Whether an element offers what only a writing role may do (add notes, record interventions), as
 * the token's claims say (token-claims.ts): what to offer, never what is allowed; the server checks.
 */
import { DataController, type DataHost } from './data-controller';
import { mayWrite, type TokenClaims } from './token-claims';

export class WriteAccess {
  private readonly claims: DataController<TokenClaims | undefined>;

  constructor(host: DataHost) {
    this.claims = new DataController<TokenClaims | undefined>(host, {
      // Without a client (none coming) there are no claims to read.
      args: () => (host.apiClient || host.awaitingClient ? [] : null),
      load: (client) => client.claims(),
    });
  }

  /**
   * Offered to a writing role, and to a token the widget cannot read (the server decides); without
   * a client too, where nothing is recorded and the page handles what the element fires. Not while
   * the claims are read: a viewer is never shown a button that then disappears.
   */
  get granted(): boolean {
    return this.claims.state === 'idle' || (this.claims.state === 'ready' && mayWrite(this.claims.data));
  }
}
