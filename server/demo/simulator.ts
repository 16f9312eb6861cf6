import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { queryRows, type Db } from '../db/index';
import { createRandom, type Random } from '../domain/ml/random';

export interface SimulatorOptions {
  db: Db;
  /** The server's own base URL: activity goes through the real signed-webhook endpoint. */
  url: string;
  webhookSecret: string;
  /** Milliseconds between ticks; 0 starts no timer (the caller ticks, as tests do). */
  intervalMs?: number;
  /** Seeds the choices; by default a new seed each start. */
  seed?: number;
}

export interface ActivitySimulator {
  /** One customer action, posted and answered. */
  tick(): Promise<void>;
  stop(): void;
}

type Activity = { type: string; data: Record<string, unknown> };

interface RecentActivity {
  account_id: string;
  user_id: string | null;
  kind: 'login' | 'feature_use' | 'session';
  feature: string | null;
  duration_seconds: number | null;
}

interface RecentAnswer {
  account_id: string;
  user_id: string | null;
  score: number;
}

interface RecentTicket {
  account_id: string;
  satisfaction_rating: number | null;
  response_time_hours: number | null;
}

/** What the portfolio did lately: the pool the simulator draws its actions from. */
interface Pool {
  activity: RecentActivity[];
  answers: RecentAnswer[];
  tickets: RecentTicket[];
}

/** Ticks before the pool is read again, so it follows what the portfolio does meanwhile. */
const POOL_TICKS = 200;
/** Ticks a simulated ticket stays open before it is resolved. */
const TICKET_OPEN_TICKS = 20;

/**
 * The demo's live activity: every tick a customer does something, posted as a signed webhook to
 * the server itself, so the demo exercises exactly the path a host's events take.
 *
 * It must keep the portfolio where it is, or a demo left open for ten minutes shows every
 * account healthy. So it replays what customers did lately rather than inventing it: a login,
 * feature use or session drawn from the last 30 days of activity (busy accounts stay busy,
 * dormant ones dormant, and nobody picks up a feature they never used), an NPS answer drawn from
 * the last 90 days, a ticket like one of the account's recent ones that is opened and, some ticks
 * later, resolved with the rating and response time that ticket had.
 */
export async function startActivitySimulator(options: SimulatorOptions): Promise<ActivitySimulator> {
  const signer = new Webhook(options.webhookSecret);
  const random = createRandom(options.seed ?? Date.now() % 2 ** 31);
  let pool = await readPool(options.db);
  const resolving: Array<{ at: number; activity: Activity }> = [];
  let n = 0;

  const post = async (activity: Activity) => {
    const body = JSON.stringify({ ...activity, timestamp: new Date().toISOString() });
    const id = `demo_${randomUUID()}`;
    const now = new Date();
    await fetch(`${options.url}/api/webhooks/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(id, now, body),
      },
      body,
    }).catch(() => {});
  };

  const tick = async () => {
    n += 1;
    if (n % POOL_TICKS === 0) pool = await readPool(options.db);
    const due = resolving[0];
    if (due && due.at <= n) {
      resolving.shift();
      return post(due.activity);
    }
    const action = nextAction(pool, random, n);
    if (!action) return;
    if (action.then) resolving.push({ at: n + TICKET_OPEN_TICKS, activity: action.then });
    return post(action.now);
  };

  const timer = options.intervalMs === 0 ? null : setInterval(() => void tick(), options.intervalMs ?? 1500);
  timer?.unref();
  return { tick, stop: () => timer && clearInterval(timer) };
}

/** The last 30 days of activity and 90 days of NPS answers and rated tickets of live accounts. */
async function readPool(db: Db): Promise<Pool> {
  const now = new Date().toISOString();
  const live = sql`(select id from accounts where churned_at is null)`;
  const [activity, answers, tickets] = await Promise.all([
    queryRows<RecentActivity>(
      db.orm,
      sql`select account_id, user_id, kind, feature, duration_seconds from activity_events
          where occurred_at > ${now}::timestamptz - interval '30 days' and account_id in ${live}
          order by id desc limit 20000`,
    ),
    queryRows<RecentAnswer>(
      db.orm,
      sql`select account_id, user_id, score from nps_responses
          where responded_at > ${now}::timestamptz - interval '90 days' and account_id in ${live}`,
    ),
    queryRows<RecentTicket>(
      db.orm,
      sql`select account_id, satisfaction_rating, response_time_hours from support_interactions
          where created_at > ${now}::timestamptz - interval '90 days' and status in ('resolved', 'closed')
            and account_id in ${live}`,
    ),
  ]);
  return { activity, answers, tickets };
}

/**
 * One action drawn from the pool: nine in ten a replayed activity, the rest split between an NPS
 * answer and a ticket (with its resolution to post later). Null when the pool is empty.
 */
export function nextAction(pool: Pool, random: Random, n: number): { now: Activity; then?: Activity } | null {
  const roll = random.next();
  if (roll < 0.05 && pool.answers.length > 0) {
    const answer = pool.answers[random.int(pool.answers.length)]!;
    return { now: { type: 'nps.response', data: { account_id: answer.account_id, ...(answer.user_id ? { user_id: answer.user_id } : {}), score: answer.score } } };
  }
  if (roll < 0.1 && pool.tickets.length > 0) {
    const ticket = pool.tickets[random.int(pool.tickets.length)]!;
    const ticketId = `demo-${n}-${random.int(1_000_000)}`;
    return {
      now: { type: 'support.ticket.created', data: { account_id: ticket.account_id, ticket_id: ticketId, subject: 'Question from the live demo', priority: 'medium' } },
      then: {
        type: 'support.ticket.updated',
        data: {
          account_id: ticket.account_id,
          ticket_id: ticketId,
          status: 'resolved',
          satisfaction_rating: ticket.satisfaction_rating,
          response_time_hours: ticket.response_time_hours,
        },
      },
    };
  }
  if (pool.activity.length === 0) return null;
  const done = pool.activity[random.int(pool.activity.length)]!;
  const user = done.user_id ? { user_id: done.user_id } : {};
  if (done.kind === 'feature_use' && done.feature) return { now: { type: 'feature.used', data: { account_id: done.account_id, ...user, feature: done.feature } } };
  if (done.kind === 'session') {
    return { now: { type: 'session.ended', data: { account_id: done.account_id, ...user, duration_seconds: done.duration_seconds ?? 600 } } };
  }
  if (!done.user_id) return null;
  return { now: { type: 'user.login', data: { account_id: done.account_id, user_id: done.user_id } } };
}
