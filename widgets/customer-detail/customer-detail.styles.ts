import { css } from 'lit';

export const customerDetailStyles = css`
  :host {
    container-type: inline-size;
  }

  .card {
    gap: var(--_rk-spacing);
  }

  .title {
    margin: 0;
    font-size: 1.125em;
    display: grid;
    min-width: 0;
    margin-inline-end: auto;
    overflow-wrap: break-word;
  }

  .customer-id {
    color: var(--_rk-text-muted);
    font-size: 0.75em;
    font-weight: normal;
  }

  .layout {
    display: grid;
    gap: var(--_rk-spacing);
    grid-template-columns: minmax(0, 1fr);
  }

  @container (min-width: 600px) {
    .layout {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }

  @container (max-width: 340px) {
    .card {
      padding: calc(var(--_rk-spacing) * 0.75);
    }
  }

  .column {
    display: grid;
    gap: var(--_rk-spacing);
    align-content: start;
    min-width: 0;
  }

  section {
    display: grid;
    gap: calc(var(--_rk-spacing) / 2);
    min-width: 0;
  }

  .section-title {
    margin: 0;
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_rk-text-muted);
  }

  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 140px), 1fr));
    gap: calc(var(--_rk-spacing) / 2);
    margin: 0;
  }

  .facts dt {
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
  }

  .facts dd {
    margin: 0;
    overflow-wrap: break-word;
  }

  .plain {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_rk-spacing) / 2);
  }

  .item {
    display: grid;
    gap: 2px;
    padding: calc(var(--_rk-spacing) / 2);
    border: 1px solid var(--_rk-border);
    border-radius: var(--_rk-radius);
    min-width: 0;
  }

  .meta,
  .muted {
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
  }

  .text {
    overflow-wrap: break-word;
  }

  .note-text {
    white-space: pre-wrap;
  }

  .email {
    overflow-wrap: anywhere;
    color: var(--_rk-primary);
  }

  .tag {
    font-size: 0.75em;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--_rk-surface-variant);
  }

  .chips {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }

  .factor {
    padding: 2px 8px;
    border-radius: var(--_rk-radius);
    background: var(--_rk-surface-variant);
    overflow-wrap: break-word;
  }

  .overdue {
    color: var(--_rk-error);
    font-weight: 600;
  }

  .none {
    margin: 0;
    color: var(--_rk-text-muted);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }

  .note-form {
    display: grid;
    gap: 6px;
  }

  .note-form textarea {
    width: 100%;
    box-sizing: border-box;
    font: inherit;
    min-height: 4.5em;
  }

  .note-form button {
    justify-self: start;
  }

  .message-line {
    margin: 0;
    min-height: 1em;
  }

  .message-line[data-tone='error'] {
    color: var(--_rk-error);
  }

  /* The inner gauge and chart sit in this card: no second border or padding. */
  health-gauge::part(base),
  health-history-chart::part(base) {
    border: 0;
    padding: 0;
    background: transparent;
  }

  health-gauge::part(header) {
    display: none;
  }
`;
