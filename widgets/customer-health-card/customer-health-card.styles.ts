import { css } from 'lit';

export const customerHealthCardStyles = css`
  .card {
    gap: var(--_rk-spacing);
  }

  /* A 280-320 px CRM sidebar: every pixel of padding is width taken from the content. */
  @container (max-width: 340px) {
    .card {
      padding: calc(var(--_rk-spacing) * 0.75);
      gap: calc(var(--_rk-spacing) * 0.75);
    }
  }

  .identity {
    display: grid;
    min-width: 0;
    margin-inline-end: auto;
  }

  .customer-id {
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
    overflow-wrap: anywhere;
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
    justify-items: center;
  }

  .skeleton.small {
    justify-items: start;
  }
`;
