import { css } from 'lit';

export const interventionQueueStyles = css`
  .count {
    color: var(--_rk-text-muted);
    font-weight: 400;
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
    /* minmax(0, …): a long e-mail address wraps in its line rather than widening the column. */
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_rk-spacing) * 0.75);
  }

  .item {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
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

  /* break-word, not anywhere: words (and e-mail addresses) break only when a whole line cannot hold them. */
  .account {
    overflow-wrap: break-word;
  }

  .account .company {
    font-weight: 600;
  }

  .account .id {
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  .item-title,
  .description {
    margin: 0;
    overflow-wrap: break-word;
  }

  .description {
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  .show-more {
    justify-self: center;
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
    overflow-wrap: break-word;
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

  .required {
    font-weight: 400;
    color: var(--_rk-text-muted);
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

  /* an outline around its lines rather than a filled shape */
  .skeleton .row {
    display: grid;
    gap: 0.5em;
    padding: 0.75em;
    background: transparent;
    border: 1px solid var(--_rk-border);
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
