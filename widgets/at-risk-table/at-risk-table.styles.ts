import { css } from 'lit';

/** What only the at-risk table has: its column widths, the priority toggles, the risk factors. */
export const atRiskTableStyles = css`
  .priorities {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 0.5em;
  }

  .priorities .label {
    flex-basis: 100%;
    font-size: 0.875em;
    font-weight: 600;
  }

  .toggle {
    border-radius: 999px;
    border-color: var(--_rk-border);
    font-weight: 400;
    padding-inline: 0.75em 0.875em;
  }

  .toggle[aria-pressed='true'] {
    /* pressed: a tick, a heavier border and weight, a fill: not colour alone */
    border: 2px solid var(--_rk-primary);
    background: var(--_rk-surface-variant);
    font-weight: 600;
  }

  .check {
    display: inline-block;
    width: 0.875em;
  }

  .toggle-count {
    color: var(--_rk-text-muted);
  }

  .col-company {
    width: 9em;
  }

  .col-priority {
    width: 6.75em;
  }

  .col-health {
    width: 7.5em;
  }

  .col-churn {
    width: 7em;
  }

  .col-factors {
    width: 9em;
  }

  .col-updated {
    width: 8em;
  }

  .col-actions {
    width: 16.5em;
  }

  /*
   * Long headers stay in their own column: they hyphenate at a translation's soft hyphens (German
   * "Abwanderungs­wahrschein­lichkeit") or, where the browser has the page language's dictionary,
   * anywhere; a word still wider than its column breaks at the edge rather than run over the next.
   * break-word, not anywhere: the column stays as wide as its longest syllable run.
   */
  thead th {
    hyphens: auto;
    overflow-wrap: break-word;
  }

  [data-column='churn'] .sort {
    justify-content: flex-end;
    text-align: end;
  }

  [data-column='churn'] {
    text-align: end;
  }

  .factors {
    font-size: 0.875em;
  }

  .factors ul {
    margin: 0;
    padding-inline-start: 1.1em;
  }

  .updated time {
    display: block;
  }

  @container (max-width: 479px) {
    .col-company {
      width: 8em;
    }
  }
`;
