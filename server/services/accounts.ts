/**
 * One account as its detail view needs it: the account's own facts and contacts, its notes, and
 * its timeline (everything that happened to it, newest first, in one shape).
 */
import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import { accountNotes, accounts, accountUsers } from '../db/schema';
import { pageOf, type TimeKey } from './page';

/** People listed besides the primary contact: the most recently active seats. */
const MAX_CONTACTS = 10;

/** The account's facts and contacts, or null for an unknown account. */
export async function accountProfile(executor: Executor, id: string) {
  const [account] = await executor.select().from(accounts).where(eq(accounts.id, id));
  if (!account) return null;
  const users = await executor
    .select({ name: accountUsers.name, email: accountUsers.email, lastLoginAt: accountUsers.lastLoginAt })
    .from(accountUsers)
    .where(and(eq(accountUsers.accountId, id), isNull(accountUsers.deactivatedAt)))
    .orderBy(sql`${accountUsers.lastLoginAt} desc nulls last`, accountUsers.userId)
    .limit(MAX_CONTACTS);
  const primary = account.contactName || account.contactEmail ? [{ name: account.contactName, email: account.contactEmail, primary: true, last_login_at: null }] : [];
  return {
    customer_id: account.id,
    company_name: account.name,
    plan: account.plan,
    mrr: account.mrr,
    arr: account.mrr * 12,
    contract_end_date: account.contractEndDate,
    csm_owner: account.csmOwner,
    lifecycle_stage: account.lifecycleStage,
    payment_status: account.paymentStatus,
    customer_since: account.customerSince,
    churned_at: account.churnedAt?.toISOString() ?? null,
    contacts: [
      ...primary,
      ...users
        .filter((u) => u.email !== account.contactEmail || account.contactEmail === null)
        .map((u) => ({ name: u.name, email: u.email, primary: false, last_login_at: u.lastLoginAt?.toISOString() ?? null })),
    ],
    traits: account.traits,
  };
}

/** Whether the account exists. */
export async function accountExists(executor: Executor, id: string): Promise<boolean> {
  const [row] = await executor.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, id));
  return row !== undefined;
}

type NoteRow = typeof accountNotes.$inferSelect;
const noteView = (n: NoteRow) => ({ id: n.id, account_id: n.accountId, author: n.author, text: n.body, created_at: n.createdAt.toISOString() });

/** A page of the account's notes, newest first. */
export async function listNotes(executor: Executor, accountId: string, limit: number, after?: TimeKey) {
  const where: SQL[] = [eq(accountNotes.accountId, accountId)];
  if (after) where.push(or(lt(accountNotes.createdAt, after.t), and(eq(accountNotes.createdAt, after.t), lt(accountNotes.id, after.id))) as SQL);
  const rows = await executor
    .select()
    .from(accountNotes)
    .where(and(...where))
    .orderBy(desc(accountNotes.createdAt), desc(accountNotes.id))
    .limit(limit + 1);
  return pageOf(rows, limit, (n) => ({ t: n.createdAt, id: n.id }), noteView);
}

/** Stores a note verbatim; the caller has checked the account exists and who may write. */
export async function addNote(executor: Executor, note: { accountId: string; author: string; text: string; at: Date }) {
  const [row] = await executor.insert(accountNotes).values({ accountId: note.accountId, author: note.author, body: note.text, createdAt: note.at }).returning();
  if (!row) throw new Error('insert returned no row');
  return noteView(row);
}

