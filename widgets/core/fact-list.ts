/**
 * The lists an account's panels share (`<customer-detail>`, `<customer-health-card>`): its facts
 * as terms and values, its risk factors in the reader's language, and identifiers (e-mail
 * addresses, ids) that wrap only between their parts.
 */
import { msg } from '@lit/localize';
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Formatter } from './format';
import { riskFactorText } from './risk-factors';
import type { RiskFactor } from './types';

/** One term of a facts list and its value; `part` names the value (`<dd part>`). */
export interface Fact {
  term: string;
  value: unknown;
  part?: string;
}

/** Terms and values as a description list, each pair in a `<div>` (a grid or flex item). */
export function renderFactList(facts: readonly Fact[], { part, className }: { part: string; className: string }): TemplateResult {
  return html`<dl part=${part} class=${className}>
    ${facts.map(({ term, value, part: valuePart }) => html`<div><dt>${term}</dt><dd part=${valuePart ?? nothing}>${value}</dd></div>`)}
  </dl>`;
}

/** Risk factors as a list labelled by `labelledBy`, each `part="risk-factor"` with its `data-code`; "No risk factors." when none. */
export function renderRiskFactorList(factors: readonly RiskFactor[], f: Formatter, { labelledBy, className }: { labelledBy: string; className: string }): TemplateResult {
  return factors.length > 0
    ? html`<ul part="risk-factors" class=${className} aria-labelledby=${labelledBy}>
        ${factors.map((factor) => html`<li part="risk-factor" class="factor" data-code=${factor.code}>${riskFactorText(factor, f)}</li>`)}
      </ul>`
    : html`<p class="none">${msg('No risk factors.')}</p>`;
}

/**
 * An e-mail address or id that never breaks inside a word: it may wrap after `@` and before a `.`
 * (a `<wbr>` there) and nowhere else; a part wider than its box is cut with an ellipsis, the whole
 * in `title`. Isolated (`<bdi>`): a Latin address keeps its order in right-to-left text. Needs
 * `identifierStyles`.
 */
export function renderIdentifier(text: string): TemplateResult {
  const parts = text.split(/(?<=@)|(?=\.)/);
  // Each part unbreakable (a hyphen would be a break opportunity), a <wbr> between them.
  return html`<bdi class="identifier" title=${text}>${parts.map((p, i) => html`${i === 0 ? nothing : html`<wbr />`}<span>${p}</span>`)}</bdi>`;
}

export const identifierStyles = css`
  .identifier {
    display: inline-block;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    overflow-wrap: normal;
    word-break: normal;
    vertical-align: bottom;
  }

  .identifier > span {
    white-space: nowrap;
  }
`;
