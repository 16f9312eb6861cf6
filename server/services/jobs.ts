import { sql } from 'drizzle-orm';
import type { Clock, JobSchedule } from '../config';
import { queryRows, type Db } from '../db/index';
import { DEFAULT_TRAINING_PARAMS, type ChurnModels } from './churn-models';
import type { ScorePipeline } from './score-pipeline';
import { dailyAtUtc, everyMinutes, type ScheduledJob } from './scheduler';

/** Delivery ids are kept long enough to outlast a sender's retries (Standard Webhooks: days). */
const RECEIPT_RETENTION_DAYS = 7;

/** The reference's schedule, plus housekeeping of the live pipeline's tables. */
export function scheduledJobs(
  deps: { db: Db; clock: Clock; pipeline: ScorePipeline; churnModels: ChurnModels },
  schedule: JobSchedule,
): ScheduledJob[] {
  return [
    {
      name: 'full_rescore',
      next: dailyAtUtc(schedule.fullRescoreUtc),
      leaseMs: 30 * 60_000,
      run: async () => void (await deps.pipeline.rescore()),
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
        if (critical.length > 0) await deps.pipeline.rescore(critical.map((r) => r.account_id));
      },
    },
    {
      // Retrains on the latest history with the default parameters; the new model replaces the
      // active one only if it beats it on the same test examples. A run already going is left be.
      name: 'churn_retrain',
      next: everyMinutes(schedule.churnRetrainDays * 24 * 60),
      leaseMs: 2 * 3_600_000,
      run: async () => {
        if (await deps.churnModels.start(DEFAULT_TRAINING_PARAMS)) await deps.churnModels.settled();
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
