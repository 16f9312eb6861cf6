/**
 * The columns of each listing's export, with headers a person reads: the JSON fields as a
 * spreadsheet shows them. Numbers stay numbers; lists are joined with "; ".
 */
import type { InterventionView } from '../live/builders';
import type { ExportColumn } from '../services/export';
import type { AtRiskCustomer, CustomerRow } from '../services/reports';

const list = (items: readonly string[] | null) => (items === null ? null : items.join('; '));

export const customerColumns: ExportColumn<CustomerRow>[] = [
  { header: 'Customer ID', value: (r) => r.customer_id, width: 18 },
  { header: 'Company', value: (r) => r.company_name, width: 28 },
  { header: 'Plan', value: (r) => r.plan },
  { header: 'MRR', value: (r) => r.mrr, width: 12 },
  { header: 'CSM owner', value: (r) => r.csm_owner, width: 24 },
  { header: 'Health score', value: (r) => r.health_score, width: 12 },
  { header: 'Health status', value: (r) => r.status },
  { header: 'Risk level', value: (r) => r.risk_level, width: 12 },
  { header: 'Churn probability', value: (r) => r.churn_probability, width: 16 },
  { header: 'Intervention priority', value: (r) => r.intervention_priority, width: 18 },
  { header: 'Contract end date', value: (r) => r.contract_end_date, width: 16 },
  { header: 'Lifecycle stage', value: (r) => r.lifecycle_stage, width: 14 },
  { header: 'Coverage', value: (r) => r.coverage, width: 10 },
  { header: 'Open interventions', value: (r) => r.open_interventions, width: 18 },
  { header: 'Open tickets', value: (r) => r.open_tickets, width: 12 },
  { header: 'Customer since', value: (r) => r.customer_since, width: 24 },
  { header: 'Last scored', value: (r) => r.last_updated, width: 24 },
  {
    header: 'Traits',
    value: (r) => list(Object.entries(r.traits).map(([key, value]) => `${key}=${String(value)}`)) || null,
    width: 30,
  },
];

export const atRiskColumns: ExportColumn<AtRiskCustomer>[] = [
  { header: 'Customer ID', value: (r) => r.customer_id, width: 18 },
  { header: 'Company', value: (r) => r.company_name, width: 28 },
  { header: 'Intervention priority', value: (r) => r.intervention_priority, width: 18 },
  { header: 'Health score', value: (r) => r.last_health_score, width: 12 },
  { header: 'Churn probability', value: (r) => r.predicted_churn_score, width: 16 },
  { header: 'Risk factors', value: (r) => list(r.risk_factors), width: 48 },
  { header: 'Coverage', value: (r) => r.coverage, width: 10 },
  { header: 'Unknown factors', value: (r) => list(r.unknown_factors), width: 30 },
  { header: 'Last scored', value: (r) => r.last_updated, width: 24 },
];

export const interventionColumns: ExportColumn<InterventionView & { company_name: string }>[] = [
  { header: 'Due', value: (r) => r.scheduled_at, width: 24 },
  { header: 'Priority', value: (r) => r.priority, width: 10 },
  { header: 'Status', value: (r) => r.status, width: 12 },
  { header: 'Title', value: (r) => r.title, width: 32 },
  { header: 'Company', value: (r) => r.company_name, width: 28 },
  { header: 'Account ID', value: (r) => r.account_id, width: 18 },
  { header: 'Type', value: (r) => r.intervention_type, width: 20 },
  { header: 'Assigned to', value: (r) => r.assigned_to, width: 24 },
  { header: 'Description', value: (r) => r.description, width: 40 },
  { header: 'Notes', value: (r) => r.notes, width: 40 },
  { header: 'Outcome', value: (r) => r.outcome, width: 16 },
  { header: 'Outcome notes', value: (r) => r.outcome_notes, width: 40 },
  { header: 'Trigger', value: (r) => r.trigger_type, width: 16 },
  { header: 'Created by', value: (r) => r.created_by, width: 24 },
  { header: 'Created', value: (r) => r.created_at, width: 24 },
  { header: 'Executed', value: (r) => r.executed_at, width: 24 },
  { header: 'Completed', value: (r) => r.completed_at, width: 24 },
  { header: 'Email status', value: (r) => r.email_status, width: 12 },
  { header: 'Intervention ID', value: (r) => r.id, width: 38 },
];
