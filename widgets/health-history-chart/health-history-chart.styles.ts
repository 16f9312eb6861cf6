import { css } from 'lit';

export const healthHistoryChartStyles = css`
  :host {
    --_rk-chart-height: var(--rk-chart-height, 240px);
  }
  .thin-note {
    display: flex;
    align-items: center;
    gap: 0.5em;
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.85em;
  }
  /* The legend swatch: the same lightened, hatched slice the chart draws. */
  .hatched {
    flex: none;
    inline-size: 1.5em;
    block-size: 1em;
    border: 1px solid var(--_rk-border);
    background: repeating-linear-gradient(45deg, var(--_rk-text-muted) 0 1px, var(--_rk-surface) 1px 6px);
  }
`;
