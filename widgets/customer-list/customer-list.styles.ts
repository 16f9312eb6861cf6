import { css } from 'lit';

/** What only the customer list has: its filters, export buttons, column widths and open-work counts. */
export const customerListStyles = css`
  .header {
    flex-wrap: wrap;
  }

  .exports {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375em;
    margin-inline-start: auto;
  }

  .toolbar {
    margin-block-end: 0.75em;
  }

  .filters {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10em, 1fr));
    gap: 0.5em 0.75em;
    flex: 1 1 100%;
  }

  .filter {
    display: grid;
    gap: 0.25em;
    align-content: end;
    min-width: 0;
  }

  .col-customer {
    width: 10em;
  }

  .col-health {
    width: 7.5em;
  }

  .col-priority {
    width: 6.75em;
  }

  .col-churn,
  .col-mrr {
    width: 6.5em;
  }

  .col-renewal {
    width: 7.5em;
  }

  .col-owner {
    width: 8em;
  }

  .col-open {
    width: 8.5em;
  }

  .col-actions {
    width: 16.5em;
  }

  [data-column='churn'] .sort,
  [data-column='mrr'] .sort {
    justify-content: flex-end;
    text-align: end;
  }

  [data-column='churn'],
  [data-column='mrr'] {
    text-align: end;
  }

  .open {
    display: block;
    font-size: 0.875em;
    white-space: nowrap;
  }

  .open[data-count='0'] {
    color: var(--_rk-text-muted);
  }

  .open:not([data-count='0']) {
    font-weight: 600;
  }

  /* the mark that loads the next page: never the scroll anchor, or the view would follow it down as pages arrive */
  .end {
    height: 1px;
    overflow-anchor: none;
  }

  .more {
    justify-self: start;
    margin-block-start: 0.5em;
  }

  @container (max-width: 599px) {
    /* the name has the card's whole width: long names keep their words whole */
    tbody tr[data-id] > .priority-cell {
      grid-column: 1 / -1;
      grid-row: auto;
    }

    .filters {
      grid-template-columns: repeat(auto-fill, minmax(8.5em, 1fr));
    }

    .exports,
    .exports button {
      flex: 1 1 auto;
    }

    .open {
      display: inline;
      white-space: normal;
    }

    .open + .open::before {
      content: ', ';
    }
  }
`;
