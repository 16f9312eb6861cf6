/**
 * The kit's shared styles: `baseStyles` (every element) and the components several widgets draw.
 * A widget lists the ones it uses, then its own sheet: `[baseStyles, cardStyles, …, own]`.
 */
import { css } from 'lit';

export { baseStyles } from './base-styles';

/**
 * Component styles shared by several widgets, listed after `baseStyles` and before the widget's
 * own sheet, which may override them: `static override styles = [baseStyles, cardStyles, …, own]`.
 * They add no public custom property: they read the private `--_rk-*` ones of `baseStyles` (and,
 * where said, of the widget).
 */

/**
 * The bordered card with its header: `.card`, `.header` (the `.title` takes the free space, the
 * rest goes to the end), the `.indicators` holding the live / offline badges, and `.section-title`.
 */
export const cardStyles = css`
  .card {
    display: grid;
    gap: calc(var(--_rk-spacing) * 0.75);
    padding: var(--_rk-spacing);
    border: 1px solid var(--_rk-border);
    border-radius: var(--_rk-radius);
    background: var(--_rk-surface);
    min-width: 0;
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
    overflow-wrap: anywhere;
  }

  .indicators {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }

  .indicators:empty {
    display: none;
  }

  .section-title {
    margin: 0 0 0.5em;
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_rk-text-muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
`;

/**
 * The states of the data: the pulsing `.skeleton .shape`s while loading (`.line`, `.line.short`,
 * and the `.arc` of a `--rk-gauge-size` gauge), the `.message` block of a failure with its `.error-text` and `.detail`,
 * `.empty`, and the `.live` / `.offline` badge.
 */
export const stateStyles = css`
  .live,
  .offline {
    display: inline-flex;
    align-items: center;
    gap: 0.375em;
    padding: 0.125em 0.625em;
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    border: 1px solid var(--_rk-border);
  }

  .live::before,
  .offline::before {
    content: '';
    width: 0.5em;
    height: 0.5em;
    border-radius: 50%;
    background: var(--_rk-excellent);
  }

  .offline::before {
    background: var(--_rk-text-muted);
  }

  .skeleton {
    display: grid;
    gap: 0.75em;
  }

  .skeleton .shape {
    background: var(--_rk-surface-variant);
    border-radius: var(--_rk-radius);
    animation: pulse 1.2s ease-in-out infinite;
  }

  .skeleton .line {
    inline-size: 80%;
    block-size: 0.875em;
  }

  .skeleton .line.short {
    inline-size: 45%;
  }

  .skeleton .arc {
    inline-size: min(100%, var(--rk-gauge-size, 240px));
    aspect-ratio: 2 / 1;
    border-radius: 999px 999px 0 0;
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
`;

/** The `--_rk-priority-*` colours of intervention priorities (public `--rk-priority-*`). */
export const priorityStyles = css`
  :host {
    --_rk-priority-critical: var(--rk-priority-critical, var(--_rk-churn-risk));
    --_rk-priority-high: var(--rk-priority-high, var(--_rk-warning));
    --_rk-priority-medium: var(--rk-priority-medium, var(--_rk-primary));
    --_rk-priority-low: var(--rk-priority-low, var(--_rk-good));
  }
`;

/**
 * A priority or severity `.chip` in `--_rk-chip-color` (set by the widget) with its `.dot`, a square
 * for critical.
 */
export const chipStyles = css`
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

  .chip:is([data-priority='critical'], [data-severity='critical']) .dot {
    /* a square as well as a colour */
    border-radius: 2px;
  }
`;

/** Form fields: `label`s and the 44 px `input`, `select` and `textarea`. */
export const fieldStyles = css`
  label {
    font-size: 0.875em;
    font-weight: 600;
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

  input::placeholder {
    color: var(--_rk-text-muted);
    opacity: 1;
  }
`;

/**
 * The Chart.js widgets: the `.plot` box of the canvas, its `.skeleton .area`, and the data
 * `table` beside the chart. The widget sets `--_rk-chart-height`.
 */
export const chartStyles = css`
  .plot {
    position: relative;
    height: var(--_rk-chart-height);
    min-width: 0;
  }

  .plot canvas {
    display: block;
  }

  .skeleton .area {
    block-size: var(--_rk-chart-height);
  }

  table {
    border-collapse: collapse;
  }

  /* The chart's numbers in words, above it. */
  .summary {
    margin: 0;
    font-size: 0.875em;
    color: var(--_rk-text-muted);
  }

  .summary strong {
    color: var(--_rk-text);
    font-variant-numeric: tabular-nums;
  }
`;
