import { css } from 'lit';

export const churnChartStyles = css`
  :host {
    --_rk-chart-height: var(--rk-chart-height, 240px);
    --_rk-churn-rate: var(--rk-churn-rate-color, var(--_rk-critical));
    --_rk-churn-average: var(--rk-churn-average-color, var(--_rk-primary));
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
`;
