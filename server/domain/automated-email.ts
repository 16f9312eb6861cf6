/**
 * Whether an `automated_email` intervention's email goes out, and to whom. Pure: the facts are
 * gathered by `services/automated-email.ts`.
 */

export interface AutomatedEmailFacts {
  /** RK_FEATURE_EMAIL_AUTOMATION. */
  featureOn: boolean;
  smtpConfigured: boolean;
  templateId: string | null;
  /** The configured override, else the account's contact. */
  recipient: string | null;
  unsubscribed: boolean;
  /** The last automated email queued for the account (not counting failed ones). */
  lastQueuedAt: Date | null;
  capDays: number;
  now: Date;
}

export type AutomatedEmailPlan = { send: true; recipient: string } | { send: false; reason: string };

const DAY_MS = 86_400_000;

/** The first reason not to send, in the order an operator would look for it. */
export function planAutomatedEmail(f: AutomatedEmailFacts): AutomatedEmailPlan {
  if (!f.featureOn) return { send: false, reason: 'not sent: email automation is switched off (RK_FEATURE_EMAIL_AUTOMATION=false)' };
  if (!f.smtpConfigured) return { send: false, reason: 'not sent: no SMTP server is configured (RK_SMTP_URL)' };
  if (!f.templateId) return { send: false, reason: 'not sent: the trigger names no email template' };
  if (!f.recipient) return { send: false, reason: 'not sent: the account has no contact email' };
  if (f.unsubscribed) return { send: false, reason: `not sent: ${f.recipient} unsubscribed from automated email` };
  if (f.lastQueuedAt && f.now.getTime() - f.lastQueuedAt.getTime() < f.capDays * DAY_MS) {
    return {
      send: false,
      reason: `not sent: the account already got an automated email at ${f.lastQueuedAt.toISOString()} (at most one per ${f.capDays} days)`,
    };
  }
  return { send: true, recipient: f.recipient };
}

/** The footer every automated email carries: the way out. */
export function withUnsubscribe(text: string, html: string | null, url: string, escape: (s: string) => string) {
  return {
    text: `${text}\n\n--\nTo stop these emails: ${url}`,
    html: html === null ? null : `${html}\n<p style="font-size:small"><a href="${escape(url)}">Unsubscribe from these emails</a></p>`,
  };
}

/** The next daily digest at `hhmm` UTC strictly after `now`. */
export function nextDigestAt(now: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m));
  return at > now ? at : new Date(at.getTime() + 86_400_000);
}

/** One line of an assignee notice: what the intervention is and why it is theirs. */
export function assigneeNoticeLine(i: {
  reason: 'created' | 'reassigned';
  title: string;
  companyName: string;
  accountId: string;
  priority: string;
  scheduledAt: Date | null;
  id: string;
}): string {
  const due = i.scheduledAt ? `, due ${i.scheduledAt.toISOString()}` : '';
  return `• ${i.reason === 'created' ? 'New' : 'Reassigned to you'}: ${i.title}, ${i.companyName} (${i.accountId}), ${i.priority} priority${due}. Intervention ${i.id}.`;
}
