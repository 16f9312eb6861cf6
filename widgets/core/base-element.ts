import { LitElement, type CSSResultGroup } from 'lit';
import { property } from 'lit/decorators.js';
import { createFormatter, resolveLocale, type Formatter } from './format';
import { baseStyles } from './base-styles';

export type RkTheme = 'light' | 'dark' | 'auto';

/**
 * Base class of every retention-kit element: the guarded `define()`, `emit()`, the shared
 * styles, and the `theme` and `locale` attributes.
 *
 * Subclasses set `static override styles = [baseStyles, css\`…\`]` (or `RkElement.styles`).
 */
export class RkElement extends LitElement {
  static override styles: CSSResultGroup = baseStyles;

  /**
   * Registers the element under `tag`. When the tag is already taken (typically by another copy
   * of the kit loaded by the same page) it warns and keeps the first definition instead of
   * throwing; defining the same class twice does nothing.
   */
  static define(tag: string, registry: CustomElementRegistry = customElements): void {
    const existing = registry.get(tag);
    if (existing) {
      if (existing !== this) {
        console.warn(`retention-kit: <${tag}> is already defined (by another copy of the kit?); keeping the first definition.`);
      }
      return;
    }
    registry.define(tag, this);
  }

  /** `light`, `dark`, or `auto` (the default: follows `prefers-color-scheme`). */
  @property({ reflect: true }) theme: RkTheme = 'auto';

  /** BCP 47 locale for numbers and dates; default: the nearest `lang` attribute, then the browser's. */
  @property() locale: string | undefined;

  /** Intl helpers for the current locale. */
  protected get format(): Formatter {
    const locale = resolveLocale(this, this.locale);
    if (this.formatter?.locale !== locale) this.formatter = createFormatter(locale);
    return this.formatter;
  }

  private formatter: Formatter | undefined;

  /** Dispatches `event` on the element and returns whether it was not cancelled. */
  emit<E extends Event>(event: E): boolean {
    return this.dispatchEvent(event);
  }
}
