import { css } from 'lit';

export const healthGaugeStyles = css`
  :host {
    --_rk-gauge-size: var(--rk-gauge-size, 240px);
    --_rk-gauge-track: var(--rk-gauge-track, var(--_rk-surface-variant));
  }

  .layout {
    display: grid;
    gap: var(--_rk-spacing);
  }

  @container (min-width: 520px) {
    .layout {
      grid-template-columns: minmax(180px, var(--_rk-gauge-size)) 1fr;
      align-items: start;
    }
  }

  .dial {
    display: grid;
    justify-items: center;
    gap: 0.25em;
  }

  .gauge {
    position: relative;
    width: 100%;
    max-width: var(--_rk-gauge-size);
  }

  .gauge svg {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
  }

  .track {
    stroke: var(--_rk-gauge-track);
  }

  .value {
    transition: stroke-dasharray 400ms ease-out;
  }

  .marker {
    fill: var(--_rk-surface);
    stroke: var(--_rk-text);
    stroke-width: 2;
  }

  .readout {
    position: absolute;
    inset: auto 0 0 0;
    text-align: center;
    line-height: 1;
  }

  .score {
    font-size: 2.75em;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }

  .of {
    color: var(--_rk-text-muted);
    font-size: 0.875em;
  }

  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.5em;
    font-weight: 600;
  }

  .swatch {
    width: 0.875em;
    height: 0.875em;
    border-radius: 3px;
    background: var(--_rk-status-color);
    flex: none;
  }

  .change,
  .coverage,
  .updated {
    margin: 0;
    color: var(--_rk-text-muted);
    font-size: 0.875em;
    text-align: center;
  }

  .change strong {
    color: var(--_rk-text);
  }

  .trend {
    display: block;
    width: 100%;
    max-width: var(--rk-gauge-size, 240px);
    height: 28px;
    margin: 0 auto;
  }

  .trend polyline {
    stroke: var(--_rk-status-color);
  }

  ul.components {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.625em;
  }

  .component {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.25em 0.75em;
    align-items: baseline;
  }

  .component .name {
    overflow-wrap: anywhere;
  }

  .component .weight {
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
  }

  .component .points {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    text-align: end;
  }

  .bar {
    grid-column: 1 / -1;
    height: 8px;
    border-radius: 4px;
    background: var(--_rk-gauge-track);
    overflow: hidden;
  }

  .bar > span {
    display: block;
    height: 100%;
    border-radius: inherit;
    background: var(--_rk-status-color);
    transition: width 400ms ease-out;
  }

  .disclosure {
    justify-self: start;
  }

  .disclosure .chevron {
    display: inline-block;
    transition: transform 150ms ease-out;
  }

  .disclosure[aria-expanded='true'] .chevron {
    transform: rotate(90deg);
  }

  .explanation {
    display: grid;
    gap: var(--_rk-spacing);
  }

  .explanation[hidden] {
    display: none;
  }

  .explanation p {
    margin: 0;
  }

  .table-scroll {
    overflow-x: auto;
  }

  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875em;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.25em;
  }

  th,
  td {
    padding: 0.375em 0.5em;
    border-bottom: 1px solid var(--_rk-border);
    text-align: start;
    vertical-align: top;
  }

  td.num,
  th.num {
    text-align: end;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .note {
    color: var(--_rk-text-muted);
    font-size: 0.8125em;
  }

  .skeleton {
    justify-items: center;
  }
`;
