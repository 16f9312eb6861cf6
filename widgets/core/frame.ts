/**
 * The frame every data widget draws its data in, the same way: the card (`part="base"`, busy while
 * loading), the header with the title and the live/offline badges, then the skeleton while
 * loading, the error with a retry button, the data, or the empty message. Styled by `baseStyles`,
 * `cardStyles` and `stateStyles`.
 */
import { html, nothing } from 'lit';
import type { DataState } from './data-controller';

/** What the badges follow: a widget's data controllers. */
export interface ConnectionSource {
  readonly live: boolean;
  readonly offline: boolean;
}

export interface FrameOptions {
  state: DataState;
  /** The title's text (or markup) in `part="title"`. */
  title?: unknown;
  /** Markup that replaces the title element (which must then carry `part="title"` itself). */
  heading?: unknown;
  /** The badges follow these: "Live" while the first is live, "Offline" while any is offline and there is data on screen. */
  sources: readonly ConnectionSource[];
  hasData: boolean;
  /** More of the header, after the badges (a button). */
  actions?: unknown;
  /** Between the header and the body (a form). */
  above?: unknown;
  /** The placeholder shapes while loading, and what a screen reader is told meanwhile. */
  skeleton: unknown;
  loading: string;
  /** What could not be loaded ("Could not load {what}."), why, and how to try again. */
  failed: string;
  error: Error | undefined;
  retry: () => void;
  /** The data, once loaded; undefined or `nothing` when there is none to show. */
  body: () => unknown;
  /** Shown when there is no data (see `emptyMessage`). */
  empty: unknown;
  /** After the body: a live region. */
  after?: unknown;
}

/** The whole widget, from its state. */
export function renderFrame(frame: FrameOptions) {
  const { state } = frame;
  const offline = frame.hasData && frame.sources.some((s) => s.offline);
  const live = !offline && (frame.sources[0]?.live ?? false);
  let body: unknown = nothing;
  if (state === 'loading') body = loadingPlaceholder(frame.skeleton, frame.loading);
  else if (state === 'error') body = loadError(frame.failed, frame.error, frame.retry);
  else body = frame.body() ?? nothing;
  return html`
    <div part="base" class="card" aria-busy=${state === 'loading' ? 'true' : 'false'}>
      <div part="header" class="header">
        ${frame.heading ?? html`<span part="title" class="title" id="title">${frame.title}</span>`}
        <span class="indicators">${connectionBadges(live, offline)}</span>
        ${frame.actions ?? nothing}
      </div>
      ${frame.above ?? nothing} ${body === nothing ? frame.empty : body} ${frame.after ?? nothing}
    </div>
  `;
}

/** The message shown with no data: in `part` (and the slot of that name, which replaces `text`). */
export function emptyMessage(text: string, part = 'empty') {
  return html`<p part=${part} class="empty" tabindex="-1"><slot name=${part}>${text}</slot></p>`;
}

/** "Live" while live events arrive; "Offline: …" (a status) while the last data is shown without a connection. */
export function connectionBadges(live: boolean, offline: boolean) {
  return html`${live ? html`<span part="live-indicator" class="badge live">Live</span>` : nothing}${offline
    ? html`<span part="offline-indicator" class="badge offline" role="status">Offline: showing the last data</span>`
    : nothing}`;
}

/** The skeleton (hidden from assistive technology) and a status saying what is loading. */
export function loadingPlaceholder(shapes: unknown, text: string) {
  return html`
    <div part="skeleton" class="skeleton" aria-hidden="true">${shapes}</div>
    <span class="visually-hidden" role="status">${text}</span>
  `;
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
