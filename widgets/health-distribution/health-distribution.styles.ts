import { css } from 'lit';

export const healthDistributionStyles = css`
  :host {
    --_rk-chart-height: var(--rk-chart-height, 200px);
  }

  .layout {
    display: grid;
    gap: var(--_rk-spacing);
    align-items: center;
  }

  @container (min-width: 440px) {
    .layout {
      grid-template-columns: minmax(160px, 1fr) minmax(200px, 1.2fr);
    }
  }

  .total {
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  .total strong {
    color: var(--_rk-text);
    font-size: 1.25em;
    font-variant-numeric: tabular-nums;
  }

  ul.legend {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.375em;
  }

  .legend li {
    display: grid;
    grid-template-columns: auto 1fr auto auto;
    align-items: center;
    gap: 0.625em;
    padding-block: 0.25em;
    border-block-end: 1px solid var(--_rk-border);
  }

  .legend li:last-child {
    border-block-end: 0;
  }

  .swatch {
    inline-size: 0.875em;
    block-size: 0.875em;
    border-radius: 3px;
    background: var(--_rk-status-color);
    flex: none;
  }

  .legend .label {
    overflow-wrap: anywhere;
  }

  .legend .count,
  .legend .share {
    font-variant-numeric: tabular-nums;
    text-align: end;
    white-space: nowrap;
  }

  .legend .count {
    font-weight: 600;
  }

  .legend .share {
    color: var(--_rk-text-muted);
    font-size: 0.875em;
    min-inline-size: 3.5em;
  }

  .skeleton .area {
    aspect-ratio: 1;
    justify-self: center;
    border-radius: 50%;
  }
`;
