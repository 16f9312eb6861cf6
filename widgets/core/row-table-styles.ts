/**
 * The customer tables' common look (`<at-risk-table>`, `<customer-list>`): the toolbar, the
 * scrolling table with its sticky header and customer column, sort buttons, chosen and hovered
 * rows, health bars, priority chips, row actions, gap rows of a row window, and below 600 px of the
 * element's own width each row as a card with labelled cells (`data-label`) and the same actions.
 * Each table adds its column widths (`.col-<key>`) and its own parts.
 */
import { css } from 'lit';

export const rowTableStyles = css`
  :host {
    --_rk-health-track: var(--rk-health-track, var(--_rk-surface-variant));
    --_rk-table-max-height: var(--rk-table-max-height, none);
  }

  button {
    /* fixed-width table columns: a button moves to the next line whole, its label never wraps */
    white-space: nowrap;
  }

  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }

  /* ---- toolbar ---- */

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: calc(var(--_rk-spacing) * 0.75);
  }

  .search {
    display: grid;
    gap: 0.25em;
    flex: 1 1 14em;
    min-width: 0;
  }

  .summary {
    margin: 0;
    flex-basis: 100%;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  /* ---- table ---- */

  .table-area {
    display: grid;
    gap: 0.5em;
    min-width: 0;
  }

  .apply-updates {
    justify-self: start;
  }

  .scroller {
    overflow: auto;
    max-height: var(--_rk-table-max-height);
    border: 1px solid var(--_rk-border);
    border-radius: var(--_rk-radius);
    overscroll-behavior-inline: contain;
  }

  table {
    /*
     * Fixed layout: the column widths below size the columns, not the contents of up to 1,000
     * rows, so columns do not jump when a live update brings a longer name; their sum is the
     * least width, below which the container scrolls sideways.
     */
    table-layout: fixed;
    width: 100%;
    border-collapse: separate;
    border-spacing: 0;
    font-size: 0.9375em;
  }

  th,
  td {
    padding: 0.5em 0.625em;
    text-align: start;
    vertical-align: middle;
    border-bottom: 1px solid var(--_rk-border);
    background: var(--_rk-surface);
  }

  tbody > tr > * {
    /* fixed columns: long names and factors break rather than spill into the next column */
    overflow-wrap: anywhere;
  }

  tbody tr:last-child > * {
    border-bottom: 0;
  }

  thead th {
    position: sticky;
    top: 0;
    z-index: 2;
    padding-block: 0;
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_rk-text-muted);
  }

  /* the customer column stays in view while the others scroll sideways */
  thead th:first-child,
  tbody th {
    position: sticky;
    inset-inline-start: 0;
    z-index: 1;
  }

  thead th:first-child {
    z-index: 3;
  }

  .sort {
    /* the whole header cell is the target */
    width: calc(100% + 0.5em);
    margin-inline-start: -0.25em;
    justify-content: flex-start;
    border: 0;
    padding: 0 0.25em;
    background: transparent;
    color: inherit;
    font-weight: inherit;
    white-space: normal;
    text-align: start;
  }

  .sort-icon {
    flex: none;
    font-size: 0.75em;
  }

  th[aria-sort] {
    color: var(--_rk-text);
  }

  tbody tr {
    cursor: pointer;
  }

  /* stands for the rows out of view: no padding, border or fill, and never the scroll anchor, whose height changes as the rows come in */
  tbody tr.gap {
    cursor: default;
    overflow-anchor: none;
  }

  tbody tr.gap > td {
    padding: 0;
    border: 0;
    background: transparent;
  }

  tbody th:focus-visible,
  .sort:focus-visible {
    /* inside: the scrolling area would clip a ring drawn outside */
    outline-offset: -3px;
  }

  tbody tr:hover > *,
  tbody tr:focus-within > *,
  tbody tr[aria-current='true'] > * {
    background: var(--_rk-surface-variant);
  }

  tbody th {
    font-weight: 400;
    /* the chosen row's marker: a bar as well as the fill */
    border-inline-start: 4px solid transparent;
  }

  tbody tr[aria-current='true'] > th {
    border-inline-start-color: var(--_rk-primary);
  }

  .company {
    display: block;
    font-weight: 600;
  }

  .id,
  .absolute {
    display: block;
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
  }

  .muted {
    color: var(--_rk-text-muted);
  }

  .chip {
    --_rk-chip-color: var(--_rk-priority-low);
  }

  .chip[data-priority='critical'] {
    --_rk-chip-color: var(--_rk-priority-critical);
  }

  .chip[data-priority='high'] {
    --_rk-chip-color: var(--_rk-priority-high);
  }

  .chip[data-priority='medium'] {
    --_rk-chip-color: var(--_rk-priority-medium);
  }

  .health {
    display: grid;
    grid-template-columns: 2.5em minmax(0, 1fr);
    align-items: center;
    gap: 0.5em;
  }

  .score {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    text-align: end;
  }

  .bar {
    display: block;
    height: 0.5em;
    border-radius: 999px;
    background: var(--_rk-health-track);
    box-shadow: inset 0 0 0 1px var(--_rk-border);
    overflow: hidden;
  }

  .fill {
    display: block;
    height: 100%;
    border-radius: inherit;
    transition: width 300ms ease-out;
  }

  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375em;
  }

  .actions button {
    padding-inline: 0.5em;
    font-size: 0.875em;
  }

  .row-message {
    margin: 0.25em 0 0;
    font-size: 0.8125em;
  }

  .row-message[data-kind='error'] {
    color: var(--_rk-error);
    font-weight: 600;
  }

  .no-match {
    display: grid;
    gap: 0.5em;
    justify-items: start;
  }

  .no-match p {
    margin: 0;
  }

  @container (max-width: 479px) {
    .card {
      padding: calc(var(--_rk-spacing) * 0.5);
    }

    th,
    td {
      padding-inline: 0.5em;
    }
  }

  /* ---- cards: below 600 px of the widget's own width, each row a card with the same actions ---- */

  @container (max-width: 599px) {
    .scroller {
      border: 0;
      border-radius: 0;
    }

    table,
    tbody {
      display: block;
      width: 100%;
    }

    colgroup {
      display: none;
    }

    /* the sortable headers stay, as a row of buttons */
    thead,
    thead tr {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 0.5em;
    }

    thead th {
      position: static;
      display: block;
      border: 0;
      padding: 0;
    }

    thead th:not([aria-sort]):not(:has(.sort)) {
      display: none;
    }

    .sort {
      width: auto;
      margin: 0;
      padding-inline: 0.5em;
      border: 1px solid var(--_rk-border);
      border-radius: 999px;
      white-space: nowrap;
    }

    tbody tr[data-id] {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 0.25em 0.75em;
      margin-block-start: 0.75em;
      padding: 0.75em;
      border: 1px solid var(--_rk-border);
      border-radius: var(--_rk-radius);
      background: var(--_rk-surface);
    }

    tbody tr.gap,
    tbody tr.gap > td {
      display: block;
    }

    tbody tr[data-id] > * {
      display: block;
      position: static;
      padding: 0;
      border: 0;
      background: transparent;
      grid-column: 1 / -1;
      /* whole words: a long one breaks only when a line cannot hold it */
      overflow-wrap: break-word;
      text-align: start;
    }

    tbody tr[data-id] > th {
      grid-column: 1;
      border-inline-start: 0;
    }

    tbody tr[data-id] > .priority-cell {
      grid-column: 2;
      grid-row: 1;
    }

    tbody tr[aria-current='true'] {
      border-color: var(--_rk-primary);
      box-shadow: inset 4px 0 0 var(--_rk-primary);
    }

    tbody tr:hover,
    tbody tr:focus-within,
    tbody tr[aria-current='true'] {
      background: var(--_rk-surface-variant);
    }

    td[data-label]:not(.priority-cell) {
      display: grid;
      grid-template-columns: 9em minmax(0, 1fr);
      gap: 0.5em;
      align-items: baseline;
    }

    td[data-label]:not(.priority-cell)::before {
      content: attr(data-label);
      color: var(--_rk-text-muted);
      font-size: 0.875em;
    }

    .health {
      max-width: 16em;
    }

    .num {
      white-space: normal;
    }

    .actions {
      margin-block-start: 0.25em;
    }

    .actions button {
      flex: 1 1 auto;
    }
  }

  /* ---- states ---- */

  .skeleton .shape {
    height: 2.75em;
  }
`;
