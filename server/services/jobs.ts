import { sql } from 'drizzle-orm';
import type { AppDeps } from '../context';
import { queryRows } from '../db/index';
import { rescoreAccounts } from './rescore';
import { dailyAtUtc, everyMinutes, type ScheduledJob } from './scheduler';

export interface JobSchedule {
  /** HH:MM UTC of the daily full rescore (the reference: 02:00). */
  fullRescoreUtc: string;
  /** Minutes between rescores of critical accounts (the reference: hourly). */
  criticalRescoreMinutes: number;
  /** How long live events are kept for resuming streams. */
  eventRetentionHours: number;
}

/** Delivery ids are kept long enough to outlast a sender's retries (Standard Webhooks: days). */
const RECEIPT_RETENTION_DAYS = 7;

/** The reference's schedule, plus housekeeping of the live pipeline's tables. */
export function scheduledJobs(deps: AppDeps, schedule: JobSchedule): ScheduledJob[] {
  return [
    {
      name: 'full_rescore',
      next: dailyAtUtc(schedule.fullRescoreUtc),
      leaseMs: 30 * 60_000,
      run: async () => void (await rescoreAccounts(deps)),
    },
    {
      name: 'critical_rescore',
      next: everyMinutes(schedule.criticalRescoreMinutes),
      leaseMs: 10 * 60_000,
      run: async () => {
        const critical = await queryRows<{ account_id: string }>(
          deps.db.orm,
          sql`select h.account_id from health_scores h join accounts a on a.id = h.account_id
              where h.priority = 'critical' and a.churned_at is null`,
        );
        if (critical.length > 0) await rescoreAccounts(deps, critical.map((r) => r.account_id));
      },
    },
    {
      name: 'prune_live_tables',
      next: everyMinutes(60),
      leaseMs: 10 * 60_000,
      run: async () => {
        const now = deps.clock();
        const eventsBefore = new Date(now.getTime() - schedule.eventRetentionHours * 3_600_000).toISOString();
        // The newest event always stays, so a resuming client can still tell "current" from "too old".
        await deps.db.orm.execute(sql`
          delete from live_events where created_at < ${eventsBefore} and id < (select max(id) from live_events)`);
        await deps.db.orm.execute(sql`
          delete from webhook_receipts where received_at < ${now.toISOString()}::timestamptz - make_interval(days => ${RECEIPT_RETENTION_DAYS})`);
        await deps.db.orm.execute(sql`delete from event_tickets where expires_at < ${now.toISOString()}`);
      },
    },
  ];
}
