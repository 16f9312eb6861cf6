/**
 * Email templates: kept as admins write them, checked for unknown variables when saved, and
 * rendered for an account with its data, its CSM's and its current health.
 */
import { eq, sql } from 'drizzle-orm';
import type { AppConfig } from '../config';
import { queryRows, type Db, type Executor } from '../db/index';
import { emailTemplates, interventionTriggers } from '../db/schema';
import {
  isKnownVariable,
  renderTemplate,
  TEMPLATE_VARIABLES,
  templateValues,
  variablesIn,
  type RenderedEmail,
  type TemplateCategory,
  type TemplateValues,
} from '../domain/templates';
import { ApiError, type FieldError } from '../errors';
import { configStore, mergePatch } from './config-store';

export interface TemplateSettings {
  name: string;
  category: TemplateCategory;
  subject: string;
  body: string;
  html_body: string | null;
}

export interface EmailTemplate extends TemplateSettings {
  id: string;
  /** The variables it uses. */
  variables: string[];
  created_at: string;
  updated_at: string;
}

const store = configStore(emailTemplates, 'template', 'tpl');

const view = (t: typeof emailTemplates.$inferSelect): EmailTemplate => ({
  id: t.id,
  name: t.name,
  category: t.category,
  subject: t.subject,
  body: t.body,
  html_body: t.htmlBody,
  variables: variablesIn(t.subject, t.body, t.htmlBody),
  created_at: t.createdAt.toISOString(),
  updated_at: t.updatedAt.toISOString(),
});

const columns = (t: TemplateSettings) => ({ name: t.name, category: t.category, subject: t.subject, body: t.body, htmlBody: t.html_body });

/** Unknown variables are reported at save time, per field, rather than rendered as holes later. */
function check(t: TemplateSettings): void {
  const fields: FieldError[] = [];
  for (const [field, text] of [['subject', t.subject], ['body', t.body], ['html_body', t.html_body]] as const) {
    const unknown = variablesIn(text).filter((v) => !isKnownVariable(v));
    if (unknown.length > 0) {
      fields.push({
        field,
        message: `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((v) => `{{${v}}}`).join(', ')}; known: ${Object.keys(TEMPLATE_VARIABLES).join(', ')}`,
      });
    }
  }
  if (fields.length > 0) throw ApiError.invalid(fields);
}

export const listTemplates = async (executor: Executor) => (await store.list(executor)).map(view);

export const getTemplate = async (executor: Executor, id: string) => view(await store.get(executor, id));

export async function createTemplate(executor: Executor, id: string | undefined, settings: TemplateSettings, now: Date): Promise<EmailTemplate> {
  check(settings);
  return view(await store.insert(executor, id, columns(settings), now));
}

export async function changeTemplate(executor: Executor, id: string, change: Partial<TemplateSettings>, now: Date): Promise<EmailTemplate> {
  const merged = mergePatch<TemplateSettings>(await getTemplate(executor, id), change);
  check(merged);
  return view(await store.update(executor, id, columns(merged), now));
}

/** Refused (409) while a trigger uses it. */
export async function deleteTemplate(db: Db, id: string): Promise<void> {
  await db.orm.transaction(async (tx) => {
    await store.get(tx, id);
    const users = await tx.select({ id: interventionTriggers.id }).from(interventionTriggers).where(eq(interventionTriggers.templateId, id));
    if (users.length > 0) {
      throw new ApiError(409, 'template_in_use', `template '${id}' is used by trigger ${users.map((u) => `'${u.id}'`).join(', ')}`);
    }
    await store.remove(tx, id);
  });
}

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
async function accountTemplateValues(executor: Executor, config: AppConfig, accountId: string, now: Date): Promise<TemplateValues | null> {
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

/** A template rendered for an account: 404 for an unknown template, 400 naming `account_id` for an unknown account. */
export async function renderForAccount(
  executor: Executor,
  config: AppConfig,
  templateId: string,
  accountId: string,
  now: Date,
): Promise<{ rendered: RenderedEmail; values: TemplateValues }> {
  const template = await store.get(executor, templateId);
  const values = await accountTemplateValues(executor, config, accountId, now);
  if (!values) throw ApiError.invalid([{ field: 'account_id', message: `account '${accountId}' does not exist` }]);
  return { rendered: renderTemplate(template, values), values };
}
