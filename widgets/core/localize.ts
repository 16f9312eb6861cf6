/**
 * Translations, per element: `msg()` and `str` of `@lit/localize` (runtime mode, so one build serves
 * every locale) look up the catalog of the element being updated, not one global locale.
 *
 * lit-localize's own runtime (`configureLocalization`, `setLocale`) holds one locale for the whole
 * page; retention-kit's elements follow each their own `locale` property or nearest `lang`
 * (docs/localization.md). So the kit installs its own `msg` implementation: `RkElement` runs each
 * update (willUpdate, render, updated) inside `withLocale()`, which makes that element's catalog
 * the current one and restores the previous after; text made outside an update (announcements
 * from event handlers) is made inside `element.inLocale(() => msg(…))`. A message missing from a
 * catalog, and every message outside any element, is the English source, never an id.
 *
 * The catalogs (widgets/locales/generated/<locale>.ts, built by `npm run i18n:build` from
 * widgets/locales/xliff/<locale>.xlf) are loaded on first use, each a chunk of its own: a page in
 * English loads none.
 */
import type { LocaleModule, MsgOptions, TemplateLike, TemplateMap } from '@lit/localize';
import { _installMsgImplementation } from '@lit/localize/init/install.js';
import { runtimeMsg } from '@lit/localize/internal/runtime-msg.js';
import { allLocales, sourceLocale, type targetLocales } from '../locales/locale-codes';

export type KitLocale = (typeof allLocales)[number];
type TargetLocale = (typeof targetLocales)[number];

const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  ar: () => import('../locales/generated/ar'),
  de: () => import('../locales/generated/de'),
  es: () => import('../locales/generated/es'),
  fr: () => import('../locales/generated/fr'),
};

/** The locales the kit ships a catalog for (English is the source). */
export const KIT_LOCALES: readonly KitLocale[] = allLocales;

const catalogs = new Map<KitLocale, TemplateMap>();
const pending = new Map<KitLocale, Promise<void>>();
/** The catalog `msg()` reads now: the updating element's; none (English) outside updates. */
let current: TemplateMap | undefined;

try {
  _installMsgImplementation(((template: TemplateLike, options?: MsgOptions) => runtimeMsg(current, template, options)) as never);
} catch {
  // The same copy of @lit/localize was configured already (a host app's configureLocalization):
  // its msg stays, and the kit's text follows the host's global locale instead of each element's.
  console.warn('retention-kit: @lit/localize was configured by the page; elements follow its locale, not their own lang.');
}

/** The catalog for a BCP 47 tag: `de-AT` → `de`; a language the kit does not ship → `en`. */
export function kitLocale(locale: string): KitLocale {
  const language = locale.toLowerCase().split('-')[0] ?? '';
  return (allLocales as readonly string[]).includes(language) ? (language as KitLocale) : sourceLocale;
}

/** Whether `locale`'s catalog is loaded (English always is). */
export function isLocaleLoaded(locale: string): boolean {
  const kit = kitLocale(locale);
  return kit === sourceLocale || catalogs.has(kit);
}

/** Loads `locale`'s catalog (once); resolves when `msg()` can use it. A failed load leaves English. */
export function loadLocale(locale: string): Promise<void> {
  const kit = kitLocale(locale);
  if (kit === sourceLocale || catalogs.has(kit)) return Promise.resolve();
  let promise = pending.get(kit);
  if (!promise) {
    promise = loaders[kit as TargetLocale]().then(
      (module) => void catalogs.set(kit, module.templates),
      (error: unknown) => console.warn(`retention-kit: the ${kit} translations could not be loaded; showing English.`, error),
    );
    pending.set(kit, promise);
  }
  return promise;
}

/** Runs `fn` with `locale`'s catalog current (English while it loads), restoring the previous one after. */
export function withLocale<T>(locale: string, fn: () => T): T {
  const previous = current;
  current = catalogs.get(kitLocale(locale));
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** What `watchLang` tells when a `lang` attribute changed somewhere in the document. */
export interface LangWatcher {
  langChanged(): void;
}

const watchers = new Set<LangWatcher>();
let observer: MutationObserver | undefined;

/**
 * Calls `watcher.langChanged()` whenever a `lang` attribute changes in the document (a page
 * switching language on a root element): one observer for every element.
 */
export function watchLang(watcher: LangWatcher): void {
  watchers.add(watcher);
  if (!observer && typeof MutationObserver !== 'undefined' && globalThis.document) {
    observer = new MutationObserver(() => {
      for (const w of watchers) w.langChanged();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}

export function unwatchLang(watcher: LangWatcher): void {
  watchers.delete(watcher);
  if (watchers.size === 0) {
    observer?.disconnect();
    observer = undefined;
  }
}
