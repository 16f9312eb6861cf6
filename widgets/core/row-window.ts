import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface RowWindowOptions<T> {
  /** The rows, in the order shown. */
  rows: () => readonly T[];
  key: (row: T) => string;
  /** The scrolling area around the rows (undefined while not rendered). */
  scroller: () => HTMLElement | undefined;
  /** The element the rows are laid out in (their top is its top). */
  body: () => Element | null;
  /** What `reveal` scrolls into view of a rendered row (a table's row header cell: the columns stay as they are). */
  scrollTarget: (key: string) => HTMLElement | null;
  /** The rendered rows, with their keys. */
  renderedRows: () => Iterable<{ key: string; element: Element }>;
  /** A row rendered wherever it is (the row holding the tab stop). */
  pinned?: () => string | undefined;
  /** An element that sticks over the top rows when the area scrolls (a table's header cell). */
  stickyHeader?: () => Element | null;
  /** Rows rendered beyond each edge of the view. */
  overscan: number;
  /** Height assumed for a row never laid out, until one has been. */
  estimate: number;
}

/** A rendered row, or a gap row standing for the rows between (`key`: its place, 0-2). */
export type WindowEntry<T> = { row: T; index: number } | { gap: number; key: number };

/**
 * Renders only the rows in view of a long list, and `overscan` more beyond each edge: gap entries
 * of the right height stand for the others, so the scrollbar and scroll position stay true.
 * Any scrolling ancestor (across shadow roots), the page, or the list's own scrolling area moves
 * the rows in view; row heights are measured as rows are laid out. Also says whether the area is
 * larger than it shows (`scrollable`: then it should be a tab stop).
 *
 * Call `entries()` in `render()`, bind `onScroll` to the scrolling area's `scroll` event, and
 * `reveal(key)` to bring a row into view.
 */
export class RowWindowController<T> implements ReactiveController {
  /** The area is wider (or taller) than it shows. */
  scrollable = false;

  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: RowWindowOptions<T>;
  /** The rows rendered: `start` to `end` (exclusive) in the shown order. */
  private window = { start: 0, end: 0 };
  /** Key → the height its row was laid out at; rows never rendered count `estimate`. */
  private readonly heights = new Map<string, number>();
  private estimate: number;
  // Next frame: an update started in the callback can render other rows and resize the observed
  // area within it, which the observer reports as a loop error.
  private readonly resizeObserver = new ResizeObserver(() => requestAnimationFrame(() => this.measureArea()));
  private observed: HTMLElement | undefined;
  /** The area's width when the rows were measured: another width wraps them differently. */
  private observedWidth: number | undefined;
  /** The elements around the host (across shadow roots), any of which may scroll it. */
  private ancestors: readonly Element[] = [];

  /** Bind to the scrolling area's `scroll`; also follows the page's scrolling and resizing. */
  readonly onScroll = (): void => void this.sync();

  constructor(host: ReactiveControllerHost & HTMLElement, options: RowWindowOptions<T>) {
    this.host = host;
    this.options = options;
    this.estimate = options.estimate;
    host.addController(this);
  }

  /** Before rendering: the rows in view now. */
  hostUpdate(): void {
    this.window = this.windowFor(this.options.rows());
  }

  hostUpdated(): void {
    const scroller = this.options.scroller();
    if (scroller !== this.observed) {
      // A new scrolling area is measured by the observer's first callback.
      this.resizeObserver.disconnect();
      this.observed = scroller;
      if (scroller) {
        this.resizeObserver.observe(scroller);
        if (scroller.firstElementChild) this.resizeObserver.observe(scroller.firstElementChild);
      }
    }
    this.measureRows();
    this.listenForScrolling(scroller ? scrollAncestors(this.host) : []);
  }

  hostDisconnected(): void {
    this.resizeObserver.disconnect();
    this.observed = undefined;
    this.listenForScrolling([]);
  }

  /**
   * The rows of the window and the pinned row, in order, with a gap entry for each run of rows
   * between them: the list keeps its full height.
   */
  entries(rows: readonly T[]): WindowEntry<T>[] {
    const { start, end } = this.window;
    const pinnedKey = this.options.pinned?.();
    const pinned = pinnedKey === undefined ? -1 : rows.findIndex((r) => this.options.key(r) === pinnedKey);
    const indexes = Array.from({ length: Math.max(0, Math.min(end, rows.length) - start) }, (_, i) => start + i);
    if (pinned >= 0 && pinned < start) indexes.unshift(pinned);
    if (pinned >= end) indexes.push(pinned);
    const entries: WindowEntry<T>[] = [];
    let next = 0;
    let gaps = 0;
    for (const index of [...indexes, rows.length]) {
      let gap = 0;
      for (; next < index; next++) gap += this.heightOf(rows[next] as T);
      if (gap > 0) entries.push({ gap, key: gaps++ });
      const row = rows[index];
      if (row !== undefined) entries.push({ row, index });
      next = index + 1;
    }
    return entries;
  }