export const TIMELINE_KINDS = ['activity', 'alert', 'intervention', 'note', 'nps', 'payment', 'ticket'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Where the next page of a timeline starts: the last item's time (microseconds since 1970), kind and id. */
export interface TimelineKey {
  us: string;
  kind: TimelineKind;
  id: string;
}

/** One thing that happened to an account, whatever its kind. */
export interface TimelineItem {
  at: string;
  kind: TimelineKind;
  id: string;
  /** The kind's own classification: the activity kind, ticket channel, payment status, NPS nothing, intervention type, alert severity. */
  subtype: string | null;
  /** A ticket's subject, an intervention's or alert's title, a feature's name. */
  title: string | null;
  /** A note's text, an NPS comment, an intervention's description, an alert's message. */
  summary: string | null;
  /** A ticket's or intervention's status; an alert's `open` or `acknowledged`. */
  status: string | null;
  /** A payment's amount, an NPS score, a session's seconds, a ticket's satisfaction rating. */
  value: number | null;
  /** Who: a note's author, an intervention's creator, the user of an activity or NPS answer. */
  actor: string | null;
}

interface Branch {
  kind: TimelineKind;
  table: string;
  at: string;
  id: string;
  subtype: string;
  title: string;
  summary: string;
  status: string;
  value: string;
  actor: string;
}

/** Each source of the timeline as columns of the one shape (trusted SQL fragments, no input). */
const BRANCHES: readonly Branch[] = [
  { kind: 'activity', table: 'activity_events', at: 'occurred_at', id: 'id::text', subtype: 'kind', title: 'feature', summary: 'null', status: 'null', value: 'duration_seconds::float8', actor: 'user_id' },
  { kind: 'alert', table: 'alerts', at: 'created_at', id: 'id::text', subtype: 'severity', title: 'title', summary: 'message', status: "case when acknowledged_at is null then 'open' else 'acknowledged' end", value: 'null', actor: 'acknowledged_by' },
  { kind: 'intervention', table: 'interventions', at: 'created_at', id: 'id::text', subtype: 'intervention_type', title: 'title', summary: 'description', status: 'status', value: 'null', actor: 'created_by' },
  { kind: 'note', table: 'account_notes', at: 'created_at', id: 'id::text', subtype: 'null', title: 'null', summary: 'body', status: 'null', value: 'null', actor: 'author' },
  { kind: 'nps', table: 'nps_responses', at: 'responded_at', id: 'id::text', subtype: 'null', title: 'null', summary: 'comment', status: 'null', value: 'score::float8', actor: 'user_id' },
  { kind: 'payment', table: 'payments', at: 'occurred_at', id: 'id::text', subtype: 'status', title: 'null', summary: 'null', status: 'null', value: 'amount::float8', actor: 'null' },
  { kind: 'ticket', table: 'support_interactions', at: 'created_at', id: 'id::text', subtype: 'interaction_type', title: 'subject', summary: 'null', status: 'status', value: 'satisfaction_rating::float8', actor: 'null' },
];

/**
 * A page of the account's timeline, newest first (ties by kind, then id, descending), in one
 * UNION ALL query: each source gives at most `limit + 1` rows past the cursor, in the order of the
 * whole, so the page is exact whatever the sources hold.
 */
export async function timeline(executor: Executor, accountId: string, limit: number, after?: TimelineKey) {
  const cursorAt = after && sql`(timestamptz 'epoch' + ${after.us}::bigint * interval '1 microsecond')`;
  const branches = BRANCHES.map((b) => {
    const at = sql.raw(b.at);
    const id = sql.raw(b.id);
    const keyset = after && cursorAt ? sql` and ${at} <= ${cursorAt} and (${at}, ${b.kind}::text, ${id}) < (${cursorAt}, ${after.kind}::text, ${after.id}::text)` : sql``;
    return sql`(select ${at} as at, ${b.kind}::text as kind, ${id} as id, ${sql.raw(b.subtype)}::text as subtype, ${sql.raw(b.title)}::text as title,
        ${sql.raw(b.summary)}::text as summary, ${sql.raw(b.status)}::text as status, ${sql.raw(b.value)}::float8 as value, ${sql.raw(b.actor)}::text as actor
      from ${sql.raw(b.table)} where account_id = ${accountId}${keyset}
      order by ${at} desc, ${id} desc limit ${limit + 1})`;
  });
  const rows = await queryRows<Omit<TimelineItem, 'at' | 'kind'> & { kind: TimelineKind; at_iso: string; at_us: string }>(
    executor,
    sql`select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at_iso,
          (extract(epoch from at) * 1000000)::bigint::text as at_us,
          kind, id, subtype, title, summary, status, value, actor
        from (${sql.join(branches, sql` union all `)}) t
        order by at desc, kind desc, id desc limit ${limit + 1}`,
  );
  const items = rows.slice(0, limit).map(
    (r): TimelineItem => ({
      at: r.at_iso,
      kind: r.kind,
      id: r.id,
      subtype: r.subtype,
      title: r.title,
      summary: r.summary,
      status: r.status,
      value: r.value === null ? null : Number(r.value),
      actor: r.actor,
    }),
  );
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, next: last ? ({ us: last.at_us, kind: last.kind, id: last.id } satisfies TimelineKey) : null };
}
