/**
 * What the widget stories share: the theme and locale args and controls, a widget element with them,
 * a client that needs no server, `<rk-provider>` around a widget, the stories' intervention, the
 * wrappers of the Dark, Narrow and RightToLeft stories, and the stories of the states every data
 * widget has. Plain data comes from the widget tests'
 * fixtures (type-only imports, no test framework). Not a `*.stories.ts` file: Storybook does not index it.
 */
import type { ArgTypes, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../../widgets/rk-provider/define';
import { ApiClient, ApiError } from '../../widgets/core/api-client';
import type { RkElement, RkTheme } from '../../widgets/core/base-element';
import type { ConnectionStatus } from '../../widgets/core/live-store';
import type { Intervention, LiveEvent } from '../../widgets/core/types';
import type { RkProvider } from '../../widgets/rk-provider/rk-provider';
import { HOUR, intervention, iso } from '../../test/widgets/support/fixtures';

/** The args every widget story has. */
export interface ThemeArgs {
  theme: RkTheme;
  locale: string | undefined;
}

export const themeArgs: ThemeArgs = { theme: 'auto', locale: undefined };

export const themeArgTypes: Partial<ArgTypes<ThemeArgs>> = {
  theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] },
  locale: { control: 'text' },
};

type WidgetTag = { [K in keyof HTMLElementTagNameMap]: HTMLElementTagNameMap[K] extends RkElement ? K : never }[keyof HTMLElementTagNameMap];

/** A new `<tag>` with the story's theme and locale (when set), for the stories that build the DOM themselves. */
export function createWidget<K extends WidgetTag>(tag: K, args: Partial<ThemeArgs>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag) as HTMLElementTagNameMap[K] & RkElement;
  if (args.theme) el.theme = args.theme;
  if (args.locale) el.locale = args.locale;
  return el;
}

/**
 * A client with no server, so the stories need none: it never answers (`pending`) or fails every
 * request (`failing`, and any mode a subclass adds, such as `echo` for one that answers the writes).
 */
export class StoryClient<Mode extends string = never> extends ApiClient {
  constructor(protected readonly mode: 'pending' | 'failing' | Mode) {
    // The provider's own api (empty): it keeps a client whose api matches its attribute.
    super({ api: '' });
  }

  override request<T>(): Promise<T> {
    if (this.mode === 'pending') return new Promise<T>(() => {});
    return Promise.reject(new ApiError(503, 'unavailable', 'The server is unavailable (a story without a server).'));
  }
}

/** The 600 ms a story client takes to answer a write: long enough to see the pending state. */
export const answerLater = () => new Promise((resolve) => setTimeout(resolve, 600));

/** `<rk-provider>` around the widget, with a story client, a live status set by hand, or live events applied (no server). */
export function inProvider(widget: HTMLElement, options: { client?: ApiClient; status?: ConnectionStatus; events?: LiveEvent[] }): RkProvider {
  const provider = document.createElement('rk-provider');
  if (options.client) provider.client = options.client;
  if (options.status) provider.store.status.set(options.status);
  for (const event of options.events ?? []) provider.store.apply(event);
  provider.append(widget);
  return provider;
}

/** An intervention of the stories: planned 4 hours from now, created 3 days ago. */
export function storyIntervention(overrides: Partial<Intervention>): Intervention {
  return intervention({ id: 'iv', scheduled_at: iso(4 * HOUR), created_at: iso(-72 * HOUR), updated_at: iso(-72 * HOUR), ...overrides });
}

/** The Dark stories' page. */
export const onDarkPage = (content: unknown) => html`<div style="background: #121212; padding: 16px">${content}</div>`;

/** A container `width` px wide (the Narrow stories). */
export const inWidth = (content: unknown, width = 300) => html`<div style=${`width: ${width}px`}>${content}</div>`;

/** An Arabic, right-to-left page. */
export const rightToLeft = (content: unknown) => html`<div dir="rtl" lang="ar">${content}</div>`;

/** What a story renders: a template, or an element it built. */
type Content = ReturnType<typeof html> | HTMLElement;

export interface StateStoryOptions {
  /** The client of the Loading and Error stories (default: a `StoryClient`). */
  client?: (mode: 'pending' | 'failing') => ApiClient;
  /** What every story is shown in (the card's CRM sidebar). */
  frame?: (content: Content) => Content;
  /** The width of the Narrow story (default 300 px). */
  narrow?: number;
}

/**
 * The stories of the states every data widget has, from its element (`widget(args)`, fetching when
 * `data` is undefined) and its template (`render(args)`): Loading and Error (a client that never
 * answers, or fails), Offline and Live (a provider with that status), Dark, Narrow and RightToLeft.
 */
export function stateStories<A extends ThemeArgs & { data?: unknown }>(
  widget: (args: A) => HTMLElement,
  render: (args: A) => Content,
  { client = (mode) => new StoryClient(mode), frame = (content) => content, narrow = 300 }: StateStoryOptions = {},
) {
  const stories = {
    Loading: { render: (args) => frame(inProvider(widget({ ...args, data: undefined }), { client: client('pending') })) },
    Error: { render: (args) => frame(inProvider(widget({ ...args, data: undefined }), { client: client('failing') })) },
    Offline: { render: (args) => frame(inProvider(widget(args), { status: 'offline' })) },
    Live: { render: (args) => frame(inProvider(widget(args), { status: 'live' })) },
    Dark: { args: { theme: 'dark' } as Partial<A>, render: (args) => onDarkPage(frame(render(args))) },
    Narrow: { render: (args) => inWidth(render(args), narrow) },
    RightToLeft: { args: { locale: 'ar' } as Partial<A>, render: (args) => rightToLeft(frame(render(args))) },
  } satisfies Record<string, StoryObj<A>>;
  return stories;
}
