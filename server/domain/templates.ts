/**
 * Email templates with `{{variable}}` placeholders (the reference's "Intervention Templates").
 * Pure: rendering takes the values, the service gathers them.
 */

/** Every variable a template may use, with where its value comes from. */
export const TEMPLATE_VARIABLES = {
  companyName: "The account's name",
  accountId: "The host's customer id",
  plan: 'The plan',
  contactName: "The account's contact name (falls back to the company name)",
  contactEmail: "The account's contact email",
  csmName: "The account's CSM owner",
  csmEmail: "The CSM owner when it is an email address",
  healthScore: 'The current health score, 0-100',
  engagementScore: 'The current engagement score, rounded',
  satisfactionScore: 'The current satisfaction score, rounded',
  healthStatus: 'excellent, good, warning, critical or churn_risk',
  riskLevel: 'low, medium, high or critical',
  healthInsights: 'The risk factors, one bullet each',
  contractEndDate: 'The contract end date, YYYY-MM-DD',
  daysToRenewal: 'Days until the contract ends',
  productName: 'RK_PRODUCT_NAME',
  calendarLink: 'RK_CALENDAR_LINK',
  tutorialLink: 'RK_TUTORIAL_LINK',
  newFeatures: 'RK_NEW_FEATURES',
} as const;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;
export type TemplateValues = Record<TemplateVariable, string>;

export const TEMPLATE_CATEGORIES = ['reengagement', 'health_check', 'renewal', 'onboarding'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The variables a text uses, in order of first use. */
export function variablesIn(...texts: Array<string | null | undefined>): string[] {
  const seen = new Set<string>();
  for (const text of texts) for (const match of (text ?? '').matchAll(PLACEHOLDER)) if (match[1]) seen.add(match[1]);
  return [...seen];
}

export const isKnownVariable = (name: string): name is TemplateVariable => Object.hasOwn(TEMPLATE_VARIABLES, name);

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Substitutes every known placeholder; `html` escapes the substituted values (never the template). */
function substitute(text: string, values: TemplateValues, html = false): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isKnownVariable(name)) return whole;
    return html ? escapeHtml(values[name]) : values[name];
  });
}

export interface TemplateParts {
  subject: string;
  body: string;
  htmlBody: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string | null;
}

export function renderTemplate(template: TemplateParts, values: TemplateValues): RenderedEmail {
  return {
    // A subject is a header, not HTML; line breaks in it would start new headers.
    subject: substitute(template.subject, values).replace(/[\r\n]+/g, ' '),
    text: substitute(template.body, values),
    html: template.htmlBody === null ? null : substitute(template.htmlBody, values, true),
  };
}

export interface AccountForTemplate {
  id: string;
  name: string;
  plan: string;
  contactName: string | null;
  contactEmail: string | null;
  csmOwner: string | null;
  contractEndDate: string | null;
  contractEndDays: number | null;
}

export interface HealthForTemplate {
  overallScore: number;
  engagementScore: number;
  satisfactionScore: number;
  status: string;
  riskLevel: string;
  riskFactors: string[];
}

/** The values of every variable for one account; absent data renders as an empty string. */
export function templateValues(
  account: AccountForTemplate,
  health: HealthForTemplate | null,
  configured: Pick<TemplateValues, 'productName' | 'calendarLink' | 'tutorialLink' | 'newFeatures'>,
): TemplateValues {
  const owner = account.csmOwner ?? '';
  return {
    companyName: account.name,
    accountId: account.id,
    plan: account.plan,
    contactName: account.contactName ?? account.name,
    contactEmail: account.contactEmail ?? '',
    csmName: owner,
    csmEmail: owner.includes('@') ? owner : '',
    healthScore: health ? String(health.overallScore) : '',
    engagementScore: health ? String(Math.round(health.engagementScore)) : '',
    satisfactionScore: health ? String(Math.round(health.satisfactionScore)) : '',
    healthStatus: health?.status ?? '',
    riskLevel: health?.riskLevel ?? '',
    healthInsights: health
      ? health.riskFactors.length > 0
        ? health.riskFactors.map((f) => `• ${f}`).join('\n')
        : '• No risk signals at the moment'
      : '',
    contractEndDate: account.contractEndDate ?? '',
    daysToRenewal: account.contractEndDays === null ? '' : String(account.contractEndDays),
    ...configured,
  };
}
