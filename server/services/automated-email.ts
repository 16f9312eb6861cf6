/**
 * Automated emails: queued into `email_outbox` in the transaction that opened their
 * intervention (or recorded there as skipped, with why), delivered by the delivery worker, and
 * stopped for good by the signed unsubscribe link each one carries.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { jwtVerify, SignJWT } from 'jose';
import type { AppConfig } from '../config';
import type { Db, Executor } from '../db/index';
import { accounts, emailOutbox, emailUnsubscribes, interventions } from '../db/schema';
import { planAutomatedEmail, withUnsubscribe } from '../domain/automated-email';
import { escapeHtml } from '../domain/templates';
import { ApiError } from '../errors';
import type { InterventionRow } from '../live/builders';
import { renderForAccount } from './templates';

const UNSUBSCRIBE_AUDIENCE = 'retention-kit:unsubscribe';
// A key of its own: an unsubscribe token can never pass as a login token, nor the reverse.
const unsubscribeKey = (jwtSecret: string) => new TextEncoder().encode(`unsubscribe:${jwtSecret}`);

/** A token naming the address; no expiry, since an old email's link must still work. */
export function unsubscribeToken(jwtSecret: string, email: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(email.toLowerCase())
    .setAudience(UNSUBSCRIBE_AUDIENCE)
    .sign(unsubscribeKey(jwtSecret));
}

/** Records the address of a valid token as unsubscribed (again is fine); 400 naming `token` otherwise. */
export async function unsubscribe(db: Db, jwtSecret: string, token: string, now: Date): Promise<string> {
  let email: string | undefined;
  try {
    ({ payload: { sub: email } } = await jwtVerify(token, unsubscribeKey(jwtSecret), { algorithms: ['HS256'], audience: UNSUBSCRIBE_AUDIENCE }));
  } catch {
    email = undefined;
  }
  if (!email) throw ApiError.invalid([{ field: 'token', message: 'the unsubscribe link is not valid' }]);
  await db.orm.insert(emailUnsubscribes).values({ email, unsubscribedAt: now }).onConflictDoNothing();
  return email;
}

/**
 * For the `automated_email` interventions just opened in `tx`: renders each one's template for
 * its account and queues it (sent at the intervention's scheduled time), or records why not.
 * Returns the rows as they now stand.
 */
export async function queueAutomatedEmails(tx: Executor, config: AppConfig, rows: InterventionRow[], now: Date): Promise<InterventionRow[]> {
  const emails = rows.filter((r) => r.interventionType === 'automated_email');
  if (emails.length === 0) return rows;
  const settings = config.automatedEmail;
  const contacts = new Map(
    (
      await tx
        .select({ id: accounts.id, email: accounts.contactEmail })
        .from(accounts)
        .where(inArray(accounts.id, emails.map((r) => r.accountId)))
    ).map((a) => [a.id, a.email]),
  );
  const updated = new Map<string, InterventionRow>();
  for (const row of emails) {
    const recipient = (settings.recipientOverride ?? contacts.get(row.accountId) ?? null)?.toLowerCase() ?? null;
    const [unsubscribed] = recipient
      ? await tx.select({ email: emailUnsubscribes.email }).from(emailUnsubscribes).where(eq(emailUnsubscribes.email, recipient))
      : [];
    const [last] = await tx
      .select({ at: sql<Date | string | null>`max(${emailOutbox.createdAt})` })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.accountId, row.accountId), eq(emailOutbox.kind, 'automated_email'), ne(emailOutbox.status, 'failed')));
    const plan = planAutomatedEmail({
      featureOn: config.features.emailAutomation,
      smtpConfigured: config.alertChannels.smtp !== null,
      templateId: row.templateId,
      recipient,
      unsubscribed: unsubscribed !== undefined,
      lastQueuedAt: last?.at ? new Date(last.at) : null,
      capDays: settings.capDays,
      now,
    });
    if (plan.send && row.templateId) {
      const { rendered } = await renderForAccount(tx, config, row.templateId, row.accountId, now);
      const unsubscribeUrl = `${settings.publicUrl}/api/unsubscribe/${await unsubscribeToken(config.jwtSecret, plan.recipient)}`;
      const body = withUnsubscribe(rendered.text, rendered.html, unsubscribeUrl, escapeHtml);
      await tx.insert(emailOutbox).values({
        kind: 'automated_email',
        interventionId: row.id,
        accountId: row.accountId,
        recipient: plan.recipient,
        subject: rendered.subject,
        text: body.text,
        html: body.html,
        unsubscribeUrl,
        nextAttemptAt: row.scheduledAt ?? now,
        createdAt: now,
      });
    }
    const [after] = await tx
      .update(interventions)
      .set(plan.send ? { emailStatus: 'queued', emailDetail: `to ${plan.recipient}` } : { emailStatus: 'skipped', emailDetail: plan.reason })
      .where(eq(interventions.id, row.id))
      .returning();
    if (after) updated.set(row.id, after);
  }
  return rows.map((r) => updated.get(r.id) ?? r);
}
