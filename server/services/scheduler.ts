import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../config';
import { queryRows, type Db } from '../db/index';

export interface ScheduledJob {
  name: string;
  /** The first run time after `now`. */
  next(now: Date): Date;
  run(): Promise<void>;
  /** How long a run may take before another instance assumes this one died. */
  leaseMs: number;
}

export interface Scheduler {
  /** Registers the jobs' first run times and ticks from now on. */
  start(): Promise<void>;
  /** Runs every due job this instance can claim; returns the names it ran. */
  tick(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Daily at HH:MM UTC. */
export function dailyAtUtc(hhmm: string): (now: Date) => Date {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return (now) => {
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes));
    if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
    return next;
  };
}

/** Every `minutes`, on multiples of it since midnight UTC (an hourly job runs at :00). */
export function everyMinutes(minutes: number): (now: Date) => Date {
  const step = minutes * 60_000;
  return (now) => new Date((Math.floor(now.getTime() / step) + 1) * step);
}

/**
 * Runs scheduled jobs once cluster-wide. Due jobs live in `scheduled_jobs`; an instance claims
 * one by taking its lease in a single UPDATE (only one wins), and advances it when the run ends.
 * A crashed run's lease expires and the next tick of any instance runs the job again.
 */
export function createScheduler(
  deps: { db: Db; clock: Clock },
  jobs: readonly ScheduledJob[],
  options: { tickMs?: number; instanceId?: string; log?: boolean } = {},
): Scheduler {
  const instanceId = options.instanceId ?? randomUUID();
  let timer: NodeJS.Timeout | undefined;

  let ticking: Promise<string[]> | null = null;
  const tickOnce = async (): Promise<string[]> => {
    const ran: string[] = [];
    for (const job of jobs) {
      const at = deps.clock();
      const [claimed] = await queryRows<{ name: string }>(
        deps.db.orm,
        sql`update scheduled_jobs set lease_until = ${new Date(at.getTime() + job.leaseMs).toISOString()}, leased_by = ${instanceId}
            where name = ${job.name} and next_run_at <= ${at.toISOString()}
              and (lease_until is null or lease_until < ${at.toISOString()})
            returning name`,
      );
      if (!claimed) continue;
      const started = performance.now();
      try {
        await job.run();
      } catch (error) {
        // The lease stays until it expires: the job is retried then, by whichever instance ticks.
        console.error(`scheduled job ${job.name} failed`, error);
        continue;
      }
      const done = deps.clock();
      const ms = Math.round(performance.now() - started);
      await deps.db.orm.execute(sql`
        update scheduled_jobs set next_run_at = ${job.next(done).toISOString()}, lease_until = null, leased_by = null,
          last_run_at = ${done.toISOString()}, last_duration_ms = ${ms}
        where name = ${job.name} and leased_by = ${instanceId}`);
      if (options.log !== false) console.log(`scheduled job ${job.name} ran in ${ms} ms (instance ${instanceId})`);
      ran.push(job.name);
    }
    return ran;
  };
  const tick = () => (ticking ??= tickOnce().finally(() => (ticking = null)));
  return {
    start: async () => {
      const now = deps.clock();
      for (const job of jobs) {
        // A schedule moved earlier takes effect; one moved later waits for the stored run first.
        await deps.db.orm.execute(sql`
          insert into scheduled_jobs (name, next_run_at) values (${job.name}, ${job.next(now).toISOString()})
          on conflict (name) do update set next_run_at = least(scheduled_jobs.next_run_at, excluded.next_run_at)`);
      }
      timer ??= setInterval(() => void tick(), options.tickMs ?? 15_000).unref();
    },
    tick,
    stop: async () => {
      clearInterval(timer);
      await ticking;
    },
  };
}
