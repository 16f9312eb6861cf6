/**
 * Hostile data, kept out of every other story: company names, risk factors, notes and alert texts
 * holding markup and script (stories/support/hostile.ts). Each widget shows them as text;
 * test/e2e/storybook.test.ts checks that none runs and that the text is shown.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../widgets/at-risk-table/define';
import '../widgets/churn-alerts/define';
import '../widgets/churn-model-report/define';
import '../widgets/customer-health-card/define';
import '../widgets/intervention-queue/define';
import '../widgets/playbook-impact/define';
import type { AtRiskCustomer, ChurnAlert } from '../widgets/core/types';
import { ago, churnModelRun, failedRun, healthResponse, HOUR, impactReport, iso, MINUTE, RULE_RECOMMENDATION, triggerImpact } from '../test/widgets/support/fixtures';
import { inWidth, storyIntervention } from './support/helpers';
import { HOSTILE_PAYLOADS } from './support/hostile';

const { image, script, svg, link, markup } = HOSTILE_PAYLOADS;

const customers: AtRiskCustomer[] = [
  { customer_id: 'cust_image', company_name: image, last_health_score: 38, predicted_churn_score: 0.52, intervention_priority: 'critical', risk_factors: [script, markup], coverage: 1, unknown_factors: [], last_updated: ago(3 * HOUR) },
  { customer_id: link, company_name: svg, last_health_score: 44, predicted_churn_score: 0.61, intervention_priority: 'high', risk_factors: [link], coverage: 1, unknown_factors: [], last_updated: ago(26 * HOUR) },
];

const alerts: ChurnAlert[] = [
  { alert_id: 'al-image', account_id: 'cust_image', company_name: image, severity: 'critical', title: script, message: svg, created_at: ago(3 * MINUTE), acknowledged_at: null, acknowledged_by: null },
  { alert_id: 'al-link', account_id: link, company_name: markup, severity: 'low', title: link, message: markup, created_at: ago(90 * MINUTE), acknowledged_at: null, acknowledged_by: null },
];

const interventions = [
  storyIntervention({ id: 'iv-image', company_name: image, priority: 'critical', title: script, description: svg, notes: image, assigned_to: link, scheduled_at: iso(-3 * HOUR) }),
  storyIntervention({ id: 'iv-markup', company_name: markup, priority: 'high', title: markup, notes: link, created_by: script, scheduled_at: iso(26 * HOUR) }),
];

const meta: Meta = {
  title: 'Security/Hostile data',
  // Not an element's page: no docs page of its own; the tag lets the tests find these stories.
  tags: ['!autodocs', 'hostile-data'],
  parameters: { controls: { disable: true } },
};
export default meta;

type Story = StoryObj;

export const AtRiskTable: Story = {
  render: () => html`<at-risk-table .data=${customers}></at-risk-table>`,
};

export const ChurnAlerts: Story = {
  render: () => html`<churn-alerts open .data=${alerts}></churn-alerts>`,
};

export const InterventionQueue: Story = {
  render: () => html`<intervention-queue .data=${interventions}></intervention-queue>`,
};

export const CustomerHealthCard: Story = {
  render: () =>
    inWidth(
      html`<customer-health-card
        .data=${{
          health: healthResponse({
            company_name: image,
            risk_factors: [script, svg, link, markup],
            recommended_actions: [{ ...RULE_RECOMMENDATION, title: svg, reason: script }],
          }),
          interventions: interventions.map((i) => ({ ...i, company_name: undefined })),
        }}
      ></customer-health-card>`,
      320,
    ),
};

export const PlaybookImpact: Story = {
  render: () =>
    html`<playbook-impact
      .data=${impactReport({
        by_trigger: [
          triggerImpact({ trigger_id: image, trigger_name: image, evidence_note: script }),
          triggerImpact({ trigger_id: link, trigger_name: svg, evidence_note: markup, insufficient_evidence: true }),
        ],
        interim: { note: link, by_trigger: [], by_intervention_type: [] },
        manual: { causal_claim: false, note: markup, by_type: [] },
      })}
    ></playbook-impact>`,
};

export const ChurnModelReport: Story = {
  render: () =>
    html`<churn-model-report
      .data=${{
        data: [
          churnModelRun({ features: [image, script, svg, link, markup].map((name, i) => ({ name, importance: 1 - i / 10 })) }),
          failedRun({ version: markup, error: script }),
        ],
      }}
    ></churn-model-report>`,
};
