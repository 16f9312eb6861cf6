import { expect, fixture, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../widgets/at-risk-table/define';
import '../../widgets/churn-alerts/define';
import '../../widgets/churn-chart/define';
import '../../widgets/churn-model-report/define';
import '../../widgets/customer-detail/define';
import '../../widgets/customer-health-card/define';
import '../../widgets/customer-list/define';
import '../../widgets/health-distribution/define';
import '../../widgets/health-gauge/define';
import '../../widgets/health-history-chart/define';
import '../../widgets/intervention-queue/define';
import '../../widgets/kpi-summary/define';
import '../../widgets/playbook-impact/define';
import type { RkElement } from '../../widgets/core/base-element';
import { loadLocale } from '../../widgets/core/localize';
import type {
  AccountNotePage,
  AccountProfile,
  AccountTimelinePage,
  AtRiskCustomer,
  ChurnAlert,
  CustomerHealth,
  CustomerPage,
  InterventionPage,
  RiskFactor,
  TimelineItem,
} from '../../widgets/core/types';
import { expectAccessible } from './support/axe';
import { RecordingClient } from './support/connect';
import { settle } from './support/dom';
import {
  ago,
  churnModelRun,
  customerRow,
  finance,
  healthResponse,
  HOUR,
  impactReport,
  insufficientRun,
  intervention,
  kpis,
  MINUTE,
  portfolioHistory,
  trend,
} from './support/fixtures';

const LOCALES = ['de', 'es', 'fr', 'ar'] as const;

const details: RiskFactor[] = [
  { code: 'no_login_days', params: { days: 14 }, text: 'No login in 14 days' },
  { code: 'open_tickets', params: { count: 3 }, text: '3 open support tickets' },
  { code: 'negative_nps', params: { nps: -100 }, text: 'NPS -100' },
];

const atRisk: AtRiskCustomer = {
  customer_id: 'c-acme',
  company_name: 'Acme Robotics',
  last_health_score: 22,
  predicted_churn_score: 0.81,
  intervention_priority: 'critical',
  risk_factors: details.map((d) => d.text),
  risk_factor_details: details,
  coverage: 1,
  unknown_factors: [],
  last_updated: ago(2 * HOUR),
};

const alert: ChurnAlert = {
  alert_id: 'a1',
  account_id: 'cust_acme',
  company_name: 'Acme Robotics',
  severity: 'critical',
  title: 'Health fell below 50',
  message: 'Health score fell from 62 to 44 in 7 days.',
  created_at: ago(5 * MINUTE),
  acknowledged_at: null,
  acknowledged_by: null,
};

/** Scored by a trained model: a horizon and drivers of each kind (a count, a trend, a category, an unknown value, a trait). */
const churn: Partial<CustomerHealth> = {
  churn_probability: 0.34,
  churn_model_version: 'trained-3',
  churn_horizon_days: 90,
  churn_drivers: [
    { feature: 'last_login_days', value: 41, contribution: 0.6, text: 'no login for 41 days' },
    { feature: 'health_score_change_30d', value: -12, contribution: 0.4, text: 'health score down 12 over 30 days' },
    { feature: 'payment_status', value: 'overdue', contribution: 0.3, text: 'payment status: overdue' },
    { feature: 'nps', value: null, contribution: 0.2, text: 'no NPS answers' },
    { feature: 'trait.contract_type', value: 'month_to_month', contribution: 0.1, text: 'contract_type: month to month' },
  ],
};

const health = () =>
  healthResponse({ risk_factors: details.map((d) => d.text), risk_factor_details: details, coverage: 0.6, unknown_factors: ['nps'], ...churn });

const timelineItem = (kind: TimelineItem['kind'], hoursAgo: number, fields: Partial<TimelineItem>): TimelineItem => ({
  at: ago(hoursAgo * HOUR),
  kind,
  id: `${kind}-${hoursAgo}`,
  subtype: null,
  title: null,
  summary: null,
  status: null,
  value: null,
  actor: null,
  ...fields,
});

/** The server of `<customer-list>` and `<customer-detail>`, answered in the test: one book, one account with a bit of everything. */
class AccountsClient extends RecordingClient {
  override customers(): Promise<CustomerPage> {
    return Promise.resolve({ customers: [customerRow(1), customerRow(2), customerRow(4)], next_cursor: 'more' });
  }

  override account(id: string): Promise<AccountProfile> {
    return Promise.resolve({
      customer_id: id,
      company_name: 'Acme Robotics',
      plan: 'enterprise',
      mrr: 1200,
      arr: 14_400,
      contract_end_date: '2026-09-30',
      csm_owner: 'dana@cs.example',
      lifecycle_stage: 'renewal',
      payment_status: 'overdue',
      customer_since: '2024-01-15',
      churned_at: null,
      contacts: [{ name: 'Ada Lovelace', email: 'ada@acme.example', primary: true, last_login_at: null }],
      traits: { segment: 'enterprise' },
    });
  }

  override health(id: string): Promise<CustomerHealth> {
    return Promise.resolve({ ...health(), customer_id: id });
  }

  override interventions(): Promise<InterventionPage> {
    return Promise.resolve({ interventions: [intervention({ account_id: 'c-acme', title: 'Call the sponsor', scheduled_at: ago(3 * HOUR) })], next_cursor: null });
  }

  override accountTimeline(): Promise<AccountTimelinePage> {
    return Promise.resolve({
      items: [
        timelineItem('activity', 1, { subtype: 'login', actor: 'ada@acme.example' }),
        timelineItem('activity', 2, { subtype: 'session', value: 1800 }),
        timelineItem('payment', 3, { subtype: 'failed', value: 1200 }),
        timelineItem('nps', 4, { value: 4, summary: 'Too slow lately' }),
        timelineItem('ticket', 5, { subtype: 'email', title: 'Export broken', status: 'in_progress' }),
        timelineItem('alert', 6, { subtype: 'critical', title: 'Health fell below 50', status: 'open' }),
        timelineItem('note', 7, { actor: 'dana@cs.example', summary: 'Sponsor is leaving' }),
      ],
      next_cursor: 'more',
    });
  }

  override accountNotes(): Promise<AccountNotePage> {
    return Promise.resolve({ notes: [{ id: 'n1', account_id: 'c-acme', author: 'dana@cs.example', text: 'Sponsor is leaving', created_at: ago(7 * HOUR) }], next_cursor: null });
  }
}

/** Every element, with data that shows most of its text. */
const ELEMENTS: Record<string, (attrs: { locale?: string }) => TemplateResult> = {
  'at-risk-table': ({ locale }) => html`<at-risk-table locale=${locale ?? ''} .data=${[atRisk]}></at-risk-table>`,
  'churn-alerts': ({ locale }) => html`<churn-alerts locale=${locale ?? ''} .data=${[alert]}></churn-alerts>`,
  'churn-chart': ({ locale }) => html`<churn-chart locale=${locale ?? ''} .data=${trend()}></churn-chart>`,
  'churn-model-report': ({ locale }) =>
    html`<churn-model-report locale=${locale ?? ''} run-id="2" .data=${{ data: [churnModelRun(), insufficientRun({ id: 2, version: 'trained-2', active: false })] }}></churn-model-report>`,
  'customer-detail': ({ locale }) =>
    html`<rk-provider .client=${new AccountsClient()}><customer-detail locale=${locale ?? ''} account-id="c-acme"></customer-detail></rk-provider>`,
  'customer-health-card': ({ locale }) =>
    html`<customer-health-card locale=${locale ?? ''} .data=${{ health: health(), interventions: [intervention()] }}></customer-health-card>`,
  'customer-list': ({ locale }) =>
    html`<rk-provider .client=${new AccountsClient()}><customer-list locale=${locale ?? ''} status="warning"></customer-list></rk-provider>`,
  'health-distribution': ({ locale }) => html`<health-distribution locale=${locale ?? ''} .data=${kpis()}></health-distribution>`,
  'health-gauge': ({ locale }) => html`<health-gauge locale=${locale ?? ''} .data=${health()}></health-gauge>`,
  'health-history-chart': ({ locale }) => html`<health-history-chart locale=${locale ?? ''} .data=${portfolioHistory()}></health-history-chart>`,
  'intervention-queue': ({ locale }) => html`<intervention-queue locale=${locale ?? ''} .data=${[intervention()]}></intervention-queue>`,
  'kpi-summary': ({ locale }) => html`<kpi-summary locale=${locale ?? ''} .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary>`,
  'playbook-impact': ({ locale }) => html`<playbook-impact locale=${locale ?? ''} .data=${impactReport()}></playbook-impact>`,
};

interface Unit {
  /** The English source's words, split at its placeholders. */
  fragments: string[];
  /** The translation, placeholders removed. */
  target: string;
}

const textOf = (node: Element) => node.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** The catalog of `locale` as its XLIFF file holds it. */
async function catalog(locale: string): Promise<Unit[]> {
  const xml = new DOMParser().parseFromString(await (await fetch(`/widgets/locales/xliff/${locale}.xlf`)).text(), 'application/xml');
  return [...xml.querySelectorAll('trans-unit')].map((unit) => {
    const source = unit.querySelector('source');
    const target = unit.querySelector('target');
    const fragments = [...(source?.childNodes ?? [])]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent?.replace(/\s+/g, ' ').trim() ?? '')
      .filter((f) => /[A-Za-z]{3}/.test(f));
    return { fragments, target: target ? textOf(target) : '' };
  });
}

