import { css } from 'lit';

export const customerHealthCardStyles = css`
  :host {
    --_rk-priority-critical: var(--rk-priority-critical, var(--_rk-churn-risk));
    --_rk-priority-high: var(--rk-priority-high, var(--_rk-warning));
    --_rk-priority-medium: var(--rk-priority-medium, var(--_rk-primary));
    --_rk-priority-low: var(--rk-priority-low, var(--_rk-good));
  }

  .card {
    display: grid;
    gap: var(--_rk-spacing);
    padding: var(--_rk-spacing);
    border: 1px solid var(--_rk-border);
    border-radius: var(--_rk-radius);
    background: var(--_rk-surface);
    min-width: 0;
  }

  /* A 280-320 px CRM sidebar: every pixel of padding is width taken from the content. */
  @container (max-width: 340px) {
    .card {
      padding: calc(var(--_rk-spacing) * 0.75);
      gap: calc(var(--_rk-spacing) * 0.75);
    }
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_rk-spacing) * 0.5);
  }

  .identity {
    display: grid;
    min-width: 0;
    margin-inline-end: auto;
  }

  .title {
    font-size: 1.0625em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .customer-id {
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
    overflow-wrap: anywhere;
  }

  .indicators {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .indicators:empty {
    display: none;
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

  /* The inner gauge sits in this card: no second border, padding or title row of its own. */
  health-gauge::part(base) {
    border: 0;
    padding: 0;
    background: transparent;
  }

  health-gauge::part(header) {
    display: none;
  }

  .body {
    display: grid;
    gap: var(--_rk-spacing);
    min-width: 0;
  }

  /* Wide enough (a panel rather than a sidebar): the facts beside the gauge. */
  @container (min-width: 640px) {
    .body {
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      align-items: start;
    }
  }

  .facts {
    display: grid;
    gap: var(--_rk-spacing);
    min-width: 0;
  }

  .section-title {
    margin: 0 0 0.5em;
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_rk-text-muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }

  dl.risk {
    margin: 0;
    display: grid;
    gap: 0.375em;
  }

  dl.risk > div {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.25em 0.75em;
  }

  dt {
    color: var(--_rk-text-muted);
  }

  dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.375em;
    padding: 0.125em 0.625em;
    border: 1px solid var(--_rk-chip-color);
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    white-space: nowrap;
  }

  .dot {
    width: 0.625em;
    height: 0.625em;
    border-radius: 50%;
    background: var(--_rk-chip-color);
    flex: none;
  }

  .chip[data-priority='critical'] .dot {
    /* a square as well as a colour */
    border-radius: 2px;
  }

  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  ul.factors {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375em;
  }

  .factor {
    padding: 0.125em 0.625em;
    border-radius: calc(var(--_rk-radius) / 2);
    background: var(--_rk-surface-variant);
    font-size: 0.875em;
    overflow-wrap: anywhere;
    min-width: 0;
  }

  .none {
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  ul.interventions {
    display: grid;
    gap: 0.5em;
  }

  .intervention {
    display: grid;
    gap: 0.25em;
    padding: 0.5em 0.75em;
    border: 1px solid var(--_rk-border);
    border-inline-start: 4px solid var(--_rk-chip-color);
    border-radius: var(--_rk-radius);
    min-width: 0;
  }

  .intervention-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.25em 0.5em;
  }

  .type {
    font-weight: 600;
  }

  .meta {
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  .overdue {
    color: var(--_rk-error);
  }

  .notes {
    margin: 0;
    font-size: 0.875em;
    overflow-wrap: anywhere;
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    overflow: hidden;
  }

  .more {
    margin: 0.5em 0 0;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375em;
    padding: 0.5em 1em;
    border-radius: var(--_rk-radius);
    border: 1px solid var(--_rk-primary);
    background: transparent;
    color: var(--_rk-text);
    font-weight: 600;
  }

  button.primary {
    background: var(--_rk-primary);
    color: var(--_rk-on-primary);
  }

  /* aria-disabled rather than disabled: the pressed button keeps the focus while it saves. */
  button[aria-disabled='true'] {
    cursor: not-allowed;
    border-style: dashed;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .actions button {
    flex: 1 1 auto;
  }

  .quick {
    display: grid;
  }

  /* Always rendered (a live region must exist before it speaks), taking room only when it has text. */
  .action-message {
    margin: 0;
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }

  .action-message:not(:empty) {
    margin-top: 0.5em;
  }

  .action-message[data-tone='error'] {
    color: var(--_rk-error);
    font-weight: 600;
  }

  .skeleton {
    display: grid;
    gap: 0.75em;
    justify-items: center;
  }

  .skeleton .shape {
    background: var(--_rk-surface-variant);
    border-radius: var(--_rk-radius);
    animation: pulse 1.2s ease-in-out infinite;
  }

  .skeleton .arc {
    width: min(100%, var(--rk-gauge-size, 240px));
    aspect-ratio: 2 / 1;
    border-radius: 999px 999px 0 0;
  }

  .skeleton .line {
    width: 80%;
    height: 0.875em;
  }

  .skeleton .line.short {
    width: 50%;
  }

  .skeleton.small {
    justify-items: start;
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

  .empty {
    color: var(--_rk-text-muted);
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
`;
