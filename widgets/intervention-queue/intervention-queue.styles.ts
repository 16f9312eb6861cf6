import { css } from 'lit';

export const interventionQueueStyles = css`
  :host {
    --_rk-priority-critical: var(--rk-priority-critical, var(--_rk-churn-risk));
    --_rk-priority-high: var(--rk-priority-high, var(--_rk-warning));
    --_rk-priority-medium: var(--rk-priority-medium, var(--_rk-primary));
    --_rk-priority-low: var(--rk-priority-low, var(--_rk-good));
  }

  .card {
    display: grid;
    gap: calc(var(--_rk-spacing) * 0.75);
    padding: var(--_rk-spacing);
    border: 1px solid var(--_rk-border);
    border-radius: var(--_rk-radius);
    background: var(--_rk-surface);
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_rk-spacing) * 0.5);
  }

  .title {
    font-size: 1.0625em;
    font-weight: 600;
    margin-inline-end: auto;
  }

  .count {
    color: var(--_rk-text-muted);
    font-weight: 400;
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

  button.danger {
    border-color: var(--_rk-error);
    color: var(--_rk-error);
  }

  button[disabled] {
    cursor: not-allowed;
    opacity: 0.7;
  }

  ul.list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_rk-spacing) * 0.75);
  }

  .item {
    display: grid;
    gap: 0.375em;
    padding: calc(var(--_rk-spacing) * 0.75);
    border: 1px solid var(--_rk-border);
    border-inline-start: 4px solid var(--_rk-chip-color);
    border-radius: var(--_rk-radius);
  }

  .item[data-overdue='true'] {
    border-inline-end-width: 1px;
    box-shadow: inset 0 0 0 1px var(--_rk-error);
  }

  .item-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }

  .type {
    font-weight: 600;
  }

  .account {
    overflow-wrap: anywhere;
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

  dl.meta {
    margin: 0;
    display: grid;
    gap: 0.125em 1em;
    font-size: 0.875em;
  }

  dt {
    display: inline;
    color: var(--_rk-text-muted);
  }

  dt::after {
    content: ': ';
  }

  dd {
    display: inline;
    margin: 0;
    overflow-wrap: anywhere;
  }

  @container (min-width: 560px) {
    dl.meta {
      grid-template-columns: auto auto minmax(0, 1fr);
    }
  }

  .overdue {
    color: var(--_rk-error);
  }

  .notes {
    margin: 0;
    padding: 0.5em 0.75em;
    border-radius: calc(var(--_rk-radius) / 2);
    background: var(--_rk-surface-variant);
    font-size: 0.875em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .actions,
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .item-form,
  .create-form {
    display: grid;
    gap: 0.75em;
    padding: 0.75em;
    border: 1px solid var(--_rk-border);
    border-radius: var(--_rk-radius);
    background: var(--_rk-surface-variant);
  }

  .item-form p,
  .create-form p {
    margin: 0;
  }

  .fields {
    display: grid;
    gap: 0.75em;
  }

  @container (min-width: 560px) {
    .fields {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }

    .fields .field[data-field='notes'] {
      grid-column: 1 / -1;
    }
  }

  .field {
    display: grid;
    gap: 0.25em;
    align-content: start;
  }

  label {
    font-size: 0.875em;
    font-weight: 600;
  }

  .required {
    font-weight: 400;
    color: var(--_rk-text-muted);
  }

  input,
  select,
  textarea {
    min-height: var(--_rk-touch-target);
    width: 100%;
    padding: 0.5em 0.625em;
    border: 1px solid var(--_rk-text-muted);
    border-radius: calc(var(--_rk-radius) / 2);
    background: var(--_rk-surface);
    color: var(--_rk-text);
    font: inherit;
  }

  textarea {
    resize: vertical;
  }

  [aria-invalid='true'] {
    border-color: var(--_rk-error);
    border-width: 2px;
  }

  .field-error,
  .form-error,
  .item-message {
    color: var(--_rk-error);
    font-size: 0.875em;
    font-weight: 600;
    margin: 0;
    overflow-wrap: anywhere;
  }

  .field-error::before,
  .form-error::before {
    content: '⚠ ';
  }

  .skeleton {
    display: grid;
    gap: 0.75em;
  }

  .skeleton .row {
    display: grid;
    gap: 0.5em;
    padding: 0.75em;
    background: transparent;
    border: 1px solid var(--_rk-border);
  }

  .skeleton .shape {
    background: var(--_rk-surface-variant);
    border-radius: var(--_rk-radius);
    animation: pulse 1.2s ease-in-out infinite;
  }

  .skeleton .row.shape {
    background: transparent;
  }

  .skeleton .line {
    height: 0.875em;
    width: 80%;
  }

  .skeleton .line.short {
    width: 45%;
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

  .list:focus,
  .empty:focus,
  .form-error:focus {
    outline: none;
  }

  .list:focus-visible,
  .empty:focus-visible,
  .form-error:focus-visible {
    outline: var(--_rk-focus-ring);
  }
`;