/**
 * The UI text an element shows (its shadow roots', nested ones included) with its accessible names and
 * placeholders, leaving out data: what is isolated in `<bdi>` or `dir="auto"` (names, ids, server text).
 */
function uiText(root: ShadowRoot | Element): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element) {
      if (node.localName === 'bdi' || (node.getAttribute('dir') === 'auto' && !node.matches('[part~="title"]'))) return;
      if (node.localName === 'style' || node.localName === 'slot') return;
      for (const name of ['aria-label', 'aria-valuetext', 'placeholder', 'title', 'data-label']) {
        const value = node.getAttribute(name);
        if (value) out.push(value);
      }
      if (node.shadowRoot) node.shadowRoot.childNodes.forEach(walk);
    } else if (node.nodeType === Node.TEXT_NODE && node.textContent?.trim()) {
      out.push(node.textContent.trim());
    }
    node.childNodes.forEach(walk);
  };
  root.childNodes.forEach(walk);
  return out;
}

/** English data of the fixtures that UI text quotes without isolating it (an accessible name naming the alert). */
const DATA = ['Acme Robotics', 'Health fell below 50'];

/**
 * The English UI strings of `units` still in `texts`: a word sequence of a source that no
 * translation of the locale uses itself (German keeps "Health Score", French "Actions").
 */
