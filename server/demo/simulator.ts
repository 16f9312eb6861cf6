import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { queryRows, type Db } from '../db/index';

export interface SimulatorOptions {
  db: Db;
  /** The server's own base URL: activity goes through the real signed-webhook endpoint. */
  url: string;
  webhookSecret: string;
  intervalMs?: number;
}

type Activity = { type: string; data: Record<string, unknown> };

/** What customers do, weighted so that scores visibly move both ways. */
const ACTIVITY: Array<[weight: number, make: (account: string, n: number) => Activity]> = [
  [5, (account, n) => ({ type: 'user.login', data: { account_id: account, user_id: `demo-user-${n % 5}` } })],
  [4, (account, n) => ({ type: 'feature.used', data: { account_id: account, user_id: `demo-user-${n % 5}`, feature: ['reports', 'dashboards', 'exports', 'automations', 'api'][n % 5] } })],
  [2, (account) => ({ type: 'payment.failed', data: { account_id: account, amount: 199 } })],
  [2, (account) => ({ type: 'payment.succeeded', data: { account_id: account, amount: 199 } })],
  [2, (account, n) => ({ type: 'support.ticket.created', data: { account_id: account, ticket_id: `demo-${n}`, subject: 'Something is not working', priority: n % 3 === 0 ? 'urgent' : 'medium', escalated: n % 3 === 0 } })],
  [1, (account, n) => ({ type: 'nps.response', data: { account_id: account, score: n % 2 === 0 ? 2 : 10 } })],
];
const TOTAL_WEIGHT = ACTIVITY.reduce((sum, [weight]) => sum + weight, 0);

/**
 * The demo's live activity: every tick a customer does something, posted as a signed webhook
 * to the server itself, so the demo exercises exactly the path a host's events take.
 */
export async function startActivitySimulator(options: SimulatorOptions): Promise<{ stop(): void }> {
  const signer = new Webhook(options.webhookSecret);
  // Mostly the accounts a CSM is watching (the at-risk list), sometimes anyone.
  const watched = (
    await queryRows<{ id: string }>(
      options.db.orm,
      sql`select a.id from accounts a left join health_scores h on h.account_id = a.id
          where a.churned_at is null order by h.priority = 'critical' desc, h.priority = 'high' desc, a.id limit 40`,
    )
  ).map((r) => r.id);
  let n = 0;
  const tick = async () => {
    n += 1;
    const account = watched[Math.floor(Math.random() * watched.length)];
    if (!account) return;
    let pick = Math.random() * TOTAL_WEIGHT;
    const make = ACTIVITY.find(([weight]) => (pick -= weight) < 0)?.[1] ?? ACTIVITY[0]![1];
    const body = JSON.stringify({ ...make(account, n), timestamp: new Date().toISOString() });
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
  const timer = setInterval(() => void tick(), options.intervalMs ?? 1500);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
