/**
 * Single-use tickets that let an EventSource, which cannot send headers, open a stream: a bearer
 * token is exchanged for one, valid a minute. Only a hash is stored, so a leaked table leaks no
 * usable ticket.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import type { Principal, Role } from '../principal';

const TICKET_TTL_MS = 60_000;

const hashTicket = (ticket: string) => createHash('sha256').update(ticket).digest('base64url');

/** A new ticket standing for `principal`; the stream it opens closes when the token would expire. */
export async function issueTicket(executor: Executor, principal: Principal, now: Date): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + TICKET_TTL_MS);
  await executor.execute(sql`
    insert into event_tickets (ticket_hash, sub, role, account_id, token_id, token_expires_at, expires_at)
    values (${hashTicket(ticket)}, ${principal.sub}, ${principal.role}, ${principal.accountId}, ${principal.tokenId},
      ${principal.expiresAt.toISOString()}, ${expiresAt.toISOString()})`);
  return { ticket, expiresAt };
}

/** The principal a ticket stands for, using the ticket up; null when it is unknown, used or expired. */
export async function redeemTicket(executor: Executor, ticket: string, now: Date): Promise<Principal | null> {
  const [row] = await queryRows<{
    sub: string;
    role: Role;
    account_id: string | null;
    token_id: string | null;
    token_expires_at: Date | string;
    expires_at: Date | string;
  }>(
    executor,
    sql`delete from event_tickets where ticket_hash = ${hashTicket(ticket)}
        returning sub, role, account_id, token_id, token_expires_at, expires_at`,
  );
  if (!row || new Date(row.expires_at).getTime() <= now.getTime()) return null;
  // Tickets issued before token_id existed (a minute's worth, at the upgrade) count by subject.
  const tokenId = row.token_id ?? `sub:${row.sub}`;
  // A ticket only opens a stream, which carries no scoped data (no notes).
  return { sub: row.sub, role: row.role, accountId: row.account_id, scopes: [], expiresAt: new Date(row.token_expires_at), tokenId };
}
