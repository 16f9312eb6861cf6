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
import { assigneeNoticeLine, nextDigestAt, planAutomatedEmail, withUnsubscribe } from '../domain/automated-email';
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

/**
 * Emails the assignees of interventions just opened or reassigned in `tx`, through the same
 * outbox: one message each, or, with the digest option, lines added to the assignee's pending
 * digest of the day. Assignees that are not email addresses, and people assigning themselves,
 * get nothing; nor does anyone while email automation is off or no SMTP server is configured.
 */
export async function queueAssigneeNotices(
  tx: Executor,
  config: Pick<AppConfig, 'automatedEmail' | 'features' | 'alertChannels'>,
  notices: ReadonlyArray<{ row: InterventionRow; reason: 'created' | 'reassigned'; actor: string }>,
  now: Date,
): Promise<void> {
  const mode = config.automatedEmail.assigneeNotices;
  if (mode === 'off' || !config.features.emailAutomation || !config.alertChannels.smtp) return;
  const due = notices.filter(({ row, actor }) => row.assignedTo?.includes('@') && row.assignedTo !== actor);
  if (due.length === 0) return;
  const names = new Map(
    (
      await tx
        .select({ id: accounts.id, name: accounts.name })
        .from(accounts)
        .where(inArray(accounts.id, due.map((n) => n.row.accountId)))
    ).map((a) => [a.id, a.name]),
  );
  for (const { row, reason } of due) {
    const recipient = row.assignedTo!.toLowerCase();
    const companyName = names.get(row.accountId) ?? row.accountId;
    const line = assigneeNoticeLine({ reason, title: row.title, companyName, accountId: row.accountId, priority: row.priority, scheduledAt: row.scheduledAt, id: row.id });
    if (mode === 'digest') {
      const slot = nextDigestAt(now, config.automatedEmail.digestUtc);
      // The day's digest not yet attempted takes the line; otherwise this starts it.
      const appended = await tx
        .update(emailOutbox)
        .set({ text: sql`${emailOutbox.text} || ${`\n${line}`}` })
        .where(
          and(
            eq(emailOutbox.kind, 'assignee_notice'),
            eq(emailOutbox.recipient, recipient),
            eq(emailOutbox.status, 'pending'),
            eq(emailOutbox.attempts, 0),
            eq(emailOutbox.nextAttemptAt, slot),
          ),
        )
        .returning({ id: emailOutbox.id });
      if (appended.length > 0) continue;
      await tx.insert(emailOutbox).values({
        kind: 'assignee_notice', interventionId: row.id, accountId: row.accountId, recipient,
        subject: `Your interventions: digest of ${slot.toISOString().slice(0, 10)}`,
        text: `Interventions assigned to you since the last digest:\n${line}`,
        nextAttemptAt: slot, createdAt: now,
      });
      continue;
    }
    await tx.insert(emailOutbox).values({
      kind: 'assignee_notice', interventionId: row.id, accountId: row.accountId, recipient,
      subject: `${reason === 'created' ? 'New intervention' : 'Intervention reassigned to you'}: ${row.title} (${companyName})`.replace(/[\r\n]+/g, ' '),
      text: line, nextAttemptAt: now, createdAt: now,
    });
  }
}
