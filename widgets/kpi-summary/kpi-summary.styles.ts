import { css } from 'lit';

export const kpiSummaryStyles = css`
  :host([theme='dark']) {
    --_rk-trend-positive: var(--rk-color-trend-positive, #81c784);
    --_rk-trend-negative: var(--rk-color-trend-negative, #ef9a9a);
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_rk-trend-positive: var(--rk-color-trend-positive, #81c784);
      --_rk-trend-negative: var(--rk-color-trend-negative, #ef9a9a);
    }
  }

  :host {
    --_rk-kpi-min-height: var(--rk-kpi-min-height, 6.5em);
    --_rk-trend-positive: var(--rk-color-trend-positive, #2e7d32);
    --_rk-trend-negative: var(--rk-color-trend-negative, #c62828);
  }

  ul.grid {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
  }

  /* The skeleton's tiles stand where the KPI cards will: two a row even on a phone, six stacked would fill its screen. */
  ul.grid,
  .skeleton {
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: calc(var(--_rk-spacing) * 0.75);
  }

  /* A phone or a sidebar: compact tiles, as tall as their text. */
  @container (max-width: 419px) {
    ul.grid,
    .skeleton {
      gap: calc(var(--_rk-spacing) / 2);
    }

    .kpi {
      min-block-size: auto;
      padding: calc(var(--_rk-spacing) / 2);
    }

    .kpi .label {
      font-size: 0.8125em;
    }

    .skeleton .shape {
      min-block-size: 4.5em;
    }
  }

  @container (max-width: 239px) {
    ul.grid,
    .skeleton {
      grid-template-columns: minmax(0, 1fr);
    }
  }

  @container (min-width: 640px) {
    ul.grid,
    .skeleton {
      grid-template-columns: repeat(3, minmax(0, 1fr));
    }
  }

  @container (min-width: 1000px) {
    ul.grid,
    .skeleton {
      grid-template-columns: repeat(6, minmax(0, 1fr));
    }
  }

  .kpi {
    display: grid;
    align-content: start;
    gap: 0.25em;
    min-block-size: var(--_rk-kpi-min-height);
    padding: calc(var(--_rk-spacing) * 0.75);
    border: 1px solid var(--_rk-border);
    border-radius: var(--_rk-radius);
    background: var(--_rk-surface);
    min-inline-size: 0;
    /* The figure's size follows the card's width, so a wide figure fits a narrow column. */
    container-type: inline-size;
  }

  .kpi .label {
    color: var(--_rk-text-muted);
    font-size: 0.875em;
    font-weight: 600;
  }

  .kpi .value {
    font-size: clamp(1.125em, 14cqi, 1.625em);
    font-weight: 700;
    line-height: 1.2;
    font-variant-numeric: tabular-nums;
    overflow-wrap: break-word;
  }

  .delta {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em;
    font-size: 0.8125em;
    color: var(--_rk-text-muted);
  }

  .delta strong {
    color: var(--_rk-text);
    font-variant-numeric: tabular-nums;
  }

  .delta .arrow {
    font-size: 0.875em;
  }

  .delta[data-tone='positive'] .arrow {
    color: var(--_rk-trend-positive);
  }

  .delta[data-tone='negative'] .arrow {
    color: var(--_rk-trend-negative);
  }

  .note {
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
  }

  .skeleton .shape {
    min-block-size: var(--_rk-kpi-min-height);
  }
`;
