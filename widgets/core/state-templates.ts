/**
 * The pieces of markup every data widget shows the same way: the live/offline badges of its
 * header and the error block of a failed load. Styled by `stateStyles` and `baseStyles`.
 */
import { html, nothing } from 'lit';

/** "Live" while live events arrive; "Offline: …" (a status) while the last data is shown without a connection. */
export function connectionBadges(live: boolean, offline: boolean) {
  return html`${live ? html`<span part="live-indicator" class="badge live">Live</span>` : nothing}${offline
    ? html`<span part="offline-indicator" class="badge offline" role="status">Offline: showing the last data</span>`
    : nothing}`;
}

/** "Could not load {what}.", the error's message, and a Retry button. */
export function loadError(what: string, error: Error | undefined, retry: () => void) {
  return html`
    <div part="error" class="message" role="alert">
      <p class="error-text">Could not load ${what}.</p>
      ${error ? html`<p class="detail">${error.message}</p>` : nothing}
      <button part="retry" class="primary" type="button" @click=${retry}>Retry</button>
    </div>
  `;
}
