import { css } from 'lit';

export const churnAlertsStyles = css`
  :host {
    --_rk-severity-critical: var(--rk-severity-critical, var(--_rk-churn-risk));
    --_rk-severity-high: var(--rk-severity-high, var(--_rk-warning));
    --_rk-severity-medium: var(--rk-severity-medium, var(--_rk-primary));
    --_rk-severity-low: var(--rk-severity-low, var(--_rk-good));
    --_rk-panel-max-height: var(--rk-alerts-panel-max-height, 28em);
    background: transparent;
    /*
     * Sized by its bell, not by its container: an inline-size container has no width of its own,
     * so in a host's flex header the bell hung 20 px past the right edge. The panel and the toasts
     * are the containers their cards query.
     */
    container-type: normal;
  }

  .panel,
  .toasts {
    container-type: inline-size;
  }

  .base {
    position: relative;
    display: grid;
    gap: calc(var(--_rk-spacing) * 0.5);
  }

  .bar {
    display: flex;
    justify-content: flex-end;
  }

  .bell {
    position: relative;
    padding: 0;
    width: var(--_rk-touch-target);
    height: var(--_rk-touch-target);
    border-radius: 50%;
    border-color: var(--_rk-border);
    background: var(--_rk-surface);
  }

  .bell[aria-expanded='true'] {
    border-color: var(--_rk-primary);
    background: var(--_rk-surface-variant);
  }

  .icon {
    width: 24px;
    height: 24px;
  }

  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-width: 1.5em;
    height: 1.5em;
    padding: 0 0.375em;
    border-radius: 999px;
    background: var(--_rk-primary);
    color: var(--_rk-on-primary);
    font-size: 0.75em;
    font-weight: 700;
    line-height: 1.5em;
    text-align: center;
    font-variant-numeric: tabular-nums;
    box-shadow: 0 0 0 2px var(--_rk-surface);
  }

  .bell[data-critical='true'] .badge {
    background: var(--_rk-severity-critical);
    color: #ffffff;
  }

  /* Over the page, not in its flow: a toast never pushes the host's layout. */
  .toasts {
    position: absolute;
    inset-block-start: calc(100% + 0.5em);
    inset-inline-end: 0;
    z-index: 1;
    width: min(22rem, calc(100vw - 16px));
    display: grid;
    gap: 0.5em;
  }

  .toast,
  .alert {
    display: grid;
    gap: 0.25em;
    justify-items: start;
    padding: calc(var(--_rk-spacing) * 0.75);
    border: 1px solid var(--_rk-border);
    border-inline-start: 4px solid var(--_rk-chip-color);
    border-radius: var(--_rk-radius);
    background: var(--_rk-surface);
    color: var(--_rk-text);
  }

  .toast {
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.18);
    animation: enter 200ms ease-out;
  }

  @keyframes enter {
    from {
      opacity: 0;
      transform: translateY(-4px);
    }
  }

  /*
   * The panel is a card (cardStyles) and a popover: in the top layer, out of the page's flow,
   * placed under the bell by the element (left/top/max-height) so it never leaves the viewport.
   */
  .panel {
    color: var(--_rk-text);
    position: fixed;
    inset: auto;
    margin: 0;
    width: min(24rem, calc(100vw - 16px));
    box-sizing: border-box;
    overflow: auto;
    overscroll-behavior: contain;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.24);
  }

  .panel:not(:popover-open) {
    display: none;
  }

  /* The two views' tabs: a row under the header, the chosen one underlined. */
  .tabs {
    display: flex;
    gap: 0.25em;
    margin-block-end: 0.5em;
    border-block-end: 1px solid var(--_rk-border);
  }

  .tab {
    border: 0;
    border-block-end: 3px solid transparent;
    border-radius: 0;
    background: transparent;
    color: var(--_rk-text-muted);
  }

  .tab[aria-selected='true'] {
    border-block-end-color: var(--_rk-primary);
    color: var(--_rk-text);
    font-weight: 600;
  }

  .view {
    display: grid;
    gap: 0.5em;
  }

  .load-more {
    justify-self: center;
  }

  .load-more[aria-disabled='true'] {
    cursor: progress;
  }

  .acknowledgement {
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }

  ul.list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
    max-height: var(--_rk-panel-max-height);
    overflow-y: auto;
    overscroll-behavior: contain;
  }

  .alert[data-unread='true'] {
    background: var(--_rk-surface-variant);
  }

  .alert-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    width: 100%;
  }

  .new {
    font-size: 0.8125em;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }

  .time {
    margin-inline-start: auto;
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
  }

  .company {
    min-width: 0;
    min-height: var(--_rk-touch-target);
    padding: 0;
    border: 0;
    color: var(--_rk-text);
    text-align: start;
    text-underline-offset: 0.2em;
    text-decoration: underline;
    overflow-wrap: anywhere;
  }

  .alert-title,
  .alert-message {
    margin: 0;
    overflow-wrap: anywhere;
  }

  .alert-title {
    font-weight: 600;
  }

  .alert-message {
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  .alert-actions {
    justify-self: end;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .toast > .dismiss {
    justify-self: end;
  }

  @container (min-width: 480px) {
    .toast,
    .alert {
      grid-template-columns: 1fr auto;
      align-items: center;
    }

    .toast > :not(.dismiss),
    .alert > :not(.alert-actions) {
      grid-column: 1;
    }

    .toast > .dismiss,
    .alert > .alert-actions {
      grid-column: 2;
      grid-row: 1 / span 4;
    }
  }
`;
