import { css } from 'lit';

export const churnModelReportStyles = css`
  :host {
    --_rk-chart-height: var(--rk-chart-height, 240px);
    --_rk-model-curve: var(--rk-churn-model-color, var(--_rk-primary));
    --_rk-baseline-1: var(--rk-churn-baseline-1-color, var(--_rk-secondary));
    --_rk-baseline-2: var(--rk-churn-baseline-2-color, var(--_rk-warning));
    --_rk-baseline-3: var(--rk-churn-baseline-3-color, var(--_rk-text-muted));
    --_rk-baseline-4: var(--rk-churn-baseline-4-color, var(--_rk-good));
  }

  .section,
  .chart {
    display: grid;
    gap: 0.5em;
    min-inline-size: 0;
    margin: 0;
  }

  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: var(--_rk-spacing);
    align-items: start;
  }

  /*
   * The metrics and baselines tables side by side only where each has room for its words: in
   * German their headers and figures need about 30em, and a narrower column hid the last column
   * behind a sideways scroll and cut the caption.
   */
  .grid.tables {
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr));
  }

  .run-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }

  .run-title,
  .chart-title {
    margin: 0;
    font-size: 1em;
  }

  .chart-title {
    font-size: 0.9375em;
  }

  .note,
  .sub {
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  .badge.active {
    display: inline-block;
    margin-inline-start: 0.5em;
    padding: 0.125em 0.5em;
    border-radius: 999px;
    background: var(--_rk-primary);
    color: var(--_rk-on-primary);
    font-size: 0.75em;
    font-weight: 600;
    vertical-align: middle;
  }

  .action-message {
    margin: 0;
    padding: 0.5em 0.75em;
    border-radius: calc(var(--_rk-radius) / 2);
    background: var(--_rk-surface-variant);
  }

  .action-message[data-kind='error'],
  .failed .error-text {
    color: var(--_rk-error);
    font-weight: 600;
  }

  .failed p,
  .running {
    margin: 0;
  }

  .running {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }

  .spinner {
    flex: none;
    inline-size: 1em;
    block-size: 1em;
    border: 2px solid var(--_rk-border);
    border-block-start-color: var(--_rk-primary);
    border-radius: 50%;
    animation: rk-spin 1s linear infinite;
  }

  @keyframes rk-spin {
    to {
      transform: rotate(360deg);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }

  .insufficient {
    padding: 0.75em;
    border-inline-start: 4px solid var(--_rk-warning);
    border-radius: calc(var(--_rk-radius) / 2);
    background: var(--_rk-surface-variant);
  }

  .insufficient p {
    margin: 0;
  }

  .insufficient-title {
    font-weight: 600;
  }

  .scroller {
    overflow-x: auto;
    min-inline-size: 0;
  }

  table {
    inline-size: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    font-size: 0.875em;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.25em;
  }

  th,
  td {
    padding: 0.375em 0.5em;
    text-align: start;
    vertical-align: top;
    border-block-end: 1px solid var(--_rk-border);
  }

  thead th {
    color: var(--_rk-text-muted);
    font-weight: 600;
    vertical-align: bottom;
  }

  td.num {
    white-space: nowrap;
  }

  td .sub {
    display: block;
    font-size: 0.875em;
  }

  button.run-button {
    min-block-size: 0;
    padding: 0.25em 0.5em;
    font-weight: 600;
  }

  button.run-button[aria-pressed='true'] {
    background: var(--_rk-surface-variant);
    border-color: var(--_rk-primary);
  }

  tr[aria-current='true'] > * {
    background: var(--_rk-surface-variant);
  }

  ul.legend {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    font-size: 0.8125em;
  }

  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.375em;
  }

  /* Line samples: each curve its colour and its dash, so the legend does not rest on colour alone. */
  .sample {
    flex: none;
    inline-size: 1.75em;
    block-size: 0;
    border-block-start: 3px solid var(--_rk-model-curve);
  }

  .sample[data-curve='1'] {
    border-block-start: 2px dashed var(--_rk-baseline-1);
  }

  .sample[data-curve='2'] {
    border-block-start: 2px dotted var(--_rk-baseline-2);
  }

  .sample[data-curve='3'] {
    border-block-start: 2px dashed var(--_rk-baseline-3);
  }

  .sample[data-curve='4'] {
    border-block-start: 2px dashed var(--_rk-baseline-4);
  }

  .sample.diagonal {
    border-block-start: 1px dashed var(--_rk-text-muted);
  }

  .bar-cell {
    display: flex;
    align-items: center;
    gap: 0.5em;
  }

  .track {
    flex: 1;
    min-inline-size: 3em;
    block-size: 0.625em;
    border-radius: 3px;
    background: var(--_rk-surface-variant);
  }

  .bar {
    display: block;
    block-size: 100%;
    border-radius: 3px;
    background: var(--_rk-model-curve);
  }

  .features .value,
  .lift .value {
    min-inline-size: 3.5em;
    text-align: end;
  }

  .feature-name {
    font-weight: 400;
    overflow-wrap: anywhere;
    inline-size: 45%;
  }

  .skeleton .area {
    block-size: var(--_rk-chart-height);
  }

  /* Narrow: every table row a small block of labelled cells. */
  @container (max-width: 479px) {
    .metrics thead,
    .baselines thead,
    .lift thead,
    .runs thead {
      display: none;
    }

    .metrics tr,
    .baselines tr,
    .lift tr,
    .runs tr {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 0.25em 0.75em;
      padding-block: 0.5em;
      border-block-end: 1px solid var(--_rk-border);
    }

    .metrics tr > *,
    .baselines tr > *,
    .lift tr > *,
    .runs tr > * {
      display: block;
      padding: 0;
      border: 0;
      white-space: normal;
    }

    .metrics tbody th,
    .baselines tbody th,
    .runs tbody th {
      grid-column: 1 / -1;
    }

    td[data-label]::before {
      content: attr(data-label);
      display: block;
      color: var(--_rk-text-muted);
      font-size: 0.75em;
      font-weight: 600;
    }

    .lift .bar-cell {
      display: block;
    }

    .lift .track {
      display: none;
    }
  }
`;
