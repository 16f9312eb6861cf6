import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widgets/customer-health-card/define';
import '../../widgets/health-gauge/define';
import type { CustomerHealthCard } from '../../widgets/customer-health-card/customer-health-card';
import type { HealthGauge } from '../../widgets/health-gauge/health-gauge';
import { expectAccessible } from './support/axe';
import { part, parts, settle, text } from './support/dom';
import { HOSTILE, healthResponse } from './support/fixtures';

/** An account scored by a trained model: its horizon and what moved its probability. */
const trained = healthResponse({
  churn_probability: 0.34,
  churn_model_version: 'trained-3',
  churn_horizon_days: 90,
  churn_drivers: [
    { feature: 'last_login_days', text: 'no login for 41 days', value: 41, contribution: 0.6 },
    { feature: 'trait.contract_type', text: 'contract_type: month to month', value: 'month_to_month', contribution: 0.25 },
    { feature: 'nps', text: 'NPS 9', value: 9, contribution: -0.3 },
  ],
});

describe('the churn probability’s horizon and drivers', () => {
  it('the gauge’s "Why this score?" panel gives them after the factor points', async () => {
    const el = await fixture<HealthGauge>(html`<health-gauge locale="en-US" .data=${trained}></health-gauge>`);
    (part(el, 'disclosure') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const panel = part(el, 'explanation')!;
    const section = panel.querySelector('[part~="churn-drivers"]')!;
    // After the last component's table: next to the score's factor points.
    expect(section.compareDocumentPosition(panel.querySelector('table:last-of-type')!) & Node.DOCUMENT_POSITION_PRECEDING).to.not.equal(0);
    expect(text(section.querySelector('[part~="churn-horizon"]'))).to.equal('34% chance of churning within 90 days, by model trained-3.');
    expect([...section.querySelectorAll('[part~="churn-driver"]')].map((li) => [text(li), (li as HTMLElement).dataset.direction])).to.deep.equal([
      ['No login for 41 days raises the odds ×1.82', 'raises'],
      ['contract_type: month to month raises the odds ×1.28', 'raises'],
      ['NPS 9 lowers the odds ×1.35', 'lowers'],
    ]);
    await expectAccessible(el);
  });

  it('the gauge says the hand-set model has no horizon, and lists no drivers', async () => {
    const el = await fixture<HealthGauge>(html`<health-gauge locale="en-US" .data=${healthResponse({ churn_model_version: 'logistic-v1' })}></health-gauge>`);
    (part(el, 'disclosure') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(text(part(el, 'churn-horizon'))).to.equal('22%, by the hand-set model logistic-v1, which has no horizon.');
    expect(parts(el, 'churn-driver').length).to.equal(0);
  });

  it('the card gives the horizon with the probability, and the drivers beside the risk', async () => {
    const el = await fixture<CustomerHealthCard>(html`<customer-health-card locale="en-US" .data=${{ health: trained }}></customer-health-card>`);
    await settle(el);
    expect(text(part(el, 'churn-probability'))).to.equal('34% chance of churning within 90 days');
    const drivers = part(el, 'churn-drivers')!;
    expect(text(drivers.querySelector('.section-title'))).to.equal('What moves the churn probability');
    expect(parts(el, 'churn-driver').map(text)[0]).to.equal('No login for 41 days raises the odds ×1.82');
    await expectAccessible(el);
  });

  it('the card shows no drivers section for the hand-set model, and a hostile driver as text', async () => {
    const el = await fixture<CustomerHealthCard>(html`<customer-health-card locale="en-US" .data=${{ health: healthResponse() }}></customer-health-card>`);
    await settle(el);
    expect(text(part(el, 'churn-probability'))).to.equal('22%');
    expect(part(el, 'churn-drivers')).to.equal(null);
    el.data = { health: { ...trained, churn_drivers: [{ feature: 'x', text: HOSTILE, value: null, contribution: 1 }] } };
    await el.updateComplete;
    expect(text(part(el, 'churn-driver'))).to.contain(HOSTILE);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('puts drivers in the element’s language by feature code, and shows the server’s text for a trait or an unknown feature', async () => {
    const drivers = [
      { feature: 'last_login_days', text: 'no login for 1 days', value: 1, contribution: 0.6 },
      { feature: 'health_score_change_30d', text: 'health score down 12 over 30 days', value: -12, contribution: 0.5 },
      { feature: 'payment_status', text: 'payment status: overdue', value: 'overdue', contribution: 0.4 },
      { feature: 'nps', text: 'no NPS answers', value: null, contribution: 0.3 },
      { feature: 'trait.contract_type', text: 'contract_type: month to month', value: 'month_to_month', contribution: 0.2 },
      { feature: 'from_a_newer_server', text: 'something new', value: 3, contribution: -0.1 },
    ];
    const el = await fixture<CustomerHealthCard>(html`<customer-health-card locale="de-DE" .data=${{ health: { ...trained, churn_drivers: drivers } }}></customer-health-card>`);
    await settle(el);
    expect(parts(el, 'churn-driver').map((li) => text(li.querySelector('.driver-text')))).to.deep.equal([
      'Seit 1 Tag kein Login',
      'Health Score über 30 Tage um 12 gesunken',
      'Zahlungsstatus: Überfällig',
      'Keine NPS-Antworten',
      'contract_type: month to month',
      'something new',
    ]);
    expect(text(part(el, 'churn-driver'))).to.contain('erhöht die Chance ×1,82');
  });
});
