/**
 * The churn probability's horizon and its drivers, as `<customer-health-card>` and the gauge's
 * "Why this score?" panel show them next to the score's factor points: from the fields of
 * `GET /api/customer-success/health/{id}` (`churn_probability`, `churn_model_version`,
 * `churn_horizon_days`, `churn_drivers`). The hand-set model has no horizon and no drivers.
 *
 * A driver is a feature code (`last_login_days`, `health_score_change_30d`, `trait.segment`) with
 * the account's value: built-in features are put in words here, in the element's language; a
 * feature this version does not know, and a trait (its name is the host's data), show the
 * server's English `text`.
 */
import { msg, str } from '@lit/localize';
import { css, html, nothing } from 'lit';
import type { Formatter } from './format';
import { valueLabel } from './status';
import type { CustomerHealth } from './types';

type ChurnFields = Pick<CustomerHealth, 'churn_probability' | 'churn_model_version' | 'churn_horizon_days' | 'churn_drivers'>;
type ChurnDriver = CustomerHealth['churn_drivers'][number];

/** The built-in features' names, keyed by the server's code (server/domain/churn-features.ts). */
const FEATURE_NAMES: Readonly<Record<string, () => string>> = {
  last_login_days: () => msg('Days since last login'),
  active_users: () => msg('Active users'),
  total_users: () => msg('Seats'),
  active_user_share: () => msg('Share of seats active'),
  features_used: () => msg('Features used'),
  advanced_features_used: () => msg('Advanced features in use'),
  session_minutes: () => msg('Average session length'),
  daily_active_users: () => msg('Daily active users'),
  milestones_completed_share: () => msg('Share of milestones completed'),
  client_count: () => msg('Clients'),
  integrations: () => msg('Integrations'),
  custom_fields_used: () => msg('Custom fields used'),
  support_rating: () => msg('Support rating'),
  open_tickets: () => msg('Open tickets'),
  escalations: () => msg('Escalations'),
  response_hours: () => msg('Support response time'),
  resolution_hours: () => msg('Ticket resolution time'),
  nps: () => msg('NPS'),
  contract_days_left: () => msg('Days left on the contract'),
  payment_status: () => msg('Payment status'),
  tenure_days: () => msg('Days as a customer'),
  health_score: () => msg('Health score'),
  engagement_score: () => msg('Engagement score'),
  satisfaction_score: () => msg('Satisfaction score'),
  adoption_score: () => msg('Adoption score'),
  mrr: () => msg('MRR', { desc: 'Monthly recurring revenue, abbreviated.' }),
  plan: () => msg('Plan'),
};

/** A trend feature: `health_score_change_30d` → the feature and the window's days. */
const TREND = /^(.*)_change_(\d+)d$/;
const TRAIT_PREFIX = 'trait.';

/**
 * A model feature's name in the element's language (the importance table's rows): a built-in by
 * its code, a trend as the change of its feature, a trait by its own name; an unknown code as sent.
 */
export function churnFeatureName(f: Formatter, feature: string): string {
  const trend = TREND.exec(feature);
  const base = trend ? FEATURE_NAMES[trend[1]!] : undefined;
  if (trend && base) return msg(str`${base()}: change over ${f.number(Number(trend[2]))} days`);
  if (feature.startsWith(TRAIT_PREFIX)) return feature.slice(TRAIT_PREFIX.length);
  return FEATURE_NAMES[feature]?.() ?? feature;
}

