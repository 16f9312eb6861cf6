import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index';
import type { LiveEvent, LiveEventInput } from './events';

/** The NOTIFY channel; its payload is only the newest event id (NOTIFY is capped at 8000 bytes). */
export const LIVE_CHANNEL = 'rk_live_events';
/** Serialises appends so ids commit in order (see `live_events`). */
const APPEND_LOCK_KEY = 72_830_002;

/**
 * Appends events to the log inside the caller's transaction, so they exist exactly when the
 * change they describe does. Call it last in the transaction: the append lock is held until
 * commit. Returns the new ids.
 */
export async function appendLiveEvents(tx: Executor, events: readonly LiveEventInput[]): Promise<number[]> {
  if (events.length === 0) return [];
  await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`insert into live_events (type, account_id, data)
        select e.type, e.account_id, e.data
        from jsonb_to_recordset(${JSON.stringify(events.map((e) => ({ type: e.type, account_id: e.accountId, data: e.data })))}::jsonb)
             as e(type text, account_id text, data jsonb)
        returning id`,
  );
  const ids = rows.map((r) => Number(r.id));
  await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${String(Math.max(...ids))})`);
  return ids;
}

/** Events after `afterId`, oldest first. */
export async function readLiveEvents(executor: Executor, afterId: number, limit: number): Promise<LiveEvent[]> {
  const rows = await queryRows<{ id: string | number; type: LiveEvent['type']; account_id: string | null; data: unknown }>(
    executor,
    sql`select id, type, account_id, data from live_events where id > ${afterId} order by id limit ${limit}`,
  );
  return rows.map((r) => ({ id: Number(r.id), type: r.type, accountId: r.account_id, data: r.data }));
}

/** The id range still kept: a client asking to resume from before `oldest` must refetch. */
export async function liveLogBounds(executor: Executor): Promise<{ oldest: number | null; newest: number }> {
  const [row] = await queryRows<{ oldest: string | number | null; newest: string | number | null }>(
    executor,
    sql`select min(id) as oldest, max(id) as newest from live_events`,
  );
  return { oldest: row?.oldest == null ? null : Number(row.oldest), newest: Number(row?.newest ?? 0) };
}
