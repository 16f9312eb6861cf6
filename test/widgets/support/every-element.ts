// Every element of the kit with data that shows most of its text: the localisation and accessibility tests render them all.
import { html, type TemplateResult } from 'lit';
import '../../../widgets/at-risk-table/define';
import '../../../widgets/churn-alerts/define';
import '../../../widgets/churn-chart/define';
import '../../../widgets/churn-model-report/define';
import '../../../widgets/customer-detail/define';
import '../../../widgets/customer-health-card/define';
import '../../../widgets/customer-list/define';
import '../../../widgets/health-distribution/define';
import '../../../widgets/health-gauge/define';
import '../../../widgets/health-history-chart/define';
import '../../../widgets/intervention-queue/define';
import '../../../widgets/kpi-summary/define';
import '../../../widgets/playbook-impact/define';
import '../../../widgets/rk-provider/define';
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
} from '../../../widgets/core/types';
import { RecordingClient } from './connect';
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
} from './fixtures';

export const details: RiskFactor[] = [
  { code: 'no_login_days', params: { days: 14 }, text: 'No login in 14 days' },
  { code: 'open_tickets', params: { count: 3 }, text: '3 open support tickets' },
  { code: 'negative_nps', params: { nps: -100 }, text: 'NPS -100' },
];

export const atRisk: AtRiskCustomer = {
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

export const health = () =>
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
export const ELEMENTS: Record<string, (attrs: { locale?: string }) => TemplateResult> = {
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
