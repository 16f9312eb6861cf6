import { css } from 'lit';

export const healthDistributionStyles = css`
  :host {
    --_rk-chart-height: var(--rk-chart-height, 200px);
  }

  .card {
    display: grid;
    gap: calc(var(--_rk-spacing) * 0.75);
    padding: var(--_rk-spacing);
    border: 1px solid var(--_rk-border);
    border-radius: var(--_rk-radius);
    background: var(--_rk-surface);
    min-width: 0;
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_rk-spacing) * 0.5);
  }

  .title {
    font-size: 1.0625em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.375em;
    padding: 0.125em 0.625em;
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    border: 1px solid var(--_rk-border);
  }

  .badge::before {
    content: '';
    width: 0.5em;
    height: 0.5em;
    border-radius: 50%;
    background: currentColor;
  }

  .badge.live::before {
    background: var(--_rk-excellent);
  }

  .badge.offline::before {
    background: var(--_rk-text-muted);
  }

  .plot {
    position: relative;
    height: var(--_rk-chart-height);
    min-width: 0;
  }

  .plot canvas {
    display: block;
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

  table {
    border-collapse: collapse;
  }

  .skeleton {
    display: grid;
    gap: 0.75em;
  }

  .skeleton .shape {
    background: var(--_rk-surface-variant);
    border-radius: var(--_rk-radius);
    animation: pulse 1.2s ease-in-out infinite;
  }

  .skeleton .area {
    block-size: var(--_rk-chart-height);
    aspect-ratio: 1;
    justify-self: center;
    border-radius: 50%;
  }

  .skeleton .line {
    inline-size: 60%;
    block-size: 0.875em;
  }

  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }

  .message {
    display: grid;
    gap: 0.5em;
    justify-items: start;
  }

  .message p,
  .empty {
    margin: 0;
  }

  .error-text {
    color: var(--_rk-error);
    font-weight: 600;
  }

  .detail {
    color: var(--_rk-text-muted);
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }

  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    padding: 0.5em 1em;
    border-radius: var(--_rk-radius);
    border: 1px solid var(--_rk-primary);
    background: var(--_rk-primary);
    color: var(--_rk-on-primary);
    font-weight: 600;
  }
`;
