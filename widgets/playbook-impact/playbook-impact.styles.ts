import { css } from 'lit';

export const playbookImpactStyles = css`
  :host {
    --_rk-impact-benefit: var(--rk-impact-benefit, var(--_rk-excellent));
    --_rk-impact-harm: var(--rk-impact-harm, var(--_rk-critical));
    --_rk-impact-unclear: var(--rk-impact-unclear, var(--_rk-text-muted));
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_rk-spacing) * 0.5);
  }

  .grouping {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .grouping button[aria-pressed='true'] {
    background: var(--_rk-surface-variant);
    font-weight: 600;
  }

  .window,
  .note,
  .none {
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  .section {
    display: grid;
    gap: 0.5em;
  }

  .section-title {
    margin: 0;
  }

  .scroller {
    overflow-x: auto;
    border-radius: calc(var(--_rk-radius) / 2);
  }

  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }

  th,
  td {
    /* rem across: the uplift header's axis lines up with the plots of the cells below it. */
    padding: 0.5em 0.625rem;
    text-align: start;
    vertical-align: top;
    border-block-end: 1px solid var(--_rk-border);
  }

  thead th {
    font-size: 0.8125em;
    font-weight: 600;
    color: var(--_rk-text-muted);
    vertical-align: bottom;
  }

  tbody tr:last-child > * {
    border-block-end: 0;
  }

  button.sort {
    min-height: 0;
    min-width: 0;
    padding: 0.25em 0.375em;
    margin-inline-start: -0.375em;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    font-weight: 600;
    text-align: start;
  }

  .sort-icon {
    font-size: 0.75em;
  }

  .play {
    min-inline-size: 11em;
    font-weight: 400;
  }

  .name {
    display: block;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .value {
    display: block;
    white-space: nowrap;
    font-weight: 600;
  }

  .sub {
    display: block;
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
    white-space: nowrap;
  }

  .evidence .sub,
  .play .sub {
    white-space: normal;
  }

  .evidence {
    min-inline-size: 10em;
  }

  .verdict {
    display: block;
    font-weight: 600;
  }

  /* The verdict's colour is a marker beside it: coloured text would not keep its contrast on every surface. */
  .verdict::before {
    content: '';
    display: inline-block;
    inline-size: 0.625em;
    block-size: 0.625em;
    margin-inline-end: 0.375em;
    border-radius: 2px;
    background: var(--_rk-impact-unclear);
  }

  .evidence[data-evidence='benefit'] .verdict::before {
    background: var(--_rk-impact-benefit);
  }

  .evidence[data-evidence='harm'] .verdict::before {
    background: var(--_rk-impact-harm);
  }

  .evidence[data-evidence='insufficient'] .verdict {
    font-style: italic;
    color: var(--_rk-text-muted);
  }

  td.uplift,
  th[data-column='uplift'] {
    --_rk-uplift-numbers: 8rem;
    inline-size: 34%;
    min-inline-size: 20rem;
  }

  .uplift-cell .sub {
    white-space: normal;
  }

  .uplift-cell {
    display: grid;
    grid-template-columns: var(--_rk-uplift-numbers) minmax(8rem, 1fr);
    gap: 0.75rem;
    align-items: center;
  }

  /* The forest plot: every row's bar on the axis of the header, the zero line through them all. */
  .plot,
  .axis {
    position: relative;
    display: block;
    block-size: 1.5em;
  }

  .axis {
    margin-block-start: 0.25em;
    block-size: 1.25em;
    font-weight: 400;
    font-size: 0.9em;
  }

  th[data-column='uplift'] .axis {
    /* Over the plots: past the column of numbers and the gap (rem: the header's font is smaller). */
    margin-inline-start: calc(var(--_rk-uplift-numbers) + 0.75rem);
  }

  .tick {
    position: absolute;
    inset-block-start: 0;
    inset-inline-start: 0;
    white-space: nowrap;
  }

  .tick.end {
    inset-inline-start: auto;
    inset-inline-end: 0;
  }

  .tick.zero {
    transform: translateX(-50%);
  }

  :host(:dir(rtl)) .tick.zero {
    transform: translateX(50%);
  }

  .zero-line {
    position: absolute;
    inset-block: 0;
    inline-size: 0;
    border-inline-start: 1px dashed var(--_rk-text);
  }

  .interval {
    position: absolute;
    inset-block-start: calc(50% - 3px);
    block-size: 6px;
    border-radius: 3px;
    background: var(--_rk-impact-unclear);
  }

  .estimate {
    position: absolute;
    inset-block-start: calc(50% - 6px);
    inline-size: 12px;
    block-size: 12px;
    margin-inline-start: -6px;
    border-radius: 2px;
    background: var(--_rk-impact-unclear);
    border: 2px solid var(--_rk-surface);
  }

  tr[data-evidence='benefit'] .interval,
  tr[data-evidence='benefit'] .estimate {
    background: var(--_rk-impact-benefit);
  }

  tr[data-evidence='harm'] .interval,
  tr[data-evidence='harm'] .estimate {
    background: var(--_rk-impact-harm);
  }

  /* Below the minimum counts the interval is still drawn (its width is the point), hollow. */
  tr[data-evidence='insufficient'] .interval {
    background: repeating-linear-gradient(90deg, var(--_rk-impact-unclear) 0 4px, transparent 4px 7px);
  }

  tr[data-evidence='insufficient'] .estimate {
    background: var(--_rk-surface);
    border-color: var(--_rk-impact-unclear);
  }

  .skeleton .shape {
    block-size: 2.5em;
  }

  /* ---- narrower than the table's natural width (a dashboard's main column beside a side panel):
     the plot, its figures and the play's name give up width and the figures wrap, so the evidence
     column stays in view instead of behind a sideways scroll ---- */

  @container (max-width: 1099px) {
    td.uplift,
    th[data-column='uplift'] {
      --_rk-uplift-numbers: 6.5rem;
      min-inline-size: 14rem;
    }

    .play {
      min-inline-size: 8em;
    }

    .sub {
      white-space: normal;
    }
  }

  /* ---- cards: below 880 px of the widget's own width (the table's narrowest), each row a card, its cells labelled ---- */

  @container (max-width: 879px) {
    table,
    tbody,
    caption {
      display: block;
      width: 100%;
    }

    thead,
    thead tr {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 0.5em;
    }

    thead th {
      display: block;
      border: 0;
      padding: 0;
    }

    /* The sort buttons stay, as a row of buttons; the other headers are the cells' labels. */
    thead th:not(:has(.sort)),
    .axis {
      display: none;
    }

    button.sort {
      margin: 0;
      padding-inline: 0.5em;
      border: 1px solid var(--_rk-border);
      border-radius: 999px;
      white-space: nowrap;
    }

    tbody tr {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 0.5em 0.75em;
      margin-block-start: 0.75em;
      padding: 0.75em;
      border: 1px solid var(--_rk-border);
      border-radius: var(--_rk-radius);
    }

    tbody tr > * {
      display: block;
      padding: 0;
      border: 0;
      min-inline-size: 0;
    }

    tbody th,
    td.uplift,
    td.evidence {
      grid-column: 1 / -1;
    }

    td[data-label]::before {
      content: attr(data-label);
      display: block;
      color: var(--_rk-text-muted);
      font-size: 0.75em;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.04em;
    }

    td.uplift,
    td.evidence,
    tbody th.play {
      --_rk-uplift-numbers: 7.5rem;
      inline-size: auto;
      min-inline-size: 0;
    }

    .sub {
      white-space: normal;
    }
  }
`;
