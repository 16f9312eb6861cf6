/**
 * A failed payment opens a billing intervention for the account's owner: once per open failure,
 * that is, once between a failure and the next payment that succeeds.
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import type { AppConfig } from '../config';
import { queryRows, type Executor } from '../db/index';
import { accounts, interventionActivity, interventions } from '../db/schema';
import { createdChanges } from '../domain/interventions';
import { interventionEvent } from '../live/builders';
import type { LiveEventInput } from '../live/events';
import { queueAssigneeNotices } from './automated-email';

export const BILLING_TRIGGER_TYPE = 'payment_failed';

/** Inside the transaction that stored the failed payment; returns the live event of what it opened. */
export async function openBillingIntervention(
  tx: Executor,
  config: AppConfig,
  accountId: string,
  amount: number,
  now: Date,
): Promise<LiveEventInput[]> {
  // The row lock serialises two failures of one account arriving at once.
  const [account] = await tx
    .select({ owner: accounts.csmOwner, paymentStatus: accounts.paymentStatus })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .for('update');
  if (!account || account.paymentStatus !== 'failed') return [];
  const [lastSuccess] = await queryRows<{ at: Date | string | null }>(
    tx,
    sql`select max(occurred_at) as at from payments where account_id = ${accountId} and status = 'succeeded'`,
  );
  const since = lastSuccess?.at ? new Date(lastSuccess.at) : new Date(0);
  const [existing] = await tx
    .select({ id: interventions.id })
    .from(interventions)
    .where(and(eq(interventions.accountId, accountId), eq(interventions.triggerType, BILLING_TRIGGER_TYPE), gte(interventions.createdAt, since)))
    .limit(1);
  if (existing) return [];
  const [row] = await tx
    .insert(interventions)
    .values({
      accountId,
      triggerType: BILLING_TRIGGER_TYPE,
      interventionType: 'csm_outreach',
      title: 'Billing: a payment failed',
      description: `A payment of ${amount.toFixed(2)} failed; resolve it with the customer before the next attempt`,
      priority: 'high',
      assignedTo: account.owner,
      createdBy: 'webhook:payment.failed',
      scheduledAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) return [];
  await tx.insert(interventionActivity).values({
    interventionId: row.id,
    accountId,
    actor: row.createdBy,
    action: 'created',
    changes: createdChanges(row),
    at: now,
  });
  await queueAssigneeNotices(tx, config, [{ row, reason: 'created', actor: row.createdBy }], now);
  return [interventionEvent('created', row)];
}
