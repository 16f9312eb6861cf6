import { css } from 'lit';

export const churnChartStyles = css`
  :host {
    --_rk-chart-height: var(--rk-chart-height, 240px);
    --_rk-churn-rate: var(--rk-churn-rate-color, var(--_rk-critical));
    --_rk-churn-average: var(--rk-churn-average-color, var(--_rk-primary));
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

  ul.legend {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1.25em;
    font-size: 0.875em;
  }

  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
  }

  /* A line sample: solid for the monthly rate, dashed for the rolling average (not colour alone). */
  .sample {
    inline-size: 1.75em;
    block-size: 0;
    border-block-start: 3px solid var(--_rk-churn-rate);
    flex: none;
  }

  .sample.average {
    border-block-start-style: dashed;
    border-block-start-color: var(--_rk-churn-average);
  }

  .summary {
    margin: 0;
    font-size: 0.875em;
    color: var(--_rk-text-muted);
  }

  .summary strong {
    color: var(--_rk-text);
    font-variant-numeric: tabular-nums;
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
