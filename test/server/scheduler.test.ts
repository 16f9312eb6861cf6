import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, queryRows, type Db } from '../../server/db/index';
import { createScheduler, dailyAtUtc, everyMinutes, type ScheduledJob } from '../../server/services/scheduler';
import { dbKinds, openTestDb, type TestDb } from './support/db';

describe('schedules', () => {
  it('runs the daily job at the next HH:MM UTC', () => {
    const next = dailyAtUtc('02:00');
    expect(next(new Date('2026-06-15T01:59:59Z')).toISOString()).toBe('2026-06-15T02:00:00.000Z');
    expect(next(new Date('2026-06-15T02:00:00Z')).toISOString()).toBe('2026-06-16T02:00:00.000Z');
    expect(next(new Date('2026-12-31T23:00:00Z')).toISOString()).toBe('2027-01-01T02:00:00.000Z');
  });

  it('runs the hourly job on the hour', () => {
    const next = everyMinutes(60);
    expect(next(new Date('2026-06-15T10:20:00Z')).toISOString()).toBe('2026-06-15T11:00:00.000Z');
    expect(next(new Date('2026-06-15T11:00:00Z')).toISOString()).toBe('2026-06-15T12:00:00.000Z');
  });
});

describe.each(dbKinds)('scheduled jobs with two instances on %s', (kind) => {
  let db: TestDb;
  /** A second connection pool for PostgreSQL: a second instance as far as the database can tell. */
  let other: Db;
  let now = new Date('2026-06-15T01:00:00Z');
  const clock = () => now;
  const runs: string[] = [];
  let failNext = false;

  const jobs: ScheduledJob[] = [
    { name: 'nightly', next: dailyAtUtc('02:00'), leaseMs: 10 * 60_000, run: async () => void runs.push('nightly') },
    {
      name: 'hourly',
      next: everyMinutes(60),
      leaseMs: 10 * 60_000,
      run: async () => {
        if (failNext) {
          failNext = false;
          throw new Error('the instance died halfway');
        }
        runs.push('hourly');
      },
    },
  ];

  /** An instance's scheduler, started. */
  const startScheduler = async (...args: Parameters<typeof createScheduler>) => {
    const scheduler = createScheduler(...args);
    await scheduler.start();
    return scheduler;
  };

  beforeAll(async () => {
    db = await openTestDb(kind);
    other = kind === 'postgres' ? await createDb({ kind: 'postgres', url: await databaseUrl(db), maxConnections: 2 }) : db;
  });
  afterAll(async () => {
    if (other !== db) await other.close();
    await db.dispose();
  });

  it('runs each due job once across instances, and not before it is due', async () => {
    const a = await startScheduler({ db, clock }, jobs, { instanceId: 'a', log: false });
    const b = await startScheduler({ db: other, clock }, jobs, { instanceId: 'b', log: false });
    try {
      expect(await Promise.all([a.tick(), b.tick()])).toEqual([[], []]);
      now = new Date('2026-06-15T02:00:00Z');
      const ran = await Promise.all([a.tick(), b.tick()]);
      expect(ran.flat().sort()).toEqual(['hourly', 'nightly']);
      expect(runs.sort()).toEqual(['hourly', 'nightly']);
      // Both advanced: nothing is due again until the next hour.
      expect((await Promise.all([a.tick(), b.tick()])).flat()).toEqual([]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('lets another instance pick a job up once a crashed run’s lease expires', async () => {
    const a = await startScheduler({ db, clock }, jobs, { instanceId: 'a', log: false });
    const b = await startScheduler({ db: other, clock }, jobs, { instanceId: 'b', log: false });
    try {
      runs.length = 0;
      now = new Date('2026-06-15T03:00:00Z');
      failNext = true;
      expect(await a.tick()).toEqual([]);
      // Still leased to the dead run.
      expect(await b.tick()).toEqual([]);
      now = new Date('2026-06-15T03:11:00Z');
      expect(await b.tick()).toEqual(['hourly']);
      expect(runs).toEqual(['hourly']);
      const [row] = await queryRows<{ next_run_at: Date | string; lease_until: unknown }>(
        db.orm,
        sql`select next_run_at, lease_until from scheduled_jobs where name = 'hourly'`,
      );
      expect(new Date(row!.next_run_at).toISOString()).toBe('2026-06-15T04:00:00.000Z');
      expect(row!.lease_until).toBeNull();
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

async function databaseUrl(db: TestDb): Promise<string> {
  const [row] = await queryRows<{ name: string }>(db.orm, sql`select current_database() as name`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${row!.name}`;
  return url.toString();
}
