/**
 * The frame every data widget draws its data in, the same way: the card (`part="base"`, busy while
 * loading), the header with the title and the live/offline badges, then the skeleton while
 * loading, the error with a retry button, the data, or the empty message. Styled by `baseStyles`,
 * `cardStyles` and `stateStyles`.
 */
import { msg, str } from '@lit/localize';
import { html, nothing } from 'lit';
import type { DataState } from './data-controller';

/** What the badges follow: a widget's data controllers. */
interface ConnectionSource {
  readonly live: boolean;
  readonly offline: boolean;
}

/** The data a frame shows the state of: a `DataController`. */
export interface FrameSource extends ConnectionSource {
  readonly state: DataState;
  readonly error: Error | undefined;
  reload(): Promise<void>;
}

export interface FrameOptions {
  /** The state when it is not the source's (a widget with two sources). */
  state?: DataState;
  /** The title's text (or markup) in `part="title"`. */
  title?: unknown;
  /** Markup that replaces the title element (which must then carry `part="title"` itself). */
  heading?: unknown;
  /** Whether there is data on screen: only then does "Offline" show. */
  hasData: boolean;
  /** More sources the badges follow: "Offline" while any of them is. */
  also?: readonly ConnectionSource[];
  /** What the Retry button does, when more than reloading the source. */
  retry?: () => void;
  /** More of the header, after the badges (a button). */
  actions?: unknown;
  /** Between the header and the body (a form). */
  above?: unknown;
  /** The placeholder shapes while loading, and what a screen reader is told meanwhile. */
  skeleton: unknown;
  loading: string;
  /** What could not be loaded: "Could not load {failed}.". */
  failed: string;
  /** The data, once loaded; undefined or `nothing` when there is none to show. */
  body: () => unknown;
  /** Shown when there is no data (see `emptyMessage`). */
  empty: unknown;
  /** After the body: a live region. */
  after?: unknown;
}

/** The whole widget: the source's state (loading, error, data or empty) in the card, with the badges of its connection. */
export function renderFrame(source: FrameSource, frame: FrameOptions) {
  const state = frame.state ?? source.state;
  const offline = frame.hasData && [source, ...(frame.also ?? [])].some((s) => s.offline);
  const live = !offline && source.live;
  let body: unknown = nothing;
  if (state === 'loading') body = loadingPlaceholder(frame.skeleton, frame.loading);
  else if (state === 'error') body = loadError(frame.failed, source.error, frame.retry ?? (() => void source.reload()));
  else body = frame.body() ?? nothing;
  return html`
    <div part="base" class="card" aria-busy=${state === 'loading' ? 'true' : 'false'}>
      <div part="header" class="header">
        ${frame.heading ?? html`<span part="title" class="title" id="title" dir="auto">${frame.title}</span>`}
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
function connectionBadges(live: boolean, offline: boolean) {
  return html`${live ? html`<span part="live-indicator" class="badge live">${msg('Live')}</span>` : nothing}${offline
    ? html`<span part="offline-indicator" class="badge offline" role="status">${msg('Offline: showing the last data')}</span>`
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
function loadError(what: string, error: Error | undefined, retry: () => void) {
  return html`
    <div part="error" class="message" role="alert">
      <p class="error-text">${msg(str`Could not load ${what}.`)}</p>
      ${error ? html`<p class="detail">${error.message}</p>` : nothing}
      <button part="retry" class="primary" type="button" @click=${retry}>${msg('Retry')}</button>
    </div>
  `;
}