  /**
   * Scrolls the row of `key` into view (rendered already, as the pinned row). A row from beyond the
   * window arrives between estimated gaps; scrolling to it brings in its neighbours, whose real
   * heights can move it: it is scrolled to again once they are rendered.
   */
  async reveal(key: string): Promise<void> {
    for (let pass = 0; ; pass++) {
      this.scrollTo(key);
      if (pass === 2 || !this.sync()) return;
      await this.host.updateComplete;
    }
  }

  private scrollTo(key: string): void {
    const target = this.options.scrollTarget(key);
    if (!target) return;
    target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    // In an area with its own height the header sticks over the top rows: uncover the row.
    const header = this.options.stickyHeader?.()?.getBoundingClientRect();
    const covered = header ? header.bottom - target.getBoundingClientRect().top : 0;
    if (covered > 0 && this.observed) this.observed.scrollTop -= covered;
  }

  /**
   * The rows to render: those in the part of the list the page shows (inside the scrolling area,
   * every scrolling ancestor and the window), and `overscan` beyond each edge. Row positions come
   * from the heights rows were laid out at, or the estimate.
   */
  private windowFor(rows: readonly T[]): { start: number; end: number } {
    if (rows.length === 0) return { start: 0, end: 0 };
    // Before the first rows, the host's own top stands in for theirs.
    const origin = (this.options.body() ?? this.host).getBoundingClientRect().top;
    let top = 0;
    let bottom = window.innerHeight;
    for (const clip of [this.observed, ...this.ancestors]) {
      if (!clip || getComputedStyle(clip).overflowY === 'visible') continue;
      const r = clip.getBoundingClientRect();
      top = Math.max(top, r.top);
      bottom = Math.min(bottom, r.bottom);
    }
    top -= origin;
    bottom -= origin;
    let first = rows.length;
    let last = rows.length;
    let offset = 0;
    for (let i = 0; i < rows.length; i++) {
      if (offset >= bottom) {
        last = i;
        break;
      }
      offset += this.heightOf(rows[i] as T);
      if (first === rows.length && offset > top) first = i;
    }
    first = Math.min(first, last);
    const { overscan } = this.options;
    return { start: Math.max(0, first - overscan), end: Math.min(rows.length, Math.max(last, first + 1) + overscan) };
  }

  private heightOf(row: T): number {
    return this.heights.get(this.options.key(row)) ?? this.estimate;
  }

  /** Starts an update when the rows in view are no longer the ones rendered; says whether it did. */
  private sync(): boolean {
    if (!this.observed) return false;
    const next = this.windowFor(this.options.rows());
    if (next.start === this.window.start && next.end === this.window.end) return false;
    this.host.requestUpdate();
    return true;
  }

  /** Called the frame after the ResizeObserver's report. */
  private measureArea(): void {
    const area = this.observed;
    const scrollable = area !== undefined && (area.scrollWidth > area.clientWidth + 1 || area.scrollHeight > area.clientHeight + 1);
    if (scrollable !== this.scrollable) {
      this.scrollable = scrollable;
      this.host.requestUpdate();
    }
    const width = area?.clientWidth;
    if (width !== undefined && this.observedWidth !== undefined && width !== this.observedWidth) this.heights.clear();
    this.observedWidth = width;
    // A taller or shorter area shows more or fewer rows.
    this.sync();
  }

  /** Keeps the rendered rows' heights for the gaps, and their mean as the estimate of the rest. */
  private measureRows(): void {
    for (const { key, element } of this.options.renderedRows()) {
      // Fractional heights: rounding each of up to 1,000 would add up.
      const height = element.getBoundingClientRect().height;
      if (height > 0) this.heights.set(key, height);
    }
    if (this.heights.size === 0) return;
    let sum = 0;
    for (const height of this.heights.values()) sum += height;
    this.estimate = sum / this.heights.size;
  }

  /** Follows the scrolling of `ancestors` and of the page, and the page's resizing. */
  private listenForScrolling(ancestors: readonly Element[]): void {
    const same = ancestors.length === this.ancestors.length && ancestors.every((a, i) => a === this.ancestors[i]);
    if (same) return;
    const was = this.ancestors;
    for (const a of was) a.removeEventListener('scroll', this.onScroll);
    for (const a of ancestors) a.addEventListener('scroll', this.onScroll, { passive: true });
    if (was.length === 0 && ancestors.length > 0) {
      window.addEventListener('scroll', this.onScroll, { passive: true });
      window.addEventListener('resize', this.onScroll, { passive: true });
    } else if (ancestors.length === 0 && was.length > 0) {
      window.removeEventListener('scroll', this.onScroll);
      window.removeEventListener('resize', this.onScroll);
    }
    this.ancestors = ancestors;
  }
}

/**
 * The elements that contain `el` on screen, innermost first, across shadow roots and slots (the
 * flat tree): whichever of them scrolls moves the rows in view.
 */
function scrollAncestors(el: Element): Element[] {
  const found: Element[] = [];
  for (let node: Element | null = el; node; ) {
    node = node.assignedSlot ?? node.parentElement ?? (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);
    if (node) found.push(node);
  }
  return found;
}