/** Sentences of a built-in numeric feature with its value (`n`: formatted, `one`: the value is 1). */
const FEATURE_WORDS: Readonly<Record<string, (v: number, f: Formatter) => string>> = {
  last_login_days: (v, f) => (v === 1 ? msg('No login for 1 day') : msg(str`No login for ${f.number(v)} days`)),
  active_users: (v, f) => (v === 1 ? msg('1 active user in 30 days') : msg(str`${f.number(v)} active users in 30 days`)),
  total_users: (v, f) => (v === 1 ? msg('1 seat') : msg(str`${f.number(v)} seats`)),
  active_user_share: (v, f) => msg(str`${f.percent(v, 0)} of seats active`),
  features_used: (v, f) => (v === 1 ? msg('1 feature used in 30 days') : msg(str`${f.number(v)} features used in 30 days`)),
  advanced_features_used: (v, f) => (v === 1 ? msg('1 advanced feature in use') : msg(str`${f.number(v)} advanced features in use`)),
  session_minutes: (v, f) => msg(str`Sessions of ${f.number(v, { maximumFractionDigits: 0 })} minutes on average`),
  daily_active_users: (v, f) => msg(str`${f.number(v, { maximumFractionDigits: 1 })} daily active users`),
  milestones_completed_share: (v, f) => msg(str`${f.percent(v, 0)} of milestones completed`),
  integrations: (v, f) => (v === 1 ? msg('1 integration connected') : msg(str`${f.number(v)} integrations connected`)),
  open_tickets: (v, f) => (v === 1 ? msg('1 open support ticket') : msg(str`${f.number(v)} open support tickets`)),
  escalations: (v, f) => (v === 1 ? msg('1 escalation in 90 days') : msg(str`${f.number(v)} escalations in 90 days`)),
  support_rating: (v, f) => msg(str`Support rated ${f.number(v, { maximumFractionDigits: 1 })} of 5`),
  nps: (v, f) => msg(str`NPS ${f.number(v, { maximumFractionDigits: 0 })}`),
  contract_days_left: (v, f) =>
    v < -1
      ? msg(str`Contract ended ${f.number(-v)} days ago`)
      : v === -1
        ? msg('Contract ended 1 day ago')
        : v === 0
          ? msg('Contract ends today')
          : v === 1
            ? msg('Contract ends in 1 day')
            : msg(str`Contract ends in ${f.number(v)} days`),
  tenure_days: (v, f) => (v === 1 ? msg('Customer for 1 day') : msg(str`Customer for ${f.number(v)} days`)),
  health_score: (v, f) => msg(str`Health score ${f.number(v, { maximumFractionDigits: 1 })}`),
  engagement_score: (v, f) => msg(str`Engagement score ${f.number(v, { maximumFractionDigits: 1 })}`),
  mrr: (v, f) => msg(str`MRR ${f.currency(v)}`),
};

/** Sentences of a built-in feature whose value is unknown, where "unknown" says something. */
const UNKNOWN_WORDS: Readonly<Record<string, () => string>> = {
  last_login_days: () => msg('Never logged in'),
  contract_days_left: () => msg('No contract end date'),
  nps: () => msg('No NPS answers'),
  support_rating: () => msg('No support ratings'),
};

/**
 * A driver in words, in the element's language: its feature and the account's value. A trait or a
 * feature this version does not know shows the server's text.
 */
export function churnDriverText(f: Formatter, driver: Pick<ChurnDriver, 'feature' | 'value' | 'text'>): string {
  const { feature, value } = driver;
  const trend = TREND.exec(feature);
  const name = FEATURE_NAMES[trend ? trend[1]! : feature];
  if (!name) return driver.text;
  if (value === null) return UNKNOWN_WORDS[feature]?.() ?? msg(str`${name()}: unknown`);
  if (typeof value === 'string') return msg(str`${name()}: ${feature === 'payment_status' ? valueLabel(value) : value}`);
  if (trend) {
    const what = name();
    const days = f.number(Number(trend[2]));
    const amount = f.number(Math.abs(value), { maximumFractionDigits: 1 });
    if (value === 0) return msg(str`${what} unchanged over ${days} days`);
    return value > 0 ? msg(str`${what} up ${amount} over ${days} days`) : msg(str`${what} down ${amount} over ${days} days`);
  }
  return FEATURE_WORDS[feature]?.(value, f) ?? msg(str`${name()}: ${f.number(value, { maximumFractionDigits: 2 })}`);
}

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
  const days = health.churn_horizon_days;
  const percent = f.percent(p);
  const model = health.churn_model_version ?? '—';
  return html`<section part="churn-drivers" class="churn-drivers" aria-labelledby=${id}>
    <p class="section-title" id=${id}>${withProbability ? msg('Churn probability') : msg('What moves the churn probability')}</p>
    ${withProbability
      ? html`<p part="churn-horizon" class="churn-horizon">
          ${days !== null
            ? msg(str`${percent} chance of churning within ${f.number(days)} days, by model ${model}.`)
            : msg(str`${percent}, by the hand-set model ${model}, which has no horizon.`)}
        </p>`
      : nothing}
    ${health.churn_drivers.length > 0
      ? html`<ul class="drivers" aria-labelledby=${id}>
          ${health.churn_drivers.map(
            (d) => html`<li part="churn-driver" class="driver" data-direction=${d.contribution > 0 ? 'raises' : 'lowers'}>
              <span class="driver-text">${churnDriverText(f, d)}</span> <span class="driver-effect">${driverEffect(f, d.contribution)}</span>
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