function untranslated(units: Unit[], texts: string[]): string[] {
  const all = DATA.reduce((t, d) => t.replaceAll(d, ''), texts.join('\n'));
  const targets = units.map((u) => u.target).join('\n');
  const found = new Set<string>();
  for (const unit of units) {
    for (const fragment of unit.fragments) {
      if (fragment.length < 4 || targets.includes(fragment)) continue;
      const escaped = fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(^|[^A-Za-z-])${escaped}($|[^A-Za-z-])`).test(all)) found.add(fragment);
    }
  }
  return [...found];
}

async function rendered(template: TemplateResult): Promise<RkElement> {
  const host = await fixture<HTMLElement>(template);
  // The element itself, inside its wrapper (a `lang` div) and provider, if any.
  const el = [host, ...host.querySelectorAll('*')].find((e) => e.localName !== 'div' && e.localName !== 'rk-provider') as RkElement;
  await settle(el);
  // Nested elements (the card's gauge) update a frame later.
  await settle(el);
  return el;
}

describe('localisation', () => {
  const catalogs = new Map<string, Unit[]>();
  before(async () => {
    for (const locale of LOCALES) {
      catalogs.set(locale, await catalog(locale));
      await loadLocale(locale);
    }
  });

  it('ships a translation for every message in every locale', () => {
    for (const locale of LOCALES) {
      const units = catalogs.get(locale) ?? [];
      expect(units.length).to.be.greaterThan(200);
      expect(units.filter((u) => u.target === '').map((u) => u.fragments.join(' … ')), locale).to.deep.equal([]);
    }
  });

  it('finds the English UI text of an element shown in English (the check below can fail)', async () => {
    const el = await rendered(html`<div lang="en">${ELEMENTS['kpi-summary']!({})}</div>`);
    const found = untranslated(catalogs.get('de') ?? [], uiText(el.shadowRoot as ShadowRoot));
    expect(found).to.include.members(['Total customers', '30-day change unknown']);
  });

  for (const [tag, template] of Object.entries(ELEMENTS)) {
    describe(`<${tag}>`, () => {
      for (const locale of LOCALES) {
        it(`${locale} from an ancestor's lang: no English UI text, axe clean`, async () => {
          const el = await rendered(html`<div lang=${locale} dir=${locale === 'ar' ? 'rtl' : 'ltr'}>${template({})}</div>`);
          expect(el.localName).to.equal(tag);
          const texts = uiText(el.shadowRoot as ShadowRoot);
          expect(texts.length).to.be.greaterThan(0);
          expect(untranslated(catalogs.get(locale) ?? [], texts), texts.join(' | ')).to.deep.equal([]);
          await expectAccessible(el);
        });

        it(`${locale} from the locale property: no English UI text`, async () => {
          const el = await rendered(template({ locale }));
          const texts = uiText(el.shadowRoot as ShadowRoot);
          expect(untranslated(catalogs.get(locale) ?? [], texts), texts.join(' | ')).to.deep.equal([]);
        });
      }
    });
  }

  it('shows English with lang="en", and follows a change of the ancestor lang', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="en"><kpi-summary .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary></div>`);
    const el = wrapper.firstElementChild as RkElement;
    await settle(el);
    const title = () => textOf(el.shadowRoot?.querySelector('[part~="title"]') as Element);
    expect(title()).to.equal('Customer success KPIs');
    wrapper.lang = 'de';
    await settle(el);
    expect(title()).to.equal('Customer-Success-KPIs');
    el.locale = 'fr';
    await settle(el);
    expect(title()).to.equal('KPI de succès client');
  });

  it('translates risk factors from their codes, and shows the text of a code it does not know', async () => {
    const factors: RiskFactor[] = [...details, { code: 'champion_left', params: {}, text: 'Champion left' }];
    const el = await rendered(
      html`<at-risk-table locale="de" .data=${[{ ...atRisk, risk_factors: factors.map((f) => f.text), risk_factor_details: factors }]}></at-risk-table>`,
    );
    const items = [...(el.shadowRoot?.querySelectorAll('[part~="risk-factors"] li') ?? [])].map(textOf);
    expect(items).to.deep.equal(['Seit 14 Tagen kein Login', '3 offene Support-Tickets', 'NPS -100', 'Champion left']);
  });

  it('keeps composed strings whole in Arabic: no number or question mark pushed to the wrong end', async () => {
    const kpi = await rendered(html`<div lang="ar" dir="rtl"><kpi-summary .data=${{ kpis: kpis(), finance: finance() }}></kpi-summary></div>`);
    const deltas = [...(kpi.shadowRoot?.querySelectorAll('[part~="delta"]') ?? [])].map(textOf);
    expect(deltas).to.include('التغيّر خلال 30 يومًا غير معروف');
    expect(deltas.join(' ')).not.to.contain('change unknown');
    const gauge = await rendered(html`<div lang="ar" dir="rtl"><health-gauge .data=${health()}></health-gauge></div>`);
    expect(textOf(gauge.shadowRoot?.querySelector('[part~="disclosure"]') as Element)).to.equal('▸لماذا هذه الدرجة؟');
  });
});
