import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface FocusGroupOptions {
  /** The items' keys, in order: all of them, rendered or not. */
  keys: () => readonly string[];
  /** The rendered element of an item. */
  item: (key: string) => HTMLElement | null;
  /** The key of the item an element is in. */
  keyOf: (element: Element) => string | undefined;
  /** The element of an item that holds the tab stop. */
  focusTarget: (item: HTMLElement) => HTMLElement | null;
  /** The attribute naming the other focusable elements of an item (its buttons): the focus returns to the same one. */
  innerAttribute?: string;
  /** Items Page Up and Page Down move by. */
  page: number;
  /**
   * `vertical` (default): Arrow Up and Down move, as in a list of rows; `horizontal`: Arrow Left
   * and Right move (mirrored right to left), as in a row of tabs.
   */
  orientation?: 'vertical' | 'horizontal';
  /** Brings an item into view once it has the focus (a windowed list renders and scrolls around it). */
  reveal?: (key: string) => Promise<void>;
}

/**
 * A roving tab stop over a list of items, in the manner of Spectrum's FocusGroupController: the
 * items are one tab stop, on the focus target of the current item (`activeKey`: render it with
 * `tabindex="0"`, the others `-1`); Arrow Up/Down, Page Up/Down, Home and End move between all the
 * items, rendered or not. When an update moves or removes the focused item's element (a re-sort, a
 * live update, a filter), the focus comes back to it, or to the item now in its place.
 *
 * Bind `onKeydown` and `onFocusin` to the element around the items.
 */
export class FocusGroupController implements ReactiveController {
  /**
   * The item holding the tab stop. Plain, not reactive: an update corrects it when the item goes,
   * and the focus handler follows the focus, neither of which should start another update.
   */
  activeKey: string | undefined;

  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: FocusGroupOptions;
  /** The keys as last rendered: where a focused item was. */
  private rendered: readonly string[] = [];
  /** The focused item (and inner element) before an update. */
  private before: { key: string; inner: string | undefined; index: number } | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, options: FocusGroupOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** Before rendering: notes what has the focus, and moves the tab stop off an item that left (to its neighbour). */
  hostUpdate(): void {
    const { keys, keyOf, innerAttribute } = this.options;
    const focused = this.host.shadowRoot?.activeElement as HTMLElement | null | undefined;
    const key = focused ? keyOf(focused) : undefined;
    this.before =
      key === undefined
        ? undefined
        : { key, inner: innerAttribute ? (focused?.getAttribute(innerAttribute) ?? undefined) : undefined, index: this.rendered.indexOf(key) };
    const now = keys();
    if (this.activeKey === undefined || !now.includes(this.activeKey)) {
      const index = this.before ? Math.min(this.before.index, now.length - 1) : 0;
      this.activeKey = now[Math.max(0, index)];
    }
    this.rendered = now;
  }

  /** After rendering: an update that took the focus away gives it back. */
  hostUpdated(): void {
    const before = this.before;
    this.before = undefined;
    if (!before || this.host.shadowRoot?.activeElement || this.activeKey === undefined) return;
    const item = this.options.item(this.activeKey);
    const attribute = this.options.innerAttribute;
    const inner =
      before.key === this.activeKey && before.inner !== undefined && attribute
        ? item?.querySelector<HTMLElement>(`[${attribute}="${CSS.escape(before.inner)}"]`)
        : null;
    (inner ?? (item && this.options.focusTarget(item)))?.focus({ preventScroll: true });
  }

  /** Moves the focus by the navigation keys pressed on an item's focus target; says whether it did. */
  readonly onKeydown = (event: KeyboardEvent): boolean => {
    const target = event.target as HTMLElement;
    const key = this.options.keyOf(target);
    const item = key === undefined ? null : this.options.item(key);
    // Keys pressed on the item's other elements (its buttons) are theirs.
    if (key === undefined || !item || this.options.focusTarget(item) !== target) return false;
    const keys = this.options.keys();
    const to = indexAfter(this.alongItems(event.key), keys.indexOf(key), keys.length, this.options.page);
    const next = to === undefined ? undefined : keys[Math.max(0, Math.min(keys.length - 1, to))];
    if (next === undefined) return false;
    event.preventDefault();
    void this.focus(next);
    return true;
  };

  /** A key in the terms of a vertical list: a horizontal group's Arrow Right is Arrow Down (Arrow Up right to left). */
  private alongItems(key: string): string {
    if (this.options.orientation !== 'horizontal') return key;
    if (key === 'ArrowUp' || key === 'ArrowDown') return '';
    if (key !== 'ArrowLeft' && key !== 'ArrowRight') return key;
    const rtl = getComputedStyle(this.host).direction === 'rtl';
    return (key === 'ArrowRight') !== rtl ? 'ArrowDown' : 'ArrowUp';
  }

  /** Follows the focus into an item (a click, or Tab into the group). */
  readonly onFocusin = (event: FocusEvent): void => {
    const key = this.options.keyOf(event.target as Element);
    if (key === undefined || key === this.activeKey) return;
    this.activeKey = key;
    this.host.requestUpdate();
  };

  /** Gives the item the tab stop and the focus, rendering it first, then brings it into view. */
  async focus(key: string): Promise<void> {
    this.activeKey = key;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const item = this.options.item(key);
    // Plain focus() would also scroll the list sideways to the element: the reader's columns stay in view.
    (item && this.options.focusTarget(item))?.focus({ preventScroll: true });
    await this.options.reveal?.(key);
  }
}

/** The index a navigation key moves to from `index`, of `count` items; undefined for other keys. */
function indexAfter(key: string, index: number, count: number, page: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return index + 1;
    case 'ArrowUp':
      return index - 1;
    case 'PageDown':
      return index + page;
    case 'PageUp':
      return index - page;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
