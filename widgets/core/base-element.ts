import { LitElement, type CSSResultGroup } from 'lit';
import { property } from 'lit/decorators.js';
import { createFormatter, resolveLocale, type Formatter } from './format';
import { baseStyles } from './base-styles';
import { isLocaleLoaded, loadLocale, unwatchLang, watchLang, withLocale, type LangWatcher } from './localize';
import { UPGRADE, type MaybePlaceholder } from './placeholder';

export type RkTheme = 'light' | 'dark' | 'auto';

/** What an object becomes when a host writes it as an attribute (`data="[object Object]"`). */
const STRINGIFIED_OBJECT = /^\[object [A-Za-z]*\]$/;
/** `tag attribute` pairs already warned about: once each per page. */
const warnedAttributes = new Set<string>();

/**
 * Base class of every retention-kit element: the guarded `define()`, `emit()`, the shared
 * styles, and the `theme` and `locale` attributes. The locale (the `locale` property, else the
 * nearest `lang`, else the browser's) picks both the Intl formats and the translations: each
 * update runs with that locale's catalog current (widgets/core/localize.ts), and a change of any
 * `lang` in the document updates the element again.
 *
 * Subclasses set `static override styles = [baseStyles, css\`…\`]` (or `RkElement.styles`).
 */
export class RkElement extends LitElement implements LangWatcher {
  static override styles: CSSResultGroup = baseStyles;

  /**
   * Registers the element under `tag`. When the tag is already taken by the autoloader's
   * placeholder (placeholder.ts), that placeholder upgrades to this class, with the elements
   * created so far; when taken otherwise (typically by another copy of the kit loaded by the same
   * page) it warns and keeps the first definition instead of throwing; defining the same class
   * twice does nothing.
   */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    const existing = registry.get(tag) as MaybePlaceholder | undefined;
    if (existing) {
      if (existing[UPGRADE]?.(this)) return;
      if (existing !== this && Object.getPrototypeOf(existing) !== this) {
        console.warn(`retention-kit: <${tag}> is already defined (by another copy of the kit?); keeping the first definition.`);
      }
      return;
    }
    registry.define(tag, this);
  }

  /** `light`, `dark`, or `auto` (the default: follows `prefers-color-scheme`). */
  @property({ reflect: true }) theme: RkTheme = 'auto';

  /** BCP 47 locale for text, numbers and dates; default: the nearest `lang` attribute, then the browser's. */
  @property() locale: string | undefined;

  /** Intl helpers for the current locale. */
  protected get format(): Formatter {
    const locale = resolveLocale(this, this.locale);
    if (this.formatter?.locale !== locale) this.formatter = createFormatter(locale);
    return this.formatter;
  }

  private formatter: Formatter | undefined;

  /** The locale of the last update: a `lang` change elsewhere updates the element only when it moves this. */
  private renderedLocale: string | undefined;

  /**
   * Runs `fn` with the element's translations current: for text made outside an update (an
   * announcement set by an event handler): `this.inLocale(() => msg('Saved.'))`.
   */
  inLocale<T>(fn: () => T): T {
    return withLocale(this.format.locale, fn);
  }

  /**
   * An update waits for the element's catalog when it is not loaded yet (its first use on the
   * page): the element never shows English for a moment, and content a `guard()` keeps is not
   * left in English once the catalog arrives.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const locale = this.format.locale;
    if (isLocaleLoaded(locale)) return super.scheduleUpdate();
    return loadLocale(locale).then(() => super.scheduleUpdate());
  }

  /** Every update (willUpdate, render, updated, controllers) reads the element's catalog. */
  protected override performUpdate(): void {
    const locale = this.format.locale;
    this.renderedLocale = locale;
    withLocale(locale, () => super.performUpdate());
  }

  /** @internal A `lang` attribute changed in the document. */
  langChanged(): void {
    if (resolveLocale(this, this.locale) !== this.renderedLocale) this.requestUpdate();
  }

  /**
   * An object written as an attribute (a framework that did not see the property: see
   * docs/widgets.md) is ignored, with one warning, rather than read as text.
   */
  override connectedCallback(): void {
    super.connectedCallback();
    for (const { name, value } of this.attributes) this.stringifiedObject(name, value);
    watchLang(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unwatchLang(this);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.stringifiedObject(name, value)) super.attributeChangedCallback(name, old, value);
  }

  /** Whether `value` is an object written as the attribute `name` (warned about once per tag and attribute). */
  private stringifiedObject(name: string, value: string | null): boolean {
    if (value === null || !STRINGIFIED_OBJECT.test(value)) return false;
    const key = `${this.localName} ${name}`;
    if (!warnedAttributes.has(key)) {
      warnedAttributes.add(key);
      console.warn(
        `retention-kit: <${this.localName}> ignores the attribute ${name}="${value}": an object cannot be an attribute; set the property instead (element.${name} = value).`,
      );
    }
    return true;
  }

  /** Dispatches `event` on the element and returns whether it was not cancelled. */
  emit<E extends Event>(event: E): boolean {
    return this.dispatchEvent(event);
  }
}
