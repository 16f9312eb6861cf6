/**
 * The top recommended play of an account as `<customer-health-card>` and `<customer-detail>` show
 * it: what, why, on what basis (the churn it prevented against its control group, or the
 * reference's rule labelled as one) and a Start button. Starting is the element's own recording
 * (`startRecommendation` of customer-actions.ts, said in its live region), as its quick actions are.
 */
import { msg, str } from '@lit/localize';
import { css, html, nothing, type TemplateResult } from 'lit';
import { percentagePoints, type Formatter } from './format';
import { typeLabel } from './interventions';
import { valueLabel } from './status';
import type { CustomerHealth, RecommendedAction } from './types';

export interface RecommendationView {
  /** The element's formatter: the evidence in its language. */
  format: Formatter;
  /** Start is offered: not to a role that may not record interventions (write-access.ts). */
  startable: boolean;
  /** Something of the element's is being recorded: Start waits its turn (`aria-disabled`). */
  busy: boolean;
  /** The play itself is being recorded: Start says so. */
  starting: boolean;
  /** An `<h3>` heading among an element's `<h3>` sections; a `<p>` otherwise. */
  headingLevel?: 3;
  /** Starts the play. */
  start: (recommendation: RecommendedAction) => void;
}

/**
 * The health's top `recommended_actions` entry, `part="recommendation"` (`data-basis`) with its
 * title, reason, evidence and Start parts; nothing when there is none. Needs `recommendationStyles`.
 */
export function renderTopRecommendation(health: CustomerHealth, view: RecommendationView): TemplateResult | typeof nothing {
  const top = health.recommended_actions[0];
  if (!top) return nothing;
  const heading = msg('Recommended next step');
  return html`
    <section part="recommendation" class="recommendation" data-basis=${top.basis} aria-labelledby="recommendation-heading">
      ${view.headingLevel === 3
        ? html`<h3 class="section-title" id="recommendation-heading">${heading}</h3>`
        : html`<p class="section-title" id="recommendation-heading">${heading}</p>`}
      <p part="recommendation-title" class="recommendation-title" dir="auto">${top.title}</p>
      <p part="recommendation-reason" class="recommendation-reason" dir="auto">${top.reason}</p>
      <p part="recommendation-evidence" class="recommendation-evidence">
        ${top.basis === 'evidence'
          ? html`<span class="basis">${msg('Measured')}</span> ${evidenceText(view.format, top.evidence)}`
          : html`<span class="basis">${msg('Rule')}</span> ${msg('A rule of thumb, not measured evidence')}`}
      </p>
      ${view.startable
        ? html`<button part="recommendation-start" class="primary" type="button" aria-disabled=${view.busy ? 'true' : 'false'} @click=${() => view.start(top)}>
            ${view.starting ? msg('Saving…') : msg(str`Start: ${typeLabel(top.intervention_type)}`)}<span class="visually-hidden"
              >: ${health.company_name}</span
            >
          </button>`
        : nothing}
    </section>
  `;
}

/** A measured play's effect, in one translatable sentence. */
function evidenceText(f: Formatter, evidence: Extract<RecommendedAction, { basis: 'evidence' }>['evidence']): string {
  const estimate = percentagePoints(f, evidence.uplift.estimate);
  const lower = percentagePoints(f, evidence.uplift.lower);
  const upper = percentagePoints(f, evidence.uplift.upper);
  const days = f.number(evidence.window_days);
  const treated = f.number(evidence.treated);
  const heldOut = f.number(evidence.held_out);
  const level = valueLabel(evidence.risk_level).toLocaleLowerCase(f.locale);
  return msg(str`Churn prevented ${estimate} (95 % interval ${lower} to ${upper}) in ${days} days among ${level}-risk accounts: ${treated} treated, ${heldOut} held out`);
}

export const recommendationStyles = css`
  .recommendation {
    display: grid;
    gap: 0.375em;
    justify-items: start;
    padding: calc(var(--_rk-spacing) * 0.75);
    border: 1px solid var(--_rk-border);
    border-inline-start: 4px solid var(--_rk-primary);
    border-radius: calc(var(--_rk-radius) / 2);
  }

  .recommendation[data-basis='rule'] {
    border-inline-start-style: dashed;
  }

  .recommendation p {
    margin: 0;
  }

  .recommendation .section-title {
    margin: 0;
  }

  .recommendation-title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }

  .recommendation-reason,
  .recommendation-evidence {
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }

  .recommendation-evidence {
    color: var(--_rk-text-muted);
  }

  .basis {
    display: inline-block;
    margin-inline-end: 0.375em;
    padding: 0 0.5em;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }

  /* aria-disabled rather than disabled: the pressed button keeps the focus while it saves. */
  .recommendation button[aria-disabled='true'] {
    cursor: not-allowed;
    border-style: dashed;
  }
`;
