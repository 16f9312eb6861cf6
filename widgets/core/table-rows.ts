import type { RkElement } from './base-element';
import { RkSelectEvent, type RkAction } from './events';
import { FocusGroupController } from './focus-group';

/** An element with a table of customer rows, one of them chosen (`selected-id`). */
export interface TableRowsHost extends RkElement {
  selectedId: string | undefined;
}

export interface TableRowsOptions {
  /** The rows' keys, in the order shown: all of them, rendered or not. */
  keys: () => readonly string[];
  /** Rows Page Up and Page Down move by. */
  page: number;
  /** Brings a row into view once it has the focus (the row window's `reveal`). */
  reveal: (key: string) => Promise<void>;
  /** A row's action button (`data-action`) was pressed. */
  act: (key: string, action: RkAction) => void;
}

/** The key of the row (`tr[data-id]`) an element is in. */
export const rowKeyOf = (el: Element): string | undefined => el.closest<HTMLElement>('tr[data-id]')?.dataset.id;

/**
 * The delegated handling of a table of rows (`<tr data-id>` with the row header `<th>` as the
 * tab stop and `button[data-action]` actions), one listener per table rather than one per row:
 * a click on a row (not on a button) or Enter/Space on its header chooses it (`selected-id` and
 * `rk-select`), a click on an action calls `act`, and the other keys move the roving tab stop
 * over the rows (a `FocusGroupController` on the row headers).
 *
 * Bind `onRowClick`, `onRowKeydown` and `onFocusin` to the `<tbody>`; render the row of
 * `activeKey` with `tabindex="0"`, the others `-1`.
 */
export class TableRowsController extends FocusGroupController {
  private readonly table: TableRowsHost;
  private readonly act: TableRowsOptions['act'];

  constructor(host: TableRowsHost, { keys, page, reveal, act }: TableRowsOptions) {
    super(host, {
      keys,
      item: (key) => this.rowElement(key),
      keyOf: rowKeyOf,
      focusTarget: (row) => row.querySelector('th'),
      innerAttribute: 'data-action',
      page,
      reveal,
    });
    this.table = host;
    this.act = act;
  }

  /** The rendered row of `key`. */
  rowElement(key: string): HTMLTableRowElement | null {
    return this.table.renderRoot.querySelector<HTMLTableRowElement>(`tr[data-id="${CSS.escape(key)}"]`);
  }

  /** The row's header cell, what scrolling to a row brings into view (the columns stay as they are). */
  rowHeader(key: string): HTMLElement | null {
    return this.rowElement(key)?.querySelector<HTMLElement>('th') ?? null;
  }

  readonly onRowClick = (event: MouseEvent): void => {
    const target = event.target as Element;
    const key = rowKeyOf(target);
    if (key === undefined) return;
    const action = target.closest<HTMLElement>('button[data-action]')?.dataset.action as RkAction | undefined;
    if (action) this.act(key, action);
    else if (!target.closest('button')) this.choose(key);
  };

  readonly onRowKeydown = (event: KeyboardEvent): void => {
    const cell = event.target as HTMLElement;
    // Enter or Space on the row header chooses the row; keys pressed on the buttons are the buttons'.
    if (cell.matches('th') && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      const key = rowKeyOf(cell);
      if (key !== undefined) this.choose(key);
      return;
    }
    this.onKeydown(event);
  };

  private choose(key: string): void {
    this.table.selectedId = key;
    this.table.emit(new RkSelectEvent(key));
  }
}
