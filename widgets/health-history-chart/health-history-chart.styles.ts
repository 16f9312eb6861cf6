import { css } from 'lit';

export const healthHistoryChartStyles = css`
  :host {
    --_rk-chart-height: var(--rk-chart-height, 240px);
  }
`;
