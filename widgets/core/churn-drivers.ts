/**
 * The churn probability's horizon and its drivers, as `<customer-health-card>` and the gauge's
 * "Why this score?" panel show them next to the score's factor points: from the fields of
 * `GET /api/customer-success/health/{id}` (`churn_probability`, `churn_model_version`,
 * `churn_horizon_days`, `churn_drivers`). The hand-set model has no horizon and no drivers.
 */
import { msg, str } from '@lit/localize';
import { css, html, nothing } from 'lit';
import type { Formatter } from './format';
import type { CustomerHealth } from './types';

type ChurnFields = Pick<CustomerHealth, 'churn_probability' | 'churn_model_version' | 'churn_horizon_days' | 'churn_drivers'>;

/** "chance of churning within 90 days"; null for a model without a horizon. */
export function churnHorizonText(f: Formatter, days: number | null): string | null {
  return days === null ? null : msg(str`chance of churning within ${f.number(days)} days`);
}

/** What a driver does to the odds of churning: "raises the odds ×1.82". */
function driverEffect(f: Formatter, contribution: number): string {
  const factor = f.number(Math.exp(Math.abs(contribution)), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return contribution > 0 ? msg(str`raises the odds ×${factor}`) : msg(str`lowers the odds ×${factor}`);
}

/**
 * The probability with its horizon and model (`withProbability`; else only the drivers, for a
 * widget that shows the probability itself), and the drivers as a list, each with its effect in
 * words (the colour of its marker is decoration). Nothing without a probability, nor without
 * drivers when the probability is left out.
 */
export function renderChurnDrivers(f: Formatter, health: ChurnFields, { id, withProbability }: { id: string; withProbability: boolean }) {
  const p = health.churn_probability;
  if (typeof p !== 'number' || !Number.isFinite(p)) return nothing;
  if (!withProbability && health.churn_drivers.length === 0) return nothing;
  const horizon = churnHorizonText(f, health.churn_horizon_days);
  const percent = f.percent(p);
  const model = health.churn_model_version ?? '—';
  return html`<section part="churn-drivers" class="churn-drivers" aria-labelledby=${id}>
    <p class="section-title" id=${id}>${withProbability ? msg('Churn probability') : msg('What moves the churn probability')}</p>
    ${withProbability
      ? html`<p part="churn-horizon" class="churn-horizon">
          ${horizon ? msg(str`${percent} ${horizon}, by model ${model}.`) : msg(str`${percent}, by the hand-set model ${model}, which has no horizon.`)}
        </p>`
      : nothing}
    ${health.churn_drivers.length > 0
      ? html`<ul class="drivers" aria-labelledby=${id}>
          ${health.churn_drivers.map(
            (d) => html`<li part="churn-driver" class="driver" data-direction=${d.contribution > 0 ? 'raises' : 'lowers'}>
              <span class="driver-text">${d.text}</span> <span class="driver-effect">${driverEffect(f, d.contribution)}</span>
            </li>`,
          )}
        </ul>`
      : nothing}
  </section>`;
}

/** The styles of `renderChurnDrivers`. */
export const churnDriverStyles = css`
  .churn-drivers {
    display: grid;
    gap: 0.25em;
  }

  .churn-horizon,
  .drivers {
    margin: 0;
    font-size: 0.875em;
  }

  .drivers {
    padding: 0;
    list-style: none;
    display: grid;
    gap: 0.25em;
  }

  .driver {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.5em;
  }

  .driver::before {
    content: '';
    flex: none;
    inline-size: 0.5em;
    block-size: 0.5em;
    border-radius: 50%;
    background: var(--_rk-excellent);
  }

  .driver[data-direction='raises']::before {
    background: var(--_rk-critical);
  }

  .driver-text {
    overflow-wrap: anywhere;
  }

  .driver-effect {
    color: var(--_rk-text-muted);
    font-size: 0.9em;
  }
`;
