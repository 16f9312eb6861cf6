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

  ul.grid {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_rk-spacing) * 0.75);
  }

  @container (min-width: 420px) {
    ul.grid {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }

  @container (min-width: 640px) {
    ul.grid {
      grid-template-columns: repeat(3, minmax(0, 1fr));
    }
  }

  @container (min-width: 1000px) {
    ul.grid {
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

  .skeleton {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_rk-spacing) * 0.75);
  }

  @container (min-width: 420px) {
    .skeleton {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }

  @container (min-width: 640px) {
    .skeleton {
      grid-template-columns: repeat(3, minmax(0, 1fr));
    }
  }

  @container (min-width: 1000px) {
    .skeleton {
      grid-template-columns: repeat(6, minmax(0, 1fr));
    }
  }

  .skeleton .shape {
    min-block-size: var(--_rk-kpi-min-height);
    background: var(--_rk-surface-variant);
    border-radius: var(--_rk-radius);
    animation: pulse 1.2s ease-in-out infinite;
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
