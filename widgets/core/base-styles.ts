/**
 * `baseStyles`, the styles of every element (the provider's too), in a module of their own so that
 * the page's first module does not carry the widgets' component styles.
 */
import { css, unsafeCSS } from 'lit';

/**
 * The dark theme's colours: for `theme="dark"`, and for `auto` when the page prefers dark. A plain
 * string: declarations alone are not a style sheet the template minifier can parse.
 */
const darkColours = unsafeCSS(`
  color-scheme: dark;
  --_rk-primary: var(--rk-color-primary, #90caf9);
  --_rk-on-primary: var(--rk-color-on-primary, #0d1b2a);
  --_rk-secondary: var(--rk-color-secondary, #f48fb1);
  --_rk-surface: var(--rk-color-surface, #1e1e1e);
  --_rk-surface-variant: var(--rk-color-surface-variant, #2c2c2c);
  --_rk-text: var(--rk-color-text, #e8eaed);
  --_rk-text-muted: var(--rk-color-text-muted, #b0b3b8);
  --_rk-border: var(--rk-color-border, #3c4043);
  --_rk-error: var(--rk-color-error, #f2b8b5);
`);

/**
 * Base styles of every widget: the custom properties below, the `:host` reset, the focus ring,
 * buttons (outlined; `.primary` filled) with their touch target, `.visually-hidden`, and
 * reduced motion. The components several widgets draw (card, states, chips…) are in `styles.ts`.
 *
 * Custom properties: every public `--rk-*` property may be set anywhere above the widget
 * (`:root`, `<rk-provider>`, a wrapper) or on the widget itself; widgets read them through
 * private `--_rk-*` copies that hold the defaults. Colour defaults switch for the dark theme.
 *
 * | property | default (light / dark) | use |
 * |---|---|---|
 * | `--rk-color-excellent` | `#4caf50` | health 85-100 |
 * | `--rk-color-good` | `#8bc34a` | health 70-84 |
 * | `--rk-color-warning` | `#ff9800` | health 50-69 |
 * | `--rk-color-critical` | `#f44336` | health 25-49 |
 * | `--rk-color-churn-risk` | `#d32f2f` | health 0-24 |
 * | `--rk-color-primary` | `#1976d2` / `#90caf9` | buttons, links, focus ring |
 * | `--rk-color-on-primary` | `#ffffff` / `#0d1b2a` | text on primary |
 * | `--rk-color-secondary` | `#dc004e` / `#f48fb1` | secondary accents |
 * | `--rk-color-surface` | `#ffffff` / `#1e1e1e` | widget background |
 * | `--rk-color-surface-variant` | `#f1f3f4` / `#2c2c2c` | tracks, skeletons, subtle fills |
 * | `--rk-color-text` | `#1f2328` / `#e8eaed` | text |
 * | `--rk-color-text-muted` | `#5f6368` / `#b0b3b8` | secondary text (≥ 4.5:1 on surface) |
 * | `--rk-color-border` | `#dadce0` / `#3c4043` | borders |
 * | `--rk-color-error` | `#b3261e` / `#f2b8b5` | error text |
 * | `--rk-focus-ring` | `3px solid var(--rk-color-primary)` | `:focus-visible` outline |
 * | `--rk-font-family` | `system-ui, …, sans-serif` | all text |
 * | `--rk-font-size` | `1rem` | base size; other sizes scale from it |
 * | `--rk-radius` | `8px` | corner radius |
 * | `--rk-spacing` | `16px` | card padding; gaps are fractions of it |
 * | `--rk-touch-target` | `44px` | minimum button height and width |
 * | `--rk-preferred-width` | `20rem` | the width the widget asks for where its container sizes it by its content (a flex row, an `auto` grid track, an inline-block); it still shrinks to fit |
 *
 * Why the preferred width: the host is a size container (`container-type: inline-size`, for the
 * widgets' `@container` rules), so its content does not give it a width; without one it
 * collapses to 0 px in a flex row.
 */
export const baseStyles = css`
  :host {
    all: initial;
    display: block;
    box-sizing: border-box;
    container-type: inline-size;
    contain-intrinsic-inline-size: var(--rk-preferred-width, 20rem);
    min-inline-size: 0;

    --_rk-excellent: var(--rk-color-excellent, #4caf50);
    --_rk-good: var(--rk-color-good, #8bc34a);
    --_rk-warning: var(--rk-color-warning, #ff9800);
    --_rk-critical: var(--rk-color-critical, #f44336);
    --_rk-churn-risk: var(--rk-color-churn-risk, #d32f2f);
    --_rk-primary: var(--rk-color-primary, #1976d2);
    --_rk-on-primary: var(--rk-color-on-primary, #ffffff);
    --_rk-secondary: var(--rk-color-secondary, #dc004e);
    --_rk-surface: var(--rk-color-surface, #ffffff);
    --_rk-surface-variant: var(--rk-color-surface-variant, #f1f3f4);
    --_rk-text: var(--rk-color-text, #1f2328);
    --_rk-text-muted: var(--rk-color-text-muted, #5f6368);
    --_rk-border: var(--rk-color-border, #dadce0);
    --_rk-error: var(--rk-color-error, #b3261e);
    --_rk-focus-ring: var(--rk-focus-ring, 3px solid var(--_rk-primary));
    --_rk-radius: var(--rk-radius, 8px);
    --_rk-spacing: var(--rk-spacing, 16px);
    --_rk-touch-target: var(--rk-touch-target, 44px);

    color-scheme: light;
    font-family: var(--rk-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    font-size: var(--rk-font-size, 1rem);
    font-weight: 400;
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-transform: none;
    font-style: normal;
    white-space: normal;
    color: var(--_rk-text);
    background: var(--_rk-surface);
    -webkit-font-smoothing: antialiased;
  }

  :host([hidden]) {
    display: none;
  }

  :host([theme='dark']) {
    ${darkColours}
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkColours}
    }
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  :focus-visible {
    outline: var(--_rk-focus-ring);
    outline-offset: 2px;
  }

  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375em;
    min-height: var(--_rk-touch-target);
    min-width: var(--_rk-touch-target);
    padding: 0.5em 1em;
    border: 1px solid var(--_rk-primary);
    border-radius: var(--_rk-radius);
    background: transparent;
    color: var(--_rk-text);
    font: inherit;
    font-weight: 600;
    letter-spacing: inherit;
    cursor: pointer;
  }

  button.primary {
    background: var(--_rk-primary);
    color: var(--_rk-on-primary);
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      /* none rather than a tiny duration: that would switch on transitions of every property */
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
