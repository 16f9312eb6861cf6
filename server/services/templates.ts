import { eq, sql } from 'drizzle-orm';
import type { AppConfig } from '../config';
import { queryRows, type Executor } from '../db/index';
import { emailTemplates } from '../db/schema';
import { renderTemplate, templateValues, type RenderedEmail, type TemplateValues } from '../domain/templates';

interface AccountRow {
  id: string;
  name: string;
  plan: string;
  contact_name: string | null;
  contact_email: string | null;
  csm_owner: string | null;
  contract_end_date: string | null;
  contract_end_days: number | null;
  overall_score: number | null;
  engagement_score: number | null;
  satisfaction_score: number | null;
  status: string | null;
  risk_level: string | null;
  risk_factors: string[] | null;
}

/** Every variable's value for one account, from its row, its CSM and its current health. */
export async function accountTemplateValues(executor: Executor, config: AppConfig, accountId: string, now: Date): Promise<TemplateValues | null> {
  const [row] = await queryRows<AccountRow>(
    executor,
    sql`select a.id, a.name, a.plan, a.contact_name, a.contact_email, a.csm_owner,
               a.contract_end_date::text as contract_end_date,
               (a.contract_end_date - (${now.toISOString()}::timestamptz at time zone 'UTC')::date)::int as contract_end_days,
               h.overall_score, h.engagement_score, h.satisfaction_score, h.status, h.risk_level, h.risk_factors
        from accounts a left join health_scores h on h.account_id = a.id
        where a.id = ${accountId}`,
  );
  if (!row) return null;
  return templateValues(
    {
      id: row.id,
      name: row.name,
      plan: row.plan,
      contactName: row.contact_name,
      contactEmail: row.contact_email,
      csmOwner: row.csm_owner,
      contractEndDate: row.contract_end_date,
      contractEndDays: row.contract_end_days,
    },
    row.overall_score === null
      ? null
      : {
          overallScore: Number(row.overall_score),
          engagementScore: Number(row.engagement_score),
          satisfactionScore: Number(row.satisfaction_score),
          status: row.status ?? '',
          riskLevel: row.risk_level ?? '',
          riskFactors: row.risk_factors ?? [],
        },
    config.templateValues,
  );
}

/** A template rendered for an account; null when either does not exist. */
export async function renderForAccount(
  executor: Executor,
  config: AppConfig,
  templateId: string,
  accountId: string,
  now: Date,
): Promise<{ rendered: RenderedEmail; values: TemplateValues } | 'no_template' | 'no_account'> {
  const [template] = await executor.select().from(emailTemplates).where(eq(emailTemplates.id, templateId));
  if (!template) return 'no_template';
  const values = await accountTemplateValues(executor, config, accountId, now);
  if (!values) return 'no_account';
  return { rendered: renderTemplate(template, values), values };
}
